#include "test.h"
#include "setpath.h"
#include "schema.h"
#include "yaml.h"

/* Set path=json into root (JSON text); the result as compact sorted JSON. */
static const char *set(const char *root, const char *path, const char *value)
{
	static struct strbuf res = STRBUF_INIT;
	struct strbuf err = STRBUF_INIT;
	struct setpath p;
	struct val r = test_json(root), v = test_json(value);

	strbuf_reset(&res);
	if (setpath_parse(path, &p, &err)) {
		strbuf_addf(&res, "error: %s", err.buf);
	} else {
		setpath_set(&r, &p, v);
		val_to_json(r, &res, VAL_JSON_SORT);
		setpath_release(&p);
	}
	val_release(&r);
	val_release(&v);
	strbuf_release(&err);
	return res.buf;
}

static void test_paths(void)
{
	CHECK_STR(set("{}", "a.b.c", "1"), "{\"a\":{\"b\":{\"c\":1}}}");
	CHECK_STR(set("{\"a\":{\"x\":2}}", "a.b", "\"s\""), "{\"a\":{\"b\":\"s\",\"x\":2}}");
	CHECK_STR(set("{}", "a[1].b", "true"), "{\"a\":[null,{\"b\":true}]}");
	CHECK_STR(set("{\"a\":[{\"b\":1,\"c\":2}]}", "a[0].b", "3"), "{\"a\":[{\"b\":3,\"c\":2}]}");
	CHECK_STR(set("{}", "a[0][1]", "1"), "{\"a\":[[null,1]]}");
	CHECK_STR(set("{}", "podAnnotations.sidecar\\.istio\\.io/inject", "\"false\""),
		  "{\"podAnnotations\":{\"sidecar.istio.io/inject\":\"false\"}}");
	CHECK_STR(set("{\"a\":1}", "a.b", "1"), "{\"a\":{\"b\":1}}");
	CHECK_STR(set("{}", "a..b", "1"), "error: empty key in path \"a..b\"");
	CHECK_STR(set("{}", "a.", "1"), "error: empty key in path \"a.\"");
	CHECK_STR(set("{}", "a[x]", "1"), "error: bad list index in path \"a[x]\"");
	CHECK_STR(set("{}", "a[1]b", "1"), "error: unexpected 'b' in path \"a[1]b\"");
	CHECK_STR(set("{}", "", "1"), "error: empty path");
}

static void test_split(void)
{
	char *p, *v, **items;

	CHECK(!setpath_split("a.b=c=d", &p, &v));
	CHECK_STR(p, "a.b");
	CHECK_STR(v, "c=d");
	free(p);
	free(v);
	CHECK(setpath_split("a.b", &p, &v));
	items = setpath_split_list("a=1,b={x,y},c=p\\,q");
	CHECK_STR(items[0], "a=1");
	CHECK_STR(items[1], "b={x,y}");
	CHECK_STR(items[2], "c=p,q");
	CHECK(!items[3]);
	for (size_t i = 0; items[i]; i++)
		free(items[i]);
	free(items);
}

/* Type text at spec.values.PATH of KIND: compact JSON or "error: ...". */
static const char *typed(const char *kind, const char *path, const char *text,
			 bool force)
{
	static struct strbuf res = STRBUF_INIT;
	struct strbuf err = STRBUF_INIT;
	struct setpath p;
	struct val node = schema_spec(kind), v;
	size_t i;

	strbuf_reset(&res);
	CHECK(!setpath_parse(path, &p, &err));
	{
		struct val next = schema_child(node, "values");

		val_release(&node);
		node = next;
	}
	for (i = 0; i < p.nr && val_exists(node); i++) {
		struct val next = schema_child(node, p.seg[i].key);

		val_release(&node);
		node = next;
	}
	if (!val_exists(node))
		strbuf_addstr(&res, "no such field");
	else if (schema_type_value(node, text, force, &v, &err))
		strbuf_addf(&res, "error: %s", err.buf);
	else {
		val_to_json(v, &res, 0);
		val_release(&v);
	}
	val_release(&node);
	setpath_release(&p);
	strbuf_release(&err);
	return res.buf;
}

