/*
 * kubectl sail install --ambient / install ztunnel without a server: the
 * documents equal the canonical ambient manifests of spec ambient.md (§1,
 * §2, §3: the chart samples and AMB's installation steps) after the
 * version is set, and what cannot work is refused before any request.
 */
#include "test.h"
#include "install/install.h"
#include "yaml.h"
#include "template.h"

#define V "v1.30.3"

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

static void check_equal(const char *file, int line, struct val got, struct val want)
{
	if (!val_equal(got, want)) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

		yaml_emit(got, &a);
		yaml_emit(want, &b);
		test_fail(file, line, "documents differ\n# got:\n%s# want:\n%s", a.buf, b.buf);
		strbuf_release(&a);
		strbuf_release(&b);
	}
}
#define CHECK_DOC(got, want) check_equal(__FILE__, __LINE__, got, want)

static struct install_req req0(void)
{
	struct install_req r;

	memset(&r, 0, sizeof(r));
	r.input_docs = val_absent();
	r.ztunnel_labels = val_absent();
	return r;
}

/* Build and expect a refusal whose message contains want. */
#define REFUSED(r, want) do { \
	struct install_plan p_; \
	struct strbuf e_ = STRBUF_INIT; \
	CHECK(install_plan_build(&(r), &p_, &e_) == -1); \
	CHECK_CONTAINS(e_.buf, want); \
	strbuf_release(&e_); \
} while (0)

/* AMB §installation: namespaces (istio-system and ztunnel labelled for
 * discovery), then Istio, IstioCNI, ZTunnel, one version. */
static void test_ambient_docs(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	static const char *const order[][2] = {
		{ "Namespace", "istio-system" }, { "Namespace", "istio-cni" },
		{ "Namespace", "ztunnel" }, { "Istio", "default" },
		{ "IstioCNI", "default" }, { "ZTunnel", "default" },
	};
	struct val istio = yaml1(
		"apiVersion: sailoperator.io/v1\n"
		"kind: Istio\n"
		"metadata:\n"
		"  name: default\n"
		"spec:\n"
		"  namespace: istio-system\n"
		"  profile: ambient\n"
		"  updateStrategy:\n"
		"    type: InPlace\n"
		"  values:\n"
		"    pilot:\n"
		"      trustedZtunnelNamespace: ztunnel\n"
		"    meshConfig:\n"
		"      discoverySelectors:\n"
		"      - matchLabels:\n"
		"          istio-discovery: enabled\n"
		"  version: " V "\n");
	struct val cni = yaml1(
		"apiVersion: sailoperator.io/v1\n"
		"kind: IstioCNI\n"
		"metadata:\n"
		"  name: default\n"
		"spec:\n"
		"  namespace: istio-cni\n"
		"  profile: ambient\n"
		"  version: " V "\n");
	struct val zt = yaml1(
		"apiVersion: sailoperator.io/v1\n"
		"kind: ZTunnel\n"
		"metadata:\n"
		"  name: default\n"
		"spec:\n"
		"  namespace: ztunnel\n"
		"  targetRef:\n"
		"    kind: Istio\n"
		"    name: default\n"
		"  version: " V "\n");
	struct val nsl = yaml1("{istio-discovery: enabled}");
	size_t i;

	r.version = V;
	r.ambient = true;
	CHECK(!install_plan_build(&r, &p, &err));
	CHECK_INT(val_len(p.docs), 6);
	for (i = 0; i < 6; i++) {
		struct val d = val_at(p.docs, i), l;

		CHECK_STR(val_get_str(d, "kind"), order[i][0]);
		CHECK_STR(val_dig_str(d, "metadata", "name", NULL), order[i][1]);
		if (i == 0 || i == 2) {
			l = val_dig(d, "metadata", "labels", NULL);
			CHECK_DOC(l, nsl);
			val_release(&l);
		}
		val_release(&d);
	}
	CHECK_DOC(p.istio, istio);
	CHECK_DOC(p.cni, cni);
	CHECK_DOC(p.ztunnel, zt);
	install_plan_release(&p);

	/* --profile ambient alone is the same plan */
	r.ambient = false;
	r.profile = "ambient";
	CHECK(!install_plan_build(&r, &p, &err));
	CHECK_INT(val_len(p.docs), 6);
	CHECK_DOC(p.ztunnel, zt);
	install_plan_release(&p);

	/* RevisionBased control plane: the ZTunnel still follows the Istio */
	r.strategy = "RevisionBased";
	CHECK(!install_plan_build(&r, &p, &err));
	CHECK_STR(p.revision, "default-v1-30-3");
	CHECK_DOC(p.ztunnel, zt);
	install_plan_release(&p);

	val_release(&istio);
	val_release(&cni);
	val_release(&zt);
	val_release(&nsl);
	strbuf_release(&err);
}

