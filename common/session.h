#ifndef SESSION_H
#define SESSION_H

/*
 * From a parsed command line to a connected API client: the kubectl global
 * flags become kube_overrides, kubeconfig_load resolves them, api_new wraps
 * the result. Every command that talks to a cluster starts here.
 *
 * Ownership: struct session is the caller's (usually on the stack);
 * session_close() frees the client and the configuration (secrets wiped).
 * Opening contacts no server: the first request does.
 */

#include "kubeconfig.h"
#include "restconfig.h"

struct cli;
struct api;

struct session {
	struct rest_config cfg;
	struct api *api;
	bool open;
};

/* The kubectl global flags of cli as kubeconfig overrides (borrowed
 * strings: cli must outlive o). */
void cli_kube_overrides(const struct cli *cli, struct kube_overrides *o);

/* 0, or -1 with one line in err (no "error: " prefix). */
int session_open(struct session *s, const struct cli *cli, struct strbuf *err);
/* Like session_open, but a different context (for --contexts a,b). */
int session_open_context(struct session *s, const struct cli *cli,
			 const char *context, struct strbuf *err);
void session_close(struct session *s);

#endif
