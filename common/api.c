#include "sail.h"
#include "api.h"
#include "input_limits.h"
#include "names.h"
#include "restconfig.h"

#include <time.h>

#define ACCEPT_PARTIAL_LIST \
	"application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"
#define ACCEPT_TABLE "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"
#define DEFAULT_PAGE 500
#define MAX_LIST_RESTARTS 3

struct discovered {
	char *path;		/* "/api/v1", "/apis/apps/v1", "/apis" */
	struct val doc;
};

struct api {
	struct rest_config *cfg;
	struct http_client *http;
	struct rest_mapping **extra;	/* discovered mappings, strings owned */
	size_t nr_extra, alloc_extra;
	struct discovered *disc;
	size_t nr_disc, alloc_disc;
};

/* ------------------------------------------------------------ errors */

void api_error_release(struct api_error *e)
{
	size_t i;

	free(e->reason);
	free(e->message);
	free(e->details_kind);
	free(e->details_name);
	free(e->details_group);
	for (i = 0; i < e->nr_causes; i++) {
		free(e->causes[i].type);
		free(e->causes[i].message);
		free(e->causes[i].field);
	}
	free(e->causes);
	free(e->method);
	free(e->url);
	memset(e, 0, sizeof(*e));
	e->retry_after = -1;
}

void api_errorf(struct api_error *e, enum api_error_kind kind,
		const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	api_error_release(e);
	e->kind = kind;
	e->message = strbuf_detach(&sb, NULL);
}

