/*
 * What a pod says about its sidecar: which workload restarts it, which
 * proxy image it runs, and which image a revision's injector would give
 * it now (see upgrade.h).
 */
#include "sail.h"
#include "upgrade/upgrade.h"

char *upgrade_pod_workload(struct val pod)
{
	struct val owners = val_dig(pod, "metadata", "ownerReferences", NULL);
	struct val_iter it;
	char *out = NULL;

	for (val_iter_init(&it, owners); val_iter_next(&it) && !out; ) {
		const char *kind = val_get_str(it.value, "kind");
		const char *name = val_get_str(it.value, "name");
		struct val ctl = val_get(it.value, "controller");
		bool controller = val_bool_get(ctl);

		val_release(&ctl);
		if (!controller || !kind || !name)
			continue;
		if (!strcmp(kind, "ReplicaSet")) {
			/* The Deployment controller names its ReplicaSets
			 * DEPLOYMENT-<pod-template-hash> and labels the pods
			 * with that hash. */
			const char *hash = val_dig_str(pod, "metadata", "labels",
						       "pod-template-hash", NULL);
			size_t n = strlen(name), h = hash ? strlen(hash) : 0;

			if (h && n > h + 1 && name[n - h - 1] == '-' &&
			    !strcmp(name + n - h, hash))
				out = xstrfmt("deployment/%.*s", (int)(n - h - 1), name);
		} else if (!strcmp(kind, "StatefulSet")) {
			out = xstrfmt("statefulset/%s", name);
		} else if (!strcmp(kind, "DaemonSet")) {
			out = xstrfmt("daemonset/%s", name);
		}
	}
	val_release(&owners);
	return out;
}

const char *upgrade_proxy_image(struct val pod)
{
	struct val containers = val_dig(pod, "spec", "containers", NULL);
	struct val_iter it;
	const char *image = NULL;

	for (val_iter_init(&it, containers); val_iter_next(&it); ) {
		const char *name = val_get_str(it.value, "name");

		if (name && !strcmp(name, "istio-proxy")) {
			image = val_get_str(it.value, "image");
			break;
		}
	}
	/* image borrows from pod, which the caller holds */
	val_release(&containers);
	return image;
}

char *upgrade_injector_image(struct val configmap)
{
	const char *text = val_dig_str(configmap, "data", "values", NULL);
	struct strbuf err = STRBUF_INIT;
	struct val values;
	const char *image, *hub, *tag;
	char *out = NULL;

	if (!text)
		return NULL;
	if (val_parse_json(text, strlen(text), &values, &err)) {
		strbuf_release(&err);
		return NULL;
	}
	image = val_dig_str(values, "global", "proxy", "image", NULL);
	hub = val_dig_str(values, "global", "hub", NULL);
	tag = val_dig_str(values, "global", "tag", NULL);
	if (image && strchr(image, '/'))
		out = xstrdup(image);
	else if (hub && tag)
		out = xstrfmt("%s/%s:%s", hub, image && *image ? image : "proxyv2", tag);
	val_release(&values);
	return out;
}
