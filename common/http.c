#include "sail.h"
#include "base64.h"
#include "http.h"
#include "restconfig.h"
#include "kubeconfig.h"

#include "curl_load.h"
#include <sys/time.h>
#include <time.h>

#define MAX_BODY (512UL << 20)
#define MAX_RETRY_AFTER 10
#define CONNECT_TIMEOUT_MS 30000L

#if defined(__x86_64__)
#define GOARCH "amd64"
#elif defined(__aarch64__)
#define GOARCH "arm64"
#elif defined(__i386__)
#define GOARCH "386"
#elif defined(__arm__)
#define GOARCH "arm"
#elif defined(__powerpc64__)
#define GOARCH "ppc64le"
#elif defined(__s390x__)
#define GOARCH "s390x"
#else
#define GOARCH "unknown"
#endif

struct http_client {
	struct http_client *next;
	struct rest_config *cfg;
	CURL *curl;
	char errbuf[CURL_ERROR_SIZE];
	char *user_agent;
	char *url_base;		/* scheme://host[:port][/prefix] for URLs */
	char *authority;	/* cfg->server's host[:port], for messages */
	char *host_header;	/* "Host: ..." with tls-server-name, else NULL */
	struct curl_slist *connect_to;
	/* Our copies of the PEM blobs libcurl reads (CURL_BLOB_NOCOPY). */
	char *ca, *cert, *key;
};

static struct http_client *clients;
static bool curl_ready;
static char **seen_warnings;
static size_t seen_nr, seen_alloc;

/* ------------------------------------------------------------ helpers */

