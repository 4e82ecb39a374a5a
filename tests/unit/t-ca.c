/*
 * common/x509.c: the certificates are checked with OpenSSL itself, the way
 * `openssl x509 -text` and `openssl verify` would see them.
 */
#include "test.h"
#include "base64.h"
#include "x509.h"

#include <sys/stat.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

static X509 *load(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);

	BIO_free(b);
	return x;
}

static EVP_PKEY *load_key(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);

	BIO_free(b);
	return k;
}

/* One-line subject as openssl prints it with -nameopt RFC2253 reversed. */
static void subject(X509 *x, struct strbuf *out)
{
	X509_NAME *n = X509_get_subject_name(x);
	int i;

	for (i = 0; i < X509_NAME_entry_count(n); i++) {
		X509_NAME_ENTRY *e = X509_NAME_get_entry(n, i);
		const unsigned char *d = ASN1_STRING_get0_data(X509_NAME_ENTRY_get_data(e));

		strbuf_addf(out, "%s%s=%s", i ? ", " : "",
			    OBJ_nid2sn(OBJ_obj2nid(X509_NAME_ENTRY_get_object(e))), d);
	}
}

static long days_valid(X509 *x)
{
	int days = 0, secs = 0;

	ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(x), X509_get0_notAfter(x));
	return days;
}

static const struct x509_params rsa_fast = { X509_KEY_RSA, 2048, 3650 };

static void test_root(void)
{
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	struct x509_pair root;
	X509 *x;
	EVP_PKEY *k;
	BASIC_CONSTRAINTS *bc;
	int crit = -1;

	CHECK(!x509_make_root(&rsa_fast, &root, &err));
	CHECK_CONTAINS(root.key_pem, "-----BEGIN PRIVATE KEY-----");
	x = load(root.cert_pem);
	k = load_key(root.key_pem);
	CHECK(x && k);
	subject(x, &sb);
	CHECK_STR(sb.buf, "O=Istio, CN=Root CA");
	CHECK(!X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)));
	CHECK_INT(X509_get_version(x), X509_VERSION_3);
	CHECK_INT(X509_get_signature_nid(x), NID_sha256WithRSAEncryption);
	CHECK_INT(days_valid(x), 3650);
	CHECK(X509_cmp_current_time(X509_get0_notBefore(x)) <= 0);
	CHECK(X509_check_private_key(x, k) == 1);
	CHECK(X509_verify(x, k) == 1);	/* self-signed */
	CHECK_INT(EVP_PKEY_get_bits(k), 2048);
	bc = X509_get_ext_d2i(x, NID_basic_constraints, &crit, NULL);
	CHECK(bc && bc->ca && !bc->pathlen);
	CHECK_INT(crit, 1);
	BASIC_CONSTRAINTS_free(bc);
	CHECK(X509_get_key_usage(x) == (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION |
					KU_KEY_ENCIPHERMENT | KU_KEY_CERT_SIGN));
	CHECK(X509_get0_subject_key_id(x) != NULL);
	CHECK(X509_get0_authority_key_id(x) == NULL);
	CHECK(X509_get_ext_by_NID(x, NID_key_usage, -1) >= 0 &&
	      X509_EXTENSION_get_critical(X509_get_ext(x, X509_get_ext_by_NID(x, NID_key_usage, -1))));
	X509_free(x);
	EVP_PKEY_free(k);
	x509_pair_release(&root);
	CHECK(!root.cert_pem && !root.key_pem);
	strbuf_release(&sb);
	strbuf_release(&err);
}

static void test_root_rsa4096(void)
{
	struct x509_params p = { X509_KEY_RSA, 4096, 3650 };
	struct strbuf err = STRBUF_INIT;
	struct x509_pair root;
	EVP_PKEY *k;

	CHECK(!x509_make_root(&p, &root, &err));
	k = load_key(root.key_pem);
	CHECK(k && EVP_PKEY_get_bits(k) == 4096);
	CHECK(k && EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA);
	EVP_PKEY_free(k);
	x509_pair_release(&root);
	strbuf_release(&err);
}

static void check_intermediate(const struct x509_params *p, int want_key_id)
{
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	struct x509_pair root, im;
	X509 *x, *rx;
	EVP_PKEY *k;
	BASIC_CONSTRAINTS *bc;
	GENERAL_NAMES *san;
	char *chain;

	CHECK(!x509_make_root(p, &root, &err));
	CHECK(!x509_make_intermediate(p, &root, "east", "my-istio", &im, &err));
	CHECK_STR(err.buf, "");
	x = load(im.cert_pem);
	rx = load(root.cert_pem);
	k = load_key(im.key_pem);
	CHECK(x && rx && k);
	CHECK_INT(EVP_PKEY_get_base_id(k), want_key_id);
	subject(x, &sb);
	CHECK_STR(sb.buf, "O=Istio, CN=Intermediate CA, L=east");
	strbuf_reset(&sb);
	CHECK(!X509_NAME_cmp(X509_get_issuer_name(x), X509_get_subject_name(rx)));
	CHECK(X509_check_private_key(x, k) == 1);
	bc = X509_get_ext_d2i(x, NID_basic_constraints, NULL, NULL);
	CHECK(bc && bc->ca && bc->pathlen && ASN1_INTEGER_get(bc->pathlen) == 0);
	BASIC_CONSTRAINTS_free(bc);
	CHECK_INT(X509_get_pathlen(x), 0);
	san = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	CHECK(san && sk_GENERAL_NAME_num(san) == 1);
	if (san && sk_GENERAL_NAME_num(san) == 1) {
		GENERAL_NAME *g = sk_GENERAL_NAME_value(san, 0);

		CHECK_INT(g->type, GEN_DNS);
		CHECK_STR((const char *)ASN1_STRING_get0_data(g->d.dNSName),
			  "istiod.my-istio.svc");
	}
	GENERAL_NAMES_free(san);
	CHECK(!ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(x),
				     X509_get0_subject_key_id(rx)));
	CHECK_INT(days_valid(x), p->days);
	CHECK_INT(X509_check_ca(x), 1);

	/* the chain istiod checks, and the refusals */
	chain = xstrfmt("%s%s", im.cert_pem, root.cert_pem);
	CHECK(!x509_check_bundle(im.cert_pem, im.key_pem, root.cert_pem, chain, &err));
	CHECK(x509_check_bundle(im.cert_pem, root.key_pem, root.cert_pem, chain, &err));
	CHECK_CONTAINS(err.buf, "does not match");
	strbuf_reset(&err);
	{
		struct x509_pair other;

		CHECK(!x509_make_root(p, &other, &err));
		CHECK(x509_check_bundle(im.cert_pem, im.key_pem, other.cert_pem, chain, &err));
		CHECK_CONTAINS(err.buf, "does not verify");
		strbuf_reset(&err);
		CHECK(x509_check_bundle(im.cert_pem, im.key_pem, root.cert_pem,
					other.cert_pem, &err));
		CHECK_CONTAINS(err.buf, "cert-chain.pem does not start with ca-cert.pem");
		strbuf_reset(&err);
		x509_pair_release(&other);
	}
	free(chain);
	X509_free(x);
	X509_free(rx);
	EVP_PKEY_free(k);
	x509_pair_release(&im);
	x509_pair_release(&root);
	strbuf_release(&sb);
	strbuf_release(&err);
}

