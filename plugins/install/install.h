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
struct cli;
struct output;

/*
 * Mesh topology presets (topology.c): each becomes the seed's values on the
 * Istio and labels/annotations on its control-plane namespace. Strings
 * are borrowed; NULL or false means "not asked for".
 */
struct install_topology {
	const char *mesh_id;		/* global.meshID */
	const char *cluster_name;	/* global.multiCluster.clusterName */
	const char *network;		/* global.network + namespace label */
	const char *external_istiod;	/* "multi" or "single" */
	bool remote;			/* primary-remote: the remote side */
	const char *remote_pilot_address;
	const char *control_plane_cluster;	/* namespace annotation */
	const char *external_cp;	/* "config" or "istiod" */
	const char *external_istiod_address;
	bool expose_external_istiod;	/* step 8's Gateway + VirtualService */
	bool east_west_gateway, expose_services, expose_istiod;
	const char *const *discovery_selectors;	/* KEY=VALUE, ANDed */
	bool dual_stack;
	const char *tracing;		/* "otel" */
	const char *otel_service;	/* HOST:PORT */
};

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
	bool ambient;			/* --ambient or an ambient --profile: Istio, IstioCNI, ZTunnel */
	bool ztunnel_only;		/* kubectl sail install ztunnel */
	const char *ztunnel_target;	/* install ztunnel: the Istio of targetRef */
	struct val ztunnel_labels;	/* install ztunnel: labels for its namespace
					 * (the mesh's discovery labels); absent: the docs' */
	const char *tag;		/* --tag */
	const char *templates;		/* --templates DIR */
	struct install_topology topo;
	/* What the server has (GET answers, borrowed; absent: nothing, or
	 * --dry-run=client): the Istio and IstioCNI specs start from them. */
	struct val existing;		/* the Istio of the plan's name */
	struct val existing_cni;	/* IstioCNI "default" */
	bool change_strategy;		/* --change-update-strategy */
};

struct install_plan {
	struct val docs;	/* everything, in apply order (namespaces first) */
	struct val istio;	/* the Istio; absent with cni_only */
	struct val cni;		/* the IstioCNI; absent without one */
	struct val ztunnel;	/* the ZTunnel; absent without one */
	char *istio_name;	/* NULL with cni_only */
	char *revision;		/* the Istio's active revision name */
	char *istio_version;	/* concrete (resolved) versions, or NULL */
	char *cni_version;
	char *ztunnel_version;
	struct val selectors;	/* the Istio's meshConfig.discoverySelectors, or absent */
	bool gateways;		/* docs hold networking.istio.io objects */
};

/* 0, or -1 with one line in err (nothing else happened). Warnings (values
 * coerced to strings, unknown fields) go through warning(). With
 * r->existing (r->existing_cni) the spec starts from the server's and -f
 * and the flags are merged over it; a different spec.version is refused
 * (naming kubectl sail upgrade), and so is another update strategy
 * unless r->change_strategy. */
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

/* ---- ambient mode (ambient.c; spec ambient.md) */

/* The namespace label of the docs' discovery selector (AMB). */
#define INSTALL_DISCOVERY_LABEL "istio-discovery"

/* Is profile ambient or openshift-ambient? */
bool install_profile_ambient(const char *profile);

/* The labels (set into *labels, an object) that satisfy the first
 * plain-matchLabels selector of selectors; -1 with err when none is. */
int install_discovery_labels(struct val selectors, struct val *labels,
			     struct strbuf *err);

/* Before --values/--set: profile ambient (refusing a non-ambient one),
 * values.pilot.trustedZtunnelNamespace = ztunnel_ns and the docs'
 * discovery selector istio-discovery=enabled, each unless already set. */
int install_ambient_istio_defaults(struct val *ispec, const char *ztunnel_ns,
				   struct strbuf *err);

/* Complete a ZTunnel spec: namespace (ns, else its own, else "ztunnel"),
 * targetRef {kind: Istio, name: istio_name} unless given (istio_name may
 * be NULL). -1 with err for a v1alpha1 spec.profile. */
int install_ztunnel_spec(struct val *zspec, const char *ns, const char *istio_name,
			 struct strbuf *err);

/* -1 with err unless name is NULL or "default" (the CRD's CEL rule). */
int install_check_ztunnel_name(const char *name, struct strbuf *err);

/* The ambient skew rule (UPD): IstioCNI and ZTunnel at the Istio's minor
 * version or one below. -1 with err naming kind, both versions and the
 * Istio. Unparseable versions pass. */
int install_ambient_skew(const char *kind, const char *version, const char *istio,
			 const char *istio_version, struct strbuf *err);

/* The rules between a plan's ambient Istio, IstioCNI and ZTunnel: CNI
 * profile ambient, trustedZtunnelNamespace = the ZTunnel's namespace,
 * versions within the skew. 0 when the plan has no ambient Istio. */
