/*
 * Helm-style paths (see setpath.h).
 */
#include "sail.h"
#include "setpath.h"

void setpath_release(struct setpath *p)
{
	size_t i;

	for (i = 0; i < p->nr; i++)
		free(p->seg[i].key);
	free(p->seg);
	p->seg = NULL;
	p->nr = 0;
}

static void push(struct setpath *p, char *key, size_t index)
{
	p->seg = xrealloc(p->seg, (p->nr + 1) * sizeof(*p->seg));
	p->seg[p->nr].key = key;
	p->seg[p->nr].index = index;
	p->nr++;
}

int setpath_parse(const char *path, struct setpath *out, struct strbuf *err)
{
	struct strbuf key = STRBUF_INIT;
	const char *s = path;

	out->seg = NULL;
	out->nr = 0;
	if (!*path) {
		strbuf_addstr(err, "empty path");
		return -1;
	}
	while (*s) {
		/* a key, up to '.', '[' or the end */
		strbuf_reset(&key);
		while (*s && *s != '.' && *s != '[') {
			if (*s == '\\' && s[1])
				s++;
			strbuf_addch(&key, *s++);
		}
		if (!key.len) {
			strbuf_addf(err, "empty key in path \"%s\"", path);
			goto fail;
		}
		push(out, strbuf_detach(&key, NULL), 0);
		/* any number of [N] */
		while (*s == '[') {
			char *end;
			unsigned long n;

			s++;
			if (*s < '0' || *s > '9') {
				strbuf_addf(err, "bad list index in path \"%s\"", path);
				goto fail;
			}
			errno = 0;
			n = strtoul(s, &end, 10);
			if (*end != ']' || errno || n > 65535) {
				strbuf_addf(err, "bad list index in path \"%s\"", path);
				goto fail;
			}
			push(out, NULL, n);
			s = end + 1;
		}
		if (*s == '.') {
			s++;
			if (!*s) {
				strbuf_addf(err, "empty key in path \"%s\"", path);
				goto fail;
			}
		} else if (*s) {
			strbuf_addf(err, "unexpected '%c' in path \"%s\"", *s, path);
			goto fail;
		}
	}
	strbuf_release(&key);
	return 0;
fail:
	strbuf_release(&key);
	setpath_release(out);
	return -1;
}

void setpath_format(const struct setpath *p, size_t nr, struct strbuf *out)
{
	size_t i;
	const char *k;

	for (i = 0; i < nr && i < p->nr; i++) {
		if (!p->seg[i].key) {
			strbuf_addf(out, "[%zu]", p->seg[i].index);
			continue;
		}
		if (out->len)
			strbuf_addch(out, '.');
		for (k = p->seg[i].key; *k; k++) {
			if (*k == '.' || *k == '[' || *k == '\\')
				strbuf_addch(out, '\\');
			strbuf_addch(out, *k);
		}
	}
}

int setpath_split(const char *arg, char **path, char **value)
{
	const char *s;

	for (s = arg; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			continue;
		}
		if (*s == '=') {
			*path = xstrndup(arg, (size_t)(s - arg));
			*value = xstrdup(s + 1);
			return 0;
		}
	}
	return -1;
}

static void set_at(struct val *node, const struct setpath_seg *seg, size_t nr,
		   struct val v)
{
	struct val child;

	if (!nr) {
		val_release(node);
		*node = val_copy(v);
		return;
	}
	if (seg->key) {
		if (!val_is_obj(*node)) {
			val_release(node);
			*node = val_obj();
		}
		child = val_get(*node, seg->key);
		set_at(&child, seg + 1, nr - 1, v);
		val_set_take(node, seg->key, child);
	} else {
		if (!val_is_arr(*node)) {
			val_release(node);
			*node = val_arr();
		}
		child = val_at(*node, seg->index);
		if (val_kind(child) == VAL_NULL)
			val_release(&child);
		set_at(&child, seg + 1, nr - 1, v);
		val_arr_set(node, seg->index, child);
		val_release(&child);
	}
}

void setpath_set(struct val *root, const struct setpath *p, struct val v)
{
	set_at(root, p->seg, p->nr, v);
}

char **setpath_split_list(const char *arg)
{
	struct strbuf cur = STRBUF_INIT;
	char **out = NULL;
	size_t nr = 0;
	int depth = 0;
	const char *s;

	for (s = arg; ; s++) {
		if (*s == '\\' && s[1] == ',') {
			strbuf_addch(&cur, ',');
			s++;
			continue;
		}
		if (!*s || (*s == ',' && !depth)) {
			out = xrealloc(out, (nr + 2) * sizeof(*out));
			out[nr++] = strbuf_detach(&cur, NULL);
			if (!*s)
				break;
			continue;
		}
		if (*s == '{')
			depth++;
		else if (*s == '}' && depth)
			depth--;
		strbuf_addch(&cur, *s);
	}
	out[nr] = NULL;
	return out;
}
