/*
 * kubectl sail status: the text view. Every section is a table laid out
 * as kubectl lays out its own (table.h); with several contexts each gets a
 * first CONTEXT column and the contexts' rows are merged.
 */
#include "sail.h"
#include "status/status.h"
#include "age.h"
#include "table.h"

#define MAX_COLS 32

struct view {
	struct val results;
	bool multi, no_headers;
	time_t now;
	struct strbuf *out;
	bool printed;		/* a section was printed: separate the next */
};

static void section(struct view *v, const char *title, struct table *t)
{
	if (!t->nrows)
		return;
	if (v->printed)
		strbuf_addch(v->out, '\n');
	strbuf_addf(v->out, "%s:\n", title);
	table_print(t, v->out);
	v->printed = true;
}

/* Headers with CONTEXT first when several contexts are shown. */
static void init_table(struct view *v, struct table *t, const char *const *headers)
{
	const char *h[MAX_COLS];
	size_t n = 0;

	if (v->multi)
		h[n++] = "Context";
	for (; *headers && n < MAX_COLS; headers++)
		h[n++] = *headers;
	table_init_v(t, h, n);
	if (v->no_headers)
		t->flags |= TABLE_NO_HEADERS;
}

static void add_row(struct view *v, struct table *t, const char *ctx,
		    const char *const *cells, size_t n)
{
	const char *row[MAX_COLS];
	size_t k = 0, i;

	if (v->multi)
		row[k++] = ctx;
	for (i = 0; i < n && k < MAX_COLS; i++)
		row[k++] = cells[i];
	while (k < t->ncols)
		row[k++] = NULL;
	table_add_rowv(t, row);
}

/* ---------------------------------------------------------------- server tables */

/* A Table cell as kubectl prints it: dates (RFC 3339) as ages. */
static void cell_text(struct val cell, const char *format, time_t now, struct strbuf *out)
{
	time_t t;

	switch (val_kind(cell)) {
	case VAL_STRING:
		if (format && !strcmp(format, "date") && !parse_rfc3339(val_str_get(cell), &t))
			age_format((long long)(now - t), out);
		else
			strbuf_addstr(out, val_str_get(cell));
		break;
	case VAL_NUMBER:
		val_format_number(val_num_get(cell), out);
		break;
	case VAL_BOOL:
		strbuf_addstr(out, val_bool_get(cell) ? "true" : "false");
		break;
	case VAL_ARRAY:
	case VAL_OBJECT:
		val_to_json(cell, out, 0);
		break;
	default:
		break;
	}
}

static void server_table(struct view *v, const char *kind, const char *title)
{
	struct table t;
	struct val_iter ri, it;
	const char *headers[MAX_COLS + 1];
	int cols[MAX_COLS];
	struct val defs = val_absent();
	size_t n = 0, i;

	/* columns from the first context that has the table */
	for (val_iter_init(&ri, v->results); val_iter_next(&ri) && !n; ) {
		struct val_iter ci;

		val_release(&defs);
		defs = val_dig(ri.value, "tables", kind, "columnDefinitions", NULL);
		for (val_iter_init(&ci, defs); val_iter_next(&ci) && n < MAX_COLS - 1; ) {
			struct val pr = val_get(ci.value, "priority");

			if (val_num_get(pr) == 0 && val_get_str(ci.value, "name")) {
				cols[n] = (int)ci.index;
				headers[n++] = val_get_str(ci.value, "name");
			}
			val_release(&pr);
		}
	}
	if (!n) {
		val_release(&defs);
		return;
	}
	headers[n] = NULL;
	init_table(v, &t, headers);
	for (val_iter_init(&ri, v->results); val_iter_next(&ri); ) {
		struct val rows = val_dig(ri.value, "tables", kind, "rows", NULL);
		const char *ctx = val_get_str(ri.value, "context");

		for (val_iter_init(&it, rows); val_iter_next(&it); ) {
			struct val cells = val_get(it.value, "cells");
			struct strbuf sb[MAX_COLS];
			const char *row[MAX_COLS];

			for (i = 0; i < n; i++) {
				struct val c = val_at(cells, cols[i]);
				struct val d = val_at(defs, cols[i]);

				strbuf_init(&sb[i], 0);
				cell_text(c, val_get_str(d, "format"), v->now, &sb[i]);
				row[i] = sb[i].buf;
				val_release(&c);
				val_release(&d);
			}
			add_row(v, &t, ctx, row, n);
			for (i = 0; i < n; i++)
				strbuf_release(&sb[i]);
			val_release(&cells);
		}
		val_release(&rows);
	}
	section(v, title, &t);
	table_release(&t);
	val_release(&defs);
}

