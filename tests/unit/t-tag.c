/*
 * kubectl sail tag without a server: refusals of `tag set`, resolution of
 * tags to revisions, the rows of `tag list`, and the references of
 * namespaces and pods (common/meshref.c, spec §8.1-§8.3).
 */
#include "test.h"
#include "tag/tag.h"
#include "meshref.h"
#include "age.h"

static const char *REVS =
	"[{\"metadata\":{\"name\":\"prod-v1-30-3\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\"},"
	"  \"spec\":{\"values\":{\"profile\":\"default\"}},"
	"  \"status\":{\"state\":\"Healthy\",\"conditions\":[{\"type\":\"InUse\",\"status\":\"True\"}]}},"
	" {\"metadata\":{\"name\":\"prod-v1-29-6\"}},"
	" {\"metadata\":{\"name\":\"far\"},\"spec\":{\"values\":{\"profile\":\"remote\"}}}]";
static const char *ISTIOS =
	"[{\"metadata\":{\"name\":\"prod\"},\"spec\":{\"version\":\"v1.30.3\",\"updateStrategy\":{\"type\":\"RevisionBased\"}}},"
	" {\"metadata\":{\"name\":\"default\"},\"spec\":{\"version\":\"v1.30.3\"}},"
	" {\"metadata\":{\"name\":\"edge\"},\"spec\":{\"version\":\"v1.30.3\",\"profile\":\"remote\"}}]";

static int check(const char *tag, const char *kind, const char *name, bool overwrite,
		 const char *cur, struct strbuf *err, char **rev)
{
	struct val revs = test_json(REVS), istios = test_json(ISTIOS);
	struct val c = cur ? test_json(cur) : val_absent();
	int r;

	strbuf_reset(err);
	r = tag_check_set(tag, kind, name, overwrite, c, revs, istios, rev, err);
	val_release(&revs);
	val_release(&istios);
	val_release(&c);
	return r;
}

static void test_set_allowed(void)
{
	struct strbuf err = STRBUF_INIT;
	char *rev = NULL;

	CHECK_INT(check("canary", "IstioRevision", "prod-v1-29-6", false, NULL, &err, &rev), 0);
	CHECK_STR(rev, "prod-v1-29-6");
	free(rev);
	/* an Istio: its active revision by the §5 naming when status is empty */
	CHECK_INT(check("stable", "Istio", "prod", false, NULL, &err, &rev), 0);
	CHECK_STR(rev, "prod-v1-30-3");
	free(rev);
	/* the same targetRef again needs no --overwrite */
	CHECK_INT(check("stable", "Istio", "prod", false,
			"{\"spec\":{\"targetRef\":{\"kind\":\"Istio\",\"name\":\"prod\"}}}", &err, &rev), 0);
	free(rev);
	strbuf_release(&err);
}

