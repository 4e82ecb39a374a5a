/*
 * kubectl sail upgrade: read the cluster, make the plan (plan.c), then
 * print it (--plan) or carry it out (run.c). 'upgrade cni' and -f with
 * --dry-run=client are the short paths.
 */
#include "sail.h"
#include "fleet.h"
#include "commands.h"
#include "upgrade/upgrade.h"
#include "upgrade/upgrade_opts.h"
#include "upgrade/run.h"
#include "install/install.h"
#include "api.h"
#include "apply.h"
#include "kubeconfig.h"
#include "meshref.h"
#include "output.h"
#include "session.h"
#include "versions.h"
#include "yaml.h"

#include <time.h>
#include <unistd.h>

#define OPERATOR_GRACE_MS 30000

static void die_api(struct api_error *e)
{
	api_error_print(e);
	exit(1);
}

/* The concrete version a catalogue name stands for (an alias's target). */
static const char *concrete_version(const char *name)
{
	const struct istio_version *v = versions_find(versions_catalogue(), name);

	return v && v->ref ? v->ref : name;
}

static const struct rest_mapping *sail_mapping(struct api *a, const char *kind)
{
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *m;

	if (api_resolve_kind(a, "sailoperator.io/v1", kind, &m, &e))
		die_api(&e);
	return m;
}

/* GET, NotFound as absent. */
static struct val get_opt(struct api *a, const struct rest_mapping *m, const char *name)
{
	struct api_error e = API_ERROR_INIT;
	struct val out;

	if (api_get_optional(a, m, NULL, name, &out, &e))
		die_api(&e);
	return out;
}

static struct val list_all(struct api *a, const struct rest_mapping *m)
{
	struct api_error e = API_ERROR_INIT;
	struct val items;

	if (api_list_all(a, m, NULL, NULL, &items, NULL, &e))
		die_api(&e);
	return items;
}

/* ---------------------------------------------------------------- operator check */

static int caught_up(void *ctx, struct val obj, struct strbuf *why)
{
	struct val og = val_dig(obj, "status", "observedGeneration", NULL);
	struct val g = val_dig(obj, "metadata", "generation", NULL);
	bool ok = val_num_get(og) >= val_num_get(g);

	(void)ctx;
	val_release(&og);
	val_release(&g);
	if (!val_exists(obj)) {
		strbuf_addstr(why, "it was deleted");
		return -1;
	}
	if (!ok)
		strbuf_addstr(why, "status.observedGeneration lags metadata.generation");
	return ok;
}

/* The operator must have reconciled the Istio as it is now, or the plan
 * would rest on stale status (and its waits would never end). A plan
 * only warns: it changes nothing and should not wait. */
static void check_operator(struct api *a, const struct rest_mapping *mi, struct val *istio,
			   bool plan_only)
{
	struct api_error e = API_ERROR_INIT;
	const char *name = val_dig_str(*istio, "metadata", "name", NULL);
	struct strbuf why = STRBUF_INIT;
	struct val last;
	int now = caught_up(NULL, *istio, &why);

	strbuf_release(&why);
	if (now > 0)
		return;
	if (plan_only) {
		warning("Istio \"%s\" has not been reconciled (status.observedGeneration lags metadata.generation): is the Sail Operator running? The upgrade itself would stop here",
			name);
		return;
	}
	if (api_wait_for(a, mi, NULL, name, caught_up, NULL, OPERATOR_GRACE_MS, &last, &e)) {
		if (e.kind == API_ERR_TIMEOUT)
			die("Istio \"%s\" has not been reconciled for %d s (status.observedGeneration lags metadata.generation): is the Sail Operator running? (kubectl get deployment -A -l app.kubernetes.io/name=sail-operator)",
			    name, OPERATOR_GRACE_MS / 1000);
		die_api(&e);
	}
	val_release(istio);
	*istio = last;
}

/* ---------------------------------------------------------------- -f */

