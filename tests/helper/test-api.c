/*
 * test-api: drives common/api.c against a real cluster for the shell tests
 * (git's t/helper/test-tool idea). Output is simple and stable; errors are
 * printed exactly as the library renders them (kubectl's wording).
 *
 *   test-api [GLOBAL...] apply FILE [--force-conflicts] [--dry-run=server]
 *            [--field-manager M] [--field-validation V] [--print-rv]
 *   test-api [GLOBAL...] create FILE [--dry-run=server]
 *   test-api [GLOBAL...] get RESOURCE NAME [--field a.b.c]
 *   test-api [GLOBAL...] list RESOURCE [-A] [--limit N] [--metadata-only]
 *            [-l SELECTOR] [--field-selector SELECTOR]
 *   test-api [GLOBAL...] table RESOURCE [NAME]
 *   test-api [GLOBAL...] patch RESOURCE NAME (--type merge|json) -p JSON
 *            [--subresource S] [--dry-run=server]
 *   test-api [GLOBAL...] delete RESOURCE NAME [--cascade=background|
 *            foreground|orphan] [--dry-run=server]
 *   test-api [GLOBAL...] watch RESOURCE [--name N] [--count N]
 *            [--timeout D] [--until TYPE=STATUS] [--resource-version RV]
 *            [--server-timeout SECONDS]
 *   test-api [GLOBAL...] wait-condition RESOURCE NAME TYPE STATUS
 *            [--timeout D]
 *   test-api [GLOBAL...] wait-delete RESOURCE NAME [--timeout D]
 *   test-api [GLOBAL...] resolve NAME | resolve-kind APIVERSION KIND
 *   test-api [GLOBAL...] raw METHOD PATH [BODY]
 *
 * GLOBAL: --kubeconfig F, --context C, -n/--namespace NS, -v N,
 * --request-timeout D, --server S, --token T, --certificate-authority F,
 * --insecure-skip-tls-verify, --tls-server-name N, --as U, --as-group G,
 * --warnings-as-errors.
 *
 * FILE is a YAML (or JSON) stream of documents, "-" for stdin; a List's
 * items are applied one by one.
 */
#include "sail.h"
#include "api.h"
#include "http.h"
#include "kubeconfig.h"
#include "restconfig.h"
#include "yaml.h"

struct args {
	const char **pos;
	size_t nr;
	/* sub-command flags */
	bool force_conflicts, dry_run, print_rv, all_ns, metadata_only;
	const char *field_manager, *field_validation, *field, *label_selector,
		*field_selector, *type, *patch, *subresource, *cascade, *name,
		*until, *timeout, *resource_version;
	long limit, count, server_timeout;
};

static struct rest_config cfg;
static struct api *api;

static void usage_die(void)
{
	die("usage: test-api [--kubeconfig F] [--context C] [-n NS] [-v N] COMMAND ARGS (see tests/helper/test-api.c)");
}

static long parse_duration(const char *s)
{
	struct strbuf err = STRBUF_INIT;
	long ms;

	if (kube_parse_timeout(s, &ms, &err) < 0)
		die("invalid duration \"%s\": %s", s, err.buf);
	strbuf_release(&err);
	return ms;
}

/* "name.group" of kubectl -o name: <lowercase kind>[.<group>]/<name> */
static void object_name(const struct rest_mapping *m, struct val obj,
			struct strbuf *out)
{
	const char *k;

	for (k = m->kind; *k; k++)
		strbuf_addch(out, (char)(*k >= 'A' && *k <= 'Z' ? *k - 'A' + 'a' : *k));
	if (*m->group)
		strbuf_addf(out, ".%s", m->group);
	strbuf_addf(out, "/%s", val_dig_str(obj, "metadata", "name", NULL) ?
		    val_dig_str(obj, "metadata", "name", NULL) : "");
}

static int fail(const struct api_error *e)
{
	api_error_print(e);
	return 1;
}

