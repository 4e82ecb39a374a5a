#include "sail.h"
#include "cliflags.h"
#include "commands.h"

static const struct opt *const tables[] = {
	output_opts, write_opts, kube_global_opts, builtin_opts, NULL
};

const struct command command_uninstall = {
	.name = "uninstall",
	.file = "uninstall",
	.summary = "Remove control planes, CNI, tags and leftovers in the right order",
	.usage = "[ISTIO|--all] [flags]",
	.description = "Remove Istio control planes and what the other commands created, in the order\nthe operator needs: tags, Istio resources, CNI, namespaces, secrets, CRDs.\n\nNot implemented yet: this build only prints its usage.",
	.examples = "  # Show what would be removed\n  kubectl sail uninstall --all --dry-run=client\n",
	.tables = tables,
	
};
