#ifndef CLIFLAGS_H
#define CLIFLAGS_H

/*
 * Flag groups shared by every command, defined once: the kubectl global
 * flags (kubeconfig selection, TLS, auth, -v), the output flags, the write
 * flags and the built-ins (-h, --version). Ids below CMD_OPT_BASE belong
 * here; each command numbers its own flags from CMD_OPT_BASE up.
 */

#include "options.h"

enum {
	/* kubectl global flags (cli-runtime's ConfigFlags) */
	GOPT_KUBECONFIG = 1,
	GOPT_CONTEXT,
	GOPT_CLUSTER,
	GOPT_USER,
	GOPT_NAMESPACE,
	GOPT_SERVER,
	GOPT_TOKEN,
	GOPT_CERTIFICATE_AUTHORITY,
	GOPT_CLIENT_CERTIFICATE,
	GOPT_CLIENT_KEY,
	GOPT_INSECURE_SKIP_TLS_VERIFY,
	GOPT_TLS_SERVER_NAME,
	GOPT_AS,
	GOPT_AS_GROUP,
	GOPT_AS_UID,
	GOPT_AS_USER_EXTRA,
	GOPT_USERNAME,
	GOPT_PASSWORD,
	GOPT_REQUEST_TIMEOUT,
	GOPT_CACHE_DIR,
	GOPT_DISABLE_COMPRESSION,
	GOPT_V,
	GOPT_WARNINGS_AS_ERRORS,
	/* built-ins */
	BOPT_HELP = 30,
	BOPT_VERSION,
	/* output */
	OOPT_OUTPUT = 40,
	OOPT_JQ,
	OOPT_SHOW_MANAGED_FIELDS,
	OOPT_NO_HEADERS,
	OOPT_TEMPLATES,
	/* writes */
	WOPT_DRY_RUN = 50,
	WOPT_FORCE_CONFLICTS,
	WOPT_WAIT,
	WOPT_TIMEOUT,
	CMD_OPT_BASE = 64,
};

extern const struct opt kube_global_opts[];
extern const struct opt builtin_opts[];
extern const struct opt output_opts[];
extern const struct opt write_opts[];
extern const struct opt delete_opts[];	/* --dry-run only */

#endif
