#include "test.h"
#include "table.h"

/*
 * Golden output from Go's text/tabwriter.NewWriter(out, 6, 4, 3, ' ', 0)
 * (kubectl's printers.GetNewTabWriter) fed the same cells.
 */

static void test_istio_columns(void)
{
	struct strbuf out = STRBUF_INIT;
	struct table t;

	/* The Istio CRD's printer columns, named as in the CRD. */
	table_init(&t, "Name", "Namespace", "Profile", "Revisions", "Ready",
		   "In use", "Active Revision", "Status", "Version", "Age", NULL);
	table_add_row(&t, "default", "istio-system", "", "1", "1", "1",
		      "default", "Healthy", "v1.24.3", "5m13s");
	table_add_row(&t, "canary-with-a-long-name", "istio-canary", "ambient",
		      "2", "1", "0", "canary-with-a-long-name-v1-25-0",
		      "ReconcileError", "v1.25.0", "3d4h");
	table_add_row(&t, "x", "ns", NULL, NULL, "", "", "", "", "", "");
	table_add_row(&t, "ünïcödé-ñame", "ns",
		      "", "", "", "", "", "", "", "9y");
	table_add_row(&t, "esc\x1bx", "multi\nline", "", "", "", "", "", "", "", "1d");
	table_print(&t, &out);
	CHECK_STR(out.buf,
"NAME                      NAMESPACE      PROFILE   REVISIONS   READY   IN USE   ACTIVE REVISION                   STATUS           VERSION   AGE\n"
"default                   istio-system             1           1       1        default                           Healthy          v1.24.3   5m13s\n"
"canary-with-a-long-name   istio-canary   ambient   2           1       0        canary-with-a-long-name-v1-25-0   ReconcileError   v1.25.0   3d4h\n"
"x                         ns                                                                                                                 \n"
"ünïcödé-ñame              ns                                                                                                                 9y\n"
"esc^[x                    multi...                                                                                                           1d\n");

	/* --no-headers: kubectl never writes the headers, so they do not
	 * count towards the widths */
	strbuf_reset(&out);
	t.flags = TABLE_NO_HEADERS;
	table_print(&t, &out);
	CHECK_STR(out.buf,
"default                   istio-system             1     1     1     default                           Healthy          v1.24.3   5m13s\n"
"canary-with-a-long-name   istio-canary   ambient   2     1     0     canary-with-a-long-name-v1-25-0   ReconcileError   v1.25.0   3d4h\n"
"x                         ns                                                                                                      \n"
"ünïcödé-ñame              ns                                                                                                      9y\n"
"esc^[x                    multi...                                                                                                1d\n");
	table_release(&t);
	strbuf_release(&out);
}

static void test_min_width_and_none(void)
{
	struct strbuf out = STRBUF_INIT;
	struct table t;

	table_init(&t, "Name", "Status", NULL);
	table_add_row(&t, "x", "");
	table_add_row(&t, "", "Healthy");
	table_print(&t, &out);
	CHECK_STR(out.buf, "NAME   STATUS\nx      \n       Healthy\n");

	strbuf_reset(&out);
	t.flags = TABLE_EMPTY_AS_NONE;
	table_print(&t, &out);
	CHECK_STR(out.buf, "NAME     STATUS\nx        <none>\n<none>   Healthy\n");

	strbuf_reset(&out);
	t.flags = TABLE_EMPTY_AS_NONE | TABLE_NO_HEADERS;
	table_print(&t, &out);
	CHECK_STR(out.buf, "x        <none>\n<none>   Healthy\n");
	table_release(&t);

	/* short cells: every padded column is at least 6 wide */
	table_init(&t, "A", "B", "C", NULL);
	table_add_row(&t, "a", "b", "c");
	table_print(&t, &out);
	CHECK_STR(out.buf, "x        <none>\n<none>   Healthy\nA     B     C\na     b     c\n");
	table_release(&t);
	strbuf_release(&out);
}

static void test_edges(void)
{
	struct strbuf out = STRBUF_INIT;
	const char *headers[] = { "only" };
	const char *row[] = { "one-column-value" };
	struct table t;

	/* no rows: nothing, not even headers */
	table_init(&t, "Name", "Age", NULL);
	table_print(&t, &out);
	CHECK_STR(out.buf, "");
	table_release(&t);

	/* one column: nothing padded */
	table_init_v(&t, headers, 1);
	table_add_rowv(&t, row);
	table_print(&t, &out);
	CHECK_STR(out.buf, "ONLY\none-column-value\n");
	table_release(&t);

	/* cut at \r and form feed too */
	strbuf_reset(&out);
	table_init(&t, "a", "b", NULL);
	table_add_row(&t, "x\ry", "p\fq");
	table_print(&t, &out);
	CHECK_STR(out.buf, "A      B\nx...   p...\n");
	table_release(&t);
	table_release(&t);	/* harmless twice */
	strbuf_release(&out);
}

TEST_MAIN(T(test_istio_columns), T(test_min_width_and_none), T(test_edges))
