/*
 * IstioOperator -> Istio, IstioCNI, ZTunnel (see install.h for the table).
 */
#include "sail.h"
#include "install/install.h"

static void dropped(const char *path, const char *why)
{
	warning("IstioOperator %s is not carried over%s%s", path, why ? ": " : "", why ? why : "");
}

static const char gw_why[] = "install gateways with gateway injection (a Deployment with the "
	"sidecar.istio.io/inject label and the injection template \"gateway\"), see the Sail docs";

/* Warn about every member of obj except those in keep (NULL-terminated). */
static void warn_rest(struct val obj, const char *prefix, const char *const *keep,
		      const char *why)
{
	struct val_iter it;

	for (val_iter_init(&it, obj); val_iter_next(&it); ) {
		const char *const *k;
		bool kept = false;
		char *path;

		for (k = keep; k && *k; k++)
			if (!strcmp(*k, it.key))
				kept = true;
		if (kept)
			continue;
		path = xstrfmt("%s.%s", prefix, it.key);
		dropped(path, why);
		free(path);
	}
}

static bool enabled(struct val comp)
{
	struct val e = val_get(comp, "enabled");
	bool on = val_bool_get(e);

	val_release(&e);
	return on;
}

static struct val sail_doc(const char *kind, const char *name)
{
	struct val d = val_obj(), md = val_obj();

	val_set_str(&d, "apiVersion", "sailoperator.io/v1");
	val_set_str(&d, "kind", kind);
	val_set_str(&md, "name", name);
	val_set_take(&d, "metadata", md);
	return d;
}

