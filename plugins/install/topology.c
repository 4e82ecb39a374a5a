/*
 * Mesh topologies as values (spec §12, the multi-cluster and dual-stack
 * guides): flags -> the Istio's spec.values, and the labels and
 * annotations of its control-plane namespace. Pure: no server.
 */
#include "sail.h"
#include "install.h"
#include "workload.h"

#define LABEL_NETWORK "topology.istio.io/network"
#define ANN_CP_CLUSTERS "topology.istio.io/controlPlaneClusters"

/* spec.values.<path...> = v (consumed); intermediate objects created. */
static void put_path(struct val *obj, const char *const *path, struct val v)
{
	struct val child;

	if (!path[1]) {
		val_set_take(obj, path[0], v);
		return;
	}
	child = val_get_obj(*obj, path[0]);
	put_path(&child, path + 1, v);
	val_set_take(obj, path[0], child);
}

#define PUT(spec, v, ...) put_path(spec, (const char *const[]){ "values", __VA_ARGS__, NULL }, v)

/* BASE for the revision "default", BASE-REV otherwise (the charts' names). */
static char *rev_name(const char *base, const char *rev)
{
	if (!strcmp(rev, "default"))
		return xstrdup(base);
	return xstrfmt("%s-%s", base, rev);
}

static int want_profile(struct val *spec, const char *profile, const char *why,
			struct strbuf *err)
{
	const char *have = val_get_str(*spec, "profile");

	if (have && strcmp(have, profile)) {
		strbuf_addf(err, "%s installs profile \"%s\", not \"%s\"", why, profile, have);
		return -1;
	}
	val_set_str(spec, "profile", profile);
	return 0;
}

static int need(const char *v, const char *flag, const char *mode, struct strbuf *err)
{
	if (v && *v)
		return 0;
	strbuf_addf(err, "%s needs %s", mode, flag);
	return -1;
}

static void primary_values(const struct install_topology *t, struct val *spec)
{
	if (t->mesh_id)
		PUT(spec, val_str(t->mesh_id), "global", "meshID");
	if (t->cluster_name)
		PUT(spec, val_str(t->cluster_name), "global", "multiCluster", "clusterName");
	if (t->network)
		PUT(spec, val_str(t->network), "global", "network");
	if (t->external_istiod && !strcmp(t->external_istiod, "single"))
		PUT(spec, val_bool(true), "global", "externalIstiod");
	else if (t->external_istiod)
		PUT(spec, val_str("true"), "pilot", "env", "EXTERNAL_ISTIOD");
}

static char *injection_path(const struct install_topology *t)
{
	return xstrfmt("/inject/cluster/%s/net/%s", t->cluster_name, t->network);
}

static int remote_values(const struct install_topology *t, struct val *spec,
			 struct val *annotations, struct strbuf *err)
{
	const char *mode = "--remote";
	char *path;

	if (t->mesh_id || t->external_istiod) {
		strbuf_addf(err, "--remote: %s is a primary's setting (the remote's Istio takes only the injection path and the pilot address)",
			    t->mesh_id ? "--mesh-id" : "--external-istiod");
		return -1;
	}
	if (need(t->cluster_name, "--cluster-name", mode, err) ||
	    need(t->network, "--network", mode, err) ||
	    need(t->remote_pilot_address, "--remote-pilot-address ADDR or --primary-context CTX", mode, err) ||
	    need(t->control_plane_cluster, "--control-plane-cluster NAME (the primary's cluster name) or --primary-context CTX", mode, err) ||
	    want_profile(spec, "remote", mode, err))
		return -1;
	path = injection_path(t);
	PUT(spec, val_str(path), "istiodRemote", "injectionPath");
	free(path);
	PUT(spec, val_str(t->remote_pilot_address), "global", "remotePilotAddress");
	val_set_str(annotations, ANN_CP_CLUSTERS, t->control_plane_cluster);
	return 0;
}

/* The config (remote) cluster of an external control plane: step 4. */
static int config_values(const struct install_topology *t, const char *rev,
			 struct val *spec, struct strbuf *err)
{
	const char *mode = "--external-control-plane config";
	const char *ns = val_get_str(*spec, "namespace");
	char *path;

