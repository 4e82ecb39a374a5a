#include "sail.h"
#include "cliflags.h"
#include "commands.h"
#include "ca/ca.h"

static const char *const key_types[] = { "rsa", "ecdsa", NULL };

/* Listed before the global flags: --cluster here shadows kubectl's. */
static const struct opt ca_opts[] = {
	{ CA_OPT_OUT, "out", 0, OPT_STRING, "DIR", NULL, NULL, NULL, OPT_DIR,
	  "root, intermediate: directory to write into (created when missing)" },
	{ CA_OPT_ROOT, "root", 0, OPT_STRING, "DIR", NULL, NULL, NULL, OPT_DIR,
	  "intermediate: directory holding root-cert.pem and root-key.pem" },
	{ CA_OPT_CLUSTER, "cluster", 0, OPT_LIST, "NAME", NULL, NULL, NULL, 0,
	  "intermediate: cluster to make an intermediate CA for (repeatable); its L= and directory name",
	  COMPK_NONE },
	{ CA_OPT_DIR, "dir", 0, OPT_STRING, "DIR", NULL, NULL, NULL, OPT_DIR,
	  "secret: a cluster's directory (ca-cert.pem, ca-key.pem, cert-chain.pem, root-cert.pem)" },
	{ CA_OPT_APPLY, "apply", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "secret: create the cacerts Secret (and its namespace when missing) in the cluster instead of printing it" },
	{ CA_OPT_CONTEXTS, "contexts", 0, OPT_LIST, "CTX,...", NULL, NULL, NULL, 0,
	  "Without a subcommand, with --out and --apply: the root (or --root), an intermediate per context's cluster (--cluster names them, in order) and each cacerts Secret" },
	{ CA_OPT_FORCE, "force", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "Overwrite existing files; with secret --apply, replace a cacerts Secret with different content" },
	{ CA_OPT_KEY_TYPE, "key-type", 0, OPT_STRING, "TYPE", "rsa", NULL, key_types, 0,
	  "Key algorithm: rsa or ecdsa" },
	{ CA_OPT_BITS, "bits", 0, OPT_INT, "N", NULL, NULL, NULL, 0,
	  "Key size: RSA 2048-16384 (default 4096); ECDSA 256 or 384 (default 256)" },
	{ CA_OPT_DAYS, "days", 0, OPT_INT, "N", "3650", NULL, NULL, 0,
	  "Validity of the certificates in days" },
	{ 0 }
};

static const struct opt *const tables[] = {
	ca_opts, output_opts, write_opts, kube_global_opts, builtin_opts, NULL
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
	.usage = "(root|intermediate|secret) [flags] | --contexts CTX,... --out DIR --apply",
	.description = "Create the shared root of trust of a multi-cluster mesh, with OpenSSL: a root CA,\n"
		"an intermediate CA per cluster, and the cacerts Secret istiod reads. The\n"
		"certificates match Istio's tools/certs (root: O=Istio, CN=Root CA; intermediate:\n"
		"O=Istio, CN=Intermediate CA, L=<cluster>, pathlen:0, SAN DNS:istiod.<ns>.svc with\n"
		"<ns> from -n, default istio-system). Keys are written with mode 0600, atomically;\n"
		"existing files are never overwritten without --force.\n\n"
		"secret checks the directory first (the key matches, the chain verifies against\n"
		"the root) and prints the cacerts Secret for namespace -n (default istio-system);\n"
		"with --apply it creates it (and the namespace when missing), leaves identical\n"
		"content alone and refuses to replace a different CA without --force (workloads\n"
		"signed by the old CA lose mTLS).",
	.examples = "  # Everything for two clusters in one command: root, intermediates, cacerts\n"
		"  kubectl sail ca --contexts cluster1,cluster2 --out certs --apply\n\n"
		"  # A root CA and intermediates for two clusters\n"
		"  kubectl sail ca root --out certs\n"
		"  kubectl sail ca intermediate --root certs --cluster cluster1 --cluster cluster2 --out certs\n\n"
		"  # Install cluster1's intermediate as istiod's CA\n"
		"  kubectl sail ca secret --dir certs/cluster1 --apply --context cluster1\n\n"
		"  # Or print it for kubectl apply\n"
		"  kubectl sail ca secret --dir certs/cluster2 | kubectl apply --context cluster2 -f -\n",
	.tables = tables,
	.words = words, .words_help = words_help,
};
