/*
 * kubectl sail status, ambient mode (spec ambient.md §4, §5, §7): the
 * namespaces enrolled in the ambient data plane (their waypoint, and how
 * many of their pods the CNI redirected), the waypoint Gateways with
 * their Programmed condition, and ztunnel and waypoint pods running
 * another image than their controller (or revision) gives now.
 *
 * Reads: namespaces by label istio.io/dataplane-mode=ambient, their pods
 * as metadata; Gateways (when the Gateway API is served); the ztunnel
 * DaemonSet and pods; each waypoint's pods. Ambient meshes are read only
 * where the ambient labels or a ZTunnel say there is one.
 */
#include "sail.h"
#include "status/status.h"
#include "api.h"
#include "workload.h"

#define ANN_REDIRECTION "ambient.istio.io/redirection"
#define LABEL_DATAPLANE "istio.io/dataplane-mode"
#define LABEL_USE_WAYPOINT "istio.io/use-waypoint"
#define LABEL_USE_WAYPOINT_NS "istio.io/use-waypoint-namespace"
#define LABEL_GATEWAY_NAME "gateway.networking.k8s.io/gateway-name"

static bool optional_error(struct api_error *e)
{
	if (e->kind == API_ERR_MAPPING || api_error_is(e, "NotFound") ||
	    api_error_is(e, "Forbidden")) {
		api_error_release(e);
		return true;
	}
	return false;
}

static int list(struct api *a, const char *av, const char *kind, const char *ns,
		const char *selector, bool meta, struct val *out, struct api_error *e)
{
	const struct rest_mapping *m;
	struct api_list_opts lo = { .label_selector = selector, .metadata_only = meta };

	*out = val_absent();
	if (!api_resolve_kind(a, av, kind, &m, e) &&
	    !api_list_all(a, m, ns, &lo, out, NULL, e))
		return 0;
	val_release(out);
	*out = val_arr();
	return optional_error(e) ? 0 : -1;
}

/* An image of a container named name in the pod (or template) spec. */
static const char *image_of(struct val spec, const char *name)
{
	static const char *const lists[] = { "containers", "initContainers", NULL };
	const char *img = NULL;
	size_t k;

	for (k = 0; lists[k] && !img; k++) {
		struct val cs = val_get(spec, lists[k]);
		struct val_iter it;

		for (val_iter_init(&it, cs); val_iter_next(&it) && !img; )
			if (!name || !strcmp(val_get_str(it.value, "name") ?: "", name))
				img = val_get_str(it.value, "image");
		val_release(&cs);
	}
	return img;	/* borrowed from spec */
}

/* The pods (full objects) whose container differs from want: names into
 * *stale (an array). */
static void stale_pods(struct val pods, const char *container, const char *want,
		       struct val *stale)
{
	struct val_iter it;

	for (val_iter_init(&it, pods); val_iter_next(&it); ) {
		struct val spec = val_get(it.value, "spec");
		const char *img = image_of(spec, container);

		if (want && img && strcmp(img, want))
			val_push_str(stale, val_dig_str(it.value, "metadata", "name", NULL));
		val_release(&spec);
	}
}

