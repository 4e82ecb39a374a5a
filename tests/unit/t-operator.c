#include "test.h"
#include "operator/operator.h"
#include "template.h"

static void test_catalogue(void)
{
	const struct operator_release *r = NULL;
	struct strbuf err = STRBUF_INIT;

	CHECK(!operator_release_find(NULL, &r, &err));
	CHECK_STR(r->version, "1.31.0");
	CHECK(!operator_release_find("v1.31.0", &r, &err));
	CHECK_STR(r->image, "quay.io/sail-dev/sail-operator:1.31-latest");
	CHECK_INT(val_len(r->images), 52);
	CHECK(operator_release_find("1.29.0", &r, &err));
	CHECK_STR(err.buf, "Sail Operator version \"1.29.0\" is not embedded in this build; it installs 1.31.0 (the default)");
	strbuf_release(&err);
}

static void test_versions(void)
{
	struct operator_version a, b;

	CHECK(!operator_parse_version("1.30.3", &a));
	CHECK(!operator_parse_version("v1.31.0", &b));
	CHECK(operator_version_cmp(&a, &b) < 0);
	CHECK(!operator_parse_version("1.31-latest", &a));
	CHECK_INT(a.patch, -1);
	CHECK_INT(operator_version_cmp(&a, &b), 0);
	CHECK(!operator_parse_version("1.32-nightly-2026-09-01", &a));
	CHECK(operator_version_cmp(&a, &b) > 0);
	CHECK(operator_parse_version("latest", &a));
	CHECK(!operator_image_version("quay.io/sail-dev/sail-operator:1.30.3", &a));
	CHECK_INT(a.minor, 30);
	CHECK(operator_image_version("localhost:5000/sail-operator", &a));
	CHECK(operator_image_version("quay.io/x/sail-operator@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &a));
	CHECK(operator_istio_cmp("v1.31.0-beta.1", "v1.31.0") < 0);
	CHECK(operator_istio_cmp("v1.32.0-alpha.527f8d6c", "v1.31.0") > 0);
	CHECK(operator_istio_cmp("v1.30-latest", "v1.29.0") < 0);
}

static void test_image_check(void)
{
	struct strbuf err = STRBUF_INIT;

	CHECK(!operator_check_image("quay.io/sail-dev/sail-operator:1.31.0", &err));
	CHECK(!operator_check_image("localhost:5000/sail-operator:dev", &err));
	CHECK(!operator_check_image("quay.io/x/op@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &err));
	CHECK(operator_check_image("localhost:5000/sail-operator", &err));
	CHECK_CONTAINS(err.buf, "names neither a tag nor a digest");
	strbuf_reset(&err);
	CHECK(operator_check_image("quay.io/x/op@sha256:abc", &err));
	CHECK_CONTAINS(err.buf, "64 hex digits");
	strbuf_release(&err);
}

static struct val crd(const char *versions_json, const char *stored)
{
	struct strbuf sb = STRBUF_INIT;
	struct val v;

	strbuf_addf(&sb, "{\"metadata\":{\"name\":\"istios.sailoperator.io\"},\"spec\":{\"group\":\"sailoperator.io\",\"versions\":%s}%s%s%s}",
		    versions_json, stored ? ",\"status\":{\"storedVersions\":" : "", stored ? stored : "",
		    stored ? "}" : "");
	v = test_json(sb.buf);
	strbuf_release(&sb);
	return v;
}

#define V1(enumjson) "{\"name\":\"v1\",\"served\":true,\"storage\":true,\"schema\":{\"openAPIV3Schema\":{\"properties\":{\"spec\":{\"properties\":{\"version\":{\"enum\":" enumjson "}}}}}}}"

static void test_crd_age(void)
{
	struct val ours = crd("[" V1("[\"v1.31-latest\",\"v1.31.0\",\"v1.30.3\",\"master\"]") "]", NULL);
	struct val older = crd("[" V1("[\"v1.30-latest\",\"v1.30.3\"]") "]", NULL);
	struct val newer = crd("[" V1("[\"v1.32.0\",\"v1.31.0\"]") "]", NULL);
	struct val other = crd("[" V1("[\"v1.31.0\"]") "]", NULL);
	char *n = operator_crd_newest_istio(ours);

	CHECK_STR(n, "v1.31.0");
	free(n);
	CHECK_INT(operator_crd_age(val_absent(), ours), CRD_ABSENT);
	CHECK_INT(operator_crd_age(ours, ours), CRD_SAME);
	CHECK_INT(operator_crd_age(older, ours), CRD_OLDER);
	CHECK_INT(operator_crd_age(newer, ours), CRD_NEWER);
	CHECK_INT(operator_crd_age(other, ours), CRD_DIFFERENT);
	val_release(&ours);
	val_release(&older);
	val_release(&newer);
	val_release(&other);
}

static void test_crd_keep_stored(void)
{
	struct val ours = crd("[" V1("[\"v1.31.0\"]") "]", NULL);
	struct val cluster = crd("[{\"name\":\"v1alpha1\",\"served\":true,\"storage\":true},"
				 V1("[\"v1.30.3\"]") "]", "[\"v1alpha1\",\"v1\"]");
	struct strbuf notes = STRBUF_INIT;
	struct val vs, kept;

	CHECK_INT(operator_crd_keep_stored(&ours, cluster, &notes), 1);
	CHECK_STR(notes.buf, "customresourcedefinition istios.sailoperator.io: keeping version v1alpha1, which objects are still stored in (status.storedVersions)\n");
	vs = val_dig(ours, "spec", "versions", NULL);
	CHECK_INT(val_len(vs), 2);
	kept = val_at(vs, 1);
	CHECK_STR(val_get_str(kept, "name"), "v1alpha1");
	CHECK(val_has(kept, "storage") && !val_bool_get(val_get(kept, "storage")));
	/* nothing to keep the second time */
	strbuf_reset(&notes);
	CHECK_INT(operator_crd_keep_stored(&ours, cluster, &notes), 0);
	val_release(&kept);
	val_release(&vs);
	val_release(&ours);
	val_release(&cluster);
	strbuf_release(&notes);
}

static void test_render(void)
{
	const struct operator_release *r;
	struct strbuf err = STRBUF_INIT;
	struct val docs, d, crds;
	const char *kinds[] = { "Namespace", "ServiceAccount", "ClusterRole", "ClusterRole",
				"ClusterRole", "ClusterRoleBinding", "ClusterRoleBinding", "Role",
				"RoleBinding", "Service", "Deployment" };
	size_t i;
	char *newest;

	CHECK(!operator_release_find(NULL, &r, &err));
	CHECK(!operator_render(r, "ops", "example.com/op:1.0.0", &docs, &err));
	CHECK_INT(val_len(docs), ARRAY_SIZE(kinds));
	for (i = 0; i < ARRAY_SIZE(kinds) && i < val_len(docs); i++) {
		d = val_at(docs, i);
		CHECK_STR(val_get_str(d, "kind"), kinds[i]);
		val_release(&d);
	}
	d = val_at(docs, 10);
	CHECK_STR(val_dig_str(d, "metadata", "namespace", NULL), "ops");
	CHECK_STR(val_dig_str(d, "spec", "template", "metadata", "annotations",
			      "images.v1_30_3.istiod", NULL), "registry.istio.io/release/pilot:1.30.3");
	{
		struct val c = val_dig(d, "spec", "template", "spec", "containers", NULL);
		struct val c0 = val_at(c, 0);

		CHECK_STR(val_get_str(c0, "image"), "example.com/op:1.0.0");
		val_release(&c0);
		val_release(&c);
	}
	{
		struct val ann = val_dig(d, "spec", "template", "metadata", "annotations", NULL);

		newest = operator_images_newest(ann);
		CHECK_STR(newest, "v1.32.0-alpha.527f8d6c");
		free(newest);
		val_release(&ann);
	}
	val_release(&d);
	val_release(&docs);
	template_cache_clear();

	CHECK(!operator_crds(&crds, &err));
	CHECK_INT(val_len(crds), 20);
	d = val_at(crds, 0);
	CHECK(operator_crd_is_sail(d));
	CHECK_STR(val_dig_str(d, "metadata", "name", NULL), "istiocnis.sailoperator.io");
	val_release(&d);
	d = val_at(crds, 19);
	CHECK(!operator_crd_is_sail(d));
	val_release(&d);
	val_release(&crds);
	strbuf_release(&err);
}

TEST_MAIN(T(test_catalogue), T(test_versions), T(test_image_check), T(test_crd_age),
	  T(test_crd_keep_stored), T(test_render))