	if (need(t->cluster_name, "--cluster-name", mode, err) ||
	    need(t->network, "--network (the external control plane's network, part of the injection path)", mode, err) ||
	    need(t->external_istiod_address, "--external-istiod-address ADDR", mode, err) ||
	    want_profile(spec, "remote", mode, err))
		return -1;
	PUT(spec, val_str(rev), "defaultRevision");
	PUT(spec, val_str(ns), "global", "istioNamespace");
	PUT(spec, val_str(t->external_istiod_address), "global", "remotePilotAddress");
	PUT(spec, val_bool(true), "global", "configCluster");
	PUT(spec, val_bool(true), "pilot", "configMap");
	path = injection_path(t);
	PUT(spec, val_str(path), "istiodRemote", "injectionPath");
	free(path);
	return 0;
}

static struct val volume(const char *name, const char *config_map)
{
	struct val v = val_obj(), cm = val_obj();

	val_set_str(&v, "name", name);
	val_set_str(&cm, "name", config_map);
	val_set_take(&v, "configMap", cm);
	return v;
}

static struct val mount(const char *name, const char *path)
{
	struct val v = val_obj();

	val_set_str(&v, "name", name);
	val_set_str(&v, "mountPath", path);
	return v;
}

/* The external control plane's istiod: step 7. */
static int istiod_values(const struct install_topology *t, const char *rev,
			 struct val *spec, struct strbuf *err)
{
	const char *mode = "--external-control-plane istiod";
	const char *ns = val_get_str(*spec, "namespace");
	struct val vols = val_arr(), mounts = val_arr(), env = val_obj();
	char *addr, *cfg, *inj, *injwh, *valwh, *base;

	if (need(t->cluster_name, "--cluster-name (the config cluster's name)", mode, err) ||
	    need(t->network, "--network", mode, err) ||
	    need(t->mesh_id, "--mesh-id", mode, err) ||
	    need(t->external_istiod_address, "--external-istiod-address ADDR", mode, err) ||
	    want_profile(spec, "empty", mode, err)) {
		val_release(&vols);
		val_release(&mounts);
		val_release(&env);
		return -1;
	}
	addr = xstrfmt("%s:15012", t->external_istiod_address);
	cfg = rev_name("istio", rev);
	inj = rev_name("istio-sidecar-injector", rev);
	injwh = strcmp(ns, "istio-system") ? xstrfmt("%s-%s", inj, ns) : xstrdup(inj);
	base = rev_name("istio-validator", rev);
	valwh = xstrfmt("%s-%s", base, ns);
	free(base);

	PUT(spec, val_str(ns), "meshConfig", "rootNamespace");
	PUT(spec, val_str(addr), "meshConfig", "defaultConfig", "discoveryAddress");
	PUT(spec, val_bool(true), "pilot", "enabled");
	val_push_take(&vols, volume("config-volume", cfg));
	val_push_take(&vols, volume("inject-volume", inj));
	PUT(spec, vols, "pilot", "volumes");
	val_push_take(&mounts, mount("config-volume", "/etc/istio/config"));
	val_push_take(&mounts, mount("inject-volume", "/var/lib/istio/inject"));
	PUT(spec, mounts, "pilot", "volumeMounts");
	val_set_str(&env, "INJECTION_WEBHOOK_CONFIG_NAME", injwh);
	val_set_str(&env, "VALIDATION_WEBHOOK_CONFIG_NAME", valwh);
	val_set_str(&env, "EXTERNAL_ISTIOD", "true");
	val_set_str(&env, "LOCAL_CLUSTER_SECRET_WATCHER", "true");
	val_set_str(&env, "CLUSTER_ID", t->cluster_name);
	val_set_str(&env, "SHARED_MESH_CONFIG", "istio");
	{
		struct val pilot = val_dig(*spec, "values", "pilot", NULL);
		struct val have = val_get(pilot, "env");

		if (val_is_obj(have))
			val_merge(&have, env);
		else
			have = val_copy(env);
		PUT(spec, have, "pilot", "env");
		val_release(&pilot);
	}
	PUT(spec, val_str(addr), "global", "caAddress");
	PUT(spec, val_str(ns), "global", "istioNamespace");
	PUT(spec, val_bool(true), "global", "operatorManageWebhooks");
	PUT(spec, val_bool(false), "global", "configValidation");
	PUT(spec, val_str(t->mesh_id), "global", "meshID");
	PUT(spec, val_str(t->cluster_name), "global", "multiCluster", "clusterName");
	PUT(spec, val_str(t->network), "global", "network");
	val_release(&env);
	free(addr);
	free(cfg);
	free(inj);
	free(injwh);
	free(valwh);
	return 0;
}

