#include "test.h"
#include "yaml.h"

#include <dirent.h>

/*
 * YAML tests. The expectation tables were produced by running the same
 * inputs through sigs.k8s.io/yaml (go-yaml v2.4, what kubectl uses):
 * YAMLToJSON for parsing, JSONToYAML-style Marshal (keys kept in order)
 * for emitting. Rows marked "not go-yaml" are deliberate differences.
 */

static struct val parse_one_ok(const char *yaml, const char *what)
{
	struct strbuf err = STRBUF_INIT;
	struct val v;

	if (yaml_parse_one(yaml, strlen(yaml), "t.yaml", &v, &err) < 0)
		test_fail(__FILE__, __LINE__, "%s: %s", what, err.buf);
	strbuf_release(&err);
	return v;
}

static char *to_json(struct val v)
{
	struct strbuf sb = STRBUF_INIT;

	val_to_json(v, &sb, 0);
	return strbuf_detach(&sb, NULL);
}

/* ---- plain scalar resolution and friends: YAML -> JSON ---- */

static const struct {
	const char *yaml;
	const char *json;
} resolve_rows[] = {
	{ "v: ~", "{\"v\":null}" },
	{ "v: null", "{\"v\":null}" },
	{ "v: Null", "{\"v\":null}" },
	{ "v: NULL", "{\"v\":null}" },
	{ "v:", "{\"v\":null}" },
	{ "v: nULL", "{\"v\":\"nULL\"}" },
	{ "v: ''", "{\"v\":\"\"}" },
	{ "v: \"\"", "{\"v\":\"\"}" },
	{ "v: y", "{\"v\":true}" },
	{ "v: Y", "{\"v\":true}" },
	{ "v: yes", "{\"v\":true}" },
	{ "v: Yes", "{\"v\":true}" },
	{ "v: YES", "{\"v\":true}" },
	{ "v: n", "{\"v\":false}" },
	{ "v: N", "{\"v\":false}" },
	{ "v: no", "{\"v\":false}" },
	{ "v: No", "{\"v\":false}" },
	{ "v: NO", "{\"v\":false}" },
	{ "v: true", "{\"v\":true}" },
	{ "v: True", "{\"v\":true}" },
	{ "v: TRUE", "{\"v\":true}" },
	{ "v: false", "{\"v\":false}" },
	{ "v: False", "{\"v\":false}" },
	{ "v: FALSE", "{\"v\":false}" },
	{ "v: on", "{\"v\":true}" },
	{ "v: On", "{\"v\":true}" },
	{ "v: ON", "{\"v\":true}" },
	{ "v: off", "{\"v\":false}" },
	{ "v: Off", "{\"v\":false}" },
	{ "v: OFF", "{\"v\":false}" },
	{ "v: tRUE", "{\"v\":\"tRUE\"}" },
	{ "v: yES", "{\"v\":\"yES\"}" },
	{ "v: oN", "{\"v\":\"oN\"}" },
	{ "v: 0", "{\"v\":0}" },
	{ "v: -0", "{\"v\":0}" },
	{ "v: +12", "{\"v\":12}" },
	{ "v: -12", "{\"v\":-12}" },
	{ "v: 0x1F", "{\"v\":31}" },
	{ "v: 0X1f", "{\"v\":31}" },
	{ "v: -0x1F", "{\"v\":-31}" },
	{ "v: 0o17", "{\"v\":15}" },
	{ "v: 0O17", "{\"v\":15}" },
	{ "v: 0777", "{\"v\":511}" },
	{ "v: 0b101", "{\"v\":5}" },
	{ "v: 0B101", "{\"v\":5}" },
	{ "v: -0b101", "{\"v\":-5}" },
	{ "v: 0b-101", "{\"v\":-5}" },
	{ "v: 1_000", "{\"v\":1000}" },
	{ "v: 0x_1F", "{\"v\":31}" },
	{ "v: 1__0", "{\"v\":10}" },
	{ "v: 1_", "{\"v\":1}" },
	{ "v: 9007199254740992", "{\"v\":9007199254740992}" },
	{ "v: 08", "{\"v\":8}" },
	{ "v: 09.5", "{\"v\":9.5}" },
	{ "v: 00", "{\"v\":0}" },
	{ "v: 1.24", "{\"v\":1.24}" },
	{ "v: .5", "{\"v\":0.5}" },
	{ "v: -.5", "{\"v\":-0.5}" },
	{ "v: +.5", "{\"v\":0.5}" },
	{ "v: 1.", "{\"v\":1}" },
	{ "v: 0.", "{\"v\":0}" },
	{ "v: 1e3", "{\"v\":1000}" },
	{ "v: 1E3", "{\"v\":1000}" },
	{ "v: 1e-3", "{\"v\":0.001}" },
	{ "v: 1.5e+3", "{\"v\":1500}" },
	{ "v: 6.02e23", "{\"v\":6.02e+23}" },
	{ "v: 1_0.5", "{\"v\":10.5}" },
	{ "v: .5_5", "{\"v\":0.55}" },
	{ "v: 1e+21", "{\"v\":1e+21}" },
	{ "v: 1e400", "{\"v\":\"1e400\"}" },
	{ "v: .e5", "{\"v\":\".e5\"}" },
	{ "v: .", "{\"v\":\".\"}" },
	{ "v: 1.2.3", "{\"v\":\"1.2.3\"}" },
	{ "v: 0x", "{\"v\":\"0x\"}" },
	{ "v: 0xG", "{\"v\":\"0xG\"}" },
	{ "v: _1", "{\"v\":\"_1\"}" },
	{ "v: 12abc", "{\"v\":\"12abc\"}" },
	{ "v: 1,000", "{\"v\":\"1,000\"}" },
	{ "v: 1e", "{\"v\":\"1e\"}" },
	{ "v: +", "{\"v\":\"+\"}" },
	{ "v: 1:20", "{\"v\":\"1:20\"}" },
	{ "v: 190:20:30.15", "{\"v\":\"190:20:30.15\"}" },
	{ "v: 2001-12-14", "{\"v\":\"2001-12-14\"}" },
	{ "v: 2001-12-14T21:59:43.10-05:00", "{\"v\":\"2001-12-14T21:59:43.10-05:00\"}" },
	{ "v: 2001-12-14 21:59:43.10", "{\"v\":\"2001-12-14 21:59:43.10\"}" },
	{ "v: ._5", "{\"v\":\"._5\"}" },
	{ "v: .inf_x", "{\"v\":\".inf_x\"}" },
	{ "v: \"true\"", "{\"v\":\"true\"}" },
	{ "v: '0x1F'", "{\"v\":\"0x1F\"}" },
	{ "v: \"~\"", "{\"v\":\"~\"}" },
	{ "v: !!str 1", "{\"v\":\"1\"}" },
	{ "v: !!int \"12\"", "{\"v\":12}" },
	{ "v: !!float 1", "{\"v\":1}" },
	{ "v: !!bool yes", "{\"v\":true}" },
	{ "v: !!null ''", "{\"v\":null}" },
	{ "v: ! 12", "{\"v\":\"12\"}" },
	{ "v: !custom 12", "{\"v\":\"12\"}" },
	{ "v: !!binary aGk=", "{\"v\":\"hi\"}" },
	{ "v: !!str true", "{\"v\":\"true\"}" },
	{ "v: !!timestamp 2001-12-14", "{\"v\":\"2001-12-14\"}" },
	{ "v: |\n  true\n", "{\"v\":\"true\\n\"}" },
	{ "v: >-\n  a\n  b\n", "{\"v\":\"a b\"}" },
	{ "v: |+\n  a\n\n", "{\"v\":\"a\\n\\n\"}" },
	{ "v: |-\n  a\n", "{\"v\":\"a\"}" },
	{ "v: a\n  b\n", "{\"v\":\"a b\"}" },
	{ "v: \"a\n  b\"", "{\"v\":\"a b\"}" },
	{ "1: a", "{\"1\":\"a\"}" },
	{ "true: x", "{\"true\":\"x\"}" },
	{ "yes: x", "{\"true\":\"x\"}" },
	{ "0x10: a", "{\"16\":\"a\"}" },
	{ "1.5: a", "{\"1.5\":\"a\"}" },
	{ "1e3: a", "{\"1000\":\"a\"}" },
	{ "3.14159265358979: a", "{\"3.1415927\":\"a\"}" },
	{ "1000000.5: a", "{\"1.0000005e+06\":\"a\"}" },
	{ ".inf: a", "{\".inf\":\"a\"}" },
	{ "-.inf: a", "{\"-.inf\":\"a\"}" },
	{ ".nan: a", "{\".nan\":\"a\"}" },
	{ "2001-12-14: a", "{\"2001-12-14\":\"a\"}" },
	{ "'1': a", "{\"1\":\"a\"}" },
	{ "-0.0: a", "{\"-0\":\"a\"}" },
	{ "0.1: a", "{\"0.1\":\"a\"}" },
	{ "1e10: a", "{\"1e+10\":\"a\"}" },
	{ "b: &b {x: 1, y: 1}\nm:\n  <<: *b\n  z: 2", "{\"b\":{\"true\":1,\"x\":1},\"m\":{\"true\":1,\"x\":1,\"z\":2}}" },
	{ "a: &x [1]\nb: *x", "{\"a\":[1],\"b\":[1]}" },
	{ "v: {a, b}", "{\"v\":{\"a\":null,\"b\":null}}" },
	{ "v: \"\\U0001F600\"", "{\"v\":\"😀\"}" },
	{ "v: \"\\x41\\u00e9\"", "{\"v\":\"Aé\"}" },
	{ "v: héllo", "{\"v\":\"héllo\"}" },
	{ "v: 🎉", "{\"v\":\"🎉\"}" },
	{ "v: [1, '2', \"3\", 4.0]", "{\"v\":[1,\"2\",\"3\",4]}" },
	{ "--- 42", "42" },
	{ "--- text", "\"text\"" },
	{ "[1, 2]", "[1,2]" },
	{ "{\"a\": {\"b\": [true, null]}}", "{\"a\":{\"b\":[true,null]}}" },
	{ "v: 'it''s'", "{\"v\":\"it's\"}" },
	{ "v: \"a\\tb\"", "{\"v\":\"a\\tb\"}" },
	/* not go-yaml: explicit keys win over "<<" wherever they are (the
	 * YAML merge spec, and go-yaml v3); go-yaml v2 lets a later "<<"
	 * overwrite an earlier explicit key. */
	{ "b: &b {k: 1, j: 1}\nm:\n  k: 2\n  <<: *b", "{\"b\":{\"k\":1,\"j\":1},\"m\":{\"k\":2,\"j\":1}}" },
	{ "a: &a {x: 1}\nb: &b {x: 2, w: 2}\nm:\n  <<: [*a, *b]", "{\"a\":{\"x\":1},\"b\":{\"x\":2,\"w\":2},\"m\":{\"x\":1,\"w\":2}}" },
	/* not go-yaml: libyaml 0.2.5 knows YAML 1.2's "\/" escape. */
	{ "v: \"a\\/b\"", "{\"v\":\"a/b\"}" },
};