static void test_intermediate_rsa(void)
{
	check_intermediate(&rsa_fast, EVP_PKEY_RSA);
}

static void test_intermediate_ecdsa(void)
{
	struct x509_params p = { X509_KEY_ECDSA, 256, 30 };

	check_intermediate(&p, EVP_PKEY_EC);
}

static void test_intermediate_wrong_root_key(void)
{
	struct strbuf err = STRBUF_INIT;
	struct x509_pair a, b, im;

	CHECK(!x509_make_root(&rsa_fast, &a, &err));
	CHECK(!x509_make_root(&rsa_fast, &b, &err));
	CHECK(x509_make_intermediate(&rsa_fast, &(struct x509_pair){ a.cert_pem, b.key_pem },
				     "x", "istio-system", &im, &err) == -1);
	CHECK_CONTAINS(err.buf, "does not match");
	CHECK(!im.cert_pem && !im.key_pem);
	x509_pair_release(&a);
	x509_pair_release(&b);
	strbuf_release(&err);
}

static void test_params(void)
{
	struct strbuf err = STRBUF_INIT;
	struct x509_params p = { X509_KEY_RSA, 1024, 10 };

	CHECK(x509_params_check(&p, &err));
	CHECK_CONTAINS(err.buf, "--bits 1024");
	strbuf_reset(&err);
	p = (struct x509_params){ X509_KEY_ECDSA, 4096, 10 };
	CHECK(x509_params_check(&p, &err));
	CHECK_CONTAINS(err.buf, "ECDSA");
	strbuf_reset(&err);
	p = (struct x509_params){ X509_KEY_ECDSA, 384, 0 };
	CHECK(x509_params_check(&p, &err));
	CHECK_CONTAINS(err.buf, "--days");
	strbuf_reset(&err);
	p.days = 1;
	CHECK(!x509_params_check(&p, &err));
	strbuf_release(&err);
}

static void test_write_file(void)
{
	struct strbuf err = STRBUF_INIT;
	char dir[] = "/tmp/t-ca-XXXXXX";
	char *path, *got;
	struct stat st;

	CHECK(mkdtemp(dir) != NULL);
	path = xstrfmt("%s/key.pem", dir);
	CHECK(!x509_write_file(path, "one", 3, 0600, false, &err));
	CHECK(!stat(path, &st));
	CHECK_INT(st.st_mode & 07777, 0600);
	/* never overwritten without force */
	CHECK(x509_write_file(path, "two", 3, 0600, false, &err));
	CHECK_CONTAINS(err.buf, "already exists");
	got = read_file(path, NULL);
	CHECK_STR(got, "one");
	free(got);
	strbuf_reset(&err);
	CHECK(!x509_write_file(path, "three", 5, 0644, true, &err));
	got = read_file(path, NULL);
	CHECK_STR(got, "three");
	free(got);
	CHECK(!stat(path, &st));
	CHECK_INT(st.st_mode & 07777, 0644);
	unlink(path);
	CHECK(!rmdir(dir));	/* empty: no temporary file left behind */
	free(path);
	/* a directory that does not exist */
	CHECK(x509_write_file("/nonexistent-dir/x", "a", 1, 0600, false, &err));
	CHECK_CONTAINS(err.buf, "/nonexistent-dir/x");
	strbuf_release(&err);
}

static void test_base64(void)
{
	struct strbuf sb = STRBUF_INIT;

	base64_encode("", 0, &sb);
	CHECK_STR(sb.buf, "");
	base64_encode("f", 1, &sb);
	CHECK_STR(sb.buf, "Zg==");
	strbuf_reset(&sb);
	base64_encode("foobar", 6, &sb);
	CHECK_STR(sb.buf, "Zm9vYmFy");
	strbuf_reset(&sb);
	base64_encode("-----BEGIN CERTIFICATE-----\n", 28, &sb);
	CHECK_STR(sb.buf, "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==");
	strbuf_release(&sb);
}

TEST_MAIN(T(test_root), T(test_root_rsa4096), T(test_intermediate_rsa),
	  T(test_intermediate_ecdsa), T(test_intermediate_wrong_root_key),
	  T(test_params), T(test_write_file), T(test_base64))
