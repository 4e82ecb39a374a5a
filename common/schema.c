/*
 * CRD spec schemas (see schema.h).
 */
#include "sail.h"
#include "schema.h"
#include "embedded.h"
#include "yaml.h"

/*
 * The data is one JSON object {KIND: schema}. Parsing all of it costs about
 * 4 ms, as much as the rest of a client dry run: each kind is parsed on
 * first use only, and its spec.values schema (most of the bytes, and
 * untouched by an install without values) is left as text behind a
 * marker until schema_child() steps into it.
 */
#define LAZY_MARK "x-sail-lazy"

struct kind_slice {
	char *kind;
	struct val schema;	/* the kind's schema, values behind a marker */
	const char *values;	/* the text of the values schema */
	size_t values_len;
	struct val values_schema;	/* parsed on first use */
};

static struct kind_slice *slices;
static size_t nr_slices, alloc_slices;
static const char *data, *data_end;

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
		p++;
	return p;
}

/* The end of the JSON string starting at p (on its '"'), past the quote. */
static const char *skip_string(const char *p, const char *end)
{
	for (p++; p < end && *p != '"'; p++)
		if (*p == '\\')
			p++;
	return p < end ? p + 1 : end;
}

/* The end of the JSON value starting at p. */
static const char *skip_value(const char *p, const char *end)
{
	int depth = 0;

	if (p < end && *p == '"')
		return skip_string(p, end);
	if (p < end && *p != '{' && *p != '[') {
		while (p < end && !strchr(",}] \n\t\r", *p))
			p++;
		return p;
	}
	while (p < end) {
		if (*p == '"') {
			p = skip_string(p, end);
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if ((*p == '}' || *p == ']') && !--depth)
			return p + 1;
		p++;
	}
	return end;
}

/* The value of member KEY of the object text [p, end): true with its span
 * (keys compared as written, without escapes). */
static bool member(const char *p, const char *end, const char *key,
		   const char **vs, const char **ve)
{
	size_t klen = strlen(key);

	p = skip_ws(p, end);
	if (p >= end || *p++ != '{')
		return false;
	for (;;) {
		const char *k, *ke;

		p = skip_ws(p, end);
		if (p >= end || *p != '"')
			return false;
		k = p + 1;
		ke = skip_string(p, end);
		p = skip_ws(ke, end);
		if (p >= end || *p++ != ':')
			return false;
		p = skip_ws(p, end);
		*vs = p;
		p = skip_value(p, end);
		*ve = p;
		if ((size_t)(ke - 1 - k) == klen && !memcmp(k, key, klen))
			return true;
		p = skip_ws(p, end);
		if (p >= end || *p++ != ',')
			return false;
	}
}

static void load(void)
{
	const struct embedded_file *f;
	const char *p;

	if (data)
		return;
	f = embedded_find("sail-schemas.yaml");
	if (!f)
		BUG("sail-schemas.yaml is not embedded");
	/* Comment lines, then one JSON line. */
	p = f->data;
	while (*p == '#') {
		p = strchr(p, '\n');
		if (!p)
			BUG("sail-schemas.yaml has no data");
		p++;
	}
	data = p;
	data_end = f->data + f->len;
}

static struct kind_slice *slice_of(const char *kind)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	const char *ks, *ke, *ps, *pe, *vs = NULL, *ve = NULL;
	struct kind_slice *k;
	size_t i;

	load();
	for (i = 0; i < nr_slices; i++)
		if (!strcmp(slices[i].kind, kind))
			return &slices[i];
	if (!member(data, data_end, kind, &ks, &ke))
		return NULL;
	ALLOC_GROW(slices, nr_slices + 1, alloc_slices);
	k = &slices[nr_slices];
	memset(k, 0, sizeof(*k));
	k->kind = xstrdup(kind);
	k->values_schema = val_absent();
	if (member(ks, ke, "properties", &ps, &pe) && member(ps, pe, "values", &vs, &ve)) {
		strbuf_add(&text, ks, (size_t)(vs - ks));
		strbuf_addf(&text, "{\"" LAZY_MARK "\":%zu}", nr_slices);
		strbuf_add(&text, ve, (size_t)(ke - ve));
		k->values = vs;
		k->values_len = (size_t)(ve - vs);
	} else {
		strbuf_add(&text, ks, (size_t)(ke - ks));
	}
	if (val_parse_json(text.buf, text.len, &k->schema, &err))
		BUG("sail-schemas.yaml, %s: %s", kind, err.buf);
	strbuf_release(&text);
	nr_slices++;
	return k;
}

