#ifndef OPTIONS_H
#define OPTIONS_H

/*
 * One option table drives parsing, --help and shell completion (curl's
 * model), so the three can never drift apart.
 *
 * A command's flags are a list of tables (its own, shared groups such as
 * the output flags, and the kubectl global flags), each ending with an entry
 * whose name is NULL. Syntax follows kubectl (pflag): --name=value,
 * --name value, -n value, -nvalue, -n=value, boolean --flag or
 * --flag=true|false, "--" ends the flags, flags and arguments may mix.
 *
 * Ownership: struct cli is the caller's (usually on main's stack); option
 * values and arguments borrow argv's strings; the arrays that hold lists
 * and arguments are owned by cli and freed by cli_release().
 *
 * This module is part of the front ends' start-up path: it must never pull
 * in libcurl, libjq, libyaml or OpenSSL.
 */

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

enum opt_type {
	OPT_BOOL,
	OPT_STRING,
	OPT_LIST,	/* repeatable; a comma-free string per use */
	OPT_INT,
};

#define OPT_GLOBAL	0x01	/* kubectl global flag: listed under "Global Flags" */
#define OPT_HIDDEN	0x02	/* parsed, not shown in help or completion */
#define OPT_OPTARG	0x04	/* value optional: a bare flag means ->noarg */
#define OPT_FILE	0x08	/* value names a file: completion offers files */
#define OPT_DIR		0x10	/* value names a directory */
#define OPT_DURATION	0x20	/* a duration (whole seconds or Go's 1m30s), not negative */

/*
 * What a flag's value or a positional argument names, for completion.
 * COMPK_AUTO (0, what a table row that says nothing gets) derives it from
 * the flag: OPT_FILE/OPT_DIR, choices, booleans, else from the flag's name
 * (--context, --namespace, --istio, --revision, --tag, --version,
 * --profile, -o ...; see complete.c), so a new command's flags complete
 * without further work. A row sets it only to say otherwise.
 */
enum comp_kind {
	COMPK_AUTO,
	COMPK_NONE,		/* free text: no candidates, no files */
	COMPK_FILES,
	COMPK_DIRS,
	COMPK_OUTPUT,		/* -o formats */
	COMPK_PROFILES,		/* Istio profiles */
	/* answered by the engine, from the kubeconfig or the catalogue */
	COMPK_CONTEXTS,
	COMPK_CLUSTERS,
	COMPK_USERS,
	COMPK_VERSIONS,
	/* answered by the engine, from the cluster (short timeout) */
	COMPK_NAMESPACES,
	COMPK_ISTIOS,
	COMPK_REVISIONS,
	COMPK_TAGS,
	COMPK_CNIS,
};
#define COMPK_FIRST_ENGINE COMPK_CONTEXTS
#define COMPK_FIRST_CLUSTER COMPK_NAMESPACES

struct opt {
	int id;			/* index into struct cli's values, 1..OPT_MAX-1 */
	const char *name;	/* long name without dashes */
	char shortname;		/* 0 when none */
	enum opt_type type;
	const char *arg;	/* placeholder in help: "NAME", "DURATION" */
	const char *def;	/* default text (help) and value when unset */
	const char *noarg;	/* with OPT_OPTARG: value of the bare flag */
	const char *const *choices;	/* NULL-terminated allowed values */
	unsigned flags;
	const char *help;
	enum comp_kind comp;	/* usually left out (COMPK_AUTO) */
};

#define OPT_MAX 160

struct optval {
	bool set;
	const char *str;	/* last value given (borrowed from argv) */
	const char **list;	/* OPT_LIST: all values, NULL-terminated */
	size_t nr;
	long num;
};

struct command;

struct cli {
	const struct command *cmd;
	const struct opt *const *tables;
	struct optval v[OPT_MAX];
	const char **args;	/* positional arguments, NULL-terminated */
	size_t nargs;
	const char *progname;
};

void cli_init(struct cli *cli, const struct command *cmd,
	      const struct opt *const *tables);
/* Parse argv (without the program name). 0, or -1 with one line in err. */
int cli_parse(struct cli *cli, int argc, const char **argv,
	      struct strbuf *err);
void cli_release(struct cli *cli);

/* Look a flag up by long name (with or without dashes) or short letter. */
const struct opt *opt_find(const struct opt *const *tables, const char *name);
const struct opt *opt_find_short(const struct opt *const *tables, char c);
const struct opt *opt_by_id(const struct opt *const *tables, int id);

/* Values: the flag's value, else its default, else NULL/false/0. */
bool cli_set(const struct cli *cli, int id);
const char *cli_str(const struct cli *cli, int id);
bool cli_bool(const struct cli *cli, int id);
long cli_int(const struct cli *cli, int id);
const char *const *cli_list(const struct cli *cli, int id);

/* The placeholder of a flag's value in help: its arg, else "string",
 * "strings" or "int"; NULL for booleans without arg. */
const char *opt_arg_name(const struct opt *o);

/* Help text for a table set: "Flags:" and "Global Flags:" sections. */
void opt_help(const struct opt *const *tables, struct strbuf *out);

/* Is this flag shown in help, man pages and completion? (not hidden, and
 * not shadowed by an earlier table's flag of the same name) */
bool opt_shown(const struct opt *const *tables, const struct opt *o);

#endif
