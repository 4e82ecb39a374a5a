#ifndef COMPLETE_H
#define COMPLETE_H

/*
 * Shell completion in kubectl's plugin protocol, which is cobra's hidden
 * __complete command: the words after the plugin name, the last one being
 * the word under the cursor ("" for a new one), are answered on stdout
 * with one "candidate<TAB>description" line each and a last line
 * ":DIRECTIVE" (cobra's ShellCompDirective bits below).
 *
 * Flags, subcommand words and fixed values come from the option tables
 * (front end only, no engine, no network). Kubeconfig names, the version
 * catalogue and cluster objects are asked of the engine through lookup,
 * which the caller bounds in time: a slow or unreachable cluster gives no
 * candidates, never a hang.
 *
 * Ownership: everything is borrowed; out is the caller's.
 */

#include "options.h"

struct command;
struct strbuf;

/* Cobra's completion directives. */
#define COMP_DEFAULT 0
#define COMP_ERROR 1
#define COMP_NOSPACE 2
#define COMP_NOFILE 4
#define COMP_FILTER_DIRS 16
#define COMP_KEEP_ORDER 32

/*
 * Candidates of an engine kind (COMPK_FIRST_ENGINE and up) starting with
 * partial, as "value\tdescription\n" lines into out; cli holds the global
 * flags typed so far. Returns extra directive bits (COMP_KEEP_ORDER).
 */
typedef int complete_lookup_fn(struct cli *cli, enum comp_kind kind,
			       const char *partial, struct strbuf *out);

/*
 * Answer for cmd (NULL: the kubectl-sail dispatcher, which completes the
 * command names and then delegates). with_desc false drops descriptions
 * (__completeNoDesc).
 */
void complete_words(const struct command *cmd, int nwords, const char **words,
		    bool with_desc, complete_lookup_fn *lookup,
		    struct strbuf *out);

/* The kind a flag's value completes as (COMPK_AUTO resolved). */
enum comp_kind complete_kind(const struct opt *o);

#endif