bool api_error_is(const struct api_error *e, const char *reason)
{
	return e->reason && !strcmp(e->reason, reason);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* The Status reason client-go gives a bare HTTP code. */
static const char *reason_for_code(long code)
{
	switch (code) {
	case 400: return "BadRequest";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "NotFound";
	case 405: return "MethodNotAllowed";
	case 406: return "NotAcceptable";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "RequestEntityTooLarge";
	case 415: return "UnsupportedMediaType";
	case 422: return "Invalid";
	case 429: return "TooManyRequests";
	case 500: return "InternalError";
	case 503: return "ServiceUnavailable";
	case 504: return "Timeout";
	default: return NULL;
	}
}

/* Fill e from a decoded kind: Status. */
static void status_from_val(struct api_error *e, struct val st, long http_code)
{
	struct val code = val_get(st, "code");
	struct val details = val_get(st, "details");
	struct val causes, ra;
	const char *s;

	e->kind = API_ERR_STATUS;
	/* a Status code that is no HTTP status (0, 1e300) leaves the response's */
	e->code = val_num_long(code) >= 100 && val_num_long(code) <= 599 ? val_num_long(code) : http_code;
	s = val_get_str(st, "reason");
	e->reason = s && *s ? xstrdup(s) : NULL;
	s = val_get_str(st, "message");
	e->message = xstrdup(s ? s : "");
	if (val_is_obj(details)) {
		e->has_details = true;
		e->details_kind = dup_or_null(val_get_str(details, "kind"));
		e->details_name = dup_or_null(val_get_str(details, "name"));
		e->details_group = dup_or_null(val_get_str(details, "group"));
		ra = val_get(details, "retryAfterSeconds");
		if (val_kind(ra) == VAL_NUMBER)
			e->retry_after = val_num_long(ra);
		val_release(&ra);
		causes = val_get(details, "causes");
		if (val_is_arr(causes) && val_len(causes)) {
			struct val_iter it;

			e->causes = xcalloc(val_len(causes), sizeof(*e->causes));
			for (val_iter_init(&it, causes); val_iter_next(&it);) {
				struct api_cause *c = &e->causes[e->nr_causes++];

				c->type = dup_or_null(val_get_str(it.value, "reason"));
				c->message = dup_or_null(val_get_str(it.value, "message"));
				c->field = dup_or_null(val_get_str(it.value, "field"));
			}
		}
		val_release(&causes);
	}
	val_release(&code);
	val_release(&details);
}

/* A short, printable excerpt of a body for one-line messages. */
static void snippet(const char *body, size_t len, struct strbuf *out)
{
	size_t i, n = 0;
	bool space = false;

	strbuf_addch(out, '"');
	for (i = 0; i < len && n < 120; i++) {
		unsigned char ch = (unsigned char)body[i];

		if (ch < 0x20 || ch == 0x7f || ch == ' ') {
			if (!space && n) {
				strbuf_addch(out, ' ');
				n++;
			}
			space = true;
			continue;
		}
		space = false;
		if (ch == '"' || ch == '\\')
			strbuf_addch(out, '\\');
		strbuf_addch(out, (char)ch);
		n++;
	}
	while (out->len && out->buf[out->len - 1] == ' ')
		strbuf_setlen(out, out->len - 1);
	strbuf_addch(out, '"');
	if (i < len)
		strbuf_addstr(out, "...");
}

void api_error_from_response(struct api_error *e, long code,
			     const char *content_type, const char *body,
			     size_t len, const char *method, const char *url)
{
	struct strbuf sb = STRBUF_INIT, perr = STRBUF_INIT;
	struct val v = val_absent();
	const char *status_text = http_status_text(code);
	const char *reason;
	size_t i = 0;

	api_error_release(e);
	e->code = code;
	e->method = xstrdup(method ? method : "GET");
	e->url = xstrdup(url ? url : "");
	while (i < len && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
		i++;

	if (len && val_parse_json(body, len, &v, &perr) == 0 && val_is_obj(v)) {
		const char *kind = val_get_str(v, "kind");

		if (kind && !strcmp(kind, "Status")) {
			status_from_val(e, v, code);
			val_release(&v);
			strbuf_release(&perr);
			return;
		}
	}

	reason = reason_for_code(code);
	e->reason = dup_or_null(reason);
	if (code == 401) {
		/* client-go's generic 401, which kubectl words as a login hint */
		e->kind = API_ERR_STATUS;
		e->message = xstrdup("Unauthorized");
		val_release(&v);
		strbuf_release(&perr);
		return;
	}
	e->kind = API_ERR_RESPONSE;
	strbuf_addf(&sb, "the server returned %ld%s%s for %s %s", code,
		    *status_text ? " " : "", status_text, e->method, e->url);
	if (i == len) {
		strbuf_addstr(&sb, " with an empty body");
	} else if (val_exists(v)) {
		const char *kind = val_is_obj(v) ? val_get_str(v, "kind") : NULL;

		if (kind) {
			strbuf_addstr(&sb, " with a JSON body that is not a Status (kind \"");
			strbuf_add_oneline(&sb, kind, strlen(kind), 64);
			strbuf_addstr(&sb, "\")");
		} else
			strbuf_addf(&sb, " with a JSON body that is not a Status (%s)",
				    val_is_obj(v) ? "no kind" : val_kind_name(val_kind(v)));
	} else if (body[i] == '{' || body[i] == '[' ||
		   (content_type && strstr(content_type, "json"))) {
		/* jq's message quotes the whole text: keep the first part */
		char *cut = strstr(perr.buf, " (while parsing");

		if (cut)
			strbuf_setlen(&perr, (size_t)(cut - perr.buf));
		strbuf_addf(&sb, " with a truncated or malformed JSON body (%zu bytes: %s)",
			    len, perr.buf);
	} else {
		strbuf_addf(&sb, " with a non-JSON body (%s): ",
			    content_type && *content_type ? content_type : "no content type");
		snippet(body + i, len - i, &sb);
	}
	e->message = strbuf_detach(&sb, NULL);
	val_release(&v);
	strbuf_release(&perr);
}

static void transport_error(struct api_error *e, const struct http_response *resp,
			    const char *why, const char *method)
{
	api_error_release(e);
	e->kind = API_ERR_TRANSPORT;
	e->transport = resp->fail;
	e->method = xstrdup(method);
	e->url = dup_or_null(resp->url);
	if (resp->fail == HTTP_FAIL_REFUSED)
		e->message = xstrfmt("The connection to the server %s was refused - did you specify the right host or port?", why);
	else
		e->message = xstrdup(why);
}

/* kubectl's statusCausesToAggrError + MultilineError. */
static void render_invalid(const struct api_error *e, struct strbuf *out)
{
	struct strbuf prefix = STRBUF_INIT;
	char **msgs;
	size_t i, j, n = 0;

	if (!e->has_details) {
		strbuf_addstr(out, "The request is invalid");
		return;
	}
	if ((e->details_kind && *e->details_kind) || (e->details_name && *e->details_name))
		strbuf_addf(&prefix, "The %s \"%s\" is invalid",
			    e->details_kind ? e->details_kind : "",
			    e->details_name ? e->details_name : "");
	else
		strbuf_addstr(&prefix, "The request is invalid");
	if (!e->nr_causes) {
		strbuf_addstr(out, prefix.buf);
		strbuf_release(&prefix);
		return;
	}
	msgs = xcalloc(e->nr_causes, sizeof(*msgs));
	for (i = 0; i < e->nr_causes; i++) {
		char *m = xstrfmt("%s: %s", e->causes[i].field ? e->causes[i].field : "",
				  e->causes[i].message ? e->causes[i].message : "");

		for (j = 0; j < n; j++)
			if (!strcmp(msgs[j], m))
				break;
		if (j < n)
			free(m);
		else
			msgs[n++] = m;
	}
	if (n == 1) {
		strbuf_addf(out, "%s: %s", prefix.buf, msgs[0]);
	} else {
		strbuf_addf(out, "%s: ", prefix.buf);
		for (i = 0; i < n; i++)
			strbuf_addf(out, "\n* %s", msgs[i]);
	}
	for (i = 0; i < n; i++)
		free(msgs[i]);
	free(msgs);
	strbuf_release(&prefix);
}

void api_error_render(const struct api_error *e, struct strbuf *out)
{
	const char *msg = e->message ? e->message : "";

	switch (e->kind) {
	case API_ERR_STATUS:
		if (api_error_is(e, "Invalid"))
			render_invalid(e, out);
		else if (api_error_is(e, "Unauthorized"))
			strbuf_addf(out, "error: You must be logged in to the server (%s)", msg);
		else if (e->reason)
			strbuf_addf(out, "Error from server (%s): %s", e->reason, msg);
		else
			strbuf_addf(out, "Error from server: %s", msg);
		return;
	case API_ERR_TRANSPORT:
		if (e->transport == HTTP_FAIL_REFUSED)
			strbuf_addstr(out, msg);
		else	/* a timeout too: kubectl's Client.Timeout form */
			strbuf_addf(out, "Unable to connect to the server: %s", msg);
		return;
	case API_ERR_NONE:
		strbuf_addstr(out, "error: unknown error");
		return;
	default:
		strbuf_addf(out, "error: %s", msg);
		return;
	}
}

static const char field_manager_conflict_hint[] =
	"Please review the fields above--they currently have other managers. Here\n"
	"are the ways you can resolve this warning:\n"
	"* If you intend to manage all of these fields, please re-run the apply\n"
	"  command with the `--force-conflicts` flag.\n"
	"* If you do not intend to manage all of the fields, please edit your\n"
	"  manifest to remove references to the fields that should keep their\n"
	"  current managers.\n"
	"* You may co-own fields by updating your manifest to match the existing\n"
	"  value; in this case, you'll become the manager if the other manager(s)\n"
	"  stop managing the field (remove it from their configuration).\n"
	"See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts";

void api_error_render_apply(const struct api_error *e, struct strbuf *out)
{
	if (e->kind == API_ERR_STATUS && api_error_is(e, "Conflict")) {
		strbuf_addf(out, "error: %s\n%s", e->message ? e->message : "",
			    field_manager_conflict_hint);
		return;
	}
	if (e->kind == API_ERR_STATUS && e->code == 415)
		strbuf_addstr(out, "error: Server-side apply not available on the server: (");
	api_error_render(e, out);
	if (e->kind == API_ERR_STATUS && e->code == 415)
		strbuf_addch(out, ')');
}

void api_error_print(const struct api_error *e)
{
	struct strbuf sb = STRBUF_INIT;

	api_error_render(e, &sb);
	if (sail_diag_hook) {
		sail_diag_hook("", sb.buf);
	} else {
		fflush(stdout);
		fprintf(stderr, "%s\n", sb.buf);
	}
	strbuf_release(&sb);
}

bool api_conflict_manager(const struct api_cause *c, struct strbuf *out)
{
	const char *p, *q;

	if (!c->message)
		return false;
	p = strstr(c->message, "conflict with \"");
	if (!p)
		return false;
	p += strlen("conflict with \"");
	q = strchr(p, '"');
	if (!q)
		return false;
	strbuf_add(out, p, (size_t)(q - p));
	return true;
}

bool api_conflicts_ours(const struct api_error *e)
{
	struct strbuf who = STRBUF_INIT;
	size_t i, n = 0;
	bool ours = true;

	if (e->kind != API_ERR_STATUS || !api_error_is(e, "Conflict"))
		return false;
	for (i = 0; i < e->nr_causes && ours; i++) {
		if (!e->causes[i].type || strcmp(e->causes[i].type, "FieldManagerConflict"))
			continue;
		strbuf_reset(&who);
		ours = api_conflict_manager(&e->causes[i], &who) &&
		       !strncmp(who.buf, API_FIELD_MANAGER, strlen(API_FIELD_MANAGER));
		n++;
	}
	strbuf_release(&who);
	return ours && n > 0;
}

/* ------------------------------------------------------------ handle */

struct api *api_new(struct rest_config *cfg)
{
	struct api *a = xcalloc(1, sizeof(*a));

	a->cfg = cfg;
	return a;
}

static void free_mapping(struct rest_mapping *m)
{
	free((char *)m->group);
	free((char *)m->version);
	free((char *)m->kind);
	free((char *)m->resource);
	free((char *)m->singular);
	free((char *)m->short_names);
	free(m);
}

void api_free(struct api *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->nr_extra; i++)
		free_mapping(a->extra[i]);
	free(a->extra);
	for (i = 0; i < a->nr_disc; i++) {
		free(a->disc[i].path);
		val_release(&a->disc[i].doc);
	}
	free(a->disc);
	if (a->http)
		http_client_drop(a->cfg);
	free(a);
}

struct rest_config *api_config(struct api *a)
{
	return a->cfg;
}

static struct http_client *client(struct api *a)
{
	if (!a->http)
		a->http = http_client_for(a->cfg);
	return a->http;
}

/* ------------------------------------------------------------ URLs */

static void escape(struct strbuf *out, const char *s, bool query)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
		    ch == '.' || ch == '~') {
			strbuf_addch(out, (char)ch);
		} else if (query && ch == ' ') {
			strbuf_addch(out, '+');
		} else if (!query && strchr("$&+,:;=@", ch)) {
			strbuf_addch(out, (char)ch);
		} else {
			strbuf_addch(out, '%');
			strbuf_addch(out, hex[ch >> 4]);
			strbuf_addch(out, hex[ch & 15]);
		}
	}
}

