/*
 * kubectl sail install without a server: the documents built from flags
 * and -f input equal the seeds' heredocs (../shared/seeds, the Sail
 * Operator docs) once their EOL version is replaced by a supported one.
 */
#include "test.h"
#include "install/install.h"
#include "workload.h"
#include "yaml.h"
#include "template.h"

#define V "v1.30.3"

static struct val yaml(const char *s)
{
	struct strbuf err = STRBUF_INIT;
	struct val docs;

	if (yaml_parse_stream(s, strlen(s), "test", &docs, NULL, &err))
		test_fail(__FILE__, __LINE__, "bad YAML in test: %s", err.buf);
	strbuf_release(&err);
	return docs;
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

/* The document of that kind in the plan (absent when none). */
static struct val doc_of(const struct install_plan *p, const char *kind)
{
	struct val_iter it;

	for (val_iter_init(&it, p->docs); val_iter_next(&it); )
		if (!strcmp(val_get_str(it.value, "kind"), kind))
			return val_copy(it.value);
	return val_absent();
}

static int build(struct install_req *r, struct install_plan *p, struct strbuf *err)
{
	strbuf_reset(err);
	return install_plan_build(r, p, err);
}


static struct install_req req0(void)
{
	struct install_req r;

	memset(&r, 0, sizeof(r));
	r.input_docs = val_absent();
	r.existing = r.existing_cni = val_absent();
	return r;
}

/* Seed: "Installing with the InPlace strategy" (v1.22.5 in the seed). */
static void test_seed_inplace(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	struct val want = yaml(
		"apiVersion: sailoperator.io/v1\n"
		"kind: Istio\n"
		"metadata:\n"
		"  name: default\n"
		"spec:\n"
		"  namespace: istio-system\n"
		"  updateStrategy:\n"
		"    type: InPlace\n"
		"  version: " V "\n"), w0 = val_at(want, 0), ns;

	r.version = V;
	CHECK(!build(&r, &p, &err));
	CHECK_DOC(p.istio, w0);
	CHECK_INT(val_len(p.docs), 2);
	ns = val_at(p.docs, 0);
	CHECK_STR(val_get_str(ns, "kind"), "Namespace");
	CHECK_STR(val_dig_str(ns, "metadata", "name", NULL), "istio-system");
	CHECK_STR(p.revision, "default");
	val_release(&ns);
	val_release(&w0);
	val_release(&want);
	install_plan_release(&p);
	/* the default version is the newest supported GA one */
	r.version = NULL;
	CHECK(!build(&r, &p, &err));
	CHECK_STR(val_dig_str(p.istio, "spec", "version", NULL), V);
	install_plan_release(&p);
	strbuf_release(&err);
}

/* Seed: "Installing with the RevisionBased strategy". */
static void test_seed_revisionbased(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	struct val want = yaml(
		"apiVersion: sailoperator.io/v1\n"
		"kind: Istio\n"
		"metadata:\n"
		"  name: default\n"
		"spec:\n"
		"  namespace: istio-system\n"
		"  updateStrategy:\n"
		"    type: RevisionBased\n"
		"    inactiveRevisionDeletionGracePeriodSeconds: 30\n"
		"  version: " V "\n"), w0 = val_at(want, 0);

	r.version = V;
	r.strategy = "RevisionBased";
	r.grace = 30;
	r.grace_set = true;
	CHECK(!build(&r, &p, &err));
	CHECK_DOC(p.istio, w0);
	CHECK_STR(p.revision, "default-v1-30-3");
	val_release(&w0);
	val_release(&want);
	install_plan_release(&p);
	strbuf_release(&err);
}

/* Seed: RevisionBased with the IstioRevisionTag "default". */
static void test_seed_tag(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	struct val want = yaml(
		"apiVersion: sailoperator.io/v1\n"
		"kind: Istio\n"
		"metadata:\n"
		"  name: default\n"
		"spec:\n"
		"  namespace: istio-system\n"
		"  updateStrategy:\n"
		"    type: RevisionBased\n"
		"    inactiveRevisionDeletionGracePeriodSeconds: 30\n"
		"  version: " V "\n"
		"---\n"
		"apiVersion: sailoperator.io/v1\n"
		"kind: IstioRevisionTag\n"
		"metadata:\n"
		"  name: default\n"
		"spec:\n"
		"  targetRef:\n"
		"    kind: Istio\n"
		"    name: default\n"), w0 = val_at(want, 0), w1 = val_at(want, 1), tag;

	r.version = V;
	r.strategy = "RevisionBased";
	r.grace = 30;
	r.grace_set = true;
	r.tag = "default";
	CHECK(!build(&r, &p, &err));
	CHECK_DOC(p.istio, w0);
	tag = doc_of(&p, "IstioRevisionTag");
	CHECK_DOC(tag, w1);
	/* namespace, Istio, tag in that order */
	CHECK_INT(val_len(p.docs), 3);
	val_release(&tag);
	tag = val_at(p.docs, 2);
	CHECK_STR(val_get_str(tag, "kind"), "IstioRevisionTag");
	val_release(&tag);
	val_release(&w0);
	val_release(&w1);
	val_release(&want);
	install_plan_release(&p);
	/* InPlace "default" has the revision "default": a tag of that name collides */
	r.strategy = NULL;
	CHECK(build(&r, &p, &err));
	CHECK_CONTAINS(err.buf, "--tag default: the Istio's own revision is named \"default\"");
	strbuf_release(&err);
}

/* Seed (Concepts): IstioRevisionTag targeting the Istio "prod". */
static void test_seed_concepts_tag(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	struct val want = yaml(
		"apiVersion: sailoperator.io/v1\n"
		"kind: IstioRevisionTag\n"
		"metadata:\n"
		"  name: default\n"
		"spec:\n"
		"  targetRef:\n"
		"    kind: Istio   # can be either Istio or IstioRevision\n"
		"    name: prod    # the name of the Istio/IstioRevision resource\n"),
		w0 = val_at(want, 0), tag;

	r.name = "prod";
	r.tag = "default";
	CHECK(!build(&r, &p, &err));
	tag = doc_of(&p, "IstioRevisionTag");
	CHECK_DOC(tag, w0);
	CHECK_STR(p.revision, "prod");
	val_release(&tag);
	val_release(&w0);
	val_release(&want);
	install_plan_release(&p);
	strbuf_release(&err);
}

/* Seed (Concepts): Istio with pilot resources, by --set. */
static void test_seed_concepts_istio(void)
{
	static const char *const sets[] = {
		"pilot.resources.requests.cpu=100m",
		"pilot.resources.requests.memory=1024Mi", NULL
	};
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	struct val want = yaml(
		"apiVersion: sailoperator.io/v1\n"
		"kind: Istio\n"
		"metadata:\n"
		"  name: default\n"
		"spec:\n"
		"  version: " V "\n"
		"  namespace: istio-system\n"
		"  updateStrategy:\n"
		"    type: InPlace\n"
		"  values:\n"
		"    pilot:\n"
		"      resources:\n"
		"        requests:\n"
		"          cpu: 100m\n"
		"          memory: 1024Mi\n"), w0 = val_at(want, 0);

	r.version = V;
	r.sets = sets;
	CHECK(!build(&r, &p, &err));
	CHECK_DOC(p.istio, w0);
	val_release(&w0);
	val_release(&want);
	install_plan_release(&p);
	strbuf_release(&err);
}

/* Seed (Concepts): IstioCNI, by 'install cni --set'. */
static void test_seed_concepts_cni(void)
{
	static const char *const sets[] = {
		"cni.cniConfDir=/etc/cni/net.d", "cni.excludeNamespaces={kube-system}", NULL
	};
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	struct val want = yaml(
		"apiVersion: sailoperator.io/v1\n"
		"kind: IstioCNI\n"
		"metadata:\n"
		"  name: default\n"
		"spec:\n"
		"  version: " V "\n"
		"  namespace: istio-cni\n"
		"  values:\n"
		"    cni:\n"
		"      cniConfDir: /etc/cni/net.d\n"
		"      excludeNamespaces:\n"
		"      - kube-system\n"), w0 = val_at(want, 0), ns;

	r.version = V;
	r.cni_only = true;
	r.sets = sets;
	CHECK(!build(&r, &p, &err));
	CHECK_DOC(p.cni, w0);
	CHECK(!val_exists(p.istio));
	CHECK_INT(val_len(p.docs), 2);
	ns = val_at(p.docs, 0);
	CHECK_STR(val_dig_str(ns, "metadata", "name", NULL), "istio-cni");
	val_release(&ns);
	val_release(&w0);
	val_release(&want);
	install_plan_release(&p);
	/* the same with cni.excludeNamespaces[0]= */
	{
		static const char *const sets2[] = {
			"cni.cniConfDir=/etc/cni/net.d", "cni.excludeNamespaces[0]=kube-system", NULL
		};
		struct val w = yaml("apiVersion: sailoperator.io/v1\nkind: IstioCNI\n"
				    "metadata: {name: default}\n"
				    "spec: {version: " V ", namespace: istio-cni, values: {cni: "
				    "{cniConfDir: /etc/cni/net.d, excludeNamespaces: [kube-system]}}}\n");
		struct val d = val_at(w, 0);

		r.sets = sets2;
		CHECK(!build(&r, &p, &err));
		CHECK_DOC(p.cni, d);
		install_plan_release(&p);
		val_release(&d);
		val_release(&w);
	}
	strbuf_release(&err);
}

/* Seed (Environment variables): env values from a file become strings. */
static void test_seed_env_strings(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	struct val in = yaml(
		"apiVersion: sailoperator.io/v1\n"
		"kind: Istio\n"
		"metadata:\n"
		"  name: default\n"
		"spec:\n"
		"  values:\n"
		"    global:\n"
		"      istiod:\n"
		"        enableAnalysis: true\n"
		"    pilot:\n"
		"      env:\n"
		"        PILOT_ENABLE_STATUS: true\n"
		"  version: v1.23.0\n"
		"  namespace: istio-system\n");
	struct val want = yaml(
		"apiVersion: sailoperator.io/v1\n"
		"kind: Istio\n"
		"metadata:\n"
		"  name: default\n"
		"spec:\n"
		"  values:\n"
		"    global:\n"
		"      istiod:\n"
		"        enableAnalysis: true\n"
		"    pilot:\n"
		"      env:\n"
		"        PILOT_ENABLE_STATUS: \"true\"\n"
		"  version: " V "\n"
		"  namespace: istio-system\n"
		"  updateStrategy: {type: InPlace}\n"), w0 = val_at(want, 0);

	r.input_docs = in;
	/* the seed's v1.23.0 is not in the catalogue (v1.23.2-6 are, as
	 * end-of-life): refused, with what to use instead */
	test_diag_capture(true);
	CHECK(build(&r, &p, &err));
	CHECK_STR(err.buf, "version \"v1.23.0\" is not a known Istio version; "
		  "the nearest supported version is v1.29.6 (v1.29-latest); see --list-versions");
	r.version = "v1.23.2";
	CHECK(build(&r, &p, &err));
	CHECK_STR(err.buf, "version \"v1.23.2\" is end-of-life and cannot be installed; "
		  "the nearest supported version is v1.29.6 (v1.29-latest)");
	r.version = V;
	CHECK(!build(&r, &p, &err));
	CHECK_CONTAINS(test_diag(), "spec.values.pilot.env.PILOT_ENABLE_STATUS is a string field; "
		       "true was turned into the string \"true\"");
	test_diag_capture(false);
	CHECK_DOC(p.istio, w0);
	install_plan_release(&p);
	val_release(&w0);
	val_release(&want);
	val_release(&in);
	strbuf_release(&err);
}

/* kubectl get -o yaml output: server fields dropped, flags win. */
static void test_from_get_output(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	struct val in = yaml(
		"apiVersion: v1\n"
		"kind: List\n"
		"items:\n"
		"- apiVersion: sailoperator.io/v1\n"
		"  kind: Istio\n"
		"  metadata:\n"
		"    name: prod\n"
		"    resourceVersion: \"42\"\n"
		"    uid: 0000\n"
		"    generation: 3\n"
		"    creationTimestamp: \"2026-01-01T00:00:00Z\"\n"
		"    managedFields: [{manager: kubectl-sail}]\n"
		"    labels: {team: mesh}\n"
		"  spec:\n"
		"    namespace: prod-system\n"
		"    version: v1.29.6\n"
		"    updateStrategy: {type: RevisionBased}\n"
		"  status: {state: Healthy}\n");
	struct val want = yaml(
		"apiVersion: sailoperator.io/v1\n"
		"kind: Istio\n"
		"metadata: {name: prod, labels: {team: mesh}}\n"
		"spec:\n"
		"  namespace: prod-system\n"
		"  version: v1.30-latest\n"
		"  updateStrategy: {type: RevisionBased}\n"), w0 = val_at(want, 0), ns;

	r.input_docs = in;
	r.version = "v1.30-latest";
	CHECK(!build(&r, &p, &err));
	CHECK_DOC(p.istio, w0);
	CHECK_STR(p.revision, "prod-v1-30-latest");
	CHECK_STR(p.istio_version, "v1.30.3");
	ns = val_at(p.docs, 0);
	CHECK_STR(val_dig_str(ns, "metadata", "name", NULL), "prod-system");
	val_release(&ns);
	install_plan_release(&p);
	/* -n overrides spec.namespace */
	r.ns = "other";
	CHECK(!build(&r, &p, &err));
	CHECK_STR(val_dig_str(p.istio, "spec", "namespace", NULL), "other");
	install_plan_release(&p);
	val_release(&w0);
	val_release(&want);
	val_release(&in);
	strbuf_release(&err);
}

static void test_validation(void)
{
	static const char *const bad_set[] = { "pilot.nosuch.x=1", NULL };
	static const char *const bad_ns[] = { "global.istioNamespace=elsewhere", NULL };
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	struct val in;

	r.profile = "nosuch";
	CHECK(build(&r, &p, &err));
	CHECK_CONTAINS(err.buf, "unknown profile \"nosuch\": expected one of \"ambient\"");
	r.profile = "ambient";
	CHECK(!build(&r, &p, &err));
	install_plan_release(&p);
	r.profile = NULL;
	r.sets = bad_set;
	CHECK(build(&r, &p, &err));
	CHECK_STR(err.buf, "--set pilot.nosuch.x=1: Istio has no field spec.values.pilot.nosuch "
		  "(see kubectl explain istio.spec.values.pilot)");
	r.sets = bad_ns;
	CHECK(build(&r, &p, &err));
	CHECK_CONTAINS(err.buf, "spec.values.global.istioNamespace (elsewhere) must match spec.namespace (istio-system)");
	r.sets = NULL;
	r.name = "a-very-long-control-plane-name-for-tests";
	r.strategy = "RevisionBased";
	CHECK(build(&r, &p, &err));
	CHECK_CONTAINS(err.buf, "revision name \"a-very-long-control-plane-name-for-tests-v1-30-3\" is 48 characters");
	r.name = NULL;
	/* IstioCNI more than one minor from the Istio */
	in = yaml("apiVersion: sailoperator.io/v1\nkind: IstioCNI\nmetadata: {name: default}\n"
		  "spec: {version: master}\n---\n"
		  "apiVersion: sailoperator.io/v1\nkind: Istio\nmetadata: {name: default}\n"
		  "spec: {version: v1.29.6}\n");
	r.input_docs = in;
	CHECK(build(&r, &p, &err));
	CHECK_STR(err.buf, "IstioCNI version master is more than one minor version from Istio \"default\" (v1.29.6)");
	/* --version sets the IstioCNI's too */
	r.version = "v1.29.6";
	CHECK(!build(&r, &p, &err));
	CHECK_STR(val_dig_str(p.cni, "spec", "version", NULL), "v1.29.6");
	install_plan_release(&p);
	val_release(&in);
	strbuf_release(&err);
}

static void test_helpers(void)
{
	char *s = install_revision_name("default", "RevisionBased", "v1.31.0-beta.1");

	CHECK_STR(s, "default-v1-31-0-beta-1");
	free(s);
	s = install_revision_name("prod", "InPlace", "v1.30.3");
	CHECK_STR(s, "prod");
	free(s);
	CHECK(!install_minor_skew("v1.30.3", "v1.29.0"));
	CHECK(install_minor_skew("v1.30.3", "v1.28.0"));
	CHECK(install_minor_skew("v1.32.0-alpha.527f8d6c", "v1.30.3"));
}

static const char *ns_changes(const char *labels, const char *rev, const char *selectors)
{
	static struct strbuf res = STRBUF_INIT;
	struct strbuf err = STRBUF_INIT;
	struct val l = test_json(labels), sel = selectors ? test_json(selectors) : val_absent(), ch;

	strbuf_reset(&res);
	if (install_ns_labels(l, rev, sel, &ch, &err))
		strbuf_addf(&res, "error: %s", err.buf);
	else {
		val_to_json(ch, &res, VAL_JSON_SORT);
		val_release(&ch);
	}
	val_release(&l);
	val_release(&sel);
	strbuf_release(&err);
	return res.buf;
}

static void test_namespace_labels(void)
{
	/* never both istio-injection and istio.io/rev */
	CHECK_STR(ns_changes("{}", "default", NULL), "{\"istio-injection\":\"enabled\"}");
	CHECK_STR(ns_changes("{\"istio.io/rev\":\"old\"}", "default", NULL),
		  "{\"istio-injection\":\"enabled\",\"istio.io/rev\":null}");
	CHECK_STR(ns_changes("{\"istio-injection\":\"enabled\"}", "default-v1-30-3", NULL),
		  "{\"istio-injection\":null,\"istio.io/rev\":\"default-v1-30-3\"}");
	CHECK_STR(ns_changes("{\"istio-injection\":\"disabled\"}", "prod", NULL),
		  "{\"istio-injection\":null,\"istio.io/rev\":\"prod\"}");
	/* discovery selectors: the first plain matchLabels is added when none selects */
	CHECK_STR(ns_changes("{}", "prod", "[{\"matchLabels\":{\"mesh\":\"a\"}}]"),
		  "{\"istio.io/rev\":\"prod\",\"mesh\":\"a\"}");
	CHECK_STR(ns_changes("{\"team\":\"x\"}", "prod",
			     "[{\"matchExpressions\":[{\"key\":\"team\",\"operator\":\"In\",\"values\":[\"x\"]}]},"
			     "{\"matchLabels\":{\"mesh\":\"a\"}}]"),
		  "{\"istio.io/rev\":\"prod\"}");
	CHECK_STR(ns_changes("{}", "prod",
			     "[{\"matchExpressions\":[{\"key\":\"team\",\"operator\":\"Exists\"}]}]"),
		  "error: the mesh's discovery selectors (meshConfig.discoverySelectors) do not select the namespace, "
		  "and none is a plain matchLabels selector to satisfy: label it yourself");
}

static void test_selectors(void)
{
	struct val l = test_json("{\"a\":\"1\",\"b\":\"2\"}"), s;

#define SEL(json, want) do { s = test_json(json); CHECK(workload_selector_matches(s, l) == (want)); val_release(&s); } while (0)
	SEL("{}", true);
	SEL("{\"matchLabels\":{\"a\":\"1\"}}", true);
	SEL("{\"matchLabels\":{\"a\":\"2\"}}", false);
	SEL("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\",\"values\":[\"0\",\"1\"]}]}", true);
	SEL("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"NotIn\",\"values\":[\"1\"]}]}", false);
	SEL("{\"matchExpressions\":[{\"key\":\"c\",\"operator\":\"DoesNotExist\"}]}", true);
	SEL("{\"matchExpressions\":[{\"key\":\"c\",\"operator\":\"Exists\"}]}", false);
	SEL("{\"matchLabels\":{\"a\":\"1\"},\"matchExpressions\":[{\"key\":\"b\",\"operator\":\"Exists\"}]}", true);
#undef SEL
	val_release(&l);
}

/* Seed (Migrating from the in-cluster operator): the simple example. The
 * seed's Istio shows spec.meshConfig; the v1 API (and the mapping
 * table) has it under spec.values.meshConfig. */
static void test_seed_migration(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	struct val iop = yaml(
		"apiVersion: install.istio.io/v1alpha1\n"
		"kind: IstioOperator\n"
		"spec:\n"
		"  meshConfig:\n"
		"    accessLogFile: /dev/stdout\n"
		"  values:\n"
		"    pilot:\n"
		"      traceSampling: 0.1\n");
	struct val want = yaml(
		"apiVersion: sailoperator.io/v1\n"
		"kind: Istio\n"
		"metadata: {name: default}\n"
		"spec:\n"
		"  values:\n"
		"    meshConfig:\n"
		"      accessLogFile: /dev/stdout\n"
		"    pilot:\n"
		"      traceSampling: 0.1\n"
		"  version: " V "\n"
		"  namespace: istio-system\n"
		"  updateStrategy: {type: InPlace}\n"), w0 = val_at(want, 0);
	struct val i0 = val_at(iop, 0), docs;

	CHECK(!install_from_iop(i0, &docs, &err));
	CHECK_INT(val_len(docs), 1);
	r.input_docs = docs;
	CHECK(!build(&r, &p, &err));
	CHECK_DOC(p.istio, w0);
	install_plan_release(&p);
	val_release(&docs);
	val_release(&i0);
	val_release(&iop);
	val_release(&w0);
	val_release(&want);

	/* the second example: env values become strings */
	iop = yaml("apiVersion: install.istio.io/v1alpha1\n"
		   "kind: IstioOperator\n"
		   "metadata:\n"
		   "  name: default\n"
		   "spec:\n"
		   "  values:\n"
		   "    global:\n"
		   "      istiod:\n"
		   "        enableAnalysis: true\n"
		   "    pilot:\n"
		   "      env:\n"
		   "        PILOT_ENABLE_STATUS: true\n");
	want = yaml("apiVersion: sailoperator.io/v1\n"
		    "kind: Istio\n"
		    "metadata:\n"
		    "  name: default\n"
		    "spec:\n"
		    "  values:\n"
		    "    global:\n"
		    "      istiod:\n"
		    "        enableAnalysis: true\n"
		    "    pilot:\n"
		    "      env:\n"
		    "        PILOT_ENABLE_STATUS: \"true\"\n"
		    "  version: " V "\n"
		    "  namespace: istio-system\n"
		    "  updateStrategy: {type: InPlace}\n");
	w0 = val_at(want, 0);
	i0 = val_at(iop, 0);
	CHECK(!install_from_iop(i0, &docs, &err));
	r.input_docs = docs;
	test_diag_capture(true);
	CHECK(!build(&r, &p, &err));
	test_diag_capture(false);
	CHECK_DOC(p.istio, w0);
	install_plan_release(&p);
	val_release(&docs);
	val_release(&i0);
	val_release(&iop);
	val_release(&w0);
	val_release(&want);
	strbuf_release(&err);
}

static void test_iop_components(void)
{
	struct strbuf err = STRBUF_INIT;
	struct val iop = yaml(
		"apiVersion: install.istio.io/v1alpha1\n"
		"kind: IstioOperator\n"
		"metadata: {name: mesh}\n"
		"spec:\n"
		"  namespace: mesh-system\n"
		"  profile: ambient\n"
		"  hub: docker.io/istio\n"
		"  tag: 1.30.3\n"
		"  installPackagePath: /x\n"
		"  values:\n"
		"    cni: {cniConfDir: /etc/cni/net.d}\n"
		"    gateways: {istio-ingressgateway: {type: NodePort}}\n"
		"  components:\n"
		"    pilot: {enabled: false, k8s: {replicaCount: 2}}\n"
		"    cni: {enabled: true, namespace: kube-system}\n"
		"    ztunnel: {enabled: true}\n"
		"    ingressGateways: [{name: istio-ingressgateway, enabled: true}]\n");
	struct val want = yaml(
		"apiVersion: sailoperator.io/v1\nkind: Istio\nmetadata: {name: mesh}\n"
		"spec:\n"
		"  namespace: mesh-system\n"
		"  profile: ambient\n"
		"  values: {global: {hub: docker.io/istio, tag: 1.30.3}, pilot: {enabled: false}}\n"
		"---\n"
		"apiVersion: sailoperator.io/v1\nkind: IstioCNI\nmetadata: {name: default}\n"
		"spec: {namespace: kube-system, profile: ambient, values: {cni: {cniConfDir: /etc/cni/net.d}}}\n"
		"---\n"
		"apiVersion: sailoperator.io/v1\nkind: ZTunnel\nmetadata: {name: default}\n"
		"spec: {namespace: ztunnel}\n");
	struct val i0 = val_at(iop, 0), docs;
	const char *diag;

	test_diag_capture(true);
	CHECK(!install_from_iop(i0, &docs, &err));
	diag = test_diag();
	CHECK_CONTAINS(diag, "IstioOperator spec.installPackagePath is not carried over");
	CHECK_CONTAINS(diag, "IstioOperator spec.components.pilot.k8s is not carried over");
	CHECK_CONTAINS(diag, "IstioOperator spec.components.ingressGateways is not carried over: install gateways with gateway injection");
	CHECK_CONTAINS(diag, "IstioOperator spec.values.gateways is not carried over");
	test_diag_capture(false);
	CHECK_DOC(docs, want);
	val_release(&docs);
	val_release(&i0);
	val_release(&iop);
	val_release(&want);
	/* not an IstioOperator */
	iop = yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
	i0 = val_at(iop, 0);
	CHECK(install_from_iop(i0, &docs, &err));
	CHECK_STR(err.buf, "--from-istiooperator: expected kind IstioOperator, not ConfigMap");
	val_release(&i0);
	val_release(&iop);
	/* found by fuzzing (fuzz-iop): a kind spanning lines stays on one */
	strbuf_reset(&err);
	iop = yaml("kind: \"Istio\\nOperator\\u0001\"\n");
	i0 = val_at(iop, 0);
	CHECK(install_from_iop(i0, &docs, &err));
	CHECK_STR(err.buf, "--from-istiooperator: expected kind IstioOperator, not Istio\\nOperator\\x01");
	val_release(&i0);
	val_release(&iop);
	strbuf_release(&err);
}

/* Issue 22 (2): on an existing Istio install starts from its spec and
 * changes only what flags and files name; version and strategy stay. */
static void test_existing_merge(void)
{
	struct install_req r = req0();
	struct install_plan p;
	struct strbuf err = STRBUF_INIT;
	struct val have = yaml(
		"apiVersion: sailoperator.io/v1\n"
		"kind: Istio\n"
		"metadata: {name: default}\n"
		"spec:\n"
		"  namespace: cp1\n"
		"  version: v1.29.6\n"
		"  profile: default\n"
		"  updateStrategy: {type: RevisionBased, inactiveRevisionDeletionGracePeriodSeconds: 30}\n"
		"  values:\n"
		"    meshConfig: {accessLogFile: /dev/stdout}\n");
	struct val ex = val_at(have, 0), spec, want;
	const char *sets[] = { "pilot.env.X=true", NULL };

	r.existing = ex;
	r.sets = sets;
	CHECK(build(&r, &p, &err) == 0);
	spec = val_get(p.istio, "spec");
	want = yaml(
		"namespace: cp1\n"
		"version: v1.29.6\n"
		"profile: default\n"
		"updateStrategy: {type: RevisionBased, inactiveRevisionDeletionGracePeriodSeconds: 30}\n"
		"values:\n"
		"  meshConfig: {accessLogFile: /dev/stdout}\n"
		"  pilot: {env: {X: \"true\"}}\n");
	{
		struct val w0 = val_at(want, 0);

		CHECK_DOC(spec, w0);
		val_release(&w0);
	}
	CHECK_STR(p.revision, "default-v1-29-6");
	/* the diff names only the added leaf */
	{
		struct strbuf d = STRBUF_INIT;
		struct val old = val_get(ex, "spec");

		CHECK(install_spec_diff("istio.sailoperator.io/default", old, spec, &d) == 1);
		CHECK_STR(d.buf, "istio.sailoperator.io/default spec:\n+  values.pilot.env.X: \"true\"\n");
		strbuf_reset(&d);
		CHECK(install_spec_diff("x", old, old, &d) == 0);
		CHECK_STR(d.buf, "");
		val_release(&old);
		strbuf_release(&d);
	}
	val_release(&spec);
	val_release(&want);
	install_plan_release(&p);

	/* --version to another version (newer or older) is upgrade's job */
	r.sets = NULL;
	r.version = "v1.30.3";
	CHECK(build(&r, &p, &err) == -1);
	CHECK_CONTAINS(err.buf, "Istio \"default\" exists at version v1.29.6");
	CHECK_CONTAINS(err.buf, "kubectl sail upgrade default --version v1.30.3");
	r.version = "v1.29.5";
	CHECK(build(&r, &p, &err) == -1);
	/* the same version is no change */
	r.version = "v1.29.6";
	CHECK(build(&r, &p, &err) == 0);
	install_plan_release(&p);
	r.version = NULL;

	/* the strategy: refused without --change-update-strategy */
	r.strategy = "InPlace";
	CHECK(build(&r, &p, &err) == -1);
	CHECK_CONTAINS(err.buf, "--change-update-strategy");
	CHECK_CONTAINS(err.buf, "NameAlreadyExists");
	r.change_strategy = true;
	CHECK(build(&r, &p, &err) == 0);
	CHECK_STR(val_dig_str(p.istio, "spec", "updateStrategy", "type", NULL), "InPlace");
	install_plan_release(&p);
	r.strategy = NULL;
	r.change_strategy = false;

	/* -f with another version (kubectl get -o yaml, edited) is refused too */
	{
		struct val in = yaml(
			"apiVersion: sailoperator.io/v1\nkind: Istio\nmetadata: {name: default}\n"
			"spec: {version: v1.30.3}\n");

		r.input_docs = in;
		CHECK(build(&r, &p, &err) == -1);
		CHECK_CONTAINS(err.buf, "install does not change spec.version (to v1.30.3)");
		val_release(&in);
		r.input_docs = val_absent();
	}
	val_release(&ex);
	val_release(&have);
	strbuf_release(&err);
}

/* Last: compiled templates are cached per process; free them for the
 * leak checkers. */
static void test_zz_release_templates(void)
{
	template_cache_clear();
}

TEST_MAIN(T(test_seed_inplace), T(test_seed_revisionbased), T(test_seed_tag),
	  T(test_seed_concepts_tag), T(test_seed_concepts_istio),
	  T(test_seed_concepts_cni), T(test_seed_env_strings),
	  T(test_from_get_output), T(test_validation), T(test_helpers),
	  T(test_namespace_labels), T(test_selectors), T(test_seed_migration),
	  T(test_iop_components), T(test_existing_merge), T(test_zz_release_templates))
