/*
 * kubectl sail status: one context, read and turned into the document of
 * docs/status.md. Sail objects are few and read whole; namespaces and pods
 * go through workloads.c page by page.
 */
#include "sail.h"
#include "status/status.h"
#include "operator/operator.h"
#include "tag/tag.h"
#include "api.h"
#include "meshref.h"
#include "workload.h"

#define SAIL_V1 "sailoperator.io/v1"

struct collect {
	struct api *a;
	const struct status_opts *o;
	struct api_error e;
	struct val istios, revisions, tags, cnis, ztunnels;	/* kept (filtered) */
	struct val all_istios, all_tags;
	struct val keep_revs;	/* revision name -> true */
	struct val tag_revs;	/* tag name -> revision */
	struct val images;	/* revision name -> injector image */
	struct status_workloads w;
};

void status_result_release(struct status_result *r)
{
	free(r->context);
	free(r->error);
	val_release(&r->doc);
	val_release(&r->tables);
	r->context = r->error = NULL;
}

/* A missing CRD or a missing object reads as nothing. */
static bool is_missing(const struct api_error *e)
{
	return e->kind == API_ERR_MAPPING || api_error_is(e, "NotFound");
}

/* Errors that only hide one optional part of the view. */
static bool is_optional(const struct api_error *e)
{
	return is_missing(e) || api_error_is(e, "Forbidden");
}

static int list_sail(struct collect *c, const char *kind, struct val *out)
{
	const struct rest_mapping *m;

	if (!api_resolve_kind(c->a, SAIL_V1, kind, &m, &c->e) &&
	    !api_list_all(c->a, m, NULL, NULL, out, NULL, &c->e))
		return 0;
	*out = val_arr();
	if (!is_missing(&c->e))
		return -1;
	api_error_release(&c->e);
	return 0;
}

static const char *name_of(struct val obj)
{
	return val_dig_str(obj, "metadata", "name", NULL);
}

/* The Istio that owns a revision (its ownerReference of kind Istio). */
static const char *owner_istio(struct val rev)
{
	struct val refs = val_dig(rev, "metadata", "ownerReferences", NULL);
	struct val_iter it;
	const char *name = NULL;

	for (val_iter_init(&it, refs); val_iter_next(&it); ) {
		const char *k = val_get_str(it.value, "kind");

		if (k && !strcmp(k, "Istio")) {
			name = val_get_str(it.value, "name");
			break;
		}
	}
	val_release(&refs);
	return name;	/* borrowed from rev */
}

static struct val filter(struct val arr, bool (*keep)(struct collect *, struct val),
			 struct collect *c)
{
	struct val out = val_arr();
	struct val_iter it;

	for (val_iter_init(&it, arr); val_iter_next(&it); )
		if (keep(c, it.value))
			val_push(&out, it.value);
	return out;
}

static bool keep_revision(struct collect *c, struct val rev)
{
	const char *owner = owner_istio(rev);

	return owner && !strcmp(owner, c->o->istio);
}

static bool keep_tag(struct collect *c, struct val tag)
{
	const char *k = val_dig_str(tag, "spec", "targetRef", "kind", NULL);
	const char *n = val_dig_str(tag, "spec", "targetRef", "name", NULL);
	const char *rev = val_get_str(c->tag_revs, name_of(tag));

	if (k && n && !strcmp(k, "Istio") && !strcmp(n, c->o->istio))
		return true;
	return rev && val_has(c->keep_revs, rev);
}

static int read_sail(struct collect *c)
{
	struct val_iter it;

	if (list_sail(c, "Istio", &c->all_istios) ||
	    list_sail(c, "IstioRevision", &c->revisions) ||
	    list_sail(c, "IstioRevisionTag", &c->all_tags) ||
	    list_sail(c, "IstioCNI", &c->cnis) ||
	    list_sail(c, "ZTunnel", &c->ztunnels))
		return -1;
	c->tag_revs = val_obj();
	for (val_iter_init(&it, c->all_tags); val_iter_next(&it); ) {
		char *rev = tag_revision_of(it.value, c->all_istios);

		if (rev && name_of(it.value))
			val_set_str(&c->tag_revs, name_of(it.value), rev);
		free(rev);
	}
	if (c->o->istio) {
		const struct rest_mapping *m;
		struct val one = val_absent(), revs;

		if (api_resolve_kind(c->a, SAIL_V1, "Istio", &m, &c->e) ||
		    api_get(c->a, m, NULL, c->o->istio, &one, &c->e))
			return -1;
		c->istios = val_arr();
		val_push_take(&c->istios, one);
		revs = filter(c->revisions, keep_revision, c);
		val_release(&c->revisions);
		c->revisions = revs;
	} else {
		c->istios = val_copy(c->all_istios);
	}
	c->keep_revs = val_obj();
	for (val_iter_init(&it, c->revisions); val_iter_next(&it); )
		if (name_of(it.value))
			val_set_take(&c->keep_revs, name_of(it.value), val_bool(true));
	c->tags = c->o->istio ? filter(c->all_tags, keep_tag, c) : val_copy(c->all_tags);
	return 0;
}

