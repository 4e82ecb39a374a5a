#include "test.h"
#include <limits.h>
#include "api.h"
#include "http.h"
#include "restmap.h"

#define URL "https://127.0.0.1:6443/apis/sailoperator.io/v1/istios/x"

static struct strbuf rendered = STRBUF_INIT;

/* Decode a body as the response to GET URL and render it as kubectl. */
static const char *render(long code, const char *ctype, const char *body,
			  struct api_error *e)
{
	struct strbuf *sb = &rendered;

	strbuf_reset(sb);
	api_error_from_response(e, code, ctype, body, strlen(body), "GET", URL);
	api_error_render(e, sb);
	return sb->buf;
}

static void test_status_not_found(void)
{
	struct api_error e = API_ERROR_INIT;

	CHECK_STR(render(404, "application/json",
			 "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
			 "\"message\":\"istios.sailoperator.io \\\"x\\\" not found\",\"reason\":\"NotFound\","
			 "\"details\":{\"name\":\"x\",\"group\":\"sailoperator.io\",\"kind\":\"istios\"},\"code\":404}", &e),
		  "Error from server (NotFound): istios.sailoperator.io \"x\" not found");
	CHECK_INT(e.kind, API_ERR_STATUS);
	CHECK_INT(e.code, 404);
	CHECK(api_error_is(&e, "NotFound"));
	CHECK(!api_error_is(&e, "Conflict"));
	CHECK_STR(e.details_name, "x");
	CHECK_STR(e.details_group, "sailoperator.io");
	api_error_release(&e);
	CHECK_INT(e.kind, API_ERR_NONE);
	api_error_release(&e);	/* twice is fine */
}

static void test_status_already_exists(void)
{
	struct api_error e = API_ERROR_INIT;

	CHECK_STR(render(409, "application/json",
			 "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
			 "\"message\":\"configmaps \\\"a\\\" already exists\",\"reason\":\"AlreadyExists\","
			 "\"details\":{\"name\":\"a\",\"kind\":\"configmaps\"},\"code\":409}", &e),
		  "Error from server (AlreadyExists): configmaps \"a\" already exists");
	CHECK(api_error_is(&e, "AlreadyExists"));
	api_error_release(&e);
}

static void test_status_invalid(void)
{
	struct api_error e = API_ERROR_INIT;

	/* one cause: on one line */
	CHECK_STR(render(422, "application/json",
			 "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"Istio.sailoperator.io \\\"x\\\" is invalid: spec.version: Unsupported value\","
			 "\"reason\":\"Invalid\",\"details\":{\"name\":\"x\",\"group\":\"sailoperator.io\",\"kind\":\"Istio\","
			 "\"causes\":[{\"reason\":\"FieldValueNotSupported\",\"message\":\"Unsupported value: \\\"v9\\\"\",\"field\":\"spec.version\"}]},\"code\":422}", &e),
		  "The Istio \"x\" is invalid: spec.version: Unsupported value: \"v9\"");
	CHECK_INT(e.nr_causes, 1);
	CHECK_STR(e.causes[0].type, "FieldValueNotSupported");
	CHECK_STR(e.causes[0].field, "spec.version");

	/* several causes, one repeated: kubectl drops the repeat */
	CHECK_STR(render(422, "application/json",
			 "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"m\",\"reason\":\"Invalid\","
			 "\"details\":{\"name\":\"x\",\"kind\":\"Istio\",\"causes\":["
			 "{\"reason\":\"FieldValueRequired\",\"message\":\"Required value\",\"field\":\"spec.namespace\"},"
			 "{\"reason\":\"FieldValueRequired\",\"message\":\"Required value\",\"field\":\"spec.namespace\"},"
			 "{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid value: null: some validation rules were not checked\",\"field\":\"<nil>\"}]},\"code\":422}", &e),
		  "The Istio \"x\" is invalid: \n"
		  "* spec.namespace: Required value\n"
		  "* <nil>: Invalid value: null: some validation rules were not checked");
	CHECK_INT(e.nr_causes, 3);

	/* no details at all */
	CHECK_STR(render(422, NULL, "{\"kind\":\"Status\",\"message\":\"m\",\"reason\":\"Invalid\",\"code\":422}", &e),
		  "The request is invalid");
	/* details without kind or name, no causes */
	CHECK_STR(render(422, NULL, "{\"kind\":\"Status\",\"message\":\"m\",\"reason\":\"Invalid\",\"details\":{},\"code\":422}", &e),
		  "The request is invalid");
	CHECK_STR(render(422, NULL, "{\"kind\":\"Status\",\"message\":\"m\",\"reason\":\"Invalid\",\"details\":{\"kind\":\"ConfigMap\",\"name\":\"c\"},\"code\":422}", &e),
		  "The ConfigMap \"c\" is invalid");
	api_error_release(&e);
}