int install_discovery_selector(const char *const *args, struct val *sel,
			       struct strbuf *err)
{
	struct val ml = val_obj();

	for (; args && *args; args++) {
		const char *eq = strchr(*args, '=');
		char *key;

		if (!eq || eq == *args) {
			strbuf_addf(err, "--discovery-selector \"%s\": expected KEY=VALUE (a namespace label)", *args);
			val_release(&ml);
			return -1;
		}
		key = xstrndup(*args, eq - *args);
		if (val_has(ml, key) && strcmp(val_get_str(ml, key), eq + 1)) {
			strbuf_addf(err, "--discovery-selector: label %s given twice with different values", key);
			free(key);
			val_release(&ml);
			return -1;
		}
		val_set_str(&ml, key, eq + 1);
		free(key);
	}
	*sel = val_obj();
	val_set_take(sel, "matchLabels", ml);
	return 0;
}

/* Labels a namespace would need for both selectors: the union of their
 * matchLabels; false when they disagree on a key. */
static bool union_labels(struct val a, struct val b, struct val *out)
{
	struct val la = val_get(a, "matchLabels"), lb = val_get(b, "matchLabels");
	struct val_iter it;
	bool ok = true;

	*out = val_is_obj(la) ? val_copy(la) : val_obj();
	for (val_iter_init(&it, lb); ok && val_iter_next(&it); ) {
		const char *have = val_get_str(*out, it.key);

		if (have && val_str_get(it.value) && strcmp(have, val_str_get(it.value)))
			ok = false;
		else
			val_set(out, it.key, it.value);
	}
	val_release(&la);
	val_release(&lb);
	return ok;
}

static bool pair_overlaps(struct val a, struct val b)
{
	struct val labels;
	bool overlap = false;

	if (union_labels(a, b, &labels)) {
		bool exprs = val_has(a, "matchExpressions") || val_has(b, "matchExpressions");

		overlap = exprs || (workload_selector_matches(a, labels) &&
				    workload_selector_matches(b, labels));
	}
	val_release(&labels);
	return overlap;
}

bool install_selectors_overlap(struct val a, struct val b)
{
	struct val_iter i, j;

	if (!val_is_arr(a) || !val_len(a) || !val_is_arr(b) || !val_len(b))
		return true;
	for (val_iter_init(&i, a); val_iter_next(&i); )
		for (val_iter_init(&j, b); val_iter_next(&j); )
			if (pair_overlaps(i.value, j.value))
				return true;
	return false;
}

static int selector_values(const struct install_topology *t, struct val *spec,
			   struct val *labels, struct strbuf *err)
{
	struct val sel, list = val_arr(), ml;
	struct val_iter it;

	if (install_discovery_selector(t->discovery_selectors, &sel, err)) {
		val_release(&list);
		return -1;
	}
	/* istiod must see its own root namespace: label it to match */
	ml = val_get(sel, "matchLabels");
	for (val_iter_init(&it, ml); val_iter_next(&it); )
		val_set(labels, it.key, it.value);
	val_release(&ml);
	val_push_take(&list, sel);
	PUT(spec, list, "meshConfig", "discoverySelectors");
	return 0;
}

static int tracing_values(const struct install_topology *t, struct val *spec,
			  struct strbuf *err)
{
	const char *colon;
	char *host, *end;
	long port;
	struct val list = val_arr(), prov = val_obj(), otel = val_obj();

