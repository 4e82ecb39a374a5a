#include "sail.h"
#include "cliflags.h"
#include "commands.h"

#include "precheck/precheck_opts.h"

static const char *const formats[] = { "json", "yaml", NULL };

static const struct opt precheck_opts[] = {
	/* Shadows the built-in --version, as install's does. */
	{ POPT_VERSION, "version", 0, OPT_STRING, "VERSION", NULL, NULL, NULL, 0,
	  "The Istio version to check for (default: the newest supported release)" },
	{ POPT_OUTPUT, "output", 'o', OPT_STRING, "FORMAT", NULL, NULL, formats, 0,
	  "Output format: json or yaml ({findings: [{severity, check, message}], errors, warnings})" },
	{ 0 }
};

static const struct opt *const tables[] = {
	precheck_opts, kube_global_opts, builtin_opts, NULL
};

const struct command command_precheck = {
	.name = "precheck",
	.file = "precheck",
	.summary = "Check a cluster before installing the Sail Operator or Istio (read-only)",
	.usage = "[flags]",
	.description =
	"Check, without changing anything, what installing the Sail Operator and an\n"
	"Istio control plane needs, as istioctl x precheck does. One line per finding\n"
	"with its severity (Error, Warning, Info):\n"
	"\n"
	"  kubernetes    the server's version against the Sail Operator's minimum and\n"
	"                the Kubernetes versions the Istio version (--version) supports\n"
	"  crds          the Sail CRDs: present, older or newer than this build's, and\n"
	"                whether they accept the Istio version\n"
	"  operator      the Sail Operator's Deployment: present and rolled out\n"
	"  leftovers     IstioOperator resources, istiod Deployments no IstioRevision\n"
	"                owns (istioctl or Helm installs), injector webhooks of another\n"
	"                control plane for the default revision, namespaces with both\n"
	"                istio-injection and istio.io/rev\n"
	"  permissions   what install operator and install create, asked of the server\n"
	"                (SelfSubjectAccessReview)\n"
	"\n"
	"'install operator' runs the same checks first and stops on an Error unless\n"
	"--skip-precheck. Exit status: 0 when nothing was found, 2 when there is a\n"
	"Warning or an Error, 1 when the cluster could not be read. -o json|yaml:\n"
	"{findings: [{severity, check, message}], errors: N, warnings: N}.",
	.examples =
	"  # Before the quick start\n"
	"  kubectl sail precheck && kubectl sail install operator --wait\n"
	"\n"
	"  # For a given Istio version, as data\n"
	"  kubectl sail precheck --version v1.29.6 -o json\n",
	.tables = tables,
	.in_dispatcher = true,
};
