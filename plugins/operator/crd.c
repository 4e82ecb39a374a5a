/*
 * CRD versions: which of two copies of a Sail CRD is newer, judged by the
 * newest Istio version its spec.version enum accepts (spec
 * operator-install.md §4.5: that enum is what a release supports), and the
 * stored versions an update must keep.
 */
#include "sail.h"
#include "operator/operator.h"

/* "v1.31.0-beta.1": 0 and the numbers and pre-release text, else -1. */
static int istio_semver(const char *s, int n[3], const char **pre)
{
	int used = 0;

	if (!s || *s != 'v')
		return -1;
	if (sscanf(s + 1, "%d.%d.%d%n", &n[0], &n[1], &n[2], &used) != 3)
		return -1;
	s += 1 + used;
	if (*s && *s != '-')
		return -1;
	*pre = *s ? s + 1 : NULL;
	return 0;
}

int operator_istio_cmp(const char *a, const char *b)
{
	int na[3], nb[3], i;
	const char *pa, *pb;
	bool oka = !istio_semver(a, na, &pa), okb = !istio_semver(b, nb, &pb);

	if (!oka || !okb)
		return oka - okb;
	for (i = 0; i < 3; i++)
		if (na[i] != nb[i])
			return na[i] < nb[i] ? -1 : 1;
	if (!pa || !pb)
		return !pa - !pb;	/* a release is newer than its pre-releases */
	return strcmp(pa, pb);
}

/* The spec.version enum of a CRD version entry (absent when none). */
static struct val version_enum(struct val entry)
{
	return val_dig(entry, "schema", "openAPIV3Schema", "properties", "spec",
		       "properties", "version", "enum", NULL);
}

char *operator_crd_newest_istio(struct val crd)
{
	struct val versions = val_dig(crd, "spec", "versions", NULL);
	struct val_iter it, jt;
	const char *best = NULL;
	char *ret;

	for (val_iter_init(&it, versions); val_iter_next(&it); ) {
		struct val e = version_enum(it.value);

		for (val_iter_init(&jt, e); val_iter_next(&jt); ) {
			const char *s = val_str_get(jt.value);
			int n[3];
			const char *pre;

			if (s && !istio_semver(s, n, &pre) &&
			    (!best || operator_istio_cmp(s, best) > 0))
				best = s;
		}
		ret = best ? xstrdup(best) : NULL;
		val_release(&e);
		if (ret) {
			val_release(&versions);
			return ret;	/* the first version entry that has one */
		}
	}
	val_release(&versions);
	return NULL;
}

/* The enum of the first version entry that has one (absent: none). */
static struct val first_enum(struct val crd)
{
	struct val versions = val_dig(crd, "spec", "versions", NULL), e = val_absent();
	struct val_iter it;

	for (val_iter_init(&it, versions); val_iter_next(&it) && !val_exists(e); )
		e = version_enum(it.value);
	val_release(&versions);
	return e;
}

/* The fields a server adds to a CRD's versions do not count. */
static bool same_versions(struct val a, struct val b)
{
	struct val va = val_dig(a, "spec", "versions", NULL), vb = val_dig(b, "spec", "versions", NULL);
	size_t i, n = val_len(va);
	bool same = n == val_len(vb);

	for (i = 0; same && i < n; i++) {
		struct val x = val_at(va, i), y = val_at(vb, i);
		struct val sx = val_get(x, "schema"), sy = val_get(y, "schema");
		const char *nx = val_get_str(x, "name"), *ny = val_get_str(y, "name");

		same = nx && ny && !strcmp(nx, ny) && val_equal(sx, sy);
		val_release(&sx);
		val_release(&sy);
		val_release(&x);
		val_release(&y);
	}
	val_release(&va);
	val_release(&vb);
	return same;
}

enum crd_age operator_crd_age(struct val cluster, struct val ours)
{
	char *nc, *no;
	enum crd_age age;
	int c;

	if (!val_exists(cluster))
		return CRD_ABSENT;
	nc = operator_crd_newest_istio(cluster);
	no = operator_crd_newest_istio(ours);
	if (nc && no && (c = operator_istio_cmp(nc, no)) != 0) {
		age = c < 0 ? CRD_OLDER : CRD_NEWER;
	} else if (nc && no) {
		struct val ec = first_enum(cluster), eo = first_enum(ours);

		age = val_equal(ec, eo) && same_versions(cluster, ours) ? CRD_SAME : CRD_DIFFERENT;
		val_release(&ec);
		val_release(&eo);
	} else {
		age = same_versions(cluster, ours) ? CRD_SAME : CRD_DIFFERENT;
	}
	free(nc);
	free(no);
	return age;
}

static bool has_version(struct val versions, const char *name)
{
	struct val_iter it;

	for (val_iter_init(&it, versions); val_iter_next(&it); )
		if (!strcmp(val_get_str(it.value, "name") ?: "", name))
			return true;
	return false;
}

size_t operator_crd_keep_stored(struct val *ours, struct val cluster, struct strbuf *notes)
{
	struct val stored = val_dig(cluster, "status", "storedVersions", NULL);
	struct val theirs = val_dig(cluster, "spec", "versions", NULL);
	struct val spec = val_get(*ours, "spec");
	struct val mine = val_get(spec, "versions");
	struct val_iter it, jt;
	size_t kept = 0;

	for (val_iter_init(&it, stored); val_iter_next(&it); ) {
		const char *name = val_str_get(it.value);

		if (!name || has_version(mine, name))
			continue;
		for (val_iter_init(&jt, theirs); val_iter_next(&jt); ) {
			struct val e;

			if (strcmp(val_get_str(jt.value, "name") ?: "", name))
				continue;
			e = val_copy(jt.value);
			val_set_bool(&e, "storage", false);
			val_push_take(&mine, e);
			strbuf_addf(notes, "customresourcedefinition %s: keeping version %s, which objects are still stored in (status.storedVersions)\n",
				    val_dig_str(cluster, "metadata", "name", NULL), name);
			kept++;
			break;
		}
	}
	if (kept) {
		val_set_take(&spec, "versions", mine);
		val_set_take(ours, "spec", spec);
	} else {
		val_release(&mine);
		val_release(&spec);
	}
	val_release(&stored);
	val_release(&theirs);
	return kept;
}