static void test_set_refused(void)
{
	struct strbuf err = STRBUF_INIT;
	char *rev = NULL;

	/* a revision's name */
	CHECK_INT(check("prod-v1-30-3", "Istio", "prod", false, NULL, &err, &rev), -1);
	CHECK_CONTAINS(err.buf, "IstioRevision \"prod-v1-30-3\" exists");
	CHECK_CONTAINS(err.buf, "NameAlreadyExists");
	CHECK(rev == NULL);
	/* default next to the InPlace Istio default: its revision is default */
	CHECK_INT(check("default", "IstioRevision", "prod-v1-29-6", false, NULL, &err, &rev), -1);
	CHECK_STR(err.buf, "the revision \"default\" of Istio \"default\" has this name: a tag cannot have the name of a revision (the operator would report NameAlreadyExists and install nothing)");
	/* another target without --overwrite; with it, allowed */
	CHECK_INT(check("canary", "IstioRevision", "prod-v1-29-6", false,
			"{\"spec\":{\"targetRef\":{\"kind\":\"Istio\",\"name\":\"prod\"}}}", &err, &rev), -1);
	CHECK_STR(err.buf, "IstioRevisionTag \"canary\" exists and points at Istio \"prod\": pass --overwrite to point it at IstioRevision \"prod-v1-29-6\"");
	CHECK_INT(check("canary", "IstioRevision", "prod-v1-29-6", true,
			"{\"spec\":{\"targetRef\":{\"kind\":\"Istio\",\"name\":\"prod\"}}}", &err, &rev), 0);
	free(rev);
	rev = NULL;
	/* the same name with another kind is a different targetRef */
	CHECK_INT(check("canary", "IstioRevision", "prod", false,
			"{\"spec\":{\"targetRef\":{\"kind\":\"Istio\",\"name\":\"prod\"}}}", &err, &rev), -1);
	/* missing targets */
	CHECK_INT(check("canary", "IstioRevision", "nope", false, NULL, &err, &rev), -1);
	CHECK_STR(err.buf, "IstioRevision \"nope\" not found");
	CHECK_INT(check("canary", "Istio", "nope", false, NULL, &err, &rev), -1);
	CHECK_STR(err.buf, "Istio \"nope\" not found");
	/* remote */
	CHECK_INT(check("canary", "IstioRevision", "far", false, NULL, &err, &rev), -1);
	CHECK_CONTAINS(err.buf, "IstioRevision \"far\" uses the remote profile");
	CHECK_INT(check("canary", "Istio", "edge", false, NULL, &err, &rev), -1);
	CHECK_CONTAINS(err.buf, "Istio \"edge\" uses the remote profile");
	CHECK(rev == NULL);
	strbuf_release(&err);
}

static void test_revision_of(void)
{
	struct val istios = test_json("[{\"metadata\":{\"name\":\"prod\"},\"spec\":{\"version\":\"v1.30.3\",\"updateStrategy\":{\"type\":\"RevisionBased\"}},"
			       "\"status\":{\"activeRevisionName\":\"prod-v1-31-0\"}}]");
	struct val t1 = test_json("{\"spec\":{\"targetRef\":{\"kind\":\"Istio\",\"name\":\"prod\"}}}");
	struct val t2 = test_json("{\"spec\":{\"targetRef\":{\"kind\":\"Istio\",\"name\":\"prod\"}},\"status\":{\"istioRevision\":\"prod-v1-30-3\"}}");
	struct val t3 = test_json("{\"spec\":{\"targetRef\":{\"kind\":\"Istio\",\"name\":\"gone\"}}}");
	char *r;

	r = tag_revision_of(t1, istios);
	CHECK_STR(r, "prod-v1-31-0");	/* follows status.activeRevisionName */
	free(r);
	r = tag_revision_of(t2, istios);
	CHECK_STR(r, "prod-v1-30-3");	/* the operator's answer wins */
	free(r);
	CHECK(tag_revision_of(t3, istios) == NULL);
	val_release(&istios);
	val_release(&t1);
	val_release(&t2);
	val_release(&t3);
}

static const char *NSS =
	"[{\"metadata\":{\"name\":\"a\",\"labels\":{\"istio.io/rev\":\"canary\"}}},"
	" {\"metadata\":{\"name\":\"b\",\"labels\":{\"istio-injection\":\"enabled\",\"istio.io/rev\":\"canary\"}}},"
	" {\"metadata\":{\"name\":\"c\",\"labels\":{\"istio-injection\":\"disabled\",\"istio.io/rev\":\"prod-v1-29-6\"}}},"
	" {\"metadata\":{\"name\":\"d\"}},"
	" {\"metadata\":{\"name\":\"0\",\"labels\":{\"istio.io/rev\":\"canary\"}}}]";
