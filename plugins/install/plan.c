/*
 * kubectl sail install: from the command line to validated documents
 * (see install.h).
 */
#include "sail.h"
#include "input_limits.h"
#include "names.h"
#include "install.h"
#include "versions.h"
#include "schema.h"
#include "setpath.h"
#include "template.h"
#include "yaml.h"
#include "apply.h"

char *install_revision_name(const char *name, const char *strategy,
			    const char *version)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addstr(&sb, name);
	if (strategy && !strcmp(strategy, "RevisionBased")) {
		size_t start = sb.len;

		strbuf_addf(&sb, "-%s", version);
		for (i = start; i < sb.len; i++)
			if (sb.buf[i] == '.')
				sb.buf[i] = '-';
	}
	return strbuf_detach(&sb, NULL);
}

bool install_minor_skew(const char *a, const char *b)
{
	int ma, na, mb, nb;

	if (versions_parse_minor(a, &ma, &na) || versions_parse_minor(b, &mb, &nb))
		return false;
	return ma != mb || (na > nb ? na - nb : nb - na) > 1;
}

void install_plan_release(struct install_plan *p)
{
	val_release(&p->docs);
	val_release(&p->istio);
	val_release(&p->cni);
	val_release(&p->ztunnel);
	free(p->istio_name);
	free(p->revision);
	free(p->istio_version);
	free(p->cni_version);
	free(p->ztunnel_version);
	val_release(&p->selectors);
	memset(p, 0, sizeof(*p));
	p->docs = p->istio = p->cni = p->ztunnel = p->selectors = val_absent();
}

struct note_ctx {
	const char *kind;
	const char *name;
};

static void note_coerced(void *ctx, const char *path, const char *text)
{
	struct note_ctx *c = ctx;

	warning("%s \"%s\": %s is a string field; %s was turned into the string \"%s\"",
		c->kind, c->name, path, text, text);
}

static void note_unknown(void *ctx, const char *path, const char *what)
{
	struct note_ctx *c = ctx;

	(void)what;
	warning("%s \"%s\": %s is not a field of %s; the API server would drop it",
		c->kind, c->name, path, c->kind);
}

/* The schema node at spec.values + path; absent when the path is not in it. */
static struct val schema_at(struct val spec_schema, const struct setpath *sp,
			    size_t *bad)
{
	struct val node = schema_child(spec_schema, "values");
	size_t i;

	for (i = 0; i < sp->nr && val_exists(node); i++) {
		struct val next = schema_child(node, sp->seg[i].key);

		val_release(&node);
		node = next;
		*bad = i;
	}
	return node;
}

static int apply_set(const char *kind, struct val sch, struct val *spec,
		     const char *arg, const char *flag, bool force_string,
		     struct strbuf *err);

static int apply_sets(const char *kind, struct val *spec,
		      const char *const *list, bool force_string,
		      struct strbuf *err)
{
	const char *flag = force_string ? "--set-string" : "--set";
	struct val sch = schema_spec(kind);
	int ret = 0;

	for (; list && *list && !ret; list++) {
		char **items = setpath_split_list(*list);
		size_t k;

		for (k = 0; items[k] && !ret; k++)
			ret = apply_set(kind, sch, spec, items[k], flag, force_string, err);
		for (k = 0; items[k]; k++)
			free(items[k]);
		free(items);
	}
	val_release(&sch);
	return ret;
}

/* One PATH=VALUE into spec.values, typed and checked by the schema. */
static int apply_set(const char *kind, struct val sch, struct val *spec,
		     const char *arg, const char *flag, bool force_string,
		     struct strbuf *err)
{
	char *path = NULL, *text = NULL;
	struct setpath sp = { NULL, 0 };
	struct strbuf why = STRBUF_INIT;
	struct val node = val_absent(), v, values;
	size_t bad = 0;
	int ret = -1;