static void test_resolve_table(void)
{
	size_t i;

	CHECK(ARRAY_SIZE(resolve_rows) >= 60);
	for (i = 0; i < ARRAY_SIZE(resolve_rows); i++) {
		struct val got = parse_one_ok(resolve_rows[i].yaml, resolve_rows[i].yaml), exp;
		struct strbuf err = STRBUF_INIT;

		if (val_parse_json(resolve_rows[i].json, strlen(resolve_rows[i].json),
				   &exp, &err) < 0)
			BUG("bad expectation %s", resolve_rows[i].json);
		if (!val_equal(got, exp)) {
			char *g = to_json(got);

			test_fail(__FILE__, __LINE__, "\"%s\"\n#   got:      %s\n#   expected: %s",
				  resolve_rows[i].yaml, g, resolve_rows[i].json);
			free(g);
		}
		val_release(&got);
		val_release(&exp);
		strbuf_release(&err);
	}
}

static void test_resolve_plain_api(void)
{
	static const struct {
		const char *in;
		const char *json;
		bool quote;
	} rows[] = {
		{ "0x1F", "31", true }, { "1_000", "1000", true },
		{ "yes", "true", true }, { "", "null", true }, { "~", "null", true },
		{ "1.24", "1.24", true }, { "1e3", "1000", true },
		{ "2001-12-14", "\"2001-12-14\"", true },	/* a timestamp */
		{ "1:20", "\"1:20\"", true },			/* base 60 */
		{ ".inf", "\".inf\"", true },	/* no JSON for it: left a string */
		{ "1.24.3", "\"1.24.3\"", false }, { "v1", "\"v1\"", false },
		{ "<<", "\"<<\"", false }, { "hello world", "\"hello world\"", false },
		{ "-", "\"-\"", false }, { "1e400", "\"1e400\"", false },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct val v = yaml_resolve_plain(rows[i].in, strlen(rows[i].in));
		char *j = to_json(v);

		CHECK_STR(j, rows[i].json);
		CHECK_INT(yaml_string_needs_quotes(rows[i].in, strlen(rows[i].in)),
			  rows[i].quote);
		free(j);
		val_release(&v);
	}
}