/* The proxy image each revision's injector injects now. */
static int read_injectors(struct collect *c)
{
	const struct rest_mapping *m;
	struct val_iter it;

	c->images = val_obj();
	if (api_resolve_kind(c->a, "v1", "ConfigMap", &m, &c->e))
		return -1;
	for (val_iter_init(&it, c->revisions); val_iter_next(&it); ) {
		const char *rev = name_of(it.value);
		const char *ns = val_dig_str(it.value, "spec", "namespace", NULL);
		struct strbuf name = STRBUF_INIT;
		struct val cm = val_absent();
		char *image;

		if (!rev || !ns)
			continue;
		workload_injector_name(rev, &name);
		if (api_get(c->a, m, ns, name.buf, &cm, &c->e)) {
			strbuf_release(&name);
			if (!is_optional(&c->e))
				return -1;
			api_error_release(&c->e);
			continue;
		}
		image = workload_injector_image(val_dig_str(cm, "data", "values", NULL));
		if (image)
			val_set_str(&c->images, rev, image);
		free(image);
		val_release(&cm);
		strbuf_release(&name);
	}
	return 0;
}

static bool keep_ns_rev(void *ctx, const char *rev)
{
	struct collect *c = ctx;

	return val_has(c->keep_revs, rev);
}

/* ---------------------------------------------------------------- document */

static struct val cond_status(struct val obj, const char *type)
{
	struct val conds = val_dig(obj, "status", "conditions", NULL);
	struct val_iter it;
	struct val out = val_null();

	for (val_iter_init(&it, conds); val_iter_next(&it); ) {
		const char *t = val_get_str(it.value, "type"), *s = val_get_str(it.value, "status");

		if (t && s && !strcmp(t, type)) {
			val_release(&out);
			out = val_str(s);
		}
	}
	val_release(&conds);
	return out;
}

static void set_str_or_null(struct val *obj, const char *key, const char *s)
{
	val_set_take(obj, key, s ? val_str(s) : val_null());
}

/* name, namespace, version, state, healthy, verdict */
static struct val health(struct val obj, const char *kind)
{
	struct val out = val_obj();
	struct strbuf v = STRBUF_INIT;
	bool ok = status_verdict(obj, kind, &v);

	set_str_or_null(&out, "name", name_of(obj));
	set_str_or_null(&out, "namespace", val_dig_str(obj, "spec", "namespace", NULL));
	set_str_or_null(&out, "version", val_dig_str(obj, "spec", "version", NULL));
	set_str_or_null(&out, "state", val_dig_str(obj, "status", "state", NULL));
	val_set_bool(&out, "healthy", ok);
	val_set_str(&out, "verdict", v.buf);
	strbuf_release(&v);
	return out;
}

static struct val doc_istios(struct collect *c)
{
	struct val out = val_arr();
	struct val_iter it;

	for (val_iter_init(&it, c->istios); val_iter_next(&it); ) {
		struct val e = health(it.value, "Istio");
		struct val revs = val_dig(it.value, "status", "revisions", NULL);
		const char *type = val_dig_str(it.value, "spec", "updateStrategy", "type", NULL);
		char *active = meshref_active_revision(it.value);

		val_set_str(&e, "updateStrategy", type ? type : "InPlace");
		set_str_or_null(&e, "activeRevision", active);
		val_set_take(&e, "revisions", val_exists(revs) ? revs : val_null());
		val_push_take(&out, e);
		free(active);
	}
	return out;
}

static bool auto_injects(struct val rev)
{
	struct val v = val_dig(rev, "spec", "values", "sidecarInjectorWebhook",
			       "enableNamespacesByDefault", NULL);
	bool r = val_bool_get(v);

	val_release(&v);
	return r;
}

static struct val doc_revisions(struct collect *c)
{
	struct val out = val_arr();
	struct val_iter it, ti;