	if (setpath_split(arg, &path, &text)) {
		strbuf_addf(err, "%s \"%s\": expected PATH=VALUE", flag, arg);
		return -1;
	}
	if (setpath_parse(path, &sp, &why)) {
		strbuf_addf(err, "%s %s: %s", flag, arg, why.buf);
		goto out;
	}
	node = schema_at(sch, &sp, &bad);
	if (!val_exists(node)) {
		struct strbuf p = STRBUF_INIT, parent = STRBUF_INIT;
		size_t i;

		setpath_format(&sp, bad + 1, &p);
		for (i = 0; i < bad; i++)
			if (sp.seg[i].key)
				strbuf_addf(&parent, ".%s", sp.seg[i].key);
		strbuf_addf(err, "%s %s: %s has no field spec.values.%s (see kubectl explain %s.spec.values%s)",
			    flag, arg, kind, p.buf,
			    !strcmp(kind, "Istio") ? "istio" : !strcmp(kind, "ZTunnel") ? "ztunnel" : "istiocni",
			    parent.buf);
		strbuf_release(&p);
		strbuf_release(&parent);
		goto out;
	}
	if (schema_type_value(node, text, force_string, &v, &why)) {
		strbuf_addf(err, "%s %s: spec.values.%s: %s", flag, arg, path, why.buf);
		goto out;
	}
	values = val_get_obj(*spec, "values");
	setpath_set(&values, &sp, v);
	val_set_take(spec, "values", values);
	val_release(&v);
	ret = 0;
out:
	val_release(&node);
	strbuf_release(&why);
	setpath_release(&sp);
	free(path);
	free(text);
	return ret;
}

/* Read -f documents (flattened, cleaned). */
static int read_inputs(const struct install_req *r, struct val *docs,
		       struct strbuf *err)
{
	const char *const *f;
	struct val all = val_arr();

	if (val_exists(r->input_docs)) {
		struct val_iter it;

		for (val_iter_init(&it, r->input_docs); val_iter_next(&it); )
			val_push(&all, it.value);
	}
	for (f = r->files; f && *f; f++) {
		struct val d;
		struct val_iter it;

		if (yaml_parse_file(*f, &d, NULL, err)) {
			val_release(&all);
			return -1;
		}
		for (val_iter_init(&it, d); val_iter_next(&it); )
			val_push(&all, it.value);
		val_release(&d);
	}
	*docs = apply_flatten(all);
	val_release(&all);
	/* kubectl's rule: an empty -f (a `kubectl get` that found nothing,
	 * piped in) is an error, never "install the defaults" */
	if ((r->files && *r->files) && !val_len(*docs)) {
		strbuf_addstr(err, "no objects passed to apply");
		return -1;
	}
	{
		size_t i, n = val_len(*docs);

		for (i = 0; i < n; i++) {
			struct val d = val_at(*docs, i);

			if (!val_is_obj(d) || !val_get_str(d, "kind") ||
			    !val_get_str(d, "apiVersion")) {
				val_release(&d);
				strbuf_addf(err, "document %zu of -f is not a Kubernetes object (no apiVersion or kind)", i + 1);
				return -1;
			}
			apply_clean(&d);
			val_arr_set(docs, i, d);
			val_release(&d);
		}
	}
	return 0;
}

static bool is_sail(struct val d, const char *kind)
{
	const char *k = val_get_str(d, "kind");
	const char *av = val_get_str(d, "apiVersion");

	return k && av && !strcmp(k, kind) && !strncmp(av, "sailoperator.io/", 16);
}

static int merge_values_files(const char *const *files, struct val *spec,
			      struct strbuf *err)
{
	for (; files && *files; files++) {
		struct val docs, values, doc;

		if (yaml_parse_file(*files, &docs, NULL, err))
			return -1;
		if (val_len(docs) > 1) {
			val_release(&docs);
			strbuf_addf(err, "--values %s: expected one document, found several", *files);
			return -1;
		}
		doc = val_at(docs, 0);
		val_release(&docs);
		if (val_exists(doc) && !val_is_obj(doc)) {
			val_release(&doc);
			strbuf_addf(err, "--values %s: expected a mapping of values", *files);
			return -1;
		}
		values = val_get_obj(*spec, "values");
		if (val_exists(doc))
			val_merge(&values, doc);
		val_set_take(spec, "values", values);
		val_release(&doc);
	}
	return 0;
}

