/*
 * An exec credential plugin's stdout (ExecCredential JSON), decoded as
 * after running the plugin, for both API versions. Never a crash; an
 * error is one line and never quotes the token or key it was given.
 */
#include "fuzz.h"
#include "restconfig.h"
#include "value.h"

static const char *const versions[] = {
	"client.authentication.k8s.io/v1",
	"client.authentication.k8s.io/v1beta1",
};

/* A secret in an error, unless the fuzzer put it in a field that is shown
 * (kind, apiVersion, expirationTimestamp) or it is the configured version. */
static void check_secret(struct val cred, const char *key, const char *err,
			 const char *version)
{
	struct val status = val_get(cred, "status");
	struct val shown[4];
	const char *s = val_get_str(status, key);
	size_t i;

	shown[0] = val_get(cred, "kind");
	shown[1] = val_get(cred, "apiVersion");
	shown[2] = val_get(status, "expirationTimestamp");
	shown[3] = val_str(version);	/* the one configured */
	if (s && strlen(s) >= 12 && strstr(err, s)) {
		/* (shown strings may hold NULs: search all of them) */
		for (i = 0; i < ARRAY_SIZE(shown); i++)
			if (val_is_str(shown[i]) &&
			    memmem(val_str_get(shown[i]), val_str_len(shown[i]), s, strlen(s)))
				break;
		if (i == ARRAY_SIZE(shown))
			fuzz_fail("status.%s quoted in an error: %s", key, err);
	}
	for (i = 0; i < ARRAY_SIZE(shown); i++)
		val_release(&shown[i]);
	val_release(&status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;
	size_t i;

	fuzz_quiet();
	for (i = 0; i < ARRAY_SIZE(versions); i++) {
		rest_config_init(&cfg);
		cfg.exec = xcalloc(1, sizeof(*cfg.exec));
		cfg.exec->api_version = xstrdup(versions[i]);
		if (exec_credential_decode(&cfg, (const char *)data, size, &err)) {
			struct val cred;
			struct strbuf perr = STRBUF_INIT;

			if (!fuzz_one_line(err.buf))
				fuzz_fail("exec error is not one line: \"%s\"", err.buf);
			if (cfg.token || cfg.client_key_pem || cfg.exec->have_cred)
				fuzz_fail("a failed decode changed the credential");
			if (!val_parse_json((const char *)data, size, &cred, &perr)) {
				check_secret(cred, "token", err.buf, versions[i]);
				check_secret(cred, "clientKeyData", err.buf, versions[i]);
				val_release(&cred);
			}
			strbuf_release(&perr);
		} else if (!cfg.exec->have_cred ||
			   (!cfg.token && !(cfg.client_cert_pem && cfg.client_key_pem))) {
			fuzz_fail("decoded without a credential");
		}
		strbuf_release(&err);
		rest_config_release(&cfg);
	}
	return 0;
}
