/*
 * install operator --wait: the CRDs Established (kubectl wait's rule) and
 * the Deployment rolled out (kubectl rollout status's rule).
 */
#include "sail.h"
#include "operator/operator.h"
#include "api.h"

static int established(void *ctx, struct val obj, struct strbuf *why)
{
	(void)ctx;
	if (!val_exists(obj)) {
		strbuf_addstr(why, "it does not exist");
		return 0;
	}
	return api_condition_met(obj, "Established", "True", why) ? 1 : 0;
}

static long num(struct val obj, const char *a, const char *b)
{
	struct val v = val_dig(obj, a, b, NULL);
	long n = (long)val_num_get(v);

	val_release(&v);
	return n;
}

/* kubectl rollout status: the new generation observed, every replica
 * updated, no old ones left, every updated one available. */
static int rolled_out(void *ctx, struct val d, struct strbuf *why)
{
	long want, updated, total, avail;
	struct val rep;

	(void)ctx;
	if (!val_exists(d)) {
		strbuf_addstr(why, "the Deployment does not exist");
		return 0;
	}
	rep = val_dig(d, "spec", "replicas", NULL);
	want = val_exists(rep) ? (long)val_num_get(rep) : 1;
	val_release(&rep);
	updated = num(d, "status", "updatedReplicas");
	total = num(d, "status", "replicas");
	avail = num(d, "status", "availableReplicas");
	if (num(d, "metadata", "generation") > num(d, "status", "observedGeneration"))
		strbuf_addstr(why, "waiting for the deployment spec update to be observed");
	else if (updated < want)
		strbuf_addf(why, "%ld out of %ld new replicas have been updated", updated, want);
	else if (total > updated)
		strbuf_addf(why, "%ld old replicas are pending termination", total - updated);
	else if (avail < updated)
		strbuf_addf(why, "%ld of %ld updated replicas are available", avail, updated);
	else
		return 1;
	strbuf_addstr(why, " (");
	api_conditions_describe(d, why);
	if (why->buf[why->len - 1] == '(')
		strbuf_addstr(why, "no conditions yet: are there nodes to run it?");
	strbuf_addstr(why, ")");
	return 0;
}

int operator_wait(struct api *a, struct val crds, const char *ns, const char *name,
		  long timeout_ms, FILE *out, struct strbuf *err)
{
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *mc, *md;
	long start = monotonic_ms(), left;
	struct val_iter it;

	if (api_resolve_kind(a, "apiextensions.k8s.io/v1", "CustomResourceDefinition", &mc, &e) ||
	    api_resolve_kind(a, "apps/v1", "Deployment", &md, &e))
		goto fail;
	for (val_iter_init(&it, crds); val_iter_next(&it); ) {
		const char *n = val_dig_str(it.value, "metadata", "name", NULL);

		left = timeout_ms - (monotonic_ms() - start);
		if (api_wait_for(a, mc, NULL, n, established, NULL, left > 0 ? left : 1, NULL, &e))
			goto fail;
		fprintf(out, "customresourcedefinition.apiextensions.k8s.io/%s condition met\n", n);
	}
	left = timeout_ms - (monotonic_ms() - start);
	if (api_wait_for(a, md, ns, name, rolled_out, NULL, left > 0 ? left : 1, NULL, &e))
		goto fail;
	fprintf(out, "deployment \"%s\" successfully rolled out\n", name);
	return 0;
fail:
	api_error_render(&e, err);	/* with kubectl's own prefix */
	api_error_release(&e);
	return -1;
}