void api_path(const struct rest_mapping *m, const char *ns, const char *name,
	      const char *subresource, struct strbuf *out)
{
	if (m->group && *m->group) {
		strbuf_addstr(out, "/apis/");
		escape(out, m->group, false);
		strbuf_addch(out, '/');
	} else {
		strbuf_addstr(out, "/api/");
	}
	escape(out, m->version, false);
	if (m->namespaced && ns && *ns) {
		strbuf_addstr(out, "/namespaces/");
		escape(out, ns, false);
	}
	strbuf_addch(out, '/');
	escape(out, m->resource, false);
	if (name && *name) {
		strbuf_addch(out, '/');
		escape(out, name, false);
		if (!subresource)
			subresource = m->subresource;
		if (subresource && *subresource) {
			strbuf_addch(out, '/');
			escape(out, subresource, false);
		}
	}
}

void api_query_add(struct api_query *q, const char *key, const char *value)
{
	ALLOC_GROW(q->p, q->nr + 1, q->alloc);
	q->p[q->nr].key = xstrdup(key);
	q->p[q->nr].value = xstrdup(value ? value : "");
	q->nr++;
}

void api_query_encode(const struct api_query *q, struct strbuf *out)
{
	bool *done;
	size_t i, n;

	if (!q->nr)
		return;
	done = xcalloc(q->nr, sizeof(*done));
	/* stable selection sort by key: values of one key keep their order */
	for (n = 0; n < q->nr; n++) {
		size_t best = q->nr;

		for (i = 0; i < q->nr; i++)
			if (!done[i] && (best == q->nr || strcmp(q->p[i].key, q->p[best].key) < 0))
				best = i;
		done[best] = true;
		strbuf_addch(out, n ? '&' : '?');
		escape(out, q->p[best].key, true);
		strbuf_addch(out, '=');
		escape(out, q->p[best].value, true);
	}
	free(done);
}

void api_query_release(struct api_query *q)
{
	size_t i;

	for (i = 0; i < q->nr; i++) {
		free(q->p[i].key);
		free(q->p[i].value);
	}
	free(q->p);
	q->p = NULL;
	q->nr = q->alloc = 0;
}

/* ------------------------------------------------------------ requests */

/*
 * One request with a JSON answer. *out (may be NULL) gets the 2xx body
 * (absent when empty). -1 with err for everything else.
 */
static int do_json(struct api *a, const char *method, const char *path,
		   const char *accept, const char *content_type,
		   const char *body, size_t body_len, struct val *out,
		   struct api_error *err)
{
	struct http_request req = { 0 };
	struct http_response resp;
	struct strbuf herr = STRBUF_INIT, perr = STRBUF_INIT;
	int ret = 0;

	if (out)
		*out = val_absent();
	api_error_release(err);
	req.method = method;
	req.path = path;
	req.accept = accept;
	req.content_type = content_type;
	req.body = body;
	req.body_len = body_len;
	if (http_do(client(a), &req, &resp, &herr) < 0) {
		transport_error(err, &resp, herr.buf, method);
		ret = -1;
		goto out;
	}
	if (resp.status < 200 || resp.status >= 300) {
		api_error_from_response(err, resp.status, resp.content_type,
					resp.body.buf, resp.body.len, method, resp.url);
		ret = -1;
		goto out;
	}
	if (out && resp.body.len) {
		if (val_parse_json(resp.body.buf, resp.body.len, out, &perr) < 0) {
			api_error_from_response(err, resp.status, resp.content_type,
						resp.body.buf, resp.body.len, method, resp.url);
			ret = -1;
			goto out;
		}
	}
	if (a->cfg->warnings_as_errors && resp.warnings) {
		if (out)
			val_release(out);
		api_errorf(err, API_ERR_LOCAL, "%u warning%s received", resp.warnings,
			   resp.warnings == 1 ? "" : "s");
		ret = -1;
	}
out:
	http_response_release(&resp);
	strbuf_release(&herr);
	strbuf_release(&perr);
	return ret;
}

int api_request(struct api *a, const char *method, const char *path,
		const char *accept, const char *content_type, struct val body,
		struct val *out, struct api_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (val_exists(body))
		val_to_json(body, &sb, 0);
	ret = do_json(a, method, path, accept, content_type,
		      val_exists(body) ? sb.buf : NULL, sb.len, out, err);
	strbuf_release(&sb);
	return ret;
}

/* ------------------------------------------------------------ mapping */

static struct val *discovery_doc(struct api *a, const char *path,
				 struct api_error *err)
{
	struct val doc;
	size_t i;

	for (i = 0; i < a->nr_disc; i++)
		if (!strcmp(a->disc[i].path, path))
			return &a->disc[i].doc;
	if (do_json(a, "GET", path, NULL, NULL, NULL, 0, &doc, err) < 0)
		return NULL;
	ALLOC_GROW(a->disc, a->nr_disc + 1, a->alloc_disc);
	a->disc[a->nr_disc].path = xstrdup(path);
	a->disc[a->nr_disc].doc = doc;
	return &a->disc[a->nr_disc++].doc;
}

