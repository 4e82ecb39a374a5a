#include "sail.h"
#include "output.h"
#include "jq.h"
#include "jsonpath.h"
#include "yaml.h"

#include <ctype.h>

#define ALLOWED "json,jsonpath,name,wide,yaml"

int output_parse(const char *spec, const char *jq_expr, struct output *out,
		 struct strbuf *err)
{
	memset(out, 0, sizeof(*out));
	if (!spec || !*spec) {
		out->format = jq_expr ? OUTPUT_JSON : OUTPUT_DEFAULT;
	} else if (!strcmp(spec, "json")) {
		out->format = OUTPUT_JSON;
	} else if (!strcmp(spec, "yaml")) {
		out->format = OUTPUT_YAML;
	} else if (!strcmp(spec, "name")) {
		out->format = OUTPUT_NAME;
	} else if (!strcmp(spec, "wide")) {
		out->format = OUTPUT_WIDE;
	} else if (!strcmp(spec, "jsonpath") || !strcmp(spec, "jsonpath=")) {
		strbuf_addstr(err, "template format specified but no template given");
		return -1;
	} else if (!strncmp(spec, "jsonpath=", 9)) {
		out->format = OUTPUT_JSONPATH;
		if (jsonpath_compile(spec + 9, &out->jsonpath, err))
			return -1;
	} else {
		strbuf_addf(err, "unable to match a printer suitable for the output format \"%s\", "
			    "allowed formats are: " ALLOWED, spec);
		return -1;
	}

	if (jq_expr) {
		struct strbuf why = STRBUF_INIT;

		if (out->format != OUTPUT_JSON && out->format != OUTPUT_YAML) {
			strbuf_addf(err, "--jq works with -o json or -o yaml, not -o %.*s",
				    (int)strcspn(spec, "="), spec);
			output_release(out);
			return -1;
		}
		if (jq_compile_prog(jq_expr, val_absent(), &out->jq, &why)) {
			strbuf_addf(err, "invalid --jq expression: %s", why.buf);
			strbuf_release(&why);
			output_release(out);
			return -1;
		}
		strbuf_release(&why);
	}
	return 0;
}

void output_release(struct output *o)
{
	jsonpath_free(o->jsonpath);
	jqprog_free(o->jq);
	o->jsonpath = NULL;
	o->jq = NULL;
}

int output_object_name(struct val obj, struct strbuf *out, struct strbuf *err)
{
	const char *kind = val_get_str(obj, "kind");
	const char *api = val_get_str(obj, "apiVersion");
	const char *name = val_dig_str(obj, "metadata", "name", NULL);
	const char *slash;

	if (!name || !*name)
		name = "<unknown>";
	if (!kind || !*kind) {
		strbuf_addf(err, "missing kind for resource with name %s", name);
		return -1;
	}
	for (; *kind; kind++)
		strbuf_addch(out, tolower((unsigned char)*kind));
	slash = api ? strchr(api, '/') : NULL;
	if (slash && slash > api) {
		strbuf_addch(out, '.');
		strbuf_add(out, api, (size_t)(slash - api));
	}
	strbuf_addf(out, "/%s", name);
	return 0;
}

/* A deep copy with every object's keys in sorted order. */
static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static struct val sorted(struct val v)
{
	struct val_iter it;
	struct val res;

	if (val_is_arr(v)) {
		res = val_arr();
		for (val_iter_init(&it, v); val_iter_next(&it);)
			val_push_take(&res, sorted(it.value));
		return res;
	}
	if (val_is_obj(v)) {
		const char **keys = xmalloc((val_len(v) + 1) * sizeof(*keys));
		size_t n = 0, i;

		for (val_iter_init(&it, v); val_iter_next(&it);)
			keys[n++] = it.key;
		qsort(keys, n, sizeof(*keys), cmp_cstr);
		res = val_obj();
		for (i = 0; i < n; i++) {
			struct val m = val_get(v, keys[i]);

			val_set_take(&res, keys[i], sorted(m));
			val_release(&m);
		}
		free(keys);
		return res;
	}
	return val_copy(v);
}

/* The objects, as an array, managedFields removed unless wanted. */
static struct val prepare(struct output *o, struct val objects)
{
	struct val items = val_arr();
	struct val_iter it;

