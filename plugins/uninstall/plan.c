/*
 * kubectl sail uninstall: the plan and the pure decisions (no I/O), so
 * that the unit tests can reach every refusal and every line.
 */
#include "sail.h"
#include "uninstall/uninstall.h"
#include "meshref.h"
#include "restmap.h"

#include <ctype.h>

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

bool un_planned(const struct un_plan *p, const struct rest_mapping *m,
		const char *ns, const char *name)
{
	size_t i;

	for (i = 0; i < p->nr; i++)
		if (p->v[i].m == m && same(p->v[i].ns, m->namespaced ? ns : NULL) &&
		    !strcmp(p->v[i].name, name))
			return true;
	return false;
}

void un_add(struct un_plan *p, enum un_phase phase, enum un_action action,
	    const struct rest_mapping *m, struct val obj)
{
	const char *name = val_dig_str(obj, "metadata", "name", NULL);
	const char *ns = m->namespaced ? val_dig_str(obj, "metadata", "namespace", NULL) : NULL;
	struct un_step *s;

	if (!name || un_planned(p, m, ns, name))
		return;
	ALLOC_GROW(p->v, p->nr + 1, p->alloc);
	s = &p->v[p->nr++];
	s->phase = phase;
	s->action = action;
	s->m = m;
	s->ns = ns ? xstrdup(ns) : NULL;
	s->name = xstrdup(name);
	s->obj = val_copy(obj);
}

void un_plan_release(struct un_plan *p)
{
	size_t i;

	for (i = 0; i < p->nr; i++) {
		free(p->v[i].ns);
		free(p->v[i].name);
		val_release(&p->v[i].obj);
	}
	FREE_AND_NULL(p->v);
	p->nr = p->alloc = 0;
}

bool un_has(struct val arr, const char *s)
{
	struct val_iter it;

	if (!s)
		return false;
	for (val_iter_init(&it, arr); val_iter_next(&it); ) {
		const char *have = val_str_get(it.value);

		if (have && !strcmp(have, s))
			return true;
	}
	return false;
}

void un_push_unique(struct val *arr, const char *s)
{
	if (s && *s && !un_has(*arr, s))
		val_push_str(arr, s);
}

bool un_owned_by_istio(struct val obj, struct val uids)
{
	struct val refs = val_dig(obj, "metadata", "ownerReferences", NULL);
	struct val_iter it;
	bool found = false;

	for (val_iter_init(&it, refs); val_iter_next(&it) && !found; ) {
		const char *kind = val_get_str(it.value, "kind");
		const char *av = val_get_str(it.value, "apiVersion");

		found = kind && !strcmp(kind, "Istio") && av &&
			!strncmp(av, "sailoperator.io/", 16) &&
			un_has(uids, val_get_str(it.value, "uid"));
	}
	val_release(&refs);
	return found;
}

bool un_tag_targets(struct val tag, struct val istios, struct val revisions)
{
	const char *kind = val_dig_str(tag, "spec", "targetRef", "kind", NULL);
	const char *name = val_dig_str(tag, "spec", "targetRef", "name", NULL);
	const char *resolved = val_dig_str(tag, "status", "istioRevision", NULL);

	if (kind && !strcmp(kind, "Istio") && un_has(istios, name))
		return true;
	if (kind && !strcmp(kind, "IstioRevision") && un_has(revisions, name))
		return true;
	return resolved && un_has(revisions, resolved);
}

/* "revision "r" by namespaces a, b and pods ns/p" into out; false if none. */
static bool refs_of(const struct meshref *m, const char *what, const char *name,
		    int rule, struct strbuf *out)
{
	struct val nss = meshref_namespaces(m, name);
	struct val pods = meshref_pods(m, name, rule);
	bool any = val_len(nss) || val_len(pods);

	if (any) {
		strbuf_addf(out, "%s \"%s\" is used by ", what, name);
		if (val_len(nss)) {
			strbuf_addstr(out, val_len(nss) > 1 ? "namespaces " : "namespace ");
			meshref_join(nss, ", ", out);
		}
		if (val_len(pods)) {
			strbuf_addstr(out, val_len(nss) ? " and " : "");
			strbuf_addstr(out, val_len(pods) > 1 ? "pods " : "pod ");
			meshref_join(pods, ", ", out);
		}
	}
	val_release(&nss);
	val_release(&pods);
	return any;
}