struct val schema_spec(const char *kind)
{
	struct kind_slice *k = slice_of(kind);

	return k ? val_copy(k->schema) : val_absent();
}

/* A marker node stands for the values schema of slice N: parse it now. */
static struct val unmark(struct val node)
{
	struct val m = val_get(node, LAZY_MARK);
	struct kind_slice *k;
	struct strbuf err = STRBUF_INIT;
	size_t n;

	if (!val_exists(m))
		return node;
	n = (size_t)val_num_get(m);
	val_release(&m);
	val_release(&node);
	if (n >= nr_slices)
		BUG("schema marker %zu of %zu", n, nr_slices);
	k = &slices[n];
	if (!val_exists(k->values_schema) &&
	    val_parse_json(k->values, k->values_len, &k->values_schema, &err))
		BUG("sail-schemas.yaml, %s values: %s", k->kind, err.buf);
	return val_copy(k->values_schema);
}

bool schema_open(struct val node)
{
	struct val p = val_get(node, "x-kubernetes-preserve-unknown-fields");
	bool open = val_bool_get(p);

	val_release(&p);
	return open;
}

struct val schema_child(struct val node, const char *key)
{
	struct val props, child;

	if (key) {
		props = val_get(node, "properties");
		child = val_get(props, key);
		val_release(&props);
		if (val_exists(child))
			return unmark(child);
		child = val_get(node, "additionalProperties");
		if (val_is_obj(child))
			return child;
		val_release(&child);
	} else {
		child = val_get(node, "items");
		if (val_is_obj(child))
			return child;
		val_release(&child);
	}
	if (schema_open(node))
		return val_obj();	/* untyped: anything goes */
	return val_absent();
}

const char *schema_type(struct val node)
{
	struct val f = val_get(node, "x-kubernetes-int-or-string");
	bool ios = val_bool_get(f);
	const char *t;

	val_release(&f);
	if (ios)
		return "int-or-string";
	t = val_get_str(node, "type");
	if (!t)
		return NULL;
	if (!strcmp(t, "string")) return "string";
	if (!strcmp(t, "integer")) return "integer";
	if (!strcmp(t, "number")) return "number";
	if (!strcmp(t, "boolean")) return "boolean";
	if (!strcmp(t, "object")) return "object";
	if (!strcmp(t, "array")) return "array";
	return NULL;
}

