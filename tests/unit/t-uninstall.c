/*
 * kubectl sail uninstall without a server: which revisions an Istio owns,
 * which tags target what goes, the in-use refusal, what keeps a namespace,
 * the plan's bookkeeping and kubectl delete's lines.
 */
#include "test.h"
#include "uninstall/uninstall.h"
#include "meshref.h"
#include "restmap.h"

static void test_owned_by_istio(void)
{
	struct val uids = test_json("[\"u1\"]");
	struct val owned = test_json("{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"Istio\",\"name\":\"a\",\"uid\":\"u1\"}]}}");
	struct val other = test_json("{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"Istio\",\"name\":\"b\",\"uid\":\"u2\"}]}}");
	struct val wrong_kind = test_json("{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"Istio\",\"uid\":\"u1\"}]}}");
	struct val none = test_json("{\"metadata\":{\"name\":\"hand-made\"}}");

	CHECK(un_owned_by_istio(owned, uids));
	CHECK(!un_owned_by_istio(other, uids));
	CHECK(!un_owned_by_istio(wrong_kind, uids));
	CHECK(!un_owned_by_istio(none, uids));
	val_release(&uids);
	val_release(&owned);
	val_release(&other);
	val_release(&wrong_kind);
	val_release(&none);
}

static void test_tag_targets(void)
{
	struct val istios = test_json("[\"prod\"]"), revs = test_json("[\"prod-v1-30-3\"]");
	struct val by_istio = test_json("{\"spec\":{\"targetRef\":{\"kind\":\"Istio\",\"name\":\"prod\"}}}");
	struct val by_rev = test_json("{\"spec\":{\"targetRef\":{\"kind\":\"IstioRevision\",\"name\":\"prod-v1-30-3\"}}}");
	struct val resolved = test_json("{\"spec\":{\"targetRef\":{\"kind\":\"Istio\",\"name\":\"other\"}},"
				 "\"status\":{\"istioRevision\":\"prod-v1-30-3\"}}");
	struct val elsewhere = test_json("{\"spec\":{\"targetRef\":{\"kind\":\"IstioRevision\",\"name\":\"prod\"}}}");

	CHECK(un_tag_targets(by_istio, istios, revs));
	CHECK(un_tag_targets(by_rev, istios, revs));
	CHECK(un_tag_targets(resolved, istios, revs));
	/* an IstioRevision named like the Istio is not the Istio */
	CHECK(!un_tag_targets(elsewhere, istios, revs));
	val_release(&istios);
	val_release(&revs);
	val_release(&by_istio);
	val_release(&by_rev);
	val_release(&resolved);
	val_release(&elsewhere);
}

static void test_in_use(void)
{
	struct val nss = test_json("[{\"metadata\":{\"name\":\"app\",\"labels\":{\"istio.io/rev\":\"prod\"}}},"
			    " {\"metadata\":{\"name\":\"old\",\"labels\":{\"istio-injection\":\"enabled\"}}},"
			    " {\"metadata\":{\"name\":\"plain\"}}]");
	struct val pods = test_json("[{\"metadata\":{\"name\":\"p\",\"namespace\":\"plain\",\"annotations\":{\"istio.io/rev\":\"prod-v1-30-3\"}},\"status\":{\"phase\":\"Running\"}},"
			     " {\"metadata\":{\"name\":\"done\",\"namespace\":\"plain\",\"annotations\":{\"istio.io/rev\":\"prod-v1-30-3\"}},\"status\":{\"phase\":\"Succeeded\"}}]");
	struct val revs = test_json("[\"prod-v1-30-3\"]"), tags = test_json("[\"prod\"]"), none = test_json("[]");
	struct val deflt = test_json("[\"default\"]");
	struct strbuf out = STRBUF_INIT;
	struct meshref m;

	meshref_init(&m, nss, pods);
	CHECK(un_in_use(&m, revs, tags, &out));
	CHECK_STR(out.buf, "revision \"prod-v1-30-3\" is used by pod plain/p; "
		  "tag \"prod\" is used by namespace app");
	strbuf_reset(&out);
	CHECK(!un_in_use(&m, none, none, &out));
	CHECK_STR(out.buf, "");
	/* istio-injection=enabled references the revision named default */
	CHECK(un_in_use(&m, deflt, none, &out));
	CHECK_STR(out.buf, "revision \"default\" is used by namespace old");
	meshref_release(&m);
	strbuf_release(&out);
	val_release(&nss);
	val_release(&pods);
	val_release(&revs);
	val_release(&tags);
	val_release(&none);
	val_release(&deflt);
}