static const struct rest_mapping *intern(struct api *a, const char *group,
					 const char *version, struct val res)
{
	struct rest_mapping *m = xcalloc(1, sizeof(*m));
	struct val sn = val_get(res, "shortNames");
	struct strbuf shortn = STRBUF_INIT;
	struct val_iter it;
	size_t i;
	const char *name = val_get_str(res, "name");
	const char *singular = val_get_str(res, "singularName");
	struct val ns = val_get(res, "namespaced");

	for (i = 0; i < a->nr_extra; i++) {
		const struct rest_mapping *x = a->extra[i];

		if (!strcmp(x->group, group) && !strcmp(x->version, version) &&
		    !strcmp(x->resource, name)) {
			free(m);
			val_release(&sn);
			val_release(&ns);
			return x;
		}
	}
	m->group = xstrdup(group);
	m->version = xstrdup(version);
	m->kind = xstrdup(val_get_str(res, "kind") ? val_get_str(res, "kind") : "");
	m->resource = xstrdup(name);
	m->singular = xstrdup(singular && *singular ? singular : "");
	for (val_iter_init(&it, sn); val_iter_next(&it);) {
		if (!val_is_str(it.value))
			continue;
		if (shortn.len)
			strbuf_addch(&shortn, ',');
		strbuf_addstr(&shortn, val_str_get(it.value));
	}
	m->short_names = shortn.len ? strbuf_detach(&shortn, NULL) : NULL;
	m->namespaced = val_bool_get(ns);
	m->preferred = true;
	ALLOC_GROW(a->extra, a->nr_extra + 1, a->alloc_extra);
	a->extra[a->nr_extra++] = m;
	strbuf_release(&shortn);
	val_release(&sn);
	val_release(&ns);
	return m;
}

static void gv_path(const char *group, const char *version, struct strbuf *out)
{
	if (group && *group) {
		strbuf_addstr(out, "/apis/");
		escape(out, group, false);
		strbuf_addch(out, '/');
	} else {
		strbuf_addstr(out, "/api/");
	}
	escape(out, version, false);
}

/* Look a kind or a name up in one group/version's resource list. */
static const struct rest_mapping *search_gv(struct api *a, const char *group,
					    const char *version, const char *kind,
					    const char *name, size_t name_len,
					    struct api_error *err)
{
	struct strbuf path = STRBUF_INIT;
	struct val *doc, res;
	struct val_iter it;
	const struct rest_mapping *found = NULL;

	gv_path(group, version, &path);
	doc = discovery_doc(a, path.buf, err);
	strbuf_release(&path);
	if (!doc)
		return NULL;
	res = val_get(*doc, "resources");
	for (val_iter_init(&it, res); val_iter_next(&it);) {
		const char *rname = val_get_str(it.value, "name");

		if (!rname || strchr(rname, '/'))
			continue;
		if (kind) {
			const char *k = val_get_str(it.value, "kind");

			if (k && !strcmp(k, kind)) {
				found = intern(a, group, version, it.value);
				break;
			}
		} else {
			struct rest_mapping probe = { 0 };
			struct val sn = val_get(it.value, "shortNames");
			struct strbuf shortn = STRBUF_INIT;
			struct val_iter si;

			for (val_iter_init(&si, sn); val_iter_next(&si);) {
				if (shortn.len)
					strbuf_addch(&shortn, ',');
				if (val_is_str(si.value))
					strbuf_addstr(&shortn, val_str_get(si.value));
			}
			probe.resource = rname;
			probe.singular = val_get_str(it.value, "singularName");
			probe.kind = val_get_str(it.value, "kind");
			probe.short_names = shortn.buf;
			if (restmap_name_matches(&probe, name, name_len))
				found = intern(a, group, version, it.value);
			strbuf_release(&shortn);
			val_release(&sn);
			if (found)
				break;
		}
	}
	val_release(&res);
	return found;
}

int api_resolve_kind(struct api *a, const char *api_version, const char *kind,
		     const struct rest_mapping **out, struct api_error *err)
{
	const struct rest_mapping *m;
	const char *slash;
	char *group, *version;

	api_error_release(err);
	*out = NULL;
	if (!api_version || !*api_version || !kind || !*kind) {
		api_errorf(err, API_ERR_LOCAL, "%s",
			   !kind || !*kind ? "Object 'Kind' is missing" :
			   "Object 'apiVersion' is missing");
		return -1;
	}
	m = restmap_by_kind(api_version, kind);
	if (m) {
		*out = m;
		return 0;
	}
	slash = strchr(api_version, '/');
	group = slash ? xstrndup(api_version, (size_t)(slash - api_version)) : xstrdup("");
	version = xstrdup(slash ? slash + 1 : api_version);
	m = search_gv(a, group, version, kind, NULL, 0, err);
	free(group);
	free(version);
	if (m) {
		*out = m;
		return 0;
	}
	if (err->kind == API_ERR_NONE || (err->kind == API_ERR_STATUS && err->code == 404) ||
	    (err->kind == API_ERR_RESPONSE && err->code == 404))
		api_errorf(err, API_ERR_MAPPING,
			   "the server doesn't have a resource type for kind \"%s\" in \"%s\"",
			   kind, api_version);
	return -1;
}

int api_resolve_object(struct api *a, struct val obj,
		       const struct rest_mapping **out, struct api_error *err)
{
	return api_resolve_kind(a, val_get_str(obj, "apiVersion"),
				val_get_str(obj, "kind"), out, err);
}

/*
 * A 404 that is not about one object (no Status details.name: "404 page
 * not found", or "the server could not find the requested resource")
 * means the server does not serve the mapping's type at all: say so as
 * discovery would. The code stays 404.
 */
static int missing_type(const struct rest_mapping *m, struct api_error *err)
{
	struct strbuf gv = STRBUF_INIT;

	if (err->code != 404 ||
	    !(err->kind == API_ERR_RESPONSE ||
	      (err->kind == API_ERR_STATUS && !(err->details_name && *err->details_name))))
		return -1;
	restmap_group_version(m, &gv);
	api_errorf(err, API_ERR_MAPPING,
		   "the server doesn't have a resource type for kind \"%s\" in \"%s\"",
		   m->kind, m->kind_api_version ? m->kind_api_version : gv.buf);
	err->code = 404;
	strbuf_release(&gv);
	return -1;
}

static bool not_found(const struct api_error *e)
{
	return e->kind == API_ERR_NONE || e->code == 404;
}