static const char conflict_body[] =
	"{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
	"\"message\":\"Apply failed with 2 conflicts: conflicts with \\\"A\\\":\\n- .data.k\\nconflicts with \\\"B\\\" using v1:\\n- .data.j\","
	"\"reason\":\"Conflict\",\"details\":{\"causes\":["
	"{\"reason\":\"FieldManagerConflict\",\"message\":\"conflict with \\\"A\\\"\",\"field\":\".data.k\"},"
	"{\"reason\":\"FieldManagerConflict\",\"message\":\"conflict with \\\"B\\\" using v1\",\"field\":\".data.j\"}]},\"code\":409}";

static void test_status_conflict(void)
{
	struct api_error e = API_ERROR_INIT;
	struct strbuf sb = STRBUF_INIT, mgr = STRBUF_INIT;

	render(409, "application/json", conflict_body, &e);
	CHECK(api_error_is(&e, "Conflict"));
	CHECK_INT(e.code, 409);
	CHECK_INT(e.nr_causes, 2);
	CHECK_STR(e.causes[1].type, "FieldManagerConflict");
	CHECK_STR(e.causes[1].field, ".data.j");
	CHECK(api_conflict_manager(&e.causes[0], &mgr));
	CHECK_STR(mgr.buf, "A");
	strbuf_reset(&mgr);
	CHECK(api_conflict_manager(&e.causes[1], &mgr));
	CHECK_STR(mgr.buf, "B");

	api_error_render(&e, &sb);
	CHECK(!strncmp(sb.buf, "Error from server (Conflict): Apply failed with 2 conflicts", 59));
	strbuf_reset(&sb);
	api_error_render_apply(&e, &sb);
	CHECK(!strncmp(sb.buf, "error: Apply failed with 2 conflicts: conflicts with \"A\":\n- .data.k\n", 68));
	CHECK_CONTAINS(sb.buf, "\nPlease review the fields above--they currently have other managers. Here\n");
	CHECK_CONTAINS(sb.buf, "  command with the `--force-conflicts` flag.\n");
	CHECK(sb.len > 0 && sb.buf[sb.len - 1] == 's');	/* "...#conflicts", no newline */

	/* render_apply leaves other errors alone */
	render(404, NULL, "{\"kind\":\"Status\",\"message\":\"nope\",\"reason\":\"NotFound\",\"code\":404}", &e);
	strbuf_reset(&sb);
	api_error_render_apply(&e, &sb);
	CHECK_STR(sb.buf, "Error from server (NotFound): nope");
	strbuf_release(&sb);
	strbuf_release(&mgr);
	api_error_release(&e);
}

static void test_status_forbidden_unauthorized(void)
{
	struct api_error e = API_ERROR_INIT;

	CHECK_STR(render(403, "application/json",
			 "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"istios.sailoperator.io is forbidden: User \\\"bob\\\" cannot list resource \\\"istios\\\" in API group \\\"sailoperator.io\\\" at the cluster scope\","
			 "\"reason\":\"Forbidden\",\"details\":{\"group\":\"sailoperator.io\",\"kind\":\"istios\"},\"code\":403}", &e),
		  "Error from server (Forbidden): istios.sailoperator.io is forbidden: User \"bob\" cannot list resource \"istios\" in API group \"sailoperator.io\" at the cluster scope");
	CHECK_STR(render(401, "application/json",
			 "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}", &e),
		  "error: You must be logged in to the server (Unauthorized)");
	/* a 401 from a proxy, without a Status: still the login hint */
	CHECK_STR(render(401, "text/html", "<html>denied</html>", &e),
		  "error: You must be logged in to the server (Unauthorized)");
	CHECK(api_error_is(&e, "Unauthorized"));
	/* a Status without reason */
	CHECK_STR(render(500, "application/json",
			 "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"failed to create typed patch object (/bad; sailoperator.io/v1, Kind=Istio): .spec.values.pilot.env.FOO: expected string, got \\u0026value.valueUnstructured{Value:true}\",\"code\":500}", &e),
		  "Error from server: failed to create typed patch object (/bad; sailoperator.io/v1, Kind=Istio): .spec.values.pilot.env.FOO: expected string, got &value.valueUnstructured{Value:true}");
	CHECK_INT(e.code, 500);
	CHECK(!e.reason);
	api_error_release(&e);
}

