#include "sail.h"
#include "input_limits.h"
#include "base64.h"
#include "yaml.h"
#include <yaml.h>	/* libyaml's: -iquote keeps ours out of <> */

#include <math.h>

/*
 * YAML <-> values with libyaml's event parser and emitter.
 *
 * Scalars resolve as go-yaml v2 (under sigs.k8s.io/yaml, under kubectl)
 * resolves them when decoding into interface{}; the functions below mirror
 * its resolve() and the Go library calls it makes (strconv.ParseInt with
 * base 0 after dropping every "_", strconv.ParseFloat, time.Parse with four
 * layouts), so that a manifest means here what it means to kubectl apply.
 */

/* go-yaml's limit on nesting; ours on nodes reached through aliases. */
#define MAX_DEPTH 10000
#define MAX_ALIAS_NODES 1000000

#define TAG_PREFIX "tag:yaml.org,2002:"

/* ---------------------------------------------------------------------- */
/* Scalar resolution                                                       */

enum rkind {
	R_STR,
	R_NULL,
	R_BOOL,
	R_INT,
	R_UINT,		/* above INT64_MAX */
	R_FLOAT,
	R_INF,
	R_NAN,
	R_TIMESTAMP,	/* stays a string, but is quoted on the way out */
};

struct scalar {
	enum rkind kind;
	bool b;
	int64_t i;
	uint64_t u;
	double d;
};

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* go-yaml's resolveMap: the words with a fixed meaning. */
static bool resolve_word(const char *s, size_t n, struct scalar *sc)
{
	static const struct {
		const char *word;
		enum rkind kind;
		int sign;	/* R_BOOL: the value; R_INF: the sign */
	} words[] = {
		{ "y", R_BOOL, 1 }, { "Y", R_BOOL, 1 }, { "yes", R_BOOL, 1 },
		{ "Yes", R_BOOL, 1 }, { "YES", R_BOOL, 1 },
		{ "true", R_BOOL, 1 }, { "True", R_BOOL, 1 }, { "TRUE", R_BOOL, 1 },
		{ "on", R_BOOL, 1 }, { "On", R_BOOL, 1 }, { "ON", R_BOOL, 1 },
		{ "n", R_BOOL, 0 }, { "N", R_BOOL, 0 }, { "no", R_BOOL, 0 },
		{ "No", R_BOOL, 0 }, { "NO", R_BOOL, 0 },
		{ "false", R_BOOL, 0 }, { "False", R_BOOL, 0 },
		{ "FALSE", R_BOOL, 0 },
		{ "off", R_BOOL, 0 }, { "Off", R_BOOL, 0 }, { "OFF", R_BOOL, 0 },
		{ "", R_NULL, 0 }, { "~", R_NULL, 0 }, { "null", R_NULL, 0 },
		{ "Null", R_NULL, 0 }, { "NULL", R_NULL, 0 },
		{ ".nan", R_NAN, 0 }, { ".NaN", R_NAN, 0 }, { ".NAN", R_NAN, 0 },
		{ ".inf", R_INF, 1 }, { ".Inf", R_INF, 1 }, { ".INF", R_INF, 1 },
		{ "+.inf", R_INF, 1 }, { "+.Inf", R_INF, 1 }, { "+.INF", R_INF, 1 },
		{ "-.inf", R_INF, -1 }, { "-.Inf", R_INF, -1 },
		{ "-.INF", R_INF, -1 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(words); i++) {
		if (strlen(words[i].word) != n || memcmp(words[i].word, s, n))
			continue;
		sc->kind = words[i].kind;
		sc->b = words[i].sign == 1;
		if (sc->kind == R_INF)
			sc->d = words[i].sign * INFINITY;
		else if (sc->kind == R_NAN)
			sc->d = NAN;
		return true;
	}
	return false;
}

/*
 * strconv.ParseUint(s, base, 64) for s without underscores; base 0 reads
 * the prefixes 0b, 0o, 0x (only with a digit after them) and a leading 0
 * as octal, as Go does.
 */
static bool go_parse_uint(const char *s, size_t n, int base, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!n)
		return false;
	if (!base) {
		base = 10;
		if (s[0] == '0') {
			int c1 = n >= 3 ? lower((unsigned char)s[1]) : 0;

			base = c1 == 'b' ? 2 : c1 == 'x' ? 16 : 8;
			if (c1 == 'b' || c1 == 'o' || c1 == 'x') {
				s += 2;
				n -= 2;
			} else {
				s++;
				n--;
			}
		}
	}
	for (i = 0; i < n; i++) {
		int c = lower((unsigned char)s[i]), d;

		if (is_digit(c))
			d = c - '0';
		else if (c >= 'a' && c <= 'z')
			d = c - 'a' + 10;
		else
			return false;
		if (d >= base || v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return true;
}

/* strconv.ParseInt(s, base, 64): an optional sign, then ParseUint. */
static bool go_parse_int(const char *s, size_t n, int base, int64_t *out)
{
	bool neg = false;
	uint64_t u;

	if (n && (s[0] == '+' || s[0] == '-')) {
		neg = s[0] == '-';
		s++;
		n--;
	}
	if (!go_parse_uint(s, n, base, &u))
		return false;
	if (neg) {
		if (u > (uint64_t)INT64_MAX + 1)
			return false;
		*out = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)u;
	} else {
		if (u > (uint64_t)INT64_MAX)
			return false;
		*out = (int64_t)u;
	}
	return true;
}

/* Go's underscoreOK: every "_" sits between digits (or after a prefix). */
static bool go_underscore_ok(const char *s, size_t n)
{
	int saw = '^';
	size_t i = 0;
	bool hex = false;

	if (n && (s[0] == '-' || s[0] == '+')) {
		s++;
		n--;
	}
	if (n >= 2 && s[0] == '0' &&
	    (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
		i = 2;
		saw = '0';
		hex = lower(s[1]) == 'x';
	}
	for (; i < n; i++) {
		int c = (unsigned char)s[i];

		if (is_digit(c) || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
			saw = '0';
			continue;
		}
		if (c == '_') {
			if (saw != '0')
				return false;
			saw = '_';
			continue;
		}
		if (saw == '_')
			return false;
		saw = '!';
	}
	return saw != '_';
}

/* Decimal text (no underscores, NUL-free) to a finite double. */
static bool decimal_to_double(const char *s, size_t n, double *out)
{
	char buf[128], *copy = n < sizeof(buf) ? buf : xmalloc(n + 1);
	double d;

	memcpy(copy, s, n);
	copy[n] = '\0';
	d = strtod(copy, NULL);
	if (copy != buf)
		free(copy);
	if (!isfinite(d))
		return false;	/* ParseFloat reports overflow as an error */
	*out = d;
	return true;
}

/*
 * strconv.ParseFloat(s, 64) for the decimal forms it accepts: digits with
 * at most one ".", underscores between digits, an optional exponent. (The
 * hexadecimal and "Inf" forms cannot occur where go-yaml calls it.)
 */
static bool go_parse_float(const char *s, size_t n, double *out)
{
	struct strbuf clean = STRBUF_INIT;
	size_t i = 0;
	bool digits = false, dot = false, underscores = false, ok;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < n; i++) {
		if (s[i] == '_')
			underscores = true;
		else if (s[i] == '.' && !dot)
			dot = true;
		else if (is_digit((unsigned char)s[i]))
			digits = true;
		else
			break;
	}
	if (!digits)
		return false;
	if (i < n && lower(s[i]) == 'e') {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= n || !is_digit((unsigned char)s[i]))
			return false;
		while (i < n && (is_digit((unsigned char)s[i]) || s[i] == '_')) {
			if (s[i] == '_')
				underscores = true;
			i++;
		}
	}
	if (i != n || (underscores && !go_underscore_ok(s, n)))
		return false;
	for (i = 0; i < n; i++)
		if (s[i] != '_')
			strbuf_addch(&clean, s[i]);
	ok = decimal_to_double(clean.buf, clean.len, out);
	strbuf_release(&clean);
	return ok;
}

/* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool yaml_style_float(const char *s, size_t n)
{
	size_t i = 0, start;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	if (i < n && s[i] == '.') {
		start = ++i;
		while (i < n && is_digit((unsigned char)s[i]))
			i++;
		if (i == start)
			return false;
	} else {
		start = i;
		while (i < n && is_digit((unsigned char)s[i]))
			i++;
		if (i == start)
			return false;
		if (i < n && s[i] == '.')
			for (i++; i < n && is_digit((unsigned char)s[i]); i++)
				;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		start = i;
		while (i < n && is_digit((unsigned char)s[i]))
			i++;
		if (i == start)
			return false;
	}
	return i == n;
}

/* Go's time.Parse getnum: one or two digits (exactly two when fixed). */
static bool getnum(const char *s, size_t n, size_t *i, bool fixed, int *out)
{
	if (*i >= n || !is_digit((unsigned char)s[*i]))
		return false;
	if (*i + 1 >= n || !is_digit((unsigned char)s[*i + 1])) {
		if (fixed)
			return false;
		*out = s[(*i)++] - '0';
		return true;
	}
	*out = (s[*i] - '0') * 10 + (s[*i + 1] - '0');
	*i += 2;
	return true;
}

static int days_in(int month, int year)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		return 29;
	return days[month - 1];
}

/*
 * time.Parse(layout, s) for go-yaml's timestamp layouts:
 *   sep 'T' or 't': "2006-1-2T15:4:5.999999999Z07:00"
 *   sep ' ':        "2006-1-2 15:4:5.999999999"
 *   sep 0:          "2006-1-2"
 */
static bool go_time_parse(const char *s, size_t n, char sep)
{
	size_t i = 4;
	int year, month, day, hour, min, sec;

	if (n < 5 || s[4] != '-')
		return false;
	year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	       (s[3] - '0');
	i = 5;
	if (!getnum(s, n, &i, false, &month) || month < 1 || month > 12)
		return false;
	if (i >= n || s[i++] != '-' || !getnum(s, n, &i, false, &day))
		return false;
	if (sep) {
		if (sep == ' ') {
			/* A space in a Go layout matches a run of spaces. */
			if (i >= n || s[i] != ' ')
				return false;
			while (i < n && s[i] == ' ')
				i++;
		} else if (i >= n || s[i++] != sep) {
			return false;
		}
		if (!getnum(s, n, &i, false, &hour) || hour > 23 ||
		    i >= n || s[i++] != ':' ||
		    !getnum(s, n, &i, false, &min) || min > 59 ||
		    i >= n || s[i++] != ':' ||
		    !getnum(s, n, &i, false, &sec) || sec > 59)
			return false;
		/* Optional fraction, any number of digits, "." or ",". */
		if (i + 1 < n && (s[i] == '.' || s[i] == ',') &&
		    is_digit((unsigned char)s[i + 1]))
			for (i++; i < n && is_digit((unsigned char)s[i]); i++)
				;
		if (sep != ' ') {
			int hh, mm;

			if (i < n && s[i] == 'Z') {
				i++;
			} else {
				if (n - i < 6 || (s[i] != '+' && s[i] != '-') ||
				    s[i + 3] != ':')
					return false;
				i++;
				if (!getnum(s, n, &i, true, &hh) || hh > 24)
					return false;
				i++;
				if (!getnum(s, n, &i, true, &mm) || mm > 60)
					return false;
			}
		}
	}
	if (i != n)
		return false;
	return day >= 1 && day <= days_in(month, year);
}

/* go-yaml's parseTimestamp. */
static bool is_timestamp(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && is_digit((unsigned char)s[i]); i++)
		;
	if (i != 4 || i == n || s[i] != '-')
		return false;
	return go_time_parse(s, n, 'T') || go_time_parse(s, n, 't') ||
	       go_time_parse(s, n, ' ') || go_time_parse(s, n, 0);
}

/* go-yaml's isBase60Float: ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$ */
static bool is_base60_float(const char *s, size_t n)
{
	size_t i = 0;
	int groups = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	if (i >= n || !is_digit((unsigned char)s[i]))
		return false;
	while (i < n && (is_digit((unsigned char)s[i]) || s[i] == '_'))
		i++;
	while (i < n && s[i] == ':') {
		i++;
		if (i + 1 < n && s[i] >= '0' && s[i] <= '5' &&
		    is_digit((unsigned char)s[i + 1]))
			i += 2;
		else if (i < n && is_digit((unsigned char)s[i]))
			i++;
		else
			return false;
		groups++;
	}
	if (!groups)
		return false;
	if (i < n && s[i] == '.')
		for (i++; i < n && (is_digit((unsigned char)s[i]) || s[i] == '_'); i++)
			;
	return i == n;
}

/* The 'D'igit and 'S'ign branch of go-yaml's resolve(). */
static void resolve_number(const char *s, size_t n, bool timestamps,
			   struct scalar *sc)
{
	char buf[128], *plain = n < sizeof(buf) ? buf : xmalloc(n + 1);
	size_t i, pn = 0;

	if (timestamps && is_timestamp(s, n)) {
		sc->kind = R_TIMESTAMP;
		goto out;
	}
	for (i = 0; i < n; i++)
		if (s[i] != '_')
			plain[pn++] = s[i];
	plain[pn] = '\0';
	if (go_parse_int(plain, pn, 0, &sc->i)) {
		sc->kind = R_INT;
	} else if (go_parse_uint(plain, pn, 0, &sc->u)) {
		sc->kind = R_UINT;
	} else if (yaml_style_float(plain, pn) &&
		   decimal_to_double(plain, pn, &sc->d)) {
		sc->kind = R_FLOAT;
	} else if (pn > 2 && !memcmp(plain, "0b", 2)) {
		/* Reached only when base 0 refused it, e.g. "0b-101". */
		if (go_parse_int(plain + 2, pn - 2, 2, &sc->i))
			sc->kind = R_INT;
		else if (go_parse_uint(plain + 2, pn - 2, 2, &sc->u))
			sc->kind = R_UINT;
	} else if (pn > 3 && !memcmp(plain, "-0b", 3)) {
		plain[2] = '-';
		if (go_parse_int(plain + 2, pn - 2, 2, &sc->i))
			sc->kind = R_INT;
	}
out:
	if (plain != buf)
		free(plain);
}

/*
 * go-yaml's resolve(tag, in). tag is NULL for a plain scalar without one,
 * otherwise a long "tag:yaml.org,2002:..." form. Returns -1 (with the
 * reason in err) when an explicit tag does not fit the text.
 */
static int resolve(const char *tag, const char *s, size_t n,
		   struct scalar *sc, struct strbuf *err)
{
	const char *t = NULL;
	enum rkind want = R_STR;
	int hint;