bool un_in_use(const struct meshref *m, struct val revisions, struct val tags,
	       struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct val_iter it;
	size_t start;

	for (val_iter_init(&it, revisions); val_iter_next(&it); ) {
		start = sb.len;
		if (sb.len)
			strbuf_addstr(&sb, "; ");
		if (!refs_of(m, "revision", val_str_get(it.value), MESHREF_REVISION, &sb))
			strbuf_setlen(&sb, start);
	}
	for (val_iter_init(&it, tags); val_iter_next(&it); ) {
		start = sb.len;
		if (sb.len)
			strbuf_addstr(&sb, "; ");
		if (!refs_of(m, "tag", val_str_get(it.value), MESHREF_TAG, &sb))
			strbuf_setlen(&sb, start);
	}
	if (!sb.len)
		return false;
	strbuf_add(out, sb.buf, sb.len);
	strbuf_release(&sb);
	return true;
}

bool un_installed_gateway_part(struct val obj)
{
	static const char *const kinds[] = {
		"ServiceAccount", "Deployment", "Service", "Role", "RoleBinding",
		"PodDisruptionBudget", "HorizontalPodAutoscaler", "Gateway", "VirtualService",
	};
	const char *kind = val_get_str(obj, "kind");
	const char *av = val_get_str(obj, "apiVersion");
	const char *app = val_dig_str(obj, "metadata", "labels", "app", NULL);
	struct val mf = val_dig(obj, "metadata", "managedFields", NULL);
	struct val_iter it;
	bool ours = false, known = false;
	size_t i;

	for (i = 0; kind && i < ARRAY_SIZE(kinds); i++)
		known |= !strcmp(kind, kinds[i]);
	if (known && (!strcmp(kind, "Gateway") || !strcmp(kind, "VirtualService")))
		known = av && !strncmp(av, "networking.istio.io/", 20);
	for (val_iter_init(&it, mf); val_iter_next(&it) && known && !ours; ) {
		const char *mgr = val_get_str(it.value, "manager");
		const char *op = val_get_str(it.value, "operation");

		ours = mgr && !strcmp(mgr, "kubectl-sail") && op && !strcmp(op, "Apply");
	}
	val_release(&mf);
	return ours && !(app && !strcmp(app, "istio-reader"));
}

bool un_run_by_planned(struct val obj, const struct un_plan *p, const char *ns)
{
	const struct rest_mapping *dm = restmap_by_kind("apps/v1", "Deployment");
	const char *kind = val_get_str(obj, "kind");
	struct val refs = val_dig(obj, "metadata", "ownerReferences", NULL);
	struct val_iter it;
	bool found = false;

	if (!kind || (strcmp(kind, "Pod") && strcmp(kind, "ReplicaSet"))) {
		val_release(&refs);
		return false;
	}
	for (val_iter_init(&it, refs); val_iter_next(&it) && !found; ) {
		const char *ok = val_get_str(it.value, "kind");
		const char *on = val_get_str(it.value, "name");
		const char *dash = on ? strrchr(on, '-') : NULL;

		if (!ok || !on)
			continue;
		if (!strcmp(ok, "Deployment")) {
			found = un_planned(p, dm, ns, on);
		} else if (!strcmp(ok, "ReplicaSet") && dash) {
			char *dep = xstrndup(on, (size_t)(dash - on));

			found = un_planned(p, dm, ns, dep);
			free(dep);
		}
	}
	val_release(&refs);
	return found;
}

bool un_system_ns(const char *name)
{
	static const char *const sys[] = {
		"default", "kube-system", "kube-public", "kube-node-lease", NULL
	};
	size_t i;

	for (i = 0; sys[i]; i++)
		if (!strcmp(name, sys[i]))
			return true;
	return false;
}

