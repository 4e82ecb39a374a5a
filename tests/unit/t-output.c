#include "test.h"
#include "value.h"
#include "output.h"

/*
 * Golden texts below were printed by kubectl v1.32 (kubectl label --local
 * -f FILE foo- -o FORMAT, which prints the object unchanged) for the same
 * object.
 */
static const char small[] =
	"{\"kind\":\"Istio\",\"apiVersion\":\"sailoperator.io/v1\","
	"\"metadata\":{\"name\":\"default\",\"labels\":{\"team\":\"<mesh> & co\"},"
	"\"managedFields\":[{\"manager\":\"kubectl\",\"operation\":\"Apply\"}]},"
	"\"spec\":{\"version\":\"v1.24.3\",\"namespace\":\"istio-system\","
	"\"values\":{\"pilot\":{\"env\":{\"PILOT_X\":\"true\"},\"replicaCount\":2,\"cpu\":0.5}}},"
	"\"status\":{\"state\":\"Healthy\"}}";

static const char small_json[] =
	"{\n"
	"    \"apiVersion\": \"sailoperator.io/v1\",\n"
	"    \"kind\": \"Istio\",\n"
	"    \"metadata\": {\n"
	"        \"labels\": {\n"
	"            \"team\": \"\\u003cmesh\\u003e \\u0026 co\"\n"
	"        },\n"
	"        \"name\": \"default\"\n"
	"    },\n"
	"    \"spec\": {\n"
	"        \"namespace\": \"istio-system\",\n"
	"        \"values\": {\n"
	"            \"pilot\": {\n"
	"                \"cpu\": 0.5,\n"
	"                \"env\": {\n"
	"                    \"PILOT_X\": \"true\"\n"
	"                },\n"
	"                \"replicaCount\": 2\n"
	"            }\n"
	"        },\n"
	"        \"version\": \"v1.24.3\"\n"
	"    },\n"
	"    \"status\": {\n"
	"        \"state\": \"Healthy\"\n"
	"    }\n"
	"}\n";

static const char small_yaml[] =
	"apiVersion: sailoperator.io/v1\n"
	"kind: Istio\n"
	"metadata:\n"
	"  labels:\n"
	"    team: <mesh> & co\n"
	"  name: default\n"
	"spec:\n"
	"  namespace: istio-system\n"
	"  values:\n"
	"    pilot:\n"
	"      cpu: 0.5\n"
	"      env:\n"
	"        PILOT_X: \"true\"\n"
	"      replicaCount: 2\n"
	"  version: v1.24.3\n"
	"status:\n"
	"  state: Healthy\n";

/* Parses spec/jq, applies the settings, renders objects. Static result. */
static const char *render_with(const char *spec, const char *jq, struct val objects,
			       const char *verb, enum output_dry_run dry, bool list)
{
	static struct strbuf res = STRBUF_INIT;
	struct strbuf err = STRBUF_INIT;
	struct output o;

	strbuf_reset(&res);
	if (output_parse(spec, jq, &o, &err)) {
		strbuf_addf(&res, "parse error: %s", err.buf);
	} else {
		o.verb = verb;
		o.dry_run = dry;
		o.list = list;
		if (output_render(&o, objects, &res, &err)) {
			if (res.len)
				test_fail(__FILE__, __LINE__, "output left behind on error");
			strbuf_addf(&res, "error: %s", err.buf);
		}
		output_release(&o);
	}
	strbuf_release(&err);
	return res.buf;
}

static const char *render(const char *spec, const char *jq, struct val objects)
{
	return render_with(spec, jq, objects, NULL, OUTPUT_DRY_RUN_NONE, false);
}

static void test_parse(void)
{
	struct strbuf err = STRBUF_INIT;
	struct output o;

	CHECK_INT(output_parse(NULL, NULL, &o, &err), 0);
	CHECK_INT(o.format, OUTPUT_DEFAULT);
	output_release(&o);
	CHECK_INT(output_parse("", NULL, &o, &err), 0);
	CHECK_INT(o.format, OUTPUT_DEFAULT);
	output_release(&o);
	CHECK_INT(output_parse("wide", NULL, &o, &err), 0);
	CHECK_INT(o.format, OUTPUT_WIDE);
	output_release(&o);
	CHECK_INT(output_parse("jsonpath={.metadata.name}", NULL, &o, &err), 0);
	CHECK_INT(o.format, OUTPUT_JSONPATH);
	CHECK(o.jsonpath != NULL);
	output_release(&o);
	output_release(&o);	/* harmless twice */
	CHECK_INT(output_parse(NULL, ".metadata", &o, &err), 0);
	CHECK_INT(o.format, OUTPUT_JSON);
	CHECK(o.jq != NULL);
	output_release(&o);
	strbuf_release(&err);
}

