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
 * Returns NULL with errno set on failure. Caller frees. No limit: for
 * files the suite wrote itself (input from users: read_text_file). */
char *read_file(const char *path, size_t *len);
/* Read all of a file descriptor the same way. */
char *read_fd(int fd, size_t *len);
/* Input from users (manifests, kubeconfigs, tokens, PEM, templates): as
 * read_file, but at most max bytes (input_limits.h) and text only; NULL
 * with errno EFBIG beyond max, EILSEQ at the first control byte, which
 * ends the reading (strbuf_read_text). */
char *read_text_file(const char *path, size_t max, size_t *len);
char *read_text_fd(int fd, size_t max, size_t *len);
/* Why the last read_text_file/read_text_fd failed with errno e, in words, appended
 * to sb (as Go spells errno; the limit or the bad byte's place). */
struct strbuf;
void read_error(struct strbuf *sb, int e);

/* Milliseconds on CLOCK_MONOTONIC: for deadlines, never for dates. */
long monotonic_ms(void);

#endif