int install_from_iop(struct val iop, struct val *docs, struct strbuf *err)
{
	static const char *const spec_keys[] = {
		"namespace", "profile", "hub", "tag", "meshConfig", "values", "components", NULL
	};
	static const char *const comp_keys[] = {
		"pilot", "cni", "ztunnel", "ingressGateways", "egressGateways", "base", NULL
	};
	const char *kind = val_get_str(iop, "kind");
	const char *name = val_dig_str(iop, "metadata", "name", NULL);
	struct val spec = val_get(iop, "spec"), values, comps, istio, ispec, v;
	struct val cni = val_absent(), zt = val_absent();
	const char *s;

	if (!kind || strcmp(kind, "IstioOperator")) {
		val_release(&spec);
		strbuf_addstr(err, "--from-istiooperator: expected kind IstioOperator, not ");
		if (kind)
			strbuf_add_oneline(err, kind, strlen(kind), 64);
		else
			strbuf_addstr(err, "(none)");
		return -1;
	}
	istio = sail_doc("Istio", name && *name ? name : "default");
	ispec = val_obj();
	values = val_get(spec, "values");
	if (!val_is_obj(values)) {
		val_release(&values);
		values = val_obj();
	}
	if ((s = val_get_str(spec, "namespace")))
		val_set_str(&ispec, "namespace", s);
	if ((s = val_get_str(spec, "profile")))
		val_set_str(&ispec, "profile", s);
	if (val_has(spec, "hub") || val_has(spec, "tag")) {
		struct val g = val_get_obj(values, "global");

		if (val_has(spec, "hub"))
			v = val_get(spec, "hub"), val_set_take(&g, "hub", v);
		if (val_has(spec, "tag"))
			v = val_get(spec, "tag"), val_set_take(&g, "tag", v);
		val_set_take(&values, "global", g);
	}
	if (val_has(spec, "meshConfig")) {
		struct val mc = val_get_obj(values, "meshConfig"), from = val_get(spec, "meshConfig");

		val_merge(&mc, from);
		val_release(&from);
		val_set_take(&values, "meshConfig", mc);
	}
	warn_rest(spec, "spec", spec_keys, NULL);

	comps = val_get(spec, "components");
	if (val_is_obj(comps)) {
		struct val c;
		struct val_iter it;

		warn_rest(comps, "spec.components", comp_keys, NULL);
		c = val_get(comps, "pilot");
		if (val_has(c, "enabled")) {
			struct val p = val_get_obj(values, "pilot");

			v = val_get(c, "enabled");
			val_set_take(&p, "enabled", v);
			val_set_take(&values, "pilot", p);
		}
		for (val_iter_init(&it, c); val_iter_next(&it); )
			if (strcmp(it.key, "enabled")) {
				char *path = xstrfmt("spec.components.pilot.%s", it.key);

				dropped(path, !strcmp(it.key, "k8s") ?
					"set the same through spec.values.pilot (resources, nodeSelector, env...)" : NULL);
				free(path);
			}
		val_release(&c);
		c = val_get(comps, "base");
		if (val_exists(c))
			dropped("spec.components.base", "the Sail Operator installs the base chart itself");
		val_release(&c);
		c = val_get(comps, "cni");
		if (enabled(c)) {
			struct val cspec = val_obj();

			cni = sail_doc("IstioCNI", "default");
			if ((s = val_get_str(c, "namespace")))
				val_set_str(&cspec, "namespace", s);
			/* ambient needs the CNI's ambient profile too */
			if ((s = val_get_str(spec, "profile")) && strstr(s, "ambient"))
				val_set_str(&cspec, "profile", s);
			val_set_take(&cni, "spec", cspec);
		}
		for (val_iter_init(&it, c); val_iter_next(&it); )
			if (strcmp(it.key, "enabled") && strcmp(it.key, "namespace")) {
				char *path = xstrfmt("spec.components.cni.%s", it.key);

				dropped(path, NULL);
				free(path);
			}
		val_release(&c);
		c = val_get(comps, "ztunnel");
		if (enabled(c)) {
			struct val zspec = val_obj();

			zt = sail_doc("ZTunnel", "default");
			val_set_str(&zspec, "namespace", (s = val_get_str(c, "namespace")) ? s : "ztunnel");
			val_set_take(&zt, "spec", zspec);
		}
		for (val_iter_init(&it, c); val_iter_next(&it); )
			if (strcmp(it.key, "enabled") && strcmp(it.key, "namespace")) {
				char *path = xstrfmt("spec.components.ztunnel.%s", it.key);

				dropped(path, NULL);
				free(path);
			}
		val_release(&c);
		c = val_get(comps, "ingressGateways");
		if (val_exists(c))
			dropped("spec.components.ingressGateways", gw_why);
		val_release(&c);
		c = val_get(comps, "egressGateways");
		if (val_exists(c))
			dropped("spec.components.egressGateways", gw_why);
		val_release(&c);
	}
	val_release(&comps);

	/* values that belong to other charts */
	if (val_has(values, "gateways")) {
		dropped("spec.values.gateways", gw_why);
		val_del(&values, "gateways");
	}
	if (val_has(values, "cni")) {
		v = val_get(values, "cni");
		if (val_exists(cni)) {
			struct val cspec = val_get(cni, "spec"), cv = val_obj();

			val_set(&cv, "cni", v);
			val_set_take(&cspec, "values", cv);
			val_set_take(&cni, "spec", cspec);
		} else {
			dropped("spec.values.cni", "CNI is not enabled (spec.components.cni.enabled)");
		}
		val_release(&v);
		val_del(&values, "cni");
	}
	if (val_has(values, "ztunnel")) {
		v = val_get(values, "ztunnel");
		if (val_exists(zt)) {
			struct val zspec = val_get(zt, "spec"), zv = val_obj();

			val_set(&zv, "ztunnel", v);
			val_set_take(&zspec, "values", zv);
			val_set_take(&zt, "spec", zspec);
		} else {
			dropped("spec.values.ztunnel", "ztunnel is not enabled (spec.components.ztunnel.enabled)");
		}
		val_release(&v);
		val_del(&values, "ztunnel");
	}
	if (val_len(values))
		val_set(&ispec, "values", values);
	val_set_take(&istio, "spec", ispec);

	*docs = val_arr();
	val_push_take(docs, istio);
	if (val_exists(cni))
		val_push_take(docs, cni);
	if (val_exists(zt))
		val_push_take(docs, zt);
	val_release(&values);
	val_release(&spec);
	return 0;
}
