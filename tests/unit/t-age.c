#include "test.h"
#include "age.h"

/* Expected texts from apimachinery v0.35.4 duration.HumanDuration. */
static void test_human_duration(void)
{
	static const struct { long long s; const char *want; } cases[] = {
		{ -3, "<invalid>" }, { -2, "<invalid>" }, { -1, "0s" }, { 0, "0s" },
		{ 1, "1s" }, { 52, "52s" }, { 119, "119s" }, { 120, "2m" },
		{ 121, "2m1s" }, { 313, "5m13s" }, { 420, "7m" }, { 599, "9m59s" },
		{ 600, "10m" }, { 601, "10m" }, { 10799, "179m" }, { 10800, "3h" },
		{ 10801, "3h" }, { 19200, "5h20m" }, { 28740, "7h59m" },
		{ 28799, "7h59m" }, { 28800, "8h" }, { 108000, "30h" },
		{ 169199, "46h" }, { 172799, "47h" }, { 172800, "2d" },
		{ 187200, "2d4h" }, { 273600, "3d4h" }, { 691199, "7d23h" },
		{ 691200, "8d" }, { 34560000, "400d" }, { 62985599, "728d" },
		{ 63071999, "729d" }, { 63072000, "2y" }, { 63158400, "2y1d" },
		{ 97459200, "3y33d" }, { 252287999, "7y364d" }, { 252288000, "8y" },
		{ 283824000, "9y" }, { 3153600000LL, "100y" },
	};
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		strbuf_reset(&sb);
		age_format(cases[i].s, &sb);
		CHECK_STR(sb.buf, cases[i].want);
	}
	/* appends */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "AGE=");
	age_format(3 * 86400 + 4 * 3600, &sb);
	CHECK_STR(sb.buf, "AGE=3d4h");
	strbuf_release(&sb);
}

static void test_rfc3339(void)
{
	static const struct { const char *s; long long t; } good[] = {
		{ "1970-01-01T00:00:00Z", 0 },
		{ "2025-03-01T09:20:11Z", 1740820811 },
		{ "2025-03-01t09:20:11z", 1740820811 },
		{ "2025-03-01T09:20:11.123456789Z", 1740820811 },
		{ "2025-03-01T10:20:11+01:00", 1740820811 },
		{ "2025-03-01T03:50:11-05:30", 1740820811 },
		{ "2024-02-29T23:59:59Z", 1709251199 },
		{ "2000-02-29T00:00:00Z", 951782400 },
	};
	static const char *const bad[] = {
		"", "2025-03-01", "2025-03-01 09:20:11Z", "2025-03-01T09:20:11",
		"2025-03-01T09:20:11+0100", "2025-13-01T00:00:00Z",
		"2025-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
		"2025-03-01T24:00:00Z", "2025-03-01T09:60:00Z",
		"2025-03-01T09:20:60Z", "2025-03-01T09:20:11.Z",
		"2025-03-01T09:20:11Zjunk", "25-03-01T09:20:11Z",
		"2025-3-01T09:20:11Z", "2025-03-00T09:20:11Z",
		"2025-03-01T09:20:11+24:00",
	};
	time_t t;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		t = -1;
		CHECK_INT(parse_rfc3339(good[i].s, &t), 0);
		CHECK_INT(t, good[i].t);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		t = 42;
		if (parse_rfc3339(bad[i], &t) != -1)
			test_fail(__FILE__, __LINE__, "accepted \"%s\"", bad[i]);
		CHECK_INT(t, 42);
	}
	CHECK_INT(parse_rfc3339(NULL, &t), -1);
}

TEST_MAIN(T(test_human_duration), T(test_rfc3339))