static int upgrade_file(struct cli *cli, struct output *o, bool cni)
{
	struct strbuf err = STRBUF_INIT;
	struct val docs, doc = val_absent();
	struct val_iter it;
	const char *file = cli_str(cli, UOPT_FILENAME), *to, *conc;
	const char *kind = cni ? "IstioCNI" : "Istio";
	const char *from;

	if (!cli_str(cli, UOPT_VERSION))
		die("--version is required");
	if (yaml_parse_file(file, &docs, NULL, &err))
		die("%s", err.buf);
	for (val_iter_init(&it, docs); val_iter_next(&it) && !val_exists(doc); ) {
		const char *k = val_get_str(it.value, "kind");

		if (k && !strcmp(k, kind))
			doc = val_copy(it.value);
	}
	val_release(&docs);
	if (!val_exists(doc))
		die("%s: no %s found", file, kind);
	if (versions_resolve(versions_catalogue(), cli_str(cli, UOPT_VERSION), &to, &conc, &err))
		die("%s", err.buf);
	from = val_dig_str(doc, "spec", "version", NULL);
	if (from && install_minor_skew(from, conc) && !cni &&
	    strcmp(val_dig_str(doc, "spec", "updateStrategy", "type", NULL) ?: "", "RevisionBased"))
		warning("%s to %s: an InPlace upgrade should cross at most one minor version", from, to);
	apply_clean(&doc);
	if (from && !cni) {
		struct val meta = val_get_obj(doc, "metadata"), ann = val_get_obj(meta, "annotations");

		val_set_str(&ann, UPGRADE_PREVIOUS_VERSION, from);
		val_set_take(&meta, "annotations", ann);
		val_set_take(&doc, "metadata", meta);
	}
	{
		struct val spec = val_get_obj(doc, "spec");

		val_set_str(&spec, "version", to);
		val_set_take(&doc, "spec", spec);
	}
	o->verb = "patched";
	o->dry_run = OUTPUT_DRY_RUN_CLIENT;
	if (output_print(o, doc, stdout, &err))
		die("%s", err.buf);
	val_release(&doc);
	strbuf_release(&err);
	return 0;
}

/* ---------------------------------------------------------------- upgrade cni */

static int upgrade_cni(struct cli *cli, struct session *s, long timeout_ms)
{
	const struct rest_mapping *mc = sail_mapping(s->api, "IstioCNI");
	const struct rest_mapping *mi = sail_mapping(s->api, "Istio");
	struct val cni = get_opt(s->api, mc, "default"), istios, plan;
	struct val_iter it;
	struct strbuf err = STRBUF_INIT;
	struct upgrade_run u = {
		.api = s->api, .out = stdout,
		.force_conflicts = cli_bool(cli, WOPT_FORCE_CONFLICTS),
	};
	const char *to, *conc;

	if (!val_exists(cni))
		die("there is no IstioCNI \"default\" to upgrade (kubectl sail install cni installs one)");
	if (versions_resolve(versions_catalogue(), cli_str(cli, UOPT_VERSION), &to, &conc, &err))
		die("%s", err.buf);
	istios = list_all(s->api, mi);
	for (val_iter_init(&it, istios); val_iter_next(&it); ) {
		const char *v = val_dig_str(it.value, "spec", "version", NULL);
		const struct istio_version *e = v ? versions_find(versions_catalogue(), v) : NULL;

		if (v && install_minor_skew(e && e->ref ? e->ref : v, conc))
			die("IstioCNI at %s would be more than one minor version from Istio \"%s\" (%s): upgrade that control plane first, or both together with 'kubectl sail upgrade %s --version %s --cni'",
			    to, val_dig_str(it.value, "metadata", "name", NULL), v,
			    val_dig_str(it.value, "metadata", "name", NULL), to);
	}
	val_release(&istios);
	plan = val_arr();
	{
		struct val st = val_obj();

		val_set_str(&st, "action", "patch");
		val_set_str(&st, "object", "istiocni/default");
		val_set_str(&st, "from", val_dig_str(cni, "spec", "version", NULL) ?: "");
		val_set_str(&st, "to", to);
		val_push_take(&plan, st);
		st = val_obj();
		val_set_str(&st, "action", "wait");
		val_set_str(&st, "object", "istiocni/default");
		val_set_str(&st, "waitFor", "Ready");
		if (cli_bool(cli, WOPT_WAIT))
			val_push_take(&plan, st);
		else
			val_release(&st);
	}
	u.deadline_ms = monotonic_ms() + timeout_ms;
	if (upgrade_run_steps(&u, plan, &err)) {
		fprintf(stderr, "%s\n", err.buf);
		exit(1);
	}
	val_release(&plan);
	val_release(&cni);
	return 0;
}

