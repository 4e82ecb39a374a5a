/*
 * kubectl sail uninstall: reading the cluster (see collect.h).
 */
#include "sail.h"
#include "uninstall/collect.h"
#include "api.h"

static void die_api(struct api_error *e)
{
	api_error_print(e);
	exit(1);
}

/* Does the error say the kind is not served (no CRD, no resource)? */
static bool not_served(const struct api_error *e)
{
	return e->kind == API_ERR_MAPPING || api_error_is(e, "NotFound");
}

const struct rest_mapping *un_mapping(struct api *a, const char *api_version,
				      const char *kind)
{
	const struct rest_mapping *m;
	struct api_error e = API_ERROR_INIT;

	if (api_resolve_kind(a, api_version, kind, &m, &e))
		die_api(&e);
	return m;
}

struct val un_list(struct api *a, const char *api_version, const char *kind,
		   const char *ns, const char *label_selector,
		   const char *field_selector)
{
	const struct rest_mapping *m;
	struct api_error e = API_ERROR_INIT;
	struct api_list_opts o = { .label_selector = label_selector,
				   .field_selector = field_selector };
	struct val items = val_absent(), out = val_arr();
	struct val_iter it;

	if (api_resolve_kind(a, api_version, kind, &m, &e) ||
	    api_list_all(a, m, ns, &o, &items, NULL, &e)) {
		if (!not_served(&e))
			die_api(&e);
		api_error_release(&e);
		return out;
	}
	/* list items carry no kind of their own */
	for (val_iter_init(&it, items); val_iter_next(&it); ) {
		struct val obj = val_copy(it.value);

		val_set_str(&obj, "apiVersion", api_version);
		val_set_str(&obj, "kind", kind);
		val_push_take(&out, obj);
	}
	val_release(&items);
	return out;
}

struct val un_get(struct api *a, const struct rest_mapping *m, const char *ns,
		  const char *name)
{
	struct api_error e = API_ERROR_INIT;
	struct val v = val_absent();

	if (api_get(a, m, ns, name, &v, &e)) {
		if (!not_served(&e))
			die_api(&e);
		api_error_release(&e);
		return val_absent();
	}
	return v;
}

struct val un_ns_contents(struct api *a, const char *ns)
{
	static const char *const kinds[][2] = {
		{ "v1", "Pod" }, { "v1", "Service" }, { "v1", "ConfigMap" },
		{ "v1", "Secret" }, { "v1", "ServiceAccount" },
		{ "apps/v1", "Deployment" }, { "apps/v1", "DaemonSet" },
		{ "apps/v1", "StatefulSet" }, { "apps/v1", "ReplicaSet" },
		{ "rbac.authorization.k8s.io/v1", "Role" },
		{ "rbac.authorization.k8s.io/v1", "RoleBinding" },
		{ "networking.istio.io/v1", "Gateway" },
		{ "networking.istio.io/v1", "VirtualService" },
	};
	struct val out = val_arr();
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		struct val items = un_list(a, kinds[i][0], kinds[i][1], ns, NULL, NULL);
		struct val_iter it;

		for (val_iter_init(&it, items); val_iter_next(&it); )
			val_push(&out, it.value);
		val_release(&items);
	}
	return out;
}
