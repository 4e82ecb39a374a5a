/*
 * kubectl sail install namespace NS... [--istio NAME | --tag TAG |
 * --revision REV]: label namespaces for injection by a control plane
 * (spec §8.1), honouring the meshes' discovery selectors.
 */
#include "sail.h"
#include "commands.h"
#include "install/install.h"
#include "install/install_opts.h"
#include "api.h"
#include "apply.h"
#include "output.h"
#include "session.h"
#include "workload.h"

#define LABEL_REV "istio.io/rev"
#define LABEL_INJECTION "istio-injection"

static bool any_selects(struct val selectors, struct val labels)
{
	struct val_iter it;

	for (val_iter_init(&it, selectors); val_iter_next(&it); )
		if (workload_selector_matches(it.value, labels))
			return true;
	return false;
}

int install_ns_labels(struct val labels, const char *rev, struct val selectors,
		      struct val *changes, struct strbuf *err)
{
	struct val after = val_is_obj(labels) ? val_copy(labels) : val_obj();
	struct val_iter it;
	bool is_default = !strcmp(rev, "default");

	*changes = val_obj();
	if (is_default) {
		val_set_str(changes, LABEL_INJECTION, "enabled");
		if (val_has(after, LABEL_REV))
			val_set_take(changes, LABEL_REV, val_null());
	} else {
		val_set_str(changes, LABEL_REV, rev);
		if (val_has(after, LABEL_INJECTION))
			val_set_take(changes, LABEL_INJECTION, val_null());
	}
	for (val_iter_init(&it, *changes); val_iter_next(&it); )
		if (val_kind(it.value) == VAL_NULL)
			val_del(&after, it.key);
		else
			val_set(&after, it.key, it.value);
	if (val_is_arr(selectors) && val_len(selectors) && !any_selects(selectors, after)) {
		bool done = false;

		for (val_iter_init(&it, selectors); !done && val_iter_next(&it); ) {
			struct val ml = val_get(it.value, "matchLabels");
			struct val_iter jt;

			if (val_is_obj(ml) && val_len(ml) && !val_has(it.value, "matchExpressions")) {
				for (val_iter_init(&jt, ml); val_iter_next(&jt); )
					val_set(changes, jt.key, jt.value);
				done = true;
			}
			val_release(&ml);
		}
		if (!done) {
			strbuf_addstr(err, "the mesh's discovery selectors (meshConfig.discoverySelectors) do not select the namespace, and none is a plain matchLabels selector to satisfy: label it yourself");
			val_release(&after);
			val_release(changes);
			return -1;
		}
	}
	val_release(&after);
	return 0;
}

static int need(int rc, struct api_error *e, struct strbuf *err)
{
	if (rc) {
		api_error_render(e, err);
		api_error_release(e);
	}
	return rc;
}

int install_ns_write(struct api *a, const struct rest_mapping *mns, const char *name,
		     bool exists, struct val changes, bool force, bool dry_run,
		     struct output *o, struct strbuf *err)
{
	struct api_apply_opts ao = { .force = force, .dry_run = dry_run };
	struct val ns, md;
	int ret;

	if (exists)
		return apply_label(a, mns, NULL, name, changes, dry_run, o, stdout, err);
	ns = val_obj();
	md = val_obj();
	val_set_str(&md, "name", name);
	val_set(&md, "labels", changes);
	val_set_str(&ns, "apiVersion", "v1");
	val_set_str(&ns, "kind", "Namespace");
	val_set_take(&ns, "metadata", md);
	ret = apply_one(a, mns, NULL, ns, &ao, o, stdout, err);
	val_release(&ns);
	return ret;
}

/* The discovery selectors of an Istio (absent when none). */
static struct val selectors_of(struct val istio)
{
	return val_dig(istio, "spec", "values", "meshConfig", "discoverySelectors", NULL);
}