/* Check a string member of spec against its enum in the schema. */
static int check_enum_field(const char *kind, struct val spec, const char *key,
			    const char *sub, const char *flag, struct strbuf *err)
{
	struct val sch = schema_spec(kind), node = schema_child(sch, key), v, tv;
	struct strbuf why = STRBUF_INIT;
	const char *text;
	int ret = 0;

	v = val_get(spec, key);
	if (sub) {
		struct val n2 = schema_child(node, sub), v2 = val_get(v, sub);

		val_release(&node);
		val_release(&v);
		node = n2;
		v = v2;
	}
	text = val_str_get(v);
	if (val_exists(v) && !text) {
		strbuf_addf(err, "%s: spec.%s%s%s must be a string", kind, key,
			    sub ? "." : "", sub ? sub : "");
		ret = -1;
	} else if (text && schema_type_value(node, text, true, &tv, &why)) {
		strbuf_addf(err, "unknown %s \"%s\": %s", flag, text, why.buf);
		ret = -1;
	} else if (text) {
		val_release(&tv);
	}
	strbuf_release(&why);
	val_release(&v);
	val_release(&node);
	val_release(&sch);
	return ret;
}

static int resolve_version(struct val *spec, const char *flag_version,
			   char **concrete, struct strbuf *err)
{
	const struct versions *cat = versions_catalogue();
	const char *v = flag_version, *name = NULL, *conc = NULL;

	if (!v)
		v = val_get_str(*spec, "version");
	if (!v)
		v = versions_default(cat);
	if (!v) {
		strbuf_addstr(err, "the version catalogue has no supported version");
		return -1;
	}
	if (versions_resolve(cat, v, &name, &conc, err))
		return -1;
	val_set_str(spec, "version", name);
	*concrete = xstrdup(conc);
	return 0;
}

/*
 * An existing resource: its spec on the server is the start, the spec from
 * -f is merged over it (flags come later). spec.version is upgrade's to
 * change, and a switch of update strategy changes which revision the
 * operator runs: both are refused here, before anything is sent.
 */
static int start_from_existing(const char *kind, const char *name, struct val existing,
			       struct val *spec, const char *flag_version,
			       const char *flag_strategy, bool change_strategy,
			       struct strbuf *err)
{
	struct val base = val_get(existing, "spec");
	const char *have_v, *want_v, *have_t, *want_t;
	bool cni = !strcmp(kind, "IstioCNI");

	if (!val_is_obj(base)) {
		val_release(&base);
		base = val_obj();
	}
	have_v = val_get_str(base, "version");
	want_v = flag_version ? flag_version : val_get_str(*spec, "version");
	if (have_v && want_v && strcmp(have_v, want_v)) {
		strbuf_addf(err, "%s \"%s\" exists at version %s; install does not change spec.version (to %s): that is an upgrade, with its checks and workload moves: kubectl sail upgrade %s --version %s",
			    kind, name, have_v, want_v, cni ? "cni" : name, want_v);
		val_release(&base);
		return -1;
	}
	have_t = val_dig_str(base, "updateStrategy", "type", NULL);
	want_t = flag_strategy ? flag_strategy : val_dig_str(*spec, "updateStrategy", "type", NULL);
	if (have_t && want_t && strcmp(have_t, want_t) && !change_strategy) {
		if (!strcmp(have_t, "InPlace"))
			strbuf_addf(err, "Istio \"%s\" is InPlace; switching it to %s makes the operator create a new revision named after the version beside revision \"%s\", which is pruned once nothing uses it: namespaces labelled istio.io/rev=%s must be moved first. Pass --change-update-strategy to switch anyway",
				    name, want_t, name, name);
		else
			strbuf_addf(err, "Istio \"%s\" is RevisionBased; switching it to %s makes the operator create a revision named \"%s\", which fails (NameAlreadyExists) while a tag of that name exists, and prunes the current revision once nothing uses it. Pass --change-update-strategy to switch anyway",
				    name, want_t, name);
		val_release(&base);
		return -1;
	}
	val_merge(&base, *spec);
	val_release(spec);
	*spec = base;
	return 0;
}