static void test_non_status_bodies(void)
{
	struct api_error e = API_ERROR_INIT;

	CHECK_STR(render(502, "text/html",
			 "<html>\r\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>\n", &e),
		  "error: the server returned 502 Bad Gateway for GET " URL " with a non-JSON body (text/html): "
		  "\"<html> <head><title>502 Bad Gateway</title></head> <body>nginx</body></html>\"");
	CHECK_INT(e.kind, API_ERR_RESPONSE);
	CHECK_INT(e.code, 502);
	CHECK_STR(e.url, URL);

	CHECK_STR(render(500, "application/json", "{\"kind\":\"Status\",\"message\":\"cut he", &e),
		  "error: the server returned 500 Internal Server Error for GET " URL
		  " with a truncated or malformed JSON body (34 bytes: Unfinished string at EOF at line 1, column 34)");
	CHECK_STR(render(404, "application/json", "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\"}", &e),
		  "error: the server returned 404 Not Found for GET " URL " with a JSON body that is not a Status (kind \"ConfigMap\")");
	CHECK(api_error_is(&e, "NotFound"));	/* the code still tells */
	CHECK_STR(render(404, "application/json", "[1,2]", &e),
		  "error: the server returned 404 Not Found for GET " URL " with a JSON body that is not a Status (array)");
	CHECK_STR(render(503, NULL, "", &e),
		  "error: the server returned 503 Service Unavailable for GET " URL " with an empty body");
	CHECK_STR(render(599, NULL, "oops", &e),
		  "error: the server returned 599 for GET " URL " with a non-JSON body (no content type): \"oops\"");
	/* a long body is cut to one short line */
	{
		struct strbuf big = STRBUF_INIT;
		const char *line;

		strbuf_addchars(&big, 'x', 5000);
		line = render(502, "text/plain", big.buf, &e);
		CHECK(strlen(line) < 400);
		CHECK(!strchr(line, '\n'));
		CHECK_CONTAINS(line, "xxx\"...");
		strbuf_release(&big);
	}
	api_error_release(&e);
}

static void test_transport_and_local_rendering(void)
{
	struct api_error e = API_ERROR_INIT;
	struct strbuf sb = STRBUF_INIT;

	e.kind = API_ERR_TRANSPORT;
	e.transport = HTTP_FAIL_REFUSED;
	e.message = xstrdup("The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?");
	api_error_render(&e, &sb);
	CHECK_STR(sb.buf, "The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?");
	api_error_release(&e);

	strbuf_reset(&sb);
	e.kind = API_ERR_TRANSPORT;
	e.transport = HTTP_FAIL_TLS;
	e.message = xstrdup("TLS connection to the server h:1 failed: SSL certificate problem");
	api_error_render(&e, &sb);
	CHECK_STR(sb.buf, "Unable to connect to the server: TLS connection to the server h:1 failed: SSL certificate problem");
	api_error_release(&e);

	strbuf_reset(&sb);
	e.kind = API_ERR_TRANSPORT;
	e.transport = HTTP_FAIL_TIMEOUT;
	e.message = xstrdup("the server did not respond within 30s (--request-timeout)");
	api_error_render(&e, &sb);
	CHECK_STR(sb.buf, "Unable to connect to the server: the server did not respond within 30s (--request-timeout)");
	api_error_release(&e);

	strbuf_reset(&sb);
	api_errorf(&e, API_ERR_TIMEOUT, "timed out waiting for the condition on %s/%s", "istios", "default");
	api_error_render(&e, &sb);
	CHECK_STR(sb.buf, "error: timed out waiting for the condition on istios/default");
	api_error_release(&e);

	/* printing goes through the diagnostic hook */
	api_errorf(&e, API_ERR_MAPPING, "the server doesn't have a resource type for kind \"%s\" in \"%s\"", "Foo", "x.io/v1");
	test_diag_capture(true);
	api_error_print(&e);
	CHECK_STR(test_diag(), "error: the server doesn't have a resource type for kind \"Foo\" in \"x.io/v1\"\n");
	test_diag_capture(false);
	api_error_release(&e);
	strbuf_release(&sb);
}