	memset(sc, 0, sizeof(*sc));
	sc->kind = R_STR;
	if (tag) {
		if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)))
			return 0;	/* "!", "!foo": not resolvable, a string */
		t = tag + strlen(TAG_PREFIX);
		if (!strcmp(t, "str") || !strcmp(t, "binary"))
			return 0;
		if (!strcmp(t, "null"))
			want = R_NULL;
		else if (!strcmp(t, "bool"))
			want = R_BOOL;
		else if (!strcmp(t, "int"))
			want = R_INT;
		else if (!strcmp(t, "float"))
			want = R_FLOAT;
		else if (!strcmp(t, "timestamp"))
			want = R_TIMESTAMP;
		else
			return 0;	/* !!map, !!merge...: not resolvable */
	}

	hint = !n ? 'N' : (unsigned char)s[0];
	if (hint == '+' || hint == '-')
		hint = 'S';
	else if (is_digit(hint))
		hint = 'D';
	else if (hint && strchr("yYnNtTfFoO~", hint))
		hint = 'M';
	else if (hint != '.' && hint != 'N')
		hint = 0;
	if (hint && !resolve_word(s, n, sc)) {
		if (hint == '.') {
			if (go_parse_float(s, n, &sc->d))
				sc->kind = R_FLOAT;
		} else if (hint == 'D' || hint == 'S') {
			resolve_number(s, n, !tag || want == R_TIMESTAMP, sc);
		}
	}
	if (!tag)
		return 0;

	if (sc->kind == want ||
	    (want == R_INT && sc->kind == R_UINT) ||
	    (want == R_FLOAT && (sc->kind == R_INF || sc->kind == R_NAN)))
		return 0;
	if (want == R_FLOAT && sc->kind == R_INT) {
		sc->kind = R_FLOAT;
		sc->d = (double)sc->i;
		return 0;
	}
	if (want == R_FLOAT && sc->kind == R_UINT) {
		sc->kind = R_FLOAT;
		sc->d = (double)sc->u;
		return 0;
	}
	{
		static const char *const names[] = {
			[R_STR] = "str", [R_NULL] = "null", [R_BOOL] = "bool",
			[R_INT] = "int", [R_UINT] = "int", [R_FLOAT] = "float",
			[R_INF] = "float", [R_NAN] = "float",
			[R_TIMESTAMP] = "timestamp",
		};
		struct val text = val_strn(s, n);

		strbuf_addstr(err, "cannot read ");
		val_to_json(text, err, 0);
		strbuf_addf(err, " (a !!%s) as the !!%s its tag asks for",
			    names[sc->kind], t);
		val_release(&text);
	}
	return -1;
}

struct val yaml_resolve_plain(const char *s, size_t len)
{
	struct scalar sc;

	resolve(NULL, s, len, &sc, NULL);
	switch (sc.kind) {
	case R_NULL: return val_null();
	case R_BOOL: return val_bool(sc.b);
	case R_INT: return val_num((double)sc.i);
	case R_UINT: return val_num((double)sc.u);
	case R_FLOAT: return val_num(sc.d);
	default: return val_strn(s, len);
	}
}

bool yaml_string_needs_quotes(const char *s, size_t len)
{
	struct scalar sc;

	resolve(NULL, s, len, &sc, NULL);
	return sc.kind != R_STR || is_base60_float(s, len);
}

/*
 * strconv.FormatFloat(d, 'g', -1, 32): how sigs.k8s.io/yaml turns a float
 * mapping key into a string. Shortest digits that read back as the same
 * float32; exponent form below 1e-4 and from 1e6 (Go's rule for shortest).
 */
