/*
 * kubectl sail upgrade without a server: every preflight refusal, the
 * steps of InPlace and RevisionBased plans (relabel, retag, restart,
 * prune waits, rollback), and which workload restarts a pod.
 */
#include "test.h"
#include "upgrade/upgrade.h"
#include "meshref.h"

#define OWNED "\"ownerReferences\":[{\"kind\":\"Istio\",\"name\":\"default\"}]"

/* A RevisionBased Istio "default" on v1.29.6, its revision, a tag that
 * follows the Istio, a tag pinned to the old revision, and namespaces
 * and pods that reference them in each way. */
static const char *RB_ISTIO =
	"{\"metadata\":{\"name\":\"default\",\"generation\":1},"
	" \"spec\":{\"version\":\"v1.29.6\",\"namespace\":\"istio-system\","
	"          \"updateStrategy\":{\"type\":\"RevisionBased\"}},"
	" \"status\":{\"observedGeneration\":1,\"activeRevisionName\":\"default-v1-29-6\"}}";
static const char *RB_REVS =
	"[{\"metadata\":{\"name\":\"default-v1-29-6\"," OWNED "}},"
	" {\"metadata\":{\"name\":\"other\",\"ownerReferences\":[{\"kind\":\"Istio\",\"name\":\"other\"}]}}]";
static const char *RB_TAGS =
	"[{\"metadata\":{\"name\":\"stable\"},\"spec\":{\"targetRef\":{\"kind\":\"Istio\",\"name\":\"default\"}}},"
	" {\"metadata\":{\"name\":\"pinned\"},\"spec\":{\"targetRef\":{\"kind\":\"IstioRevision\",\"name\":\"default-v1-29-6\"}}}]";
static const char *RB_NS =
	"[{\"metadata\":{\"name\":\"direct\",\"labels\":{\"istio.io/rev\":\"default-v1-29-6\"}}},"
	" {\"metadata\":{\"name\":\"tagged\",\"labels\":{\"istio.io/rev\":\"stable\"}}},"
	" {\"metadata\":{\"name\":\"pinned-ns\",\"labels\":{\"istio.io/rev\":\"pinned\"}}},"
	" {\"metadata\":{\"name\":\"injection\",\"labels\":{\"istio-injection\":\"enabled\",\"istio.io/rev\":\"default-v1-29-6\"}}},"
	" {\"metadata\":{\"name\":\"plain\"}}]";

/* A meshed pod of a Deployment (ReplicaSet NAME-HASH). */
#define POD(ns, name, rs, hash, rev, extra) \
	"{\"metadata\":{\"namespace\":\"" ns "\",\"name\":\"" name "\"," \
	"\"labels\":{\"pod-template-hash\":\"" hash "\"" extra "}," \
	"\"annotations\":{\"sidecar.istio.io/status\":\"{}\",\"istio.io/rev\":\"" rev "\"}," \
	"\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"" rs "\",\"controller\":true}]}," \
	"\"spec\":{\"containers\":[{\"name\":\"app\"},{\"name\":\"istio-proxy\",\"image\":\"hub/proxyv2:1.29.6\"}]}," \
	"\"status\":{\"phase\":\"Running\"}}"

static const char *RB_PODS =
	"[" POD("direct", "web-7d9-a", "web-7d9", "7d9", "default-v1-29-6", "") ","
	POD("direct", "web-7d9-b", "web-7d9", "7d9", "default-v1-29-6", "") ","
	POD("tagged", "api-55f-a", "api-55f", "55f", "default-v1-29-6", "") ","
	POD("pinned-ns", "db-1a2-a", "db-1a2", "1a2", "default-v1-29-6", "") ","
	POD("plain", "job-9-a", "job-9", "9", "default-v1-29-6", ",\"istio.io/rev\":\"stable\"") ","
	/* not meshed: no sidecar.istio.io/status */
	"{\"metadata\":{\"namespace\":\"direct\",\"name\":\"raw\",\"annotations\":{\"istio.io/rev\":\"default-v1-29-6\"}}},"
	/* a bare meshed pod */
	"{\"metadata\":{\"namespace\":\"direct\",\"name\":\"lonely\",\"annotations\":{\"sidecar.istio.io/status\":\"{}\",\"istio.io/rev\":\"default-v1-29-6\"}}}"
	"]";