const char *http_status_text(long code)
{
	static const struct { long code; const char *text; } t[] = {
		{ 100, "Continue" }, { 101, "Switching Protocols" },
		{ 200, "OK" }, { 201, "Created" }, { 202, "Accepted" },
		{ 203, "Non-Authoritative Information" }, { 204, "No Content" },
		{ 205, "Reset Content" }, { 206, "Partial Content" },
		{ 300, "Multiple Choices" }, { 301, "Moved Permanently" },
		{ 302, "Found" }, { 303, "See Other" }, { 304, "Not Modified" },
		{ 307, "Temporary Redirect" }, { 308, "Permanent Redirect" },
		{ 400, "Bad Request" }, { 401, "Unauthorized" },
		{ 402, "Payment Required" }, { 403, "Forbidden" },
		{ 404, "Not Found" }, { 405, "Method Not Allowed" },
		{ 406, "Not Acceptable" }, { 407, "Proxy Authentication Required" },
		{ 408, "Request Timeout" }, { 409, "Conflict" }, { 410, "Gone" },
		{ 411, "Length Required" }, { 412, "Precondition Failed" },
		{ 413, "Request Entity Too Large" }, { 414, "Request URI Too Long" },
		{ 415, "Unsupported Media Type" },
		{ 416, "Requested Range Not Satisfiable" },
		{ 417, "Expectation Failed" }, { 418, "I'm a teapot" },
		{ 421, "Misdirected Request" }, { 422, "Unprocessable Entity" },
		{ 423, "Locked" }, { 424, "Failed Dependency" },
		{ 425, "Too Early" }, { 426, "Upgrade Required" },
		{ 428, "Precondition Required" }, { 429, "Too Many Requests" },
		{ 431, "Request Header Fields Too Large" },
		{ 451, "Unavailable For Legal Reasons" },
		{ 500, "Internal Server Error" }, { 501, "Not Implemented" },
		{ 502, "Bad Gateway" }, { 503, "Service Unavailable" },
		{ 504, "Gateway Timeout" }, { 505, "HTTP Version Not Supported" },
		{ 507, "Insufficient Storage" }, { 508, "Loop Detected" },
		{ 511, "Network Authentication Required" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		if (t[i].code == code)
			return t[i].text;
	return "";
}

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * One warning-value at s: 3-digit code, agent, quoted text, optional
 * quoted date, then "," or the end. Returns the position after it or NULL
 * when malformed.
 */
static const char *parse_one_warning(const char *s, long *code,
				     struct strbuf *text)
{
	const char *p = s;
	char *end;

	while (is_space(*p))
		p++;
	if (!(p[0] >= '0' && p[0] <= '9') || !(p[1] >= '0' && p[1] <= '9') ||
	    !(p[2] >= '0' && p[2] <= '9') || p[3] != ' ')
		return NULL;
	*code = strtol(p, &end, 10);
	if (*code < 100)
		return NULL;
	p += 4;
	/* agent: up to the next space, non-empty */
	if (*p == ' ' || !*p)
		return NULL;
	while (*p && *p != ' ')
		p++;
	if (*p != ' ')
		return NULL;
	p++;
	if (*p != '"')
		return NULL;
	p++;
	strbuf_reset(text);
	for (;;) {
		if (!*p)
			return NULL;	/* unterminated */
		if (*p == '\\') {
			if (!p[1])
				return NULL;
			strbuf_addch(text, p[1]);
			p += 2;
			continue;
		}
		if (*p == '"') {
			p++;
			break;
		}
		strbuf_addch(text, *p++);
	}
	/* optional date */
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '"') {
		p++;
		while (*p && *p != '"')
			p++;
		if (*p != '"')
			return NULL;
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	if (*p == ',')
		return p + 1;
	while (is_space(*p))
		p++;
	return *p ? NULL : p;
}

int http_parse_warning(const char *value,
		       void (*fn)(void *ctx, const char *text), void *ctx)
{
	struct strbuf text = STRBUF_INIT;
	const char *p = value;
	int bad = 0;

	while (p && *p) {
		long code = 0;
		const char *next;

		while (is_space(*p))
			p++;
		if (!*p)
			break;
		next = parse_one_warning(p, &code, &text);
		if (!next) {
			bad++;
			break;
		}
		if (code == 299 && text.len)
			fn(ctx, text.buf);
		p = next;
	}
	strbuf_release(&text);
	return bad;
}

long http_parse_retry_after(const char *value)
{
	const char *p = value;
	long n = 0;

	if (!p)
		return -1;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '+')
		p++;
	if (!(*p >= '0' && *p <= '9'))
		return -1;
	while (*p >= '0' && *p <= '9') {
		if (n > 100000000L)
			return -1;
		n = n * 10 + (*p++ - '0');
	}
	while (is_space(*p))
		p++;
	return *p ? -1 : n;
}

void http_redact_header(const char *line, struct strbuf *out)
{
	static const char *const secret[] = {
		"Authorization", "Proxy-Authorization",
	};
	const char *colon = strchr(line, ':');
	size_t i;

	for (i = 0; colon && i < ARRAY_SIZE(secret); i++) {
		size_t n = strlen(secret[i]);
		const char *v, *sp;

		if ((size_t)(colon - line) != n || strncasecmp(line, secret[i], n))
			continue;
		v = colon + 1;
		while (*v == ' ')
			v++;
		strbuf_add(out, line, (size_t)(colon - line));
		strbuf_addstr(out, ": ");
		sp = strchr(v, ' ');
		if (sp && sp != v) {
			strbuf_add(out, v, (size_t)(sp - v));
			strbuf_addstr(out, " <masked>");
		} else {
			strbuf_addstr(out, "<masked>");
		}
		return;
	}
	strbuf_addstr(out, line);
}

void http_truncate_body(const char *body, size_t len, int verbosity,
			struct strbuf *out)
{
	size_t max;

	if (verbosity >= 10) {
		strbuf_add(out, body, len);
		return;
	}
	max = verbosity >= 9 ? 10240 : 1024;
	if (len <= max) {
		strbuf_add(out, body, len);
		return;
	}
	strbuf_add(out, body, max);
	strbuf_addf(out, " [truncated %zu chars]", len - max);
}

void http_go_duration(long ms, struct strbuf *out)
{
	long h, m, s, frac;

	if (ms == 0) {
		strbuf_addstr(out, "0s");
		return;
	}
	if (ms < 0) {
		strbuf_addch(out, '-');
		ms = -ms;
	}
	if (ms < 1000) {
		strbuf_addf(out, "%ldms", ms);
		return;
	}
	h = ms / 3600000;
	m = ms / 60000 % 60;
	s = ms / 1000 % 60;
	frac = ms % 1000;
	if (h)
		strbuf_addf(out, "%ldh", h);
	if (h || m)
		strbuf_addf(out, "%ldm", m);
	strbuf_addf(out, "%ld", s);
	if (frac) {
		char digits[8];
		int n;

		snprintf(digits, sizeof(digits), "%03ld", frac);
		n = 3;
		while (n > 0 && digits[n - 1] == '0')
			n--;
		strbuf_addch(out, '.');
		strbuf_add(out, digits, (size_t)n);
	}
	strbuf_addch(out, 's');
}

void http_add_timeout_query(const char *path, long ms, struct strbuf *out)
{
	const char *q = strchr(path, '?');
	struct strbuf param = STRBUF_INIT;
	const char *seg;

	strbuf_addstr(&param, "timeout=");
	http_go_duration(ms, &param);
	if (!q) {
		strbuf_addstr(out, path);
		strbuf_addch(out, '?');
		strbuf_addstr(out, param.buf);
		strbuf_release(&param);
		return;
	}
	strbuf_add(out, path, (size_t)(q + 1 - path));
	seg = q + 1;
	while (*seg) {
		const char *amp = strchr(seg, '&');
		size_t seglen = amp ? (size_t)(amp - seg) : strlen(seg);
		size_t keylen = strcspn(seg, "=&");
		int cmp = strncmp(seg, "timeout", keylen < 7 ? keylen : 7);

		if (cmp > 0 || (cmp == 0 && keylen > 7))
			break;
		seg += seglen;
		if (*seg == '&')
			seg++;
	}
	/* seg is where the new parameter goes */
	strbuf_add(out, q + 1, (size_t)(seg - (q + 1)));
	if (seg > q + 1 && seg[-1] != '&')
		strbuf_addch(out, '&');
	strbuf_addstr(out, param.buf);
	if (*seg) {
		strbuf_addch(out, '&');
		strbuf_addstr(out, seg);
	}
	strbuf_release(&param);
}

/* ------------------------------------------------------------ splitter */

void json_splitter_init(struct json_splitter *s)
{
	memset(s, 0, sizeof(*s));
	strbuf_init(&s->buf, 0);
}

void json_splitter_release(struct json_splitter *s)
{
	strbuf_release(&s->buf);
	s->depth = 0;
	s->in_string = s->escape = false;
}

bool json_splitter_pending(const struct json_splitter *s)
{
	return s->depth > 0;
}

static int splitter_add(struct json_splitter *s, const char *p, size_t n,
			struct strbuf *err)
{
	size_t max = s->max ? s->max : (256UL << 20);

	if (s->buf.len + n > max) {
		strbuf_addf(err, "a streamed JSON value is larger than %zu bytes", max);
		return -1;
	}
	strbuf_add(&s->buf, p, n);
	return 0;
}

int json_splitter_feed(struct json_splitter *s, const char *data, size_t len,
		       http_object_fn fn, void *ctx, struct strbuf *err)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		char ch = data[i];

		if (s->depth == 0) {
			if (is_space((unsigned char)ch))
				continue;
			if (ch != '{' && ch != '[') {
				strbuf_addf(err, "unexpected byte 0x%02x between JSON values in the response stream",
					    (unsigned char)ch);
				return -1;
			}
			strbuf_reset(&s->buf);
			s->depth = 1;
			s->in_string = s->escape = false;
			start = i;
			continue;
		}
		if (s->in_string) {
			if (s->escape)
				s->escape = false;
			else if (ch == '\\')
				s->escape = true;
			else if (ch == '"')
				s->in_string = false;
			continue;
		}
		if (ch == '"') {
			s->in_string = true;
		} else if (ch == '{' || ch == '[') {
			s->depth++;
		} else if (ch == '}' || ch == ']') {
			if (--s->depth == 0) {
				int r;

				if (splitter_add(s, data + start, i + 1 - start, err))
					return -1;
				r = fn(ctx, s->buf.buf, s->buf.len);
				strbuf_reset(&s->buf);
				if (r)
					return r;
			}
		}
	}
	if (s->depth > 0 && splitter_add(s, data + start, len - start, err))
		return -1;
	return 0;
}

