#include "sail.h"
#include "cliflags.h"
#include "commands.h"

static const struct opt *const tables[] = {
	output_opts, write_opts, kube_global_opts, builtin_opts, NULL
};

const struct command command_status = {
	.name = "status",
	.file = "status",
	.summary = "Show control planes, revisions, tags and workloads",
	.usage = "[ISTIO] [flags]",
	.description = "Show the health of every Istio control plane, its revisions and tags, why each\nrevision is in use, and which workloads still run an old proxy.\n\nNot implemented yet: this build only prints its usage.",
	.examples = "  # Everything about the current context\n  kubectl sail status\n",
	.tables = tables,
	
};