	for (val_iter_init(&it, c->revisions); val_iter_next(&it); ) {
		const char *name = name_of(it.value);
		struct val e = val_obj(), by, tags = val_arr(), ready, nss, pods;
		bool in_use;

		if (!name)
			continue;
		set_str_or_null(&e, "name", name);
		set_str_or_null(&e, "istio", owner_istio(it.value));
		set_str_or_null(&e, "namespace", val_dig_str(it.value, "spec", "namespace", NULL));
		set_str_or_null(&e, "version", val_dig_str(it.value, "spec", "version", NULL));
		set_str_or_null(&e, "state", val_dig_str(it.value, "status", "state", NULL));
		ready = cond_status(it.value, "Ready");
		val_set_bool(&e, "ready", val_str_get(ready) && !strcmp(val_str_get(ready), "True"));
		val_release(&ready);
		/* §8.2: tags by status, namespaces and pods by the §8.1 rules */
		for (val_iter_init(&ti, c->all_tags); val_iter_next(&ti); ) {
			const char *r = val_dig_str(ti.value, "status", "istioRevision", NULL);

			if (r && !strcmp(r, name) && name_of(ti.value))
				val_push_str(&tags, name_of(ti.value));
		}
		by = status_workloads_refs(&c->w, name, true);
		nss = val_get(by, "namespaces");
		pods = val_get(by, "pods");
		in_use = val_len(tags) || val_len(nss) || val_num_get(pods) > 0 ||
			(!strcmp(name, "default") && auto_injects(it.value));
		val_set_take(&by, "tags", tags);
		val_set_bool(&e, "inUse", in_use);
		val_set_take(&e, "inUseCondition", cond_status(it.value, "InUse"));
		val_set_take(&e, "inUseBy", by);
		val_push_take(&out, e);
		val_release(&nss);
		val_release(&pods);
	}
	return out;
}

static struct val doc_tags(struct collect *c)
{
	struct val out = val_arr();
	struct val_iter it;

	for (val_iter_init(&it, c->tags); val_iter_next(&it); ) {
		const char *name = name_of(it.value);
		struct val e = val_obj(), target = val_obj(), by, nss, pods;
		const char *rev;

		if (!name)
			continue;
		rev = val_get_str(c->tag_revs, name);
		set_str_or_null(&e, "name", name);
		set_str_or_null(&target, "kind", val_dig_str(it.value, "spec", "targetRef", "kind", NULL));
		set_str_or_null(&target, "name", val_dig_str(it.value, "spec", "targetRef", "name", NULL));
		val_set_take(&e, "target", target);
		set_str_or_null(&e, "revision", rev);
		set_str_or_null(&e, "state", val_dig_str(it.value, "status", "state", NULL));
		by = status_workloads_refs(&c->w, name, false);
		nss = val_get(by, "namespaces");
		pods = val_get(by, "pods");
		val_set_bool(&e, "inUse", val_len(nss) || val_num_get(pods) > 0);
		val_set_take(&e, "inUseCondition", cond_status(it.value, "InUse"));
		val_set_take(&e, "inUseBy", by);
		val_push_take(&out, e);
		val_release(&nss);
		val_release(&pods);
	}
	return out;
}

static struct val doc_default(struct val arr, const char *kind)
{
	struct val first = val_at(arr, 0), out;

	out = val_exists(first) ? health(first, kind) : val_null();
	val_release(&first);
	return out;
}

/* ---------------------------------------------------------------- webhooks */

static int names_of(struct collect *c, const char *kind, struct val *names)
{
	const struct rest_mapping *m;
	struct api_list_opts lo = { .metadata_only = true };
	struct val items = val_absent();
	struct val_iter it;

	*names = val_obj();
	if (api_resolve_kind(c->a, "admissionregistration.k8s.io/v1", kind, &m, &c->e) ||
	    api_list_all(c->a, m, NULL, &lo, &items, NULL, &c->e)) {
		if (!is_optional(&c->e))
			return -1;
		api_error_release(&c->e);
		return 0;
	}
	for (val_iter_init(&it, items); val_iter_next(&it); )
		if (name_of(it.value))
			val_set_take(names, name_of(it.value), val_bool(true));
	val_release(&items);
	return 0;
}

static struct val hook(const char *name, struct val present)
{
	struct val h = val_obj();

	val_set_str(&h, "name", name);
	val_set_bool(&h, "present", val_has(present, name));
	return h;
}

