#ifndef WRAPPER_H
#define WRAPPER_H

/*
 * Allocation that never returns NULL: on exhaustion it dies. Whoever calls
 * an x*alloc function owns the result and frees it with free().
 * wipe() clears secrets in a way the compiler may not elide; free_secret()
 * wipes a NUL-terminated string and frees it.
 */

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xstrfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void wipe(void *p, size_t n);
void free_secret(char *s);

#define FREE_AND_NULL(p) do { free(p); (p) = NULL; } while (0)

/* Grow an array to hold at least nr elements; alloc tracks the capacity. */
#define ALLOC_GROW(x, nr, alloc) \
	do { \
		if ((nr) > (alloc)) { \
			(alloc) = (alloc) * 2 + 16 > (nr) ? (alloc) * 2 + 16 : (nr); \
			(x) = xrealloc((x), (alloc) * sizeof(*(x))); \
		} \
	} while (0)

/* Read a whole file; NUL-terminated, *len (if given) excludes the NUL.
 * Returns NULL with errno set on failure. Caller frees. */
char *read_file(const char *path, size_t *len);
/* Read all of a file descriptor the same way. */
char *read_fd(int fd, size_t *len);

/* Milliseconds on CLOCK_MONOTONIC: for deadlines, never for dates. */
long monotonic_ms(void);

#endif
