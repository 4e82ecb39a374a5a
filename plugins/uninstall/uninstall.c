/*
 * kubectl sail uninstall: select what goes, refuse what must not, build
 * the ordered plan (plan.c) and run it, waiting between steps with --wait.
 * Nothing is deleted before every refusal has been checked.
 */
#include "sail.h"
#include "fleet.h"
#include "commands.h"
#include "uninstall/uninstall.h"
#include "uninstall/uninstall_opts.h"
#include "uninstall/collect.h"
#include "api.h"
#include "kubeconfig.h"
#include "meshref.h"
#include "output.h"
#include "session.h"

#include <time.h>

#define SAIL_V1 "sailoperator.io/v1"
#define READER_SELECTOR "app=istio-reader,app.kubernetes.io/managed-by=kubectl-sail"
#define TOKEN_SUFFIX "-istio-remote-secret-token"

struct un {
	struct cli *cli;
	struct api *api;
	bool all, force, wait, client, server;

	/* every Sail object, as listed */
	struct val istios, revisions, tags, cnis, ztunnels;
	/* names of what goes: Istios, revisions (owned, active, orphaned),
	 * tags; the removed Istios' uids; their control-plane namespaces */
	struct val rm_istios, rm_revs, rm_tags, rm_uids, cp_ns;
	/* namespaces the --cni objects live in */
	struct val cni_ns;
	struct un_plan plan;
};

static const char *name_of(struct val obj)
{
	return val_dig_str(obj, "metadata", "name", NULL);
}

static const struct rest_mapping *sail(struct un *u, const char *kind)
{
	return un_mapping(u->api, SAIL_V1, kind);
}

static const struct rest_mapping *core(struct un *u, const char *kind)
{
	return un_mapping(u->api, "v1", kind);
}

/* ------------------------------------------------------------ selection */

static void load_sail(struct un *u)
{
	u->istios = un_list(u->api, SAIL_V1, "Istio", NULL, NULL, NULL);
	u->revisions = un_list(u->api, SAIL_V1, "IstioRevision", NULL, NULL, NULL);
	u->tags = un_list(u->api, SAIL_V1, "IstioRevisionTag", NULL, NULL, NULL);
	u->cnis = un_list(u->api, SAIL_V1, "IstioCNI", NULL, NULL, NULL);
	u->ztunnels = un_list(u->api, SAIL_V1, "ZTunnel", NULL, NULL, NULL);
}

static bool istio_selected(struct un *u, const char *name)
{
	size_t i;

	if (u->all)
		return true;
	for (i = 0; i < u->cli->nargs; i++)
		if (!strcmp(u->cli->args[i], name))
			return true;
	return false;
}

/* A named Istio that does not exist is no error (a second run finds
 * nothing left), but a typo should not pass unseen. */
static void report_missing(struct un *u)
{
	size_t i;

	for (i = 0; i < u->cli->nargs; i++)
		if (!un_has(u->rm_istios, u->cli->args[i]))
			fprintf(stderr, "istio.sailoperator.io \"%s\" not found\n", u->cli->args[i]);
}

/* The Istios named (or all), their revisions, and with --all the
 * revisions no existing Istio owns. */
static void select_istios(struct un *u)
{
	struct val all_uids = val_arr();
	struct val_iter it;

	for (val_iter_init(&it, u->istios); val_iter_next(&it); ) {
		const char *name = name_of(it.value);
		char *active;

		un_push_unique(&all_uids, val_dig_str(it.value, "metadata", "uid", NULL));
		if (!name || !istio_selected(u, name))
			continue;
		un_push_unique(&u->rm_istios, name);
		un_push_unique(&u->rm_uids, val_dig_str(it.value, "metadata", "uid", NULL));
		un_push_unique(&u->cp_ns, val_dig_str(it.value, "spec", "namespace", NULL));
		active = meshref_active_revision(it.value);
		un_push_unique(&u->rm_revs, active);
		free(active);
		if (!val_dig_str(it.value, "metadata", "deletionTimestamp", NULL))
			un_add(&u->plan, UN_ISTIOS, UN_DELETE, sail(u, "Istio"), it.value);
	}
	for (val_iter_init(&it, u->revisions); val_iter_next(&it); ) {
		bool owned = un_owned_by_istio(it.value, u->rm_uids);
		bool orphan = u->all && !un_owned_by_istio(it.value, all_uids);

		if (!owned && !orphan)
			continue;
		un_push_unique(&u->rm_revs, name_of(it.value));
		un_push_unique(&u->cp_ns, val_dig_str(it.value, "spec", "namespace", NULL));
		if (orphan && !val_dig_str(it.value, "metadata", "deletionTimestamp", NULL))
			un_add(&u->plan, UN_ISTIOS, UN_DELETE, sail(u, "IstioRevision"), it.value);
	}
	val_release(&all_uids);
	report_missing(u);
}

