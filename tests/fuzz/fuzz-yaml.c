/*
 * YAML (and JSON) streams to values and back: parsing never crashes, an
 * error is one line, and what parses round-trips: the emitted YAML parses
 * to equal documents and emits the same text again; the JSON form parses
 * back to the same values.
 */
#include "fuzz.h"
#include "yaml.h"

static void check_json(struct val docs)
{
	struct strbuf js = STRBUF_INIT, err = STRBUF_INIT;
	struct val back;

	val_to_json(docs, &js, 0);
	if (val_parse_json(js.buf, js.len, &back, &err))
		fuzz_fail("our JSON does not parse (%s):\n%s", err.buf, js.buf);
	if (!val_equal(docs, back))
		fuzz_fail("JSON round trip changed the value:\n%s", js.buf);
	val_release(&back);
	strbuf_release(&js);
	strbuf_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct val docs, pos, again;
	struct strbuf err = STRBUF_INIT, y1 = STRBUF_INIT, y2 = STRBUF_INIT;

	fuzz_quiet();
	if (yaml_parse_stream((const char *)data, size, "fuzz.yaml", &docs, &pos, &err)) {
		if (!fuzz_one_line(err.buf) || strncmp(err.buf, "fuzz.yaml:", 10))
			fuzz_fail("error is not one line naming the file: \"%s\"", err.buf);
		strbuf_release(&err);
		return 0;
	}
	if (!val_is_arr(docs) || !val_is_arr(pos) || val_len(docs) != val_len(pos))
		fuzz_fail("documents and positions disagree");
	check_json(docs);

	yaml_emit_stream(docs, &y1);
	if (yaml_parse_stream(y1.buf, y1.len, "emitted", &again, NULL, &err))
		fuzz_fail("emitted YAML does not parse (%s):\n%s", err.buf, y1.buf);
	if (!val_equal(docs, again))
		fuzz_fail("YAML round trip changed the documents:\n%s", y1.buf);
	yaml_emit_stream(again, &y2);
	if (strcmp(y1.buf, y2.buf))
		fuzz_fail("emitting twice differs:\n%s\n--- vs ---\n%s", y1.buf, y2.buf);

	val_release(&again);
	val_release(&docs);
	val_release(&pos);
	strbuf_release(&y1);
	strbuf_release(&y2);
	strbuf_release(&err);
	return 0;
}