/* Names from spec §11 (revisions) and §9 (tags). */
static int doc_webhooks(struct collect *c, struct val *out)
{
	struct val mwc, vwc;
	struct val_iter it;

	*out = val_arr();
	if (names_of(c, "MutatingWebhookConfiguration", &mwc))
		return -1;
	if (names_of(c, "ValidatingWebhookConfiguration", &vwc)) {
		val_release(&mwc);
		return -1;
	}
	for (val_iter_init(&it, c->revisions); val_iter_next(&it); ) {
		const char *rev = name_of(it.value);
		const char *ns = val_dig_str(it.value, "spec", "namespace", NULL);
		const char *ins = val_dig_str(it.value, "spec", "values", "global", "istioNamespace", NULL);
		const char *suffix = strcmp(rev ? rev : "default", "default") ? rev : NULL;
		struct strbuf inj = STRBUF_INIT, valid = STRBUF_INIT;
		struct val e = val_obj();

		if (!rev || !ns)
			continue;
		workload_injector_name(rev, &inj);
		if (strcmp(ns, "istio-system"))
			strbuf_addf(&inj, "-%s", ns);
		strbuf_addf(&valid, "istio-validator%s%s-%s", suffix ? "-" : "", suffix ? suffix : "",
			    ins ? ins : ns);
		val_set_str(&e, "revision", rev);
		val_set_take(&e, "injector", hook(inj.buf, mwc));
		val_set_take(&e, "validator", hook(valid.buf, vwc));
		val_push_take(out, e);
		strbuf_release(&inj);
		strbuf_release(&valid);
	}
	val_release(&mwc);
	val_release(&vwc);
	return 0;
}

/* Remote secrets (istioctl's format) in each control-plane namespace. */
static int doc_remote_secrets(struct collect *c, struct val *out)
{
	const struct rest_mapping *m;
	struct api_list_opts lo = { .metadata_only = true,
				    .label_selector = "istio/multiCluster=true" };
	struct val seen = val_obj();
	struct val_iter it, si;

	*out = val_arr();
	if (api_resolve_kind(c->a, "v1", "Secret", &m, &c->e))
		return -1;
	for (val_iter_init(&it, c->istios); val_iter_next(&it); ) {
		const char *ns = val_dig_str(it.value, "spec", "namespace", NULL);
		struct val items = val_absent();

		if (!ns || val_has(seen, ns))
			continue;
		val_set_take(&seen, ns, val_bool(true));
		if (api_list_all(c->a, m, ns, &lo, &items, NULL, &c->e)) {
			if (!is_optional(&c->e)) {
				val_release(&seen);
				return -1;
			}
			api_error_release(&c->e);
			continue;
		}
		for (val_iter_init(&si, items); val_iter_next(&si); ) {
			const char *name = name_of(si.value);
			const char *cl = val_dig_str(si.value, "metadata", "annotations",
						     "networking.istio.io/cluster", NULL);
			struct val e = val_obj();

			if (!cl && name && !strncmp(name, "istio-remote-secret-", 20))
				cl = name + 20;
			val_set_str(&e, "namespace", ns);
			set_str_or_null(&e, "name", name);
			set_str_or_null(&e, "cluster", cl);
			val_push_take(out, e);
		}
		val_release(&items);
	}
	val_release(&seen);
	return 0;
}

/* Do the cluster's Sail CRDs accept the Istio versions the operator
 * knows (its images.* pod annotations)? "match", "older" or "newer" (the
 * CRDs' newest Istio version against the operator's), "missing" (no
 * istios CRD), "unknown" (either side says nothing). */
static const char *crds_match(struct collect *c, struct val d)
{
	const struct rest_mapping *m;
	struct val ann = val_dig(d, "spec", "template", "metadata", "annotations", NULL);
	struct val crd = val_absent();
	char *op = operator_images_newest(ann), *cr = NULL;
	const char *verdict = "unknown";
	int cmp;

	val_release(&ann);
	if (api_resolve_kind(c->a, "apiextensions.k8s.io/v1", "CustomResourceDefinition", &m, &c->e) ||
	    api_get_optional(c->a, m, NULL, "istios.sailoperator.io", &crd, &c->e)) {
		api_error_release(&c->e);
		free(op);
		return verdict;
	}
	if (!val_exists(crd))
		verdict = "missing";
	else if (op && (cr = operator_crd_newest_istio(crd)))
		verdict = (cmp = operator_istio_cmp(cr, op)) == 0 ? "match" : cmp < 0 ? "older" : "newer";
	free(op);
	free(cr);
	val_release(&crd);
	return verdict;
}