	if (strcmp(t->tracing, "otel")) {
		strbuf_addf(err, "--tracing \"%s\": expected otel", t->tracing);
		goto fail;
	}
	colon = t->otel_service ? strrchr(t->otel_service, ':') : NULL;
	if (!t->otel_service) {
		strbuf_addstr(err, "--tracing otel needs --otel-service HOST:PORT (the OpenTelemetry collector)");
		goto fail;
	}
	port = colon ? strtol(colon + 1, &end, 10) : 0;
	if (!colon || colon == t->otel_service || !colon[1] || *end || port < 1 || port > 65535) {
		strbuf_addf(err, "--otel-service \"%s\": expected HOST:PORT with a port from 1 to 65535", t->otel_service);
		goto fail;
	}
	host = xstrndup(t->otel_service, colon - t->otel_service);
	val_set_num(&otel, "port", (double)port);
	val_set_str(&otel, "service", host);
	free(host);
	val_set_str(&prov, "name", "otel-tracing");
	val_set_take(&prov, "opentelemetry", otel);
	val_push_take(&list, prov);
	PUT(spec, val_bool(true), "meshConfig", "enableTracing");
	PUT(spec, list, "meshConfig", "extensionProviders");
	return 0;
fail:
	val_release(&list);
	val_release(&prov);
	val_release(&otel);
	return -1;
}

static void dual_stack_values(struct val *spec)
{
	PUT(spec, val_str("true"), "meshConfig", "defaultConfig", "proxyMetadata", "ISTIO_DUAL_STACK");
	PUT(spec, val_str("RequireDualStack"), "pilot", "ipFamilyPolicy");
	PUT(spec, val_str("true"), "pilot", "env", "ISTIO_DUAL_STACK");
}

static int check_combinations(const struct install_topology *t, struct strbuf *err)
{
	const char *cp = t->external_cp;

	if (cp && strcmp(cp, "config") && strcmp(cp, "istiod")) {
		strbuf_addf(err, "--external-control-plane \"%s\": expected config (the cluster the workloads run in) or istiod (the cluster that runs istiod)", cp);
		return -1;
	}
	if (t->external_istiod && strcmp(t->external_istiod, "multi") &&
	    strcmp(t->external_istiod, "single")) {
		strbuf_addf(err, "--external-istiod=%s: expected multi (the default) or single", t->external_istiod);
		return -1;
	}
	if (cp && (t->remote || t->external_istiod)) {
		strbuf_addf(err, "--external-control-plane cannot be combined with %s",
			    t->remote ? "--remote" : "--external-istiod");
		return -1;
	}
	if (!cp && (t->external_istiod_address || t->expose_external_istiod)) {
		strbuf_addf(err, "%s needs --external-control-plane",
			    t->expose_external_istiod ? "--expose-external-istiod" : "--external-istiod-address");
		return -1;
	}
	if (t->expose_external_istiod && strcmp(cp, "istiod")) {
		strbuf_addstr(err, "--expose-external-istiod goes with --external-control-plane istiod");
		return -1;
	}
	if (!t->remote && (t->remote_pilot_address || t->control_plane_cluster)) {
		strbuf_addf(err, "%s needs --remote",
			    t->remote_pilot_address ? "--remote-pilot-address" : "--control-plane-cluster");
		return -1;
	}
	if (t->otel_service && !t->tracing) {
		strbuf_addstr(err, "--otel-service needs --tracing otel");
		return -1;
	}
	if (t->east_west_gateway && !t->network) {
		strbuf_addstr(err, "--east-west-gateway needs --network (the gateway's network)");
		return -1;
	}
	return 0;
}

int install_topology_apply(const struct install_topology *t, const char *rev,
			  struct val *spec, struct val *labels,
			  struct val *annotations, struct strbuf *err)
{
	if (check_combinations(t, err))
		return -1;
	if (t->remote) {
		if (remote_values(t, spec, annotations, err))
			return -1;
	} else if (t->external_cp && !strcmp(t->external_cp, "config")) {
		if (config_values(t, rev, spec, err))
			return -1;
	} else if (t->external_cp) {
		if (istiod_values(t, rev, spec, err))
			return -1;
	} else {
		primary_values(t, spec);
	}
	if (t->network && !t->external_cp)
		val_set_str(labels, LABEL_NETWORK, t->network);
	if (t->discovery_selectors && *t->discovery_selectors &&
	    selector_values(t, spec, labels, err))
		return -1;
	if (t->dual_stack)
		dual_stack_values(spec);
	if (t->tracing && tracing_values(t, spec, err))
		return -1;
	return 0;
}