struct warnings {
	struct strbuf texts;
	int n;
};

static void collect(void *ctx, const char *text)
{
	struct warnings *w = ctx;

	w->n++;
	strbuf_addf(&w->texts, "[%s]", text);
}

static void test_warning_parsing(void)
{
	struct warnings w = { STRBUF_INIT, 0 };

	CHECK_INT(http_parse_warning("299 - \"spec.foo: unknown field\"", collect, &w), 0);
	CHECK_STR(w.texts.buf, "[spec.foo: unknown field]");
	strbuf_reset(&w.texts);
	/* several in one header, escapes, a date, other codes ignored */
	CHECK_INT(http_parse_warning("299 - \"a \\\"quoted\\\" word\", 299 kube-apiserver \"back\\\\slash\" \"Sun, 22 Nov 2026 04:05:51 GMT\","
				     " 199 - \"misc\",299 - \"x,y\"", collect, &w), 0);
	CHECK_STR(w.texts.buf, "[a \"quoted\" word][back\\slash][x,y]");
	strbuf_reset(&w.texts);
	/* empty text is ignored; malformed ones counted, parsing stops */
	CHECK_INT(http_parse_warning("299 - \"\"", collect, &w), 0);
	CHECK_INT(http_parse_warning("29 - \"short code\"", collect, &w), 1);
	CHECK_INT(http_parse_warning("299 - unquoted", collect, &w), 1);
	CHECK_INT(http_parse_warning("299 - \"unterminated", collect, &w), 1);
	CHECK_INT(http_parse_warning("299 - \"ok\", garbage", collect, &w), 1);
	CHECK_STR(w.texts.buf, "[ok]");
	strbuf_release(&w.texts);
}

static void test_warning_dedup(void)
{
	unsigned before = http_warning_count();

	test_diag_capture(true);
	CHECK_INT(http_warning_header("299 - \"unknown field \\\"spec.foo\\\"\""), 1);
	CHECK_INT(http_warning_header("299 - \"unknown field \\\"spec.foo\\\"\", 299 - \"other\""), 2);
	CHECK_INT(http_warning_header("299 - \"other\""), 1);
	CHECK_STR(test_diag(), "Warning: unknown field \"spec.foo\"\nWarning: other\n");
	CHECK_INT(http_warning_count(), before + 2);
	test_diag_capture(false);
	http_cleanup();		/* frees the seen list */
	CHECK_INT(http_warning_count(), 0);
}

static void test_retry_after(void)
{
	CHECK_INT(http_parse_retry_after("1"), 1);
	CHECK_INT(http_parse_retry_after(" 120 "), 120);
	CHECK_INT(http_parse_retry_after("0"), 0);
	CHECK_INT(http_parse_retry_after(NULL), -1);
	CHECK_INT(http_parse_retry_after(""), -1);
	CHECK_INT(http_parse_retry_after("-1"), -1);
	CHECK_INT(http_parse_retry_after("1.5"), -1);
	CHECK_INT(http_parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), -1);
	CHECK_INT(http_parse_retry_after("99999999999999"), -1);
}

