/*
 * kubectl sail version: the client's version and build, and with a
 * cluster what runs there, istioctl version's way. The cluster is read by
 * status_collect (the pages 'kubectl sail status' reads), then reduced to
 * versions here.
 */
#include "sail.h"
#include "commands.h"
#include "version/version_opts.h"
#include "status/status.h"
#include "api.h"
#include "output.h"
#include "session.h"
#include "versions.h"

static struct val client_version(void)
{
	const struct versions *c = versions_catalogue();
	const char *def = versions_default(c);
	struct val v = val_obj(), cat = val_obj();

	val_set_str(&v, "version", SAIL_VERSION);
	val_set_str(&v, "commit", SAIL_COMMIT);
	val_set_str(&cat, "source", VERSIONS_SOURCE);
	if (def)
		val_set_str(&cat, "defaultIstio", def);
	else
		val_set_take(&cat, "defaultIstio", val_null());
	val_set_num(&cat, "entries", (double)c->nr);
	val_set_take(&v, "catalogue", cat);
	return v;
}

/* "docker.io/istio/proxyv2:1.30.3-distroless" -> "v1.30.3" */
static struct val image_version(const char *image)
{
	const char *slash = strrchr(image, '/'), *colon = strrchr(image, ':');
	const char *tag, *end;

	if (!colon || (slash && colon < slash))
		return val_str("unknown");
	tag = colon + 1;
	end = strstr(tag, "-distroless");
	if (!end)
		end = strstr(tag, "-debug");
	if (!end)
		end = tag + strlen(tag);
	return val_strf("%s%.*s", *tag >= '0' && *tag <= '9' ? "v" : "",
			(int)(end - tag), tag);
}

static void count(struct val *by_version, const char *version, double n)
{
	struct val c = val_get(*by_version, version);

	val_set_num(by_version, version, val_num_get(c) + n);
	val_release(&c);
}

/* Proxies by version: image tags where status read images, else the
 * version of the revision that injected them. */
static struct val data_plane(struct val doc)
{
	struct val by_version = val_obj(), revs = val_obj(), out = val_arr();
	struct val list = val_get(doc, "revisions");
	struct val_iter it, p;

	for (val_iter_init(&it, list); val_iter_next(&it); )
		val_set_str(&revs, val_get_str(it.value, "name"),
			    val_get_str(it.value, "version") ? val_get_str(it.value, "version") : "unknown");
	val_release(&list);
	list = val_get(doc, "namespaces");
	for (val_iter_init(&it, list); val_iter_next(&it); ) {
		struct val images = val_dig(it.value, "pods", "byImage", NULL);
		struct val byrev = val_dig(it.value, "pods", "byRevision", NULL);

		if (val_len(images) > 0) {
			for (val_iter_init(&p, images); val_iter_next(&p); ) {
				struct val v = image_version(p.key);

				count(&by_version, val_str_get(v), val_num_get(p.value));
				val_release(&v);
			}
		} else {
			for (val_iter_init(&p, byrev); val_iter_next(&p); ) {
				const char *v = val_get_str(revs, p.key);

				count(&by_version, v ? v : "unknown", val_num_get(p.value));
			}
		}
		val_release(&images);
		val_release(&byrev);
	}
	for (val_iter_init(&it, by_version); val_iter_next(&it); ) {
		struct val e = val_obj();

		val_set_str(&e, "version", it.key);
		val_set_num(&e, "proxies", val_num_get(it.value));
		val_push_take(&out, e);
	}
	val_release(&list);
	val_release(&revs);
	val_release(&by_version);
	return out;
}

/* {name, namespace, version} of the cni or ztunnel entry, or null. */
static struct val component(struct val doc, const char *key)
{
	struct val c = val_get(doc, key), out;

	if (!val_is_obj(c)) {
		val_release(&c);
		return val_null();
	}
	out = val_obj();
	val_set_str(&out, "name", val_get_str(c, "name"));
	if (val_get_str(c, "namespace"))
		val_set_str(&out, "namespace", val_get_str(c, "namespace"));
	val_set_str(&out, "version", val_get_str(c, "version") ? val_get_str(c, "version") : "unknown");
	val_release(&c);
	return out;
}

static struct val pick(struct val list, const char *const *keys)
{
	struct val out = val_arr();
	struct val_iter it;

	for (val_iter_init(&it, list); val_iter_next(&it); ) {
		struct val e = val_obj();
		const char *const *k;

		for (k = keys; *k; k++) {
			struct val x = val_get(it.value, *k);

			val_set_take(&e, *k, val_exists(x) ? x : val_null());
		}
		val_push_take(&out, e);
	}
	return out;
}

/* The cluster's part of the document; 0, or -1 with err (the whole line,
 * as kubectl words it). */
