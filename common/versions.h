#ifndef VERSIONS_H
#define VERSIONS_H

/*
 * The Istio version catalogue of the Sail Operator: templates/versions.yaml
 * (the operator's pkg/istioversion/versions.yaml, copied unchanged from
 * ../shared/sail-api/reference/) compiled into the engine. One job: say
 * which spec.version values can be installed, what aliases resolve to, and
 * what to suggest instead of an end-of-life or unknown version.
 *
 * Kinds of entries: concrete versions ("v1.30.3", "v1.31.0-beta.1"),
 * aliases ("v1.30-latest", "master": a ref to a concrete name) and
 * end-of-life entries (eol: true; the CRD still accepts them, the operator
 * refuses them at reconcile).
 *
 * Ownership: versions_catalogue() returns the embedded catalogue, parsed
 * once per process and kept (static; never freed by the caller).
 * versions_parse() fills a caller's struct versions (versions_release).
 * Strings returned by the lookups borrow from the catalogue.
 */

#include <stdbool.h>
#include <stddef.h>
#include "value.h"

struct strbuf;

/* Where templates/versions.yaml comes from (for kubectl sail version). */
#define VERSIONS_SOURCE "sail-operator 1.31.0"

struct istio_version {
	char *name;		/* as written in spec.version */
	char *ref;		/* an alias's target, else NULL */
	bool eol;
	bool prerelease;	/* the (resolved) version has a "-" suffix */
	int major, minor, patch;	/* of the resolved version; -1 if unparsable */
};

struct versions {
	struct istio_version *v;
	size_t nr;
};

/* Parse a catalogue (YAML text of versions.yaml). 0, or -1 with err. */
int versions_parse(const char *buf, size_t len, struct versions *out,
		   struct strbuf *err);
void versions_release(struct versions *c);

/* The embedded catalogue; dies (BUG) if it does not parse. */
const struct versions *versions_catalogue(void);

/* The entry of that exact name, or NULL. */
const struct istio_version *versions_find(const struct versions *c,
					  const char *name);

/* The default version: the newest concrete entry that is neither
 * pre-release nor end-of-life. NULL if there is none. */
const char *versions_default(const struct versions *c);

/*
 * Can NAME be installed? 0 with *concrete set to the concrete version it
 * stands for (itself, or an alias's target); -1 with one line in err:
 *   version "v1.22.5" is end-of-life and cannot be installed; the nearest
 *   supported version is v1.29.6 (v1.29-latest)
 *   version "v9.9.9" is not a known Istio version; the nearest supported
 *   version is v1.30.3 (v1.30-latest); see --list-versions
 * A missing leading "v" ("1.30.3") is accepted: *name_out (may be NULL)
 * gets the catalogue's spelling.
 */
int versions_resolve(const struct versions *c, const char *name,
		     const char **name_out, const char **concrete,
		     struct strbuf *err);

/* The supported GA version nearest to major.minor (same minor first, then
 * the closest minor; ties: the newer), and its "-latest" alias (NULL when
 * there is none). NULL when the catalogue supports nothing. */
const struct istio_version *versions_nearest(const struct versions *c,
					     int major, int minor,
					     const char **alias);

/* "v1.30.3" / "1.30" -> 1, 30; -1 when not of that form. */
int versions_parse_minor(const char *name, int *major, int *minor);

/*
 * The catalogue as data for -o json/yaml:
 *   {"default": "v1.30.3",
 *    "versions": [{"name": "v1.30-latest", "status": "alias",
 *                  "resolvesTo": "v1.30.3"},
 *                 {"name": "v1.30.3", "status": "supported"},
 *                 {"name": "v1.31.0-beta.1", "status": "pre-release"},
 *                 {"name": "v1.28.10", "status": "end-of-life"}, ...]}
 */
struct val versions_to_val(const struct versions *c);

/* The same as a table: VERSION STATUS RESOLVES-TO, then "default: ...". */
void versions_format(const struct versions *c, struct strbuf *out);

#endif
