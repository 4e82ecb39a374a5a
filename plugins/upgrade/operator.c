/*
 * kubectl sail upgrade operator [--version V] [--allow-downgrade] [--wait]:
 * the installed Sail Operator to version V (default the newest this build
 * embeds), on the path it was installed by. Plain manifests: the CRDs
 * first (older ones updated, stored versions kept), then the chart's
 * objects (operator/manifests.c, the same rules as install operator).
 * OLM: OLM upgrades along the Subscription's channel; with Manual approval
 * the InstallPlan that installs the version's CSV is approved.
 */
#include "sail.h"
#include "commands.h"
#include "upgrade/upgrade.h"
#include "upgrade/upgrade_opts.h"
#include "operator/operator.h"
#include "api.h"
#include "kubeconfig.h"
#include "output.h"
#include "session.h"

/* OLM: the version's CSV is there, or its InstallPlan gets approved. */
static void upgrade_olm(struct api *a, const struct operator_found *f,
			const struct operator_release *rel, bool dry_server)
{
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *m;
	struct val plans;
	struct val_iter it, jt;

	if (!strcmp(f->csv, rel->olm_csv)) {
		printf("clusterserviceversion.operators.coreos.com/%s is installed: nothing to upgrade\n", f->csv);
		return;
	}
	if (api_resolve_kind(a, "operators.coreos.com/v1alpha1", "InstallPlan", &m, &e) ||
	    api_list_all(a, m, f->ns, NULL, &plans, NULL, &e))
		api_error_die(&e);
	for (val_iter_init(&it, plans); val_iter_next(&it); ) {
		struct val names = val_dig(it.value, "spec", "clusterServiceVersionNames", NULL);
		struct val approved = val_dig(it.value, "spec", "approved", NULL);
		const char *name = val_dig_str(it.value, "metadata", "name", NULL);
		bool ours = false, done = val_bool_get(approved);

		for (val_iter_init(&jt, names); !ours && val_iter_next(&jt); )
			ours = !strcmp(val_str_get(jt.value) ?: "", rel->olm_csv);
		val_release(&names);
		val_release(&approved);
		if (!ours)
			continue;
		if (!done) {
			struct val patch = val_obj(), spec = val_obj();

			val_set_bool(&spec, "approved", true);
			val_set_take(&patch, "spec", spec);
			if (api_patch(a, m, f->ns, name, API_PATCH_MERGE, patch, NULL, dry_server, NULL, &e))
				api_error_die(&e);
			val_release(&patch);
		}
		printf("installplan.operators.coreos.com/%s %s%s (%s)\n", name,
		       done ? "already approved" : "approved", dry_server ? " (server dry run)" : "",
		       rel->olm_csv);
		val_release(&plans);
		return;
	}
	val_release(&plans);
	die("OLM offers no InstallPlan for %s in %s yet (installed: %s): OLM upgrades along the Subscription's channel; change its channel, or wait for the catalog",
	    rel->olm_csv, f->ns, f->csv);
}

int upgrade_operator(struct cli *cli)
{
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	struct operator_install_req in = { 0 };
	struct strbuf err = STRBUF_INIT;
	struct operator_found found;
	struct output o;
	struct session s;
	char *why;
	int id;

	for (id = UOPT_VERSION; id <= UOPT_PARALLEL; id++)
		if (id != UOPT_VERSION && id != UOPT_ALLOW_DOWNGRADE && cli_set(cli, id))
			die("upgrade operator takes --version, --allow-downgrade, -n, --wait, --timeout and --dry-run=server only");
	if (cli->nargs > 1)
		die("upgrade operator takes no NAME, got \"%s\"", cli->args[1]);
	if (dry && !strcmp(dry, "client"))
		die("upgrade operator --dry-run=client: use 'kubectl sail install operator --version V --dry-run=client -o yaml' to print the version's objects");
	if (output_parse(cli_str(cli, OOPT_OUTPUT), cli_str(cli, OOPT_JQ), &o, &err))
		die("%s", err.buf);
	if (operator_release_find(cli_str(cli, UOPT_VERSION), &in.rel, &err))
		die("%s", err.buf);
	in.wait = cli_bool(cli, WOPT_WAIT);
	in.dry_server = dry && !strcmp(dry, "server");
	if (in.wait && in.dry_server)
		die("--wait cannot be used with a dry run: nothing would become ready");
	if (kube_parse_timeout(cli_str(cli, WOPT_TIMEOUT), &in.timeout_ms, &err) || in.timeout_ms <= 0)
		die("--timeout: %s", err.len ? err.buf : "expected a positive duration such as 5m");
	in.allow_downgrade = cli_bool(cli, UOPT_ALLOW_DOWNGRADE);
	in.dry_server = dry && !strcmp(dry, "server");
	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	if (operator_find(s.api, cli_str(cli, GOPT_NAMESPACE), &found, &err))
		die("%s", err.buf);
	if (!found.ns)
		die("no Sail Operator is installed (no Deployment sail-operator%s%s): kubectl sail install operator",
		    cli_str(cli, GOPT_NAMESPACE) ? " in " : "",
		    cli_str(cli, GOPT_NAMESPACE) ? cli_str(cli, GOPT_NAMESPACE) : "");
	if (found.csv) {
		if (in.allow_downgrade)
			die("--allow-downgrade: OLM does not downgrade a CSV");
		upgrade_olm(s.api, &found, in.rel, in.dry_server);
	} else {
		in.ns = found.ns;
		why = xstrfmt("upgrade from %s", found.tag_version ? found.tag_version : found.image);
		in.why = why;
		operator_install_manifests(s.api, &in, &found, &o);
		free(why);
	}
	operator_found_release(&found);
	session_close(&s);
	output_release(&o);
	strbuf_release(&err);
	return 0;
}
