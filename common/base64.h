#ifndef BASE64_H
#define BASE64_H

/*
 * Standard base64 (RFC 4648, with padding), as Go's base64.StdEncoding:
 * kubeconfig *-data fields, Secret data, basic auth, exec credentials.
 * Both functions append to out, which stays the caller's.
 */

#include <stddef.h>

struct strbuf;

void base64_encode(const void *data, size_t len, struct strbuf *out);

/*
 * Strict decoding: padding required, nothing after it, '\r' and '\n'
 * ignored (Go's decoder skips them). 0 on success; -1 otherwise, with
 * out unchanged (whatever was appended is wiped: the input may be a key)
 * and *bad_at (if not NULL) the offset of the offending input byte.
 */
int base64_decode(const char *in, size_t len, struct strbuf *out,
		  size_t *bad_at);

#endif
