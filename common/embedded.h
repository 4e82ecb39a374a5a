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

#endif
