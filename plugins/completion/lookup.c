/*
 * The engine's half of completion: names from the kubeconfig, the version
 * catalogue and the cluster, for the front end's complete.c. Quiet by
 * design: any failure means no candidates, never a message (the shell is
 * drawing a prompt). Cluster reads use a short request timeout; the front
 * end also bounds the whole look-up.
 */
#include "sail.h"
#include "commands.h"
#include "complete.h"
#include "api.h"
#include "restmap.h"
#include "session.h"
#include "versions.h"

/* Per request; the front end's deadline covers the whole look-up. */
#define LOOKUP_TIMEOUT_MS 800

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int kubeconfig_names_of(struct cli *cli, enum kubeconfig_section what,
			       const char *partial, struct strbuf *out)
{
	struct kube_overrides o;
	struct strbuf err = STRBUF_INIT;
	struct val names;
	struct val_iter it;

	cli_kube_overrides(cli, &o);
	if (!kubeconfig_names(&o, what, &names, &err))
		for (val_iter_init(&it, names); val_iter_next(&it); )
			if (starts_with(val_str_get(it.value), partial))
				strbuf_addf(out, "%s\n", val_str_get(it.value));
	val_release(&names);
	strbuf_release(&err);
	return 0;
}

/* Supported versions newest first as the catalogue lists them, the
 * end-of-life ones last. */
static int versions_of(const char *partial, struct strbuf *out)
{
	const struct versions *c = versions_catalogue();
	const char *def = versions_default(c);
	int eol;
	size_t i;

	for (eol = 0; eol < 2; eol++)
		for (i = 0; i < c->nr; i++) {
			const struct istio_version *v = &c->v[i];
			const struct istio_version *target = v->ref ? versions_find(c, v->ref) : v;
			bool is_eol = v->eol || (target && target->eol);

			if (is_eol != eol || !starts_with(v->name, partial))
				continue;
			strbuf_addf(out, "%s\t", v->name);
			if (v->ref)
				strbuf_addf(out, "alias of %s%s", v->ref, is_eol ? ", end-of-life" : "");
			else if (v->eol)
				strbuf_addstr(out, "end-of-life");
			else if (def && !strcmp(def, v->name))
				strbuf_addstr(out, "the default");
			else if (v->prerelease)
				strbuf_addstr(out, "pre-release");
			strbuf_addch(out, '\n');
		}
	return COMP_KEEP_ORDER;
}

/* One description per kind: what tells two objects apart at a glance. */
static void describe(enum comp_kind kind, struct val obj, struct strbuf *out)
{
	const char *a, *b;

	switch (kind) {
	case COMPK_ISTIOS:
		a = val_dig_str(obj, "spec", "version", NULL);
		b = val_dig_str(obj, "spec", "namespace", NULL);
		strbuf_addf(out, "%s in %s", a ? a : "?", b ? b : "istio-system");
		break;
	case COMPK_REVISIONS:
	case COMPK_CNIS:
		a = val_dig_str(obj, "spec", "version", NULL);
		if (a)
			strbuf_addstr(out, a);
		break;
	case COMPK_TAGS:
		a = val_dig_str(obj, "status", "istioRevision", NULL);
		b = val_dig_str(obj, "spec", "targetRef", "name", NULL);
		if (a || b)
			strbuf_addf(out, "-> %s", a ? a : b);
		break;
	default:
		break;
	}
}

static int objects_of(struct cli *cli, enum comp_kind kind, const char *partial,
		      struct strbuf *out)
{
	static const char *const resource[] = {
		[COMPK_NAMESPACES] = "namespaces", [COMPK_ISTIOS] = "istios",
		[COMPK_REVISIONS] = "istiorevisions", [COMPK_TAGS] = "istiorevisiontags",
		[COMPK_CNIS] = "istiocnis",
	};
	struct api_list_opts lo = { .limit = 500, .metadata_only = kind == COMPK_NAMESPACES };
	struct api_error e = API_ERROR_INIT;
	struct strbuf err = STRBUF_INIT;
	const struct rest_mapping *m = restmap_by_name(resource[kind]);
	struct val items = val_absent();
	struct val_iter it;
	struct session s;

	if (!m || session_open(&s, cli, &err)) {
		strbuf_release(&err);
		return 0;
	}
	s.cfg.timeout_ms = LOOKUP_TIMEOUT_MS;
	s.cfg.verbosity = 0;
	if (!api_list_all(s.api, m, NULL, &lo, &items, NULL, &e))
		for (val_iter_init(&it, items); val_iter_next(&it); ) {
			const char *name = val_dig_str(it.value, "metadata", "name", NULL);

			if (!name || !starts_with(name, partial))
				continue;
			strbuf_addf(out, "%s\t", name);
			describe(kind, it.value, out);
			strbuf_addch(out, '\n');
		}
	val_release(&items);
	api_error_release(&e);
	session_close(&s);
	strbuf_release(&err);
	return 0;
}

int complete_lookup(struct cli *cli, enum comp_kind kind, const char *partial,
		    struct strbuf *out)
{
	switch (kind) {
	case COMPK_CONTEXTS:
		return kubeconfig_names_of(cli, KUBECONFIG_CONTEXTS, partial, out);
	case COMPK_CLUSTERS:
		return kubeconfig_names_of(cli, KUBECONFIG_CLUSTERS, partial, out);
	case COMPK_USERS:
		return kubeconfig_names_of(cli, KUBECONFIG_USERS, partial, out);
	case COMPK_VERSIONS:
		return versions_of(partial, out);
	case COMPK_NAMESPACES:
	case COMPK_ISTIOS:
	case COMPK_REVISIONS:
	case COMPK_TAGS:
	case COMPK_CNIS:
		return objects_of(cli, kind, partial, out);
	default:
		return 0;
	}
}

/* 'completion' runs in the front end (completion/options.c). */
int cmd_completion(struct cli *cli)
{
	return cli->cmd->front(cli);
}
