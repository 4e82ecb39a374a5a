#ifndef SAIL_YAML_H
#define SAIL_YAML_H

/*
 * YAML <-> values, with libyaml, resolving plain scalars exactly as
 * kubectl apply does (sigs.k8s.io/yaml over go-yaml v2) and emitting in
 * kubectl's -o yaml style.
 *
 * Parsing:
 *  - A stream holds any number of documents ("---", "..."); empty (and
 *    null) documents are skipped, as kubectl skips them. JSON is accepted.
 *  - Plain scalars resolve as YAML 1.1 does in go-yaml v2: yes/no/on/off
 *    are booleans, 0777 is octal, 1_000 is 1000; timestamps stay strings.
 *    .inf and .nan have no JSON form and are an error (quote them).
 *  - Mapping keys become strings as sigs.k8s.io/yaml makes them ("1: a"
 *    gives "1", "true: x" gives "true"); a null or collection key is an
 *    error, and so is a key repeated in one mapping (after that
 *    conversion).
 *  - Anchors/aliases and merge keys ("<<", a map or a list of maps) are
 *    resolved; explicit keys win over merged ones, earlier merged maps
 *    over later ones. Aliases may expand to at most 1,000,000 nodes and
 *    nesting may go 10,000 deep. Comments are dropped; key order is kept.
 *  - Errors go to err as one line "NAME:LINE:COLUMN: what was expected"
 *    (NAME is the file name given, e.g. "-" is shown as "<stdin>").
 *
 * Ownership: *docs (an array of documents) and *positions are the caller's
 * (val_release). Nothing is kept by this module.
 */

#include "value.h"

struct strbuf;

/*
 * Parse a stream. On success returns 0 and *docs is an array, one element
 * per non-empty document. If positions is not NULL it receives an array
 * parallel to *docs; each element is an object mapping a JSON pointer
 * ("/spec/values/pilot/env/FOO") to [line, column] (1-based) for every node,
 * so later validation can name the line of a bad field. The root is "".
 * An alias's own path gives the alias; paths below it, the anchored nodes
 * it stands for; merged keys, the map they came from.
 * On error returns -1, *docs (and *positions) are absent.
 */
int yaml_parse_stream(const char *buf, size_t len, const char *name,
		      struct val *docs, struct val *positions,
		      struct strbuf *err);

/* Exactly one document expected (an empty stream gives null, a second
 * non-empty document is an error). *doc is the caller's. */
int yaml_parse_one(const char *buf, size_t len, const char *name,
		   struct val *doc, struct strbuf *err);

/* Read and parse a file ("-" for stdin) as a stream. */
int yaml_parse_file(const char *path, struct val *docs, struct val *positions,
		    struct strbuf *err);

/*
 * Emit one value as a YAML document in kubectl's -o yaml style: block
 * style, 2-space indent, sequences not indented under their key, unicode
 * kept, multi-line strings as literal blocks, and any string that would
 * read back as another type quoted ("true", "1.24", "null", "", "0x1F",
 * timestamps...). No leading "---". Appends to out. Keys keep the value's
 * order (kubectl sorts them; sort first if that matters). The text is
 * byte for byte what go-yaml v2 writes for the same data, except that
 * numbers are val_format_number's and a "<<" key is quoted.
 */
void yaml_emit(struct val v, struct strbuf *out);

/* Emit an array of documents separated by "---" lines (kubectl's style for
 * several objects). */
void yaml_emit_stream(struct val docs, struct strbuf *out);

/* How a plain (unquoted) scalar resolves: a new value of the kind kubectl
 * would give it (null, bool, number or string; .inf and .nan, which JSON
 * cannot hold, stay strings). Exposed for --set parsing and tests. */
struct val yaml_resolve_plain(const char *s, size_t len);

/* Would this string read back as something other than the same string if
 * written unquoted (a bool, number, null, timestamp, "<<", "1:20"...)?
 * The emitter double-quotes exactly these; exposed for tests and for
 * anyone printing YAML by hand. */
bool yaml_string_needs_quotes(const char *s, size_t len);

#endif

