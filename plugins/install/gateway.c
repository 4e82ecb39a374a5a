/*
 * The gateways of the multi-cluster models, rendered from our templates
 * (templates/<word>.jq) with the control plane's namespace, network,
 * revision and istiod host filled in, and
 * kubectl sail install east-west-gateway|expose-services|expose-istiod|
 * controlplane-gateway, which applies (or prints) one of them and, with
 * --wait, prints its Service's load-balancer address.
 */
#include "sail.h"
#include "commands.h"
#include "install/install.h"
#include "install/install_opts.h"
#include "api.h"
#include "apply.h"
#include "kubeconfig.h"
#include "output.h"
#include "session.h"
#include "template.h"

static const struct gateway_kind {
	const char *word;
	const char *service;	/* the LoadBalancer Service, or NULL */
	bool network;		/* needs --network */
} kinds[] = {
	{ "east-west-gateway", "istio-eastwestgateway", true },
	{ "expose-services", NULL, false },
	{ "expose-istiod", NULL, false },
	{ "controlplane-gateway", "istio-ingressgateway", false },
	{ "external-istiod-gateway", NULL, false },
};

static const struct gateway_kind *kind_of(const char *word)
{
	size_t i;

	for (i = 0; word && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].word, word))
			return &kinds[i];
	return NULL;
}

bool install_is_gateway(const char *word)
{
	return kind_of(word) != NULL;
}

const char *install_gateway_service(const char *word)
{
	const struct gateway_kind *k = kind_of(word);

	return k ? k->service : NULL;
}

char *install_istiod_host(const char *rev, const char *ns)
{
	if (!strcmp(rev, "default"))
		return xstrfmt("istiod.%s.svc.cluster.local", ns);
	return xstrfmt("istiod-%s.%s.svc.cluster.local", rev, ns);
}

int install_gateway_render(const char *word, const struct install_gateway *g,
			   const char *templates, struct val *docs,
			   struct strbuf *err)
{
	const struct gateway_kind *k = kind_of(word);
	struct val params = val_obj(), out;
	struct val_iter it;
	char *host;
	int ret;

	if (!k) {
		strbuf_addf(err, "unknown gateway \"%s\"", word);
		val_release(&params);
		return -1;
	}
	if (k->network && !g->network) {
		strbuf_addf(err, "%s needs --network (the gateway's network)", word);
		val_release(&params);
		return -1;
	}
	host = install_istiod_host(g->revision, g->ns);
	val_set_str(&params, "namespace", g->ns);
	val_set_str(&params, "revision", g->revision);
	val_set_str(&params, "istiodHost", host);
	if (g->network)
		val_set_str(&params, "network", g->network);
	free(host);
	ret = template_render(word, params, templates, &out, err);
	val_release(&params);
	if (ret)
		return -1;
	for (val_iter_init(&it, out); val_iter_next(&it); )
		val_push(docs, it.value);
	val_release(&out);
	return 0;
}

/* Istio's networking API must be served before its objects can be applied. */
int install_check_networking(struct api *a, struct strbuf *err)
{
	struct api_error e = API_ERROR_INIT;
	int ret = 0;

	if (api_request(a, "GET", "/apis/networking.istio.io/v1alpha3", NULL, NULL,
			val_absent(), NULL, &e)) {
		if (api_error_is(&e, "NotFound"))
			strbuf_addstr(err, "this cluster does not serve networking.istio.io (Istio's Gateway and VirtualService CRDs are not installed): install a control plane first (kubectl sail install) and try again");
		else
			api_error_render(&e, err);
		ret = -1;
	}
	api_error_release(&e);
	return ret;
}

/* The first load-balancer address (ip, else hostname) of a Service. */
static const char *lb_address(struct val svc)
{
	struct val ing = val_dig(svc, "status", "loadBalancer", "ingress", NULL);
	struct val first = val_at(ing, 0);
	const char *addr = val_get_str(first, "ip");

	if (!addr || !*addr)
		addr = val_get_str(first, "hostname");
	/* borrowed from svc: ing and first are references into it */
	val_release(&first);
	val_release(&ing);
	return addr && *addr ? addr : NULL;
}

int install_service_address(struct api *a, const char *ns, const char *name,
			    char **addr, struct strbuf *err)
{
	const struct rest_mapping *m = restmap_by_kind("v1", "Service");
	struct api_error e = API_ERROR_INIT;
	struct val svc;
	const char *got;

	if (api_get(a, m, ns, name, &svc, &e)) {
		api_error_render(&e, err);
		api_error_release(&e);
		return -1;
	}
	got = lb_address(svc);
	if (!got) {
		strbuf_addf(err, "service \"%s\" in namespace \"%s\" has no load-balancer address yet (status.loadBalancer.ingress is empty)",
			    name, ns);
		val_release(&svc);
		return -1;
	}
	*addr = xstrdup(got);
	val_release(&svc);
	return 0;
}