static void test_parse_errors(void)
{
	struct val v = test_json(small);

	CHECK_STR(render("xml", NULL, v),
		  "parse error: unable to match a printer suitable for the output format \"xml\", "
		  "allowed formats are: json,jsonpath,name,wide,yaml");
	CHECK_STR(render("jsonpath-as-json={.a}", NULL, v),
		  "parse error: unable to match a printer suitable for the output format \"jsonpath-as-json={.a}\", "
		  "allowed formats are: json,jsonpath,name,wide,yaml");
	CHECK_STR(render("jsonpath", NULL, v),
		  "parse error: template format specified but no template given");
	CHECK_STR(render("jsonpath=", NULL, v),
		  "parse error: template format specified but no template given");
	CHECK_STR(render("jsonpath={.a[0}", NULL, v),
		  "parse error: error parsing jsonpath {.a[0}, unterminated array");
	CHECK_STR(render("name", ".x", v),
		  "parse error: --jq works with -o json or -o yaml, not -o name");
	CHECK_STR(render("jsonpath={.a}", ".x", v),
		  "parse error: --jq works with -o json or -o yaml, not -o jsonpath");
	CHECK_STR(render("json", ".x |", v),
		  "parse error: invalid --jq expression: syntax error, unexpected $end, line 1");
	val_release(&v);
}

static void test_json_yaml_single(void)
{
	struct val v = test_json(small), arr = val_arr();

	CHECK_STR(render("json", NULL, v), small_json);
	CHECK_STR(render("yaml", NULL, v), small_yaml);
	/* an array of one is the same as the object */
	val_push(&arr, v);
	CHECK_STR(render("json", NULL, arr), small_json);
	CHECK_STR(render("yaml", NULL, arr), small_yaml);
	/* objects are borrowed: managedFields still there in the caller's */
	{
		struct val mf = val_dig(v, "metadata", "managedFields", NULL);

		CHECK(val_is_arr(mf));
		val_release(&mf);
	}
	val_release(&arr);
	val_release(&v);
}

static void test_managed_fields_shown(void)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct val v = test_json(small);
	struct output o;

	CHECK_INT(output_parse("jsonpath={.metadata.managedFields[0].manager}", NULL, &o, &err), 0);
	CHECK_INT(output_render(&o, v, &out, &err), 0);
	CHECK_STR(out.buf, "");
	o.show_managed_fields = true;
	CHECK_INT(output_render(&o, v, &out, &err), 0);
	CHECK_STR(out.buf, "kubectl");
	output_release(&o);
	strbuf_release(&err);
	strbuf_release(&out);
	val_release(&v);
}

static void test_list(void)
{
	struct val objs = test_json("[{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"istio-system\"}},"
			       "{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"Istio\",\"metadata\":{\"name\":\"default\"}}]");
	struct val none = val_arr(), one = val_arr(), first = val_at(objs, 0);

	CHECK_STR(render("json", NULL, objs),
		  "{\n"
		  "    \"apiVersion\": \"v1\",\n"
		  "    \"items\": [\n"
		  "        {\n"
		  "            \"apiVersion\": \"v1\",\n"
		  "            \"kind\": \"Namespace\",\n"
		  "            \"metadata\": {\n"
		  "                \"name\": \"istio-system\"\n"
		  "            }\n"
		  "        },\n"
		  "        {\n"
		  "            \"apiVersion\": \"sailoperator.io/v1\",\n"
		  "            \"kind\": \"Istio\",\n"
		  "            \"metadata\": {\n"
		  "                \"name\": \"default\"\n"
		  "            }\n"
		  "        }\n"
		  "    ],\n"
		  "    \"kind\": \"List\",\n"
		  "    \"metadata\": {\n"
		  "        \"resourceVersion\": \"\"\n"
		  "    }\n"
		  "}\n");
	CHECK_STR(render("yaml", NULL, objs),
		  "apiVersion: v1\n"
		  "items:\n"
		  "- apiVersion: v1\n"
		  "  kind: Namespace\n"
		  "  metadata:\n"
		  "    name: istio-system\n"
		  "- apiVersion: sailoperator.io/v1\n"
		  "  kind: Istio\n"
		  "  metadata:\n"
		  "    name: default\n"
		  "kind: List\n"
		  "metadata:\n"
		  "  resourceVersion: \"\"\n");
	CHECK_STR(render("json", NULL, none),
		  "{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n    \"kind\": \"List\",\n"
		  "    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n");
	CHECK_STR(render("jsonpath={.items[*].metadata.name}", NULL, objs), "istio-system default");
	/* kubectl get -l ... -o jsonpath='{.items[0].metadata.name}' */
	val_push(&one, first);
	CHECK_STR(render_with("jsonpath={.items[0].metadata.name}", NULL, one, NULL,
			      OUTPUT_DRY_RUN_NONE, true), "istio-system");
	CHECK_STR(render_with("jsonpath={.items[0].metadata.name}", NULL, none, NULL,
			      OUTPUT_DRY_RUN_NONE, true),
		  "error: error executing jsonpath \"{.items[0].metadata.name}\": "
		  "array index out of bounds: index 0, length 0");
	CHECK_STR(render("jsonpath={.metadata.name}", NULL, one), "istio-system");
	val_release(&objs);
	val_release(&none);
	val_release(&one);
	val_release(&first);
}

