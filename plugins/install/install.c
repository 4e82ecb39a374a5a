/*
 * kubectl sail install: build and validate the documents (plan.c), check
 * what only the server knows, then server-side apply them (common/apply.c)
 * or, with --dry-run=client, print them.
 */
#include "sail.h"
#include "commands.h"
#include "install/install.h"
#include "install/install_opts.h"
#include "install/model.h"
#include "api.h"
#include "kubeconfig.h"
#include "apply.h"
#include "output.h"
#include "session.h"
#include "template.h"
#include "versions.h"
#include "yaml.h"

/* The concrete version a (possibly alias, possibly unknown) name stands for. */
static const char *concrete_of(const char *v)
{
	const struct istio_version *e;

	if (!v)
		return NULL;
	e = versions_find(versions_catalogue(), v);
	return e && e->ref ? e->ref : v;
}

static int mapping(struct api *a, const char *kind, const struct rest_mapping **m,
		   struct strbuf *err)
{
	struct api_error e = API_ERROR_INIT;

	if (api_resolve_kind(a, "sailoperator.io/v1", kind, m, &e)) {
		api_error_render(&e, err);
		api_error_release(&e);
		return -1;
	}
	return 0;
}

/* GET; 0 with *out absent when not found. */
static int get_opt(struct api *a, const struct rest_mapping *m, const char *name,
		   struct val *out, struct strbuf *err)
{
	struct api_error e = API_ERROR_INIT;

	if (!api_get_optional(a, m, NULL, name, out, &e))
		return 0;
	api_error_render(&e, err);
	api_error_release(&e);
	return -1;
}

/* The Istio and IstioCNI of the plan as the server has them (absent when
 * new): install starts from them. */
static int read_existing(struct api *a, const struct install_plan *p,
			 struct install_req *r, struct strbuf *err)
{
	const struct rest_mapping *m;

	if (p->istio_name && (mapping(a, "Istio", &m, err) ||
			      get_opt(a, m, p->istio_name, &r->existing, err)))
		return -1;
	if (val_exists(p->cni) && (mapping(a, "IstioCNI", &m, err) ||
				   get_opt(a, m, "default", &r->existing_cni, err)))
		return -1;
	return 0;
}

/* What the apply will change in existing specs: on a terminal, or --diff. */
static void show_diff(struct cli *cli, const struct install_req *r,
		      const struct install_plan *p, FILE *f)
{
	struct strbuf d = STRBUF_INIT;
	struct val old, new;
	char *what;

	if (!cli_bool(cli, IOPT_DIFF) && !isatty(fileno(f)))
		return;
	if (val_exists(r->existing) && val_exists(p->istio)) {
		old = val_get(r->existing, "spec");
		new = val_get(p->istio, "spec");
		what = xstrfmt("istio.sailoperator.io/%s", p->istio_name);
		install_spec_diff(what, old, new, &d);
		free(what);
		val_release(&old);
		val_release(&new);
	}
	if (val_exists(r->existing_cni) && val_exists(p->cni)) {
		old = val_get(r->existing_cni, "spec");
		new = val_get(p->cni, "spec");
		install_spec_diff("istiocni.sailoperator.io/default", old, new, &d);
		val_release(&old);
		val_release(&new);
	}
	fputs(d.buf, f);
	fflush(f);
	strbuf_release(&d);
}

