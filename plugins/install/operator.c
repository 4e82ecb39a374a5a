/*
 * kubectl sail install operator [--version V] [-n NS] [--image IMG]
 * [--allow-downgrade] [--olm ...] [--wait]: the Sail Operator and its CRDs
 * (spec operator-install.md): plain manifests (operator/manifests.c) or
 * OLM (operator_olm.c), detected unless asked.
 */
#include "sail.h"
#include "commands.h"
#include "install/install.h"
#include "install/install_opts.h"
#include "operator/operator.h"
#include "kubeconfig.h"
#include "output.h"
#include "session.h"
#include "precheck/precheck.h"

void install_precheck(struct api *a)
{
	struct strbuf err = STRBUF_INIT;
	struct val findings;

	if (precheck_run(a, NULL, true, &findings, &err))
		die("precheck: %s", err.buf);
	if (precheck_count(findings, "Error")) {
		precheck_print(findings, stderr);
		die("precheck found errors (above): nothing was installed (--skip-precheck to install anyway)");
	}
	val_release(&findings);
}

int install_operator(struct cli *cli, struct output *o)
{
	static const int allowed[] = { IOPT_VERSION, IOPT_IMAGE, IOPT_ALLOW_DOWNGRADE, IOPT_OLM,
				       IOPT_CHANNEL, IOPT_SOURCE, IOPT_SOURCE_NAMESPACE,
				       IOPT_APPROVAL, IOPT_SKIP_PRECHECK, 0 };
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	bool client = dry && !strcmp(dry, "client");
	bool wait = cli_bool(cli, WOPT_WAIT), olm_asked = cli_set(cli, IOPT_OLM);
	bool olm = olm_asked && cli_bool(cli, IOPT_OLM);
	FILE *info = o->format == OUTPUT_DEFAULT || o->format == OUTPUT_WIDE ? stdout : stderr;
	struct operator_install_req in = { 0 };
	struct strbuf err = STRBUF_INIT, missing = STRBUF_INIT;
	struct operator_found found;
	struct session s;
	long timeout_ms = 0;
	int id;

	install_only_flags(cli, "operator", allowed,
			   "--version, --image, --allow-downgrade, --olm, --channel, --source, --source-namespace, --approval, --skip-precheck, -n and --wait");
	if (cli->nargs > 1)
		die("install operator takes no NAME, got \"%s\"", cli->args[1]);
	if (!olm)
		for (id = IOPT_CHANNEL; id <= IOPT_APPROVAL; id++)
			if (cli_set(cli, id))
				die("--%s goes with --olm", opt_by_id(cli->tables, id)->name);
	if (wait && (kube_parse_timeout(cli_str(cli, WOPT_TIMEOUT), &timeout_ms, &err) || timeout_ms <= 0))
		die("--timeout: %s", err.len ? err.buf : "expected a positive duration such as 5m");
	if (wait && (client || (dry && !strcmp(dry, "server"))))
		die("--wait cannot be used with a dry run: nothing would become ready");
	if (operator_release_find(cli_str(cli, IOPT_VERSION), &in.rel, &err))
		die("%s", err.buf);
	in.image = cli_str(cli, IOPT_IMAGE);
	if (in.image && operator_check_image(in.image, &err))
		die("%s", err.buf);
	if (olm)
		return install_operator_olm(cli, o, in.rel, timeout_ms);
	in.allow_downgrade = cli_bool(cli, IOPT_ALLOW_DOWNGRADE);
	in.force = cli_bool(cli, WOPT_FORCE_CONFLICTS);
	in.dry_server = dry && !strcmp(dry, "server");
	in.wait = wait;
	in.timeout_ms = timeout_ms;
	in.ns = cli_str(cli, GOPT_NAMESPACE) ? cli_str(cli, GOPT_NAMESPACE) : "sail-operator";
	if (client) {
		operator_print_manifests(&in, o);
		return 0;
	}
	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	if (!cli_bool(cli, IOPT_SKIP_PRECHECK))
		install_precheck(s.api);
	if (operator_find(s.api, in.ns, &found, &err))
		die("%s", err.buf);
	in.why = olm_asked ? "--olm=false" : found.ns ? "as it is installed" : "no OLM on this cluster";
	if (!olm_asked && !found.ns) {
		if (operator_olm_missing(s.api, &missing, &err))
			die("%s", err.buf);
		if (!missing.len) {
			operator_found_release(&found);
			session_close(&s);
			fprintf(info, "OLM detected (its CRDs are served): installing through a Subscription (--olm=false for plain manifests)\n");
			return install_operator_olm(cli, o, in.rel, timeout_ms);
		}
	} else if (!olm_asked && found.csv) {
		fprintf(info, "The Sail Operator is installed by OLM (ClusterServiceVersion %s): keeping that path\n",
			found.csv);
		operator_found_release(&found);
		session_close(&s);
		return install_operator_olm(cli, o, in.rel, timeout_ms);
	}
	operator_install_manifests(s.api, &in, &found, o);
	operator_found_release(&found);
	session_close(&s);
	strbuf_release(&missing);
	strbuf_release(&err);
	return 0;
}