/* ---------------------------------------------------------------- the upgrade */

static bool confirmed(void)
{
	char line[16];

	fputs("Proceed? [y/N] ", stderr);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

static enum upgrade_restart restart_mode(const char *s)
{
	if (!strcmp(s, "all"))
		return RESTART_ALL;
	if (!strcmp(s, "none"))
		return RESTART_NONE;
	return RESTART_NAMESPACES;
}

/* --contexts: the same upgrade on several clusters, in a safe order. */
static int upgrade_fleet(struct cli *cli)
{
	static const int skip[] = { UOPT_CONTEXTS, UOPT_PARALLEL, UOPT_PLAN, UOPT_YES, 0 };
	static const char *const preflight[] = { "--plan", NULL };
	static const char *const run[] = { "--yes", NULL };
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	struct fleet_seq q = {
		.cli = cli, .cmd = "upgrade", .contexts = cli_list(cli, UOPT_CONTEXTS),
		.skip = skip, .preflight_args = preflight, .run_args = run,
		.parallel = cli_int(cli, UOPT_PARALLEL),
		.plan_only = cli_bool(cli, UOPT_PLAN) || (dry && !strcmp(dry, "client")),
	};

	if (cli_set(cli, GOPT_CONTEXT))
		die("--contexts cannot be used with --context");
	if (!q.plan_only && isatty(0) && isatty(2) && !cli_bool(cli, UOPT_YES))
		die("--contexts upgrades several clusters: read the --plan, then run again with --yes");
	return fleet_sequence(&q);
}

int cmd_upgrade(struct cli *cli)
{
	struct output o;
	struct strbuf err = STRBUF_INIT, text = STRBUF_INIT;
	struct session s;
	struct upgrade_req r = { 0 };
	struct upgrade_input in = { 0 };
	struct upgrade_plan p;
	struct meshref refs;
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *mi;
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	const char *word = cli->nargs ? cli->args[0] : NULL;
	const char *name = "default";
	bool cni = word && !strcmp(word, "cni");
	bool plan_only = cli_bool(cli, UOPT_PLAN) || (dry && !strcmp(dry, "client"));
	long timeout_ms;

	if (cli_set(cli, UOPT_CONTEXTS))
		return upgrade_fleet(cli);
	if (cli_set(cli, UOPT_PARALLEL))
		die("--parallel goes with --contexts");
	if (word && !strcmp(word, "operator"))
		return upgrade_operator(cli);
	if (output_parse(cli_str(cli, OOPT_OUTPUT), cli_str(cli, OOPT_JQ), &o, &err))
		die("%s", err.buf);
	if (cli->nargs > 1)
		die("expected at most one ISTIO name, got %zu arguments", cli->nargs);
	if (dry && !strcmp(dry, "server"))
		die("--dry-run=server is not supported: an upgrade is a sequence of changes that wait on each other; use --plan");
	if (kube_parse_timeout(cli_str(cli, WOPT_TIMEOUT), &timeout_ms, &err))
		die("%s", err.buf);
	if (timeout_ms <= 0)
		die("--timeout must be more than 0");
	if (cli_set(cli, UOPT_FILENAME)) {
		if (!dry || strcmp(dry, "client"))
			die("-f needs --dry-run=client: it prints the upgraded resource; to upgrade a cluster, name the Istio");
		return upgrade_file(cli, &o, cni);
	}
	if (cli_bool(cli, UOPT_ROLLBACK) && cli_set(cli, UOPT_VERSION))
		die("--rollback goes back to the recorded version: it takes no --version");
	if (!cli_bool(cli, UOPT_ROLLBACK) && !cli_set(cli, UOPT_VERSION))
		die("--version is required (kubectl sail install --list-versions lists them)");
	if (!plan_only && o.format != OUTPUT_DEFAULT)
		die("-o %s prints the plan: add --plan", cli_str(cli, OOPT_OUTPUT));
	if (word && !cni)
		name = word;

	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	if (cni) {
		if (cli_bool(cli, UOPT_ROLLBACK) || plan_only)
			die("'upgrade cni' takes --version, --wait and --timeout only");
		upgrade_cni(cli, &s, timeout_ms);
		session_close(&s);
		return 0;
	}

	mi = sail_mapping(s.api, "Istio");
	in.istio = get_opt(s.api, mi, name);
	if (!val_exists(in.istio))
		die("istios.sailoperator.io \"%s\" not found", name);
	check_operator(s.api, mi, &in.istio, plan_only);
	in.revisions = list_all(s.api, sail_mapping(s.api, "IstioRevision"));
	in.tags = list_all(s.api, sail_mapping(s.api, "IstioRevisionTag"));
	in.cni = get_opt(s.api, sail_mapping(s.api, "IstioCNI"), "default");
	if (meshref_load(s.api, &refs, true, &e))
		die_api(&e);
	in.refs = &refs;

	r.version = cli_str(cli, UOPT_VERSION);
	r.restart = restart_mode(cli_str(cli, UOPT_RESTART));
	r.allow_downgrade = cli_bool(cli, UOPT_ALLOW_DOWNGRADE) || cli_bool(cli, UOPT_ROLLBACK);
	r.retag = cli_bool(cli, UOPT_RETAG);
	r.cni = cli_bool(cli, UOPT_CNI);
	r.wait_prune = cli_bool(cli, WOPT_WAIT);
	r.rollback = cli_bool(cli, UOPT_ROLLBACK);
	if (upgrade_plan_build(&in, &r, &p, &err))
		die("cannot upgrade Istio \"%s\": %s", name, err.buf);

	if (plan_only || o.format != OUTPUT_DEFAULT) {
		if (o.format == OUTPUT_DEFAULT || o.format == OUTPUT_WIDE) {
			upgrade_plan_format(&p, &text);
			fputs(text.buf, stdout);
		} else if (output_print(&o, p.doc, stdout, &err)) {
			die("%s", err.buf);
		}
	} else {
		struct upgrade_run u = {
			.api = s.api, .out = stdout, .rollback = r.rollback,
			.cp_namespace = val_dig_str(in.istio, "spec", "namespace", NULL),
			.new_rev = p.new_rev,
			.version = concrete_version(p.to),
			.force_conflicts = cli_bool(cli, WOPT_FORCE_CONFLICTS),
		};
		struct val steps = val_get(p.doc, "steps"), notes = val_get(p.doc, "notes");
		struct val_iter it;

		for (val_iter_init(&it, notes); val_iter_next(&it); )
			warning("%s", val_str_get(it.value));
		if (isatty(0) && isatty(2) && !cli_bool(cli, UOPT_YES)) {
			upgrade_plan_format(&p, &text);
			fputs(text.buf, stderr);
			if (!confirmed())
				die("upgrade cancelled; nothing changed");
		}
		u.deadline_ms = monotonic_ms() + timeout_ms;
		if (upgrade_run_steps(&u, steps, &err)) {
			fprintf(stderr, "%s\n", err.buf);
			exit(1);
		}
		val_release(&steps);
		val_release(&notes);
	}
	upgrade_plan_release(&p);
	meshref_release(&refs);
	val_release(&in.istio);
	val_release(&in.revisions);
	val_release(&in.tags);
	val_release(&in.cni);
	session_close(&s);
	output_release(&o);
	strbuf_release(&text);
	strbuf_release(&err);
	return 0;
}