/* Tags that target what goes: removed with --tags, refused without. */
static void select_tags(struct un *u)
{
	bool with = cli_bool(u->cli, UOPT_TAGS);
	struct val blocking = val_arr();
	struct val_iter it;

	for (val_iter_init(&it, u->tags); val_iter_next(&it); ) {
		const char *name = name_of(it.value);

		if (!(u->all && with) && !un_tag_targets(it.value, u->rm_istios, u->rm_revs))
			continue;
		if (!with) {
			un_push_unique(&blocking, name);
			continue;
		}
		un_push_unique(&u->rm_tags, name);
		if (!val_dig_str(it.value, "metadata", "deletionTimestamp", NULL))
			un_add(&u->plan, UN_TAGS, UN_DELETE, sail(u, "IstioRevisionTag"), it.value);
	}
	if (val_len(blocking)) {
		struct strbuf sb = STRBUF_INIT;

		meshref_join(blocking, ", ", &sb);
		die("IstioRevisionTag%s %s target%s what would be removed: pass --tags to remove %s too",
		    val_len(blocking) > 1 ? "s" : "", sb.buf, val_len(blocking) > 1 ? "" : "s",
		    val_len(blocking) > 1 ? "them" : "it");
	}
	val_release(&blocking);
}

/* ------------------------------------------------------------ gateways */

/* What install's gateways are made of, exposure first, accounts last. */
static const char *const gateway_kinds[][2] = {
	{ "networking.istio.io/v1", "VirtualService" },
	{ "networking.istio.io/v1", "Gateway" },
	{ "autoscaling/v2", "HorizontalPodAutoscaler" },
	{ "policy/v1", "PodDisruptionBudget" },
	{ "v1", "Service" },
	{ "apps/v1", "Deployment" },
	{ "rbac.authorization.k8s.io/v1", "RoleBinding" },
	{ "rbac.authorization.k8s.io/v1", "Role" },
	{ "v1", "ServiceAccount" },
};

static void gateways_in(struct un *u, const char *ns)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(gateway_kinds); i++) {
		const char *av = gateway_kinds[i][0], *kind = gateway_kinds[i][1];
		struct val v = un_list(u->api, av, kind, ns, NULL, NULL);
		struct val_iter it;

		for (val_iter_init(&it, v); val_iter_next(&it); )
			if (un_installed_gateway_part(it.value) &&
			    !val_dig_str(it.value, "metadata", "deletionTimestamp", NULL))
				un_add(&u->plan, UN_GATEWAYS, UN_DELETE, un_mapping(u->api, av, kind),
				       it.value);
		val_release(&v);
	}
}

/* The gateways install created: with --gateways in the removed control
 * planes' namespaces; --all removes every control plane, so every one. */
static void select_gateways(struct un *u)
{
	struct val_iter it;

	if (u->all) {
		gateways_in(u, NULL);
		return;
	}
	if (!cli_bool(u->cli, UOPT_GATEWAYS))
		return;
	for (val_iter_init(&it, u->cp_ns); val_iter_next(&it); )
		gateways_in(u, val_str_get(it.value));
}

/* Pods of gateways this run deletes do not keep a revision in use. */
static void drop_planned_pods(struct un *u, struct meshref *m)
{
	struct val keep = val_arr();
	struct val_iter it;

	for (val_iter_init(&it, m->pods); val_iter_next(&it); ) {
		struct val pod = val_copy(it.value);

		val_set_str(&pod, "kind", "Pod");
		if (!un_run_by_planned(pod, &u->plan,
				       val_dig_str(pod, "metadata", "namespace", NULL)))
			val_push(&keep, it.value);
		val_release(&pod);
	}
	val_release(&m->pods);
	m->pods = keep;
}

static void check_in_use(struct un *u)
{
	struct api_error e = API_ERROR_INIT;
	struct strbuf why = STRBUF_INIT;
	struct meshref m;

	if (!val_len(u->rm_revs) && !val_len(u->rm_tags))
		return;
	if (meshref_load(u->api, &m, true, &e)) {
		api_error_print(&e);
		exit(1);
	}
	drop_planned_pods(u, &m);
	if (un_in_use(&m, u->rm_revs, u->rm_tags, &why)) {
		if (!u->force)
			die("refusing to uninstall: %s; move them first, or pass --force", why.buf);
		warning("uninstalling although %s", why.buf);
	}
	meshref_release(&m);
	strbuf_release(&why);
}