/* ------------------------------------------------------------ logging */

static void vlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void vlog(const char *fmt, ...)
{
	struct timeval tv;
	struct tm tm;
	va_list ap;

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	fflush(stdout);
	fprintf(stderr, "I%02d%02d %02d:%02d:%02d.%06ld %7d http.c] ",
		tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		(long)tv.tv_usec, (int)getpid());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Bodies that may carry credentials are never logged. */
static bool sensitive_path(const char *path)
{
	return strstr(path, "/secrets") || strstr(path, "/token") ||
	       strstr(path, "/tokenreviews") || strstr(path, "/certificatesigningrequests");
}

static void log_body(const char *what, const char *path, const char *body,
		     size_t len, int verbosity)
{
	struct strbuf sb = STRBUF_INIT;

	if (sensitive_path(path))
		strbuf_addf(&sb, "<%zu bytes not shown: may hold credentials>", len);
	else
		http_truncate_body(body, len, verbosity, &sb);
	vlog("%s: %s", what, sb.buf);
	strbuf_release(&sb);
}

/* ------------------------------------------------------------ warnings */

static void note_warning(void *ctx, const char *text)
{
	unsigned *count = ctx;
	size_t i;

	(*count)++;
	for (i = 0; i < seen_nr; i++)
		if (!strcmp(seen_warnings[i], text))
			return;
	ALLOC_GROW(seen_warnings, seen_nr + 1, seen_alloc);
	seen_warnings[seen_nr++] = xstrdup(text);
	warning("%s", text);
}

unsigned http_warning_count(void)
{
	return (unsigned)seen_nr;
}

unsigned http_warning_header(const char *value)
{
	unsigned n = 0;

	http_parse_warning(value, note_warning, &n);
	return n;
}

/* ------------------------------------------------------------ client */

static void set_blob(CURL *curl, CURLoption opt, const char *pem)
{
	struct curl_blob b;

	b.data = (void *)pem;
	b.len = strlen(pem);
	b.flags = CURL_BLOB_NOCOPY;
	curl_easy_setopt(curl, opt, &b);
}

static bool same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

/* (Re)load the client certificate pair when it changed (exec plugins
 * rotate it). Returns true when it did. */
static bool sync_client_cert(struct http_client *c)
{
	struct rest_config *cfg = c->cfg;
	char *old_cert = c->cert, *old_key = c->key;

	if (same(c->cert, cfg->client_cert_pem) && same(c->key, cfg->client_key_pem))
		return false;
	c->cert = cfg->client_cert_pem ? xstrdup(cfg->client_cert_pem) : NULL;
	c->key = cfg->client_key_pem ? xstrdup(cfg->client_key_pem) : NULL;
	if (c->cert && c->key) {
		curl_easy_setopt(c->curl, CURLOPT_SSLCERTTYPE, "PEM");
		set_blob(c->curl, CURLOPT_SSLCERT_BLOB, c->cert);
		curl_easy_setopt(c->curl, CURLOPT_SSLKEYTYPE, "PEM");
		set_blob(c->curl, CURLOPT_SSLKEY_BLOB, c->key);
	} else {
		curl_easy_setopt(c->curl, CURLOPT_SSLCERT_BLOB, NULL);
		curl_easy_setopt(c->curl, CURLOPT_SSLKEY_BLOB, NULL);
	}
	free(old_cert);
	free_secret(old_key);
	return true;
}

static bool is_loopback(const char *host)
{
	return !strcasecmp(host, "localhost") || !strncmp(host, "127.", 4) ||
	       !strcmp(host, "::1") || !strcmp(host, "[::1]");
}

/* Split cfg->server into its parts. */
static void setup_urls(struct http_client *c)
{
	const char *server = c->cfg->server ? c->cfg->server : "";
	const char *p = strstr(server, "://");
	const char *auth, *auth_end, *port;
	char *scheme, *host, *portstr, *prefix;
	struct strbuf sb = STRBUF_INIT;

	if (p) {
		scheme = xstrndup(server, (size_t)(p - server));
		auth = p + 3;
	} else {
		scheme = xstrdup("https");
		auth = server;
	}
	auth_end = auth + strcspn(auth, "/?#");
	c->authority = xstrndup(auth, (size_t)(auth_end - auth));
	prefix = xstrdup(auth_end);
	while (*prefix && prefix[strlen(prefix) - 1] == '/')
		prefix[strlen(prefix) - 1] = '\0';

	if (c->authority[0] == '[') {
		const char *rb = strchr(c->authority, ']');

		rb = rb ? rb + 1 : c->authority + strlen(c->authority);
		host = xstrndup(c->authority, (size_t)(rb - c->authority));
		port = *rb == ':' ? rb + 1 : NULL;
	} else {
		const char *colon = strrchr(c->authority, ':');

		host = colon ? xstrndup(c->authority, (size_t)(colon - c->authority))
			     : xstrdup(c->authority);
		port = colon ? colon + 1 : NULL;
	}
	portstr = xstrdup(port && *port ? port :
			  !strcasecmp(scheme, "http") ? "80" : "443");

	if (c->cfg->tls_server_name && *c->cfg->tls_server_name &&
	    !strcasecmp(scheme, "https")) {
		const char *tn = c->cfg->tls_server_name;
		bool v6 = strchr(tn, ':') != NULL;

		strbuf_addf(&sb, "%s%s%s:%s:%s:%s", v6 ? "[" : "", tn, v6 ? "]" : "",
			    portstr, host, portstr);
		c->connect_to = curl_slist_append(NULL, sb.buf);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s://%s%s%s:%s%s", scheme, v6 ? "[" : "", tn,
			    v6 ? "]" : "", portstr, prefix);
		c->url_base = strbuf_detach(&sb, NULL);
		c->host_header = xstrfmt("Host: %s", c->authority);
	} else {
		strbuf_addf(&sb, "%s://%s%s", scheme, c->authority, prefix);
		c->url_base = strbuf_detach(&sb, NULL);
	}
	/* Go's proxy rules never proxy loopback; libcurl's would. */
	if (c->cfg->proxy_url && *c->cfg->proxy_url)
		curl_easy_setopt(c->curl, CURLOPT_PROXY, c->cfg->proxy_url);
	else if (is_loopback(host))
		curl_easy_setopt(c->curl, CURLOPT_PROXY, "");
	free(scheme);
	free(host);
	free(portstr);
	free(prefix);
	strbuf_release(&sb);
}

