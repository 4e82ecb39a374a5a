#ifndef UPGRADE_RUN_H
#define UPGRADE_RUN_H

/*
 * Carrying out an upgrade plan against the cluster (run.c) and telling,
 * at the moment of a restart step, whether a workload still runs a stale
 * proxy (stale.c). Ownership: everything in struct upgrade_run is
 * borrowed from the caller.
 */

#include <stdbool.h>
#include <stdio.h>
#include "value.h"

struct api;
struct api_error;
struct strbuf;

struct upgrade_run {
	struct api *api;
	FILE *out;		/* kubectl-style lines, one per step */
	long deadline_ms;	/* CLOCK_MONOTONIC, for every wait */
	bool rollback;
	const char *cp_namespace;	/* the Istio's spec.namespace (injector ConfigMaps) */
	const char *new_rev;		/* the revision the plan moves to (tag waits) */
	const char *version;		/* the concrete target version (revision waits) */
	bool force_conflicts;		/* take spec.version from any manager */
};

/*
 * Run the steps of a plan (upgrade.h) in order. 0, or -1 with kubectl's
 * text of the failure in err, followed by the step that failed.
 */
int upgrade_run_steps(struct upgrade_run *u, struct val steps, struct strbuf *err);

/*
 * Does workload ("deployment/NAME"...) in namespace ns own a meshed pod
 * that is stale now: injected by another revision than its namespace (or,
 * in an unlabelled namespace, its labels) resolves to, or running another
 * proxy image than that revision's injector gives? 1 yes, 0 no, -1 with e.
 */
int upgrade_workload_stale(struct upgrade_run *u, const char *ns, const char *workload,
			   struct api_error *e);

#endif
