#include "sail.h"
#include "cliflags.h"
#include "commands.h"

#include "uninstall/uninstall_opts.h"

static const struct opt uninstall_opts[] = {
	{ UOPT_ALL, "all", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Every Istio, and every IstioRevision no Istio owns" },
	{ UOPT_TAGS, "tags", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Remove the IstioRevisionTags that target what is removed (with --all: every tag); without it they block" },
	{ UOPT_CNI, "cni", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Also remove IstioCNI and ZTunnel \"default\"" },
	{ UOPT_NAMESPACES, "namespaces", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Also delete the control-plane namespaces that hold nothing else" },
	{ UOPT_REMOTE_SECRETS, "remote-secrets", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Also delete remote secrets and the reader ServiceAccount, ClusterRole and binding 'remote-secret' created" },
	{ UOPT_CA, "ca", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Also delete the cacerts Secret (the mesh's intermediate CA)" },
	{ UOPT_GATEWAYS, "gateways", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Also delete the gateways and Gateway/VirtualService objects 'install' created in the control planes' namespaces (implied by --all)" },
	{ UOPT_CRDS, "crds", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Also delete the sailoperator.io CRDs (refused while any Sail resource remains); keeps Istio's *.istio.io CRDs (--istio-crds)" },
	{ UOPT_ISTIO_CRDS, "istio-crds", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Also delete Istio's *.istio.io CRDs, after the Sail ones (refused while resources of those kinds remain, unless --force)" },
	{ UOPT_FORCE, "force", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Uninstall although namespaces or pods use the revisions, delete the CRDs although the operator runs, or the Istio CRDs although resources of theirs remain" },
	{ UOPT_CONTEXTS, "contexts", 0, OPT_LIST, "CTX,...", NULL, NULL, NULL, 0,
	  "Uninstall from these contexts' clusters: every one checked (--dry-run=client) first, remotes before control planes, in reverse order" },
	{ UOPT_PARALLEL, "parallel", 0, OPT_INT, "N", "1", NULL, NULL, 0,
	  "With --contexts: how many clusters at a time" },
	{ WOPT_WAIT, "wait", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Wait until each step's objects are gone (the revisions' finalizers have uninstalled the charts) before the next" },
	{ WOPT_TIMEOUT, "timeout", 0, OPT_STRING, "DURATION", "5m", NULL, NULL, OPT_DURATION,
	  "How long --wait waits, in all" },
	{ 0 }
};

static const struct opt *const tables[] = {
	uninstall_opts, output_opts, delete_opts, kube_global_opts, builtin_opts, NULL
};
static const char *const words[] = { "waypoint", "operator", NULL };
static const char *const words_help[] = {
	"An ambient waypoint: the labels that route to it, then its Gateway",
	"The Sail Operator (its CRDs only with --crds, --istio-crds)", NULL
};

const struct command command_uninstall = {
	.name = "uninstall",
	.file = "uninstall",
	.summary = "Remove control planes, CNI, tags and leftovers in the right order",
	.usage = "[ISTIO...|--all] [flags]",
	.description =
	"Remove Istio control planes and what the other commands created, in the order\n"
	"the operator needs:\n"
	"\n"
	"  0. the gateways 'install' created (east-west, ingress, and the Gateway and\n"
	"     VirtualService objects exposing services and istiod; recognised by the\n"
	"     field manager kubectl-sail) in the removed control planes' namespaces\n"
	"     (--gateways; --all: in every namespace): their pods use the revision\n"
	"  1. the IstioRevisionTags that target what is removed (--tags)\n"
	"  2. the Istio resources (ISTIO... or --all; --all also deletes IstioRevisions no\n"
	"     Istio owns); the garbage collector deletes the IstioRevisions each Istio\n"
	"     owns, and their finalizers uninstall the charts\n"
	"  3. IstioCNI and ZTunnel \"default\" (--cni)\n"
	"  4. the control-plane namespaces (spec.namespace of what is removed) that\n"
	"     hold nothing but the operator's objects and what this run removes\n"
	"     (--namespaces); the others are named with what they hold\n"
	"  5. remote secrets (label istio/multiCluster=true), the reader ServiceAccount,\n"
	"     ClusterRole and ClusterRoleBinding and token Secret 'kubectl sail\n"
	"     remote-secret' created (--remote-secrets), the cacerts Secret (--ca): in\n"
	"     the removed control planes' namespaces, with --all in every namespace\n"
	"  6. the kubectl-sail/previous-revision annotations naming a removed revision\n"
	"  7. the sailoperator.io CRDs (--crds); Istio's *.istio.io CRDs stay\n"
	"  8. Istio's *.istio.io CRDs (--istio-crds), refused while a resource of\n"
	"     theirs would remain (kinds and counts named) unless --force\n"
	"\n"
	"It refuses, deleting nothing, while a namespace or pod references a revision\n"
	"or tag being removed (by the operator's rules, as 'tag remove' does) and names\n"
	"them, unless --force; while a tag targets what is removed, unless --tags; and\n"
	"with --crds while a Sail resource would remain, without --wait while any\n"
	"exists (the operator's finalizers must run before the CRDs go), or, unless\n"
	"--force, while a Deployment named sail-operator is scaled above zero.\n"
	"\n"
	"--wait waits after each step until its objects (and the Istios' revisions)\n"
	"are gone, --timeout in all; without it, what is still terminating is named at\n"
	"the end. Each deletion prints kubectl delete's line (-o name: KIND.GROUP/NAME;\n"
	"-o json|yaml: the objects as a List). --dry-run=client lists exactly what\n"
	"would be deleted, in order. Every step is idempotent: a second run finds\n"
	"nothing left.\n"
	"\n"
	"'uninstall waypoint [NAME] -n NS' removes an ambient waypoint (default name\n"
	"\"waypoint\"): first the istio.io/use-waypoint(-namespace) labels that route\n"
	"to it from namespaces and Services, then its Gateway (istiod then removes its\n"
	"Deployment and Service).\n"
	"\n"
	"'uninstall operator' removes the Sail Operator in the documented order: the\n"
	"Sail resources first, while the operator runs to remove their finalizers\n"
	"(refused while any exists unless --force, which deletes Istio, IstioCNI,\n"
	"ZTunnel, IstioRevisionTag and unowned IstioRevision objects in that order and\n"
	"waits until each is gone); then the operator (OLM: its Subscription, CSV and\n"
	"the OperatorGroup 'install operator' created; plain manifests: the chart's\n"
	"objects in reverse order); then its namespace (never openshift-operators, nor\n"
	"one holding another Deployment). The CRDs stay unless --crds (sailoperator.io)\n"
	"or --istio-crds (*.istio.io, refused while objects of theirs remain unless\n"
	"--force): deleting a CRD deletes every object of its kind.",
	.examples =
	"  # Show what would be removed\n"
	"  kubectl sail uninstall --all --dry-run=client\n"
	"\n"
	"  # Remove the Istio named default and the tags that point at it\n"
	"  kubectl sail uninstall default --tags --wait\n"
	"\n"
	"  # Everything the guides install, and the CRDs\n"
	"  kubectl sail uninstall --all --tags --cni --namespaces --remote-secrets --ca --crds --wait\n"
	"\n"
	"  # The Sail Operator itself, and its CRDs\n"
	"  kubectl sail uninstall operator --crds --istio-crds\n"
	"\n"
	"  # The guides' cleanup, Istio's CRDs included\n"
	"  kubectl sail uninstall --all --tags --cni --namespaces --crds --istio-crds --wait\n",
	.tables = tables,
	.args = COMPK_ISTIOS,
	.words = words, .words_help = words_help,
};
