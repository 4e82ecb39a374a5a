/*
 * kubectl sail install's topology flags without a server: the Istio and
 * namespace they produce equal the seeds' heredocs (multi-cluster models,
 * multiple meshes, dual-stack, tracing, Kiali) once normalised: the
 * seeds' versions become a supported one, addresses test addresses, and
 * the updateStrategy every install writes is added to the wanted Istio.
 */
#include "test.h"
#include "install/install.h"
#include "yaml.h"
#include "template.h"

#define V "v1.30.3"
#define ISTIO_HEAD(name) \
	"apiVersion: sailoperator.io/v1\nkind: Istio\nmetadata:\n  name: " name "\nspec:\n" \
	"  version: " V "\n  updateStrategy:\n    type: InPlace\n"

static struct val yaml1(const char *s)
{
	struct strbuf err = STRBUF_INIT;
	struct val docs, d;

	if (yaml_parse_stream(s, strlen(s), "test", &docs, NULL, &err))
		test_fail(__FILE__, __LINE__, "bad YAML in test: %s", err.buf);
	strbuf_release(&err);
	d = val_at(docs, 0);
	val_release(&docs);
	return d;
}

static void check_equal(const char *file, int line, struct val got, const char *want_yaml)
{
	struct val want = yaml1(want_yaml);

	if (!val_equal(got, want)) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

		yaml_emit(got, &a);
		yaml_emit(want, &b);
		test_fail(file, line, "documents differ\n# got:\n%s# want:\n%s", a.buf, b.buf);
		strbuf_release(&a);
		strbuf_release(&b);
	}
	val_release(&want);
}
#define CHECK_DOC(got, want) check_equal(__FILE__, __LINE__, got, want)

static struct install_req req0(void)
{
	struct install_req r;

	memset(&r, 0, sizeof(r));
	r.input_docs = val_absent();
	r.version = V;
	return r;
}

/* The plan's first document: the control plane's namespace. */
static struct val ns_doc(const struct install_plan *p)
{
	struct val ns = val_at(p->docs, 0);

	CHECK_STR(val_get_str(ns, "kind"), "Namespace");
	return ns;
}

/* Build; on failure the one-line reason is in err. */
static int build(struct install_req *r, struct install_plan *p, struct strbuf *err)
{
	strbuf_reset(err);
	return install_plan_build(r, p, err);
}

/* Multi-primary, step 1 (cluster1) and the common set-up's network label. */
static void test_multi_primary(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	struct val ns;

	r.topo.mesh_id = "mesh1";
	r.topo.cluster_name = "cluster1";
	r.topo.network = "network1";
	CHECK(!build(&r, &p, &err));
	CHECK_DOC(p.istio, ISTIO_HEAD("default")
		  "  namespace: istio-system\n"
		  "  values:\n"
		  "    global:\n"
		  "      meshID: mesh1\n"
		  "      multiCluster:\n"
		  "        clusterName: cluster1\n"
		  "      network: network1\n");
	ns = ns_doc(&p);
	CHECK_DOC(ns, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system\n"
		  "  labels:\n    topology.istio.io/network: network1\n");
	CHECK_INT(val_len(p.docs), 2);
	CHECK(!p.gateways);
	val_release(&ns);
	install_plan_release(&p);

	/* with the gateways: 7 east-west objects, then the cross-network Gateway */
	r.topo.east_west_gateway = r.topo.expose_services = true;
	CHECK(!build(&r, &p, &err));
	CHECK_INT(val_len(p.docs), 2 + 7 + 1);
	CHECK(p.gateways);
	{
		struct val last = val_at(p.docs, 9), dep = val_at(p.docs, 3);

		CHECK_STR(val_dig_str(last, "metadata", "name", NULL), "cross-network-gateway");
		CHECK_STR(val_dig_str(last, "metadata", "namespace", NULL), "istio-system");
		CHECK_STR(val_get_str(dep, "kind"), "Deployment");
		CHECK_STR(val_dig_str(dep, "metadata", "labels", "topology.istio.io/network", NULL), "network1");
		val_release(&last);
		val_release(&dep);
	}
	install_plan_release(&p);
	strbuf_release(&err);
}

/* Primary-remote, step 1: the multi-network primary; and the
 * single-network variant of the upstream docs. */
