/*
 * The operator's objects (templates/sail-operator.jq) and its CRDs (the
 * embedded, compressed templates/crds/).
 */
#include "sail.h"
#include "operator/operator.h"
#include "embedded.h"
#include "template.h"
#include "yaml.h"
#include <zlib.h>

int operator_render(const struct operator_release *r, const char *ns, const char *image,
		    struct val *docs, struct strbuf *err)
{
	struct val p = val_obj();
	int ret;

	val_set_str(&p, "namespace", ns);
	val_set_str(&p, "image", image ? image : r->image);
	val_set(&p, "images", r->images);
	ret = template_render("sail-operator", p, NULL, docs, err);
	val_release(&p);
	return ret;
}

int embedded_inflate(const struct embedded_z *f, char **out, struct strbuf *err)
{
	char *buf = xmalloc(f->len + 1);
	uLongf len = f->len;

	if (uncompress((Bytef *)buf, &len, f->data, f->zlen) != Z_OK || len != f->len) {
		free(buf);
		strbuf_addf(err, "embedded %s does not inflate (a broken build)", f->name);
		return -1;
	}
	buf[len] = 0;
	*out = buf;
	return 0;
}

int operator_crds(struct val *crds, struct strbuf *err)
{
	const struct embedded_z *f;

	*crds = val_arr();
	for (f = embedded_crds; f->name; f++) {
		char *text;
		struct val doc;
		int ret;

		if (embedded_inflate(f, &text, err))
			goto fail;
		ret = yaml_parse_one(text, f->len, f->name, &doc, err);
		free(text);
		if (ret)
			goto fail;
		val_push_take(crds, doc);
	}
	return 0;
fail:
	val_release(crds);
	return -1;
}

bool operator_crd_is_sail(struct val crd)
{
	const char *g = val_dig_str(crd, "spec", "group", NULL);

	return g && !strcmp(g, "sailoperator.io");
}
