/*
 * kubectl sail upgrade: carry out a plan's steps, in order, within one
 * deadline. Every step looks at the cluster first and does nothing when
 * it is already done, so an interrupted upgrade converges when the same
 * command runs again.
 */
#include "sail.h"
#include "upgrade/upgrade.h"
#include "upgrade/run.h"
#include "api.h"
#include "meshref.h"
#include "workload.h"

#include <time.h>

/* Owns the version (and our previous-version note) on Sail objects, and
 * nothing else: install's own field manager keeps the rest of the spec. */
#define UPGRADE_FIELD_MANAGER "kubectl-sail-upgrade"

static long left_ms(const struct upgrade_run *u)
{
	long left = u->deadline_ms - monotonic_ms();

	return left > 0 ? left : 1;
}

/* A number in obj at a path of keys (0 when absent). */
static double num(struct val obj, const char *k1, const char *k2)
{
	struct val v = val_dig(obj, k1, k2, NULL);
	double d = val_num_get(v);

	val_release(&v);
	return d;
}

static bool has(struct val obj, const char *k1, const char *k2)
{
	struct val v = val_dig(obj, k1, k2, NULL);
	bool yes = val_exists(v);

	val_release(&v);
	return yes;
}

/* "kind/name" of a step, split; the mapping of kind. */
static int target(struct upgrade_run *u, const char *object, const struct rest_mapping **m,
		  const char **name, struct api_error *e)
{
	const char *slash = strchr(object, '/');
	char *kind;
	int ret;

	if (!slash)
		BUG("step object without a kind: %s", object);
	kind = xstrndup(object, slash - object);
	ret = api_resolve_name(u->api, kind, m, e);
	free(kind);
	*name = slash + 1;
	return ret;
}

static void say(struct upgrade_run *u, const struct rest_mapping *m, const char *name,
		const char *what)
{
	if (*m->group)
		fprintf(u->out, "%s.%s/%s %s\n", m->singular, m->group, name, what);
	else
		fprintf(u->out, "%s/%s %s\n", m->singular, name, what);
	fflush(u->out);
}

/* ---------------------------------------------------------------- patch */

static int do_patch(struct upgrade_run *u, struct val st, struct api_error *e)
{
	const struct rest_mapping *m;
	const char *name, *to = val_get_str(st, "to"), *from = val_get_str(st, "from");
	struct api_apply_opts ao = {
		.field_manager = UPGRADE_FIELD_MANAGER, .force = u->force_conflicts,
	};
	struct val cur, doc, meta, ann, spec;
	char *what;
	int ret;

	if (target(u, val_get_str(st, "object"), &m, &name, e) ||
	    api_get(u->api, m, NULL, name, &cur, e))
		return -1;
	if (!strcmp(val_dig_str(cur, "spec", "version", NULL) ?: "", to)) {
		val_release(&cur);
		say(u, m, name, "unchanged");
		return 0;
	}
	doc = val_obj();
	meta = val_obj();
	spec = val_obj();
	val_set_str(&doc, "apiVersion", "sailoperator.io/v1");
	val_set_str(&doc, "kind", m->kind);
	val_set_str(&meta, "name", name);
	if (!strcmp(m->kind, "Istio") && !u->rollback) {
		/* what --rollback goes back to */
		ann = val_obj();
		val_set_str(&ann, UPGRADE_PREVIOUS_VERSION, from);
		val_set_take(&meta, "annotations", ann);
	}
	val_set_take(&doc, "metadata", meta);
	val_set_str(&spec, "version", to);
	val_set_take(&doc, "spec", spec);
	ret = api_apply(u->api, m, NULL, doc, &ao, NULL, e);
	if (ret && api_conflicts_ours(e)) {
		/* install wrote the version: moving it is upgrade's job */
		api_error_release(e);
		ao.force = true;
		ret = api_apply(u->api, m, NULL, doc, &ao, NULL, e);
	}
	val_release(&doc);
	val_release(&cur);
	if (ret)
		return -1;
	what = xstrfmt("patched (spec.version %s -> %s)", from, to);
	say(u, m, name, what);
	free(what);
	return 0;
}

/* ---------------------------------------------------------------- waits */

