#include "sail.h"
#include "cliflags.h"
#include "commands.h"

static const struct opt *const tables[] = {
	output_opts, write_opts, kube_global_opts, builtin_opts, NULL
};

const struct command command_upgrade = {
	.name = "upgrade",
	.file = "upgrade",
	.summary = "Upgrade a control plane InPlace or RevisionBased, migrating workloads",
	.usage = "[ISTIO] --version VERSION [flags]",
	.description = "Upgrade an Istio control plane and move its workloads: patch the version, wait for\nthe new revision, relabel namespaces, restart stale workloads, wait for pruning.\n\nNot implemented yet: this build only prints its usage.",
	.examples = "  # Show the steps of an upgrade without changing anything\n  kubectl sail upgrade default --version v1.28.0 --plan\n",
	.tables = tables,
	
};
