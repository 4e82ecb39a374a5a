#include "sail.h"
#include "cliflags.h"
#include "commands.h"

static const struct opt *const tables[] = {
	output_opts, write_opts, kube_global_opts, builtin_opts, NULL
};

const struct command command_remote_secret = {
	.name = "remote-secret",
	.file = "remote_secret",
	.summary = "Create istioctl-compatible remote secrets",
	.usage = "--name CLUSTER [flags]",
	.description = "Create a Secret that lets another cluster's control plane read this cluster,\nstructurally identical to istioctl create-remote-secret.\n\nNot implemented yet: this build only prints its usage.",
	.examples = "  # Let cluster2 read cluster1\n  kubectl sail remote-secret --context cluster1 --name cluster1 | kubectl apply --context cluster2 -f -\n",
	.tables = tables,
	
};