/* ---- emitting: JSON -> exact YAML text ---- */

static const struct {
	const char *json;
	const char *yaml;
} emit_rows[] = {
	{ "{\"a\":\"true\"}",
	  "a: \"true\"\n" },
	{ "{\"a\":[1,2]}",
	  "a:\n- 1\n- 2\n" },
	{ "{\"a\":{}}",
	  "a: {}\n" },
	{ "{\"a\":[]}",
	  "a: []\n" },
	{ "{\"s\":\"x\\ny\\n\"}",
	  "s: |\n  x\n  y\n" },
	{ "{\"s\":\"x\\ny\"}",
	  "s: |-\n  x\n  y\n" },
	{ "{\"s\":\"x\\n\\n\"}",
	  "s: |+\n  x\n\n" },
	{ "{\"s\":\"x\\ny\\n \"}",
	  "s: \"x\\ny\\n \"\n" },
	{ "{\"a\":\"yes\"}",
	  "a: \"yes\"\n" },
	{ "{\"a\":\"on\"}",
	  "a: \"on\"\n" },
	{ "{\"a\":\"y\"}",
	  "a: \"y\"\n" },
	{ "{\"a\":\"Y\"}",
	  "a: \"Y\"\n" },
	{ "{\"a\":\"null\"}",
	  "a: \"null\"\n" },
	{ "{\"a\":\"~\"}",
	  "a: \"~\"\n" },
	{ "{\"a\":\"\"}",
	  "a: \"\"\n" },
	{ "{\"a\":\"1.24\"}",
	  "a: \"1.24\"\n" },
	{ "{\"a\":\"0x1F\"}",
	  "a: \"0x1F\"\n" },
	{ "{\"a\":\"0o17\"}",
	  "a: \"0o17\"\n" },
	{ "{\"a\":\"0777\"}",
	  "a: \"0777\"\n" },
	{ "{\"a\":\"1_000\"}",
	  "a: \"1_000\"\n" },
	{ "{\"a\":\"1e3\"}",
	  "a: \"1e3\"\n" },
	{ "{\"a\":\"1:20\"}",
	  "a: \"1:20\"\n" },
	{ "{\"a\":\"2001-12-14\"}",
	  "a: \"2001-12-14\"\n" },
	{ "{\"a\":\"2001-12-14T21:59:43.10-05:00\"}",
	  "a: \"2001-12-14T21:59:43.10-05:00\"\n" },
	{ "{\"a\":\"2001-13-14\"}",
	  "a: 2001-13-14\n" },
	{ "{\"a\":\".inf\"}",
	  "a: \".inf\"\n" },
	{ "{\"a\":\"08\"}",
	  "a: \"08\"\n" },
	{ "{\"a\":\" lead\"}",
	  "a: ' lead'\n" },
	{ "{\"a\":\"trail \"}",
	  "a: 'trail '\n" },
	{ "{\"a\":\"a: b\"}",
	  "a: 'a: b'\n" },
	{ "{\"a\":\"a #b\"}",
	  "a: 'a #b'\n" },
	{ "{\"a\":\"a#b\"}",
	  "a: a#b\n" },
	{ "{\"a\":\"- x\"}",
	  "a: '- x'\n" },
	{ "{\"a\":\"-x\"}",
	  "a: -x\n" },
	{ "{\"a\":\"*x\"}",
	  "a: '*x'\n" },
	{ "{\"a\":\"&x\"}",
	  "a: '&x'\n" },
	{ "{\"a\":\"!x\"}",
	  "a: '!x'\n" },
	{ "{\"a\":\"%x\"}",
	  "a: '%x'\n" },
	{ "{\"a\":\"@x\"}",
	  "a: '@x'\n" },
	{ "{\"a\":\"`x\"}",
	  "a: '`x'\n" },
	{ "{\"a\":\"{x\"}",
	  "a: '{x'\n" },
	{ "{\"a\":\"[x\"}",
	  "a: '[x'\n" },
	{ "{\"a\":\"'q'\"}",
	  "a: '''q'''\n" },
	{ "{\"a\":\"\\\"dq\\\"\"}",
	  "a: '\"dq\"'\n" },
	{ "{\"a\":\"it's\"}",
	  "a: it's\n" },
	{ "{\"a\":\"<<\"}",
	  "a: <<\n" },
	{ "{\"a\":\"héllo\"}",
	  "a: héllo\n" },
	{ "{\"a\":\"🎉\"}",
	  "a: \"\\U0001F389\"\n" },
	{ "{\"a\":\"tab\\there\"}",
	  "a: \"tab\\there\"\n" },
	{ "{\"a\":\"http://x:80/p\"}",
	  "a: http://x:80/p\n" },
	{ "{\"a\":\"---\"}",
	  "a: '---'\n" },
	{ "{\"a\":\"?\"}",
	  "a: '?'\n" },
	{ "{\"a\":\"? x\"}",
	  "a: '? x'\n" },
	{ "{\"a\":\"word word word word word word word word word word word word word word word word word word word word end\"}",
	  "a: word word word word word word word word word word word word word word word word\n  word word word word end\n" },
	{ "{\"k\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}",
	  "k: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n" },
	{ "{\"true\":1}",
	  "\"true\": 1\n" },
	{ "{\"1\":\"a\"}",
	  "\"1\": a\n" },
	{ "{\"a b\":{\"c\":null}}",
	  "a b:\n  c: null\n" },
	{ "{\"x\":true,\"y\":false,\"z\":null}",
	  "x: true\n\"y\": false\nz: null\n" },
	{ "{\"n\":1.5,\"i\":42,\"neg\":-7,\"big\":1e+21,\"small\":1.5e-07}",
	  "\"n\": 1.5\ni: 42\nneg: -7\nbig: 1e+21\nsmall: 1.5e-07\n" },
	{ "{\"a\":[{\"b\":1,\"c\":[2]},[3,[4]],{}]}",
	  "a:\n- b: 1\n  c:\n  - 2\n- - 3\n  - - 4\n- {}\n" },
	{ "[{\"a\":1},\"x\"]",
	  "- a: 1\n- x\n" },
	{ "\"top\"",
	  "top\n" },
	{ "[]",
	  "[]\n" },
	{ "{}",
	  "{}\n" },
	{ "1",
	  "1\n" },
	{ "null",
	  "null\n" },
	{ "{\"a\":{\"b\":{\"c\":\"d\"}}}",
	  "a:\n  b:\n    c: d\n" },
	{ "{\"l\":[[]]}",
	  "l:\n- []\n" },
	{ "{\"s\":\"line1\\nline2\\n\",\"t\":\"x\"}",
	  "s: |\n  line1\n  line2\nt: x\n" },
	{ "{\"multi\\nkey\":1}",
	  "? |-\n  multi\n  key\n: 1\n" },
	{ "{\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\":1}",
	  "? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n: 1\n" },
	/* not go-yaml: it writes this key plain, which reads back as a merge. */
	{ "{\"<<\":1}",
	  "\"<<\": 1\n" },
	/* not go-yaml: numbers are val_format_number's ("1.2345675e+06" there). */
	{ "{\"f\":1234567.5}",
	  "f: 1234567.5\n" },
};

