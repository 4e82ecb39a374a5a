/*
 * kubectl sail uninstall operator [--force] [--crds] [--istio-crds]: the
 * Sail Operator, in the order of spec operator-install.md §5:
 *   1. the Sail resources (Istio, IstioCNI, ZTunnel, IstioRevisionTag and
 *      IstioRevisions no Istio owns) while the operator still runs, since
 *      only it removes their finalizers; refused while any exists unless
 *      --force, which deletes them in that order and waits until they are
 *      gone
 *   2. the operator: OLM's Subscription and CSV (and the OperatorGroup
 *      install operator created), or the chart's objects in reverse order
 *   3. its namespace, unless it is openshift-operators or holds another
 *      Deployment
 *   4. the CRDs, only with --crds (sailoperator.io) and --istio-crds
 *      (*.istio.io, refused while objects of theirs remain unless --force)
 */
#include "sail.h"
#include "commands.h"
#include "uninstall/uninstall.h"
#include "uninstall/uninstall_opts.h"
#include "operator/operator.h"
#include "api.h"
#include "kubeconfig.h"
#include "output.h"
#include "session.h"
#include "template.h"

struct unop {
	struct api *api;
	struct output *o;
	bool client, server, wait;
	long deadline;
};

/* Sail kinds in deletion order (§5.1). */
static const char *const sail_kinds[] = {
	"Istio", "IstioCNI", "ZTunnel", "IstioRevisionTag", "IstioRevision", NULL
};

static long left_ms(const struct unop *u)
{
	long l = u->deadline - monotonic_ms();

	return l > 0 ? l : 1;
}

/* Delete obj (NotFound is fine) and print kubectl delete's line; with
 * wait, until it is gone. */
static void delete_one(struct unop *u, struct val obj, bool wait)
{
	struct api_error e = API_ERROR_INIT;
	struct strbuf err = STRBUF_INIT;
	const struct rest_mapping *m;
	const char *ns = val_dig_str(obj, "metadata", "namespace", NULL);
	const char *name = val_dig_str(obj, "metadata", "name", NULL);

	if (api_resolve_object(u->api, obj, &m, &e))
		api_error_die(&e);
	if (!u->client && api_delete(u->api, m, ns, name, "Background", u->server, NULL, &e)) {
		if (!api_error_is(&e, "NotFound"))
			api_error_die(&e);
		api_error_release(&e);
		return;
	}
	u->o->verb = "deleted";
	u->o->dry_run = u->client ? OUTPUT_DRY_RUN_CLIENT :
			u->server ? OUTPUT_DRY_RUN_SERVER : OUTPUT_DRY_RUN_NONE;
	if (output_print(u->o, obj, stdout, &err))
		die("%s", err.buf);
	fflush(stdout);
	if (wait && !u->client && !u->server &&
	    api_wait_for(u->api, m, ns, name, api_pred_gone, NULL, left_ms(u), NULL, &e)) {
		api_error_render(&e, &err);
		die("%s (the Sail Operator removes its finalizers: is it running?)", err.buf);
	}
}

/* Every object of kind (group sailoperator.io or as given); absent mapping
 * (no CRD): none. */
static struct val list_kind(struct unop *u, const char *api_version, const char *kind)
{
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *m;
	struct val items = val_arr(), out;
	struct val_iter it;

	if (api_resolve_kind(u->api, api_version, kind, &m, &e)) {
		api_error_release(&e);
		return items;
	}
	val_release(&items);
	if (api_list_all(u->api, m, NULL, NULL, &items, NULL, &e)) {
		/* the CRD is gone (a built-in mapping outlives it) */
		if (api_error_is(&e, "NotFound") || e.kind == API_ERR_MAPPING) {
			api_error_release(&e);
			return val_arr();
		}
		api_error_die(&e);
	}
	/* lists carry no apiVersion/kind per item */
	out = val_arr();
	for (val_iter_init(&it, items); val_iter_next(&it); ) {
		struct val c = val_copy(it.value);

		val_set_str(&c, "apiVersion", api_version);
		val_set_str(&c, "kind", kind);
		val_push_take(&out, c);
	}
	val_release(&items);
	return out;
}

static bool owned_by_istio(struct val obj)
{
	struct val refs = val_dig(obj, "metadata", "ownerReferences", NULL);
	struct val_iter it;
	bool yes = false;

	for (val_iter_init(&it, refs); !yes && val_iter_next(&it); )
		yes = !strcmp(val_get_str(it.value, "kind") ?: "", "Istio");
	val_release(&refs);
	return yes;
}

