#include "sail.h"
#include "cliflags.h"
#include "commands.h"

static const struct opt *const tables[] = {
	output_opts, write_opts, kube_global_opts, builtin_opts, NULL
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
	.description = "Manage IstioRevisionTag resources, with the guards istioctl tag has.\n\nNot implemented yet: this build only prints its usage.",
	.examples = "  # Point the prod-stable tag at the Istio named default\n  kubectl sail tag set prod-stable --istio default\n",
	.tables = tables,
	.words = words, .words_help = words_help,
};
