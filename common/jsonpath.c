#include "sail.h"
#include "jsonpath.h"

#include <math.h>

/*
 * A port of k8s.io/client-go/util/jsonpath (parser.go, jsonpath.go) and the
 * comparison functions of its forked text/template, keeping kubectl's
 * quirks: the parse is the same recursive scan, the evaluation walks lists
 * of values the way the Go code walks []reflect.Value, and printing follows
 * PrintResults. Comments name the Go behaviour where it is surprising.
 */

enum jp_type {
	JP_LIST,	/* one {} action, a filter operand, a union branch */
	JP_TEXT,
	JP_FIELD,
	JP_ARRAY,
	JP_FILTER,
	JP_INT,
	JP_FLOAT,
	JP_BOOL,
	JP_WILDCARD,
	JP_RECURSIVE,
	JP_UNION,
	JP_IDENT,
};

struct jp_param {
	bool known, derived;
	long long value;
};

struct jp_node {
	enum jp_type type;
	char *text;		/* TEXT, FIELD, IDENT; FILTER: the operator */
	size_t text_len;
	long long i;
	double d;
	bool b;
	struct jp_param params[3];
	struct jp_node **kids;	/* LIST, UNION; FILTER: left, right */
	size_t nr, alloc;
};

#define NO_END ((size_t)-1)

struct jsonpath {
	char *tmpl;
	struct jp_node *root;	/* TEXT and LIST nodes */
	bool allow_missing;
	/* Execution state, as the Go struct keeps it. */
	int begin_range, in_range, end_range;
	size_t last_end;
};

/* ---------------------------------------------------------------- nodes */

static struct jp_node *node_new(enum jp_type type)
{
	struct jp_node *n = xcalloc(1, sizeof(*n));

	n->type = type;
	return n;
}

static void node_free(struct jp_node *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->nr; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n);
}

static void node_add(struct jp_node *parent, struct jp_node *kid)
{
	ALLOC_GROW(parent->kids, parent->nr + 1, parent->alloc);
	parent->kids[parent->nr++] = kid;
}

static struct jp_node *node_text(enum jp_type type, const char *s, size_t len)
{
	struct jp_node *n = node_new(type);

	n->text = xmalloc(len + 1);
	memcpy(n->text, s, len);	/* may hold NUL bytes ("\x00") */
	n->text[len] = '\0';
	n->text_len = len;
	return n;
}

/* --------------------------------------------------------------- parser */

#define EOF_RUNE (-1)

struct parser {
	const char *in;
	size_t len, pos;
	int width;
	struct strbuf *err;
};

static int decode_rune(const char *s, size_t len, int *width)
{
	const unsigned char *u = (const unsigned char *)s;
	int r, n, i;

	if (!len) {
		*width = 0;
		return EOF_RUNE;
	}
	if (u[0] < 0x80) {
		*width = 1;
		return u[0];
	}
	if ((u[0] & 0xe0) == 0xc0) {
		n = 2;
		r = u[0] & 0x1f;
	} else if ((u[0] & 0xf0) == 0xe0) {
		n = 3;
		r = u[0] & 0x0f;
	} else if ((u[0] & 0xf8) == 0xf0) {
		n = 4;
		r = u[0] & 0x07;
	} else {
		*width = 1;
		return 0xfffd;
	}
	if ((size_t)n > len) {
		*width = 1;
		return 0xfffd;
	}
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*width = 1;
			return 0xfffd;
		}
		r = (r << 6) | (u[i] & 0x3f);
	}
	*width = n;
	return r;
}

static int next(struct parser *p)
{
	int r = decode_rune(p->in + p->pos, p->len - p->pos, &p->width);

	p->pos += p->width;
	return r;
}

static void backup(struct parser *p)
{
	p->pos -= p->width;
}

static int peek(struct parser *p)
{
	int w;

	return decode_rune(p->in + p->pos, p->len - p->pos, &w);
}

static bool has_prefix(struct parser *p, const char *prefix)
{
	size_t n = strlen(prefix);

	return p->len - p->pos >= n && !memcmp(p->in + p->pos, prefix, n);
}

static bool is_digit(int r)
{
	return r >= '0' && r <= '9';
}

/* unicode.IsLetter/IsDigit, approximated: any non-ASCII rune counts. */
static bool is_alnum(int r)
{
	return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') ||
	       is_digit(r) || r >= 0x80;
}

static bool is_terminator(int r)
{
	switch (r) {
	case EOF_RUNE: case ' ': case '\t': case '\r': case '\n':
	case '.': case ',': case '[': case ']': case '$': case '@':
	case '{': case '}':
		return true;
	}
	return false;
}

