#include "test.h"
#include "value.h"
#include "template.h"
#include "yaml.h"

/* Renders and returns the objects as YAML (or "error: ..."). Static. */
static const char *render(const char *name, const char *params, const char *dir)
{
	static struct strbuf res = STRBUF_INIT;
	struct strbuf err = STRBUF_INIT;
	struct val p = test_json(params), out;

	strbuf_reset(&res);
	if (template_render(name, p, dir, &out, &err)) {
		CHECK(!val_exists(out));
		strbuf_addf(&res, "error: %s", err.buf);
	} else {
		yaml_emit_stream(out, &res);
		val_release(&out);
	}
	val_release(&p);
	strbuf_release(&err);
	return res.buf;
}

static void test_namespace_embedded(void)
{
	CHECK_STR(render("namespace", "{\"name\":\"istio-system\"}", NULL),
		  "apiVersion: v1\n"
		  "kind: Namespace\n"
		  "metadata:\n"
		  "  name: istio-system\n");
	CHECK_STR(render("namespace",
			 "{\"name\":\"istio-system\",\"labels\":{\"istio-injection\":\"enabled\","
			 "\"topology.istio.io/network\":\"network1\"},"
			 "\"annotations\":{\"note\":\"true\"}}", NULL),
		  "apiVersion: v1\n"
		  "kind: Namespace\n"
		  "metadata:\n"
		  "  name: istio-system\n"
		  "  labels:\n"
		  "    istio-injection: enabled\n"
		  "    topology.istio.io/network: network1\n"
		  "  annotations:\n"
		  "    note: \"true\"\n");
	/* empty or null labels/annotations are left out */
	CHECK_STR(render("namespace", "{\"name\":\"sample\",\"labels\":{},\"annotations\":null}", NULL),
		  "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: sample\n");
	/* an override directory without that template: the built-in one */
	CHECK_STR(render("namespace", "{\"name\":\"sample\"}", test_path("jsonpath")),
		  "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: sample\n");
}

static void test_namespace_errors(void)
{
	CHECK_STR(render("namespace", "{}", NULL), "error: namespace.jq: name is required");
	CHECK_STR(render("namespace", "{\"name\":\"\"}", NULL), "error: namespace.jq: name is required");
	CHECK_STR(render("namespace", "{\"name\":\"x\",\"labels\":\"a=b\"}", NULL),
		  "error: namespace.jq: labels must be an object, not string");
}

static void test_override(void)
{
	const char *dir = test_path("templates");
	char *want;

	CHECK_STR(render("namespace", "{\"name\":\"sample\"}", dir),
		  "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: sample\n"
		  "  labels:\n    overridden: \"true\"\n");
	/* the built-in one is still there for callers without the directory */
	CHECK_STR(render("namespace", "{\"name\":\"sample\"}", NULL),
		  "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: sample\n");
	CHECK_STR(render("multi", "{\"name\":\"app\",\"namespace\":\"sample\",\"count\":2}", dir),
		  "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: sample\n"
		  "---\n"
		  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\n  namespace: sample\n"
		  "data:\n  count: \"2\"\n");
	/* rendered again with other parameters: the cached program sees them */
	CHECK_STR(render("multi", "{\"name\":\"web\",\"namespace\":\"prod\",\"count\":1}", dir),
		  "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n  namespace: prod\n"
		  "---\n"
		  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\n  namespace: prod\n"
		  "data:\n  count: \"1\"\n");
	CHECK_STR(render("nothing", "{}", dir), "");

	want = xstrfmt("error: %s/broken.jq: syntax error, unexpected IDENT, expecting '}', line 3", dir);
	CHECK_STR(render("broken", "{}", dir), want);
	free(want);
	want = xstrfmt("error: %s/fails.jq: name is required by fails.jq", dir);
	CHECK_STR(render("fails", "{}", dir), want);
	free(want);
	want = xstrfmt("error: %s/notobject.jq: output 2 is a string, not an object", dir);
	CHECK_STR(render("notobject", "{}", dir), want);
	free(want);
}

