#include "sail.h"
#include "value.h"

#include <limits.h>
#include <math.h>

/* Every jv_* call of the suite lives in this file or in jq.c. */

struct val val_from_jv(jv j)
{
	struct val v = { j };
	return v;
}

jv val_to_jv(struct val v)
{
	return jv_copy(v.j);
}

struct val val_absent(void) { return val_from_jv(jv_invalid()); }
struct val val_null(void) { return val_from_jv(jv_null()); }
struct val val_bool(bool b) { return val_from_jv(jv_bool(b)); }
struct val val_num(double d) { return val_from_jv(jv_number(d)); }
struct val val_obj(void) { return val_from_jv(jv_object()); }
struct val val_arr(void) { return val_from_jv(jv_array()); }

struct val val_str(const char *s)
{
	return val_strn(s, strlen(s));
}

struct val val_strn(const char *s, size_t len)
{
	if (len > INT32_MAX)
		die("string too long for a value (%zu bytes)", len);
	return val_from_jv(jv_string_sized(s, (int)len));
}

struct val val_strf(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct val v;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	v = val_strn(sb.buf, sb.len);
	strbuf_release(&sb);
	return v;
}

struct val val_copy(struct val v)
{
	return val_from_jv(jv_copy(v.j));
}

void val_release(struct val *v)
{
	jv_free(v->j);
	v->j = jv_invalid();
}

enum val_kind val_kind(struct val v)
{
	switch (jv_get_kind(v.j)) {
	case JV_KIND_INVALID: return VAL_ABSENT;
	case JV_KIND_NULL: return VAL_NULL;
	case JV_KIND_FALSE:
	case JV_KIND_TRUE: return VAL_BOOL;
	case JV_KIND_NUMBER: return VAL_NUMBER;
	case JV_KIND_STRING: return VAL_STRING;
	case JV_KIND_ARRAY: return VAL_ARRAY;
	case JV_KIND_OBJECT: return VAL_OBJECT;
	}
	BUG("unknown jv kind");
}

const char *val_kind_name(enum val_kind k)
{
	static const char *const names[] = {
		"nothing", "null", "boolean", "number", "string", "array",
		"object",
	};
	return names[k];
}

const char *val_str_get(struct val v)
{
	if (jv_get_kind(v.j) != JV_KIND_STRING)
		return NULL;
	return jv_string_value(v.j);
}

size_t val_str_len(struct val v)
{
	if (jv_get_kind(v.j) != JV_KIND_STRING)
		return 0;
	return (size_t)jv_string_length_bytes(jv_copy(v.j));
}

double val_num_get(struct val v)
{
	return jv_get_kind(v.j) == JV_KIND_NUMBER ? jv_number_value(v.j) : 0;
}

bool val_bool_get(struct val v)
{
	return jv_get_kind(v.j) == JV_KIND_TRUE;
}

long val_num_long(struct val v)
{
	double d = val_num_get(v);

	if (isnan(d))
		return 0;
	/* (double)LONG_MAX rounds up to 2^63, itself out of range */
	if (d >= (double)LONG_MAX)
		return LONG_MAX;
	if (d <= (double)LONG_MIN)
		return LONG_MIN;
	return (long)d;
}

bool val_is_integer(struct val v)
{
	double d;

	if (jv_get_kind(v.j) != JV_KIND_NUMBER)
		return false;
	d = jv_number_value(v.j);
	return isfinite(d) && d == floor(d);
}

size_t val_len(struct val v)
{
	switch (jv_get_kind(v.j)) {
	case JV_KIND_ARRAY:
		return (size_t)jv_array_length(jv_copy(v.j));
	case JV_KIND_OBJECT:
		return (size_t)jv_object_length(jv_copy(v.j));
	default:
		return 0;
	}
}

struct val val_get(struct val obj, const char *key)
{
	if (jv_get_kind(obj.j) != JV_KIND_OBJECT)
		return val_absent();
	return val_from_jv(jv_object_get(jv_copy(obj.j), jv_string(key)));
}