struct fixture {
	struct val istio, revs, tags, nss, pods, cni;
	struct meshref refs;
	struct upgrade_input in;
};

static void fixture_init(struct fixture *f, const char *istio, const char *cni)
{
	f->istio = test_json(istio);
	f->revs = test_json(RB_REVS);
	f->tags = test_json(RB_TAGS);
	f->nss = test_json(RB_NS);
	f->pods = test_json(RB_PODS);
	f->cni = cni ? test_json(cni) : val_absent();
	meshref_init(&f->refs, f->nss, f->pods);
	f->in.istio = f->istio;
	f->in.revisions = f->revs;
	f->in.tags = f->tags;
	f->in.cni = f->cni;
	f->in.refs = &f->refs;
}

static void fixture_release(struct fixture *f)
{
	val_release(&f->istio);
	val_release(&f->revs);
	val_release(&f->tags);
	val_release(&f->nss);
	val_release(&f->pods);
	val_release(&f->cni);
	meshref_release(&f->refs);
}

/* The steps of a plan as lines "action object [-n ns] [from->to] [waitFor]". */
static char *steps_text(const struct upgrade_plan *p)
{
	struct val steps = val_get(p->doc, "steps"), notes = val_get(p->doc, "notes");
	struct strbuf sb = STRBUF_INIT;
	struct val_iter it;

	for (val_iter_init(&it, steps); val_iter_next(&it); ) {
		strbuf_addf(&sb, "%s %s", val_get_str(it.value, "action"),
			    val_get_str(it.value, "object"));
		if (val_get_str(it.value, "namespace"))
			strbuf_addf(&sb, " -n %s", val_get_str(it.value, "namespace"));
		if (val_get_str(it.value, "to"))
			strbuf_addf(&sb, " %s->%s", val_get_str(it.value, "from"),
				    val_get_str(it.value, "to"));
		if (val_get_str(it.value, "waitFor"))
			strbuf_addf(&sb, " %s", val_get_str(it.value, "waitFor"));
		strbuf_addch(&sb, '\n');
	}
	for (val_iter_init(&it, notes); val_iter_next(&it); )
		strbuf_addf(&sb, "note: %s\n", val_str_get(it.value));
	val_release(&steps);
	val_release(&notes);
	return strbuf_detach(&sb, NULL);
}

static char *plan(const char *istio, const char *cni, struct upgrade_req *r, struct strbuf *err)
{
	struct fixture f;
	struct upgrade_plan p;
	char *out = NULL;

	fixture_init(&f, istio, cni);
	strbuf_reset(err);
	if (!upgrade_plan_build(&f.in, r, &p, err)) {
		out = steps_text(&p);
		upgrade_plan_release(&p);
	}
	fixture_release(&f);
	return out;
}

static void test_revision_based(void)
{
	struct strbuf err = STRBUF_INIT;
	struct upgrade_req r = { .version = "v1.30.3" };
	char *got = plan(RB_ISTIO, NULL, &r, &err);

	CHECK_STR(got,
		  "patch istio/default v1.29.6->v1.30.3\n"
		  "wait istiorevision/default-v1-30-3 Ready\n"
		  "wait istiorevisiontag/stable Resolved\n"
		  "relabel namespace/direct default-v1-29-6->default-v1-30-3\n"
		  "restart deployment/web -n direct RolledOut\n"
		  "restart deployment/api -n tagged RolledOut\n"
		  "note: istiorevisiontag/pinned targets IstioRevision default-v1-29-6 by name: it keeps default-v1-29-6 in use and its namespaces on it; --retag moves it to default-v1-30-3\n"
		  "note: pod direct/lonely is not owned by a Deployment, StatefulSet or DaemonSet: delete it to re-inject it\n");
	free(got);
	strbuf_release(&err);
}