/* Read FILE ("-": stdin) as a YAML (or JSON) stream; Lists are flattened. */
static struct val read_docs(const char *path)
{
	struct strbuf err = STRBUF_INIT;
	struct val stream, docs = val_arr();
	struct val_iter it, li;

	if (yaml_parse_file(path, &stream, NULL, &err) < 0)
		die("%s", err.buf);
	for (val_iter_init(&it, stream); val_iter_next(&it);) {
		const char *kind = val_get_str(it.value, "kind");
		struct val items = val_get(it.value, "items");

		if (kind && strlen(kind) > 4 && !strcmp(kind + strlen(kind) - 4, "List") &&
		    val_is_arr(items)) {
			for (val_iter_init(&li, items); val_iter_next(&li);)
				val_push(&docs, li.value);
		} else if (val_is_obj(it.value)) {
			val_push(&docs, it.value);
		}
		val_release(&items);
	}
	val_release(&stream);
	strbuf_release(&err);
	return docs;
}

static int cmd_apply(struct args *a, bool create)
{
	struct val docs, out;
	struct val_iter it;
	int rc = 0;

	if (a->nr != 1)
		usage_die();
	docs = read_docs(a->pos[0]);
	for (val_iter_init(&it, docs); val_iter_next(&it);) {
		struct api_error err = API_ERROR_INIT;
		const struct rest_mapping *m;
		struct strbuf sb = STRBUF_INIT;
		int r;

		if (api_resolve_object(api, it.value, &m, &err) < 0) {
			rc = fail(&err);
			api_error_release(&err);
			continue;
		}
		if (create) {
			r = api_create(api, m, cfg.namespace, it.value, a->dry_run, &out, &err);
		} else {
			struct api_apply_opts o = { 0 };

			o.field_manager = a->field_manager;
			o.force = a->force_conflicts;
			o.dry_run = a->dry_run;
			o.field_validation = a->field_validation;
			r = api_apply(api, m, cfg.namespace, it.value, &o, &out, &err);
		}
		if (r < 0) {
			if (create)
				api_error_render(&err, &sb);
			else
				api_error_render_apply(&err, &sb);
			fflush(stdout);
			fprintf(stderr, "%s\n", sb.buf);
			if (!create && api_error_is(&err, "Conflict")) {
				size_t i;

				for (i = 0; i < err.nr_causes; i++) {
					struct strbuf mgr = STRBUF_INIT;

					if (err.causes[i].type &&
					    !strcmp(err.causes[i].type, "FieldManagerConflict") &&
					    api_conflict_manager(&err.causes[i], &mgr))
						fprintf(stderr, "conflict: field %s managed by %s\n",
							err.causes[i].field ? err.causes[i].field : "?",
							mgr.buf);
					strbuf_release(&mgr);
				}
			}
			rc = 1;
		} else {
			object_name(m, out, &sb);
			printf("%s %s%s", sb.buf, create ? "created" : "serverside-applied",
			       a->dry_run ? " (server dry run)" : "");
			if (a->print_rv)
				printf(" rv=%s", val_dig_str(out, "metadata", "resourceVersion", NULL) ?
				       val_dig_str(out, "metadata", "resourceVersion", NULL) : "");
			printf("\n");
		}
		val_release(&out);
		strbuf_release(&sb);
		api_error_release(&err);
	}
	val_release(&docs);
	return rc;
}

static const struct rest_mapping *resolve(const char *name)
{
	struct api_error err = API_ERROR_INIT;
	const struct rest_mapping *m;

	if (api_resolve_name(api, name, &m, &err) < 0) {
		api_error_print(&err);
		api_error_release(&err);
		exit(1);
	}
	return m;
}

/* --field a.b.c: print one member (strings bare, the rest as JSON). */
static void print_field(struct val obj, const char *field)
{
	struct strbuf sb = STRBUF_INIT;
	struct val cur = val_copy(obj);
	char *copy = xstrdup(field), *p = copy;

	while (p && *p) {
		char *dot = strchr(p, '.');
		struct val next;

		if (dot)
			*dot = '\0';
		next = val_get(cur, p);
		val_release(&cur);
		cur = next;
		p = dot ? dot + 1 : NULL;
	}
	if (val_is_str(cur))
		printf("%s\n", val_str_get(cur));
	else if (val_exists(cur)) {
		val_to_json(cur, &sb, VAL_JSON_SORT);
		printf("%s\n", sb.buf);
	} else {
		printf("<absent>\n");
	}
	val_release(&cur);
	free(copy);
	strbuf_release(&sb);
}