static void test_missing(void)
{
	const char *dir = test_path("templates");
	char *want;

	CHECK_STR(render("nosuch", "{}", NULL), "error: template \"nosuch\" not found");
	want = xstrfmt("error: template \"nosuch\" not found (no %s/nosuch.jq and none built in)", dir);
	CHECK_STR(render("nosuch", "{}", dir), want);
	free(want);
	CHECK_STR(render("../etc/passwd", "{}", NULL), "error: invalid template name \"../etc/passwd\"");
	CHECK_STR(render("", "{}", NULL), "error: invalid template name \"\"");
	/* the override directory's templates are not built in */
	CHECK_STR(render("multi", "{}", NULL), "error: template \"multi\" not found");
}

static void test_cache_cleared(void)
{
	template_cache_clear();
	CHECK_STR(render("namespace", "{\"name\":\"a\"}", NULL),
		  "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n");
	template_cache_clear();
	template_cache_clear();
}

/*
 * The templates evaluated in C give exactly what their jq programs give:
 * the same objects in the same key order, the same errors.
 */
static void test_native_matches_jq(void)
{
	static const struct { const char *name, *params; } cases[] = {
		{ "namespace", "{\"name\":\"istio-system\"}" },
		{ "namespace", "{\"name\":\"a\",\"annotations\":{\"x\":\"1\"},\"labels\":{\"b\":\"c\"}}" },
		{ "namespace", "{\"name\":\"a\",\"labels\":{},\"annotations\":null}" },
		{ "namespace", "{}" },
		{ "namespace", "{\"name\":\"\"}" },
		{ "namespace", "{\"name\":5}" },
		{ "namespace", "{\"name\":\"a\",\"labels\":[]}" },
		{ "namespace", "{\"name\":\"a\",\"labels\":{\"k\":\"v\"},\"annotations\":true}" },
		{ "istio", "{\"name\":\"default\",\"spec\":{\"version\":\"v1.30.3\",\"namespace\":\"istio-system\",\"values\":{\"pilot\":{\"env\":{\"A\":\"1\"}}}}}" },
		{ "istio", "{\"name\":\"m\",\"labels\":{\"x\":\"y\"},\"annotations\":{\"n\":\"o\"},\"spec\":{}}" },
		{ "istio", "{\"name\":\"m\",\"spec\":null}" },
		{ "istio", "{\"name\":\"m\",\"spec\":\"x\"}" },
		{ "istio", "{\"spec\":{}}" },
		{ "istio", "{\"name\":\"m\",\"spec\":{},\"annotations\":\"s\"}" },
		{ "istiocni", "{\"name\":\"default\",\"spec\":{\"namespace\":\"istio-cni\",\"profile\":\"ambient\"}}" },
		{ "istiocni", "{\"name\":\"default\",\"labels\":1,\"spec\":{}}" },
		{ "istiorevisiontag", "{\"name\":\"prod\",\"targetName\":\"default\"}" },
		{ "istiorevisiontag", "{\"name\":\"prod\",\"targetName\":\"r\",\"targetKind\":\"IstioRevision\",\"labels\":{\"a\":\"b\"}}" },
		{ "istiorevisiontag", "{\"name\":\"prod\",\"targetName\":\"r\",\"targetKind\":false,\"labels\":{}}" },
		{ "istiorevisiontag", "{\"name\":\"prod\",\"targetName\":\"r\",\"targetKind\":\"Pod\"}" },
		{ "istiorevisiontag", "{\"name\":\"prod\",\"targetName\":\"r\",\"targetKind\":3}" },
		{ "istiorevisiontag", "{\"name\":\"prod\",\"targetName\":\"r\",\"targetKind\":{\"a\":[1]}}" },
		{ "istiorevisiontag", "{\"name\":\"prod\",\"targetName\":\"r\",\"labels\":\"x\"}" },
		{ "istiorevisiontag", "{\"name\":\"prod\"}" },
		{ "istiorevisiontag", "{\"targetName\":\"r\"}" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *native;

		template_use_native(true);
		native = xstrdup(render(cases[i].name, cases[i].params, NULL));
		template_use_native(false);
		if (strcmp(native, render(cases[i].name, cases[i].params, NULL)))
			test_fail(__FILE__, __LINE__, "%s %s: native\n%s\njq\n%s",
				  cases[i].name, cases[i].params, native,
				  render(cases[i].name, cases[i].params, NULL));
		free(native);
	}
	template_use_native(true);
	template_cache_clear();
}

TEST_MAIN(T(test_native_matches_jq), T(test_namespace_embedded), T(test_namespace_errors), T(test_override),
	  T(test_missing), T(test_cache_cleared))