int install_ambient_check(const struct install_plan *p, struct strbuf *err);

struct api;
/* What only the server knows (install.c's checks): an ambient Istio in
 * the plan without an IstioCNI needs an ambient IstioCNI "default" on the
 * server; an IstioCNI or ZTunnel alone must be within the skew of the
 * Istio it serves and (CNI) keep profile ambient when an ambient Istio
 * exists. 0, or -1 with one line in err. */
int install_ambient_check_server(struct api *a, const struct install_req *r,
				 const struct install_plan *p, struct strbuf *err);

/* kubectl sail install ztunnel (ztunnel.c), before the plan is built:
 * read the target Istio (r->ztunnel_target) and take its version (unless
 * --version) and its discovery labels for the ztunnel namespace into r.
 * *version and *labels hold what r borrows (the caller frees/releases).
 * Dies with one line on errors. */
void install_ztunnel_prepare(struct cli *cli, struct install_req *r,
			     char **version, struct val *labels);

/* The spec changes from old to new (objects, borrowed) as lines
 * "-  PATH: OLD" / "+  PATH: NEW" (PATH dotted, values as JSON) appended to
 * out, under a heading "WHAT spec:"; nothing when equal. Returns the
 * number of changed leaves. (diff.c) */
size_t install_spec_diff(const char *what, struct val old, struct val new,
			 struct strbuf *out);

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

/* ---- topologies (topology.c) */

/*
 * Write the topology's values into an Istio spec (before --values and
 * --set, which may override them) and its namespace labels and
 * annotations into *labels and *annotations (objects, updated in place).
 * rev is the Istio's revision (external control plane names). 0, or -1 with one line in err naming the flag at fault.
 */
int install_topology_apply(const struct install_topology *t, const char *rev,
			  struct val *spec, struct val *labels,
			  struct val *annotations, struct strbuf *err);

/* --discovery-selector KEY=VALUE... as one selector {matchLabels: {...}};
 * 0 and *sel, or -1 with err. */
int install_discovery_selector(const char *const *args, struct val *sel,
			       struct strbuf *err);

/* Could some namespace's labels satisfy both selector lists? An absent or
 * empty list selects every namespace. Selectors with matchExpressions are
 * judged on the union of both matchLabels (an approximation that errs
 * towards "overlap"). */
bool install_selectors_overlap(struct val a, struct val b);

/* ---- gateways (gateway.c) */

/* What a gateway template needs: all borrowed. */
struct install_gateway {
	const char *ns;		/* the control plane's namespace */
	const char *network;	/* east-west-gateway only */
	const char *revision;	/* the injecting revision */
};

/* The Service name whose load-balancer address a gateway exposes, or NULL
 * when the template makes no Service. */
const char *install_gateway_service(const char *word);

/* Is word one of the gateway words (east-west-gateway, expose-services,
 * expose-istiod, controlplane-gateway, external-istiod-gateway)? */
bool install_is_gateway(const char *word);

/* The istiod Service host of a revision in ns:
 * istiod[-REV].NS.svc.cluster.local ("default" has no suffix). New string. */
char *install_istiod_host(const char *rev, const char *ns);

/* Render a gateway's documents, appended to *docs. 0, or -1 with err. */
int install_gateway_render(const char *word, const struct install_gateway *g,
			   const char *templates, struct val *docs,
			   struct strbuf *err);

struct api;

/* Does the server serve networking.istio.io? 0, or -1 with a line saying
 * the Istio CRDs are missing (or the request's error). */
int install_check_networking(struct api *a, struct strbuf *err);

/* The first load-balancer address (ip, else hostname) of Service ns/name:
 * 0 and *addr (a new string), or -1 with err (not found, or no address
 * yet). */
int install_service_address(struct api *a, const char *ns, const char *name,
			    char **addr, struct strbuf *err);

/* --wait on a gateway: wait (timeout_ms) for Service ns/svc's
 * load-balancer address and print it as one line on out, for the next
 * command (`| tail -n 1`). Dies with kubectl's timeout text. */
void install_wait_address(struct api *a, const char *ns, const char *svc,
			  long timeout_ms, FILE *out);

/* ---- server checks (preflight.c) */

/* Does any document belong to networking.istio.io? */
bool install_has_networking_docs(struct val docs);
/* Refuse (-1, err naming every other Istio it overlaps and how to fix
 * it) when another Istio's discovery selectors (none: every namespace)
 * overlap p->selectors (none: every namespace). Istios that discover no
 * namespace of this cluster (profile remote, an external control plane's
 * istiod) and Istios being deleted do not count. */
int install_check_selectors(struct api *a, const struct install_plan *p,
			    struct strbuf *err);
/* --dual-stack: a server-side dry run of a RequireDualStack Service in
 * "default"; -1 with the server's reason when it is refused. */