bool val_has(struct val obj, const char *key)
{
	if (jv_get_kind(obj.j) != JV_KIND_OBJECT)
		return false;
	return jv_object_has(jv_copy(obj.j), jv_string(key));
}

struct val val_at(struct val arr, size_t i)
{
	if (jv_get_kind(arr.j) != JV_KIND_ARRAY ||
	    i >= (size_t)jv_array_length(jv_copy(arr.j)))
		return val_absent();
	return val_from_jv(jv_array_get(jv_copy(arr.j), (int)i));
}

static struct val dig_va(struct val v, va_list ap)
{
	struct val cur = val_copy(v);
	const char *key;

	while ((key = va_arg(ap, const char *))) {
		struct val next = val_get(cur, key);

		val_release(&cur);
		cur = next;
	}
	return cur;
}

struct val val_dig(struct val v, ...)
{
	struct val res;
	va_list ap;

	va_start(ap, v);
	res = dig_va(v, ap);
	va_end(ap);
	return res;
}

const char *val_get_str(struct val obj, const char *key)
{
	struct val m = val_get(obj, key);
	const char *s = val_str_get(m);

	/* obj still holds a reference, so the bytes outlive m. */
	val_release(&m);
	return s;
}

const char *val_dig_str(struct val v, ...)
{
	struct val res;
	const char *s;
	va_list ap;

	va_start(ap, v);
	res = dig_va(v, ap);
	va_end(ap);
	s = val_str_get(res);
	val_release(&res);
	return s;
}

static void need_object(struct val *obj, const char *what)
{
	if (jv_get_kind(obj->j) == JV_KIND_INVALID ||
	    jv_get_kind(obj->j) == JV_KIND_NULL) {
		jv_free(obj->j);
		obj->j = jv_object();
	} else if (jv_get_kind(obj->j) != JV_KIND_OBJECT) {
		BUG("%s on a %s", what, val_kind_name(val_kind(*obj)));
	}
}

void val_set_take(struct val *obj, const char *key, struct val v)
{
	need_object(obj, "val_set");
	obj->j = jv_object_set(obj->j, jv_string(key), v.j);
}

void val_set(struct val *obj, const char *key, struct val v)
{
	val_set_take(obj, key, val_copy(v));
}

void val_set_str(struct val *obj, const char *key, const char *s)
{
	val_set_take(obj, key, val_str(s));
}

void val_set_num(struct val *obj, const char *key, double d)
{
	val_set_take(obj, key, val_num(d));
}

void val_set_bool(struct val *obj, const char *key, bool b)
{
	val_set_take(obj, key, val_bool(b));
}

void val_del(struct val *obj, const char *key)
{
	if (jv_get_kind(obj->j) != JV_KIND_OBJECT)
		return;
	obj->j = jv_object_delete(obj->j, jv_string(key));
}

struct val val_get_obj(struct val obj, const char *key)
{
	struct val child = val_get(obj, key);

	if (!val_is_obj(child)) {
		val_release(&child);
		child = val_obj();
	}
	return child;
}

static void need_array(struct val *arr)
{
	if (jv_get_kind(arr->j) == JV_KIND_INVALID ||
	    jv_get_kind(arr->j) == JV_KIND_NULL) {
		jv_free(arr->j);
		arr->j = jv_array();
	} else if (jv_get_kind(arr->j) != JV_KIND_ARRAY) {
		BUG("array operation on a %s", val_kind_name(val_kind(*arr)));
	}
}

void val_push_take(struct val *arr, struct val v)
{
	need_array(arr);
	arr->j = jv_array_append(arr->j, v.j);
}

void val_push(struct val *arr, struct val v)
{
	val_push_take(arr, val_copy(v));
}

void val_push_str(struct val *arr, const char *s)
{
	val_push_take(arr, val_str(s));
}

void val_arr_set(struct val *arr, size_t i, struct val v)
{
	need_array(arr);
	if (i > INT32_MAX)
		die("array index %zu out of range", i);
	/* jv pads with nulls when i is past the end, as jq does. */
	arr->j = jv_array_set(arr->j, (int)i, jv_copy(v.j));
}

