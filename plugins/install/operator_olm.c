/*
 * kubectl sail install operator --olm: a Subscription to the package
 * sailoperator (spec operator-install.md §3), and an OperatorGroup only
 * where none is: openshift-operators has OpenShift's global one, and a
 * namespace that has one already must not get a second (OLM refuses
 * both). The CSV supports AllNamespaces only, so an OperatorGroup that
 * targets namespaces is refused. --wait: until the CSV reaches Succeeded.
 */
#include "sail.h"
#include "commands.h"
#include "install/install.h"
#include "install/install_opts.h"
#include "operator/operator.h"
#include "api.h"
#include "apply.h"
#include "output.h"
#include "session.h"

#define OLM_GROUP "operators.coreos.com"
#define OPENSHIFT_OPERATORS "openshift-operators"

struct olm_req {
	const struct operator_release *rel;
	const char *ns, *channel, *source, *source_ns, *approval;
	bool starting_csv;	/* --version given: pin the CSV */
	bool operator_group;	/* create one */
};

static struct val render(const struct olm_req *r)
{
	struct val docs = val_arr(), ns = val_obj(), md = val_obj();
	struct val sub = val_obj(), spec = val_obj();

	val_set_str(&ns, "apiVersion", "v1");
	val_set_str(&ns, "kind", "Namespace");
	val_set_str(&md, "name", r->ns);
	{
		/* as templates/sail-operator.jq: so that the apply owns a field */
		struct val labels = val_obj();

		val_set_str(&labels, "kubernetes.io/metadata.name", r->ns);
		val_set_take(&md, "labels", labels);
	}
	val_set_take(&ns, "metadata", md);
	val_push_take(&docs, ns);
	if (r->operator_group) {
		struct val og = val_obj();

		md = val_obj();
		val_set_str(&og, "apiVersion", OLM_GROUP "/v1");
		val_set_str(&og, "kind", "OperatorGroup");
		val_set_str(&md, "name", "sail-operator");
		val_set_str(&md, "namespace", r->ns);
		val_set_take(&og, "metadata", md);
		/* no targetNamespaces: AllNamespaces */
		val_set_take(&og, "spec", val_obj());
		val_push_take(&docs, og);
	}
	md = val_obj();
	val_set_str(&sub, "apiVersion", OLM_GROUP "/v1alpha1");
	val_set_str(&sub, "kind", "Subscription");
	val_set_str(&md, "name", r->rel->olm_package);
	val_set_str(&md, "namespace", r->ns);
	val_set_take(&sub, "metadata", md);
	val_set_str(&spec, "channel", r->channel);
	val_set_str(&spec, "installPlanApproval", r->approval);
	val_set_str(&spec, "name", r->rel->olm_package);
	val_set_str(&spec, "source", r->source);
	val_set_str(&spec, "sourceNamespace", r->source_ns);
	if (r->starting_csv)
		val_set_str(&spec, "startingCSV", r->rel->olm_csv);
	val_set_take(&sub, "spec", spec);
	val_push_take(&docs, sub);
	return docs;
}

/* Does the cluster have CatalogSource ns/name? */
static bool has_catalog(struct api *a, const char *ns, const char *name)
{
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *m;
	struct val cs = val_absent();
	bool yes;

	if (api_resolve_kind(a, OLM_GROUP "/v1alpha1", "CatalogSource", &m, &e)) {
		api_error_release(&e);
		return false;
	}
	if (api_get_optional(a, m, ns, name, &cs, &e))
		api_error_die(&e);
	yes = val_exists(cs);
	val_release(&cs);
	return yes;
}

/* The namespace's OperatorGroups decide whether we create one. */
static bool need_operator_group(struct api *a, const char *ns)
{
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *m;
	struct val items;
	struct val_iter it;
	bool none;

	if (!strcmp(ns, OPENSHIFT_OPERATORS))
		return false;
	if (api_resolve_kind(a, OLM_GROUP "/v1", "OperatorGroup", &m, &e) ||
	    api_list_all(a, m, ns, NULL, &items, NULL, &e))
		api_error_die(&e);
	none = !val_len(items);
	for (val_iter_init(&it, items); val_iter_next(&it); ) {
		struct val t = val_dig(it.value, "spec", "targetNamespaces", NULL);
		struct val sel = val_dig(it.value, "spec", "selector", NULL);

		if (val_len(t) || val_exists(sel))
			die("namespace %s has OperatorGroup %s, which targets chosen namespaces; the Sail Operator supports AllNamespaces only: install it in another namespace (-n) or in %s",
			    ns, val_dig_str(it.value, "metadata", "name", NULL), OPENSHIFT_OPERATORS);
		val_release(&t);
		val_release(&sel);
	}
	val_release(&items);
	return none;
}

