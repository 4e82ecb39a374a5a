#include "sail.h"
#include "cliflags.h"
#include "commands.h"

static const struct opt *const tables[] = {
	output_opts, write_opts, kube_global_opts, builtin_opts, NULL
};

const struct command command_install = {
	.name = "install",
	.file = "install",
	.summary = "Install an Istio control plane, IstioCNI, namespaces and gateways",
	.usage = "[NAME] [flags]",
	.description = "Install an Istio control plane managed by the Sail Operator: the Istio resource,\nthe namespaces it needs, and optionally IstioCNI, a revision tag and gateways.\n\nNot implemented yet: this build only prints its usage.",
	.examples = "  # Install the default control plane in istio-system\n  kubectl sail install\n\n  # Print what would be applied, for kubectl apply\n  kubectl sail install --dry-run=client -o yaml | kubectl apply -f -\n",
	.tables = tables,
	
};
