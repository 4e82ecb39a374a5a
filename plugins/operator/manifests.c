/*
 * The Sail Operator from plain manifests (install and upgrade operator):
 * every refusal before the first write, then the CRDs (forced when they
 * are older: they belong to the operator version) and the chart's
 * objects, server-side applied; --wait until they are ready.
 */
#include "sail.h"
#include "operator/operator.h"
#include "api.h"
#include "apply.h"
#include "output.h"
#include "template.h"

/* Refuse what must not be replaced: another namespace's operator, an
 * OLM-managed one, a foreign Deployment of that name, a newer operator. */
static void check_running(const struct operator_install_req *in, const struct operator_found *f)
{
	char *ours = operator_images_newest(in->rel->images);
	bool newer = false;

	if (f->foreign_ns)
		die("namespace %s holds a Deployment \"sail-operator\" that is not the Sail Operator's: choose another namespace (-n)",
		    f->foreign_ns);
	if (f->csv)
		die("the Sail Operator in %s is installed by OLM (ClusterServiceVersion %s): use --olm, or kubectl sail upgrade operator",
		    f->ns, f->csv);
	if (f->ns && strcmp(f->ns, in->ns))
		die("the Sail Operator already runs in namespace %s: use -n %s (two operators would fight over the same resources)",
		    f->ns, f->ns);
	if (f->ns) {
		struct operator_version want;

		if (operator_parse_version(in->rel->version, &want))
			BUG("catalogue version %s", in->rel->version);
		if (f->version_known)
			newer = operator_version_cmp(&f->version, &want) > 0;
		else if (f->newest_istio && ours)
			newer = operator_istio_cmp(f->newest_istio, ours) > 0;
		if (newer && !in->allow_downgrade)
			die("the Sail Operator in %s (%s) is newer than %s, which this would install: not downgrading without --allow-downgrade",
			    f->ns, f->tag_version ? f->tag_version : f->image, in->rel->version);
	}
	free(ours);
}

/* Compare the cluster's CRDs with ours: refuse newer Sail CRDs (unless
 * --allow-downgrade), keep stored versions, force updates of older ones.
 * Returns whether the CRDs must be forced. */
static bool check_crds(struct api *a, const struct operator_install_req *in, struct val *crds, FILE *notes)
{
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *m;
	struct strbuf err = STRBUF_INIT, kept = STRBUF_INIT, newer = STRBUF_INIT;
	struct val out = val_arr();
	struct val_iter it;
	bool force = false;
	size_t older = 0;

	if (api_resolve_kind(a, "apiextensions.k8s.io/v1", "CustomResourceDefinition", &m, &e)) {
		api_error_render(&e, &err);
		die("%s", err.buf);
	}
	for (val_iter_init(&it, *crds); val_iter_next(&it); ) {
		const char *name = val_dig_str(it.value, "metadata", "name", NULL);
		struct val have = val_absent(), mine = val_copy(it.value);
		enum crd_age age;

		if (api_get_optional(a, m, NULL, name, &have, &e)) {
			api_error_render(&e, &err);
			die("%s", err.buf);
		}
		/* kept versions first: they make no difference of age */
		operator_crd_keep_stored(&mine, have, &kept);
		age = operator_crd_age(have, mine);
		if (age == CRD_NEWER && operator_crd_is_sail(mine)) {
			char *hn = operator_crd_newest_istio(have), *on = operator_crd_newest_istio(mine);

			if (!newer.len)
				strbuf_addf(&newer, "%s accepts Istio up to %s, the Sail Operator %s CRDs up to %s",
					    name, hn, in->rel->version, on);
			free(hn);
			free(on);
		}
		if (age == CRD_OLDER || age == CRD_DIFFERENT || age == CRD_NEWER) {
			force = true;
			older += age == CRD_OLDER;
		}
		val_push_take(&out, mine);
		val_release(&have);
	}
	if (newer.len && !in->allow_downgrade)
		die("the cluster's Sail CRDs are newer than this version's (%s): install a newer kubectl-sail, or pass --allow-downgrade to replace them",
		    newer.buf);
	if (older)
		fprintf(notes, "updating %zu CRDs that are older than the Sail Operator %s's\n",
			older, in->rel->version);
	fputs(kept.buf, notes);
	val_release(crds);
	*crds = out;
	strbuf_release(&kept);
	strbuf_release(&newer);
	strbuf_release(&err);
	return force;
}

static void docs_of(const struct operator_install_req *in, struct val *crds, struct val *objects)
{
	struct strbuf err = STRBUF_INIT;

	if (operator_render(in->rel, in->ns, in->image, objects, &err) ||
	    operator_crds(crds, &err))
		die("%s", err.buf);
	template_cache_clear();
}

static struct val concat(struct val a, struct val b)
{
	struct val all = val_copy(a);
	struct val_iter it;

	for (val_iter_init(&it, b); val_iter_next(&it); )
		val_push(&all, it.value);
	return all;
}

void operator_print_manifests(const struct operator_install_req *in, struct output *o)
{
	struct strbuf err = STRBUF_INIT;
	struct val crds, objects, all;
	struct val_iter it;
	int ret = 0;

	docs_of(in, &crds, &objects);
	all = concat(crds, objects);
	o->dry_run = OUTPUT_DRY_RUN_CLIENT;
	o->verb = "serverside-applied";
	if (o->format == OUTPUT_DEFAULT || o->format == OUTPUT_WIDE) {
		for (val_iter_init(&it, all); val_iter_next(&it) && !ret; )
			ret = output_print(o, it.value, stdout, &err);
	} else {
		ret = apply_print(o, all, stdout, &err);
	}
	if (ret)
		die("%s", err.buf);
	val_release(&all);
	val_release(&crds);
	val_release(&objects);
}

void operator_install_manifests(struct api *a, const struct operator_install_req *in,
				const struct operator_found *found, struct output *o)
{
	bool lines = o->format == OUTPUT_DEFAULT || o->format == OUTPUT_WIDE;
	FILE *info = lines ? stdout : stderr;
	struct strbuf err = STRBUF_INIT;
	struct val crds, objects, all, applied;
	/* an upgrade (or an allowed downgrade, or another --image) takes
	 * the operator's objects over from whoever wrote them */
	const char *image = in->image ? in->image : in->rel->image;
	bool takeover = found->ns && found->image && strcmp(found->image, image);
	struct operator_apply_opts ao = { .force = in->force || takeover, .dry_run = in->dry_server };

	docs_of(in, &crds, &objects);
	check_running(in, found);
	ao.force_crds = check_crds(a, in, &crds, stderr);
	all = concat(crds, objects);
	fprintf(info, "Sail Operator %s into namespace %s, from plain manifests (%s)\n",
		in->rel->version, in->ns, in->why);
	fflush(info);
	if (operator_apply(a, all, &ao, o, stdout, &applied, &err)) {
		fprintf(stderr, "%s\n", err.buf);
		exit(1);
	}
	if (in->wait && operator_wait(a, crds, in->ns, "sail-operator", in->timeout_ms, info, &err)) {
		fprintf(stderr, "%s\n", err.buf);
		exit(1);
	}
	val_release(&applied);
	val_release(&all);
	val_release(&crds);
	val_release(&objects);
}
