#include "sail.h"
#include "base64.h"
#include "age.h"
#include "restconfig.h"
#include "value.h"
#include "http.h"
#include "input_limits.h"
#include <limits.h>
#include <poll.h>
#include <signal.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

/*
 * client-go's exec credential plugins (plugin/pkg/client/auth/exec): run
 * the command without a shell, hand it KUBERNETES_EXEC_INFO, read an
 * ExecCredential from its stdout and cache it in the exec_config until
 * its expirationTimestamp. The credential lands in cfg->token and/or
 * cfg->client_cert_pem + cfg->client_key_pem. Nothing of the reply is
 * ever put into a message.
 */

extern char **environ;

/* The ExecCredential request put into KUBERNETES_EXEC_INFO. */
static void build_exec_info(const struct rest_config *cfg, bool interactive,
			    struct strbuf *out)
{
	const struct exec_config *x = cfg->exec;
	struct val o = val_obj(), spec = val_obj();

	val_set_str(&o, "kind", "ExecCredential");
	val_set_str(&o, "apiVersion", x->api_version);
	if (x->provide_cluster_info) {
		struct val c = val_obj();

		val_set_str(&c, "server", cfg->server ? cfg->server : "");
		if (cfg->tls_server_name)
			val_set_str(&c, "tls-server-name", cfg->tls_server_name);
		if (cfg->insecure)
			val_set_bool(&c, "insecure-skip-tls-verify", true);
		if (cfg->ca_pem) {
			struct strbuf b64 = STRBUF_INIT;

			base64_encode(cfg->ca_pem, strlen(cfg->ca_pem), &b64);
			val_set_str(&c, "certificate-authority-data", b64.buf);
			strbuf_release(&b64);
		}
		if (cfg->proxy_url)
			val_set_str(&c, "proxy-url", cfg->proxy_url);
		if (cfg->disable_compression)
			val_set_bool(&c, "disable-compression", true);
		if (x->cluster_extension_json) {
			struct val conf;
			struct strbuf perr = STRBUF_INIT;

			if (!val_parse_json(x->cluster_extension_json,
					    strlen(x->cluster_extension_json),
					    &conf, &perr))
				val_set_take(&c, "config", conf);
			strbuf_release(&perr);
		}
		val_set_take(&spec, "cluster", c);
	}
	val_set_bool(&spec, "interactive", interactive);
	val_set_take(&o, "spec", spec);
	val_to_json(o, out, 0);
	val_release(&o);
}

static size_t env_name_len(const char *kv)
{
	const char *eq = strchr(kv, '=');

	return eq ? (size_t)(eq - kv) : strlen(kv);
}

static bool env_overridden(const char *kv, char *const *extra)
{
	size_t n = env_name_len(kv);

	if (n == strlen("KUBERNETES_EXEC_INFO") &&
	    !strncmp(kv, "KUBERNETES_EXEC_INFO", n))
		return true;
	for (; extra && *extra; extra++)
		if (env_name_len(*extra) == n && !strncmp(kv, *extra, n))
			return true;
	return false;
}

/* Ours, then the plugin's env entries (which win), then the request. */
static char **build_env(char *const *extra, const char *info)
{
	size_t n = 0, i = 0;
	char **p, **env;

	for (p = environ; p && *p; p++)
		n++;
	for (p = (char **)extra; p && *p; p++)
		n++;
	env = xcalloc(n + 2, sizeof(*env));
	for (p = environ; p && *p; p++)
		if (!env_overridden(*p, extra))
			env[i++] = *p;
	for (p = (char **)extra; p && *p; p++)
		env[i++] = *p;
	env[i++] = (char *)info;
	env[i] = NULL;
	return env;
}

/* An install hint on one line, without terminal escapes (client-go
 * strips ANSI codes too). */
static void add_hint(struct strbuf *err, const char *hint)
{
	bool space = false;
	const char *p;

	for (p = hint; *p; p++) {
		unsigned char c = *p;

		if (c == 0x1b) {
			if (p[1] == '[') {
				p += 2;
				while (*p && !(*p >= '@' && *p <= '~'))
					p++;
				if (!*p)
					break;
			}
			continue;
		}
		if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
			space = true;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			continue;
		if (space && err->len && err->buf[err->len - 1] != ' ')
			strbuf_addch(err, ' ');
		space = false;
		strbuf_addch(err, c);
	}
}

static bool is_executable(const char *path)
{
	struct stat st;

	return !stat(path, &st) && !S_ISDIR(st.st_mode) && (st.st_mode & 0111);
}

/*
 * Go's exec.LookPath, which client-go runs before starting the plugin: a
 * name with a '/' is used as is, anything else is searched in $PATH,
 * skipping relative entries (Go refuses those: exec.ErrDot). NULL when
 * there is no such executable.
 */