static void test_schema_typing(void)
{
	CHECK_STR(typed("Istio", "pilot.env.X", "1", false), "\"1\"");
	CHECK_STR(typed("Istio", "pilot.env.PILOT_ENABLE_STATUS", "true", false), "\"true\"");
	CHECK_STR(typed("Istio", "global.remotePilotAddress", "10.0.0.1", false), "\"10.0.0.1\"");
	CHECK_STR(typed("Istio", "pilot.replicaCount", "2", false), "2");
	CHECK_STR(typed("Istio", "pilot.replicaCount", "two", false),
		  "error: expected an integer, not \"two\"");
	CHECK_STR(typed("Istio", "pilot.replicaCount", "2", true),
		  "error: expected an integer, not a string");
	CHECK_STR(typed("Istio", "pilot.autoscaleEnabled", "false", false), "false");
	CHECK_STR(typed("Istio", "pilot.resources.requests.cpu", "100m", false), "\"100m\"");
	CHECK_STR(typed("Istio", "pilot.resources.requests.cpu", "2", false), "2");
	CHECK_STR(typed("Istio", "global.meshID", "123", false), "\"123\"");
	CHECK_STR(typed("Istio", "pilot.nosuch", "1", false), "no such field");
	CHECK_STR(typed("Istio", "meshConfig.extensionProviders[0].name", "otel", false), "\"otel\"");
	CHECK_STR(typed("IstioCNI", "cni.excludeNamespaces", "{kube-system,foo}", false),
		  "[\"kube-system\",\"foo\"]");
	CHECK_STR(typed("IstioCNI", "cni.cniConfDir", "/etc/cni/net.d", false), "\"/etc/cni/net.d\"");
	CHECK_STR(typed("IstioCNI", "pilot.env.X", "1", false), "no such field");
}

static void test_schema_enum(void)
{
	struct val sch = schema_spec("Istio"), node = schema_child(sch, "profile"), v;
	struct strbuf err = STRBUF_INIT;

	CHECK(!schema_type_value(node, "ambient", true, &v, &err));
	val_release(&v);
	CHECK(schema_type_value(node, "bogus", true, &v, &err));
	CHECK_CONTAINS(err.buf, "expected one of \"ambient\", \"default\"");
	val_release(&node);
	val_release(&sch);
	strbuf_release(&err);
}

static int nr_coerced, nr_unknown;
static void on_coerced(void *ctx, const char *path, const char *what)
{
	(void)ctx;
	(void)what;
	nr_coerced++;
	CHECK_STR(path, "spec.values.pilot.env.ENABLED");
}
static void on_unknown(void *ctx, const char *path, const char *what)
{
	(void)ctx;
	(void)what;
	nr_unknown++;
	CHECK_STR(path, "spec.values.pilot.bogus");
}

static void test_coerce(void)
{
	struct val sch = schema_spec("Istio");
	struct val spec = test_json("{\"values\":{\"pilot\":{\"env\":{\"ENABLED\":true,\"S\":\"x\"},"
			       "\"replicaCount\":2,\"bogus\":1},\"experimental\":{\"any\":1}}}");
	struct val want = test_json("{\"values\":{\"pilot\":{\"env\":{\"ENABLED\":\"true\",\"S\":\"x\"},"
			       "\"replicaCount\":2,\"bogus\":1},\"experimental\":{\"any\":1}}}");

	schema_coerce(sch, &spec, "spec", on_coerced, on_unknown, NULL);
	CHECK(val_equal(spec, want));
	CHECK_INT(nr_coerced, 1);
	CHECK_INT(nr_unknown, 1);
	val_release(&sch);
	val_release(&spec);
	val_release(&want);
}

TEST_MAIN(T(test_paths), T(test_split), T(test_schema_typing), T(test_schema_enum),
	  T(test_coerce))
