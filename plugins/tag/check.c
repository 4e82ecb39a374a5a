/*
 * kubectl sail tag: the pure decisions (refusals, resolution, list rows).
 */
#include "sail.h"
#include "tag/tag.h"
#include "age.h"
#include "meshref.h"
#include "table.h"

/* The object named name in an array, borrowed into *out; false if none. */
static bool find_named(struct val arr, const char *name, struct val *out)
{
	struct val_iter it;

	for (val_iter_init(&it, arr); val_iter_next(&it); ) {
		const char *n = val_dig_str(it.value, "metadata", "name", NULL);

		if (n && !strcmp(n, name)) {
			*out = val_copy(it.value);
			return true;
		}
	}
	*out = val_absent();
	return false;
}

static bool is_remote(const char *profile)
{
	return profile && !strcmp(profile, "remote");
}

int tag_check_set(const char *tag, const char *kind, const char *name,
		  bool overwrite, struct val cur, struct val revisions,
		  struct val istios, char **revision, struct strbuf *err)
{
	struct val target = val_absent(), rev = val_absent();
	struct val_iter it;
	const char *ck, *cn;
	int ret = -1;

	*revision = NULL;
	/* 1. a revision of the same name (the operator: NameAlreadyExists) */
	if (find_named(revisions, tag, &rev)) {
		strbuf_addf(err, "IstioRevision \"%s\" exists: a tag cannot have the name of a revision (the operator would report NameAlreadyExists and install nothing)",
			    tag);
		goto out;
	}
	for (val_iter_init(&it, istios); val_iter_next(&it); ) {
		char *active = meshref_active_revision(it.value);

		if (active && !strcmp(active, tag)) {
			strbuf_addf(err, "the revision \"%s\" of Istio \"%s\" has this name: a tag cannot have the name of a revision (the operator would report NameAlreadyExists and install nothing)",
				    active, val_dig_str(it.value, "metadata", "name", NULL));
			free(active);
			goto out;
		}
		free(active);
	}
	/* 2. an existing tag pointing elsewhere */
	ck = val_dig_str(cur, "spec", "targetRef", "kind", NULL);
	cn = val_dig_str(cur, "spec", "targetRef", "name", NULL);
	if (val_exists(cur) && !overwrite &&
	    (!ck || !cn || strcmp(ck, kind) || strcmp(cn, name))) {
		strbuf_addf(err, "IstioRevisionTag \"%s\" exists and points at %s \"%s\": pass --overwrite to point it at %s \"%s\"",
			    tag, ck ? ck : "?", cn ? cn : "?", kind, name);
		goto out;
	}
	/* 3. the target exists */
	if (!find_named(!strcmp(kind, "Istio") ? istios : revisions, name, &target)) {
		strbuf_addf(err, "%s \"%s\" not found", kind, name);
		goto out;
	}
	/* 4. not a remote revision (the operator refuses it) */
	if (!strcmp(kind, "Istio")) {
		*revision = meshref_active_revision(target);
		if (is_remote(val_dig_str(target, "spec", "profile", NULL)) ||
		    is_remote(val_dig_str(target, "spec", "values", "profile", NULL))) {
			strbuf_addf(err, "Istio \"%s\" uses the remote profile: a tag cannot point at a remote control plane (the operator refuses it)",
				    name);
			goto out;
		}
		if (*revision)
			find_named(revisions, *revision, &rev);
	} else {
		*revision = xstrdup(name);
		rev = val_copy(target);
	}
	if (is_remote(val_dig_str(rev, "spec", "values", "profile", NULL))) {
		strbuf_addf(err, "IstioRevision \"%s\" uses the remote profile: a tag cannot point at a remote revision (the operator refuses it)",
			    *revision);
		goto out;
	}
	ret = 0;
out:
	if (ret)
		FREE_AND_NULL(*revision);
	val_release(&target);
	val_release(&rev);
	return ret;
}

char *tag_revision_of(struct val tag, struct val istios)
{
	const char *st = val_dig_str(tag, "status", "istioRevision", NULL);
	const char *kind = val_dig_str(tag, "spec", "targetRef", "kind", NULL);
	const char *name = val_dig_str(tag, "spec", "targetRef", "name", NULL);
	struct val istio;
	char *r = NULL;

	if (st && *st)
		return xstrdup(st);
	if (!kind || !name)
		return NULL;
	if (!strcmp(kind, "IstioRevision"))
		return xstrdup(name);
	if (find_named(istios, name, &istio))
		r = meshref_active_revision(istio);
	val_release(&istio);
	return r;
}

/* status of the condition type, or "" */
static const char *cond_status(struct val obj, const char *type)
{
	struct val conds = val_dig(obj, "status", "conditions", NULL);
	struct val_iter it;
	const char *r = "";

	for (val_iter_init(&it, conds); val_iter_next(&it); ) {
		const char *t = val_get_str(it.value, "type");

		if (t && !strcmp(t, type)) {
			/* borrowed from obj, which outlives conds */
			r = val_get_str(it.value, "status");
			break;
		}
	}
	val_release(&conds);
	return r ? r : "";
}

static struct val row(const char *name, struct val obj, const char *revision,
		      const struct meshref *m, const char *ref)
{
	struct val r = val_obj();
	const char *state = val_dig_str(obj, "status", "state", NULL);
	const char *created = val_dig_str(obj, "metadata", "creationTimestamp", NULL);

	val_set_str(&r, "name", name);
	val_set_str(&r, "status", state ? state : "");
	val_set_str(&r, "inUse", cond_status(obj, "InUse"));
	val_set_str(&r, "revision", revision ? revision : "");
	if (created)
		val_set_str(&r, "created", created);
	if (m)
		val_set_take(&r, "namespaces", meshref_namespaces(m, ref));
	return r;
}