static int check_server(struct api *a, const struct install_req *r,
			const struct install_plan *p, struct strbuf *err)
{
	const struct rest_mapping *mi, *mr, *mc;
	struct val cur = val_absent();
	int ret = -1;

	if (mapping(a, "Istio", &mi, err) || mapping(a, "IstioRevision", &mr, err) ||
	    mapping(a, "IstioCNI", &mc, err))
		return -1;
	if (p->istio_name) {
		const char *want = val_dig_str(p->istio, "spec", "namespace", NULL);
		const char *have;

		if (get_opt(a, mi, p->istio_name, &cur, err))
			return -1;
		have = val_dig_str(cur, "spec", "namespace", NULL);
		if (have && want && strcmp(have, want)) {
			strbuf_addf(err, "Istio \"%s\" exists with spec.namespace %s, and spec.namespace is immutable: to move the control plane to %s, delete it (kubectl delete istio %s) and install again",
				    p->istio_name, have, want, p->istio_name);
			goto out;
		}
		val_release(&cur);
	}
	if (val_exists(p->istio) && install_check_selectors(a, p, err))
		return -1;
	if (r->topo.dual_stack && install_check_dual_stack(a, err))
		return -1;
	if (install_has_networking_docs(p->docs) && install_check_networking(a, err))
		return -1;
	if (r->tag) {
		if (get_opt(a, mr, r->tag, &cur, err))
			return -1;
		if (val_exists(cur)) {
			strbuf_addf(err, "--tag %s: an IstioRevision named \"%s\" exists; a tag cannot have a revision's name",
				    r->tag, r->tag);
			goto out;
		}
	}
	if (p->cni_version) {
		struct api_error e = API_ERROR_INIT;
		struct val items;
		struct val_iter it;

		if (api_list_all(a, mi, NULL, NULL, &items, NULL, &e)) {
			api_error_render(&e, err);
			api_error_release(&e);
			goto out;
		}
		for (val_iter_init(&it, items); val_iter_next(&it); ) {
			const char *n = val_dig_str(it.value, "metadata", "name", NULL);
			const char *v = val_dig_str(it.value, "spec", "version", NULL);

			if (n && p->istio_name && !strcmp(n, p->istio_name))
				continue;
			if (v && install_minor_skew(concrete_of(v), p->cni_version)) {
				strbuf_addf(err, "IstioCNI version %s is more than one minor version from Istio \"%s\" (%s)",
					    val_dig_str(p->cni, "spec", "version", NULL), n, v);
				val_release(&items);
				goto out;
			}
		}
		val_release(&items);
	} else if (p->istio_version) {
		const char *v;

		if (get_opt(a, mc, "default", &cur, err))
			goto out;
		v = val_dig_str(cur, "spec", "version", NULL);
		if (v && install_minor_skew(concrete_of(v), p->istio_version)) {
			strbuf_addf(err, "Istio \"%s\" at %s would be more than one minor version from IstioCNI \"default\" (%s): upgrade IstioCNI too (--cni)",
				    p->istio_name, val_dig_str(p->istio, "spec", "version", NULL), v);
			goto out;
		}
	}
	ret = 0;
out:
	val_release(&cur);
	return ret;
}

void install_only_flags(const struct cli *cli, const char *word,
			const int *allowed, const char *names)
{
	int id;
	const int *a;

	for (id = IOPT_NAME; id < IOPT__END; id++) {
		for (a = allowed; *a && *a != id; a++)
			;
		if (!*a && cli_set(cli, id))
			die("install %s takes %s only", word, names);
	}
}

static void read_topology(struct cli *cli, struct install_topology *t)
{
	t->mesh_id = cli_str(cli, IOPT_MESH_ID);
	t->cluster_name = cli_str(cli, IOPT_CLUSTER_NAME);
	t->network = cli_str(cli, IOPT_NETWORK);
	t->external_istiod = cli_str(cli, IOPT_EXTERNAL_ISTIOD);
	t->remote = cli_bool(cli, IOPT_REMOTE);
	t->remote_pilot_address = cli_str(cli, IOPT_REMOTE_PILOT_ADDRESS);
	t->control_plane_cluster = cli_str(cli, IOPT_CONTROL_PLANE_CLUSTER);
	t->external_cp = cli_str(cli, IOPT_EXTERNAL_CONTROL_PLANE);
	t->external_istiod_address = cli_str(cli, IOPT_EXTERNAL_ISTIOD_ADDRESS);
	t->expose_external_istiod = cli_bool(cli, IOPT_EXPOSE_EXTERNAL_ISTIOD);
	t->east_west_gateway = cli_bool(cli, IOPT_EAST_WEST_GATEWAY);
	t->expose_services = cli_bool(cli, IOPT_EXPOSE_SERVICES);
	t->expose_istiod = cli_bool(cli, IOPT_EXPOSE_ISTIOD);
	t->discovery_selectors = cli_list(cli, IOPT_DISCOVERY_SELECTOR);
	t->dual_stack = cli_bool(cli, IOPT_DUAL_STACK);
	t->tracing = cli_str(cli, IOPT_TRACING);
	t->otel_service = cli_str(cli, IOPT_OTEL_SERVICE);
}

static bool topology_asked(const struct cli *cli)
{
	int id;

	for (id = IOPT_MESH_ID; id < IOPT_PROMETHEUS_URL; id++)
		if (cli_set(cli, id))
			return true;
	return false;
}

static int list_versions(struct output *o)
{
	const struct versions *c = versions_catalogue();
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct val v;

	if (o->format == OUTPUT_DEFAULT || o->format == OUTPUT_WIDE) {
		versions_format(c, &out);
		fputs(out.buf, stdout);
		strbuf_release(&out);
		return 0;
	}
	v = versions_to_val(c);
	if (output_print(o, v, stdout, &err))
		die("%s", err.buf);
	val_release(&v);
	return 0;
}

