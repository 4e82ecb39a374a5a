#ifndef SCHEMA_H
#define SCHEMA_H

/*
 * The spec schemas of the Sail CRDs, for typing and checking what a user
 * gives on the command line or in files before anything is sent (the API
 * server would prune unknown fields without a word).
 *
 * Data: templates/sail-schemas.yaml, one JSON object {KIND: schema of
 * .spec} for Istio, IstioCNI, IstioRevisionTag and ZTunnel, taken from
 * ../shared/sail-api/crds (version v1, descriptions and CEL removed).
 * The file's comments hold the command that regenerates it when the CRDs
 * change. Parsed once per process and kept.
 *
 * A schema node is a struct val holding an OpenAPI v3 schema object.
 * Ownership: returned values are the caller's (val_release).
 */

#include <stdbool.h>
#include "value.h"

struct strbuf;

/* The schema of KIND's .spec ("Istio", "IstioCNI", "IstioRevisionTag", "ZTunnel");
 * absent when unknown. */
struct val schema_spec(const char *kind);

/*
 * One step down: the schema of member KEY of an object schema (properties,
 * else additionalProperties), or of the items of an array schema (key
 * NULL). Absent when the schema has no such member. A node that keeps
 * unknown fields (x-kubernetes-preserve-unknown-fields) answers with
 * itself, so everything below it is allowed and untyped.
 */
struct val schema_child(struct val node, const char *key);

/* Does the node accept anything below it (preserve-unknown-fields)? */
bool schema_open(struct val node);

/* "string", "integer", "number", "boolean", "object", "array",
 * "int-or-string", or NULL (untyped). */
const char *schema_type(struct val node);

/*
 * Type TEXT for a leaf of this schema, as --set does: a string schema keeps
 * the text; integer/number/boolean parse it (error otherwise);
 * int-or-string gives an integer when the text is one; an untyped or open
 * node resolves it as a plain YAML scalar. With force_string (--set-string)
 * the text stays a string, which a non-string schema refuses. An enum is
 * checked. 0 and *out owned, or -1 with "expected ..." in err.
 */
int schema_type_value(struct val node, const char *text, bool force_string,
		      struct val *out, struct strbuf *err);

/*
 * Walk a value against its schema: where a string is expected and a
 * number or boolean was given (YAML's `PILOT_ENABLE_STATUS: true`), turn it
 * into its text and call warn(ctx, path, "..."); for a member the schema
 * does not have, call unknown(ctx, path). path is a dotted path from
 * prefix ("spec.values.pilot.env.X"). Either callback may be NULL.
 */
typedef void (*schema_note_fn)(void *ctx, const char *path, const char *what);
void schema_coerce(struct val node, struct val *v, const char *prefix,
		   schema_note_fn coerced, schema_note_fn unknown, void *ctx);

#endif
