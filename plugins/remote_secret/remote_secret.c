/*
 * kubectl sail remote-secret: istioctl create-remote-secret, with the fixes
 * the spec lists (explicit namespace, bound tokens, clear errors), plus
 * --apply-to and --mesh.
 */
#include "sail.h"
#include "names.h"
#include "base64.h"
#include "commands.h"
#include "remote_secret/remote_secret.h"
#include "remote_secret/secret.h"
#include "api.h"
#include "kubeconfig.h"
#include "output.h"
#include "session.h"
#include "template.h"
#include "value.h"
#include "x509.h"

#define DEFAULT_ISTIO_NS "istio-system"
#define READER_SA "istio-reader-service-account"
#define SA_TOKEN_TYPE "kubernetes.io/service-account-token"
#define SA_NAME_ANNOTATION "kubernetes.io/service-account.name"
#define MC_LABEL "istio/multiCluster"

struct rs {
	struct cli *cli;
	const char *ns;
	bool config_type;
	const char *sa;
	long wait_ms;
	long token_seconds;	/* 0: a token Secret */
};

static const struct rest_mapping *mapping(const char *api_version, const char *kind)
{
	const struct rest_mapping *m = restmap_by_kind(api_version, kind);

	if (!m)
		BUG("no built-in mapping for %s %s", api_version, kind);
	return m;
}

static const char *ctx_name(struct session *s)
{
	return s->cfg.context ? s->cfg.context : "(none)";
}

/*
 * Sessions stay open until the command ends, one per context: the HTTP
 * layer keys its cached clients by the rest_config's address
 * (http_client_for), so a session closed and another opened at the same
 * address would reuse the first one's connection and credentials.
 */
static struct pooled {
	char *context;		/* "" for the command line's */
	struct session s;
} **pool;
static size_t pool_nr, pool_alloc;

static struct session *session_for(struct rs *rs, const char *context)
{
	struct strbuf err = STRBUF_INIT;
	const char *key = context ? context : "";
	size_t i;

	for (i = 0; i < pool_nr; i++)
		if (!strcmp(pool[i]->context, key))
			return &pool[i]->s;
	ALLOC_GROW(pool, pool_nr + 1, pool_alloc);
	pool[pool_nr] = xcalloc(1, sizeof(**pool));
	if (session_open_context(&pool[pool_nr]->s, rs->cli, context, &err)) {
		error("%s", err.buf);
		strbuf_release(&err);
		free(pool[pool_nr]);
		return NULL;
	}
	pool[pool_nr]->context = xstrdup(key);
	return &pool[pool_nr++]->s;
}

static void sessions_close(void)
{
	size_t i;

	for (i = 0; i < pool_nr; i++) {
		session_close(&pool[i]->s);
		free(pool[i]->context);
		free(pool[i]);
	}
	FREE_AND_NULL(pool);
	pool_nr = pool_alloc = 0;
}

/* ------------------------------------------------------- service account */

static int create_reader(struct rs *rs, struct session *s, struct api_error *e)
{
	const struct rest_mapping *nsm = mapping("v1", "Namespace");
	struct strbuf err = STRBUF_INIT;
	struct val params = val_obj(), objs = val_absent(), nsobj = val_absent();
	struct val_iter it;
	int ret = -1;

	/* istioctl creates the namespace first when it is missing */
	if (api_get(s->api, nsm, NULL, rs->ns, &nsobj, e)) {
		struct val obj, meta;

		if (!api_error_is(e, "NotFound"))
			goto out;
		api_error_release(e);
		obj = val_obj();
		meta = val_obj();
		val_set_str(&obj, "apiVersion", "v1");
		val_set_str(&obj, "kind", "Namespace");
		val_set_str(&meta, "name", rs->ns);
		val_set_take(&obj, "metadata", meta);
		ret = api_create(s->api, nsm, NULL, obj, false, NULL, e);
		val_release(&obj);
		if (ret)
			goto out;
		ret = -1;
	}
	val_set_str(&params, "namespace", rs->ns);
	val_set_str(&params, "serviceAccount", rs->sa);
	if (template_render("remote-secret-rbac", params,
			    cli_str(rs->cli, OOPT_TEMPLATES), &objs, &err)) {
		template_cache_clear();
		api_errorf(e, API_ERR_LOCAL, "%s", err.buf);
		goto out;
	}
	template_cache_clear();	/* rendered once per run */
	for (val_iter_init(&it, objs); val_iter_next(&it); ) {
		const struct rest_mapping *m;
		struct api_apply_opts o = {
			.force = cli_bool(rs->cli, WOPT_FORCE_CONFLICTS),
		};

		if (api_resolve_object(s->api, it.value, &m, e) ||
		    api_apply(s->api, m, rs->ns, it.value, &o, NULL, e))
			goto out;
		fprintf(stderr, "%s/%s applied in context \"%s\"\n",
			m->singular, val_dig_str(it.value, "metadata", "name", NULL),
			ctx_name(s));
	}
	ret = 0;
out:
	strbuf_release(&err);
	val_release(&params);
	val_release(&objs);
	val_release(&nsobj);
	return ret;
}