static void test_emit_table(void)
{
	size_t i;

	CHECK(ARRAY_SIZE(emit_rows) >= 40);
	for (i = 0; i < ARRAY_SIZE(emit_rows); i++) {
		struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
		struct val v, back;

		if (val_parse_json(emit_rows[i].json, strlen(emit_rows[i].json), &v, &err) < 0)
			BUG("bad JSON %s", emit_rows[i].json);
		yaml_emit(v, &out);
		if (strcmp(out.buf, emit_rows[i].yaml))
			test_fail(__FILE__, __LINE__, "%s\n#   got:      \"%s\"\n#   expected: \"%s\"",
				  emit_rows[i].json, out.buf, emit_rows[i].yaml);
		/* and it reads back as the same value */
		back = parse_one_ok(out.buf, emit_rows[i].json);
		CHECK(val_equal(v, back));
		val_release(&v);
		val_release(&back);
		strbuf_release(&err);
		strbuf_release(&out);
	}
}

static void test_emit_stream(void)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct val docs;
	const char *json = "[{\"a\":1},{\"b\":[\"x\"]},\"text\"]";

	CHECK_INT(val_parse_json(json, strlen(json), &docs, &err), 0);
	yaml_emit_stream(docs, &out);
	CHECK_STR(out.buf, "a: 1\n---\nb:\n- x\n---\ntext\n");
	val_release(&docs);
	strbuf_reset(&out);
	docs = val_arr();
	yaml_emit_stream(docs, &out);
	CHECK_STR(out.buf, "");
	val_release(&docs);
	strbuf_release(&out);
	strbuf_release(&err);
}