/* Every IstioOperator of FILE as Sail documents (dies on errors). */
static void read_iop(const char *file, struct val *out)
{
	struct strbuf err = STRBUF_INIT;
	struct val docs;
	struct val_iter it;

	if (yaml_parse_file(file, &docs, NULL, &err))
		die("%s", err.buf);
	*out = val_arr();
	for (val_iter_init(&it, docs); val_iter_next(&it); ) {
		struct val conv;
		struct val_iter jt;

		if (install_from_iop(it.value, &conv, &err))
			die("%s", err.buf);
		for (val_iter_init(&jt, conv); val_iter_next(&jt); )
			val_push(out, jt.value);
		val_release(&conv);
	}
	if (!val_len(*out))
		die("--from-istiooperator %s: no IstioOperator found", file);
	val_release(&docs);
}

/* Every document of the -f files, after what *docs holds (dies on errors,
 * and on input with no objects, as kubectl apply does). */
static void read_files(const char *const *files, struct val *docs)
{
	struct strbuf err = STRBUF_INIT;
	struct val all = val_exists(*docs) ? val_copy(*docs) : val_arr(), flat;
	struct val_iter it;

	for (; *files; files++) {
		struct val d;

		if (yaml_parse_file(*files, &d, NULL, &err))
			die("%s", err.buf);
		for (val_iter_init(&it, d); val_iter_next(&it); )
			val_push(&all, it.value);
		val_release(&d);
	}
	flat = apply_flatten(all);
	if (!val_len(flat))
		die("no objects passed to apply");
	val_release(&flat);
	val_release(docs);
	*docs = all;
}

