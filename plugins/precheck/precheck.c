/*
 * kubectl sail precheck: read-only checks before installing the Sail
 * Operator or Istio (see options.c for the list). Each finding is one
 * object {severity, check, message}; precheck_run() is shared with
 * install operator.
 */
#include "sail.h"
#include "commands.h"
#include "precheck/precheck.h"
#include "precheck/precheck_opts.h"
#include "operator/operator.h"
#include "api.h"
#include "embedded.h"
#include "output.h"
#include "session.h"
#include "versions.h"
#include "yaml.h"

static void add(struct val *findings, const char *sev, const char *check, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add(struct val *findings, const char *sev, const char *check, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct val f = val_obj();
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	val_set_str(&f, "severity", sev);
	val_set_str(&f, "check", check);
	val_set_str(&f, "message", sb.buf);
	val_push_take(findings, f);
	strbuf_release(&sb);
}

static int minor_of(const char *s, int *major, int *minor)
{
	int n = 0;

	if (*s == 'v')
		s++;
	return sscanf(s, "%d.%d%n", major, minor, &n) == 2 ? 0 : -1;
}

/* The Kubernetes range an Istio minor supports (the newest entry's when
 * it is not listed); 0 and the oldest and newest ("1.32"), in static
 * buffers. */
static int k8s_range(int major, int minor, const char **lo, const char **hi)
{
	static struct val table;
	struct val_iter it;
	char key[32];
	struct val r;

	if (!val_exists(table)) {
		const struct embedded_file *f = embedded_find("istio-kubernetes.yaml");
		struct strbuf err = STRBUF_INIT;
		struct val doc;

		if (!f || yaml_parse_one(f->data, f->len, f->name, &doc, &err))
			BUG("istio-kubernetes.yaml: %s", err.len ? err.buf : "not embedded");
		table = val_get(doc, "istio");
		val_release(&doc);
	}
	snprintf(key, sizeof(key), "%d.%d", major, minor);
	r = val_get(table, key);
	if (!val_exists(r)) {
		val_iter_init(&it, table);	/* the first entry is the newest */
		if (!val_iter_next(&it))
			return -1;
		r = val_copy(it.value);
	}
	{
		static char l[16], h[16];
		struct val a0 = val_at(r, 0), a1 = val_at(r, 1);

		snprintf(l, sizeof(l), "%s", val_str_get(a0) ?: "");
		snprintf(h, sizeof(h), "%s", val_str_get(a1) ?: "");
		val_release(&a0);
		val_release(&a1);
		*lo = l;
		*hi = h;
	}
	val_release(&r);
	return **lo && **hi ? 0 : -1;
}

static int cmp_minor(int ma, int na, const char *b)
{
	int mb, nb;

	if (minor_of(b, &mb, &nb))
		return 0;
	return ma != mb ? (ma < mb ? -1 : 1) : na != nb ? (na < nb ? -1 : 1) : 0;
}

static void check_kubernetes(struct api *a, const char *istio, const char *concrete,
			     bool for_operator, struct val *out)
{
	const struct operator_release *rel;
	struct api_error e = API_ERROR_INIT;
	struct strbuf err = STRBUF_INIT;
	struct val v = val_absent();
	const char *git, *lo, *hi;
	int km, kn, im, in;

	if (api_request(a, "GET", "/version", "application/json", NULL, val_absent(), &v, &e)) {
		api_error_render(&e, &err);
		add(out, "Warning", "kubernetes", "the server's version could not be read: %s", err.buf);
		api_error_release(&e);
		strbuf_release(&err);
		return;
	}
	git = val_get_str(v, "gitVersion");
	if (!git || minor_of(git, &km, &kn)) {
		add(out, "Warning", "kubernetes", "the server reports no version I can read");
		val_release(&v);
		return;
	}
	if (operator_release_find(NULL, &rel, &err))
		BUG("%s", err.buf);
	if (rel->kubernetes && cmp_minor(km, kn, rel->kubernetes) < 0)
		add(out, "Error", "kubernetes", "Kubernetes %s is older than the Sail Operator %s needs (%s or later)",
		    git, rel->version, rel->kubernetes);
	if (!minor_of(concrete, &im, &in) && !k8s_range(im, in, &lo, &hi)) {
		if (cmp_minor(km, kn, lo) < 0)
			add(out, for_operator ? "Warning" : "Error", "kubernetes", "Kubernetes %s is older than Istio %s supports (%s to %s)",
			    git, istio, lo, hi);
		else if (cmp_minor(km, kn, hi) > 0)
			add(out, "Warning", "kubernetes", "Kubernetes %s is newer than Istio %s supports (%s to %s): untested",
			    git, istio, lo, hi);
		else
			add(out, "Info", "kubernetes", "Kubernetes %s: supported by Istio %s (%s to %s) and the Sail Operator %s (%s or later)",
			    git, istio, lo, hi, rel->version, rel->kubernetes ? rel->kubernetes : "any");
	}
	val_release(&v);
}

static struct val embedded_istios_crd(void)
{
	struct strbuf err = STRBUF_INIT;
	struct val crds, c;
	struct val_iter it;

	if (operator_crds(&crds, &err))
		die("%s", err.buf);
	for (val_iter_init(&it, crds); val_iter_next(&it); )
		if (!strcmp(val_dig_str(it.value, "metadata", "name", NULL) ?: "", "istios.sailoperator.io")) {
			c = val_copy(it.value);
			val_release(&crds);
			return c;
		}
	BUG("no istios CRD embedded");
}

static bool enum_has(struct val crd, const char *v)
{
	struct val versions = val_dig(crd, "spec", "versions", NULL);
	struct val_iter it, jt;
	bool yes = false;

	for (val_iter_init(&it, versions); !yes && val_iter_next(&it); ) {
		struct val e = val_dig(it.value, "schema", "openAPIV3Schema", "properties", "spec",
				       "properties", "version", "enum", NULL);

		for (val_iter_init(&jt, e); !yes && val_iter_next(&jt); )
			yes = !strcmp(val_str_get(jt.value) ?: "", v);
		val_release(&e);
	}
	val_release(&versions);
	return yes;
}

static int check_crds(struct api *a, const char *istio, bool for_operator, struct val *out,
		      struct api_error *e)
{
	const struct rest_mapping *m;
	struct val have = val_absent(), ours;
	char *hn, *on;

	if (api_resolve_kind(a, "apiextensions.k8s.io/v1", "CustomResourceDefinition", &m, e) ||
	    api_get_optional(a, m, NULL, "istios.sailoperator.io", &have, e))
		return -1;
	if (!val_exists(have)) {
		add(out, for_operator ? "Info" : "Warning", "crds",
		    "the Sail CRDs are not installed: kubectl sail install operator");
		return 0;
	}
	ours = embedded_istios_crd();
	hn = operator_crd_newest_istio(have);
	on = operator_crd_newest_istio(ours);
	switch (operator_crd_age(have, ours)) {
	case CRD_OLDER:
		add(out, "Warning", "crds", "the Sail CRDs are older than this build's (they accept Istio up to %s, these up to %s): kubectl sail install operator updates them",
		    hn, on);
		break;
	case CRD_NEWER:
		add(out, "Warning", "crds", "the Sail CRDs are newer than this build's (they accept Istio up to %s, these up to %s): use a newer kubectl-sail",
		    hn, on);
		break;
	default:
		add(out, "Info", "crds", "the Sail CRDs accept Istio up to %s, as this build's do", hn ? hn : "?");
	}
	if (!for_operator && !enum_has(have, istio))
		add(out, "Error", "crds", "the installed Sail CRDs do not accept spec.version %s", istio);
	free(hn);
	free(on);
	val_release(&ours);
	val_release(&have);
	return 0;
}

static int check_operator(struct api *a, bool for_operator, struct val *out, struct strbuf *err)
{
	struct operator_found f;

	if (operator_find(a, NULL, &f, err))
		return -1;
	if (!f.ns) {
		add(out, for_operator ? "Info" : "Warning", "operator", "no Sail Operator runs (no Deployment sail-operator): kubectl sail install operator");
	} else {
		struct val avail = val_dig(f.deployment, "status", "availableReplicas", NULL);

		if (val_num_get(avail) >= 1)
			add(out, "Info", "operator", "the Sail Operator %s runs in %s (%s)",
			    f.tag_version ? f.tag_version : f.image, f.ns,
			    f.csv ? f.csv : "plain manifests");
		else
			add(out, "Warning", "operator", "the Sail Operator in %s has no available replica: is it scheduled? (kubectl get pods -n %s)",
			    f.ns, f.ns);
		val_release(&avail);
	}
	operator_found_release(&f);
	return 0;
}

static bool owned_by(struct val obj, const char *kind)
{
	struct val refs = val_dig(obj, "metadata", "ownerReferences", NULL);
	struct val_iter it;
	bool yes = false;

	for (val_iter_init(&it, refs); !yes && val_iter_next(&it); )
		yes = !strcmp(val_get_str(it.value, "kind") ?: "", kind);
	val_release(&refs);
	return yes;
}

/* Every object of a kind (optionally by label), or an empty array when the
 * kind is not served. */
static int list(struct api *a, const char *av, const char *kind, const char *selector,
		struct val *items, struct api_error *e)
{
	const struct rest_mapping *m;
	struct api_list_opts lo = { .label_selector = selector };

	*items = val_arr();
	if (api_resolve_kind(a, av, kind, &m, e)) {
		api_error_release(e);
		return 0;
	}
	val_release(items);
	if (api_list_all(a, m, NULL, &lo, items, NULL, e)) {
		if (api_error_is(e, "NotFound") || e->kind == API_ERR_MAPPING) {
			api_error_release(e);
			*items = val_arr();
			return 0;
		}
		return -1;
	}
	return 0;
}

#define NAME_OF(o) val_dig_str((o), "metadata", "name", NULL)
#define NS_OF(o) (val_dig_str((o), "metadata", "namespace", NULL) ?: "")

static int check_leftovers(struct api *a, struct val *out, struct api_error *e)
{
	struct val items;
	struct val_iter it;
	size_t before = val_len(*out);

	if (list(a, "install.istio.io/v1alpha1", "IstioOperator", NULL, &items, e))
		return -1;
	for (val_iter_init(&it, items); val_iter_next(&it); )
		add(out, "Warning", "leftovers", "IstioOperator %s/%s: an istioctl install; remove it (istioctl uninstall --purge) or migrate it (kubectl sail install --from-istiooperator)",
		    NS_OF(it.value), NAME_OF(it.value));
	val_release(&items);
	if (list(a, "apps/v1", "Deployment", "app=istiod", &items, e))
		return -1;
	for (val_iter_init(&it, items); val_iter_next(&it); )
		if (!owned_by(it.value, "IstioRevision"))
			add(out, "Warning", "leftovers", "Deployment %s/%s runs istiod outside the Sail Operator (no IstioRevision owns it: istioctl or Helm?)",
			    NS_OF(it.value), NAME_OF(it.value));
	val_release(&items);
	if (list(a, "admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration",
		 "istio.io/rev=default", &items, e))
		return -1;
	for (val_iter_init(&it, items); val_iter_next(&it); )
		if (!owned_by(it.value, "IstioRevision"))
			add(out, "Warning", "leftovers", "MutatingWebhookConfiguration %s injects for revision default but no IstioRevision owns it: another control plane would inject the same pods",
			    NAME_OF(it.value));
	val_release(&items);
	if (list(a, "v1", "Namespace", "istio-injection,istio.io/rev", &items, e))
		return -1;
	for (val_iter_init(&it, items); val_iter_next(&it); )
		add(out, "Warning", "leftovers", "namespace %s has both istio-injection and istio.io/rev: istio-injection wins; keep one",
		    NAME_OF(it.value));
	val_release(&items);
	if (val_len(*out) == before)
		add(out, "Info", "leftovers", "no IstioOperator, foreign istiod, foreign injector or doubly labelled namespace");
	return 0;
}

/* What install operator and install create. */
static const struct access { const char *group, *resource, *verb; } needed[] = {
	{ "apiextensions.k8s.io", "customresourcedefinitions", "create" },
	{ "apiextensions.k8s.io", "customresourcedefinitions", "patch" },
	{ "", "namespaces", "create" },
	{ "", "serviceaccounts", "create" },
	{ "", "services", "create" },
	{ "apps", "deployments", "create" },
	{ "rbac.authorization.k8s.io", "clusterroles", "create" },
	{ "rbac.authorization.k8s.io", "clusterrolebindings", "create" },
	{ "rbac.authorization.k8s.io", "roles", "create" },
	{ "rbac.authorization.k8s.io", "rolebindings", "create" },
	{ "sailoperator.io", "istios", "create" },
	{ "sailoperator.io", "istiocnis", "create" },
};

static int check_permissions(struct api *a, struct val *out, struct api_error *e)
{
	size_t i, denied = 0;

	for (i = 0; i < ARRAY_SIZE(needed); i++) {
		struct val body = val_obj(), spec = val_obj(), attr = val_obj(), ans = val_absent();
		struct val allowed;

		val_set_str(&body, "apiVersion", "authorization.k8s.io/v1");
		val_set_str(&body, "kind", "SelfSubjectAccessReview");
		val_set_str(&attr, "group", needed[i].group);
		val_set_str(&attr, "resource", needed[i].resource);
		val_set_str(&attr, "verb", needed[i].verb);
		val_set_take(&spec, "resourceAttributes", attr);
		val_set_take(&body, "spec", spec);
		if (api_request(a, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
				"application/json", "application/json", body, &ans, e)) {
			val_release(&body);
			return -1;
		}
		allowed = val_dig(ans, "status", "allowed", NULL);
		if (!val_bool_get(allowed)) {
			denied++;
			add(out, "Error", "permissions", "you may not %s %s%s%s (cluster-wide)", needed[i].verb,
			    needed[i].resource, *needed[i].group ? "." : "", needed[i].group);
		}
		val_release(&allowed);
		val_release(&ans);
		val_release(&body);
	}
	if (!denied)
		add(out, "Info", "permissions", "you may create what install operator and install create (%zu checks)",
		    ARRAY_SIZE(needed));
	return 0;
}

/* A check that could not read what it needs says so as a Warning; an
 * unreachable server ends the run. */
static int failed(const char *check, struct api_error *e, struct strbuf *msg,
		  struct val *findings, struct strbuf *err)
{
	if (e->kind == API_ERR_TRANSPORT) {
		api_error_render(e, err);
		api_error_release(e);
		return -1;
	}
	if (e->kind != API_ERR_NONE)
		api_error_render(e, msg);
	add(findings, "Warning", check, "could not check: %s", msg->buf);
	api_error_release(e);
	strbuf_reset(msg);
	return 0;
}

int precheck_run(struct api *a, const char *version, bool for_operator, struct val *findings,
		 struct strbuf *err)
{
	struct api_error e = API_ERROR_INIT;
	struct strbuf msg = STRBUF_INIT;
	const char *name = NULL, *concrete = NULL;
	int ret = -1;

	*findings = val_arr();
	if (!version)
		version = versions_default(versions_catalogue());
	if (versions_resolve(versions_catalogue(), version, &name, &concrete, err))
		goto out;
	check_kubernetes(a, name, concrete, for_operator, findings);
	if (check_crds(a, name, for_operator, findings, &e) && failed("crds", &e, &msg, findings, err))
		goto out;
	if (check_operator(a, for_operator, findings, &msg) && failed("operator", &e, &msg, findings, err))
		goto out;
	if (check_leftovers(a, findings, &e) && failed("leftovers", &e, &msg, findings, err))
		goto out;
	if (check_permissions(a, findings, &e) && failed("permissions", &e, &msg, findings, err))
		goto out;
	ret = 0;
out:
	if (ret)
		val_release(findings);
	strbuf_release(&msg);
	return ret;
}

size_t precheck_count(struct val findings, const char *severity)
{
	struct val_iter it;
	size_t n = 0;

	for (val_iter_init(&it, findings); val_iter_next(&it); )
		n += !strcmp(val_get_str(it.value, "severity") ?: "", severity);
	return n;
}

void precheck_print(struct val findings, FILE *f)
{
	struct val_iter it;

	for (val_iter_init(&it, findings); val_iter_next(&it); )
		fprintf(f, "%-8s %-12s %s\n", val_get_str(it.value, "severity"),
			val_get_str(it.value, "check"), val_get_str(it.value, "message"));
}

int cmd_precheck(struct cli *cli)
{
	struct strbuf err = STRBUF_INIT;
	struct session s;
	struct val findings;
	size_t errors, warnings;

	if (cli->nargs)
		die("precheck takes no arguments, got \"%s\"", cli->args[0]);
	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	if (precheck_run(s.api, cli_str(cli, POPT_VERSION), false, &findings, &err))
		die("%s", err.buf);
	errors = precheck_count(findings, "Error");
	warnings = precheck_count(findings, "Warning");
	if (cli_str(cli, POPT_OUTPUT)) {
		struct output o;
		struct val doc = val_obj();

		if (output_parse(cli_str(cli, POPT_OUTPUT), NULL, &o, &err))
			die("%s", err.buf);
		val_set(&doc, "findings", findings);
		val_set_num(&doc, "errors", errors);
		val_set_num(&doc, "warnings", warnings);
		if (output_print(&o, doc, stdout, &err))
			die("%s", err.buf);
		val_release(&doc);
		output_release(&o);
	} else {
		precheck_print(findings, stdout);
	}
	val_release(&findings);
	session_close(&s);
	return errors || warnings ? 2 : 0;
}