/* ---------------------------------------------------------------- our sections */

/* "a, b, c and 4 more" of an array of strings, given its full count. */
static void some(struct val names, long total, struct strbuf *out)
{
	struct val_iter it;
	long shown = 0;

	for (val_iter_init(&it, names); val_iter_next(&it) && shown < STATUS_FIRST_FEW; shown++)
		strbuf_addf(out, "%s%s", shown ? ", " : "", val_str_get(it.value));
	if (total > shown)
		strbuf_addf(out, " and %ld more", total - shown);
}

static const char *str_or(struct val obj, const char *key, const char *dflt)
{
	const char *s = val_get_str(obj, key);

	return s ? s : dflt;
}

static void verdicts(struct view *v)
{
	static const char *const h[] = { "Kind", "Name", "Verdict", NULL };
	static const char *const kinds[] = { "cni", "IstioCNI", "ztunnel", "ZTunnel", NULL };
	struct table t;
	struct val_iter ri, it;
	size_t k;

	init_table(v, &t, h);
	for (val_iter_init(&ri, v->results); val_iter_next(&ri); ) {
		const char *ctx = val_get_str(ri.value, "context");
		struct val doc = val_get(ri.value, "doc");
		struct val istios = val_get(doc, "istios");

		for (val_iter_init(&it, istios); val_iter_next(&it); ) {
			const char *row[] = { "Istio", str_or(it.value, "name", ""),
					      str_or(it.value, "verdict", "") };

			add_row(v, &t, ctx, row, 3);
		}
		for (k = 0; kinds[k]; k += 2) {
			struct val o = val_get(doc, kinds[k]);

			if (val_is_obj(o)) {
				const char *row[] = { kinds[k + 1], str_or(o, "name", ""),
						      str_or(o, "verdict", "") };

				add_row(v, &t, ctx, row, 3);
			}
			val_release(&o);
		}
		val_release(&istios);
		val_release(&doc);
	}
	section(v, "Verdicts", &t);
	table_release(&t);
}

static void in_use_row(struct view *v, struct table *t, const char *ctx, const char *kind,
		       struct val e)
{
	struct val by = val_get(e, "inUseBy");
	struct val nss = val_get(by, "namespaces"), tags = val_get(by, "tags");
	struct val pods = val_get(by, "pods"), names = val_get(by, "podNames");
	struct val in_use = val_get(e, "inUse");
	struct strbuf n = STRBUF_INIT, tg = STRBUF_INIT, p = STRBUF_INIT;
	const char *row[6];

	some(nss, (long)val_len(nss), &n);
	some(tags, (long)val_len(tags), &tg);
	if (val_num_get(pods) > 0) {
		strbuf_addf(&p, "%.0f: ", val_num_get(pods));
		some(names, (long)val_num_get(pods), &p);
	}
	row[0] = kind;
	row[1] = str_or(e, "name", "");
	row[2] = !strcmp(kind, "IstioRevisionTag") ? str_or(e, "revision", "") : str_or(e, "istio", "");
	row[3] = val_bool_get(in_use) ? "yes" : "no (nothing blocks pruning)";
	row[4] = n.len ? n.buf : "<none>";
	row[5] = p.len ? p.buf : "<none>";
	if (!strcmp(kind, "IstioRevision") && tg.len) {
		strbuf_addf(&n, "%stags: %s", n.len ? "; " : "", tg.buf);
		row[4] = n.buf;
	}
	if (!strcmp(kind, "IstioRevisionTag"))
		row[3] = val_bool_get(in_use) ? "yes" : "no";
	add_row(v, t, ctx, row, 6);
	strbuf_release(&n);
	strbuf_release(&tg);
	strbuf_release(&p);
	val_release(&by);
	val_release(&nss);
	val_release(&tags);
	val_release(&pods);
	val_release(&names);
	val_release(&in_use);
}

