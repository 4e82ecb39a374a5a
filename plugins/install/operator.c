/*
 * kubectl sail install operator [--version V] [-n NS] [--image IMG]
 * [--allow-downgrade] [--olm ...] [--wait]: the Sail Operator and its CRDs
 * (spec operator-install.md), every check before the first write.
 */
#include "sail.h"
#include "commands.h"
#include "install/install.h"
#include "install/install_opts.h"
#include "operator/operator.h"
#include "api.h"
#include "apply.h"
#include "kubeconfig.h"
#include "output.h"
#include "session.h"
#include "template.h"

struct op_install {
	const struct operator_release *rel;
	const char *ns;
	const char *image;
	bool allow_downgrade;
	bool force;
	bool dry_server;
	struct val crds;	/* ours, to apply (stored versions kept) */
	struct val objects;	/* Namespace ... Deployment */
};

/* Refuse what must not be replaced: another namespace's operator, an
 * OLM-managed one, a foreign Deployment of that name, a newer operator. */
static void check_running(const struct op_install *in, const struct operator_found *f)
{
	char *ours = operator_images_newest(in->rel->images);
	bool newer = false;

	if (f->foreign_ns)
		die("namespace %s holds a Deployment \"sail-operator\" that is not the Sail Operator's: choose another namespace (-n)",
		    f->foreign_ns);
	if (f->ns && strcmp(f->ns, in->ns))
		die("the Sail Operator already runs in namespace %s: use -n %s (two operators would fight over the same resources)",
		    f->ns, f->ns);
	if (f->csv)
		die("the Sail Operator in %s is installed by OLM (ClusterServiceVersion %s): use --olm, or kubectl sail upgrade operator",
		    f->ns, f->csv);
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
static bool check_crds(struct api *a, struct op_install *in, FILE *notes)
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
	for (val_iter_init(&it, in->crds); val_iter_next(&it); ) {
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
	val_release(&in->crds);
	in->crds = out;
	strbuf_release(&kept);
	strbuf_release(&newer);
	strbuf_release(&err);
	return force;
}

static void print_client(struct output *o, const struct op_install *in)
{
	struct strbuf err = STRBUF_INIT;
	struct val all = val_copy(in->crds);
	struct val_iter it;
	int ret = 0;

	for (val_iter_init(&it, in->objects); val_iter_next(&it); )
		val_push(&all, it.value);
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
}

int install_operator(struct cli *cli, struct output *o)
{
	static const int allowed[] = { IOPT_VERSION, IOPT_IMAGE, IOPT_ALLOW_DOWNGRADE, IOPT_OLM,
				       IOPT_CHANNEL, IOPT_SOURCE, IOPT_SOURCE_NAMESPACE,
				       IOPT_APPROVAL, 0 };
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	bool client = dry && !strcmp(dry, "client");
	bool wait = cli_bool(cli, WOPT_WAIT), olm_asked = cli_set(cli, IOPT_OLM);
	bool olm = olm_asked && cli_bool(cli, IOPT_OLM);
	bool lines = o->format == OUTPUT_DEFAULT || o->format == OUTPUT_WIDE;
	FILE *info = lines ? stdout : stderr;
	struct op_install in = { 0 };
	struct strbuf err = STRBUF_INIT;
	struct operator_found found;
	struct session s;
	struct val applied;
	long timeout_ms = 0;
	int id;

	install_only_flags(cli, "operator", allowed,
			   "--version, --image, --allow-downgrade, --olm, --channel, --source, --source-namespace, --approval, -n and --wait");
	if (cli->nargs > 1)
		die("install operator takes no NAME, got \"%s\"", cli->args[1]);
	if (!olm)
		for (id = IOPT_CHANNEL; id <= IOPT_APPROVAL; id++)
			if (cli_set(cli, id))
				die("--%s goes with --olm", opt_by_id(cli->tables, id)->name);
	if (wait && (kube_parse_timeout(cli_str(cli, WOPT_TIMEOUT), &timeout_ms, &err) || timeout_ms <= 0))
		die("--timeout: %s", err.len ? err.buf : "expected a positive duration such as 5m");
	if (operator_release_find(cli_str(cli, IOPT_VERSION), &in.rel, &err))
		die("%s", err.buf);
	in.image = cli_str(cli, IOPT_IMAGE);
	if (in.image && operator_check_image(in.image, &err))
		die("%s", err.buf);
	if (olm) {
		if (in.image)
			die("--image is for plain manifests: OLM takes the image from the catalog's bundle");
		return install_operator_olm(cli, o, in.rel, timeout_ms);
	}
	in.allow_downgrade = cli_bool(cli, IOPT_ALLOW_DOWNGRADE);
	in.force = cli_bool(cli, WOPT_FORCE_CONFLICTS);
	in.dry_server = dry && !strcmp(dry, "server");
	in.ns = cli_str(cli, GOPT_NAMESPACE) ? cli_str(cli, GOPT_NAMESPACE) : "sail-operator";
	if (operator_render(in.rel, in.ns, in.image, &in.objects, &err) ||
	    operator_crds(&in.crds, &err))
		die("%s", err.buf);
	template_cache_clear();
	if (client) {
		print_client(o, &in);
		goto done;
	}

	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	if (!olm_asked) {
		struct strbuf missing = STRBUF_INIT;

		if (operator_find(s.api, in.ns, &found, &err) ||
		    operator_olm_missing(s.api, &missing, &err))
			die("%s", err.buf);
		/* OLM when the cluster has it, unless the operator already
		 * runs from plain manifests */
		if (!missing.len && !(found.ns && !found.csv)) {
			strbuf_release(&missing);
			operator_found_release(&found);
			session_close(&s);
			val_release(&in.crds);
			val_release(&in.objects);
			fprintf(info, "OLM detected (its CRDs are served): installing through a Subscription (--olm=false for plain manifests)\n");
			return install_operator_olm(cli, o, in.rel, timeout_ms);
		}
		strbuf_release(&missing);
	} else if (operator_find(s.api, in.ns, &found, &err)) {
		die("%s", err.buf);
	}
	check_running(&in, &found);
	{
		/* an upgrade (or an allowed downgrade, or another --image)
		 * takes the operator's objects over from whoever wrote them */
		const char *image = in.image ? in.image : in.rel->image;
		bool takeover = found.ns && found.image && strcmp(found.image, image);
		struct operator_apply_opts ao = {
			.force = in.force || takeover, .dry_run = in.dry_server,
			.force_crds = check_crds(s.api, &in, stderr),
		};
		struct val all = val_copy(in.crds);
		struct val_iter it;

		for (val_iter_init(&it, in.objects); val_iter_next(&it); )
			val_push(&all, it.value);
		fprintf(info, "Sail Operator %s into namespace %s, from plain manifests (%s)\n",
			in.rel->version, in.ns,
			olm_asked ? "--olm=false" : found.ns ? "as it is installed" : "no OLM on this cluster");
		fflush(info);
		if (operator_apply(s.api, all, &ao, o, stdout, &applied, &err)) {
			fprintf(stderr, "%s\n", err.buf);
			exit(1);
		}
		val_release(&all);
	}
	if (wait) {
		if (in.dry_server)
			die("--wait cannot be used with a dry run: nothing would become ready");
		if (operator_wait(s.api, in.crds, in.ns, "sail-operator", timeout_ms, info, &err)) {
			fprintf(stderr, "%s\n", err.buf);
			exit(1);
		}
	}
	val_release(&applied);
	operator_found_release(&found);
	session_close(&s);
done:
	val_release(&in.crds);
	val_release(&in.objects);
	strbuf_release(&err);
	return 0;
}
