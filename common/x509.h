#ifndef X509_H
#define X509_H

/*
 * The shared root of trust of a multi-cluster mesh, with the OpenSSL 3 API
 * (owner: the ca / remote-secret commands). It reproduces Istio's
 * tools/certs Makefiles and the Sail docs' "Common Setup" openssl recipe:
 *
 *   root:         O=Istio, CN=Root CA; subjectKeyIdentifier=hash,
 *                 basicConstraints=critical,CA:true, keyUsage=critical,
 *                 digitalSignature,nonRepudiation,keyEncipherment,keyCertSign;
 *                 self-signed, sha256, no AuthorityKeyIdentifier.
 *   intermediate: O=Istio, CN=Intermediate CA, L=<cluster>; the same
 *                 keyUsage, CA:true with pathlen:0, SKI, AKI (keyid of the
 *                 root), subjectAltName=DNS:istiod.<namespace>.svc.
 *
 * Both: X.509 v3, a random positive 128-bit serial, notBefore now,
 * notAfter now + days. Keys are PKCS#8 PEM ("BEGIN PRIVATE KEY"): RSA
 * (exponent 65537) or ECDSA (P-256 for bits 256, P-384 for 384).
 *
 * Ownership: every char * result is the caller's. PEM private keys are
 * secrets: release them with x509_free_pem() (wipes, then frees). Errors
 * are one line in err (OpenSSL's reason appended), no "error: " prefix.
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct strbuf;

enum x509_key_type {
	X509_KEY_RSA,
	X509_KEY_ECDSA,
};

struct x509_params {
	enum x509_key_type key_type;
	int bits;		/* RSA: 2048..16384; ECDSA: 256 or 384 */
	int days;		/* validity, > 0 */
};

/* A PEM bundle of one certificate and its key (both NUL-terminated). */
struct x509_pair {
	char *cert_pem;
	char *key_pem;		/* secret */
};

/* Wipe and free a key (NULL is fine). */
void x509_free_pem(char *pem);
void x509_pair_release(struct x509_pair *p);

/* Check the key type / size combination; 0 or -1 with err. */
int x509_params_check(const struct x509_params *p, struct strbuf *err);

/* A self-signed root CA. 0, or -1 with err (out then holds nothing). */
int x509_make_root(const struct x509_params *p, struct x509_pair *out,
		   struct strbuf *err);

/*
 * An intermediate CA for cluster (the L= of its subject), signed by root
 * (whose key must match its certificate). istio_ns names the SAN
 * istiod.<istio_ns>.svc.
 */
int x509_make_intermediate(const struct x509_params *p,
			   const struct x509_pair *root, const char *cluster,
			   const char *istio_ns, struct x509_pair *out,
			   struct strbuf *err);

/* Does key_pem hold the private key of cert_pem? 0 or -1 with err. */
int x509_check_key_match(const char *cert_pem, const char *key_pem,
			 struct strbuf *err);

/*
 * The checks istiod makes on a plugged-in CA (cacerts): ca-cert is a CA,
 * its key matches, cert-chain starts with ca-cert, and ca-cert verifies
 * against root-cert (which may hold several roots) through the rest of
 * cert-chain. 0 or -1 with err.
 */
int x509_check_bundle(const char *ca_cert, const char *ca_key,
		      const char *root_cert, const char *cert_chain,
		      struct strbuf *err);

/*
 * Write a file atomically: a temporary file in the same directory, mode
 * applied before any byte is written, fsync, then published under path
 * (link() when !force, so an existing file is never replaced; rename()
 * with force). 0, or -1 with err naming the path.
 */
int x509_write_file(const char *path, const char *data, size_t len,
		    mode_t mode, bool force, struct strbuf *err);


/* The SHA-256 of the first certificate in pem (its DER form), as 64
 * lower-case hex digits and a NUL in hex[65]: the same root gives the same
 * fingerprint whatever the PEM's line breaks. -1 when pem holds none. */
int x509_fingerprint(const char *pem, char hex[65]);

#endif
