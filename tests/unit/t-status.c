/*
 * kubectl sail status without a server: verdicts (spec §10), the --check
 * decision and the text view of documents.
 */
#include "test.h"
#include "status/status.h"

static bool verdict(const char *obj, const char *kind, struct strbuf *out)
{
	struct val v = test_json(obj);
	bool ok;

	strbuf_reset(out);
	ok = status_verdict(v, kind, out);
	val_release(&v);
	return ok;
}

#define C(t, s, r, m) "{\"type\":\"" t "\",\"status\":\"" s "\",\"reason\":\"" r "\",\"message\":\"" m "\"}"

static void test_verdicts(void)
{
	struct strbuf sb = STRBUF_INIT;

	CHECK(verdict("{\"metadata\":{\"generation\":2},\"status\":{\"observedGeneration\":2,\"state\":\"Healthy\",\"conditions\":["
		      C("Reconciled", "True", "Reconciled", "") "," C("Ready", "True", "Ready", "") ","
		      C("DependenciesHealthy", "True", "DependenciesHealthy", "") "]}}", "Istio", &sb));
	CHECK_STR(sb.buf, "Healthy");
	CHECK(!verdict("{\"metadata\":{\"generation\":1}}", "Istio", &sb));
	CHECK_CONTAINS(sb.buf, "no status yet");
	CHECK(!verdict("{\"metadata\":{\"generation\":3},\"status\":{\"observedGeneration\":2,\"state\":\"Healthy\"}}", "Istio", &sb));
	CHECK_STR(sb.buf, "status.observedGeneration 2 lags metadata.generation 3: the Sail Operator may not be running");
	CHECK(!verdict("{\"metadata\":{\"generation\":1},\"status\":{\"observedGeneration\":1,\"state\":\"ReconcileError\",\"conditions\":["
		       C("Reconciled", "False", "ReconcileError", "version v1.24.0 is end-of-life") ","
		       C("Ready", "Unknown", "ReconcileError", "") "]}}", "Istio", &sb));
	CHECK_STR(sb.buf, "Reconciled is False (ReconcileError): version v1.24.0 is end-of-life");
	/* a missing DependenciesHealthy matters for an Istio, not for IstioCNI */
	CHECK(!verdict("{\"status\":{\"observedGeneration\":1,\"state\":\"Healthy\",\"conditions\":["
		       C("Reconciled", "True", "Reconciled", "") "," C("Ready", "True", "Ready", "") "]}}", "Istio", &sb));
	CHECK_STR(sb.buf, "DependenciesHealthy is missing");
	CHECK(verdict("{\"status\":{\"observedGeneration\":1,\"state\":\"Healthy\",\"conditions\":["
		      C("Reconciled", "True", "Reconciled", "") "," C("Ready", "True", "Ready", "") "]}}", "IstioCNI", &sb));
	CHECK(!verdict("{\"status\":{\"observedGeneration\":1,\"state\":\"DaemonSetNotReady\",\"conditions\":["
		       C("Reconciled", "True", "Reconciled", "") "," C("Ready", "False", "DaemonSetNotReady", "") "]}}", "IstioCNI", &sb));
	CHECK_STR(sb.buf, "Ready is False (DaemonSetNotReady)");
	strbuf_release(&sb);
}

static void test_check(void)
{
	struct val ok = test_json("{\"istios\":[{\"healthy\":true}],\"cni\":{\"healthy\":true},\"ztunnel\":null,"
			   "\"namespaces\":[{\"pods\":{\"stale\":0}}]}");
	struct val stale = test_json("{\"istios\":[{\"healthy\":true}],\"cni\":null,\"namespaces\":[{\"pods\":{\"stale\":1}}]}");
	struct val sick = test_json("{\"istios\":[{\"healthy\":true},{\"healthy\":false}],\"namespaces\":[]}");
	struct val cni = test_json("{\"istios\":[],\"cni\":{\"healthy\":false},\"namespaces\":[]}");
	struct val empty = test_json("{\"istios\":[],\"cni\":null,\"namespaces\":[]}");

	CHECK(status_check(ok));
	CHECK(!status_check(stale));
	CHECK(!status_check(sick));
	CHECK(!status_check(cni));
	CHECK(status_check(empty));
	val_release(&ok);
	val_release(&stale);
	val_release(&sick);
	val_release(&cni);
	val_release(&empty);
}

static const char *DOC =
	"{\"context\":\"east\",\"doc\":{\"installed\":true,"
	"\"istios\":[{\"name\":\"prod\",\"verdict\":\"Healthy\"}],"
	"\"revisions\":[{\"name\":\"prod-v1\",\"istio\":\"prod\",\"inUse\":true,\"inUseBy\":"
	"  {\"namespaces\":[\"a\",\"b\"],\"tags\":[\"stable\"],\"pods\":7,\"podNames\":[\"a/1\",\"a/2\",\"a/3\",\"a/4\",\"a/5\"]}},"
	" {\"name\":\"prod-v0\",\"istio\":\"prod\",\"inUse\":false,\"inUseBy\":{\"namespaces\":[],\"tags\":[],\"pods\":0,\"podNames\":[]}}],"
	"\"tags\":[],\"cni\":null,\"ztunnel\":null,"
	"\"namespaces\":[{\"name\":\"a\",\"references\":\"stable\",\"resolvedRevision\":\"prod-v1\",\"discoveredBy\":[\"prod\"],"
	"  \"pods\":{\"total\":4,\"meshed\":3,\"byRevision\":{\"prod-v1\":2,\"prod-v0\":1},\"stale\":1,\"stalePods\":[\"x (revision)\"]}}],"
	"\"webhooks\":[],\"remoteSecrets\":[],\"operator\":null},"
	"\"tables\":{\"Istio\":{\"columnDefinitions\":[{\"name\":\"Name\",\"priority\":0},{\"name\":\"Age\",\"format\":\"date\",\"priority\":0},"
	"  {\"name\":\"Hidden\",\"priority\":1}],\"rows\":[{\"cells\":[\"prod\",\"2026-01-01T00:00:00Z\",\"h\"]}]}}}";

