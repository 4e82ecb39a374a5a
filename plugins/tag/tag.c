/*
 * kubectl sail tag (set|generate|list|remove): IstioRevisionTags with the
 * guards of istioctl tag and of the Sail Operator (spec §9). The decisions
 * are in check.c; this file talks to the server.
 */
#include "sail.h"
#include "names.h"
#include "commands.h"
#include "tag/tag.h"
#include "tag/tag_opts.h"
#include "api.h"
#include "apply.h"
#include "kubeconfig.h"
#include "meshref.h"
#include "output.h"
#include "session.h"
#include "template.h"

#include <time.h>

static const struct rest_mapping *mapping(struct api *a, const char *api_version,
					  const char *kind)
{
	const struct rest_mapping *m;
	struct api_error e = API_ERROR_INIT;

	if (api_resolve_kind(a, api_version, kind, &m, &e)) {
		api_error_print(&e);
		exit(1);
	}
	return m;
}

static void list_or_die(struct api *a, const struct rest_mapping *m, struct val *items)
{
	struct api_error e = API_ERROR_INIT;

	if (api_list_all(a, m, NULL, NULL, items, NULL, &e)) {
		api_error_print(&e);
		exit(1);
	}
}

/* GET a cluster-scoped object; absent when not found. */
static struct val get_opt(struct api *a, const struct rest_mapping *m, const char *name)
{
	struct api_error e = API_ERROR_INIT;
	struct val v;

	if (api_get_optional(a, m, NULL, name, &v, &e)) {
		api_error_print(&e);
		exit(1);
	}
	return v;
}

static const char *one_tag(struct cli *cli, const char *word)
{
	if (cli->nargs != 2)
		die("tag %s takes exactly one TAG, got %zu", word, cli->nargs - 1);
	return cli->args[1];
}

/* ---------------------------------------------------------------- set */

struct wait_ctx {
	const char *revision;
};

static int tag_resolved(void *ctx, struct val obj, struct strbuf *why)
{
	struct wait_ctx *w = ctx;
	const char *have = val_dig_str(obj, "status", "istioRevision", NULL);
	struct val conds = val_dig(obj, "status", "conditions", NULL);
	struct val_iter it;

	if (!val_exists(obj)) {
		strbuf_addstr(why, "the tag was deleted");
		return -1;
	}
	if (have && !strcmp(have, w->revision)) {
		val_release(&conds);
		return 1;
	}
	strbuf_addf(why, "status.istioRevision is \"%s\", not \"%s\"", have ? have : "",
		    w->revision);
	for (val_iter_init(&it, conds); val_iter_next(&it); ) {
		const char *t = val_get_str(it.value, "type"), *s = val_get_str(it.value, "status");

		const char *reason = val_get_str(it.value, "reason");
		const char *msg = val_get_str(it.value, "message");

		if (!t || !s || strcmp(t, "Reconciled") || !strcmp(s, "True"))
			continue;
		if (reason && !strcmp(reason, "NameAlreadyExists")) {
			/* permanent: an older IstioRevision has the name */
			strbuf_reset(why);
			strbuf_addf(why, "the operator refused the tag (NameAlreadyExists): %s",
				    msg ? msg : "");
			val_release(&conds);
			return -1;
		}
		strbuf_addf(why, " (Reconciled %s: %s)", reason ? reason : "", msg ? msg : "");
	}
	val_release(&conds);
	return 0;
}

