/*
 * kubectl sail install namespace NS... --ambient [--waypoint NAME]
 * [--migrate] | --remove: move namespaces into ambient's data plane or out
 * of the mesh (spec ambient.md §4); --sidecar (back to injection) is
 * install namespace's own path, which drops the ambient labels.
 * Every namespace is judged before the first write, so a refusal changes
 * nothing.
 */
#include "sail.h"
#include "commands.h"
#include "install/install.h"
#include "install/install_opts.h"
#include "api.h"
#include "names.h"
#include "output.h"
#include "session.h"
#include "workload.h"

static const char *const ambient_labels[] = {
	INSTALL_LABEL_DATAPLANE, INSTALL_LABEL_USE_WAYPOINT,
	INSTALL_LABEL_USE_WAYPOINT_NS, NULL
};
static const char *const sidecar_labels[] = { "istio-injection", "istio.io/rev", NULL };

static void drop(struct val labels, const char *const *keys, struct val *changes)
{
	for (; *keys; keys++)
		if (val_has(labels, *keys))
			val_set_take(changes, *keys, val_null());
}

/* labels with changes applied (null removes) */
static struct val after_changes(struct val labels, struct val changes)
{
	struct val after = val_is_obj(labels) ? val_copy(labels) : val_obj();
	struct val_iter it;

	for (val_iter_init(&it, changes); val_iter_next(&it); )
		if (val_kind(it.value) == VAL_NULL)
			val_del(&after, it.key);
		else
			val_set(&after, it.key, it.value);
	return after;
}

int install_ns_ambient_labels(struct val labels, enum install_ns_mode mode,
			      const char *waypoint, bool migrate,
			      struct val selectors, struct val *changes,
			      struct strbuf *err)
{
	struct val after;
	struct val_iter it;
	bool selected = false;

	*changes = val_obj();
	if (mode == INSTALL_NS_REMOVE) {
		drop(labels, ambient_labels, changes);
		drop(labels, sidecar_labels, changes);
		return 0;
	}
	if (mode == INSTALL_NS_SIDECAR) {
		drop(labels, ambient_labels, changes);
		return 0;
	}
	if (!migrate) {
		const char *const *k;

		for (k = sidecar_labels; *k; k++)
			if (val_get_str(labels, *k)) {
				strbuf_addf(err, "it has the sidecar injection label %s=%s (sidecars win over ambient): add --migrate to remove it",
					    *k, val_get_str(labels, *k));
				val_release(changes);
				return -1;
			}
	}
	drop(labels, sidecar_labels, changes);
	val_set_str(changes, INSTALL_LABEL_DATAPLANE, "ambient");
	if (waypoint)
		val_set_str(changes, INSTALL_LABEL_USE_WAYPOINT, waypoint);
	after = after_changes(labels, *changes);
	for (val_iter_init(&it, selectors); val_iter_next(&it); )
		selected = selected || workload_selector_matches(it.value, after);
	val_release(&after);
	if (val_len(selectors) && !selected &&
	    install_discovery_labels(selectors, changes, err)) {
		val_release(changes);
		return -1;
	}
	return 0;
}

/* Do the discovery selectors of this Istio select a namespace with these
 * labels? (An Istio without selectors is not counted, as in install
 * namespace.) */
static bool selected_by(struct val istio, struct val labels)
{
	struct val sel = val_dig(istio, "spec", "values", "meshConfig", "discoverySelectors", NULL);
	struct val_iter it;
	bool yes = false;

	for (val_iter_init(&it, sel); !yes && val_iter_next(&it); )
		yes = workload_selector_matches(it.value, labels);
	val_release(&sel);
	return yes;
}

static int need(int rc, struct api_error *e, struct strbuf *err)
{
	if (rc) {
		api_error_render(e, err);
		api_error_release(e);
	}
	return rc;
}

/* One namespace's decision, made before anything is written. */
struct ns_change {
	const char *name;
	bool exists;
	struct val changes;
};

/* The sidecar pods of ns that keep their proxy until restarted. */
static void name_sidecar_pods(struct api *a, const struct rest_mapping *mp, const char *ns)
{
	struct api_list_opts lo = { .metadata_only = true };
	struct api_error e = API_ERROR_INIT;
	struct val pods = val_absent();
	struct val_iter it;

	if (api_list_all(a, mp, ns, &lo, &pods, NULL, &e)) {
		api_error_release(&e);
		return;
	}
	for (val_iter_init(&it, pods); val_iter_next(&it); ) {
		struct val ann = val_dig(it.value, "metadata", "annotations", NULL);

		if (workload_meshed(ann))
			warning("namespace \"%s\": pod %s keeps its sidecar until restarted (kubectl rollout restart deployment -n %s)",
				ns, val_dig_str(it.value, "metadata", "name", NULL), ns);
		val_release(&ann);
	}
	val_release(&pods);
}