static void select_cni_kind(struct un *u, struct val objs, const char *kind,
			    const char *default_ns)
{
	struct val_iter it;

	for (val_iter_init(&it, objs); val_iter_next(&it); ) {
		const char *ns = val_dig_str(it.value, "spec", "namespace", NULL);

		un_push_unique(&u->cni_ns, ns ? ns : default_ns);
		if (!val_dig_str(it.value, "metadata", "deletionTimestamp", NULL))
			un_add(&u->plan, UN_CNI, UN_DELETE, sail(u, kind), it.value);
	}
}

static void select_cni(struct un *u)
{
	if (!cli_bool(u->cli, UOPT_CNI))
		return;
	select_cni_kind(u, u->cnis, "IstioCNI", "istio-cni");
	select_cni_kind(u, u->ztunnels, "ZTunnel", "ztunnel");
}

/* ------------------------------------------------------------ CRDs */

/* "Kind "name"" of every Sail object this run leaves, into out. */
static void remaining(struct un *u, struct strbuf *out)
{
	struct { struct val objs; const char *kind; struct val gone; } sets[] = {
		{ u->istios, "Istio", u->rm_istios },
		{ u->revisions, "IstioRevision", u->rm_revs },
		{ u->tags, "IstioRevisionTag", u->rm_tags },
		{ u->cnis, "IstioCNI", val_absent() },
		{ u->ztunnels, "ZTunnel", val_absent() },
	};
	bool cni = cli_bool(u->cli, UOPT_CNI);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		struct val_iter it;
		bool is_cni = i >= 3;

		for (val_iter_init(&it, sets[i].objs); val_iter_next(&it); ) {
			const char *name = name_of(it.value);

			if ((is_cni && cni) || (!is_cni && un_has(sets[i].gone, name)))
				continue;
			strbuf_addf(out, "%s%s \"%s\"", out->len ? ", " : "", sets[i].kind, name);
		}
	}
}

/* Deployments named sail-operator scaled above zero, "ns/name", into out. */
static void operator_running(struct un *u, struct strbuf *out)
{
	struct val deps = un_list(u->api, "apps/v1", "Deployment", NULL, NULL,
				  "metadata.name=sail-operator");
	struct val_iter it;

	for (val_iter_init(&it, deps); val_iter_next(&it); ) {
		struct val r = val_dig(it.value, "spec", "replicas", NULL);

		if (!val_exists(r) || val_num_get(r) > 0)
			strbuf_addf(out, "%s%s/%s", out->len ? ", " : "",
				    val_dig_str(it.value, "metadata", "namespace", NULL), name_of(it.value));
		val_release(&r);
	}
	val_release(&deps);
}

static bool any_sail(struct un *u)
{
	return val_len(u->istios) || val_len(u->revisions) || val_len(u->tags) ||
		val_len(u->cnis) || val_len(u->ztunnels);
}

static void select_crds(struct un *u)
{
	struct strbuf sb = STRBUF_INIT;
	struct val crds;
	struct val_iter it;

	if (!cli_bool(u->cli, UOPT_CRDS))
		return;
	remaining(u, &sb);
	if (sb.len)
		die("refusing to delete the sailoperator.io CRDs: %s would remain; uninstall them too (--all, --tags, --cni)",
		    sb.buf);
	if (any_sail(u) && !u->wait && !u->client && !u->server)
		die("--crds needs --wait here: the CRDs can go only once the operator's finalizers have removed every Sail resource");
	operator_running(u, &sb);
	if (sb.len) {
		if (!u->force)
			die("refusing to delete the sailoperator.io CRDs: the Sail Operator's Deployment %s still runs; uninstall the operator first, or pass --force",
			    sb.buf);
		warning("deleting the sailoperator.io CRDs although the Deployment %s runs", sb.buf);
	}
	crds = un_list(u->api, "apiextensions.k8s.io/v1", "CustomResourceDefinition",
		       NULL, NULL, NULL);
	for (val_iter_init(&it, crds); val_iter_next(&it); ) {
		const char *group = val_dig_str(it.value, "spec", "group", NULL);

		if (group && !strcmp(group, "sailoperator.io") &&
		    !val_dig_str(it.value, "metadata", "deletionTimestamp", NULL))
			un_add(&u->plan, UN_CRDS, UN_DELETE,
			       un_mapping(u->api, "apiextensions.k8s.io/v1", "CustomResourceDefinition"),
			       it.value);
	}
	val_release(&crds);
	strbuf_release(&sb);
}

