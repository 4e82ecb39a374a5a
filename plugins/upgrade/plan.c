/*
 * kubectl sail upgrade: preflight and the ordered steps (see upgrade.h).
 * Pure: everything comes from struct upgrade_input.
 */
#include "sail.h"
#include "upgrade/upgrade.h"
#include "install/install.h"
#include "meshref.h"
#include "versions.h"
#include "workload.h"

#include <stdio.h>

void upgrade_plan_release(struct upgrade_plan *p)
{
	val_release(&p->doc);
	free(p->from);
	free(p->to);
	free(p->old_rev);
	free(p->new_rev);
	memset(p, 0, sizeof(*p));
	p->doc = val_absent();
}

/* major, minor, patch of a version name (an alias counts as its target);
 * false when it is not of the form vX.Y.Z (e.g. "master"). */
static bool triplet(const char *name, int v[3])
{
	const struct istio_version *e = versions_find(versions_catalogue(), name);

	if (e && e->major >= 0) {
		v[0] = e->major;
		v[1] = e->minor;
		v[2] = e->patch;
		return true;
	}
	return name && sscanf(name, "v%d.%d.%d", &v[0], &v[1], &v[2]) == 3;
}

static int cmp_triplet(const int a[3], const int b[3])
{
	int i;

	for (i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

static const char *concrete(const char *name)
{
	const struct istio_version *e = versions_find(versions_catalogue(), name);

	return e && e->ref ? e->ref : name;
}

/* The first condition that is False, as "TYPE False (REASON): MESSAGE"
 * into out; false when there is none. Only Reconciled counts as failed:
 * Ready False is what an upgrade in progress looks like. */
static bool failing(struct val obj, struct strbuf *out)
{
	struct val conds = val_dig(obj, "status", "conditions", NULL);
	struct val_iter it;
	bool bad = false;

	for (val_iter_init(&it, conds); val_iter_next(&it) && !bad; ) {
		const char *t = val_get_str(it.value, "type");
		const char *s = val_get_str(it.value, "status");

		if (t && s && !strcmp(t, "Reconciled") && !strcmp(s, "False")) {
			strbuf_addf(out, "Reconciled False (%s): %s",
				    val_get_str(it.value, "reason") ?: "",
				    val_get_str(it.value, "message") ?: "");
			bad = true;
		}
	}
	val_release(&conds);
	return bad;
}

static bool owned_by(struct val obj, const char *kind, const char *name)
{
	struct val owners = val_dig(obj, "metadata", "ownerReferences", NULL);
	struct val_iter it;
	bool yes = false;

	for (val_iter_init(&it, owners); val_iter_next(&it) && !yes; ) {
		const char *k = val_get_str(it.value, "kind");
		const char *n = val_get_str(it.value, "name");

		yes = k && n && !strcmp(k, kind) && !strcmp(n, name);
	}
	val_release(&owners);
	return yes;
}

static struct val find_named(struct val arr, const char *name)
{
	struct val_iter it;

	for (val_iter_init(&it, arr); val_iter_next(&it); ) {
		const char *n = val_dig_str(it.value, "metadata", "name", NULL);

		if (n && !strcmp(n, name))
			return val_copy(it.value);
	}
	return val_absent();
}

struct ctx {
	const struct upgrade_input *in;
	const struct upgrade_req *r;
	const char *istio;	/* its name */
	const char *new_rev;
	struct val old_revs;	/* names (strings) */
	struct val steps;
	struct val notes;
};

static bool is_old(const struct ctx *c, const char *rev)
{
	struct val_iter it;

	for (val_iter_init(&it, c->old_revs); rev && val_iter_next(&it); )
		if (!strcmp(val_str_get(it.value), rev))
			return true;
	return false;
}

/* Does a referenced name (revision or tag) lead to the new revision once
 * the plan has run? Old revision names do when relabelled is true (the
 * namespace's label is rewritten). */
static bool leads_to_new(const struct ctx *c, const char *ref, bool relabelled)
{
	struct val tag;
	const char *kind, *target;
	bool yes = false;

	if (!ref)
		return false;
	if (!strcmp(ref, c->new_rev))
		return true;
	if (is_old(c, ref))
		return relabelled;
	tag = find_named(c->in->tags, ref);
	kind = val_dig_str(tag, "spec", "targetRef", "kind", NULL);
	target = val_dig_str(tag, "spec", "targetRef", "name", NULL);
	if (kind && target && !strcmp(kind, "Istio"))
		yes = !strcmp(target, c->istio);
	else if (kind && target && !strcmp(kind, "IstioRevision"))
		yes = !strcmp(target, c->new_rev) || (c->r->retag && is_old(c, target));
	val_release(&tag);
	return yes;
}

static struct val step(const char *action, const char *object, const char *ns)
{
	struct val s = val_obj();

	val_set_str(&s, "action", action);
	val_set_str(&s, "object", object);
	if (ns)
		val_set_str(&s, "namespace", ns);
	return s;
}

static void add_wait(struct ctx *c, const char *object, const char *ns, const char *what)
{
	struct val s = step("wait", object, ns);

	val_set_str(&s, "waitFor", what);
	val_push_take(&c->steps, s);
}

static void add_change(struct ctx *c, const char *action, const char *object,
		       const char *from, const char *to)
{
	struct val s = step(action, object, NULL);

	val_set_str(&s, "from", from ? from : "");
	val_set_str(&s, "to", to);
	val_push_take(&c->steps, s);
}

/* relabel: namespaces whose istio.io/rev label names an old revision (or,
 * on rollback, that carry our previous-revision annotation). A namespace
 * with istio-injection=enabled resolves to "default" whatever its
 * istio.io/rev says, so relabelling it would change nothing. */
static void plan_relabels(struct ctx *c)
{
	struct val_iter it;

	if (!c->in->refs)
		return;
	for (val_iter_init(&it, c->in->refs->namespaces); val_iter_next(&it); ) {
		const char *ns = val_dig_str(it.value, "metadata", "name", NULL);
		const char *rev = val_dig_str(it.value, "metadata", "labels",
					      MESHREF_LABEL_REV, NULL);
		const char *inj = val_dig_str(it.value, "metadata", "labels",
					      MESHREF_LABEL_INJECTION, NULL);
		const char *prev = val_dig_str(it.value, "metadata", "annotations",
					       UPGRADE_PREVIOUS_REVISION, NULL);
		const char *to = NULL;
		char *object;

		if (!ns || (inj && !strcmp(inj, "enabled")))
			continue;
		if (c->r->rollback && prev && rev && is_old(c, rev))
			to = prev;
		else if (!c->r->rollback && rev && is_old(c, rev))
			to = c->new_rev;
		if (!to || !strcmp(to, rev))
			continue;
		object = xstrfmt("namespace/%s", ns);
		add_change(c, "relabel", object, rev, to);
		free(object);
	}
}

/* wait: tags that follow this Istio must name the new revision before
 * any pod of theirs restarts, or the injector would give it the old one. */
static void plan_tag_waits(struct ctx *c)
{
	struct val_iter it;

	for (val_iter_init(&it, c->in->tags); val_iter_next(&it); ) {
		const char *name = val_dig_str(it.value, "metadata", "name", NULL);
		const char *kind = val_dig_str(it.value, "spec", "targetRef", "kind", NULL);
		const char *target = val_dig_str(it.value, "spec", "targetRef", "name", NULL);
		char *object;

		if (!name || !kind || !target || strcmp(kind, "Istio") || strcmp(target, c->istio))
			continue;
		object = xstrfmt("istiorevisiontag/%s", name);
		add_wait(c, object, NULL, "Resolved");
		free(object);
	}
}

/* retag: tags that name an old revision directly. */
static void plan_retags(struct ctx *c)
{
	struct val_iter it;

	for (val_iter_init(&it, c->in->tags); val_iter_next(&it); ) {
		const char *name = val_dig_str(it.value, "metadata", "name", NULL);
		const char *kind = val_dig_str(it.value, "spec", "targetRef", "kind", NULL);
		const char *target = val_dig_str(it.value, "spec", "targetRef", "name", NULL);
		char *object;

		if (!name || !kind || !target || strcmp(kind, "IstioRevision") || !is_old(c, target))
			continue;
		object = xstrfmt("istiorevisiontag/%s", name);
		if (c->r->retag) {
			add_change(c, "retag", object, target, c->new_rev);
			add_wait(c, object, NULL, "Resolved");
		} else {
			struct val note = val_strf("%s targets IstioRevision %s by name: it keeps %s in use and its namespaces on it; --retag moves it to %s",
						   object, target, target, c->new_rev);
			val_push_take(&c->notes, note);
		}
		free(object);
	}
}

/* Is the namespace named ns (after relabelling) one that follows the new
 * revision? *refs_something says whether it references anything. */
static bool ns_follows(const struct ctx *c, const char *ns, bool *refs_something)
{
	struct val_iter it;

	*refs_something = false;
	for (val_iter_init(&it, c->in->refs->namespaces); val_iter_next(&it); ) {
		const char *n = val_dig_str(it.value, "metadata", "name", NULL);
		struct val labels;
		const char *ref;
		bool yes;

		if (!n || strcmp(n, ns))
			continue;
		labels = val_dig(it.value, "metadata", "labels", NULL);
		ref = meshref_ns_ref(labels);
		*refs_something = ref != NULL;
		yes = leads_to_new(c, ref, true);
		val_release(&labels);
		return yes;
	}
	return false;
}

static bool listed(struct val arr, const char *s)
{
	struct val_iter it;

	for (val_iter_init(&it, arr); val_iter_next(&it); )
		if (!strcmp(val_str_get(it.value), s))
			return true;
	return false;
}

/* restart: the workloads owning meshed pods that the plan leaves on an
 * old revision (RevisionBased) or on the old image (InPlace: the revision
 * keeps its name, so every pod it injected is old once it is upgraded). */
static void plan_restarts(struct ctx *c)
{
	struct val seen = val_arr(), bare = val_arr();
	struct val_iter it;
	bool inplace = !strcmp(c->new_rev, c->istio) && !c->r->rollback;

	if (!c->in->refs || !val_exists(c->in->refs->pods))
		goto out;
	for (val_iter_init(&it, c->in->refs->pods); val_iter_next(&it); ) {
		struct val pod = it.value;
		struct val ann = val_dig(pod, "metadata", "annotations", NULL);
		struct val labels = val_dig(pod, "metadata", "labels", NULL);
		const char *ns = val_dig_str(pod, "metadata", "namespace", NULL);
		const char *pname = val_dig_str(pod, "metadata", "name", NULL);
		const char *injected = meshref_pod_injected(ann);
		bool meshed = workload_meshed(ann);
		bool ns_refs, moves;
		char *wl, *key;

		moves = meshed && injected && ns &&
			(inplace ? !strcmp(injected, c->new_rev) : is_old(c, injected));
		if (moves) {
			moves = ns_follows(c, ns, &ns_refs);
			if (!ns_refs && c->r->restart == RESTART_ALL)
				moves = leads_to_new(c, meshref_pod_label_ref(labels), false);
		}
		val_release(&ann);
		val_release(&labels);
		if (!moves)
			continue;
		wl = upgrade_pod_workload(pod);
		if (!wl) {
			key = xstrfmt("%s/%s", ns, pname ? pname : "");
			if (!listed(bare, key))
				val_push_str(&bare, key);
			free(key);
			continue;
		}
		key = xstrfmt("%s %s", ns, wl);
		if (!listed(seen, key)) {
			val_push_str(&seen, key);
			if (c->r->restart == RESTART_NONE) {
				struct val note = val_strf("%s in namespace %s runs a proxy of the old control plane (--restart=none: not restarted)",
							   wl, ns);
				val_push_take(&c->notes, note);
			} else {
				struct val s = step("restart", wl, ns);

				val_set_str(&s, "waitFor", "RolledOut");
				val_push_take(&c->steps, s);
			}
		}
		free(key);
		free(wl);
	}
	for (val_iter_init(&it, bare); val_iter_next(&it); ) {
		struct val note = val_strf("pod %s is not owned by a Deployment, StatefulSet or DaemonSet: delete it to re-inject it",
					   val_str_get(it.value));
		val_push_take(&c->notes, note);
	}
out:
	val_release(&seen);
	val_release(&bare);
}

/* The revisions of this Istio that the upgrade leaves behind. */
static struct val old_revisions(const struct upgrade_input *in, const char *istio,
				const char *active, const char *new_rev)
{
	struct val out = val_arr();
	struct val_iter it;

	for (val_iter_init(&it, in->revisions); val_iter_next(&it); ) {
		const char *n = val_dig_str(it.value, "metadata", "name", NULL);

		if (n && strcmp(n, new_rev) && owned_by(it.value, "Istio", istio) &&
		    !listed(out, n))
			val_push_str(&out, n);
	}
	if (active && strcmp(active, new_rev) && !listed(out, active))
		val_push_str(&out, active);
	return out;
}

static int preflight(const struct upgrade_input *in, const struct upgrade_req *r,
		     const char *istio, const char *from, const char *to,
		     const char *strategy, struct strbuf *err)
{
	int a[3], b[3];
	struct val_iter it;
	struct strbuf why = STRBUF_INIT;

	if (triplet(from, a) && triplet(to, b)) {
		int minors = b[1] - a[1] + 10000 * (b[0] - a[0]);
		int limit = strcmp(strategy, "RevisionBased") ? 1 : 2;

		if (cmp_triplet(b, a) < 0 && !r->allow_downgrade) {
			strbuf_addf(err, "%s is older than %s, the version of Istio \"%s\": a downgrade needs --allow-downgrade (or --rollback to undo the last kubectl sail upgrade)",
				    to, from, istio);
			return -1;
		}
		if (minors > limit || minors < -limit) {
			strbuf_addf(err, "%s to %s crosses %d minor versions; %s upgrades cross at most %d: go to v%d.%d-latest first%s",
				    from, to, minors < 0 ? -minors : minors, strategy, limit,
				    a[0], a[1] + (minors > 0 ? limit : -limit),
				    limit == 1 ? " (a RevisionBased control plane may cross two)" : "");
			return -1;
		}
	}
	if (val_exists(in->cni) && !r->cni) {
		const char *cv = val_dig_str(in->cni, "spec", "version", NULL);

		if (cv && install_minor_skew(concrete(cv), concrete(to))) {
			strbuf_addf(err, "IstioCNI \"default\" is at %s, more than one minor version from %s: upgrade it first (kubectl sail upgrade cni --version %s) or pass --cni",
				    cv, to, to);
			return -1;
		}
	}
	for (val_iter_init(&it, in->revisions); val_iter_next(&it); ) {
		if (!owned_by(it.value, "Istio", istio) || !failing(it.value, &why))
			continue;
		strbuf_addf(err, "IstioRevision \"%s\" is failing, %s: fix it before upgrading",
			    val_dig_str(it.value, "metadata", "name", NULL), why.buf);
		strbuf_release(&why);
		return -1;
	}
	for (val_iter_init(&it, in->tags); val_iter_next(&it); ) {
		if (!failing(it.value, &why))
			continue;
		strbuf_addf(err, "IstioRevisionTag \"%s\" is failing, %s: fix or remove it before upgrading",
			    val_dig_str(it.value, "metadata", "name", NULL), why.buf);
		strbuf_release(&why);
		return -1;
	}
	return 0;
}

int upgrade_plan_build(const struct upgrade_input *in, const struct upgrade_req *r,
		       struct upgrade_plan *p, struct strbuf *err)
{
	const char *istio = val_dig_str(in->istio, "metadata", "name", NULL);
	const char *from = val_dig_str(in->istio, "spec", "version", NULL);
	const char *strategy = val_dig_str(in->istio, "spec", "updateStrategy", "type", NULL);
	const char *want = r->version, *to = NULL, *conc = NULL;
	char *active = NULL, *object;
	struct ctx c = { 0 };
	int ret = -1;

	memset(p, 0, sizeof(*p));
	p->doc = val_absent();
	if (!istio || !from) {
		strbuf_addstr(err, "the Istio has no metadata.name or spec.version");
		return -1;
	}
	if (!strategy || strcmp(strategy, "RevisionBased"))
		strategy = "InPlace";
	if (r->rollback) {
		want = val_dig_str(in->istio, "metadata", "annotations",
				   UPGRADE_PREVIOUS_VERSION, NULL);
		if (!want) {
			strbuf_addf(err, "Istio \"%s\" has no %s annotation: it was not upgraded by kubectl sail upgrade, so there is nothing to roll back",
				    istio, UPGRADE_PREVIOUS_VERSION);
			return -1;
		}
	}
	if (!want) {
		strbuf_addstr(err, "--version is required (see kubectl sail install --list-versions)");
		return -1;
	}
	if (versions_resolve(versions_catalogue(), want, &to, &conc, err))
		return -1;
	if (preflight(in, r, istio, from, to, strategy, err))
		return -1;

	active = meshref_active_revision(in->istio);
	p->from = xstrdup(from);
	p->to = xstrdup(to);
	p->new_rev = install_revision_name(istio, strategy, to);
	p->old_rev = xstrdup(active ? active : p->new_rev);
	c.in = in;
	c.r = r;
	c.istio = istio;
	c.new_rev = p->new_rev;
	c.old_revs = old_revisions(in, istio, active, p->new_rev);
	c.steps = val_arr();
	c.notes = val_arr();

	if (r->cni) {
		if (!val_exists(in->cni)) {
			strbuf_addstr(err, "--cni: there is no IstioCNI \"default\" to upgrade");
			goto out;
		}
		add_change(&c, "patch", "istiocni/default",
			   val_dig_str(in->cni, "spec", "version", NULL), to);
		add_wait(&c, "istiocni/default", NULL, "Ready");
	}
	object = xstrfmt("istio/%s", istio);
	add_change(&c, "patch", object, from, to);
	if (!strcmp(strategy, "InPlace")) {
		add_wait(&c, object, NULL, "Ready");
	} else {
		char *rev = xstrfmt("istiorevision/%s", p->new_rev);

		add_wait(&c, rev, NULL, "Ready");
		free(rev);
	}
	free(object);
	if (strcmp(strategy, "InPlace"))
		plan_tag_waits(&c);
	plan_relabels(&c);
	plan_retags(&c);
	plan_restarts(&c);
	if (r->wait_prune) {
		struct val_iter it;

		for (val_iter_init(&it, c.old_revs); val_iter_next(&it); ) {
			char *rev = xstrfmt("istiorevision/%s", val_str_get(it.value));

			add_wait(&c, rev, NULL, "Deleted");
			free(rev);
		}
	}

	p->doc = val_obj();
	val_set_str(&p->doc, "istio", istio);
	val_set_str(&p->doc, "strategy", strategy);
	val_set_str(&p->doc, "from", from);
	val_set_str(&p->doc, "to", to);
	val_set(&p->doc, "steps", c.steps);
	val_set(&p->doc, "notes", c.notes);
	ret = 0;
out:
	free(active);
	val_release(&c.old_revs);
	val_release(&c.steps);
	val_release(&c.notes);
	if (ret)
		upgrade_plan_release(p);
	return ret;
}

void upgrade_plan_format(const struct upgrade_plan *p, struct strbuf *out)
{
	struct val steps = val_get(p->doc, "steps"), notes = val_get(p->doc, "notes");
	struct val_iter it;
	size_t i = 0;

	strbuf_addf(out, "Upgrade of Istio \"%s\" (%s) from %s to %s:\n",
		    val_get_str(p->doc, "istio"), val_get_str(p->doc, "strategy"),
		    val_get_str(p->doc, "from"), val_get_str(p->doc, "to"));
	for (val_iter_init(&it, steps); val_iter_next(&it); ) {
		const char *action = val_get_str(it.value, "action");
		const char *ns = val_get_str(it.value, "namespace");

		strbuf_addf(out, "%3zu. %-8s %s", ++i, action, val_get_str(it.value, "object"));
		if (ns)
			strbuf_addf(out, " -n %s", ns);
		if (val_has(it.value, "to"))
			strbuf_addf(out, ": %s -> %s", val_get_str(it.value, "from"),
				    val_get_str(it.value, "to"));
		if (val_has(it.value, "waitFor"))
			strbuf_addf(out, " until %s", val_get_str(it.value, "waitFor"));
		strbuf_addch(out, '\n');
	}
	for (val_iter_init(&it, notes); val_iter_next(&it); )
		strbuf_addf(out, "Note: %s\n", val_str_get(it.value));
	val_release(&steps);
	val_release(&notes);
}
