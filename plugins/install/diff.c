/*
 * What install changes in an existing resource's spec, leaf by leaf, so
 * that a user sees a silent change before the operator acts on it.
 */
#include "sail.h"
#include "install/install.h"

static void leaf(struct strbuf *out, char sign, const char *path, struct val v)
{
	strbuf_addf(out, "%c  %s: ", sign, path);
	val_to_json(v, out, VAL_JSON_SORT);
	strbuf_addch(out, '\n');
}

/* Walk both objects; arrays and scalars are compared whole. */
static size_t walk(struct strbuf *path, struct val old, struct val new,
		   struct strbuf *out)
{
	struct val_iter it;
	size_t len = path->len, n = 0;

	if (val_is_obj(old) && val_is_obj(new)) {
		for (val_iter_init(&it, old); val_iter_next(&it); ) {
			struct val nv = val_get(new, it.key);

			strbuf_addf(path, "%s%s", len ? "." : "", it.key);
			n += walk(path, it.value, nv, out);
			strbuf_setlen(path, len);
			val_release(&nv);
		}
		for (val_iter_init(&it, new); val_iter_next(&it); ) {
			if (val_has(old, it.key))
				continue;
			strbuf_addf(path, "%s%s", len ? "." : "", it.key);
			n += walk(path, val_absent(), it.value, out);
			strbuf_setlen(path, len);
		}
		return n;
	}
	if (val_equal(old, new))
		return 0;
	if (val_is_obj(new) && !val_exists(old)) {
		for (val_iter_init(&it, new); val_iter_next(&it); ) {
			strbuf_addf(path, "%s%s", len ? "." : "", it.key);
			n += walk(path, val_absent(), it.value, out);
			strbuf_setlen(path, len);
		}
		return n;
	}
	if (val_exists(old))
		leaf(out, '-', path->buf, old);
	if (val_exists(new))
		leaf(out, '+', path->buf, new);
	return 1;
}

size_t install_spec_diff(const char *what, struct val old, struct val new,
			 struct strbuf *out)
{
	struct strbuf path = STRBUF_INIT, body = STRBUF_INIT;
	size_t n = walk(&path, old, new, &body);

	if (n)
		strbuf_addf(out, "%s spec:\n%s", what, body.buf);
	strbuf_release(&path);
	strbuf_release(&body);
	return n;
}