int install_check_dual_stack(struct api *a, struct strbuf *err);
/* --primary-context: the primary's east-west gateway address (*addr) and
 * the clusterName of its Istio in ns (*cluster, NULL when none); new
 * strings. Dies with one line on errors. */
void install_read_primary(struct cli *cli, const char *ns, char **addr,
			  char **cluster);

/* Die unless every install flag set on cli is in allowed (a 0-terminated
 * list of option ids): "install WORD takes ALLOWED only". */
void install_only_flags(const struct cli *cli, const char *word,
			const int *allowed, const char *names);

/* kubectl sail install east-west-gateway|expose-services|expose-istiod|
 * controlplane-gateway (cli->args[0]). */
int install_gateways(struct cli *cli, struct output *o);

/* kubectl sail install operator (operator.c), and its OLM path
 * (operator_olm.c: rel is the release asked for, timeout_ms --wait's). */
int install_operator(struct cli *cli, struct output *o);
/* kubectl sail precheck's checks as install operator runs them: dies
 * naming every finding when one is an Error. */
struct api;
void install_precheck(struct api *a);
struct operator_release;
int install_operator_olm(struct cli *cli, struct output *o,
			 const struct operator_release *rel, long timeout_ms);

/* kubectl sail install kiali (kiali.c). */
int install_kiali(struct cli *cli, struct output *o);

/* Kiali's resource for revision rev of a control plane in istio_ns,
 * itself in ns; prometheus may be NULL. A new object in *out. */
int install_kiali_render(const char *rev, const char *istio_ns, const char *ns,
			 const char *prometheus, const char *templates,
			 struct val *out, struct strbuf *err);

/* ---- kubectl sail install namespace (namespace.c) */

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

/* Namespace labels of ambient mode (spec ambient §4). */
#define INSTALL_LABEL_DATAPLANE "istio.io/dataplane-mode"
#define INSTALL_LABEL_USE_WAYPOINT "istio.io/use-waypoint"
#define INSTALL_LABEL_USE_WAYPOINT_NS "istio.io/use-waypoint-namespace"

enum install_ns_mode {
	INSTALL_NS_AMBIENT,	/* enrol: dataplane-mode=ambient [+ use-waypoint] */
	INSTALL_NS_SIDECAR,	/* leave ambient: drop its labels (injection is added apart) */
	INSTALL_NS_REMOVE,	/* leave the mesh: drop ambient and injection labels */
};

/*
 * The label changes (label -> string, or -> null to remove: a merge
 * patch of metadata.labels) for a namespace with labels `labels`.
 * AMBIENT refuses (-1, err) a namespace with istio-injection or
 * istio.io/rev unless migrate, which removes them; it adds the labels of
 * the first plain selector of selectors (may be absent) when none selects
 * the namespace. waypoint may be NULL.
 */
int install_ns_ambient_labels(struct val labels, enum install_ns_mode mode,
			      const char *waypoint, bool migrate,
			      struct val selectors, struct val *changes,
			      struct strbuf *err);

/*
 * Write one namespace's label changes (install_ns_labels,
 * install_ns_ambient_labels): merge-patched onto it when it exists, else
 * the namespace created with them by server-side apply (force:
 * --force-conflicts); dryRun=All with dry_run. The answer is printed to
 * stdout as o says ("labeled" or "serverside-applied"). -1 with err on
 * failure (nothing printed). changes is borrowed.
 */
struct rest_mapping;
int install_ns_write(struct api *a, const struct rest_mapping *mns, const char *name,
		     bool exists, struct val changes, bool force, bool dry_run,
		     struct output *o, struct strbuf *err);

/* install namespace NS... --ambient | --remove (ambient_ns.c). */
int install_namespaces_ambient(struct cli *cli, struct output *o);

/* ---- waypoints and the Gateway API (waypoint.c) */

#define INSTALL_GATEWAY_GROUP "gateway.networking.k8s.io"

/* Which of resources (plural names in gateway.networking.k8s.io/v1) the
 * server does not serve: appended to *missing as "gateways.gateway.
 * networking.k8s.io, ..." (empty when all are). -1 with err on a request
 * error other than NotFound. */
int install_gateway_api_missing(struct api *a, const char *const *resources,
				struct strbuf *missing, struct strbuf *err);

/* The waypoint Gateway NAME in ns for traffic type for_ (NULL: service),
 * a new object in *out; -1 with err when name is not a DNS label. */
int install_waypoint_render(const char *name, const char *ns, const char *for_,
			    const char *templates, struct val *out, struct strbuf *err);

/* kubectl sail install waypoint [NAME] (cli->args[0] is "waypoint"). */
int install_waypoint(struct cli *cli, struct output *o);

/* kubectl sail install namespace NS... (cli->args[0] is "namespace"). */
int install_namespaces(struct cli *cli, struct output *o);

#endif