static int cmd_get(struct args *a)
{
	struct api_error err = API_ERROR_INIT;
	const struct rest_mapping *m;
	struct val obj;
	struct strbuf sb = STRBUF_INIT;

	if (a->nr != 2)
		usage_die();
	m = resolve(a->pos[0]);
	if (api_get(api, m, cfg.namespace, a->pos[1], &obj, &err) < 0) {
		fail(&err);
		api_error_release(&err);
		return 1;
	}
	if (a->field) {
		print_field(obj, a->field);
	} else {
		val_to_json(obj, &sb, VAL_JSON_SORT);
		printf("%s\n", sb.buf);
	}
	strbuf_release(&sb);
	val_release(&obj);
	return 0;
}

struct list_ctx {
	unsigned pages;
	unsigned items;
};

static int print_page(void *vctx, struct val list, bool restarted)
{
	struct list_ctx *c = vctx;
	struct val items = val_get(list, "items");
	struct val_iter it;
	const char *cont = val_dig_str(list, "metadata", "continue", NULL);

	if (restarted)
		printf("restarted\n");
	c->pages++;
	printf("page %u kind=%s items=%zu continue=%s\n", c->pages,
	       val_get_str(list, "kind") ? val_get_str(list, "kind") : "?",
	       val_len(items), cont && *cont ? "yes" : "no");
	for (val_iter_init(&it, items); val_iter_next(&it);) {
		const char *ns = val_dig_str(it.value, "metadata", "namespace", NULL);
		struct val_iter f;
		bool only_meta = true;

		for (val_iter_init(&f, it.value); val_iter_next(&f);)
			if (strcmp(f.key, "metadata") && strcmp(f.key, "kind") &&
			    strcmp(f.key, "apiVersion"))
				only_meta = false;
		c->items++;
		printf("item %s%s%s%s\n", ns ? ns : "", ns ? "/" : "",
		       val_dig_str(it.value, "metadata", "name", NULL),
		       only_meta ? " (metadata only)" : "");
	}
	val_release(&items);
	return 0;
}

static int cmd_list(struct args *a)
{
	struct api_error err = API_ERROR_INIT;
	struct api_list_opts o = { 0 };
	struct list_ctx c = { 0 };
	const struct rest_mapping *m;

	if (a->nr != 1)
		usage_die();
	m = resolve(a->pos[0]);
	o.limit = a->limit;
	o.metadata_only = a->metadata_only;
	o.label_selector = a->label_selector;
	o.field_selector = a->field_selector;
	if (api_list(api, m, a->all_ns ? NULL : cfg.namespace, &o, print_page, &c, &err) < 0) {
		fail(&err);
		api_error_release(&err);
		return 1;
	}
	printf("total pages=%u items=%u\n", c.pages, c.items);
	return 0;
}

static int cmd_table(struct args *a)
{
	struct api_error err = API_ERROR_INIT;
	const struct rest_mapping *m;
	struct val t, cols, rows;
	struct val_iter it, ci;

	if (a->nr < 1 || a->nr > 2)
		usage_die();
	m = resolve(a->pos[0]);
	if (api_table(api, m, cfg.namespace, a->nr == 2 ? a->pos[1] : NULL, NULL, &t, &err) < 0) {
		fail(&err);
		api_error_release(&err);
		return 1;
	}
	printf("kind=%s\n", val_get_str(t, "kind") ? val_get_str(t, "kind") : "?");
	cols = val_get(t, "columnDefinitions");
	for (val_iter_init(&it, cols); val_iter_next(&it);)
		printf("%s%s", it.index ? "\t" : "", val_get_str(it.value, "name"));
	printf("\n");
	rows = val_get(t, "rows");
	for (val_iter_init(&it, rows); val_iter_next(&it);) {
		struct val cells = val_get(it.value, "cells");
		struct strbuf sb = STRBUF_INIT;

		for (val_iter_init(&ci, cells); val_iter_next(&ci);) {
			if (ci.index)
				strbuf_addch(&sb, '\t');
			if (val_is_str(ci.value))
				strbuf_addstr(&sb, val_str_get(ci.value));
			else
				val_to_json(ci.value, &sb, 0);
		}
		printf("%s\n", sb.buf);
		strbuf_release(&sb);
		val_release(&cells);
	}
	val_release(&cols);
	val_release(&rows);
	val_release(&t);
	return 0;
}

