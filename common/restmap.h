#ifndef RESTMAP_H
#define RESTMAP_H

/*
 * REST mapping: which URL serves a kind. A built-in table covers every kind
 * the suite touches (core, apps, rbac, admission, CRDs, Istio, Sail, Kiali,
 * Gateway API), so the common paths need no discovery request; api.c falls
 * back to discovery for anything else and keeps those mappings for the
 * life of its handle.
 *
 * Ownership: mappings from this table are static; never free them.
 */

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

struct rest_mapping {
	const char *group;	/* "" for the core group */
	const char *version;
	const char *kind;
	const char *resource;	/* plural, lower case */
	const char *singular;
	const char *short_names;	/* comma separated, or NULL */
	bool namespaced;
	bool preferred;		/* the version a bare name resolves to */
	/* A kind served as a subresource (TokenRequest: serviceaccounts/token):
	 * group/version above address the URL, kind_api_version the body. */
	const char *subresource;
	const char *kind_api_version;
};

/* Kind + apiVersion ("v1", "apps/v1", "sailoperator.io/v1"); NULL if the
 * table does not know it. */
const struct rest_mapping *restmap_by_kind(const char *api_version,
					   const char *kind);

/*
 * A resource name as typed on a command line, kubectl's way: plural,
 * singular, short name or kind (any case), optionally qualified as
 * "name.group" or "name.version.group" ("istios", "istio",
 * "istiorevtag", "istios.sailoperator.io", "deployments.v1.apps").
 * Unqualified names resolve to the preferred version. NULL if unknown.
 */
const struct rest_mapping *restmap_by_name(const char *name);

/* The whole table (for completion and tests). */
const struct rest_mapping *restmap_table(size_t *nr);

/* "group/version" or "v1" for the core group, into out. */
void restmap_group_version(const struct rest_mapping *m, struct strbuf *out);

/* Does name (plural, singular, short name or kind, any case) name m? */
bool restmap_name_matches(const struct rest_mapping *m, const char *name,
			  size_t len);

#endif
