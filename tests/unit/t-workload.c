/*
 * The shared definitions of status and upgrade (common/workload.c):
 * meshed, resolves, stale, the injector's image and discoverySelectors.
 */
#include "test.h"
#include "workload.h"

static void test_meshed_by_annotation_only(void)
{
	struct val a = test_json("{\"sidecar.istio.io/status\":\"{}\",\"istio.io/rev\":\"x\"}");
	struct val b = test_json("{\"istio.io/rev\":\"x\"}");

	CHECK(workload_meshed(a));
	CHECK(!workload_meshed(b));	/* the revision annotation alone is not a sidecar */
	CHECK(!workload_meshed(val_absent()));
	val_release(&a);
	val_release(&b);
}

static void test_proxy_image(void)
{
	struct val p = test_json("{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"a\"},"
			  "{\"name\":\"istio-proxy\",\"image\":\"hub/proxyv2:1.30.3\"}]}}");
	struct val n = test_json("{\"spec\":{\"initContainers\":[{\"name\":\"istio-proxy\",\"image\":\"n\"}],"
			  "\"containers\":[{\"name\":\"app\",\"image\":\"a\"}]}}");
	struct val m = test_json("{\"metadata\":{\"name\":\"x\"}}");

	CHECK_STR(workload_proxy_image(p), "hub/proxyv2:1.30.3");
	CHECK_STR(workload_proxy_image(n), "n");	/* native sidecar */
	CHECK(workload_proxy_image(m) == NULL);
	val_release(&p);
	val_release(&n);
	val_release(&m);
}

static void test_pod_ref_and_resolve(void)
{
	struct val inj = test_json("{\"istio-injection\":\"enabled\",\"istio.io/rev\":\"x\"}");
	struct val rev = test_json("{\"istio.io/rev\":\"prod\"}");
	struct val none = test_json("{\"team\":\"a\"}");
	struct val pl = test_json("{\"istio.io/rev\":\"canary\"}");
	struct val off = test_json("{\"sidecar.istio.io/inject\":\"false\",\"istio.io/rev\":\"canary\"}");
	struct val on = test_json("{\"sidecar.istio.io/inject\":\"true\"}");
	struct val tags = test_json("{\"prod\":\"default-v1-30-3\",\"default\":\"default-v1-29-6\"}");

	CHECK_STR(workload_pod_ref(inj, pl), "default");	/* istio-injection wins */
	CHECK_STR(workload_pod_ref(rev, pl), "prod");	/* the namespace decides */
	CHECK_STR(workload_pod_ref(none, pl), "canary");	/* unlabelled: the pod's labels */
	CHECK(workload_pod_ref(none, off) == NULL);
	CHECK_STR(workload_pod_ref(none, on), "default");
	CHECK(workload_pod_ref(none, none) == NULL);
	CHECK_STR(workload_resolve(tags, "prod"), "default-v1-30-3");
	CHECK_STR(workload_resolve(tags, "default"), "default-v1-29-6");
	CHECK_STR(workload_resolve(tags, "canary"), "canary");
	CHECK(workload_resolve(tags, NULL) == NULL);
	val_release(&inj);
	val_release(&rev);
	val_release(&none);
	val_release(&pl);
	val_release(&off);
	val_release(&on);
	val_release(&tags);
}

static void test_injector_image(void)
{
	char *s;

	s = workload_injector_image("{\"global\":{\"hub\":\"docker.io/istio\",\"tag\":\"1.30.3\",\"proxy\":{\"image\":\"proxyv2\"}}}");
	CHECK_STR(s, "docker.io/istio/proxyv2:1.30.3");
	free(s);
	s = workload_injector_image("{\"global\":{\"hub\":\"h\",\"tag\":\"1.30.3\",\"variant\":\"distroless\"}}");
	CHECK_STR(s, "h/proxyv2:1.30.3-distroless");
	free(s);
	s = workload_injector_image("{\"global\":{\"hub\":\"h\",\"tag\":1.3,\"proxy\":{\"image\":\"reg.io/my/proxy@sha256:ab\"}}}");
	CHECK_STR(s, "reg.io/my/proxy@sha256:ab");	/* a full reference is used as is */
	free(s);
	s = workload_injector_image("{\"global\":{\"hub\":\"h\",\"tag\":42}}");
	CHECK_STR(s, "h/proxyv2:42");
	free(s);
	CHECK(workload_injector_image("{\"global\":{\"tag\":\"1\"}}") == NULL);
	CHECK(workload_injector_image("not json") == NULL);
	CHECK(workload_injector_image(NULL) == NULL);
}

/* The injector serves the revision's version: the operator's full image,
 * or the chart's tag (the user's global.tag, else spec.version). */