static void in_use(struct view *v)
{
	static const char *const h[] = { "Kind", "Name", "Istio/Revision", "In use",
					 "Referenced by", "Pods", NULL };
	struct table t;
	struct val_iter ri, it;

	init_table(v, &t, h);
	for (val_iter_init(&ri, v->results); val_iter_next(&ri); ) {
		const char *ctx = val_get_str(ri.value, "context");
		struct val revs = val_dig(ri.value, "doc", "revisions", NULL);
		struct val tags = val_dig(ri.value, "doc", "tags", NULL);

		for (val_iter_init(&it, revs); val_iter_next(&it); )
			in_use_row(v, &t, ctx, "IstioRevision", it.value);
		for (val_iter_init(&it, tags); val_iter_next(&it); )
			in_use_row(v, &t, ctx, "IstioRevisionTag", it.value);
		val_release(&revs);
		val_release(&tags);
	}
	section(v, "In use (what keeps each revision and tag from being pruned)", &t);
	table_release(&t);
}

/* "a=3, b=1" of an object of counts. */
static void counts(struct val obj, struct strbuf *out)
{
	struct val_iter it;

	for (val_iter_init(&it, obj); val_iter_next(&it); )
		strbuf_addf(out, "%s%s=%.0f", out->len ? ", " : "", it.key, val_num_get(it.value));
}

static void workloads(struct view *v)
{
	static const char *const h[] = { "Namespace", "References", "Revision", "Discovered by",
					 "Pods", "Meshed", "By revision", "Stale", NULL };
	struct table t;
	struct val_iter ri, it;

	init_table(v, &t, h);
	for (val_iter_init(&ri, v->results); val_iter_next(&ri); ) {
		const char *ctx = val_get_str(ri.value, "context");
		struct val nss = val_dig(ri.value, "doc", "namespaces", NULL);

		for (val_iter_init(&it, nss); val_iter_next(&it); ) {
			struct val pods = val_get(it.value, "pods");
			struct val by = val_get(pods, "byRevision"), sp = val_get(pods, "stalePods");
			struct val disc = val_get(it.value, "discoveredBy");
			struct val tot = val_get(pods, "total"), m = val_get(pods, "meshed");
			struct val st = val_get(pods, "stale");
			struct strbuf d = STRBUF_INIT, b = STRBUF_INIT, s = STRBUF_INIT;
			struct strbuf nt = STRBUF_INIT, nm = STRBUF_INIT;
			const char *row[8];

			some(disc, (long)val_len(disc), &d);
			counts(by, &b);
			val_format_number(val_num_get(tot), &nt);
			val_format_number(val_num_get(m), &nm);
			val_format_number(val_num_get(st), &s);
			if (val_num_get(st) > 0) {
				strbuf_addstr(&s, ": ");
				some(sp, (long)val_num_get(st), &s);
			}
			row[0] = str_or(it.value, "name", "");
			row[1] = str_or(it.value, "references", "<none>");
			row[2] = str_or(it.value, "resolvedRevision", "<none>");
			row[3] = d.len ? d.buf : "<none>";
			row[4] = nt.buf;
			row[5] = nm.buf;
			row[6] = b.len ? b.buf : "<none>";
			row[7] = s.buf;
			add_row(v, &t, ctx, row, 8);
			strbuf_release(&d);
			strbuf_release(&b);
			strbuf_release(&s);
			strbuf_release(&nt);
			strbuf_release(&nm);
			val_release(&pods);
			val_release(&by);
			val_release(&sp);
			val_release(&disc);
			val_release(&tot);
			val_release(&m);
			val_release(&st);
		}
		val_release(&nss);
	}
	section(v, "Workloads (stale: injected by another revision, or another proxy image than the revision injects now)", &t);
	table_release(&t);
}

static void hook_cell(struct val e, const char *key, struct strbuf *out)
{
	struct val h = val_get(e, key), p = val_get(h, "present");

	strbuf_addf(out, "%s (%s)", str_or(h, "name", ""), val_bool_get(p) ? "present" : "missing");
	val_release(&p);
	val_release(&h);
}

