#include "test.h"

static int current_failed;
static struct strbuf diag = STRBUF_INIT;

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	current_failed = 1;
	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void capture(const char *prefix, const char *msg)
{
	strbuf_addstr(&diag, prefix);
	strbuf_addstr(&diag, msg);
	strbuf_addch(&diag, '\n');
}

void test_diag_capture(bool on)
{
	sail_diag_hook = on ? capture : NULL;
	strbuf_reset(&diag);
}

static char *last_diag;

const char *test_diag(void)
{
	char *last = last_diag;

	free(last);
	last_diag = strbuf_detach(&diag, NULL);
	return last_diag;
}

const char *test_path(const char *rel)
{
	static char buf[4096];
	const char *dir = getenv("TEST_DIR");

	snprintf(buf, sizeof(buf), "%s/%s", dir ? dir : "tests/unit", rel);
	return buf;
}

int test_main(const struct test *tests, size_t n, int argc, char **argv)
{
	size_t i, failed = 0;
	const char *only = argc > 1 ? argv[1] : NULL;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < n; i++) {
		if (only && !strstr(tests[i].name, only))
			continue;
		current_failed = 0;
		tests[i].fn();
		sail_diag_hook = NULL;
		if (current_failed)
			failed++;
		printf("%s %zu - %s\n", current_failed ? "not ok" : "ok", i + 1,
		       tests[i].name);
	}
	strbuf_release(&diag);
	FREE_AND_NULL(last_diag);
	return failed ? 1 : 0;
}

struct val test_json(const char *text)
{
	struct strbuf err = STRBUF_INIT;
	struct val v;

	if (val_parse_json(text, strlen(text), &v, &err)) {
		test_fail(__FILE__, __LINE__, "bad JSON in test: %s", err.buf);
		v = val_null();
	}
	strbuf_release(&err);
	return v;
}