static const char *PODS =
	"[{\"metadata\":{\"namespace\":\"d\",\"name\":\"p1\",\"labels\":{\"istio.io/rev\":\"canary\"}},\"status\":{\"phase\":\"Running\"}},"
	" {\"metadata\":{\"namespace\":\"d\",\"name\":\"p2\",\"labels\":{\"istio.io/rev\":\"canary\"}},\"status\":{\"phase\":\"Succeeded\"}},"
	" {\"metadata\":{\"namespace\":\"a\",\"name\":\"p3\",\"labels\":{\"istio.io/rev\":\"canary\"}}},"
	" {\"metadata\":{\"namespace\":\"d\",\"name\":\"p4\",\"labels\":{\"sidecar.istio.io/inject\":\"true\"}}},"
	" {\"metadata\":{\"namespace\":\"d\",\"name\":\"p5\",\"labels\":{\"sidecar.istio.io/inject\":\"false\",\"istio.io/rev\":\"canary\"}}},"
	" {\"metadata\":{\"namespace\":\"a\",\"name\":\"p6\",\"annotations\":{\"istio.io/rev\":\"prod-v1-30-3\"}}}]";

static void test_meshref(void)
{
	struct val nss = test_json(NSS), pods = test_json(PODS), v;
	struct strbuf sb = STRBUF_INIT;
	struct meshref m;

	meshref_init(&m, nss, pods);
	v = meshref_namespaces(&m, "canary");
	meshref_join(v, ",", &sb);
	CHECK_STR(sb.buf, "0,a");	/* b: istio-injection=enabled wins */
	val_release(&v);
	strbuf_reset(&sb);
	v = meshref_namespaces(&m, "default");
	meshref_join(v, ",", &sb);
	CHECK_STR(sb.buf, "b");
	val_release(&v);
	strbuf_reset(&sb);
	v = meshref_namespaces(&m, "prod-v1-29-6");
	meshref_join(v, ",", &sb);
	CHECK_STR(sb.buf, "c");		/* istio-injection=disabled is ignored */
	val_release(&v);
	strbuf_reset(&sb);
	v = meshref_pods(&m, "canary", MESHREF_TAG);
	meshref_join(v, ",", &sb);
	CHECK_STR(sb.buf, "d/p1");	/* not Succeeded, not in a labelled ns, not inject=false */
	val_release(&v);
	strbuf_reset(&sb);
	v = meshref_pods(&m, "default", MESHREF_TAG);
	meshref_join(v, ",", &sb);
	CHECK_STR(sb.buf, "d/p4");
	val_release(&v);
	strbuf_reset(&sb);
	v = meshref_pods(&m, "prod-v1-30-3", MESHREF_TAG);
	CHECK_INT(val_len(v), 0);	/* annotations do not count for tags */
	val_release(&v);
	v = meshref_pods(&m, "prod-v1-30-3", MESHREF_REVISION);
	meshref_join(v, ",", &sb);
	CHECK_STR(sb.buf, "a/p6");
	val_release(&v);
	meshref_release(&m);
	val_release(&nss);
	val_release(&pods);
	strbuf_release(&sb);
}

static void test_active_revision(void)
{
	struct val a = test_json("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"version\":\"v1.31.0-beta.1\",\"updateStrategy\":{\"type\":\"RevisionBased\"}}}");
	struct val b = test_json("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"version\":\"v1.30.3\"}}");
	struct val c = test_json("{\"metadata\":{\"name\":\"x\"},\"status\":{\"activeRevisionName\":\"x-v1-2\"}}");
	char *r;

	r = meshref_active_revision(a);
	CHECK_STR(r, "x-v1-31-0-beta-1");
	free(r);
	r = meshref_active_revision(b);
	CHECK_STR(r, "x");
	free(r);
	r = meshref_active_revision(c);
	CHECK_STR(r, "x-v1-2");
	free(r);
	val_release(&a);
	val_release(&b);
	val_release(&c);
}