static int cmd_patch(struct args *a)
{
	struct api_error err = API_ERROR_INIT;
	struct strbuf perr = STRBUF_INIT;
	const struct rest_mapping *m;
	struct val p, out;
	struct strbuf sb = STRBUF_INIT;

	if (a->nr != 2 || !a->patch)
		usage_die();
	m = resolve(a->pos[0]);
	if (val_parse_json(a->patch, strlen(a->patch), &p, &perr) < 0)
		die("invalid patch: %s", perr.buf);
	if (api_patch(api, m, cfg.namespace, a->pos[1],
		      a->type && !strcmp(a->type, "json") ? API_PATCH_JSON : API_PATCH_MERGE,
		      p, a->subresource, a->dry_run, &out, &err) < 0) {
		val_release(&p);
		fail(&err);
		api_error_release(&err);
		return 1;
	}
	object_name(m, out, &sb);
	printf("%s patched%s\n", sb.buf, a->dry_run ? " (server dry run)" : "");
	strbuf_release(&sb);
	strbuf_release(&perr);
	val_release(&p);
	val_release(&out);
	return 0;
}

static int cmd_delete(struct args *a)
{
	struct api_error err = API_ERROR_INIT;
	const struct rest_mapping *m;
	const char *prop = NULL;
	struct val out;
	struct strbuf sb = STRBUF_INIT;
	struct val fake = val_obj();

	if (a->nr != 2)
		usage_die();
	m = resolve(a->pos[0]);
	if (a->cascade) {
		if (!strcmp(a->cascade, "background"))
			prop = "Background";
		else if (!strcmp(a->cascade, "foreground"))
			prop = "Foreground";
		else if (!strcmp(a->cascade, "orphan"))
			prop = "Orphan";
		else
			die("invalid --cascade \"%s\"", a->cascade);
	}
	if (api_delete(api, m, cfg.namespace, a->pos[1], prop, a->dry_run, &out, &err) < 0) {
		fail(&err);
		api_error_release(&err);
		val_release(&fake);
		return 1;
	}
	{
		struct val meta = val_obj();

		val_set_str(&meta, "name", a->pos[1]);
		val_set_take(&fake, "metadata", meta);
	}
	object_name(m, fake, &sb);
	printf("%s deleted%s\n", sb.buf, a->dry_run ? " (server dry run)" : "");
	strbuf_release(&sb);
	val_release(&fake);
	val_release(&out);
	return 0;
}

struct watch_ctx {
	long count, seen;
	char *type, *status;
};

static int print_event(void *vctx, const char *type, struct val obj,
		       struct api_error *err)
{
	struct watch_ctx *c = vctx;
	const char *ns = val_dig_str(obj, "metadata", "namespace", NULL);

	(void)err;
	printf("%s %s%s%s rv=%s\n", type, ns ? ns : "", ns ? "/" : "",
	       val_dig_str(obj, "metadata", "name", NULL),
	       val_dig_str(obj, "metadata", "resourceVersion", NULL));
	fflush(stdout);
	c->seen++;
	if (c->type && api_condition_met(obj, c->type, c->status, NULL)) {
		printf("condition %s=%s met\n", c->type, c->status);
		return 1;
	}
	if (c->count && c->seen >= c->count)
		return 2;
	return 0;
}

