#ifndef KUBECONFIG_H
#define KUBECONFIG_H

/*
 * Resolve a struct rest_config from kubeconfig files, in-cluster service
 * account files and the kubectl global flags, the way client-go's clientcmd
 * does for kubectl (loader.go, client_config.go, validation.go,
 * merged_client_builder.go):
 *
 *  - Files: --kubeconfig (only that file; it must exist), else KUBECONFIG
 *    split on ':' (duplicates and empty entries dropped, missing files
 *    skipped), else $HOME/.kube/config (may be missing).
 *  - Merge: clusters, users and contexts by name, the first file defining a
 *    name wins completely; current-context is the first non-empty one.
 *    Relative paths (certificate-authority, client-certificate, client-key,
 *    tokenFile, exec.command containing '/') are resolved against the
 *    directory of the file the entry came from.
 *  - Selection and flag overlays as kubectl; the namespace is -n, else the
 *    context's, else "default".
 *  - In-cluster configuration when nothing selects a cluster and
 *    KUBERNETES_SERVICE_HOST/PORT and the service account token exist.
 *    SAIL_SERVICEACCOUNT_DIR (tests only) replaces
 *    /var/run/secrets/kubernetes.io/serviceaccount.
 *
 * Secrets (tokens, passwords, keys) never appear in err.
 */

#include <stdbool.h>

#include "restconfig.h"

struct strbuf;

/*
 * The kubectl global flags as the user gave them; NULL (or -1 for the
 * tri-state) means "not given". Everything is borrowed.
 */
struct kube_overrides {
	const char *kubeconfig;
	const char *context;
	const char *cluster;
	const char *user;
	const char *namespace;
	const char *server;
	const char *token;
	const char *certificate_authority;
	const char *client_certificate;
	const char *client_key;
	const char *tls_server_name;
	const char *username;
	const char *password;
	const char *as;
	const char *as_uid;
	const char *const *as_groups;		/* NULL-terminated, or NULL */
	const char *const *as_user_extra;	/* NULL-terminated "key=value" */
	int insecure_skip_tls_verify;		/* -1 unset, 0, 1 */
	/* Bare integer = seconds, or a Go duration (1s, 2m, 1m30s, 500ms);
	 * "0" = no timeout; NULL = 30s. */
	const char *request_timeout;
	int verbosity;
	bool disable_compression;
	bool warnings_as_errors;
};

#define KUBE_OVERRIDES_INIT { .insecure_skip_tls_verify = -1 }

/*
 * Fill cfg (which need not be initialised; any previous content is not
 * freed) from the files and flags. 0 on success: cfg is the caller's, to
 * rest_config_release(). -1 with one line in err (no "error: " prefix) on
 * failure: cfg then holds nothing (released).
 */
int kubeconfig_load(const struct kube_overrides *o, struct rest_config *cfg,
		    struct strbuf *err);

/*
 * The bearer token to send now, for the HTTP client: the static token,
 * else the token file (re-read on every call, trimmed), else the exec
 * plugin's (runs it when nothing valid is cached; an exec plugin may also
 * refresh cfg->client_cert_pem/client_key_pem). token_out is wiped and
 * reset first; it stays empty when cfg has no bearer auth. 0, or -1 with
 * one line in err. Wipe token_out with strbuf_release_secret().
 */
int rest_config_bearer(struct rest_config *cfg, struct strbuf *token_out,
		       struct strbuf *err);

/*
 * kubectl's --request-timeout syntax (clientcmd ParseTimeout): a bare
 * non-negative integer is seconds, else a Go duration ("1m30s", "500ms",
 * "1.5h"). *ms gets milliseconds (0 = none; sub-millisecond values round
 * up). 0, or -1 with one line in err.
 */
int kube_parse_timeout(const char *s, long *ms, struct strbuf *err);

/*
 * The names of every context in the merged kubeconfig files (the same files
 * kubeconfig_load reads for o), sorted, into *names (a new array of
 * strings, the caller's to val_release). 0, or -1 with one line in err.
 */
struct val;
int kubeconfig_contexts(const struct kube_overrides *o, struct val *names,
			struct strbuf *err);
/* The same for any section of the merged files (completion of --context,
 * --cluster and --user). */
enum kubeconfig_section { KUBECONFIG_CONTEXTS, KUBECONFIG_CLUSTERS, KUBECONFIG_USERS };
int kubeconfig_names(const struct kube_overrides *o, enum kubeconfig_section what,
		     struct val *names, struct strbuf *err);


#endif
