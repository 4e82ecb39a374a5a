/*
 * The Sail Operator versions this build installs, and operator version
 * arithmetic (see operator.h).
 */
#include "sail.h"
#include "operator/operator.h"
#include "embedded.h"
#include "yaml.h"

static char *dup_str(struct val v, const char *key)
{
	const char *s = val_get_str(v, key);

	return s ? xstrdup(s) : NULL;
}

const struct operator_release *operator_releases(size_t *nr)
{
	static struct operator_release *rel;
	static size_t n;
	const struct embedded_file *f;
	struct strbuf err = STRBUF_INIT;
	struct val doc, list;
	struct val_iter it;

	if (rel) {
		*nr = n;
		return rel;
	}
	f = embedded_find("operator-versions.yaml");
	if (!f)
		BUG("operator-versions.yaml is not embedded");
	if (yaml_parse_one(f->data, f->len, "operator-versions.yaml", &doc, &err))
		BUG("embedded %s", err.buf);
	list = val_get(doc, "operators");
	if (!val_len(list))
		BUG("operator-versions.yaml lists no operator");
	rel = xcalloc(val_len(list), sizeof(*rel));
	for (val_iter_init(&it, list); val_iter_next(&it); ) {
		struct operator_release *r = &rel[n++];
		struct val olm = val_get(it.value, "olm");

		r->version = dup_str(it.value, "version");
		r->image = dup_str(it.value, "image");
		r->kubernetes = dup_str(it.value, "kubernetes");
		r->olm_package = dup_str(olm, "package");
		r->olm_channel = dup_str(olm, "channel");
		r->olm_csv = dup_str(olm, "csv");
		r->images = val_get(it.value, "images");
		if (!r->version || !r->image || !val_is_obj(r->images))
			BUG("operator-versions.yaml: entry %zu lacks version, image or images", n);
		val_release(&olm);
	}
	val_release(&list);
	val_release(&doc);
	*nr = n;
	return rel;
}

int operator_release_find(const char *version, const struct operator_release **out,
			  struct strbuf *err)
{
	size_t nr, i;
	const struct operator_release *rel = operator_releases(&nr);

	if (!version) {
		*out = &rel[0];
		return 0;
	}
	if (*version == 'v')
		version++;
	for (i = 0; i < nr; i++)
		if (!strcmp(rel[i].version, version)) {
			*out = &rel[i];
			return 0;
		}
	strbuf_addf(err, "Sail Operator version \"%s\" is not embedded in this build; it installs ", version);
	for (i = 0; i < nr; i++)
		strbuf_addf(err, "%s%s%s", i ? ", " : "", rel[i].version, i ? "" : " (the default)");
	return -1;
}

int operator_parse_version(const char *s, struct operator_version *v)
{
	int a, b, c, n = 0;

	if (*s == 'v')
		s++;
	if (sscanf(s, "%d.%d.%d%n", &a, &b, &c, &n) == 3 && a >= 0 && b >= 0 && c >= 0 &&
	    (!s[n] || s[n] == '-')) {
		*v = (struct operator_version){ a, b, c };
		return 0;
	}
	n = 0;
	/* branch builds: MAJOR.MINOR-latest, MAJOR.MINOR-nightly-DATE */
	if (sscanf(s, "%d.%d%n", &a, &b, &n) == 2 && a >= 0 && b >= 0 &&
	    (!strcmp(s + n, "-latest") || !strncmp(s + n, "-nightly", 8))) {
		*v = (struct operator_version){ a, b, -1 };
		return 0;
	}
	return -1;
}

/* The tag of an image reference, or NULL (none, or a digest). */
static const char *image_tag(const char *image)
{
	const char *slash = strrchr(image, '/'), *last = slash ? slash + 1 : image;
	const char *colon = strchr(last, ':');

	if (strchr(image, '@'))
		return NULL;
	return colon && colon[1] ? colon + 1 : NULL;
}

int operator_image_version(const char *image, struct operator_version *v)
{
	const char *tag = image ? image_tag(image) : NULL;

	return tag ? operator_parse_version(tag, v) : -1;
}

int operator_version_cmp(const struct operator_version *a, const struct operator_version *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	if (a->patch < 0 || b->patch < 0 || a->patch == b->patch)
		return 0;
	return a->patch < b->patch ? -1 : 1;
}

int operator_check_image(const char *image, struct strbuf *err)
{
	const char *at = strchr(image, '@');

	if (!*image || strchr(image, ' ')) {
		strbuf_addf(err, "--image \"%s\" is not an image reference", image);
		return -1;
	}
	if (at) {
		if (strncmp(at + 1, "sha256:", 7) || strlen(at + 8) != 64 ||
		    strspn(at + 8, "0123456789abcdef") != 64) {
			strbuf_addf(err, "--image %s: a digest is @sha256: and 64 hex digits", image);
			return -1;
		}
		return 0;
	}
	if (!image_tag(image)) {
		strbuf_addf(err, "--image %s names neither a tag nor a digest: give IMAGE:TAG or IMAGE@sha256:DIGEST (a moving default tag would change the operator under the cluster)", image);
		return -1;
	}
	return 0;
}
