/*
 * kubectl sail status: namespaces and pods, read as metadata-only lists of
 * 500 per page and folded into counters page by page, so memory grows with
 * the number of namespaces, never with the number of pods.
 *
 * Proxy images are not in pod metadata. They are read from full pod pages,
 * but only in namespaces that have meshed pods that are not already stale
 * by revision and whose revision's injector image is known (its
 * istio-sidecar-injector ConfigMap was found): the only pods whose image
 * can make them stale. Those pages are folded the same way.
 */
#include "sail.h"
#include "status/status.h"
#include "api.h"
#include "meshref.h"
#include "workload.h"

#define PAGE 500

struct status_ns {
	char *name;
	struct val labels;
	struct val discovered;	/* Istio names */
	long total, meshed, stale;
	struct val by_rev;	/* injected revision -> pods */
	struct val images;	/* proxy image -> pods (image pass only) */
	struct val stale_pods;	/* first few "POD (reason)" */
	bool check_images;
};

struct status_ref {
	char *name;
	struct val namespaces;
	long rev_pods, tag_pods;
	struct val rev_first, tag_first;
};

static struct status_ref *ref_get(struct status_workloads *w, const char *name)
{
	struct status_ref *r;
	size_t i;

	for (i = 0; i < w->nr_refs; i++)
		if (!strcmp(w->refs[i].name, name))
			return &w->refs[i];
	ALLOC_GROW(w->refs, w->nr_refs + 1, w->alloc_refs);
	r = &w->refs[w->nr_refs++];
	r->name = xstrdup(name);
	r->namespaces = val_arr();
	r->rev_pods = r->tag_pods = 0;
	r->rev_first = val_arr();
	r->tag_first = val_arr();
	return r;
}

static const struct status_ref *ref_find(const struct status_workloads *w,
					 const char *name)
{
	size_t i;

	for (i = 0; i < w->nr_refs; i++)
		if (!strcmp(w->refs[i].name, name))
			return &w->refs[i];
	return NULL;
}

static void count_pod(long *n, struct val *first, const char *ns, const char *pod)
{
	if (val_len(*first) < STATUS_FIRST_FEW)
		val_push_take(first, val_strf("%s/%s", ns, pod));
	(*n)++;
}

static int cmp_ns(const void *a, const void *b)
{
	return strcmp(((const struct status_ns *)a)->name,
		      ((const struct status_ns *)b)->name);
}

static struct status_ns *ns_find(const struct status_workloads *w, const char *name)
{
	struct status_ns key = { .name = (char *)name };

	return w->nr_ns ? bsearch(&key, w->ns, w->nr_ns, sizeof(key), cmp_ns) : NULL;
}

/* ---------------------------------------------------------------- namespaces */

static int ns_page(void *ctx, struct val list, bool restarted)
{
	struct status_workloads *w = ctx;
	struct val items = val_get(list, "items");
	struct val_iter it, ii;

	if (restarted)	/* the continue token expired: start over */
		status_workloads_release(w);
	for (val_iter_init(&it, items); val_iter_next(&it); ) {
		struct val md = val_get(it.value, "metadata");
		const char *name = val_get_str(md, "name");
		struct status_ns *n;
		const char *ref;

		if (!name) {
			val_release(&md);
			continue;
		}
		ALLOC_GROW(w->ns, w->nr_ns + 1, w->alloc_ns);
		n = &w->ns[w->nr_ns++];
		memset(n, 0, sizeof(*n));
		n->name = xstrdup(name);
		n->labels = val_get(md, "labels");
		n->discovered = val_arr();
		n->by_rev = val_obj();
		n->images = val_obj();
		n->stale_pods = val_arr();
		for (val_iter_init(&ii, w->istios); val_iter_next(&ii); ) {
			struct val sel = val_dig(ii.value, "spec", "values", "meshConfig",
						 "discoverySelectors", NULL);
			const char *in = val_dig_str(ii.value, "metadata", "name", NULL);

			if (in && workload_selectors_match(sel, n->labels))
				val_push_str(&n->discovered, in);
			val_release(&sel);
		}
		if ((ref = meshref_ns_ref(n->labels)))
			val_push_str(&ref_get(w, ref)->namespaces, name);
		val_release(&md);
	}
	val_release(&items);
	return 0;
}

/* ---------------------------------------------------------------- pods */

