/*
 * Server-side apply of document lists (see apply.h).
 */
#include "sail.h"
#include "apply.h"
#include "api.h"
#include "output.h"
#include "input_limits.h"
#include "names.h"

int apply_docs(struct api *a, struct val docs, const struct apply_opts *o,
	       struct output *out, FILE *f, struct val *applied,
	       struct strbuf *err)
{
	struct api_apply_opts ao = {
		.force = o->force, .dry_run = o->dry_run,
	};
	struct val results = val_arr();
	struct val_iter it;
	bool lines = out->format == OUTPUT_DEFAULT || out->format == OUTPUT_WIDE;
	int ret = 0;

	out->verb = "serverside-applied";
	out->dry_run = o->dry_run ? OUTPUT_DRY_RUN_SERVER : OUTPUT_DRY_RUN_NONE;
	/* every document is checked before the first is sent */
	if (names_check_docs(docs, LIMIT_OBJECT_BYTES, err)) {
		if (applied)
			*applied = val_arr();
		val_release(&results);
		return -1;
	}
	for (val_iter_init(&it, docs); val_iter_next(&it); ) {
		struct api_error e = API_ERROR_INIT;
		const struct rest_mapping *m;
		struct val res = val_absent();

		if (api_resolve_object(a, it.value, &m, &e) ||
		    api_apply(a, m, o->ns, it.value, &ao, &res, &e)) {
			api_error_render_apply(&e, err);
			api_error_release(&e);
			ret = -1;
			break;
		}
		if (!val_exists(res))
			res = val_copy(it.value);
		if (lines && output_print(out, res, f, err)) {
			val_release(&res);
			ret = -1;
			break;
		}
		val_push_take(&results, res);
	}
	if (!ret && !lines && apply_print(out, results, f, err))
		ret = -1;
	fflush(f);
	if (applied)
		*applied = results;
	else
		val_release(&results);
	return ret;
}

/* Print what the server answered for one object and flush: a plugin may
 * go on to wait, and its line must be out before. */
static int print_answer(struct output *out, struct val res, bool dry_run,
			FILE *f, struct strbuf *err)
{
	int ret;

	out->dry_run = dry_run ? OUTPUT_DRY_RUN_SERVER : OUTPUT_DRY_RUN_NONE;
	ret = output_print(out, res, f, err);
	fflush(f);
	return ret;
}

int apply_one(struct api *a, const struct rest_mapping *m, const char *ns,
	      struct val obj, const struct api_apply_opts *ao,
	      struct output *out, FILE *f, struct strbuf *err)
{
	struct api_error e = API_ERROR_INIT;
	struct val res = val_absent();
	int ret;

	out->verb = "serverside-applied";
	if (api_apply(a, m, ns, obj, ao, &res, &e)) {
		api_error_render_apply(&e, err);
		api_error_release(&e);
		val_release(&res);
		return -1;
	}
	ret = print_answer(out, res, ao->dry_run, f, err);
	val_release(&res);
	return ret;
}

int apply_label(struct api *a, const struct rest_mapping *m, const char *ns,
		const char *name, struct val labels, bool dry_run,
		struct output *out, FILE *f, struct strbuf *err)
{
	struct api_error e = API_ERROR_INIT;
	struct val patch = val_obj(), md = val_obj(), res = val_absent();
	int ret;

	out->verb = "labeled";
	val_set(&md, "labels", labels);
	val_set_take(&patch, "metadata", md);
	ret = api_patch(a, m, ns, name, API_PATCH_MERGE, patch, NULL, dry_run, &res, &e);
	val_release(&patch);
	if (ret) {
		api_error_render(&e, err);
		api_error_release(&e);
		val_release(&res);
		return -1;
	}
	ret = print_answer(out, res, dry_run, f, err);
	val_release(&res);
	return ret;
}

int apply_print(struct output *out, struct val objects, FILE *f,
		struct strbuf *err)
{
	struct val_iter it;

	if (out->format != OUTPUT_YAML || !val_is_arr(objects) || val_len(objects) < 2)
		return output_print(out, objects, f, err);
	for (val_iter_init(&it, objects); val_iter_next(&it); ) {
		if (it.index)
			fputs("---\n", f);
		if (output_print(out, it.value, f, err))
			return -1;
	}
	return 0;
}

void apply_clean(struct val *obj)
{
	static const char *const server_fields[] = {
		"resourceVersion", "uid", "generation", "creationTimestamp",
		"managedFields", "selfLink", "deletionTimestamp",
		"deletionGracePeriodSeconds",
	};
	struct val md, ann;
	size_t i;

	if (!val_is_obj(*obj))
		return;
	val_del(obj, "status");
	md = val_get(*obj, "metadata");
	if (!val_is_obj(md)) {
		val_release(&md);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(server_fields); i++)
		val_del(&md, server_fields[i]);
	ann = val_get(md, "annotations");
	if (val_is_obj(ann)) {
		val_del(&ann, "kubectl.kubernetes.io/last-applied-configuration");
		if (val_len(ann))
			val_set(&md, "annotations", ann);
		else
			val_del(&md, "annotations");
	}
	val_release(&ann);
	val_set_take(obj, "metadata", md);
}

struct val apply_flatten(struct val docs)
{
	struct val out = val_arr();
	struct val_iter it;

	for (val_iter_init(&it, docs); val_iter_next(&it); ) {
		const char *kind = val_get_str(it.value, "kind");
		size_t kl = kind ? strlen(kind) : 0;
		struct val items = val_get(it.value, "items");

		if (kl >= 4 && !strcmp(kind + kl - 4, "List") && val_is_arr(items)) {
			struct val sub = apply_flatten(items);
			struct val_iter jt;

			for (val_iter_init(&jt, sub); val_iter_next(&jt); )
				val_push(&out, jt.value);
			val_release(&sub);
		} else {
			val_push(&out, it.value);
		}
		val_release(&items);
	}
	return out;
}