static int perr(struct parser *p, const char *fmt, ...) SAIL_PRINTF(2, 3);
static int perr(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(p->err, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_template(struct parser *p, struct jp_node *root);
static int parse_inside(struct parser *p, struct jp_node *cur);

/* Go's parseAction: parse "{text}" on its own and keep the action list. */
static int parse_action(struct parser *p, const char *text, size_t len,
			struct jp_node **out)
{
	struct strbuf sb = STRBUF_INIT;
	struct parser sub = { 0 };
	struct jp_node *root = node_new(JP_LIST);
	int ret;

	strbuf_addch(&sb, '{');
	strbuf_add(&sb, text, len);
	strbuf_addch(&sb, '}');
	sub.in = sb.buf;
	sub.len = sb.len;
	sub.err = p->err;
	ret = parse_template(&sub, root);
	*out = NULL;
	if (!ret) {
		/* The text starts with '{', so the first node is the action. */
		*out = root->kids[0];
		root->kids[0] = NULL;
	}
	node_free(root);
	strbuf_release(&sb);
	return ret;
}

static int unhex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void add_utf8(struct strbuf *sb, unsigned r)
{
	if (r < 0x80) {
		strbuf_addch(sb, (int)r);
	} else if (r < 0x800) {
		strbuf_addch(sb, (int)(0xc0 | (r >> 6)));
		strbuf_addch(sb, (int)(0x80 | (r & 0x3f)));
	} else if (r < 0x10000) {
		strbuf_addch(sb, (int)(0xe0 | (r >> 12)));
		strbuf_addch(sb, (int)(0x80 | ((r >> 6) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | (r & 0x3f)));
	} else {
		strbuf_addch(sb, (int)(0xf0 | (r >> 18)));
		strbuf_addch(sb, (int)(0x80 | ((r >> 12) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | ((r >> 6) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | (r & 0x3f)));
	}
}

/* Go's UnquoteExtend (strconv.Unquote that also takes single quotes). */
static int unquote(const char *s, size_t n, struct strbuf *out)
{
	char quote;
	size_t i;

	if (n < 2 || s[0] != s[n - 1] || (s[0] != '"' && s[0] != '\''))
		return -1;
	quote = s[0];
	s++;
	n -= 2;
	for (i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		unsigned v = 0;
		int k, digits;

		if (c == (unsigned char)quote)
			return -1;
		if (c != '\\') {
			strbuf_addch(out, c);
			i++;
			continue;
		}
		if (i + 1 >= n)
			return -1;
		c = (unsigned char)s[i + 1];
		i += 2;
		switch (c) {
		case 'a': strbuf_addch(out, '\a'); break;
		case 'b': strbuf_addch(out, '\b'); break;
		case 'f': strbuf_addch(out, '\f'); break;
		case 'n': strbuf_addch(out, '\n'); break;
		case 'r': strbuf_addch(out, '\r'); break;
		case 't': strbuf_addch(out, '\t'); break;
		case 'v': strbuf_addch(out, '\v'); break;
		case '\\': strbuf_addch(out, '\\'); break;
		case '\'':
		case '"':
			if (c != (unsigned char)quote)
				return -1;
			strbuf_addch(out, c);
			break;
		case 'x':
		case 'u':
		case 'U':
			digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
			if (n - i < (size_t)digits)
				return -1;
			for (k = 0; k < digits; k++) {
				int h = unhex(s[i + k]);

				if (h < 0)
					return -1;
				v = v << 4 | (unsigned)h;
			}
			i += digits;
			if (c == 'x') {
				strbuf_addch(out, (int)v);
				break;
			}
			if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000))
				return -1;
			add_utf8(out, v);
			break;
		case '0': case '1': case '2': case '3':
		case '4': case '5': case '6': case '7':
			v = c - '0';
			if (n - i < 2)
				return -1;
			for (k = 0; k < 2; k++) {
				int d = s[i + k] - '0';

				if (d < 0 || d > 7)
					return -1;
				v = v << 3 | (unsigned)d;
			}
			i += 2;
			if (v > 255)
				return -1;
			strbuf_addch(out, (int)v);
			break;
		default:
			return -1;
		}
	}
	return 0;
}

static int parse_quote(struct parser *p, struct jp_node *cur, int quote)
{
	size_t start = p->pos - 1;
	struct strbuf sb = STRBUF_INIT;
	int r;

	for (;;) {
		r = next(p);
		if (r == EOF_RUNE || r == '\n')
			return perr(p, "unterminated quoted string");
		/* As in Go: a quote after any backslash does not end it. */
		if (r == quote && p->in[p->pos - 2] != '\\')
			break;
	}
	if (unquote(p->in + start, p->pos - start, &sb)) {
		strbuf_release(&sb);
		return perr(p, "unquote string %.*s error invalid syntax",
			    (int)(p->pos - start), p->in + start);
	}
	node_add(cur, node_text(JP_TEXT, sb.buf, sb.len));
	strbuf_release(&sb);
	return 0;
}

static int parse_field_at(struct parser *p, struct jp_node *cur)
{
	size_t start = p->pos, i;
	struct strbuf sb = STRBUF_INIT;

	for (;;) {
		int r = next(p);

		if (r == '\\') {
			next(p);
		} else if (is_terminator(r)) {
			backup(p);
			break;
		}
	}
	/* Go drops every backslash. */
	for (i = start; i < p->pos; i++)
		if (p->in[i] != '\\')
			strbuf_addch(&sb, p->in[i]);
	if (!strcmp(sb.buf, "*") && sb.len == 1)
		node_add(cur, node_new(JP_WILDCARD));
	else
		node_add(cur, node_text(JP_FIELD, sb.buf, sb.len));
	strbuf_release(&sb);
	return 0;
}

static int parse_recursive(struct parser *p, struct jp_node *cur)
{
	if (cur->nr && cur->kids[cur->nr - 1]->type == JP_RECURSIVE)
		return perr(p, "invalid multiple recursive descent");
	p->pos += 2;
	node_add(cur, node_new(JP_RECURSIVE));
	if (is_alnum(peek(p)))
		return parse_field_at(p, cur);
	return 0;
}

static int parse_number(struct parser *p, struct jp_node *cur)
{
	size_t start = p->pos;
	char *text, *end;
	long long i;
	double d;

	if (p->in[p->pos] == '+' || p->in[p->pos] == '-')
		p->pos++;
	while (p->pos < p->len && (p->in[p->pos] == '.' || is_digit(p->in[p->pos])))
		p->pos++;
	text = xstrndup(p->in + start, p->pos - start);
	errno = 0;
	i = strtoll(text, &end, 10);
	if (end != text && !*end && !errno && is_digit(end[-1])) {
		struct jp_node *n = node_new(JP_INT);

		n->i = i;
		node_add(cur, n);
		free(text);
		return 0;
	}
	d = strtod(text, &end);
	if (end != text && !*end) {
		struct jp_node *n = node_new(JP_FLOAT);

		n->d = d;
		node_add(cur, n);
		free(text);
		return 0;
	}
	perr(p, "cannot parse number %s", text);
	free(text);
	return -1;
}

static int parse_identifier(struct parser *p, struct jp_node *cur)
{
	size_t start = p->pos;

	for (;;) {
		if (is_terminator(next(p))) {
			backup(p);
			break;
		}
	}
	if (p->pos - start == 4 && !memcmp(p->in + start, "true", 4)) {
		struct jp_node *n = node_new(JP_BOOL);

		n->b = true;
		node_add(cur, n);
	} else if (p->pos - start == 5 && !memcmp(p->in + start, "false", 5)) {
		node_add(cur, node_new(JP_BOOL));
	} else {
		node_add(cur, node_text(JP_IDENT, p->in + start, p->pos - start));
	}
	return 0;
}

/* sliceOperatorRex: ^(-?\d*)(:-?\d*)?(:-?\d*)?$ -> the three groups. */
static bool match_slice(const char *s, size_t n, const char *g[3], size_t gl[3])
{
	size_t i = 0;
	int k;

	for (k = 0; k < 3; k++) {
		size_t start = i;

		if (k > 0) {
			if (i >= n || s[i] != ':') {
				g[k] = s + i;
				gl[k] = 0;
				continue;
			}
			i++;
		}
		if (i < n && s[i] == '-')
			i++;
		while (i < n && is_digit(s[i]))
			i++;
		g[k] = s + start;
		gl[k] = i - start;
	}
	return i == n;
}

static bool parse_int(const char *s, size_t n, long long *out)
{
	char buf[32], *end;

	if (!n || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	*out = strtoll(buf, &end, 10);
	return !*end && !errno && is_digit(end[-1]);
}

static int parse_array(struct parser *p, struct jp_node *cur)
{
	size_t start = p->pos, n, i;
	const char *text, *g[3];
	size_t gl[3];
	struct jp_node *node;
	int r;

	for (;;) {
		r = next(p);
		if (r == EOF_RUNE || r == '\n')
			return perr(p, "unterminated array");
		if (r == ']')
			break;
	}
	text = p->in + start;
	n = p->pos - 1 - start;
	if (n == 1 && text[0] == '*')
		text = ":";

	/* Union: [0,1], ['a','b']. */
	if (memchr(text, ',', n)) {
		struct jp_node *u = node_new(JP_UNION);
		const char *s = text, *e = text + n;

		node_add(cur, u);
		for (;;) {
			const char *comma = memchr(s, ',', (size_t)(e - s));
			const char *pe = comma ? comma : e, *ps = s;
			struct strbuf sb = STRBUF_INIT;
			struct jp_node *branch;
			int ret;

			while (ps < pe && *ps == ' ')
				ps++;
			while (pe > ps && pe[-1] == ' ')
				pe--;
			strbuf_addch(&sb, '[');
			strbuf_add(&sb, ps, (size_t)(pe - ps));
			strbuf_addch(&sb, ']');
			ret = parse_action(p, sb.buf, sb.len, &branch);
			strbuf_release(&sb);
			if (ret)
				return -1;
			node_add(u, branch);
			if (!comma)
				break;
			s = comma + 1;
		}
		return 0;
	}

	/* ['key']: parsed as the path .key, as kubectl does, so ['a.b'] is
	 * .a.b and a literal dot needs a backslash: ['a\.b']. */
	if (n >= 2 && text[0] == '\'' && text[n - 1] == '\'' &&
	    !memchr(text + 1, '\'', n - 2)) {
		struct strbuf sb = STRBUF_INIT;
		struct jp_node *list;
		int ret;

		strbuf_addch(&sb, '.');
		strbuf_add(&sb, text + 1, n - 2);
		ret = parse_action(p, sb.buf, sb.len, &list);
		strbuf_release(&sb);
		if (ret)
			return -1;
		for (i = 0; i < list->nr; i++) {
			node_add(cur, list->kids[i]);
			list->kids[i] = NULL;
		}
		node_free(list);
		return 0;
	}

	if (!match_slice(text, n, g, gl))
		return perr(p, "invalid array index %.*s", (int)n, text);
	node = node_new(JP_ARRAY);
	for (i = 0; i < 3; i++) {
		const char *v = g[i];
		size_t vl = gl[i];

		if (vl) {
			if (i > 0) {
				v++;
				vl--;
			}
			if (i > 0 && !vl) {
				node->params[i].known = false;
			} else {
				node->params[i].known = true;
				if (!parse_int(v, vl, &node->params[i].value)) {
					node_free(node);
					return perr(p, "array index %.*s is not a number",
						    (int)vl, v);
				}
			}
		} else if (i == 1) {
			node->params[i].known = true;
			node->params[i].value = node->params[0].value + 1;
			node->params[i].derived = true;
		}
	}
	node_add(cur, node);
	return 0;
}

static int parse_filter(struct parser *p, struct jp_node *cur)
{
	size_t start, n, k, op_end;
	bool begin = false, end = false;
	int pair = 0, r;
	const char *text;
	struct jp_node *f, *left, *right;

	p->pos += 3;
	start = p->pos;
	for (;;) {
		r = next(p);
		if (r == EOF_RUNE || r == '\n')
			return perr(p, "unterminated filter");
		if (r == '"' || r == '\'') {
			if (!begin) {
				begin = true;
				pair = r;
				continue;
			}
			if (p->in[p->pos - 2] != '\\' && r == pair)
				end = true;
		} else if (r == ')') {
			if (begin == end)
				break;
		}
	}
	if (next(p) != ']')
		return perr(p, "unclosed array expect ]");
	text = p->in + start;
	n = p->pos - 2 - start;

	/* ^([^!<>=]+)([!<>=]+)(.+?)$ */
	for (k = 0; k < n && !strchr("!<>=", text[k]); k++)
		;
	op_end = k;
	while (op_end < n && strchr("!<>=", text[op_end]))
		op_end++;
	if (k > 0 && k < n && op_end == n && op_end - k >= 2)
		op_end--;	/* the regexp backtracks to keep one char right */

	f = node_new(JP_FILTER);
	if (k == 0 || k == n || op_end == n) {
		if (parse_action(p, text, n, &left)) {
			node_free(f);
			return -1;
		}
		node_add(f, left);
		node_add(f, node_new(JP_LIST));
		f->text = xstrdup("exists");
	} else {
		if (parse_action(p, text, k, &left)) {
			node_free(f);
			return -1;
		}
		node_add(f, left);
		if (parse_action(p, text + op_end, n - op_end, &right)) {
			node_free(f);
			return -1;
		}
		node_add(f, right);
		f->text = xstrndup(text + k, op_end - k);
	}
	f->text_len = strlen(f->text);
	node_add(cur, f);
	return 0;
}

static int parse_inside(struct parser *p, struct jp_node *cur)
{
	for (;;) {
		int r, ret = 0;

		if (has_prefix(p, "}")) {
			p->pos++;
			return 0;
		}
		if (has_prefix(p, "[?(")) {
			if (parse_filter(p, cur))
				return -1;
			continue;
		}
		if (has_prefix(p, "..")) {
			if (parse_recursive(p, cur))
				return -1;
			continue;
		}
		r = next(p);
		if (r == EOF_RUNE || r == '\r' || r == '\n')
			return perr(p, "unclosed action");
		switch (r) {
		case ' ':
		case '@':
		case '$':
			break;
		case '[':
			ret = parse_array(p, cur);
			break;
		case '"':
		case '\'':
			ret = parse_quote(p, cur, r);
			break;
		case '.':
			ret = parse_field_at(p, cur);
			break;
		default:
			if (r == '+' || r == '-' || is_digit(r)) {
				backup(p);
				ret = parse_number(p, cur);
			} else if (is_alnum(r)) {
				backup(p);
				ret = parse_identifier(p, cur);
			} else if (r >= 0x20 && r != 0x7f && r != 0xfffd) {
				/* Go's %#U */
				return perr(p, "unrecognized character in action: U+%04X '%.*s'",
					    (unsigned)r, p->width, p->in + p->pos - p->width);
			} else {
				return perr(p, "unrecognized character in action: U+%04X",
					    (unsigned)r);
			}
		}
		if (ret)
			return -1;
	}
}

static int parse_template(struct parser *p, struct jp_node *root)
{
	size_t start = p->pos;

	for (;;) {
		const char *brace = memchr(p->in + p->pos, '{', p->len - p->pos);
		size_t b;
		struct jp_node *list;

		if (!brace) {
			if (p->len > start)
				node_add(root, node_text(JP_TEXT, p->in + start,
							 p->len - start));
			p->pos = p->len;
			return 0;
		}
		b = (size_t)(brace - p->in);
		if (b > start)
			node_add(root, node_text(JP_TEXT, p->in + start, b - start));
		p->pos = b + 1;
		list = node_new(JP_LIST);
		node_add(root, list);
		if (parse_inside(p, list))
			return -1;
		start = p->pos;
	}
}

int jsonpath_compile(const char *tmpl, struct jsonpath **out, struct strbuf *err)
{
	struct jsonpath *jp = xcalloc(1, sizeof(*jp));
	struct strbuf reason = STRBUF_INIT;
	struct parser p = { 0 };

	jp->tmpl = xstrdup(tmpl);
	jp->root = node_new(JP_LIST);
	jp->allow_missing = true;
	p.in = jp->tmpl;
	p.len = strlen(tmpl);
	p.err = &reason;
	*out = NULL;
	if (parse_template(&p, jp->root)) {
		strbuf_addf(err, "error parsing jsonpath %s, %s", tmpl, reason.buf);
		strbuf_release(&reason);
		jsonpath_free(jp);
		return -1;
	}
	strbuf_release(&reason);
	*out = jp;
	return 0;
}

void jsonpath_allow_missing_keys(struct jsonpath *jp, bool allow)
{
	jp->allow_missing = allow;
}

void jsonpath_free(struct jsonpath *jp)
{
	if (!jp)
		return;
	node_free(jp->root);
	free(jp->tmpl);
	free(jp);
}

/* ----------------------------------------------------- Go's formatting */

/* Shortest digits that read back as d (d > 0, finite): digits without a
 * point, and the decimal exponent of the first digit. */
static void shortest_digits(double d, char *digits, int *nd, int *exp10)
{
	char buf[40], *e;
	int prec, n = 0;
	size_t i;

	for (prec = 0; prec < 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*e", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	if (prec == 17)
		snprintf(buf, sizeof(buf), "%.*e", 16, d);
	e = strchr(buf, 'e');
	for (i = 0; buf + i < e; i++)
		if (is_digit(buf[i]))
			digits[n++] = buf[i];
	while (n > 1 && digits[n - 1] == '0')
		n--;
	digits[n] = '\0';
	*nd = n;
	*exp10 = atoi(e + 1);
}

static void fmt_e(struct strbuf *out, const char *digits, int nd, int exp10,
		  bool json)
{
	strbuf_addch(out, digits[0]);
	if (nd > 1) {
		strbuf_addch(out, '.');
		strbuf_add(out, digits + 1, (size_t)nd - 1);
	}
	/* strconv writes at least two exponent digits; encoding/json then
	 * trims "e-07" to "e-7". */
	if (json && exp10 < 0 && exp10 > -10)
		strbuf_addf(out, "e-%d", -exp10);
	else
		strbuf_addf(out, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
}

static void fmt_f(struct strbuf *out, const char *digits, int nd, int exp10)
{
	int dp = exp10 + 1, i;

	if (dp <= 0) {
		strbuf_addstr(out, "0.");
		strbuf_addchars(out, '0', (size_t)-dp);
		strbuf_add(out, digits, (size_t)nd);
		return;
	}
	for (i = 0; i < dp; i++)
		strbuf_addch(out, i < nd ? digits[i] : '0');
	if (nd > dp) {
		strbuf_addch(out, '.');
		strbuf_add(out, digits + dp, (size_t)(nd - dp));
	}
}

static bool as_int64(double d, long long *out)
{
	if (!isfinite(d) || d != floor(d) || d < -9223372036854775808.0 ||
	    d >= 9223372036854775808.0)
		return false;
	*out = (long long)d;
	return true;
}

/* fmt.Print of a float64 (strconv 'g', shortest). */
static void go_float_text(double d, struct strbuf *out)
{
	char digits[32];
	int nd, e;

	if (isnan(d)) {
		strbuf_addstr(out, "NaN");
		return;
	}
	if (isinf(d)) {
		strbuf_addstr(out, d < 0 ? "-Inf" : "+Inf");
		return;
	}
	if (signbit(d))
		strbuf_addch(out, '-');
	d = fabs(d);
	if (d == 0) {
		strbuf_addch(out, '0');
		return;
	}
	shortest_digits(d, digits, &nd, &e);
	if (e < -4 || e >= 6)
		fmt_e(out, digits, nd, e, false);
	else
		fmt_f(out, digits, nd, e);
}

/* encoding/json of a float64. */
static void go_float_json(double d, struct strbuf *out)
{
	char digits[32];
	int nd, e;

	if (!isfinite(d)) {
		strbuf_addstr(out, "null");	/* Go refuses; nothing better */
		return;
	}
	if (signbit(d) && d != 0)
		strbuf_addch(out, '-');
	d = fabs(d);
	if (d == 0) {
		strbuf_addch(out, '0');
		return;
	}
	shortest_digits(d, digits, &nd, &e);
	if (d < 1e-6 || d >= 1e21)
		fmt_e(out, digits, nd, e, true);
	else
		fmt_f(out, digits, nd, e);
}

void jsonpath_format_number(double d, struct strbuf *out)
{
	long long i;

	if (as_int64(d, &i))
		strbuf_addf(out, "%lld", i);
	else
		go_float_text(d, out);
}

static void go_json_number(double d, struct strbuf *out)
{
	long long i;

	if (as_int64(d, &i))
		strbuf_addf(out, "%lld", i);
	else
		go_float_json(d, out);
}

static void go_json_string(const char *s, size_t len, struct strbuf *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	strbuf_addch(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"': strbuf_addstr(out, "\\\""); continue;
		case '\\': strbuf_addstr(out, "\\\\"); continue;
		case '\b': strbuf_addstr(out, "\\b"); continue;
		case '\f': strbuf_addstr(out, "\\f"); continue;
		case '\n': strbuf_addstr(out, "\\n"); continue;
		case '\r': strbuf_addstr(out, "\\r"); continue;
		case '\t': strbuf_addstr(out, "\\t"); continue;
		}
		if (c < 0x20 || c == '<' || c == '>' || c == '&') {
			strbuf_addstr(out, "\\u00");
			strbuf_addch(out, hex[c >> 4]);
			strbuf_addch(out, hex[c & 0xf]);
		} else if (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
			   ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9)) {
			strbuf_addstr(out, (unsigned char)s[i + 2] == 0xa8 ? "\\u2028" : "\\u2029");
			i += 2;
		} else {
			strbuf_addch(out, c);
		}
	}
	strbuf_addch(out, '"');
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Keys of an object in Go's map order (sorted), borrowed from obj. */
static const char **sorted_keys(struct val obj, size_t *n)
{
	const char **keys = xmalloc((val_len(obj) + 1) * sizeof(*keys));
	struct val_iter it;

	*n = 0;
	for (val_iter_init(&it, obj); val_iter_next(&it);)
		keys[(*n)++] = it.key;
	qsort(keys, *n, sizeof(*keys), cmp_cstr);
	return keys;
}

static void newline_indent(struct strbuf *out, int indent, int depth)
{
	if (indent) {
		strbuf_addch(out, '\n');
		strbuf_addchars(out, ' ', (size_t)(indent * depth));
	}
}

/* encoding/json's Marshal (indent 0) or MarshalIndent(v, "", spaces). */
static void go_json(struct val v, struct strbuf *out, int indent, int depth)
{
	struct val_iter it;
	size_t n = 0, i;

	switch (val_kind(v)) {
	case VAL_ABSENT:
	case VAL_NULL:
		strbuf_addstr(out, "null");
		break;
	case VAL_BOOL:
		strbuf_addstr(out, val_bool_get(v) ? "true" : "false");
		break;
	case VAL_NUMBER:
		go_json_number(val_num_get(v), out);
		break;
	case VAL_STRING:
		go_json_string(val_str_get(v), val_str_len(v), out);
		break;
	case VAL_ARRAY:
		strbuf_addch(out, '[');
		for (val_iter_init(&it, v); val_iter_next(&it); n++) {
			if (n)
				strbuf_addch(out, ',');
			newline_indent(out, indent, depth + 1);
			go_json(it.value, out, indent, depth + 1);
		}
		if (n)
			newline_indent(out, indent, depth);
		strbuf_addch(out, ']');
		break;
	case VAL_OBJECT: {
		const char **keys = sorted_keys(v, &n);

		strbuf_addch(out, '{');
		for (i = 0; i < n; i++) {
			struct val m = val_get(v, keys[i]);

			if (i)
				strbuf_addch(out, ',');
			newline_indent(out, indent, depth + 1);
			go_json_string(keys[i], strlen(keys[i]), out);
			strbuf_addstr(out, indent ? ": " : ":");
			go_json(m, out, indent, depth + 1);
			val_release(&m);
		}
		if (n)
			newline_indent(out, indent, depth);
		strbuf_addch(out, '}');
		free(keys);
		break;
	}
	}
}

void jsonpath_format_json(struct val v, struct strbuf *out)
{
	go_json(v, out, 0, 0);
}

void jsonpath_format_json_indent(struct val v, struct strbuf *out)
{
	go_json(v, out, 4, 0);
}

/* fmt's %v of an unstructured value, for kubectl's filter error text. */
static void go_fmt_v(struct val v, struct strbuf *out)
{
	struct val_iter it;
	size_t n = 0, i;

	switch (val_kind(v)) {
	case VAL_ABSENT:
		strbuf_addstr(out, "<invalid reflect.Value>");
		break;
	case VAL_NULL:
		strbuf_addstr(out, "<nil>");
		break;
	case VAL_BOOL:
		strbuf_addstr(out, val_bool_get(v) ? "true" : "false");
		break;
	case VAL_NUMBER:
		jsonpath_format_number(val_num_get(v), out);
		break;
	case VAL_STRING:
		strbuf_add(out, val_str_get(v), val_str_len(v));
		break;
	case VAL_ARRAY:
		strbuf_addch(out, '[');
		for (val_iter_init(&it, v); val_iter_next(&it); n++) {
			if (n)
				strbuf_addch(out, ' ');
			go_fmt_v(it.value, out);
		}
		strbuf_addch(out, ']');
		break;
	case VAL_OBJECT: {
		const char **keys = sorted_keys(v, &n);

		strbuf_addstr(out, "map[");
		for (i = 0; i < n; i++) {
			struct val m = val_get(v, keys[i]);

			if (i)
				strbuf_addch(out, ' ');
			strbuf_addstr(out, keys[i]);
			strbuf_addch(out, ':');
			go_fmt_v(m, out);
			val_release(&m);
		}
		strbuf_addch(out, ']');
		free(keys);
		break;
	}
	}
}

/* Go's %q of the template, for the execution error line. */
static void go_quote(const char *s, struct strbuf *out)
{
	strbuf_addch(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': strbuf_addstr(out, "\\\""); break;
		case '\\': strbuf_addstr(out, "\\\\"); break;
		case '\a': strbuf_addstr(out, "\\a"); break;
		case '\b': strbuf_addstr(out, "\\b"); break;
		case '\f': strbuf_addstr(out, "\\f"); break;
		case '\n': strbuf_addstr(out, "\\n"); break;
		case '\r': strbuf_addstr(out, "\\r"); break;
		case '\t': strbuf_addstr(out, "\\t"); break;
		case '\v': strbuf_addstr(out, "\\v"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				strbuf_addf(out, "\\x%02x", c);
			else
				strbuf_addch(out, c);
		}
	}
	strbuf_addch(out, '"');
}

/* ----------------------------------------------------------- evaluation */

/* A value as the Go code sees it. Literals keep their Go type: a float
 * literal (80.0) never equals an integer, an int literal is an "int". */
enum lit { LIT_NONE, LIT_INT, LIT_FLOAT };

struct item {
	struct val v;
	enum lit lit;
};

struct vlist {
	struct item *a;
	size_t nr, alloc;
};

#define VLIST_INIT { NULL, 0, 0 }

static void push_take(struct vlist *l, struct val v, enum lit lit)
{
	ALLOC_GROW(l->a, l->nr + 1, l->alloc);
	l->a[l->nr].v = v;
	l->a[l->nr].lit = lit;
	l->nr++;
}

static void push(struct vlist *l, struct item it)
{
	push_take(l, val_copy(it.v), it.lit);
}

static void vlist_release(struct vlist *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		val_release(&l->a[i].v);
	free(l->a);
	l->a = NULL;
	l->nr = l->alloc = 0;
}

static void vlist_copy(struct vlist *dst, const struct vlist *src)
{
	size_t i;

	for (i = 0; i < src->nr; i++)
		push(dst, src->a[i]);
}

static bool nil_like(struct val v)
{
	return val_kind(v) == VAL_NULL || val_kind(v) == VAL_ABSENT;
}

static const char *go_type(struct item it)
{
	long long i;

	switch (val_kind(it.v)) {
	case VAL_OBJECT: return "map[string]interface {}";
	case VAL_ARRAY: return "[]interface {}";
	case VAL_STRING: return "string";
	case VAL_BOOL: return "bool";
	case VAL_NUMBER:
		if (it.lit == LIT_INT)
			return "int";
		return it.lit != LIT_FLOAT && as_int64(val_num_get(it.v), &i) ?
			"int64" : "float64";
	default: return "<nil>";
	}
}

static int xerr(struct strbuf *err, const char *fmt, ...) SAIL_PRINTF(2, 3);
static int xerr(struct strbuf *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(err, fmt, ap);
	va_end(ap);
	return -1;
}

static int walk(struct jsonpath *jp, struct jp_node *node, struct vlist *in,
		struct vlist *out, struct strbuf *err);

static int eval_list(struct jsonpath *jp, struct jp_node *list, struct vlist *in,
		     struct vlist *out, struct strbuf *err)
{
	struct vlist cur = VLIST_INIT;
	size_t i;

	vlist_copy(&cur, in);
	for (i = 0; i < list->nr; i++) {
		struct vlist nxt = VLIST_INIT;
		int ret = walk(jp, list->kids[i], &cur, &nxt, err);

		vlist_release(&cur);
		cur = nxt;
		if (ret) {
			*out = cur;
			return -1;
		}
	}
	*out = cur;
	return 0;
}

static int eval_field(struct jsonpath *jp, struct jp_node *node, struct vlist *in,
		      struct vlist *out, struct strbuf *err)
{
	size_t i;

	if (!in->nr)
		return 0;
	for (i = 0; i < in->nr; i++) {
		struct val m;

		if (!val_is_obj(in->a[i].v))
			continue;
		m = val_get(in->a[i].v, node->text);
		if (val_exists(m))
			push_take(out, m, LIT_NONE);
	}
	if (!out->nr && !jp->allow_missing)
		return xerr(err, "%s is not found", node->text);
	return 0;
}

static int eval_array(struct jp_node *node, struct vlist *in, struct vlist *out,
		      struct strbuf *err)
{
	size_t i;

	for (i = 0; i < in->nr; i++) {
		struct val v = in->a[i].v;
		struct jp_param p[3];
		long long len, step = 1, k;

		if (nil_like(v))
			continue;
		if (!val_is_arr(v)) {
			xerr(err, "%s is not array or slice", go_type(in->a[i]));
			goto fail;
		}
		memcpy(p, node->params, sizeof(p));
		len = (long long)val_len(v);
		if (!p[0].known)
			p[0].value = 0;
		if (p[0].value < 0)
			p[0].value += len;
		if (!p[1].known)
			p[1].value = len;
		if (p[1].value < 0 || (p[1].value == 0 && p[1].derived))
			p[1].value += len;
		if (p[1].value == p[0].value)
			return 0;	/* Go stops here, dropping later inputs */
		if (p[0].value >= len || p[0].value < 0) {
			xerr(err, "array index out of bounds: index %lld, length %lld",
			     p[0].value, len);
			goto fail;
		}
		if (p[1].value > len || p[1].value < 0) {
			xerr(err, "array index out of bounds: index %lld, length %lld",
			     p[1].value - 1, len);
			goto fail;
		}
		if (p[0].value > p[1].value) {
			xerr(err, "starting index %lld is greater than ending index %lld",
			     p[0].value, p[1].value);
			goto fail;
		}
		if (p[2].known) {
			if (p[2].value <= 0) {
				xerr(err, "step must be > 0");
				goto fail;
			}
			step = p[2].value;
		}
		for (k = p[0].value; k < p[1].value; k += step)
			push_take(out, val_at(v, (size_t)k), LIT_NONE);
	}
	return 0;
fail:
	vlist_release(out);
	vlist_copy(out, in);
	return -1;
}

/* The children Go's wildcard and recursive descent visit. */
static void children(struct val v, struct vlist *out)
{
	struct val_iter it;

	switch (val_kind(v)) {
	case VAL_OBJECT:
	case VAL_ARRAY:
		for (val_iter_init(&it, v); val_iter_next(&it);)
			push_take(out, val_copy(it.value), LIT_NONE);
		break;
	case VAL_STRING: {
		/* A string is a slice of bytes to reflect. */
		const unsigned char *s = (const unsigned char *)val_str_get(v);
		size_t i, n = val_str_len(v);

		for (i = 0; i < n; i++)
			push_take(out, val_num(s[i]), LIT_NONE);
		break;
	}
	default:
		break;
	}
}

static void eval_wildcard(struct vlist *in, struct vlist *out)
{
	size_t i;

	for (i = 0; i < in->nr; i++)
		children(in->a[i].v, out);
}

static void eval_recursive(struct vlist *in, struct vlist *out)
{
	size_t i;

	for (i = 0; i < in->nr; i++) {
		struct val v = in->a[i].v;

		if (val_is_str(v)) {
			/* Its bytes have no children of their own. */
			if (val_str_len(v))
				push(out, in->a[i]);
			continue;
		}
		if ((val_is_obj(v) || val_is_arr(v)) && val_len(v)) {
			struct vlist kids = VLIST_INIT;

			push(out, in->a[i]);
			children(v, &kids);
			eval_recursive(&kids, out);
			vlist_release(&kids);
		}
	}
}

enum basic_kind { K_INVALID, K_BOOL, K_INT, K_FLOAT, K_STRING };

static enum basic_kind basic_kind(struct item it, long long *i)
{
	switch (val_kind(it.v)) {
	case VAL_BOOL: return K_BOOL;
	case VAL_STRING: return K_STRING;
	case VAL_NUMBER:
		return it.lit != LIT_FLOAT && as_int64(val_num_get(it.v), i) ?
			K_INT : K_FLOAT;
	default: return K_INVALID;
	}
}

static int str_cmp(struct val a, struct val b)
{
	size_t la = val_str_len(a), lb = val_str_len(b);
	int c = memcmp(val_str_get(a), val_str_get(b), la < lb ? la : lb);

	return c ? c : (la > lb) - (la < lb);
}

#define ERR_TYPE "invalid type for comparison"
#define ERR_INCOMPATIBLE "incompatible types for comparison"

/*
 * The kind both operands share (ints read into *ia, *ib), or K_INVALID
 * with Go's reason in err when either has no basic kind or they differ.
 */
static enum basic_kind comparable(struct item a, struct item b, long long *ia,
				  long long *ib, struct strbuf *err)
{
	enum basic_kind ka = basic_kind(a, ia), kb;

	if (ka == K_INVALID)
		return xerr(err, ERR_TYPE), K_INVALID;
	kb = basic_kind(b, ib);
	if (kb == K_INVALID)
		return xerr(err, ERR_TYPE), K_INVALID;
	if (ka != kb)
		return xerr(err, ERR_INCOMPATIBLE), K_INVALID;
	return ka;
}

/* template.Equal / template.Less: 0 or 1, or -1 with the reason. */
static int go_equal(struct item a, struct item b, struct strbuf *err)
{
	long long ia = 0, ib = 0;
	enum basic_kind k = comparable(a, b, &ia, &ib, err);

	switch (k) {
	case K_INVALID: return -1;
	case K_BOOL: return val_bool_get(a.v) == val_bool_get(b.v);
	case K_INT: return ia == ib;
	case K_FLOAT: return val_num_get(a.v) == val_num_get(b.v);
	case K_STRING: return !str_cmp(a.v, b.v);
	default: BUG("comparison of an invalid kind");
	}
}

static int go_less(struct item a, struct item b, struct strbuf *err)
{
	long long ia = 0, ib = 0;
	enum basic_kind k = comparable(a, b, &ia, &ib, err);

	switch (k) {
	case K_INVALID: return -1;
	case K_BOOL: return xerr(err, ERR_TYPE);
	case K_INT: return ia < ib;
	case K_FLOAT: return val_num_get(a.v) < val_num_get(b.v);
	case K_STRING: return str_cmp(a.v, b.v) < 0;
	default: BUG("comparison of an invalid kind");
	}
}

static int go_compare(const char *op, struct item a, struct item b,
		      struct strbuf *err)
{
	int r;

	if (!strcmp(op, "==")) {
		return go_equal(a, b, err);
	} else if (!strcmp(op, "!=")) {
		r = go_equal(a, b, err);
		return r < 0 ? r : !r;
	} else if (!strcmp(op, "<")) {
		return go_less(a, b, err);
	} else if (!strcmp(op, "<=") || !strcmp(op, ">")) {
		r = go_less(a, b, err);
		if (!r)
			r = go_equal(a, b, err);
		if (r < 0 || op[0] == '<')
			return r;
		return !r;
	} else if (!strcmp(op, ">=")) {
		r = go_less(a, b, err);
		return r < 0 ? r : !r;
	}
	return xerr(err, "unrecognized filter operator %s", op);
}

static int eval_filter(struct jsonpath *jp, struct jp_node *node, struct vlist *in,
		       struct vlist *out, struct strbuf *err)
{
	bool exists = !strcmp(node->text, "exists");
	size_t i, k;

	for (i = 0; i < in->nr; i++) {
		struct val v = in->a[i].v;

		if (!val_is_arr(v)) {
			struct strbuf sb = STRBUF_INIT;

			go_fmt_v(v, &sb);
			xerr(err, "%s is not array or slice and cannot be filtered",
			     sb.buf);
			strbuf_release(&sb);
			goto fail;
		}
		for (k = 0; k < val_len(v); k++) {
			struct vlist temp = VLIST_INIT, lefts = VLIST_INIT,
				     rights = VLIST_INIT;
			struct item el;
			int ret, pass;

			el.v = val_at(v, k);
			el.lit = LIT_NONE;
			push(&temp, el);
			ret = eval_list(jp, node->kids[0], &temp, &lefts, err);
			if (exists) {
				/* Errors do not count here, only what was left. */
				if (ret)
					strbuf_reset(err);
				if (lefts.nr)
					push_take(out, val_copy(el.v), LIT_NONE);
				goto next;
			}
			if (ret)
				goto fail_el;
			if (!lefts.nr)
				goto next;
			if (lefts.nr > 1) {
				xerr(err, "can only compare one element at a time");
				goto fail_el;
			}
			if (eval_list(jp, node->kids[1], &temp, &rights, err))
				goto fail_el;
			if (!rights.nr)
				goto next;
			if (rights.nr > 1) {
				xerr(err, "can only compare one element at a time");
				goto fail_el;
			}
			pass = go_compare(node->text, lefts.a[0], rights.a[0], err);
			if (pass < 0)
				goto fail_el;
			if (pass)
				push_take(out, val_copy(el.v), LIT_NONE);
next:
			vlist_release(&temp);
			vlist_release(&lefts);
			vlist_release(&rights);
			val_release(&el.v);
			continue;
fail_el:
			vlist_release(&temp);
			vlist_release(&lefts);
			vlist_release(&rights);
			val_release(&el.v);
			goto fail;
		}
	}
	return 0;
fail:
	vlist_release(out);
	vlist_copy(out, in);
	return -1;
}

static int eval_union(struct jsonpath *jp, struct jp_node *node, struct vlist *in,
		      struct vlist *out, struct strbuf *err)
{
	size_t i, k;

	for (i = 0; i < node->nr; i++) {
		struct vlist temp = VLIST_INIT;

		if (eval_list(jp, node->kids[i], in, &temp, err)) {
			vlist_release(&temp);
			vlist_release(out);
			vlist_copy(out, in);
			return -1;
		}
		for (k = 0; k < temp.nr; k++)
			push(out, temp.a[k]);
		vlist_release(&temp);
	}
	return 0;
}

static int eval_ident(struct jsonpath *jp, struct jp_node *node, struct vlist *in,
		      struct vlist *out, struct strbuf *err)
{
	if (!strcmp(node->text, "range")) {
		jp->begin_range++;
		vlist_copy(out, in);
		return 0;
	}
	if (!strcmp(node->text, "end")) {
		if (jp->in_range > 0) {
			jp->end_range++;
			return 0;
		}
		return xerr(err, "not in range, nothing to end");
	}
	vlist_copy(out, in);
	return xerr(err, "unrecognized identifier %s", node->text);
}

static int walk(struct jsonpath *jp, struct jp_node *node, struct vlist *in,
		struct vlist *out, struct strbuf *err)
{
	size_t i;

	switch (node->type) {
	case JP_LIST:
		return eval_list(jp, node, in, out, err);
	case JP_TEXT:
		push_take(out, val_strn(node->text, node->text_len), LIT_NONE);
		return 0;
	case JP_FIELD:
		return eval_field(jp, node, in, out, err);
	case JP_ARRAY:
		return eval_array(node, in, out, err);
	case JP_FILTER:
		return eval_filter(jp, node, in, out, err);
	case JP_INT:
	case JP_FLOAT:
	case JP_BOOL:
		for (i = 0; i < in->nr; i++) {
			if (node->type == JP_BOOL)
				push_take(out, val_bool(node->b), LIT_NONE);
			else if (node->type == JP_INT)
				push_take(out, val_num((double)node->i), LIT_INT);
			else
				push_take(out, val_num(node->d), LIT_FLOAT);
		}
		return 0;
	case JP_WILDCARD:
		eval_wildcard(in, out);
		return 0;
	case JP_RECURSIVE:
		eval_recursive(in, out);
		return 0;
	case JP_UNION:
		return eval_union(jp, node, in, out, err);
	case JP_IDENT:
		return eval_ident(jp, node, in, out, err);
	}
	BUG("unknown jsonpath node %d", (int)node->type);
}

/* Where results go: text, values, or nowhere (an empty range's body). */
struct sink {
	struct strbuf *text;
	struct val *values;
};

static void print_item(struct item it, struct strbuf *out)
{
	struct val v = it.v;

	switch (val_kind(v)) {
	case VAL_ABSENT:
		strbuf_addstr(out, "<no value>");
		break;
	case VAL_NULL:
		strbuf_addstr(out, "null");
		break;
	case VAL_BOOL:
		strbuf_addstr(out, val_bool_get(v) ? "true" : "false");
		break;
	case VAL_NUMBER:
		if (it.lit == LIT_FLOAT)
			go_float_text(val_num_get(v), out);
		else
			jsonpath_format_number(val_num_get(v), out);
		break;
	case VAL_STRING:
		strbuf_add(out, val_str_get(v), val_str_len(v));
		break;
	case VAL_ARRAY:
	case VAL_OBJECT:
		jsonpath_format_json(v, out);
		break;
	}
}

static void emit(struct sink *sink, struct vlist *res)
{
	size_t i;

	for (i = 0; i < res->nr; i++) {
		if (sink->text) {
			print_item(res->a[i], sink->text);
			if (i + 1 < res->nr)
				strbuf_addch(sink->text, ' ');
		}
		if (sink->values && val_exists(res->a[i].v))
			val_push(sink->values, res->a[i].v);
	}
}

/* Go's FindResults: run root nodes from start on cur. */
static int find_results(struct jsonpath *jp, size_t start, struct val cur,
			struct sink *sink, struct strbuf *err)
{
	struct jp_node *root = jp->root;
	size_t i, k;

	for (i = start; i < root->nr; i++) {
		struct vlist in = VLIST_INIT, res = VLIST_INIT;
		int ret;

		push_take(&in, val_copy(cur), LIT_NONE);
		ret = walk(jp, root->kids[i], &in, &res, err);
		vlist_release(&in);
		if (ret) {
			vlist_release(&res);
			return -1;
		}
		/* an {end}: this block is over */
		if (jp->end_range > 0 && jp->end_range <= jp->in_range) {
			jp->end_range--;
			jp->last_end = i;
			vlist_release(&res);
			return 0;
		}
		/* a {range}: run the rest on each result, up to its {end} */
		if (jp->begin_range > 0) {
			jp->begin_range--;
			jp->in_range++;
			if (res.nr) {
				for (k = 0; k < res.nr; k++) {
					/* a null element becomes Go's invalid value */
					struct val v = val_kind(res.a[k].v) == VAL_NULL ?
						val_absent() : res.a[k].v;

					if (find_results(jp, i + 1, v, sink, err)) {
						vlist_release(&res);
						return -1;
					}
				}
			} else {
				struct sink none = { NULL, NULL };

				if (find_results(jp, i + 1, val_absent(), &none, err)) {
					vlist_release(&res);
					return -1;
				}
			}
			jp->in_range--;
			vlist_release(&res);
			/* resume after the last {end} seen, if it is ahead; an
			 * unterminated range runs its body once more out here,
			 * as kubectl does */
			if (jp->last_end != NO_END && jp->last_end > i)
				i = jp->last_end;
			continue;
		}
		emit(sink, &res);
		vlist_release(&res);
	}
	return 0;
}

static int run(struct jsonpath *jp, struct val input, struct sink *sink,
	       struct strbuf *err)
{
	struct strbuf reason = STRBUF_INIT;
	int ret;

	jp->begin_range = jp->in_range = jp->end_range = 0;
	jp->last_end = NO_END;
	ret = find_results(jp, 0, input, sink, &reason);
	if (ret) {
		strbuf_addstr(err, "error executing jsonpath ");
		go_quote(jp->tmpl, err);
		strbuf_addf(err, ": %s", reason.buf);
	}
	strbuf_release(&reason);
	return ret;
}

int jsonpath_exec(struct jsonpath *jp, struct val input, struct strbuf *out,
		  struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	struct sink sink = { &text, NULL };
	int ret = run(jp, input, &sink, err);

	if (!ret)
		strbuf_add(out, text.buf, text.len);
	strbuf_release(&text);
	return ret;
}

int jsonpath_find(struct jsonpath *jp, struct val input, struct val *results,
		  struct strbuf *err)
{
	struct sink sink = { NULL, NULL };
	int ret;

	*results = val_arr();
	sink.values = results;
	ret = run(jp, input, &sink, err);
	if (ret)
		val_release(results);
	return ret;
}
