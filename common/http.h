#ifndef HTTP_H
#define HTTP_H

/*
 * The HTTP client under api.c: libcurl, configured from a struct
 * rest_config the way client-go configures its transport.
 *
 *  - One easy handle per rest_config for the life of the process, so every
 *    request reuses the connection (http_client_for). libcurl is initialised
 *    on the first http_client_for() call, never earlier: --help paths must
 *    not pay for it. http_cleanup() frees every client and libcurl.
 *  - TLS: CA, client certificate and key are handed to libcurl from memory
 *    (blobs, never a file); with a CA only that CA is trusted, as in
 *    client-go. tls-server-name becomes the URL host (SNI and verification)
 *    while CURLOPT_CONNECT_TO routes to the real server and Host: names it.
 *  - Auth: bearer (rest_config_bearer: token, tokenFile or exec plugin),
 *    basic, client certificate; impersonation headers. After a 401 with an
 *    exec plugin the plugin is re-run (forced) and the request retried once.
 *  - Retries: 429/5xx only with Retry-After (at most 10, sleeping that many
 *    seconds, only while nothing was streamed to the caller); a GET once
 *    after a reset connection; never a 409.
 *  - -v logging to stderr (6: method, URL, status, time; 7: headers; 8:
 *    bodies, truncated) with Authorization always masked and bodies of
 *    secrets and token requests never shown. Warning headers are printed
 *    once per process each, as "Warning: text".
 *
 * Ownership: a client borrows its rest_config (which must outlive it);
 * requests borrow their strings; a response is the caller's
 * (http_response_release). Every .c includes sail.h first, so struct
 * strbuf is complete here.
 */

#include <stdbool.h>
#include <stddef.h>

struct rest_config;
struct http_client;

/* Why a request got no (usable) HTTP response. */
enum http_fail {
	HTTP_FAIL_NONE,
	HTTP_FAIL_REFUSED,	/* connection refused */
	HTTP_FAIL_CONNECT,	/* DNS, unreachable, proxy, reset... */
	HTTP_FAIL_TLS,		/* handshake or verification */
	HTTP_FAIL_TIMEOUT,	/* the request's time limit passed */
	HTTP_FAIL_AUTH,		/* getting a credential failed (exec, token file) */
	HTTP_FAIL_ABORTED,	/* the stream callback asked to stop */
	HTTP_FAIL_OTHER,
};

/*
 * Called with each complete top-level JSON value of a streamed 2xx body
 * (a watch event), NUL-terminated. Return 0 to go on, non-zero to stop:
 * the request then ends with HTTP_FAIL_ABORTED and that value in
 * resp->stop_code.
 */
typedef int (*http_object_fn)(void *ctx, const char *json, size_t len);

struct http_request {
	const char *method;	/* "GET", "POST", "PATCH", "PUT", "DELETE" */
	const char *path;	/* "/api/v1/...?query", appended to cfg->server */
	const char *accept;	/* NULL: "application/json" */
	const char *content_type;	/* with a body */
	const char *body;	/* NULL: none */
	size_t body_len;
	/* Streaming: 2xx bodies go to on_object instead of resp->body. */
	http_object_fn on_object;
	void *ctx;
	/*
	 * Time limit in milliseconds: 0 takes cfg->timeout_ms (and adds
	 * client-go's timeout= query parameter), > 0 is this request's own
	 * limit (no query parameter), < 0 means none (a watch bounds itself
	 * with timeoutSeconds).
	 */
	long timeout_ms;
};

struct http_response {
	long status;		/* 0 when no response */
	enum http_fail fail;
	int stop_code;		/* on_object's non-zero return */
	struct strbuf body;	/* non-streamed body (and any error body) */
	char *content_type;	/* NULL when absent */
	char *url;		/* the full URL requested (for messages) */
	long retry_after;	/* seconds, -1 when absent */
	unsigned warnings;	/* Warning headers (code 299) in this response */
	bool streamed;		/* on_object was called at least once */
	long elapsed_ms;
};