/* A Subscription to the package elsewhere means a second operator. */
static void check_subscriptions(struct api *a, const struct olm_req *r)
{
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *m;
	struct val items;
	struct val_iter it;

	if (api_resolve_kind(a, OLM_GROUP "/v1alpha1", "Subscription", &m, &e) ||
	    api_list_all(a, m, NULL, NULL, &items, NULL, &e))
		api_error_die(&e);
	for (val_iter_init(&it, items); val_iter_next(&it); ) {
		const char *pkg = val_dig_str(it.value, "spec", "name", NULL);
		const char *ns = val_dig_str(it.value, "metadata", "namespace", NULL);

		if (pkg && ns && !strcmp(pkg, r->rel->olm_package) && strcmp(ns, r->ns))
			die("namespace %s already subscribes to %s (Subscription %s): use -n %s",
			    ns, pkg, val_dig_str(it.value, "metadata", "name", NULL), ns);
	}
	val_release(&items);
}

/* Subscription: OLM names the CSV it installs. */
static int names_csv(void *ctx, struct val sub, struct strbuf *why)
{
	char **csv = ctx;
	const char *n = val_dig_str(sub, "status", "installedCSV", NULL);

	if (!n)
		n = val_dig_str(sub, "status", "currentCSV", NULL);
	if (n) {
		*csv = xstrdup(n);
		return 1;
	}
	strbuf_addstr(why, "OLM has not resolved the Subscription to a ClusterServiceVersion yet");
	if (val_dig_str(sub, "status", "state", NULL))
		strbuf_addf(why, " (state %s)", val_dig_str(sub, "status", "state", NULL));
	return 0;
}

static int csv_succeeded(void *ctx, struct val csv, struct strbuf *why)
{
	const char *phase = val_dig_str(csv, "status", "phase", NULL);
	const char *reason = val_dig_str(csv, "status", "reason", NULL);
	const char *msg = val_dig_str(csv, "status", "message", NULL);

	(void)ctx;
	if (phase && !strcmp(phase, "Succeeded"))
		return 1;
	if (!val_exists(csv))
		strbuf_addstr(why, "it does not exist yet");
	else if (!phase)
		strbuf_addstr(why, "no phase yet");
	else
		strbuf_addf(why, "phase %s%s%s%s%s", phase, reason ? ", reason " : "",
			    reason ? reason : "", msg && *msg ? ": " : "", msg && *msg ? msg : "");
	if (phase && !strcmp(phase, "Failed"))
		return -1;
	return 0;
}

static void wait_csv(struct api *a, const char *ns, const char *sub, long timeout_ms, FILE *out)
{
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *ms, *mc;
	struct strbuf err = STRBUF_INIT;
	long start = monotonic_ms(), left;
	char *csv = NULL;

	if (api_resolve_kind(a, OLM_GROUP "/v1alpha1", "Subscription", &ms, &e) ||
	    api_resolve_kind(a, OLM_GROUP "/v1alpha1", "ClusterServiceVersion", &mc, &e))
		api_error_die(&e);
	if (api_wait_for(a, ms, ns, sub, names_csv, &csv, timeout_ms, NULL, &e))
		goto fail;
	left = timeout_ms - (monotonic_ms() - start);
	if (api_wait_for(a, mc, ns, csv, csv_succeeded, NULL, left > 0 ? left : 1, NULL, &e))
		goto fail;
	fprintf(out, "clusterserviceversion.operators.coreos.com/%s Succeeded\n", csv);
	free(csv);
	return;
fail:
	api_error_render(&e, &err);	/* with kubectl's own prefix */
	fprintf(stderr, "%s\n", err.buf);
	exit(1);
}