int api_resolve_name(struct api *a, const char *name,
		     const struct rest_mapping **out, struct api_error *err)
{
	const struct rest_mapping *m;
	const char *dot;
	size_t len;
	struct val *groups;
	struct val list;
	struct val_iter it;

	api_error_release(err);
	*out = NULL;
	if (!name || !*name) {
		api_errorf(err, API_ERR_LOCAL, "resource name may not be empty");
		return -1;
	}
	m = restmap_by_name(name);
	if (m) {
		*out = m;
		return 0;
	}
	dot = strchr(name, '.');
	len = dot ? (size_t)(dot - name) : strlen(name);
	if (dot) {
		/* name.group, or name.version.group */
		const char *group = dot + 1, *dot2 = strchr(group, '.');
		struct strbuf path = STRBUF_INIT;
		struct val *g;

		if (dot2) {
			char *version = xstrndup(group, (size_t)(dot2 - group));

			m = search_gv(a, dot2 + 1, version, NULL, name, len, err);
			free(version);
			if (m) {
				*out = m;
				return 0;
			}
			if (!not_found(err))
				return -1;
			api_error_release(err);
		}
		strbuf_addstr(&path, "/apis/");
		escape(&path, group, false);
		g = discovery_doc(a, path.buf, err);
		strbuf_release(&path);
		if (g) {
			const char *pv = val_dig_str(*g, "preferredVersion", "version", NULL);

			if (pv)
				m = search_gv(a, group, pv, NULL, name, len, err);
			if (m) {
				*out = m;
				return 0;
			}
		}
		if (!not_found(err))
			return -1;
		api_errorf(err, API_ERR_MAPPING,
			   "the server doesn't have a resource type \"%.*s\"", (int)len, name);
		return -1;
	}
	m = search_gv(a, "", "v1", NULL, name, len, err);
	if (m) {
		*out = m;
		return 0;
	}
	if (!not_found(err))
		return -1;
	api_error_release(err);
	groups = discovery_doc(a, "/apis", err);
	if (!groups)
		return -1;
	list = val_get(*groups, "groups");
	for (val_iter_init(&it, list); val_iter_next(&it) && !m;) {
		const char *g = val_get_str(it.value, "name");
		const char *pv = val_dig_str(it.value, "preferredVersion", "version", NULL);

		if (!g || !pv)
			continue;
		m = search_gv(a, g, pv, NULL, name, len, err);
		if (!m && !not_found(err))
			break;
		if (!m)
			api_error_release(err);
	}
	val_release(&list);
	if (m) {
		*out = m;
		return 0;
	}
	if (err->kind != API_ERR_NONE)
		return -1;
	api_errorf(err, API_ERR_MAPPING, "the server doesn't have a resource type \"%s\"", name);
	return -1;
}

/* ------------------------------------------------------------ operations */

int api_get(struct api *a, const struct rest_mapping *m, const char *ns,
	    const char *name, struct val *out, struct api_error *err)
{
	struct strbuf path = STRBUF_INIT;
	int ret;

	api_path(m, ns, name, NULL, &path);
	ret = do_json(a, "GET", path.buf, NULL, NULL, NULL, 0, out, err);
	strbuf_release(&path);
	return ret < 0 ? missing_type(m, err) : 0;
}

static void list_query(const struct api_list_opts *o, long limit,
		       const char *cont, struct api_query *q)
{
	char num[32];

	if (o && o->label_selector && *o->label_selector)
		api_query_add(q, "labelSelector", o->label_selector);
	if (o && o->field_selector && *o->field_selector)
		api_query_add(q, "fieldSelector", o->field_selector);
	if (limit > 0) {
		snprintf(num, sizeof(num), "%ld", limit);
		api_query_add(q, "limit", num);
	}
	if (cont)
		api_query_add(q, "continue", cont);
	else if (o && o->resource_version && *o->resource_version)
		api_query_add(q, "resourceVersion", o->resource_version);
}

int api_list(struct api *a, const struct rest_mapping *m, const char *ns,
	     const struct api_list_opts *o, api_page_fn fn, void *ctx,
	     struct api_error *err)
{
	long limit = o && o->limit ? o->limit : DEFAULT_PAGE;
	char *cont = NULL;
	bool restarted = false;
	int restarts = 0;

	for (;;) {
		struct api_query q = API_QUERY_INIT;
		struct strbuf path = STRBUF_INIT;
		struct val list;
		const char *next;
		int r;

		api_path(m, ns, NULL, NULL, &path);
		list_query(o, limit, cont, &q);
		api_query_encode(&q, &path);
		api_query_release(&q);
		r = do_json(a, "GET", path.buf, o && o->metadata_only ? ACCEPT_PARTIAL_LIST : NULL,
			    NULL, NULL, 0, &list, err);
		strbuf_release(&path);
		if (r < 0) {
			if (cont && err->code == 410 && restarts < MAX_LIST_RESTARTS) {
				/* the continue token expired: start over */
				restarts++;
				FREE_AND_NULL(cont);
				restarted = true;
				api_error_release(err);
				continue;
			}
			free(cont);
			return missing_type(m, err);
		}
		if (!val_is_obj(list)) {
			api_errorf(err, API_ERR_RESPONSE, "the server's answer to a list of %s is not an object",
				   m->resource);
			val_release(&list);
			free(cont);
			return -1;
		}
		r = fn(ctx, list, restarted);
		restarted = false;
		next = val_dig_str(list, "metadata", "continue", NULL);
		free(cont);
		cont = next && *next && limit > 0 ? xstrdup(next) : NULL;
		val_release(&list);
		if (r || !cont) {
			free(cont);
			return r;
		}
	}
}

struct collect {
	struct val items;
	char *rv;
};

static int collect_page(void *ctx, struct val list, bool restarted)
{
	struct collect *c = ctx;
	struct val items = val_get(list, "items");
	struct val_iter it;
	const char *rv;

	if (restarted) {
		val_release(&c->items);
		c->items = val_arr();
		FREE_AND_NULL(c->rv);
	}
	for (val_iter_init(&it, items); val_iter_next(&it);)
		val_push(&c->items, it.value);
	rv = val_dig_str(list, "metadata", "resourceVersion", NULL);
	if (!c->rv && rv)
		c->rv = xstrdup(rv);
	val_release(&items);
	return 0;
}

int api_list_all(struct api *a, const struct rest_mapping *m, const char *ns,
		 const struct api_list_opts *o, struct val *items, char **rv,
		 struct api_error *err)
{
	struct collect c;
	int r;

	c.items = val_arr();
	c.rv = NULL;
	r = api_list(a, m, ns, o, collect_page, &c, err);
	if (r < 0) {
		val_release(&c.items);
		free(c.rv);
		*items = val_absent();
		if (rv)
			*rv = NULL;
		return -1;
	}
	*items = c.items;
	if (rv)
		*rv = c.rv;
	else
		free(c.rv);
	return 0;
}

int api_table(struct api *a, const struct rest_mapping *m, const char *ns,
	      const char *name, const struct api_list_opts *o, struct val *out,
	      struct api_error *err)
{
	struct api_query q = API_QUERY_INIT;
	struct strbuf path = STRBUF_INIT;
	int r;

	api_path(m, ns, name, NULL, &path);
	if (!name)
		list_query(o, o && o->limit > 0 ? o->limit : 0, NULL, &q);
	api_query_encode(&q, &path);
	api_query_release(&q);
	r = do_json(a, "GET", path.buf, ACCEPT_TABLE, NULL, NULL, 0, out, err);
	strbuf_release(&path);
	return r < 0 ? missing_type(m, err) : 0;
}

