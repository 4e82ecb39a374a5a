#include "sail.h"
#include "cliflags.h"
#include "commands.h"

static const struct opt *const tables[] = {
	output_opts, write_opts, kube_global_opts, builtin_opts, NULL
};
static const char *const words[] = { "root", "intermediate", "secret", NULL };
static const char *const words_help[] = {
	"Create the root CA", "Create per-cluster intermediate CAs",
	"Print or apply the cacerts Secret", NULL
};
const struct command command_ca = {
	.name = "ca",
	.file = "ca",
	.summary = "Create a shared root CA, per-cluster intermediates and cacerts Secrets",
	.usage = "(root|intermediate|secret) [flags]",
	.description = "Create the shared root of trust of a multi-cluster mesh, with OpenSSL: a root CA,\nan intermediate CA per cluster, and the cacerts Secret istiod reads.\n\nNot implemented yet: this build only prints its usage.",
	.examples = "  # A root CA and intermediates for two clusters\n  kubectl sail ca root --out certs\n  kubectl sail ca intermediate --root certs --cluster cluster1 --cluster cluster2 --out certs\n",
	.tables = tables,
	.words = words, .words_help = words_help,
};
