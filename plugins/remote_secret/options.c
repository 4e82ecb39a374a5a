#include "sail.h"
#include "cliflags.h"
#include "commands.h"
#include "remote_secret/remote_secret.h"

static const char *const types[] = { "remote", "config", NULL };

/* Listed before the global flags: --server and --tls-server-name here
 * describe the URL written into the Secret (as istioctl's), shadowing
 * kubectl's flags of the same names. */
static const struct opt rs_opts[] = {
	{ RS_OPT_NAME, "name", 0, OPT_STRING, "CLUSTER", NULL, NULL, NULL, 0,
	  "Cluster name (a DNS-1123 label): the data key, annotation and Secret name suffix; default the kube-system namespace's UID" },
	{ RS_OPT_SERVER, "server", 0, OPT_STRING, "URL", NULL, NULL, NULL, 0,
	  "API server URL written into the Secret instead of the context's" },
	{ RS_OPT_SERVER_FROM_NODE, "server-from-node", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Write https://<control-plane node InternalIP>:6443 (kind clusters)" },
	{ RS_OPT_TYPE, "type", 0, OPT_STRING, "TYPE", "remote", NULL, types, 0,
	  "remote (istio-remote-secret-<name>) or config (istio-kubeconfig, key \"config\")" },
	{ RS_OPT_SERVICE_ACCOUNT, "service-account", 0, OPT_STRING, "NAME", NULL, NULL, NULL, 0,
	  "Service account whose token the Secret carries (default istio-reader-service-account; istiod for --type config)" },
	{ RS_OPT_CREATE_SERVICE_ACCOUNT, "create-service-account", 0, OPT_BOOL, NULL, "true", NULL, NULL, 0,
	  "Create the service account and its reader RBAC when missing" },
	{ RS_OPT_SECRET_NAME, "secret-name", 0, OPT_STRING, "NAME", NULL, NULL, NULL, 0,
	  "Use this service-account token Secret" },
	{ RS_OPT_TLS_SERVER_NAME, "tls-server-name", 0, OPT_STRING, "NAME", NULL, NULL, NULL, 0,
	  "Write tls-server-name into the Secret's kubeconfig" },
	{ RS_OPT_TOKEN_EXPIRATION, "token-expiration", 0, OPT_STRING, "DURATION", NULL, NULL, NULL, 0,
	  "Use a bound token from the TokenRequest API valid this long (e.g. 24h, at least 10m) instead of a token Secret" },
	{ RS_OPT_APPLY_TO, "apply-to", 0, OPT_LIST, "CONTEXT", NULL, NULL, NULL, 0,
	  "Apply the Secret to this context's cluster instead of printing it (repeatable)" },
	{ RS_OPT_CREATE_NAMESPACE, "create-namespace", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "With --apply-to or --mesh: create the namespace in a target cluster that lacks it" },
	{ RS_OPT_MESH, "mesh", 0, OPT_STRING, "CTX1,CTX2[,...]", NULL, NULL, NULL, 0,
	  "Wire every ordered pair of these contexts (multi-primary): each cluster's Secret applied to every other" },
	{ RS_OPT_TIMEOUT, "timeout", 0, OPT_STRING, "DURATION", "60s", NULL, NULL, OPT_DURATION,
	  "How long to wait for the token controller to fill the token Secret, and for the Sail Operator's reader account" },
	{ 0 }
};

static const struct opt *const tables[] = {
	rs_opts, output_opts, write_opts, kube_global_opts, builtin_opts, NULL
};

const struct command command_remote_secret = {
	.name = "remote-secret",
	.file = "remote_secret",
	.summary = "Create istioctl-compatible remote secrets",
	.usage = "--name CLUSTER [flags]",
	.description = "Create a Secret that lets another cluster's control plane read this cluster,\n"
		"structurally identical to istioctl create-remote-secret.\n\n"
		"In the source cluster (--context) it makes sure the reader service account exists.\n"
		"Where a Sail Istio or IstioRevision has its control plane in the namespace, the\n"
		"account is the operator's (its Helm charts refuse to adopt objects they did not\n"
		"create): it waits for it (--timeout) and creates nothing. Elsewhere it creates it\n"
		"and istioctl's istio-reader ClusterRole and binding when missing (unless\n"
		"--create-service-account=false). It finds or creates the token Secret and waits\n"
		"until the token controller has filled it. The Secret's namespace is -n, else\n"
		"istio-system, never the kubeconfig context's default namespace. A loopback server\n"
		"URL gets a warning: other clusters cannot reach it (use --server or\n"
		"--server-from-node).\n\n"
		"With --apply-to the Secret is applied to the given contexts (created, left alone\n"
		"when identical, replaced when the kubeconfig inside differs), one line per context.",
	.examples = "  # Let cluster2 read cluster1\n"
		"  kubectl sail remote-secret --context cluster1 --name cluster1 | kubectl apply --context cluster2 -f -\n\n"
		"  # The same, applied directly, with the node address kind clusters need\n"
		"  kubectl sail remote-secret --context cluster1 --name cluster1 --server-from-node --apply-to cluster2\n\n"
		"  # A bound token valid for one day\n"
		"  kubectl sail remote-secret --context cluster1 --name cluster1 --token-expiration 24h\n\n"
		"  # Multi-primary: every cluster reads every other\n"
		"  kubectl sail remote-secret --mesh cluster1,cluster2\n",
	.tables = tables,
};
