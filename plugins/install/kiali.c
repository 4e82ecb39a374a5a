/*
 * kubectl sail install kiali --istio NAME: the Kiali resource of the Sail
 * docs' Addons section with the names derived from the Istio's active
 * revision filled in (the docs ask the reader to replace "test" by hand).
 */
#include "sail.h"
#include "commands.h"
#include "install/install.h"
#include "install/install_opts.h"
#include "api.h"
#include "apply.h"
#include "output.h"
#include "session.h"
#include "template.h"

/* BASE for the revision "default", BASE-REV otherwise (the charts' names). */
static char *rev_name(const char *base, const char *rev)
{
	if (!strcmp(rev, "default"))
		return xstrdup(base);
	return xstrfmt("%s-%s", base, rev);
}

int install_kiali_render(const char *rev, const char *istio_ns, const char *ns,
			 const char *prometheus, const char *templates,
			 struct val *out, struct strbuf *err)
{
	struct val params = val_obj(), docs;
	char *cm = rev_name("istio", rev), *inj = rev_name("istio-sidecar-injector", rev);
	char *istiod = rev_name("istiod", rev);
	int ret;

	val_set_str(&params, "namespace", ns);
	val_set_str(&params, "istioNamespace", istio_ns);
	val_set_str(&params, "configMap", cm);
	val_set_str(&params, "injectorConfigMap", inj);
	val_set_str(&params, "deployment", istiod);
	val_set_str(&params, "service", istiod);
	if (prometheus)
		val_set_str(&params, "prometheusUrl", prometheus);
	free(cm);
	free(inj);
	free(istiod);
	ret = template_render("kiali", params, templates, &docs, err);
	val_release(&params);
	if (ret)
		return -1;
	*out = val_at(docs, 0);
	val_release(&docs);
	return 0;
}

static int need(int rc, struct api_error *e, struct strbuf *err)
{
	if (rc) {
		api_error_render(e, err);
		api_error_release(e);
	}
	return rc;
}

int install_kiali(struct cli *cli, struct output *o)
{
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	bool client = dry && !strcmp(dry, "client"), server = dry && !strcmp(dry, "server");
	const char *istio = cli_str(cli, IOPT_ISTIO), *rev = cli_str(cli, IOPT_REVISION);
	const char *ns = cli_str(cli, GOPT_NAMESPACE) ? cli_str(cli, GOPT_NAMESPACE) : "istio-system";
	const char *istio_ns = ns;
	struct strbuf err = STRBUF_INIT;
	struct api_error e = API_ERROR_INIT;
	struct session s;
	struct val obj = val_absent(), kiali;
	char *revision;

	static const int allowed[] = { IOPT_ISTIO, IOPT_REVISION, IOPT_PROMETHEUS_URL, 0 };

	if (cli->nargs > 1)
		die("install kiali takes no arguments, got \"%s\"", cli->args[1]);
	install_only_flags(cli, "kiali", allowed, "--istio, --revision, --prometheus-url and -n");
	if (!!istio + !!rev != 1)
		die("install kiali: give one of --istio NAME and --revision REV");
	if (cli_bool(cli, WOPT_WAIT))
		die("--wait: install kiali has nothing to wait for");
	/* --istio reads the Istio even for a client dry run: the names need
	 * its active revision */
	if ((istio || !client) && session_open(&s, cli, &err))
		die("%s", err.buf);
	if (istio) {
		const char *active;

		if (need(api_get(s.api, restmap_by_kind("sailoperator.io/v1", "Istio"), NULL,
				 istio, &obj, &e), &e, &err))
			die("%s", err.buf);
		active = val_dig_str(obj, "status", "activeRevisionName", NULL);
		revision = active && *active ? xstrdup(active) :
			install_revision_name(istio,
				val_dig_str(obj, "spec", "updateStrategy", "type", NULL),
				val_dig_str(obj, "spec", "version", NULL));
		if (val_dig_str(obj, "spec", "namespace", NULL))
			istio_ns = val_dig_str(obj, "spec", "namespace", NULL);
	} else {
		revision = xstrdup(rev);
	}
	if (install_kiali_render(revision, istio_ns, ns, cli_str(cli, IOPT_PROMETHEUS_URL),
				 cli_str(cli, OOPT_TEMPLATES), &kiali, &err))
		die("%s", err.buf);
	template_cache_clear();
	o->verb = "serverside-applied";
	if (client) {
		o->dry_run = OUTPUT_DRY_RUN_CLIENT;
		if (output_print(o, kiali, stdout, &err))
			die("%s", err.buf);
		if (istio)
			session_close(&s);
	} else {
		struct api_apply_opts ao = {
			.force = cli_bool(cli, WOPT_FORCE_CONFLICTS), .dry_run = server,
		};

		if (api_request(s.api, "GET", "/apis/kiali.io/v1alpha1", NULL, NULL,
				val_absent(), NULL, &e)) {
			if (api_error_is(&e, "NotFound"))
				die("this cluster does not serve kiali.io/v1alpha1 (the Kiali operator is not installed): install it first, or print the resource with --dry-run=client -o yaml");
			need(-1, &e, &err);
			die("%s", err.buf);
		}
		if (apply_one(s.api, restmap_by_kind("kiali.io/v1alpha1", "Kiali"), ns, kiali,
			      &ao, o, stdout, &err))
			die("%s", err.buf);
		session_close(&s);
	}
	free(revision);
	val_release(&obj);
	val_release(&kiali);
	strbuf_release(&err);
	return 0;
}
