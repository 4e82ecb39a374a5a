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
/* Text from outside (a server, a file, a plugin) inside a one-line
 * message: control bytes, DEL and backslash written as C escapes (\n,
 * \x01), at most max bytes of s shown, then "...". */
void strbuf_add_oneline(struct strbuf *sb, const char *s, size_t len, size_t max);

/* strerror(e) as Go spells system errors: "no such file or directory". */
void strbuf_add_errno(struct strbuf *sb, int e);

/* Append all of fd; returns bytes read or -1 with errno set. */
long strbuf_read_fd(struct strbuf *sb, int fd);

/* Why strbuf_read_text stopped early. */
struct read_stop {
	size_t limit;		/* EFBIG: the limit passed */
	size_t offset, line, column;	/* EILSEQ: where the bad byte is (1-based line/column) */
	unsigned char byte;
};
/*
 * Append all of fd as text: at most max bytes (more: -1, errno EFBIG),
 * and no byte text cannot hold (a C0 control other than tab, LF, CR; -1,
 * errno EILSEQ, at the first such byte: a stream of zeros stops at once).
 * UTF-16 input (a byte order mark first) skips the byte check. On -1 sb
 * is as it was and *stop says where; strbuf_add_read_error words it.
 */
long strbuf_read_text(struct strbuf *sb, int fd, size_t max,
		      struct read_stop *stop);
/* The reason a read failed, for "cannot read 'F': REASON": the limit, the
 * line and column of the bad byte, or errno as Go spells it. */
void strbuf_add_read_error(struct strbuf *sb, int e, const struct read_stop *stop);

#endif
