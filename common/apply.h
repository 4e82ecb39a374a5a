#ifndef APPLY_H
#define APPLY_H

/*
 * Apply a list of documents the way `kubectl apply --server-side -f`
 * does: in order, each with server-side apply (field manager kubectl-sail),
 * printing one kubectl-style line per object as it lands
 * ("namespace/istio-system serverside-applied",
 *  "istio.sailoperator.io/default serverside-applied (server dry run)"),
 * or, with -o json|yaml|name|jsonpath, what the server returned once all
 * are applied. Stops at the first failure.
 *
 * Also the input side: apply_clean() strips what a server wrote into an
 * object (status, managedFields, resourceVersion...) so that the output of
 * `kubectl get -o yaml` can be applied again.
 *
 * For one object the plugins build themselves: apply_one() applies it and
 * prints the answer, apply_label() merge-patches labels and prints the
 * answer as `kubectl label` does.
 *
 * Ownership: docs and objects are borrowed; *applied (may be NULL) gets a
 * new array of the server's answers (the caller releases it).
 */

#include <stdbool.h>
#include <stdio.h>
#include "value.h"

struct api;
struct api_apply_opts;
struct output;
struct rest_mapping;
struct strbuf;

struct apply_opts {
	bool force;		/* --force-conflicts */
	bool dry_run;		/* --dry-run=server: dryRun=All */
	const char *ns;		/* namespace for namespaced objects without one */
};

/*
 * 0 when every document was applied; -1 with err holding kubectl's text
 * for the failure (api_error_render_apply, may span lines). Lines go to f
 * as objects are applied (default -o); other formats print at the end.
 */
int apply_docs(struct api *a, struct val docs, const struct apply_opts *o,
	       struct output *out, FILE *f, struct val *applied,
	       struct strbuf *err);

/*
 * Server-side apply of obj (mapping m; ns for a namespaced object that
 * names none) with ao, then the server's answer printed to f as out says,
 * with the verb "serverside-applied" and "(server dry run)" when
 * ao->dry_run. 0, or -1 with err holding kubectl's text for the failure
 * (nothing printed). obj is borrowed; out->verb and out->dry_run are set.
 */
int apply_one(struct api *a, const struct rest_mapping *m, const char *ns,
	      struct val obj, const struct api_apply_opts *ao,
	      struct output *out, FILE *f, struct strbuf *err);

/*
 * Merge-patch metadata.labels of the object name (in ns when namespaced)
 * with labels (a null value removes that label), dryRun=All with dry_run,
 * then the answer printed to f as out says, with the verb "labeled". 0, or
 * -1 with err holding the server's error. labels is borrowed; out->verb and
 * out->dry_run are set.
 */
int apply_label(struct api *a, const struct rest_mapping *m, const char *ns,
		const char *name, struct val labels, bool dry_run,
		struct output *out, FILE *f, struct strbuf *err);

/*
 * Print objects (an array) for a non-line -o: yaml gives one document per
 * object separated by "---" lines (a stream kubectl apply -f reads back),
 * every other format what output_print gives for the array.
 */
int apply_print(struct output *out, struct val objects, FILE *f,
		struct strbuf *err);

/* Remove server-owned fields: status, metadata.{resourceVersion, uid,
 * generation, creationTimestamp, managedFields, selfLink,
 * deletionTimestamp, deletionGracePeriodSeconds}, and kubectl's
 * last-applied-configuration annotation (an emptied annotations object
 * goes too). */
void apply_clean(struct val *obj);

/* Flatten an array of documents: every kind: List (or *List with items)
 * is replaced by its items. Returns a new array. */
struct val apply_flatten(struct val docs);

#endif
