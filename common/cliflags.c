#include "sail.h"
#include "cliflags.h"

/* Names, shorthands and meanings as kubectl's own global flags. */
const struct opt kube_global_opts[] = {
	{ GOPT_KUBECONFIG, "kubeconfig", 0, OPT_STRING, "string", NULL, NULL, NULL, OPT_GLOBAL | OPT_FILE,
	  "Path to the kubeconfig file to use for CLI requests" },
	{ GOPT_CONTEXT, "context", 0, OPT_STRING, "string", NULL, NULL, NULL, OPT_GLOBAL,
	  "The name of the kubeconfig context to use" },
	{ GOPT_CLUSTER, "cluster", 0, OPT_STRING, "string", NULL, NULL, NULL, OPT_GLOBAL,
	  "The name of the kubeconfig cluster to use" },
	{ GOPT_USER, "user", 0, OPT_STRING, "string", NULL, NULL, NULL, OPT_GLOBAL,
	  "The name of the kubeconfig user to use" },
	{ GOPT_NAMESPACE, "namespace", 'n', OPT_STRING, "string", NULL, NULL, NULL, OPT_GLOBAL,
	  "If present, the namespace scope for this CLI request" },
	{ GOPT_SERVER, "server", 's', OPT_STRING, "string", NULL, NULL, NULL, OPT_GLOBAL,
	  "The address and port of the Kubernetes API server" },
	{ GOPT_TOKEN, "token", 0, OPT_STRING, "string", NULL, NULL, NULL, OPT_GLOBAL,
	  "Bearer token for authentication to the API server" },
	{ GOPT_CERTIFICATE_AUTHORITY, "certificate-authority", 0, OPT_STRING, "string", NULL, NULL, NULL,
	  OPT_GLOBAL | OPT_FILE, "Path to a cert file for the certificate authority" },
	{ GOPT_CLIENT_CERTIFICATE, "client-certificate", 0, OPT_STRING, "string", NULL, NULL, NULL,
	  OPT_GLOBAL | OPT_FILE, "Path to a client certificate file for TLS" },
	{ GOPT_CLIENT_KEY, "client-key", 0, OPT_STRING, "string", NULL, NULL, NULL, OPT_GLOBAL | OPT_FILE,
	  "Path to a client key file for TLS" },
	{ GOPT_INSECURE_SKIP_TLS_VERIFY, "insecure-skip-tls-verify", 0, OPT_BOOL, NULL, "false", NULL, NULL,
	  OPT_GLOBAL, "If true, the server's certificate will not be checked for validity (insecure)" },
	{ GOPT_TLS_SERVER_NAME, "tls-server-name", 0, OPT_STRING, "string", NULL, NULL, NULL, OPT_GLOBAL,
	  "Server name to use for server certificate validation" },
	{ GOPT_AS, "as", 0, OPT_STRING, "string", NULL, NULL, NULL, OPT_GLOBAL,
	  "Username to impersonate for the operation" },
	{ GOPT_AS_GROUP, "as-group", 0, OPT_LIST, "stringArray", NULL, NULL, NULL, OPT_GLOBAL,
	  "Group to impersonate for the operation, repeat for several groups" },
	{ GOPT_AS_UID, "as-uid", 0, OPT_STRING, "string", NULL, NULL, NULL, OPT_GLOBAL,
	  "UID to impersonate for the operation" },
	{ GOPT_AS_USER_EXTRA, "as-user-extra", 0, OPT_LIST, "stringArray", NULL, NULL, NULL, OPT_GLOBAL,
	  "User extras to impersonate (key=value), repeatable" },
	{ GOPT_USERNAME, "username", 0, OPT_STRING, "string", NULL, NULL, NULL, OPT_GLOBAL,
	  "Username for basic authentication to the API server" },
	{ GOPT_PASSWORD, "password", 0, OPT_STRING, "string", NULL, NULL, NULL, OPT_GLOBAL,
	  "Password for basic authentication to the API server" },
	{ GOPT_REQUEST_TIMEOUT, "request-timeout", 0, OPT_STRING, "string", "30s", NULL, NULL, OPT_GLOBAL | OPT_DURATION,
	  "Time to wait for one server request (1s, 2m, 3h; 0 means no limit)" },
	{ GOPT_CACHE_DIR, "cache-dir", 0, OPT_STRING, "string", NULL, NULL, NULL, OPT_GLOBAL | OPT_DIR,
	  "Accepted for kubectl compatibility; kubectl-sail keeps no cache" },
	{ GOPT_DISABLE_COMPRESSION, "disable-compression", 0, OPT_BOOL, NULL, "false", NULL, NULL, OPT_GLOBAL,
	  "If true, opt out of response compression for all requests to the server" },
	{ GOPT_V, "v", 'v', OPT_INT, "Level", "0", NULL, NULL, OPT_GLOBAL,
	  "Log level: 6 requests, 7 request headers, 8 bodies (credentials always redacted)" },
	{ GOPT_WARNINGS_AS_ERRORS, "warnings-as-errors", 0, OPT_BOOL, NULL, "false", NULL, NULL, OPT_GLOBAL,
	  "Treat warnings received from the server as errors and exit with a non-zero exit code" },
	{ 0 }
};

const struct opt builtin_opts[] = {
	{ BOPT_HELP, "help", 'h', OPT_BOOL, NULL, NULL, NULL, NULL, 0, "Help for this command" },
	{ BOPT_VERSION, "version", 0, OPT_BOOL, NULL, NULL, NULL, NULL, OPT_HIDDEN,
	  "Print the kubectl-sail version" },
	{ 0 }
};

const struct opt output_opts[] = {
	{ OOPT_OUTPUT, "output", 'o', OPT_STRING, "string", NULL, NULL, NULL, 0,
	  "Output format: one of json, yaml, name, wide, jsonpath=TEMPLATE" },
	{ OOPT_JQ, "jq", 0, OPT_STRING, "EXPR", NULL, NULL, NULL, 0,
	  "Filter the JSON output through a jq program" },
	{ OOPT_SHOW_MANAGED_FIELDS, "show-managed-fields", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "If true, keep the managedFields when printing objects in JSON or YAML format" },
	{ OOPT_NO_HEADERS, "no-headers", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "When using the default or wide output format, don't print headers" },
	{ 0 }
};

static const char *const dry_run_modes[] = { "none", "client", "server", NULL };

#define DRY_RUN_OPT \
	{ WOPT_DRY_RUN, "dry-run", 0, OPT_STRING, "string", "none", "client", dry_run_modes, OPT_OPTARG, \
	  "Must be \"none\", \"server\", or \"client\": client prints what would be sent, server submits without persisting" }

/* Commands that only delete take --dry-run and nothing about applying. */
const struct opt delete_opts[] = {
	DRY_RUN_OPT,
	{ 0 }
};

const struct opt write_opts[] = {
	DRY_RUN_OPT,
	{ WOPT_FORCE_CONFLICTS, "force-conflicts", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0,
	  "If true, server-side apply will force the changes against conflicts" },
	{ OOPT_TEMPLATES, "templates", 0, OPT_STRING, "DIR", NULL, NULL, NULL, OPT_DIR,
	  "Read templates from DIR before the built-in ones" },
	{ 0 }
};
