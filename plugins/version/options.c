#include "sail.h"
#include "cliflags.h"
#include "commands.h"

#include "version/version_opts.h"

static const char *const formats[] = { "json", "yaml", NULL };

static const struct opt version_opts[] = {
	{ VOPT_SHORT, "short", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Print the version numbers only" },
	{ VOPT_REMOTE, "remote", 0, OPT_BOOL, NULL, "true", NULL, NULL, 0,
	  "Also read the cluster's versions (--remote=false: the client only, offline)" },
	{ VOPT_OUTPUT, "output", 'o', OPT_STRING, "FORMAT", NULL, NULL, formats, 0,
	  "Output format: json or yaml" },
	{ 0 }
};

static const struct opt *const tables[] = {
	version_opts, kube_global_opts, builtin_opts, NULL
};

const struct command command_version = {
	.name = "version",
	.file = "version",
	.summary = "Print the client, cluster, control plane and data plane versions",
	.usage = "[flags]",
	.description =
	"Print the version of kubectl-sail (semantic version, commit, and the Istio\n"
	"version catalogue it carries) and, unless --remote=false, what runs in the\n"
	"cluster, as istioctl version does: the Kubernetes server version, the Sail\n"
	"Operator's version, each Istio's version and active revision, the IstioCNI\n"
	"and ZTunnel versions, and the data plane: proxies counted by version (the\n"
	"image tag of their istio-proxy container where status reads images, else\n"
	"the version of the revision that injected them). The cluster is read as\n"
	"'kubectl sail status' reads it.\n"
	"\n"
	"An unreachable cluster prints the client's lines, then the error, and exits\n"
	"1. -o json|yaml prints one document: clientVersion, serverVersion,\n"
	"sailOperator, istios, revisions, cni, ztunnel and dataPlane.",
	.examples =
	"  # Client and cluster\n"
	"  kubectl sail version\n"
	"\n"
	"  # The client only, offline\n"
	"  kubectl sail version --remote=false --short\n"
	"\n"
	"  # The control planes' versions, for a script\n"
	"  kubectl sail version -o json | jq -r '.istios[].version'\n",
	.tables = tables,
	.in_dispatcher = true,
};