static void webhooks(struct view *v)
{
	static const char *const h[] = { "Revision", "Sidecar injector", "Validator", NULL };
	struct table t;
	struct val_iter ri, it;

	init_table(v, &t, h);
	for (val_iter_init(&ri, v->results); val_iter_next(&ri); ) {
		const char *ctx = val_get_str(ri.value, "context");
		struct val hooks = val_dig(ri.value, "doc", "webhooks", NULL);

		for (val_iter_init(&it, hooks); val_iter_next(&it); ) {
			struct strbuf i = STRBUF_INIT, va = STRBUF_INIT;
			const char *row[3];

			hook_cell(it.value, "injector", &i);
			hook_cell(it.value, "validator", &va);
			row[0] = str_or(it.value, "revision", "");
			row[1] = i.buf;
			row[2] = va.buf;
			add_row(v, &t, ctx, row, 3);
			strbuf_release(&i);
			strbuf_release(&va);
		}
		val_release(&hooks);
	}
	section(v, "Webhooks", &t);
	table_release(&t);
}

static void remote_secrets(struct view *v)
{
	static const char *const h[] = { "Namespace", "Secret", "Cluster", NULL };
	struct table t;
	struct val_iter ri, it;

	init_table(v, &t, h);
	for (val_iter_init(&ri, v->results); val_iter_next(&ri); ) {
		const char *ctx = val_get_str(ri.value, "context");
		struct val rs = val_dig(ri.value, "doc", "remoteSecrets", NULL);

		for (val_iter_init(&it, rs); val_iter_next(&it); ) {
			const char *row[] = { str_or(it.value, "namespace", ""),
					      str_or(it.value, "name", ""),
					      str_or(it.value, "cluster", "<unknown>") };

			add_row(v, &t, ctx, row, 3);
		}
		val_release(&rs);
	}
	section(v, "Remote secrets", &t);
	table_release(&t);
}

static void operator(struct view *v)
{
	static const char *const h[] = { "Namespace", "Deployment", "Version", "Installed by",
					 "Ready", "CRDs", NULL };
	struct table t;
	struct val_iter ri;

	init_table(v, &t, h);
	for (val_iter_init(&ri, v->results); val_iter_next(&ri); ) {
		const char *ctx = val_get_str(ri.value, "context");
		struct val op = val_dig(ri.value, "doc", "operator", NULL);
		struct val inst = val_dig(ri.value, "doc", "installed", NULL);

		if (val_is_obj(op)) {
			struct val ready = val_get(op, "ready");
			const char *row[] = { str_or(op, "namespace", ""), str_or(op, "name", ""),
					      str_or(op, "version", "<unknown>"),
					      str_or(op, "installedBy", ""),
					      val_bool_get(ready) ? "True" : "False",
					      str_or(op, "crds", "") };

			add_row(v, &t, ctx, row, 6);
			val_release(&ready);
		} else if (val_bool_get(inst)) {
			const char *row[] = { "<none>", "no Deployment named sail-operator", "", "", "", "" };

			add_row(v, &t, ctx, row, 6);
		}
		val_release(&op);
		val_release(&inst);
	}
	section(v, "Sail Operator", &t);
	table_release(&t);
}

/* Contexts with nothing installed, and those that could not be read. */
static void notes(struct view *v)
{
	struct val_iter ri;

	for (val_iter_init(&ri, v->results); val_iter_next(&ri); ) {
		const char *ctx = str_or(ri.value, "context", "");
		struct val inst = val_dig(ri.value, "doc", "installed", NULL);

		if (val_kind(inst) == VAL_BOOL && !val_bool_get(inst)) {
			if (v->printed)
				strbuf_addch(v->out, '\n');
			strbuf_addf(v->out, "No Istio control planes found in context %s\n", ctx);
			v->printed = true;
		}
		val_release(&inst);
	}
}

/* ---------------------------------------------------------------- ambient */

static void join_names(struct val arr, struct strbuf *out)
{
	struct val_iter it;

	for (val_iter_init(&it, arr); val_iter_next(&it); )
		strbuf_addf(out, "%s%s", it.index ? "," : "", val_str_get(it.value) ?: "");
	if (!out->len)
		strbuf_addstr(out, "<none>");
}

static void num_cell(struct val o, const char *key, struct strbuf *out)
{
	struct val n = val_get(o, key);

	val_format_number(val_num_get(n), out);
	val_release(&n);
}

/* Ambient namespaces (waypoint, pods redirected by the CNI), waypoints
 * (Programmed, stale pods) and stale ztunnel pods. */