int install_operator_olm(struct cli *cli, struct output *o,
			 const struct operator_release *rel, long timeout_ms)
{
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	bool client = dry && !strcmp(dry, "client"), server = dry && !strcmp(dry, "server");
	bool lines = o->format == OUTPUT_DEFAULT || o->format == OUTPUT_WIDE;
	FILE *info = lines ? stdout : stderr;
	struct olm_req r = {
		.rel = rel,
		.ns = cli_str(cli, GOPT_NAMESPACE) ? cli_str(cli, GOPT_NAMESPACE) : OPENSHIFT_OPERATORS,
		.channel = cli_str(cli, IOPT_CHANNEL) ? cli_str(cli, IOPT_CHANNEL) : rel->olm_channel,
		.source = cli_str(cli, IOPT_SOURCE),
		.source_ns = cli_str(cli, IOPT_SOURCE_NAMESPACE),
		.approval = cli_str(cli, IOPT_APPROVAL) ? cli_str(cli, IOPT_APPROVAL) : "Automatic",
		.starting_csv = cli_set(cli, IOPT_VERSION),
	};
	struct strbuf err = STRBUF_INIT, missing = STRBUF_INIT;
	struct operator_found found;
	struct session s;
	struct val docs, applied;

	if (cli_bool(cli, IOPT_ALLOW_DOWNGRADE))
		die("--allow-downgrade is for plain manifests: OLM does not downgrade a CSV");
	if (cli_set(cli, IOPT_IMAGE))
		die("--image is for plain manifests: OLM takes the image from the catalog's bundle");
	if (!r.source != !r.source_ns)
		die("--source and --source-namespace go together");
	if (client) {
		if (!r.source) {
			r.source = "community-operators";
			r.source_ns = "openshift-marketplace";
		}
		r.operator_group = strcmp(r.ns, OPENSHIFT_OPERATORS);
		docs = render(&r);
		o->dry_run = OUTPUT_DRY_RUN_CLIENT;
		o->verb = "serverside-applied";
		if ((lines ? output_print(o, docs, stdout, &err) : apply_print(o, docs, stdout, &err)))
			die("%s", err.buf);
		val_release(&docs);
		return 0;
	}
	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	if (operator_olm_missing(s.api, &missing, &err))
		die("%s", err.buf);
	if (missing.len)
		die("--olm: this cluster has no OLM (missing CRDs %s): install OLM first, or use plain manifests (--olm=false)",
		    missing.buf);
	if (!cli_bool(cli, IOPT_SKIP_PRECHECK) && cli_bool(cli, IOPT_OLM))
		install_precheck(s.api);	/* detected OLM: install operator ran it */
	if (operator_find(s.api, r.ns, &found, &err))
		die("%s", err.buf);
	if (found.csv && !cli_set(cli, GOPT_NAMESPACE))
		r.ns = found.ns;	/* where OLM runs it */
	if (found.ns && !found.csv)
		die("the Sail Operator in %s is installed from plain manifests: --olm would start a second one (uninstall it first: kubectl sail uninstall operator)",
		    found.ns);
	r.operator_group = need_operator_group(s.api, r.ns);
	check_subscriptions(s.api, &r);
	if (!r.source) {
		/* vanilla OLM's catalog when OpenShift's is not there */
		bool vanilla = !has_catalog(s.api, "openshift-marketplace", "community-operators") &&
			       has_catalog(s.api, "olm", "operatorhubio-catalog");

		r.source = vanilla ? "operatorhubio-catalog" : "community-operators";
		r.source_ns = vanilla ? "olm" : "openshift-marketplace";
	}
	docs = render(&r);
	fprintf(info, "Sail Operator through OLM: Subscription %s/%s, channel %s, catalog %s/%s%s\n",
		r.ns, rel->olm_package, r.channel, r.source_ns, r.source,
		r.operator_group ? ", with an OperatorGroup for all namespaces" : "");
	fflush(info);
	{
		struct operator_apply_opts ao = { .force = cli_bool(cli, WOPT_FORCE_CONFLICTS), .dry_run = server };

		if (operator_apply(s.api, docs, &ao, o, stdout, &applied, &err)) {
			fprintf(stderr, "%s\n", err.buf);
			exit(1);
		}
	}
	if (cli_bool(cli, WOPT_WAIT)) {
		if (server)
			die("--wait cannot be used with a dry run: nothing would become ready");
		wait_csv(s.api, r.ns, rel->olm_package, timeout_ms, info);
	}
	val_release(&applied);
	val_release(&docs);
	operator_found_release(&found);
	strbuf_release(&missing);
	session_close(&s);
	return 0;
}