/* Own selectors: both namespaces get their labels; -f ZTunnel namespace
 * becomes the trusted one. */
static void test_ambient_selectors(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	const char *const sel[] = { "mesh=one", NULL };
	struct val zdoc = yaml1(
		"apiVersion: sailoperator.io/v1\n"
		"kind: ZTunnel\n"
		"metadata: {name: default}\n"
		"spec: {namespace: zt2, values: {ztunnel: {terminationGracePeriodSeconds: 90}}}\n");
	struct val d;

	r.ambient = true;
	r.version = V;
	r.topo.discovery_selectors = sel;
	r.input_docs = val_arr();
	val_push(&r.input_docs, zdoc);
	CHECK(!install_plan_build(&r, &p, &err));
	CHECK_STR(val_dig_str(p.istio, "spec", "values", "pilot", "trustedZtunnelNamespace", NULL), "zt2");
	d = val_dig(p.istio, "spec", "values", "meshConfig", "discoverySelectors", NULL);
	CHECK_INT(val_len(d), 1);
	{
		struct val s0 = val_at(d, 0);

		CHECK_STR(val_dig_str(s0, "matchLabels", "mesh", NULL), "one");
		val_release(&s0);
	}
	val_release(&d);
	d = val_at(p.docs, 2);
	CHECK_STR(val_dig_str(d, "metadata", "name", NULL), "zt2");
	CHECK_STR(val_dig_str(d, "metadata", "labels", "mesh", NULL), "one");
	val_release(&d);
	d = val_at(p.docs, 0);
	CHECK_STR(val_dig_str(d, "metadata", "labels", "mesh", NULL), "one");
	val_release(&d);
	CHECK_STR(val_dig_str(p.ztunnel, "spec", "version", NULL), V);
	d = val_dig(p.ztunnel, "spec", "values", "ztunnel", "terminationGracePeriodSeconds", NULL);
	CHECK(val_num_get(d) == 90);	/* -f values are kept */
	val_release(&d);
	install_plan_release(&p);
	val_release(&r.input_docs);
	val_release(&zdoc);
	strbuf_release(&err);
}

/* install ztunnel: the ZTunnel and its labelled namespace, nothing else. */
static void test_ztunnel_alone(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	const char *const sets[] = { "ztunnel.terminationGracePeriodSeconds=60", NULL };
	const char *const bad[] = { "ztunnel.nope=1", NULL };
	struct val labels = yaml1("{mesh: one}"), d;

	r.ztunnel_only = true;
	r.ztunnel_target = "prod";
	r.version = "v1.29.6";
	r.ns = "zt";
	r.sets = sets;
	r.ztunnel_labels = labels;
	CHECK(!install_plan_build(&r, &p, &err));
	CHECK_INT(val_len(p.docs), 2);
	CHECK(!val_exists(p.istio) && !val_exists(p.cni));
	d = val_at(p.docs, 0);
	CHECK_STR(val_dig_str(d, "metadata", "name", NULL), "zt");
	CHECK_STR(val_dig_str(d, "metadata", "labels", "mesh", NULL), "one");
	val_release(&d);
	CHECK_STR(val_dig_str(p.ztunnel, "spec", "targetRef", "name", NULL), "prod");
	CHECK_STR(val_dig_str(p.ztunnel, "spec", "namespace", NULL), "zt");
	CHECK_STR(val_dig_str(p.ztunnel, "spec", "version", NULL), "v1.29.6");
	d = val_dig(p.ztunnel, "spec", "values", "ztunnel", "terminationGracePeriodSeconds", NULL);
	CHECK(val_is_integer(d) && val_num_get(d) == 60);
	val_release(&d);
	install_plan_release(&p);
	r.sets = bad;
	REFUSED(r, "ZTunnel has no field spec.values.ztunnel.nope (see kubectl explain ztunnel.spec.values.ztunnel)");
	r.sets = NULL;
	r.tag = "x";
	REFUSED(r, "--tag needs an Istio: it cannot be used with 'install ztunnel'");
	val_release(&labels);
	strbuf_release(&err);
}

