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

/*
 * Does an Istio with this spec discover this cluster's namespaces? A
 * remote profile runs no istiod here, and an external control plane's
 * istiod (LOCAL_CLUSTER_SECRET_WATCHER) discovers its config cluster's.
 */
static bool discovers_here(struct val spec)
{
	const char *profile = val_get_str(spec, "profile");
	const char *ext = val_dig_str(spec, "values", "pilot", "env",
				      "LOCAL_CLUSTER_SECRET_WATCHER", NULL);

	return !(profile && !strcmp(profile, "remote")) && !(ext && !strcmp(ext, "true"));
}

/* "mesh=mesh1" for matchLabels, the JSON otherwise; "none" when empty. */
static void describe_selectors(struct val sel, struct strbuf *out)
{
	struct val_iter i, j;

	if (!val_len(sel)) {
		strbuf_addstr(out, "no discovery selectors: every namespace");
		return;
	}
	strbuf_addstr(out, "selectors ");
	for (val_iter_init(&i, sel); val_iter_next(&i); ) {
		struct val ml = val_get(i.value, "matchLabels");

		if (i.index)
			strbuf_addstr(out, " or ");
		if (val_len(ml) && val_len(i.value) == 1) {
			size_t n = 0;

			for (val_iter_init(&j, ml); val_iter_next(&j); )
				strbuf_addf(out, "%s%s=%s", n++ ? "," : "", j.key,
					    val_str_get(j.value) ?: "?");
		} else {
			val_to_json(i.value, out, 0);
		}
		val_release(&ml);
	}
}

/* Meshes on one cluster must not discover the same namespaces: name every
 * Istio this one would overlap, and how to fix it, in one error. */
int install_check_selectors(struct api *a, const struct install_plan *p,
			    struct strbuf *err)
{
	struct api_error e = API_ERROR_INIT;
	struct strbuf who = STRBUF_INIT;
	struct val items, spec = val_get(p->istio, "spec");
	struct val_iter it;
	const char *open_one = NULL;	/* an overlapped Istio without selectors */
	const char *open_ns = NULL;
	size_t n = 0;
	int ret = 0;

	if (!discovers_here(spec)) {
		val_release(&spec);
		return 0;
	}
	if (api_list_all(a, restmap_by_kind("sailoperator.io/v1", "Istio"), NULL, NULL,
			 &items, NULL, &e)) {
		/* not served: no other mesh (the apply says what is missing) */
		bool none = api_error_is(&e, "NotFound");

		if (!none)
			api_error_render(&e, err);
		api_error_release(&e);
		val_release(&spec);
		return none ? 0 : -1;
	}
	for (val_iter_init(&it, items); val_iter_next(&it); ) {
		const char *name = val_dig_str(it.value, "metadata", "name", NULL);
		struct val ospec = val_get(it.value, "spec");
		struct val other = val_dig(ospec, "values", "meshConfig",
					   "discoverySelectors", NULL);
		struct val gone = val_dig(it.value, "metadata", "deletionTimestamp", NULL);

		if (name && strcmp(name, p->istio_name) && !val_exists(gone) &&
		    discovers_here(ospec) && install_selectors_overlap(p->selectors, other)) {
			strbuf_addf(&who, "%sIstio \"%s\" (namespace %s, ", n ? ", " : "", name,
				    val_get_str(ospec, "namespace") ?: "?");
			describe_selectors(other, &who);
			strbuf_addch(&who, ')');
			if (!val_len(other) && !open_one) {
				open_one = name;
				open_ns = val_get_str(ospec, "namespace");
			}
			n++;
		}
		val_release(&gone);
		val_release(&other);
		val_release(&ospec);
	}
	if (n) {
		strbuf_addf(err, "Istio \"%s\" would discover the same namespaces as %s; the meshes of one cluster must not overlap: ",
			    p->istio_name, who.buf);
		if (!val_len(p->selectors))
			strbuf_addstr(err, "without discovery selectors it discovers every namespace; give it --discovery-selector KEY=VALUE with a label only its own namespaces carry");
		else if (open_one)
			strbuf_addf(err, "give Istio \"%s\" discovery selectors first (kubectl sail install %s -n %s --discovery-selector KEY=VALUE), then install this one",
				    open_one, open_one, open_ns ?: "istio-system");
		else
			strbuf_addstr(err, "choose a --discovery-selector that none of their namespaces can match");
		ret = -1;
	}
	strbuf_release(&who);
	/* borrowed strings above point into items: release it last */
	val_release(&items);
	val_release(&spec);
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