static struct http_client *client_new(struct rest_config *cfg)
{
	struct http_client *c = xcalloc(1, sizeof(*c));
	struct strbuf ua = STRBUF_INIT;

	c->cfg = cfg;
	c->curl = curl_easy_init();
	if (!c->curl)
		die("cannot initialise libcurl");
	curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c->curl, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(c->curl, CURLOPT_TCP_KEEPIDLE, 30L);
	curl_easy_setopt(c->curl, CURLOPT_TCP_KEEPINTVL, 30L);
	strbuf_addf(&ua, "%s/%s (linux/%s) kubectl-sail",
		    sail_progname ? sail_progname : "kubectl-sail", SAIL_VERSION, GOARCH);
	c->user_agent = strbuf_detach(&ua, NULL);
	curl_easy_setopt(c->curl, CURLOPT_USERAGENT, c->user_agent);
	if (!cfg->disable_compression)
		curl_easy_setopt(c->curl, CURLOPT_ACCEPT_ENCODING, "");

	setup_urls(c);
	if (c->connect_to)
		curl_easy_setopt(c->curl, CURLOPT_CONNECT_TO, c->connect_to);

	if (cfg->insecure) {
		curl_easy_setopt(c->curl, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c->curl, CURLOPT_SSL_VERIFYHOST, 0L);
	} else if (cfg->ca_pem && *cfg->ca_pem) {
		/* Only this CA, as client-go: no system bundle beside it. */
		c->ca = xstrdup(cfg->ca_pem);
		curl_easy_setopt(c->curl, CURLOPT_CAINFO, NULL);
		curl_easy_setopt(c->curl, CURLOPT_CAPATH, NULL);
		set_blob(c->curl, CURLOPT_CAINFO_BLOB, c->ca);
	}
	sync_client_cert(c);
	return c;
}