/* Istio's own CRDs (*.istio.io): only once no resource of theirs would
 * remain, or with --force; after the Sail CRDs. */
static void select_istio_crds(struct un *u)
{
	const struct rest_mapping *crdm;
	struct strbuf left = STRBUF_INIT;
	struct val crds;
	struct val_iter it;

	if (!cli_bool(u->cli, UOPT_ISTIO_CRDS))
		return;
	crdm = un_mapping(u->api, "apiextensions.k8s.io/v1", "CustomResourceDefinition");
	crds = un_list(u->api, "apiextensions.k8s.io/v1", "CustomResourceDefinition",
		       NULL, NULL, NULL);
	for (val_iter_init(&it, crds); val_iter_next(&it); ) {
		const char *group = val_dig_str(it.value, "spec", "group", NULL);
		const char *kind = val_dig_str(it.value, "spec", "names", "kind", NULL);
		size_t gl = group ? strlen(group) : 0, n = 0;
		struct val vers = val_dig(it.value, "spec", "versions", NULL), objs;
		struct val_iter vt, ot;
		const char *served = NULL;

		if (gl < 9 || strcmp(group + gl - 9, ".istio.io") || !kind ||
		    val_dig_str(it.value, "metadata", "deletionTimestamp", NULL)) {
			val_release(&vers);
			continue;
		}
		for (val_iter_init(&vt, vers); val_iter_next(&vt) && !served; ) {
			struct val s = val_get(vt.value, "served");

			if (val_bool_get(s))
				served = val_get_str(vt.value, "name");
			val_release(&s);
		}
		if (served) {
			char *av = xstrfmt("%s/%s", group, served);

			objs = un_list(u->api, av, kind, NULL, NULL, NULL);
			for (val_iter_init(&ot, objs); val_iter_next(&ot); ) {
				const char *ns = val_dig_str(ot.value, "metadata", "namespace", NULL);
				const struct rest_mapping *m = restmap_by_kind(av, kind);

				if (!(m && un_planned(&u->plan, m, ns, name_of(ot.value))) &&
				    !(ns && un_planned(&u->plan, core(u, "Namespace"), NULL, ns)))
					n++;
			}
			val_release(&objs);
			free(av);
		}
		if (n)
			strbuf_addf(&left, "%s%zu %s.%s", left.len ? ", " : "", n, kind, group);
		un_add(&u->plan, UN_ISTIO_CRDS, UN_DELETE, crdm, it.value);
		val_release(&vers);
	}
	val_release(&crds);
	if (left.len) {
		if (!u->force)
			die("refusing to delete Istio's CRDs: resources of theirs remain (%s); delete them first, or pass --force",
			    left.buf);
		warning("deleting Istio's CRDs and with them %s", left.buf);
	}
	strbuf_release(&left);
}

/* ------------------------------------------------------------ leftovers */

/* Add every object of a list (skipping terminating ones) to the plan. */
static void add_all(struct un *u, enum un_phase ph, struct val objs,
		    const struct rest_mapping *m)
{
	struct val_iter it;

	for (val_iter_init(&it, objs); val_iter_next(&it); )
		if (!val_dig_str(it.value, "metadata", "deletionTimestamp", NULL))
			un_add(&u->plan, ph, UN_DELETE, m, it.value);
}

/* In one namespace (NULL: all): what 'remote-secret' and 'ca' created. */
static void leftovers_in(struct un *u, const char *ns)
{
	const struct rest_mapping *sec = core(u, "Secret");
	struct val v;
	struct val_iter it;

	if (cli_bool(u->cli, UOPT_REMOTE_SECRETS)) {
		v = un_list(u->api, "v1", "Secret", ns, "istio/multiCluster=true", NULL);
		add_all(u, UN_LEFTOVERS, v, sec);
		val_release(&v);
		v = un_list(u->api, "v1", "ServiceAccount", ns, READER_SELECTOR, NULL);
		add_all(u, UN_LEFTOVERS, v, core(u, "ServiceAccount"));
		val_release(&v);
		/* the token Secrets remote-secret created for a ServiceAccount */
		v = un_list(u->api, "v1", "Secret", ns, NULL,
			    "type=kubernetes.io/service-account-token");
		for (val_iter_init(&it, v); val_iter_next(&it); ) {
			const char *name = name_of(it.value);
			const char *sa = val_dig_str(it.value, "metadata", "annotations",
						     "kubernetes.io/service-account.name", NULL);
			size_t n = name ? strlen(name) : 0, k = sa ? strlen(sa) : 0;

			if (sa && n == k + strlen(TOKEN_SUFFIX) && !strncmp(name, sa, k) &&
			    !strcmp(name + k, TOKEN_SUFFIX) &&
			    !val_dig_str(it.value, "metadata", "deletionTimestamp", NULL))
				un_add(&u->plan, UN_LEFTOVERS, UN_DELETE, sec, it.value);
		}
		val_release(&v);
	}
	if (cli_bool(u->cli, UOPT_CA)) {
		v = un_list(u->api, "v1", "Secret", ns, NULL, "metadata.name=cacerts");
		add_all(u, UN_LEFTOVERS, v, sec);
		val_release(&v);
	}
}