static void test_restmap_by_kind(void)
{
	const struct rest_mapping *m;

	m = restmap_by_kind("sailoperator.io/v1", "Istio");
	CHECK(m && !strcmp(m->resource, "istios") && !m->namespaced);
	m = restmap_by_kind("sailoperator.io/v1", "IstioRevisionTag");
	CHECK(m && !strcmp(m->resource, "istiorevisiontags") && !m->namespaced);
	m = restmap_by_kind("sailoperator.io/v1", "IstioCNI");
	CHECK(m && !strcmp(m->resource, "istiocnis") && !m->namespaced);
	m = restmap_by_kind("sailoperator.io/v1alpha1", "ZTunnel");
	CHECK(m && !strcmp(m->resource, "ztunnels") && !m->namespaced);
	m = restmap_by_kind("v1", "ConfigMap");
	CHECK(m && !strcmp(m->resource, "configmaps") && m->namespaced && !*m->group);
	m = restmap_by_kind("v1", "Namespace");
	CHECK(m && !m->namespaced);
	m = restmap_by_kind("apps/v1", "Deployment");
	CHECK(m && !strcmp(m->group, "apps") && m->namespaced);
	m = restmap_by_kind("rbac.authorization.k8s.io/v1", "ClusterRoleBinding");
	CHECK(m && !m->namespaced);
	m = restmap_by_kind("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration");
	CHECK(m && !m->namespaced);
	m = restmap_by_kind("apiextensions.k8s.io/v1", "CustomResourceDefinition");
	CHECK(m && !strcmp(m->resource, "customresourcedefinitions"));
	m = restmap_by_kind("networking.istio.io/v1alpha3", "VirtualService");
	CHECK(m && !strcmp(m->version, "v1alpha3") && m->namespaced);
	m = restmap_by_kind("networking.istio.io/v1alpha3", "EnvoyFilter");
	CHECK(m && !strcmp(m->resource, "envoyfilters"));
	m = restmap_by_kind("security.istio.io/v1", "AuthorizationPolicy");
	CHECK(m && !strcmp(m->resource, "authorizationpolicies"));
	m = restmap_by_kind("kiali.io/v1alpha1", "Kiali");
	CHECK(m && !strcmp(m->resource, "kialis") && m->namespaced);
	m = restmap_by_kind("gateway.networking.k8s.io/v1", "Gateway");
	CHECK(m && !strcmp(m->group, "gateway.networking.k8s.io"));
	/* TokenRequest is served as serviceaccounts/NAME/token */
	m = restmap_by_kind("authentication.k8s.io/v1", "TokenRequest");
	CHECK(m && !strcmp(m->resource, "serviceaccounts") && !strcmp(m->subresource, "token") && !*m->group);
	CHECK(!restmap_by_kind("v1", "TokenRequest"));
	CHECK(!restmap_by_kind("sailoperator.io/v2", "Istio"));
	CHECK(!restmap_by_kind("apps/v1", "ConfigMap"));
	CHECK(!restmap_by_kind(NULL, "Istio"));
}

static void test_restmap_by_name(void)
{
	const struct rest_mapping *m;

	m = restmap_by_name("istios");
	CHECK(m && !strcmp(m->kind, "Istio"));
	CHECK(restmap_by_name("istio") == m);
	CHECK(restmap_by_name("Istio") == m);
	CHECK(restmap_by_name("istios.sailoperator.io") == m);
	CHECK(restmap_by_name("istios.v1.sailoperator.io") == m);
	m = restmap_by_name("istiorevtag");
	CHECK(m && !strcmp(m->resource, "istiorevisiontags"));
	CHECK(restmap_by_name("istiorevisiontags") == m);
	m = restmap_by_name("pods");
	CHECK(m && !strcmp(m->kind, "Pod"));
	CHECK(restmap_by_name("po") == m);
	m = restmap_by_name("deploy");
	CHECK(m && !strcmp(m->resource, "deployments"));
	CHECK(restmap_by_name("deployments.apps") == m);
	CHECK(restmap_by_name("deployments.v1.apps") == m);
	m = restmap_by_name("crds");
	CHECK(m && !strcmp(m->resource, "customresourcedefinitions"));
	/* bare names take the preferred version */
	m = restmap_by_name("virtualservices");
	CHECK(m && !strcmp(m->version, "v1"));
	m = restmap_by_name("virtualservices.v1alpha3.networking.istio.io");
	CHECK(m && !strcmp(m->version, "v1alpha3"));
	m = restmap_by_name("ztunnel");
	CHECK(m && !strcmp(m->version, "v1"));
	/* the group picks between the two Gateways */
	m = restmap_by_name("gateways.gateway.networking.k8s.io");
	CHECK(m && !strcmp(m->group, "gateway.networking.k8s.io"));
	m = restmap_by_name("gateways.networking.istio.io");
	CHECK(m && !strcmp(m->group, "networking.istio.io"));
	m = restmap_by_name("gtw");
	CHECK(m && !strcmp(m->group, "gateway.networking.k8s.io"));
	CHECK(!restmap_by_name("tokenrequest"));
	CHECK(!restmap_by_name("istios.example.com"));
	CHECK(!restmap_by_name("nosuchthing"));
	CHECK(!restmap_by_name(""));
}