struct http_client *http_client_for(struct rest_config *cfg)
{
	struct http_client *c;

	for (c = clients; c; c = c->next)
		if (c->cfg == cfg)
			return c;
	if (!curl_ready) {
		curl_load();
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			die("cannot initialise libcurl");
		curl_ready = true;
	}
	c = client_new(cfg);
	c->next = clients;
	clients = c;
	return c;
}

static void client_free(struct http_client *c)
{
	curl_easy_cleanup(c->curl);
	curl_slist_free_all(c->connect_to);
	free(c->user_agent);
	free(c->url_base);
	free(c->authority);
	free(c->host_header);
	free(c->ca);
	free(c->cert);
	free_secret(c->key);
	free(c);
}

void http_client_drop(struct rest_config *cfg)
{
	struct http_client **pp;

	for (pp = &clients; *pp; pp = &(*pp)->next)
		if ((*pp)->cfg == cfg) {
			struct http_client *c = *pp;

			*pp = c->next;
			client_free(c);
			return;
		}
}

void http_cleanup(void)
{
	size_t i;

	while (clients) {
		struct http_client *next = clients->next;

		client_free(clients);
		clients = next;
	}
	for (i = 0; i < seen_nr; i++)
		free(seen_warnings[i]);
	FREE_AND_NULL(seen_warnings);
	seen_nr = seen_alloc = 0;
	if (curl_ready) {
		curl_global_cleanup();
		curl_ready = false;
	}
}

/* ------------------------------------------------------------ requests */

struct xfer {
	struct http_client *c;
	const struct http_request *req;
	struct http_response *resp;
	struct json_splitter split;
	struct strbuf stream_err;
	bool stream_failed;
	bool too_large;
	struct strbuf resp_headers;	/* for -v7 */
	struct strbuf warn_values;	/* raw Warning header values, NUL separated */
};

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct xfer *x = ud;
	size_t len = size * n, vlen;
	const char *colon, *v;
	char *value;

	while (len && (p[len - 1] == '\n' || p[len - 1] == '\r'))
		len--;
	if (len >= 5 && !strncmp(p, "HTTP/", 5)) {
		/* a new response (after 100 Continue, or a retry) */
		FREE_AND_NULL(x->resp->content_type);
		x->resp->retry_after = -1;
		strbuf_reset(&x->resp_headers);
		strbuf_reset(&x->warn_values);
		return size * n;
	}
	if (!len)
		return size * n;
	if (x->c->cfg->verbosity >= 7) {
		struct strbuf line = STRBUF_INIT;

		strbuf_add(&line, p, len);
		strbuf_addstr(&x->resp_headers, "    ");
		http_redact_header(line.buf, &x->resp_headers);
		strbuf_addch(&x->resp_headers, '\n');
		strbuf_release(&line);
	}
	colon = memchr(p, ':', len);
	if (!colon)
		return size * n;
	v = colon + 1;
	while (v < p + len && (*v == ' ' || *v == '\t'))
		v++;
	vlen = (size_t)(p + len - v);
	value = xstrndup(v, vlen);
#define IS(name) ((size_t)(colon - p) == strlen(name) && !strncasecmp(p, name, strlen(name)))
	if (IS("Content-Type")) {
		free(x->resp->content_type);
		x->resp->content_type = value;
		value = NULL;
	} else if (IS("Retry-After")) {
		x->resp->retry_after = http_parse_retry_after(value);
	} else if (IS("Warning")) {
		strbuf_add(&x->warn_values, value, vlen + 1);
	}
#undef IS
	free(value);
	return size * n;
}

static int deliver(void *ctx, const char *json, size_t len)
{
	struct xfer *x = ctx;

	x->resp->streamed = true;
	if (x->c->cfg->verbosity >= 8)
		log_body("Stream Object", x->req->path, json, len, x->c->cfg->verbosity);
	return x->req->on_object(x->req->ctx, json, len);
}

static size_t on_write(char *p, size_t size, size_t n, void *ud)
{
	struct xfer *x = ud;
	size_t len = size * n;
	long code = 0;

	curl_easy_getinfo(x->c->curl, CURLINFO_RESPONSE_CODE, &code);
	if (x->req->on_object && code >= 200 && code < 300) {
		int r = json_splitter_feed(&x->split, p, len, deliver, x,
					   &x->stream_err);

		if (r < 0 && x->stream_err.len) {
			x->stream_failed = true;
			return 0;
		}
		if (r) {
			x->resp->stop_code = r;
			return 0;
		}
		return len;
	}
	if (x->resp->body.len + len > MAX_BODY) {
		x->too_large = true;
		return 0;
	}
	strbuf_add(&x->resp->body, p, len);
	return len;
}