/*
 * "Istio NAME" (or "IstioRevision NAME") of a Sail control plane in ns, in
 * *who (a new string), or NULL: where one exists the reader account is its
 * Helm charts' to create. A cluster without the Sail CRDs has none.
 */
static int sail_control_plane(struct session *s, const char *ns, char **who,
			      struct api_error *e)
{
	static const char *const kinds[] = { "Istio", "IstioRevision" };
	size_t i;

	*who = NULL;
	for (i = 0; i < ARRAY_SIZE(kinds) && !*who; i++) {
		const struct rest_mapping *m;
		struct val items = val_absent();
		struct val_iter it;

		if (api_resolve_kind(s->api, "sailoperator.io/v1", kinds[i], &m, e) ||
		    api_list_all(s->api, m, NULL, NULL, &items, NULL, e)) {
			if (e->kind != API_ERR_MAPPING && !api_error_is(e, "NotFound"))
				return -1;
			api_error_release(e);
			continue;
		}
		for (val_iter_init(&it, items); val_iter_next(&it) && !*who; ) {
			const char *have = val_dig_str(it.value, "spec", "namespace", NULL);

			if (have && !strcmp(have, ns))
				*who = xstrfmt("%s \"%s\"", kinds[i],
					       val_dig_str(it.value, "metadata", "name", NULL));
		}
		val_release(&items);
	}
	return 0;
}

static int exists(void *ctx, struct val obj, struct strbuf *why)
{
	(void)ctx;
	if (val_exists(obj))
		return 1;
	strbuf_addstr(why, "it does not exist yet");
	return 0;
}

/*
 * The Sail Operator installs the reader account with Helm, and Helm
 * refuses to adopt objects that lack its ownership metadata (the Istio
 * then stays in ReconcileError). So where Sail manages the namespace we
 * wait for the operator's account and create nothing.
 */
static int wait_operator_sa(struct rs *rs, struct session *s, const char *who,
			    struct api_error *e)
{
	const struct rest_mapping *m = mapping("v1", "ServiceAccount");

	fprintf(stderr, "waiting up to %lds for the Sail Operator to create ServiceAccount %s/%s in context \"%s\" (%s manages %s)\n",
		(rs->wait_ms + 999) / 1000, rs->ns, rs->sa, ctx_name(s), who, rs->ns);
	if (!api_wait_for(s->api, m, rs->ns, rs->sa, exists, NULL, rs->wait_ms, NULL, e))
		return 0;
	if (e->kind != API_ERR_TIMEOUT)
		return -1;
	api_error_release(e);
	api_errorf(e, API_ERR_LOCAL,
		   "ServiceAccount %s/%s did not appear in context \"%s\" within --timeout: it belongs to the Sail Operator's charts there (%s manages %s), so remote-secret does not create it; "
		   "the operator creates %s only for a revision or tag named \"default\" (kubectl sail tag set default --istio NAME), and only once the Istio reconciles (kubectl sail status)",
		   rs->ns, rs->sa, ctx_name(s), who, rs->ns, rs->sa);
	return -1;
}

