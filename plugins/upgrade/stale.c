/*
 * Is a workload's proxy stale, right now (see run.h)? Read at the moment
 * of its restart step, after the new control plane is ready, so that the
 * injector ConfigMap already names the new proxy image.
 */
#include "sail.h"
#include "upgrade/upgrade.h"
#include "upgrade/run.h"
#include "api.h"
#include "meshref.h"

/* GET that treats NotFound as absent. */
static int get_opt(struct api *a, const char *resource, const char *ns, const char *name,
		   struct val *out, struct api_error *e)
{
	const struct rest_mapping *m;

	*out = val_absent();
	if (api_resolve_name(a, resource, &m, e))
		return -1;
	if (api_get(a, m, ns, name, out, e)) {
		if (!api_error_is(e, "NotFound"))
			return -1;
		api_error_release(e);
	}
	return 0;
}

/* The revision a referenced name stands for: a tag's status.istioRevision,
 * else the name itself. A new string, or NULL with e set. */
static char *revision_of(struct api *a, const char *ref, struct api_error *e)
{
	struct val tag;
	const char *rev;
	char *out;

	if (get_opt(a, "istiorevisiontags", NULL, ref, &tag, e))
		return NULL;
	rev = val_dig_str(tag, "status", "istioRevision", NULL);
	out = xstrdup(val_exists(tag) ? (rev ? rev : "") : ref);
	val_release(&tag);
	return out;
}

/* The image revision's injector gives now, or NULL when its ConfigMap
 * (istio-sidecar-injector, -<rev> unless the revision is "default") is
 * missing or says nothing. *out is a new string. */
static int injector_image(struct upgrade_run *u, const char *rev, char **out,
			  struct api_error *e)
{
	char *name = strcmp(rev, "default") ? xstrfmt("istio-sidecar-injector-%s", rev)
					    : xstrdup("istio-sidecar-injector");
	struct val cm;
	int ret = get_opt(u->api, "configmaps", u->cp_namespace, name, &cm, e);

	*out = ret ? NULL : upgrade_injector_image(cm);
	val_release(&cm);
	free(name);
	return ret;
}

static bool pod_counts(struct val pod, const char *workload)
{
	const char *phase = val_dig_str(pod, "status", "phase", NULL);
	char *wl;
	bool yes;

	if ((phase && !strcmp(phase, "Succeeded")) ||
	    val_dig_str(pod, "metadata", "deletionTimestamp", NULL))
		return false;
	wl = upgrade_pod_workload(pod);
	yes = wl && !strcmp(wl, workload);
	free(wl);
	return yes;
}

int upgrade_workload_stale(struct upgrade_run *u, const char *ns, const char *workload,
			   struct api_error *e)
{
	const struct rest_mapping *mp;
	struct val nsobj, labels, pods = val_absent();
	struct val_iter it;
	const char *ns_ref;
	int stale = 0;

	if (get_opt(u->api, "namespaces", NULL, ns, &nsobj, e))
		return -1;
	labels = val_dig(nsobj, "metadata", "labels", NULL);
	ns_ref = meshref_ns_ref(labels);
	if (api_resolve_name(u->api, "pods", &mp, e) ||
	    api_list_all(u->api, mp, ns, NULL, &pods, NULL, e)) {
		stale = -1;
		goto out;
	}
	for (val_iter_init(&it, pods); val_iter_next(&it) && !stale; ) {
		struct val ann = val_dig(it.value, "metadata", "annotations", NULL);
		struct val plabels = val_dig(it.value, "metadata", "labels", NULL);
		const char *ref = ns_ref ? ns_ref : meshref_pod_label_ref(plabels);
		const char *injected = meshref_pod_injected(ann);
		const char *image = upgrade_proxy_image(it.value);
		char *rev = NULL, *want = NULL;

		if (!pod_counts(it.value, workload) || !val_has(ann, "sidecar.istio.io/status") ||
		    !ref || !injected)
			goto next;
		rev = revision_of(u->api, ref, e);
		if (!rev) {
			stale = -1;
			goto next;
		}
		if (strcmp(rev, injected)) {
			stale = 1;
			goto next;
		}
		if (injector_image(u, rev, &want, e)) {
			stale = -1;
			goto next;
		}
		if (want && image && strcmp(want, image))
			stale = 1;
next:
		free(rev);
		free(want);
		val_release(&ann);
		val_release(&plabels);
	}
out:
	val_release(&pods);
	val_release(&labels);
	val_release(&nsobj);
	return stale;
}