/* Header names for Impersonate-Extra-<key>: client-go escapes what is not
 * a legal header token byte as %XX. */
static void add_escaped_key(struct strbuf *sb, const char *key, size_t len)
{
	static const char legal[] = "!#$&'*+-.^_`|~";
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)key[i];

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || (ch && strchr(legal, ch)))
			strbuf_addch(sb, (char)ch);
		else
			strbuf_addf(sb, "%%%02X", ch);
	}
}

static void wipe_and_free_headers(struct curl_slist *h)
{
	struct curl_slist *i;

	for (i = h; i; i = i->next)
		if (!strncasecmp(i->data, "Authorization:", 14))
			wipe(i->data, strlen(i->data));
	curl_slist_free_all(h);
}

/* Build the header list, credentials included. -1 with err on failure to
 * get a credential. */
static int build_headers(struct http_client *c, const struct http_request *req,
			 struct curl_slist **out, struct strbuf *err)
{
	struct rest_config *cfg = c->cfg;
	struct curl_slist *h = NULL;
	struct strbuf sb = STRBUF_INIT;
	bool have_bearer = false;
	char **p;

	*out = NULL;
	strbuf_addf(&sb, "Accept: %s", req->accept ? req->accept : "application/json");
	h = curl_slist_append(h, sb.buf);
	if (req->body) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "Content-Type: %s",
			    req->content_type ? req->content_type : "application/json");
		h = curl_slist_append(h, sb.buf);
	}
	h = curl_slist_append(h, "Expect:");
	if (c->host_header)
		h = curl_slist_append(h, c->host_header);

	if (cfg->impersonate_user) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "Impersonate-User: %s", cfg->impersonate_user);
		h = curl_slist_append(h, sb.buf);
	}
	if (cfg->impersonate_uid) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "Impersonate-Uid: %s", cfg->impersonate_uid);
		h = curl_slist_append(h, sb.buf);
	}
	for (p = cfg->impersonate_groups; p && *p; p++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "Impersonate-Group: %s", *p);
		h = curl_slist_append(h, sb.buf);
	}
	for (p = cfg->impersonate_extra; p && *p; p++) {
		const char *eq = strchr(*p, '=');

		if (!eq)
			continue;
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "Impersonate-Extra-");
		add_escaped_key(&sb, *p, (size_t)(eq - *p));
		strbuf_addf(&sb, ": %s", eq + 1);
		h = curl_slist_append(h, sb.buf);
	}

	/* Credentials: a bearer token when there is one, else basic. */
	if (cfg->exec && exec_credential_refresh(cfg, false, err) < 0)
		goto fail;
	if (cfg->token || cfg->token_file || cfg->exec) {
		struct strbuf tok = STRBUF_INIT;

		if (rest_config_bearer(cfg, &tok, err) < 0) {
			strbuf_release_secret(&tok);
			goto fail;
		}
		if (tok.len) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, "Authorization: Bearer %s", tok.buf);
			h = curl_slist_append(h, sb.buf);
			strbuf_release_secret(&sb);
			have_bearer = true;
		}
		strbuf_release_secret(&tok);
	}
	if (!have_bearer && (cfg->username || cfg->password)) {
		struct strbuf up = STRBUF_INIT;

		strbuf_addf(&up, "%s:%s", cfg->username ? cfg->username : "",
			    cfg->password ? cfg->password : "");
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "Authorization: Basic ");
		base64_encode(up.buf, up.len, &sb);
		h = curl_slist_append(h, sb.buf);
		strbuf_release_secret(&up);
	}
	strbuf_release_secret(&sb);
	*out = h;
	return 0;
fail:
	strbuf_release_secret(&sb);
	wipe_and_free_headers(h);
	return -1;
}

static bool is_tls_error(CURLcode rc)
{
	switch (rc) {
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CLIENTCERT:
	case CURLE_USE_SSL_FAILED:
		return true;
	default:
		return false;
	}
}

static void classify_failure(struct http_client *c, CURLcode rc, long limit_ms,
			     struct http_response *resp, struct strbuf *err)
{
	const char *why = c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc);
	long oserr = 0;

	curl_easy_getinfo(c->curl, CURLINFO_OS_ERRNO, &oserr);
	if (rc == CURLE_COULDNT_CONNECT && oserr == ECONNREFUSED) {
		resp->fail = HTTP_FAIL_REFUSED;
		strbuf_addstr(err, c->authority);
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		struct strbuf d = STRBUF_INIT;

		resp->fail = HTTP_FAIL_TIMEOUT;
		http_go_duration(limit_ms, &d);
		strbuf_addf(err, "the server did not respond within %s (--request-timeout)", d.buf);
		strbuf_release(&d);
	} else if (is_tls_error(rc)) {
		resp->fail = HTTP_FAIL_TLS;
		strbuf_addf(err, "TLS connection to the server %s failed: %s",
			    c->authority, why);
	} else if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
		   rc == CURLE_COULDNT_RESOLVE_PROXY || rc == CURLE_RECV_ERROR ||
		   rc == CURLE_SEND_ERROR || rc == CURLE_GOT_NOTHING ||
		   rc == CURLE_PARTIAL_FILE || rc == CURLE_HTTP2 ||
		   rc == CURLE_HTTP2_STREAM || rc == CURLE_PROXY) {
		resp->fail = HTTP_FAIL_CONNECT;
		strbuf_addf(err, "%s (server %s)", why, c->authority);
	} else {
		resp->fail = HTTP_FAIL_OTHER;
		strbuf_addf(err, "%s (server %s)", why, c->authority);
	}
}