static int ensure_sa(struct rs *rs, struct session *s, struct api_error *e)
{
	const struct rest_mapping *m = mapping("v1", "ServiceAccount");
	char *who = NULL;
	int ret;

	if (!api_get(s->api, m, rs->ns, rs->sa, NULL, e))
		return 0;
	if (!api_error_is(e, "NotFound"))
		return -1;
	api_error_release(e);
	if (sail_control_plane(s, rs->ns, &who, e))
		return -1;
	if (who) {
		ret = wait_operator_sa(rs, s, who, e);
		free(who);
		return ret;
	}
	if (!cli_bool(rs->cli, RS_OPT_CREATE_SERVICE_ACCOUNT)) {
		api_errorf(e, API_ERR_LOCAL,
			   "service account \"%s\" not found in namespace \"%s\" of context \"%s\": "
			   "install Istio there first, or pass --create-service-account=true",
			   rs->sa, rs->ns, ctx_name(s));
		return -1;
	}
	return create_reader(rs, s, e);
}

/* ------------------------------------------------------- token */

static int token_filled(void *ctx, struct val obj, struct strbuf *why)
{
	const char *tok = val_dig_str(obj, "data", "token", NULL);
	const char *ca = val_dig_str(obj, "data", "ca.crt", NULL);

	(void)ctx;
	if (!val_exists(obj)) {
		strbuf_addstr(why, "the token Secret was deleted");
		return 0;
	}
	if (tok && *tok && ca && *ca)
		return 1;
	strbuf_addstr(why, "the token controller has not filled in \"token\" and \"ca.crt\"");
	return 0;
}

static bool is_token_secret_of(struct val sec, const char *sa)
{
	const char *type = val_get_str(sec, "type");
	const char *owner = val_dig_str(sec, "metadata", "annotations", SA_NAME_ANNOTATION, NULL);

	return type && !strcmp(type, SA_TOKEN_TYPE) && owner && !strcmp(owner, sa) &&
		!val_dig_str(sec, "metadata", "deletionTimestamp", NULL);
}

/* The name of the token Secret to read, found or created. */
static int token_secret_name(struct rs *rs, struct session *s, char **name,
			     struct api_error *e)
{
	const struct rest_mapping *m = mapping("v1", "Secret");
	const char *given = cli_str(rs->cli, RS_OPT_SECRET_NAME);
	struct api_list_opts lo = { .field_selector = "type=" SA_TOKEN_TYPE };
	struct val items = val_absent(), obj, meta, ann;
	struct val_iter it;

	*name = NULL;
	if (given) {
		struct val sec = val_absent();
		bool ok;

		if (api_get(s->api, m, rs->ns, given, &sec, e))
			return -1;
		ok = is_token_secret_of(sec, rs->sa);
		val_release(&sec);
		if (!ok) {
			api_errorf(e, API_ERR_LOCAL, "secret %s/%s does not reference ServiceAccount %s",
				   rs->ns, given, rs->sa);
			return -1;
		}
		*name = xstrdup(given);
		return 0;
	}
	if (api_list_all(s->api, m, rs->ns, &lo, &items, NULL, e))
		return -1;
	for (val_iter_init(&it, items); val_iter_next(&it); )
		if (is_token_secret_of(it.value, rs->sa)) {
			*name = xstrdup(val_dig_str(it.value, "metadata", "name", NULL));
			break;
		}
	val_release(&items);
	if (*name)
		return 0;
	*name = xstrfmt("%s-istio-remote-secret-token", rs->sa);
	obj = val_obj();
	meta = val_obj();
	ann = val_obj();
	val_set_str(&obj, "apiVersion", "v1");
	val_set_str(&obj, "kind", "Secret");
	val_set_str(&ann, SA_NAME_ANNOTATION, rs->sa);
	val_set_take(&meta, "annotations", ann);
	val_set_str(&meta, "name", *name);
	val_set_str(&meta, "namespace", rs->ns);
	val_set_take(&obj, "metadata", meta);
	val_set_str(&obj, "type", SA_TOKEN_TYPE);
	if (api_create(s->api, m, rs->ns, obj, false, NULL, e) &&
	    !api_error_is(e, "AlreadyExists")) {
		val_release(&obj);
		FREE_AND_NULL(*name);
		return -1;
	}
	api_error_release(e);
	val_release(&obj);
	fprintf(stderr, "created token Secret %s/%s in context \"%s\"\n", rs->ns, *name,
		ctx_name(s));
	return 0;
}

/* token (plain) and ca_b64 (base64 of the CA bundle) from a token Secret. */
static int token_from_secret(struct rs *rs, struct session *s,
			     struct strbuf *token, struct strbuf *ca_b64,
			     struct api_error *e)
{
	struct val sec = val_absent();
	char *name;
	const char *t;
	int ret = -1;