static void test_primary(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;

	r.topo.mesh_id = "mesh1";
	r.topo.cluster_name = "cluster1";
	r.topo.network = "network1";
	r.topo.external_istiod = "multi";
	CHECK(!build(&r, &p, &err));
	CHECK_DOC(p.istio, ISTIO_HEAD("default")
		  "  namespace: istio-system\n"
		  "  values:\n"
		  "    pilot:\n"
		  "      env:\n"
		  "        EXTERNAL_ISTIOD: \"true\"\n"
		  "    global:\n"
		  "      meshID: mesh1\n"
		  "      multiCluster:\n"
		  "        clusterName: cluster1\n"
		  "      network: network1\n");
	install_plan_release(&p);
	r.topo.external_istiod = "single";
	CHECK(!build(&r, &p, &err));
	CHECK(val_bool_get(val_dig(p.istio, "spec", "values", "global", "externalIstiod", NULL)));
	CHECK(!val_exists(val_dig(p.istio, "spec", "values", "pilot", NULL)));
	install_plan_release(&p);
	r.topo.external_istiod = "both";
	CHECK(build(&r, &p, &err));
	CHECK_STR(err.buf, "--external-istiod=both: expected multi (the default) or single");
	strbuf_release(&err);
}

/* Primary-remote, steps 5 and 6: the remote's Istio and namespace. */
static void test_remote(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	struct val ns;

	r.topo.remote = true;
	r.topo.cluster_name = "remote";
	r.topo.network = "network2";
	r.topo.remote_pilot_address = "192.0.2.10";
	CHECK(build(&r, &p, &err));
	CHECK_STR(err.buf, "--remote needs --control-plane-cluster NAME (the primary's cluster name) or --primary-context CTX");
	r.topo.control_plane_cluster = "cluster1";
	CHECK(!build(&r, &p, &err));
	CHECK_DOC(p.istio, ISTIO_HEAD("default")
		  "  namespace: istio-system\n"
		  "  profile: remote\n"
		  "  values:\n"
		  "    istiodRemote:\n"
		  "      injectionPath: /inject/cluster/remote/net/network2\n"
		  "    global:\n"
		  "      remotePilotAddress: 192.0.2.10\n");
	ns = ns_doc(&p);
	CHECK_DOC(ns, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system\n"
		  "  annotations:\n    topology.istio.io/controlPlaneClusters: cluster1\n"
		  "  labels:\n    topology.istio.io/network: network2\n");
	val_release(&ns);
	install_plan_release(&p);

	r.topo.mesh_id = "mesh1";
	CHECK(build(&r, &p, &err));
	CHECK_CONTAINS(err.buf, "--remote: --mesh-id is a primary's setting");
	r.topo.mesh_id = NULL;
	r.topo.remote_pilot_address = NULL;
	CHECK(build(&r, &p, &err));
	CHECK_STR(err.buf, "--remote needs --remote-pilot-address ADDR or --primary-context CTX");
	r.topo.remote_pilot_address = "192.0.2.10";
	r.profile = "default";
	CHECK(build(&r, &p, &err));
	CHECK_STR(err.buf, "--remote installs profile \"remote\", not \"default\"");
	strbuf_release(&err);
}

