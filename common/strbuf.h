#ifndef STRBUF_H
#define STRBUF_H

/*
 * A growable, always NUL-terminated byte buffer (git's strbuf).
 *   struct strbuf sb = STRBUF_INIT;   no allocation until first use
 *   strbuf_release(&sb)               frees the contents, re-initialises
 *   strbuf_detach(&sb, &len)          hands the buffer to the caller, who
 *                                     frees it; sb is re-initialised
 * The struct itself is the caller's (usually on the stack).
 * sb.buf is never NULL: an empty strbuf points at a static "".
 */

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* Like release, but wipes the bytes first: for tokens and keys. */
void strbuf_release_secret(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
#define strbuf_reset(sb) strbuf_setlen((sb), 0)

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addchars(struct strbuf *sb, int c, size_t n);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_trim_trailing_newline(struct strbuf *sb);

/* strerror(e) as Go spells system errors: "no such file or directory". */
void strbuf_add_errno(struct strbuf *sb, int e);

/* Append all of fd; returns bytes read or -1 with errno set. */
long strbuf_read_fd(struct strbuf *sb, int fd);

#endif