void val_iter_init(struct val_iter *it, struct val container)
{
	memset(it, 0, sizeof(*it));
	it->container = container;
	it->value = val_absent();
	it->pos = -1;
}

bool val_iter_next(struct val_iter *it)
{
	jv c = it->container.j;

	it->key = NULL;
	it->value = val_absent();
	if (jv_get_kind(c) == JV_KIND_ARRAY) {
		it->pos++;
		if (it->pos >= jv_array_length(jv_copy(c)))
			return false;
		it->index = (size_t)it->pos;
		it->value.j = jv_array_get(jv_copy(c), it->pos);
		/* The array keeps its element alive: hand out a borrowed view. */
		jv_free(it->value.j);
		return true;
	}
	if (jv_get_kind(c) != JV_KIND_OBJECT)
		return false;
	it->pos = it->pos < 0 ? jv_object_iter(c) : jv_object_iter_next(c, it->pos);
	if (!jv_object_iter_valid(c, it->pos))
		return false;
	{
		jv k = jv_object_iter_key(c, it->pos);
		jv v = jv_object_iter_value(c, it->pos);

		it->key = jv_string_value(k);
		it->value.j = v;
		/* Both stay alive through the container's own references. */
		jv_free(k);
		jv_free(v);
	}
	it->index++;
	return true;
}

bool val_equal(struct val a, struct val b)
{
	return jv_equal(jv_copy(a.j), jv_copy(b.j));
}

void val_merge(struct val *dst, struct val src)
{
	struct val_iter it;

	if (!val_is_obj(*dst) || !val_is_obj(src)) {
		val_release(dst);
		*dst = val_copy(src);
		return;
	}
	for (val_iter_init(&it, src); val_iter_next(&it);) {
		struct val cur = val_get(*dst, it.key);

		if (val_is_obj(cur) && val_is_obj(it.value)) {
			val_merge(&cur, it.value);
			val_set_take(dst, it.key, cur);
		} else {
			val_release(&cur);
			val_set(dst, it.key, it.value);
		}
	}
}

/*
 * libjq 1.6 leaks a string that follows another value inside an array or
 * object with no ',' or ':' between them (["a" "b"]: its parser returns
 * "Expected separator between values" without freeing "b"). Find that case
 * first and report it in jq's words, so jq never sees it. Only strings
 * leak (other literals hold no memory; '[' and '{' are checked before they
 * are made). Returns the offset of the string, or len when there is none.
 */
static size_t unseparated_string(const char *buf, size_t len)
{
	size_t i = 0, depth = 0;
	bool pending = false;	/* a value ended, no separator yet */

	while (i < len) {
		char c = buf[i];

		if (c == '"') {
			size_t start = i++;

			if (pending && depth)
				return start;
			while (i < len && buf[i] != '"')
				i += buf[i] == '\\' ? 2 : 1;
			i++;
			pending = true;
			continue;
		}
		if (c == '[' || c == '{') {
			depth++;
			pending = false;
		} else if (c == ']' || c == '}') {
			if (depth)
				depth--;
			pending = true;
		} else if (c == ',' || c == ':') {
			pending = false;
		} else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			pending = true;	/* a number or literal */
		}
		i++;
	}
	return len;
}

static void line_col(const char *buf, size_t off, struct strbuf *err)
{
	size_t i, line = 1, col = 0;

	for (i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			line++;
			col = 0;
		} else {
			col++;
		}
	}
	strbuf_addf(err, " at line %zu, column %zu", line, col + 1);
}

int val_parse_json(const char *buf, size_t len, struct val *out,
		   struct strbuf *err)
{
	size_t bad;
	jv j;

	if (len > INT32_MAX) {
		strbuf_addstr(err, "JSON text too large");
		return -1;
	}
	bad = unseparated_string(buf, len);
	if (bad < len) {
		strbuf_addstr(err, "Expected separator between values");
		line_col(buf, bad, err);
		*out = val_absent();
		return -1;
	}
	j = jv_parse_sized(buf, (int)len);
	if (!jv_is_valid(j)) {
		jv msg = jv_invalid_get_msg(j);

		if (jv_get_kind(msg) == JV_KIND_STRING)
			strbuf_addstr(err, jv_string_value(msg));
		else
			strbuf_addstr(err, "invalid JSON");
		jv_free(msg);
		*out = val_absent();
		return -1;
	}
	*out = val_from_jv(j);
	return 0;
}