/* Deployment (plain manifests, Helm) or the CSV that owns it (OLM). */
static char *installed_by(struct val d)
{
	const char *kind = val_dig_str(d, "metadata", "labels", "olm.owner.kind", NULL);
	const char *owner = val_dig_str(d, "metadata", "labels", "olm.owner", NULL);
	struct val refs = val_dig(d, "metadata", "ownerReferences", NULL);
	struct val_iter it;
	char *by = NULL;

	for (val_iter_init(&it, refs); !by && val_iter_next(&it); )
		if (!strcmp(val_get_str(it.value, "kind") ?: "", "ClusterServiceVersion"))
			by = xstrfmt("CSV/%s", val_get_str(it.value, "name") ?: "");
	val_release(&refs);
	if (!by && kind && owner && !strcmp(kind, "ClusterServiceVersion"))
		by = xstrfmt("CSV/%s", owner);
	return by ? by : xstrdup("Deployment");
}

static bool rolled_out(struct val d)
{
	struct val want = val_dig(d, "spec", "replicas", NULL);
	struct val avail = val_dig(d, "status", "availableReplicas", NULL);
	struct val gen = val_dig(d, "metadata", "generation", NULL);
	struct val seen = val_dig(d, "status", "observedGeneration", NULL);
	double w = val_exists(want) ? val_num_get(want) : 1;
	bool ok = val_num_get(avail) >= w && w > 0 && val_num_get(seen) >= val_num_get(gen);

	val_release(&want);
	val_release(&avail);
	val_release(&gen);
	val_release(&seen);
	return ok;
}

/* The operator's Deployment (named sail-operator, any namespace). */
static int doc_operator(struct collect *c, struct val *out)
{
	const struct rest_mapping *m;
	struct api_list_opts lo = { .field_selector = "metadata.name=sail-operator" };
	struct val items = val_absent(), d;
	const char *version, *image;

	*out = val_null();
	if (api_resolve_kind(c->a, "apps/v1", "Deployment", &m, &c->e) ||
	    api_list_all(c->a, m, NULL, &lo, &items, NULL, &c->e)) {
		if (!is_optional(&c->e))
			return -1;
		api_error_release(&c->e);
		return 0;
	}
	d = val_at(items, 0);
	if (val_exists(d)) {
		struct val ctr = val_dig(d, "spec", "template", "spec", "containers", NULL);
		struct val first = val_at(ctr, 0);
		char *by = installed_by(d);

		version = val_dig_str(d, "metadata", "labels", "app.kubernetes.io/version", NULL);
		image = val_get_str(first, "image");
		val_release(out);
		*out = val_obj();
		set_str_or_null(out, "namespace", val_dig_str(d, "metadata", "namespace", NULL));
		set_str_or_null(out, "name", name_of(d));
		if (!version && image && strrchr(image, ':') && !strchr(strrchr(image, ':'), '/'))
			version = strrchr(image, ':') + 1;
		set_str_or_null(out, "version", version);
		set_str_or_null(out, "image", image);
		val_set_str(out, "installedBy", by);
		val_set_bool(out, "ready", rolled_out(d));
		val_set_str(out, "crds", crds_match(c, d));
		free(by);
		val_release(&first);
		val_release(&ctr);
	}
	val_release(&d);
	val_release(&items);
	return 0;
}

/* ---------------------------------------------------------------- tables */

static bool row_kept(struct val row, struct val names)
{
	const char *n = val_dig_str(row, "object", "metadata", "name", NULL);

	return !n || val_has(names, n);
}

/* The server's Table of kind, its rows limited to the kept objects. */
static int read_table(struct collect *c, const char *kind, struct val kept,
		      struct val *tables)
{
	const struct rest_mapping *m;
	struct val t = val_absent(), rows, keep = val_obj(), out = val_arr();
	struct val_iter it;

	if (api_resolve_kind(c->a, SAIL_V1, kind, &m, &c->e) ||
	    api_table(c->a, m, NULL, NULL, NULL, &t, &c->e)) {
		val_release(&keep);
		val_release(&out);
		if (!is_missing(&c->e))
			return -1;
		api_error_release(&c->e);
		return 0;
	}
	for (val_iter_init(&it, kept); val_iter_next(&it); )
		if (name_of(it.value))
			val_set_take(&keep, name_of(it.value), val_bool(true));
	rows = val_get(t, "rows");
	for (val_iter_init(&it, rows); val_iter_next(&it); )
		if (row_kept(it.value, keep))
			val_push(&out, it.value);
	val_set_take(&t, "rows", out);
	val_set_take(tables, kind, t);
	val_release(&rows);
	val_release(&keep);
	return 0;
}