static void test_ambient_refusals(void)
{
	struct install_req r = req0();
	struct val docs;

	r.ambient = true;
	r.version = V;
	r.profile = "demo";
	REFUSED(r, "--ambient needs profile ambient (or openshift-ambient), not \"demo\"");
	r.profile = NULL;

	/* a ZTunnel of another name, a v1alpha1 profile, a ZTunnel ahead */
	docs = test_json("[{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"ZTunnel\",\"metadata\":{\"name\":\"zt\"}}]");
	r.input_docs = docs;
	REFUSED(r, "ZTunnel \"zt\": a ZTunnel must be named \"default\" (one per cluster)");
	val_release(&docs);
	docs = test_json("[{\"apiVersion\":\"sailoperator.io/v1alpha1\",\"kind\":\"ZTunnel\",\"metadata\":{\"name\":\"default\"},\"spec\":{\"profile\":\"ambient\"}}]");
	r.input_docs = docs;
	REFUSED(r, "spec.profile is not a field of sailoperator.io/v1 ZTunnel");
	val_release(&docs);
	docs = test_json("[{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"ZTunnel\",\"metadata\":{\"name\":\"default\"},\"spec\":{\"version\":\"v1.30.3\"}},"
			 "{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"Istio\",\"metadata\":{\"name\":\"default\"},\"spec\":{\"version\":\"v1.29.6\"}}]");
	r.input_docs = docs;
	r.version = NULL;
	REFUSED(r, "ZTunnel version v1.30.3 cannot run with Istio \"default\" at v1.29.6: ambient's node agents must be at the control plane's minor version or one below, never ahead");
	val_release(&docs);
	r.version = V;

	/* an IstioCNI of another profile */
	docs = test_json("[{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"IstioCNI\",\"metadata\":{\"name\":\"default\"},\"spec\":{\"profile\":\"default\"}}]");
	r.input_docs = docs;
	REFUSED(r, "IstioCNI \"default\" has profile default; the ambient Istio \"default\" needs profile ambient");
	val_release(&docs);
	r.input_docs = val_absent();

	/* istiod must trust the ZTunnel's namespace */
	{
		const char *const sets[] = { "pilot.trustedZtunnelNamespace=kube-system", NULL };

		r.sets = sets;
		REFUSED(r, "values.pilot.trustedZtunnelNamespace is kube-system but the ZTunnel runs in ztunnel");
		r.sets = NULL;
	}
}

static void test_ambient_skew(void)
{
	struct strbuf err = STRBUF_INIT;

	CHECK(!install_ambient_skew("ZTunnel", "v1.30.3", "x", "v1.30.0", &err));
	CHECK(!install_ambient_skew("ZTunnel", "v1.29.6", "x", "v1.30.3", &err));
	CHECK(install_ambient_skew("ZTunnel", "v1.28.6", "x", "v1.30.3", &err));
	CHECK(install_ambient_skew("IstioCNI", "v1.31.0-beta.1", "x", "v1.30.3", &err));
	CHECK(install_profile_ambient("openshift-ambient") && !install_profile_ambient("default") &&
	      !install_profile_ambient(NULL));
	strbuf_release(&err);
}

/* spec ambient §4: enrolment labels, sidecar labels refused or migrated,
 * discovery labels added, and the way back. */