/* The reader ClusterRole and binding of one namespace (NULL: all). */
static void reader_rbac(struct un *u, const char *ns)
{
	static const char *const kinds[] = { "ClusterRole", "ClusterRoleBinding" };
	char *want = ns ? xstrfmt("istio-reader-clusterrole-%s", ns) : NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		const struct rest_mapping *m =
			un_mapping(u->api, "rbac.authorization.k8s.io/v1", kinds[i]);
		struct val v = un_list(u->api, "rbac.authorization.k8s.io/v1", kinds[i],
				       NULL, READER_SELECTOR, NULL);
		struct val_iter it;

		for (val_iter_init(&it, v); val_iter_next(&it); )
			if ((!want || !strcmp(want, name_of(it.value))) &&
			    !val_dig_str(it.value, "metadata", "deletionTimestamp", NULL))
				un_add(&u->plan, UN_LEFTOVERS, UN_DELETE, m, it.value);
		val_release(&v);
	}
	free(want);
}

static void select_leftovers(struct un *u)
{
	struct val_iter it;

	if (u->all) {
		leftovers_in(u, NULL);
		if (cli_bool(u->cli, UOPT_REMOTE_SECRETS))
			reader_rbac(u, NULL);
		return;
	}
	for (val_iter_init(&it, u->cp_ns); val_iter_next(&it); ) {
		leftovers_in(u, val_str_get(it.value));
		if (cli_bool(u->cli, UOPT_REMOTE_SECRETS))
			reader_rbac(u, val_str_get(it.value));
	}
}

/* ------------------------------------------------------------ namespaces */

/* Is ns the spec.namespace of a Sail object this run leaves? */
static bool ns_still_used(struct un *u, const char *ns)
{
	struct { struct val objs; struct val gone; bool cni; } sets[] = {
		{ u->istios, u->rm_istios, false },
		{ u->revisions, u->rm_revs, false },
		{ u->cnis, val_absent(), true },
		{ u->ztunnels, val_absent(), true },
	};
	bool cni = cli_bool(u->cli, UOPT_CNI);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		struct val_iter it;

		if (sets[i].cni && cni)
			continue;
		for (val_iter_init(&it, sets[i].objs); val_iter_next(&it); ) {
			const char *have = val_dig_str(it.value, "spec", "namespace", NULL);

			if (!sets[i].cni && un_has(sets[i].gone, name_of(it.value)))
				continue;
			if (have && !strcmp(have, ns))
				return true;
		}
	}
	return false;
}

static void consider_ns(struct un *u, const char *ns)
{
	struct val obj, contents, held;

	if (un_system_ns(ns) || ns_still_used(u, ns))
		return;
	obj = un_get(u->api, core(u, "Namespace"), NULL, ns);
	if (!val_exists(obj) || val_dig_str(obj, "metadata", "deletionTimestamp", NULL)) {
		val_release(&obj);
		return;
	}
	contents = un_ns_contents(u->api, ns);
	held = un_ns_holds(contents, &u->plan, ns);
	if (val_len(held)) {
		struct strbuf sb = STRBUF_INIT;

		meshref_join(held, ", ", &sb);
		fprintf(stderr, "namespace \"%s\" kept: it holds %s\n", ns, sb.buf);
		strbuf_release(&sb);
	} else {
		val_set_str(&obj, "apiVersion", "v1");
		val_set_str(&obj, "kind", "Namespace");
		un_add(&u->plan, UN_NAMESPACES, UN_DELETE, core(u, "Namespace"), obj);
	}
	val_release(&held);
	val_release(&contents);
	val_release(&obj);
}

/* Steps for objects inside a namespace the plan deletes go with it, but
 * for the gateways: they go first, before the revision their pods use. */
