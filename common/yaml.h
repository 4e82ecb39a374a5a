#ifndef YAML_H
#define YAML_H

/*
 * YAML <-> values, with libyaml, resolving plain scalars exactly as
 * kubectl apply does (sigs.k8s.io/yaml over go-yaml v2) and emitting in
 * kubectl's -o yaml style.
 *
 * Parsing:
 *  - A stream holds any number of documents ("---", "..."); empty documents
 *    are skipped, as kubectl skips them. JSON is accepted (it is YAML).
 *  - Anchors/aliases and merge keys ("<<") are resolved; comments dropped;
 *    mapping key order is kept; duplicate keys are an error.
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
 * so later validation can name the line of a bad field.
 * On error returns -1, *docs (and *positions) are absent.
 */
int yaml_parse_stream(const char *buf, size_t len, const char *name,
		      struct val *docs, struct val *positions,
		      struct strbuf *err);

/* Exactly one document expected (an empty stream gives null). */
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
 * timestamps...). No leading "---". Appends to out.
 */
void yaml_emit(struct val v, struct strbuf *out);

/* Emit an array of documents separated by "---" lines (kubectl's style for
 * several objects). */
void yaml_emit_stream(struct val docs, struct strbuf *out);

/* How a plain (unquoted) scalar resolves: a new value of the kind kubectl
 * would give it (null, bool, number or string). Exposed for --set parsing
 * and tests. */
struct val yaml_resolve_plain(const char *s, size_t len);

#endif
