/*
 * Which workload restarts a pod (see upgrade.h). Whether it is meshed or
 * stale is common/workload.h's.
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