static void sail_resources(struct unop *u, bool force)
{
	struct val all = val_arr();
	struct strbuf names = STRBUF_INIT;
	const char *const *k;
	struct val_iter it;
	size_t n = 0;

	for (k = sail_kinds; *k; k++) {
		struct val items = list_kind(u, "sailoperator.io/v1", *k);

		for (val_iter_init(&it, items); val_iter_next(&it); ) {
			/* an Istio's revisions go with it */
			if (!strcmp(*k, "IstioRevision") && owned_by_istio(it.value))
				continue;
			if (n++ < 5)
				strbuf_addf(&names, "%s%s/%s", names.len ? ", " : "", *k,
					    val_dig_str(it.value, "metadata", "name", NULL));
			val_push(&all, it.value);
		}
		val_release(&items);
	}
	if (n && !force)
		die("Sail resources remain (%s%s): the operator must remove them while it runs; delete them first (kubectl sail uninstall --all --tags --cni --wait), or pass --force to delete them now, in order",
		    names.buf, n > 5 ? ", ..." : "");
	for (val_iter_init(&it, all); val_iter_next(&it); )
		delete_one(u, it.value, true);
	val_release(&all);
	strbuf_release(&names);
}

static struct val get_opt(struct unop *u, const char *api_version, const char *kind,
			  const char *ns, const char *name)
{
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *m;
	struct val obj = val_absent();

	if (api_resolve_kind(u->api, api_version, kind, &m, &e)) {
		api_error_release(&e);
		return obj;
	}
	if (api_get_optional(u->api, m, ns, name, &obj, &e))
		api_error_die(&e);
	if (val_exists(obj)) {
		val_set_str(&obj, "apiVersion", api_version);
		val_set_str(&obj, "kind", kind);
	}
	return obj;
}

static void remove_olm(struct unop *u, const struct operator_found *f,
		       const struct operator_release *rel)
{
	struct val subs = list_kind(u, "operators.coreos.com/v1alpha1", "Subscription"), og, csv;
	struct val_iter it;

	for (val_iter_init(&it, subs); val_iter_next(&it); ) {
		const char *pkg = val_dig_str(it.value, "spec", "name", NULL);
		const char *ns = val_dig_str(it.value, "metadata", "namespace", NULL);

		if (pkg && ns && !strcmp(pkg, rel->olm_package) && !strcmp(ns, f->ns))
			delete_one(u, it.value, false);
	}
	val_release(&subs);
	csv = get_opt(u, "operators.coreos.com/v1alpha1", "ClusterServiceVersion", f->ns, f->csv);
	if (val_exists(csv))
		delete_one(u, csv, false);
	val_release(&csv);
	/* install operator --olm names its OperatorGroup so */
	og = get_opt(u, "operators.coreos.com/v1", "OperatorGroup", f->ns, "sail-operator");
	if (val_exists(og))
		delete_one(u, og, false);
	val_release(&og);
}

static void remove_manifests(struct unop *u, const char *ns, const struct operator_release *rel)
{
	struct strbuf err = STRBUF_INIT;
	struct val docs;
	size_t i;

	if (operator_render(rel, ns, NULL, &docs, &err))
		die("%s", err.buf);
	template_cache_clear();
	/* reverse order, the Namespace (first) apart */
	for (i = val_len(docs); i-- > 1; ) {
		struct val d = val_at(docs, i);
		struct val have = get_opt(u, val_get_str(d, "apiVersion"), val_get_str(d, "kind"),
					  val_dig_str(d, "metadata", "namespace", NULL),
					  val_dig_str(d, "metadata", "name", NULL));

		if (val_exists(have))
			delete_one(u, have, false);
		val_release(&have);
		val_release(&d);
	}
	val_release(&docs);
}

static void remove_namespace(struct unop *u, const char *ns)
{
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *m;
	struct val items, nso;
	struct val_iter it;
	bool other = false;

	if (!strcmp(ns, "openshift-operators"))
		return;
	if (api_resolve_kind(u->api, "apps/v1", "Deployment", &m, &e) ||
	    api_list_all(u->api, m, ns, NULL, &items, NULL, &e))
		api_error_die(&e);
	for (val_iter_init(&it, items); val_iter_next(&it); )
		other |= strcmp(val_dig_str(it.value, "metadata", "name", NULL) ?: "", "sail-operator") != 0;
	val_release(&items);
	if (other) {
		fprintf(stderr, "namespace %s kept: it holds other Deployments\n", ns);
		return;
	}
	nso = get_opt(u, "v1", "Namespace", NULL, ns);
	if (val_exists(nso))
		delete_one(u, nso, u->wait);
	val_release(&nso);
}

/* The CRDs --crds and --istio-crds name that the cluster has: refused,
 * before anything is deleted, while objects of an Istio API kind remain
 * (unless --force). A new array. */