static struct val render(const char *tmpl, struct val params, const char *dir,
			 struct strbuf *err, int *ret)
{
	struct val out, obj;

	if (template_render(tmpl, params, dir, &out, err)) {
		*ret = -1;
		return val_absent();
	}
	obj = val_at(out, 0);
	val_release(&out);
	return obj;
}

static void carry_metadata(struct val base, struct val *params);

static void push_namespace_meta(struct val *docs, struct val inputs, const char *ns,
				struct val labels, struct val annotations,
				const char *dir, struct strbuf *err, int *ret);

static void push_namespace(struct val *docs, struct val inputs, const char *ns,
			   const char *dir, struct strbuf *err, int *ret)
{
	push_namespace_meta(docs, inputs, ns, val_absent(), val_absent(), dir, err, ret);
}

/* The namespace ns, from -f when given there, with extra labels and
 * annotations (objects, may be empty or absent) merged over its own. */
static void push_namespace_meta(struct val *docs, struct val inputs, const char *ns,
				struct val labels, struct val annotations,
				const char *dir, struct strbuf *err, int *ret)
{
	struct val_iter it;
	struct val p, obj, base = val_absent();

	for (val_iter_init(&it, *docs); val_iter_next(&it); )
		if (!strcmp(val_get_str(it.value, "kind"), "Namespace") &&
		    !strcmp(val_dig_str(it.value, "metadata", "name", NULL) ?: "", ns))
			return;
	for (val_iter_init(&it, inputs); val_iter_next(&it); )
		if (!strcmp(val_get_str(it.value, "kind"), "Namespace") &&
		    !strcmp(val_dig_str(it.value, "metadata", "name", NULL) ?: "", ns))
			base = val_copy(it.value);
	if (val_exists(base) && !val_len(labels) && !val_len(annotations)) {
		val_push_take(docs, base);
		return;
	}
	p = val_obj();
	val_set_str(&p, "name", ns);
	carry_metadata(base, &p);
	val_release(&base);
	if (val_len(labels)) {
		struct val l = val_get_obj(p, "labels");

		val_merge(&l, labels);
		val_set_take(&p, "labels", l);
	}
	if (val_len(annotations)) {
		struct val a = val_get_obj(p, "annotations");

		val_merge(&a, annotations);
		val_set_take(&p, "annotations", a);
	}
	obj = render("namespace", p, dir, err, ret);
	if (val_exists(obj))
		val_push_take(docs, obj);
	val_release(&p);
}

/* metadata labels/annotations of a base document, into params */
static void carry_metadata(struct val base, struct val *params)
{
	struct val l = val_dig(base, "metadata", "labels", NULL);
	struct val a = val_dig(base, "metadata", "annotations", NULL);

	if (val_is_obj(l))
		val_set(params, "labels", l);
	if (val_is_obj(a))
		val_set(params, "annotations", a);
	val_release(&l);
	val_release(&a);
}

static int validate_spec(const char *kind, const char *name, struct val *spec,
			 struct strbuf *err)
{
	struct note_ctx nc = { kind, name };
	struct val sch = schema_spec(kind);
	const char *ns, *gns;
	struct val values;

	schema_coerce(sch, spec, "spec", note_coerced, note_unknown, &nc);
	val_release(&sch);
	if (check_enum_field(kind, *spec, "profile", NULL, "profile", err))
		return -1;
	if (!strcmp(kind, "Istio") &&
	    check_enum_field(kind, *spec, "updateStrategy", "type", "update strategy", err))
		return -1;
	values = val_get(*spec, "values");
	ns = val_get_str(*spec, "namespace");
	gns = val_dig_str(values, "global", "istioNamespace", NULL);
	if (!strcmp(kind, "Istio") && gns && ns && strcmp(gns, ns)) {
		strbuf_addf(err, "Istio \"%s\": spec.values.global.istioNamespace (%s) must match spec.namespace (%s)",
			    name, gns, ns);
		val_release(&values);
		return -1;
	}
	val_release(&values);
	return 0;
}

