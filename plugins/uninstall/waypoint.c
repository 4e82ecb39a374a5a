/*
 * kubectl sail uninstall waypoint [NAME] -n NS: first the labels that
 * route traffic through the waypoint (istio.io/use-waypoint=NAME on its
 * namespace and Services, and on namespaces that name NS as
 * istio.io/use-waypoint-namespace), then the Gateway; istiod's garbage
 * collection removes its Deployment and Service (spec ambient.md §5, §9).
 */
#include "sail.h"
#include "commands.h"
#include "install/install.h"
#include "uninstall/uninstall.h"
#include "uninstall/uninstall_opts.h"
#include "api.h"
#include "output.h"
#include "session.h"

/* Everything labelled with use-waypoint=NAME that routes to NS/NAME. */
struct wp_label {
	const struct rest_mapping *m;
	char *ns;		/* NULL: cluster scoped */
	char *name;
};

static void collect(struct api *a, const struct rest_mapping *m, const char *ns,
		    const char *selector, const char *wp_ns, bool same_ns,
		    struct wp_label **out, size_t *nr, size_t *alloc)
{
	struct api_list_opts lo = { .label_selector = selector, .metadata_only = true };
	struct api_error e = API_ERROR_INIT;
	struct strbuf err = STRBUF_INIT;
	struct val items = val_absent();
	struct val_iter it;

	if (api_list_all(a, m, ns, &lo, &items, NULL, &e)) {
		api_error_render(&e, &err);
		die("%s", err.buf);
	}
	for (val_iter_init(&it, items); val_iter_next(&it); ) {
		const char *other = val_dig_str(it.value, "metadata", "labels",
						INSTALL_LABEL_USE_WAYPOINT_NS, NULL);
		const char *ons = val_dig_str(it.value, "metadata", "namespace", NULL);
		const char *n = val_dig_str(it.value, "metadata", "name", NULL);
		const char *home = ons ? ons : n;	/* a namespace's own name */

		/* without use-waypoint-namespace the waypoint is looked up in
		 * the object's own namespace */
		if (other ? strcmp(other, wp_ns) : (!same_ns || strcmp(home, wp_ns)))
			continue;
		ALLOC_GROW(*out, *nr + 1, *alloc);
		(*out)[*nr].m = m;
		(*out)[*nr].ns = ons ? xstrdup(ons) : NULL;
		(*out)[*nr].name = xstrdup(n);
		(*nr)++;
	}
	val_release(&items);
}

int uninstall_waypoint(struct cli *cli)
{
	static const char *const need[] = { "gateways", NULL };
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	bool client = dry && !strcmp(dry, "client"), server = dry && !strcmp(dry, "server");
	const char *name = cli->nargs > 1 ? cli->args[1] : "waypoint";
	struct strbuf err = STRBUF_INIT, missing = STRBUF_INIT, sel = STRBUF_INIT;
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *mg, *mns, *msvc;
	struct wp_label *labels = NULL;
	size_t nr = 0, alloc = 0, i;
	struct val gw = val_absent();
	struct session s;
	const char *ns;
	int id;

	for (id = UOPT_ALL; id <= UOPT_FORCE; id++)
		if (cli_set(cli, id))
			die("uninstall waypoint takes NAME, -n and --dry-run only");
	if (cli->nargs > 2)
		die("uninstall waypoint: expected at most one NAME, got %zu", cli->nargs - 1);
	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	ns = cli_str(cli, GOPT_NAMESPACE) ?: s.cfg.namespace ?: "default";
	if (install_gateway_api_missing(s.api, need, &missing, &err))
		die("%s", err.buf);
	if (missing.len)
		die("this cluster lacks the CRDs %s: there is no waypoint to remove", missing.buf);
	if (api_resolve_kind(s.api, INSTALL_GATEWAY_GROUP "/v1", "Gateway", &mg, &e) ||
	    api_resolve_kind(s.api, "v1", "Namespace", &mns, &e) ||
	    api_resolve_kind(s.api, "v1", "Service", &msvc, &e) ||
	    api_get_optional(s.api, mg, ns, name, &gw, &e)) {
		api_error_render(&e, &err);
		die("%s", err.buf);
	}
	if (val_exists(gw) && strcmp(val_dig_str(gw, "spec", "gatewayClassName", NULL) ?: "",
				     "istio-waypoint"))
		die("gateway \"%s\" in %s has gatewayClassName %s: it is not a waypoint",
		    name, ns, val_dig_str(gw, "spec", "gatewayClassName", NULL) ?: "(none)");
	strbuf_addf(&sel, "%s=%s", INSTALL_LABEL_USE_WAYPOINT, name);
	collect(s.api, mns, NULL, sel.buf, ns, true, &labels, &nr, &alloc);
	collect(s.api, msvc, NULL, sel.buf, ns, true, &labels, &nr, &alloc);
	if (!val_exists(gw) && !nr)
		fprintf(stderr, "nothing left to uninstall\n");

	for (i = 0; i < nr; i++) {
		struct val patch = val_obj(), md = val_obj(), l = val_obj();
		const char *kind = labels[i].m == mns ? "namespace" : "service";

		val_set_take(&l, INSTALL_LABEL_USE_WAYPOINT, val_null());
		val_set_take(&l, INSTALL_LABEL_USE_WAYPOINT_NS, val_null());
		val_set_take(&md, "labels", l);
		val_set_take(&patch, "metadata", md);
		if (!client && api_patch(s.api, labels[i].m, labels[i].ns, labels[i].name,
					 API_PATCH_MERGE, patch, NULL, server, NULL, &e)) {
			api_error_render(&e, &err);
			die("%s", err.buf);
		}
		printf("%s/%s unlabeled%s\n", kind, labels[i].name,
		       client ? " (dry run)" : server ? " (server dry run)" : "");
		val_release(&patch);
		free(labels[i].ns);
		free(labels[i].name);
	}
	if (val_exists(gw)) {
		if (!client && api_delete(s.api, mg, ns, name, "Background", server, NULL, &e)) {
			api_error_render(&e, &err);
			die("%s", err.buf);
		}
		printf("gateway.gateway.networking.k8s.io \"%s\" deleted%s\n", name,
		       client ? " (dry run)" : server ? " (server dry run)" : "");
	}
	free(labels);
	val_release(&gw);
	strbuf_release(&sel);
	strbuf_release(&missing);
	strbuf_release(&err);
	session_close(&s);
	return 0;
}
