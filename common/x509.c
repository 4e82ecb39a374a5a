/*
 * Certificate authorities for the mesh: see x509.h. OpenSSL 3 API only.
 */
#include "sail.h"
#include "x509.h"

#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

/* " (OpenSSL reason)" for the last queued error, then clear the queue. */
static int ossl_fail(struct strbuf *err, const char *what)
{
	unsigned long e = ERR_peek_last_error();
	char buf[256];

	strbuf_addstr(err, what);
	if (e) {
		ERR_error_string_n(e, buf, sizeof(buf));
		strbuf_addf(err, " (%s)", buf);
	}
	ERR_clear_error();
	return -1;
}

void x509_free_pem(char *pem)
{
	free_secret(pem);
}

void x509_pair_release(struct x509_pair *p)
{
	free(p->cert_pem);
	x509_free_pem(p->key_pem);
	p->cert_pem = p->key_pem = NULL;
}

int x509_params_check(const struct x509_params *p, struct strbuf *err)
{
	if (p->days <= 0 || p->days > 36500) {
		strbuf_addf(err, "invalid --days %d: expected 1 to 36500", p->days);
		return -1;
	}
	if (p->key_type == X509_KEY_RSA && (p->bits < 2048 || p->bits > 16384)) {
		strbuf_addf(err, "invalid --bits %d for an RSA key: expected 2048 to 16384", p->bits);
		return -1;
	}
	if (p->key_type == X509_KEY_ECDSA && p->bits != 256 && p->bits != 384) {
		strbuf_addf(err, "invalid --bits %d for an ECDSA key: expected 256 (P-256) or 384 (P-384)",
			    p->bits);
		return -1;
	}
	return 0;
}

static EVP_PKEY *make_key(const struct x509_params *p, struct strbuf *err)
{
	EVP_PKEY *k;

	if (p->key_type == X509_KEY_ECDSA)
		k = EVP_PKEY_Q_keygen(NULL, NULL, "EC",
				      p->bits == 384 ? "P-384" : "P-256");
	else
		k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)p->bits);
	if (!k)
		ossl_fail(err, "cannot generate a private key");
	return k;
}

/* Drain a memory BIO into a new NUL-terminated string. */
static char *bio_string(BIO *b)
{
	char *data, *s;
	long n = BIO_get_mem_data(b, &data);

	s = xmalloc((size_t)n + 1);
	memcpy(s, data, (size_t)n);
	s[n] = '\0';
	return s;
}

static char *key_to_pem(EVP_PKEY *k, struct strbuf *err)
{
	/* Secure memory BIO: its buffer is cleared when freed. */
	BIO *b = BIO_new(BIO_s_secmem());
	char *s = NULL;

	if (!b || !PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL))
		ossl_fail(err, "cannot encode the private key");
	else
		s = bio_string(b);
	BIO_free(b);
	return s;
}

static char *cert_to_pem(X509 *x, struct strbuf *err)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *s = NULL;

	if (!b || !PEM_write_bio_X509(b, x))
		ossl_fail(err, "cannot encode the certificate");
	else
		s = bio_string(b);
	BIO_free(b);
	return s;
}

static X509 *parse_cert(const char *pem, const char *what, struct strbuf *err)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;

	BIO_free(b);
	if (!x) {
		strbuf_addf(err, "%s: ", what);
		ossl_fail(err, "no PEM certificate");
	}
	return x;
}

static EVP_PKEY *parse_key(const char *pem, const char *what, struct strbuf *err)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;

	BIO_free(b);
	if (!k) {
		strbuf_addf(err, "%s: ", what);
		ossl_fail(err, "no PEM private key");
	}
	return k;
}

/* Every certificate of a PEM bundle; NULL (with err) when there is none. */
static STACK_OF(X509) *parse_certs(const char *pem, const char *what,
				   struct strbuf *err)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	STACK_OF(X509) *sk = sk_X509_new_null();
	X509 *x;

	while (b && sk && (x = PEM_read_bio_X509(b, NULL, NULL, NULL)))
		sk_X509_push(sk, x);
	ERR_clear_error();	/* the end of the input reads as an error */
	BIO_free(b);
	if (!sk || !sk_X509_num(sk)) {
		sk_X509_pop_free(sk, X509_free);
		strbuf_addf(err, "%s: no PEM certificate", what);
		return NULL;
	}
	return sk;
}

static int add_ext(X509 *issuer, X509 *subject, int nid, const char *value,
		   struct strbuf *err)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx(&ctx, issuer, subject, NULL, NULL, 0);
	ext = X509V3_EXT_nconf_nid(NULL, &ctx, nid, value);
	ok = ext && X509_add_ext(subject, ext, -1);
	X509_EXTENSION_free(ext);
	if (!ok) {
		strbuf_addf(err, "cannot add the extension %s=%s", OBJ_nid2sn(nid), value);
		return ossl_fail(err, "");
	}
	return 0;
}