static void test_list_rows(void)
{
	struct val revs = test_json(REVS), istios = test_json(ISTIOS), nss = test_json(NSS), rows;
	struct val tags = test_json("[{\"metadata\":{\"name\":\"stable\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\"},"
			     "  \"spec\":{\"targetRef\":{\"kind\":\"Istio\",\"name\":\"prod\"}},"
			     "  \"status\":{\"state\":\"NotReferencedByAnything\",\"istioRevision\":\"prod-v1-30-3\","
			     "   \"conditions\":[{\"type\":\"InUse\",\"status\":\"False\"}]}},"
			     " {\"metadata\":{\"name\":\"canary\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\"},"
			     "  \"spec\":{\"targetRef\":{\"kind\":\"IstioRevision\",\"name\":\"prod-v1-29-6\"}}}]");
	struct strbuf out = STRBUF_INIT;
	struct meshref m;
	time_t now;

	meshref_init(&m, nss, val_absent());
	rows = tag_list_rows(tags, revs, istios, &m);
	/* canary (status empty: resolved client-side) covers prod-v1-29-6;
	 * stable covers prod-v1-30-3; far has no tag */
	CHECK_INT(val_len(rows), 3);
	CHECK(!parse_rfc3339("2026-01-01T00:05:00Z", &now));
	tag_list_table(rows, true, false, now, &out);
	CHECK_STR(out.buf,
		  "NAME     STATUS                    IN USE   REVISION       AGE         NAMESPACES\n"
		  "canary                                                     5m          0,a\n"
		  "                                            far            <unknown>   \n"
		  "stable   NotReferencedByAnything   False    prod-v1-30-3   5m          \n");
	val_release(&rows);
	val_release(&revs);
	val_release(&istios);
	val_release(&nss);
	val_release(&tags);
	meshref_release(&m);
	strbuf_release(&out);
}

static void test_remove_blocked(void)
{
	struct val nss = test_json("[\"a\",\"b\"]"), pods = test_json("[\"d/p1\"]"), none = val_arr();
	struct strbuf out = STRBUF_INIT;

	CHECK(!tag_remove_blocked("canary", none, none, false, &out));
	CHECK(tag_remove_blocked("canary", nss, pods, false, &out));
	CHECK_STR(out.buf, "IstioRevisionTag \"canary\" is in use by namespaces a, b and pod d/p1: move them to another tag or revision first (kubectl sail install namespace NS --revision REV), or pass --force");
	strbuf_reset(&out);
	CHECK(tag_remove_blocked("default", none, none, true, &out));
	CHECK_STR(out.buf, "IstioRevisionTag \"default\" is in use by every namespace (its revision sets sidecarInjectorWebhook.enableNamespacesByDefault): move them to another tag or revision first (kubectl sail install namespace NS --revision REV), or pass --force");
	strbuf_reset(&out);
	CHECK(tag_remove_blocked("default", nss, none, true, &out));
	CHECK_CONTAINS(out.buf, "enableNamespacesByDefault), and by namespaces a, b:");
	val_release(&nss);
	val_release(&pods);
	val_release(&none);
	strbuf_release(&out);
}

static void test_auto_injects(void)
{
	struct val revs = test_json("[{\"metadata\":{\"name\":\"r1\"},\"spec\":{\"values\":{\"sidecarInjectorWebhook\":{\"enableNamespacesByDefault\":true}}}},"
			     " {\"metadata\":{\"name\":\"r2\"}}]");
	struct val none = val_arr();
	struct val t1 = test_json("{\"spec\":{\"targetRef\":{\"kind\":\"IstioRevision\",\"name\":\"r1\"}}}");
	struct val t2 = test_json("{\"spec\":{\"targetRef\":{\"kind\":\"IstioRevision\",\"name\":\"r2\"}}}");

	CHECK(tag_auto_injects("default", t1, revs, none));
	CHECK(!tag_auto_injects("canary", t1, revs, none));	/* only the tag default */
	CHECK(!tag_auto_injects("default", t2, revs, none));
	val_release(&revs);
	val_release(&none);
	val_release(&t1);
	val_release(&t2);
}

TEST_MAIN(T(test_auto_injects), T(test_set_allowed), T(test_set_refused), T(test_revision_of), T(test_meshref),
	  T(test_active_revision), T(test_list_rows), T(test_remove_blocked))