	if (token_secret_name(rs, s, &name, e))
		return -1;
	if (api_wait_for(s->api, mapping("v1", "Secret"), rs->ns, name, token_filled,
			 NULL, rs->wait_ms, &sec, e))
		goto out;
	t = val_dig_str(sec, "data", "token", NULL);
	strbuf_grow(token, strlen(t));	/* no reallocation leaves copies behind */
	if (base64_decode(t, strlen(t), token, NULL)) {
		api_errorf(e, API_ERR_LOCAL, "secret %s/%s: \"token\" is not base64", rs->ns, name);
		goto out;
	}
	strbuf_addstr(ca_b64, val_dig_str(sec, "data", "ca.crt", NULL));
	ret = 0;
out:
	val_release(&sec);
	free(name);
	return ret;
}

/* A bound token (TokenRequest) and the cluster CA from kube-root-ca.crt. */
static int token_from_request(struct rs *rs, struct session *s,
			      struct strbuf *token, struct strbuf *ca_b64,
			      struct api_error *e)
{
	const struct rest_mapping *m = restmap_by_kind("authentication.k8s.io/v1", "TokenRequest");
	struct val req = val_obj(), meta = val_obj(), spec = val_obj(), out = val_absent();
	struct val cm = val_absent();
	const char *t, *ca;
	int ret = -1;

	if (!m)
		m = mapping("v1", "TokenRequest");
	val_set_str(&req, "apiVersion", "authentication.k8s.io/v1");
	val_set_str(&req, "kind", "TokenRequest");
	val_set_str(&meta, "name", rs->sa);
	val_set_take(&req, "metadata", meta);
	val_set_num(&spec, "expirationSeconds", (double)rs->token_seconds);
	val_set_take(&req, "spec", spec);
	if (api_create(s->api, m, rs->ns, req, false, &out, e))
		goto out;
	t = val_dig_str(out, "status", "token", NULL);
	if (!t || !*t) {
		api_errorf(e, API_ERR_RESPONSE, "the TokenRequest for %s/%s returned no token",
			   rs->ns, rs->sa);
		goto out;
	}
	strbuf_grow(token, strlen(t));
	strbuf_addstr(token, t);
	if (api_get(s->api, mapping("v1", "ConfigMap"), rs->ns, "kube-root-ca.crt", &cm, e))
		goto out;
	ca = val_dig_str(cm, "data", "ca.crt", NULL);
	if (!ca || !*ca) {
		api_errorf(e, API_ERR_LOCAL, "configmap %s/kube-root-ca.crt has no \"ca.crt\"", rs->ns);
		goto out;
	}
	base64_encode(ca, strlen(ca), ca_b64);
	fprintf(stderr, "token of %s/%s in context \"%s\" expires at %s\n", rs->ns, rs->sa,
		ctx_name(s), val_dig_str(out, "status", "expirationTimestamp", NULL) ?
		val_dig_str(out, "status", "expirationTimestamp", NULL) : "(unknown)");
	ret = 0;
out:
	val_release(&req);
	val_release(&out);	/* holds the token: jv memory, not wipeable here */
	val_release(&cm);
	return ret;
}

/* ------------------------------------------------------- server URL */

