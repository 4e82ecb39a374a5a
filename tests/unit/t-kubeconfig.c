#include "test.h"
#include "base64.h"
#include "kubeconfig.h"
#include "value.h"

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>

/*
 * Fixtures: tests/unit/kubeconfig/{a,b,c}/config are the merge matrix
 * (conflicting names, per-file relative paths); exec-plugin.sh is the
 * credential plugin. Other kubeconfigs are written to a temporary
 * directory by the tests themselves.
 */

static char tmp[64];
static char fixdir[PATH_MAX];
static char home[PATH_MAX];

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void cleanup(void)
{
	if (tmp[0])
		nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void setup(void)
{
	if (!tmp[0]) {
		snprintf(tmp, sizeof(tmp), "/tmp/t-kubeconfig.XXXXXX");
		if (!mkdtemp(tmp))
			die_errno("mkdtemp");
		atexit(cleanup);
		if (!realpath(test_path("kubeconfig"), fixdir))
			die_errno("realpath %s", test_path("kubeconfig"));
		snprintf(home, sizeof(home), "%s/home", tmp);
		mkdir(home, 0700);
	}
	unsetenv("KUBECONFIG");
	unsetenv("KUBERNETES_SERVICE_HOST");
	unsetenv("KUBERNETES_SERVICE_PORT");
	unsetenv("KUBERNETES_MASTER");
	unsetenv("POD_NAMESPACE");
	setenv("HOME", home, 1);
	setenv("SAIL_SERVICEACCOUNT_DIR", "/nonexistent/serviceaccount", 1);
}

/* A fixture's absolute path (a few static slots, reused round-robin). */
static const char *fix(const char *rel)
{
	static char buf[8][PATH_MAX + 64];
	static int slot;
	char *b = buf[slot++ % 8];

	snprintf(b, sizeof(buf[0]), "%s/%s", fixdir, rel);
	return b;
}

static const char *tmpf(const char *rel)
{
	static char buf[8][PATH_MAX];
	static int slot;
	char *b = buf[slot++ % 8];

	snprintf(b, sizeof(buf[0]), "%s/%s", tmp, rel);
	return b;
}

static const char *write_tmp(const char *rel, const char *content)
{
	const char *path = tmpf(rel);
	FILE *f = fopen(path, "w");

	if (!f)
		die_errno("fopen %s", path);
	fputs(content, f);
	fclose(f);
	return path;
}

static char *slurp(const char *path)
{
	char *s = read_file(path, NULL);

	return s ? s : xstrdup("");
}

static int count_lines(const char *path)
{
	char *s = read_file(path, NULL), *p;
	int n = 0;

	if (!s)
		return 0;
	for (p = s; *p; p++)
		n += *p == '\n';
	free(s);
	return n;
}

static void set_kubeconfig_env(const char *a, const char *b, const char *c,
			       const char *d)
{
	struct strbuf sb = STRBUF_INIT;
	const char *parts[] = { a, b, c, d };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(parts); i++) {
		if (!parts[i])
			continue;
		if (sb.len)
			strbuf_addch(&sb, ':');
		strbuf_addstr(&sb, parts[i]);
	}
	setenv("KUBECONFIG", sb.buf, 1);
	strbuf_release(&sb);
}

/* The three-file matrix with a missing file in the middle. */
static void matrix_env(void)
{
	set_kubeconfig_env(fix("a/config"), fix("missing/config"),
			   fix("b/config"), fix("c/config"));
}

static int load(const struct kube_overrides *o, struct rest_config *cfg,
		struct strbuf *err)
{
	strbuf_reset(err);
	return kubeconfig_load(o, cfg, err);
}

#define LOAD_OK(o, cfg, err) \
	do { \
		if (load((o), (cfg), (err))) { \
			test_fail(__FILE__, __LINE__, "kubeconfig_load: %s", (err)->buf); \
			return; \
		} \
	} while (0)

#define LOAD_FAILS(o, cfg, err, needle) \
	do { \
		if (!load((o), (cfg), (err))) { \
			test_fail(__FILE__, __LINE__, "kubeconfig_load succeeded, expected \"%s\"", needle); \
			rest_config_release(cfg); \
		} else { \
			CHECK_CONTAINS((err)->buf, needle); \
		} \
	} while (0)

/* ---- merging ---- */

static void test_merge_first_file_wins(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;

	setup();
	matrix_env();
	/* a's current-context is empty: b's is the first non-empty */
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.context, "ctx-b");
	CHECK_STR(cfg.cluster_name, "cluster-b");
	CHECK_STR(cfg.user_name, "user-b");
	CHECK_STR(cfg.server, "https://b.example:443");
	CHECK_STR(cfg.ca_pem, "CA-B");
	CHECK_STR(cfg.namespace, "ns-b");
	CHECK(!cfg.namespace_explicit);
	CHECK(!cfg.token);
	CHECK_STR(cfg.token_file, fix("b/token"));	/* relative to b/ */
	CHECK(!cfg.exec);
	CHECK_INT(cfg.timeout_ms, 30000);
	rest_config_release(&cfg);

	/* "shared" is in a and b: a's entries win completely */
	o.context = "shared-ctx";
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.cluster_name, "shared");
	CHECK_STR(cfg.server, "https://a.example:6443");
	CHECK(!cfg.insecure);			/* b's shared is insecure: ignored */
	CHECK_STR(cfg.ca_pem, "CA-A\n");	/* a/ca.crt */
	CHECK_STR(cfg.client_cert_pem, "CLIENT-CERT-A\n");
	CHECK_STR(cfg.client_key_pem, "CLIENT-KEY-A\n");
	CHECK(!cfg.token);			/* b's shared-user token ignored */
	CHECK_STR(cfg.namespace, "ns-a");	/* a's shared-ctx, not b's */
	rest_config_release(&cfg);
	strbuf_release(&err);
}

static void test_merge_relative_paths_per_file(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;
	char *want;

	setup();
	matrix_env();
	/* context from b, cluster from c: each keeps its own directory */
	o.context = "ctx-b";
	o.user = "user-c";
	o.cluster = "cluster-c";
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.server, "https://localhost:6443");	/* scheme added */
	CHECK(cfg.insecure);
	CHECK(cfg.exec != NULL);
	want = xstrfmt("%s/c/bin/plugin", fixdir);
	if (cfg.exec) {
		CHECK_STR(cfg.exec->command, want);
		CHECK_STR(cfg.exec->args[0], "get-token");
		CHECK(!cfg.exec->args[1]);
		CHECK_STR(cfg.exec->api_version, "client.authentication.k8s.io/v1beta1");
		CHECK_STR(cfg.exec->interactive_mode, "IfAvailable");
	}
	free(want);
	rest_config_release(&cfg);

	/* a command without '/' is left for PATH */
	o.user = "user-c-path";
	LOAD_OK(&o, &cfg, &err);
	CHECK(cfg.exec && !strcmp(cfg.exec->command, "aws"));
	rest_config_release(&cfg);

	/* a user from b with a cluster from a */
	o.context = "a-only";
	o.user = "user-b";
	o.cluster = NULL;
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.server, "https://only-a.example");
	CHECK_STR(cfg.token_file, fix("b/token"));
	CHECK_STR(cfg.tls_server_name, "api.only-a");
	CHECK_STR(cfg.proxy_url, "socks5://proxy:1080");
	CHECK(cfg.disable_compression);
	CHECK_STR(cfg.ca_pem, "CA-X");
	rest_config_release(&cfg);
	strbuf_release(&err);
}