static int ambient_namespaces(struct api *a, struct val *out, struct api_error *e)
{
	struct val nss;
	struct val_iter it;

	*out = val_arr();
	if (list(a, "v1", "Namespace", NULL, LABEL_DATAPLANE "=ambient", true, &nss, e))
		return -1;
	for (val_iter_init(&it, nss); val_iter_next(&it); ) {
		const char *ns = val_dig_str(it.value, "metadata", "name", NULL);
		const char *wp = val_dig_str(it.value, "metadata", "labels", LABEL_USE_WAYPOINT, NULL);
		const char *wpns = val_dig_str(it.value, "metadata", "labels", LABEL_USE_WAYPOINT_NS, NULL);
		struct val pods, entry = val_obj();
		struct val_iter pt;
		long total = 0, redirected = 0, pending = 0, sidecars = 0, optout = 0;

		if (list(a, "v1", "Pod", ns, NULL, true, &pods, e)) {
			val_release(&nss);
			val_release(&entry);
			return -1;
		}
		for (val_iter_init(&pt, pods); val_iter_next(&pt); ) {
			struct val ann = val_dig(pt.value, "metadata", "annotations", NULL);
			const char *r = val_get_str(ann, ANN_REDIRECTION);
			const char *mode = val_dig_str(pt.value, "metadata", "labels", LABEL_DATAPLANE, NULL);

			total++;
			if (workload_meshed(ann))
				sidecars++;
			else if (mode && !strcmp(mode, "none"))
				optout++;
			else if (r && !strcmp(r, "enabled"))
				redirected++;
			else if (r && !strcmp(r, "pending"))
				pending++;
			val_release(&ann);
		}
		val_set_str(&entry, "name", ns);
		val_set_take(&entry, "waypoint", wp ? val_str(wp) : val_null());
		val_set_take(&entry, "waypointNamespace", wp ? val_str(wpns ? wpns : ns) : val_null());
		val_set_num(&entry, "pods", (double)total);
		val_set_num(&entry, "redirected", (double)redirected);
		val_set_num(&entry, "pending", (double)pending);
		val_set_num(&entry, "notRedirected", (double)(total - redirected - pending - sidecars - optout));
		val_set_num(&entry, "sidecars", (double)sidecars);
		val_set_num(&entry, "optedOut", (double)optout);
		val_push_take(out, entry);
		val_release(&pods);
	}
	val_release(&nss);
	return 0;
}

static int waypoints(struct api *a, struct val images, struct val *out, struct api_error *e)
{
	struct val gws;
	struct val_iter it;

	*out = val_arr();
	if (list(a, "gateway.networking.k8s.io/v1", "Gateway", NULL, NULL, false, &gws, e))
		return -1;
	for (val_iter_init(&it, gws); val_iter_next(&it); ) {
		const char *cls = val_dig_str(it.value, "spec", "gatewayClassName", NULL);
		const char *ns = val_dig_str(it.value, "metadata", "namespace", NULL);
		const char *name = val_dig_str(it.value, "metadata", "name", NULL);
		const char *wfor = val_dig_str(it.value, "metadata", "labels", "istio.io/waypoint-for", NULL);
		struct val entry = val_obj(), pods, stale = val_arr(), conds, cond = val_absent();
		struct val_iter ct, pt;
		struct strbuf sel = STRBUF_INIT;

		if (!cls || strcmp(cls, "istio-waypoint") || !ns || !name)
			continue;
		val_set_str(&entry, "namespace", ns);
		val_set_str(&entry, "name", name);
		val_set_str(&entry, "for", wfor ? wfor : "service");
		conds = val_dig(it.value, "status", "conditions", NULL);
		for (val_iter_init(&ct, conds); val_iter_next(&ct); )
			if (!strcmp(val_get_str(ct.value, "type") ?: "", "Programmed"))
				cond = val_copy(ct.value);
		val_set_bool(&entry, "programmed",
			     !strcmp(val_get_str(cond, "status") ?: "", "True"));
		val_set_take(&entry, "reason", val_get_str(cond, "reason") ?
			     val_str(val_get_str(cond, "reason")) : val_null());
		val_set_take(&entry, "message", val_get_str(cond, "message") ?
			     val_str(val_get_str(cond, "message")) : val_null());
		/* its pods against the image its revision's injector gives now */
		strbuf_addf(&sel, "%s=%s", LABEL_GATEWAY_NAME, name);
		if (list(a, "v1", "Pod", ns, sel.buf, false, &pods, e)) {
			strbuf_release(&sel);
			val_release(&entry);
			val_release(&conds);
			val_release(&cond);
			val_release(&stale);
			val_release(&gws);
			return -1;
		}
		for (val_iter_init(&pt, pods); val_iter_next(&pt); ) {
			const char *rev = val_dig_str(pt.value, "metadata", "annotations", "istio.io/rev", NULL);
			const char *want = val_get_str(images, rev ? rev : "default");
			struct val spec = val_get(pt.value, "spec");
			const char *img = image_of(spec, WORKLOAD_PROXY);

			if (want && img && strcmp(want, img))
				val_push_str(&stale, val_dig_str(pt.value, "metadata", "name", NULL));
			val_release(&spec);
		}
		val_set_num(&entry, "pods", (double)val_len(pods));
		val_set_take(&entry, "stalePods", stale);
		val_push_take(out, entry);
		strbuf_release(&sel);
		val_release(&pods);
		val_release(&conds);
		val_release(&cond);
	}
	val_release(&gws);
	return 0;
}