static void test_ns_holds(void)
{
	struct val objs = test_json(
		"[{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"default\"}},"
		" {\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"kube-root-ca.crt\"}},"
		" {\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"istio\",\"labels\":{\"managed-by\":\"sail-operator\"}}},"
		" {\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"istiod\",\"ownerReferences\":[{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"IstioRevision\"}]}},"
		" {\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"istiod-x\",\"labels\":{\"app\":\"istiod\"}}},"
		" {\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"cacerts\",\"namespace\":\"cp\"}},"
		" {\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"gone\",\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"}},"
		" {\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"istio-eastwestgateway\"}},"
		" {\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"mine\"}},"
		/* the operator's Helm release records and CNI pods: its finalizers remove them */
		" {\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"type\":\"helm.sh/release.v1\",\"metadata\":{\"name\":\"sh.helm.release.v1.default-v1-29-6-istiod.v4\",\"labels\":{\"owner\":\"helm\",\"name\":\"default-v1-29-6-istiod\"}}},"
		" {\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"type\":\"helm.sh/release.v1\",\"metadata\":{\"name\":\"sh.helm.release.v1.stable-revisiontags.v2\",\"labels\":{\"owner\":\"helm\",\"name\":\"stable-revisiontags\"}}},"
		" {\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"type\":\"helm.sh/release.v1\",\"metadata\":{\"name\":\"sh.helm.release.v1.istio-cni.v3\",\"labels\":{\"owner\":\"helm\",\"name\":\"istio-cni\"}}},"
		" {\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"istio-cni-node-9h97h\",\"labels\":{\"k8s-app\":\"istio-cni-node\"}}},"
		/* a Helm release of somebody else's keeps it */
		" {\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"type\":\"helm.sh/release.v1\",\"metadata\":{\"name\":\"sh.helm.release.v1.redis.v1\",\"labels\":{\"owner\":\"helm\",\"name\":\"redis\"}}}]");
	struct val cacerts = test_json("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"cacerts\",\"namespace\":\"cp\"}}");
	struct un_plan p = UN_PLAN_INIT;
	struct val held = un_ns_holds(objs, &p, "cp");
	struct strbuf sb = STRBUF_INIT;

	meshref_join(held, ",", &sb);
	CHECK_STR(sb.buf, "configmap/mine,deployment/istio-eastwestgateway,secret/cacerts,secret/sh.helm.release.v1.redis.v1");
	val_release(&held);
	/* what the plan deletes does not keep the namespace */
	un_add(&p, UN_LEFTOVERS, UN_DELETE, restmap_by_kind("v1", "Secret"), cacerts);
	held = un_ns_holds(objs, &p, "cp");
	strbuf_reset(&sb);
	meshref_join(held, ",", &sb);
	CHECK_STR(sb.buf, "configmap/mine,deployment/istio-eastwestgateway,secret/sh.helm.release.v1.redis.v1");
	/* ... in that namespace only */
	val_release(&held);
	held = un_ns_holds(objs, &p, "other");
	CHECK_INT(val_len(held), 4);
	val_release(&held);
	un_plan_release(&p);
	strbuf_release(&sb);
	val_release(&objs);
	val_release(&cacerts);
}

static void test_plan_and_lines(void)
{
	struct val istio = test_json("{\"metadata\":{\"name\":\"default\"}}");
	struct val ns = test_json("{\"metadata\":{\"name\":\"istio-system\"}}");
	struct val sec = test_json("{\"metadata\":{\"name\":\"cacerts\",\"namespace\":\"istio-system\"}}");
	struct val crb = test_json("{\"metadata\":{\"name\":\"istio-reader-clusterrole-istio-system\"}}");
	const struct rest_mapping *mi = restmap_by_kind("sailoperator.io/v1", "Istio");
	const struct rest_mapping *mn = restmap_by_kind("v1", "Namespace");
	struct un_plan p = UN_PLAN_INIT;
	struct strbuf sb = STRBUF_INIT;

	un_add(&p, UN_ISTIOS, UN_DELETE, mi, istio);
	un_add(&p, UN_ISTIOS, UN_DELETE, mi, istio);	/* once only */
	un_add(&p, UN_NAMESPACES, UN_DELETE, mn, ns);
	un_add(&p, UN_LEFTOVERS, UN_DELETE, restmap_by_kind("v1", "Secret"), sec);
	un_add(&p, UN_LEFTOVERS, UN_DELETE,
	       restmap_by_kind("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"), crb);
	un_add(&p, UN_ANNOTATIONS, UN_UNANNOTATE, mn, ns);	/* already planned */
	CHECK_INT(p.nr, 4);
	CHECK(un_planned(&p, mi, NULL, "default"));
	CHECK(un_planned(&p, mi, "ignored-for-cluster-scope", "default"));
	CHECK(!un_planned(&p, restmap_by_kind("v1", "Secret"), "other", "cacerts"));

	un_line(&p.v[0], "", false, &sb);
	CHECK_STR(sb.buf, "istio.sailoperator.io \"default\" deleted");
	strbuf_reset(&sb);
	un_line(&p.v[1], " (dry run)", false, &sb);
	CHECK_STR(sb.buf, "namespace \"istio-system\" deleted (dry run)");
	strbuf_reset(&sb);
	un_line(&p.v[2], "", true, &sb);
	CHECK_STR(sb.buf, "secret/cacerts");
	strbuf_reset(&sb);
	un_line(&p.v[3], " (server dry run)", false, &sb);
	CHECK_STR(sb.buf, "clusterrolebinding.rbac.authorization.k8s.io \"istio-reader-clusterrole-istio-system\" deleted (server dry run)");
	strbuf_reset(&sb);
	p.v[1].action = UN_UNANNOTATE;
	un_line(&p.v[1], "", false, &sb);
	CHECK_STR(sb.buf, "namespace/istio-system annotated");

	CHECK(un_system_ns("kube-system"));
	CHECK(un_system_ns("default"));
	CHECK(!un_system_ns("istio-system"));
	un_plan_release(&p);
	strbuf_release(&sb);
	val_release(&istio);
	val_release(&ns);
	val_release(&sec);
	val_release(&crb);
}