static void test_current_context_first_nonempty(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;
	char *list;

	setup();
	set_kubeconfig_env(fix("c/config"), fix("b/config"), NULL, NULL);
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.context, "ctx-c");
	rest_config_release(&cfg);

	/* duplicates and empty entries are dropped */
	list = xstrfmt("::%s:%s::%s:", fix("a/config"), fix("a/config"),
		       fix("c/config"));
	setenv("KUBECONFIG", list, 1);
	free(list);
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.context, "ctx-c");
	rest_config_release(&cfg);
	strbuf_release(&err);
}

static void test_kubeconfig_flag(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;
	char cwd[PATH_MAX];

	setup();
	matrix_env();
	/* only that file: b's "shared" now counts */
	o.kubeconfig = fix("b/config");
	o.context = "shared-ctx";
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.namespace, "ns-b-shared");
	CHECK_STR(cfg.server, "https://b.example:443");
	rest_config_release(&cfg);

	o.context = "shared-ctx";
	o.cluster = "shared";
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.server, "https://b-shared.example");
	CHECK(cfg.insecure);
	rest_config_release(&cfg);

	/* a relative --kubeconfig: paths resolve against its directory */
	if (!getcwd(cwd, sizeof(cwd)) || chdir(fixdir)) {
		test_fail(__FILE__, __LINE__, "chdir %s", fixdir);
		return;
	}
	o.context = NULL;
	o.cluster = NULL;
	o.kubeconfig = "./c/../b//config";
	load(&o, &cfg, &err);
	if (chdir(cwd))
		die_errno("chdir back");
	CHECK_STR(err.buf, "");
	CHECK_STR(cfg.token_file, fix("b/token"));
	rest_config_release(&cfg);

	o.kubeconfig = tmpf("nope/config");
	LOAD_FAILS(&o, &cfg, &err, "stat ");
	CHECK_CONTAINS(err.buf, "nope/config: no such file or directory");
	strbuf_release(&err);
}

static void test_unknown_names(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;

	setup();
	matrix_env();
	o.context = "nope";
	LOAD_FAILS(&o, &cfg, &err, "context \"nope\" does not exist");
	o.context = NULL;
	o.cluster = "nope";
	LOAD_FAILS(&o, &cfg, &err, "cluster \"nope\" does not exist");
	o.cluster = NULL;
	o.user = "nope";
	LOAD_FAILS(&o, &cfg, &err, "auth info \"nope\" does not exist");

	/* a current-context naming nothing */
	o.user = NULL;
	o.kubeconfig = write_tmp("ghost.json",
		"{\"current-context\": \"ghost\", \"clusters\": []}");
	LOAD_FAILS(&o, &cfg, &err, "invalid configuration: [context was not found for specified context: ghost, cluster has no server defined]");
	o.server = "https://x";
	LOAD_FAILS(&o, &cfg, &err, "invalid configuration: context was not found for specified context: ghost");
	strbuf_release(&err);
}

static void test_no_configuration(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;
	const char *diag;

	setup();
	LOAD_FAILS(&o, &cfg, &err, "no configuration has been provided");
	CHECK_CONTAINS(err.buf, home);
	CHECK_CONTAINS(err.buf, "set KUBECONFIG, use --kubeconfig, or --server");

	set_kubeconfig_env(tmpf("x"), tmpf("y"), NULL, NULL);
	test_diag_capture(true);
	LOAD_FAILS(&o, &cfg, &err, "KUBECONFIG=");
	diag = test_diag();
	CHECK_CONTAINS(diag, "Config not found: ");
	CHECK_CONTAINS(diag, tmpf("y"));
	test_diag_capture(false);

	/* a file without a current-context */
	o.kubeconfig = write_tmp("nocontext.json", "{\"clusters\": [{\"name\": \"c\", \"cluster\": {\"server\": \"https://c\"}}]}");
	LOAD_FAILS(&o, &cfg, &err, "no kubeconfig context");
	CHECK_CONTAINS(err.buf, "nocontext.json");

	/* --server alone is enough */
	o.server = "https://only-flags:6443/";
	o.token = "flag-token";
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.server, "https://only-flags:6443");
	CHECK_STR(cfg.token, "flag-token");
	CHECK_STR(cfg.namespace, "default");
	CHECK(!cfg.context);
	rest_config_release(&cfg);

	/* an empty file is fine */
	o.server = NULL;
	o.kubeconfig = write_tmp("empty.yaml", "");
	LOAD_FAILS(&o, &cfg, &err, "no kubeconfig context");

	/* KUBERNETES_MASTER is client-go's default server */
	setenv("KUBERNETES_MASTER", "https://master:6443", 1);
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.server, "https://master:6443");
	rest_config_release(&cfg);
	strbuf_release(&err);
}

static void test_invalid_files(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;
	const char *p;

	setup();
	p = write_tmp("broken.yaml", "{\"clusters\": [\n");
	set_kubeconfig_env(fix("a/config"), p, NULL, NULL);
	LOAD_FAILS(&o, &cfg, &err, p);
	CHECK_CONTAINS(err.buf, "broken.yaml:");

	/* YAML errors name the file and the line */
	p = write_tmp("broken2.yaml", "clusters:\n- name: x\n  cluster: [\n");
	set_kubeconfig_env(fix("a/config"), p, NULL, NULL);
	LOAD_FAILS(&o, &cfg, &err, p);
	CHECK_CONTAINS(err.buf, "broken2.yaml:4:");

	/* field types are checked */
	p = write_tmp("types.yaml",
		"current-context: t\n"
		"clusters:\n- name: c\n  cluster:\n    server: https://x\n"
		"    insecure-skip-tls-verify: \"true\"\n"
		"contexts:\n- name: t\n  context: {cluster: c}\n");
	set_kubeconfig_env(p, NULL, NULL, NULL);
	LOAD_FAILS(&o, &cfg, &err, "types.yaml: cluster \"c\": insecure-skip-tls-verify: expected a boolean, got string");

	p = write_tmp("dup.json", "{\"clusters\": [{\"name\": \"x\"}, {\"name\": \"x\"}]}");
	set_kubeconfig_env(p, NULL, NULL, NULL);
	LOAD_FAILS(&o, &cfg, &err, "duplicate name \"x\" in clusters");

	p = write_tmp("notlist.json", "{\"users\": {\"name\": \"x\"}}");
	set_kubeconfig_env(p, NULL, NULL, NULL);
	LOAD_FAILS(&o, &cfg, &err, "users: expected a list");

	/* a directory is unreadable, not missing */
	set_kubeconfig_env(tmp, NULL, NULL, NULL);
	LOAD_FAILS(&o, &cfg, &err, "error loading config file");

	p = write_tmp("unreadable.json", "{}");
	chmod(p, 0);
	if (access(p, R_OK)) {	/* root reads anything */
		set_kubeconfig_env(p, NULL, NULL, NULL);
		LOAD_FAILS(&o, &cfg, &err, "permission denied");
	}
	strbuf_release(&err);
}