static struct val select_crds(struct unop *u, bool sail, bool istio, bool force)
{
	struct strbuf err = STRBUF_INIT, held = STRBUF_INIT;
	struct val crds, have = val_arr();
	struct val_iter it;

	if (operator_crds(&crds, &err))
		die("%s", err.buf);
	for (val_iter_init(&it, crds); val_iter_next(&it); ) {
		bool is_sail = operator_crd_is_sail(it.value);
		struct val c;

		if (is_sail ? !sail : !istio)
			continue;
		c = get_opt(u, "apiextensions.k8s.io/v1", "CustomResourceDefinition", NULL,
			    val_dig_str(it.value, "metadata", "name", NULL));
		if (!val_exists(c))
			continue;
		if (!is_sail && !force) {
			struct val vs = val_dig(c, "spec", "versions", NULL), v0 = val_at(vs, 0);
			char *av = xstrfmt("%s/%s", val_dig_str(c, "spec", "group", NULL),
					   val_get_str(v0, "name"));
			struct val objs = list_kind(u, av, val_dig_str(c, "spec", "names", "kind", NULL));

			if (val_len(objs))
				strbuf_addf(&held, "%s%zu %s", held.len ? ", " : "", val_len(objs),
					    val_dig_str(c, "spec", "names", "plural", NULL));
			val_release(&objs);
			free(av);
			val_release(&v0);
			val_release(&vs);
		}
		val_push_take(&have, c);
	}
	if (held.len)
		die("--istio-crds: objects of those kinds remain (%s), and deleting the CRDs deletes them: pass --force to delete them too",
		    held.buf);
	val_release(&crds);
	strbuf_release(&held);
	return have;
}

int uninstall_operator(struct cli *cli)
{
	static const int allowed[] = { UOPT_FORCE, UOPT_CRDS, UOPT_ISTIO_CRDS, 0 };
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	struct unop u = { .client = dry && !strcmp(dry, "client"), .server = dry && !strcmp(dry, "server"),
			  .wait = cli_bool(cli, WOPT_WAIT) };
	const struct operator_release *rel;
	struct strbuf err = STRBUF_INIT;
	struct operator_found found;
	struct output o;
	struct session s;
	struct val crds;
	struct val_iter it;
	const char *ns;
	long timeout_ms;
	int id;
	const int *a;

	for (id = UOPT_ALL; id <= UOPT_PARALLEL; id++) {
		for (a = allowed; *a && *a != id; a++)
			;
		if (!*a && cli_set(cli, id))
			die("uninstall operator takes --force, --crds, --istio-crds, -n, --wait, --timeout and --dry-run only");
	}
	if (cli->nargs > 1)
		die("uninstall operator takes no NAME, got \"%s\"", cli->args[1]);
	if (kube_parse_timeout(cli_str(cli, WOPT_TIMEOUT), &timeout_ms, &err) || timeout_ms <= 0)
		die("--timeout: %s", err.len ? err.buf : "expected a positive duration such as 5m");
	if (output_parse(cli_str(cli, OOPT_OUTPUT), cli_str(cli, OOPT_JQ), &o, &err))
		die("%s", err.buf);
	if (operator_release_find(NULL, &rel, &err))
		die("%s", err.buf);
	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	u.api = s.api;
	u.o = &o;
	u.deadline = monotonic_ms() + timeout_ms;
	if (operator_find(s.api, cli_str(cli, GOPT_NAMESPACE), &found, &err))
		die("%s", err.buf);
	ns = found.ns ? found.ns : cli_str(cli, GOPT_NAMESPACE) ? cli_str(cli, GOPT_NAMESPACE) : "sail-operator";
	if (found.ns && cli_str(cli, GOPT_NAMESPACE) && strcmp(found.ns, cli_str(cli, GOPT_NAMESPACE)))
		die("the Sail Operator runs in namespace %s, not %s", found.ns, cli_str(cli, GOPT_NAMESPACE));
	if (!found.ns)
		fprintf(stderr, "no Sail Operator Deployment found; removing what is left of one in %s\n", ns);

	crds = select_crds(&u, cli_bool(cli, UOPT_CRDS), cli_bool(cli, UOPT_ISTIO_CRDS),
			   cli_bool(cli, UOPT_FORCE));
	sail_resources(&u, cli_bool(cli, UOPT_FORCE));
	if (found.csv)
		remove_olm(&u, &found, rel);
	else
		remove_manifests(&u, ns, rel);
	if (!found.csv)
		remove_namespace(&u, ns);
	for (val_iter_init(&it, crds); val_iter_next(&it); )
		delete_one(&u, it.value, false);
	val_release(&crds);
	operator_found_release(&found);
	session_close(&s);
	output_release(&o);
	strbuf_release(&err);
	return 0;
}