static void test_paths(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct api_query q = API_QUERY_INIT;

	api_path(restmap_by_name("istios"), "ignored", "default", NULL, &sb);
	CHECK_STR(sb.buf, "/apis/sailoperator.io/v1/istios/default");
	strbuf_reset(&sb);
	api_path(restmap_by_name("configmaps"), "istio-system", NULL, NULL, &sb);
	CHECK_STR(sb.buf, "/api/v1/namespaces/istio-system/configmaps");
	strbuf_reset(&sb);
	api_path(restmap_by_name("pods"), NULL, NULL, NULL, &sb);
	CHECK_STR(sb.buf, "/api/v1/pods");
	strbuf_reset(&sb);
	api_path(restmap_by_name("istios"), NULL, "x", "status", &sb);
	CHECK_STR(sb.buf, "/apis/sailoperator.io/v1/istios/x/status");
	strbuf_reset(&sb);
	api_path(restmap_by_kind("authentication.k8s.io/v1", "TokenRequest"), "ns", "sa", NULL, &sb);
	CHECK_STR(sb.buf, "/api/v1/namespaces/ns/serviceaccounts/sa/token");
	strbuf_reset(&sb);
	api_path(restmap_by_name("configmaps"), "a b", "x/y?z", NULL, &sb);
	CHECK_STR(sb.buf, "/api/v1/namespaces/a%20b/configmaps/x%2Fy%3Fz");
	strbuf_reset(&sb);

	/* Go's url.Values.Encode: sorted keys, QueryEscape */
	api_query_add(&q, "watch", "1");
	api_query_add(&q, "labelSelector", "app in (a,b),!canary");
	api_query_add(&q, "fieldSelector", "metadata.name=x");
	api_query_add(&q, "fieldManager", "kubectl-sail");
	api_query_add(&q, "continue", "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MX0=");
	api_query_add(&q, "fieldManager", "second");
	api_query_encode(&q, &sb);
	CHECK_STR(sb.buf, "?continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MX0%3D&fieldManager=kubectl-sail&fieldManager=second"
		  "&fieldSelector=metadata.name%3Dx&labelSelector=app+in+%28a%2Cb%29%2C%21canary&watch=1");
	api_query_release(&q);
	strbuf_reset(&sb);
	api_query_encode(&q, &sb);
	CHECK_STR(sb.buf, "");
	strbuf_release(&sb);
}

static void test_timeout_query(void)
{
	struct strbuf sb = STRBUF_INIT;

	http_go_duration(30000, &sb); strbuf_addch(&sb, ' ');
	http_go_duration(90000, &sb); strbuf_addch(&sb, ' ');
	http_go_duration(500, &sb); strbuf_addch(&sb, ' ');
	http_go_duration(1500, &sb); strbuf_addch(&sb, ' ');
	http_go_duration(3600000, &sb); strbuf_addch(&sb, ' ');
	http_go_duration(3723250, &sb);
	CHECK_STR(sb.buf, "30s 1m30s 500ms 1.5s 1h0m0s 1h2m3.25s");
	strbuf_reset(&sb);
	http_add_timeout_query("/api/v1/pods", 30000, &sb);
	CHECK_STR(sb.buf, "/api/v1/pods?timeout=30s");
	strbuf_reset(&sb);
	http_add_timeout_query("/api/v1/pods?limit=500", 30000, &sb);
	CHECK_STR(sb.buf, "/api/v1/pods?limit=500&timeout=30s");
	strbuf_reset(&sb);
	http_add_timeout_query("/x?dryRun=All&fieldManager=m&force=false", 5000, &sb);
	CHECK_STR(sb.buf, "/x?dryRun=All&fieldManager=m&force=false&timeout=5s");
	strbuf_reset(&sb);
	http_add_timeout_query("/x?limit=1&watch=1", 1000, &sb);
	CHECK_STR(sb.buf, "/x?limit=1&timeout=1s&watch=1");
	strbuf_reset(&sb);
	http_add_timeout_query("/x?timeoutSeconds=5", 1000, &sb);
	CHECK_STR(sb.buf, "/x?timeout=1s&timeoutSeconds=5");
	strbuf_release(&sb);
}