static void test_names(void)
{
	struct val objs = test_json("[{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"istio-system\"}},"
			       "{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"Istio\",\"metadata\":{\"name\":\"default\"}},"
			       "{\"apiVersion\":\"gateway.networking.k8s.io/v1\",\"kind\":\"Gateway\",\"metadata\":{\"name\":\"bookinfo-gateway\"}},"
			       "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{}}]");
	struct val nokind = test_json("[{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}]");
	static const char names[] =
		"namespace/istio-system\n"
		"istio.sailoperator.io/default\n"
		"gateway.gateway.networking.k8s.io/bookinfo-gateway\n"
		"deployment.apps/<unknown>\n";

	CHECK_STR(render("name", NULL, objs), names);
	/* -o name never shows the verb, as kubectl */
	CHECK_STR(render_with("name", NULL, objs, "created", OUTPUT_DRY_RUN_CLIENT, false), names);
	CHECK_STR(render_with(NULL, NULL, objs, "created", OUTPUT_DRY_RUN_NONE, false),
		  "namespace/istio-system created\n"
		  "istio.sailoperator.io/default created\n"
		  "gateway.gateway.networking.k8s.io/bookinfo-gateway created\n"
		  "deployment.apps/<unknown> created\n");
	CHECK_STR(render_with(NULL, NULL, objs, "serverside-applied", OUTPUT_DRY_RUN_SERVER, false),
		  "namespace/istio-system serverside-applied (server dry run)\n"
		  "istio.sailoperator.io/default serverside-applied (server dry run)\n"
		  "gateway.gateway.networking.k8s.io/bookinfo-gateway serverside-applied (server dry run)\n"
		  "deployment.apps/<unknown> serverside-applied (server dry run)\n");
	CHECK_STR(render_with("", NULL, nokind, "deleted", OUTPUT_DRY_RUN_CLIENT, false),
		  "error: missing kind for resource with name x");
	{
		struct val one = val_at(objs, 1);

		CHECK_STR(render_with(NULL, NULL, one, "configured", OUTPUT_DRY_RUN_CLIENT, false),
			  "istio.sailoperator.io/default configured (dry run)\n");
		CHECK_STR(render_with("wide", NULL, one, "unchanged", OUTPUT_DRY_RUN_NONE, false),
			  "istio.sailoperator.io/default unchanged\n");
		val_release(&one);
	}
	val_release(&objs);
	val_release(&nokind);
}

static void test_jq(void)
{
	struct val v = test_json(small);
	struct val objs = test_json("[{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"a\"}},"
			       "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"b\"}}]");

	CHECK_STR(render(NULL, ".metadata.name", v), "default\n");
	CHECK_STR(render("json", ".spec.values.pilot", v),
		  "{\n  \"cpu\": 0.5,\n  \"env\": {\n    \"PILOT_X\": \"true\"\n  },\n  \"replicaCount\": 2\n}\n");
	CHECK_STR(render("json", ".metadata.managedFields", v), "null\n");
	CHECK_STR(render("json", ".items[].metadata.name", objs), "a\nb\n");
	CHECK_STR(render("json", "[.items[].metadata.name]", objs), "[\n  \"a\",\n  \"b\"\n]\n");
	CHECK_STR(render("json", "empty", objs), "");
	CHECK_STR(render("yaml", ".items[] | .metadata", objs), "name: a\n---\nname: b\n");
	CHECK_STR(render("yaml", ".items[] | .metadata.name, .metadata", objs),
		  "a\nname: a\nb\nname: b\n");
	CHECK_STR(render("json", ".spec.version | ltrimstr(\"v\") | split(\".\") | .[0] | tonumber",
			 v), "1\n");
	CHECK_STR(render("json", ".metadata.name.x", v),
		  "error: --jq: Cannot index string with string \"x\"");
	val_release(&v);
	val_release(&objs);
}

static void test_print(void)
{
	struct strbuf err = STRBUF_INIT;
	struct val v = test_json(small);
	struct output o;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CHECK_INT(output_parse("yaml", NULL, &o, &err), 0);
	CHECK_INT(output_print(&o, v, f, &err), 0);
	fclose(f);
	CHECK_STR(buf, small_yaml);
	free(buf);

	f = fopen("/dev/full", "w");
	if (f) {
		CHECK_INT(output_print(&o, v, f, &err), -1);
		CHECK_STR(err.buf, "cannot write output: No space left on device");
		fclose(f);
	}
	strbuf_reset(&err);
	CHECK_INT(output_print(&o, val_null(), stdout, &err), -1);
	CHECK_STR(err.buf, "nothing to print: got null, expected objects");
	output_release(&o);
	strbuf_release(&err);
	val_release(&v);
}

TEST_MAIN(T(test_parse), T(test_parse_errors), T(test_json_yaml_single),
	  T(test_managed_fields_shown), T(test_list), T(test_names), T(test_jq),
	  T(test_print))