static void format_float_key(double d, struct strbuf *out)
{
	float f = (float)d;
	char buf[64], digits[32];
	int p, exp10, nd = 0, dp;
	const char *c;

	if (isnan(f)) {
		strbuf_addstr(out, ".nan");
		return;
	}
	if (isinf(f)) {
		strbuf_addstr(out, f > 0 ? ".inf" : "-.inf");
		return;
	}
	if (f == 0) {
		strbuf_addstr(out, signbit(f) ? "-0" : "0");
		return;
	}
	for (p = 1; p < 9; p++) {
		snprintf(buf, sizeof(buf), "%.*e", p - 1, (double)f);
		if (strtof(buf, NULL) == f)
			break;
	}
	snprintf(buf, sizeof(buf), "%.*e", p - 1, (double)f);
	c = buf;
	if (*c == '-') {
		strbuf_addch(out, '-');
		c++;
	}
	for (; *c && *c != 'e'; c++)
		if (is_digit((unsigned char)*c))
			digits[nd++] = *c;
	digits[nd] = '\0';
	exp10 = atoi(c + 1);
	dp = exp10 + 1;
	if (exp10 < -4 || exp10 >= 6) {
		strbuf_addch(out, digits[0]);
		if (nd > 1) {
			strbuf_addch(out, '.');
			strbuf_add(out, digits + 1, nd - 1);
		}
		strbuf_addf(out, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
	} else if (dp <= 0) {
		strbuf_addstr(out, "0.");
		strbuf_addchars(out, '0', (size_t)-dp);
		strbuf_add(out, digits, nd);
	} else if (dp >= nd) {
		strbuf_add(out, digits, nd);
		strbuf_addchars(out, '0', (size_t)(dp - nd));
	} else {
		strbuf_add(out, digits, dp);
		strbuf_addch(out, '.');
		strbuf_add(out, digits + dp, nd - dp);
	}
}

/* !!binary: standard base64; spaces, tabs and line breaks ignored. */
static bool base64_decode_binary(const char *s, size_t n, struct strbuf *out)
{
	struct strbuf compact = STRBUF_INIT;
	size_t i;
	int ret;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			strbuf_addch(&compact, s[i]);
	ret = base64_decode(compact.buf, compact.len, out, NULL);
	strbuf_release(&compact);
	return ret == 0;
}

/* ---------------------------------------------------------------------- */
/* Parsing                                                                 */

struct pos {
	char *path;	/* JSON pointer; NULL once dropped (merge leftovers) */
	int line, col;
};

struct anchor {
	char *name;
	bool done;		/* false while its node is still being read */
	struct val value;
	unsigned long nodes;	/* nodes it stands for, aliases expanded */
	struct pos *rel;	/* positions below it, paths relative to it */
	size_t nr_rel;
};

struct map_entry {
	char *key;		/* NULL for a merge ("<<") entry */
	yaml_mark_t mark;	/* where the key is */
	struct val value;
	size_t pos_start, pos_end;	/* its value's positions */
};

enum frame_kind { FRAME_SEQ, FRAME_MAP };

struct frame {
	enum frame_kind kind;
	size_t path_len;	/* ctx->path up to this node */
	size_t pos_start;	/* first position recorded inside it */
	unsigned long nodes_start;
	long anchor;		/* index in ctx->anchors, or -1 */
	struct val seq;		/* FRAME_SEQ: items so far */
	/* FRAME_MAP */
	struct map_entry *entries;
	size_t nr_entries, alloc_entries;
	struct val seen;	/* explicit key -> its line, for duplicates */
	bool have_key;		/* a key is waiting for its value ... */
	char *key;		/* ... this one (NULL: a merge key) */
	yaml_mark_t key_mark;
	size_t value_pos_start;
};

struct ctx {
	const char *name;
	const char *buf;
	size_t len;
	yaml_parser_t parser;
	struct strbuf *err;
	bool want_pos;

	/* the document being read */
	struct frame *stack;
	size_t nr_stack, alloc_stack;
	struct anchor *anchors;
	size_t nr_anchors, alloc_anchors;
	struct pos *pos;
	size_t nr_pos, alloc_pos;
	struct strbuf path;
	unsigned long nodes, alias_nodes;
	struct val root;
	yaml_mark_t doc_mark;
};

static const char *display_name(const char *name)
{
	if (!name)
		return "<input>";
	return strcmp(name, "-") ? name : "<stdin>";
}

/* Starts the one-line error: "NAME:LINE:COL: "; the caller adds the rest. */
static struct strbuf *error_at(struct ctx *c, yaml_mark_t mark)
{
	strbuf_addf(c->err, "%s:%zu:%zu: ", display_name(c->name),
		    mark.line + 1, mark.column + 1);
	return c->err;
}

static void add_json_string(struct strbuf *sb, const char *s)
{
	struct val v = val_str(s);

	val_to_json(v, sb, 0);
	val_release(&v);
}

static void add_pointer_token(struct strbuf *sb, const char *key)
{
	strbuf_addch(sb, '/');
	for (; *key; key++) {
		if (*key == '~')
			strbuf_addstr(sb, "~0");
		else if (*key == '/')
			strbuf_addstr(sb, "~1");
		else
			strbuf_addch(sb, *key);
	}
}

static void record_pos(struct ctx *c, const char *path, int line, int col)
{
	ALLOC_GROW(c->pos, c->nr_pos + 1, c->alloc_pos);
	c->pos[c->nr_pos].path = xstrdup(path);
	c->pos[c->nr_pos].line = line;
	c->pos[c->nr_pos].col = col;
	c->nr_pos++;
}

static void free_frame(struct frame *f)
{
	size_t i;

	val_release(&f->seq);
	val_release(&f->seen);
	for (i = 0; i < f->nr_entries; i++) {
		free(f->entries[i].key);
		val_release(&f->entries[i].value);
	}
	free(f->entries);
	free(f->key);
}

static void reset_document(struct ctx *c)
{
	size_t i, j;

	while (c->nr_stack)
		free_frame(&c->stack[--c->nr_stack]);
	for (i = 0; i < c->nr_anchors; i++) {
		free(c->anchors[i].name);
		val_release(&c->anchors[i].value);
		for (j = 0; j < c->anchors[i].nr_rel; j++)
			free(c->anchors[i].rel[j].path);
		free(c->anchors[i].rel);
	}
	c->nr_anchors = 0;
	for (i = 0; i < c->nr_pos; i++)
		free(c->pos[i].path);
	c->nr_pos = 0;
	strbuf_reset(&c->path);
	c->nodes = c->alias_nodes = 0;
	val_release(&c->root);
}

static struct frame *top(struct ctx *c)
{
	return c->nr_stack ? &c->stack[c->nr_stack - 1] : NULL;
}

static bool in_key_position(struct ctx *c)
{
	struct frame *f = top(c);

	return f && f->kind == FRAME_MAP && !f->have_key;
}

/*
 * A node starts: set the path it lives at and remember where it starts.
 * Keys have no path of their own and collections cannot be keys here
 * (JSON object keys are strings).
 */
static int node_begin(struct ctx *c, yaml_mark_t mark, bool collection)
{
	struct frame *f = top(c);

	if (in_key_position(c)) {
		if (collection) {
			strbuf_addstr(error_at(c, mark),
				      "a mapping key must be a string, number or boolean, not a collection");
			return -1;
		}
		return 0;
	}
	if (f && f->kind == FRAME_SEQ) {
		strbuf_setlen(&c->path, f->path_len);
		strbuf_addf(&c->path, "/%zu", val_len(f->seq));
	} else if (!f) {
		strbuf_reset(&c->path);
	}
	if (c->want_pos)
		record_pos(c, c->path.buf, (int)mark.line + 1, (int)mark.column + 1);
	return 0;
}

static long anchor_begin(struct ctx *c, const yaml_char_t *name)
{
	struct anchor *a;

	if (!name)
		return -1;
	ALLOC_GROW(c->anchors, c->nr_anchors + 1, c->alloc_anchors);
	a = &c->anchors[c->nr_anchors];
	memset(a, 0, sizeof(*a));
	a->name = xstrdup((const char *)name);
	a->value = val_absent();
	return (long)c->nr_anchors++;
}

/* The anchored node is complete: keep its value and positions for aliases. */
static void anchor_end(struct ctx *c, long idx, struct val v,
		       unsigned long nodes_start, size_t pos_start,
		       size_t path_len)
{
	struct anchor *a;
	size_t i;

	if (idx < 0)
		return;
	a = &c->anchors[idx];
	a->done = true;
	a->value = val_copy(v);
	a->nodes = c->nodes - nodes_start;
	if (!c->want_pos)
		return;
	a->rel = xcalloc(c->nr_pos - pos_start + 1, sizeof(*a->rel));
	for (i = pos_start; i < c->nr_pos; i++) {
		if (!c->pos[i].path)
			continue;
		a->rel[a->nr_rel].path = xstrdup(c->pos[i].path + path_len);
		a->rel[a->nr_rel].line = c->pos[i].line;
		a->rel[a->nr_rel].col = c->pos[i].col;
		a->nr_rel++;
	}
}

/* The string a scalar key becomes in JSON, as sigs.k8s.io/yaml makes it. */
static int key_string(struct ctx *c, yaml_mark_t mark, const struct scalar *sc,
		      struct val v, struct strbuf *key)
{
	switch (sc ? sc->kind : R_STR) {
	case R_NULL:
		strbuf_addstr(error_at(c, mark),
			      "a mapping key cannot be null in JSON");
		return -1;
	case R_BOOL:
		strbuf_addstr(key, sc->b ? "true" : "false");
		return 0;
	case R_INT:
		strbuf_addf(key, "%lld", (long long)sc->i);
		return 0;
	case R_UINT:
		strbuf_addf(key, "%llu", (unsigned long long)sc->u);
		return 0;
	case R_FLOAT:
	case R_INF:
	case R_NAN:
		format_float_key(sc->d, key);
		return 0;
	default:
		break;
	}
	/* A string scalar, or the value an alias stands for. */
	switch (val_kind(v)) {
	case VAL_STRING:
		strbuf_add(key, val_str_get(v), val_str_len(v));
		return 0;
	case VAL_BOOL:
		strbuf_addstr(key, val_bool_get(v) ? "true" : "false");
		return 0;
	case VAL_NUMBER:
		if (val_is_integer(v) && fabs(val_num_get(v)) < 9.2e18)
			strbuf_addf(key, "%.0f", val_num_get(v));
		else
			format_float_key(val_num_get(v), key);
		return 0;
	case VAL_NULL:
		strbuf_addstr(error_at(c, mark),
			      "a mapping key cannot be null in JSON");
		return -1;
	default:
		strbuf_addstr(error_at(c, mark),
			      "a mapping key must be a string, number or boolean, not a collection");
		return -1;
	}
}

/*
 * A node is complete: hand its value (consumed) to its parent. sc is the
 * scalar's resolution when it is one (keys need more than the value);
 * merge says it is a "<<" merge key if it is a key at all.
 */
static int node_end(struct ctx *c, yaml_mark_t mark, struct val v,
		    const struct scalar *sc, bool merge)
{
	struct frame *f = top(c);
	struct strbuf key = STRBUF_INIT;

	if (!f) {
		val_release(&c->root);
		c->root = v;
		return 0;
	}
	if (f->kind == FRAME_SEQ) {
		val_push_take(&f->seq, v);
		return 0;
	}
	if (f->have_key) {
		struct map_entry *e;

		ALLOC_GROW(f->entries, f->nr_entries + 1, f->alloc_entries);
		e = &f->entries[f->nr_entries++];
		e->key = f->key;
		e->mark = f->key_mark;
		e->value = v;
		e->pos_start = f->value_pos_start;
		e->pos_end = c->nr_pos;
		f->key = NULL;
		f->have_key = false;
		strbuf_setlen(&c->path, f->path_len);
		return 0;
	}

	/* v is a key. */
	if (merge) {
		f->key = NULL;
	} else {
		struct val line;

		if (key_string(c, mark, sc, v, &key) < 0) {
			val_release(&v);
			strbuf_release(&key);
			return -1;
		}
		if (strlen(key.buf) != key.len) {
			strbuf_addstr(error_at(c, mark),
				      "a mapping key cannot contain a NUL character");
			val_release(&v);
			strbuf_release(&key);
			return -1;
		}
		line = val_get(f->seen, key.buf);
		if (val_exists(line)) {
			strbuf_addstr(error_at(c, mark), "mapping key ");
			add_json_string(c->err, key.buf);
			strbuf_addf(c->err, " already defined at line %.0f",
				    val_num_get(line));
			val_release(&line);
			val_release(&v);
			strbuf_release(&key);
			return -1;
		}
		val_set_num(&f->seen, key.buf, (double)mark.line + 1);
		f->key = strbuf_detach(&key, NULL);
	}
	val_release(&v);
	f->have_key = true;
	f->key_mark = mark;
	strbuf_setlen(&c->path, f->path_len);
	if (f->key)
		add_pointer_token(&c->path, f->key);
	else
		strbuf_addstr(&c->path, "/<<");
	f->value_pos_start = c->nr_pos;
	return 0;
}

static int push_frame(struct ctx *c, enum frame_kind kind, yaml_mark_t mark,
		      const yaml_char_t *anchor)
{
	struct frame *f;
	unsigned long nodes_start = c->nodes;
	size_t pos_start = c->nr_pos;

	if (c->nr_stack >= MAX_DEPTH) {
		strbuf_addf(error_at(c, mark),
			    "nesting deeper than %d levels", MAX_DEPTH);
		return -1;
	}
	if (node_begin(c, mark, true) < 0)
		return -1;
	c->nodes++;
	ALLOC_GROW(c->stack, c->nr_stack + 1, c->alloc_stack);
	f = &c->stack[c->nr_stack++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->path_len = c->path.len;
	f->pos_start = pos_start;
	f->nodes_start = nodes_start;
	f->seq = kind == FRAME_SEQ ? val_arr() : val_absent();
	f->seen = kind == FRAME_MAP ? val_obj() : val_absent();
	f->anchor = anchor_begin(c, anchor);
	return 0;
}

/*
 * Positions under a merge entry were recorded at ".../<</k" (or
 * ".../<</i/k" for a list of maps); keys the merge supplied move up to
 * ".../k", the rest are dropped.
 */
static void move_merged_positions(struct ctx *c, struct frame *f, size_t ei,
				  struct val chosen, bool list)
{
	struct map_entry *e = &f->entries[ei];
	size_t base = f->path_len + 3, i;	/* strlen("/<<") */

	for (i = e->pos_start; i < e->pos_end; i++) {
		char *p = c->pos[i].path, *sub, *end;
		struct strbuf key = STRBUF_INIT, np = STRBUF_INIT;
		unsigned long src = 0;
		struct val who;

		if (!p)
			continue;
		sub = p + base;
		if (list && *sub == '/') {
			src = strtoul(sub + 1, &end, 10);
			sub = end;
		}
		if (*sub == '/') {
			const char *k = sub + 1;

			for (; *k && *k != '/'; k++) {
				if (*k == '~' && k[1] == '1')
					strbuf_addch(&key, '/'), k++;
				else if (*k == '~' && k[1] == '0')
					strbuf_addch(&key, '~'), k++;
				else
					strbuf_addch(&key, *k);
			}
			who = val_get(chosen, key.buf);
			if (val_num_get(who) == (double)ei * 1048576 + (double)src &&
			    val_exists(who)) {
				strbuf_add(&np, p, f->path_len);
				strbuf_addstr(&np, sub);
				free(p);
				c->pos[i].path = strbuf_detach(&np, NULL);
				p = NULL;
			}
			val_release(&who);
		}
		if (p)
			FREE_AND_NULL(c->pos[i].path);
		strbuf_release(&key);
		strbuf_release(&np);
	}
}

/*
 * A mapping is complete: explicit keys are set as they are, then each merge
 * source fills in the keys nobody set (explicit keys win; in a list of maps
 * the earlier map wins, as the YAML merge spec says).
 */
static int finish_map(struct ctx *c, struct frame *f, struct val *out)
{
	struct val obj = val_obj(), chosen = val_obj();
	size_t i, j;

	for (i = 0; i < f->nr_entries; i++) {
		struct map_entry *e = &f->entries[i];
		bool list = val_is_arr(e->value);
		size_t n = list ? val_len(e->value) : 1;

		if (e->key) {
			val_set(&obj, e->key, e->value);
			continue;
		}
		for (j = 0; j < n; j++) {
			struct val src = list ? val_at(e->value, j) : val_copy(e->value);
			struct val_iter it;

			if (!val_is_obj(src)) {
				val_release(&src);
				strbuf_addstr(error_at(c, e->mark),
					      "a merge key (<<) needs a mapping or a list of mappings");
				val_release(&chosen);
				val_release(&obj);
				return -1;
			}
			for (val_iter_init(&it, src); val_iter_next(&it);) {
				if (val_has(f->seen, it.key) || val_has(obj, it.key))
					continue;
				val_set(&obj, it.key, it.value);
				val_set_num(&chosen, it.key, (double)i * 1048576 + (double)j);
			}
			val_release(&src);
		}
		if (c->want_pos)
			move_merged_positions(c, f, i, chosen, list);
	}
	val_release(&chosen);
	*out = obj;
	return 0;
}

static int pop_frame(struct ctx *c, yaml_mark_t mark)
{
	struct frame f = c->stack[--c->nr_stack];
	struct val v;
	int ret;

	if (f.kind == FRAME_SEQ) {
		v = f.seq;
		f.seq = val_absent();
	} else if (finish_map(c, &f, &v) < 0) {
		free_frame(&f);
		return -1;
	}
	anchor_end(c, f.anchor, v, f.nodes_start, f.pos_start, f.path_len);
	free_frame(&f);
	ret = node_end(c, mark, v, NULL, false);
	return ret;
}

static int on_scalar(struct ctx *c, yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	struct scalar sc;
	struct strbuf why = STRBUF_INIT;
	struct val v;
	unsigned long nodes_start = c->nodes;
	size_t pos_start = c->nr_pos;
	long anchor;
	bool key = in_key_position(c);
	/* go-yaml's isMerge: "<<" written plain, or tagged !!merge. */
	bool merge = (!tag && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		      n == 2 && !memcmp(s, "<<", 2)) ||
		     (tag && !strcmp(tag, TAG_PREFIX "merge"));

	/* Quoted and block scalars are strings unless tagged otherwise. */
	if (!tag && ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
		memset(&sc, 0, sizeof(sc));
		sc.kind = R_STR;
	} else if (resolve(tag, s, n, &sc, &why) < 0) {
		goto fail;
	}
	if (node_begin(c, ev->start_mark, false) < 0)
		return -1;
	c->nodes++;

	switch (sc.kind) {
	case R_NULL: v = val_null(); break;
	case R_BOOL: v = val_bool(sc.b); break;
	case R_INT: v = val_num((double)sc.i); break;
	case R_UINT: v = val_num((double)sc.u); break;
	case R_FLOAT: v = val_num(sc.d); break;
	case R_INF:
	case R_NAN:
		if (key) {	/* a key becomes ".inf"; a value cannot */
			v = val_strn(s, n);
			break;
		}
		strbuf_addf(&why, "%s cannot be represented in JSON; quote it to keep it as a string",
			    sc.kind == R_NAN ? "NaN (.nan)" : "infinity (.inf)");
		goto fail;
	default:
		if (tag && !strcmp(tag, TAG_PREFIX "binary")) {
			struct strbuf raw = STRBUF_INIT;

			if (!base64_decode_binary(s, n, &raw)) {
				strbuf_release(&raw);
				strbuf_addstr(&why, "!!binary value contains invalid base64 data");
				goto fail;
			}
			v = val_strn(raw.buf, raw.len);
			strbuf_release(&raw);
		} else {
			v = val_strn(s, n);
		}
		break;
	}
	anchor = anchor_begin(c, ev->data.scalar.anchor);
	anchor_end(c, anchor, v, nodes_start, pos_start, c->path.len);
	return node_end(c, ev->start_mark, v, &sc, merge);

fail:
	strbuf_addstr(error_at(c, ev->start_mark), why.buf);
	strbuf_release(&why);
	return -1;
}

static int on_alias(struct ctx *c, yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct anchor *a = NULL;
	size_t i;

	for (i = c->nr_anchors; i-- > 0;) {
		if (!strcmp(c->anchors[i].name, name)) {
			a = &c->anchors[i];
			break;
		}
	}
	if (!a || !a->done) {
		strbuf_addstr(error_at(c, ev->start_mark),
			      a ? "alias refers to its own anchor " :
			      "unknown anchor ");
		add_json_string(c->err, name);
		if (a)
			strbuf_addstr(c->err, " (a node cannot contain itself)");
		return -1;
	}
	c->alias_nodes += a->nodes;
	if (c->alias_nodes > MAX_ALIAS_NODES) {
		strbuf_addf(error_at(c, ev->start_mark),
			    "aliases expand to more than %d nodes", MAX_ALIAS_NODES);
		return -1;
	}
	if (node_begin(c, ev->start_mark, false) < 0)
		return -1;
	if (c->want_pos && !in_key_position(c)) {
		struct strbuf p = STRBUF_INIT;

		for (i = 0; i < a->nr_rel; i++) {
			if (!*a->rel[i].path)
				continue;	/* the alias itself, recorded above */
			strbuf_reset(&p);
			strbuf_add(&p, c->path.buf, c->path.len);
			strbuf_addstr(&p, a->rel[i].path);
			record_pos(c, p.buf, a->rel[i].line, a->rel[i].col);
		}
		strbuf_release(&p);
	}
	c->nodes += a->nodes;
	return node_end(c, ev->start_mark, val_copy(a->value), NULL, false);
}

/* ---------------------------------------------------------------------- */
/* Parse errors: libyaml's wording made plain, at the most useful place    */

/* libyaml's mark.index counts characters (after any BOM); find the byte. */
static int char_at(struct ctx *c, yaml_mark_t mark, size_t ahead)
{
	size_t i = 0, index = mark.index + ahead;

	if (c->len >= 3 && !memcmp(c->buf, "\xEF\xBB\xBF", 3))
		i = 3;
	for (; i < c->len && index; index--) {
		i++;
		while (i < c->len && ((unsigned char)c->buf[i] & 0xC0) == 0x80)
			i++;
	}
	return i < c->len ? (unsigned char)c->buf[i] : -1;
}

/* For reader errors, which give a byte offset instead of a mark. */
static yaml_mark_t mark_at_offset(struct ctx *c, size_t offset)
{
	yaml_mark_t m = { 0, 0, 0 };
	size_t i;

	for (i = 0; i < offset && i < c->len; i++) {
		unsigned char ch = (unsigned char)c->buf[i];

		if (ch == '\n' || (ch == '\r' && (i + 1 >= c->len || c->buf[i + 1] != '\n'))) {
			m.line++;
			m.column = 0;
		} else if ((ch & 0xC0) != 0x80 && ch != '\r') {
			m.column++;
		}
	}
	return m;
}

static void describe_token(struct strbuf *sb, yaml_token_t *t)
{
	const char *what = NULL;

	switch (t->type) {
	case YAML_STREAM_END_TOKEN: what = "the end of the input"; break;
	case YAML_VERSION_DIRECTIVE_TOKEN:
	case YAML_TAG_DIRECTIVE_TOKEN: what = "a directive"; break;
	case YAML_DOCUMENT_START_TOKEN: what = "a document start (---)"; break;
	case YAML_DOCUMENT_END_TOKEN: what = "a document end (...)"; break;
	case YAML_BLOCK_SEQUENCE_START_TOKEN:
	case YAML_BLOCK_ENTRY_TOKEN: what = "a block sequence"; break;
	case YAML_BLOCK_MAPPING_START_TOKEN: what = "a block mapping"; break;
	case YAML_BLOCK_END_TOKEN: what = "less indentation"; break;
	case YAML_FLOW_SEQUENCE_START_TOKEN: what = "'['"; break;
	case YAML_FLOW_SEQUENCE_END_TOKEN: what = "']'"; break;
	case YAML_FLOW_MAPPING_START_TOKEN: what = "'{'"; break;
	case YAML_FLOW_MAPPING_END_TOKEN: what = "'}'"; break;
	case YAML_FLOW_ENTRY_TOKEN: what = "','"; break;
	case YAML_KEY_TOKEN: what = "a mapping key"; break;
	case YAML_VALUE_TOKEN: what = "':'"; break;
	case YAML_ALIAS_TOKEN: what = "an alias"; break;
	case YAML_ANCHOR_TOKEN: what = "an anchor"; break;
	case YAML_TAG_TOKEN: what = "a tag"; break;
	case YAML_SCALAR_TOKEN: {
		size_t n = t->data.scalar.length;
		struct val v = val_strn((const char *)t->data.scalar.value,
					n > 40 ? 40 : n);

		strbuf_addstr(sb, "the value ");
		val_to_json(v, sb, 0);
		if (n > 40)
			strbuf_addstr(sb, "...");
		val_release(&v);
		return;
	}
	default: what = "something else"; break;
	}
	strbuf_addstr(sb, what);
}

static bool is(const char *a, const char *b)
{
	return a && !strcmp(a, b);
}

static void parser_error(struct ctx *c)
{
	yaml_parser_t *p = &c->parser;
	const char *problem = p->problem ? p->problem : "invalid YAML";
	const char *context = p->context;
	yaml_mark_t mark = p->problem_mark;
	yaml_token_t *tok = p->tokens.head != p->tokens.tail ? p->tokens.head : NULL;
	struct strbuf msg = STRBUF_INIT;
	int ch;

	/* libyaml puts the end of input on a line of its own; name the
	 * last line instead when the input does not end with a newline. */
	if (p->error != YAML_READER_ERROR && char_at(c, mark, 0) < 0)
		mark = mark_at_offset(c, c->len);

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		die("out of memory");
	case YAML_READER_ERROR:
		mark = mark_at_offset(c, p->problem_offset);
		if (is(problem, "control characters are not allowed"))
			strbuf_addf(&msg, "control character 0x%02X is not allowed (only tab, line breaks and printable characters are)",
				    (unsigned)p->problem_value);
		else if (strstr(problem, "UTF-8") || strstr(problem, "Unicode"))
			strbuf_addf(&msg, "the input is not valid UTF-8 (%s)", problem);
		else
			strbuf_addstr(&msg, problem);
		break;
	case YAML_PARSER_ERROR:
		if (is(problem, "did not find expected key")) {
			strbuf_addstr(&msg, "expected a mapping key, found ");
		} else if (is(problem, "did not find expected '-' indicator")) {
			strbuf_addstr(&msg, "expected a sequence item (- ), found ");
		} else if (is(problem, "did not find expected node content")) {
			strbuf_addstr(&msg, "expected a value, found ");
		} else if (is(problem, "did not find expected ',' or ']'")) {
			strbuf_addf(&msg, "expected ',' or ']' in the flow sequence started at line %zu, found ",
				    p->context_mark.line + 1);
		} else if (is(problem, "did not find expected ',' or '}'")) {
			strbuf_addf(&msg, "expected ',' or '}' in the flow mapping started at line %zu, found ",
				    p->context_mark.line + 1);
		} else if (is(problem, "did not find expected <document start>")) {
			strbuf_addstr(&msg, "expected a document start (---) before more content, found ");
		} else {
			if (!strncmp(problem, "found ", 6))
				problem += 6;
			strbuf_addstr(&msg, problem);
			break;
		}
		if (tok)
			describe_token(&msg, tok);
		else
			strbuf_addstr(&msg, "something else");
		if (tok && context && strstr(context, "block") &&
		    (tok->type == YAML_BLOCK_MAPPING_START_TOKEN ||
		     tok->type == YAML_BLOCK_SEQUENCE_START_TOKEN ||
		     tok->type == YAML_BLOCK_ENTRY_TOKEN ||
		     tok->type == YAML_KEY_TOKEN ||
		     tok->type == YAML_BLOCK_END_TOKEN))
			strbuf_addstr(&msg, " (check the indentation)");
		break;
	case YAML_SCANNER_ERROR:
	default:
		ch = char_at(c, mark, 0);
		if (is(context, "while scanning a simple key")) {
			/* The key is the news, not the line after it. */
			mark = p->context_mark;
			strbuf_addstr(&msg, "expected ':' after a mapping key (or this line is indented wrongly)");
		} else if (is(context, "while scanning a quoted scalar")) {
			mark = p->context_mark;
			strbuf_addf(&msg, "unclosed %s-quoted string (%s)",
				    char_at(c, mark, 0) == '\'' ? "single" : "double",
				    is(problem, "found unexpected end of stream") ?
				    "reached the end of the input" :
				    is(problem, "found unexpected document indicator") ?
				    "reached a document marker" : problem);
		} else if (is(problem, "mapping values are not allowed in this context")) {
			strbuf_addstr(&msg, "unexpected ':' (a value containing \": \" must be quoted, or the indentation is wrong)");
		} else if (is(problem, "block sequence entries are not allowed in this context")) {
			strbuf_addstr(&msg, "a sequence item (- ) is not allowed here (check the indentation)");
		} else if (is(problem, "mapping keys are not allowed in this context")) {
			strbuf_addstr(&msg, "an explicit key (? ) is not allowed here");
		} else if (ch == '\t' && (strstr(problem, "tab") ||
					  is(problem, "found character that cannot start any token"))) {
			strbuf_addstr(&msg, "found a tab character where indentation is expected (YAML indents with spaces only)");
		} else if (strstr(problem, "tab character")) {
			strbuf_addstr(&msg, "found a tab character where indentation is expected (YAML indents with spaces only)");
		} else if (is(problem, "found character that cannot start any token")) {
			strbuf_addf(&msg, "'%c' cannot start a value (quote the value)",
				    ch > 0x20 && ch < 0x7f ? ch : '?');
		} else if (is(problem, "found unknown escape character")) {
			int e = char_at(c, mark, 1);

			strbuf_addf(&msg, "unknown escape sequence '\\%c' in a double-quoted string",
				    e > 0x20 && e < 0x7f ? e : '?');
		} else if (is(context, "while parsing a quoted scalar")) {
			strbuf_addf(&msg, "invalid escape sequence in a double-quoted string (%s)",
				    problem);
		} else if (is(context, "while scanning an anchor") ||
			   is(context, "while scanning an alias")) {
			strbuf_addf(&msg, "invalid %s name (letters, digits, '-' and '_' only)",
				    strstr(context, "anchor") ? "anchor" : "alias");
		} else if (is(context, "while scanning a block scalar")) {
			strbuf_addf(&msg, "invalid block scalar header (%s)", problem);
		} else if (context && strstr(context, "tag")) {
			strbuf_addf(&msg, "invalid tag (%s)", problem);
		} else if (context && strstr(context, "directive")) {
			strbuf_addf(&msg, "invalid directive (%s)", problem);
		} else if (is(problem, "found unexpected end of stream")) {
			strbuf_addstr(&msg, "unexpected end of the input");
		} else {
			strbuf_addstr(&msg, problem);
			if (context)
				strbuf_addf(&msg, " (%s)", context);
		}
		break;
	}
	strbuf_addstr(error_at(c, mark), msg.buf);
	strbuf_release(&msg);
}

/* ---------------------------------------------------------------------- */
/* The event loop                                                          */

static struct val positions_object(struct ctx *c)
{
	struct val obj = val_obj();
	size_t i;

	for (i = 0; i < c->nr_pos; i++) {
		struct val lc;

		if (!c->pos[i].path)
			continue;
		lc = val_arr();
		val_push_take(&lc, val_num(c->pos[i].line));
		val_push_take(&lc, val_num(c->pos[i].col));
		val_set_take(&obj, c->pos[i].path, lc);
	}
	return obj;
}

static int parse(const char *buf, size_t len, const char *name, int max_docs,
		 struct val *docs, struct val *positions, struct strbuf *err)
{
	struct ctx c;
	struct val out = val_arr(), out_pos = val_arr();
	int ret = 0;
	bool done = false;

	memset(&c, 0, sizeof(c));
	c.name = name;
	c.buf = buf;
	c.len = len;
	c.err = err;
	c.want_pos = positions != NULL;
	c.root = val_absent();
	strbuf_init(&c.path, 0);
	if (!yaml_parser_initialize(&c.parser))
		die("out of memory");
	yaml_parser_set_input_string(&c.parser, (const unsigned char *)buf, len);

	while (!done && !ret) {
		yaml_event_t ev;

		if (!yaml_parser_parse(&c.parser, &ev)) {
			parser_error(&c);
			ret = -1;
			break;
		}
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			reset_document(&c);
			c.doc_mark = ev.start_mark;
			break;
		case YAML_DOCUMENT_END_EVENT:
			/* kubectl skips empty (and null) documents. */
			if (val_exists(c.root) && val_kind(c.root) != VAL_NULL) {
				if (max_docs && val_len(out) >= (size_t)max_docs) {
					strbuf_addstr(error_at(&c, c.doc_mark),
						      "expected a single YAML document, found another");
					ret = -1;
					break;
				}
				val_push(&out, c.root);
				if (c.want_pos)
					val_push_take(&out_pos, positions_object(&c));
			}
			reset_document(&c);
			break;
		case YAML_SEQUENCE_START_EVENT:
			ret = push_frame(&c, FRAME_SEQ, ev.start_mark,
					 ev.data.sequence_start.anchor);
			break;
		case YAML_MAPPING_START_EVENT:
			ret = push_frame(&c, FRAME_MAP, ev.start_mark,
					 ev.data.mapping_start.anchor);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			ret = pop_frame(&c, ev.start_mark);
			break;
		case YAML_SCALAR_EVENT:
			ret = on_scalar(&c, &ev);
			break;
		case YAML_ALIAS_EVENT:
			ret = on_alias(&c, &ev);
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}

	reset_document(&c);
	free(c.stack);
	free(c.anchors);
	free(c.pos);
	strbuf_release(&c.path);
	yaml_parser_delete(&c.parser);
	if (ret < 0) {
		val_release(&out);
		val_release(&out_pos);
		*docs = val_absent();
		if (positions)
			*positions = val_absent();
		return -1;
	}
	*docs = out;
	if (positions)
		*positions = out_pos;
	else
		val_release(&out_pos);
	return 0;
}

int yaml_parse_stream(const char *buf, size_t len, const char *name,
		      struct val *docs, struct val *positions,
		      struct strbuf *err)
{
	return parse(buf, len, name, 0, docs, positions, err);
}

int yaml_parse_one(const char *buf, size_t len, const char *name,
		   struct val *doc, struct strbuf *err)
{
	struct val docs;

	if (parse(buf, len, name, 1, &docs, NULL, err) < 0) {
		*doc = val_absent();
		return -1;
	}
	*doc = val_len(docs) ? val_at(docs, 0) : val_null();
	val_release(&docs);
	return 0;
}

int yaml_parse_file(const char *path, struct val *docs, struct val *positions,
		    struct strbuf *err)
{
	size_t len;
	char *buf = strcmp(path, "-") ? read_text_file(path, LIMIT_MANIFEST_BYTES, &len) :
					read_text_fd(0, LIMIT_MANIFEST_BYTES, &len);
	int ret;

	if (!buf) {
		int e = errno;

		strbuf_addf(err, "cannot read '%s': ", display_name(path));
		read_error(err, e);
		*docs = val_absent();
		if (positions)
			*positions = val_absent();
		return -1;
	}
	ret = yaml_parse_stream(buf, len, path, docs, positions, err);
	free(buf);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* Emitting                                                                */

static int write_to_strbuf(void *data, unsigned char *buffer, size_t size)
{
	strbuf_add(data, buffer, size);
	return 1;
}

static void emit(yaml_emitter_t *e, yaml_event_t *ev)
{
	if (!yaml_emitter_emit(e, ev))
		BUG("libyaml emitter: %s", e->problem ? e->problem : "out of memory");
}

static void emit_scalar(yaml_emitter_t *e, const char *s, size_t n,
			yaml_scalar_style_t style)
{
	yaml_event_t ev;

	/* Both implicit flags and no tag: go-yaml's emitScalar for plain data. */
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
					  (int)n, 1, 1, style))
		BUG("libyaml refused a scalar of %zu bytes", n);
	emit(e, &ev);
}

