/*
 * kubectl sail status, ambient parts without a server: the text view of
 * the "ambient" member and what --check makes of it.
 */
#include "test.h"
#include "status/status.h"

static const char *const doc =
	"{\"context\":\"c1\",\"installed\":true,\"istios\":[],\"ambient\":{"
	"\"namespaces\":[{\"name\":\"bookinfo\",\"waypoint\":\"waypoint\",\"waypointNamespace\":\"bookinfo\","
	"\"pods\":4,\"redirected\":2,\"pending\":1,\"notRedirected\":0,\"sidecars\":1,\"optedOut\":0}],"
	"\"waypoints\":[{\"namespace\":\"bookinfo\",\"name\":\"waypoint\",\"for\":\"service\",\"programmed\":%s,"
	"\"reason\":\"Programmed\",\"message\":null,\"pods\":1,\"stalePods\":[%s]}],"
	"\"ztunnelPods\":{\"namespace\":\"ztunnel\",\"image\":\"z:1.30.3\",\"pods\":2,\"stalePods\":[%s]}}}";

static struct val results(const char *programmed, const char *wstale, const char *zstale)
{
	char *text = xstrfmt(doc, programmed, wstale, zstale);
	struct val d = test_json(text), r = val_obj(), arr = val_arr();

	val_set_str(&r, "context", "c1");
	val_set_take(&r, "doc", d);
	val_push_take(&arr, r);
	free(text);
	return arr;
}

static void test_render(void)
{
	struct strbuf out = STRBUF_INIT;
	struct val rs = results("true", "", "\"ztunnel-abc\"");

	status_render(rs, false, 0, &out);
	CHECK_CONTAINS(out.buf, "Ambient namespaces:\nNAMESPACE   WAYPOINT            PODS   REDIRECTED   PENDING   NOT REDIRECTED   SIDECARS\n"
			"bookinfo    bookinfo/waypoint   4      2            1         0                1\n");
	CHECK_CONTAINS(out.buf, "Waypoints:\nNAMESPACE   NAME       FOR       PROGRAMMED   REASON       PODS   STALE PODS\n"
			"bookinfo    waypoint   service   True         Programmed   1      <none>\n");
	CHECK_CONTAINS(out.buf, "ztunnel pods:\nNAMESPACE   IMAGE      PODS   STALE PODS\nztunnel     z:1.30.3   2      ztunnel-abc\n");
	val_release(&rs);
	strbuf_release(&out);
}

static void test_check(void)
{
	struct val rs, d, r0;

#define OK(p, w, z, want) do { \
	rs = results(p, w, z); \
	r0 = val_at(rs, 0); \
	d = val_dig(r0, "doc", "ambient", NULL); \
	CHECK(status_ambient_ok(d) == (want)); \
	val_release(&d); val_release(&r0); val_release(&rs); \
} while (0)
	OK("true", "", "", true);
	OK("false", "", "", false);
	OK("true", "\"wp-1\"", "", false);
	OK("true", "", "\"zt-1\"", false);
#undef OK
	d = val_null();
	CHECK(status_ambient_ok(d));
}

TEST_MAIN(T(test_render), T(test_check))