static void test_retag_restart_all_and_wait(void)
{
	struct strbuf err = STRBUF_INIT;
	struct upgrade_req r = { .version = "v1.30-latest", .retag = true,
				 .restart = RESTART_ALL, .wait_prune = true };
	char *got = plan(RB_ISTIO, NULL, &r, &err);

	/* an alias names the revision by its text (spec §5) */
	CHECK_STR(got,
		  "patch istio/default v1.29.6->v1.30-latest\n"
		  "wait istiorevision/default-v1-30-latest Ready\n"
		  "wait istiorevisiontag/stable Resolved\n"
		  "relabel namespace/direct default-v1-29-6->default-v1-30-latest\n"
		  "retag istiorevisiontag/pinned default-v1-29-6->default-v1-30-latest\n"
		  "wait istiorevisiontag/pinned Resolved\n"
		  "restart deployment/web -n direct RolledOut\n"
		  "restart deployment/api -n tagged RolledOut\n"
		  "restart deployment/db -n pinned-ns RolledOut\n"
		  "restart deployment/job -n plain RolledOut\n"
		  "wait istiorevision/default-v1-29-6 Deleted\n"
		  "note: pod direct/lonely is not owned by a Deployment, StatefulSet or DaemonSet: delete it to re-inject it\n");
	free(got);
	strbuf_release(&err);
}

static void test_restart_none_lists(void)
{
	struct strbuf err = STRBUF_INIT;
	struct upgrade_req r = { .version = "v1.30.3", .restart = RESTART_NONE };
	char *got = plan(RB_ISTIO, NULL, &r, &err);

	CHECK(got && !strstr(got, "restart "));
	CHECK_CONTAINS(got, "note: deployment/web in namespace direct runs a proxy of the old control plane (--restart=none: not restarted)\n");
	free(got);
	strbuf_release(&err);
}

static const char *INPLACE_ISTIO =
	"{\"metadata\":{\"name\":\"default\"},"
	" \"spec\":{\"version\":\"v1.29.6\",\"namespace\":\"istio-system\"}}";

static void test_inplace(void)
{
	struct strbuf err = STRBUF_INIT;
	struct upgrade_req r = { .version = "v1.30.3", .cni = true };
	struct fixture f;
	struct upgrade_plan p;
	char *got;

	fixture_init(&f, INPLACE_ISTIO, "{\"spec\":{\"version\":\"v1.29.6\"}}");
	val_release(&f.revs);
	f.revs = test_json("[{\"metadata\":{\"name\":\"default\"," OWNED "}}]");
	f.in.revisions = f.revs;
	val_release(&f.tags);
	f.tags = test_json("[]");
	f.in.tags = f.tags;
	val_release(&f.pods);
	/* the revision keeps its name: every pod it injected gets a new proxy */
	f.pods = test_json("[" POD("injection", "web-7d9-a", "web-7d9", "7d9", "default", "") ","
		    POD("direct", "old-1-a", "old-1", "1", "default-v1-29-6", "") "]");
	meshref_release(&f.refs);
	meshref_init(&f.refs, f.nss, f.pods);
	CHECK_INT(upgrade_plan_build(&f.in, &r, &p, &err), 0);
	got = steps_text(&p);
	CHECK_STR(got,
		  "patch istiocni/default v1.29.6->v1.30.3\n"
		  "wait istiocni/default Ready\n"
		  "patch istio/default v1.29.6->v1.30.3\n"
		  "wait istio/default Ready\n"
		  "restart deployment/web -n injection RolledOut\n");
	free(got);
	upgrade_plan_release(&p);
	fixture_release(&f);
	strbuf_release(&err);
}

