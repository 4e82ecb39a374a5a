#ifndef UNINSTALL_H
#define UNINSTALL_H

/*
 * kubectl sail uninstall: the plan (an ordered list of steps) and the
 * decisions, kept pure for the unit tests (plan.c); collect.c reads the
 * cluster, uninstall.c runs the plan.
 *
 * Ownership: struct un_plan is the caller's (stack, UN_PLAN_INIT); un_add
 * copies the strings and the object it is given; un_plan_release frees
 * them. Returned struct val arrays are the caller's (val_release).
 */

#include <stdbool.h>
#include "value.h"

struct rest_mapping;
struct meshref;
struct strbuf;

#define UN_PREVIOUS_REVISION "kubectl-sail/previous-revision"

/* Phases, in order; --wait waits for each phase's objects before the next. */
enum un_phase {
	UN_GATEWAYS,		/* their pods use the revisions: first */
	UN_TAGS,
	UN_ISTIOS,
	UN_CNI,
	UN_NAMESPACES,
	UN_LEFTOVERS,
	UN_ANNOTATIONS,
	UN_CRDS,
	UN_ISTIO_CRDS,		/* *.istio.io, after the operator's own */
};

enum un_action {
	UN_DELETE,
	UN_UNANNOTATE,		/* drop UN_PREVIOUS_REVISION from a namespace */
};

struct un_step {
	enum un_phase phase;
	enum un_action action;
	const struct rest_mapping *m;	/* static (restmap.h) */
	char *ns;		/* NULL for cluster-scoped */
	char *name;
	struct val obj;		/* as listed */
};

struct un_plan {
	struct un_step *v;
	size_t nr, alloc;
};
#define UN_PLAN_INIT { NULL, 0, 0 }

/* Append a step for obj (name and namespace from its metadata), unless
 * one for the same object is already there. */
void un_add(struct un_plan *p, enum un_phase phase, enum un_action action,
	    const struct rest_mapping *m, struct val obj);
/* Is "ns/name" of mapping m in the plan (any action)? */
bool un_planned(const struct un_plan *p, const struct rest_mapping *m,
		const char *ns, const char *name);
void un_plan_release(struct un_plan *p);

/* Is s one of the strings of arr? */
bool un_has(struct val arr, const char *s);
/* Push s onto *arr unless it is there (or NULL / empty). */
void un_push_unique(struct val *arr, const char *s);

/* Does obj carry an ownerReference to a sailoperator.io Istio whose uid
 * is one of uids? */
bool un_owned_by_istio(struct val obj, struct val uids);

/* Does the tag target one of the Istios or revisions (targetRef, or the
 * revision it resolved to in status.istioRevision)? */
bool un_tag_targets(struct val tag, struct val istios, struct val revisions);

/*
 * Why the removal must be refused: one line naming, per revision and tag
 * being removed, the namespaces and pods that reference it (meshref's
 * rules); false and out untouched when nothing does.
 */
bool un_in_use(const struct meshref *m, struct val revisions, struct val tags,
	       struct strbuf *out);

/*
 * Is obj a part of a gateway 'kubectl sail install' created: one of the
 * kinds the gateway templates make (ServiceAccount, Deployment, Service,
 * Role, RoleBinding, PodDisruptionBudget, HorizontalPodAutoscaler,
 * networking.istio.io Gateway and VirtualService), server-side applied by
 * our field manager (managedFields: manager kubectl-sail, operation
 * Apply), and not remote-secret's reader account (label app=istio-reader)?
 */
bool un_installed_gateway_part(struct val obj);

/* Is obj (a Pod or ReplicaSet in ns) run by a Deployment the plan deletes
 * (its ReplicaSet's ownerReference, or the Pod's ReplicaSet named
 * DEPLOYMENT-HASH)? */
bool un_run_by_planned(struct val obj, const struct un_plan *p, const char *ns);

/* Namespaces uninstall never deletes (kube-system, default, ...). */
bool un_system_ns(const char *name);

/*
 * What in a namespace keeps it: objects (each with kind and metadata)
 * listed from it, minus the operator's (label managed-by=sail-operator,
 * or owned by a sailoperator.io object), the cluster's defaults
 * (ServiceAccount default, ConfigMap kube-root-ca.crt, istiod's
 * istio-ca-root-cert), the control plane's pods and ReplicaSets (label
 * app istiod, istio-cni-node or ztunnel), what is terminating, and what
 * the plan deletes (with the pods of the Deployments it deletes). An
 * array of "kind/name" strings, sorted.
 */
struct val un_ns_holds(struct val objects, const struct un_plan *p,
		       const char *ns);

/*
 * The line kubectl delete prints for a step, without newline:
 *   istio.sailoperator.io "default" deleted
 *   namespace "istio-system" deleted
 *   namespace/bookinfo annotated      (UN_UNANNOTATE, as kubectl annotate)
 * dry is "", " (dry run)" or " (server dry run)". name_only: -o name
 * ("istio.sailoperator.io/default").
 */
void un_line(const struct un_step *s, const char *dry, bool name_only,
	     struct strbuf *out);

/* The "kind.group" of a mapping, lower case ("namespace",
 * "clusterrole.rbac.authorization.k8s.io"). */
void un_kind_group(const struct rest_mapping *m, struct strbuf *out);

/* kubectl sail uninstall waypoint [NAME] -n NS (waypoint.c): the labels
 * that route to it, then the Gateway. */
struct cli;
int uninstall_waypoint(struct cli *cli);
/* kubectl sail uninstall operator (operator.c). */
int uninstall_operator(struct cli *cli);

#endif