/* ztunnel pods whose image is not the DaemonSet's template's now. */
static int ztunnel_pods(struct api *a, struct val ztunnel, struct val *out, struct api_error *e)
{
	const char *ns = val_dig_str(ztunnel, "spec", "namespace", NULL);
	struct val dss, pods, stale, ds, tspec;

	*out = val_null();
	if (!ns)
		return 0;
	if (list(a, "apps/v1", "DaemonSet", ns, "app=ztunnel", false, &dss, e))
		return -1;
	if (!val_len(dss)) {
		val_release(&dss);
		return 0;
	}
	if (list(a, "v1", "Pod", ns, "app=ztunnel", false, &pods, e)) {
		val_release(&dss);
		return -1;
	}
	stale = val_arr();
	ds = val_at(dss, 0);
	tspec = val_dig(ds, "spec", "template", "spec", NULL);
	*out = val_obj();
	val_set_str(out, "namespace", ns);
	val_set_take(out, "image", image_of(tspec, NULL) ? val_str(image_of(tspec, NULL)) : val_null());
	val_set_num(out, "pods", (double)val_len(pods));
	stale_pods(pods, NULL, image_of(tspec, NULL), &stale);
	val_set_take(out, "stalePods", stale);
	val_release(&tspec);
	val_release(&ds);
	val_release(&pods);
	val_release(&dss);
	return 0;
}

int status_ambient_collect(struct api *a, struct val ztunnels, struct val images,
			   struct val *out, struct api_error *e)
{
	struct val nss = val_absent(), wps = val_absent(), zt = val_absent(), first;

	*out = val_null();
	first = val_at(ztunnels, 0);
	if (ambient_namespaces(a, &nss, e) || waypoints(a, images, &wps, e) ||
	    ztunnel_pods(a, first, &zt, e)) {
		val_release(&nss);
		val_release(&wps);
		val_release(&first);
		return -1;
	}
	val_release(&first);
	if (!val_len(nss) && !val_len(wps) && !val_is_obj(zt)) {
		val_release(&nss);
		val_release(&wps);
		val_release(&zt);
		return 0;
	}
	*out = val_obj();
	val_set_take(out, "namespaces", nss);
	val_set_take(out, "waypoints", wps);
	val_set_take(out, "ztunnelPods", zt);
	return 0;
}

bool status_ambient_ok(struct val ambient)
{
	struct val wps = val_get(ambient, "waypoints");
	struct val zt = val_get(ambient, "ztunnelPods");
	struct val zs = val_get(zt, "stalePods");
	struct val_iter it;
	bool ok = !val_len(zs);

	for (val_iter_init(&it, wps); ok && val_iter_next(&it); ) {
		struct val p = val_get(it.value, "programmed"), s = val_get(it.value, "stalePods");

		ok = val_bool_get(p) && !val_len(s);
		val_release(&p);
		val_release(&s);
	}
	val_release(&zs);
	val_release(&zt);
	val_release(&wps);
	return ok;
}