static void test_namespace_precedence(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;

	setup();
	matrix_env();
	o.namespace = "flag-ns";
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.namespace, "flag-ns");
	CHECK(cfg.namespace_explicit);
	rest_config_release(&cfg);

	o.namespace = NULL;
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.namespace, "ns-b");
	CHECK(!cfg.namespace_explicit);
	rest_config_release(&cfg);

	o.context = "a-only";	/* no namespace in the context */
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.namespace, "default");
	rest_config_release(&cfg);
	strbuf_release(&err);
}

/* ---- flag overlays ---- */

static const char *tls_config(void)
{
	return write_tmp("tls.json",
		"{\"current-context\": \"t\",\n"
		" \"clusters\": [\n"
		"  {\"name\": \"named\", \"cluster\": {\"server\": \"https://10.1.1.1\", \"tls-server-name\": \"api.internal\", \"certificate-authority-data\": \"Q0EtQg==\"}},\n"
		"  {\"name\": \"insecure\", \"cluster\": {\"server\": \"https://10.1.1.2\", \"insecure-skip-tls-verify\": true}},\n"
		"  {\"name\": \"both\", \"cluster\": {\"server\": \"https://10.1.1.3\", \"insecure-skip-tls-verify\": true, \"certificate-authority-data\": \"Q0EtQg==\"}}],\n"
		" \"users\": [\n"
		"  {\"name\": \"certs\", \"user\": {\"client-certificate-data\": \"Q0VSVC1E\", \"client-key-data\": \"S0VZLUQ=\"}},\n"
		"  {\"name\": \"basic\", \"user\": {\"username\": \"alice\", \"password\": \"pa55word\"}},\n"
		"  {\"name\": \"tokenfile\", \"user\": {\"tokenFile\": \"/nonexistent/token\"}},\n"
		"  {\"name\": \"halfcert\", \"user\": {\"client-certificate-data\": \"Q0VSVC1E\"}},\n"
		"  {\"name\": \"missingcert\", \"user\": {\"client-certificate\": \"nope.crt\", \"client-key\": \"nope.key\"}}],\n"
		" \"contexts\": [{\"name\": \"t\", \"context\": {\"cluster\": \"named\", \"user\": \"certs\"}}]}\n");
}

static void test_overlay_server_and_tls_server_name(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;

	setup();
	o.kubeconfig = tls_config();
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.tls_server_name, "api.internal");
	CHECK_STR(cfg.ca_pem, "CA-B");
	rest_config_release(&cfg);

	o.server = "10.9.9.9:6443";	/* --server drops the file's name */
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.server, "https://10.9.9.9:6443");
	CHECK(!cfg.tls_server_name);
	CHECK_STR(cfg.ca_pem, "CA-B");	/* CA stays */
	rest_config_release(&cfg);

	o.tls_server_name = "flag.name";
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.tls_server_name, "flag.name");
	rest_config_release(&cfg);

	o.server = NULL;
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.server, "https://10.1.1.1");
	CHECK_STR(cfg.tls_server_name, "flag.name");
	rest_config_release(&cfg);

	/* plain http: no TLS material and no credentials (client-go) */
	o.tls_server_name = NULL;
	o.server = "http://127.0.0.1:8001";
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.server, "http://127.0.0.1:8001");
	CHECK(!cfg.ca_pem && !cfg.client_cert_pem && !cfg.client_key_pem);
	rest_config_release(&cfg);
	strbuf_release(&err);
}

static void test_overlay_insecure_and_ca(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;

	setup();
	o.kubeconfig = tls_config();
	/* --insecure-skip-tls-verify clears the file's CA */
	o.insecure_skip_tls_verify = 1;
	LOAD_OK(&o, &cfg, &err);
	CHECK(cfg.insecure);
	CHECK(!cfg.ca_pem);
	rest_config_release(&cfg);

	/* =false is a no-op, as with kubectl */
	o.insecure_skip_tls_verify = 0;
	o.cluster = "insecure";
	LOAD_OK(&o, &cfg, &err);
	CHECK(cfg.insecure);
	rest_config_release(&cfg);

	/* --certificate-authority replaces CA data and the insecure flag */
	o.insecure_skip_tls_verify = -1;
	o.certificate_authority = fix("flag-ca.crt");
	LOAD_OK(&o, &cfg, &err);
	CHECK(!cfg.insecure);
	CHECK_STR(cfg.ca_pem, "CA-FLAG\n");
	rest_config_release(&cfg);

	o.cluster = NULL;
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.ca_pem, "CA-FLAG\n");
	rest_config_release(&cfg);

	/* both flags: refused */
	o.insecure_skip_tls_verify = 1;
	LOAD_FAILS(&o, &cfg, &err, "specifying a root certificates file with the insecure flag is not allowed");

	/* both in the file: refused */
	o.insecure_skip_tls_verify = -1;
	o.certificate_authority = NULL;
	o.cluster = "both";
	LOAD_FAILS(&o, &cfg, &err, "specifying a root certificates file with the insecure flag is not allowed");

	o.certificate_authority = tmpf("no-such-ca.crt");
	o.cluster = NULL;
	LOAD_FAILS(&o, &cfg, &err, "unable to read certificate-authority");
	CHECK_CONTAINS(err.buf, "no-such-ca.crt");
	strbuf_release(&err);
}

static void test_overlay_client_certificate(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;

	setup();
	o.kubeconfig = tls_config();
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.client_cert_pem, "CERT-D");
	CHECK_STR(cfg.client_key_pem, "KEY-D");
	rest_config_release(&cfg);

	o.client_certificate = fix("flag-client.crt");
	o.client_key = fix("flag-client.key");
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.client_cert_pem, "FLAG-CERT\n");
	CHECK_STR(cfg.client_key_pem, "FLAG-KEY\n");
	rest_config_release(&cfg);

	/* only the certificate replaced: the file's key data stays */
	o.client_key = NULL;
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.client_cert_pem, "FLAG-CERT\n");
	CHECK_STR(cfg.client_key_pem, "KEY-D");
	rest_config_release(&cfg);

	o.client_certificate = NULL;
	o.user = "halfcert";
	LOAD_FAILS(&o, &cfg, &err, "client-key-data or client-key must be specified for halfcert");

	o.user = "missingcert";
	LOAD_FAILS(&o, &cfg, &err, "unable to read client-cert");
	CHECK_CONTAINS(err.buf, "nope.crt");
	strbuf_release(&err);
}