static void test_redaction(void)
{
	struct strbuf sb = STRBUF_INIT;

	http_redact_header("Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.secret.sig", &sb);
	CHECK_STR(sb.buf, "Authorization: Bearer <masked>");
	strbuf_reset(&sb);
	http_redact_header("authorization:Basic dXNlcjpwYXNz", &sb);
	CHECK_STR(sb.buf, "authorization: Basic <masked>");
	strbuf_reset(&sb);
	http_redact_header("Proxy-Authorization: opaque", &sb);
	CHECK_STR(sb.buf, "Proxy-Authorization: <masked>");
	strbuf_reset(&sb);
	http_redact_header("Accept: application/json", &sb);
	CHECK_STR(sb.buf, "Accept: application/json");
	strbuf_reset(&sb);
	http_redact_header("X-Authorization-Hint: keep", &sb);
	CHECK_STR(sb.buf, "X-Authorization-Hint: keep");
	strbuf_reset(&sb);

	/* -v8 keeps 1024 bytes, -v9 10240 */
	{
		struct strbuf body = STRBUF_INIT;

		strbuf_addchars(&body, 'a', 2000);
		http_truncate_body(body.buf, body.len, 8, &sb);
		CHECK_INT(sb.len, 1024 + strlen(" [truncated 976 chars]"));
		CHECK_CONTAINS(sb.buf, "a [truncated 976 chars]");
		strbuf_reset(&sb);
		http_truncate_body(body.buf, body.len, 9, &sb);
		CHECK_INT(sb.len, 2000);
		strbuf_release(&body);
	}
	strbuf_release(&sb);
}

struct events {
	struct strbuf seen;
	int n, stop_at;
};

static int on_obj(void *ctx, const char *json, size_t len)
{
	struct events *e = ctx;

	CHECK_INT(strlen(json), len);
	strbuf_addf(&e->seen, "<%s>", json);
	return ++e->n == e->stop_at ? 7 : 0;
}

static void test_stream_split(void)
{
	static const char stream[] =
		"{\"type\":\"ADDED\",\"object\":{\"kind\":\"Istio\",\"metadata\":{\"name\":\"a}{\\\"\"}}}\n"
		"{\"type\":\"MODIFIED\",\"object\":{\"data\":{\"k\":\"[{\\\\\"}}}\r\n"
		"  {\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"12\"}}}"
		"{\"type\":\"DELETED\",\"object\":{}}\n";
	size_t chunk, len = strlen(stream);

	/* every chunk size gives the same four events */
	for (chunk = 1; chunk <= len; chunk++) {
		struct json_splitter s;
		struct events e = { STRBUF_INIT, 0, 0 };
		struct strbuf err = STRBUF_INIT;
		size_t off;
		int r = 0;

		json_splitter_init(&s);
		for (off = 0; off < len && !r; off += chunk)
			r = json_splitter_feed(&s, stream + off, off + chunk > len ? len - off : chunk,
					       on_obj, &e, &err);
		CHECK_INT(r, 0);
		CHECK_INT(e.n, 4);
		CHECK(!json_splitter_pending(&s));
		if (chunk == 1 || chunk == 7 || chunk == len)
			CHECK_STR(e.seen.buf,
				  "<{\"type\":\"ADDED\",\"object\":{\"kind\":\"Istio\",\"metadata\":{\"name\":\"a}{\\\"\"}}}>"
				  "<{\"type\":\"MODIFIED\",\"object\":{\"data\":{\"k\":\"[{\\\\\"}}}>"
				  "<{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"12\"}}}>"
				  "<{\"type\":\"DELETED\",\"object\":{}}>");
		json_splitter_release(&s);
		strbuf_release(&e.seen);
		strbuf_release(&err);
	}

	/* the callback stops the feed; a cut value stays pending */
	{
		struct json_splitter s;
		struct events e = { STRBUF_INIT, 0, 2 };
		struct strbuf err = STRBUF_INIT;

		json_splitter_init(&s);
		CHECK_INT(json_splitter_feed(&s, stream, len, on_obj, &e, &err), 7);
		CHECK_INT(e.n, 2);
		json_splitter_release(&s);
		json_splitter_init(&s);
		e.stop_at = 0;
		CHECK_INT(json_splitter_feed(&s, "{\"a\":[1,2", 9, on_obj, &e, &err), 0);
		CHECK(json_splitter_pending(&s));
		/* garbage between values */
		json_splitter_release(&s);
		json_splitter_init(&s);
		CHECK_INT(json_splitter_feed(&s, "{}\nnull\n", 8, on_obj, &e, &err), -1);
		CHECK_STR(err.buf, "unexpected byte 0x6e between JSON values in the response stream");
		/* size limit */
		json_splitter_release(&s);
		json_splitter_init(&s);
		s.max = 8;
		strbuf_reset(&err);
		CHECK_INT(json_splitter_feed(&s, "{\"aaaa\":", 8, on_obj, &e, &err), 0);
		CHECK_INT(json_splitter_feed(&s, "1}", 2, on_obj, &e, &err), -1);
		CHECK_CONTAINS(err.buf, "larger than 8 bytes");
		json_splitter_release(&s);
		strbuf_release(&e.seen);
		strbuf_release(&err);
	}
}

