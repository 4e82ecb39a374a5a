/*
 * The built-in object templates (templates/{namespace,istio,istiocni,
 * istiorevisiontag}.jq) evaluated in C. Compiling a jq program costs tens
 * of milliseconds, more than the rest of a client dry run together; these
 * four are what every install renders, and their programs only assemble
 * an object. The jq files stay the definition: t-template renders both
 * ways over the same parameters and requires the same bytes and errors,
 * and a --templates directory with its own NAME.jq always runs jq.
 */
#include "sail.h"
#include "template_native.h"

/* jq's `type` of a value (absent reads as null, as $p.missing does). */
static const char *jq_type(struct val v)
{
	return val_exists(v) ? val_kind_name(val_kind(v)) : "null";
}

static bool is_null(struct val v)
{
	return !val_exists(v) || val_kind(v) == VAL_NULL;
}

/* jq's `.x // d`: false and null give way to the default. */
static bool falsy(struct val v)
{
	return is_null(v) || (val_kind(v) == VAL_BOOL && !val_bool_get(v));
}

static bool empty_object(struct val v)
{
	return val_is_obj(v) && !val_len(v);
}

/* $p.name is a non-empty string. */
static bool has_name(struct val p, const char *key)
{
	struct val v = val_get(p, key);
	bool ok = val_is_str(v) && val_str_len(v);

	val_release(&v);
	return ok;
}

/* The templates' optional(key): null or {} vanish, an object is kept,
 * anything else is an error. */
static int optional(struct val p, const char *key, struct val *meta,
		    struct strbuf *why)
{
	struct val v = val_get(p, key);

	if (is_null(v) || empty_object(v)) {
		val_release(&v);
		return 0;
	}
	if (!val_is_obj(v)) {
		strbuf_addf(why, "%s must be an object, not %s", key, jq_type(v));
		val_release(&v);
		return -1;
	}
	val_set_take(meta, key, v);
	return 0;
}

/* {name: $p.name} + optional("labels") + optional("annotations") */
static int metadata(struct val p, struct val *out, struct strbuf *why)
{
	struct val meta = val_obj();

	val_set_take(&meta, "name", val_get(p, "name"));
	if (optional(p, "labels", &meta, why) ||
	    optional(p, "annotations", &meta, why)) {
		val_release(&meta);
		return -1;
	}
	val_set_take(out, "metadata", meta);
	return 0;
}

static int one(struct val obj, struct val *out)
{
	*out = val_arr();
	val_push_take(out, obj);
	return 0;
}

static int namespace(struct val p, struct val *out, struct strbuf *why)
{
	struct val o = val_obj();

	if (!has_name(p, "name")) {
		strbuf_addstr(why, "name is required");
		goto fail;
	}
	val_set_str(&o, "apiVersion", "v1");
	val_set_str(&o, "kind", "Namespace");
	if (metadata(p, &o, why))
		goto fail;
	return one(o, out);
fail:
	val_release(&o);
	return -1;
}

/* Istio and IstioCNI: the same shape under another kind. */
static int sail_object(const char *kind, struct val p, struct val *out,
		       struct strbuf *why)
{
	struct val o = val_obj(), spec = val_get(p, "spec");

	if (!has_name(p, "name")) {
		strbuf_addstr(why, "name is required");
		goto fail;
	}
	if (!val_is_obj(spec)) {
		strbuf_addstr(why, "spec is required");
		goto fail;
	}
	val_set_str(&o, "apiVersion", "sailoperator.io/v1");
	val_set_str(&o, "kind", kind);
	if (metadata(p, &o, why))
		goto fail;
	val_set_take(&o, "spec", spec);
	return one(o, out);
fail:
	val_release(&spec);
	val_release(&o);
	return -1;
}

static int istio(struct val p, struct val *out, struct strbuf *why)
{
	return sail_object("Istio", p, out, why);
}

static int istiocni(struct val p, struct val *out, struct strbuf *why)
{
	return sail_object("IstioCNI", p, out, why);
}

static int istiorevisiontag(struct val p, struct val *out, struct strbuf *why)
{
	struct val o = val_obj(), meta = val_obj(), spec = val_obj(), ref = val_obj();
	struct val kind = val_get(p, "targetKind"), labels = val_get(p, "labels");
	const char *k = falsy(kind) ? "Istio" : val_is_str(kind) ? val_str_get(kind) : NULL;
	int ret = -1;

	if (!has_name(p, "name")) {
		strbuf_addstr(why, "name is required");
		goto out;
	}
	if (!has_name(p, "targetName")) {
		strbuf_addstr(why, "targetName is required");
		goto out;
	}
	if (!k || (strcmp(k, "Istio") && strcmp(k, "IstioRevision")) ||
	    (val_is_str(kind) && strlen(k) != val_str_len(kind))) {
		/* "\($p.targetKind)": a string as it is, anything else as JSON */
		strbuf_addstr(why, "targetKind must be Istio or IstioRevision, not ");
		if (val_is_str(kind))
			strbuf_add(why, val_str_get(kind), val_str_len(kind));
		else if (is_null(kind))
			strbuf_addstr(why, "null");
		else
			val_to_json(kind, why, 0);
		goto out;
	}
	val_set_str(&o, "apiVersion", "sailoperator.io/v1");
	val_set_str(&o, "kind", "IstioRevisionTag");
	val_set_take(&meta, "name", val_get(p, "name"));
	if (!falsy(labels) && !empty_object(labels))
		val_set(&meta, "labels", labels);
	val_set_take(&o, "metadata", meta);
	meta = val_absent();
	val_set_str(&ref, "kind", k);
	val_set_take(&ref, "name", val_get(p, "targetName"));
	val_set_take(&spec, "targetRef", ref);
	ref = val_absent();
	val_set_take(&o, "spec", spec);
	spec = val_absent();
	ret = one(o, out);
	o = val_absent();
out:
	val_release(&o);
	val_release(&meta);
	val_release(&spec);
	val_release(&ref);
	val_release(&kind);
	val_release(&labels);
	return ret;
}

static const struct {
	const char *name;
	int (*fn)(struct val p, struct val *out, struct strbuf *why);
} natives[] = {
	{ "namespace", namespace },
	{ "istio", istio },
	{ "istiocni", istiocni },
	{ "istiorevisiontag", istiorevisiontag },
};

int template_native(const char *name, struct val params, struct val *out,
		    struct strbuf *why)
{
	size_t i;

	*out = val_absent();
	for (i = 0; i < ARRAY_SIZE(natives); i++)
		if (!strcmp(natives[i].name, name))
			return natives[i].fn(params, out, why) ? -1 : 0;
	return 1;
}