static void test_render(void)
{
	struct val one = test_json(DOC), results = val_arr(), two;
	struct strbuf out = STRBUF_INIT;
	time_t now = 1767225600 + 300;	/* 2026-01-01T00:05:00Z */

	val_push(&results, one);
	status_render(results, false, now, &out);
	CHECK_CONTAINS(out.buf, "Istio:\nNAME   AGE\nprod   5m\n");
	CHECK(!strstr(out.buf, "HIDDEN"));
	CHECK_CONTAINS(out.buf, "Istio   prod   Healthy\n");
	CHECK_CONTAINS(out.buf, "prod-v1   prod             yes                           a, b; tags: stable   7: a/1, a/2, a/3, a/4, a/5 and 2 more\n");
	CHECK_CONTAINS(out.buf, "prod-v0   prod             no (nothing blocks pruning)");
	CHECK_CONTAINS(out.buf, "prod-v1=2, prod-v0=1   1: x (revision)\n");
	CHECK_CONTAINS(out.buf, "no Deployment named sail-operator");
	/* several contexts: a CONTEXT column first */
	two = test_json("{\"context\":\"west\",\"doc\":{\"installed\":false,\"istios\":[]}}");
	val_push_take(&results, two);
	strbuf_reset(&out);
	status_render(results, false, now, &out);
	CHECK_CONTAINS(out.buf, "Istio:\nCONTEXT   NAME   AGE\neast      prod   5m\n");
	CHECK_CONTAINS(out.buf, "No Istio control planes found in context west\n");
	strbuf_release(&out);
	val_release(&one);
	val_release(&results);
}

/* Issue 19: the mesh view of two clusters' documents. */
static void test_mesh_view(void)
{
	static const char docs_json[] =
		"[{\"context\":\"c1\",\"remoteSecrets\":[{\"namespace\":\"istio-system\","
		"\"name\":\"istio-remote-secret-cluster2\",\"cluster\":\"cluster2\"}],"
		"\"multiCluster\":[{\"istio\":\"default\",\"namespace\":\"istio-system\","
		"\"meshID\":\"mesh1\",\"cluster\":\"cluster1\",\"network\":\"n1\","
		"\"controlPlane\":true,\"rootCA\":\"aa\",\"eastWestGateway\":\"192.0.2.1\"}]},"
		"{\"context\":\"c2\",\"remoteSecrets\":[],"
		"\"multiCluster\":[{\"istio\":\"default\",\"namespace\":\"istio-system\","
		"\"meshID\":\"mesh1\",\"cluster\":\"cluster2\",\"network\":\"n2\","
		"\"controlPlane\":true,\"rootCA\":\"bb\",\"eastWestGateway\":\"\"}]},"
		"{\"context\":\"c3\",\"remoteSecrets\":[],\"multiCluster\":[]}]";
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT, json = STRBUF_INIT;
	struct val docs, view;

	CHECK(!val_parse_json(docs_json, strlen(docs_json), &docs, &err));
	view = status_mesh_view(docs);
	val_to_json(view, &json, 0);
	CHECK_CONTAINS(json.buf, "\"remoteSecrets\":[{\"in\":\"cluster1\",\"for\":\"cluster2\",\"present\":true},"
		       "{\"in\":\"cluster2\",\"for\":\"cluster1\",\"present\":false}]");
	CHECK_CONTAINS(json.buf, "\"rootCAAgree\":false,\"rootCADiffers\":[\"cluster2\"]");
	status_mesh_dot(view, &out);
	CHECK_CONTAINS(out.buf, "subgraph cluster_m0_n1 {\n\t\t\tlabel=\"network n2\";");
	CHECK_CONTAINS(out.buf, "\tm0_c1 -> m0_c0 [label=\"remote secret\"];\n");
	CHECK_CONTAINS(out.buf, "\tm0_c0 -> m0_c1 [label=\"remote secret missing\", style=dashed, color=red];\n");
	CHECK_CONTAINS(out.buf, "east-west 192.0.2.1");
	strbuf_reset(&out);
	status_mesh_mermaid(view, &out);
	CHECK_CONTAINS(out.buf, "  m0_c0 -.->|remote secret missing| m0_c1\n");
	CHECK_CONTAINS(out.buf, "      m0_c1[\"cluster2<br/>context c2<br/>control plane<br/>east-west (no address)<br/>root CA bb\"]\n");
	strbuf_reset(&out);
	status_mesh_text(view, &out);
	CHECK_CONTAINS(out.buf, "  remote secret for cluster1 in cluster2: MISSING\n");
	CHECK_CONTAINS(out.buf, "  root CA: differs or missing in cluster2\n");
	val_release(&view);
	val_release(&docs);
	strbuf_release(&out);
	strbuf_release(&json);
	strbuf_release(&err);
}

TEST_MAIN(T(test_verdicts), T(test_check), T(test_render), T(test_mesh_view))
