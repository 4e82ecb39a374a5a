#include "sail.h"
#include "table.h"

#include <ctype.h>

#define MIN_WIDTH 6
#define PADDING 3

void table_init_v(struct table *t, const char *const *headers, size_t n)
{
	size_t i;

	if (!n)
		BUG("a table needs at least one column");
	memset(t, 0, sizeof(*t));
	t->ncols = n;
	t->headers = xcalloc(n, sizeof(*t->headers));
	for (i = 0; i < n; i++) {
		char *h = xstrdup(headers[i]), *p;

		for (p = h; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		t->headers[i] = h;
	}
}

void table_init(struct table *t, const char *header, ...)
{
	const char **h = NULL;
	size_t n = 0, alloc = 0;
	const char *s;
	va_list ap;

	va_start(ap, header);
	for (s = header; s; s = va_arg(ap, const char *)) {
		ALLOC_GROW(h, n + 1, alloc);
		h[n++] = s;
	}
	va_end(ap);
	table_init_v(t, h, n);
	free(h);
}

void table_add_rowv(struct table *t, const char *const *cells)
{
	size_t i;

	ALLOC_GROW(t->cells, (t->nrows + 1) * t->ncols, t->alloc);
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = xstrdup(cells[i] ? cells[i] : "");
	t->nrows++;
}

void table_add_row(struct table *t, ...)
{
	const char **cells = xcalloc(t->ncols, sizeof(*cells));
	size_t i;
	va_list ap;

	va_start(ap, t);
	for (i = 0; i < t->ncols; i++)
		cells[i] = va_arg(ap, const char *);
	va_end(ap);
	table_add_rowv(t, cells);
	free(cells);
}

/* The text kubectl writes for a cell. */
static void cell_text(const struct table *t, const char *s, struct strbuf *out)
{
	size_t n = strcspn(s, "\f\n\r"), i;

	strbuf_reset(out);
	if (!*s && (t->flags & TABLE_EMPTY_AS_NONE)) {
		strbuf_addstr(out, "<none>");
		return;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '\x1b')
			strbuf_addstr(out, "^[");
		else
			strbuf_addch(out, s[i]);
	}
	if (s[n])
		strbuf_addstr(out, "...");
}

static size_t runes(const struct strbuf *sb)
{
	size_t i, n = 0;

	for (i = 0; i < sb->len; i++)
		if (((unsigned char)sb->buf[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static void print_line(const struct table *t, char *const *cells,
		       const size_t *width, bool raw, struct strbuf *cell,
		       struct strbuf *out)
{
	size_t c;

	for (c = 0; c < t->ncols; c++) {
		if (raw) {
			strbuf_reset(cell);
			strbuf_addstr(cell, cells[c]);
		} else {
			cell_text(t, cells[c], cell);
		}
		strbuf_add(out, cell->buf, cell->len);
		if (c + 1 < t->ncols)
			strbuf_addchars(out, ' ', width[c] - runes(cell));
	}
	strbuf_addch(out, '\n');
}

void table_print(const struct table *t, struct strbuf *out)
{
	bool headers = !(t->flags & TABLE_NO_HEADERS);
	struct strbuf cell = STRBUF_INIT;
	size_t *width, r, c;

	if (!t->nrows)
		return;
	width = xcalloc(t->ncols, sizeof(*width));
	for (c = 0; c + 1 < t->ncols; c++) {
		width[c] = MIN_WIDTH;
		if (headers && strlen(t->headers[c]) + PADDING > width[c]) {
			strbuf_reset(&cell);
			strbuf_addstr(&cell, t->headers[c]);
			if (runes(&cell) + PADDING > width[c])
				width[c] = runes(&cell) + PADDING;
		}
		for (r = 0; r < t->nrows; r++) {
			cell_text(t, t->cells[r * t->ncols + c], &cell);
			if (runes(&cell) + PADDING > width[c])
				width[c] = runes(&cell) + PADDING;
		}
	}
	if (headers)
		print_line(t, t->headers, width, true, &cell, out);
	for (r = 0; r < t->nrows; r++)
		print_line(t, t->cells + r * t->ncols, width, false, &cell, out);
	free(width);
	strbuf_release(&cell);
}

void table_release(struct table *t)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		free(t->headers[i]);
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->headers);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}