/* ---- the corpus: every file parses as kubectl reads it and round-trips ---- */

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void check_corpus_file(const char *name)
{
	struct strbuf rel = STRBUF_INIT, err = STRBUF_INIT;
	struct strbuf t1 = STRBUF_INIT, t2 = STRBUF_INIT;
	struct val docs, pos, docs2, want = val_arr();
	struct val_iter it;
	char *buf, *json, *line, *nl;
	size_t len, jlen;

	strbuf_addf(&rel, "yaml-corpus/%s", name);
	buf = read_file(test_path(rel.buf), &len);
	if (!buf) {
		test_fail(__FILE__, __LINE__, "%s: cannot read", name);
		goto out;
	}
	if (yaml_parse_stream(buf, len, name, &docs, &pos, &err) < 0) {
		test_fail(__FILE__, __LINE__, "%s: %s", name, err.buf);
		free(buf);
		goto out;
	}

	/* What kubectl makes of it, one JSON document a line. */
	strbuf_setlen(&rel, rel.len - strlen(".yaml"));
	strbuf_addstr(&rel, ".json");
	json = read_file(test_path(rel.buf), &jlen);
	if (!json) {
		test_fail(__FILE__, __LINE__, "%s: no %s", name, rel.buf);
	} else {
		for (line = json; *line; line = nl + 1) {
			struct val v;

			nl = strchrnul(line, '\n');
			if (nl > line) {
				if (val_parse_json(line, (size_t)(nl - line), &v, &err) < 0)
					BUG("%s: bad JSON line", rel.buf);
				val_push_take(&want, v);
			}
			if (!*nl)
				break;
		}
		if (!val_equal(docs, want)) {
			char *g = to_json(docs), *w = to_json(want);

			test_fail(__FILE__, __LINE__, "%s\n#   got:      %s\n#   expected: %s",
				  name, g, w);
			free(g);
			free(w);
		}
		free(json);
	}

	/* Positions: one object per document, each naming the root. */
	CHECK_INT(val_len(pos), val_len(docs));
	for (val_iter_init(&it, pos); val_iter_next(&it);)
		if (!val_has(it.value, ""))
			test_fail(__FILE__, __LINE__, "%s: no position for the root", name);

	/* parse -> emit -> parse gives the same values ... */
	yaml_emit_stream(docs, &t1);
	strbuf_reset(&err);
	if (yaml_parse_stream(t1.buf, t1.len, "emitted", &docs2, NULL, &err) < 0) {
		test_fail(__FILE__, __LINE__, "%s: emitted YAML does not parse: %s\n%s",
			  name, err.buf, t1.buf);
	} else {
		if (!val_equal(docs, docs2))
			test_fail(__FILE__, __LINE__, "%s: values change through emit:\n%s",
				  name, t1.buf);
		/* ... and emitting is a fixed point. */
		yaml_emit_stream(docs2, &t2);
		if (strcmp(t1.buf, t2.buf))
			test_fail(__FILE__, __LINE__, "%s: emit(parse(emit(x))) != emit(x):\n%s---- vs ----\n%s",
				  name, t1.buf, t2.buf);
		val_release(&docs2);
	}
	val_release(&docs);
	val_release(&pos);
	free(buf);
out:
	val_release(&want);
	strbuf_release(&rel);
	strbuf_release(&err);
	strbuf_release(&t1);
	strbuf_release(&t2);
}

