#ifndef UNINSTALL_COLLECT_H
#define UNINSTALL_COLLECT_H

/*
 * kubectl sail uninstall: reading the cluster. Every function dies with
 * kubectl's wording on a server error, except where it says otherwise.
 * Returned struct val values are the caller's (val_release).
 */

#include "value.h"

struct api;
struct rest_mapping;

/* The mapping of a kind, dying when neither the table nor discovery has it. */
const struct rest_mapping *un_mapping(struct api *a, const char *api_version,
				      const char *kind);

/*
 * Every object of a kind (in ns, or all namespaces when NULL), each with
 * its apiVersion and kind set. A kind the server does not serve (its CRD
 * is gone) lists as empty: a second uninstall finds nothing left.
 */
struct val un_list(struct api *a, const char *api_version, const char *kind,
		   const char *ns, const char *label_selector,
		   const char *field_selector);

/* One object, absent when it (or its kind) does not exist. */
struct val un_get(struct api *a, const struct rest_mapping *m, const char *ns,
		  const char *name);

/* Everything a namespace holds that could be someone's (the kinds that
 * un_ns_holds judges): workloads, configuration, RBAC, Istio gateways. */
struct val un_ns_contents(struct api *a, const char *ns);

#endif
