/*
 * What only the server knows about an ambient install (spec ambient.md
 * §1-§3, §8): the Istio a ZTunnel serves, the IstioCNI an ambient Istio
 * needs, and the skew between them. Read before anything is applied.
 */
#include "sail.h"
#include "install/install.h"
#include "api.h"
#include "session.h"
#include "versions.h"

static const char *concrete(const char *v)
{
	const struct istio_version *e = v ? versions_find(versions_catalogue(), v) : NULL;

	return e && e->ref ? e->ref : v;
}

static int resolve(struct api *a, const char *kind, const struct rest_mapping **m,
		   struct strbuf *err)
{
	struct api_error e = API_ERROR_INIT;

	if (!api_resolve_kind(a, "sailoperator.io/v1", kind, m, &e))
		return 0;
	api_error_render(&e, err);
	api_error_release(&e);
	return -1;
}

static int get(struct api *a, const struct rest_mapping *m, const char *name,
	       struct val *out, struct strbuf *err)
{
	struct api_error e = API_ERROR_INIT;

	if (!api_get_optional(a, m, NULL, name, out, &e))
		return 0;
	api_error_render(&e, err);
	api_error_release(&e);
	return -1;
}

/* Does this Istio run ambient (profile, or the env the profile sets)? */
static bool istio_ambient(struct val istio)
{
	const char *env = val_dig_str(istio, "spec", "values", "pilot", "env",
				      "PILOT_ENABLE_AMBIENT", NULL);

	return install_profile_ambient(val_dig_str(istio, "spec", "profile", NULL)) ||
		(env && !strcmp(env, "true"));
}

void install_ztunnel_prepare(struct cli *cli, struct install_req *r,
			     char **version, struct val *labels)
{
	struct strbuf err = STRBUF_INIT;
	const struct rest_mapping *mi;
	struct session s;
	struct val istio = val_absent(), sel;

	*version = NULL;
	*labels = val_absent();
	if (session_open(&s, cli, &err) || resolve(s.api, "Istio", &mi, &err) ||
	    get(s.api, mi, r->ztunnel_target, &istio, &err))
		die("%s", err.buf);
	if (!val_exists(istio))
		die("Istio \"%s\" not found: the ZTunnel's targetRef needs it (kubectl sail install --ambient installs all three; --istio NAME names another)",
		    r->ztunnel_target);
	if (!r->version && !r->files)
		r->version = *version = xstrdup(val_dig_str(istio, "spec", "version", NULL) ?: "");
	if (r->version && !*r->version)
		r->version = NULL;
	sel = val_dig(istio, "spec", "values", "meshConfig", "discoverySelectors", NULL);
	if (val_len(sel)) {
		*labels = val_obj();
		if (install_discovery_labels(sel, labels, &err))
			die("ztunnel namespace: %s", err.buf);
	}
	val_release(&sel);
	val_release(&istio);
	session_close(&s);
	strbuf_release(&err);
}

/* install ztunnel: the target Istio runs ambient, trusts the ZTunnel's
 * namespace, is within skew, and an ambient IstioCNI exists. */
static int check_ztunnel_alone(struct api *a, const struct rest_mapping *mi,
			       const struct rest_mapping *mc,
			       const struct install_plan *p, struct strbuf *err)
{
	const char *kind = val_dig_str(p->ztunnel, "spec", "targetRef", "kind", NULL);
	const char *name = val_dig_str(p->ztunnel, "spec", "targetRef", "name", NULL);
	const char *zns = val_dig_str(p->ztunnel, "spec", "namespace", NULL);
	const char *trusted, *ins;
	struct val istio = val_absent(), cni = val_absent();
	int ret = -1;

	if (!kind || strcmp(kind, "Istio") || !name)
		return 0;	/* an IstioRevision target: the operator judges */
	if (get(a, mi, name, &istio, err) || get(a, mc, "default", &cni, err))
		goto out;
	if (!val_exists(istio)) {
		strbuf_addf(err, "ZTunnel: targetRef Istio \"%s\" not found: install the control plane first (kubectl sail install --ambient)", name);
		goto out;
	}
	if (!istio_ambient(istio)) {
		strbuf_addf(err, "Istio \"%s\" has profile %s: a ZTunnel needs an ambient control plane (kubectl sail install %s --ambient)",
			    name, val_dig_str(istio, "spec", "profile", NULL) ?: "default", name);
		goto out;
	}
	trusted = val_dig_str(istio, "spec", "values", "pilot", "trustedZtunnelNamespace", NULL);
	ins = val_dig_str(istio, "spec", "namespace", NULL) ?: "istio-system";
	if (zns && strcmp(zns, trusted ? trusted : ins)) {
		strbuf_addf(err, "Istio \"%s\" trusts ztunnel certificates from namespace %s (values.pilot.trustedZtunnelNamespace%s), not %s: install the ZTunnel there or set it (kubectl sail install %s --ambient)",
			    name, trusted ? trusted : ins, trusted ? "" : " unset", zns, name);
		goto out;
	}
	if (install_ambient_skew("ZTunnel", p->ztunnel_version, name,
				 concrete(val_dig_str(istio, "spec", "version", NULL)), err))
		goto out;
	if (!val_exists(cni) || !install_profile_ambient(val_dig_str(cni, "spec", "profile", NULL))) {
		strbuf_addf(err, "ambient mode needs IstioCNI \"default\" with profile ambient%s: kubectl sail install cni --profile ambient",
			    val_exists(cni) ? "; it has another profile" : ", and there is none");
		goto out;
	}
	ret = 0;
out:
	val_release(&istio);
	val_release(&cni);
	return ret;
}

int install_ambient_check_server(struct api *a, const struct install_req *r,
				 const struct install_plan *p, struct strbuf *err)
{
	const struct rest_mapping *mi, *mc;
	struct val cur = val_absent();
	struct api_error e = API_ERROR_INIT;
	int ret = -1;

	if (resolve(a, "Istio", &mi, err) || resolve(a, "IstioCNI", &mc, err))
		return -1;
	if (r->ztunnel_only)
		return check_ztunnel_alone(a, mi, mc, p, err);
	if (val_exists(p->istio) && istio_ambient(p->istio) && !val_exists(p->cni)) {
		if (get(a, mc, "default", &cur, err))
			return -1;
		if (!val_exists(cur) || !install_profile_ambient(val_dig_str(cur, "spec", "profile", NULL))) {
			strbuf_addf(err, "Istio \"%s\" runs ambient, which needs IstioCNI \"default\" with profile ambient (%s): add --ambient, or --cni",
				    p->istio_name, val_exists(cur) ? "it has another profile" : "there is none");
			goto out;
		}
	}
	if (r->cni_only && val_exists(p->cni)) {
		struct val_iter it;

		if (api_list_all(a, mi, NULL, NULL, &cur, NULL, &e)) {
			api_error_render(&e, err);
			api_error_release(&e);
			return -1;
		}
		for (val_iter_init(&it, cur); val_iter_next(&it); ) {
			const char *n = val_dig_str(it.value, "metadata", "name", NULL);

			if (!istio_ambient(it.value))
				continue;
			if (!install_profile_ambient(val_dig_str(p->cni, "spec", "profile", NULL))) {
				strbuf_addf(err, "Istio \"%s\" runs ambient: IstioCNI \"default\" must keep profile ambient (--profile ambient)", n);
				goto out;
			}
			if (install_ambient_skew("IstioCNI", p->cni_version, n,
						 concrete(val_dig_str(it.value, "spec", "version", NULL)), err))
				goto out;
		}
	}
	ret = 0;
out:
	val_release(&cur);
	return ret;
}