/* The namespace an object goes to: its own, else the default given. */
static const char *object_ns(const struct rest_mapping *m, struct val obj,
			     const char *ns)
{
	const char *own;

	if (!m->namespaced)
		return NULL;
	own = val_dig_str(obj, "metadata", "namespace", NULL);
	return own && *own ? own : ns;
}

/* Nothing with a control character in its name goes out (a NUL would cut
 * the URL short), nothing larger than the server takes. */
static int check_sendable(struct val obj, struct api_error *err)
{
	struct strbuf why = STRBUF_INIT;
	struct val one = val_arr();
	int r;

	val_push(&one, obj);
	r = names_check_docs(one, LIMIT_OBJECT_BYTES, &why);
	if (r)
		api_errorf(err, API_ERR_LOCAL, "%s", why.buf);
	val_release(&one);
	strbuf_release(&why);
	return r;
}

static int write_request(struct api *a, const char *method, const char *path,
			 const char *content_type, struct val body,
			 struct val *out, struct api_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct val res;
	int r;

	val_to_json(body, &sb, 0);
	r = do_json(a, method, path, NULL, content_type, sb.buf, sb.len, &res, err);
	strbuf_release(&sb);
	if (out)
		*out = res;
	else
		val_release(&res);
	return r;
}

int api_create(struct api *a, const struct rest_mapping *m, const char *ns,
	       struct val obj, bool dry_run, struct val *out,
	       struct api_error *err)
{
	struct api_query q = API_QUERY_INIT;
	struct strbuf path = STRBUF_INIT;
	int r;

	if (check_sendable(obj, err)) {
		if (out)
			*out = val_absent();
		return -1;
	}
	if (m->subresource) {
		/* a kind served as a subresource: POST to .../NAME/SUB */
		const char *name = val_dig_str(obj, "metadata", "name", NULL);

		if (!name || !*name) {
			api_errorf(err, API_ERR_LOCAL, "resource name may not be empty");
			if (out)
				*out = val_absent();
			return -1;
		}
		api_path(m, object_ns(m, obj, ns), name, NULL, &path);
	} else {
		api_path(m, object_ns(m, obj, ns), NULL, NULL, &path);
		api_query_add(&q, "fieldManager", API_FIELD_MANAGER);
	}
	if (dry_run)
		api_query_add(&q, "dryRun", "All");
	api_query_encode(&q, &path);
	api_query_release(&q);
	r = write_request(a, "POST", path.buf, "application/json", obj, out, err);
	strbuf_release(&path);
	return r < 0 ? missing_type(m, err) : 0;
}

int api_apply(struct api *a, const struct rest_mapping *m, const char *ns,
	      struct val obj, const struct api_apply_opts *o, struct val *out,
	      struct api_error *err)
{
	struct api_query q = API_QUERY_INIT;
	struct strbuf path = STRBUF_INIT;
	const char *name = val_dig_str(obj, "metadata", "name", NULL);
	const char *target_ns = object_ns(m, obj, ns);
	int r;

	if (out)
		*out = val_absent();
	if (check_sendable(obj, err))
		return -1;
	if (!name || !*name) {
		api_errorf(err, API_ERR_LOCAL, "resource name may not be empty");
		return -1;
	}
	if (m->namespaced && (!target_ns || !*target_ns)) {
		api_errorf(err, API_ERR_LOCAL, "the %s \"%s\" needs a namespace", m->kind, name);
		return -1;
	}
	api_path(m, target_ns, name, o ? o->subresource : NULL, &path);
	if (o && o->dry_run)
		api_query_add(&q, "dryRun", "All");
	api_query_add(&q, "fieldManager",
		      o && o->field_manager && *o->field_manager ? o->field_manager : API_FIELD_MANAGER);
	if (o && o->field_validation && *o->field_validation)
		api_query_add(&q, "fieldValidation", o->field_validation);
	api_query_add(&q, "force", o && o->force ? "true" : "false");
	api_query_encode(&q, &path);
	api_query_release(&q);
	r = write_request(a, "PATCH", path.buf, "application/apply-patch+yaml", obj, out, err);
	strbuf_release(&path);
	return r < 0 ? missing_type(m, err) : 0;
}

int api_patch(struct api *a, const struct rest_mapping *m, const char *ns,
	      const char *name, enum api_patch_type type, struct val patch,
	      const char *subresource, bool dry_run, struct val *out,
	      struct api_error *err)
{
	struct api_query q = API_QUERY_INIT;
	struct strbuf path = STRBUF_INIT;
	int r;

	api_path(m, ns, name, subresource, &path);
	if (dry_run)
		api_query_add(&q, "dryRun", "All");
	api_query_add(&q, "fieldManager", API_FIELD_MANAGER);
	api_query_encode(&q, &path);
	api_query_release(&q);
	r = write_request(a, "PATCH", path.buf,
			  type == API_PATCH_JSON ? "application/json-patch+json"
						 : "application/merge-patch+json",
			  patch, out, err);
	strbuf_release(&path);
	return r < 0 ? missing_type(m, err) : 0;
}

int api_delete(struct api *a, const struct rest_mapping *m, const char *ns,
	       const char *name, const char *propagation, bool dry_run,
	       struct val *out, struct api_error *err)
{
	struct strbuf path = STRBUF_INIT;
	int r;

	api_path(m, ns, name, NULL, &path);
	if (propagation || dry_run) {
		struct val opts = val_obj();

		val_set_str(&opts, "kind", "DeleteOptions");
		val_set_str(&opts, "apiVersion", "v1");
		if (propagation)
			val_set_str(&opts, "propagationPolicy", propagation);
		if (dry_run) {
			struct val arr = val_arr();

			val_push_str(&arr, "All");
			val_set_take(&opts, "dryRun", arr);
		}
		r = write_request(a, "DELETE", path.buf, "application/json", opts, out, err);
		val_release(&opts);
	} else {
		r = do_json(a, "DELETE", path.buf, NULL, NULL, NULL, 0, out, err);
	}
	strbuf_release(&path);
	return r < 0 ? missing_type(m, err) : 0;
}

/* ------------------------------------------------------------ watch */

enum watch_end {
	WATCH_CLOSED,		/* the server ended the stream: watch again */
	WATCH_GONE,		/* 410: list again */
	WATCH_STOPPED,		/* the callback returned > 0 */
	WATCH_DEADLINE,
	WATCH_FAILED,
};

struct watch_state {
	api_event_fn fn;
	void *ctx;
	struct api_error *err;
	char *rv;
	bool gone;
	bool failed;
	int stop;
};