static int add_name(X509_NAME *n, const char *field, const char *value,
		    struct strbuf *err)
{
	if (!X509_NAME_add_entry_by_txt(n, field, MBSTRING_UTF8,
					(const unsigned char *)value, -1, -1, 0)) {
		strbuf_addf(err, "cannot set %s=%s in the subject", field, value);
		return ossl_fail(err, "");
	}
	return 0;
}

#define CA_KEY_USAGE "critical, digitalSignature, nonRepudiation, keyEncipherment, keyCertSign"

/*
 * A new certificate for key with subject name, issued by issuer/issuer_key
 * (NULL for self-signed). Extensions are applied in the order of the
 * Makefiles' config.
 */
static X509 *make_cert(const struct x509_params *p, EVP_PKEY *key,
		       X509_NAME *name, X509 *issuer, EVP_PKEY *issuer_key,
		       const char *basic, const char *san, struct strbuf *err)
{
	X509 *x = X509_new();
	unsigned char serial[16];
	BIGNUM *bn = NULL;
	ASN1_INTEGER *ai = NULL;

	if (!x)
		goto fail;
	if (RAND_bytes(serial, sizeof(serial)) != 1)
		goto fail;
	serial[0] &= 0x7f;	/* positive */
	serial[0] |= 0x40;	/* and a full 16 bytes */
	if (!(bn = BN_bin2bn(serial, sizeof(serial), NULL)) ||
	    !(ai = BN_to_ASN1_INTEGER(bn, NULL)) ||
	    !X509_set_serialNumber(x, ai) ||
	    !X509_set_version(x, X509_VERSION_3) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), 0) ||
	    !X509_time_adj_ex(X509_getm_notAfter(x), p->days, 0, NULL) ||
	    !X509_set_subject_name(x, name) ||
	    !X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name) ||
	    !X509_set_pubkey(x, key))
		goto fail;
	BN_free(bn);
	ASN1_INTEGER_free(ai);
	bn = NULL;
	ai = NULL;
	if (add_ext(issuer ? issuer : x, x, NID_subject_key_identifier, "hash", err) ||
	    (issuer && add_ext(issuer, x, NID_authority_key_identifier, "keyid:always", err)) ||
	    add_ext(issuer ? issuer : x, x, NID_basic_constraints, basic, err) ||
	    add_ext(issuer ? issuer : x, x, NID_key_usage, CA_KEY_USAGE, err) ||
	    (san && add_ext(issuer ? issuer : x, x, NID_subject_alt_name, san, err))) {
		X509_free(x);
		return NULL;
	}
	if (!X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()))
		goto fail;
	return x;
fail:
	BN_free(bn);
	ASN1_INTEGER_free(ai);
	X509_free(x);
	ossl_fail(err, "cannot create the certificate");
	return NULL;
}

static int finish_pair(X509 *x, EVP_PKEY *k, struct x509_pair *out,
		       struct strbuf *err)
{
	out->cert_pem = cert_to_pem(x, err);
	out->key_pem = out->cert_pem ? key_to_pem(k, err) : NULL;
	if (!out->key_pem) {
		x509_pair_release(out);
		return -1;
	}
	return 0;
}

int x509_make_root(const struct x509_params *p, struct x509_pair *out,
		   struct strbuf *err)
{
	EVP_PKEY *k = NULL;
	X509_NAME *n = NULL;
	X509 *x = NULL;
	int ret = -1;

	out->cert_pem = out->key_pem = NULL;
	if (x509_params_check(p, err) || !(k = make_key(p, err)))
		goto out;
	if (!(n = X509_NAME_new()) || add_name(n, "O", "Istio", err) ||
	    add_name(n, "CN", "Root CA", err))
		goto out;
	if (!(x = make_cert(p, k, n, NULL, NULL, "critical, CA:true", NULL, err)))
		goto out;
	ret = finish_pair(x, k, out, err);
out:
	X509_free(x);
	X509_NAME_free(n);
	EVP_PKEY_free(k);	/* clears its key material */
	return ret;
}

int x509_make_intermediate(const struct x509_params *p,
			   const struct x509_pair *root, const char *cluster,
			   const char *istio_ns, struct x509_pair *out,
			   struct strbuf *err)
{
	EVP_PKEY *k = NULL, *rk = NULL;
	X509 *rx = NULL, *x = NULL;
	X509_NAME *n = NULL;
	char *san = NULL;
	int ret = -1;

	out->cert_pem = out->key_pem = NULL;
	if (x509_params_check(p, err) ||
	    x509_check_key_match(root->cert_pem, root->key_pem, err) ||
	    !(rx = parse_cert(root->cert_pem, "root certificate", err)) ||
	    !(rk = parse_key(root->key_pem, "root key", err)))
		goto out;
	if (X509_check_ca(rx) < 1) {
		strbuf_addstr(err, "the root certificate is not a CA certificate");
		goto out;
	}
	if (!(k = make_key(p, err)))
		goto out;
	if (!(n = X509_NAME_new()) || add_name(n, "O", "Istio", err) ||
	    add_name(n, "CN", "Intermediate CA", err) || add_name(n, "L", cluster, err))
		goto out;
	san = xstrfmt("DNS:istiod.%s.svc", istio_ns);
	if (!(x = make_cert(p, k, n, rx, rk, "critical, CA:true, pathlen:0", san, err)))
		goto out;
	ret = finish_pair(x, k, out, err);
out:
	free(san);
	X509_free(x);
	X509_free(rx);
	X509_NAME_free(n);
	EVP_PKEY_free(k);
	EVP_PKEY_free(rk);
	return ret;
}

