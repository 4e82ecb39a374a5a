#ifndef VALUE_H
#define VALUE_H

/*
 * One in-memory JSON model for the whole suite, built on libjq's jv.
 *
 * jv's own rule is that every jv_* function consumes its arguments. That
 * rule stays inside value.c and jq.c; nothing else calls jv_* (make lint
 * checks). The rules here are the usual C ones instead:
 *
 *  - Arguments are borrowed: a function never frees a struct val it is
 *    given, unless its name ends in _take.
 *  - A returned struct val is a new reference the caller owns and must
 *    release with val_release(&v) (which resets v to absent, so a second
 *    release is harmless).
 *  - Mutators take a struct val * and update it in place (jv is
 *    copy-on-write, so other references never see the change).
 *  - Borrowed C strings (val_str_get, val_get_str, iterator keys) stay
 *    valid while the value they came from is neither modified nor released.
 *
 * "Absent" is a distinct kind for a missing key or index; it is not JSON
 * null. Numbers are doubles (jq 1.6): integers are exact up to 2^53.
 */

#include <stdbool.h>
#include <stddef.h>
#include <jv.h>

struct strbuf;

struct val {
	jv j;
};

enum val_kind {
	VAL_ABSENT,
	VAL_NULL,
	VAL_BOOL,
	VAL_NUMBER,
	VAL_STRING,
	VAL_ARRAY,
	VAL_OBJECT,
};

struct val val_absent(void);
struct val val_null(void);
struct val val_bool(bool b);
struct val val_num(double d);
struct val val_str(const char *s);
struct val val_strn(const char *s, size_t len);
struct val val_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
struct val val_obj(void);
struct val val_arr(void);

struct val val_copy(struct val v);
void val_release(struct val *v);

enum val_kind val_kind(struct val v);
const char *val_kind_name(enum val_kind k);	/* "string", "object", ... */
static inline bool val_exists(struct val v) { return val_kind(v) != VAL_ABSENT; }
static inline bool val_is_obj(struct val v) { return val_kind(v) == VAL_OBJECT; }
static inline bool val_is_arr(struct val v) { return val_kind(v) == VAL_ARRAY; }
static inline bool val_is_str(struct val v) { return val_kind(v) == VAL_STRING; }

/* Scalars. val_str_get: NULL unless a string. */
const char *val_str_get(struct val v);
size_t val_str_len(struct val v);
double val_num_get(struct val v);	/* 0 unless a number */
bool val_bool_get(struct val v);	/* true only for JSON true */
bool val_is_integer(struct val v);	/* a number with no fraction */
/* A number as a long, for counts and codes read from outside: the
 * fraction dropped, clamped to LONG_MIN..LONG_MAX (a C cast of a double
 * out of range is undefined); 0 for NaN and anything not a number. */
long val_num_long(struct val v);

/* Length of an array or object (members), 0 otherwise. */
size_t val_len(struct val v);

/* Lookups: owned results, absent when missing or of the wrong kind. */
struct val val_get(struct val obj, const char *key);
struct val val_at(struct val arr, size_t i);
/* Follow keys through nested objects: val_dig(v, "metadata", "name", NULL). */
struct val val_dig(struct val v, ...) __attribute__((sentinel));
bool val_has(struct val obj, const char *key);

/* Borrowed string members (see the rule above); NULL when not a string. */
const char *val_get_str(struct val obj, const char *key);
const char *val_dig_str(struct val v, ...) __attribute__((sentinel));

/* Object mutation. val_set copies v's reference, val_set_take consumes v. */
void val_set(struct val *obj, const char *key, struct val v);
void val_set_take(struct val *obj, const char *key, struct val v);
void val_set_str(struct val *obj, const char *key, const char *s);
void val_set_num(struct val *obj, const char *key, double d);
void val_set_bool(struct val *obj, const char *key, bool b);
void val_del(struct val *obj, const char *key);
/* The object at obj[key], created empty when missing; owned by the caller.
 * Typical use: build the child, then val_set_take it back. */
struct val val_get_obj(struct val obj, const char *key);

/* Array mutation. */
void val_push(struct val *arr, struct val v);
void val_push_take(struct val *arr, struct val v);
void val_push_str(struct val *arr, const char *s);
void val_arr_set(struct val *arr, size_t i, struct val v);

/*
 * Iteration in document (insertion) order:
 *   struct val_iter it;
 *   for (val_iter_init(&it, obj); val_iter_next(&it); )
 *           use(it.key, it.value);
 * it.key and it.value are borrowed from obj for the current step only
 * (val_copy to keep one). Arrays iterate too, with key NULL and it.index.
 * Leaving the loop early is fine: the iterator owns nothing.
 */
struct val_iter {
	struct val container;
	int pos;
	size_t index;
	const char *key;
	struct val value;
};
void val_iter_init(struct val_iter *it, struct val container);
bool val_iter_next(struct val_iter *it);

bool val_equal(struct val a, struct val b);

/* Deep merge: objects merge key by key (src wins), anything else replaces. */
void val_merge(struct val *dst, struct val src);

/*
 * JSON text. val_parse_json: 0 and *out owned on success; -1 with a
 * one-line reason in err otherwise. Flags for val_to_json: VAL_JSON_PRETTY
 * indents by 4 spaces as kubectl -o json does; VAL_JSON_SORT sorts keys.
 */
int val_parse_json(const char *buf, size_t len, struct val *out,
		   struct strbuf *err);
#define VAL_JSON_PRETTY 1
#define VAL_JSON_SORT 2
void val_to_json(struct val v, struct strbuf *out, int flags);
/* Shortest decimal text that reads back as the same double. */
void val_format_number(double d, struct strbuf *out);

/* For jq.c and value.c only: adopt a jv (consumed) / lend one (a copy). */
struct val val_from_jv(jv j);
jv val_to_jv(struct val v);

#endif
