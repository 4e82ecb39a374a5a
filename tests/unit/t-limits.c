#include "test.h"
#include "names.h"
#include "duration.h"
#include "value.h"

/* Text reading: the limit, the first control byte, UTF-16 left alone. */
static int pipe_with(const char *data, size_t len)
{
	int fds[2];

	if (pipe(fds))
		abort();
	if (write(fds[1], data, len) != (ssize_t)len)
		abort();
	close(fds[1]);
	return fds[0];
}

static void test_read_text(void)
{
	struct strbuf sb = STRBUF_INIT, why = STRBUF_INIT;
	struct read_stop stop;
	int fd;

	fd = pipe_with("a: b\nc: d\n", 10);
	CHECK_INT(strbuf_read_text(&sb, fd, 10, &stop), 10);
	CHECK_STR(sb.buf, "a: b\nc: d\n");
	close(fd);

	strbuf_reset(&sb);
	fd = pipe_with("a: b\nc: d\n", 10);
	CHECK_INT(strbuf_read_text(&sb, fd, 9, &stop), -1);
	CHECK_INT(errno, EFBIG);
	CHECK_INT(sb.len, 0);
	strbuf_add_read_error(&why, EFBIG, &stop);
	CHECK_STR(why.buf, "more than 9 bytes, the limit for this input");
	close(fd);

	strbuf_reset(&sb);
	strbuf_reset(&why);
	fd = pipe_with("a: b\n\tc: \0d\n", 12);
	CHECK_INT(strbuf_read_text(&sb, fd, 100, &stop), -1);
	CHECK_INT(errno, EILSEQ);
	CHECK_INT(stop.line, 2);
	CHECK_INT(stop.column, 5);
	CHECK_INT(stop.offset, 9);
	strbuf_add_read_error(&why, EILSEQ, &stop);
	CHECK_STR(why.buf, "line 2, column 5: control character 0x00: expected text (YAML, JSON or PEM)");
	close(fd);

	/* UTF-16 YAML (byte order mark first) holds NULs */
	strbuf_reset(&sb);
	fd = pipe_with("\xff\xfe" "a\0:\0 \0b\0", 10);
	CHECK_INT(strbuf_read_text(&sb, fd, 100, &stop), 10);
	close(fd);

	strbuf_reset(&why);
	strbuf_add_read_error(&why, ENOENT, &stop);
	CHECK_STR(why.buf, "no such file or directory");
	strbuf_release(&sb);
	strbuf_release(&why);
}

static void test_dns1035(void)
{
	CHECK(dns1035_label("istiod-default"));
	CHECK(dns1035_label("a"));
	CHECK(!dns1035_label("1a"));
	CHECK(!dns1035_label("a.b"));
	CHECK(!dns1035_label("A"));
	CHECK(!dns1035_label("a-"));
	CHECK(!dns1035_label(""));
}

static void test_service_part(void)
{
	struct strbuf err = STRBUF_INIT;
	char long_name[60];

	CHECK_INT(names_check_service_part("Istio name", "default", &err), 0);
	CHECK_INT(names_check_service_part("Istio name", "1mesh", &err), 0);
	CHECK_INT(names_check_service_part("Istio name", "my.mesh", &err), -1);
	CHECK_CONTAINS(err.buf, "Istio name \"my.mesh\" is not valid: the operator names a Service \"istiod-my.mesh\"");
	strbuf_reset(&err);
	CHECK_INT(names_check_service_part("tag", "Upper", &err), -1);
	/* istiod- and 56 characters make 63, the most a label holds */
	memset(long_name, 'a', 56);
	long_name[56] = 0;
	CHECK_INT(names_check_service_part("tag", long_name, &err), 0);
	long_name[56] = 'a';
	long_name[57] = 0;
	CHECK_INT(names_check_service_part("tag", long_name, &err), -1);
	strbuf_release(&err);
}

static struct val parse(const char *json)
{
	struct strbuf err = STRBUF_INIT;
	struct val v;

	if (val_parse_json(json, strlen(json), &v, &err))
		test_fail(__FILE__, __LINE__, "%s", err.buf);
	strbuf_release(&err);
	return v;
}

static void test_check_object(void)
{
	static const struct { const char *json, *err; } cases[] = {
		{ "{\"kind\":\"Istio\",\"metadata\":{\"name\":\"ok\",\"labels\":{\"a\":\"b\"}}}", NULL },
		{ "{\"kind\":\"Istio\",\"metadata\":{\"name\":\"j\\u0000k\"}}",
		  "Istio name \"j...\" holds the control character 0x00 at byte 2" },
		{ "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\",\"namespace\":\"a\\nb\"}}",
		  "Secret namespace \"a...\" holds the control character 0x0a at byte 2" },
		{ "{\"metadata\":{\"name\":\"s\",\"labels\":{\"k\":\"v\\u007f\"}}}",
		  "object label \"v...\" holds the control character 0x7f at byte 2" },
		{ "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"s\",\"annotations\":{\"a\\u0001\":\"any\\nthing\"}}}",
		  "Pod annotation key \"a...\" holds the control character 0x01" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct strbuf err = STRBUF_INIT;
		struct val v = parse(cases[i].json);

		CHECK_INT(names_check_object(v, &err), cases[i].err ? -1 : 0);
		if (cases[i].err)
			CHECK_CONTAINS(err.buf, cases[i].err);
		val_release(&v);
		strbuf_release(&err);
	}
}

static void test_check_docs_size(void)
{
	struct strbuf err = STRBUF_INIT;
	struct val docs = val_arr(), o = parse("{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},\"data\":{\"x\":\"0123456789\"}}");

	val_push_take(&docs, o);
	CHECK_INT(names_check_docs(docs, 0, &err), 0);
	CHECK_INT(names_check_docs(docs, 1 << 20, &err), 0);
	CHECK_INT(names_check_docs(docs, 40, &err), -1);
	CHECK_CONTAINS(err.buf, "ConfigMap \"c\" is 70 bytes, more than");
	val_release(&docs);
	strbuf_release(&err);
}

static void test_duration_flag(void)
{
	static const struct { const char *s; long ms; } good[] = {
		{ "30", 30000 }, { "0", 0 }, { "1.5s", 1500 }, { "2m", 120000 },
		{ "1h2m3s", 3723000 }, { "250ms", 250 }, { "1us", 1 },
	};
	static const char *const bad[] = { "abc", "-1s", "-5", "1x", "", "s", "1.s5" };
	size_t i;
	long ms;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		ms = -1;
		CHECK_INT(duration_flag_ms(good[i].s, &ms), 0);
		CHECK_INT(ms, good[i].ms);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (duration_flag_ms(bad[i], &ms) != -1)
			test_fail(__FILE__, __LINE__, "accepted \"%s\"", bad[i]);
}

TEST_MAIN(T(test_read_text), T(test_dns1035), T(test_service_part),
	  T(test_check_object), T(test_check_docs_size), T(test_duration_flag))