static void test_refusals(void)
{
	struct strbuf err = STRBUF_INIT;
	struct upgrade_req r = { .version = "v1.28.10" };
	char *got;

	got = plan(RB_ISTIO, NULL, &r, &err);
	CHECK(!got);
	CHECK_CONTAINS(err.buf, "is end-of-life");
	r.version = "v9.9.9";
	CHECK(!plan(RB_ISTIO, NULL, &r, &err));
	CHECK_CONTAINS(err.buf, "not a known Istio version");
	r.version = "v1.29.5";
	CHECK(!plan(RB_ISTIO, NULL, &r, &err));
	CHECK_STR(err.buf, "v1.29.5 is older than v1.29.6, the version of Istio \"default\": a downgrade needs --allow-downgrade (or --rollback to undo the last kubectl sail upgrade)");
	r.allow_downgrade = true;
	got = plan(RB_ISTIO, NULL, &r, &err);
	CHECK(got != NULL);
	free(got);
	r.allow_downgrade = false;

	/* InPlace crosses one minor, RevisionBased two */
	r.version = "v1.30.3";
	CHECK(!plan("{\"metadata\":{\"name\":\"default\"},\"spec\":{\"version\":\"v1.28.10\"}}", NULL, &r, &err));
	CHECK_STR(err.buf, "v1.28.10 to v1.30.3 crosses 2 minor versions; InPlace upgrades cross at most 1: go to v1.29-latest first (a RevisionBased control plane may cross two)");
	got = plan("{\"metadata\":{\"name\":\"default\"},\"spec\":{\"version\":\"v1.28.10\",\"updateStrategy\":{\"type\":\"RevisionBased\"}}}", NULL, &r, &err);
	CHECK(got != NULL);
	free(got);
	CHECK(!plan("{\"metadata\":{\"name\":\"default\"},\"spec\":{\"version\":\"v1.27.9\",\"updateStrategy\":{\"type\":\"RevisionBased\"}}}", NULL, &r, &err));
	CHECK_CONTAINS(err.buf, "crosses 3 minor versions; RevisionBased upgrades cross at most 2: go to v1.29-latest first");

	/* an IstioCNI that would be left behind */
	CHECK(!plan("{\"metadata\":{\"name\":\"default\"},\"spec\":{\"version\":\"v1.29.6\"}}",
		    "{\"spec\":{\"version\":\"v1.28.10\"}}", &r, &err));
	CHECK_STR(err.buf, "IstioCNI \"default\" is at v1.28.10, more than one minor version from v1.30.3: upgrade it first (kubectl sail upgrade cni --version v1.30.3) or pass --cni");

	/* --rollback without a recorded version */
	r.rollback = true;
	r.version = NULL;
	CHECK(!plan(RB_ISTIO, NULL, &r, &err));
	CHECK_CONTAINS(err.buf, "has no kubectl-sail/previous-version annotation");
	strbuf_release(&err);
}

static void test_failing_revision_and_tag(void)
{
	struct strbuf err = STRBUF_INIT;
	struct fixture f;
	struct upgrade_plan p;
	struct upgrade_req r = { .version = "v1.30.3" };

	fixture_init(&f, RB_ISTIO, NULL);
	val_release(&f.revs);
	f.revs = test_json("[{\"metadata\":{\"name\":\"default-v1-29-6\"," OWNED "},"
		    "\"status\":{\"conditions\":[{\"type\":\"Reconciled\",\"status\":\"False\",\"reason\":\"ReconcileError\",\"message\":\"boom\"}]}}]");
	f.in.revisions = f.revs;
	CHECK_INT(upgrade_plan_build(&f.in, &r, &p, &err), -1);
	CHECK_STR(err.buf, "IstioRevision \"default-v1-29-6\" is failing, Reconciled False (ReconcileError): boom: fix it before upgrading");
	val_release(&f.tags);
	f.tags = test_json("[{\"metadata\":{\"name\":\"t\"},\"status\":{\"conditions\":[{\"type\":\"Reconciled\",\"status\":\"False\",\"reason\":\"RefNotFound\",\"message\":\"gone\"}]}}]");
	f.in.tags = f.tags;
	val_release(&f.revs);
	f.revs = test_json(RB_REVS);
	f.in.revisions = f.revs;
	strbuf_reset(&err);
	CHECK_INT(upgrade_plan_build(&f.in, &r, &p, &err), -1);
	CHECK_STR(err.buf, "IstioRevisionTag \"t\" is failing, Reconciled False (RefNotFound): gone: fix or remove it before upgrading");
	fixture_release(&f);
	strbuf_release(&err);
}