static void test_overlay_token_and_basic(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;

	setup();
	o.kubeconfig = tls_config();
	o.token = "flag-token-123";
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.token, "flag-token-123");
	CHECK_STR(cfg.client_cert_pem, "CERT-D");	/* certificates stay */
	rest_config_release(&cfg);

	/* a token on a basic-auth user: two methods */
	o.user = "basic";
	LOAD_FAILS(&o, &cfg, &err, "more than one authentication method found for basic; found [token basicAuth], only one is allowed");
	CHECK(!strstr(err.buf, "flag-token-123"));
	CHECK(!strstr(err.buf, "pa55word"));

	o.token = NULL;
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.username, "alice");
	CHECK_STR(cfg.password, "pa55word");
	rest_config_release(&cfg);

	o.username = "bob";
	o.password = "flagpass";
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.username, "bob");
	CHECK_STR(cfg.password, "flagpass");
	rest_config_release(&cfg);

	/* --token wins over a user's tokenFile, which is then not read */
	o.username = o.password = NULL;
	o.user = "tokenfile";
	LOAD_FAILS(&o, &cfg, &err, "open /nonexistent/token: no such file or directory");
	o.token = "flag-token-123";
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.token, "flag-token-123");
	CHECK(!cfg.token_file);
	rest_config_release(&cfg);
	strbuf_release(&err);
}

static void test_impersonation(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;
	const char *groups[] = { "fg", NULL };
	const char *extra[] = { "scopes=f1", "scopes=f2", "new=n", NULL };
	const char *only_groups[] = { "g", NULL };

	setup();
	matrix_env();
	o.context = "a-only";
	o.user = "imp-user";
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.impersonate_user, "bob");
	CHECK_STR(cfg.impersonate_uid, "u1");
	CHECK_STR(cfg.impersonate_groups[0], "g1");
	CHECK_STR(cfg.impersonate_groups[1], "g2");
	CHECK(!cfg.impersonate_groups[2]);
	CHECK_STR(cfg.impersonate_extra[0], "scopes=s1");
	CHECK_STR(cfg.impersonate_extra[1], "scopes=s2");
	CHECK_STR(cfg.impersonate_extra[2], "team=t");
	CHECK(!cfg.impersonate_extra[3]);
	rest_config_release(&cfg);

	o.as = "carol";
	o.as_uid = "u2";
	o.as_groups = groups;
	o.as_user_extra = extra;
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.impersonate_user, "carol");
	CHECK_STR(cfg.impersonate_uid, "u2");
	CHECK_STR(cfg.impersonate_groups[0], "fg");
	CHECK(!cfg.impersonate_groups[1]);
	/* flag keys replace that key's values, other keys stay */
	CHECK_STR(cfg.impersonate_extra[0], "team=t");
	CHECK_STR(cfg.impersonate_extra[1], "scopes=f1");
	CHECK_STR(cfg.impersonate_extra[2], "scopes=f2");
	CHECK_STR(cfg.impersonate_extra[3], "new=n");
	CHECK(!cfg.impersonate_extra[4]);
	rest_config_release(&cfg);

	/* groups without a user to impersonate */
	o.user = "user-b";
	o.as = NULL;
	o.as_uid = NULL;
	o.as_user_extra = NULL;
	o.as_groups = only_groups;
	LOAD_FAILS(&o, &cfg, &err, "without impersonating a user");
	strbuf_release(&err);
}

static void test_bad_base64(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;
	const char *p;

	setup();
	/* even an unused entry fails the file, as in client-go */
	p = write_tmp("b64.json",
		"{\"current-context\": \"x\", \"clusters\": [\n"
		" {\"name\": \"bad\", \"cluster\": {\"server\": \"https://x\", \"certificate-authority-data\": \"Q0Et*Q==\"}}],\n"
		" \"users\": [{\"name\": \"u\", \"user\": {\"client-key-data\": \"c2VjcmV0LWtleQ\"}}]}");
	set_kubeconfig_env(p, fix("a/config"), NULL, NULL);
	LOAD_FAILS(&o, &cfg, &err, "b64.json");
	CHECK_CONTAINS(err.buf, "cluster \"bad\": certificate-authority-data: illegal base64 data at input byte 4");

	p = write_tmp("b64key.json",
		"{\"users\": [{\"name\": \"u\", \"user\": {\"client-key-data\": \"c2VjcmV0LWtleQ\"}}]}");
	set_kubeconfig_env(fix("a/config"), p, NULL, NULL);
	LOAD_FAILS(&o, &cfg, &err, "b64key.json");
	CHECK_CONTAINS(err.buf, "user \"u\": client-key-data: illegal base64");
	CHECK(!strstr(err.buf, "c2VjcmV0LWtleQ"));
	strbuf_release(&err);
}

static void test_base64_decoder(void)
{
	struct strbuf out = STRBUF_INIT;
	size_t bad = 99;

	CHECK_INT(base64_decode("aGVsbG8=", 8, &out, &bad), 0);
	CHECK_STR(out.buf, "hello");
	strbuf_reset(&out);
	CHECK_INT(base64_decode("aGVs\nbG8h\r\n", 11, &out, &bad), 0);
	CHECK_STR(out.buf, "hello!");
	strbuf_reset(&out);
	CHECK_INT(base64_decode("", 0, &out, &bad), 0);
	CHECK_INT(out.len, 0);
	CHECK_INT(base64_decode("aGVsbG8", 7, &out, &bad), -1);	/* no padding */
	CHECK_INT(base64_decode("aGVs!G8=", 8, &out, &bad), -1);
	CHECK_INT(bad, 4);
	CHECK_INT(base64_decode("aGVsbG8=aGVs", 12, &out, &bad), -1);
	CHECK_INT(bad, 8);
	CHECK_INT(base64_decode("a===", 4, &out, &bad), -1);
	CHECK_INT(base64_decode("aG=s", 4, &out, &bad), -1);
	CHECK_INT(out.len, 0);
	strbuf_release(&out);
}

static void test_timeouts(void)
{
	struct strbuf err = STRBUF_INIT;
	long ms = -5;

	CHECK_INT(kube_parse_timeout(NULL, &ms, &err), 0);
	CHECK_INT(ms, 30000);
	CHECK_INT(kube_parse_timeout("0", &ms, &err), 0);
	CHECK_INT(ms, 0);
	CHECK_INT(kube_parse_timeout("15", &ms, &err), 0);
	CHECK_INT(ms, 15000);
	CHECK_INT(kube_parse_timeout("1s", &ms, &err), 0);
	CHECK_INT(ms, 1000);
	CHECK_INT(kube_parse_timeout("2m", &ms, &err), 0);
	CHECK_INT(ms, 120000);
	CHECK_INT(kube_parse_timeout("3h", &ms, &err), 0);
	CHECK_INT(ms, 10800000);
	CHECK_INT(kube_parse_timeout("1m30s", &ms, &err), 0);
	CHECK_INT(ms, 90000);
	CHECK_INT(kube_parse_timeout("500ms", &ms, &err), 0);
	CHECK_INT(ms, 500);
	CHECK_INT(kube_parse_timeout("1.5h", &ms, &err), 0);
	CHECK_INT(ms, 5400000);
	CHECK_INT(kube_parse_timeout("0s", &ms, &err), 0);
	CHECK_INT(ms, 0);
	CHECK_INT(kube_parse_timeout("10us", &ms, &err), 0);
	CHECK_INT(ms, 1);
	CHECK_INT(kube_parse_timeout("5x", &ms, &err), -1);
	CHECK_CONTAINS(err.buf, "invalid timeout value");
	CHECK_INT(kube_parse_timeout("-5", &ms, &err), -1);
	CHECK_INT(kube_parse_timeout("1.s5", &ms, &err), -1);
	CHECK_INT(kube_parse_timeout("s", &ms, &err), -1);
	CHECK_INT(kube_parse_timeout(" 5", &ms, &err), -1);
	strbuf_release(&err);
}

