/*
 * kubectl sail install waypoint [NAME] -n NS [--for TYPE]
 * [--enroll-namespace] [--wait]: the waypoint Gateway of ambient mode
 * (spec ambient.md §5), refused with the missing CRDs named when the
 * cluster does not serve the Gateway API (§6).
 */
#include "sail.h"
#include "commands.h"
#include "install/install.h"
#include "install/install_opts.h"
#include "api.h"
#include "apply.h"
#include "names.h"
#include "output.h"
#include "session.h"
#include "template.h"

/* What a waypoint needs from the Gateway API (resource names in v1). */
static const char *const waypoint_crds[] = { "gatewayclasses", "gateways", NULL };

int install_gateway_api_missing(struct api *a, const char *const *resources,
				struct strbuf *missing, struct strbuf *err)
{
	struct api_error e = API_ERROR_INIT;
	struct val list = val_absent(), res;
	const char *const *r;

	if (api_request(a, "GET", "/apis/" INSTALL_GATEWAY_GROUP "/v1", NULL, NULL,
			val_absent(), &list, &e)) {
		if (!api_error_is(&e, "NotFound")) {
			api_error_render(&e, err);
			api_error_release(&e);
			return -1;
		}
		api_error_release(&e);
	}
	res = val_get(list, "resources");
	for (r = resources; *r; r++) {
		struct val_iter it;
		bool found = false;

		for (val_iter_init(&it, res); !found && val_iter_next(&it); )
			found = !strcmp(val_get_str(it.value, "name") ?: "", *r);
		if (!found)
			strbuf_addf(missing, "%s%s." INSTALL_GATEWAY_GROUP,
				    missing->len ? ", " : "", *r);
	}
	val_release(&res);
	val_release(&list);
	return 0;
}

int install_waypoint_render(const char *name, const char *ns, const char *for_,
			    const char *templates, struct val *out, struct strbuf *err)
{
	struct val params = val_obj(), docs;
	int ret;

	if (!dns1123_label(name)) {
		strbuf_addf(err, "waypoint name \"%s\" is not a DNS label (lower-case letters, digits and '-', at most 63, starting and ending with a letter or digit)", name);
		val_release(&params);
		return -1;
	}
	val_set_str(&params, "name", name);
	val_set_str(&params, "namespace", ns);
	val_set_str(&params, "for", for_ ? for_ : "service");
	ret = template_render("waypoint", params, templates, &docs, err);
	val_release(&params);
	if (ret)
		return -1;
	*out = val_at(docs, 0);
	val_release(&docs);
	return 0;
}

struct programmed {
	const char *name;
};

/* istioctl waypoint apply --wait polls exactly this (spec §7). */
static int is_programmed(void *ctx, struct val obj, struct strbuf *why)
{
	(void)ctx;
	if (!val_exists(obj)) {
		strbuf_addstr(why, "it was deleted");
		return -1;
	}
	if (api_condition_met(obj, "Programmed", "True", NULL))
		return 1;
	api_conditions_describe(obj, why);
	if (!why->len)
		strbuf_addstr(why, "no Programmed condition yet: is istiod running with ambient enabled?");
	return 0;
}

int install_waypoint(struct cli *cli, struct output *o)
{
	static const int allowed[] = { IOPT_FOR, IOPT_ENROLL_NAMESPACE, 0 };
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	bool client = dry && !strcmp(dry, "client"), server = dry && !strcmp(dry, "server");
	bool enroll = cli_bool(cli, IOPT_ENROLL_NAMESPACE), wait = cli_bool(cli, WOPT_WAIT);
	const char *name = cli->nargs > 1 ? cli->args[1] : "waypoint";
	const char *ns = cli_str(cli, GOPT_NAMESPACE);
	struct strbuf err = STRBUF_INIT, missing = STRBUF_INIT;
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *mg, *mns;
	struct val gw = val_absent(), ns_obj = val_absent();
	struct session s;
	long timeout_ms = 0;

	install_only_flags(cli, "waypoint", allowed, "--for, --enroll-namespace, -n, --wait and --timeout");
	if (cli->nargs > 2)
		die("install waypoint: expected at most one NAME, got %zu", cli->nargs - 1);
	if (wait && (client || server))
		die("--wait cannot be used with a dry run: nothing would become ready");
	if (wait && (kube_parse_timeout(cli_str(cli, WOPT_TIMEOUT), &timeout_ms, &err) || timeout_ms <= 0))
		die("--timeout: %s", err.len ? err.buf : "expected a positive duration such as 5m");
	if (client) {
		if (install_waypoint_render(name, ns ? ns : "default", cli_str(cli, IOPT_FOR),
					    cli_str(cli, OOPT_TEMPLATES), &gw, &err))
			die("%s", err.buf);
		template_cache_clear();
		o->dry_run = OUTPUT_DRY_RUN_CLIENT;
		o->verb = "serverside-applied";
		if (output_print(o, gw, stdout, &err))
			die("%s", err.buf);
		val_release(&gw);
		return 0;
	}
	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	if (!ns)
		ns = s.cfg.namespace ? s.cfg.namespace : "default";
	if (install_waypoint_render(name, ns, cli_str(cli, IOPT_FOR), cli_str(cli, OOPT_TEMPLATES),
				    &gw, &err))
		die("%s", err.buf);
	template_cache_clear();
	if (install_gateway_api_missing(s.api, waypoint_crds, &missing, &err))
		die("%s", err.buf);
	if (missing.len)
		die("a waypoint is a Gateway API Gateway, and this cluster lacks the CRDs %s: kubectl sail install gateway-api",
		    missing.buf);
	if (api_resolve_kind(s.api, INSTALL_GATEWAY_GROUP "/v1", "Gateway", &mg, &e) ||
	    api_resolve_kind(s.api, "v1", "Namespace", &mns, &e) ||
	    api_get_optional(s.api, mns, NULL, ns, &ns_obj, &e)) {
		api_error_render(&e, &err);
		die("%s", err.buf);
	}
	if (!val_exists(ns_obj))
		die("namespace \"%s\" not found", ns);
	{
		struct api_apply_opts ao = { .force = cli_bool(cli, WOPT_FORCE_CONFLICTS), .dry_run = server };

		if (apply_one(s.api, mg, ns, gw, &ao, o, stdout, &err))
			die("%s", err.buf);
	}
	if (enroll) {
		struct val labels = val_obj();

		val_set_str(&labels, INSTALL_LABEL_USE_WAYPOINT, name);
		if (apply_label(s.api, mns, NULL, ns, labels, server, o, stdout, &err))
			die("%s", err.buf);
		val_release(&labels);
	}
	if (wait) {
		struct programmed p = { name };

		if (api_wait_for(s.api, mg, ns, name, is_programmed, &p, timeout_ms, NULL, &e)) {
			api_error_render(&e, &err);
			fprintf(stderr, "%s\n", err.buf);
			exit(1);
		}
		printf("gateway.gateway.networking.k8s.io/%s condition met\n", name);
	}
	val_release(&gw);
	val_release(&ns_obj);
	strbuf_release(&missing);
	strbuf_release(&err);
	session_close(&s);
	return 0;
}