/* The gateways the topology flags ask for, rendered into *gws. */
static int add_gateways(const struct install_topology *t, const char *ns,
			const char *rev, const char *dir, struct val *gws,
			struct strbuf *err)
{
	struct install_gateway g = { ns, t->network, rev };

	if (t->east_west_gateway &&
	    install_gateway_render("east-west-gateway", &g, dir, gws, err))
		return -1;
	if (t->expose_services &&
	    install_gateway_render("expose-services", &g, dir, gws, err))
		return -1;
	if (t->expose_istiod &&
	    install_gateway_render("expose-istiod", &g, dir, gws, err))
		return -1;
	if (t->expose_external_istiod &&
	    install_gateway_render("external-istiod-gateway", &g, dir, gws, err))
		return -1;
	return 0;
}

int install_plan_build(const struct install_req *r, struct install_plan *p,
		       struct strbuf *err)
{
	struct val inputs = val_absent(), others = val_arr();
	struct val ibase = val_absent(), cbase = val_absent(), tags = val_arr();
	struct val zts = val_arr(), gws = val_arr();
	struct val ns_labels = val_obj(), ns_annotations = val_obj();
	struct val ispec = val_absent(), cspec = val_absent(), zt_labels = val_obj();
	struct val_iter it;
	const char *dir = r->templates;
	const char *zt_ns = NULL;
	bool only = r->cni_only || r->ztunnel_only;
	bool ambient = !only && (r->ambient || install_profile_ambient(r->profile));
	int ret = 0;

	memset(p, 0, sizeof(*p));
	p->docs = val_arr();
	p->istio = p->cni = p->ztunnel = p->selectors = val_absent();

	if (read_inputs(r, &inputs, err) || names_check_docs(inputs, 0, err)) {
		ret = -1;
		goto out;
	}
	for (val_iter_init(&it, inputs); val_iter_next(&it); ) {
		if (is_sail(it.value, "Istio") && !val_exists(ibase) && !only)
			ibase = val_copy(it.value);
		else if (is_sail(it.value, "IstioCNI") && !val_exists(cbase) && !r->ztunnel_only)
			cbase = val_copy(it.value);
		else if (is_sail(it.value, "IstioRevisionTag"))
			val_push(&tags, it.value);
		else if (is_sail(it.value, "ZTunnel"))
			val_push(&zts, it.value);
		else if (!strcmp(val_get_str(it.value, "kind"), "Namespace"))
			;	/* placed with the namespaces below */
		else
			val_push(&others, it.value);
	}

	/* ambient: one ZTunnel, from -f or made here */
	if ((ambient || r->ztunnel_only) && !val_len(zts)) {
		struct val z = val_obj();

		val_set_str(&z, "apiVersion", "sailoperator.io/v1");
		val_set_str(&z, "kind", "ZTunnel");
		val_set_take(&z, "metadata", val_obj());
		val_push_take(&zts, z);
	}
	for (val_iter_init(&it, zts); val_iter_next(&it); ) {
		if (install_check_ztunnel_name(val_dig_str(it.value, "metadata", "name", NULL), err)) {
			ret = -1;
			goto out;
		}
		if (!zt_ns)
			zt_ns = val_dig_str(it.value, "spec", "namespace", NULL);
	}
	if (r->ztunnel_only && r->ns)
		zt_ns = r->ns;
	if (!zt_ns)
		zt_ns = "ztunnel";