static int server_from_node(struct session *s, char **url, struct api_error *e)
{
	struct api_list_opts lo = { .label_selector = "node-role.kubernetes.io/control-plane" };
	struct val items = val_absent(), addrs, first;
	struct val_iter it;

	*url = NULL;
	if (api_list_all(s->api, mapping("v1", "Node"), NULL, &lo, &items, NULL, e))
		return -1;
	if (val_len(items) == 0) {
		val_release(&items);
		api_errorf(e, API_ERR_LOCAL,
			   "--server-from-node: no node labelled node-role.kubernetes.io/control-plane in context \"%s\"",
			   ctx_name(s));
		return -1;
	}
	first = val_at(items, 0);
	addrs = val_dig(first, "status", "addresses", NULL);
	val_release(&first);
	for (val_iter_init(&it, addrs); val_iter_next(&it); ) {
		const char *type = val_get_str(it.value, "type");

		if (type && !strcmp(type, "InternalIP") && val_get_str(it.value, "address")) {
			const char *a = val_get_str(it.value, "address");

			*url = strchr(a, ':') ? xstrfmt("https://[%s]:6443", a) :
				xstrfmt("https://%s:6443", a);
			break;
		}
	}
	val_release(&addrs);
	val_release(&items);
	if (!*url) {
		api_errorf(e, API_ERR_LOCAL, "--server-from-node: the control-plane node has no InternalIP");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------- the Secret */

static int cluster_uid(struct session *s, char **name, struct api_error *e)
{
	struct val ns = val_absent();
	const char *uid;

	if (api_get(s->api, mapping("v1", "Namespace"), NULL, "kube-system", &ns, e))
		return -1;
	uid = val_dig_str(ns, "metadata", "uid", NULL);
	*name = xstrdup(uid ? uid : "");
	val_release(&ns);
	return 0;
}

/*
 * The Secret for the cluster of context (NULL: the command line's), named
 * name (NULL: --name, else the kube-system UID). 0 or -1 (reported).
 */
static int make_secret(struct rs *rs, const char *context, const char *name,
		       struct val *secret)
{
	struct api_error e = API_ERROR_INIT;
	struct strbuf token = STRBUF_INIT, ca = STRBUF_INIT;
	struct strbuf kc = STRBUF_INIT;
	struct session *s;
	char *server = NULL, *uid = NULL;
	int ret = -1;

	*secret = val_absent();
	if (!(s = session_for(rs, context)))
		return -1;
	if (!name && cluster_uid(s, &uid, &e))
		goto fail;
	if (!name)
		name = uid;
	if (ensure_sa(rs, s, &e) ||
	    (rs->token_seconds ? token_from_request(rs, s, &token, &ca, &e) :
	     token_from_secret(rs, s, &token, &ca, &e))) {
		if (e.kind != API_ERR_LOCAL && e.kind != API_ERR_TIMEOUT)
			goto fail;
		error("could not get access token to read resources from context \"%s\": %s",
		      ctx_name(s), e.message);
		goto out;
	}
	if (cli_str(rs->cli, RS_OPT_SERVER))
		server = xstrdup(cli_str(rs->cli, RS_OPT_SERVER));
	else if (cli_bool(rs->cli, RS_OPT_SERVER_FROM_NODE)) {
		if (server_from_node(s, &server, &e))
			goto fail;
	} else
		server = xstrdup(s->cfg.server);
	if (rs_loopback_url(server))
		warning("the server %s of cluster \"%s\" is a loopback address that other clusters cannot reach; "
			"pass --server with an address they can reach (or --server-from-node on kind)",
			server, name);
	strbuf_grow(&kc, 2 * ca.len + token.len + 4096);	/* one allocation to wipe */
	rs_kubeconfig_text(name, server, cli_str(rs->cli, RS_OPT_TLS_SERVER_NAME), ca.buf,
			token.buf, &kc);
	*secret = rs_secret_object(rs->ns, rs->config_type, name, kc.buf);
	ret = 0;
	goto out;
fail:
	api_error_print(&e);
out:
	api_error_release(&e);
	strbuf_release_secret(&token);
	strbuf_release_secret(&kc);
	strbuf_release(&ca);
	free(server);
	free(uid);
	return ret;
}

/* ------------------------------------------------------- apply */

/* Does the existing Secret already carry this kubeconfig and label? */
static bool same_secret(struct val have, struct val want)
{
	struct val_iter it;
	bool same = true;
	const char *label = val_dig_str(have, "metadata", "labels", MC_LABEL, NULL);
	struct val data;

	if (!label || strcmp(label, "true"))
		return false;
	data = val_get(want, "stringData");
	for (val_iter_init(&it, data); same && val_iter_next(&it); ) {
		const char *b64 = val_dig_str(have, "data", it.key, NULL);
		struct strbuf dec = STRBUF_INIT;

		same = b64 && !base64_decode(b64, strlen(b64), &dec, NULL) &&
			!strcmp(dec.buf, val_str_get(it.value));
		strbuf_release_secret(&dec);
	}
	val_release(&data);
	return same;
}

static int apply_to(struct rs *rs, const char *context, struct val secret)
{
	const struct rest_mapping *sm = mapping("v1", "Secret");
	const struct rest_mapping *nsm = mapping("v1", "Namespace");
	const char *sname = val_dig_str(secret, "metadata", "name", NULL);
	struct api_error e = API_ERROR_INIT;
	struct val have = val_absent();
	struct session *s;
	const char *verb;
	int ret = -1;

	if (!(s = session_for(rs, context)))
		return -1;
	if (api_get(s->api, nsm, NULL, rs->ns, NULL, &e)) {
		struct val obj, meta;

		if (!api_error_is(&e, "NotFound"))
			goto fail;
		api_error_release(&e);
		if (!cli_bool(rs->cli, RS_OPT_CREATE_NAMESPACE)) {
			error("namespace \"%s\" not found in context \"%s\": install Istio there first or pass --create-namespace",
			      rs->ns, context);
			goto out;
		}
		obj = val_obj();
		meta = val_obj();
		val_set_str(&obj, "apiVersion", "v1");
		val_set_str(&obj, "kind", "Namespace");
		val_set_str(&meta, "name", rs->ns);
		val_set_take(&obj, "metadata", meta);
		ret = api_create(s->api, nsm, NULL, obj, false, NULL, &e);
		val_release(&obj);
		if (ret)
			goto fail;
		ret = -1;
		printf("namespace/%s created in context \"%s\"\n", rs->ns, context);
	}
	if (api_get(s->api, sm, rs->ns, sname, &have, &e)) {
		if (!api_error_is(&e, "NotFound"))
			goto fail;
		api_error_release(&e);
		if (api_create(s->api, sm, rs->ns, secret, false, NULL, &e))
			goto fail;
		verb = "created";
	} else if (same_secret(have, secret)) {
		verb = "unchanged";
	} else {
		struct val patch = val_obj(), meta = val_obj();

		val_set_take(&meta, "annotations", val_dig(secret, "metadata", "annotations", NULL));
		val_set_take(&meta, "labels", val_dig(secret, "metadata", "labels", NULL));
		val_set_take(&patch, "metadata", meta);
		val_set_take(&patch, "stringData", val_get(secret, "stringData"));
		ret = api_patch(s->api, sm, rs->ns, sname, API_PATCH_MERGE, patch, NULL,
				false, NULL, &e);
		val_release(&patch);
		if (ret)
			goto fail;
		ret = -1;
		verb = "configured";
	}
	printf("secret/%s %s in context \"%s\" (namespace %s)\n", sname, verb, context, rs->ns);
	ret = 0;
	goto out;
fail:
	api_error_print(&e);
out:
	api_error_release(&e);
	val_release(&have);
	return ret;
}

/* ------------------------------------------------------- --mesh */

/* The cluster name of a context: its Istio's multiCluster.clusterName,
 * else the context name when that is a DNS-1123 label. */
static char *mesh_cluster_name(struct rs *rs, const char *context)
{
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *m;
	struct val items = val_absent();
	struct val_iter it;
	struct session *s;
	char *name = NULL;

	if (!(s = session_for(rs, context)))
		exit(1);
	if (!api_resolve_kind(s->api, "sailoperator.io/v1", "Istio", &m, &e) &&
	    !api_list_all(s->api, m, NULL, NULL, &items, NULL, &e))
		for (val_iter_init(&it, items); !name && val_iter_next(&it); ) {
			const char *n = val_dig_str(it.value, "spec", "values", "global",
						    "multiCluster", "clusterName", NULL);

			if (n && *n)
				name = xstrdup(n);
		}
	api_error_release(&e);
	val_release(&items);
	if (!name && dns1123_label(context))
		name = xstrdup(context);
	if (!name)
		die("--mesh: no Istio in context \"%s\" sets values.global.multiCluster.clusterName, and \"%s\" is not a valid cluster name",
		    context, context);
	return name;
}

static int mesh(struct rs *rs, const char *spec)
{
	char *copy = xstrdup(spec), *p, *save = NULL;
	const char **ctx = NULL;
	char **names;
	size_t n = 0, alloc = 0, i, j;
	int ret = 0;

	for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		ALLOC_GROW(ctx, n + 1, alloc);
		ctx[n++] = p;
	}
	if (n < 2)
		die("--mesh needs at least two contexts, comma-separated");
	names = xcalloc(n, sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = mesh_cluster_name(rs, ctx[i]);
	for (i = 0; i < n; i++) {
		struct val secret;

		if (make_secret(rs, ctx[i], names[i], &secret)) {
			ret = -1;
			continue;
		}
		for (j = 0; j < n; j++)
			if (j != i && apply_to(rs, ctx[j], secret))
				ret = -1;
		val_release(&secret);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(ctx);
	free(copy);
	return ret;
}

/* ------------------------------------------------------- command */

static int print_secret(struct cli *cli, struct val secret)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct output o;
	int ret = 0;

	if (!cli_str(cli, OOPT_OUTPUT) && !cli_str(cli, OOPT_JQ)) {
		/* istioctl's exact framing, so its users' pipelines keep working */
		strbuf_grow(&out, 32768);	/* one allocation to wipe */
		rs_istioctl_text(secret, &out);
		if (fwrite(out.buf, 1, out.len, stdout) != out.len || fflush(stdout))
			ret = error_errno("cannot write the Secret");
		strbuf_release_secret(&out);
		return ret;
	}
	if (output_parse(cli_str(cli, OOPT_OUTPUT), cli_str(cli, OOPT_JQ), &o, &err))
		die("%s", err.buf);
	if (output_print(&o, secret, stdout, &err))
		ret = error("%s", err.buf);
	output_release(&o);
	return ret;
}

int cmd_remote_secret(struct cli *cli)
{
	struct strbuf err = STRBUF_INIT;
	const char *name = cli_str(cli, RS_OPT_NAME);
	const char *ns = cli_str(cli, GOPT_NAMESPACE);
	const char *exp = cli_str(cli, RS_OPT_TOKEN_EXPIRATION);
	const char *const *targets = cli_list(cli, RS_OPT_APPLY_TO);
	const char *mesh_spec = cli_str(cli, RS_OPT_MESH);
	struct rs rs = { .cli = cli };
	struct val secret;
	int ret = 0;
	size_t i;

	if (cli->nargs)
		die("unexpected argument \"%s\": the cluster name is given with --name", cli->args[0]);
	if (strcmp(cli_str(cli, WOPT_DRY_RUN), "none"))
		die("--dry-run is not supported: remote-secret must read the service account token from the source cluster");
	if (name && !dns1123_label(name))
		die("%s is not a valid DNS 1123 label", name);
	if (cli_str(cli, RS_OPT_SERVER) && cli_bool(cli, RS_OPT_SERVER_FROM_NODE))
		die("--server and --server-from-node cannot be used together");
	if (cli_str(cli, RS_OPT_SERVER) && !*cli_str(cli, RS_OPT_SERVER))
		die("--server may not be empty");
	if (mesh_spec && (name || targets[0] || cli_str(cli, RS_OPT_SERVER)))
		die("--mesh cannot be combined with --name, --server or --apply-to");
	if ((targets[0] || mesh_spec) && (cli_str(cli, OOPT_OUTPUT) || cli_str(cli, OOPT_JQ)))
		die("-o/--jq print the Secret; they cannot be combined with --apply-to or --mesh");
	rs.ns = ns && *ns ? ns : DEFAULT_ISTIO_NS;
	rs.config_type = !strcmp(cli_str(cli, RS_OPT_TYPE), "config");
	rs.sa = cli_str(cli, RS_OPT_SERVICE_ACCOUNT);
	if (!rs.sa || !*rs.sa)
		rs.sa = rs.config_type ? "istiod" : READER_SA;
	if (kube_parse_timeout(cli_str(cli, RS_OPT_TIMEOUT), &rs.wait_ms, &err))
		die("invalid --timeout: %s", err.buf);
	if (!rs.wait_ms)
		rs.wait_ms = 60000;
	if (exp) {
		long ms;

		if (kube_parse_timeout(exp, &ms, &err))
			die("invalid --token-expiration: %s", err.buf);
		if (ms < 600000)
			die("invalid --token-expiration %s: the API server requires at least 10m", exp);
		rs.token_seconds = ms / 1000;
	}

	if (mesh_spec) {
		ret = mesh(&rs, mesh_spec);
		sessions_close();
		return ret ? 1 : 0;
	}
	if (make_secret(&rs, NULL, name, &secret)) {
		sessions_close();
		return 1;
	}
	if (!targets[0]) {
		ret = print_secret(cli, secret);
	} else {
		for (i = 0; targets[i]; i++)
			if (apply_to(&rs, targets[i], secret))
				ret = -1;
	}
	val_release(&secret);
	sessions_close();
	return ret ? 1 : 0;
}