static void test_request_timeout_flag(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;

	setup();
	matrix_env();
	o.request_timeout = "1m30s";
	o.verbosity = 7;
	o.warnings_as_errors = true;
	LOAD_OK(&o, &cfg, &err);
	CHECK_INT(cfg.timeout_ms, 90000);
	CHECK_INT(cfg.verbosity, 7);
	CHECK(cfg.warnings_as_errors);
	rest_config_release(&cfg);
	o.request_timeout = "soon";
	LOAD_FAILS(&o, &cfg, &err, "invalid timeout value");
	o.request_timeout = NULL;
	o.disable_compression = true;
	LOAD_OK(&o, &cfg, &err);
	CHECK(cfg.disable_compression);
	rest_config_release(&cfg);
	strbuf_release(&err);
}

static void test_auth_provider(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;

	setup();
	o.kubeconfig = write_tmp("ap.json",
		"{\"current-context\": \"c\",\n"
		" \"clusters\": [{\"name\": \"c\", \"cluster\": {\"server\": \"https://x\"}}],\n"
		" \"users\": [\n"
		"  {\"name\": \"oidc\", \"user\": {\"auth-provider\": {\"name\": \"oidc\", \"config\": {\"id-token\": \"oidc-id-token\", \"refresh-token\": \"r\"}}}},\n"
		"  {\"name\": \"oidc-noid\", \"user\": {\"auth-provider\": {\"name\": \"oidc\", \"config\": {\"refresh-token\": \"r\"}}}},\n"
		"  {\"name\": \"gcp\", \"user\": {\"auth-provider\": {\"name\": \"gcp\"}}},\n"
		"  {\"name\": \"other\", \"user\": {\"auth-provider\": {\"name\": \"keystone\"}}}],\n"
		" \"contexts\": [{\"name\": \"c\", \"context\": {\"cluster\": \"c\", \"user\": \"oidc\"}}]}");
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.token, "oidc-id-token");
	rest_config_release(&cfg);
	o.user = "oidc-noid";
	LOAD_FAILS(&o, &cfg, &err, "exec credential plugin");
	o.user = "gcp";
	LOAD_FAILS(&o, &cfg, &err, "gke-gcloud-auth-plugin");
	o.user = "other";
	LOAD_FAILS(&o, &cfg, &err, "auth-provider \"keystone\" of user \"other\" is not supported: use an exec credential plugin");
	strbuf_release(&err);
}

static void test_token_file_bearer(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT, tok = STRBUF_INIT;

	setup();
	write_tmp("tok", "first-token\n");
	o.kubeconfig = write_tmp("tf.json",
		"{\"current-context\": \"c\",\n"
		" \"clusters\": [{\"name\": \"c\", \"cluster\": {\"server\": \"https://x\"}}],\n"
		" \"users\": [{\"name\": \"u\", \"user\": {\"tokenFile\": \"tok\"}},\n"
		"            {\"name\": \"both\", \"user\": {\"tokenFile\": \"tok\", \"token\": \"static\"}}],\n"
		" \"contexts\": [{\"name\": \"c\", \"context\": {\"cluster\": \"c\", \"user\": \"u\"}}]}");
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.token_file, tmpf("tok"));
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), 0);
	CHECK_STR(tok.buf, "first-token");
	write_tmp("tok", "  rotated-token  \n");	/* re-read every time */
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), 0);
	CHECK_STR(tok.buf, "rotated-token");
	write_tmp("tok", "\n");
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), -1);
	CHECK_CONTAINS(err.buf, "read empty token from file");
	rest_config_release(&cfg);

	write_tmp("tok", "first-token\n");
	o.user = "both";	/* token wins over tokenFile */
	LOAD_OK(&o, &cfg, &err);
	strbuf_reset(&err);
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), 0);
	CHECK_STR(tok.buf, "static");
	rest_config_release(&cfg);

	/* no bearer: empty */
	o.user = NULL;
	o.kubeconfig = NULL;
	matrix_env();
	o.context = "shared-ctx";
	LOAD_OK(&o, &cfg, &err);
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), 0);
	CHECK_INT(tok.len, 0);
	rest_config_release(&cfg);
	strbuf_release_secret(&tok);
	strbuf_release(&err);
}

/* ---- in-cluster ---- */

static void make_sa_dir(const char *ns)
{
	mkdir(tmpf("sa"), 0700);
	write_tmp("sa/token", "sa-token\n");
	write_tmp("sa/ca.crt", "SA-CA\n");
	if (ns)
		write_tmp("sa/namespace", ns);
	else
		unlink(tmpf("sa/namespace"));
	setenv("SAIL_SERVICEACCOUNT_DIR", tmpf("sa"), 1);
}

static void test_in_cluster(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT, tok = STRBUF_INIT, desc = STRBUF_INIT;

	setup();
	make_sa_dir("pod-ns\n");
	setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1", 1);
	setenv("KUBERNETES_SERVICE_PORT", "443", 1);
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.server, "https://10.96.0.1:443");
	CHECK_STR(cfg.ca_pem, "SA-CA\n");
	CHECK_STR(cfg.token_file, tmpf("sa/token"));
	CHECK_STR(cfg.namespace, "pod-ns");
	CHECK(!cfg.context);
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), 0);
	CHECK_STR(tok.buf, "sa-token");
	rest_config_describe(&cfg, &desc);
	CHECK_CONTAINS(desc.buf, "context=(none) server=https://10.96.0.1:443 namespace=pod-ns auth=token-file(");
	CHECK(!strstr(desc.buf, "sa-token"));
	rest_config_release(&cfg);

	setenv("POD_NAMESPACE", "env-ns", 1);
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.namespace, "env-ns");
	rest_config_release(&cfg);
	o.namespace = "flag-ns";
	o.token = "flag-token";
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.namespace, "flag-ns");
	CHECK_STR(cfg.token, "flag-token");
	CHECK(!cfg.token_file);
	rest_config_release(&cfg);
	unsetenv("POD_NAMESPACE");
	o.namespace = NULL;
	o.token = NULL;

	make_sa_dir(NULL);
	setenv("KUBERNETES_SERVICE_HOST", "fd00::1", 1);
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.server, "https://[fd00::1]:443");
	CHECK_STR(cfg.namespace, "default");
	rest_config_release(&cfg);

	/* a kubeconfig with a usable context wins; its namespace-less
	 * context still takes the pod's namespace (client-go) */
	make_sa_dir("pod-ns");
	matrix_env();
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.server, "https://b.example:443");
	CHECK_STR(cfg.namespace, "ns-b");
	rest_config_release(&cfg);
	o.context = "a-only";
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.namespace, "pod-ns");
	rest_config_release(&cfg);

	/* no token file: not in a pod */
	o.context = NULL;
	unsetenv("KUBECONFIG");
	unlink(tmpf("sa/token"));
	LOAD_FAILS(&o, &cfg, &err, "no configuration has been provided");
	/* nor without the service variables */
	make_sa_dir("pod-ns");
	unsetenv("KUBERNETES_SERVICE_PORT");
	LOAD_FAILS(&o, &cfg, &err, "no configuration has been provided");
	strbuf_release_secret(&tok);
	strbuf_release(&desc);
	strbuf_release(&err);
}