static void test_has(void)
{
	struct val a = val_arr();

	un_push_unique(&a, "x");
	un_push_unique(&a, "x");
	un_push_unique(&a, "");
	un_push_unique(&a, NULL);
	CHECK_INT(val_len(a), 1);
	CHECK(un_has(a, "x"));
	CHECK(!un_has(a, "y"));
	CHECK(!un_has(a, NULL));
	val_release(&a);
}

/* Issue 22 (6): install's gateways are recognised by our field manager's
 * Apply entry, and their pods and ReplicaSets go with their Deployment. */
static void test_gateway_parts(void)
{
	struct val dep = test_json("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"istio-eastwestgateway\",\"namespace\":\"cp\","
		"\"managedFields\":[{\"manager\":\"kube-controller-manager\",\"operation\":\"Update\"},{\"manager\":\"kubectl-sail\",\"operation\":\"Apply\"}]}}");
	struct val gw = test_json("{\"apiVersion\":\"networking.istio.io/v1\",\"kind\":\"Gateway\",\"metadata\":{\"name\":\"cross-network-gateway\",\"namespace\":\"cp\","
		"\"managedFields\":[{\"manager\":\"kubectl-sail\",\"operation\":\"Apply\"}]}}");
	struct val k8sgw = test_json("{\"apiVersion\":\"gateway.networking.k8s.io/v1\",\"kind\":\"Gateway\",\"metadata\":{\"name\":\"g\","
		"\"managedFields\":[{\"manager\":\"kubectl-sail\",\"operation\":\"Apply\"}]}}");
	struct val theirs = test_json("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"app\","
		"\"managedFields\":[{\"manager\":\"kubectl\",\"operation\":\"Apply\"}]}}");
	struct val reader = test_json("{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"istio-reader-service-account\",\"labels\":{\"app\":\"istio-reader\"},"
		"\"managedFields\":[{\"manager\":\"kubectl-sail\",\"operation\":\"Apply\"}]}}");
	struct val cacerts = test_json("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"cacerts\","
		"\"managedFields\":[{\"manager\":\"kubectl-sail\",\"operation\":\"Apply\"}]}}");
	struct val rs = test_json("{\"kind\":\"ReplicaSet\",\"metadata\":{\"name\":\"istio-eastwestgateway-5d9\",\"ownerReferences\":[{\"kind\":\"Deployment\",\"name\":\"istio-eastwestgateway\"}]}}");
	struct val pod = test_json("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"istio-eastwestgateway-5d9-x1\",\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"istio-eastwestgateway-5d9\"}]}}");
	struct val other = test_json("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"app-77-x\",\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"app-77\"}]}}");
	struct un_plan p = UN_PLAN_INIT;

	CHECK(un_installed_gateway_part(dep));
	CHECK(un_installed_gateway_part(gw));
	CHECK(!un_installed_gateway_part(k8sgw));
	CHECK(!un_installed_gateway_part(theirs));
	CHECK(!un_installed_gateway_part(reader));
	CHECK(!un_installed_gateway_part(cacerts));
	CHECK(!un_run_by_planned(pod, &p, "cp"));
	un_add(&p, UN_GATEWAYS, UN_DELETE, restmap_by_kind("apps/v1", "Deployment"), dep);
	CHECK(un_run_by_planned(rs, &p, "cp"));
	CHECK(un_run_by_planned(pod, &p, "cp"));
	CHECK(!un_run_by_planned(pod, &p, "elsewhere"));
	CHECK(!un_run_by_planned(other, &p, "cp"));
	CHECK(!un_run_by_planned(dep, &p, "cp"));
	un_plan_release(&p);
	val_release(&dep);
	val_release(&gw);
	val_release(&k8sgw);
	val_release(&theirs);
	val_release(&reader);
	val_release(&cacerts);
	val_release(&rs);
	val_release(&pod);
	val_release(&other);
}

TEST_MAIN(T(test_owned_by_istio), T(test_tag_targets), T(test_in_use), T(test_ns_holds),
	  T(test_plan_and_lines), T(test_has), T(test_gateway_parts))
