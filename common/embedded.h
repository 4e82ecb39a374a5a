#ifndef EMBEDDED_H
#define EMBEDDED_H

/*
 * Data files compiled into the engine (templates/ at build time), so a
 * release needs no source tree. The table ends with a NULL name; data is
 * NUL-terminated and static (nobody frees it).
 */

#include <stddef.h>

struct embedded_file {
	const char *name;
	const char *data;
	size_t len;
};

extern const struct embedded_file embedded_files[];

/* The embedded file of that base name, or NULL. */
const struct embedded_file *embedded_find(const char *name);

/*
 * Large data kept zlib-compressed (templates/embedz.c at build time): the
 * operator's CRDs. len is the inflated size. Static; ends with a NULL name.
 */
struct embedded_z {
	const char *name;
	const unsigned char *data;
	size_t zlen, len;
};

extern const struct embedded_z embedded_crds[];

/* Inflate one: 0 and *out (a new NUL-terminated buffer of f->len bytes,
 * the caller frees it), or -1 with one line in err. */
struct strbuf;
int embedded_inflate(const struct embedded_z *f, char **out, struct strbuf *err);

#endif
