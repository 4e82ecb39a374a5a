#ifndef INSTALL_H
#define INSTALL_H

/*
 * kubectl sail install, the part that needs no server: turn the command
 * line (flags, -f documents, --values files, --set) into the documents to
 * apply, validated (version catalogue, CRD schema, revision naming). Used
 * by install.c and by the unit tests.
 *
 * Ownership: strings in struct install_req are borrowed; struct
 * install_plan is the caller's (install_plan_release).
 */

#include <stdbool.h>
#include <stdio.h>
#include "value.h"

struct strbuf;

struct install_req {
	const char *name;		/* NULL: metadata.name from -f, else "default" */
	const char *version;		/* NULL: from -f, else the default */
	const char *ns;			/* spec.namespace; NULL: from -f, else istio-system */
	const char *profile;
	const char *strategy;		/* InPlace | RevisionBased */
	long grace;			/* with grace_set */
	bool grace_set;
	const char *const *sets;	/* --set PATH=VALUE (may be NULL) */
	const char *const *set_strings;	/* --set-string */
	const char *const *values_files;/* --values */
	const char *const *files;	/* -f */
	struct val input_docs;		/* instead of files (tests); absent: none */
	bool cni;			/* --cni */
	bool cni_only;			/* kubectl sail install cni */
	const char *tag;		/* --tag */
	const char *templates;		/* --templates DIR */
};

struct install_plan {
	struct val docs;	/* everything, in apply order (namespaces first) */
	struct val istio;	/* the Istio; absent with cni_only */
	struct val cni;		/* the IstioCNI; absent without one */
	char *istio_name;	/* NULL with cni_only */
	char *revision;		/* the Istio's active revision name */
	char *istio_version;	/* concrete (resolved) versions, or NULL */
	char *cni_version;
};

/* 0, or -1 with one line in err (nothing else happened). Warnings (values
 * coerced to strings, unknown fields) go through warning(). */
int install_plan_build(const struct install_req *r, struct install_plan *p,
		       struct strbuf *err);
void install_plan_release(struct install_plan *p);

/* The revision name the operator gives an Istio (spec §5): NAME for
 * InPlace, NAME-VERSION with dots turned into dashes for RevisionBased.
 * A new string. */
char *install_revision_name(const char *name, const char *strategy,
			    const char *version);

/* Longest revision name that installs: Helm release "<rev>-istiod" <= 53. */
#define INSTALL_REVISION_MAX 46

/* Are two concrete versions more than one minor apart? */
bool install_minor_skew(const char *a, const char *b);

/*
 * --from-istiooperator: an IstioOperator (install.istio.io/v1alpha1) as
 * Sail documents, by the mapping table of the docs (issue 5):
 *   metadata.name -> metadata.name          spec.namespace -> spec.namespace
 *   spec.profile -> spec.profile            spec.hub/tag -> spec.values.global.hub/tag
 *   spec.meshConfig -> spec.values.meshConfig
 *   spec.values -> spec.values (env values become strings later, in the plan)
 *   spec.components.pilot.enabled -> spec.values.pilot.enabled
 *   spec.components.cni.enabled -> an IstioCNI (namespace from
 *     components.cni.namespace; values.cni goes with it)
 *   spec.components.ztunnel.enabled -> a ZTunnel (values.ztunnel with it)
 *   ingress/egress gateways, values.gateways, k8s overlays -> a warning
 *     naming the field and pointing to gateway injection
 * Every other field is a warning naming it. *docs: a new array (Istio
 * first). -1 with err when iop is not an IstioOperator.
 */
int install_from_iop(struct val iop, struct val *docs, struct strbuf *err);

/* ---- --wait (wait.c) */

struct api;

/*
 * Wait, within timeout_ms overall, until every Sail object in applied (the
 * server's answers to the apply, borrowed) is ready for the generation the
 * apply produced: Ready True (Istio, IstioCNI, ZTunnel), Reconciled True
 * (IstioRevisionTag, and an Istio of profile remote, which says why on
 * out). Prints "KIND.GROUP/NAME condition met" per object on out, and
 * progress on stderr when it is a terminal. -1 on a timeout (each non-True
 * condition's reason and message, or that the operator has not reconciled)
 * or an API error, with err holding kubectl's whole text ("error: ...").
 */
int install_wait(struct api *a, struct val applied, long timeout_ms, FILE *out,
		 struct strbuf *err);

/* ---- kubectl sail install namespace (namespace.c) */

struct cli;
struct output;

/* Does a Kubernetes label selector (matchLabels, matchExpressions with
 * In, NotIn, Exists, DoesNotExist) select these labels? An empty selector
 * selects everything. */
bool install_selector_matches(struct val selector, struct val labels);

/*
 * The label changes that make a namespace with labels `labels` injected
 * by revision (or tag) rev: an object of label -> string, or -> null for
 * a label to remove (a merge patch of metadata.labels).
 * "default" gives istio-injection=enabled and removes istio.io/rev;
 * anything else istio.io/rev=REV and removes istio-injection (spec §8.1:
 * never both). selectors (the mesh's meshConfig.discoverySelectors, may
 * be absent): when none selects the namespace, the matchLabels of the
 * first selector that has only matchLabels are added; -1 with err when
 * no selector can be satisfied by labels alone.
 */
int install_ns_labels(struct val labels, const char *rev, struct val selectors,
		      struct val *changes, struct strbuf *err);

/* kubectl sail install namespace NS... (cli->args[0] is "namespace"). */
int install_namespaces(struct cli *cli, struct output *o);

#endif