static bool is_integer_text(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static int check_enum(struct val node, struct val v, struct strbuf *err)
{
	struct val e = val_get(node, "enum");
	struct val_iter it;
	int found = 0;

	if (!val_is_arr(e)) {
		val_release(&e);
		return 0;
	}
	for (val_iter_init(&it, e); val_iter_next(&it); )
		if (val_equal(it.value, v))
			found = 1;
	if (!found) {
		strbuf_addstr(err, "expected one of ");
		for (val_iter_init(&it, e); val_iter_next(&it); ) {
			if (it.index)
				strbuf_addstr(err, ", ");
			val_to_json(it.value, err, 0);
		}
	}
	val_release(&e);
	return found ? 0 : -1;
}

int schema_type_value(struct val node, const char *text, bool force_string,
		      struct val *out, struct strbuf *err)
{
	const char *t = schema_type(node);

	*out = val_absent();
	if (force_string) {
		if (t && strcmp(t, "string") && strcmp(t, "int-or-string")) {
			strbuf_addf(err, "expected a%s %s, not a string",
				    *t == 'i' || *t == 'a' || *t == 'o' ? "n" : "", t);
			return -1;
		}
		*out = val_str(text);
	} else if (!t) {
		*out = yaml_resolve_plain(text, strlen(text));
	} else if (!strcmp(t, "string")) {
		*out = val_str(text);
	} else if (!strcmp(t, "int-or-string")) {
		*out = is_integer_text(text) ? yaml_resolve_plain(text, strlen(text))
					     : val_str(text);
	} else if (!strcmp(t, "integer") || !strcmp(t, "number") ||
		   !strcmp(t, "boolean")) {
		struct val r = yaml_resolve_plain(text, strlen(text));
		enum val_kind k = val_kind(r);
		bool ok = !strcmp(t, "boolean") ? k == VAL_BOOL :
			  !strcmp(t, "integer") ? k == VAL_NUMBER && val_is_integer(r) :
			  k == VAL_NUMBER;

		if (!ok) {
			val_release(&r);
			strbuf_addf(err, "expected a%s %s, not \"%s\"",
				    *t == 'i' ? "n" : "", t, text);
			return -1;
		}
		*out = r;
	} else {
		/* An object or a list: helm's {a,b} list syntax, else YAML/JSON. */
		struct val r;
		size_t len = strlen(text);

		if (!strcmp(t, "array") && len >= 2 && text[0] == '{' && text[len - 1] == '}') {
			struct val item_schema = schema_child(node, NULL);
			const char *p = text + 1, *end = text + len - 1;

			r = val_arr();
			while (p < end) {
				const char *comma = memchr(p, ',', (size_t)(end - p));
				size_t n = comma ? (size_t)(comma - p) : (size_t)(end - p);
				char *item = xstrndup(p, n);
				struct val iv;

				if (schema_type_value(item_schema, item, false, &iv, err)) {
					free(item);
					val_release(&r);
					val_release(&item_schema);
					return -1;
				}
				val_push_take(&r, iv);
				free(item);
				p += n + (comma ? 1 : 0);
			}
			val_release(&item_schema);
			*out = r;
			return 0;
		}
		if (yaml_parse_one(text, len, "--set", &r, err))
			return -1;
		if ((!strcmp(t, "array") && !val_is_arr(r)) ||
		    (!strcmp(t, "object") && !val_is_obj(r))) {
			val_release(&r);
			strbuf_reset(err);
			strbuf_addf(err, "expected a%s %s (%s)", *t == 'a' || *t == 'o' ? "n" : "",
				    t, !strcmp(t, "array") ? "{a,b} or [a, b]" : "{key: value}");
			return -1;
		}
		*out = r;
		return 0;
	}
	if (check_enum(node, *out, err)) {
		val_release(out);
		return -1;
	}
	return 0;
}

void schema_coerce(struct val node, struct val *v, const char *prefix,
		   schema_note_fn coerced, schema_note_fn unknown, void *ctx)
{
	const char *t = schema_type(node);
	struct strbuf path = STRBUF_INIT;

	if (schema_open(node) && !val_has(node, "properties"))
		return;
	if (t && !strcmp(t, "string") &&
	    (val_kind(*v) == VAL_NUMBER || val_kind(*v) == VAL_BOOL)) {
		struct strbuf text = STRBUF_INIT;

		val_to_json(*v, &text, 0);
		if (coerced)
			coerced(ctx, prefix, text.buf);
		val_release(v);
		*v = val_str(text.buf);
		strbuf_release(&text);
		return;
	}
	if (val_is_obj(*v)) {
		struct val copy = val_copy(*v);
		struct val_iter it;

		for (val_iter_init(&it, copy); val_iter_next(&it); ) {
			struct val child = schema_child(node, it.key);
			struct val member;

			strbuf_reset(&path);
			strbuf_addf(&path, "%s.%s", prefix, it.key);
			if (!val_exists(child)) {
				if (unknown && (t == NULL || !strcmp(t, "object")))
					unknown(ctx, path.buf, NULL);
				continue;
			}
			member = val_copy(it.value);
			schema_coerce(child, &member, path.buf, coerced, unknown, ctx);
			if (!val_equal(member, it.value))
				val_set(v, it.key, member);
			val_release(&member);
			val_release(&child);
		}
		val_release(&copy);
	} else if (val_is_arr(*v)) {
		struct val items = schema_child(node, NULL);
		size_t i, n = val_len(*v);

		for (i = 0; val_exists(items) && i < n; i++) {
			struct val member = val_at(*v, i);
			struct val before = val_copy(member);

			strbuf_reset(&path);
			strbuf_addf(&path, "%s[%zu]", prefix, i);
			schema_coerce(items, &member, path.buf, coerced, unknown, ctx);
			if (!val_equal(member, before))
				val_arr_set(v, i, member);
			val_release(&member);
			val_release(&before);
		}
		val_release(&items);
	}
	strbuf_release(&path);
}