static int remote(struct cli *cli, struct val *doc, struct strbuf *err)
{
	static const char *const istio_keys[] = {
		"name", "namespace", "version", "activeRevision", "updateStrategy", NULL
	};
	static const char *const rev_keys[] = { "name", "istio", "version", NULL };
	struct status_opts so = { 0 };
	struct status_result r = { 0 };
	struct api_error e = API_ERROR_INIT;
	struct val server = val_absent(), list, op;
	struct strbuf why = STRBUF_INIT;
	struct session s;

	if (session_open(&s, cli, &why)) {
		strbuf_addf(err, "error: %s", why.buf);
		strbuf_release(&why);
		return -1;
	}
	if (api_request(s.api, "GET", "/version", "application/json", NULL,
			val_absent(), &server, &e)) {
		api_error_render(&e, err);
		api_error_release(&e);
		session_close(&s);
		return -1;
	}
	if (status_collect(s.api, &so, &r)) {
		strbuf_addstr(err, r.error ? r.error : "reading the cluster failed");
		val_release(&server);
		status_result_release(&r);
		session_close(&s);
		return -1;
	}
	val_set_take(doc, "serverVersion", server);
	op = val_get(r.doc, "operator");
	if (val_is_obj(op)) {
		struct val o = val_obj();

		val_set_str(&o, "namespace", val_get_str(op, "namespace"));
		val_set_str(&o, "name", val_get_str(op, "name"));
		val_set_str(&o, "version", val_get_str(op, "version") ? val_get_str(op, "version") : "unknown");
		val_set_take(doc, "sailOperator", o);
	} else {
		val_set_take(doc, "sailOperator", val_null());
	}
	val_release(&op);
	list = val_get(r.doc, "istios");
	val_set_take(doc, "istios", pick(list, istio_keys));
	val_release(&list);
	list = val_get(r.doc, "revisions");
	val_set_take(doc, "revisions", pick(list, rev_keys));
	val_release(&list);
	val_set_take(doc, "cni", component(r.doc, "cni"));
	val_set_take(doc, "ztunnel", component(r.doc, "ztunnel"));
	val_set_take(doc, "dataPlane", data_plane(r.doc));
	status_result_release(&r);
	session_close(&s);
	return 0;
}

static void render_client(struct val doc, bool short_view, struct strbuf *out)
{
	struct val c = val_get(doc, "clientVersion");

	strbuf_addf(out, "Client Version: %s\n", val_get_str(c, "version"));
	if (!short_view) {
		const char *def = val_dig_str(c, "catalogue", "defaultIstio", NULL);

		strbuf_addf(out, "Build: commit %s, Istio versions of %s (default %s)\n",
			    val_get_str(c, "commit"),
			    val_dig_str(c, "catalogue", "source", NULL), def ? def : "none");
	}
	val_release(&c);
}

static void render_remote(struct val doc, bool short_view, struct strbuf *out)
{
	struct val list = val_get(doc, "istios");
	struct val_iter it;
	const char *s;
	bool first;

	s = val_dig_str(doc, "serverVersion", "gitVersion", NULL);
	strbuf_addf(out, "Kubernetes Version: %s\n", s ? s : "unknown");
	s = val_dig_str(doc, "sailOperator", "version", NULL);
	strbuf_addf(out, "Sail Operator Version: %s\n", s ? s : "not found");
	if (!val_len(list))
		strbuf_addstr(out, "Control Plane Version: none\n");
	for (val_iter_init(&it, list); val_iter_next(&it); ) {
		const char *v = val_get_str(it.value, "version");

		strbuf_addf(out, "Control Plane Version: %s", v ? v : "unknown");
		if (!short_view) {
			const char *rev = val_get_str(it.value, "activeRevision");

			strbuf_addf(out, " (Istio %s in %s, revision %s)", val_get_str(it.value, "name"),
				    val_get_str(it.value, "namespace") ? val_get_str(it.value, "namespace") : "?",
				    rev ? rev : "none");
		}
		strbuf_addch(out, '\n');
	}
	val_release(&list);
	s = val_dig_str(doc, "cni", "version", NULL);
	strbuf_addf(out, "IstioCNI Version: %s\n", s ? s : "none");
	s = val_dig_str(doc, "ztunnel", "version", NULL);
	strbuf_addf(out, "ZTunnel Version: %s\n", s ? s : "none");
	list = val_get(doc, "dataPlane");
	strbuf_addstr(out, "Data Plane Version:");
	first = true;
	for (val_iter_init(&it, list); val_iter_next(&it); ) {
		struct val p = val_get(it.value, "proxies");
		double n = val_num_get(p);

		strbuf_addf(out, "%s %s (%.0f prox%s)", first ? "" : ",",
			    val_get_str(it.value, "version"), n, n == 1 ? "y" : "ies");
		val_release(&p);
		first = false;
	}
	strbuf_addstr(out, first ? " none\n" : "\n");
	val_release(&list);
}

int cmd_version(struct cli *cli)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	const char *format = cli_str(cli, VOPT_OUTPUT);
	bool short_view = cli_bool(cli, VOPT_SHORT);
	struct val doc = val_obj();
	int ret = 0;

	if (cli->nargs)
		die("version takes no arguments, got \"%s\"", cli->args[0]);
	if (format && short_view)
		die("--short cannot be used with -o %s", format);
	val_set_take(&doc, "clientVersion", client_version());
	if (cli_bool(cli, VOPT_REMOTE) && remote(cli, &doc, &err))
		ret = 1;
	if (format) {
		struct output o;

		if (output_parse(format, NULL, &o, &err) || output_print(&o, doc, stdout, &err))
			die("%s", err.buf);
		output_release(&o);
	} else {
		render_client(doc, short_view, &out);
		if (val_has(doc, "serverVersion"))
			render_remote(doc, short_view, &out);
		fputs(out.buf, stdout);
	}
	if (ret) {
		fflush(stdout);
		fprintf(stderr, "%s\n", err.buf);
	}
	val_release(&doc);
	strbuf_release(&err);
	strbuf_release(&out);
	return ret;
}
