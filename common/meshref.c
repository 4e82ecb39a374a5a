/*
 * Namespace and pod references to revisions and tags, by the operator's
 * rules (see meshref.h).
 */
#include "sail.h"
#include "meshref.h"
#include "api.h"

const char *meshref_ns_ref(struct val labels)
{
	const char *inj = val_get_str(labels, MESHREF_LABEL_INJECTION);
	const char *rev = val_get_str(labels, MESHREF_LABEL_REV);

	if (inj && !strcmp(inj, "enabled"))
		return "default";
	return rev && *rev ? rev : NULL;
}

const char *meshref_pod_label_ref(struct val labels)
{
	const char *inject = val_get_str(labels, MESHREF_LABEL_INJECT);
	const char *rev = val_get_str(labels, MESHREF_LABEL_REV);

	if (inject && !strcmp(inject, "false"))
		return NULL;
	if (rev && *rev)
		return rev;
	if (inject && !strcmp(inject, "true"))
		return "default";
	return NULL;
}

const char *meshref_pod_injected(struct val annotations)
{
	const char *rev = val_get_str(annotations, MESHREF_LABEL_REV);

	return rev && *rev ? rev : NULL;
}

void meshref_init(struct meshref *m, struct val namespaces, struct val pods)
{
	m->namespaces = val_is_arr(namespaces) ? val_copy(namespaces) : val_arr();
	m->pods = val_exists(pods) ? val_copy(pods) : val_absent();
}

int meshref_load(struct api *a, struct meshref *m, bool pods,
		 struct api_error *err)
{
	const struct rest_mapping *mns, *mpod;
	struct api_list_opts po = { .field_selector = "status.phase!=Succeeded" };

	m->namespaces = val_absent();
	m->pods = val_absent();
	if (api_resolve_kind(a, "v1", "Namespace", &mns, err) ||
	    api_resolve_kind(a, "v1", "Pod", &mpod, err))
		return -1;
	if (api_list_all(a, mns, NULL, NULL, &m->namespaces, NULL, err))
		return -1;
	if (pods && api_list_all(a, mpod, NULL, &po, &m->pods, NULL, err)) {
		val_release(&m->namespaces);
		return -1;
	}
	return 0;
}

void meshref_release(struct meshref *m)
{
	val_release(&m->namespaces);
	val_release(&m->pods);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A sorted copy of an array of strings. */
static struct val sorted(struct val names)
{
	size_t n = val_len(names), i;
	const char **v = xcalloc(n ? n : 1, sizeof(*v));
	struct val out = val_arr();

	for (i = 0; i < n; i++) {
		struct val s = val_at(names, i);

		v[i] = xstrdup(val_str_get(s) ? val_str_get(s) : "");
		val_release(&s);
	}
	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++) {
		val_push_str(&out, v[i]);
		free((char *)v[i]);
	}
	free(v);
	return out;
}

struct val meshref_namespaces(const struct meshref *m, const char *name)
{
	struct val out = val_arr(), res;
	struct val_iter it;

	for (val_iter_init(&it, m->namespaces); val_iter_next(&it); ) {
		struct val labels = val_dig(it.value, "metadata", "labels", NULL);
		const char *ref = meshref_ns_ref(labels);
		const char *ns = val_dig_str(it.value, "metadata", "name", NULL);

		if (ref && ns && !strcmp(ref, name))
			val_push_str(&out, ns);
		val_release(&labels);
	}
	res = sorted(out);
	val_release(&out);
	return res;
}

/* Does namespace ns reference anything? Unknown namespaces do not. */
static bool ns_refs_something(const struct meshref *m, const char *ns)
{
	struct val_iter it;

	for (val_iter_init(&it, m->namespaces); val_iter_next(&it); ) {
		const char *n = val_dig_str(it.value, "metadata", "name", NULL);

		if (n && !strcmp(n, ns)) {
			struct val labels = val_dig(it.value, "metadata", "labels", NULL);
			bool r = meshref_ns_ref(labels) != NULL;

			val_release(&labels);
			return r;
		}
	}
	return false;
}

struct val meshref_pods(const struct meshref *m, const char *name, int what)
{
	struct val out = val_arr(), res;
	struct val_iter it;

	for (val_iter_init(&it, m->pods); val_iter_next(&it); ) {
		struct val md = val_get(it.value, "metadata");
		struct val labels = val_get(md, "labels"), ann = val_get(md, "annotations");
		const char *ns = val_get_str(md, "namespace"), *pn = val_get_str(md, "name");
		const char *phase = val_dig_str(it.value, "status", "phase", NULL);
		const char *ref;
		bool hit = false;

		if (ns && pn && !(phase && !strcmp(phase, "Succeeded"))) {
			if (what == MESHREF_REVISION && (ref = meshref_pod_injected(ann)) &&
			    !strcmp(ref, name))
				hit = true;
			else if ((ref = meshref_pod_label_ref(labels)) && !strcmp(ref, name) &&
				 !ns_refs_something(m, ns))
				hit = true;
		}
		if (hit) {
			struct val s = val_strf("%s/%s", ns, pn);

			val_push_take(&out, s);
		}
		val_release(&labels);
		val_release(&ann);
		val_release(&md);
	}
	res = sorted(out);
	val_release(&out);
	return res;
}

void meshref_join(struct val names, const char *sep, struct strbuf *out)
{
	struct val_iter it;
	bool first = true;

	for (val_iter_init(&it, names); val_iter_next(&it); ) {
		if (!first)
			strbuf_addstr(out, sep);
		strbuf_addstr(out, val_str_get(it.value) ? val_str_get(it.value) : "");
		first = false;
	}
}

char *meshref_active_revision(struct val istio)
{
	const char *active = val_dig_str(istio, "status", "activeRevisionName", NULL);
	const char *name = val_dig_str(istio, "metadata", "name", NULL);
	const char *type = val_dig_str(istio, "spec", "updateStrategy", "type", NULL);
	const char *version = val_dig_str(istio, "spec", "version", NULL);
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	if (active && *active)
		return xstrdup(active);
	if (!name)
		return NULL;
	strbuf_addstr(&sb, name);
	if (type && !strcmp(type, "RevisionBased") && version) {
		strbuf_addch(&sb, '-');
		for (p = version; *p; p++)
			strbuf_addch(&sb, *p == '.' ? '-' : *p);
	}
	return strbuf_detach(&sb, NULL);
}