static char *look_path(const char *cmd)
{
	const char *path = getenv("PATH"), *p;

	if (strchr(cmd, '/'))
		return is_executable(cmd) ? xstrdup(cmd) : NULL;
	for (p = path; p && *p;) {
		const char *end = strchrnul(p, ':');

		if (*p == '/') {
			char *full = xstrfmt("%.*s/%s", (int)(end - p), p, cmd);

			if (is_executable(full))
				return full;
			free(full);
		}
		p = *end ? end + 1 : end;
	}
	return NULL;
}

/*
 * A plugin's stdout, at most LIMIT_EXEC_OUTPUT_BYTES, within limit_ms
 * (0 or less: no limit). client-go puts no bound on a
 * plugin; ours is the request timeout, so --request-timeout holds while a
 * plugin hangs. A plugin run interactively (a terminal on stdin, a
 * person to answer its prompts) is not timed.
 */
static int read_output(int fd, long limit_ms, struct strbuf *out,
		       struct strbuf *why)
{
	long deadline = limit_ms > 0 ? monotonic_ms() + limit_ms : -1;
	size_t start = out->len;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long left = deadline < 0 ? -1 : deadline - monotonic_ms();
		ssize_t n;
		int r;

		if (deadline >= 0 && left <= 0) {
			struct strbuf d = STRBUF_INIT;

			http_go_duration(limit_ms, &d);
			strbuf_addf(why, "no answer within %s (--request-timeout)", d.buf);
			strbuf_release(&d);
			return -1;
		}
		r = poll(&p, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			strbuf_addf(why, "reading its output: %s", strerror(errno));
			return -1;
		}
		if (!r)
			continue;
		strbuf_grow(out, 8192);
		n = read(fd, out->buf + out->len, out->alloc - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			strbuf_addf(why, "reading its output: %s", strerror(errno));
			return -1;
		}
		if (!n)
			return 0;
		strbuf_setlen(out, out->len + (size_t)n);
		if (out->len - start > LIMIT_EXEC_OUTPUT_BYTES) {
			strbuf_addf(why, "printed more than %lu MiB, the limit for a credential",
				    LIMIT_EXEC_OUTPUT_BYTES >> 20);
			return -1;
		}
	}
}

/* Run the plugin; its whole stdout goes to out. */
static int run_plugin(struct rest_config *cfg, bool interactive,
		      struct strbuf *out, struct strbuf *err)
{
	struct exec_config *x = cfg->exec;
	struct strbuf info = STRBUF_INIT, why = STRBUF_INIT;
	posix_spawn_file_actions_t fa;
	char **argv, **env, **a, *exe;
	size_t nargs = 0, i;
	int pipefd[2], rc, status, ret = -1;
	pid_t pid;

	exe = look_path(x->command);
	if (!exe) {
		strbuf_addf(err, "exec: executable %s not found", x->command);
		if (x->install_hint && *x->install_hint) {
			strbuf_addstr(err, "; ");
			add_hint(err, x->install_hint);
		}
		return -1;
	}
	strbuf_addstr(&info, "KUBERNETES_EXEC_INFO=");
	build_exec_info(cfg, interactive, &info);

	for (a = x->args; a && *a; a++)
		nargs++;
	argv = xcalloc(nargs + 2, sizeof(*argv));
	argv[0] = x->command;
	for (i = 0; i < nargs; i++)
		argv[i + 1] = x->args[i];
	env = build_env(x->env, info.buf);

