/*
 * What an API server sends back: error bodies (a Status or anything else)
 * decoded and worded as kubectl words them; list pages (items, continue,
 * conditions); watch streams split into events; Warning and Retry-After
 * header values. The first two bytes pick the HTTP status, the third the
 * content type, the rest is the body. Never a crash; a non-Status error is
 * one line.
 */
#include "fuzz.h"
#include "api.h"
#include "http.h"
#include "output.h"

static const char *const content_types[] = {
	"application/json", "text/html", "text/plain", NULL,
};

static void error_body(long code, const char *ctype, const char *body, size_t len)
{
	struct api_error e = API_ERROR_INIT;
	struct strbuf out = STRBUF_INIT;
	size_t i;

	api_error_from_response(&e, code, ctype, body, len, "GET", "https://h/api/v1/pods");
	if (e.kind == API_ERR_RESPONSE && !fuzz_one_line(e.message))
		fuzz_fail("error is not one line: \"%s\"", e.message);
	api_error_render(&e, &out);
	api_error_render_apply(&e, &out);
	(void)api_conflicts_ours(&e);
	(void)api_error_is(&e, "NotFound");
	for (i = 0; i < e.nr_causes; i++)
		(void)api_conflict_manager(&e.causes[i], &out);
	api_error_release(&e);
	strbuf_release(&out);
}

static void list_page(const char *body, size_t len)
{
	struct strbuf err = STRBUF_INIT, why = STRBUF_INIT;
	struct val list, items;
	struct val_iter it;

	if (val_parse_json(body, len, &list, &err)) {
		strbuf_release(&err);
		return;
	}
	items = val_get(list, "items");
	(void)val_dig_str(list, "metadata", "continue", NULL);
	(void)val_dig_str(list, "metadata", "resourceVersion", NULL);
	for (val_iter_init(&it, items); val_iter_next(&it);) {
		api_conditions_describe(it.value, &why);
		(void)api_condition_met(it.value, "Ready", "True", &why);
		if (output_object_name(it.value, &why, &err))
			strbuf_reset(&err);
	}
	val_release(&items);
	val_release(&list);
	strbuf_release(&err);
	strbuf_release(&why);
}

static int on_event(void *ctx, const char *json, size_t len)
{
	struct strbuf err = STRBUF_INIT;
	struct val ev, obj;

	(*(int *)ctx)++;
	if (!val_parse_json(json, len, &ev, &err)) {
		obj = val_get(ev, "object");
		(void)val_get_str(ev, "type");
		(void)val_dig_str(obj, "metadata", "resourceVersion", NULL);
		val_release(&obj);
		val_release(&ev);
	}
	strbuf_release(&err);
	return 0;
}

static void watch_stream(const char *body, size_t len)
{
	struct json_splitter s;
	struct strbuf err = STRBUF_INIT;
	size_t off = 0, chunk = 1;
	int events = 0;

	json_splitter_init(&s);
	s.max = 1 << 16;
	while (off < len) {
		size_t n = len - off < chunk ? len - off : chunk;

		if (json_splitter_feed(&s, body + off, n, on_event, &events, &err)) {
			if (!fuzz_one_line(err.buf))
				fuzz_fail("watch error is not one line: \"%s\"", err.buf);
			break;
		}
		off += n;
		chunk = chunk * 3 + 1;	/* chunk boundaries everywhere */
	}
	(void)json_splitter_pending(&s);
	json_splitter_release(&s);
	strbuf_release(&err);
}

static void count_warning(void *ctx, const char *text)
{
	(void)text;
	(*(int *)ctx)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body, *ctype;
	char *line;
	long code;
	size_t len;
	int n = 0;

	fuzz_quiet();
	if (size < 3)
		return 0;
	code = 100 + ((data[0] << 8 | data[1]) % 500);
	ctype = content_types[data[2] % ARRAY_SIZE(content_types)];
	body = (const char *)data + 3;
	len = size - 3;

	error_body(code, ctype, body, len);
	list_page(body, len);
	watch_stream(body, len);

	line = fuzz_cstr((const uint8_t *)body, len);
	(void)http_parse_warning(line, count_warning, &n);
	(void)http_parse_retry_after(line);
	free(line);
	return 0;
}