static void drop_inside_deleted_ns(struct un *u)
{
	const struct rest_mapping *nsm = core(u, "Namespace");
	size_t i, j = 0;

	for (i = 0; i < u->plan.nr; i++) {
		struct un_step *s = &u->plan.v[i];

		if (s->ns && s->phase != UN_GATEWAYS && un_planned(&u->plan, nsm, NULL, s->ns)) {
			free(s->ns);
			free(s->name);
			val_release(&s->obj);
			continue;
		}
		u->plan.v[j++] = *s;
	}
	u->plan.nr = j;
}

static void select_namespaces(struct un *u)
{
	struct val_iter it;

	if (!cli_bool(u->cli, UOPT_NAMESPACES))
		return;
	for (val_iter_init(&it, u->cp_ns); val_iter_next(&it); )
		consider_ns(u, val_str_get(it.value));
	for (val_iter_init(&it, u->cni_ns); val_iter_next(&it); )
		consider_ns(u, val_str_get(it.value));
	drop_inside_deleted_ns(u);
}

/* kubectl-sail/previous-revision annotations naming a removed revision. */
static void select_annotations(struct un *u)
{
	const struct rest_mapping *nsm = core(u, "Namespace");
	struct val nss = un_list(u->api, "v1", "Namespace", NULL, NULL, NULL);
	struct val_iter it;

	for (val_iter_init(&it, nss); val_iter_next(&it); ) {
		const char *prev = val_dig_str(it.value, "metadata", "annotations",
					       UN_PREVIOUS_REVISION, NULL);

		if (!prev || un_planned(&u->plan, nsm, NULL, name_of(it.value)) ||
		    val_dig_str(it.value, "metadata", "deletionTimestamp", NULL))
			continue;
		if (u->all || un_has(u->rm_revs, prev))
			un_add(&u->plan, UN_ANNOTATIONS, UN_UNANNOTATE, nsm, it.value);
	}
	val_release(&nss);
}

/* Steps were added out of order (leftovers before namespaces): sort
 * them by phase, keeping the order within a phase. */
static void order_plan(struct un_plan *p)
{
	size_t i, j;

	for (i = 1; i < p->nr; i++) {
		struct un_step s = p->v[i];

		for (j = i; j > 0 && p->v[j - 1].phase > s.phase; j--)
			p->v[j] = p->v[j - 1];
		p->v[j] = s;
	}
}

/* ------------------------------------------------------------ running */

struct run {
	struct un *u;
	struct output *o;
	struct val printed;	/* objects, for -o json|yaml|jsonpath */
	long deadline_ms;	/* monotonic, with --wait */
};

static const char *dry_suffix(struct un *u)
{
	return u->client ? " (dry run)" : u->server ? " (server dry run)" : "";
}

static void print_step(struct run *r, const struct un_step *s)
{
	struct strbuf sb = STRBUF_INIT;

	if (r->o->format == OUTPUT_DEFAULT || r->o->format == OUTPUT_WIDE ||
	    r->o->format == OUTPUT_NAME) {
		un_line(s, dry_suffix(r->u), r->o->format == OUTPUT_NAME, &sb);
		printf("%s\n", sb.buf);
		fflush(stdout);
	} else {
		val_push(&r->printed, s->obj);
	}
	strbuf_release(&sb);
}

/* 0 when done (or already gone), -1 with e otherwise. */
static int exec_step(struct run *r, const struct un_step *s, struct api_error *e)
{
	struct un *u = r->u;
	int ret;

	if (u->client)
		return 0;
	if (s->action == UN_UNANNOTATE) {
		struct val patch = val_obj(), md = val_obj(), ann = val_obj();

		val_set_take(&ann, UN_PREVIOUS_REVISION, val_null());
		val_set_take(&md, "annotations", ann);
		val_set_take(&patch, "metadata", md);
		ret = api_patch(u->api, s->m, NULL, s->name, API_PATCH_MERGE, patch, NULL,
				u->server, NULL, e);
		val_release(&patch);
	} else {
		ret = api_delete(u->api, s->m, s->ns, s->name, NULL, u->server, NULL, e);
	}
	return ret;
}

static void wait_gone(struct run *r, const struct rest_mapping *m, const char *ns,
		      const char *name)
{
	struct api_error e = API_ERROR_INIT;
	long left = r->deadline_ms - monotonic_ms();

	if (api_wait_for(r->u->api, m, ns, name, api_pred_gone, NULL, left > 0 ? left : 1, NULL, &e)) {
		api_error_print(&e);
		exit(1);
	}
}

