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
#include "workload.h"

/* GET that treats NotFound as absent. */
static int get_opt(struct api *a, const char *resource, const char *ns, const char *name,
		   struct val *out, struct api_error *e)
{
	const struct rest_mapping *m;

	*out = val_absent();
	if (api_resolve_name(a, resource, &m, e))
		return -1;
	return api_get_optional(a, m, ns, name, out, e);
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

/* The image revision's injector gives now, or NULL when its ConfigMap is
 * missing or says nothing. *out is a new string. */
static int injector_image(struct upgrade_run *u, const char *rev, char **out,
			  struct api_error *e)
{
	struct strbuf name = STRBUF_INIT;
	struct val cm;
	const char *values;
	int ret;

	workload_injector_name(rev, &name);
	ret = get_opt(u->api, "configmaps", u->cp_namespace, name.buf, &cm, e);
	values = val_dig_str(cm, "data", "values", NULL);
	*out = !ret && values ? workload_injector_image(values) : NULL;
	val_release(&cm);
	strbuf_release(&name);
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
	int stale = 0;

	if (get_opt(u->api, "namespaces", NULL, ns, &nsobj, e))
		return -1;
	labels = val_dig(nsobj, "metadata", "labels", NULL);
	if (api_resolve_name(u->api, "pods", &mp, e) ||
	    api_list_all(u->api, mp, ns, NULL, &pods, NULL, e)) {
		stale = -1;
		goto out;
	}
	for (val_iter_init(&it, pods); val_iter_next(&it) && !stale; ) {
		struct val ann = val_dig(it.value, "metadata", "annotations", NULL);
		struct val plabels = val_dig(it.value, "metadata", "labels", NULL);
		const char *ref = workload_pod_ref(labels, plabels);
		const char *injected = meshref_pod_injected(ann);
		char *rev = NULL, *want = NULL;

		if (!pod_counts(it.value, workload) || !workload_meshed(ann) || !ref || !injected)
			goto next;
		rev = revision_of(u->api, ref, e);
		if (!rev || (strcmp(rev, injected) == 0 && injector_image(u, rev, &want, e))) {
			stale = -1;
			goto next;
		}
		stale = workload_staleness(injected, rev, workload_proxy_image(it.value), want) !=
			WORKLOAD_CURRENT;
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