/* ---- exec plugins ---- */

/*
 * A kubeconfig whose user runs exec-plugin.sh; extra_env is spliced into
 * exec.env (JSON members, each starting with ", "). Counter and dump
 * files live in tmp.
 */
static const char *exec_config(const char *api_version, const char *mode,
			       const char *extra_env, const char *extension)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	unlink(tmpf("counter"));
	unlink(tmpf("info"));
	unlink(tmpf("stdin"));
	unlink(tmpf("args"));
	strbuf_addf(&sb,
		"{\"current-context\": \"e\",\n"
		" \"clusters\": [{\"name\": \"ec\", \"cluster\": {\"server\": \"https://exec.example:6443\",\n"
		"   \"certificate-authority-data\": \"Q0EtQg==\", \"tls-server-name\": \"api.exec\"%s}}],\n",
		extension ? extension : "");
	strbuf_addf(&sb,
		" \"users\": [{\"name\": \"eu\", \"user\": {\"exec\": {\n"
		"   \"apiVersion\": \"%s\", \"command\": \"%s\", \"args\": [\"arg one\", \"--two\"],\n"
		"   %s%s%s \"installHint\": \"install the \\u001b[1mplugin\\u001b[0m\\nfrom example.com\",\n"
		"   \"provideClusterInfo\": true,\n"
		"   \"env\": [{\"name\": \"EXEC_COUNTER\", \"value\": \"%s\"},\n"
		"           {\"name\": \"EXEC_INFO_OUT\", \"value\": \"%s\"},\n"
		"           {\"name\": \"EXEC_STDIN_OUT\", \"value\": \"%s\"},\n"
		"           {\"name\": \"EXEC_ARGS_OUT\", \"value\": \"%s\"}%s]}}}],\n"
		" \"contexts\": [{\"name\": \"e\", \"context\": {\"cluster\": \"ec\", \"user\": \"eu\"}}]}\n",
		api_version, fix("exec-plugin.sh"),
		mode ? "\"interactiveMode\": \"" : "", mode ? mode : "",
		mode ? "\"," : "",
		tmpf("counter"), tmpf("info"), tmpf("stdin"), tmpf("args"),
		extra_env ? extra_env : "");
	p = write_tmp("exec.json", sb.buf);
	strbuf_release(&sb);
	return p;
}

#define V1 "client.authentication.k8s.io/v1"
#define V1BETA1 "client.authentication.k8s.io/v1beta1"

/* Keep the plugin's stdin off any terminal the tests run from. */
static int stdin_saved = -1;
static void stdin_devnull(void)
{
	int fd = open("/dev/null", O_RDONLY);

	stdin_saved = dup(0);
	dup2(fd, 0);
	close(fd);
}
static void stdin_restore(void)
{
	dup2(stdin_saved, 0);
	close(stdin_saved);
	stdin_saved = -1;
}

static void test_exec_info_and_cache(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT, tok = STRBUF_INIT;
	struct val info = val_absent(), cluster, inter;
	char *s;

	setup();
	stdin_devnull();
	o.kubeconfig = exec_config(V1, "IfAvailable", NULL,
		", \"extensions\": [{\"name\": \"client.authentication.k8s.io/exec\", \"extension\": {\"audience\": \"sail\"}}]");
	LOAD_OK(&o, &cfg, &err);
	CHECK(cfg.exec != NULL);
	CHECK(!cfg.token);
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), 0);
	CHECK_STR(tok.buf, "s3cr3t-exec-token");
	CHECK_INT(cfg.exec->runs, 1);
	CHECK(cfg.exec->expiry == 0);
	/* no expiry: cached for the life of the process */
	CHECK_INT(exec_credential_refresh(&cfg, false, &err), 0);
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), 0);
	CHECK_INT(cfg.exec->runs, 1);
	CHECK_INT(count_lines(tmpf("counter")), 1);

	s = slurp(tmpf("info"));
	if (val_parse_json(s, strlen(s), &info, &err)) {
		test_fail(__FILE__, __LINE__, "KUBERNETES_EXEC_INFO is not JSON: %s", s);
	} else {
		CHECK_STR(val_get_str(info, "kind"), "ExecCredential");
		CHECK_STR(val_get_str(info, "apiVersion"), V1);
		inter = val_dig(info, "spec", "interactive", NULL);
		CHECK(val_kind(inter) == VAL_BOOL && !val_bool_get(inter));
		val_release(&inter);
		cluster = val_dig(info, "spec", "cluster", NULL);
		CHECK_STR(val_get_str(cluster, "server"), "https://exec.example:6443");
		CHECK_STR(val_get_str(cluster, "tls-server-name"), "api.exec");
		CHECK_STR(val_get_str(cluster, "certificate-authority-data"), "Q0EtQg==");
		CHECK_STR(val_dig_str(cluster, "config", "audience", NULL), "sail");
		CHECK(!val_has(cluster, "insecure-skip-tls-verify"));
		val_release(&cluster);
	}
	val_release(&info);
	free(s);
	s = slurp(tmpf("stdin"));
	CHECK_STR(s, "/dev/null\n");
	free(s);
	s = slurp(tmpf("args"));
	CHECK_STR(s, "arg one\n--two\n");
	free(s);

	/* after a 401: forced */
	CHECK_INT(exec_credential_refresh(&cfg, true, &err), 0);
	CHECK_INT(cfg.exec->runs, 2);
	CHECK_INT(count_lines(tmpf("counter")), 2);
	rest_config_release(&cfg);
	stdin_restore();
	strbuf_release_secret(&tok);
	strbuf_release(&err);
}

