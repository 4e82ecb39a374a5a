#ifndef UPGRADE_H
#define UPGRADE_H

/*
 * kubectl sail upgrade: the part that needs no server. From what the
 * cluster holds (an Istio, its revisions, the tags, IstioCNI, namespaces
 * and pods) and the command line, refuse what cannot work (preflight) or
 * give the ordered steps of the journey (the plan). upgrade.c reads the
 * cluster and run.c carries the steps out; the plan is the only list of
 * what happens, so --plan shows exactly what a run does.
 *
 * A plan is data, the documented shape of -o json|yaml:
 *   {istio, strategy, from, to, steps: [{action, object, namespace?,
 *    from?, to?, waitFor?}], notes: [...]}
 * action: patch | relabel | retag | restart | wait
 * object: "istio/NAME", "istiocni/default", "istiorevision/NAME",
 *         "istiorevisiontag/NAME", "namespace/NAME",
 *         "deployment/NAME" | "statefulset/NAME" | "daemonset/NAME"
 * waitFor: "Ready" (a Sail object), "RolledOut" (a workload), "Deleted",
 *          "Resolved" (a tag whose status.istioRevision is the new revision)
 *
 * Ownership: everything in struct upgrade_input is borrowed; struct
 * upgrade_plan is the caller's (upgrade_plan_release).
 */

#include <stdbool.h>
#include "value.h"

struct meshref;
struct strbuf;

/* Annotations kubectl-sail leaves so that --rollback can undo an upgrade. */
#define UPGRADE_PREVIOUS_REVISION "kubectl-sail/previous-revision"	/* on namespaces */
#define UPGRADE_PREVIOUS_VERSION "kubectl-sail/previous-version"	/* on the Istio */

enum upgrade_restart { RESTART_NAMESPACES, RESTART_ALL, RESTART_NONE };

struct upgrade_req {
	const char *version;		/* the target as typed (NULL with rollback) */
	enum upgrade_restart restart;
	bool allow_downgrade;
	bool retag;			/* move tags that name the old revision */
	bool cni;			/* upgrade IstioCNI "default" first */
	bool wait_prune;		/* --wait: until the old revision is gone */
	bool rollback;			/* back to the recorded previous version */
};

struct upgrade_input {
	struct val istio;		/* the Istio */
	struct val revisions;		/* every IstioRevision (array) */
	struct val tags;		/* every IstioRevisionTag (array) */
	struct val cni;			/* IstioCNI "default", or absent */
	const struct meshref *refs;	/* namespaces and pods; NULL: none known */
};

struct upgrade_plan {
	struct val doc;		/* the shape above */
	char *from, *to;	/* concrete versions */
	char *old_rev, *new_rev;/* the active revision before and after */
};

/*
 * Check the request against the Istio and the catalogue, then list the
 * steps. 0, or -1 with one line in err naming what is wrong and what to do
 * instead (nothing has been changed by then).
 */
int upgrade_plan_build(const struct upgrade_input *in, const struct upgrade_req *r,
		       struct upgrade_plan *p, struct strbuf *err);
void upgrade_plan_release(struct upgrade_plan *p);

/* The plan as a readable numbered list (the default output). */
void upgrade_plan_format(const struct upgrade_plan *p, struct strbuf *out);

/*
 * Who restarts a pod: "deployment/NAME", "statefulset/NAME" or
 * "daemonset/NAME" from its controller ownerReference (a ReplicaSet stands
 * for the Deployment it is named after: NAME-<pod-template-hash>). NULL
 * for bare pods and other owners. A new string.
 */
char *upgrade_pod_workload(struct val pod);

/* kubectl sail upgrade operator (operator.c). */
struct cli;
int upgrade_operator(struct cli *cli);

#endif