static void set_rv(struct watch_state *w, struct val obj)
{
	const char *rv = val_dig_str(obj, "metadata", "resourceVersion", NULL);

	if (rv && *rv) {
		free(w->rv);
		w->rv = xstrdup(rv);
	}
}

static int on_event(void *ctx, const char *json, size_t len)
{
	struct watch_state *w = ctx;
	struct strbuf perr = STRBUF_INIT;
	struct val ev, obj;
	const char *type;
	int r = 0;

	if (val_parse_json(json, len, &ev, &perr) < 0 || !val_is_obj(ev)) {
		api_errorf(w->err, API_ERR_RESPONSE, "malformed watch event: %s",
			   perr.len ? perr.buf : "not an object");
		strbuf_release(&perr);
		val_release(&ev);
		w->failed = true;
		return -1;
	}
	strbuf_release(&perr);
	type = val_get_str(ev, "type");
	obj = val_get(ev, "object");
	if (!type) {
		api_errorf(w->err, API_ERR_RESPONSE, "a watch event without a type");
		w->failed = true;
		r = -1;
	} else if (!strcmp(type, "ERROR")) {
		struct val code = val_get(obj, "code");
		const char *reason = val_get_str(obj, "reason");

		if ((val_kind(code) == VAL_NUMBER && val_num_get(code) == 410) ||
		    (reason && (!strcmp(reason, "Expired") || !strcmp(reason, "Gone")))) {
			w->gone = true;
			r = 1;
		} else {
			api_error_release(w->err);
			status_from_val(w->err, obj, val_kind(code) == VAL_NUMBER ? val_num_long(code) : 500);
			w->failed = true;
			r = -1;
		}
		val_release(&code);
	} else if (!strcmp(type, "BOOKMARK")) {
		set_rv(w, obj);
	} else {
		set_rv(w, obj);
		r = w->fn(w->ctx, type, obj, w->err);
		if (r > 0) {
			w->stop = r;
		} else if (r < 0) {
			w->failed = true;
			if (w->err->kind == API_ERR_NONE)
				api_errorf(w->err, API_ERR_LOCAL, "watch stopped by an error");
		}
	}
	val_release(&obj);
	val_release(&ev);
	return r;
}

static enum watch_end watch_once(struct api *a, const struct rest_mapping *m,
				 const char *ns, const struct api_watch_opts *o,
				 long deadline, struct watch_state *w)
{
	struct api_query q = API_QUERY_INIT;
	struct strbuf path = STRBUF_INIT, herr = STRBUF_INIT;
	struct http_request req = { 0 };
	struct http_response resp;
	long server_s = o && o->server_timeout_s > 0 ? o->server_timeout_s : 300;
	long remaining = deadline ? deadline - monotonic_ms() : 0;
	enum watch_end end;
	char num[32];

	if (deadline && remaining <= 0)
		return WATCH_DEADLINE;
	if (deadline && (remaining + 999) / 1000 < server_s)
		server_s = (remaining + 999) / 1000;
	api_path(m, ns, NULL, NULL, &path);
	api_query_add(&q, "allowWatchBookmarks", "true");
	if (o && o->field_selector && *o->field_selector)
		api_query_add(&q, "fieldSelector", o->field_selector);
	if (o && o->label_selector && *o->label_selector)
		api_query_add(&q, "labelSelector", o->label_selector);
	if (w->rv && *w->rv)
		api_query_add(&q, "resourceVersion", w->rv);
	snprintf(num, sizeof(num), "%ld", server_s);
	api_query_add(&q, "timeoutSeconds", num);
	api_query_add(&q, "watch", "1");
	api_query_encode(&q, &path);
	api_query_release(&q);

	req.method = "GET";
	req.path = path.buf;
	req.on_object = on_event;
	req.ctx = w;
	/* bounded either way: a silent server cannot hold us past the
	 * server-side timeoutSeconds plus some slack */
	req.timeout_ms = deadline ? remaining : (server_s + 30) * 1000;
	w->gone = w->failed = false;
	w->stop = 0;
	if (http_do(client(a), &req, &resp, &herr) < 0) {
		if (resp.fail == HTTP_FAIL_ABORTED) {
			end = w->stop > 0 ? WATCH_STOPPED : w->gone ? WATCH_GONE : WATCH_FAILED;
		} else if (resp.fail == HTTP_FAIL_TIMEOUT) {
			end = deadline ? WATCH_DEADLINE : WATCH_CLOSED;
		} else {
			transport_error(w->err, &resp, herr.buf, "GET");
			end = WATCH_FAILED;
		}
	} else if (resp.status == 410) {
		end = WATCH_GONE;
	} else if (resp.status < 200 || resp.status >= 300) {
		api_error_from_response(w->err, resp.status, resp.content_type,
					resp.body.buf, resp.body.len, "GET", resp.url);
		missing_type(m, w->err);
		end = WATCH_FAILED;
	} else {
		end = deadline && monotonic_ms() >= deadline ? WATCH_DEADLINE : WATCH_CLOSED;
	}
	http_response_release(&resp);
	strbuf_release(&herr);
	strbuf_release(&path);
	return end;
}

int api_watch(struct api *a, const struct rest_mapping *m, const char *ns,
	      const struct api_watch_opts *o, api_event_fn fn, void *ctx,
	      struct api_error *err)
{
	struct watch_state w = { 0 };
	long deadline = o && o->timeout_ms > 0 ? monotonic_ms() + o->timeout_ms : 0;
	int ret;

	api_error_release(err);
	w.fn = fn;
	w.ctx = ctx;
	w.err = err;
	w.rv = o && o->resource_version ? xstrdup(o->resource_version) : NULL;
	for (;;) {
		enum watch_end end = watch_once(a, m, ns, o, deadline, &w);

		if (end == WATCH_CLOSED)
			continue;
		if (end == WATCH_STOPPED) {
			ret = w.stop;
			break;
		}
		if (end == WATCH_DEADLINE) {
			ret = 0;
			break;
		}
		if (end == WATCH_FAILED) {
			ret = -1;
			break;
		}
		/* 410: list again, hand every object over as ADDED */
		{
			struct api_list_opts lo = { 0 };
			struct val items;
			struct val_iter it;
			char *rv = NULL;
			int r = 0;

			lo.label_selector = o ? o->label_selector : NULL;
			lo.field_selector = o ? o->field_selector : NULL;
			if (api_list_all(a, m, ns, &lo, &items, &rv, err) < 0) {
				ret = -1;
				break;
			}
			for (val_iter_init(&it, items); val_iter_next(&it);) {
				r = fn(ctx, "ADDED", it.value, err);
				if (r)
					break;
			}
			val_release(&items);
			free(w.rv);
			w.rv = rv;
			if (r > 0) {
				ret = r;
				break;
			}
			if (r < 0) {
				if (err->kind == API_ERR_NONE)
					api_errorf(err, API_ERR_LOCAL, "watch stopped by an error");
				ret = -1;
				break;
			}
		}
	}
	free(w.rv);
	return ret;
}