int cmd_install(struct cli *cli)
{
	struct install_req r;
	struct install_plan plan;
	struct output o;
	struct strbuf err = STRBUF_INIT;
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	const char *word, *version = NULL;
	char *primary_addr = NULL, *primary_cluster = NULL, *zt_version = NULL;
	struct val zt_labels = val_absent();
	bool client = dry && !strcmp(dry, "client");
	bool server = dry && !strcmp(dry, "server");
	long timeout_ms = 0;
	int ret = 0;

	if (output_parse(cli_str(cli, OOPT_OUTPUT), cli_str(cli, OOPT_JQ), &o, &err))
		die("%s", err.buf);
	version = cli_str(cli, IOPT_VERSION);
	word = cli->nargs ? cli->args[0] : NULL;
	if (cli_bool(cli, IOPT_LIST_VERSIONS)) {
		ret = list_versions(&o);
		output_release(&o);
		return ret;
	}
	if (cli_set(cli, IOPT_MODEL)) {
		ret = install_model(cli, &o);
		output_release(&o);
		return ret;
	}
	if (cli_set(cli, IOPT_CONTEXTS) || cli_set(cli, IOPT_CLUSTER_NAMES) ||
	    cli_set(cli, IOPT_CA) || cli_set(cli, IOPT_CA_GENERATE) || cli_set(cli, IOPT_PLAN))
		die("--contexts, --cluster-names, --ca, --ca-generate and --plan go with --model");
	if (word && install_is_gateway(word) && strcmp(word, "external-istiod-gateway")) {
		ret = install_gateways(cli, &o);
		output_release(&o);
		return ret;
	}
	if (word && !strcmp(word, "operator")) {
		ret = install_operator(cli, &o);
		output_release(&o);
		return ret;
	}
	{
		int id;

		for (id = IOPT_IMAGE; id < IOPT__END; id++)
			if (cli_set(cli, id))
				die("--%s is for 'install operator'", opt_by_id(cli->tables, id)->name);
	}
	if (word && !strcmp(word, "kiali")) {
		ret = install_kiali(cli, &o);
		output_release(&o);
		return ret;
	}
	if (word && !strcmp(word, "waypoint")) {
		ret = install_waypoint(cli, &o);
		output_release(&o);
		return ret;
	}
	if (cli_set(cli, IOPT_PROMETHEUS_URL))
		die("--prometheus-url is for 'install kiali'");
	if (!(word && !strcmp(word, "namespace")) &&
	    (cli_set(cli, IOPT_WAYPOINT) || cli_set(cli, IOPT_MIGRATE) ||
	     cli_set(cli, IOPT_SIDECAR) || cli_set(cli, IOPT_REMOVE)))
		die("--waypoint, --migrate, --sidecar and --remove are for 'install namespace'");
	if (cli_set(cli, IOPT_FOR) || cli_set(cli, IOPT_ENROLL_NAMESPACE))
		die("--for and --enroll-namespace are for 'install waypoint'");
	if (cli_bool(cli, WOPT_WAIT)) {
		if (client || server)
			die("--wait cannot be used with a dry run: nothing would become ready");
		if (kube_parse_timeout(cli_str(cli, WOPT_TIMEOUT), &timeout_ms, &err))
			die("%s", err.buf);
		if (timeout_ms <= 0)
			die("--timeout must be more than 0 with --wait");
	}
	if (word && !strcmp(word, "namespace")) {
		ret = install_namespaces(cli, &o);
		output_release(&o);
		return ret;
	}

	memset(&r, 0, sizeof(r));
	r.version = version;
	r.input_docs = val_absent();
	if (cli_set(cli, IOPT_FROM_ISTIOOPERATOR))
		read_iop(cli_str(cli, IOPT_FROM_ISTIOOPERATOR), &r.input_docs);
	r.cni_only = word && !strcmp(word, "cni");
	r.ztunnel_only = word && !strcmp(word, "ztunnel");
	r.ztunnel_labels = val_absent();
	if (r.ztunnel_only) {
		static const int allowed[] = { IOPT_VERSION, IOPT_ISTIO, IOPT_SET, IOPT_SET_STRING,
					       IOPT_VALUES, IOPT_FILENAME, 0 };

		install_only_flags(cli, "ztunnel", allowed,
				   "--version, --istio, --set, --set-string, --values, -f, -n and --wait");
		if (cli->nargs > 2)
			die("install ztunnel: expected at most one NAME (\"default\"), got %zu", cli->nargs - 1);
		if (cli->nargs == 2 && install_check_ztunnel_name(cli->args[1], &err))
			die("%s", err.buf);
		r.ztunnel_target = cli_str(cli, IOPT_ISTIO) ? cli_str(cli, IOPT_ISTIO) : "default";
	} else if (cli->nargs > 1) {
		die("expected at most one NAME, got %zu arguments", cli->nargs);
	}
	if (!r.cni_only && !r.ztunnel_only && word)
		r.name = word;
	r.ambient = cli_bool(cli, IOPT_AMBIENT);
	if (r.ambient && r.cni_only)
		die("'install cni' takes --profile ambient, not --ambient");
	if (cli_set(cli, IOPT_ISTIO) && !r.ztunnel_only)
		die("--istio is for 'install ztunnel', 'install namespace', gateways and kiali");
	if (cli_set(cli, IOPT_NAME)) {
		if (r.cni_only)
			die("--name cannot be used with 'install cni': IstioCNI is always named \"default\"");
		if (r.name && strcmp(r.name, cli_str(cli, IOPT_NAME)))
			die("NAME \"%s\" and --name \"%s\" differ", r.name, cli_str(cli, IOPT_NAME));
		r.name = cli_str(cli, IOPT_NAME);
	}
	if (r.cni_only && (cli_set(cli, IOPT_UPDATE_STRATEGY) || cli_set(cli, IOPT_REVISION_GRACE_PERIOD) ||
			   cli_set(cli, IOPT_TAG) || cli_bool(cli, IOPT_CNI)))
		die("'install cni' takes --version, --profile, -n, --set, --set-string, --values and -f only");
	r.ns = cli_str(cli, GOPT_NAMESPACE);
	r.profile = cli_str(cli, IOPT_PROFILE);
	r.strategy = cli_str(cli, IOPT_UPDATE_STRATEGY);
	r.grace_set = cli_set(cli, IOPT_REVISION_GRACE_PERIOD);
	r.grace = cli_int(cli, IOPT_REVISION_GRACE_PERIOD);
	r.sets = cli_list(cli, IOPT_SET);
	r.set_strings = cli_list(cli, IOPT_SET_STRING);
	r.values_files = cli_list(cli, IOPT_VALUES);
	r.files = cli_list(cli, IOPT_FILENAME);
	if (r.files && *r.files) {
		/* read once: the plan may be built again from the server's
		 * objects, and stdin (-f -) can be read only once */
		read_files(r.files, &r.input_docs);
		r.files = NULL;
	}
	r.cni = cli_bool(cli, IOPT_CNI);
	r.tag = cli_str(cli, IOPT_TAG);
	r.templates = cli_str(cli, OOPT_TEMPLATES);
	r.existing = r.existing_cni = val_absent();
	r.change_strategy = cli_bool(cli, IOPT_CHANGE_UPDATE_STRATEGY);
	if (r.cni_only && topology_asked(cli))
		die("'install cni' takes no topology flags: they configure an Istio");
	read_topology(cli, &r.topo);
	if (cli_set(cli, IOPT_PRIMARY_CONTEXT)) {
		if (!r.topo.remote)
			die("--primary-context needs --remote");
		if (r.topo.remote_pilot_address)
			die("give one of --remote-pilot-address and --primary-context");
		install_read_primary(cli, r.ns ? r.ns : "istio-system", &primary_addr, &primary_cluster);
		r.topo.remote_pilot_address = primary_addr;
		if (!r.topo.control_plane_cluster)
			r.topo.control_plane_cluster = primary_cluster;
		if (!r.topo.control_plane_cluster)
			die("--primary-context %s: no Istio in %s there has values.global.multiCluster.clusterName: give --control-plane-cluster",
			    cli_str(cli, IOPT_PRIMARY_CONTEXT), r.ns ? r.ns : "istio-system");
	}

	if (r.ztunnel_only && !client) {
		install_ztunnel_prepare(cli, &r, &zt_version, &zt_labels);
		r.ztunnel_labels = zt_labels;
	}
	ret = install_plan_build(&r, &plan, &err);
	/* Every template is rendered: free the compiled programs now, so
	 * that no exit path below leaves them to the leak checkers. */
	template_cache_clear();
	if (ret)
		die("%s", err.buf);

	if (client) {
		o.dry_run = OUTPUT_DRY_RUN_CLIENT;
		o.verb = "serverside-applied";
		if (o.format == OUTPUT_DEFAULT || o.format == OUTPUT_WIDE) {
			struct val_iter it;

			for (val_iter_init(&it, plan.docs); val_iter_next(&it) && !ret; )
				ret = output_print(&o, it.value, stdout, &err);
		} else {
			ret = apply_print(&o, plan.docs, stdout, &err);
		}
		if (ret)
			die("%s", err.buf);
	} else {
		struct session s;
		struct val applied;
		struct apply_opts ao = {
			/* a field another manager owns is theirs unless the
			 * user says --force-conflicts (kubectl's rule) */
			.force = cli_bool(cli, WOPT_FORCE_CONFLICTS),
			.dry_run = server,
			.ns = NULL,
		};

		if (session_open(&s, cli, &err))
			die("%s", err.buf);
		ao.ns = s.cfg.namespace;
		if (read_existing(s.api, &plan, &r, &err))
			die("%s", err.buf);
		if (val_exists(r.existing) || val_exists(r.existing_cni)) {
			/* again, from what is there */
			install_plan_release(&plan);
			ret = install_plan_build(&r, &plan, &err);
			template_cache_clear();
			if (ret)
				die("%s", err.buf);
			show_diff(cli, &r, &plan,
				  o.format == OUTPUT_DEFAULT || o.format == OUTPUT_WIDE ? stdout : stderr);
		}
		if (check_server(s.api, &r, &plan, &err) ||
		    install_ambient_check_server(s.api, &r, &plan, &err))
			die("%s", err.buf);
		if (apply_docs(s.api, plan.docs, &ao, &o, stdout, &applied, &err)) {
			fprintf(stderr, "%s\n", err.buf);
			exit(1);
		}
		fflush(stdout);
		if (cli_bool(cli, WOPT_WAIT)) {
			FILE *wout = o.format == OUTPUT_DEFAULT || o.format == OUTPUT_WIDE ?
				     stdout : stderr;
			long start = monotonic_ms(), left;

			if (install_wait(s.api, applied, timeout_ms, wout, &err)) {
				fprintf(stderr, "%s\n", err.buf);
				exit(1);
			}
			/* as `install east-west-gateway --wait`: the address
			 * is the last line, for the remote side's command */
			left = timeout_ms - (monotonic_ms() - start);
			if (r.topo.east_west_gateway)
				install_wait_address(s.api,
					val_dig_str(plan.istio, "spec", "namespace", NULL),
					install_gateway_service("east-west-gateway"),
					left > 0 ? left : 1, wout);
		}
		val_release(&applied);
		session_close(&s);
	}
	install_plan_release(&plan);
	free(primary_addr);
	free(primary_cluster);
	free(zt_version);
	val_release(&zt_labels);
	val_release(&r.input_docs);
	val_release(&r.existing);
	val_release(&r.existing_cni);
	output_release(&o);
	strbuf_release(&err);
	return 0;
}