/*
 * After a failed transfer with an error status: did the whole answer
 * arrive (the server closed while we were still sending, as with a 413 to
 * a body it would not read)? Not when the body stopped short of its
 * Content-Length or a chunked body never ended: then the connection was
 * cut mid-answer, a transport failure (retried for a GET), not an answer
 * to decode from its first half.
 */
static bool answer_whole(struct http_client *c, CURLcode rc)
{
	curl_off_t want = -1, got = 0;

	if (rc != CURLE_SEND_ERROR && rc != CURLE_RECV_ERROR)
		return false;
	curl_easy_getinfo(c->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &want);
	curl_easy_getinfo(c->curl, CURLINFO_SIZE_DOWNLOAD_T, &got);
	return want < 0 ? rc == CURLE_SEND_ERROR : got >= want;
}

/* One attempt. 0 with a response, -1 with resp->fail and err. *resettable
 * tells a dropped connection apart. */
static int attempt(struct http_client *c, const struct http_request *req,
		   struct http_response *resp, bool fresh, bool *resettable,
		   struct strbuf *err)
{
	struct rest_config *cfg = c->cfg;
	struct curl_slist *headers = NULL;
	struct xfer x;
	struct strbuf url = STRBUF_INIT;
	long limit_ms, t0;
	CURLcode rc;
	const char *method = req->method ? req->method : "GET";
	int ret = 0;

	*resettable = false;
	memset(&x, 0, sizeof(x));
	x.c = c;
	x.req = req;
	x.resp = resp;
	json_splitter_init(&x.split);
	strbuf_init(&x.stream_err, 0);
	strbuf_init(&x.resp_headers, 0);
	strbuf_init(&x.warn_values, 0);

	strbuf_reset(&resp->body);
	resp->status = 0;
	resp->fail = HTTP_FAIL_NONE;
	resp->stop_code = 0;
	resp->retry_after = -1;
	resp->warnings = 0;
	FREE_AND_NULL(resp->content_type);

	limit_ms = req->timeout_ms == 0 ? cfg->timeout_ms :
		   req->timeout_ms > 0 ? req->timeout_ms : 0;
	strbuf_addstr(&url, c->url_base);
	if (req->timeout_ms == 0 && cfg->timeout_ms > 0)
		http_add_timeout_query(req->path, cfg->timeout_ms, &url);
	else
		strbuf_addstr(&url, req->path);
	free(resp->url);
	resp->url = xstrdup(url.buf);

	if (build_headers(c, req, &headers, err) < 0) {
		resp->fail = HTTP_FAIL_AUTH;
		ret = -1;
		goto out;
	}
	if (sync_client_cert(c))
		fresh = true;