static void ambient(struct view *v)
{
	static const char *const hn[] = { "Namespace", "Waypoint", "Pods", "Redirected",
					  "Pending", "Not Redirected", "Sidecars", NULL };
	static const char *const hw[] = { "Namespace", "Name", "For", "Programmed",
					  "Reason", "Pods", "Stale Pods", NULL };
	static const char *const hz[] = { "Namespace", "Image", "Pods", "Stale Pods", NULL };
	struct table tn, tw, tz;
	struct val_iter ri, it;

	init_table(v, &tn, hn);
	init_table(v, &tw, hw);
	init_table(v, &tz, hz);
	for (val_iter_init(&ri, v->results); val_iter_next(&ri); ) {
		const char *ctx = val_get_str(ri.value, "context");
		struct val amb = val_dig(ri.value, "doc", "ambient", NULL);
		struct val nss = val_get(amb, "namespaces"), wps = val_get(amb, "waypoints");
		struct val zt = val_get(amb, "ztunnelPods");

		for (val_iter_init(&it, nss); val_iter_next(&it); ) {
			struct strbuf c[6] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT,
					       STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
			const char *wp = val_get_str(it.value, "waypoint");
			const char *row[7];
			size_t k;

			if (wp)
				strbuf_addf(&c[0], "%s/%s", str_or(it.value, "waypointNamespace", ""), wp);
			else
				strbuf_addstr(&c[0], "<none>");
			num_cell(it.value, "pods", &c[1]);
			num_cell(it.value, "redirected", &c[2]);
			num_cell(it.value, "pending", &c[3]);
			num_cell(it.value, "notRedirected", &c[4]);
			num_cell(it.value, "sidecars", &c[5]);
			row[0] = str_or(it.value, "name", "");
			for (k = 0; k < 6; k++)
				row[k + 1] = c[k].buf;
			add_row(v, &tn, ctx, row, 7);
			for (k = 0; k < 6; k++)
				strbuf_release(&c[k]);
		}
		for (val_iter_init(&it, wps); val_iter_next(&it); ) {
			struct strbuf pods = STRBUF_INIT, stale = STRBUF_INIT;
			struct val p = val_get(it.value, "programmed"), sp = val_get(it.value, "stalePods");
			const char *row[7];

			num_cell(it.value, "pods", &pods);
			join_names(sp, &stale);
			row[0] = str_or(it.value, "namespace", "");
			row[1] = str_or(it.value, "name", "");
			row[2] = str_or(it.value, "for", "");
			row[3] = val_bool_get(p) ? "True" : "False";
			row[4] = str_or(it.value, "reason", "");
			row[5] = pods.buf;
			row[6] = stale.buf;
			add_row(v, &tw, ctx, row, 7);
			strbuf_release(&pods);
			strbuf_release(&stale);
			val_release(&p);
			val_release(&sp);
		}
		if (val_is_obj(zt)) {
			struct strbuf pods = STRBUF_INIT, stale = STRBUF_INIT;
			struct val sp = val_get(zt, "stalePods");
			const char *row[4];

			num_cell(zt, "pods", &pods);
			join_names(sp, &stale);
			row[0] = str_or(zt, "namespace", "");
			row[1] = str_or(zt, "image", "");
			row[2] = pods.buf;
			row[3] = stale.buf;
			add_row(v, &tz, ctx, row, 4);
			strbuf_release(&pods);
			strbuf_release(&stale);
			val_release(&sp);
		}
		val_release(&zt);
		val_release(&wps);
		val_release(&nss);
		val_release(&amb);
	}
	section(v, "Ambient namespaces", &tn);
	section(v, "Waypoints", &tw);
	section(v, "ztunnel pods", &tz);
	table_release(&tn);
	table_release(&tw);
	table_release(&tz);
}

void status_render(struct val results, bool no_headers, time_t now,
		   struct strbuf *out)
{
	struct view v = { results, val_len(results) > 1, no_headers, now, out, false };

	server_table(&v, "Istio", "Istio");
	server_table(&v, "IstioRevision", "IstioRevision");
	server_table(&v, "IstioRevisionTag", "IstioRevisionTag");
	server_table(&v, "IstioCNI", "IstioCNI");
	server_table(&v, "ZTunnel", "ZTunnel");
	verdicts(&v);
	in_use(&v);
	workloads(&v);
	ambient(&v);
	webhooks(&v);
	remote_secrets(&v);
	operator(&v);
	notes(&v);
}