struct ready_ctx {
	double generation;	/* 0: any */
	const char *active;	/* status.activeRevisionName wanted (NULL: any) */
};

static int sail_ready(void *ctx, struct val obj, struct strbuf *why)
{
	struct ready_ctx *r = ctx;

	if (!val_exists(obj)) {
		strbuf_addstr(why, "it does not exist yet");
		return 0;
	}
	if (num(obj, "status", "observedGeneration") < r->generation) {
		strbuf_addstr(why, "status.observedGeneration is behind metadata.generation: the operator has not reconciled the new version yet");
		return 0;
	}
	if (r->active) {
		const char *have = val_dig_str(obj, "status", "activeRevisionName", NULL);

		if (!have || strcmp(have, r->active)) {
			strbuf_addf(why, "status.activeRevisionName is \"%s\", not yet \"%s\"",
				    have ? have : "", r->active);
			return 0;
		}
	}
	if (api_condition_met(obj, "Ready", "True", NULL))
		return 1;
	api_conditions_describe(obj, why);
	if (!why->len)
		strbuf_addstr(why, "no Ready condition yet");
	return 0;
}

/*
 * The operator has reconciled a revision for the target version (ctx):
 * its spec names the version (the Istio controller's pass) and its status
 * is of that spec, Reconciled and Ready (the revision controller's pass,
 * which comes later: until then the Istio may copy the old revision's
 * Ready).
 */
static int revision_current(void *ctx, struct val obj, struct strbuf *why)
{
	const char *want = ctx;
	const char *have = val_dig_str(obj, "spec", "version", NULL);

	if (!val_exists(obj)) {
		strbuf_addstr(why, "it does not exist yet");
		return 0;
	}
	if (!have || strcmp(have, want)) {
		strbuf_addf(why, "spec.version is \"%s\", not yet %s: the operator has not moved the revision yet",
			    have ? have : "", want);
		return 0;
	}
	if (num(obj, "status", "observedGeneration") < num(obj, "metadata", "generation")) {
		strbuf_addstr(why, "status.observedGeneration is behind metadata.generation: the operator has not reconciled the revision's new spec yet");
		return 0;
	}
	if (api_condition_met(obj, "Reconciled", "True", NULL) &&
	    api_condition_met(obj, "Ready", "True", NULL))
		return 1;
	api_conditions_describe(obj, why);
	if (!why->len)
		strbuf_addstr(why, "no Reconciled and Ready conditions yet");
	return 0;
}

/* The revision's injector ConfigMap (obj) gives the proxy of the
 * revision (ctx) as it now stands. */
static int injector_current(void *ctx, struct val obj, struct strbuf *why)
{
	const struct val *rev = ctx;
	const char *values = val_dig_str(obj, "data", "values", NULL);
	char *image = values ? workload_injector_image(values) : NULL;
	int ok;

	if (!val_exists(obj)) {
		strbuf_addstr(why, "it does not exist yet");
		return 0;
	}
	ok = workload_injector_serves(image, *rev);
	if (!ok)
		strbuf_addf(why, "its values give proxy image \"%s\", not yet the one of %s",
			    image ? image : "", val_dig_str(*rev, "spec", "version", NULL));
	free(image);
	return ok;
}

/*
 * Wait until the operator has reconciled revision rev end to end for the
 * target version: the revision, then its injector ConfigMap (in the
 * revision's namespace), so that staleness is judged against the new
 * proxy image.
 */
static int wait_revision_current(struct upgrade_run *u, const char *rev, struct api_error *e)
{
	const struct rest_mapping *mr, *mc;
	struct val last = val_absent();
	struct strbuf cm = STRBUF_INIT;
	const char *ns;
	int ret = -1;

	if (api_resolve_name(u->api, "istiorevisions", &mr, e) ||
	    api_resolve_name(u->api, "configmaps", &mc, e) ||
	    api_wait_for(u->api, mr, NULL, rev, revision_current, (void *)u->version,
			 left_ms(u), &last, e))
		goto out;
	ns = val_dig_str(last, "spec", "namespace", NULL);
	workload_injector_name(rev, &cm);
	ret = api_wait_for(u->api, mc, ns ? ns : u->cp_namespace, cm.buf, injector_current,
			   &last, left_ms(u), NULL, e);
out:
	strbuf_release(&cm);
	val_release(&last);
	return ret;
}