static int tag_set(struct cli *cli, struct output *o, const char *word)
{
	const char *tag = one_tag(cli, word);
	const char *rev = cli_str(cli, TOPT_REVISION), *istio = cli_str(cli, TOPT_ISTIO);
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	bool generate = !strcmp(word, "generate");
	bool client = generate || (dry && !strcmp(dry, "client"));
	bool server = dry && !strcmp(dry, "server");
	bool wait = cli_bool(cli, WOPT_WAIT);
	struct strbuf err = STRBUF_INIT;
	struct val params = val_obj(), docs, doc;
	const char *kind = istio ? "Istio" : "IstioRevision";
	const char *target = istio ? istio : rev;
	long timeout_ms = 0;

	if (!!rev + !!istio != 1)
		die("tag %s: give one of --revision and --istio", word);
	if (names_check_service_part("tag", tag, &err))
		die("%s", err.buf);
	if (cli_bool(cli, TOPT_FORCE))
		die("--force is for 'tag remove'; 'tag %s' takes --overwrite", word);
	if (wait && (client || server))
		die("--wait cannot be used with %s", generate ? "'tag generate'" : "a dry run");
	if (wait && kube_parse_timeout(cli_str(cli, WOPT_TIMEOUT), &timeout_ms, &err))
		die("--timeout: %s", err.buf);
	val_set_str(&params, "name", tag);
	val_set_str(&params, "targetKind", kind);
	val_set_str(&params, "targetName", target);
	if (template_render("istiorevisiontag", params, cli_str(cli, OOPT_TEMPLATES), &docs, &err))
		die("%s", err.buf);
	template_cache_clear();
	val_release(&params);
	doc = val_at(docs, 0);
	val_release(&docs);

	if (client) {
		if (generate && o->format == OUTPUT_DEFAULT) {
			output_release(o);
			if (output_parse("yaml", NULL, o, &err))
				die("%s", err.buf);
		}
		o->verb = "serverside-applied";
		o->dry_run = OUTPUT_DRY_RUN_CLIENT;
		if (output_print(o, doc, stdout, &err))
			die("%s", err.buf);
	} else {
		struct session s;
		const struct rest_mapping *mt, *mr, *mi;
		struct val cur, revisions, istios;
		struct api_apply_opts ao = { 0 };
		struct api_error e = API_ERROR_INIT;
		char *revision = NULL;

		if (session_open(&s, cli, &err))
			die("%s", err.buf);
		mt = mapping(s.api, "sailoperator.io/v1", "IstioRevisionTag");
		mr = mapping(s.api, "sailoperator.io/v1", "IstioRevision");
		mi = mapping(s.api, "sailoperator.io/v1", "Istio");
		cur = get_opt(s.api, mt, tag);
		list_or_die(s.api, mr, &revisions);
		list_or_die(s.api, mi, &istios);
		if (tag_check_set(tag, kind, target, cli_bool(cli, TOPT_OVERWRITE), cur,
				  revisions, istios, &revision, &err))
			die("cannot set tag \"%s\": %s", tag, err.buf);
		/* --overwrite takes the targetRef over from whoever set it */
		ao.force = cli_bool(cli, TOPT_OVERWRITE) || cli_bool(cli, WOPT_FORCE_CONFLICTS);
		ao.dry_run = server;
		if (apply_one(s.api, mt, NULL, doc, &ao, o, stdout, &err))
			die("%s", err.buf);
		if (wait) {
			struct wait_ctx w = { revision };

			if (api_wait_for(s.api, mt, NULL, tag, tag_resolved, &w, timeout_ms,
					 NULL, &e)) {
				api_error_print(&e);
				exit(1);
			}
		}
		free(revision);
		val_release(&cur);
		val_release(&revisions);
		val_release(&istios);
		session_close(&s);
	}
	val_release(&doc);
	strbuf_release(&err);
	return 0;
}

/* ---------------------------------------------------------------- list */

static int tag_list(struct cli *cli, struct output *o)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct session s;
	const struct rest_mapping *mt, *mr, *mi;
	struct val tags, revisions, istios;
	struct api_error e = API_ERROR_INIT;

	if (cli->nargs > 1)
		die("tag list takes no arguments");
	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	mt = mapping(s.api, "sailoperator.io/v1", "IstioRevisionTag");
	list_or_die(s.api, mt, &tags);
	if (o->format != OUTPUT_DEFAULT && o->format != OUTPUT_WIDE) {
		o->list = true;
		if (output_print(o, tags, stdout, &err))
			die("%s", err.buf);
	} else {
		struct meshref m;
		struct val rows;
		bool wide = o->format == OUTPUT_WIDE;

		mr = mapping(s.api, "sailoperator.io/v1", "IstioRevision");
		mi = mapping(s.api, "sailoperator.io/v1", "Istio");
		list_or_die(s.api, mr, &revisions);
		list_or_die(s.api, mi, &istios);
		if (wide && meshref_load(s.api, &m, false, &e)) {
			api_error_print(&e);
			exit(1);
		}
		rows = tag_list_rows(tags, revisions, istios, wide ? &m : NULL);
		if (!val_len(rows))
			fprintf(stderr, "No IstioRevisionTags or IstioRevisions found.\n");
		tag_list_table(rows, wide, cli_bool(cli, OOPT_NO_HEADERS), time(NULL), &out);
		fputs(out.buf, stdout);
		if (wide)
			meshref_release(&m);
		val_release(&rows);
		val_release(&revisions);
		val_release(&istios);
	}
	val_release(&tags);
	session_close(&s);
	strbuf_release(&out);
	strbuf_release(&err);
	return 0;
}

