/*
 * kubectl sail install: the checks only a server can answer for the
 * topology flags (see install.h), and --primary-context's reading of the
 * primary cluster.
 */
#include "sail.h"
#include "commands.h"
#include "install/install.h"
#include "install/install_opts.h"
#include "api.h"
#include "session.h"

bool install_has_networking_docs(struct val docs)
{
	struct val_iter it;

	for (val_iter_init(&it, docs); val_iter_next(&it); ) {
		const char *av = val_get_str(it.value, "apiVersion");

		if (av && !strncmp(av, "networking.istio.io/", 20))
			return true;
	}
	return false;
}

/* Meshes on one cluster must not discover the same namespaces. */
int install_check_selectors(struct api *a, const struct install_plan *p,
			    struct strbuf *err)
{
	struct api_error e = API_ERROR_INIT;
	struct val items;
	struct val_iter it;
	int ret = 0;

	if (api_list_all(a, restmap_by_kind("sailoperator.io/v1", "Istio"), NULL, NULL,
			 &items, NULL, &e)) {
		api_error_render(&e, err);
		api_error_release(&e);
		return -1;
	}
	for (val_iter_init(&it, items); !ret && val_iter_next(&it); ) {
		const char *n = val_dig_str(it.value, "metadata", "name", NULL);
		struct val other = val_dig(it.value, "spec", "values", "meshConfig",
					   "discoverySelectors", NULL);

		if (n && strcmp(n, p->istio_name) && install_selectors_overlap(p->selectors, other)) {
			strbuf_addf(err, "--discovery-selector: Istio \"%s\" (namespace %s) would discover the same namespaces (%s); the meshes of one cluster must not overlap",
				    n, val_dig_str(it.value, "spec", "namespace", NULL) ?: "?",
				    val_len(other) ? "its discovery selectors overlap these"
						   : "it has no discovery selectors, so it selects every namespace");
			ret = -1;
		}
		val_release(&other);
	}
	val_release(&items);
	return ret;
}

/* --dual-stack: can this cluster give a Service both address families? */
int install_check_dual_stack(struct api *a, struct strbuf *err)
{
	struct api_error e = API_ERROR_INIT;
	struct val svc = val_obj(), md = val_obj(), spec = val_obj(), ports = val_arr();
	struct val port = val_obj();
	int ret = 0;

	val_set_str(&svc, "apiVersion", "v1");
	val_set_str(&svc, "kind", "Service");
	val_set_str(&md, "name", "kubectl-sail-dual-stack-check");
	val_set_take(&svc, "metadata", md);
	val_set_str(&spec, "ipFamilyPolicy", "RequireDualStack");
	val_set_num(&port, "port", 80);
	val_push_take(&ports, port);
	val_set_take(&spec, "ports", ports);
	val_set_take(&svc, "spec", spec);
	if (api_create(a, restmap_by_kind("v1", "Service"), "default", svc, true, NULL, &e)) {
		struct strbuf why = STRBUF_INIT;

		api_error_render(&e, &why);
		strbuf_addf(err, "--dual-stack: this cluster is not dual-stack (a server-side dry run of a RequireDualStack Service was refused: %s)",
			    why.buf);
		strbuf_release(&why);
		ret = -1;
	}
	api_error_release(&e);
	val_release(&svc);
	return ret;
}

/*
 * --primary-context: the primary's east-west gateway address (its
 * Service's load-balancer address, written by a cloud controller) and
 * the cluster name of its Istio in the same namespace.
 */
void install_read_primary(struct cli *cli, const char *ns, char **addr,
			  char **cluster)
{
	const char *ctx = cli_str(cli, IOPT_PRIMARY_CONTEXT);
	struct strbuf err = STRBUF_INIT;
	struct api_error e = API_ERROR_INIT;
	struct session s;
	struct val items;
	struct val_iter it;

	*cluster = NULL;
	if (session_open_context(&s, cli, ctx, &err))
		die("--primary-context %s: %s", ctx, err.buf);
	if (install_service_address(s.api, ns, "istio-eastwestgateway", addr, &err))
		die("--primary-context %s: %s (install it there with 'kubectl sail install east-west-gateway --network NETWORK --wait')",
		    ctx, err.buf);
	if (api_list_all(s.api, restmap_by_kind("sailoperator.io/v1", "Istio"), NULL, NULL, &items, NULL, &e)) {
		api_error_render(&e, &err);
		die("--primary-context %s: %s", ctx, err.buf);
	}
	for (val_iter_init(&it, items); !*cluster && val_iter_next(&it); ) {
		const char *n = val_dig_str(it.value, "spec", "namespace", NULL);
		const char *c = val_dig_str(it.value, "spec", "values", "global",
					    "multiCluster", "clusterName", NULL);

		if (n && c && !strcmp(n, ns))
			*cluster = xstrdup(c);
	}
	val_release(&items);
	session_close(&s);
	strbuf_release(&err);
}
