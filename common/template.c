#include "sail.h"
#include "input_limits.h"
#include "template.h"
#include "embedded.h"
#include "jq.h"
#include "template_native.h"

#include <sys/stat.h>

struct cached {
	char *dir;		/* "" for built-in only */
	char *name;
	char *label;		/* the file, as errors name it */
	struct jqprog *prog;
};

static struct cached *cache;
static size_t cache_nr, cache_alloc;

void template_cache_clear(void)
{
	size_t i;

	for (i = 0; i < cache_nr; i++) {
		free(cache[i].dir);
		free(cache[i].name);
		free(cache[i].label);
		jqprog_free(cache[i].prog);
	}
	FREE_AND_NULL(cache);
	cache_nr = cache_alloc = 0;
}

/*
 * The source of a template: DIR/NAME.jq if it exists, else the built-in
 * NAME.jq. *label names it for errors. Returns NULL with err set.
 */
static char *load_source(const char *name, const char *dir, char **label,
			 struct strbuf *err)
{
	const struct embedded_file *f;
	char *file = xstrfmt("%s.jq", name);
	char *src;

	if (dir) {
		struct stat st;
		char *path;

		/* A mistyped --templates must not fall back to the built-ins
		 * silently. */
		if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
			int e = stat(dir, &st) < 0 ? errno : ENOTDIR;

			strbuf_addf(err, "--templates %s: ", dir);
			strbuf_add_errno(err, e);
			free(file);
			return NULL;
		}
		path = xstrfmt("%s/%s", dir, file);

		src = read_text_file(path, LIMIT_CONFIG_BYTES, NULL);
		if (src) {
			*label = path;
			free(file);
			return src;
		}
		if (errno != ENOENT) {
			int e = errno;

			strbuf_addf(err, "cannot read template %s: ", path);
			read_error(err, e);
			free(path);
			free(file);
			return NULL;
		}
		free(path);
	}
	f = embedded_find(file);
	if (!f) {
		if (dir)
			strbuf_addf(err, "template \"%s\" not found (no %s/%s and none built in)",
				    name, dir, file);
		else
			strbuf_addf(err, "template \"%s\" not found", name);
		free(file);
		return NULL;
	}
	*label = file;
	return xstrndup(f->data, f->len);
}

static struct jqprog *get_program(const char *name, const char *dir,
				  const char **label, struct strbuf *err)
{
	struct strbuf prog = STRBUF_INIT, why = STRBUF_INIT;
	struct jqprog *jq;
	char *src, *lab = NULL;
	size_t i;

	for (i = 0; i < cache_nr; i++)
		if (!strcmp(cache[i].name, name) &&
		    !strcmp(cache[i].dir, dir ? dir : "")) {
			*label = cache[i].label;
			return cache[i].prog;
		}
	src = load_source(name, dir, &lab, err);
	if (!src)
		return NULL;
	/*
	 * Bind $p to the input so one compiled program serves every set of
	 * parameters (jq's own named arguments are fixed at compile time).
	 * Same line, so jq's line numbers stay the file's.
	 */
	strbuf_addstr(&prog, ". as $p | ");
	strbuf_addstr(&prog, src);
	free(src);
	if (jq_compile_prog(prog.buf, val_absent(), &jq, &why)) {
		strbuf_addf(err, "%s: %s", lab, why.buf);
		strbuf_release(&prog);
		strbuf_release(&why);
		free(lab);
		return NULL;
	}
	strbuf_release(&prog);
	strbuf_release(&why);
	ALLOC_GROW(cache, cache_nr + 1, cache_alloc);
	cache[cache_nr].dir = xstrdup(dir ? dir : "");
	cache[cache_nr].name = xstrdup(name);
	cache[cache_nr].label = lab;
	cache[cache_nr].prog = jq;
	cache_nr++;
	*label = lab;
	return jq;
}

static bool native_enabled = true;

void template_use_native(bool on)
{
	native_enabled = on;
}

/* Is there no DIR/NAME.jq to run instead of the built-in (dir checked)? */
static int built_in_applies(const char *name, const char *dir, struct strbuf *err)
{
	struct stat st;
	char *path;
	int r;

	if (!dir)
		return 1;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		int e = stat(dir, &st) < 0 ? errno : ENOTDIR;

		strbuf_addf(err, "--templates %s: ", dir);
		strbuf_add_errno(err, e);
		return -1;
	}
	path = xstrfmt("%s/%s.jq", dir, name);
	r = access(path, F_OK) < 0 && errno == ENOENT;
	free(path);
	return r;
}

int template_render(const char *name, struct val params,
		    const char *override_dir, struct val *out,
		    struct strbuf *err)
{
	struct strbuf why = STRBUF_INIT;
	struct val_iter it;
	struct jqprog *prog;
	const char *label;
	const char *dir = override_dir && *override_dir ? override_dir : NULL;
	int r;

	*out = val_absent();
	if (!*name || strchr(name, '/')) {
		strbuf_addf(err, "invalid template name \"%s\"", name);
		return -1;
	}
	if (native_enabled) {
		r = built_in_applies(name, dir, err);
		if (r < 0)
			return -1;
		if (r && (r = template_native(name, params, out, &why)) <= 0) {
			if (r < 0)
				strbuf_addf(err, "%s.jq: %s", name, why.buf);
			strbuf_release(&why);
			return r;
		}
	}
	prog = get_program(name, override_dir && *override_dir ? override_dir : NULL,
			   &label, err);
	if (!prog)
		return -1;
	if (jq_run(prog, params, out, &why)) {
		strbuf_addf(err, "%s: %s", label, why.buf);
		strbuf_release(&why);
		return -1;
	}
	strbuf_release(&why);
	for (val_iter_init(&it, *out); val_iter_next(&it);) {
		if (!val_is_obj(it.value)) {
			enum val_kind k = val_kind(it.value);

			strbuf_addf(err, "%s: output %zu is %s%s, not an object",
				    label, it.index + 1,
				    k == VAL_NULL ? "" : k == VAL_ARRAY ? "an " : "a ",
				    val_kind_name(k));
			val_release(out);
			return -1;
		}
	}
	return 0;
}