static void test_corpus(void)
{
	DIR *dir = opendir(test_path("yaml-corpus"));
	struct dirent *de;
	char **names = NULL;
	size_t nr = 0, alloc = 0, i;

	if (!dir) {
		test_fail(__FILE__, __LINE__, "no %s", test_path("yaml-corpus"));
		return;
	}
	while ((de = readdir(dir))) {
		size_t n = strlen(de->d_name);

		if (n > 5 && !strcmp(de->d_name + n - 5, ".yaml")) {
			ALLOC_GROW(names, nr + 1, alloc);
			names[nr++] = xstrdup(de->d_name);
		}
	}
	closedir(dir);
	qsort(names, nr, sizeof(*names), cmp_names);
	CHECK(nr >= 100);
	for (i = 0; i < nr; i++) {
		check_corpus_file(names[i]);
		free(names[i]);
	}
	free(names);
}

/* ---- errors: one line, "NAME:LINE:COL: ", the right line ---- */

static const struct {
	const char *yaml;
	const char *where;	/* expected prefix after the name */
	const char *says;	/* expected somewhere in the message */
} error_rows[] = {
	{ "a:\n  b: 1\n c: 2\n", "3:2: ", "expected a mapping key" },
	{ "a: 1\n  b: 2\n", "2:4: ", "unexpected ':'" },
	{ "a: 1\nb: 2\n- x\n", "3:1: ", "expected a mapping key, found a block sequence" },
	{ "- a\nb: c\n", "2:1: ", "expected a sequence item" },
	{ "a:\n  - b\n  c: d\n", "3:3: ", "expected a sequence item" },
	{ "a: 1\nb: \"abc\nc: 2\n", "2:4: ", "unclosed double-quoted string" },
	{ "a: 1\nb: 'abc\nc: 2\n", "2:4: ", "unclosed single-quoted string" },
	{ "a: \"x\n---\n", "1:4: ", "unclosed double-quoted string" },
	{ "a:\n\tb: 1\n", "2:1: ", "tab character" },
	{ "a:\n  b: 1\n\tc: 2\n", "3:1: ", "tab character" },
	{ "a: 1\nb: 2\na: 3\n", "3:1: ", "mapping key \"a\" already defined at line 1" },
	{ "x:\n  a: 1\n  b: 2\n  a: 2\n", "4:3: ", "mapping key \"a\" already defined at line 2" },
	{ "1: a\n'1': b\n", "2:1: ", "mapping key \"1\" already defined at line 1" },
	{ "yes: a\ntrue: b\n", "2:1: ", "mapping key \"true\" already defined at line 1" },
	{ "{a: 1, a: 2}", "1:8: ", "already defined at line 1" },
	{ "a: 1\r\nb: 2\r\na: 3\r\n", "3:1: ", "already defined at line 1" },
	{ "a: &x 1\nb: *y\n", "2:4: ", "unknown anchor \"y\"" },
	{ "a: &x [*x]\n", "1:8: ", "alias refers to its own anchor \"x\"" },
	{ "a: 1\nb: .inf\n", "2:4: ", "infinity (.inf) cannot be represented in JSON" },
	{ "a: [-.Inf]\n", "1:5: ", "infinity" },
	{ "a:\n  - .nan\n", "2:5: ", "NaN" },
	{ "a: b: c\n", "1:5: ", "unexpected ':'" },
	{ "a: [1, 2\nb: 3\n", "2:2: ", "expected ',' or ']' in the flow sequence started at line 1" },
	{ "a: {b: 1\n", "2:1: ", "expected ',' or '}'" },
	{ "a: 1\nb\nc: 2\n", "2:1: ", "expected ':' after a mapping key" },
	{ "a: @x\n", "1:4: ", "'@' cannot start a value" },
	{ "a: `x\n", "1:4: ", "'`' cannot start a value" },
	{ "a: \"\\q\"\n", "1:5: ", "unknown escape sequence '\\q'" },
	{ "a: 1\n\x01\n", "2:1: ", "control character 0x01" },
	{ "a: 1\nb: \xff\n", "2:4: ", "not valid UTF-8" },
	{ "~: 1\n", "1:1: ", "a mapping key cannot be null" },
	{ "? [a]\n: 1\n", "1:3: ", "a mapping key must be a string, number or boolean" },
	{ "<<: 1\n", "1:1: ", "merge key (<<) needs a mapping" },
	{ "m:\n  <<: [{a: 1}, 2]\n", "2:3: ", "merge key (<<) needs a mapping" },
	{ "a: !!int abc\n", "1:4: ", "cannot read \"abc\" (a !!str) as the !!int" },
	{ "a: !!bool 1\n", "1:4: ", "as the !!bool" },
	{ "a: !!binary '%%'\n", "1:4: ", "invalid base64" },
	{ "a: |0\n  x\n", "1:5: ", "block scalar" },
	{ "%FOO\n---\na: 1\n", "1:5: ", "directive" },
	{ "# one\n# two\n\nok: 1\n---\nb: 1\nb: 2\n", "7:1: ", "already defined at line 6" },
	{ "a: &a x\nb: *a\nc: *\n", "3:5: ", "invalid alias name" },
	{ "a: 1\nb: [1,", "2:7: ", "expected a value, found the end of the input" },
};