static void note_stale(struct status_ns *n, const char *pod, enum workload_stale st)
{
	n->stale++;
	if (val_len(n->stale_pods) < STATUS_FIRST_FEW)
		val_push_take(&n->stale_pods, val_strf("%s (%s)", pod, workload_stale_name(st)));
}

static void fold_pod(struct status_workloads *w, struct val md)
{
	const char *nsname = val_get_str(md, "namespace"), *pod = val_get_str(md, "name");
	struct val labels = val_get(md, "labels"), ann = val_get(md, "annotations");
	struct status_ns *n = nsname ? ns_find(w, nsname) : NULL;
	struct val nslabels = n ? n->labels : val_absent();
	const char *injected = meshref_pod_injected(ann);
	const char *lbl = meshref_ns_ref(nslabels) ? NULL : meshref_pod_label_ref(labels);

	if (!nsname || !pod)
		goto out;
	/* the operator's reference rules (spec §8.2, §8.3) */
	if (injected) {
		struct status_ref *r = ref_get(w, injected);

		count_pod(&r->rev_pods, &r->rev_first, nsname, pod);
	}
	if (lbl) {
		struct status_ref *r = ref_get(w, lbl);

		count_pod(&r->tag_pods, &r->tag_first, nsname, pod);
		if (!injected || strcmp(injected, lbl))
			count_pod(&r->rev_pods, &r->rev_first, nsname, pod);
	}
	if (!n)
		goto out;
	n->total++;
	if (workload_meshed(ann)) {
		const char *want = workload_resolve(w->tags,
						    workload_pod_ref(n->labels, labels));
		enum workload_stale st = workload_staleness(injected, want, NULL, NULL);
		const char *key = injected ? injected : "unknown";
		struct val c = val_get(n->by_rev, key);

		n->meshed++;
		val_set_num(&n->by_rev, key, val_num_get(c) + 1);
		val_release(&c);
		if (st != WORKLOAD_CURRENT)
			note_stale(n, pod, st);
		else if (want && val_get_str(w->images, want))
			n->check_images = true;
	}
out:
	val_release(&labels);
	val_release(&ann);
}

static int pod_page(void *ctx, struct val list, bool restarted)
{
	struct status_workloads *w = ctx;
	struct val items = val_get(list, "items");
	struct val_iter it;

	if (restarted)
		return -1;	/* counters cannot be taken back: fail, say so */
	for (val_iter_init(&it, items); val_iter_next(&it); ) {
		struct val md = val_get(it.value, "metadata");

		fold_pod(w, md);
		val_release(&md);
	}
	val_release(&items);
	return 0;
}

/* Full pods of one namespace: only images can still make a pod stale. */
struct image_ctx {
	struct status_workloads *w;
	struct status_ns *n;
};

static int image_page(void *ctx, struct val list, bool restarted)
{
	struct image_ctx *ic = ctx;
	struct val items = val_get(list, "items");
	struct val_iter it;

	if (restarted)
		return -1;
	for (val_iter_init(&it, items); val_iter_next(&it); ) {
		struct val md = val_get(it.value, "metadata");
		struct val labels = val_get(md, "labels"), ann = val_get(md, "annotations");
		const char *image = workload_proxy_image(it.value);

		if (workload_meshed(ann)) {
			const char *want = workload_resolve(ic->w->tags,
							    workload_pod_ref(ic->n->labels, labels));
			const char *injected = meshref_pod_injected(ann);
			enum workload_stale st = workload_staleness(injected, want, image,
					want ? val_get_str(ic->w->images, want) : NULL);
			struct val c = val_get(ic->n->images, image ? image : "unknown");

			val_set_num(&ic->n->images, image ? image : "unknown", val_num_get(c) + 1);
			val_release(&c);
			if (st == WORKLOAD_STALE_IMAGE)
				note_stale(ic->n, val_get_str(md, "name"), st);
		}
		val_release(&labels);
		val_release(&ann);
		val_release(&md);
	}
	val_release(&items);
	return 0;
}

static int restarted_error(int r, const char *what, struct api_error *e)
{
	if (r > 0)
		api_errorf(e, API_ERR_LOCAL,
			   "the list of %s changed too fast to be read page by page (its continue token expired): try again",
			   what);
	return r ? -1 : 0;
}

int status_workloads_load(struct api *a, struct status_workloads *w,
			  struct api_error *e)
{
	const struct rest_mapping *mns, *mpod;
	struct api_list_opts nso = { .limit = PAGE, .metadata_only = true };
	struct api_list_opts po = { .limit = PAGE, .metadata_only = true,
				    .field_selector = "status.phase!=Succeeded" };
	struct api_list_opts fo = { .limit = PAGE,
				    .field_selector = "status.phase!=Succeeded" };
	size_t i;
	int r;