static void test_rollback(void)
{
	struct strbuf err = STRBUF_INIT;
	struct fixture f;
	struct upgrade_plan p;
	struct upgrade_req r = { .rollback = true, .allow_downgrade = true };
	char *got;

	fixture_init(&f, "{\"metadata\":{\"name\":\"default\",\"annotations\":{\"kubectl-sail/previous-version\":\"v1.29.6\"}},"
		     "\"spec\":{\"version\":\"v1.30.3\",\"updateStrategy\":{\"type\":\"RevisionBased\"}},"
		     "\"status\":{\"activeRevisionName\":\"default-v1-30-3\"}}", NULL);
	val_release(&f.nss);
	f.nss = test_json("[{\"metadata\":{\"name\":\"direct\",\"labels\":{\"istio.io/rev\":\"default-v1-30-3\"},"
		   "\"annotations\":{\"kubectl-sail/previous-revision\":\"default-v1-29-6\"}}},"
		   " {\"metadata\":{\"name\":\"mine\",\"labels\":{\"istio.io/rev\":\"default-v1-30-3\"}}}]");
	meshref_release(&f.refs);
	meshref_init(&f.refs, f.nss, val_absent());
	CHECK_INT(upgrade_plan_build(&f.in, &r, &p, &err), 0);
	got = steps_text(&p);
	/* only the namespace we relabelled goes back */
	CHECK_STR(got,
		  "patch istio/default v1.30.3->v1.29.6\n"
		  "wait istiorevision/default-v1-29-6 Ready\n"
		  "wait istiorevisiontag/stable Resolved\n"
		  "relabel namespace/direct default-v1-30-3->default-v1-29-6\n");
	free(got);
	upgrade_plan_release(&p);
	fixture_release(&f);
	strbuf_release(&err);
}

static void test_pods(void)
{
	struct val pod = test_json(POD("ns", "web-7d9-a", "web-7d9", "7d9", "r", ""));
	struct val sts = test_json("{\"metadata\":{\"ownerReferences\":[{\"kind\":\"StatefulSet\",\"name\":\"db\",\"controller\":true}]}}");
	struct val notctl = test_json("{\"metadata\":{\"ownerReferences\":[{\"kind\":\"DaemonSet\",\"name\":\"x\"}]}}");
	struct val odd = test_json("{\"metadata\":{\"labels\":{\"pod-template-hash\":\"abc\"},\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"abc\",\"controller\":true}]}}");
	char *s;

	s = upgrade_pod_workload(pod);
	CHECK_STR(s, "deployment/web");
	free(s);
	s = upgrade_pod_workload(sts);
	CHECK_STR(s, "statefulset/db");
	free(s);
	CHECK(!upgrade_pod_workload(notctl));
	CHECK(!upgrade_pod_workload(odd));
	val_release(&pod);
	val_release(&sts);
	val_release(&notctl);
	val_release(&odd);
}

TEST_MAIN(
	T(test_revision_based),
	T(test_retag_restart_all_and_wait),
	T(test_restart_none_lists),
	T(test_inplace),
	T(test_refusals),
	T(test_failing_revision_and_tag),
	T(test_rollback),
	T(test_pods),
)