static void test_injector_serves(void)
{
	struct val digest = test_json("{\"spec\":{\"version\":\"v1.30.3\",\"values\":{\"global\":"
				      "{\"proxy\":{\"image\":\"registry.istio.io/release/proxyv2:1.30.3\"}}}}}");
	struct val plain = test_json("{\"spec\":{\"version\":\"v1.30.3\"}}");
	struct val tagged = test_json("{\"spec\":{\"version\":\"v1.30.3\",\"values\":{\"global\":"
				      "{\"hub\":\"my.io\",\"tag\":\"1.30.3-fips\"}}}}");

	CHECK(workload_injector_serves("registry.istio.io/release/proxyv2:1.30.3", digest));
	CHECK(!workload_injector_serves("registry.istio.io/release/proxyv2:1.29.6", digest));
	CHECK(!workload_injector_serves("other.io/proxyv2:1.30.3", digest));
	CHECK(workload_injector_serves("h/proxyv2:1.30.3", plain));
	CHECK(workload_injector_serves("h/proxyv2:1.30.3-distroless", plain));
	CHECK(!workload_injector_serves("h/proxyv2:1.30.30", plain));
	CHECK(!workload_injector_serves("h:5000/proxyv2:1.29.6", plain));
	CHECK(!workload_injector_serves("h:5000/proxyv2", plain));
	CHECK(workload_injector_serves("my.io/proxyv2:1.30.3-fips", tagged));
	CHECK(!workload_injector_serves("my.io/proxyv2:1.30.3", tagged));
	CHECK(!workload_injector_serves(NULL, plain));
	CHECK(!workload_injector_serves("h/proxyv2:1.30.3", val_absent()));
	val_release(&digest);
	val_release(&plain);
	val_release(&tagged);
}

static void test_injector_name(void)
{
	struct strbuf sb = STRBUF_INIT;

	workload_injector_name("default", &sb);
	CHECK_STR(sb.buf, "istio-sidecar-injector");
	strbuf_reset(&sb);
	workload_injector_name("prod-v1-30-3", &sb);
	CHECK_STR(sb.buf, "istio-sidecar-injector-prod-v1-30-3");
	strbuf_release(&sb);
}

static void test_staleness(void)
{
	CHECK_INT(workload_staleness("a", "a", "i", "i"), WORKLOAD_CURRENT);
	CHECK_INT(workload_staleness("a", "b", "i", "i"), WORKLOAD_STALE_REVISION);
	CHECK_INT(workload_staleness("a", NULL, NULL, NULL), WORKLOAD_STALE_UNREFERENCED);
	/* InPlace: the same revision name, a new image */
	CHECK_INT(workload_staleness("a", "a", "old", "new"), WORKLOAD_STALE_IMAGE);
	CHECK_INT(workload_staleness("a", "a", NULL, "new"), WORKLOAD_CURRENT);
	CHECK_INT(workload_staleness("a", "a", "old", NULL), WORKLOAD_CURRENT);
	CHECK_INT(workload_staleness(NULL, "a", NULL, NULL), WORKLOAD_CURRENT);
	CHECK_STR(workload_stale_name(WORKLOAD_STALE_IMAGE), "image");
	CHECK_STR(workload_stale_name(WORKLOAD_CURRENT), "");
}

static void test_selectors(void)
{
	struct val labels = test_json("{\"env\":\"prod\",\"team\":\"a\"}");
	struct val s1 = test_json("[{\"matchLabels\":{\"env\":\"prod\"}}]");
	struct val s2 = test_json("[{\"matchLabels\":{\"env\":\"dev\"}},{\"matchExpressions\":[{\"key\":\"team\",\"operator\":\"In\",\"values\":[\"a\",\"b\"]}]}]");
	struct val s3 = test_json("[{\"matchExpressions\":[{\"key\":\"team\",\"operator\":\"NotIn\",\"values\":[\"a\"]}]}]");
	struct val s4 = test_json("[{\"matchExpressions\":[{\"key\":\"x\",\"operator\":\"DoesNotExist\"},{\"key\":\"env\",\"operator\":\"Exists\"}]}]");
	struct val s5 = test_json("[{\"matchExpressions\":[{\"key\":\"env\",\"operator\":\"Gt\",\"values\":[\"1\"]}]}]");
	struct val empty = test_json("[]");

	CHECK(workload_selectors_match(s1, labels));
	CHECK(workload_selectors_match(s2, labels));
	CHECK(!workload_selectors_match(s3, labels));
	CHECK(workload_selectors_match(s4, labels));
	CHECK(!workload_selectors_match(s5, labels));
	CHECK(workload_selectors_match(empty, labels));
	CHECK(workload_selectors_match(val_absent(), labels));
	CHECK(!workload_selectors_match(s1, val_absent()));
	val_release(&labels);
	val_release(&s1);
	val_release(&s2);
	val_release(&s3);
	val_release(&s4);
	val_release(&s5);
	val_release(&empty);
}

TEST_MAIN(T(test_meshed_by_annotation_only), T(test_proxy_image), T(test_pod_ref_and_resolve),
	  T(test_injector_image), T(test_injector_serves),
	  T(test_injector_name), T(test_staleness), T(test_selectors))
