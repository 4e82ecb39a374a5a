/*
 * Server-side apply of the operator's documents: as apply_docs (one
 * kubectl line per object, or the answers at the end for -o), except that
 * the CRDs may be forced on their own: they belong to the operator
 * version, so an update replaces what an older install wrote.
 */
#include "sail.h"
#include "operator/operator.h"
#include "api.h"
#include "apply.h"
#include "output.h"

static bool is_crd(struct val doc)
{
	return !strcmp(val_get_str(doc, "kind") ?: "", "CustomResourceDefinition");
}

int operator_apply(struct api *a, struct val docs, const struct operator_apply_opts *o,
		   struct output *out, FILE *f, struct val *applied, struct strbuf *err)
{
	struct val_iter it;
	bool lines = out->format == OUTPUT_DEFAULT || out->format == OUTPUT_WIDE;
	int ret = 0;

	out->verb = "serverside-applied";
	out->dry_run = o->dry_run ? OUTPUT_DRY_RUN_SERVER : OUTPUT_DRY_RUN_NONE;
	*applied = val_arr();
	for (val_iter_init(&it, docs); val_iter_next(&it) && !ret; ) {
		struct api_error e = API_ERROR_INIT;
		struct api_apply_opts ao = {
			.force = o->force || (o->force_crds && is_crd(it.value)),
			.dry_run = o->dry_run,
		};
		const struct rest_mapping *m;
		struct val res = val_absent();

		if (api_resolve_object(a, it.value, &m, &e) ||
		    api_apply(a, m, NULL, it.value, &ao, &res, &e)) {
			api_error_render_apply(&e, err);
			api_error_release(&e);
			ret = -1;
			break;
		}
		if (!val_exists(res))
			res = val_copy(it.value);
		if (lines)
			ret = output_print(out, res, f, err);
		val_push_take(applied, res);
	}
	if (!ret && !lines)
		ret = apply_print(out, *applied, f, err);
	fflush(f);
	return ret;
}