void val_format_number(double d, struct strbuf *out)
{
	char buf[64];
	int prec;

	if (!isfinite(d)) {
		/* JSON has no infinities; jq prints the largest double. */
		strbuf_addstr(out, d < 0 ? "-1.7976931348623157e+308" :
				  isnan(d) ? "null" : "1.7976931348623157e+308");
		return;
	}
	if (d == floor(d) && fabs(d) < 9007199254740992.0) {
		snprintf(buf, sizeof(buf), "%.0f", d);
		strbuf_addstr(out, strcmp(buf, "-0") ? buf : "0");
		return;
	}
	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	strbuf_addstr(out, buf);
}

static void json_string(const char *s, size_t len, struct strbuf *out)
{
	size_t i;

	strbuf_addch(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"': strbuf_addstr(out, "\\\""); break;
		case '\\': strbuf_addstr(out, "\\\\"); break;
		case '\n': strbuf_addstr(out, "\\n"); break;
		case '\r': strbuf_addstr(out, "\\r"); break;
		case '\t': strbuf_addstr(out, "\\t"); break;
		case '\b': strbuf_addstr(out, "\\b"); break;
		case '\f': strbuf_addstr(out, "\\f"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				strbuf_addf(out, "\\u%04x", c);
			else
				strbuf_addch(out, c);
		}
	}
	strbuf_addch(out, '"');
}

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void json_value(struct val v, struct strbuf *out, int flags, int depth)
{
	int pretty = flags & VAL_JSON_PRETTY;
	struct val_iter it;
	size_t n = 0;

	switch (val_kind(v)) {
	case VAL_ABSENT:
	case VAL_NULL: strbuf_addstr(out, "null"); return;
	case VAL_BOOL: strbuf_addstr(out, val_bool_get(v) ? "true" : "false"); return;
	case VAL_NUMBER: val_format_number(val_num_get(v), out); return;
	case VAL_STRING: json_string(val_str_get(v), val_str_len(v), out); return;
	case VAL_ARRAY:
		if (!val_len(v)) {
			strbuf_addstr(out, "[]");
			return;
		}
		strbuf_addch(out, '[');
		for (val_iter_init(&it, v); val_iter_next(&it); n++) {
			if (n)
				strbuf_addch(out, ',');
			if (pretty) {
				strbuf_addch(out, '\n');
				strbuf_addchars(out, ' ', 4 * (depth + 1));
			}
			json_value(it.value, out, flags, depth + 1);
		}
		break;
	case VAL_OBJECT: {
		const char **keys;
		size_t i, len = val_len(v);

		if (!len) {
			strbuf_addstr(out, "{}");
			return;
		}
		keys = xmalloc(len * sizeof(*keys));
		for (val_iter_init(&it, v); val_iter_next(&it);)
			keys[n++] = it.key;
		if (flags & VAL_JSON_SORT)
			qsort(keys, n, sizeof(*keys), cmp_keys);
		strbuf_addch(out, '{');
		for (i = 0; i < n; i++) {
			struct val m = val_get(v, keys[i]);

			if (i)
				strbuf_addch(out, ',');
			if (pretty) {
				strbuf_addch(out, '\n');
				strbuf_addchars(out, ' ', 4 * (depth + 1));
			}
			json_string(keys[i], strlen(keys[i]), out);
			strbuf_addstr(out, pretty ? ": " : ":");
			json_value(m, out, flags, depth + 1);
			val_release(&m);
		}
		free(keys);
		break;
	}
	}
	if (pretty) {
		strbuf_addch(out, '\n');
		strbuf_addchars(out, ' ', 4 * depth);
	}
	strbuf_addch(out, val_kind(v) == VAL_ARRAY ? ']' : '}');
}

void val_to_json(struct val v, struct strbuf *out, int flags)
{
	json_value(v, out, flags, 0);
}
