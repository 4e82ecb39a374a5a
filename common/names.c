#include "sail.h"
#include "names.h"

bool dns1123_label(const char *s)
{
	size_t i, n = strlen(s);

	if (!n || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '-'))
			return false;
	return true;
}

bool dns1035_label(const char *s)
{
	return dns1123_label(s) && s[0] >= 'a' && s[0] <= 'z';
}

/* The first control character of s[0..n) (C0, DEL), or -1. */
static int control_at(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return (int)i;
	return -1;
}

static int check_string(const char *kind, const char *what, struct val v,
			struct strbuf *err)
{
	const char *s;
	int at;

	if (!val_is_str(v))
		return 0;
	s = val_str_get(v);
	at = control_at(s, val_str_len(v));
	if (at < 0)
		return 0;
	strbuf_addf(err, "%s %s \"", kind, what);
	strbuf_add(err, s, (size_t)at);
	strbuf_addf(err, "...\" holds the control character 0x%02x at byte %d: names, namespaces, labels and annotation keys are printable text",
		    (unsigned char)s[at], at + 1);
	return -1;
}

static int check_keys(const char *kind, const char *what, struct val map,
		      bool values, struct strbuf *err)
{
	struct val_iter it;

	for (val_iter_init(&it, map); val_iter_next(&it); ) {
		int at = control_at(it.key, strlen(it.key));

		if (at >= 0) {
			strbuf_addf(err, "%s %s key \"%.*s...\" holds the control character 0x%02x: names, namespaces, labels and annotation keys are printable text",
				    kind, what, at, it.key, (unsigned char)it.key[at]);
			return -1;
		}
		if (values && check_string(kind, what, it.value, err))
			return -1;
	}
	return 0;
}

int names_check_object(struct val obj, struct strbuf *err)
{
	const char *kind = val_get_str(obj, "kind");
	struct val meta = val_get(obj, "metadata"), v;
	int ret = -1;

	if (!kind || !*kind)
		kind = "object";
	v = val_get(meta, "name");
	if (check_string(kind, "name", v, err))
		goto out;
	val_release(&v);
	v = val_get(meta, "namespace");
	if (check_string(kind, "namespace", v, err))
		goto out;
	val_release(&v);
	v = val_get(meta, "generateName");
	if (check_string(kind, "generateName", v, err))
		goto out;
	val_release(&v);
	v = val_get(meta, "labels");
	if (check_keys(kind, "label", v, true, err))
		goto out;
	val_release(&v);
	v = val_get(meta, "annotations");
	if (check_keys(kind, "annotation", v, false, err))
		goto out;
	ret = 0;
out:
	val_release(&v);
	val_release(&meta);
	return ret;
}

int names_check_docs(struct val docs, size_t max_bytes, struct strbuf *err)
{
	struct strbuf json = STRBUF_INIT;
	struct val_iter it;
	int ret = 0;

	for (val_iter_init(&it, docs); val_iter_next(&it) && !ret; ) {
		if (names_check_object(it.value, err)) {
			ret = -1;
			break;
		}
		strbuf_reset(&json);
		val_to_json(it.value, &json, 0);
		if (max_bytes && json.len > max_bytes) {
			strbuf_addf(err, "%s \"%s\" is %zu bytes, more than the %zu MiB the API server accepts for one object",
				    val_get_str(it.value, "kind") ?: "object",
				    val_dig_str(it.value, "metadata", "name", NULL) ?: "",
				    json.len, max_bytes >> 20);
			ret = -1;
		}
	}
	strbuf_release(&json);
	return ret;
}

int names_check_service_part(const char *what, const char *name,
			     struct strbuf *err)
{
	char svc[128];

	snprintf(svc, sizeof(svc), "istiod-%s", name);
	if (strlen(name) < sizeof(svc) - 8 && dns1035_label(svc))
		return 0;
	strbuf_addf(err, "%s \"%s\" is not valid: the operator names a Service \"istiod-%s\" after it, and a Service name must be a DNS-1035 label (lower-case letters, digits and '-', at most 63 characters)",
		    what, name, name);
	return -1;
}

static bool label_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool label_value(const char *s)
{
	size_t i, n = strlen(s);

	if (n > 63)
		return false;
	if (!n)
		return true;
	if (!label_alnum(s[0]) || !label_alnum(s[n - 1]))
		return false;
	for (i = 1; i + 1 < n; i++)
		if (!label_alnum(s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
			return false;
	return true;
}
