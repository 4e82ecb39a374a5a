#ifndef MESHREF_H
#define MESHREF_H

/*
 * Which namespaces and pods reference a revision or a tag, computed on the
 * client with the Sail Operator's own rules (spec §8.1-§8.3), and the name
 * of an Istio's active revision (§5). Shared by tag, status and upgrade.
 *
 *   Namespace -> name: istio-injection=enabled means "default" (and wins);
 *     otherwise the istio.io/rev label (NULL when absent or empty).
 *   Pod labels -> name: nothing when sidecar.istio.io/inject is "false";
 *     else a non-empty istio.io/rev label; else "default" when
 *     sidecar.istio.io/inject is "true"; else nothing.
 *   Pod annotation istio.io/rev: the revision that injected it (revisions
 *     only; a tag never appears there).
 *   Succeeded pods never count.
 *
 * A revision is referenced by a namespace naming it, by a pod whose
 * annotation names it, or by a pod whose labels name it in a namespace
 * that references nothing. A tag likewise, without the annotation rule.
 * (Tags pinning revisions and enableNamespacesByDefault are the caller's.)
 *
 * Ownership: struct meshref is the caller's (stack); meshref_load fills it
 * with owned arrays that meshref_release frees. Returned struct val arrays
 * are the caller's (val_release). Borrowed C strings follow value.h.
 */

#include <stdbool.h>
#include "value.h"

struct api;
struct api_error;
struct strbuf;

#define MESHREF_LABEL_REV "istio.io/rev"
#define MESHREF_LABEL_INJECTION "istio-injection"
#define MESHREF_LABEL_INJECT "sidecar.istio.io/inject"

struct meshref {
	struct val namespaces;	/* Namespace objects */
	struct val pods;	/* Pod objects not Succeeded (absent: not loaded) */
};

/* The name a namespace's labels reference, or NULL. */
const char *meshref_ns_ref(struct val ns_labels);
/* The name a pod's labels reference, or NULL. */
const char *meshref_pod_label_ref(struct val pod_labels);
/* The revision in a pod's istio.io/rev annotation, or NULL. */
const char *meshref_pod_injected(struct val pod_annotations);

/* Build from arrays (borrowed, copied): for tests and callers that
 * already listed them. pods may be absent. */
void meshref_init(struct meshref *m, struct val namespaces, struct val pods);
/* List every Namespace and, with pods, every Pod not Succeeded.
 * 0, or -1 with err (m then holds nothing to release). */
int meshref_load(struct api *a, struct meshref *m, bool pods,
		 struct api_error *err);
void meshref_release(struct meshref *m);

#define MESHREF_TAG 0
#define MESHREF_REVISION 1
/* Names of the namespaces referencing name, sorted (array of strings). */
struct val meshref_namespaces(const struct meshref *m, const char *name);
/* "NAMESPACE/POD" of the pods referencing name, sorted; what is
 * MESHREF_TAG or MESHREF_REVISION (which adds the annotation rule). */
struct val meshref_pods(const struct meshref *m, const char *name, int what);

/* Join an array of strings with sep into out. */
void meshref_join(struct val names, const char *sep, struct strbuf *out);

/*
 * An Istio's active revision: status.activeRevisionName when set, else
 * the name §5 gives (metadata.name for InPlace, NAME-VERSION with every
 * '.' made '-' for RevisionBased). NULL when the Istio has no name.
 * The caller frees the result.
 */
char *meshref_active_revision(struct val istio);

#endif