struct wait_state {
	api_pred_fn pred;
	void *ctx;
	struct strbuf why;
	struct val last;
	bool done;
};

static int wait_check(struct wait_state *s, struct val obj, struct api_error *err)
{
	int r;

	strbuf_reset(&s->why);
	val_release(&s->last);
	s->last = val_copy(obj);
	r = s->pred(s->ctx, obj, &s->why);
	if (r > 0) {
		s->done = true;
		return 1;
	}
	if (r < 0) {
		api_errorf(err, API_ERR_LOCAL, "%s", s->why.len ? s->why.buf : "the wait failed");
		return -1;
	}
	return 0;
}

static int wait_event(void *ctx, const char *type, struct val obj,
		      struct api_error *err)
{
	struct wait_state *s = ctx;

	if (!strcmp(type, "DELETED")) {
		struct val none = val_absent();

		return wait_check(s, none, err);
	}
	return wait_check(s, obj, err);
}

int api_wait_for(struct api *a, const struct rest_mapping *m, const char *ns,
		 const char *name, api_pred_fn pred, void *ctx, long timeout_ms,
		 struct val *last, struct api_error *err)
{
	struct wait_state s;
	struct api_list_opts lo = { 0 };
	struct api_watch_opts wo = { 0 };
	struct watch_state w = { 0 };
	char *selector = xstrfmt("metadata.name=%s", name);
	long deadline = monotonic_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	int ret = -1;

	api_error_release(err);
	if (last)
		*last = val_absent();
	s.pred = pred;
	s.ctx = ctx;
	strbuf_init(&s.why, 0);
	s.last = val_absent();
	s.done = false;
	lo.field_selector = selector;
	wo.field_selector = selector;
	w.fn = wait_event;
	w.ctx = &s;
	w.err = err;

	for (;;) {
		struct val items, obj;
		enum watch_end end;
		char *rv = NULL;
		int r;

		/* the current state */
		if (api_list_all(a, m, ns, &lo, &items, &rv, err) < 0)
			goto out;
		obj = val_at(items, 0);
		r = wait_check(&s, obj, err);
		val_release(&obj);
		val_release(&items);
		if (r) {
			free(rv);
			ret = r > 0 ? 0 : -1;
			goto out;
		}
		free(w.rv);
		w.rv = rv;
		/* then the changes */
		do {
			end = watch_once(a, m, ns, &wo, deadline, &w);
		} while (end == WATCH_CLOSED);
		if (end == WATCH_STOPPED) {
			ret = 0;
			goto out;
		}
		if (end == WATCH_FAILED)
			goto out;
		if (end == WATCH_DEADLINE) {
			if (s.why.len)
				api_errorf(err, API_ERR_TIMEOUT,
					   "timed out waiting for the condition on %s/%s: %s",
					   m->resource, name, s.why.buf);
			else
				api_errorf(err, API_ERR_TIMEOUT,
					   "timed out waiting for the condition on %s/%s",
					   m->resource, name);
			goto out;
		}
		/* WATCH_GONE: start over from a fresh list */
	}
out:
	if (ret == 0 && last)
		*last = val_copy(s.last);
	val_release(&s.last);
	strbuf_release(&s.why);
	free(w.rv);
	free(selector);
	return ret;
}

bool api_condition_met(struct val obj, const char *type, const char *status,
		       struct strbuf *why)
{
	struct val conds, gen;
	struct val_iter it;
	bool met = false, seen = false;

	if (!val_exists(obj)) {
		if (why)
			strbuf_addstr(why, "the object does not exist");
		return false;
	}
	conds = val_dig(obj, "status", "conditions", NULL);
	gen = val_dig(obj, "metadata", "generation", NULL);
	for (val_iter_init(&it, conds); val_iter_next(&it);) {
		const char *t = val_get_str(it.value, "type");
		const char *st = val_get_str(it.value, "status");
		struct val og;

		if (!t || strcasecmp(t, type))
			continue;
		seen = true;
		og = val_get(it.value, "observedGeneration");
		if (val_kind(og) == VAL_NUMBER && val_kind(gen) == VAL_NUMBER &&
		    val_num_get(og) != val_num_get(gen)) {
			if (why)
				strbuf_addf(why, "condition %s is for generation %.0f, the object is at %.0f",
					    t, val_num_get(og), val_num_get(gen));
		} else if (st && !strcasecmp(st, status)) {
			met = true;
		} else if (why) {
			const char *reason = val_get_str(it.value, "reason");
			const char *msg = val_get_str(it.value, "message");

			strbuf_addf(why, "%s=%s", t, st ? st : "");
			if (reason && *reason)
				strbuf_addf(why, " (%s%s%s)", reason, msg && *msg ? ": " : "",
					    msg && *msg ? msg : "");
			else if (msg && *msg)
				strbuf_addf(why, " (%s)", msg);
		}
		val_release(&og);
		break;
	}
	if (!seen && why)
		strbuf_addf(why, "no condition %s yet", type);
	val_release(&conds);
	val_release(&gen);
	return met;
}

int api_pred_gone(void *ctx, struct val obj, struct strbuf *why)
{
	(void)ctx;
	if (!val_exists(obj))
		return 1;
	strbuf_addstr(why, "it still exists");
	return 0;
}

int api_get_optional(struct api *a, const struct rest_mapping *m, const char *ns,
		     const char *name, struct val *out, struct api_error *err)
{
	*out = val_absent();
	if (!api_get(a, m, ns, name, out, err))
		return 0;
	*out = val_absent();
	if (!api_error_is(err, "NotFound"))
		return -1;
	api_error_release(err);
	return 0;
}

void api_conditions_describe(struct val obj, struct strbuf *out)
{
	struct val conds = val_dig(obj, "status", "conditions", NULL);
	struct val_iter it;

	for (val_iter_init(&it, conds); val_iter_next(&it); ) {
		const char *type = val_get_str(it.value, "type");
		const char *status = val_get_str(it.value, "status");
		const char *reason = val_get_str(it.value, "reason");
		const char *msg = val_get_str(it.value, "message");

		if (!type || (status && !strcmp(status, "True")))
			continue;
		if (out->len)
			strbuf_addstr(out, "; ");
		strbuf_addf(out, "%s %s", type, status ? status : "Unknown");
		if (reason && *reason)
			strbuf_addf(out, " (%s)", reason);
		if (msg && *msg)
			strbuf_addf(out, ": %s", msg);
	}
	val_release(&conds);
}

void api_error_die(const struct api_error *e)
{
	struct strbuf err = STRBUF_INIT;

	api_error_render(e, &err);
	die("%s", err.buf);
}