static int cmd_watch(struct args *a)
{
	struct api_error err = API_ERROR_INIT;
	struct api_watch_opts o = { 0 };
	struct watch_ctx c = { 0 };
	const struct rest_mapping *m;
	char *sel = NULL;
	int r;

	if (a->nr != 1)
		usage_die();
	m = resolve(a->pos[0]);
	if (a->name) {
		sel = xstrfmt("metadata.name=%s", a->name);
		o.field_selector = sel;
	} else {
		o.field_selector = a->field_selector;
	}
	o.label_selector = a->label_selector;
	o.resource_version = a->resource_version;
	o.timeout_ms = a->timeout ? parse_duration(a->timeout) : 30000;
	o.server_timeout_s = a->server_timeout;
	c.count = a->count;
	if (a->until) {
		const char *eq = strchr(a->until, '=');

		if (!eq)
			die("--until wants TYPE=STATUS");
		c.type = xstrndup(a->until, (size_t)(eq - a->until));
		c.status = xstrdup(eq + 1);
	}
	printf("watching\n");
	fflush(stdout);
	r = api_watch(api, m, a->all_ns ? NULL : cfg.namespace, &o, print_event, &c, &err);
	free(sel);
	free(c.type);
	free(c.status);
	if (r < 0) {
		fail(&err);
		api_error_release(&err);
		return 1;
	}
	printf(r == 0 ? "timeout\n" : "stopped\n");
	return a->until && r != 1 ? 1 : 0;
}

struct cond {
	const char *type, *status;
};

static int cond_pred(void *vctx, struct val obj, struct strbuf *why)
{
	struct cond *c = vctx;

	return api_condition_met(obj, c->type, c->status, why) ? 1 : 0;
}

static int gone_pred(void *vctx, struct val obj, struct strbuf *why)
{
	(void)vctx;
	if (!val_exists(obj))
		return 1;
	strbuf_addstr(why, "the object still exists");
	return 0;
}

static int cmd_wait(struct args *a, bool deletion)
{
	struct api_error err = API_ERROR_INIT;
	const struct rest_mapping *m;
	struct cond c;
	struct val last;
	struct strbuf sb = STRBUF_INIT;
	long timeout = a->timeout ? parse_duration(a->timeout) : 30000;

	if (a->nr != (deletion ? 2u : 4u))
		usage_die();
	m = resolve(a->pos[0]);
	c.type = deletion ? NULL : a->pos[2];
	c.status = deletion ? NULL : a->pos[3];
	if (api_wait_for(api, m, cfg.namespace, a->pos[1], deletion ? gone_pred : cond_pred,
			 &c, timeout, &last, &err) < 0) {
		fail(&err);
		api_error_release(&err);
		return 1;
	}
	{
		struct val fake = val_obj(), meta = val_obj();

		val_set_str(&meta, "name", a->pos[1]);
		val_set_take(&fake, "metadata", meta);
		object_name(m, fake, &sb);
		val_release(&fake);
	}
	printf("%s %s\n", sb.buf, deletion ? "deleted" : "condition met");
	strbuf_release(&sb);
	val_release(&last);
	return 0;
}

static int cmd_resolve(struct args *a, bool by_kind)
{
	struct api_error err = API_ERROR_INIT;
	const struct rest_mapping *m;
	int r;

	if (a->nr != (by_kind ? 2u : 1u))
		usage_die();
	r = by_kind ? api_resolve_kind(api, a->pos[0], a->pos[1], &m, &err)
		    : api_resolve_name(api, a->pos[0], &m, &err);
	if (r < 0) {
		fail(&err);
		api_error_release(&err);
		return 1;
	}
	printf("group=%s version=%s resource=%s kind=%s namespaced=%s\n",
	       *m->group ? m->group : "\"\"", m->version, m->resource, m->kind,
	       m->namespaced ? "true" : "false");
	return 0;
}

