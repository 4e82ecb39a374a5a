#ifndef NAMES_H
#define NAMES_H

/* Kubernetes name rules shared by the commands. */

#include <stdbool.h>
#include <stddef.h>
#include "value.h"

struct strbuf;

/* An RFC 1123 label: 1-63 of [a-z0-9-], not starting or ending with '-'
 * (cluster names, directory names, Secret name parts). */
bool dns1123_label(const char *s);

/* An RFC 1035 label: a DNS-1123 label that starts with a letter. Service
 * names are these, and the operator names Services after Istio names,
 * revisions and tags (istiod-NAME). */
bool dns1035_label(const char *s);

/*
 * What reaches URLs, headers and label selectors must be printable text:
 * metadata.name, namespace, generateName, label keys and values and
 * annotation keys without control characters (C0, DEL), NUL included (a
 * name "j\0k" would otherwise become "j" in the URL). 0, or -1 with one
 * line in err naming the field.
 */
int names_check_object(struct val obj, struct strbuf *err);
/* An Istio name, revision or tag, whose Service will be "istiod-NAME":
 * 0 when that is a DNS-1035 label, else -1 with a line in err ("WHAT
 * \"NAME\" is not valid: ..."). */
int names_check_service_part(const char *what, const char *name,
			     struct strbuf *err);

/* names_check_object for every document, and each one's JSON at most
 * max_bytes (0: no limit) -- all before the first request. */
int names_check_docs(struct val docs, size_t max_bytes, struct strbuf *err);

/* A label value: at most 63 of [A-Za-z0-9-_.], starting and ending with
 * an alphanumeric; empty is valid. */
bool label_value(const char *s);

#endif