/*
 * go-yaml's stringv: multi-line text as a literal block; text that would
 * read back as another type double-quoted; everything else plain, which
 * libyaml turns into single quotes (or double, or a literal into double)
 * when the text cannot be written that way.
 */
static void emit_string(yaml_emitter_t *e, const char *s, size_t n)
{
	yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;

	if (memchr(s, '\n', n))
		style = YAML_LITERAL_SCALAR_STYLE;
	else if (yaml_string_needs_quotes(s, n))
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	emit_scalar(e, s, n, style);
}

/*
 * A mapping key: as a string, except that "<<" must be quoted or it would
 * read back as a merge key (go-yaml v2 writes it plain, and loses it).
 */
static void emit_key(yaml_emitter_t *e, const char *s)
{
	size_t n = strlen(s);

	if (!strcmp(s, "<<"))
		emit_scalar(e, s, n, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	else
		emit_string(e, s, n);
}

static void emit_value(yaml_emitter_t *e, struct val v)
{
	struct strbuf num = STRBUF_INIT;
	struct val_iter it;
	yaml_event_t ev;

	switch (val_kind(v)) {
	case VAL_ABSENT:
	case VAL_NULL:
		emit_scalar(e, "null", 4, YAML_PLAIN_SCALAR_STYLE);
		break;
	case VAL_BOOL:
		if (val_bool_get(v))
			emit_scalar(e, "true", 4, YAML_PLAIN_SCALAR_STYLE);
		else
			emit_scalar(e, "false", 5, YAML_PLAIN_SCALAR_STYLE);
		break;
	case VAL_NUMBER:
		val_format_number(val_num_get(v), &num);
		emit_scalar(e, num.buf, num.len, YAML_PLAIN_SCALAR_STYLE);
		strbuf_release(&num);
		break;
	case VAL_STRING:
		emit_string(e, val_str_get(v), val_str_len(v));
		break;
	case VAL_ARRAY:
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
						     YAML_BLOCK_SEQUENCE_STYLE);
		emit(e, &ev);
		for (val_iter_init(&it, v); val_iter_next(&it);)
			emit_value(e, it.value);
		yaml_sequence_end_event_initialize(&ev);
		emit(e, &ev);
		break;
	case VAL_OBJECT:
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
						    YAML_BLOCK_MAPPING_STYLE);
		emit(e, &ev);
		for (val_iter_init(&it, v); val_iter_next(&it);) {
			emit_key(e, it.key);
			emit_value(e, it.value);
		}
		yaml_mapping_end_event_initialize(&ev);
		emit(e, &ev);
		break;
	}
}

void yaml_emit(struct val v, struct strbuf *out)
{
	yaml_emitter_t e;
	yaml_event_t ev;

	if (!yaml_emitter_initialize(&e))
		die("out of memory");
	yaml_emitter_set_output(&e, write_to_strbuf, out);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_indent(&e, 2);
	yaml_emitter_set_width(&e, 80);
	yaml_emitter_set_break(&e, YAML_LN_BREAK);

	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit(&e, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	emit(&e, &ev);
	emit_value(&e, v);
	yaml_document_end_event_initialize(&ev, 1);
	emit(&e, &ev);
	/* As go-yaml's encoder does: no "..." after a trailing "|+" block. */
	e.open_ended = 0;
	yaml_stream_end_event_initialize(&ev);
	emit(&e, &ev);
	yaml_emitter_delete(&e);
}

void yaml_emit_stream(struct val docs, struct strbuf *out)
{
	struct val_iter it;

	if (!val_is_arr(docs)) {
		yaml_emit(docs, out);
		return;
	}
	for (val_iter_init(&it, docs); val_iter_next(&it);) {
		if (it.index)
			strbuf_addstr(out, "---\n");
		yaml_emit(it.value, out);
	}
}
