#include "sail.h"
#include "cliflags.h"
#include "commands.h"

#include "install/install_opts.h"

static const char *const strategies[] = { "InPlace", "RevisionBased", NULL };

static const struct opt install_opts[] = {
	{ IOPT_NAME, "name", 0, OPT_STRING, "NAME", NULL, NULL, NULL, 0,
	  "Name of the Istio resource (default \"default\"; also the positional NAME)" },
	/* Shadows the built-in --version, as a command's own flag does in
	 * kubectl: 'kubectl sail version' prints the program's. */
	{ IOPT_VERSION, "version", 0, OPT_STRING, "VERSION", NULL, NULL, NULL, 0,
	  "Istio version or alias (default: the newest supported release; see --list-versions)" },
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
	{ WOPT_WAIT, "wait", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Wait until the operator reports every applied Istio, IstioCNI and tag ready (remote profile: Reconciled)" },
	{ WOPT_TIMEOUT, "timeout", 0, OPT_STRING, "DURATION", "3m", NULL, NULL, 0,
	  "How long --wait waits" },
	{ IOPT_ISTIO, "istio", 0, OPT_STRING, "NAME", NULL, NULL, NULL, 0,
	  "install namespace: the Istio whose active revision injects the namespaces" },
	{ IOPT_REVISION, "revision", 0, OPT_STRING, "REV", NULL, NULL, NULL, 0,
	  "install namespace: the revision that injects the namespaces" },
	{ IOPT_FROM_ISTIOOPERATOR, "from-istiooperator", 0, OPT_STRING, "FILE", NULL, NULL, NULL, OPT_FILE,
	  "Start from an IstioOperator (- for stdin), converted field by field; what is not carried is named in a warning" },
	{ 0 }
};

static const struct opt *const tables[] = {
	install_opts, output_opts, write_opts, kube_global_opts, builtin_opts, NULL
};
static const char *const words[] = { "cni", "namespace", NULL };
static const char *const words_help[] = {
	"Install IstioCNI \"default\" alone",
	"Label namespaces for injection by a control plane", NULL
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
	"'install cni' installs IstioCNI alone. 'install namespace NS...' labels namespaces for injection: istio.io/rev=REVISION\n"
	"of --istio NAME (default \"default\"), --tag TAG or --revision REV, or\n"
	"istio-injection=enabled when that is \"default\" (never both), plus the labels\n"
	"the mesh's discovery selectors need; a namespace another mesh selects is refused.\n"
	"\n"
	"--from-istiooperator FILE converts an IstioOperator: metadata.name, spec.namespace,\n"
	"spec.profile, spec.hub/tag (values.global), spec.meshConfig (values.meshConfig),\n"
	"spec.values, components.pilot.enabled, components.cni (an IstioCNI) and\n"
	"components.ztunnel (a ZTunnel); everything else is named in a warning.\n"
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
	"  # Re-apply an existing Istio at another version\n"
	"  kubectl get istio default -o yaml | kubectl sail install -f - --version v1.30-latest\n"
	"\n"
	"  # Inject the namespaces bookinfo and shop with the control plane \"default\"\n"
	"  kubectl sail install namespace bookinfo shop --istio default\n"
	"\n"
	"  # Versions this build knows\n"
	"  kubectl sail install --list-versions\n",
	.tables = tables,
	.words = words, .words_help = words_help,
};