static int cmd_raw(struct args *a)
{
	struct api_error err = API_ERROR_INIT;
	struct strbuf perr = STRBUF_INIT, sb = STRBUF_INIT;
	struct val body = val_absent(), out;

	if (a->nr < 2 || a->nr > 3)
		usage_die();
	if (a->nr == 3 && val_parse_json(a->pos[2], strlen(a->pos[2]), &body, &perr) < 0)
		die("invalid body: %s", perr.buf);
	if (api_request(api, a->pos[0], a->pos[1], NULL, NULL, body, &out, &err) < 0) {
		val_release(&body);
		fail(&err);
		api_error_release(&err);
		return 1;
	}
	if (a->field) {
		print_field(out, a->field);
	} else {
		val_to_json(out, &sb, VAL_JSON_SORT);
		printf("%s\n", sb.buf);
	}
	val_release(&body);
	val_release(&out);
	strbuf_release(&sb);
	strbuf_release(&perr);
	return 0;
}

/* --name=value, --name value, -n value, -nvalue */
static const char *flag_value(const char *arg, const char *name, char shortc,
			      int *i, int argc, const char **argv)
{
	size_t n = strlen(name);

	if (!strncmp(arg, "--", 2) && !strncmp(arg + 2, name, n)) {
		if (arg[2 + n] == '=')
			return arg + 3 + n;
		if (!arg[2 + n]) {
			if (*i + 1 >= argc)
				die("flag --%s needs a value", name);
			return argv[++*i];
		}
	}
	if (shortc && arg[0] == '-' && arg[1] == shortc) {
		if (arg[2])
			return arg[2] == '=' ? arg + 3 : arg + 2;
		if (*i + 1 >= argc)
			die("flag -%c needs a value", shortc);
		return argv[++*i];
	}
	return NULL;
}

