/*
 * kubeconfig loading with merge: the input is two files (split at the
 * first NUL byte) given as KUBECONFIG=A:B, loaded as kubectl would with
 * no flags, then with --context/--user/--cluster taken from the first
 * names the files define. Never a crash; an error is one line; a secret
 * (token, password) never shows in an error or in the -v description.
 */
#include "fuzz.h"
#include "kubeconfig.h"
#include "restconfig.h"
#include "value.h"

static char dir[64], file_a[96], file_b[96];

static void cleanup(void)
{
	unlink(file_a);
	unlink(file_b);
	rmdir(dir);
}

static void setup(void)
{
	char *kc;

	if (*dir)
		return;
	fuzz_quiet();
	snprintf(dir, sizeof(dir), "/tmp/fuzz-kubeconfig.XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(file_a, sizeof(file_a), "%s/a", dir);
	snprintf(file_b, sizeof(file_b), "%s/b", dir);
	atexit(cleanup);
	kc = xstrfmt("%s:%s", file_a, file_b);
	setenv("KUBECONFIG", kc, 1);
	free(kc);
	unsetenv("KUBERNETES_SERVICE_HOST");
	unsetenv("KUBERNETES_SERVICE_PORT");
}

static void put(const char *path, const char *buf, size_t len)
{
	FILE *f = fopen(path, "w");

	if (!f || (len && fwrite(buf, 1, len, f) != len) || fclose(f))
		abort();
}

static bool leaks(const char *text, const char *secret)
{
	/* a short secret may occur in any text by chance */
	return secret && strlen(secret) >= 12 && strstr(text, secret);
}

static void load(const struct kube_overrides *o)
{
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT, desc = STRBUF_INIT;

	if (kubeconfig_load(o, &cfg, &err)) {
		if (!fuzz_one_line(err.buf))
			fuzz_fail("kubeconfig error is not one line: \"%s\"", err.buf);
		strbuf_release(&err);
		return;
	}
	rest_config_describe(&cfg, &desc);
	if (leaks(desc.buf, cfg.token) || leaks(desc.buf, cfg.password))
		fuzz_fail("a secret in the description: %s", desc.buf);
	if (!cfg.namespace || !cfg.server)
		fuzz_fail("loaded without a namespace or server");
	strbuf_release(&desc);
	strbuf_release(&err);
	rest_config_release(&cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct val names[3], first[3];
	struct strbuf err = STRBUF_INIT;
	char *a, *b;
	size_t alen, blen;
	int i;

	setup();
	fuzz_split(data, size, 0, &a, &alen, &b, &blen);
	put(file_a, a, alen);
	put(file_b, b, blen);

	load(&o);
	for (i = 0; i < 3; i++) {
		names[i] = val_absent();
		if (kubeconfig_names(&o, (enum kubeconfig_section)i, &names[i], &err)) {
			if (!fuzz_one_line(err.buf))
				fuzz_fail("kubeconfig error is not one line: \"%s\"", err.buf);
			strbuf_reset(&err);
		}
		first[i] = val_at(names[i], 0);
	}
	o.context = val_str_get(first[KUBECONFIG_CONTEXTS]);
	if (o.context)
		load(&o);
	o.user = val_str_get(first[KUBECONFIG_USERS]);
	o.cluster = val_str_get(first[KUBECONFIG_CLUSTERS]);
	o.namespace = "fuzz";
	if (o.user || o.cluster)
		load(&o);
	for (i = 0; i < 3; i++) {
		val_release(&first[i]);
		val_release(&names[i]);
	}
	strbuf_release(&err);
	free(a);
	free(b);
	return 0;
}