static int resolved(void *ctx, struct val obj, struct strbuf *why)
{
	const char *want = ctx;
	const char *have = val_dig_str(obj, "status", "istioRevision", NULL);

	if (!val_exists(obj)) {
		strbuf_addstr(why, "the tag was deleted");
		return -1;
	}
	if (have && !strcmp(have, want))
		return 1;
	strbuf_addf(why, "status.istioRevision is \"%s\", not yet \"%s\"", have ? have : "", want);
	return 0;
}

/* kubectl rollout status, for the three workload kinds. */
static int rolled_out(void *ctx, struct val obj, struct strbuf *why)
{
	const char *kind = ctx;

	if (!val_exists(obj)) {
		strbuf_addstr(why, "it was deleted");
		return -1;
	}
	if (num(obj, "status", "observedGeneration") < num(obj, "metadata", "generation")) {
		strbuf_addstr(why, "waiting for the controller to see the restart");
		return 0;
	}
	if (!strcmp(kind, "Deployment")) {
		double want = has(obj, "spec", "replicas") ? num(obj, "spec", "replicas") : 1;
		double updated = num(obj, "status", "updatedReplicas");
		double total = num(obj, "status", "replicas");
		double avail = num(obj, "status", "availableReplicas");

		if (updated < want)
			strbuf_addf(why, "%.0f of %.0f updated replicas", updated, want);
		else if (total > updated)
			strbuf_addf(why, "%.0f old replicas are pending termination", total - updated);
		else if (avail < updated)
			strbuf_addf(why, "%.0f of %.0f updated replicas are available", avail, updated);
		else
			return 1;
	} else if (!strcmp(kind, "StatefulSet")) {
		const char *cur = val_dig_str(obj, "status", "currentRevision", NULL);
		const char *upd = val_dig_str(obj, "status", "updateRevision", NULL);
		double want = has(obj, "spec", "replicas") ? num(obj, "spec", "replicas") : 1;
		double ready = num(obj, "status", "readyReplicas");

		if (!cur || !upd || strcmp(cur, upd) || ready < want)
			strbuf_addf(why, "%.0f of %.0f pods ready on the new revision", ready, want);
		else
			return 1;
	} else {
		double want = num(obj, "status", "desiredNumberScheduled");
		double upd = num(obj, "status", "updatedNumberScheduled");
		double avail = num(obj, "status", "numberAvailable");

		if (upd < want || avail < want)
			strbuf_addf(why, "%.0f of %.0f updated pods are available", avail, want);
		else
			return 1;
	}
	return 0;
}

/* Append to a timed-out prune wait what keeps revision rev in use, by
 * the operator's rules (spec §8.2). */
static void explain_in_use(struct upgrade_run *u, const char *rev, struct api_error *e)
{
	struct api_error le = API_ERROR_INIT;
	struct meshref m;
	struct strbuf why = STRBUF_INIT;
	struct val nss, pods, tags = val_absent();
	const struct rest_mapping *mt;
	struct val_iter it;

	if (meshref_load(u->api, &m, true, &le)) {
		api_error_release(&le);
		return;
	}
	nss = meshref_namespaces(&m, rev);
	pods = meshref_pods(&m, rev, MESHREF_REVISION);
	if (val_len(nss)) {
		strbuf_addstr(&why, "namespaces ");
		meshref_join(nss, ", ", &why);
	}
	if (val_len(pods)) {
		strbuf_addf(&why, "%s%zu pods (", why.len ? "; " : "", val_len(pods));
		meshref_join(pods, ", ", &why);
		strbuf_addch(&why, ')');
	}
	if (!api_resolve_name(u->api, "istiorevisiontags", &mt, &le) &&
	    !api_list_all(u->api, mt, NULL, NULL, &tags, NULL, &le)) {
		for (val_iter_init(&it, tags); val_iter_next(&it); ) {
			const char *r = val_dig_str(it.value, "status", "istioRevision", NULL);

			if (r && !strcmp(r, rev))
				strbuf_addf(&why, "%stag %s", why.len ? "; " : "",
					    val_dig_str(it.value, "metadata", "name", NULL));
		}
	}
	api_error_release(&le);
	if (why.len) {
		struct strbuf msg = STRBUF_INIT;

		strbuf_addf(&msg, "%s; still in use by %s", e->message, why.buf);
		free(e->message);
		e->message = strbuf_detach(&msg, NULL);
	}
	strbuf_release(&why);
	val_release(&nss);
	val_release(&pods);
	val_release(&tags);
	meshref_release(&m);
}