static bool owned_by_sail(struct val obj)
{
	struct val refs = val_dig(obj, "metadata", "ownerReferences", NULL);
	struct val_iter it;
	bool found = false;

	for (val_iter_init(&it, refs); val_iter_next(&it) && !found; ) {
		const char *av = val_get_str(it.value, "apiVersion");

		found = av && !strncmp(av, "sailoperator.io/", 16);
	}
	val_release(&refs);
	return found;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* Objects a namespace holds without anyone having put them there, or that
 * the operator put there and removes itself. */
static bool is_default(const char *kind, const char *name, struct val obj)
{
	const char *app = val_dig_str(obj, "metadata", "labels", "app", NULL);
	const char *k8s_app = val_dig_str(obj, "metadata", "labels", "k8s-app", NULL);
	const char *release = val_dig_str(obj, "metadata", "labels", "name", NULL);
	const char *type = val_get_str(obj, "type");
	const char *sa = val_dig_str(obj, "metadata", "annotations",
				     "kubernetes.io/service-account.name", NULL);

	if (!strcmp(kind, "ServiceAccount"))
		return !strcmp(name, "default");
	if (!strcmp(kind, "ConfigMap"))
		return !strcmp(name, "kube-root-ca.crt") || !strcmp(name, "istio-ca-root-cert");
	/* The operator installs with Helm: its release records (Secrets of
	 * type helm.sh/release.v1, labelled with the release name) stay until
	 * its finalizers have uninstalled the charts. */
	if (!strcmp(kind, "Secret") && type && !strcmp(type, "helm.sh/release.v1"))
		return release && (ends_with(release, "-istiod") ||
				   ends_with(release, "-revisiontags") ||
				   !strcmp(release, "istio-cni") || !strcmp(release, "ztunnel") ||
				   !strcmp(release, "default-base") || !strcmp(release, "base"));
	if (!strcmp(kind, "Secret"))	/* the token of the default ServiceAccount */
		return type && !strcmp(type, "kubernetes.io/service-account-token") &&
			sa && !strcmp(sa, "default");
	if (!strcmp(kind, "Pod") || !strcmp(kind, "ReplicaSet"))
		return (app && (!strcmp(app, "istiod") || !strcmp(app, "istio-cni-node") ||
				!strcmp(app, "ztunnel"))) ||
		       (k8s_app && !strcmp(k8s_app, "istio-cni-node"));
	return false;
}

/* A token Secret of a ServiceAccount the plan deletes goes with it. */
static bool token_of_planned(struct val obj, const struct un_plan *p, const char *ns)
{
	const char *type = val_get_str(obj, "type");
	const char *sa = val_dig_str(obj, "metadata", "annotations",
				     "kubernetes.io/service-account.name", NULL);
	const struct rest_mapping *m = restmap_by_kind("v1", "ServiceAccount");

	return type && !strcmp(type, "kubernetes.io/service-account-token") && sa &&
		un_planned(p, m, ns, sa);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The strings of arr, sorted, as a new array. */
static struct val sorted(struct val arr)
{
	size_t n = val_len(arr), i;
	char **v = xcalloc(n ? n : 1, sizeof(*v));
	struct val out = val_arr();

	for (i = 0; i < n; i++) {
		struct val e = val_at(arr, i);

		v[i] = xstrdup(val_str_get(e) ? val_str_get(e) : "");
		val_release(&e);
	}
	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++) {
		val_push_str(&out, v[i]);
		free(v[i]);
	}
	free(v);
	return out;
}

struct val un_ns_holds(struct val objects, const struct un_plan *p, const char *ns)
{
	struct val held = val_arr(), out;
	struct val_iter it;

	for (val_iter_init(&it, objects); val_iter_next(&it); ) {
		struct val o = it.value;
		const char *kind = val_get_str(o, "kind");
		const char *av = val_get_str(o, "apiVersion");
		const char *name = val_dig_str(o, "metadata", "name", NULL);
		const char *managed = val_dig_str(o, "metadata", "labels", "managed-by", NULL);
		const struct rest_mapping *m = kind && av ? restmap_by_kind(av, kind) : NULL;
		struct strbuf sb = STRBUF_INIT;

		if (!kind || !name || val_dig_str(o, "metadata", "deletionTimestamp", NULL))
			continue;
		if ((managed && !strcmp(managed, "sail-operator")) || owned_by_sail(o) ||
		    is_default(kind, name, o) || (m && un_planned(p, m, ns, name)) ||
		    token_of_planned(o, p, ns) || un_run_by_planned(o, p, ns))
			continue;
		for (const char *c = kind; *c; c++)
			strbuf_addch(&sb, tolower((unsigned char)*c));
		strbuf_addf(&sb, "/%s", name);
		val_push_str(&held, sb.buf);
		strbuf_release(&sb);
	}
	out = sorted(held);
	val_release(&held);
	return out;
}

void un_kind_group(const struct rest_mapping *m, struct strbuf *out)
{
	const char *c;

	for (c = m->kind; *c; c++)
		strbuf_addch(out, tolower((unsigned char)*c));
	if (*m->group)
		strbuf_addf(out, ".%s", m->group);
}

void un_line(const struct un_step *s, const char *dry, bool name_only,
	     struct strbuf *out)
{
	un_kind_group(s->m, out);
	if (name_only)
		strbuf_addf(out, "/%s", s->name);
	else if (s->action == UN_UNANNOTATE)
		strbuf_addf(out, "/%s annotated%s", s->name, dry);
	else
		strbuf_addf(out, " \"%s\" deleted%s", s->name, dry);
}