int x509_check_key_match(const char *cert_pem, const char *key_pem,
			 struct strbuf *err)
{
	X509 *x = parse_cert(cert_pem, "certificate", err);
	EVP_PKEY *k = x ? parse_key(key_pem, "key", err) : NULL;
	int ret = -1;

	if (k) {
		if (X509_check_private_key(x, k) == 1)
			ret = 0;
		else
			strbuf_addstr(err, "the private key does not match the certificate");
		ERR_clear_error();
	}
	EVP_PKEY_free(k);
	X509_free(x);
	return ret;
}

int x509_check_bundle(const char *ca_cert, const char *ca_key,
		      const char *root_cert, const char *cert_chain,
		      struct strbuf *err)
{
	STACK_OF(X509) *roots = NULL, *chain = NULL, *untrusted = NULL;
	X509_STORE *store = NULL;
	X509_STORE_CTX *ctx = NULL;
	X509 *x = NULL;
	int i, ret = -1;

	if (!(x = parse_cert(ca_cert, "ca-cert.pem", err)))
		goto out;
	if (X509_check_ca(x) < 1) {
		strbuf_addstr(err, "ca-cert.pem: certificate is not authorized to sign other certificates");
		goto out;
	}
	if (x509_check_key_match(ca_cert, ca_key, err))
		goto out;
	if (!(roots = parse_certs(root_cert, "root-cert.pem", err)) ||
	    !(chain = parse_certs(cert_chain, "cert-chain.pem", err)))
		goto out;
	if (X509_cmp(sk_X509_value(chain, 0), x)) {
		strbuf_addstr(err, "cert-chain.pem does not start with ca-cert.pem");
		goto out;
	}
	untrusted = sk_X509_new_null();
	for (i = 1; untrusted && i < sk_X509_num(chain); i++)
		sk_X509_push(untrusted, sk_X509_value(chain, i));
	store = X509_STORE_new();
	for (i = 0; store && i < sk_X509_num(roots); i++)
		X509_STORE_add_cert(store, sk_X509_value(roots, i));
	ctx = X509_STORE_CTX_new();
	if (!untrusted || !store || !ctx ||
	    !X509_STORE_CTX_init(ctx, store, x, untrusted)) {
		ossl_fail(err, "cannot set up certificate verification");
		goto out;
	}
	if (X509_verify_cert(ctx) != 1) {
		strbuf_addf(err, "ca-cert.pem does not verify against root-cert.pem: %s",
			    X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
		ERR_clear_error();
		goto out;
	}
	ret = 0;
out:
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	sk_X509_free(untrusted);
	sk_X509_pop_free(chain, X509_free);
	sk_X509_pop_free(roots, X509_free);
	X509_free(x);
	return ret;
}

/* Make the new directory entry durable too (best effort). */
static void fsync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

int x509_write_file(const char *path, const char *data, size_t len,
		    mode_t mode, bool force, struct strbuf *err)
{
	char *copy = xstrdup(path);
	char *tmp = xstrfmt("%s/.%s.XXXXXX", dirname(copy), strrchr(path, '/') ?
			    strrchr(path, '/') + 1 : path);
	int fd, ret = -1;
	size_t off = 0;

	free(copy);
	if (!force && !access(path, F_OK)) {
		strbuf_addf(err, "'%s' already exists (pass --force to overwrite it)", path);
		free(tmp);
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		strbuf_addf(err, "cannot create a temporary file for '%s': %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	if (fchmod(fd, mode))
		goto fail;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		off += (size_t)n;
	}
	if (fsync(fd))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (force ? rename(tmp, path) : link(tmp, path)) {
		if (errno == EEXIST)
			strbuf_addf(err, "'%s' already exists (pass --force to overwrite it)", path);
		else
			strbuf_addf(err, "cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	if (!force)
		unlink(tmp);
	fsync_dir(path);
	ret = 0;
	free(tmp);
	return ret;
fail:
	strbuf_addf(err, "cannot write '%s': %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return ret;
}


int x509_fingerprint(const char *pem, char hex[65])
{
	BIO *bio = BIO_new_mem_buf(pem, -1);
	X509 *cert = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
	unsigned char md[32];
	unsigned int len = sizeof(md), i;
	int ret = -1;

	if (cert && X509_digest(cert, EVP_sha256(), md, &len) && len == sizeof(md)) {
		for (i = 0; i < len; i++)
			snprintf(hex + 2 * i, 3, "%02x", md[i]);
		ret = 0;
	}
	X509_free(cert);
	BIO_free(bio);
	ERR_clear_error();
	return ret;
}
