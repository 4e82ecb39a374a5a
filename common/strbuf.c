#include "sail.h"

char strbuf_slopbuf[1];

void strbuf_init(struct strbuf *sb, size_t hint)
{
	sb->alloc = sb->len = 0;
	sb->buf = strbuf_slopbuf;
	if (hint)
		strbuf_grow(sb, hint);
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, 0);
}

void strbuf_release_secret(struct strbuf *sb)
{
	if (sb->alloc)
		wipe(sb->buf, sb->alloc);
	strbuf_release(sb);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *res;

	strbuf_grow(sb, 0);
	res = sb->buf;
	if (len)
		*len = sb->len;
	strbuf_init(sb, 0);
	return res;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	int fresh = !sb->alloc;

	if (sb->len + extra + 1 <= sb->len)
		die("strbuf size overflow");
	if (fresh)
		sb->buf = NULL;
	ALLOC_GROW(sb->buf, sb->len + extra + 1, sb->alloc);
	if (fresh)
		sb->buf[0] = '\0';
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (len > (sb->alloc ? sb->alloc - 1 : 0))
		BUG("strbuf_setlen beyond buffer");
	sb->len = len;
	if (sb->alloc)
		sb->buf[len] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (!len)
		return;
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	strbuf_setlen(sb, sb->len + len);
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void strbuf_addchars(struct strbuf *sb, int c, size_t n)
{
	strbuf_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	strbuf_setlen(sb, sb->len + n);
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc ? sb->alloc - sb->len : 0,
		      fmt, cp);
	va_end(cp);
	if (n < 0)
		BUG("vsnprintf failed");
	if ((size_t)n + 1 > (sb->alloc ? sb->alloc - sb->len : 0)) {
		strbuf_grow(sb, (size_t)n);
		n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
	}
	strbuf_setlen(sb, sb->len + (size_t)n);
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_trim_trailing_newline(struct strbuf *sb)
{
	while (sb->len && (sb->buf[sb->len - 1] == '\n' ||
			   sb->buf[sb->len - 1] == '\r'))
		strbuf_setlen(sb, sb->len - 1);
}

long strbuf_read_fd(struct strbuf *sb, int fd)
{
	size_t start = sb->len;

	for (;;) {
		ssize_t n;

		strbuf_grow(sb, 8192);
		n = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			strbuf_setlen(sb, start);
			return -1;
		}
		if (n == 0)
			break;
		strbuf_setlen(sb, sb->len + (size_t)n);
	}
	return (long)(sb->len - start);
}

void strbuf_add_errno(struct strbuf *sb, int e)
{
	const char *s = strerror(e);
	size_t at = sb->len;

	strbuf_addstr(sb, s);
	if (sb->len > at && sb->buf[at] >= 'A' && sb->buf[at] <= 'Z' &&
	    !(sb->len > at + 1 && sb->buf[at + 1] >= 'A' && sb->buf[at + 1] <= 'Z'))
		sb->buf[at] += 'a' - 'A';
}

/* Bytes no text input (YAML, JSON, PEM, a token) may hold: C0 controls
 * other than tab, LF and CR. */
static const char *first_non_text(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return p + i;
	}
	return NULL;
}

long strbuf_read_text(struct strbuf *sb, int fd, size_t max,
		      struct read_stop *stop)
{
	size_t start = sb->len;
	bool utf16 = false;

	memset(stop, 0, sizeof(*stop));
	for (;;) {
		size_t room = max - (sb->len - start) + 1;
		const char *bad;
		ssize_t n;

		strbuf_grow(sb, 8192);
		if (room > sb->alloc - sb->len - 1)
			room = sb->alloc - sb->len - 1;
		n = read(fd, sb->buf + sb->len, room);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			strbuf_setlen(sb, start);
			return -1;
		}
		if (n == 0)
			break;
		/* YAML may come as UTF-16 with a byte order mark: NULs then */
		if (sb->len == start && n >= 2 &&
		    ((unsigned char)sb->buf[start] == 0xfe || (unsigned char)sb->buf[start] == 0xff) &&
		    ((unsigned char)sb->buf[start + 1] == 0xfe || (unsigned char)sb->buf[start + 1] == 0xff))
			utf16 = true;
		if (!utf16 && (bad = first_non_text(sb->buf + sb->len, (size_t)n))) {
			const char *p;

			stop->byte = (unsigned char)*bad;
			stop->offset = (size_t)(bad - (sb->buf + start));
			stop->line = 1;
			stop->column = 1;
			for (p = sb->buf + start; p < bad; p++) {
				if (*p == '\n') {
					stop->line++;
					stop->column = 1;
				} else {
					stop->column++;
				}
			}
			strbuf_setlen(sb, start);
			errno = EILSEQ;
			return -1;
		}
		strbuf_setlen(sb, sb->len + (size_t)n);
		if (sb->len - start > max) {
			stop->limit = max;
			strbuf_setlen(sb, start);
			errno = EFBIG;
			return -1;
		}
	}
	return (long)(sb->len - start);
}

void strbuf_add_read_error(struct strbuf *sb, int e, const struct read_stop *stop)
{
	if (e == EFBIG && stop->limit) {
		if (stop->limit >= (1UL << 20) && !(stop->limit % (1UL << 20)))
			strbuf_addf(sb, "more than %lu MiB, the limit for this input",
				    stop->limit >> 20);
		else
			strbuf_addf(sb, "more than %lu bytes, the limit for this input",
				    stop->limit);
	} else if (e == EILSEQ && stop->line) {
		strbuf_addf(sb, "line %zu, column %zu: control character 0x%02x: expected text (YAML, JSON or PEM)",
			    stop->line, stop->column, stop->byte);
	} else {
		strbuf_add_errno(sb, e);
	}
}

void strbuf_add_oneline(struct strbuf *sb, const char *s, size_t len, size_t max)
{
	size_t i;

	for (i = 0; i < len && i < max; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n')
			strbuf_addstr(sb, "\\n");
		else if (c == '\t')
			strbuf_addstr(sb, "\\t");
		else if (c == '\\')
			strbuf_addstr(sb, "\\\\");
		else if (c < 0x20 || c == 0x7f)
			strbuf_addf(sb, "\\x%02x", c);
		else
			strbuf_addch(sb, (char)c);
	}
	if (i < len)
		strbuf_addstr(sb, "...");
}