	if (pipe2(pipefd, O_CLOEXEC)) {
		strbuf_addf(err, "exec: creating a pipe: %s", strerror(errno));
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	if (!interactive)
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
	/* like Go's os/exec: the plugin sees stdin, stdout, stderr only */
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif
	rc = posix_spawn(&pid, exe, &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (rc) {
		close(pipefd[0]);
		strbuf_addf(err, "exec: %s: %s", x->command, strerror(rc));
		goto out;
	}
	x->runs++;
	if (read_output(pipefd[0], interactive ? -1 : cfg->timeout_ms, out, &why)) {
		close(pipefd[0]);
		/* a plugin that hangs or floods is stopped, not waited for */
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		strbuf_addf(err, "exec: executable %s: %s", x->command, why.buf);
		goto out;
	}
	close(pipefd[0]);
	while ((rc = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	if (rc < 0) {
		strbuf_addf(err, "exec: waiting for %s: %s", x->command,
			    strerror(errno));
		goto out;
	}
	if (WIFSIGNALED(status)) {
		strbuf_addf(err, "exec: executable %s failed: killed by signal %d",
			    x->command, WTERMSIG(status));
		goto out;
	}
	if (WEXITSTATUS(status)) {
		strbuf_addf(err, "exec: executable %s failed with exit code %d",
			    x->command, WEXITSTATUS(status));
		goto out;
	}
	ret = 0;
out:
	strbuf_release_secret(&info);
	strbuf_release(&why);
	free(exe);
	free(argv);
	free(env);
	return ret;
}

/* Copy a string member; absent/null/empty give NULL. */
static int status_str(struct val status, const char *key, char **out,
		      struct strbuf *err)
{
	struct val v = val_get(status, key);

	*out = NULL;
	if (val_is_str(v)) {
		if (val_str_len(v))
			*out = xstrdup(val_str_get(v));
	} else if (val_exists(v) && val_kind(v) != VAL_NULL) {
		strbuf_addf(err, "exec plugin: decoding stdout: status.%s: expected a string, got %s",
			    key, val_kind_name(val_kind(v)));
		val_release(&v);
		return -1;
	}
	val_release(&v);
	return 0;
}

int exec_credential_decode(struct rest_config *cfg, const char *buf, size_t len,
			   struct strbuf *err)
{
	struct exec_config *x = cfg->exec;
	struct val cred = val_absent(), status = val_absent(), ts;
	struct strbuf perr = STRBUF_INIT;
	char *token = NULL, *cert = NULL, *key = NULL;
	const char *v, *kind;
	time_t expiry = 0;
	int ret = -1;

	/* the parser's message may quote the input: never show it */
	if (val_parse_json(buf, len, &cred, &perr) || !val_is_obj(cred)) {
		strbuf_addstr(err, "exec plugin: decoding stdout: not an ExecCredential JSON object");
		goto out;
	}
	kind = val_get_str(cred, "kind");
	if (!kind || strcmp(kind, "ExecCredential")) {
		strbuf_addstr(err, "exec plugin: decoding stdout: expected kind ExecCredential, got \"");
		strbuf_add_oneline(err, kind ? kind : "", kind ? strlen(kind) : 0, 64);
		strbuf_addch(err, '"');
		goto out;
	}
	v = val_get_str(cred, "apiVersion");
	if (!v || strcmp(v, x->api_version)) {
		strbuf_addf(err, "exec plugin is configured to use API version %s, plugin returned version ",
			    x->api_version);
		if (v)
			strbuf_add_oneline(err, v, strlen(v), 64);
		else
			strbuf_addstr(err, "\"\"");
		goto out;
	}
	status = val_get(cred, "status");
	if (!val_is_obj(status)) {
		strbuf_addstr(err, "exec plugin didn't return a status field");
		goto out;
	}
	if (status_str(status, "token", &token, err) ||
	    status_str(status, "clientCertificateData", &cert, err) ||
	    status_str(status, "clientKeyData", &key, err))
		goto out;
	if (!token && !cert && !key) {
		strbuf_addstr(err, "exec plugin didn't return a token or cert/key pair");
		goto out;
	}
	if (!cert != !key) {
		strbuf_addstr(err, "exec plugin returned only certificate or private key, not both");
		goto out;
	}
	ts = val_get(status, "expirationTimestamp");
	if (val_is_str(ts)) {
		if (parse_rfc3339(val_str_get(ts), &expiry)) {
			strbuf_addstr(err, "exec plugin: decoding stdout: status.expirationTimestamp: \"");
			strbuf_add_oneline(err, val_str_get(ts), val_str_len(ts), 64);
			strbuf_addstr(err, "\" is not an RFC 3339 time");
			val_release(&ts);
			goto out;
		}
	} else if (val_exists(ts) && val_kind(ts) != VAL_NULL) {
		strbuf_addstr(err, "exec plugin: decoding stdout: status.expirationTimestamp: expected a string");
		val_release(&ts);
		goto out;
	}
	val_release(&ts);

	free_secret(cfg->token);
	free(cfg->client_cert_pem);
	free_secret(cfg->client_key_pem);
	cfg->token = token;
	cfg->client_cert_pem = cert;
	cfg->client_key_pem = key;
	token = cert = key = NULL;
	x->have_cred = true;
	x->expiry = expiry;
	ret = 0;
out:
	free_secret(token);
	free(cert);
	free_secret(key);
	strbuf_release(&perr);
	val_release(&status);
	val_release(&cred);
	return ret;
}

int exec_credential_refresh(struct rest_config *cfg, bool force,
			    struct strbuf *err)
{
	struct exec_config *x = cfg->exec;
	struct strbuf out = STRBUF_INIT;
	const char *mode;
	bool interactive;
	int ret;

	if (!x)
		return 0;
	if (!force && x->have_cred && (!x->expiry || time(NULL) < x->expiry))
		return 0;

	mode = x->interactive_mode ? x->interactive_mode : "IfAvailable";
	if (!strcmp(mode, "Never")) {
		interactive = false;
	} else {
		interactive = isatty(0);
		if (!interactive && !strcmp(mode, "Always")) {
			strbuf_addstr(err, "exec plugin cannot support interactive mode: standard input is not a terminal");
			return -1;
		}
	}
	ret = run_plugin(cfg, interactive, &out, err);
	if (!ret)
		ret = exec_credential_decode(cfg, out.buf, out.len, err);
	strbuf_release_secret(&out);
	return ret;
}