static void test_exec_expiry(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT, tok = STRBUF_INIT;

	setup();
	stdin_devnull();
	o.kubeconfig = exec_config(V1, "Never",
		", {\"name\": \"EXEC_EXPIRY\", \"value\": \"2001-02-03T04:05:06Z\"}", NULL);
	LOAD_OK(&o, &cfg, &err);
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), 0);
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), 0);
	CHECK_INT(cfg.exec->runs, 2);	/* expired: every use re-runs */
	CHECK_INT(count_lines(tmpf("counter")), 2);
	CHECK(cfg.exec->expiry == 981173106);
	rest_config_release(&cfg);

	o.kubeconfig = exec_config(V1, "Never",
		", {\"name\": \"EXEC_EXPIRY\", \"value\": \"2999-01-01T00:00:00.123+02:00\"}", NULL);
	LOAD_OK(&o, &cfg, &err);
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), 0);
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), 0);
	CHECK_INT(cfg.exec->runs, 1);
	CHECK(cfg.exec->expiry > time(NULL));
	CHECK_INT(exec_credential_refresh(&cfg, true, &err), 0);
	CHECK_INT(cfg.exec->runs, 2);
	rest_config_release(&cfg);

	o.kubeconfig = exec_config(V1, "Never",
		", {\"name\": \"EXEC_EXPIRY\", \"value\": \"tomorrow\"}", NULL);
	LOAD_OK(&o, &cfg, &err);
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), -1);
	CHECK_CONTAINS(err.buf, "expirationTimestamp");
	CHECK(!strstr(err.buf, "s3cr3t"));
	rest_config_release(&cfg);
	stdin_restore();
	strbuf_release_secret(&tok);
	strbuf_release(&err);
}

static void test_exec_v1beta1(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT, tok = STRBUF_INIT;
	char *s;

	setup();
	stdin_devnull();
	/* v1beta1 needs no interactiveMode (IfAvailable) */
	o.kubeconfig = exec_config(V1BETA1, NULL,
		", {\"name\": \"EXEC_API_VERSION\", \"value\": \"" V1BETA1 "\"}", NULL);
	LOAD_OK(&o, &cfg, &err);
	CHECK_STR(cfg.exec->interactive_mode, "IfAvailable");
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), 0);
	CHECK_STR(tok.buf, "s3cr3t-exec-token");
	s = slurp(tmpf("info"));
	CHECK_CONTAINS(s, "\"apiVersion\":\"" V1BETA1 "\"");
	free(s);
	rest_config_release(&cfg);

	/* v1 does */
	o.kubeconfig = exec_config(V1, NULL, NULL, NULL);
	LOAD_FAILS(&o, &cfg, &err, "interactiveMode must be specified for eu to use exec authentication plugin");
	o.kubeconfig = exec_config(V1, "Sometimes", NULL, NULL);
	LOAD_FAILS(&o, &cfg, &err, "invalid interactiveMode for eu: \"Sometimes\"");
	o.kubeconfig = exec_config("client.authentication.k8s.io/v1alpha1", "Never", NULL, NULL);
	LOAD_FAILS(&o, &cfg, &err, "exec plugin: invalid apiVersion \"client.authentication.k8s.io/v1alpha1\"");
	stdin_restore();
	strbuf_release_secret(&tok);
	strbuf_release(&err);
}

static void test_exec_errors(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT, tok = STRBUF_INIT;
	const char *p;
	char *cfgtext;

	setup();
	stdin_devnull();
	/* the plugin answers with the other version */
	o.kubeconfig = exec_config(V1, "Never",
		", {\"name\": \"EXEC_API_VERSION\", \"value\": \"" V1BETA1 "\"}", NULL);
	LOAD_OK(&o, &cfg, &err);
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), -1);
	CHECK_STR(err.buf, "exec plugin is configured to use API version " V1 ", plugin returned version " V1BETA1);
	CHECK(!strstr(err.buf, "s3cr3t"));
	CHECK(!cfg.token);
	CHECK_INT(tok.len, 0);
	rest_config_release(&cfg);

	/* non-zero exit */
	o.kubeconfig = exec_config(V1, "Never", ", {\"name\": \"EXEC_MODE\", \"value\": \"fail\"}", NULL);
	LOAD_OK(&o, &cfg, &err);
	strbuf_reset(&err);
	CHECK_INT(exec_credential_refresh(&cfg, false, &err), -1);
	CHECK_CONTAINS(err.buf, "exec-plugin.sh failed with exit code 3");
	rest_config_release(&cfg);

	/* only a certificate */
	o.kubeconfig = exec_config(V1, "Never", ", {\"name\": \"EXEC_MODE\", \"value\": \"certonly\"}", NULL);
	LOAD_OK(&o, &cfg, &err);
	strbuf_reset(&err);
	CHECK_INT(exec_credential_refresh(&cfg, false, &err), -1);
	CHECK_STR(err.buf, "exec plugin returned only certificate or private key, not both");
	rest_config_release(&cfg);

	/* Always without a terminal */
	o.kubeconfig = exec_config(V1, "Always", NULL, NULL);
	LOAD_OK(&o, &cfg, &err);
	strbuf_reset(&err);
	CHECK_INT(exec_credential_refresh(&cfg, false, &err), -1);
	CHECK_CONTAINS(err.buf, "standard input is not a terminal");
	CHECK_INT(cfg.exec->runs, 0);
	rest_config_release(&cfg);

	/* missing command: the install hint, on one line, no escapes */
	p = exec_config(V1, "Never", NULL, NULL);
	cfgtext = slurp(p);
	{
		struct strbuf sb = STRBUF_INIT;
		char *at = strstr(cfgtext, fix("exec-plugin.sh"));

		strbuf_add(&sb, cfgtext, at - cfgtext);
		strbuf_addstr(&sb, "kubectl-sail-no-such-plugin");
		strbuf_addstr(&sb, at + strlen(fix("exec-plugin.sh")));
		o.kubeconfig = write_tmp("exec-missing.json", sb.buf);
		strbuf_release(&sb);
	}
	free(cfgtext);
	LOAD_OK(&o, &cfg, &err);
	strbuf_reset(&err);
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), -1);
	CHECK_STR(err.buf, "exec: executable kubectl-sail-no-such-plugin not found; install the plugin from example.com");
	rest_config_release(&cfg);
	stdin_restore();
	strbuf_release_secret(&tok);
	strbuf_release(&err);
}

/* With a terminal on stdin, IfAvailable and Always are interactive. */
static void test_exec_interactive_tty(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT;
	const char *modes[] = { "Always", "IfAvailable", "Never" };
	int master, slave = -1, saved;
	size_t i;
	char *s;

	setup();
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master) ||
	    (slave = open(ptsname(master), O_RDWR | O_NOCTTY)) < 0) {
		printf("# no pseudo-terminal here: skipped\n");
		if (master >= 0)
			close(master);
		return;
	}
	saved = dup(0);
	dup2(slave, 0);
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		bool want = strcmp(modes[i], "Never") != 0;

		o.kubeconfig = exec_config(V1, modes[i], NULL, NULL);
		if (load(&o, &cfg, &err)) {
			test_fail(__FILE__, __LINE__, "%s", err.buf);
			break;
		}
		CHECK_INT(exec_credential_refresh(&cfg, false, &err), 0);
		s = slurp(tmpf("info"));
		CHECK_CONTAINS(s, want ? "\"interactive\":true" : "\"interactive\":false");
		free(s);
		s = slurp(tmpf("stdin"));
		if (want)
			CHECK_CONTAINS(s, "/dev/pts/");
		else
			CHECK_STR(s, "/dev/null\n");
		free(s);
		rest_config_release(&cfg);
	}
	dup2(saved, 0);
	close(saved);
	close(slave);
	close(master);
	strbuf_release(&err);
}

