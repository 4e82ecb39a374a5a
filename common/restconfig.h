#ifndef RESTCONFIG_H
#define RESTCONFIG_H

/*
 * Where and how to reach one API server: the result of resolving kubeconfig
 * files, in-cluster configuration and the kubectl global flags
 * (kubeconfig.c), consumed by the HTTP client (http.c, api.c).
 *
 * Ownership: every string is owned by the struct and freed by
 * rest_config_release(); secret fields (token, password, client_key_pem,
 * exec-provided credentials) are wiped first. PEM fields hold PEM text
 * (file contents or decoded *-data). No field is ever printed: use
 * rest_config_describe() for logs, which redacts.
 */

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct strbuf;

struct exec_config {
	char *command;		/* resolved against the kubeconfig's dir if it has a '/' */
	char **args;		/* NULL-terminated */
	char **env;		/* NULL-terminated "NAME=VALUE" added to ours */
	char *api_version;	/* client.authentication.k8s.io/v1 or v1beta1 */
	char *install_hint;
	char *interactive_mode;	/* Never | IfAvailable | Always */
	bool provide_cluster_info;
	char *cluster_extension_json;	/* extensions[client.authentication.k8s.io/exec], JSON */
	/* Cache of the last credential, for the life of the process. */
	bool have_cred;
	time_t expiry;		/* 0: no expiry */
	unsigned runs;		/* how many times the plugin ran (tests read it) */
};

struct rest_config {
	char *context;		/* selected context name (may be NULL in-cluster) */
	char *cluster_name;
	char *user_name;
	char *namespace;	/* effective default namespace, never NULL */
	bool namespace_explicit;	/* came from -n */

	char *server;		/* https://host:port[/prefix], no trailing '/' */
	char *ca_pem;		/* NULL: system trust store */
	bool insecure;		/* insecure-skip-tls-verify */
	char *tls_server_name;
	char *proxy_url;
	bool disable_compression;

	char *client_cert_pem;
	char *client_key_pem;	/* secret */
	char *token;		/* secret */
	char *token_file;	/* re-read when set and token is NULL */
	char *username;
	char *password;		/* secret */

	char *impersonate_user;
	char *impersonate_uid;
	char **impersonate_groups;	/* NULL-terminated */
	char **impersonate_extra;	/* NULL-terminated "key=value" */

	struct exec_config *exec;	/* NULL unless the user has exec */

	long timeout_ms;	/* per request; 0 = none; default 30000 */
	int verbosity;		/* -v level */
	bool warnings_as_errors;
};

void rest_config_init(struct rest_config *cfg);
void rest_config_release(struct rest_config *cfg);

/* A one-line description for -v logs: context, server, auth method; never
 * a secret. */
void rest_config_describe(const struct rest_config *cfg, struct strbuf *out);

/*
 * Exec credential plugins (execcred.c): make sure cfg->token or the client
 * certificate pair holds a current credential, running the plugin when
 * there is none cached, the cached one expired, or force is set (after a
 * 401). No-op when cfg->exec is NULL. 0 or -1 with one line in err.
 */
int exec_credential_refresh(struct rest_config *cfg, bool force,
			    struct strbuf *err);

/*
 * Decode an exec plugin's stdout (an ExecCredential, JSON) into cfg's
 * credential cache, as exec_credential_refresh does after running it
 * (cfg->exec must be set). buf is borrowed and never quoted in err. 0, or
 * -1 with one line in err and cfg unchanged. Exposed for the fuzz target.
 */
int exec_credential_decode(struct rest_config *cfg, const char *buf, size_t len,
			   struct strbuf *err);

#endif