static int has_address(void *ctx, struct val obj, struct strbuf *why)
{
	(void)ctx;
	if (!val_exists(obj)) {
		strbuf_addstr(why, "the Service does not exist");
		return 0;
	}
	if (!lb_address(obj)) {
		strbuf_addstr(why, "no load-balancer address yet");
		return 0;
	}
	return 1;
}

void install_wait_address(struct api *a, const char *ns, const char *svc,
			  long timeout_ms, FILE *out)
{
	const struct rest_mapping *m = restmap_by_kind("v1", "Service");
	struct api_error e = API_ERROR_INIT;
	struct val last = val_absent();

	if (api_wait_for(a, m, ns, svc, has_address, NULL, timeout_ms, &last, &e)) {
		api_error_print(&e);
		exit(1);
	}
	fprintf(out, "%s\n", lb_address(last));
	fflush(out);
	val_release(&last);
}

/* --revision, else the active revision of --istio, else "default". */
static char *gateway_revision(struct cli *cli, bool client)
{
	const char *rev = cli_str(cli, IOPT_REVISION), *istio = cli_str(cli, IOPT_ISTIO);
	struct strbuf err = STRBUF_INIT;
	struct session s;
	struct api_error e = API_ERROR_INIT;
	struct val obj;
	const char *active;
	char *out;

	if (rev && istio)
		die("%s: give one of --revision and --istio", cli->args[0]);
	if (!istio)
		return xstrdup(rev ? rev : "default");
	if (client)
		die("%s --dry-run=client cannot find the active revision of Istio \"%s\" without a server: use --revision",
		    cli->args[0], istio);
	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	if (api_get(s.api, restmap_by_kind("sailoperator.io/v1", "Istio"), NULL, istio, &obj, &e)) {
		api_error_render(&e, &err);
		die("%s", err.buf);
	}
	active = val_dig_str(obj, "status", "activeRevisionName", NULL);
	if (active && *active)
		out = xstrdup(active);
	else
		out = install_revision_name(istio,
			val_dig_str(obj, "spec", "updateStrategy", "type", NULL),
			val_dig_str(obj, "spec", "version", NULL));
	val_release(&obj);
	session_close(&s);
	return out;
}

int install_gateways(struct cli *cli, struct output *o)
{
	const char *word = cli->args[0];
	const struct gateway_kind *k = kind_of(word);
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	bool client = dry && !strcmp(dry, "client"), server = dry && !strcmp(dry, "server");
	bool wait = cli_bool(cli, WOPT_WAIT);
	struct strbuf err = STRBUF_INIT;
	struct install_gateway g;
	struct val docs = val_arr();
	long timeout_ms = 0;
	char *rev;

	static const int allowed[] = { IOPT_NETWORK, IOPT_REVISION, IOPT_ISTIO, 0 };

	if (cli->nargs > 1)
		die("install %s takes no arguments, got \"%s\"", word, cli->args[1]);
	install_only_flags(cli, word, allowed, "--network, --revision, --istio, -n, --wait and --timeout");
	if (wait && !k->service)
		die("--wait: %s makes no Service to wait for", word);
	if (wait && (client || server))
		die("--wait cannot be used with a dry run");
	if (wait && kube_parse_timeout(cli_str(cli, WOPT_TIMEOUT), &timeout_ms, &err))
		die("--timeout: %s", err.buf);
	rev = gateway_revision(cli, client);
	g.ns = cli_str(cli, GOPT_NAMESPACE) ? cli_str(cli, GOPT_NAMESPACE) : "istio-system";
	g.network = cli_str(cli, IOPT_NETWORK);
	g.revision = rev;
	if (install_gateway_render(word, &g, cli_str(cli, OOPT_TEMPLATES), &docs, &err))
		die("%s", err.buf);
	template_cache_clear();

	if (client) {
		o->dry_run = OUTPUT_DRY_RUN_CLIENT;
		o->verb = "serverside-applied";
		if (o->format == OUTPUT_DEFAULT || o->format == OUTPUT_WIDE) {
			struct val_iter it;

			for (val_iter_init(&it, docs); val_iter_next(&it); )
				if (output_print(o, it.value, stdout, &err))
					die("%s", err.buf);
		} else if (apply_print(o, docs, stdout, &err)) {
			die("%s", err.buf);
		}
	} else {
		struct session s;
		struct apply_opts ao = { .force = cli_bool(cli, WOPT_FORCE_CONFLICTS),
					 .dry_run = server, .ns = g.ns };

		if (session_open(&s, cli, &err))
			die("%s", err.buf);
		if (!k->service && install_check_networking(s.api, &err))
			die("%s", err.buf);
		if (apply_docs(s.api, docs, &ao, o, stdout, NULL, &err)) {
			fprintf(stderr, "%s\n", err.buf);
			exit(1);
		}
		fflush(stdout);
		if (wait)
			install_wait_address(s.api, g.ns, k->service, timeout_ms, stdout);
		session_close(&s);
	}
	free(rev);
	val_release(&docs);
	strbuf_release(&err);
	return 0;
}