static void test_errors(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(error_rows); i++) {
		struct strbuf err = STRBUF_INIT, want = STRBUF_INIT;
		struct val docs, pos;
		const char *y = error_rows[i].yaml;

		strbuf_addf(&want, "config.yaml:%s", error_rows[i].where);
		if (yaml_parse_stream(y, strlen(y), "config.yaml", &docs, &pos, &err) != -1) {
			test_fail(__FILE__, __LINE__, "no error for \"%s\"", y);
		} else {
			if (strncmp(err.buf, want.buf, want.len) ||
			    !strstr(err.buf, error_rows[i].says) || strchr(err.buf, '\n'))
				test_fail(__FILE__, __LINE__, "\"%s\"\n#   got:      %s\n#   expected: %s... %s ...",
					  y, err.buf, want.buf, error_rows[i].says);
			CHECK(!val_exists(docs));
			CHECK(!val_exists(pos));
		}
		val_release(&docs);
		val_release(&pos);
		strbuf_release(&err);
		strbuf_release(&want);
	}
}

static void test_error_names(void)
{
	struct strbuf err = STRBUF_INIT;
	struct val v;

	CHECK_INT(yaml_parse_one("a: [", 4, "-", &v, &err), -1);
	CHECK_STR(err.buf, "<stdin>:1:5: expected a value, found the end of the input");
	CHECK(!val_exists(v));
	strbuf_reset(&err);
	CHECK_INT(yaml_parse_file(test_path("yaml-corpus/no-such-file.yaml"), &v, NULL, &err), -1);
	CHECK_CONTAINS(err.buf, "cannot read '");
	CHECK_CONTAINS(err.buf, "no-such-file.yaml': no such file or directory");
	strbuf_release(&err);
}

/* ---- streams, documents, limits ---- */

static void test_parse_one(void)
{
	struct strbuf err = STRBUF_INIT;
	struct val v;
	char *j;

	CHECK_INT(yaml_parse_one("", 0, "x", &v, &err), 0);
	CHECK(val_kind(v) == VAL_NULL);
	val_release(&v);
	CHECK_INT(yaml_parse_one("# only\n---\n...\n", 15, "x", &v, &err), 0);
	CHECK(val_kind(v) == VAL_NULL);
	val_release(&v);
	CHECK_INT(yaml_parse_one("---\n---\na: 1\n---\n", 17, "x", &v, &err), 0);
	j = to_json(v);
	CHECK_STR(j, "{\"a\":1}");
	free(j);
	val_release(&v);
	CHECK_INT(yaml_parse_one("a: 1\n---\nb: 2\n", 14, "x", &v, &err), -1);
	CHECK_STR(err.buf, "x:2:1: expected a single YAML document, found another");
	strbuf_release(&err);
}

static void test_empty_documents_skipped(void)
{
	const char *y = "---\n# nothing\n---\na: 1\n--- ~\n---\nb: 2\n...\n";
	struct strbuf err = STRBUF_INIT;
	struct val docs, pos;
	char *j;

	CHECK_INT(yaml_parse_stream(y, strlen(y), "s", &docs, &pos, &err), 0);
	j = to_json(docs);
	CHECK_STR(j, "[{\"a\":1},{\"b\":2}]");
	free(j);
	j = to_json(pos);
	CHECK_STR(j, "[{\"\":[4,1],\"/a\":[4,4]},{\"\":[7,1],\"/b\":[7,4]}]");
	free(j);
	val_release(&docs);
	val_release(&pos);
	strbuf_release(&err);
}

