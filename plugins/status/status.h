#ifndef STATUS_H
#define STATUS_H

/*
 * kubectl sail status, split by job:
 *   collect.c   one context: reads the server, builds the document
 *   workloads.c namespaces and pods, page by page, into per-namespace and
 *               per-name counters (never the whole list in memory)
 *   verdict.c   pure: the one-sentence verdict of an Istio, IstioCNI or
 *               ZTunnel, and the --check decision
 *   render.c    pure: the text view of one or more contexts' documents
 *   watch.c     --watch: watch streams in child processes, redraw on change
 *   status.c    the command: flags, contexts in parallel, output
 *
 * Ownership: struct status_result is the caller's; status_result_release
 * frees its members. Every struct val argument is borrowed.
 */

#include <stdbool.h>
#include <time.h>
#include "value.h"

struct api;
struct api_error;
struct cli;
struct strbuf;

#define STATUS_FIRST_FEW 5	/* pods named per revision, tag or namespace */

struct status_opts {
	const char *istio;	/* only this Istio (NULL: all) */
	bool tables;		/* fetch the server's Tables (text view) */
};

struct status_result {
	char *context;
	struct val doc;		/* the documented shape (docs/status.md) */
	struct val tables;	/* kind -> server Table (text view only) */
	char *error;		/* set when the context could not be read */
};

void status_result_release(struct status_result *r);

/* Read one context into r (r->context is set by the caller). 0, or -1
 * with r->error set. */
int status_collect(struct api *a, const struct status_opts *o,
		   struct status_result *r);

/* ---- workloads.c ---- */

struct status_ns;
struct status_ref;

struct status_workloads {
	/* inputs, borrowed */
	struct val tags;	/* tag name -> revision name */
	struct val images;	/* revision name -> injector proxy image */
	struct val istios;	/* for discoverySelectors */
	/* results */
	struct status_ns *ns;
	size_t nr_ns, alloc_ns;
	struct status_ref *refs;
	size_t nr_refs, alloc_refs;
};

/* List namespaces and pods (metadata only, paged), then full pods of the
 * namespaces whose image staleness can be decided. 0, or -1 with e. */
int status_workloads_load(struct api *a, struct status_workloads *w,
			  struct api_error *e);
/* Who references name: {namespaces[], pods, podNames[]}; as a revision
 * (annotation or labels) or as a tag (labels only). */
struct val status_workloads_refs(const struct status_workloads *w,
				 const char *name, bool as_revision);
/* The namespaces[] entries of the document; keep(ctx, revision) filters
 * by resolved or injected revision (NULL keeps every namespace that
 * references something or has meshed pods). */
struct val status_workloads_namespaces(const struct status_workloads *w,
				       bool (*keep)(void *, const char *),
				       void *ctx);
void status_workloads_release(struct status_workloads *w);

/* ---- verdict.c ---- */

/*
 * The verdict of an Istio (kind "Istio": Reconciled, Ready,
 * DependenciesHealthy), IstioCNI or ZTunnel (Reconciled, Ready): "Healthy"
 * (and true), or one sentence saying what is wrong (and false): no
 * status or a lagging status.observedGeneration (the operator may not be
 * running), else the first condition that is not True with its reason and
 * message, else a state other than Healthy.
 */
bool status_verdict(struct val obj, const char *kind, struct strbuf *out);

/* --check: every Istio, the cni and ztunnel (when not null) healthy, no
 * namespace with stale pods. */
bool status_check(struct val doc);

/* ---- ambient.c ---- */

/*
 * The document's "ambient" member (docs/status.md): null when the cluster
 * shows no ambient mesh (no ambient namespace, waypoint or ztunnel
 * DaemonSet), else {namespaces[], waypoints[], ztunnelPods}. ztunnels: the
 * ZTunnel objects; images: revision -> injector proxy image. 0, or -1
 * with e (a missing Gateway API or Forbidden read only leaves a part out).
 */
int status_ambient_collect(struct api *a, struct val ztunnels, struct val images,
			   struct val *out, struct api_error *e);

/* --check's part: every waypoint Programmed, no stale ztunnel or waypoint
 * pod (true for null). */
bool status_ambient_ok(struct val ambient);

/* ---- watch.c ---- */

/* --watch: draw, then redraw on every change (one context); never
 * returns. */
struct output;
int status_watch(struct cli *cli, const struct status_opts *so, struct output *o,
		 bool no_headers);

/* ---- render.c ---- */

/* The text view of an array of struct status_result, given as values
 * {context, doc, tables, error}; with several, rows are prefixed by the
 * context. now: for ages. */
void status_render(struct val results, bool no_headers, time_t now,
		   struct strbuf *out);
/* ---- mesh.c: the mesh view of several contexts ---- */

/* What each Istio says about its mesh (meshID, cluster, network, control
 * plane or remote), with its namespace's cacerts root fingerprint and
 * east-west gateway address: the document's "multiCluster". */
int status_mesh_collect(struct api *a, struct val istios, struct val *out,
			struct api_error *e);
/* Pure: the documents' clusters grouped by mesh ID, the remote secrets
 * each control plane needs (present or missing) and root CA agreement. */
struct val status_mesh_view(struct val docs);
void status_mesh_text(struct val view, struct strbuf *out);
void status_mesh_dot(struct val view, struct strbuf *out);
void status_mesh_mermaid(struct val view, struct strbuf *out);

#endif
