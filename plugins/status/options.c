#include "sail.h"
#include "cliflags.h"
#include "commands.h"

#include "status/status_opts.h"

static const struct opt status_opts[] = {
	{ SOPT_CHECK, "check", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Exit 0 only when every Istio, IstioCNI and ZTunnel is Healthy and no pod is stale (2 otherwise)" },
	{ SOPT_CONTEXTS, "contexts", 0, OPT_LIST, "CTX,...", NULL, NULL, NULL, 0,
	  "Query these kubeconfig contexts in parallel (comma-separated or repeated)" },
	{ SOPT_ALL_CONTEXTS, "all-contexts", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Query every kubeconfig context in parallel" },
	{ SOPT_WATCH, "watch", 'w', OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "After the first view, redraw whenever a Sail resource, namespace, pod or ConfigMap changes (watch streams; one context)" },
	{ 0 }
};

static const struct opt *const tables[] = {
	status_opts, output_opts, kube_global_opts, builtin_opts, NULL
};

const struct command command_status = {
	.name = "status",
	.file = "status",
	.summary = "Show control planes, revisions, tags and workloads",
	.usage = "[ISTIO] [flags]",
	.description =
	"Show, for the current context (or several), what 'kubectl get istio',\n"
	"'get istiorevision', 'get istiorevisiontag', 'get istiocni' and 'get pods'\n"
	"would tell, and what one would conclude from them:\n"
	"\n"
	"  - the server's own tables of Istio, IstioRevision, IstioRevisionTag,\n"
	"    IstioCNI and ZTunnel (the installed CRDs' printer columns);\n"
	"  - a verdict per Istio: Healthy, or the first condition that is not True\n"
	"    with its reason and message; a status.observedGeneration behind\n"
	"    metadata.generation means the Sail Operator may not be running;\n"
	"  - why each revision and tag is in use (namespaces, tags, pods), by the\n"
	"    operator's own rules, i.e. what blocks pruning;\n"
	"  - per namespace that references a revision or has meshed pods: what it\n"
	"    resolves to, which Istio's discoverySelectors include it, its meshed pods\n"
	"    by revision and the stale ones (injected by another revision, or with\n"
	"    another proxy image than their revision injects now): what still needs\n"
	"    a restart after an upgrade;\n"
	"  - sidecar injector and validation webhooks per revision, remote secrets\n"
	"    in each control-plane namespace, and the operator's version.\n"
	"\n"
	"ISTIO limits the view to one Istio, its revisions and what resolves to them.\n"
	"Proxy sync state (istioctl proxy-status) needs istiod and is not shown.\n"
	"-o json|yaml print the document described in docs/status.md; --jq runs on it.\n"
	"Several contexts are read in parallel; an unreachable one is reported and\n"
	"the others still shown; they end with the mesh view: per mesh ID its\n"
	"clusters, networks and east-west addresses, each remote secret a control\n"
	"plane needs (present or missing) and whether every cacerts has the same\n"
	"root CA. -o dot (Graphviz) and -o mermaid draw that view.\n"
	"Exit status: 0 when the status could be read, 1\n"
	"when it could not (for any context); with --check, 2 when it was read but\n"
	"something is not Healthy or stale.",
	.examples =
	"  # Everything about the current context\n"
	"  kubectl sail status\n"
	"\n"
	"  # One control plane, as a CI gate\n"
	"  kubectl sail status default --check\n"
	"\n"
	"  # Stale pods per namespace, from the JSON document\n"
	"  kubectl sail status --jq '.namespaces[] | select(.pods.stale > 0) | .name'\n"
	"\n"
	"  # Redraw on every change while an upgrade runs\n"
	"  kubectl sail status --watch\n"
	"\n"
	"  # Two clusters at once\n"
	"  kubectl sail status --contexts east,west\n"
	"\n"
	"  # The mesh they make, as a picture\n"
	"  kubectl sail status --contexts east,west -o dot | dot -Tsvg > mesh.svg\n",
	.tables = tables,
	.args = COMPK_ISTIOS,
};
