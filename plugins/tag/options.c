#include "sail.h"
#include "cliflags.h"
#include "commands.h"

#include "tag/tag_opts.h"

static const struct opt tag_opts[] = {
	{ TOPT_REVISION, "revision", 'r', OPT_STRING, "REV", NULL, NULL, NULL, 0,
	  "set, generate: point the tag at the IstioRevision REV" },
	{ TOPT_ISTIO, "istio", 0, OPT_STRING, "NAME", NULL, NULL, NULL, 0,
	  "set, generate: point the tag at the Istio NAME (it follows the Istio's active revision)" },
	{ TOPT_OVERWRITE, "overwrite", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "set: replace the target of an existing tag" },
	{ TOPT_FORCE, "force", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "remove: remove the tag even while namespaces or pods reference it" },
	{ WOPT_WAIT, "wait", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "set: wait until the tag's status.istioRevision names the target revision" },
	{ WOPT_TIMEOUT, "timeout", 0, OPT_STRING, "DURATION", "2m", NULL, NULL, OPT_DURATION,
	  "How long --wait waits" },
	{ 0 }
};

static const struct opt *const tables[] = {
	tag_opts, output_opts, write_opts, kube_global_opts, builtin_opts, NULL
};
static const char *const words[] = { "set", "list", "remove", "generate", NULL };
static const char *const words_help[] = {
	"Point a tag at a revision or an Istio", "List tags and revisions",
	"Remove a tag", "Print a tag without applying it", NULL
};
const struct command command_tag = {
	.name = "tag",
	.file = "tag",
	.summary = "Set, list and remove IstioRevisionTags",
	.usage = "(set|list|remove|generate) [TAG] [flags]",
	.description =
	"Manage IstioRevisionTag resources (cluster-scoped, sailoperator.io/v1), with the\n"
	"guards istioctl tag has and the ones the Sail Operator needs.\n"
	"\n"
	"'tag set TAG --revision REV | --istio NAME' server-side applies the tag (field\n"
	"manager kubectl-sail). It refuses, writing nothing, when TAG is the name of an\n"
	"existing IstioRevision or of an Istio's active revision (an InPlace Istio named\n"
	"\"default\" has the revision \"default\": the operator would report\n"
	"NameAlreadyExists and install nothing), when the tag exists with another\n"
	"targetRef and --overwrite is missing, when the target does not exist, and when\n"
	"the target revision uses the remote profile (spec.values.profile; for an Istio,\n"
	"spec.profile too). --wait waits (--timeout, default 2m) until the operator has\n"
	"resolved the tag: status.istioRevision names the target revision.\n"
	"\n"
	"'tag generate TAG ...' prints the tag as YAML without contacting a server, as\n"
	"'tag set --dry-run=client -o yaml' does.\n"
	"\n"
	"'tag list' prints NAME, STATUS, IN USE, REVISION and AGE as the CRD's printer\n"
	"columns do (STATUS .status.state, IN USE the InUse condition, REVISION\n"
	"status.istioRevision), and with -o wide NAMESPACES: the namespaces referencing\n"
	"the tag by the operator's rules (istio.io/rev=TAG; istio-injection=enabled\n"
	"refers to \"default\"). Revisions no tag points at are listed with an empty NAME,\n"
	"as istioctl tag list does; their STATUS, IN USE, AGE and NAMESPACES are the\n"
	"revision's own. Rows are sorted by revision, then by tag. -o json|yaml|name|\n"
	"jsonpath print the IstioRevisionTag objects, as kubectl get does.\n"
	"\n"
	"'tag remove TAG' deletes the tag; it refuses while namespaces (istio.io/rev=TAG,\n"
	"or istio-injection=enabled for \"default\") or pods (labels, in namespaces that\n"
	"reference nothing) reference it, and names them, unless --force; \"default\" also\n"
	"while its revision sets sidecarInjectorWebhook.enableNamespacesByDefault.",
	.examples =
	"  # Point the prod-stable tag at the Istio named default\n"
	"  kubectl sail tag set prod-stable --istio default\n"
	"\n"
	"  # Move the default tag to a new revision and wait for the operator\n"
	"  kubectl sail tag set default --revision default-v1-30-3 --overwrite --wait\n"
	"\n"
	"  # Tags, revisions and the namespaces that use them\n"
	"  kubectl sail tag list -o wide\n"
	"\n"
	"  # Print a tag for kubectl apply\n"
	"  kubectl sail tag generate canary --revision default-v1-30-3\n"
	"\n"
	"  # Remove a tag nothing uses any more\n"
	"  kubectl sail tag remove prod-stable\n",
	.tables = tables,
	.words = words, .words_help = words_help,
	.words_args = (const struct word_args[]){
		{ "set", COMPK_TAGS }, { "remove", COMPK_TAGS }, { "generate", COMPK_TAGS },
		{ NULL } },
};
