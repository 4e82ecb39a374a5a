/*
 * Ambient mode in kubectl sail install (spec ambient.md §1-§3, §8): the
 * Istio's ambient defaults, the ZTunnel document, and the rules that hold
 * between the three resources, all decided before any request.
 */
#include "sail.h"
#include "install/install.h"
#include "versions.h"

bool install_profile_ambient(const char *profile)
{
	return profile && (!strcmp(profile, "ambient") || !strcmp(profile, "openshift-ambient"));
}

int install_discovery_labels(struct val selectors, struct val *labels,
			     struct strbuf *err)
{
	struct val_iter it;

	for (val_iter_init(&it, selectors); val_iter_next(&it); ) {
		struct val ml = val_get(it.value, "matchLabels");
		struct val_iter jt;
		bool plain = val_is_obj(ml) && val_len(ml) &&
			!val_has(it.value, "matchExpressions");

		if (plain)
			for (val_iter_init(&jt, ml); val_iter_next(&jt); )
				val_set(labels, jt.key, jt.value);
		val_release(&ml);
		if (plain)
			return 0;
	}
	strbuf_addstr(err, "the mesh's discovery selectors (meshConfig.discoverySelectors) do not select the namespace, and none is a plain matchLabels selector to satisfy: label it yourself");
	return -1;
}

int install_ambient_istio_defaults(struct val *ispec, const char *ztunnel_ns,
				   struct strbuf *err)
{
	const char *profile = val_get_str(*ispec, "profile");
	struct val values, pilot, mesh;

	if (profile && !install_profile_ambient(profile)) {
		strbuf_addf(err, "--ambient needs profile ambient (or openshift-ambient), not \"%s\"", profile);
		return -1;
	}
	if (!profile)
		val_set_str(ispec, "profile", "ambient");
	values = val_get_obj(*ispec, "values");
	pilot = val_get_obj(values, "pilot");
	if (!val_get_str(pilot, "trustedZtunnelNamespace"))
		val_set_str(&pilot, "trustedZtunnelNamespace", ztunnel_ns);
	val_set_take(&values, "pilot", pilot);
	/* The docs' selector: the control-plane and ztunnel namespaces are
	 * labelled with it before the ZTunnel exists (istio/istio#52057). */
	mesh = val_get_obj(values, "meshConfig");
	if (!val_has(mesh, "discoverySelectors")) {
		struct val sel = val_arr(), one = val_obj(), ml = val_obj();

		val_set_str(&ml, INSTALL_DISCOVERY_LABEL, "enabled");
		val_set_take(&one, "matchLabels", ml);
		val_push_take(&sel, one);
		val_set_take(&mesh, "discoverySelectors", sel);
	}
	val_set_take(&values, "meshConfig", mesh);
	val_set_take(ispec, "values", values);
	return 0;
}

int install_ztunnel_spec(struct val *zspec, const char *ns, const char *istio_name,
			 struct strbuf *err)
{
	struct val ref;

	if (val_has(*zspec, "profile")) {
		strbuf_addstr(err, "ZTunnel: spec.profile is not a field of sailoperator.io/v1 ZTunnel (v1alpha1 had it; the operator always uses the ambient profile): remove it");
		return -1;
	}
	if (ns)
		val_set_str(zspec, "namespace", ns);
	else if (!val_get_str(*zspec, "namespace"))
		val_set_str(zspec, "namespace", "ztunnel");
	ref = val_get(*zspec, "targetRef");
	if (!val_exists(ref) && istio_name) {
		struct val t = val_obj();

		val_set_str(&t, "kind", "Istio");
		val_set_str(&t, "name", istio_name);
		val_set_take(zspec, "targetRef", t);
	}
	val_release(&ref);
	return 0;
}

int install_check_ztunnel_name(const char *name, struct strbuf *err)
{
	if (name && strcmp(name, "default")) {
		strbuf_addf(err, "ZTunnel \"%s\": a ZTunnel must be named \"default\" (one per cluster)", name);
		return -1;
	}
	return 0;
}

int install_ambient_skew(const char *kind, const char *version, const char *istio,
			 const char *istio_version, struct strbuf *err)
{
	int ma, na, mb, nb;

	if (!version || !istio_version ||
	    versions_parse_minor(version, &ma, &na) ||
	    versions_parse_minor(istio_version, &mb, &nb))
		return 0;
	if (ma == mb && (na == nb || na == nb - 1))
		return 0;
	strbuf_addf(err, "%s version %s cannot run with Istio \"%s\" at %s: ambient's node agents must be at the control plane's minor version or one below, never ahead",
		    kind, version, istio, istio_version);
	return -1;
}

int install_ambient_check(const struct install_plan *p, struct strbuf *err)
{
	const char *profile = val_dig_str(p->istio, "spec", "profile", NULL);
	const char *zns = val_dig_str(p->ztunnel, "spec", "namespace", NULL);
	const char *trusted = val_dig_str(p->istio, "spec", "values", "pilot",
					  "trustedZtunnelNamespace", NULL);
	const char *cprof = val_dig_str(p->cni, "spec", "profile", NULL);

	if (!val_exists(p->istio) || !install_profile_ambient(profile))
		return 0;
	if (val_exists(p->cni) && !install_profile_ambient(cprof)) {
		strbuf_addf(err, "IstioCNI \"default\" has profile %s; the ambient Istio \"%s\" needs profile ambient",
			    cprof ? cprof : "default", p->istio_name);
		return -1;
	}
	if (zns && trusted && strcmp(zns, trusted)) {
		strbuf_addf(err, "Istio \"%s\": values.pilot.trustedZtunnelNamespace is %s but the ZTunnel runs in %s; istiod would refuse its certificates",
			    p->istio_name, trusted, zns);
		return -1;
	}
	if (install_ambient_skew("IstioCNI", p->cni_version, p->istio_name, p->istio_version, err) ||
	    install_ambient_skew("ZTunnel", p->ztunnel_version, p->istio_name, p->istio_version, err))
		return -1;
	return 0;
}