	/* ---- the Istio */
	if (!only) {
		const char *name = r->name;
		const char *strategy;
		struct val params = val_obj(), us;

		if (!name)
			name = val_dig_str(ibase, "metadata", "name", NULL);
		if (!name)
			name = "default";
		if (names_check_service_part("Istio name", name, err)) {
			val_release(&params);
			ret = -1;
			goto out;
		}
		p->istio_name = xstrdup(name);
		ispec = val_get(ibase, "spec");
		if (!val_is_obj(ispec)) {
			val_release(&ispec);
			ispec = val_obj();
		}
		if (val_exists(r->existing) &&
		    start_from_existing("Istio", name, r->existing, &ispec, r->version,
					r->strategy, r->change_strategy, err)) {
			val_release(&params);
			ret = -1;
			goto out;
		}
		if (r->ns)
			val_set_str(&ispec, "namespace", r->ns);
		else if (!val_get_str(ispec, "namespace"))
			val_set_str(&ispec, "namespace", "istio-system");
		if (r->profile)
			val_set_str(&ispec, "profile", r->profile);
		us = val_get_obj(ispec, "updateStrategy");
		if (r->strategy)
			val_set_str(&us, "type", r->strategy);
		else if (!val_has(us, "type"))
			val_set_str(&us, "type", "InPlace");
		if (r->grace_set) {
			if (r->grace < 0) {
				val_release(&us);
				val_release(&params);
				strbuf_addf(err, "--revision-grace-period must be 0 or more seconds, not %ld", r->grace);
				ret = -1;
				goto out;
			}
			val_set_num(&us, "inactiveRevisionDeletionGracePeriodSeconds", (double)r->grace);
		}
		val_set_take(&ispec, "updateStrategy", us);
		if (resolve_version(&ispec, r->version, &p->istio_version, err)) {
			val_release(&params);
			ret = -1;
			goto out;
		}
		strategy = val_dig_str(ispec, "updateStrategy", "type", NULL);
		p->revision = install_revision_name(name, strategy,
						    val_get_str(ispec, "version"));
		/* topology presets first: --values and --set may override them */
		if (install_topology_apply(&r->topo, p->revision, &ispec, &ns_labels,
					   &ns_annotations, err) ||
		    (ambient && install_ambient_istio_defaults(&ispec, zt_ns, err)) ||
		    merge_values_files(r->values_files, &ispec, err) ||
		    apply_sets("Istio", &ispec, r->sets, false, err) ||
		    apply_sets("Istio", &ispec, r->set_strings, true, err) ||
		    validate_spec("Istio", name, &ispec, err)) {
			val_release(&params);
			ret = -1;
			goto out;
		}
		p->selectors = val_dig(ispec, "values", "meshConfig", "discoverySelectors", NULL);
		/* ambient: the control-plane and ztunnel namespaces are
		 * discovered before the ZTunnel exists (spec ambient §3) */
		if (ambient && val_len(p->selectors) &&
		    (install_discovery_labels(p->selectors, &ns_labels, err) ||
		     install_discovery_labels(p->selectors, &zt_labels, err))) {
			val_release(&params);
			ret = -1;
			goto out;
		}
		if (strlen(p->revision) > INSTALL_REVISION_MAX) {
			strbuf_addf(err, "revision name \"%s\" is %zu characters, more than the %d that install (Helm release \"%s-istiod\" must fit in 53): use a shorter Istio name",
				    p->revision, strlen(p->revision), INSTALL_REVISION_MAX, p->revision);
			val_release(&params);
			ret = -1;
			goto out;
		}
		val_set_str(&params, "name", name);
		carry_metadata(ibase, &params);
		val_set(&params, "spec", ispec);
		p->istio = render("istio", params, dir, err, &ret);
		val_release(&params);
		if (ret)
			goto out;
	}

