#include "sail.h"
#include "base64.h"

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void base64_encode(const void *data, size_t len, struct strbuf *out)
{
	const unsigned char *p = data;
	size_t i;

	strbuf_grow(out, 4 * ((len + 2) / 3));
	for (i = 0; i + 2 < len; i += 3) {
		unsigned long v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 | p[i + 2];

		strbuf_addch(out, alphabet[v >> 18 & 63]);
		strbuf_addch(out, alphabet[v >> 12 & 63]);
		strbuf_addch(out, alphabet[v >> 6 & 63]);
		strbuf_addch(out, alphabet[v & 63]);
	}
	if (i < len) {
		unsigned long v = (unsigned long)p[i] << 16;

		if (i + 1 < len)
			v |= (unsigned long)p[i + 1] << 8;
		strbuf_addch(out, alphabet[v >> 18 & 63]);
		strbuf_addch(out, alphabet[v >> 12 & 63]);
		strbuf_addch(out, i + 1 < len ? alphabet[v >> 6 & 63] : '=');
		strbuf_addch(out, '=');
	}
}

static int b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int base64_decode(const char *in, size_t len, struct strbuf *out,
		       size_t *bad_at)
{
	unsigned char quad[4];
	size_t qpos[4];
	size_t i = 0, n = 0, start = out->len;
	bool done = false;

	for (;;) {
		/* collect up to four significant characters */
		n = 0;
		while (n < 4 && i < len) {
			unsigned char c = in[i];

			if (c == '\r' || c == '\n') {
				i++;
				continue;
			}
			if (done)
				goto bad_i;
			quad[n] = c;
			qpos[n] = i;
			n++;
			i++;
		}
		if (n == 0)
			break;
		if (n < 4) {
			/* input ended inside a quantum */
			if (bad_at)
				*bad_at = qpos[0];
			goto fail;
		}
		{
			int v[4], k, pad = 0;
			unsigned long bits = 0;

			for (k = 0; k < 4; k++) {
				if (quad[k] == '=') {
					if (k < 2) {
						if (bad_at)
							*bad_at = qpos[k];
						goto fail;
					}
					pad = 4 - k;
					/* "x=y" is invalid: after '=' only '=' */
					if (k == 2 && quad[3] != '=') {
						if (bad_at)
							*bad_at = qpos[3];
						goto fail;
					}
					break;
				}
				v[k] = b64val(quad[k]);
				if (v[k] < 0) {
					if (bad_at)
						*bad_at = qpos[k];
					goto fail;
				}
			}
			for (k = 0; k < 4 - pad; k++)
				bits |= (unsigned long)v[k] << (18 - 6 * k);
			strbuf_addch(out, (bits >> 16) & 0xff);
			if (pad < 2)
				strbuf_addch(out, (bits >> 8) & 0xff);
			if (pad < 1)
				strbuf_addch(out, bits & 0xff);
			if (pad)
				done = true;
		}
	}
	return 0;
bad_i:
	if (bad_at)
		*bad_at = i;
fail:
	wipe(out->buf + start, out->len - start);
	strbuf_setlen(out, start);
	return -1;
}