/* The revisions of the removed Istios: the garbage collector deletes them. */
static void for_each_revision(struct un *u, void (*fn)(struct un *, struct run *,
						       struct val), struct run *r)
{
	struct val_iter it;

	for (val_iter_init(&it, u->revisions); val_iter_next(&it); )
		if (un_owned_by_istio(it.value, u->rm_uids))
			fn(u, r, it.value);
}

static void wait_revision(struct un *u, struct run *r, struct val rev)
{
	wait_gone(r, sail(u, "IstioRevision"), NULL, name_of(rev));
}

static void wait_phase(struct run *r, enum un_phase ph, const bool *done)
{
	struct un *u = r->u;
	size_t i;

	for (i = 0; i < u->plan.nr; i++) {
		const struct un_step *s = &u->plan.v[i];

		if (s->phase == ph && done[i] && s->action == UN_DELETE)
			wait_gone(r, s->m, s->ns, s->name);
	}
	if (ph == UN_ISTIOS)
		for_each_revision(u, wait_revision, r);
}

static void note_terminating(struct un *u, const struct rest_mapping *m, const char *ns,
			     const char *name)
{
	struct val obj = un_get(u->api, m, ns, name);
	struct val fin = val_dig(obj, "metadata", "finalizers", NULL);
	struct strbuf sb = STRBUF_INIT;

	if (val_exists(obj)) {
		un_kind_group(m, &sb);
		fprintf(stderr, "%s \"%s\" still terminating", sb.buf, name);
		strbuf_reset(&sb);
		if (val_len(fin)) {
			meshref_join(fin, ", ", &sb);
			fprintf(stderr, " (finalizers: %s)", sb.buf);
		}
		fputc('\n', stderr);
	}
	strbuf_release(&sb);
	val_release(&fin);
	val_release(&obj);
}

static void note_revision(struct un *u, struct run *r, struct val rev)
{
	(void)r;
	note_terminating(u, sail(u, "IstioRevision"), NULL, name_of(rev));
}

/* Before the CRDs go, with --wait: every Sail object listed at the start
 * (select_crds made sure this run removes them all) is gone. */
static void wait_all_sail(struct run *r)
{
	struct un *u = r->u;
	struct { struct val objs; const char *kind; } sets[] = {
		{ u->tags, "IstioRevisionTag" }, { u->istios, "Istio" },
		{ u->revisions, "IstioRevision" }, { u->cnis, "IstioCNI" },
		{ u->ztunnels, "ZTunnel" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		struct val_iter it;

		for (val_iter_init(&it, sets[i].objs); val_iter_next(&it); )
			wait_gone(r, sail(u, sets[i].kind), NULL, name_of(it.value));
	}
}

static void run_plan(struct run *r)
{
	struct un *u = r->u;
	bool *done = xcalloc(u->plan.nr + 1, sizeof(*done));
	struct api_error e = API_ERROR_INIT;
	size_t i;

	for (i = 0; i < u->plan.nr; i++) {
		const struct un_step *s = &u->plan.v[i];

		if (u->wait && s->phase == UN_CRDS && (!i || u->plan.v[i - 1].phase != UN_CRDS))
			wait_all_sail(r);
		if (exec_step(r, s, &e)) {
			if (!api_error_is(&e, "NotFound")) {
				api_error_print(&e);
				exit(1);
			}
			api_error_release(&e);	/* gone meanwhile: nothing to say */
			continue;
		}
		done[i] = true;
		print_step(r, s);
		if (u->wait && (i + 1 == u->plan.nr || u->plan.v[i + 1].phase != s->phase))
			wait_phase(r, s->phase, done);
	}
	if (!u->wait && !u->client && !u->server) {
		for (i = 0; i < u->plan.nr; i++)
			if (done[i] && u->plan.v[i].action == UN_DELETE)
				note_terminating(u, u->plan.v[i].m, u->plan.v[i].ns,
						 u->plan.v[i].name);
		for_each_revision(u, note_revision, r);
	}
	free(done);
}

/* ------------------------------------------------------------ entry */

static void parse(struct un *u, struct cli *cli, long *timeout_ms)
{
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	struct strbuf err = STRBUF_INIT;
	bool scoped = cli_bool(cli, UOPT_REMOTE_SECRETS) || cli_bool(cli, UOPT_CA) ||
		      cli_bool(cli, UOPT_GATEWAYS);
	bool extra = cli_bool(cli, UOPT_CNI) || cli_bool(cli, UOPT_CRDS) ||
		     cli_bool(cli, UOPT_ISTIO_CRDS);

	u->cli = cli;
	u->all = cli_bool(cli, UOPT_ALL);
	u->force = cli_bool(cli, UOPT_FORCE);
	u->wait = cli_bool(cli, WOPT_WAIT);
	u->client = dry && !strcmp(dry, "client");
	u->server = dry && !strcmp(dry, "server");
	if (u->all && cli->nargs)
		die("give either ISTIO names or --all, not both");
	if (!u->all && !cli->nargs && scoped)
		die("--remote-secrets, --ca and --gateways act in the namespaces of the control planes removed: name an Istio, or pass --all");
	if (!u->all && !cli->nargs && !extra)
		die("nothing to uninstall: name an Istio, or pass --all, --cni or --crds");
	if (u->wait && (u->client || u->server))
		die("--wait cannot be used with a dry run");
	if (kube_parse_timeout(cli_str(cli, WOPT_TIMEOUT), timeout_ms, &err) || *timeout_ms <= 0)
		die("--timeout: %s", err.len ? err.buf : "expected a positive duration such as 5m");
	strbuf_release(&err);
}

static void un_release(struct un *u)
{
	struct val *v[] = { &u->istios, &u->revisions, &u->tags, &u->cnis, &u->ztunnels,
			    &u->rm_istios, &u->rm_revs, &u->rm_tags, &u->rm_uids,
			    &u->cp_ns, &u->cni_ns };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); i++)
		val_release(v[i]);
	un_plan_release(&u->plan);
}

