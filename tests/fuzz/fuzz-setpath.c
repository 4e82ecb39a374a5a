/*
 * helm-style --set arguments: split at commas, PATH=VALUE, the path parsed
 * and written back (the same segments again), the value resolved as a
 * plain YAML scalar and set into an object. Never a crash; errors one line.
 */
#include "fuzz.h"
#include "setpath.h"
#include "yaml.h"

static bool same(const struct setpath *a, const struct setpath *b)
{
	size_t i;

	if (a->nr != b->nr)
		return false;
	for (i = 0; i < a->nr; i++) {
		if (!a->seg[i].key != !b->seg[i].key)
			return false;
		if (a->seg[i].key ? strcmp(a->seg[i].key, b->seg[i].key)
				  : a->seg[i].index != b->seg[i].index)
			return false;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct val root = val_obj();
	char *arg, **list, **p;
	size_t n = 0;

	fuzz_quiet();
	if (size > 4096)
		return 0;	/* each index may pad a list by 64k nulls */
	arg = fuzz_cstr(data, size);
	list = setpath_split_list(arg);
	for (p = list; *p; p++) {
		struct setpath sp, back;
		struct strbuf err = STRBUF_INIT, text = STRBUF_INIT;
		char *path, *value;

		if (setpath_split(*p, &path, &value)) {
			free(*p);
			continue;
		}
		if (setpath_parse(path, &sp, &err)) {
			if (!fuzz_one_line(err.buf) && !strchr(path, '\n'))
				fuzz_fail("setpath error is not one line: \"%s\"", err.buf);
		} else {
			setpath_format(&sp, sp.nr, &text);
			if (setpath_parse(text.buf, &back, &err))
				fuzz_fail("\"%s\" written back as \"%s\" does not parse: %s",
					  path, text.buf, err.buf);
			if (!same(&sp, &back))
				fuzz_fail("\"%s\" written back as \"%s\" changed", path, text.buf);
			setpath_release(&back);
			if (n++ < 16) {
				struct val v = yaml_resolve_plain(value, strlen(value));

				setpath_set(&root, &sp, v);
				val_release(&v);
			}
			setpath_release(&sp);
		}
		strbuf_release(&err);
		strbuf_release(&text);
		free(path);
		free(value);
		free(*p);
	}
	free(list);
	free(arg);
	val_release(&root);
	return 0;
}