static void test_namespace_labels(void)
{
	struct strbuf err = STRBUF_INIT;
	struct val none = val_absent(), ch, want, l, sel;

#define LABELS(labels, mode, wp, mig, selectors, expect) do { \
	l = test_json(labels); \
	want = test_json(expect); \
	CHECK(!install_ns_ambient_labels(l, mode, wp, mig, selectors, &ch, &err)); \
	CHECK_DOC(ch, want); \
	val_release(&ch); val_release(&want); val_release(&l); \
} while (0)
	LABELS("{}", INSTALL_NS_AMBIENT, NULL, false, none,
	       "{\"istio.io/dataplane-mode\":\"ambient\"}");
	LABELS("{\"team\":\"a\"}", INSTALL_NS_AMBIENT, "waypoint", false, none,
	       "{\"istio.io/dataplane-mode\":\"ambient\",\"istio.io/use-waypoint\":\"waypoint\"}");
	LABELS("{\"istio.io/rev\":\"default-v1-30-3\"}", INSTALL_NS_AMBIENT, NULL, true, none,
	       "{\"istio.io/rev\":null,\"istio.io/dataplane-mode\":\"ambient\"}");
	sel = test_json("[{\"matchLabels\":{\"istio-discovery\":\"enabled\"}}]");
	LABELS("{}", INSTALL_NS_AMBIENT, NULL, false, sel,
	       "{\"istio.io/dataplane-mode\":\"ambient\",\"istio-discovery\":\"enabled\"}");
	LABELS("{\"istio-discovery\":\"enabled\"}", INSTALL_NS_AMBIENT, NULL, false, sel,
	       "{\"istio.io/dataplane-mode\":\"ambient\"}");
	val_release(&sel);
	LABELS("{\"istio.io/dataplane-mode\":\"ambient\",\"istio.io/use-waypoint\":\"w\",\"x\":\"y\"}",
	       INSTALL_NS_SIDECAR, NULL, false, none,
	       "{\"istio.io/dataplane-mode\":null,\"istio.io/use-waypoint\":null}");
	LABELS("{\"istio.io/dataplane-mode\":\"ambient\",\"istio-injection\":\"enabled\"}",
	       INSTALL_NS_REMOVE, NULL, false, none,
	       "{\"istio.io/dataplane-mode\":null,\"istio-injection\":null}");
#undef LABELS
	l = test_json("{\"istio-injection\":\"enabled\"}");
	CHECK(install_ns_ambient_labels(l, INSTALL_NS_AMBIENT, NULL, false, none, &ch, &err) == -1);
	CHECK_STR(err.buf, "it has the sidecar injection label istio-injection=enabled (sidecars win over ambient): add --migrate to remove it");
	val_release(&l);
	strbuf_release(&err);
}

/* spec ambient §5: the waypoint Gateway, exactly. */
static void test_waypoint(void)
{
	struct strbuf err = STRBUF_INIT;
	struct val gw, want = yaml1(
		"apiVersion: gateway.networking.k8s.io/v1\n"
		"kind: Gateway\n"
		"metadata:\n"
		"  name: waypoint\n"
		"  namespace: bookinfo\n"
		"  labels:\n"
		"    istio.io/waypoint-for: service\n"
		"spec:\n"
		"  gatewayClassName: istio-waypoint\n"
		"  listeners:\n"
		"  - name: mesh\n"
		"    port: 15008\n"
		"    protocol: HBONE\n");

	CHECK(!install_waypoint_render("waypoint", "bookinfo", NULL, NULL, &gw, &err));
	CHECK_DOC(gw, want);
	val_release(&gw);
	CHECK(!install_waypoint_render("w2", "bookinfo", "workload", NULL, &gw, &err));
	CHECK_STR(val_dig_str(gw, "metadata", "labels", "istio.io/waypoint-for", NULL), "workload");
	val_release(&gw);
	CHECK(install_waypoint_render("Way.point", "bookinfo", NULL, NULL, &gw, &err) == -1);
	CHECK_CONTAINS(err.buf, "waypoint name \"Way.point\" is not a DNS label");
	val_release(&want);
	strbuf_release(&err);
}

static void test_zz_release_templates(void)
{
	template_cache_clear();
}

TEST_MAIN(T(test_ambient_docs), T(test_ambient_selectors), T(test_ztunnel_alone),
	  T(test_ambient_refusals), T(test_ambient_skew), T(test_namespace_labels), T(test_waypoint),
	  T(test_zz_release_templates))
