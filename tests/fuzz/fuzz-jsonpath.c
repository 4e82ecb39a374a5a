/*
 * kubectl JSONPath templates: the first line is the template, the rest the
 * input (JSON, else YAML). Compiling and running never crash; a compile
 * error is one line; text and values agree on success or failure.
 */
#include "fuzz.h"
#include "jsonpath.h"
#include "yaml.h"

/*
 * Each {range} that has no {end} runs the rest of the template once more
 * after its loop, as kubectl's FindResults does: k of them nested cost 2^k.
 * That is the template language's own cost (kubectl's too), paid by whoever
 * writes the template, not a defect; the fuzzer keeps k small.
 */
static int ranges(const char *t)
{
	int n = 0;

	while ((t = strstr(t, "range"))) {
		n++;
		t += 5;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct jsonpath *jp;
	struct val input, results;
	char *tmpl, *doc;
	size_t tlen, dlen;
	int pass, r1, r2;

	fuzz_quiet();
	fuzz_split(data, size, '\n', &tmpl, &tlen, &doc, &dlen);
	if (strlen(tmpl) != tlen)
		goto out;	/* a NUL in the template: argv cannot hold one */
	if (ranges(tmpl) > 8)
		goto out;	/* see below */
	if (val_parse_json(doc, dlen, &input, &err)) {
		strbuf_reset(&err);
		if (yaml_parse_one(doc, dlen, "input", &input, &err))
			input = val_null();
		strbuf_reset(&err);
	}
	if (jsonpath_compile(tmpl, &jp, &err)) {
		if (!fuzz_one_line(err.buf))
			fuzz_fail("jsonpath error is not one line: \"%s\"", err.buf);
		val_release(&input);
		goto out;
	}
	for (pass = 0; pass < 2; pass++) {
		jsonpath_allow_missing_keys(jp, pass == 0);
		strbuf_reset(&out);
		strbuf_reset(&err);
		r1 = jsonpath_exec(jp, input, &out, &err);
		if (r1 && out.len)
			fuzz_fail("a failed run printed text");
		strbuf_reset(&err);
		r2 = jsonpath_find(jp, input, &results, &err);
		if (!r2)
			val_release(&results);
		if (!r1 != !r2)
			fuzz_fail("exec and find disagree (%d, %d) on {%s}", r1, r2, tmpl);
	}
	jsonpath_free(jp);
	val_release(&input);
out:
	strbuf_release(&err);
	strbuf_release(&out);
	free(tmpl);
	free(doc);
	return 0;
}