	curl_easy_setopt(c->curl, CURLOPT_URL, url.buf);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c->curl, CURLOPT_NOBODY, 0L);
	if (req->body) {
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)req->body_len);
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, req->body);
	} else {
		curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
	}
	curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST,
			 (!req->body && !strcmp(method, "GET")) ||
			 (req->body && !strcmp(method, "POST")) ? NULL : method);
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, limit_ms);
	curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT_MS,
			 limit_ms > 0 && limit_ms < CONNECT_TIMEOUT_MS ? limit_ms : CONNECT_TIMEOUT_MS);
	curl_easy_setopt(c->curl, CURLOPT_FRESH_CONNECT, fresh ? 1L : 0L);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, &x);
	c->errbuf[0] = '\0';

	if (cfg->verbosity >= 7) {
		struct curl_slist *i;
		struct strbuf sb = STRBUF_INIT;

		vlog("%s %s", method, url.buf);
		strbuf_addstr(&sb, "Request Headers:");
		strbuf_addf(&sb, "\n    User-Agent: %s", c->user_agent);
		for (i = headers; i; i = i->next) {
			if (!strcmp(i->data, "Expect:"))
				continue;
			strbuf_addstr(&sb, "\n    ");
			http_redact_header(i->data, &sb);
		}
		vlog("%s", sb.buf);
		strbuf_release(&sb);
	}
	if (cfg->verbosity >= 8 && req->body)
		log_body("Request Body", req->path, req->body, req->body_len,
			 cfg->verbosity);

	t0 = monotonic_ms();
	rc = curl_easy_perform(c->curl);
	resp->elapsed_ms = monotonic_ms() - t0;
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &resp->status);

	if (x.warn_values.len) {
		const char *v = x.warn_values.buf;

		while (v < x.warn_values.buf + x.warn_values.len) {
			resp->warnings += http_warning_header(v);
			v += strlen(v) + 1;
		}
	}

	if (rc == CURLE_WRITE_ERROR && x.stream_failed) {
		resp->fail = HTTP_FAIL_OTHER;
		strbuf_addf(err, "%s (%s %s)", x.stream_err.buf, method, url.buf);
		ret = -1;
	} else if (rc == CURLE_WRITE_ERROR && resp->stop_code) {
		resp->fail = HTTP_FAIL_ABORTED;
		strbuf_addstr(err, "stopped by the caller");
		ret = -1;
	} else if (rc == CURLE_WRITE_ERROR && x.too_large) {
		resp->fail = HTTP_FAIL_OTHER;
		strbuf_addf(err, "the response to %s %s is larger than %lu bytes",
			    method, url.buf, MAX_BODY);
		ret = -1;
	} else if (rc == CURLE_OPERATION_TIMEDOUT && resp->streamed) {
		/* a bounded stream ran out its time: not a failure of the server */
		resp->fail = HTTP_FAIL_TIMEOUT;
		strbuf_addstr(err, "the stream's time limit passed");
		ret = -1;
	} else if (rc != CURLE_OK && resp->status >= 400 && !resp->streamed &&
		   answer_whole(c, rc)) {
		/* The server answered (413 to a body it would not read) and
		 * closed before we finished: its status is the answer, not
		 * "transfer closed with N bytes remaining". */
		ret = 0;
	} else if (rc != CURLE_OK) {
		classify_failure(c, rc, limit_ms, resp, err);
		*resettable = rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR ||
			      rc == CURLE_GOT_NOTHING;
		resp->status = 0;
		ret = -1;
	}

	if (cfg->verbosity >= 6) {
		if (ret < 0 && resp->fail != HTTP_FAIL_ABORTED && resp->fail != HTTP_FAIL_TIMEOUT)
			vlog("%s %s  in %ld milliseconds", method, url.buf, resp->elapsed_ms);
		else
			vlog("%s %s %ld %s in %ld milliseconds", method, url.buf,
			     resp->status, http_status_text(resp->status), resp->elapsed_ms);
	}
	if (cfg->verbosity >= 7 && x.resp_headers.len) {
		strbuf_trim_trailing_newline(&x.resp_headers);
		vlog("Response Headers:\n%s", x.resp_headers.buf);
	}
	if (cfg->verbosity >= 8 && resp->body.len)
		log_body("Response Body", req->path, resp->body.buf, resp->body.len,
			 cfg->verbosity);
out:
	wipe_and_free_headers(headers);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
	json_splitter_release(&x.split);
	strbuf_release(&x.stream_err);
	strbuf_release(&x.resp_headers);
	strbuf_release(&x.warn_values);
	strbuf_release(&url);
	return ret;
}

int http_do(struct http_client *c, const struct http_request *req,
	    struct http_response *resp, struct strbuf *err)
{
	struct rest_config *cfg = c->cfg;
	const char *method = req->method ? req->method : "GET";
	bool fresh = false, reset_retried = false, auth_retried = false;
	unsigned after_retries = 0;

	memset(resp, 0, sizeof(*resp));
	strbuf_init(&resp->body, 0);
	resp->retry_after = -1;
	for (;;) {
		bool resettable;
		size_t mark = err->len;

		if (attempt(c, req, resp, fresh, &resettable, err) < 0) {
			if (resettable && !reset_retried && !resp->streamed &&
			    !strcmp(method, "GET")) {
				reset_retried = true;
				fresh = true;
				if (cfg->verbosity >= 4)
					vlog("retrying GET after a dropped connection: %s", err->buf + mark);
				strbuf_setlen(err, mark);
				continue;
			}
			return -1;
		}
		fresh = false;
		if (resp->status == 401 && cfg->exec && !auth_retried && !resp->streamed) {
			auth_retried = true;
			if (exec_credential_refresh(cfg, true, err) < 0) {
				resp->fail = HTTP_FAIL_AUTH;
				return -1;
			}
			fresh = true;
			continue;
		}
		if ((resp->status == 429 || resp->status >= 500) &&
		    resp->retry_after >= 0 && after_retries < MAX_RETRY_AFTER &&
		    !resp->streamed) {
			after_retries++;
			if (cfg->verbosity >= 4)
				vlog("Got a Retry-After %lds response for attempt %u to %s",
				     resp->retry_after, after_retries, resp->url);
			if (resp->retry_after > 0)
				sleep((unsigned)(resp->retry_after > 300 ? 300 : resp->retry_after));
			continue;
		}
		return 0;
	}
}

void http_response_release(struct http_response *resp)
{
	strbuf_release(&resp->body);
	FREE_AND_NULL(resp->content_type);
	FREE_AND_NULL(resp->url);
}
