#ifndef OPERATOR_H
#define OPERATOR_H

/*
 * The Sail Operator itself (spec operator-install.md): the versions this
 * build installs (templates/operator-versions.yaml), its objects and CRDs,
 * what a cluster already runs, and the rules between them. Shared by
 * install, upgrade and uninstall operator.
 *
 * Ownership: the catalogue is parsed once per process and kept (static;
 * never freed by callers). struct val results and char * results are the
 * caller's; struct operator_found is the caller's
 * (operator_found_release).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "value.h"

struct strbuf;
struct api;

/* ---- the catalogue (catalogue.c) */

struct operator_release {
	char *version;		/* "1.31.0" */
	char *image;		/* the image the chart names */
	char *kubernetes;	/* the oldest Kubernetes supported, "1.27" */
	char *olm_package, *olm_channel, *olm_csv;
	struct val images;	/* pod annotations "images.v1_30_3.istiod" -> image */
};

/* The releases, newest (the default) first; *nr their number. */
const struct operator_release *operator_releases(size_t *nr);

/* The release of version (NULL: the default; a leading "v" is accepted):
 * 0 and *out, or -1 with one line in err naming the versions embedded. */
int operator_release_find(const char *version, const struct operator_release **out,
			  struct strbuf *err);

/* An operator version: "1.31.0", "1.31-latest" (patch -1: a branch build,
 * equal to every patch of its minor), "1.31-nightly-2026-08-01". */
struct operator_version {
	int major, minor, patch;
};

/* 0 and *v, or -1 when s is none of the forms above ("v" allowed). */
int operator_parse_version(const char *s, struct operator_version *v);
/* The version an image's tag names; -1 for a digest or another tag. */
int operator_image_version(const char *image, struct operator_version *v);
/* <0, 0, >0 as a is older, the same, newer than b. */
int operator_version_cmp(const struct operator_version *a, const struct operator_version *b);
/* An image must name a tag or a digest: 0, or -1 with err. */
int operator_check_image(const char *image, struct strbuf *err);

/* ---- objects (render.c) */

/* Namespace, ServiceAccount, RBAC, Service and Deployment of release r in
 * ns with image (NULL: the release's), in apply order: a new array in
 * *docs, or -1 with err. */
int operator_render(const struct operator_release *r, const char *ns, const char *image,
		    struct val *docs, struct strbuf *err);

/* The embedded CRDs (Sail API first, then Istio API), parsed: a new array
 * in *crds, or -1 with err. */
int operator_crds(struct val *crds, struct strbuf *err);

/* Is this CRD one of the Sail API's (group sailoperator.io)? */
bool operator_crd_is_sail(struct val crd);

/* ---- CRD versions (crd.c) */

enum crd_age {
	CRD_ABSENT,	/* not in the cluster */
	CRD_SAME,	/* accepts the same Istio versions */
	CRD_DIFFERENT,	/* same newest Istio version, another list */
	CRD_OLDER,	/* the cluster's accepts an older newest version */
	CRD_NEWER,	/* the cluster's accepts a newer one */
};

/* The newest Istio version a Sail CRD's spec.version enum accepts
 * ("v1.32.0-alpha.527f8d6c"), aliases left out: a new string, or NULL
 * when the CRD has no such enum. */
char *operator_crd_newest_istio(struct val crd);

/* How the cluster's copy of a CRD compares to ours (both borrowed;
 * cluster absent: CRD_ABSENT). CRDs without a version enum compare by
 * content alone: CRD_SAME or CRD_DIFFERENT. */
enum crd_age operator_crd_age(struct val cluster, struct val ours);

/* Keep, in *ours, every version the cluster's copy still stores
 * (status.storedVersions) that ours no longer has (as the cluster defines
 * it, storage false), so that the update never drops stored objects.
 * Appends one line per version kept to notes; returns their number. */
size_t operator_crd_keep_stored(struct val *ours, struct val cluster, struct strbuf *notes);

/* ---- what the cluster runs (detect.c) */

struct operator_found {
	char *ns;		/* where the Sail Operator's Deployment is; NULL: none */
	char *image;
	char *tag_version;	/* the image's tag as a version text, or NULL */
	struct operator_version version;
	bool version_known;
	char *csv;		/* OLM: the owning ClusterServiceVersion, else NULL */
	char *foreign_ns;	/* a namespace with a Deployment "sail-operator"
				 * that is not the Sail Operator's, or NULL */
	char *newest_istio;	/* from its images.* pod annotations, or NULL */
	struct val deployment;	/* the Deployment (absent: none) */
};

/* Look for the operator's Deployment ("sail-operator") in every
 * namespace; in_ns (may be NULL) is the namespace asked for (a foreign
 * Deployment only counts there). 0, or -1 with err. */
int operator_find(struct api *a, const char *in_ns, struct operator_found *f,
		  struct strbuf *err);
void operator_found_release(struct operator_found *f);

/* The newest Istio version among images.* annotation keys of an object
 * (pod annotations or the catalogue's map): a new string, or NULL. */
char *operator_images_newest(struct val annotations);

/* The OLM CRDs this build needs that the cluster lacks, comma-separated
 * into missing (empty: OLM is there). 0, or -1 with err. */
int operator_olm_missing(struct api *a, struct strbuf *missing, struct strbuf *err);

/* Istio version order ("v1.30.3" < "v1.31.0-beta.1" < "v1.31.0"); aliases
 * and unparsable names sort first. */
int operator_istio_cmp(const char *a, const char *b);

/* ---- applying (apply.c) */

struct output;

struct operator_apply_opts {
	bool force;		/* --force-conflicts: every document */
	bool force_crds;	/* the CRDs only (an update of older ones) */
	bool dry_run;		/* --dry-run=server */
};

/* Server-side apply docs in order (stopping at the first failure), with
 * kubectl's lines on f (default -o) or the answers at the end (other -o).
 * *applied: a new array of the answers. 0, or -1 with err. */
int operator_apply(struct api *a, struct val docs, const struct operator_apply_opts *o,
		   struct output *out, FILE *f, struct val *applied, struct strbuf *err);

/* ---- plain manifests (manifests.c) */

struct operator_install_req {
	const struct operator_release *rel;
	const char *ns;
	const char *image;	/* NULL: the release's */
	bool allow_downgrade;	/* a newer operator or newer Sail CRDs */
	bool force;		/* --force-conflicts */
	bool dry_server;
	bool wait;
	long timeout_ms;
	const char *why;	/* why this path, for the line that names it */
};

/* Print everything (--dry-run=client; no server). Dies on errors. */
void operator_print_manifests(const struct operator_install_req *in, struct output *o);

/* Check against what runs (found: operator_find's answer), then apply
 * the CRDs and objects, and wait with in->wait. Dies with one line on a
 * refusal, with kubectl's text on an API error. */
void operator_install_manifests(struct api *a, const struct operator_install_req *in,
				const struct operator_found *found, struct output *o);

/* ---- waiting (wait.c) */

/* Wait (timeout_ms) until every CRD in crds is Established and the
 * Deployment ns/name has rolled out (kubectl rollout status's rule),
 * printing kubectl wait's lines on out. -1 with err on a timeout (naming
 * the Deployment's conditions) or an API error. */
int operator_wait(struct api *a, struct val crds, const char *ns, const char *name,
		  long timeout_ms, FILE *out, struct strbuf *err);

#endif
