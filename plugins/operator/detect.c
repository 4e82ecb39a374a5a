/*
 * What the cluster runs: the Sail Operator's Deployment (any namespace),
 * how it was installed (OLM's CSV owns it, or plain manifests), its
 * version; and whether OLM is there at all.
 */
#include "sail.h"
#include "operator/operator.h"
#include "api.h"

/* The OLM CRDs the --olm path writes or reads. */
static const char *const olm_crds[] = {
	"subscriptions", "operatorgroups", "clusterserviceversions", NULL
};

void operator_found_release(struct operator_found *f)
{
	free(f->ns);
	free(f->image);
	free(f->tag_version);
	free(f->csv);
	free(f->foreign_ns);
	free(f->newest_istio);
	val_release(&f->deployment);
	memset(f, 0, sizeof(*f));
	f->deployment = val_absent();
}

char *operator_images_newest(struct val annotations)
{
	struct val_iter it;
	char *best = NULL;

	for (val_iter_init(&it, annotations); val_iter_next(&it); ) {
		const char *k = it.key, *dot;
		char *v, *p;

		if (strncmp(k, "images.", 7) || !(dot = strchr(k + 7, '.')))
			continue;
		/* images.v1_31_0-beta_1.istiod: "_" stands for "." */
		v = xstrndup(k + 7, dot - (k + 7));
		for (p = v; *p; p++)
			if (*p == '_')
				*p = '.';
		if (!best || operator_istio_cmp(v, best) > 0) {
			free(best);
			best = v;
		} else {
			free(v);
		}
	}
	return best;
}

/* Is this Deployment the Sail Operator's? Its container or its label says. */
static bool is_sail(struct val d)
{
	struct val cs = val_dig(d, "spec", "template", "spec", "containers", NULL);
	struct val_iter it;
	const char *cp = val_dig_str(d, "spec", "template", "metadata", "labels",
				     "control-plane", NULL);
	bool yes = cp && !strcmp(cp, "sail-operator");

	for (val_iter_init(&it, cs); !yes && val_iter_next(&it); ) {
		struct val c0 = val_dig(it.value, "command", NULL);
		struct val first = val_at(c0, 0);

		yes = val_str_get(first) && !strcmp(val_str_get(first), "/sail-operator");
		val_release(&first);
		val_release(&c0);
	}
	val_release(&cs);
	return yes;
}

/* The CSV that owns d (ownerReferences, else OLM's olm.owner labels). */
static char *owning_csv(struct val d)
{
	struct val refs = val_dig(d, "metadata", "ownerReferences", NULL);
	struct val_iter it;
	const char *kind;
	char *csv = NULL;

	for (val_iter_init(&it, refs); !csv && val_iter_next(&it); )
		if (!strcmp(val_get_str(it.value, "kind") ?: "", "ClusterServiceVersion") &&
		    val_get_str(it.value, "name"))
			csv = xstrdup(val_get_str(it.value, "name"));
	val_release(&refs);
	kind = val_dig_str(d, "metadata", "labels", "olm.owner.kind", NULL);
	if (!csv && kind && !strcmp(kind, "ClusterServiceVersion") &&
	    val_dig_str(d, "metadata", "labels", "olm.owner", NULL))
		csv = xstrdup(val_dig_str(d, "metadata", "labels", "olm.owner", NULL));
	return csv;
}

static void take(struct operator_found *f, struct val d)
{
	struct val ann = val_dig(d, "spec", "template", "metadata", "annotations", NULL);
	struct val cs = val_dig(d, "spec", "template", "spec", "containers", NULL);
	struct val_iter it;
	const char *tag;

	f->ns = xstrdup(val_dig_str(d, "metadata", "namespace", NULL));
	for (val_iter_init(&it, cs); !f->image && val_iter_next(&it); )
		if (!strcmp(val_get_str(it.value, "name") ?: "", "sail-operator") || val_len(cs) == 1)
			f->image = xstrdup(val_get_str(it.value, "image") ?: "");
	val_release(&cs);
	f->version_known = f->image && !operator_image_version(f->image, &f->version);
	if (f->version_known && (tag = strrchr(f->image, ':')))
		f->tag_version = xstrdup(tag + 1);
	f->csv = owning_csv(d);
	f->newest_istio = operator_images_newest(ann);
	val_release(&ann);
	f->deployment = val_copy(d);
}

int operator_find(struct api *a, const char *in_ns, struct operator_found *f,
		  struct strbuf *err)
{
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *m;
	struct api_list_opts lo = { .field_selector = "metadata.name=sail-operator" };
	struct val items;
	struct val_iter it;

	memset(f, 0, sizeof(*f));
	f->deployment = val_absent();
	if (api_resolve_kind(a, "apps/v1", "Deployment", &m, &e) ||
	    api_list_all(a, m, NULL, &lo, &items, NULL, &e)) {
		api_error_render(&e, err);
		api_error_release(&e);
		return -1;
	}
	/* the one in the namespace asked for first, then any other */
	for (val_iter_init(&it, items); val_iter_next(&it); ) {
		const char *ns = val_dig_str(it.value, "metadata", "namespace", NULL);
		bool here = in_ns && ns && !strcmp(ns, in_ns);

		if (!is_sail(it.value)) {
			if (here)
				f->foreign_ns = xstrdup(ns);
			continue;
		}
		if (!f->ns || here) {
			if (f->ns) {
				char *foreign = f->foreign_ns;

				f->foreign_ns = NULL;
				operator_found_release(f);
				f->foreign_ns = foreign;
			}
			take(f, it.value);
		}
	}
	val_release(&items);
	return 0;
}

int operator_olm_missing(struct api *a, struct strbuf *missing, struct strbuf *err)
{
	struct api_error e = API_ERROR_INIT;
	struct val list = val_absent(), res;
	const char *const *r;

	if (api_request(a, "GET", "/apis/operators.coreos.com/v1alpha1", NULL, NULL,
			val_absent(), &list, &e)) {
		if (!api_error_is(&e, "NotFound")) {
			api_error_render(&e, err);
			api_error_release(&e);
			return -1;
		}
		api_error_release(&e);
	}
	res = val_get(list, "resources");
	for (r = olm_crds; *r; r++) {
		struct val_iter it;
		bool found = false;

		for (val_iter_init(&it, res); !found && val_iter_next(&it); )
			found = !strcmp(val_get_str(it.value, "name") ?: "", *r);
		if (!strcmp(*r, "operatorgroups")) {
			/* served in operators.coreos.com/v1 */
			struct val l1 = val_absent(), r1;
			struct val_iter jt;

			found = false;
			if (api_request(a, "GET", "/apis/operators.coreos.com/v1", NULL, NULL,
					val_absent(), &l1, &e))
				api_error_release(&e);
			r1 = val_get(l1, "resources");
			for (val_iter_init(&jt, r1); !found && val_iter_next(&jt); )
				found = !strcmp(val_get_str(jt.value, "name") ?: "", *r);
			val_release(&r1);
			val_release(&l1);
		}
		if (!found)
			strbuf_addf(missing, "%s%s.operators.coreos.com", missing->len ? ", " : "", *r);
	}
	val_release(&res);
	val_release(&list);
	return 0;
}
