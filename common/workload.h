#ifndef WORKLOAD_H
#define WORKLOAD_H

/*
 * The shared definitions of status and upgrade, as pure functions over pod
 * and namespace objects (metadata-only ones will do, except where a
 * function needs the pod spec) and the injector ConfigMap's values:
 *
 *   meshed    a pod with the annotation sidecar.istio.io/status (labels
 *             never decide). Its injected revision is its istio.io/rev
 *             annotation, its proxy image the image of its istio-proxy
 *             container (a native sidecar among initContainers counts).
 *   resolves  a namespace names what meshref_ns_ref says (spec §8.1); a pod
 *             in a namespace that names nothing, what its labels name. A
 *             name that is a tag resolves to the tag's revision.
 *   stale     a meshed pod whose injected revision differs from what it
 *             resolves to now (or which resolves to nothing any more), or
 *             whose proxy image differs from the image its revision's
 *             injector injects now (an InPlace upgrade keeps the name).
 *
 * Ownership: every struct val argument is borrowed; returned C strings are
 * borrowed from the arguments (value.h's rules) unless a comment says the
 * caller frees them.
 */

#include <stdbool.h>
#include "value.h"

struct strbuf;

#define WORKLOAD_ANN_STATUS "sidecar.istio.io/status"
#define WORKLOAD_PROXY "istio-proxy"

/* Has the pod (its metadata.annotations) an injected sidecar? */
bool workload_meshed(struct val annotations);

/* The image of the pod's istio-proxy container, or NULL (metadata-only
 * pods have no spec). */
const char *workload_proxy_image(struct val pod);

/*
 * What a pod should run now, before tags: its namespace's referenced name
 * when the namespace names one, else its labels' (meshref rules), else
 * NULL.
 */
const char *workload_pod_ref(struct val ns_labels, struct val pod_labels);

/*
 * name through the tags: tags maps tag name -> revision name (an object
 * of strings). The tag's revision when name is a tag with one, else name.
 * NULL stays NULL.
 */
const char *workload_resolve(struct val tags, const char *name);

/*
 * The proxy image an injector injects, from the `values` key of its
 * istio-sidecar-injector[-REV] ConfigMap (JSON text): global.proxy.image
 * as is when it holds a '/', else HUB/IMAGE:TAG[-VARIANT] from
 * global.hub, global.proxy.image (default "proxyv2"), global.tag and
 * global.variant. NULL (nothing to free) when the values do not parse or
 * lack hub or tag; else the caller frees.
 */
char *workload_injector_image(const char *values_json);

/*
 * Does an injector giving image (workload_injector_image; NULL: none)
 * inject the proxy of IstioRevision rev as its spec stands? The image
 * must be the revision's spec.values.global.proxy.image when that is a
 * full reference (the operator's image list), else carry the tag the
 * chart renders: spec.values.global.tag, or spec.version without its "v"
 * (a "-VARIANT" suffix allowed).
 */
bool workload_injector_serves(const char *image, struct val rev);

/* The injector ConfigMap's name for a revision: istio-sidecar-injector,
 * plus "-REV" unless the revision is "default". Appended to out. */
void workload_injector_name(const char *revision, struct strbuf *out);

enum workload_stale {
	WORKLOAD_CURRENT,	/* not stale (or not meshed) */
	WORKLOAD_STALE_REVISION,	/* injected by another revision */
	WORKLOAD_STALE_UNREFERENCED,	/* nothing references a revision now */
	WORKLOAD_STALE_IMAGE,	/* same revision, another proxy image */
};

/*
 * Is a meshed pod stale? injected: its istio.io/rev annotation (NULL:
 * unknown, never stale by revision); want: what it resolves to now (after
 * workload_resolve; NULL: nothing); image / want_image: its proxy image
 * and the one want's injector injects now (either NULL: not compared).
 */
enum workload_stale workload_staleness(const char *injected, const char *want,
				       const char *image, const char *want_image);

/* "revision" / "unreferenced" / "image" / "" for WORKLOAD_CURRENT. */
const char *workload_stale_name(enum workload_stale s);

/*
 * Does a namespace's labels object match a list of Kubernetes label
 * selectors (matchLabels, matchExpressions with In, NotIn, Exists,
 * DoesNotExist)? As Istio's discoverySelectors: any one matching is
 * enough; an absent or empty list matches everything. An unknown
 * operator never matches.
 */
bool workload_selectors_match(struct val selectors, struct val labels);

/* One selector: its matchLabels and matchExpressions all hold (an empty
 * selector selects everything). */
bool workload_selector_matches(struct val selector, struct val labels);

#endif