static struct val parse(const char *json)
{
	struct strbuf err = STRBUF_INIT;
	struct val v;

	if (val_parse_json(json, strlen(json), &v, &err) < 0)
		test_fail(__FILE__, __LINE__, "bad fixture: %s", err.buf);
	strbuf_release(&err);
	return v;
}

static void test_condition_met(void)
{
	struct strbuf why = STRBUF_INIT;
	struct val none = val_absent();
	struct val o = parse("{\"metadata\":{\"generation\":2},\"status\":{\"conditions\":["
			     "{\"type\":\"Reconciled\",\"status\":\"True\",\"observedGeneration\":2},"
			     "{\"type\":\"Ready\",\"status\":\"False\",\"reason\":\"IstiodNotReady\",\"message\":\"istiod is not ready\",\"observedGeneration\":2},"
			     "{\"type\":\"Old\",\"status\":\"True\",\"observedGeneration\":1}]}}");

	CHECK(api_condition_met(o, "Reconciled", "True", &why));
	CHECK(api_condition_met(o, "reconciled", "true", NULL));
	CHECK(!api_condition_met(o, "Ready", "True", &why));
	CHECK_STR(why.buf, "Ready=False (IstiodNotReady: istiod is not ready)");
	strbuf_reset(&why);
	CHECK(api_condition_met(o, "Ready", "False", NULL));
	CHECK(!api_condition_met(o, "Old", "True", &why));
	CHECK_STR(why.buf, "condition Old is for generation 1, the object is at 2");
	strbuf_reset(&why);
	CHECK(!api_condition_met(o, "Missing", "True", &why));
	CHECK_STR(why.buf, "no condition Missing yet");
	strbuf_reset(&why);
	CHECK(!api_condition_met(none, "Ready", "True", &why));
	CHECK_STR(why.buf, "the object does not exist");
	val_release(&o);
	strbuf_release(&why);
}

static void test_status_text(void)
{
	CHECK_STR(http_status_text(200), "OK");
	CHECK_STR(http_status_text(409), "Conflict");
	CHECK_STR(http_status_text(422), "Unprocessable Entity");
	CHECK_STR(http_status_text(599), "");
	strbuf_release(&rendered);	/* last test: leave nothing behind */
}

/*
 * Found by fuzzing (fuzz-api): a Status code out of any range was cast to
 * long (undefined behaviour); a non-Status body's kind with a newline made
 * a two-line error.
 */
static void test_fuzz_found_bodies(void)
{
	struct api_error e = API_ERROR_INIT;

	render(500, "application/json",
	       "{\"kind\":\"Status\",\"message\":\"m\",\"code\":1e300,"
	       "\"details\":{\"retryAfterSeconds\":-1e300}}", &e);
	CHECK_INT(e.code, 500);
	CHECK(e.retry_after == LONG_MIN);
	render(409, "application/json", "{\"kind\":\"Status\",\"code\":0}", &e);
	CHECK_INT(e.code, 409);
	CHECK_STR(render(409, "application/json", "{\"kind\":\"a\\nb\\u0001\"}", &e),
		  "error: the server returned 409 Conflict for GET " URL
		  " with a JSON body that is not a Status (kind \"a\\nb\\x01\")");
	api_error_release(&e);
}

TEST_MAIN(
	T(test_fuzz_found_bodies),
	T(test_status_not_found),
	T(test_status_already_exists),
	T(test_status_invalid),
	T(test_status_conflict),
	T(test_status_forbidden_unauthorized),
	T(test_non_status_bodies),
	T(test_transport_and_local_rendering),
	T(test_warning_parsing),
	T(test_warning_dedup),
	T(test_retry_after),
	T(test_restmap_by_kind),
	T(test_restmap_by_name),
	T(test_paths),
	T(test_timeout_query),
	T(test_redaction),
	T(test_stream_split),
	T(test_condition_met),
	T(test_status_text),
)
