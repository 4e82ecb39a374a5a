/*
 * The Istio version catalogue (see versions.h).
 */
#include "sail.h"
#include "versions.h"
#include "embedded.h"
#include "yaml.h"

/* "v1.30.3", "1.30.3", "v1.31.0-beta.1": 0 and the numbers, else -1. */
static int parse_semver(const char *s, int *major, int *minor, int *patch,
			bool *pre)
{
	int n = 0, a, b, c;

	if (*s == 'v')
		s++;
	if (sscanf(s, "%d.%d.%d%n", &a, &b, &c, &n) != 3 || a < 0 || b < 0 || c < 0)
		return -1;
	if (s[n] && s[n] != '-')
		return -1;
	*major = a;
	*minor = b;
	*patch = c;
	*pre = s[n] == '-';
	return 0;
}

int versions_parse_minor(const char *name, int *major, int *minor)
{
	int a, b, n = 0;

	if (*name == 'v')
		name++;
	if (sscanf(name, "%d.%d%n", &a, &b, &n) != 2 || a < 0 || b < 0)
		return -1;
	if (name[n] && name[n] != '.' && name[n] != '-')
		return -1;
	*major = a;
	*minor = b;
	return 0;
}

void versions_release(struct versions *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++) {
		free(c->v[i].name);
		free(c->v[i].ref);
	}
	free(c->v);
	c->v = NULL;
	c->nr = 0;
}

int versions_parse(const char *buf, size_t len, struct versions *out,
		   struct strbuf *err)
{
	struct val doc, list;
	struct val_iter it;
	size_t i;

	out->v = NULL;
	out->nr = 0;
	if (yaml_parse_one(buf, len, "versions.yaml", &doc, err))
		return -1;
	list = val_get(doc, "versions");
	if (!val_is_arr(list)) {
		val_release(&doc);
		val_release(&list);
		strbuf_addstr(err, "versions.yaml: no versions list");
		return -1;
	}
	out->v = xcalloc(val_len(list) + 1, sizeof(*out->v));
	for (val_iter_init(&it, list); val_iter_next(&it); ) {
		struct istio_version *e = &out->v[out->nr];
		const char *name = val_get_str(it.value, "name");
		const char *ref = val_get_str(it.value, "ref");
		struct val eol = val_get(it.value, "eol");

		if (!name)
			continue;
		e->name = xstrdup(name);
		e->ref = ref ? xstrdup(ref) : NULL;
		e->eol = val_bool_get(eol);
		e->major = e->minor = e->patch = -1;
		val_release(&eol);
		out->nr++;
	}
	val_release(&list);
	val_release(&doc);
	/* Numbers of every entry, aliases through their target. */
	for (i = 0; i < out->nr; i++) {
		struct istio_version *e = &out->v[i];
		const char *concrete = e->name;
		bool pre = false;

		if (e->ref)
			concrete = e->ref;
		if (parse_semver(concrete, &e->major, &e->minor, &e->patch, &pre))
			e->major = e->minor = e->patch = -1;
		e->prerelease = pre;
	}
	return 0;
}

const struct versions *versions_catalogue(void)
{
	static struct versions cat;
	static bool loaded;
	const struct embedded_file *f;
	struct strbuf err = STRBUF_INIT;

	if (loaded)
		return &cat;
	f = embedded_find("versions.yaml");
	if (!f)
		BUG("versions.yaml is not embedded");
	if (versions_parse(f->data, f->len, &cat, &err))
		BUG("embedded %s", err.buf);
	loaded = true;
	return &cat;
}

const struct istio_version *versions_find(const struct versions *c,
					  const char *name)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		if (!strcmp(c->v[i].name, name))
			return &c->v[i];
	return NULL;
}

static int cmp_ver(const struct istio_version *a, const struct istio_version *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	if (a->patch != b->patch)
		return a->patch < b->patch ? -1 : 1;
	return 0;
}

static bool supported_ga(const struct istio_version *e)
{
	return !e->ref && !e->eol && !e->prerelease && e->major >= 0;
}

const char *versions_default(const struct versions *c)
{
	const struct istio_version *best = NULL;
	size_t i;

	for (i = 0; i < c->nr; i++)
		if (supported_ga(&c->v[i]) && (!best || cmp_ver(&c->v[i], best) > 0))
			best = &c->v[i];
	return best ? best->name : NULL;
}

static long minor_distance(const struct istio_version *e, int major, int minor)
{
	long d = ((long)e->major - major) * 1000 + ((long)e->minor - minor);

	return d < 0 ? -d : d;
}

