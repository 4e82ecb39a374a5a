/*
 * kubectl sail status: verdicts, from the status the operator writes
 * (spec §10: state is the reason of the first condition, in a fixed order,
 * that is not True).
 */
#include "sail.h"
#include "status/status.h"

static const char *const istio_conds[] = { "Reconciled", "Ready", "DependenciesHealthy", NULL };
static const char *const daemon_conds[] = { "Reconciled", "Ready", NULL };

static struct val find_cond(struct val conds, const char *type)
{
	struct val_iter it;

	for (val_iter_init(&it, conds); val_iter_next(&it); ) {
		const char *t = val_get_str(it.value, "type");

		if (t && !strcmp(t, type))
			return val_copy(it.value);
	}
	return val_absent();
}

/* The first condition of order that is not True, worded; false if none. */
static bool first_not_true(struct val conds, const char *const *order, struct strbuf *out)
{
	for (; *order; order++) {
		struct val c = find_cond(conds, *order);
		const char *st = val_get_str(c, "status");
		const char *reason = val_get_str(c, "reason");
		const char *msg = val_get_str(c, "message");
		bool bad = !st || strcmp(st, "True");

		if (bad) {
			strbuf_addf(out, "%s is %s", *order, st ? st : "missing");
			if (reason && *reason)
				strbuf_addf(out, " (%s)", reason);
			if (msg && *msg)
				strbuf_addf(out, ": %s", msg);
		}
		val_release(&c);
		if (bad)
			return true;
	}
	return false;
}

bool status_verdict(struct val obj, const char *kind, struct strbuf *out)
{
	struct val status = val_get(obj, "status");
	struct val conds = val_get(status, "conditions");
	struct val og = val_get(status, "observedGeneration");
	struct val gen = val_dig(obj, "metadata", "generation", NULL);
	const char *state = val_get_str(status, "state");
	bool ok = false;

	if (!val_exists(og) && !val_len(conds)) {
		strbuf_addstr(out, "no status yet: the Sail Operator has not reconciled it (is it running?)");
	} else if (val_exists(gen) && val_num_get(og) < val_num_get(gen)) {
		strbuf_addf(out, "status.observedGeneration %.0f lags metadata.generation %.0f: the Sail Operator may not be running",
			    val_num_get(og), val_num_get(gen));
	} else if (first_not_true(conds, !strcmp(kind, "Istio") ? istio_conds : daemon_conds, out)) {
		;
	} else if (state && strcmp(state, "Healthy")) {
		strbuf_addf(out, "state is %s", state);
	} else {
		strbuf_addstr(out, "Healthy");
		ok = true;
	}
	val_release(&gen);
	val_release(&og);
	val_release(&conds);
	val_release(&status);
	return ok;
}

static bool healthy_member(struct val v)
{
	struct val h = val_get(v, "healthy");
	bool ok = val_bool_get(h);

	val_release(&h);
	return ok;
}

bool status_check(struct val doc)
{
	struct val istios = val_get(doc, "istios"), nss = val_get(doc, "namespaces");
	struct val cni = val_get(doc, "cni"), zt = val_get(doc, "ztunnel");
	struct val_iter it;
	bool ok = true;

	for (val_iter_init(&it, istios); ok && val_iter_next(&it); )
		ok = healthy_member(it.value);
	if (ok && val_is_obj(cni))
		ok = healthy_member(cni);
	if (ok && val_is_obj(zt))
		ok = healthy_member(zt);
	for (val_iter_init(&it, nss); ok && val_iter_next(&it); ) {
		struct val s = val_dig(it.value, "pods", "stale", NULL);

		ok = val_num_get(s) == 0;
		val_release(&s);
	}
	if (ok) {
		struct val amb = val_get(doc, "ambient");

		ok = status_ambient_ok(amb);
		val_release(&amb);
	}
	val_release(&istios);
	val_release(&nss);
	val_release(&cni);
	val_release(&zt);
	return ok;
}
