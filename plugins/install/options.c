#include "sail.h"
#include "cliflags.h"
#include "commands.h"

#include "install/install_opts.h"

static const char *const strategies[] = { "InPlace", "RevisionBased", NULL };
static const char *const ext_istiod[] = { "multi", "single", NULL };
static const char *const ext_cp[] = { "config", "istiod", NULL };
static const char *const tracings[] = { "otel", NULL };
static const char *const waypoint_for[] = { "service", "workload", "all", "none", NULL };
static const char *const models[] = { "multi-primary", "primary-remote", NULL };
static const char *const approvals[] = { "Automatic", "Manual", NULL };

static const struct opt install_opts[] = {
	{ IOPT_NAME, "name", 0, OPT_STRING, "NAME", NULL, NULL, NULL, 0,
	  "Name of the Istio resource (default \"default\"; also the positional NAME)" },
	/* Shadows the built-in --version, as a command's own flag does in
	 * kubectl: 'kubectl sail version' prints the program's. */
	{ IOPT_VERSION, "version", 0, OPT_STRING, "VERSION", NULL, NULL, NULL, 0,
	  "Istio version or alias (default: the newest supported release; see --list-versions); install operator: the operator's version" },
	{ IOPT_PROFILE, "profile", 0, OPT_STRING, "PROFILE", NULL, NULL, NULL, 0,
	  "Profile: ambient, default, demo, empty, external, openshift, openshift-ambient, preview, remote, stable" },
	{ IOPT_UPDATE_STRATEGY, "update-strategy", 0, OPT_STRING, "STRATEGY", NULL, NULL, strategies, 0,
	  "Update strategy: InPlace (default) or RevisionBased" },
	{ IOPT_REVISION_GRACE_PERIOD, "revision-grace-period", 0, OPT_INT, "SECONDS", NULL, NULL, NULL, 0,
	  "Seconds an inactive revision is kept (spec.updateStrategy.inactiveRevisionDeletionGracePeriodSeconds)" },
	{ IOPT_SET, "set", 0, OPT_LIST, "PATH=VALUE", NULL, NULL, NULL, 0,
	  "Set spec.values.PATH (helm-style, a.b[0].c), typed by the CRD schema; repeatable" },
	{ IOPT_SET_STRING, "set-string", 0, OPT_LIST, "PATH=VALUE", NULL, NULL, NULL, 0,
	  "Set spec.values.PATH to a string; repeatable" },
	{ IOPT_VALUES, "values", 0, OPT_LIST, "FILE", NULL, NULL, NULL, OPT_FILE,
	  "YAML file merged into spec.values; repeatable" },
	{ IOPT_FILENAME, "filename", 'f', OPT_LIST, "FILE", NULL, NULL, NULL, OPT_FILE,
	  "Istio, IstioCNI or other documents to start from (- for stdin); flags override their fields" },
	{ IOPT_CNI, "cni", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Also install IstioCNI \"default\" in istio-cni, at the Istio's version" },
	{ IOPT_TAG, "tag", 0, OPT_STRING, "TAG", NULL, NULL, NULL, 0,
	  "Also create the IstioRevisionTag TAG pointing at this Istio" },
	{ IOPT_LIST_VERSIONS, "list-versions", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "List the supported, alias and end-of-life versions and the default (-o json for data)" },
	{ IOPT_MESH_ID, "mesh-id", 0, OPT_STRING, "MESH", NULL, NULL, NULL, 0,
	  "Multi-cluster: the mesh's id (values.global.meshID)" },
	{ IOPT_CLUSTER_NAME, "cluster-name", 0, OPT_STRING, "NAME", NULL, NULL, NULL, 0,
	  "Multi-cluster: this cluster's name (values.global.multiCluster.clusterName)" },
	{ IOPT_NETWORK, "network", 0, OPT_STRING, "NETWORK", NULL, NULL, NULL, 0,
	  "Multi-cluster: this cluster's network (values.global.network, namespace label topology.istio.io/network)" },
	{ IOPT_EXTERNAL_ISTIOD, "external-istiod", 0, OPT_STRING, "MODEL", NULL, "multi", ext_istiod, OPT_OPTARG,
	  "Primary of a primary-remote mesh: multi (multi-network, pilot.env.EXTERNAL_ISTIOD) or single (single network, global.externalIstiod)" },
	{ IOPT_REMOTE, "remote", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Remote of a primary-remote mesh: profile remote, injection path, pilot address, namespace annotation" },
	{ IOPT_REMOTE_PILOT_ADDRESS, "remote-pilot-address", 0, OPT_STRING, "ADDR", NULL, NULL, NULL, 0,
	  "--remote: the primary's east-west gateway address (values.global.remotePilotAddress)" },
	{ IOPT_PRIMARY_CONTEXT, "primary-context", 0, OPT_STRING, "CONTEXT", NULL, NULL, NULL, 0,
	  "--remote: read the pilot address and control-plane cluster from the primary in this kubeconfig context" },
	{ IOPT_CONTROL_PLANE_CLUSTER, "control-plane-cluster", 0, OPT_STRING, "NAME", NULL, NULL, NULL, 0,
	  "--remote: the primary's cluster name (annotation topology.istio.io/controlPlaneClusters)" },
	{ IOPT_EXTERNAL_CONTROL_PLANE, "external-control-plane", 0, OPT_STRING, "SIDE", NULL, NULL, ext_cp, 0,
	  "External control plane: config (the cluster the workloads run in) or istiod (the cluster that runs it)" },
	{ IOPT_EXTERNAL_ISTIOD_ADDRESS, "external-istiod-address", 0, OPT_STRING, "ADDR", NULL, NULL, NULL, 0,
	  "External control plane: the address of the ingress gateway in front of istiod" },
	{ IOPT_EXPOSE_EXTERNAL_ISTIOD, "expose-external-istiod", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "--external-control-plane istiod: also the Gateway and VirtualService routing 15012 and 15017 to istiod" },
	{ IOPT_EAST_WEST_GATEWAY, "east-west-gateway", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Also install the east-west gateway (needs --network)" },
	{ IOPT_EXPOSE_SERVICES, "expose-services", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Also expose the services on the east-west gateway (Gateway cross-network-gateway)" },
	{ IOPT_EXPOSE_ISTIOD, "expose-istiod", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Also expose istiod on the east-west gateway (Gateway istiod-gateway, VirtualService istiod-vs)" },
	{ IOPT_DISCOVERY_SELECTOR, "discovery-selector", 0, OPT_LIST, "KEY=VALUE", NULL, NULL, NULL, 0,
	  "Multiple meshes: a namespace label this mesh discovers (meshConfig.discoverySelectors, ANDed); repeatable" },
	{ IOPT_DUAL_STACK, "dual-stack", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "IPv4 and IPv6 (ISTIO_DUAL_STACK, pilot.ipFamilyPolicy RequireDualStack); refused on a single-stack cluster" },
	{ IOPT_TRACING, "tracing", 0, OPT_STRING, "PROVIDER", NULL, NULL, tracings, 0,
	  "Enable tracing: otel (meshConfig.enableTracing and an extension provider otel-tracing)" },
	{ IOPT_OTEL_SERVICE, "otel-service", 0, OPT_STRING, "HOST:PORT", NULL, NULL, NULL, 0,
	  "--tracing otel: the OpenTelemetry collector" },
	{ IOPT_PROMETHEUS_URL, "prometheus-url", 0, OPT_STRING, "URL", NULL, NULL, NULL, 0,
	  "install kiali: Prometheus's URL (external_services.prometheus.url)" },
	{ IOPT_AMBIENT, "ambient", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Ambient mode: the Istio (profile ambient), IstioCNI and ZTunnel at one version; 'install namespace --ambient': enrol namespaces" },
	{ IOPT_WAYPOINT, "waypoint", 0, OPT_STRING, "NAME", NULL, NULL, NULL, 0,
	  "install namespace --ambient: route the namespace through waypoint NAME (istio.io/use-waypoint)" },
	{ IOPT_MIGRATE, "migrate", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "install namespace --ambient: remove sidecar injection labels and name the pods that keep sidecars until restarted" },
	{ IOPT_SIDECAR, "sidecar", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "install namespace --sidecar: leave ambient (remove istio.io/dataplane-mode and the waypoint labels) and label for injection" },
	{ IOPT_REMOVE, "remove", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "install namespace --remove: leave the mesh (remove the ambient, waypoint and injection labels)" },
	{ IOPT_FOR, "for", 0, OPT_STRING, "TYPE", NULL, NULL, waypoint_for, 0,
	  "install waypoint: the traffic it handles: service (default), workload, all or none (label istio.io/waypoint-for)" },
	{ IOPT_ENROLL_NAMESPACE, "enroll-namespace", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "install waypoint: also label the namespace istio.io/use-waypoint=NAME" },
	{ IOPT_MODEL, "model", 0, OPT_STRING, "MODEL", NULL, NULL, models, 0,
	  "A whole multi-cluster mesh in one command: multi-primary (--contexts) or primary-remote (--primary, --remotes)" },
	{ IOPT_PRIMARY, "primary", 0, OPT_STRING, "CTX=NETWORK", NULL, NULL, NULL, 0,
	  "--model primary-remote: the primary's context and network" },
	{ IOPT_REMOTES, "remotes", 0, OPT_LIST, "CTX=NETWORK,...", NULL, NULL, NULL, 0,
	  "--model primary-remote: the remotes' contexts and networks (comma-separated or repeated)" },
	{ IOPT_CONTEXTS, "contexts", 0, OPT_LIST, "CTX[=NETWORK],...", NULL, NULL, NULL, 0,
	  "--model: the kubeconfig contexts of the mesh's clusters, each with its network (comma-separated or repeated)" },
	{ IOPT_CLUSTER_NAMES, "cluster-names", 0, OPT_LIST, "NAME,...", NULL, NULL, NULL, 0,
	  "--model: the clusters' names, in --contexts order (default the context names)" },
	{ IOPT_CA, "ca", 0, OPT_STRING, "DIR", NULL, NULL, NULL, OPT_DIR,
	  "--model: an existing CA directory ('ca' layout: DIR/CLUSTER per cluster); each cluster gets its cacerts" },
	{ IOPT_CA_GENERATE, "ca-generate", 0, OPT_STRING, "DIR", NULL, NULL, NULL, OPT_DIR,
	  "--model: create a root CA and one intermediate per cluster in DIR (kept when already there), then as --ca" },
	{ IOPT_PLAN, "plan", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "--model: print the ordered steps per context and change nothing (-o json for data)" },
	{ IOPT_IMAGE, "image", 0, OPT_STRING, "IMAGE", NULL, NULL, NULL, 0,
	  "install operator: the operator image (with a tag or a digest; default the version's)" },
	{ IOPT_ALLOW_DOWNGRADE, "allow-downgrade", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "install operator: replace a newer operator (and newer CRDs) with this version" },
	{ IOPT_OLM, "olm", 0, OPT_BOOL, NULL, NULL, NULL, NULL, 0,
	  "install operator: through OLM, a Subscription (default: when the cluster has OLM; --olm=false: plain manifests)" },
	{ IOPT_CHANNEL, "channel", 0, OPT_STRING, "CHANNEL", NULL, NULL, NULL, 0,
	  "install operator --olm: the Subscription's channel (default stable)" },
	{ IOPT_SOURCE, "source", 0, OPT_STRING, "CATALOGSOURCE", NULL, NULL, NULL, 0,
	  "install operator --olm: the CatalogSource (default community-operators, or operatorhubio-catalog on vanilla OLM)" },
	{ IOPT_SOURCE_NAMESPACE, "source-namespace", 0, OPT_STRING, "NAMESPACE", NULL, NULL, NULL, 0,
	  "install operator --olm: the CatalogSource's namespace (default openshift-marketplace, or olm)" },
	{ IOPT_APPROVAL, "approval", 0, OPT_STRING, "APPROVAL", NULL, NULL, approvals, 0,
	  "install operator --olm: installPlanApproval, Automatic (default) or Manual" },
	{ IOPT_SKIP_PRECHECK, "skip-precheck", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "install operator: do not run kubectl sail precheck's checks first (an Error stops the install)" },
	{ WOPT_WAIT, "wait", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Wait until the operator reports every applied Istio, IstioCNI, ZTunnel and tag ready (remote profile: Reconciled; ambient: then all three Healthy); gateways: for the Service's load-balancer address, printed" },
	{ WOPT_TIMEOUT, "timeout", 0, OPT_STRING, "DURATION", "3m", NULL, NULL, OPT_DURATION,
	  "How long --wait waits" },
	{ IOPT_ISTIO, "istio", 0, OPT_STRING, "NAME", NULL, NULL, NULL, 0,
	  "install namespace, gateways, kiali: the Istio whose active revision is meant" },
	{ IOPT_REVISION, "revision", 'r', OPT_STRING, "REV", NULL, NULL, NULL, 0,
	  "install namespace, gateways, kiali: the revision meant (gateways: default \"default\")" },
	{ IOPT_FROM_ISTIOOPERATOR, "from-istiooperator", 0, OPT_STRING, "FILE", NULL, NULL, NULL, OPT_FILE,
	  "Start from an IstioOperator (- for stdin), converted field by field; what is not carried is named in a warning" },
	{ IOPT_DIFF, "diff", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Print the changes to an existing resource's spec even when not on a terminal" },
	{ IOPT_CHANGE_UPDATE_STRATEGY, "change-update-strategy", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Allow --update-strategy (or -f) to switch an existing Istio's update strategy" },
	{ 0 }
};

static const struct opt *const tables[] = {
	install_opts, output_opts, write_opts, kube_global_opts, builtin_opts, NULL
};
static const char *const words[] = {
	"cni", "ztunnel", "namespace", "east-west-gateway", "expose-services", "expose-istiod",
	"controlplane-gateway", "kiali", "waypoint", "operator", NULL
};
static const char *const words_help[] = {
	"Install IstioCNI \"default\" alone",
	"Install ZTunnel \"default\" alone, for an ambient Istio (--istio NAME)",
	"Label namespaces for injection by a control plane",
	"The east-west gateway of a multi-network mesh (needs --network)",
	"Expose the cluster's services on the east-west gateway",
	"Expose istiod on the east-west gateway (primary-remote)",
	"The ingress gateway in front of an external control plane",
	"The Kiali resource for an Istio's active revision",
	"An ambient waypoint (a Gateway API Gateway) in a namespace",
	"The Sail Operator and its CRDs (plain manifests, or OLM)", NULL
};

const struct command command_install = {
	.name = "install",
	.file = "install",
	.summary = "Install an Istio control plane, IstioCNI, namespaces and gateways",
	.usage = "[NAME] [flags]",
	.description =
	"Install an Istio control plane managed by the Sail Operator: the Istio resource\n"
	"(cluster-scoped, spec.namespace from -n, default istio-system), the namespaces it\n"
	"needs, and optionally IstioCNI (--cni, or 'install cni' alone) and a revision tag\n"
	"(--tag). Everything is validated before the first request (version catalogue,\n"
	"CRD schema, revision names), then server-side applied (field manager\n"
	"kubectl-sail) in order: namespaces, other documents, IstioCNI, Istio, tags.\n"
	"\n"
	"--set PATH=VALUE sets spec.values.PATH; the CRD schema types the value, so\n"
	"pilot.env.X=1 stays a string. -f takes existing documents (kubectl get -o yaml\n"
	"output too: status and server fields are dropped); flags override their fields.\n"
	"\n"
	"Ambient mode (--ambient, or --profile ambient|openshift-ambient): the Istio with\n"
	"profile ambient, values.pilot.trustedZtunnelNamespace and the docs' discovery\n"
	"selector istio-discovery=enabled (unless given), IstioCNI \"default\" (profile\n"
	"ambient, namespace istio-cni) and ZTunnel \"default\" (namespace ztunnel,\n"
	"targetRef the Istio), all at one version. Applied in the documented order:\n"
	"namespaces first (istio-system and ztunnel labelled for discovery before the\n"
	"ZTunnel exists), then Istio, IstioCNI, ZTunnel; --wait waits for all three.\n"
	"Update strategy: the control plane may be InPlace (default) or RevisionBased;\n"
	"IstioCNI and ZTunnel are node-wide and always updated in place (ZTunnel's\n"
	"targetRef kind Istio follows the active revision), and must stay at the Istio's\n"
	"minor version or one below. 'install ztunnel' installs the ZTunnel alone for\n"
	"an existing ambient Istio (--istio NAME, default \"default\"; its version\n"
	"unless --version); it is refused without an ambient IstioCNI.\n"
	"\n"
	"On an existing Istio or IstioCNI, install starts from its spec on the server\n"
	"and changes only what the flags and files name; the changes are printed as a\n"
	"diff on a terminal (--diff: always), and --dry-run=server -o yaml shows the\n"
	"merged result. It never changes spec.version (that is 'kubectl sail upgrade',\n"
	"with its checks) and never switches the update strategy without\n"
	"--change-update-strategy. A field another field manager owns is refused with\n"
	"its manager named, unless --force-conflicts.\n"
	"\n"
	"'install cni' installs IstioCNI alone. 'install namespace NS...' labels namespaces for injection: istio.io/rev=REVISION\n"
	"of --istio NAME (default \"default\"), --tag TAG or --revision REV, or\n"
	"istio-injection=enabled when that is \"default\" (never both), plus the labels\n"
	"the mesh's discovery selectors need; a namespace another mesh selects is refused.\n"
	"'install namespace NS... --ambient [--waypoint NAME]' enrols namespaces in the\n"
	"ambient data plane of --istio NAME (an ambient Istio): istio.io/dataplane-mode=\n"
	"ambient, istio.io/use-waypoint=NAME, and the mesh's discovery labels. A\n"
	"namespace with istio-injection or istio.io/rev is refused (sidecars win) unless\n"
	"--migrate, which removes them and names the pods that keep their sidecars\n"
	"until restarted. --sidecar goes back to injection (drops the ambient labels);\n"
	"--remove drops the ambient, waypoint and injection labels. All namespaces\n"
	"are checked before the first is changed.\n"
	"\n"
	"--from-istiooperator FILE converts an IstioOperator: metadata.name, spec.namespace,\n"
	"spec.profile, spec.hub/tag (values.global), spec.meshConfig (values.meshConfig),\n"
	"spec.values, components.pilot.enabled, components.cni (an IstioCNI) and\n"
	"components.ztunnel (a ZTunnel); everything else is named in a warning.\n"
	"\n"
	"Mesh topologies (one line per cluster; the seeds' values, nothing else):\n"
	"  multi-primary    --mesh-id M --cluster-name C --network N [--east-west-gateway]\n"
	"                   [--expose-services]\n"
	"  primary-remote   primary: the same plus --external-istiod --expose-istiod;\n"
	"                   --external-istiod writes the multi-network setting\n"
	"                   pilot.env.EXTERNAL_ISTIOD=\"true\"; the single-network model uses\n"
	"                   global.externalIstiod: true instead (--external-istiod=single).\n"
	"                   remote: --remote --cluster-name C --network N and\n"
	"                   --remote-pilot-address ADDR or --primary-context CTX (reads the\n"
	"                   primary's east-west gateway address and cluster name)\n"
	"  external control plane  --external-control-plane config|istiod\n"
	"                   --external-istiod-address ADDR --cluster-name C (--network N,\n"
	"                   --mesh-id M for istiod; --expose-external-istiod)\n"
	"  multiple meshes  --discovery-selector KEY=VALUE (the namespace gets the label;\n"
	"                   refused when another Istio's selectors overlap; an Istio\n"
	"                   without selectors selects every namespace)\n"
	"  dual-stack       --dual-stack (checked with a dry-run RequireDualStack Service)\n"
	"  tracing          --tracing otel --otel-service HOST:PORT\n"
	"\n"
	"--model multi-primary --contexts CTX[=NETWORK],... makes the whole mesh in one\n"
	"command, as the per-cluster lines would: with --ca DIR or --ca-generate DIR each\n"
	"cluster's cacerts, then each cluster's Istio (--mesh-id, default mesh1; the\n"
	"cluster name from --cluster-names or the context; its network, and the east-west\n"
	"gateway and exposed services when the networks differ), then every cluster's\n"
	"remote secret in every other. Every context is checked first (known, reachable,\n"
	"serving the Sail API, distinct clusters), and the CA directory verified; nothing\n"
	"changes anywhere when one fails. Contexts run side by side, one child process\n"
	"each; a re-run converges. --plan prints the steps (-o json), --dry-run=client\n"
	"-o yaml each context's documents after '# context: NAME'.\n"
	"--model primary-remote --primary CTX=NET --remotes CTX=NET,...: the primary with\n"
	"istiod exposed on its east-west gateway, then (once the gateway has its address)\n"
	"each remote reading it (--primary-context), then each remote's secret on the\n"
	"primary; equal networks give the single-network setting."
	"\n"
	"Gateways ('install east-west-gateway|expose-services|expose-istiod|\n"
	"controlplane-gateway', or the flags above) are the Sail docs' reference files\n"
	"with these fields parametrised: the namespace (-n, the control plane's,\n"
	"default istio-system), the network label and ISTIO_META_REQUESTED_NETWORK_VIEW\n"
	"(--network), the revision label istio.io/rev (--revision REV, or the active\n"
	"revision of --istio NAME; default \"default\", whose pods carry no label), the\n"
	"istiod host (istiod[-REV].NS.svc.cluster.local), and the image: \"auto\", with\n"
	"gateway injection, so the revision's proxy is used (controlplane-gateway's\n"
	"pinned 1.22 image and disabled injection are replaced). --wait waits for the\n"
	"gateway Service's load-balancer address and prints it.\n"
	"\n"
	"'install waypoint [NAME] -n NS' applies the waypoint Gateway (name default\n"
	"\"waypoint\", a DNS label): gatewayClassName istio-waypoint, listener mesh on\n"
	"15008/HBONE, label istio.io/waypoint-for from --for (default service). It is\n"
	"refused, naming the missing CRDs, when the cluster does not serve the Gateway\n"
	"API. --enroll-namespace labels NS istio.io/use-waypoint=NAME; --wait waits\n"
	"until the Gateway is Programmed.\n"
	"\n"
	"'install operator' installs the Sail Operator and its CRDs (the Sail and Istio\n"
	"API CRDs of the version, compiled into kubectl-sail): without OLM, the objects of\n"
	"the operator's Helm chart with default values (namespace -n, default\n"
	"sail-operator; ServiceAccount, RBAC, metrics Service, Deployment), server-side\n"
	"applied; with OLM (detected from its CRDs, or --olm), a Subscription to package\n"
	"sailoperator (namespace default openshift-operators, where OpenShift's global\n"
	"OperatorGroup is; elsewhere an OperatorGroup for all namespaces too). It says\n"
	"which path it takes. Re-running changes nothing. A newer operator, or Sail CRDs\n"
	"newer than the version's, are refused unless --allow-downgrade; older CRDs are\n"
	"updated, keeping every version objects are still stored in. --wait waits for\n"
	"the CRDs to be Established and the Deployment rolled out (OLM: the CSV to reach\n"
	"Succeeded). --dry-run=client -o yaml prints everything, for kubectl apply\n"
	"--server-side -f -.\n"
	"\n"
	"'install kiali --istio NAME' applies (or prints, --dry-run=client) the Kiali\n"
	"resource with the revision's ConfigMap, injector, Deployment and version URL\n"
	"filled in; --prometheus-url sets Prometheus's URL.\n"
	"\n"
	"--wait watches what was applied until the Sail Operator reports it: Ready for\n"
	"Istio and IstioCNI, Reconciled for tags and for a remote-profile Istio (its Ready\n"
	"needs the primary's istiod). On timeout every condition that is not True is\n"
	"printed with its reason and message.",
	.examples =
	"  # Install the default control plane in istio-system, newest supported version\n"
	"  kubectl sail install\n"
	"\n"
	"  # A RevisionBased control plane with a stable tag and CNI\n"
	"  kubectl sail install --version v1.30.3 --update-strategy RevisionBased \\\n"
	"    --revision-grace-period 30 --tag default --cni\n"
	"\n"
	"  # Values by path, typed by the CRD schema\n"
	"  kubectl sail install --set pilot.resources.requests.cpu=100m --set pilot.env.PILOT_ENABLE_STATUS=true\n"
	"\n"
	"  # Print what would be applied, for kubectl apply\n"
	"  kubectl sail install --dry-run=client -o yaml | kubectl apply -f -\n"
	"\n"
	"  # Re-apply an existing Istio with one more value (everything else is kept)\n"
	"  kubectl get istio default -o yaml | kubectl sail install -f - --set pilot.env.X=true\n"
	"\n"
	"  # Ambient mode: Istio, IstioCNI and ZTunnel, waiting until all three are ready\n"
	"  kubectl sail install --ambient --wait\n"
	"\n"
	"  # Inject the namespaces bookinfo and shop with the control plane \"default\"\n"
	"  kubectl sail install namespace bookinfo shop --istio default\n"
	"\n"
	"  # Multi-primary, multi-network: the same line on each cluster, with its name and network\n"
	"  kubectl sail install --context cluster1 --mesh-id mesh1 --cluster-name cluster1 \\\n"
	"    --network network1 --east-west-gateway --expose-services\n"
	"\n"
	"  # Primary-remote: the remote reads the primary's gateway address and cluster name\n"
	"  kubectl sail install --context cluster2 --remote --cluster-name cluster2 \\\n"
	"    --network network2 --primary-context cluster1\n"
	"\n"
	"  # A multi-primary, multi-network mesh on two clusters with a new shared CA\n"
	"  kubectl sail install --model multi-primary --contexts cluster1=network1,cluster2=network2 \\\n"
	"    --ca-generate certs\n"
	"\n"
	"  # The Sail Operator first, then a control plane: the quick start\n"
	"  kubectl sail install operator --wait && kubectl sail install --wait\n"
	"\n"
	"  # Versions this build knows\n"
	"  kubectl sail install --list-versions\n",
	.tables = tables,
	.words = words, .words_help = words_help,
	.words_args = (const struct word_args[]){
		{ "cni", COMPK_CNIS }, { "namespace", COMPK_NAMESPACES }, { NULL } },
};