const struct istio_version *versions_nearest(const struct versions *c,
					     int major, int minor,
					     const char **alias)
{
	const struct istio_version *best = NULL;
	size_t i;

	*alias = NULL;
	for (i = 0; i < c->nr; i++) {
		const struct istio_version *e = &c->v[i];
		long d, bd;

		if (!supported_ga(e))
			continue;
		if (!best) {
			best = e;
			continue;
		}
		d = minor_distance(e, major, minor);
		bd = minor_distance(best, major, minor);
		if (d < bd || (d == bd && cmp_ver(e, best) > 0))
			best = e;
	}
	if (!best)
		return NULL;
	for (i = 0; i < c->nr; i++)
		if (c->v[i].ref && !c->v[i].eol && !strcmp(c->v[i].ref, best->name))
			*alias = c->v[i].name;
	return best;
}

static void suggest(const struct versions *c, const char *name,
		    struct strbuf *err)
{
	const struct istio_version *near;
	const char *alias;
	int major, minor;

	if (versions_parse_minor(name, &major, &minor)) {
		const char *def = versions_default(c);
		const struct istio_version *d = def ? versions_find(c, def) : NULL;

		major = d ? d->major : 1;
		minor = d ? d->minor : 0;
	}
	near = versions_nearest(c, major, minor, &alias);
	if (!near)
		return;
	strbuf_addf(err, "; the nearest supported version is %s", near->name);
	if (alias)
		strbuf_addf(err, " (%s)", alias);
}

int versions_resolve(const struct versions *c, const char *name,
		     const char **name_out, const char **concrete,
		     struct strbuf *err)
{
	const struct istio_version *e = versions_find(c, name);

	if (!e && *name != 'v') {
		char *with_v = xstrfmt("v%s", name);

		e = versions_find(c, with_v);
		free(with_v);
	}
	if (!e) {
		strbuf_addf(err, "version \"%s\" is not a known Istio version", name);
		suggest(c, name, err);
		strbuf_addstr(err, "; see --list-versions");
		return -1;
	}
	if (e->eol) {
		strbuf_addf(err, "version \"%s\" is end-of-life and cannot be installed",
			    e->name);
		suggest(c, e->name, err);
		return -1;
	}
	if (e->ref) {
		const struct istio_version *t = versions_find(c, e->ref);

		if (!t || t->eol || t->ref) {
			strbuf_addf(err, "version alias \"%s\" points to \"%s\", which cannot be installed",
				    e->name, e->ref);
			return -1;
		}
		*concrete = t->name;
	} else {
		*concrete = e->name;
	}
	if (name_out)
		*name_out = e->name;
	return 0;
}

static const char *status_of(const struct istio_version *e)
{
	if (e->eol)
		return "end-of-life";
	if (e->ref)
		return "alias";
	if (e->prerelease || e->major < 0)
		return "pre-release";
	return "supported";
}

struct val versions_to_val(const struct versions *c)
{
	struct val out = val_obj(), list = val_arr();
	const char *def = versions_default(c);
	size_t i;

	if (def)
		val_set_str(&out, "default", def);
	for (i = 0; i < c->nr; i++) {
		struct val e = val_obj();

		val_set_str(&e, "name", c->v[i].name);
		val_set_str(&e, "status", status_of(&c->v[i]));
		if (c->v[i].ref)
			val_set_str(&e, "resolvesTo", c->v[i].ref);
		val_push_take(&list, e);
	}
	val_set_take(&out, "versions", list);
	return out;
}

void versions_format(const struct versions *c, struct strbuf *out)
{
	const char *def = versions_default(c);
	size_t i, w = strlen("VERSION");

	for (i = 0; i < c->nr; i++)
		if (strlen(c->v[i].name) > w)
			w = strlen(c->v[i].name);
	strbuf_addf(out, "%-*s   %-12s   %s\n", (int)w, "VERSION", "STATUS", "RESOLVES TO");
	for (i = 0; i < c->nr; i++) {
		const struct istio_version *e = &c->v[i];
		bool is_def = def && !strcmp(def, e->name);
		size_t start = out->len;

		strbuf_addf(out, "%-*s   %-12s   %s%s", (int)w, e->name,
			    status_of(e), e->ref ? e->ref : "",
			    is_def ? "(default)" : "");
		/* no padding after the last column */
		while (out->len > start && out->buf[out->len - 1] == ' ')
			strbuf_setlen(out, out->len - 1);
		strbuf_addch(out, '\n');
	}
	if (def)
		strbuf_addf(out, "\nDefault version: %s\n", def);
}
