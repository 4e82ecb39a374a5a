/*
 * Template inputs: the first byte picks a built-in template, the rest is
 * its parameters (JSON, else YAML), rendered by the jq program and, where
 * one exists, by the native C form, which must agree with it: the same
 * objects, or both an error. Never a crash; errors one line.
 */
#include "fuzz.h"
#include "embedded.h"
#include "template.h"
#include "yaml.h"

#define MAX_TEMPLATES 64

static char *names[MAX_TEMPLATES];
static size_t nr_names;

static void setup(void)
{
	const struct embedded_file *f;

	if (nr_names)
		return;
	fuzz_quiet();
	/* the compiled programs are kept for the process: free them at exit
	 * so that the leak check at exit sees only real leaks */
	atexit(template_cache_clear);
	for (f = embedded_files; f->name && nr_names < MAX_TEMPLATES; f++) {
		size_t n = strlen(f->name);

		if (n > 3 && !strcmp(f->name + n - 3, ".jq"))
			names[nr_names++] = xstrndup(f->name, n - 3);
	}
	if (!nr_names)
		abort();
}

static int render(const char *name, struct val params, bool native,
		  struct val *out, struct strbuf *err)
{
	template_use_native(native);
	if (template_render(name, params, NULL, out, err)) {
		if (!fuzz_one_line(err->buf))
			fuzz_fail("%s: error is not one line: \"%s\"", name, err->buf);
		return -1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT, err2 = STRBUF_INIT;
	struct val params, a, b;
	const char *name;
	int ra, rb;

	setup();
	if (!size)
		return 0;
	name = names[data[0] % nr_names];
	if (val_parse_json((const char *)data + 1, size - 1, &params, &err)) {
		strbuf_reset(&err);
		if (yaml_parse_one((const char *)data + 1, size - 1, "params", &params, &err)) {
			strbuf_release(&err);
			return 0;
		}
	}
	ra = render(name, params, true, &a, &err);
	rb = render(name, params, false, &b, &err2);
	if (ra != rb)
		fuzz_fail("%s: native and jq disagree: %s / %s", name,
			  ra ? err.buf : "ok", rb ? err2.buf : "ok");
	if (!ra) {
		if (!val_equal(a, b)) {
			struct strbuf ja = STRBUF_INIT, jb = STRBUF_INIT;

			val_to_json(a, &ja, 0);
			val_to_json(b, &jb, 0);
			fuzz_fail("%s: native and jq objects differ:\n%s\n%s", name, ja.buf, jb.buf);
		}
		val_release(&a);
		val_release(&b);
	}
	val_release(&params);
	strbuf_release(&err);
	strbuf_release(&err2);
	return 0;
}