	if (val_is_obj(objects)) {
		val_push(&items, objects);
	} else {
		for (val_iter_init(&it, objects); val_iter_next(&it);)
			val_push(&items, it.value);
	}
	if (!o->show_managed_fields) {
		size_t i, n = val_len(items);

		for (i = 0; i < n; i++) {
			struct val obj = val_at(items, i);
			struct val meta = val_get(obj, "metadata");

			if (val_has(meta, "managedFields")) {
				val_del(&meta, "managedFields");
				val_set_take(&obj, "metadata", meta);
				val_arr_set(&items, i, obj);
			} else {
				val_release(&meta);
			}
			val_release(&obj);
		}
	}
	return items;
}

/* What -o json/yaml/jsonpath print: the object, or a List of them. */
static struct val document(struct output *o, struct val items)
{
	struct val list, meta, doc;

	if (val_len(items) == 1 && !o->list) {
		struct val one = val_at(items, 0);

		doc = sorted(one);
		val_release(&one);
		return doc;
	}
	list = val_obj();
	meta = val_obj();
	val_set_str(&list, "apiVersion", "v1");
	val_set(&list, "items", items);
	val_set_str(&list, "kind", "List");
	val_set_str(&meta, "resourceVersion", "");
	val_set_take(&list, "metadata", meta);
	doc = sorted(list);
	val_release(&list);
	return doc;
}

static int print_names(struct output *o, struct val items, struct strbuf *out,
		       struct strbuf *err)
{
	bool verb = o->format != OUTPUT_NAME;
	struct val_iter it;

	for (val_iter_init(&it, items); val_iter_next(&it);) {
		if (output_object_name(it.value, out, err))
			return -1;
		if (verb && o->verb && *o->verb)
			strbuf_addf(out, " %s", o->verb);
		if (verb && o->dry_run == OUTPUT_DRY_RUN_CLIENT)
			strbuf_addstr(out, " (dry run)");
		else if (verb && o->dry_run == OUTPUT_DRY_RUN_SERVER)
			strbuf_addstr(out, " (server dry run)");
		strbuf_addch(out, '\n');
	}
	return 0;
}

static int print_jq(struct output *o, struct val doc, struct strbuf *out,
		    struct strbuf *err)
{
	struct val results;
	struct val_iter it;
	struct strbuf why = STRBUF_INIT;
	bool yaml = o->format == OUTPUT_YAML, prev_doc = false;

	if (jq_run(o->jq, doc, &results, &why)) {
		strbuf_addf(err, "--jq: %s", why.buf);
		strbuf_release(&why);
		return -1;
	}
	strbuf_release(&why);
	for (val_iter_init(&it, results); val_iter_next(&it);) {
		if (!yaml || val_is_str(it.value)) {
			jq_print_result(it.value, out);
			strbuf_addch(out, '\n');
			prev_doc = false;
			continue;
		}
		if (prev_doc)
			strbuf_addstr(out, "---\n");
		yaml_emit(it.value, out);
		prev_doc = true;
	}
	val_release(&results);
	return 0;
}

int output_render(struct output *o, struct val objects, struct strbuf *out,
		  struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	struct val items, doc = val_absent();
	int ret = 0;

	if (!val_is_arr(objects) && !val_is_obj(objects)) {
		strbuf_addf(err, "nothing to print: got %s, expected objects",
			    val_kind_name(val_kind(objects)));
		return -1;
	}
	items = prepare(o, objects);
	switch (o->format) {
	case OUTPUT_DEFAULT:
	case OUTPUT_WIDE:
	case OUTPUT_NAME:
		ret = print_names(o, items, &text, err);
		break;
	case OUTPUT_JSON:
	case OUTPUT_YAML:
	case OUTPUT_JSONPATH:
		doc = document(o, items);
		if (o->jq)
			ret = print_jq(o, doc, &text, err);
		else if (o->format == OUTPUT_JSON) {
			jsonpath_format_json_indent(doc, &text);
			strbuf_addch(&text, '\n');
		} else if (o->format == OUTPUT_YAML)
			yaml_emit(doc, &text);
		else
			ret = jsonpath_exec(o->jsonpath, doc, &text, err);
		break;
	}
	if (!ret)
		strbuf_add(out, text.buf, text.len);
	strbuf_release(&text);
	val_release(&doc);
	val_release(&items);
	return ret;
}

int output_print(struct output *o, struct val objects, FILE *f,
		 struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;

	if (output_render(o, objects, &text, err)) {
		strbuf_release(&text);
		return -1;
	}
	if ((text.len && fwrite(text.buf, 1, text.len, f) != text.len) ||
	    fflush(f) || ferror(f)) {
		strbuf_addf(err, "cannot write output: %s", strerror(errno));
		strbuf_release(&text);
		return -1;
	}
	strbuf_release(&text);
	return 0;
}