static void test_alias_bomb(void)
{
	struct strbuf y = STRBUF_INIT, err = STRBUF_INIT;
	struct val docs;
	int i;

	/* billion laughs: 10 levels of 10 aliases each */
	strbuf_addstr(&y, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 10; i++)
		strbuf_addf(&y, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n",
			    i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	CHECK_INT(yaml_parse_stream(y.buf, y.len, "bomb.yaml", &docs, NULL, &err), -1);
	CHECK_CONTAINS(err.buf, "bomb.yaml:");
	CHECK_CONTAINS(err.buf, "aliases expand to more than 1000000 nodes");
	strbuf_release(&y);
	strbuf_release(&err);
}

static void test_depth_limit(void)
{
	struct strbuf y = STRBUF_INIT, err = STRBUF_INIT;
	struct val docs;

	strbuf_addchars(&y, '[', 10001);
	strbuf_addchars(&y, ']', 10001);
	CHECK_INT(yaml_parse_stream(y.buf, y.len, "deep", &docs, NULL, &err), -1);
	CHECK_STR(err.buf, "deep:1:10001: nesting deeper than 10000 levels");
	strbuf_reset(&y);
	strbuf_reset(&err);
	strbuf_addchars(&y, '[', 10000);
	strbuf_addchars(&y, ']', 10000);
	CHECK_INT(yaml_parse_stream(y.buf, y.len, "deep", &docs, NULL, &err), 0);
	val_release(&docs);
	strbuf_release(&y);
	strbuf_release(&err);
}

/* ---- positions ---- */

static void check_pos(struct val pos, const char *path, int line, int col)
{
	struct val lc = val_get(pos, path);

	if (val_len(lc) != 2 || val_num_get(val_at(lc, 0)) != line ||
	    val_num_get(val_at(lc, 1)) != col) {
		char *j = to_json(lc);

		test_fail(__FILE__, __LINE__, "position of \"%s\": got %s, expected [%d,%d]",
			  path, j, line, col);
		free(j);
	}
	val_release(&lc);
}

static void test_positions(void)
{
	const char *y =
		"apiVersion: sailoperator.io/v1\n"	/* 1 */
		"kind: Istio\n"				/* 2 */
		"spec:\n"				/* 3 */
		"  values:\n"				/* 4 */
		"    pilot:\n"				/* 5 */
		"      env:\n"				/* 6 */
		"        FOO: \"1\"\n"			/* 7 */
		"  list:\n"				/* 8 */
		"  - x\n"				/* 9 */
		"  - {y: 2, z: [a, b]}\n"		/* 10 */
		"  \"a/b~c\": 1\n"			/* 11 */
		"  base: &b\n"				/* 12 */
		"    k: 1\n"				/* 13 */
		"    deep: {q: 1}\n"			/* 14 */
		"  copy: *b\n"				/* 15 */
		"  merged:\n"				/* 16 */
		"    <<: *b\n"				/* 17 */
		"    k: 2\n"				/* 18 */
		"---\n"					/* 19 */
		"- one\n";				/* 20 */
	struct strbuf err = STRBUF_INIT;
	struct val docs, pos, p0, p1;

	CHECK_INT(yaml_parse_stream(y, strlen(y), "p.yaml", &docs, &pos, &err), 0);
	CHECK_INT(val_len(pos), 2);
	p0 = val_at(pos, 0);
	p1 = val_at(pos, 1);
	check_pos(p0, "", 1, 1);
	check_pos(p0, "/apiVersion", 1, 13);
	check_pos(p0, "/spec", 4, 3);
	check_pos(p0, "/spec/values/pilot/env", 7, 9);
	check_pos(p0, "/spec/values/pilot/env/FOO", 7, 14);
	check_pos(p0, "/spec/list", 9, 3);
	check_pos(p0, "/spec/list/0", 9, 5);
	check_pos(p0, "/spec/list/1", 10, 5);
	check_pos(p0, "/spec/list/1/z/1", 10, 19);
	check_pos(p0, "/spec/a~1b~0c", 11, 12);
	check_pos(p0, "/spec/base", 12, 9);
	check_pos(p0, "/spec/base/deep/q", 14, 15);
	/* an alias is where it is written; what it stands for, where that is */
	check_pos(p0, "/spec/copy", 15, 9);
	check_pos(p0, "/spec/copy/k", 13, 8);
	check_pos(p0, "/spec/copy/deep/q", 14, 15);
	/* merged keys point at their source; explicit ones at themselves */
	check_pos(p0, "/spec/merged/k", 18, 8);
	check_pos(p0, "/spec/merged/deep", 14, 11);
	CHECK(!val_has(p0, "/spec/merged/<<"));
	check_pos(p1, "", 20, 1);
	check_pos(p1, "/0", 20, 3);
	CHECK_INT(val_len(p1), 2);
	val_release(&p0);
	val_release(&p1);
	val_release(&docs);
	val_release(&pos);
	strbuf_release(&err);
}

TEST_MAIN(T(test_resolve_table), T(test_resolve_plain_api),
	  T(test_emit_table), T(test_emit_stream), T(test_corpus),
	  T(test_errors), T(test_error_names), T(test_parse_one),
	  T(test_empty_documents_skipped), T(test_alias_bomb),
	  T(test_depth_limit), T(test_positions))