	/* ---- the IstioCNI */
	if (r->cni || r->cni_only || ambient || val_exists(cbase)) {
		struct val params = val_obj();
		const char *flag_version = r->cni_only ? r->version : NULL;

		cspec = val_get(cbase, "spec");
		if (!val_is_obj(cspec)) {
			val_release(&cspec);
			cspec = val_obj();
		}
		if (val_exists(r->existing_cni) &&
		    start_from_existing("IstioCNI", "default", r->existing_cni, &cspec,
					r->cni_only ? r->version : (r->version ? val_get_str(ispec, "version") : NULL),
					NULL, false, err)) {
			val_release(&params);
			ret = -1;
			goto out;
		}
		if (!val_get_str(cspec, "namespace"))
			val_set_str(&cspec, "namespace", "istio-cni");
		if (r->cni_only && r->ns)
			val_set_str(&cspec, "namespace", r->ns);
		if (!r->cni_only && (r->version || !val_get_str(cspec, "version")))
			flag_version = val_get_str(ispec, "version");
		if (r->cni_only && r->profile)
			val_set_str(&cspec, "profile", r->profile);
		else if (!r->cni_only && r->profile && strstr(r->profile, "ambient") &&
			 !val_get_str(cspec, "profile"))
			val_set_str(&cspec, "profile", r->profile);
		else if (ambient && !val_get_str(cspec, "profile"))
			val_set_str(&cspec, "profile", "ambient");
		if (resolve_version(&cspec, flag_version, &p->cni_version, err) ||
		    (r->cni_only && (merge_values_files(r->values_files, &cspec, err) ||
				     apply_sets("IstioCNI", &cspec, r->sets, false, err) ||
				     apply_sets("IstioCNI", &cspec, r->set_strings, true, err))) ||
		    validate_spec("IstioCNI", "default", &cspec, err)) {
			val_release(&params);
			ret = -1;
			goto out;
		}
		if (p->istio_version && install_minor_skew(p->istio_version, p->cni_version)) {
			strbuf_addf(err, "IstioCNI version %s is more than one minor version from Istio \"%s\" (%s)",
				    val_get_str(cspec, "version"), p->istio_name,
				    val_get_str(ispec, "version"));
			val_release(&params);
			ret = -1;
			goto out;
		}
		val_set_str(&params, "name", "default");
		carry_metadata(cbase, &params);
		val_set(&params, "spec", cspec);
		p->cni = render("istiocni", params, dir, err, &ret);
		val_release(&params);
		if (ret)
			goto out;
	}

	/* ---- ZTunnels (from -f, --from-istiooperator, --ambient, install
	 * ztunnel): the Istio's version, or --version alone */
	{
		size_t i, n = val_len(zts);

		for (i = 0; i < n; i++) {
			struct val z = val_at(zts, i), zspec = val_get(z, "spec"), params;
			const char *fv = r->ztunnel_only ? r->version :
				(r->version || !val_get_str(zspec, "version")) ?
				val_get_str(ispec, "version") : NULL;
			char *conc = NULL;

			if (!val_is_obj(zspec)) {
				val_release(&zspec);
				zspec = val_obj();
			}
			ret = install_ztunnel_spec(&zspec, r->ztunnel_only ? r->ns : NULL,
						   ambient ? p->istio_name :
						   r->ztunnel_only ? (r->ztunnel_target ? r->ztunnel_target : "default") : NULL,
						   err);
			if (!ret)
				ret = resolve_version(&zspec, fv, &conc, err);
			if (!ret && r->ztunnel_only)
				ret = merge_values_files(r->values_files, &zspec, err) ||
				      apply_sets("ZTunnel", &zspec, r->sets, false, err) ||
				      apply_sets("ZTunnel", &zspec, r->set_strings, true, err) ||
				      validate_spec("ZTunnel", "default", &zspec, err) ? -1 : 0;
			if (!ret && !val_exists(p->ztunnel)) {
				p->ztunnel_version = conc;
				conc = NULL;
				params = val_obj();
				val_set_str(&params, "name", "default");
				carry_metadata(z, &params);
				val_set(&params, "spec", zspec);
				p->ztunnel = render("ztunnel", params, dir, err, &ret);
				val_release(&params);
				if (!ret)
					val_arr_set(&zts, i, p->ztunnel);
			} else if (!ret) {
				val_set_take(&z, "spec", zspec);
				zspec = val_absent();
				val_arr_set(&zts, i, z);
			}
			free(conc);
			val_release(&zspec);
			val_release(&z);
			if (ret)
				goto out;
		}
	}
	if (install_ambient_check(p, err)) {
		ret = -1;
		goto out;
	}