/* External control plane, step 4: the config (remote) cluster. */
static void test_external_config(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	struct val ns;

	r.name = "external-istiod";
	r.ns = "external-istiod";
	r.topo.external_cp = "config";
	r.topo.external_istiod_address = "192.0.2.20";
	r.topo.cluster_name = "cluster2";
	CHECK(build(&r, &p, &err));
	CHECK_STR(err.buf, "--external-control-plane config needs --network (the external control plane's network, part of the injection path)");
	r.topo.network = "network1";
	CHECK(!build(&r, &p, &err));
	CHECK_DOC(p.istio, ISTIO_HEAD("external-istiod")
		  "  namespace: external-istiod\n"
		  "  profile: remote\n"
		  "  values:\n"
		  "    defaultRevision: external-istiod\n"
		  "    global:\n"
		  "      istioNamespace: external-istiod\n"
		  "      remotePilotAddress: 192.0.2.20\n"
		  "      configCluster: true\n"
		  "    pilot:\n"
		  "      configMap: true\n"
		  "    istiodRemote:\n"
		  "      injectionPath: /inject/cluster/cluster2/net/network1\n");
	ns = ns_doc(&p);
	CHECK_DOC(ns, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: external-istiod\n");
	val_release(&ns);
	install_plan_release(&p);
	r.topo.remote = true;
	CHECK(build(&r, &p, &err));
	CHECK_STR(err.buf, "--external-control-plane cannot be combined with --remote");
	strbuf_release(&err);
}

/* External control plane, steps 7 and 8: istiod on the external cluster
 * and the Gateway and VirtualService in front of it. */
static void test_external_istiod(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	struct val gw, vs;

	r.name = "external-istiod";
	r.ns = "external-istiod";
	r.topo.external_cp = "istiod";
	r.topo.external_istiod_address = "192.0.2.20";
	r.topo.cluster_name = "cluster2";
	r.topo.network = "network1";
	r.topo.mesh_id = "mesh1";
	r.topo.expose_external_istiod = true;
	CHECK(!build(&r, &p, &err));
	CHECK_DOC(p.istio, ISTIO_HEAD("external-istiod")
		  "  namespace: external-istiod\n"
		  "  profile: empty\n"
		  "  values:\n"
		  "    meshConfig:\n"
		  "      rootNamespace: external-istiod\n"
		  "      defaultConfig:\n"
		  "        discoveryAddress: 192.0.2.20:15012\n"
		  "    pilot:\n"
		  "      enabled: true\n"
		  "      volumes:\n"
		  "        - name: config-volume\n"
		  "          configMap:\n"
		  "            name: istio-external-istiod\n"
		  "        - name: inject-volume\n"
		  "          configMap:\n"
		  "            name: istio-sidecar-injector-external-istiod\n"
		  "      volumeMounts:\n"
		  "        - name: config-volume\n"
		  "          mountPath: /etc/istio/config\n"
		  "        - name: inject-volume\n"
		  "          mountPath: /var/lib/istio/inject\n"
		  "      env:\n"
		  "        INJECTION_WEBHOOK_CONFIG_NAME: \"istio-sidecar-injector-external-istiod-external-istiod\"\n"
		  "        VALIDATION_WEBHOOK_CONFIG_NAME: \"istio-validator-external-istiod-external-istiod\"\n"
		  "        EXTERNAL_ISTIOD: \"true\"\n"
		  "        LOCAL_CLUSTER_SECRET_WATCHER: \"true\"\n"
		  "        CLUSTER_ID: cluster2\n"
		  "        SHARED_MESH_CONFIG: istio\n"
		  "    global:\n"
		  "      caAddress: 192.0.2.20:15012\n"
		  "      istioNamespace: external-istiod\n"
		  "      operatorManageWebhooks: true\n"
		  "      configValidation: false\n"
		  "      meshID: mesh1\n"
		  "      multiCluster:\n"
		  "        clusterName: cluster2\n"
		  "      network: network1\n");
	CHECK_INT(val_len(p.docs), 4);
	gw = val_at(p.docs, 2);
	vs = val_at(p.docs, 3);
	CHECK_DOC(gw,
		  "apiVersion: networking.istio.io/v1\n"
		  "kind: Gateway\n"
		  "metadata:\n"
		  "  name: external-istiod-gw\n"
		  "  namespace: external-istiod\n"
		  "spec:\n"
		  "  selector:\n"
		  "    istio: ingressgateway\n"
		  "  servers:\n"
		  "    - port:\n"
		  "        number: 15012\n"
		  "        protocol: tls\n"
		  "        name: tls-XDS\n"
		  "      tls:\n"
		  "        mode: PASSTHROUGH\n"
		  "      hosts:\n"
		  "      - \"*\"\n"
		  "    - port:\n"
		  "        number: 15017\n"
		  "        protocol: tls\n"
		  "        name: tls-WEBHOOK\n"
		  "      tls:\n"
		  "        mode: PASSTHROUGH\n"
		  "      hosts:\n"
		  "      - \"*\"\n");
	CHECK_DOC(vs,
		  "apiVersion: networking.istio.io/v1\n"
		  "kind: VirtualService\n"
		  "metadata:\n"
		  "  name: external-istiod-vs\n"
		  "  namespace: external-istiod\n"
		  "spec:\n"
		  "    hosts:\n"
		  "    - \"*\"\n"
		  "    gateways:\n"
		  "    - external-istiod-gw\n"
		  "    tls:\n"
		  "    - match:\n"
		  "      - port: 15012\n"
		  "        sniHosts:\n"
		  "        - \"*\"\n"
		  "      route:\n"
		  "      - destination:\n"
		  "          host: istiod-external-istiod.external-istiod.svc.cluster.local\n"
		  "          port:\n"
		  "            number: 15012\n"
		  "    - match:\n"
		  "      - port: 15017\n"
		  "        sniHosts:\n"
		  "        - \"*\"\n"
		  "      route:\n"
		  "      - destination:\n"
		  "          host: istiod-external-istiod.external-istiod.svc.cluster.local\n"
		  "          port:\n"
		  "            number: 443\n");
	val_release(&gw);
	val_release(&vs);
	install_plan_release(&p);
	r.topo.mesh_id = NULL;
	CHECK(build(&r, &p, &err));
	CHECK_STR(err.buf, "--external-control-plane istiod needs --mesh-id");
	r.topo.mesh_id = "mesh1";
	r.topo.external_cp = "config";
	CHECK(build(&r, &p, &err));
	CHECK_STR(err.buf, "--expose-external-istiod goes with --external-control-plane istiod");
	strbuf_release(&err);
}

/* Multiple meshes, step 1: mesh1 in istio-system1, its namespace labelled. */
static void test_discovery_selectors(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	const char *one[] = { "mesh=mesh1", NULL }, *bad[] = { "mesh", NULL };
	struct val ns;

	r.name = "mesh1";
	r.ns = "istio-system1";
	r.topo.discovery_selectors = one;
	CHECK(!build(&r, &p, &err));
	CHECK_DOC(p.istio, ISTIO_HEAD("mesh1")
		  "  namespace: istio-system1\n"
		  "  values:\n"
		  "    meshConfig:\n"
		  "      discoverySelectors:\n"
		  "      - matchLabels:\n"
		  "          mesh: mesh1\n");
	ns = ns_doc(&p);
	CHECK_DOC(ns, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system1\n"
		  "  labels:\n    mesh: mesh1\n");
	CHECK_INT(val_len(p.selectors), 1);
	val_release(&ns);
	install_plan_release(&p);
	r.topo.discovery_selectors = bad;
	CHECK(build(&r, &p, &err));
	CHECK_STR(err.buf, "--discovery-selector \"mesh\": expected KEY=VALUE (a namespace label)");
	strbuf_release(&err);
}

static struct val sel_list(const char *json)
{
	return yaml1(json);
}

static void test_overlap(void)
{
	struct val m1 = sel_list("[{matchLabels: {mesh: mesh1}}]");
	struct val m2 = sel_list("[{matchLabels: {mesh: mesh2}}]");
	struct val team = sel_list("[{matchLabels: {team: a}}]");
	struct val m1a = sel_list("[{matchLabels: {mesh: mesh1, team: a}}]");
	struct val two = sel_list("[{matchLabels: {mesh: mesh2}}, {matchLabels: {mesh: mesh1}}]");

	CHECK(!install_selectors_overlap(m1, m2));
	CHECK(install_selectors_overlap(m1, m1));
	CHECK(install_selectors_overlap(m1, team));	/* mesh=mesh1,team=a satisfies both */
	CHECK(install_selectors_overlap(m1a, m1));
	CHECK(install_selectors_overlap(two, m1));	/* one of the ORed selectors */
	CHECK(install_selectors_overlap(m1, val_absent()));	/* none: every namespace */
	val_release(&m1);
	val_release(&m2);
	val_release(&team);
	val_release(&m1a);
	val_release(&two);
}

/* Dual-stack guide, step 1 (v1.23.2 in the seed). */
static void test_dual_stack(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;

	r.topo.dual_stack = true;
	CHECK(!build(&r, &p, &err));
	CHECK_DOC(p.istio, ISTIO_HEAD("default")
		  "  values:\n"
		  "    meshConfig:\n"
		  "      defaultConfig:\n"
		  "        proxyMetadata:\n"
		  "          ISTIO_DUAL_STACK: \"true\"\n"
		  "    pilot:\n"
		  "      ipFamilyPolicy: RequireDualStack\n"
		  "      env:\n"
		  "        ISTIO_DUAL_STACK: \"true\"\n"
		  "  namespace: istio-system\n");
	install_plan_release(&p);
	strbuf_release(&err);
}

/* "Configure tracing with OpenShift distributed tracing", step 1. */
static void test_tracing(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	struct val mc;

	r.topo.tracing = "otel";
	CHECK(build(&r, &p, &err));
	CHECK_STR(err.buf, "--tracing otel needs --otel-service HOST:PORT (the OpenTelemetry collector)");
	r.topo.otel_service = "otel-collector.istio-system.svc.cluster.local";
	CHECK(build(&r, &p, &err));
	CHECK_STR(err.buf, "--otel-service \"otel-collector.istio-system.svc.cluster.local\": expected HOST:PORT with a port from 1 to 65535");
	r.topo.otel_service = "otel-collector.istio-system.svc.cluster.local:4317";
	CHECK(!build(&r, &p, &err));
	mc = val_dig(p.istio, "spec", "values", "meshConfig", NULL);
	CHECK_DOC(mc,
		  "enableTracing: true\n"
		  "extensionProviders:\n"
		  "- name: otel-tracing\n"
		  "  opentelemetry:\n"
		  "    port: 4317\n"
		  "    service: otel-collector.istio-system.svc.cluster.local \n");
	val_release(&mc);
	install_plan_release(&p);
	strbuf_release(&err);
}

/* The seeds' Addons section: Kiali for the revision "test". */
static void test_kiali(void)
{
	struct strbuf err = STRBUF_INIT;
	struct val k;

	CHECK(!install_kiali_render("test", "istio-system", "istio-system", NULL, NULL, &k, &err));
	CHECK_DOC(k,
		  "apiVersion: kiali.io/v1alpha1\n"
		  "kind: Kiali\n"
		  "metadata:\n"
		  "  name: kiali\n"
		  "  namespace: istio-system\n"
		  "spec:\n"
		  "  external_services:\n"
		  "    grafana:\n"
		  "      enabled: false\n"
		  "    istio:\n"
		  "      component_status:\n"
		  "        enabled: false\n"
		  "      config_map_name: istio-test\n"
		  "      istio_sidecar_injector_config_map_name: istio-sidecar-injector-test\n"
		  "      istiod_deployment_name: istiod-test\n"
		  "      url_service_version: 'http://istiod-test.istio-system:15014/version'\n");
	val_release(&k);
	CHECK(!install_kiali_render("default", "istio-system", "kiali", "http://prometheus:9090",
				    NULL, &k, &err));
	CHECK_STR(val_dig_str(k, "spec", "external_services", "istio", "istiod_deployment_name", NULL), "istiod");
	CHECK_STR(val_dig_str(k, "spec", "external_services", "prometheus", "url", NULL), "http://prometheus:9090");
	CHECK_STR(val_dig_str(k, "metadata", "namespace", NULL), "kiali");
	val_release(&k);
	strbuf_release(&err);
}

/* Gateways: the parametrised fields. */
static void test_gateways(void)
{
	struct strbuf err = STRBUF_INIT;
	struct install_gateway g = { "mesh-ns", "net9", "prod" };
	struct val docs = val_arr(), vs, dep;
	char *host = install_istiod_host("default", "istio-system");

	CHECK_STR(host, "istiod.istio-system.svc.cluster.local");
	free(host);
	CHECK(!install_gateway_render("east-west-gateway", &g, NULL, &docs, &err));
	CHECK(!install_gateway_render("expose-istiod", &g, NULL, &docs, &err));
	CHECK_INT(val_len(docs), 9);
	dep = val_at(docs, 1);
	CHECK_STR(val_dig_str(dep, "metadata", "namespace", NULL), "mesh-ns");
	CHECK_STR(val_dig_str(dep, "metadata", "labels", "istio.io/rev", NULL), "prod");
	/* a revision other than "default" must label the pods to be injected */
	CHECK_STR(val_dig_str(dep, "spec", "template", "metadata", "labels", "istio.io/rev", NULL), "prod");
	vs = val_at(docs, 8);
	CHECK_STR(val_get_str(vs, "kind"), "VirtualService");
	{
		struct val d = val_dig(vs, "spec", "tls", NULL), r0 = val_at(d, 0);
		struct val route = val_get(r0, "route"), d0 = val_at(route, 0);

		CHECK_STR(val_dig_str(d0, "destination", "host", NULL), "istiod-prod.mesh-ns.svc.cluster.local");
		val_release(&d);
		val_release(&r0);
		val_release(&route);
		val_release(&d0);
	}
	g.network = NULL;
	CHECK(install_gateway_render("east-west-gateway", &g, NULL, &docs, &err));
	CHECK_STR(err.buf, "east-west-gateway needs --network (the gateway's network)");
	CHECK_STR(install_gateway_service("controlplane-gateway"), "istio-ingressgateway");
	CHECK(!install_gateway_service("expose-services"));
	CHECK(!install_is_gateway("kiali"));
	val_release(&vs);
	val_release(&dep);
	val_release(&docs);
	strbuf_release(&err);
}

static void test_zz_release_templates(void)
{
	template_cache_clear();
}

TEST_MAIN(T(test_multi_primary), T(test_primary), T(test_remote),
	  T(test_external_config), T(test_external_istiod),
	  T(test_discovery_selectors), T(test_overlap), T(test_dual_stack),
	  T(test_tracing), T(test_kiali), T(test_gateways),
	  T(test_zz_release_templates))
