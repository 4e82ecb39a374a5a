#include "sail.h"
#include "input_limits.h"
#include "restconfig.h"
#include "kubeconfig.h"

void rest_config_init(struct rest_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->timeout_ms = 30000;
}

static void free_strv(char **v, bool secret)
{
	char **p;

	if (!v)
		return;
	for (p = v; *p; p++) {
		if (secret)
			free_secret(*p);
		else
			free(*p);
	}
	free(v);
}

static void exec_config_free(struct exec_config *x)
{
	if (!x)
		return;
	free(x->command);
	free_strv(x->args, false);
	free_strv(x->env, true);	/* env entries may carry secrets */
	free(x->api_version);
	free(x->install_hint);
	free(x->interactive_mode);
	free(x->cluster_extension_json);
	free(x);
}

void rest_config_release(struct rest_config *cfg)
{
	free(cfg->context);
	free(cfg->cluster_name);
	free(cfg->user_name);
	free(cfg->namespace);
	free(cfg->server);
	free(cfg->ca_pem);
	free(cfg->tls_server_name);
	free(cfg->proxy_url);
	free(cfg->client_cert_pem);
	free_secret(cfg->client_key_pem);
	free_secret(cfg->token);
	free(cfg->token_file);
	free(cfg->username);
	free_secret(cfg->password);
	free(cfg->impersonate_user);
	free(cfg->impersonate_uid);
	free_strv(cfg->impersonate_groups, false);
	free_strv(cfg->impersonate_extra, false);
	exec_config_free(cfg->exec);
	rest_config_init(cfg);
}

/* A URL with any "user:password@" replaced by "***@". */
static void add_redacted_url(struct strbuf *out, const char *url)
{
	const char *p = strstr(url, "://"), *host, *at, *end;

	if (!p) {
		strbuf_addstr(out, url);
		return;
	}
	host = p + 3;
	end = host + strcspn(host, "/?#");
	at = memchr(host, '@', end - host);
	if (!at) {
		strbuf_addstr(out, url);
		return;
	}
	/* the last '@' before the path ends the userinfo */
	while (memchr(at + 1, '@', end - at - 1))
		at = memchr(at + 1, '@', end - at - 1);
	strbuf_add(out, url, host - url);
	strbuf_addstr(out, "***");
	strbuf_addstr(out, at);
}

static void add_timeout(struct strbuf *out, long ms)
{
	if (!ms)
		strbuf_addstr(out, "none");
	else if (ms % 1000)
		strbuf_addf(out, "%ldms", ms);
	else
		strbuf_addf(out, "%lds", ms / 1000);
}

void rest_config_describe(const struct rest_config *cfg, struct strbuf *out)
{
	size_t methods = 0;

	strbuf_addf(out, "context=%s ", cfg->context ? cfg->context : "(none)");
	if (cfg->cluster_name)
		strbuf_addf(out, "cluster=%s ", cfg->cluster_name);
	if (cfg->user_name)
		strbuf_addf(out, "user=%s ", cfg->user_name);
	strbuf_addstr(out, "server=");
	add_redacted_url(out, cfg->server ? cfg->server : "(none)");
	if (cfg->namespace)
		strbuf_addf(out, " namespace=%s", cfg->namespace);

	strbuf_addstr(out, " auth=");
#define METHOD(...) do { \
		strbuf_addstr(out, methods++ ? "+" : ""); \
		strbuf_addf(out, __VA_ARGS__); \
	} while (0)
	if (cfg->exec)
		METHOD("exec(%s)", cfg->exec->command);
	if (cfg->token && !cfg->exec)
		METHOD("token");
	else if (cfg->token_file && !cfg->exec)
		METHOD("token-file(%s)", cfg->token_file);
	if (cfg->client_cert_pem && !cfg->exec)
		METHOD("client-certificate");
	if (cfg->username || cfg->password)
		METHOD("basic(%s)", cfg->username ? cfg->username : "");
	if (!methods)
		strbuf_addstr(out, "none");
#undef METHOD

	if (cfg->insecure)
		strbuf_addstr(out, " tls=insecure");
	else if (cfg->ca_pem)
		strbuf_addstr(out, " tls=custom-ca");
	if (cfg->tls_server_name)
		strbuf_addf(out, " tls-server-name=%s", cfg->tls_server_name);
	if (cfg->proxy_url) {
		strbuf_addstr(out, " proxy=");
		add_redacted_url(out, cfg->proxy_url);
	}
	if (cfg->impersonate_user)
		strbuf_addf(out, " as=%s", cfg->impersonate_user);
	if (cfg->disable_compression)
		strbuf_addstr(out, " compression=off");
	strbuf_addstr(out, " timeout=");
	add_timeout(out, cfg->timeout_ms);
}

static void trim_space(struct strbuf *sb)
{
	size_t start = 0, end = sb->len;

	while (start < end && strchr(" \t\r\n\v\f", sb->buf[start]))
		start++;
	while (end > start && strchr(" \t\r\n\v\f", sb->buf[end - 1]))
		end--;
	if (start)
		memmove(sb->buf, sb->buf + start, end - start);
	if (end - start < sb->len)
		wipe(sb->buf + (end - start), sb->len - (end - start));
	strbuf_setlen(sb, end - start);
}

int rest_config_bearer(struct rest_config *cfg, struct strbuf *token_out,
		       struct strbuf *err)
{
	wipe(token_out->buf, token_out->len);
	strbuf_reset(token_out);

	if (cfg->exec) {
		if (exec_credential_refresh(cfg, false, err))
			return -1;
		if (cfg->token)
			strbuf_addstr(token_out, cfg->token);
		return 0;
	}
	if (cfg->token) {
		strbuf_addstr(token_out, cfg->token);
		return 0;
	}
	if (cfg->token_file) {
		struct strbuf file = STRBUF_INIT;
		char *buf;
		size_t len;

		buf = read_text_file(cfg->token_file, LIMIT_CONFIG_BYTES, &len);
		if (!buf) {
			int e = errno;

			strbuf_addf(err, "reading token file %s: ", cfg->token_file);
			read_error(err, e);
			return -1;
		}
		strbuf_add(&file, buf, len);
		wipe(buf, len);
		free(buf);
		trim_space(&file);
		if (!file.len) {
			strbuf_release_secret(&file);
			strbuf_addf(err, "read empty token from file \"%s\"",
				    cfg->token_file);
			return -1;
		}
		strbuf_add(token_out, file.buf, file.len);
		strbuf_release_secret(&file);
	}
	return 0;
}