static int do_wait(struct upgrade_run *u, struct val st, struct api_error *e)
{
	const struct rest_mapping *m;
	const char *name, *what = val_get_str(st, "waitFor");
	struct ready_ctx rc = { 0 };
	struct val cur = val_absent();
	api_pred_fn pred = sail_ready;
	void *pctx = &rc;
	char *line;

	if (target(u, val_get_str(st, "object"), &m, &name, e))
		return -1;
	if (!strcmp(what, "Deleted")) {
		pred = api_pred_gone;
	} else if (!strcmp(what, "Resolved")) {
		pred = resolved;
		pctx = (void *)u->new_rev;
	} else if (!strcmp(m->kind, "IstioRevision")) {
		/* RevisionBased: the new revision may exist from before (a
		 * rollback, an alias that moved): only its new spec counts */
		if (wait_revision_current(u, name, e))
			return -1;
		goto met;
	} else {
		/* A Ready from before the patch does not count. */
		struct api_error ge = API_ERROR_INIT;

		if (!api_get(u->api, m, NULL, name, &cur, &ge))
			rc.generation = num(cur, "metadata", "generation");
		api_error_release(&ge);
		val_release(&cur);
		if (!strcmp(m->kind, "Istio")) {
			/* InPlace: the Istio says Ready, at its new generation,
			 * as soon as its own pass has moved the revision's spec,
			 * copying the revision's Ready of the old version; the
			 * revision's pass comes later */
			if (wait_revision_current(u, u->new_rev, e))
				return -1;
			rc.active = u->new_rev;
		}
	}
	if (api_wait_for(u->api, m, NULL, name, pred, pctx, left_ms(u), NULL, e)) {
		if (pred == api_pred_gone && e->kind == API_ERR_TIMEOUT)
			explain_in_use(u, name, e);
		return -1;
	}
met:
	line = xstrfmt("condition met (%s)", what);
	say(u, m, name, line);
	free(line);
	return 0;
}

/* ---------------------------------------------------------------- relabel, retag */

static int merge_patch(struct upgrade_run *u, const struct rest_mapping *m, const char *ns,
		       const char *name, struct val patch, struct api_error *e)
{
	return api_patch(u->api, m, ns, name, API_PATCH_MERGE, patch, NULL, false, NULL, e);
}

/* The common part of relabel and retag: unless the field at k1.k2.k3 of
 * the step's object already holds the step's "to", merge-patch it with
 * patch (consumed) and say done. */
static int patch_unless_done(struct upgrade_run *u, struct val st, const char *k1,
			     const char *k2, const char *k3, struct val patch,
			     const char *done, struct api_error *e)
{
	const struct rest_mapping *m;
	const char *name, *have, *to = val_get_str(st, "to");
	struct val cur = val_absent();
	int ret = -1;

	if (target(u, val_get_str(st, "object"), &m, &name, e) ||
	    api_get(u->api, m, NULL, name, &cur, e))
		goto out;
	have = val_dig_str(cur, k1, k2, k3, NULL);
	if (have && !strcmp(have, to)) {
		say(u, m, name, "unchanged");
		ret = 0;
		goto out;
	}
	if (merge_patch(u, m, NULL, name, patch, e))
		goto out;
	say(u, m, name, done);
	ret = 0;
out:
	val_release(&cur);
	val_release(&patch);
	return ret;
}

/* {k1: {k2: v}} */
static struct val nest(const char *k1, const char *k2, struct val v)
{
	struct val inner = val_obj(), outer = val_obj();