int cmd_uninstall(struct cli *cli)
{
	struct un u = { .plan = UN_PLAN_INIT };
	struct strbuf err = STRBUF_INIT;
	struct session s;
	struct output o;
	struct run r = { &u, &o, val_arr(), 0 };
	long timeout_ms = 0;

	if (cli_set(cli, UOPT_CONTEXTS)) {
		static const int skip[] = { UOPT_CONTEXTS, UOPT_PARALLEL, WOPT_DRY_RUN, 0 };
		static const char *const preflight[] = { "--dry-run=client", NULL };
		const char *dry = cli_str(cli, WOPT_DRY_RUN);
		struct fleet_seq q = {
			.cli = cli, .cmd = "uninstall", .contexts = cli_list(cli, UOPT_CONTEXTS),
			.skip = skip, .preflight_args = preflight, .run_args = NULL,
			.parallel = cli_int(cli, UOPT_PARALLEL), .reverse = true,
			.plan_only = dry && !strcmp(dry, "client"),
		};

		if (cli_set(cli, GOPT_CONTEXT))
			die("--contexts cannot be used with --context");
		if (dry && !strcmp(dry, "server"))
			die("--contexts supports --dry-run=client only");
		return fleet_sequence(&q);
	}
	if (cli_set(cli, UOPT_PARALLEL))
		die("--parallel goes with --contexts");
	if (cli->nargs && (!strcmp(cli->args[0], "waypoint") || !strcmp(cli->args[0], "operator"))) {
		val_release(&r.printed);	/* theirs print as they go */
		return !strcmp(cli->args[0], "waypoint") ? uninstall_waypoint(cli) :
							   uninstall_operator(cli);
	}
	parse(&u, cli, &timeout_ms);
	if (output_parse(cli_str(cli, OOPT_OUTPUT), cli_str(cli, OOPT_JQ), &o, &err))
		die("%s", err.buf);
	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	u.api = s.api;
	u.rm_istios = val_arr(), u.rm_revs = val_arr(), u.rm_tags = val_arr();
	u.rm_uids = val_arr(), u.cp_ns = val_arr(), u.cni_ns = val_arr();
	load_sail(&u);
	select_istios(&u);
	select_gateways(&u);
	select_tags(&u);
	check_in_use(&u);
	select_cni(&u);
	select_crds(&u);
	select_leftovers(&u);
	select_namespaces(&u);
	select_istio_crds(&u);	/* after the namespaces: what goes with them */
	select_annotations(&u);
	order_plan(&u.plan);

	if (!u.plan.nr)
		fprintf(stderr, "nothing left to uninstall\n");
	r.deadline_ms = monotonic_ms() + timeout_ms;
	run_plan(&r);
	if (val_len(r.printed) || (o.format != OUTPUT_DEFAULT && o.format != OUTPUT_WIDE &&
				   o.format != OUTPUT_NAME)) {
		o.list = true;
		if (output_print(&o, r.printed, stdout, &err))
			die("%s", err.buf);
	}
	val_release(&r.printed);
	un_release(&u);
	output_release(&o);
	session_close(&s);
	strbuf_release(&err);
	return 0;
}