/*
 * The client for cfg, created on first use (which initialises libcurl).
 * Never NULL; dies only when libcurl itself cannot start.
 */
struct http_client *http_client_for(struct rest_config *cfg);
/*
 * Forget cfg's client: clients are found by the rest_config's address, so
 * whoever releases a rest_config that had one must drop it first, or a
 * later configuration at the same address would get its connection and
 * credentials. api_free() does this for its configuration.
 */
void http_client_drop(struct rest_config *cfg);
/* Free every client and shut libcurl down (idempotent). */
void http_cleanup(void);

/*
 * Perform one request (with the retries above). Returns 0 when an HTTP
 * response arrived, whatever its status; -1 otherwise, with resp->fail
 * set and one line in err without any "error: " prefix. For
 * HTTP_FAIL_REFUSED err holds only the server's host:port (api.c words
 * kubectl's message around it). resp is initialised here; release it in
 * both cases.
 */
int http_do(struct http_client *c, const struct http_request *req,
	    struct http_response *resp, struct strbuf *err);
void http_response_release(struct http_response *resp);

/* How many distinct warnings were printed so far (--warnings-as-errors). */
unsigned http_warning_count(void);

/* Handle one Warning header value as a response does: print each warning
 * not printed before ("Warning: text" via warning()). Returns how many
 * warnings (code 299) the value held, repeats included. */
unsigned http_warning_header(const char *value);

/* ---- Pure helpers, exposed for api.c and the unit tests. ---- */

/* The reason phrase of an HTTP status ("Not Found"), "" when unknown. */
const char *http_status_text(long code);

/*
 * Parse one Warning header value (RFC 7234: one or more comma-separated
 * `code agent "text" ["date"]`), as client-go does. Calls fn for each
 * warning with code 299 and non-empty text, the text unquoted. Returns the
 * number of malformed entries (parsing stops at the first one).
 */
int http_parse_warning(const char *value,
		       void (*fn)(void *ctx, const char *text), void *ctx);

/* Retry-After as client-go reads it: an integer of seconds (>= 0);
 * -1 when absent or not such a number (HTTP dates are ignored). */
long http_parse_retry_after(const char *value);

/* A header line as -v shows it: the values of Authorization and
 * Proxy-Authorization become "<scheme> <masked>". */
void http_redact_header(const char *line, struct strbuf *out);

/* kubectl's -v body truncation: level 8 keeps 1024 bytes, 9 keeps 10240,
 * 10 everything; the rest becomes " [truncated N chars]". */
void http_truncate_body(const char *body, size_t len, int verbosity,
			struct strbuf *out);

/* Go's time.Duration.String() for a number of milliseconds ("30s",
 * "1m30s", "500ms", "1.5s"), as client-go puts it in timeout=. */
void http_go_duration(long ms, struct strbuf *out);

/* Insert "timeout=VALUE" into path's query at its sorted place (client-go
 * encodes queries sorted by key). */
void http_add_timeout_query(const char *path, long ms, struct strbuf *out);

/*
 * Splits a byte stream into complete top-level JSON values (objects or
 * arrays), across chunk boundaries, ignoring whitespace between them.
 */
struct json_splitter {
	struct strbuf buf;
	int depth;
	bool in_string, escape;
	size_t max;		/* largest value accepted; 0: 256 MiB */
};
void json_splitter_init(struct json_splitter *s);
void json_splitter_release(struct json_splitter *s);
/*
 * Feed bytes; fn gets each complete value. Returns 0, the first non-zero
 * value fn returned (feeding stops there), or -1 with a line in err on
 * garbage between values or an oversized value.
 */
int json_splitter_feed(struct json_splitter *s, const char *data, size_t len,
		       http_object_fn fn, void *ctx, struct strbuf *err);
/* True when a value has started but not ended (the stream was cut). */
bool json_splitter_pending(const struct json_splitter *s);

#endif