/* ---------------------------------------------------------------- remove */

static int tag_remove(struct cli *cli, struct output *o, const char *word)
{
	const char *tag = one_tag(cli, word);
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	bool client = dry && !strcmp(dry, "client"), server = dry && !strcmp(dry, "server");
	struct strbuf err = STRBUF_INIT;
	struct session s;
	const struct rest_mapping *mt;
	struct api_error e = API_ERROR_INIT;
	struct val cur = val_absent(), res = val_absent(), nss, pods;
	struct val revisions = val_absent(), istios = val_absent();
	struct meshref m;
	bool auto_inject = false;

	if (cli_set(cli, TOPT_REVISION) || cli_set(cli, TOPT_ISTIO) || cli_bool(cli, TOPT_OVERWRITE))
		die("tag remove takes TAG and --force only");
	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	mt = mapping(s.api, "sailoperator.io/v1", "IstioRevisionTag");
	if (api_get(s.api, mt, NULL, tag, &cur, &e)) {
		api_error_print(&e);
		exit(1);
	}
	if (meshref_load(s.api, &m, true, &e)) {
		api_error_print(&e);
		exit(1);
	}
	nss = meshref_namespaces(&m, tag);
	pods = meshref_pods(&m, tag, MESHREF_TAG);
	if (!strcmp(tag, "default")) {
		list_or_die(s.api, mapping(s.api, "sailoperator.io/v1", "IstioRevision"), &revisions);
		list_or_die(s.api, mapping(s.api, "sailoperator.io/v1", "Istio"), &istios);
		auto_inject = tag_auto_injects(tag, cur, revisions, istios);
	}
	if (tag_remove_blocked(tag, nss, pods, auto_inject, &err)) {
		if (!cli_bool(cli, TOPT_FORCE))
			die("%s", err.buf);
		warning("%s", err.buf);
	}
	strbuf_reset(&err);
	if (client) {
		res = val_copy(cur);
	} else if (api_delete(s.api, mt, NULL, tag, NULL, server, NULL, &e)) {
		api_error_print(&e);
		exit(1);
	} else {
		res = val_copy(cur);
	}
	o->verb = "deleted";
	o->dry_run = client ? OUTPUT_DRY_RUN_CLIENT : server ? OUTPUT_DRY_RUN_SERVER :
		OUTPUT_DRY_RUN_NONE;
	if (output_print(o, res, stdout, &err))
		die("%s", err.buf);
	val_release(&nss);
	val_release(&pods);
	val_release(&revisions);
	val_release(&istios);
	val_release(&res);
	val_release(&cur);
	meshref_release(&m);
	session_close(&s);
	strbuf_release(&err);
	return 0;
}

int cmd_tag(struct cli *cli)
{
	const char *word = cli->nargs ? cli->args[0] : NULL;
	struct strbuf err = STRBUF_INIT;
	struct output o;
	int ret;

	if (!word)
		die("tag: name a subcommand: set, list, remove or generate; see 'kubectl sail tag --help'");
	if (output_parse(cli_str(cli, OOPT_OUTPUT), cli_str(cli, OOPT_JQ), &o, &err))
		die("%s", err.buf);
	if (!strcmp(word, "set") || !strcmp(word, "generate"))
		ret = tag_set(cli, &o, word);
	else if (!strcmp(word, "list") || !strcmp(word, "show"))
		ret = tag_list(cli, &o);
	else if (!strcmp(word, "remove") || !strcmp(word, "delete"))
		ret = tag_remove(cli, &o, word);
	else
		die("tag: unknown subcommand \"%s\": use set, list, remove or generate", word);
	output_release(&o);
	strbuf_release(&err);
	return ret;
}
