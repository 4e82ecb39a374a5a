/*
 * Meshed, resolving and stale workloads: the shared definitions of status
 * and upgrade (see workload.h).
 */
#include "sail.h"
#include "workload.h"
#include "meshref.h"

bool workload_meshed(struct val annotations)
{
	return val_has(annotations, WORKLOAD_ANN_STATUS);
}

static const char *proxy_in(struct val containers)
{
	struct val_iter it;

	for (val_iter_init(&it, containers); val_iter_next(&it); ) {
		const char *name = val_get_str(it.value, "name");

		if (name && !strcmp(name, WORKLOAD_PROXY))
			return val_get_str(it.value, "image");
	}
	return NULL;
}

const char *workload_proxy_image(struct val pod)
{
	struct val spec = val_get(pod, "spec");
	struct val c = val_get(spec, "containers"), ic = val_get(spec, "initContainers");
	const char *image = proxy_in(c);

	/* borrowed strings stay valid while pod lives: spec is part of it */
	if (!image)
		image = proxy_in(ic);
	val_release(&c);
	val_release(&ic);
	val_release(&spec);
	return image;
}

const char *workload_pod_ref(struct val ns_labels, struct val pod_labels)
{
	const char *ref = meshref_ns_ref(ns_labels);

	return ref ? ref : meshref_pod_label_ref(pod_labels);
}

const char *workload_resolve(struct val tags, const char *name)
{
	const char *rev;

	if (!name)
		return NULL;
	rev = val_get_str(tags, name);
	return rev && *rev ? rev : name;
}

/* A scalar (string or number, as Helm values allow for tag) as text. */
static bool scalar_text(struct val v, struct strbuf *out)
{
	if (val_is_str(v)) {
		strbuf_addstr(out, val_str_get(v));
		return val_str_len(v) > 0;
	}
	if (val_kind(v) == VAL_NUMBER) {
		val_format_number(val_num_get(v), out);
		return true;
	}
	return false;
}

char *workload_injector_image(const char *values_json)
{
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	struct val values, global, hub, tag;
	const char *image, *variant;
	char *ret = NULL;

	if (!values_json || val_parse_json(values_json, strlen(values_json), &values, &err)) {
		strbuf_release(&err);
		return NULL;
	}
	global = val_get(values, "global");
	image = val_dig_str(global, "proxy", "image", NULL);
	variant = val_get_str(global, "variant");
	hub = val_get(global, "hub");
	tag = val_get(global, "tag");
	if (image && strchr(image, '/')) {
		ret = xstrdup(image);
	} else if (scalar_text(hub, &sb)) {
		strbuf_addf(&sb, "/%s:", image && *image ? image : "proxyv2");
		if (scalar_text(tag, &sb)) {
			if (variant && *variant)
				strbuf_addf(&sb, "-%s", variant);
			ret = strbuf_detach(&sb, NULL);
		}
	}
	strbuf_release(&sb);
	val_release(&hub);
	val_release(&tag);
	val_release(&global);
	val_release(&values);
	return ret;
}

bool workload_injector_serves(const char *image, struct val rev)
{
	struct val values = val_dig(rev, "spec", "values", "global", NULL);
	struct val tagv = val_get(values, "tag");
	const char *full = val_dig_str(values, "proxy", "image", NULL);
	const char *version = val_dig_str(rev, "spec", "version", NULL);
	const char *last, *colon;
	struct strbuf tag = STRBUF_INIT;
	bool yes = false;

	if (!image)
		goto out;
	if (full && strchr(full, '/')) {
		yes = !strcmp(image, full);
		goto out;
	}
	if (!scalar_text(tagv, &tag)) {
		strbuf_reset(&tag);
		if (!version)
			goto out;
		strbuf_addstr(&tag, version + (*version == 'v'));
	}
	last = strrchr(image, '/');
	colon = strrchr(last ? last : image, ':');
	if (colon && !strncmp(colon + 1, tag.buf, tag.len))
		yes = colon[1 + tag.len] == '\0' || colon[1 + tag.len] == '-';
out:
	strbuf_release(&tag);
	val_release(&tagv);
	val_release(&values);
	return yes;
}

void workload_injector_name(const char *revision, struct strbuf *out)
{
	strbuf_addstr(out, "istio-sidecar-injector");
	if (revision && *revision && strcmp(revision, "default"))
		strbuf_addf(out, "-%s", revision);
}

enum workload_stale workload_staleness(const char *injected, const char *want,
				       const char *image, const char *want_image)
{
	if (!want)
		return injected ? WORKLOAD_STALE_UNREFERENCED : WORKLOAD_CURRENT;
	if (injected && strcmp(injected, want))
		return WORKLOAD_STALE_REVISION;
	if (image && want_image && strcmp(image, want_image))
		return WORKLOAD_STALE_IMAGE;
	return WORKLOAD_CURRENT;
}

const char *workload_stale_name(enum workload_stale s)
{
	switch (s) {
	case WORKLOAD_STALE_REVISION: return "revision";
	case WORKLOAD_STALE_UNREFERENCED: return "unreferenced";
	case WORKLOAD_STALE_IMAGE: return "image";
	default: return "";
	}
}

static bool value_in(struct val values, const char *v)
{
	struct val_iter it;

	for (val_iter_init(&it, values); val_iter_next(&it); )
		if (val_str_get(it.value) && !strcmp(val_str_get(it.value), v))
			return true;
	return false;
}

static bool expression_matches(struct val e, struct val labels)
{
	const char *key = val_get_str(e, "key"), *op = val_get_str(e, "operator");
	const char *have = key ? val_get_str(labels, key) : NULL;
	struct val values = val_get(e, "values");
	bool r = false;

	if (!key || !op)
		r = false;
	else if (!strcmp(op, "In"))
		r = have && value_in(values, have);
	else if (!strcmp(op, "NotIn"))
		r = !have || !value_in(values, have);
	else if (!strcmp(op, "Exists"))
		r = val_has(labels, key);
	else if (!strcmp(op, "DoesNotExist"))
		r = !val_has(labels, key);
	val_release(&values);
	return r;
}

bool workload_selector_matches(struct val sel, struct val labels)
{
	struct val ml = val_get(sel, "matchLabels"), me = val_get(sel, "matchExpressions");
	struct val_iter it;
	bool r = true;

	for (val_iter_init(&it, ml); r && val_iter_next(&it); ) {
		const char *have = val_get_str(labels, it.key);

		r = have && val_str_get(it.value) && !strcmp(have, val_str_get(it.value));
	}
	for (val_iter_init(&it, me); r && val_iter_next(&it); )
		r = expression_matches(it.value, labels);
	val_release(&ml);
	val_release(&me);
	return r;
}

bool workload_selectors_match(struct val selectors, struct val labels)
{
	struct val_iter it;

	if (!val_len(selectors))
		return true;
	for (val_iter_init(&it, selectors); val_iter_next(&it); )
		if (workload_selector_matches(it.value, labels))
			return true;
	return false;
}