	if (api_resolve_kind(a, "v1", "Namespace", &mns, e) ||
	    api_resolve_kind(a, "v1", "Pod", &mpod, e))
		return -1;
	if (api_list(a, mns, NULL, &nso, ns_page, w, e) < 0)
		return -1;
	if (w->nr_ns)
		qsort(w->ns, w->nr_ns, sizeof(*w->ns), cmp_ns);
	r = api_list(a, mpod, NULL, &po, pod_page, w, e);
	if (r < 0 && e->kind != API_ERR_NONE)
		return -1;
	if (restarted_error(r ? 1 : 0, "pods", e))
		return -1;
	for (i = 0; i < w->nr_ns; i++) {
		struct image_ctx ic = { w, &w->ns[i] };

		if (!w->ns[i].check_images)
			continue;
		r = api_list(a, mpod, w->ns[i].name, &fo, image_page, &ic, e);
		if (r < 0 && e->kind != API_ERR_NONE)
			return -1;
		if (restarted_error(r ? 1 : 0, "pods", e))
			return -1;
	}
	return 0;
}

struct val status_workloads_refs(const struct status_workloads *w,
				 const char *name, bool as_revision)
{
	const struct status_ref *r = ref_find(w, name);
	struct val out = val_obj();

	val_set_take(&out, "namespaces", r ? val_copy(r->namespaces) : val_arr());
	val_set_num(&out, "pods", !r ? 0 : as_revision ? r->rev_pods : r->tag_pods);
	val_set_take(&out, "podNames", !r ? val_arr() :
		     val_copy(as_revision ? r->rev_first : r->tag_first));
	return out;
}

static bool keep_ns(const struct status_workloads *w, const struct status_ns *n,
		    const char *resolved, bool (*keep)(void *, const char *), void *ctx)
{
	struct val_iter it;

	if (!keep)
		return resolved || n->meshed;
	if (resolved && keep(ctx, resolved))
		return true;
	for (val_iter_init(&it, n->by_rev); val_iter_next(&it); )
		if (keep(ctx, it.key))
			return true;
	(void)w;
	return false;
}

struct val status_workloads_namespaces(const struct status_workloads *w,
				       bool (*keep)(void *, const char *),
				       void *ctx)
{
	struct val out = val_arr();
	size_t i;

	for (i = 0; i < w->nr_ns; i++) {
		const struct status_ns *n = &w->ns[i];
		const char *ref = meshref_ns_ref(n->labels);
		const char *resolved = workload_resolve(w->tags, ref);
		struct val e, pods;

		if (!keep_ns(w, n, resolved, keep, ctx))
			continue;
		e = val_obj();
		pods = val_obj();
		val_set_str(&e, "name", n->name);
		val_set_take(&e, "references", ref ? val_str(ref) : val_null());
		val_set_take(&e, "resolvedRevision", resolved ? val_str(resolved) : val_null());
		val_set(&e, "discoveredBy", n->discovered);
		val_set_num(&pods, "total", n->total);
		val_set_num(&pods, "meshed", n->meshed);
		val_set(&pods, "byRevision", n->by_rev);
		val_set(&pods, "byImage", n->images);
		val_set_num(&pods, "stale", n->stale);
		val_set(&pods, "stalePods", n->stale_pods);
		val_set_take(&e, "pods", pods);
		val_push_take(&out, e);
	}
	return out;
}

void status_workloads_release(struct status_workloads *w)
{
	size_t i;

	for (i = 0; i < w->nr_ns; i++) {
		struct status_ns *n = &w->ns[i];

		free(n->name);
		val_release(&n->labels);
		val_release(&n->discovered);
		val_release(&n->by_rev);
		val_release(&n->images);
		val_release(&n->stale_pods);
	}
	for (i = 0; i < w->nr_refs; i++) {
		free(w->refs[i].name);
		val_release(&w->refs[i].namespaces);
		val_release(&w->refs[i].rev_first);
		val_release(&w->refs[i].tag_first);
	}
	free(w->ns);
	free(w->refs);
	w->ns = NULL;
	w->refs = NULL;
	w->nr_ns = w->nr_refs = w->alloc_ns = w->alloc_refs = 0;
}