int install_namespaces(struct cli *cli, struct output *o)
{
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	bool client = dry && !strcmp(dry, "client"), server = dry && !strcmp(dry, "server");
	const char *istio = cli_str(cli, IOPT_ISTIO), *tag = cli_str(cli, IOPT_TAG);
	const char *rev = cli_str(cli, IOPT_REVISION);
	struct strbuf err = STRBUF_INIT;
	struct session s;
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *mi, *mt, *mr, *mns;
	struct val target = val_absent(), istios = val_absent();
	char *value = NULL;
	size_t i;
	int n = !!istio + !!tag + !!rev;

	if (cli->nargs < 2)
		die("install namespace: name at least one namespace");
	if (cli_bool(cli, IOPT_AMBIENT) + cli_bool(cli, IOPT_SIDECAR) + cli_bool(cli, IOPT_REMOVE) > 1)
		die("install namespace: give one of --ambient, --sidecar and --remove");
	if (!cli_bool(cli, IOPT_AMBIENT) && (cli_set(cli, IOPT_WAYPOINT) || cli_set(cli, IOPT_MIGRATE)))
		die("--waypoint and --migrate go with install namespace --ambient");
	if (cli_bool(cli, IOPT_AMBIENT) || cli_bool(cli, IOPT_REMOVE))
		return install_namespaces_ambient(cli, o);
	if (n > 1)
		die("install namespace: give one of --istio, --tag and --revision");
	if (!n)
		istio = "default";
	if (client) {
		if (istio)
			die("install namespace --dry-run=client cannot find the active revision of Istio \"%s\" without a server: use --revision or --tag", istio);
		for (i = 1; i < cli->nargs; i++) {
			struct val labels = val_absent(), changes, ns = val_obj(), md = val_obj();

			if (install_ns_labels(labels, rev ? rev : tag, val_absent(), &changes, &err))
				die("%s", err.buf);
			val_set_str(&ns, "apiVersion", "v1");
			val_set_str(&ns, "kind", "Namespace");
			val_set_str(&md, "name", cli->args[i]);
			val_set_take(&md, "labels", changes);
			val_set_take(&ns, "metadata", md);
			o->verb = "labeled";
			o->dry_run = OUTPUT_DRY_RUN_CLIENT;
			if (output_print(o, ns, stdout, &err))
				die("%s", err.buf);
			val_release(&ns);
		}
		return 0;
	}
	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	if (need(api_resolve_kind(s.api, "sailoperator.io/v1", "Istio", &mi, &e), &e, &err) ||
	    need(api_resolve_kind(s.api, "sailoperator.io/v1", "IstioRevisionTag", &mt, &e), &e, &err) ||
	    need(api_resolve_kind(s.api, "sailoperator.io/v1", "IstioRevision", &mr, &e), &e, &err) ||
	    need(api_resolve_kind(s.api, "v1", "Namespace", &mns, &e), &e, &err))
		die("%s", err.buf);

	/* what to label with, and the mesh (an Istio or IstioRevision) */
	if (istio) {
		const char *active;

		if (need(api_get(s.api, mi, NULL, istio, &target, &e), &e, &err))
			die("%s", err.buf);
		active = val_dig_str(target, "status", "activeRevisionName", NULL);
		if (active && *active) {
			value = xstrdup(active);
		} else {
			value = install_revision_name(istio,
				val_dig_str(target, "spec", "updateStrategy", "type", NULL),
				val_dig_str(target, "spec", "version", NULL));
		}
	} else if (tag) {
		struct val t = val_absent();
		const char *kind, *name;

		if (need(api_get(s.api, mt, NULL, tag, &t, &e), &e, &err))
			die("%s", err.buf);
		kind = val_dig_str(t, "spec", "targetRef", "kind", NULL);
		name = val_dig_str(t, "spec", "targetRef", "name", NULL);
		if (kind && name &&
		    need(api_get(s.api, !strcmp(kind, "Istio") ? mi : mr, NULL, name, &target, &e), &e, &err))
			die("%s", err.buf);
		val_release(&t);
		value = xstrdup(tag);
	} else {
		if (need(api_get(s.api, mr, NULL, rev, &target, &e), &e, &err))
			die("%s", err.buf);
		value = xstrdup(rev);
	}
	if (need(api_list_all(s.api, mi, NULL, NULL, &istios, NULL, &e), &e, &err))
		die("%s", err.buf);

	for (i = 1; i < cli->nargs; i++) {
		const char *ns = cli->args[i];
		struct val cur = val_absent(), labels, changes, after;
		struct val sel = selectors_of(target);
		struct val_iter it;
		bool exists;

		if (api_get(s.api, mns, NULL, ns, &cur, &e)) {
			if (!api_error_is(&e, "NotFound")) {
				api_error_render(&e, &err);
				die("%s", err.buf);
			}
			api_error_release(&e);
		}
		exists = val_exists(cur);
		labels = val_dig(cur, "metadata", "labels", NULL);
		if (install_ns_labels(labels, value, sel, &changes, &err))
			die("namespace \"%s\": %s", ns, err.buf);
		if (cli_bool(cli, IOPT_SIDECAR)) {	/* back from ambient */
			struct val off;

			install_ns_ambient_labels(labels, INSTALL_NS_SIDECAR, NULL, false,
						  val_absent(), &off, &err);
			val_merge(&changes, off);
			val_release(&off);
		}
		/* refuse a namespace another mesh selects */
		after = val_is_obj(labels) ? val_copy(labels) : val_obj();
		for (val_iter_init(&it, changes); val_iter_next(&it); )
			if (val_kind(it.value) == VAL_NULL)
				val_del(&after, it.key);
			else
				val_set(&after, it.key, it.value);
		for (val_iter_init(&it, istios); val_iter_next(&it); ) {
			const char *other = val_dig_str(it.value, "metadata", "name", NULL);
			const char *mine = val_dig_str(target, "metadata", "name", NULL);
			struct val osel = selectors_of(it.value);
			struct val_iter jt;

			if (other && mine && !strcmp(other, mine)) {
				val_release(&osel);
				continue;
			}
			for (val_iter_init(&jt, osel); val_iter_next(&jt); )
				if (workload_selector_matches(jt.value, after))
					die("namespace \"%s\" is selected by the discovery selectors of Istio \"%s\"; it cannot join another mesh",
					    ns, other);
			val_release(&osel);
		}
		if (install_ns_write(s.api, mns, ns, exists, changes,
				     cli_bool(cli, WOPT_FORCE_CONFLICTS), server, o, &err))
			die("%s", err.buf);
		val_release(&after);
		val_release(&changes);
		val_release(&labels);
		val_release(&cur);
		val_release(&sel);
	}
	free(value);
	val_release(&target);
	val_release(&istios);
	session_close(&s);
	strbuf_release(&err);
	return 0;
}