struct list_row {
	char *rev, *name;
	struct val v;
};

static int cmp_row(const void *a, const void *b)
{
	const struct list_row *x = a, *y = b;
	int c = strcmp(x->rev, y->rev);

	return c ? c : strcmp(x->name, y->name);
}

struct val tag_list_rows(struct val tags, struct val revisions,
			 struct val istios, const struct meshref *m)
{
	struct list_row *rows = NULL;
	size_t nr = 0, alloc = 0, i;
	struct val used = val_obj(), out = val_arr();
	struct val_iter it;

	for (val_iter_init(&it, tags); val_iter_next(&it); ) {
		const char *name = val_dig_str(it.value, "metadata", "name", NULL);
		const char *st = val_dig_str(it.value, "status", "istioRevision", NULL);
		char *eff = tag_revision_of(it.value, istios);

		if (!name) {
			free(eff);
			continue;
		}
		if (eff)
			val_set_bool(&used, eff, true);
		ALLOC_GROW(rows, nr + 1, alloc);
		rows[nr].rev = xstrdup(st ? st : "");
		rows[nr].name = xstrdup(name);
		rows[nr].v = row(name, it.value, st, m, name);
		nr++;
		free(eff);
	}
	for (val_iter_init(&it, revisions); val_iter_next(&it); ) {
		const char *name = val_dig_str(it.value, "metadata", "name", NULL);

		if (!name || val_has(used, name))
			continue;
		ALLOC_GROW(rows, nr + 1, alloc);
		rows[nr].rev = xstrdup(name);
		rows[nr].name = xstrdup("");
		rows[nr].v = row("", it.value, name, m, name);
		nr++;
	}
	if (nr)
		qsort(rows, nr, sizeof(*rows), cmp_row);
	for (i = 0; i < nr; i++) {
		val_push_take(&out, rows[i].v);
		free(rows[i].rev);
		free(rows[i].name);
	}
	free(rows);
	val_release(&used);
	return out;
}

void tag_list_table(struct val rows, bool wide, bool no_headers, time_t now,
		    struct strbuf *out)
{
	struct table t;
	struct val_iter it;
	struct strbuf age = STRBUF_INIT, nss = STRBUF_INIT;

	if (wide)
		table_init(&t, "Name", "Status", "In use", "Revision", "Age", "Namespaces", NULL);
	else
		table_init(&t, "Name", "Status", "In use", "Revision", "Age", NULL);
	if (no_headers)
		t.flags |= TABLE_NO_HEADERS;
	for (val_iter_init(&it, rows); val_iter_next(&it); ) {
		const char *created = val_get_str(it.value, "created");
		time_t when;

		strbuf_reset(&age);
		strbuf_reset(&nss);
		if (created && !parse_rfc3339(created, &when))
			age_format((long long)(now - when), &age);
		else
			strbuf_addstr(&age, "<unknown>");
		if (wide) {
			struct val ns = val_get(it.value, "namespaces");

			meshref_join(ns, ",", &nss);
			val_release(&ns);
			table_add_row(&t, val_get_str(it.value, "name"), val_get_str(it.value, "status"),
				      val_get_str(it.value, "inUse"), val_get_str(it.value, "revision"),
				      age.buf, nss.buf);
		} else {
			table_add_row(&t, val_get_str(it.value, "name"), val_get_str(it.value, "status"),
				      val_get_str(it.value, "inUse"), val_get_str(it.value, "revision"),
				      age.buf);
		}
	}
	table_print(&t, out);
	table_release(&t);
	strbuf_release(&age);
	strbuf_release(&nss);
}

bool tag_auto_injects(const char *tag, struct val tag_obj, struct val revisions,
		      struct val istios)
{
	char *name = strcmp(tag, "default") ? NULL : tag_revision_of(tag_obj, istios);
	struct val rev, v;
	bool r = false;

	if (!name)
		return false;
	if (find_named(revisions, name, &rev)) {
		v = val_dig(rev, "spec", "values", "sidecarInjectorWebhook",
			    "enableNamespacesByDefault", NULL);
		r = val_kind(v) == VAL_BOOL && val_bool_get(v);
		val_release(&v);
	}
	val_release(&rev);
	free(name);
	return r;
}

bool tag_remove_blocked(const char *tag, struct val namespaces, struct val pods,
			bool auto_inject, struct strbuf *out)
{
	if (!val_len(namespaces) && !val_len(pods) && !auto_inject)
		return false;
	strbuf_addf(out, "IstioRevisionTag \"%s\" is in use by", tag);
	if (auto_inject)
		strbuf_addf(out, " every namespace (its revision sets sidecarInjectorWebhook.enableNamespacesByDefault)%s",
			    val_len(namespaces) || val_len(pods) ? ", and by" : "");
	if (val_len(namespaces)) {
		strbuf_addf(out, " namespace%s ", val_len(namespaces) > 1 ? "s" : "");
		meshref_join(namespaces, ", ", out);
	}
	if (val_len(pods)) {
		strbuf_addf(out, "%s pod%s ", val_len(namespaces) ? " and" : "",
			    val_len(pods) > 1 ? "s" : "");
		meshref_join(pods, ", ", out);
	}
	strbuf_addstr(out, ": move them to another tag or revision first (kubectl sail install namespace NS --revision REV), or pass --force");
	return true;
}
