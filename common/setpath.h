#ifndef SETPATH_H
#define SETPATH_H

/*
 * Helm-style --set paths: "pilot.env.FOO", "a.b[0].c", "meshConfig.
 * defaultConfig.proxyMetadata.ISTIO_META_DNS_CAPTURE"; a backslash escapes
 * a dot, a bracket or a backslash in a key ("podAnnotations.
 * sidecar\.istio\.io/inject"). One job: parse such a path and set a value
 * at it in a struct val, creating objects and lists on the way (a list is
 * padded with nulls, as helm does).
 *
 * Ownership: struct setpath is the caller's (setpath_release); values
 * given are borrowed, *root is updated in place.
 */

#include <stddef.h>
#include "value.h"

struct strbuf;

struct setpath_seg {
	char *key;	/* NULL for a list index */
	size_t index;
};

struct setpath {
	struct setpath_seg *seg;
	size_t nr;
};

/* 0, or -1 with one line in err ("empty key in \"a..b\"", ...). */
int setpath_parse(const char *path, struct setpath *out, struct strbuf *err);
void setpath_release(struct setpath *p);

/* The path written back in the same syntax ("a.b[0].c"), after prefix. */
void setpath_format(const struct setpath *p, size_t nr, struct strbuf *out);

/*
 * Split "PATH=VALUE" (the first unescaped '='). 0 with *path and *value
 * new strings (the caller frees both), or -1 when there is no '='.
 */
int setpath_split(const char *arg, char **path, char **value);

/*
 * Split one --set argument into its assignments as helm does: at commas
 * outside {...}, a backslash keeping a comma ("a=x\\,y" is one). Returns
 * a NULL-terminated array of new strings (escapes of commas removed); the
 * caller frees each and the array.
 */
char **setpath_split_list(const char *arg);

/* Set v at the path below *root (an object, created when absent). A
 * scalar in the way is replaced. */
void setpath_set(struct val *root, const struct setpath *p, struct val v);

#endif