	/* ---- the tag */
	if (r->tag) {
		struct val params = val_obj(), tag;

		if (only) {
			val_release(&params);
			strbuf_addf(err, "--tag needs an Istio: it cannot be used with 'install %s'",
				    r->cni_only ? "cni" : "ztunnel");
			ret = -1;
			goto out;
		}
		if (names_check_service_part("--tag", r->tag, err)) {
			val_release(&params);
			ret = -1;
			goto out;
		}
		if (!strcmp(r->tag, p->revision)) {
			val_release(&params);
			strbuf_addf(err, "--tag %s: the Istio's own revision is named \"%s\"; a tag cannot have a revision's name (choose another tag, or --update-strategy RevisionBased)",
				    r->tag, p->revision);
			ret = -1;
			goto out;
		}
		val_set_str(&params, "name", r->tag);
		val_set_str(&params, "targetKind", "Istio");
		val_set_str(&params, "targetName", p->istio_name);
		tag = render("istiorevisiontag", params, dir, err, &ret);
		val_release(&params);
		if (ret)
			goto out;
		val_push_take(&tags, tag);
	}

	/* ---- gateways in the control plane's namespace */
	if (val_exists(p->istio) &&
	    add_gateways(&r->topo, val_get_str(ispec, "namespace"), p->revision, dir, &gws, err)) {
		ret = -1;
		goto out;
	}
	p->gateways = val_len(gws) > 0;

	/* ---- order: namespaces, other documents, IstioCNI, Istio, tags, gateways */
	if (val_exists(p->istio))
		push_namespace_meta(&p->docs, inputs, val_get_str(ispec, "namespace"),
				    ns_labels, ns_annotations, dir, err, &ret);
	if (!ret && val_exists(p->cni))
		push_namespace(&p->docs, inputs, val_get_str(cspec, "namespace"), dir, err, &ret);
	if (r->ztunnel_only && val_exists(r->ztunnel_labels))
		val_merge(&zt_labels, r->ztunnel_labels);
	else if (r->ztunnel_only)
		val_set_str(&zt_labels, INSTALL_DISCOVERY_LABEL, "enabled");
	for (val_iter_init(&it, zts); !ret && val_iter_next(&it); )
		push_namespace_meta(&p->docs, inputs, val_dig_str(it.value, "spec", "namespace", NULL),
				    zt_labels, val_absent(), dir, err, &ret);
	for (val_iter_init(&it, inputs); !ret && val_iter_next(&it); )
		if (!strcmp(val_get_str(it.value, "kind"), "Namespace"))
			push_namespace(&p->docs, inputs,
				       val_dig_str(it.value, "metadata", "name", NULL) ?: "",
				       dir, err, &ret);
	if (ret)
		goto out;
	for (val_iter_init(&it, others); val_iter_next(&it); )
		val_push(&p->docs, it.value);
	/* ambient: the documented order Istio, IstioCNI, ZTunnel (the
	 * ZTunnel's targetRef needs the Istio's revision) */
	if (ambient && val_exists(p->istio))
		val_push(&p->docs, p->istio);
	if (val_exists(p->cni))
		val_push(&p->docs, p->cni);
	for (val_iter_init(&it, zts); val_iter_next(&it); )
		val_push(&p->docs, it.value);
	if (!ambient && val_exists(p->istio))
		val_push(&p->docs, p->istio);
	for (val_iter_init(&it, tags); val_iter_next(&it); )
		val_push(&p->docs, it.value);
	for (val_iter_init(&it, gws); val_iter_next(&it); )
		val_push(&p->docs, it.value);
	/* names and sizes, all before the first request */
	if (names_check_docs(p->docs, LIMIT_OBJECT_BYTES, err))
		ret = -1;
out:
	val_release(&gws);
	val_release(&ns_labels);
	val_release(&ns_annotations);
	val_release(&inputs);
	val_release(&others);
	val_release(&ibase);
	val_release(&cbase);
	val_release(&tags);
	val_release(&zts);
	val_release(&zt_labels);
	val_release(&ispec);
	val_release(&cspec);
	if (ret)
		install_plan_release(p);
	return ret;
}