	val_set_take(&inner, k2, v);
	val_set_take(&outer, k1, inner);
	return outer;
}

static int do_relabel(struct upgrade_run *u, struct val st, struct api_error *e)
{
	const char *to = val_get_str(st, "to"), *from = val_get_str(st, "from");
	struct val labels = val_obj(), ann = val_obj(), meta = val_obj(), patch = val_obj();
	char *line = xstrfmt("relabeled (%s: %s -> %s)", MESHREF_LABEL_REV, from, to);
	int ret;

	val_set_str(&labels, MESHREF_LABEL_REV, to);
	/* what --rollback restores, and forgets once it has */
	val_set_take(&ann, UPGRADE_PREVIOUS_REVISION, u->rollback ? val_null() : val_str(from));
	val_set_take(&meta, "labels", labels);
	val_set_take(&meta, "annotations", ann);
	val_set_take(&patch, "metadata", meta);
	ret = patch_unless_done(u, st, "metadata", "labels", MESHREF_LABEL_REV, patch, line, e);
	free(line);
	return ret;
}

static int do_retag(struct upgrade_run *u, struct val st, struct api_error *e)
{
	const char *to = val_get_str(st, "to");
	struct val ref = val_obj();
	char *line = xstrfmt("retargeted (IstioRevision %s)", to);
	int ret;

	val_set_str(&ref, "name", to);
	ret = patch_unless_done(u, st, "spec", "targetRef", "name",
				nest("spec", "targetRef", ref), line, e);
	free(line);
	return ret;
}

/* ---------------------------------------------------------------- restart */

static int do_restart(struct upgrade_run *u, struct val st, struct api_error *e)
{
	const struct rest_mapping *m;
	const char *name, *ns = val_get_str(st, "namespace");
	const char *object = val_get_str(st, "object");
	struct val patch = val_absent();
	char stamp[32];
	time_t t = time(NULL);
	struct tm tm;
	int stale;

	if (target(u, object, &m, &name, e))
		return -1;
	stale = upgrade_workload_stale(u, ns, object, e);
	if (stale < 0)
		return -1;
	if (!stale) {
		say(u, m, name, "unchanged (its pods already run the new proxy)");
		return 0;
	}
	/* as kubectl rollout restart does */
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	{
		struct val ann = val_obj(), meta = val_obj(), tmpl = val_obj(), spec = val_obj();

		val_set_str(&ann, "kubectl.kubernetes.io/restartedAt", stamp);
		val_set_take(&meta, "annotations", ann);
		val_set_take(&tmpl, "metadata", meta);
		val_set_take(&spec, "template", tmpl);
		patch = val_obj();
		val_set_take(&patch, "spec", spec);
	}
	if (merge_patch(u, m, ns, name, patch, e)) {
		val_release(&patch);
		return -1;
	}
	val_release(&patch);
	say(u, m, name, "restarted");
	if (api_wait_for(u->api, m, ns, name, rolled_out, (void *)m->kind, left_ms(u), NULL, e))
		return -1;
	say(u, m, name, "rolled out");
	return 0;
}

int upgrade_run_steps(struct upgrade_run *u, struct val steps, struct strbuf *err)
{
	struct val_iter it;

	for (val_iter_init(&it, steps); val_iter_next(&it); ) {
		struct api_error e = API_ERROR_INIT;
		const char *action = val_get_str(it.value, "action");
		int ret;

		if (!strcmp(action, "patch"))
			ret = do_patch(u, it.value, &e);
		else if (!strcmp(action, "wait"))
			ret = do_wait(u, it.value, &e);
		else if (!strcmp(action, "relabel"))
			ret = do_relabel(u, it.value, &e);
		else if (!strcmp(action, "retag"))
			ret = do_retag(u, it.value, &e);
		else if (!strcmp(action, "restart"))
			ret = do_restart(u, it.value, &e);
		else
			BUG("unknown step %s", action);
		if (ret) {
			api_error_render_apply(&e, err);
			api_error_release(&e);
			strbuf_addf(err, "\n(step %zu, %s %s; run the same command again to continue)",
				    it.index + 1, action, val_get_str(it.value, "object"));
			return -1;
		}
	}
	return 0;
}