int install_namespaces_ambient(struct cli *cli, struct output *o)
{
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	bool client = dry && !strcmp(dry, "client"), server = dry && !strcmp(dry, "server");
	const char *istio = cli_str(cli, IOPT_ISTIO), *waypoint = cli_str(cli, IOPT_WAYPOINT);
	bool migrate = cli_bool(cli, IOPT_MIGRATE);
	enum install_ns_mode mode = cli_bool(cli, IOPT_REMOVE) ? INSTALL_NS_REMOVE : INSTALL_NS_AMBIENT;
	struct strbuf err = STRBUF_INIT;
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *mi, *mns, *mp;
	struct val istios = val_absent(), target = val_absent(), sel;
	struct ns_change *ch;
	struct session s;
	size_t i, n = cli->nargs - 1;

	if (mode == INSTALL_NS_REMOVE && (istio || cli_str(cli, IOPT_TAG) || cli_str(cli, IOPT_REVISION)))
		die("install namespace --remove takes no --istio, --tag or --revision");
	if (mode == INSTALL_NS_AMBIENT && (cli_str(cli, IOPT_TAG) || cli_str(cli, IOPT_REVISION)))
		die("install namespace --ambient takes --istio NAME, not --tag or --revision: ambient pods are not injected");
	if (waypoint && !dns1123_label(waypoint))
		die("--waypoint \"%s\": a waypoint name must be a DNS label (lower-case letters, digits and '-', at most 63)", waypoint);
	if (n < 1)
		die("install namespace: name at least one namespace");
	if (client)
		die("install namespace --%s needs the server (the namespaces' labels and the mesh's selectors); use --dry-run=server to see the result",
		    mode == INSTALL_NS_AMBIENT ? "ambient" : "remove");
	if (!istio)
		istio = "default";
	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	if (need(api_resolve_kind(s.api, "sailoperator.io/v1", "Istio", &mi, &e), &e, &err) ||
	    need(api_resolve_kind(s.api, "v1", "Namespace", &mns, &e), &e, &err) ||
	    need(api_resolve_kind(s.api, "v1", "Pod", &mp, &e), &e, &err) ||
	    need(api_list_all(s.api, mi, NULL, NULL, &istios, NULL, &e), &e, &err))
		die("%s", err.buf);
	if (mode == INSTALL_NS_AMBIENT) {
		struct val_iter it;

		for (val_iter_init(&it, istios); val_iter_next(&it); )
			if (!strcmp(val_dig_str(it.value, "metadata", "name", NULL) ?: "", istio))
				target = val_copy(it.value);
		if (!val_exists(target))
			die("Istio \"%s\" not found: enrolling namespaces in ambient needs an ambient control plane (kubectl sail install --ambient)", istio);
		if (!install_profile_ambient(val_dig_str(target, "spec", "profile", NULL)))
			die("Istio \"%s\" has profile %s, not ambient: its namespaces use sidecars (kubectl sail install %s --ambient)",
			    istio, val_dig_str(target, "spec", "profile", NULL) ?: "default", istio);
	}
	sel = val_dig(target, "spec", "values", "meshConfig", "discoverySelectors", NULL);

	/* decide everything first */
	ch = xcalloc(n, sizeof(*ch));
	for (i = 0; i < n; i++) {
		struct val cur = val_absent(), labels, after;
		struct val_iter it;

		ch[i].name = cli->args[i + 1];
		if (need(api_get_optional(s.api, mns, NULL, ch[i].name, &cur, &e), &e, &err))
			die("%s", err.buf);
		ch[i].exists = val_exists(cur);
		if (!ch[i].exists && mode == INSTALL_NS_REMOVE)
			die("namespace \"%s\" not found", ch[i].name);
		labels = val_dig(cur, "metadata", "labels", NULL);
		if (install_ns_ambient_labels(labels, mode, waypoint, migrate, sel, &ch[i].changes, &err))
			die("namespace \"%s\": %s", ch[i].name, err.buf);
		after = after_changes(labels, ch[i].changes);
		for (val_iter_init(&it, istios); mode == INSTALL_NS_AMBIENT && val_iter_next(&it); ) {
			const char *other = val_dig_str(it.value, "metadata", "name", NULL);

			if (other && strcmp(other, istio) && selected_by(it.value, after))
				die("namespace \"%s\" is selected by the discovery selectors of Istio \"%s\"; it cannot join the ambient mesh of Istio \"%s\"",
				    ch[i].name, other, istio);
		}
		val_release(&after);
		val_release(&labels);
		val_release(&cur);
	}

	/* then write */
	for (i = 0; i < n; i++) {
		if (install_ns_write(s.api, mns, ch[i].name, ch[i].exists, ch[i].changes,
				     cli_bool(cli, WOPT_FORCE_CONFLICTS), server, o, &err))
			die("%s", err.buf);
		if (migrate && ch[i].exists)
			name_sidecar_pods(s.api, mp, ch[i].name);
		val_release(&ch[i].changes);
	}
	free(ch);
	val_release(&sel);
	val_release(&target);
	val_release(&istios);
	session_close(&s);
	strbuf_release(&err);
	return 0;
}
