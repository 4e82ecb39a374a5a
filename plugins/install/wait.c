/*
 * kubectl sail install --wait: after the apply, watch each Sail object
 * that was applied until the operator reports it ready for the generation
 * we wrote (spec §10), within one overall deadline.
 *
 * What "ready" means per kind:
 *   Istio, IstioCNI, ZTunnel  condition Ready True
 *   Istio with profile remote condition Reconciled True only: its Ready
 *                             needs the primary's istiod to answer the
 *                             injection webhook (spec §10), which may come
 *                             later
 *   IstioRevisionTag          condition Reconciled True
 * and always status.observedGeneration >= metadata.generation, so that a
 * Ready left from the previous spec does not count.
 *
 * Ambient (a ZTunnel was applied): Ready per object in the documented
 * order, then status.state Healthy on every Istio, IstioCNI and ZTunnel
 * (spec ambient §2: an ambient Istio is Ready before its ZTunnel exists).
 */
#include "sail.h"
#include "install/install.h"
#include "api.h"
#include "restmap.h"
#include "output.h"

#include <time.h>
#include <unistd.h>

struct wait_target {
	const char *kind;
	const char *name;
	const char *condition;	/* the one that must be True */
	double generation;	/* what our apply produced */
	bool progress;		/* stderr is a terminal */
	bool healthy;		/* also status.state Healthy (ambient's second pass) */
};

static void show_progress(const struct wait_target *t, const char *why)
{
	if (!t->progress)
		return;
	/* one line, rewritten in place: \r and clear to the end of line */
	fprintf(stderr, "\r\033[K%s/%s: %.*s", t->kind, t->name, 100, why);
	fflush(stderr);
}

static int ready(void *ctx, struct val obj, struct strbuf *why)
{
	struct wait_target *t = ctx;
	struct val observed;
	double seen = -1;

	if (!val_exists(obj)) {
		strbuf_addstr(why, "it was deleted");
		return -1;
	}
	observed = val_dig(obj, "status", "observedGeneration", NULL);
	if (val_kind(observed) == VAL_NUMBER)
		seen = val_num_get(observed);
	val_release(&observed);
	if (seen < t->generation) {
		if (seen < 0)
			strbuf_addstr(why, "no status yet: is the Sail Operator running? (kubectl get deployment -A -l app.kubernetes.io/name=sail-operator)");
		else
			strbuf_addf(why, "status.observedGeneration is %.0f, generation %.0f: the operator has not reconciled this version yet; is the Sail Operator running?",
				    seen, t->generation);
		show_progress(t, why->buf);
		return 0;
	}
	if (api_condition_met(obj, t->condition, "True", NULL)) {
		const char *state = val_dig_str(obj, "status", "state", NULL);

		if (!t->healthy || (state && !strcmp(state, "Healthy")))
			return 1;
		strbuf_addf(why, "status.state is %s, not Healthy", state ? state : "empty");
		show_progress(t, why->buf);
		return 0;
	}
	api_conditions_describe(obj, why);
	if (!why->len)
		strbuf_addf(why, "no %s condition yet", t->condition);
	show_progress(t, why->buf);
	return 0;
}

/* The condition that means ready for doc, or NULL for kinds we do not wait on. */
static const char *condition_for(struct val doc, const char **note)
{
	const char *kind = val_get_str(doc, "kind");
	const char *profile = val_dig_str(doc, "spec", "profile", NULL);

	*note = NULL;
	if (!kind || strcmp(val_get_str(doc, "apiVersion") ?: "", "sailoperator.io/v1"))
		return NULL;
	if (!strcmp(kind, "IstioRevisionTag"))
		return "Reconciled";
	if (!strcmp(kind, "Istio") && profile && !strcmp(profile, "remote")) {
		*note = "profile remote: waiting for Reconciled only; Ready follows once the primary cluster's istiod answers this cluster's injection webhook (it needs the remote secret on the primary)";
		return "Reconciled";
	}
	if (!strcmp(kind, "Istio") || !strcmp(kind, "IstioCNI") || !strcmp(kind, "ZTunnel"))
		return "Ready";
	return NULL;
}

int install_wait(struct api *a, struct val applied, long timeout_ms, FILE *out,
		 struct strbuf *err)
{
	long deadline = monotonic_ms() + timeout_ms;
	struct val_iter it;
	bool tty = isatty(2);
	struct strbuf line = STRBUF_INIT, e2 = STRBUF_INIT;
	bool ambient = false;
	int pass;

	for (val_iter_init(&it, applied); val_iter_next(&it); )
		if (!strcmp(val_get_str(it.value, "kind") ?: "", "ZTunnel"))
			ambient = true;
	for (pass = 0; pass < (ambient ? 2 : 1); pass++)
	for (val_iter_init(&it, applied); val_iter_next(&it); ) {
		struct api_error e = API_ERROR_INIT;
		const struct rest_mapping *m;
		struct wait_target t = { 0 };
		struct val gen;
		const char *note;
		long left;

		t.condition = condition_for(it.value, &note);
		if (!t.condition || (pass && strcmp(t.condition, "Ready")))
			continue;
		t.healthy = pass == 1;
		t.kind = val_get_str(it.value, "kind");
		t.name = val_dig_str(it.value, "metadata", "name", NULL);
		t.progress = tty;
		gen = val_dig(it.value, "metadata", "generation", NULL);
		t.generation = val_num_get(gen);
		val_release(&gen);
		if (note && !pass)
			fprintf(out, "%s/%s: %s\n", t.kind, t.name, note);
		if (api_resolve_object(a, it.value, &m, &e))
			goto fail;
		left = deadline - monotonic_ms();
		if (left < 1)
			left = 1;
		if (api_wait_for(a, m, NULL, t.name, ready, &t, left, NULL, &e)) {
			if (tty)
				fputs("\r\033[K", stderr);
			goto fail;
		}
		if (tty)
			fputs("\r\033[K", stderr);
		if (output_object_name(it.value, &line, &e2)) {
			strbuf_addf(err, "error: %s", e2.buf);
			strbuf_release(&e2);
			strbuf_release(&line);
			return -1;
		}
		fprintf(out, pass ? "%s Healthy\n" : "%s condition met\n", line.buf);
		strbuf_reset(&line);
		fflush(out);
		continue;
fail:
		api_error_render(&e, err);
		api_error_release(&e);
		strbuf_release(&line);
		return -1;
	}
	strbuf_release(&line);
	return 0;
}
