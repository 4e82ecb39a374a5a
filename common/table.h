#ifndef TABLE_H
#define TABLE_H

/*
 * The `kubectl get` table. One job: lay out rows of text the way kubectl's
 * printer does through tabwriter.NewWriter(out, 6, 4, 3, ' ', 0):
 *
 *  - headers upper-cased ("In use" prints "IN USE"), cells left-aligned;
 *  - every column but the last is as wide as its widest cell (header
 *    included, counted in UTF-8 runes) plus 3 spaces, and at least 6;
 *  - the last column is not padded, so lines end with the last cell (a
 *    line whose last cell is empty ends in the padding before it, exactly
 *    as kubectl's tabwriter leaves it);
 *  - a cell is cut at its first newline, carriage return or form feed and
 *    "..." appended; ESC shows as "^[" (kubectl's terminal escaping);
 *  - no rows: nothing at all, not even the headers (the caller prints
 *    "No resources found in NS namespace." to stderr, as kubectl does).
 *
 * Flags: TABLE_NO_HEADERS (--no-headers), TABLE_EMPTY_AS_NONE (an empty or
 * NULL cell prints "<none>"; kubectl does this per column in its own
 * printers, so a caller that wants it for some columns only passes
 * "<none>" itself).
 *
 *   struct table t;
 *   table_init(&t, "Name", "Namespace", "Age", NULL);
 *   table_add_row(&t, "default", "istio-system", "5m");
 *   table_print(&t, &out);
 *   table_release(&t);
 *
 * The table copies every string it is given; table_release frees them.
 */

#include <stddef.h>

struct strbuf;

#define TABLE_NO_HEADERS 1
#define TABLE_EMPTY_AS_NONE 2

struct table {
	size_t ncols;
	char **headers;
	char **cells;		/* nrows * ncols, row-major */
	size_t nrows, alloc;
	unsigned flags;
};

/* Headers, NULL-terminated; at least one. */
void table_init(struct table *t, const char *header, ...)
	__attribute__((sentinel));
void table_init_v(struct table *t, const char *const *headers, size_t n);

/* Exactly ncols cells (NULL means empty). */
void table_add_row(struct table *t, ...);
void table_add_rowv(struct table *t, const char *const *cells);

void table_print(const struct table *t, struct strbuf *out);
void table_release(struct table *t);

#endif