static int read_tables(struct collect *c, struct val *tables)
{
	*tables = val_obj();
	return read_table(c, "Istio", c->istios, tables) ||
		read_table(c, "IstioRevision", c->revisions, tables) ||
		read_table(c, "IstioRevisionTag", c->tags, tables) ||
		read_table(c, "IstioCNI", c->cnis, tables) ||
		read_table(c, "ZTunnel", c->ztunnels, tables);
}

/* ---------------------------------------------------------------- collect */

/* The members of an empty document, in the documented order. */
static void empty_doc(struct val *doc)
{
	val_set_take(doc, "revisions", val_arr());
	val_set_take(doc, "tags", val_arr());
	val_set_take(doc, "cni", val_null());
	val_set_take(doc, "ztunnel", val_null());
	val_set_take(doc, "namespaces", val_arr());
	val_set_take(doc, "ambient", val_null());
	val_set_take(doc, "webhooks", val_arr());
	val_set_take(doc, "remoteSecrets", val_arr());
	val_set_take(doc, "multiCluster", val_arr());
}

static int build(struct collect *c, struct status_result *r)
{
	struct val v;

	if (read_sail(c))
		return -1;
	r->doc = val_obj();
	val_set_str(&r->doc, "context", r->context ? r->context : "");
	val_set_take(&r->doc, "istios", doc_istios(c));
	if (!val_len(c->all_istios) && !val_len(c->revisions) && !val_len(c->all_tags) &&
	    !val_len(c->cnis) && !val_len(c->ztunnels)) {
		/* nothing installed: no workload can reference anything */
		empty_doc(&r->doc);
		if (doc_operator(c, &v))
			return -1;
		val_set_take(&r->doc, "operator", v);
		val_set_bool(&r->doc, "installed", false);
		return 0;
	}
	if (read_injectors(c))
		return -1;
	c->w.tags = c->tag_revs;
	c->w.images = c->images;
	c->w.istios = c->all_istios;
	if (status_workloads_load(c->a, &c->w, &c->e))
		return -1;
	val_set_take(&r->doc, "revisions", doc_revisions(c));
	val_set_take(&r->doc, "tags", doc_tags(c));
	val_set_take(&r->doc, "cni", doc_default(c->cnis, "IstioCNI"));
	val_set_take(&r->doc, "ztunnel", doc_default(c->ztunnels, "ZTunnel"));
	val_set_take(&r->doc, "namespaces", status_workloads_namespaces(&c->w,
		     c->o->istio ? keep_ns_rev : NULL, c));
	if (status_ambient_collect(c->a, c->ztunnels, c->images, &v, &c->e))
		return -1;
	val_set_take(&r->doc, "ambient", v);
	if (doc_webhooks(c, &v))
		return -1;
	val_set_take(&r->doc, "webhooks", v);
	if (doc_remote_secrets(c, &v))
		return -1;
	val_set_take(&r->doc, "remoteSecrets", v);
	if (status_mesh_collect(c->a, c->istios, &v, &c->e))
		return -1;
	val_set_take(&r->doc, "multiCluster", v);
	if (doc_operator(c, &v))
		return -1;
	val_set_take(&r->doc, "operator", v);
	val_set_bool(&r->doc, "installed", true);
	if (c->o->tables && read_tables(c, &r->tables))
		return -1;
	return 0;
}

int status_collect(struct api *a, const struct status_opts *o,
		   struct status_result *r)
{
	struct collect c = { .a = a, .o = o, .e = API_ERROR_INIT };
	int ret;

	r->doc = val_absent();
	r->tables = val_absent();
	r->error = NULL;
	ret = build(&c, r);
	if (ret) {
		struct strbuf sb = STRBUF_INIT;

		api_error_render(&c.e, &sb);
		r->error = strbuf_detach(&sb, NULL);
		val_release(&r->doc);
		val_release(&r->tables);
	}
	api_error_release(&c.e);
	val_release(&c.istios);
	val_release(&c.revisions);
	val_release(&c.tags);
	val_release(&c.cnis);
	val_release(&c.ztunnels);
	val_release(&c.all_istios);
	val_release(&c.all_tags);
	val_release(&c.keep_revs);
	val_release(&c.tag_revs);
	val_release(&c.images);
	status_workloads_release(&c.w);
	return ret;
}
