/*
 * PEM and X.509 as `kubectl sail ca` loads them: a certificate, a key, a
 * root bundle and a chain (NUL-separated), through the key match, the
 * bundle checks istiod makes, and the fingerprint. Never a crash; errors
 * one line; a key's text never shows in an error.
 */
#include "fuzz.h"
#include "x509.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *p[4] = { 0 }, hex[65];
	struct strbuf err = STRBUF_INIT;
	size_t n, i;

	fuzz_quiet();
	n = fuzz_parts(data, size, p, 4);
	for (i = n; i < 4; i++)
		p[i] = xstrdup("");
	for (i = 0; i < 4; i++)
		(void)x509_fingerprint(p[i], hex);
	if (x509_check_key_match(p[0], p[1], &err)) {
		if (!fuzz_one_line(err.buf))
			fuzz_fail("key match error is not one line: \"%s\"", err.buf);
		if (strlen(p[1]) >= 16 && strstr(err.buf, p[1]))
			fuzz_fail("the key is quoted in an error");
	}
	strbuf_reset(&err);
	if (x509_check_bundle(p[0], p[1], p[2], p[3], &err)) {
		if (!fuzz_one_line(err.buf))
			fuzz_fail("bundle error is not one line: \"%s\"", err.buf);
	}
	strbuf_release(&err);
	for (i = 0; i < 4; i++)
		free(p[i]);
	return 0;
}
