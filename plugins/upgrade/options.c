#include "sail.h"
#include "cliflags.h"
#include "commands.h"

#include "upgrade/upgrade_opts.h"

static const char *const restarts[] = { "namespaces", "all", "none", NULL };

static const struct opt upgrade_opts[] = {
	/* Shadows the built-in --version, as install's does. */
	{ UOPT_VERSION, "version", 0, OPT_STRING, "VERSION", NULL, NULL, NULL, 0,
	  "Target Istio version or alias (see kubectl sail install --list-versions)" },
	{ UOPT_RESTART, "restart", 0, OPT_STRING, "WHICH", "namespaces", NULL, restarts, 0,
	  "Restart workloads with stale proxies: namespaces (in namespaces that follow this Istio), all (also pods labelled in unlabelled namespaces), none (only list them)" },
	{ UOPT_PLAN, "plan", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Print the ordered steps and change nothing (-o json|yaml for data)" },
	{ UOPT_YES, "yes", 'y', OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Do not ask for confirmation on a terminal" },
	{ UOPT_ALLOW_DOWNGRADE, "allow-downgrade", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Allow a target older than the current version" },
	{ UOPT_RETAG, "retag", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Move IstioRevisionTags that name the old revision to the new one" },
	{ UOPT_CNI, "cni", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Upgrade IstioCNI \"default\" to the same version first" },
	{ UOPT_ROLLBACK, "rollback", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Go back to the version and namespace labels recorded by the last kubectl sail upgrade" },
	{ UOPT_FILENAME, "filename", 'f', OPT_STRING, "FILE", NULL, NULL, NULL, OPT_FILE,
	  "With --dry-run=client: upgrade the Istio (or IstioCNI) read from FILE (- for stdin) and print it" },
	{ UOPT_CONTEXTS, "contexts", 0, OPT_LIST, "CTX,...", NULL, NULL, NULL, 0,
	  "Fleet: upgrade these contexts' clusters: every one checked (--plan) first, control planes before remotes, stopping at the first failure" },
	{ UOPT_PARALLEL, "parallel", 0, OPT_INT, "N", "1", NULL, NULL, 0,
	  "With --contexts: how many clusters to upgrade at a time" },
	{ WOPT_WAIT, "wait", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Also wait until the old revision is pruned, or say what still uses it" },
	{ WOPT_TIMEOUT, "timeout", 0, OPT_STRING, "DURATION", "10m", NULL, NULL, OPT_DURATION,
	  "How long the whole upgrade may wait" },
	{ 0 }
};

static const struct opt *const tables[] = {
	upgrade_opts, output_opts, write_opts, kube_global_opts, builtin_opts, NULL
};
static const char *const words[] = { "cni", "operator", NULL };
static const char *const words_help[] = {
	"Upgrade IstioCNI \"default\"",
	"Upgrade the Sail Operator and its CRDs (plain manifests or OLM)", NULL
};

const struct command command_upgrade = {
	.name = "upgrade",
	.file = "upgrade",
	.summary = "Upgrade a control plane InPlace or RevisionBased, migrating workloads",
	.usage = "[ISTIO] --version VERSION [flags]",
	.description =
	"Upgrade an Istio control plane (default \"default\") and move its workloads, in\n"
	"order, each step checking the cluster first (so running the same command again\n"
	"after an interruption continues where it stopped):\n"
	"\n"
	"  InPlace:       patch spec.version, wait until the Istio is Ready on it, restart\n"
	"                 the workloads whose proxy image is not the one the injector\n"
	"                 gives now.\n"
	"  RevisionBased: patch spec.version, wait until the new IstioRevision is Ready,\n"
	"                 relabel namespaces labelled istio.io/rev=OLD to the new revision\n"
	"                 (the old value is kept in the annotation\n"
	"                 kubectl-sail/previous-revision), move tags that name OLD\n"
	"                 (--retag; without it they are reported), restart the workloads\n"
	"                 still on OLD. Namespaces that follow a tag of the Istio need\n"
	"                 nothing.\n"
	"\n"
	"Restarts are those of kubectl rollout restart, one workload at a time, each\n"
	"waited for. --wait then waits until the old revision is pruned. Refused before\n"
	"any change: unknown or end-of-life versions, downgrades (--allow-downgrade),\n"
	"more than one minor (InPlace) or two (RevisionBased), an IstioCNI that would be\n"
	"more than one minor away (--cni, or 'upgrade cni' first), failing revisions or\n"
	"tags, and an operator that does not reconcile within 30 s.\n"
	"\n"
	"--plan prints the steps (-o json|yaml: {istio, strategy, from, to, steps[],\n"
	"notes[]}); --rollback restores the recorded labels and previous version.\n"
	"'upgrade cni --version V' upgrades IstioCNI \"default\" alone.\n"
	"\n"
	"'upgrade operator [--version V]' upgrades the installed Sail Operator to a\n"
	"version this build embeds (default the newest), on the path it was installed\n"
	"by: from plain manifests, the CRDs first (older ones updated, every stored\n"
	"version kept), then its objects, refusing a downgrade without\n"
	"--allow-downgrade (--wait: until rolled out); through OLM, by approving the\n"
	"InstallPlan of the version's CSV (OLM follows the Subscription's channel).",
	.examples =
	"  # Show the steps of an upgrade without changing anything\n"
	"  kubectl sail upgrade default --version v1.30.3 --plan\n"
	"\n"
	"  # Upgrade, move the workloads and wait until the old revision is pruned\n"
	"  kubectl sail upgrade --version v1.30.3 --wait --yes\n"
	"\n"
	"  # The Sail Operator and its CRDs to the version this build embeds\n"
	"  kubectl sail upgrade operator --wait\n"
	"\n"
	"  # Undo it\n"
	"  kubectl sail upgrade --rollback --yes\n"
	"\n"
	"  # Upgrade a resource file without a cluster\n"
	"  kubectl get istio default -o yaml | kubectl sail upgrade -f - --version v1.30.3 --dry-run=client -o yaml\n",
	.tables = tables,
	.words = words, .words_help = words_help,
	.args = COMPK_ISTIOS,
	.words_args = (const struct word_args[]){ { "cni", COMPK_CNIS }, { NULL } },
};