int main(int argc, const char **argv)
{
	struct kube_overrides ko = KUBE_OVERRIDES_INIT;
	struct args a = { 0 };
	struct strbuf err = STRBUF_INIT;
	const char *cmd = NULL, *v, *dry = NULL;
	const char **groups = xcalloc((size_t)argc + 1, sizeof(*groups));
	size_t ngroups = 0;
	int i, rc;

	sail_progname = "test-api";
	a.pos = xcalloc((size_t)argc + 1, sizeof(*a.pos));
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if ((v = flag_value(arg, "kubeconfig", 0, &i, argc, argv)))
			ko.kubeconfig = v;
		else if ((v = flag_value(arg, "context", 0, &i, argc, argv)))
			ko.context = v;
		else if ((v = flag_value(arg, "namespace", 'n', &i, argc, argv)))
			ko.namespace = v;
		else if ((v = flag_value(arg, "server", 0, &i, argc, argv)))
			ko.server = v;
		else if ((v = flag_value(arg, "token", 0, &i, argc, argv)))
			ko.token = v;
		else if ((v = flag_value(arg, "certificate-authority", 0, &i, argc, argv)))
			ko.certificate_authority = v;
		else if ((v = flag_value(arg, "tls-server-name", 0, &i, argc, argv)))
			ko.tls_server_name = v;
		else if ((v = flag_value(arg, "as-group", 0, &i, argc, argv))) {
			groups[ngroups++] = v;
			ko.as_groups = groups;
		} else if ((v = flag_value(arg, "as", 0, &i, argc, argv)))
			ko.as = v;
		else if (!strcmp(arg, "--insecure-skip-tls-verify"))
			ko.insecure_skip_tls_verify = 1;
		else if ((v = flag_value(arg, "request-timeout", 0, &i, argc, argv)))
			ko.request_timeout = v;
		else if ((v = flag_value(arg, "v", 'v', &i, argc, argv)))
			ko.verbosity = atoi(v);
		else if (!strcmp(arg, "--warnings-as-errors"))
			ko.warnings_as_errors = true;
		else if (!strcmp(arg, "--force-conflicts"))
			a.force_conflicts = true;
		else if ((v = flag_value(arg, "dry-run", 0, &i, argc, argv)))
			dry = v;
		else if (!strcmp(arg, "--print-rv"))
			a.print_rv = true;
		else if (!strcmp(arg, "-A") || !strcmp(arg, "--all-namespaces"))
			a.all_ns = true;
		else if (!strcmp(arg, "--metadata-only"))
			a.metadata_only = true;
		else if ((v = flag_value(arg, "field-manager", 0, &i, argc, argv)))
			a.field_manager = v;
		else if ((v = flag_value(arg, "field-validation", 0, &i, argc, argv)))
			a.field_validation = v;
		else if ((v = flag_value(arg, "field-selector", 0, &i, argc, argv)))
			a.field_selector = v;
		else if ((v = flag_value(arg, "field", 0, &i, argc, argv)))
			a.field = v;
		else if ((v = flag_value(arg, "selector", 'l', &i, argc, argv)))
			a.label_selector = v;
		else if ((v = flag_value(arg, "limit", 0, &i, argc, argv)))
			a.limit = atol(v);
		else if ((v = flag_value(arg, "count", 0, &i, argc, argv)))
			a.count = atol(v);
		else if ((v = flag_value(arg, "server-timeout", 0, &i, argc, argv)))
			a.server_timeout = atol(v);
		else if ((v = flag_value(arg, "type", 0, &i, argc, argv)))
			a.type = v;
		else if ((v = flag_value(arg, "patch", 'p', &i, argc, argv)))
			a.patch = v;
		else if ((v = flag_value(arg, "subresource", 0, &i, argc, argv)))
			a.subresource = v;
		else if ((v = flag_value(arg, "cascade", 0, &i, argc, argv)))
			a.cascade = v;
		else if ((v = flag_value(arg, "name", 0, &i, argc, argv)))
			a.name = v;
		else if ((v = flag_value(arg, "until", 0, &i, argc, argv)))
			a.until = v;
		else if ((v = flag_value(arg, "timeout", 0, &i, argc, argv)))
			a.timeout = v;
		else if ((v = flag_value(arg, "resource-version", 0, &i, argc, argv)))
			a.resource_version = v;
		else if (arg[0] == '-' && arg[1])
			die("unknown flag: %s", arg);
		else if (!cmd)
			cmd = arg;
		else
			a.pos[a.nr++] = arg;
	}
	if (dry) {
		if (strcmp(dry, "server"))
			die("only --dry-run=server is supported here");
		a.dry_run = true;
	}
	if (!cmd)
		usage_die();
	if (kubeconfig_load(&ko, &cfg, &err) < 0)
		die("%s", err.buf);
	api = api_new(&cfg);

	if (!strcmp(cmd, "apply"))
		rc = cmd_apply(&a, false);
	else if (!strcmp(cmd, "create"))
		rc = cmd_apply(&a, true);
	else if (!strcmp(cmd, "get"))
		rc = cmd_get(&a);
	else if (!strcmp(cmd, "list"))
		rc = cmd_list(&a);
	else if (!strcmp(cmd, "table"))
		rc = cmd_table(&a);
	else if (!strcmp(cmd, "patch"))
		rc = cmd_patch(&a);
	else if (!strcmp(cmd, "delete"))
		rc = cmd_delete(&a);
	else if (!strcmp(cmd, "watch"))
		rc = cmd_watch(&a);
	else if (!strcmp(cmd, "wait-condition"))
		rc = cmd_wait(&a, false);
	else if (!strcmp(cmd, "wait-delete"))
		rc = cmd_wait(&a, true);
	else if (!strcmp(cmd, "resolve"))
		rc = cmd_resolve(&a, false);
	else if (!strcmp(cmd, "resolve-kind"))
		rc = cmd_resolve(&a, true);
	else if (!strcmp(cmd, "raw"))
		rc = cmd_raw(&a);
	else
		die("unknown command \"%s\"", cmd);

	if (ko.warnings_as_errors && http_warning_count() && rc == 0)
		rc = 1;
	api_free(api);
	http_cleanup();
	rest_config_release(&cfg);
	free(a.pos);
	free(groups);
	strbuf_release(&err);
	return rc;
}
