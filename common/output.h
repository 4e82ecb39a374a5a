#ifndef OUTPUT_H
#define OUTPUT_H

/*
 * The -o/--output machinery every plugin shares. One job: turn the objects
 * a command produced into the text kubectl would print for the same -o.
 *
 * Formats (kubectl's names; a documented subset of cli-runtime's):
 *   (none)          OUTPUT_DEFAULT: the command's own view. output_print
 *                   writes one "KIND[.GROUP]/NAME VERB" line per object,
 *                   e.g. "istio.sailoperator.io/default created (dry run)",
 *                   as kubectl create/apply/delete do; table commands
 *                   print their table instead (table.h) and never call it.
 *   wide            OUTPUT_WIDE: the table with extra columns; the
 *                   caller's, like DEFAULT (output_print treats it so).
 *   name            "KIND[.GROUP]/NAME" per object, no verb, as -o name:
 *                   namespace/istio-system, istio.sailoperator.io/default.
 *   json            kubectl -o json: indented by 4, keys sorted, Go's
 *                   escaping (\u003c) and numbers, a final newline.
 *   yaml            kubectl -o yaml via yaml_emit, keys sorted.
 *   jsonpath=TMPL   kubectl's JSONPath (jsonpath.h), missing keys allowed,
 *                   no newline added (as kubectl).
 * Anything else: unable to match a printer suitable for the output format
 * "x", allowed formats are: json,jsonpath,name,wide,yaml
 *
 * Shape, as kubectl get: one object prints as itself; several (or none, or
 * any number when the caller sets .list, as for a query by selector) are
 * wrapped in {"apiVersion":"v1","items":[...],"kind":"List",
 * "metadata":{"resourceVersion":""}} for json, yaml and jsonpath; name
 * prints every object. metadata.managedFields is removed unless
 * .show_managed_fields. Keys are sorted because kubectl prints API objects
 * through unstructured maps, which sort.
 *
 * --jq EXPR (ours, not kubectl's): EXPR runs on the document -o json would
 * print (the object or the List) and each result is printed the way
 * `kubectl ... -o json | jq -r EXPR` prints it: strings raw, anything else
 * as JSON indented by 2, one per line. With -o yaml instead, non-string
 * results are YAML documents separated by "---". --jq alone implies json;
 * with name, wide or jsonpath it is an error.
 *
 * Usage:
 *   struct output o;
 *   if (output_parse(opt_output, opt_jq, &o, &err)) die("%s", err.buf);
 *   o.verb = "created"; o.dry_run = OUTPUT_DRY_RUN_CLIENT;
 *   if (output_print(&o, objects, stdout, &err)) ...
 *   output_release(&o);
 *
 * objects is borrowed: an array of objects, or a single object (which is
 * the same as an array of one). Errors are one line in err.
 */

#include <stdbool.h>
#include <stdio.h>
#include "value.h"

struct strbuf;
struct jsonpath;
struct jqprog;

enum output_format {
	OUTPUT_DEFAULT,
	OUTPUT_WIDE,
	OUTPUT_NAME,
	OUTPUT_JSON,
	OUTPUT_YAML,
	OUTPUT_JSONPATH,
};

enum output_dry_run {
	OUTPUT_DRY_RUN_NONE,
	OUTPUT_DRY_RUN_CLIENT,		/* " (dry run)" */
	OUTPUT_DRY_RUN_SERVER,		/* " (server dry run)" */
};

struct output {
	enum output_format format;
	struct jsonpath *jsonpath;	/* OUTPUT_JSONPATH */
	struct jqprog *jq;		/* --jq */

	/* For the caller to set after output_parse: */
	const char *verb;		/* "created", "configured", "unchanged",
					 * "serverside-applied", "deleted"... */
	enum output_dry_run dry_run;
	bool show_managed_fields;
	bool list;			/* wrap even a single object in a List */
};

int output_parse(const char *spec, const char *jq_expr, struct output *out,
		 struct strbuf *err);

/* Append the text to out (nothing on error). */
int output_render(struct output *o, struct val objects, struct strbuf *out,
		  struct strbuf *err);
/* The same, written to f (an error names a failed write). */
int output_print(struct output *o, struct val objects, FILE *f,
		 struct strbuf *err);

void output_release(struct output *o);

/* "kind[.group]/name" of one object ("<unknown>" when it has no name); -1
 * when it has no kind. */
int output_object_name(struct val obj, struct strbuf *out, struct strbuf *err);

#endif