static void test_exec_cert_reply(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT, tok = STRBUF_INIT;

	setup();
	stdin_devnull();
	o.kubeconfig = exec_config(V1, "Never", ", {\"name\": \"EXEC_MODE\", \"value\": \"cert\"}", NULL);
	LOAD_OK(&o, &cfg, &err);
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), 0);
	CHECK_INT(tok.len, 0);
	CHECK_STR(cfg.client_cert_pem, "EXEC-CERT");
	CHECK_STR(cfg.client_key_pem, "EXEC-KEY");
	CHECK_INT(cfg.exec->runs, 1);
	rest_config_release(&cfg);
	stdin_restore();
	strbuf_release_secret(&tok);
	strbuf_release(&err);
}

static void test_exec_skipped_with_static_credentials(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT, tok = STRBUF_INIT;

	setup();
	/* "kubectl --token X" means X, the plugin never runs */
	o.kubeconfig = exec_config(V1, "Never", NULL, NULL);
	o.token = "flag-token";
	LOAD_OK(&o, &cfg, &err);
	CHECK(!cfg.exec);
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), 0);
	CHECK_STR(tok.buf, "flag-token");
	CHECK_INT(count_lines(tmpf("counter")), 0);
	rest_config_release(&cfg);
	strbuf_release_secret(&tok);
	strbuf_release(&err);
}

static void test_secrets_never_shown(void)
{
	struct kube_overrides o = KUBE_OVERRIDES_INIT;
	struct rest_config cfg;
	struct strbuf err = STRBUF_INIT, tok = STRBUF_INIT, desc = STRBUF_INIT;

	setup();
	stdin_devnull();
	o.kubeconfig = exec_config(V1, "Never", NULL, NULL);
	LOAD_OK(&o, &cfg, &err);
	CHECK_INT(rest_config_bearer(&cfg, &tok, &err), 0);
	rest_config_describe(&cfg, &desc);
	CHECK_CONTAINS(desc.buf, "context=e");
	CHECK_CONTAINS(desc.buf, "server=https://exec.example:6443");
	CHECK_CONTAINS(desc.buf, "auth=exec(");
	CHECK(!strstr(desc.buf, "s3cr3t"));
	rest_config_release(&cfg);

	strbuf_reset(&desc);
	o.kubeconfig = NULL;
	matrix_env();
	o.token = "flag-s3cr3t";
	o.server = "https://user:pw-s3cr3t@h:6443";
	LOAD_OK(&o, &cfg, &err);
	rest_config_describe(&cfg, &desc);
	CHECK_CONTAINS(desc.buf, "auth=token");
	CHECK_CONTAINS(desc.buf, "server=https://***@h:6443");
	CHECK(!strstr(desc.buf, "s3cr3t"));
	rest_config_release(&cfg);

	strbuf_reset(&desc);
	o.token = NULL;
	o.server = NULL;
	o.context = "a-only";
	o.user = "basic-user";
	LOAD_OK(&o, &cfg, &err);
	rest_config_describe(&cfg, &desc);
	CHECK_CONTAINS(desc.buf, "auth=basic(alice)");
	CHECK(!strstr(desc.buf, "pa55word"));
	rest_config_release(&cfg);

	strbuf_reset(&desc);
	o.user = "data-user";
	LOAD_OK(&o, &cfg, &err);
	rest_config_describe(&cfg, &desc);
	CHECK_CONTAINS(desc.buf, "auth=client-certificate");
	CHECK(!strstr(desc.buf, "KEY-D"));
	CHECK_CONTAINS(desc.buf, "proxy=socks5://proxy:1080");
	rest_config_release(&cfg);
	stdin_restore();
	strbuf_release_secret(&tok);
	strbuf_release(&desc);
	strbuf_release(&err);
}

/*
 * Found by fuzzing (fuzz-execcred): the kind, apiVersion and expiry a
 * plugin printed went into the error as they were, newlines and control
 * bytes included. They are shown escaped and cut, on one line.
 */
static void test_exec_decode_one_line(void)
{
	static const char *const replies[] = {
		"{\"kind\":\"Exec\\nCredential\",\"apiVersion\":\"" V1 "\"}",
		"{\"kind\":\"ExecCredential\",\"apiVersion\":\"v\\u0001\\n1\"}",
		"{\"kind\":\"ExecCredential\",\"apiVersion\":\"" V1 "\",\"status\":"
		"{\"token\":\"s3cr3t-s3cr3t\",\"expirationTimestamp\":\"2030\\n01\"}}",
	};
	static const char *const want[] = {
		"exec plugin: decoding stdout: expected kind ExecCredential, got \"Exec\\nCredential\"",
		"exec plugin is configured to use API version " V1 ", plugin returned version v\\x01\\n1",
		"exec plugin: decoding stdout: status.expirationTimestamp: \"2030\\n01\" is not an RFC 3339 time",
	};
	struct strbuf err = STRBUF_INIT;
	struct rest_config cfg;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(replies); i++) {
		rest_config_init(&cfg);
		cfg.exec = xcalloc(1, sizeof(*cfg.exec));
		cfg.exec->api_version = xstrdup(V1);
		strbuf_reset(&err);
		CHECK_INT(exec_credential_decode(&cfg, replies[i], strlen(replies[i]), &err), -1);
		CHECK_STR(err.buf, want[i]);
		CHECK(!strstr(err.buf, "s3cr3t"));
		CHECK(!cfg.token && !cfg.exec->have_cred);
		rest_config_release(&cfg);
	}
	strbuf_release(&err);
}

TEST_MAIN(T(test_exec_decode_one_line), T(test_merge_first_file_wins), T(test_merge_relative_paths_per_file),
	  T(test_current_context_first_nonempty), T(test_kubeconfig_flag),
	  T(test_unknown_names), T(test_no_configuration),
	  T(test_invalid_files), T(test_namespace_precedence),
	  T(test_overlay_server_and_tls_server_name),
	  T(test_overlay_insecure_and_ca), T(test_overlay_client_certificate),
	  T(test_overlay_token_and_basic), T(test_impersonation),
	  T(test_bad_base64), T(test_base64_decoder), T(test_timeouts),
	  T(test_request_timeout_flag), T(test_auth_provider),
	  T(test_token_file_bearer), T(test_in_cluster),
	  T(test_exec_info_and_cache), T(test_exec_expiry),
	  T(test_exec_v1beta1), T(test_exec_errors), T(test_exec_interactive_tty),
	  T(test_exec_cert_reply),
	  T(test_exec_skipped_with_static_credentials),
	  T(test_secrets_never_shown))
