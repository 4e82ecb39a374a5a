/*
 * kubectl sail ca root | intermediate | secret: the shared root of trust of
 * a multi-cluster mesh. The certificate work is common/x509.c; this file
 * reads and writes the directories and talks to the cluster.
 */
#include "sail.h"
#include "input_limits.h"
#include "names.h"
#include "base64.h"
#include "commands.h"
#include "ca/ca.h"
#include "install/model.h"
#include "x509.h"
#include "api.h"
#include "output.h"
#include "session.h"
#include "value.h"

#include <sys/stat.h>

#define DEFAULT_ISTIO_NS "istio-system"

static const char *const bundle_files[] = {
	"ca-cert.pem", "ca-key.pem", "cert-chain.pem", "root-cert.pem",
};

static void get_params(struct cli *cli, struct x509_params *p)
{
	struct strbuf err = STRBUF_INIT;

	p->key_type = strcmp(cli_str(cli, CA_OPT_KEY_TYPE), "ecdsa") ?
		X509_KEY_RSA : X509_KEY_ECDSA;
	p->bits = cli_set(cli, CA_OPT_BITS) ? (int)cli_int(cli, CA_OPT_BITS) :
		p->key_type == X509_KEY_RSA ? 4096 : 256;
	p->days = (int)cli_int(cli, CA_OPT_DAYS);
	if (x509_params_check(p, &err))
		die("%s", err.buf);
}

static void mkdir_p(const char *dir)
{
	char *copy = xstrdup(dir), *p;

	for (p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) && errno != EEXIST)
			die_errno("cannot create directory '%s'", copy);
		*p = '/';
	}
	if (mkdir(copy, 0755) && errno != EEXIST)
		die_errno("cannot create directory '%s'", copy);
	free(copy);
}

/* Refuse before any key is generated when a file is in the way. */
static void check_absent(const char *dir, const char *const *names, size_t n,
			 bool force)
{
	size_t i;

	if (force)
		return;
	for (i = 0; i < n; i++) {
		char *path = xstrfmt("%s/%s", dir, names[i]);

		if (!access(path, F_OK))
			die("'%s' already exists (pass --force to overwrite it)", path);
		free(path);
	}
}

static void write_or_die(const char *dir, const char *name, const char *data,
			 mode_t mode, bool force)
{
	struct strbuf err = STRBUF_INIT;
	char *path = xstrfmt("%s/%s", dir, name);

	if (x509_write_file(path, data, strlen(data), mode, force, &err))
		die("%s", err.buf);
	free(path);
}

/* Read a file of dir; secret files are wiped by the caller (free_secret). */
static char *read_in(const char *dir, const char *name)
{
	char *path = xstrfmt("%s/%s", dir, name);
	char *s = read_text_file(path, LIMIT_CONFIG_BYTES, NULL);

	if (!s) {
		struct strbuf why = STRBUF_INIT;

		read_error(&why, errno);
		die("cannot read '%s': %s", path, why.buf);
	}
	free(path);
	return s;
}

static const char *required(struct cli *cli, int id, const char *flag,
			    const char *sub)
{
	const char *v = cli_str(cli, id);

	if (!v || !*v)
		die("'kubectl sail ca %s' needs --%s", sub, flag);
	return v;
}

/* root and intermediate write files and print one line: no -o there. */
static void no_output_flags(const struct cli *cli, const char *sub)
{
	if (cli_set(cli, OOPT_OUTPUT) || cli_set(cli, OOPT_JQ))
		die("'kubectl sail ca %s' writes files and takes no -o/--output or --jq: they are for 'ca secret'", sub);
}

static int ca_root(struct cli *cli)
{
	static const char *const names[] = { "root-cert.pem", "root-key.pem" };
	const char *out = required(cli, CA_OPT_OUT, "out", "root");
	bool force = cli_bool(cli, CA_OPT_FORCE);
	struct strbuf err = STRBUF_INIT;
	struct x509_params p;
	struct x509_pair root;

	no_output_flags(cli, "root");
	get_params(cli, &p);
	mkdir_p(out);
	check_absent(out, names, ARRAY_SIZE(names), force);
	if (x509_make_root(&p, &root, &err))
		die("%s", err.buf);
	write_or_die(out, "root-key.pem", root.key_pem, 0600, force);
	write_or_die(out, "root-cert.pem", root.cert_pem, 0644, force);
	x509_pair_release(&root);
	printf("root CA written to %s/root-cert.pem (key %s/root-key.pem)\n", out, out);
	return 0;
}

static int ca_intermediate(struct cli *cli)
{
	const char *rootdir = required(cli, CA_OPT_ROOT, "root", "intermediate");
	const char *out = required(cli, CA_OPT_OUT, "out", "intermediate");
	const char *const *clusters = cli_list(cli, CA_OPT_CLUSTER);
	const char *ns = cli_str(cli, GOPT_NAMESPACE);
	bool force = cli_bool(cli, CA_OPT_FORCE);
	struct strbuf err = STRBUF_INIT;
	struct x509_params p;
	struct x509_pair root;
	size_t i;

	no_output_flags(cli, "intermediate");
	if (!ns || !*ns)
		ns = DEFAULT_ISTIO_NS;
	if (!clusters[0])
		die("'kubectl sail ca intermediate' needs at least one --cluster NAME");
	for (i = 0; clusters[i]; i++)
		if (!dns1123_label(clusters[i]))
			die("invalid cluster name \"%s\": expected a DNS-1123 label (lower-case letters, digits and '-', at most 63)",
			    clusters[i]);
	get_params(cli, &p);
	root.cert_pem = read_in(rootdir, "root-cert.pem");
	root.key_pem = read_in(rootdir, "root-key.pem");
	if (x509_check_key_match(root.cert_pem, root.key_pem, &err))
		die("%s: %s", rootdir, err.buf);
	for (i = 0; clusters[i]; i++) {
		char *dir = xstrfmt("%s/%s", out, clusters[i]);

		mkdir_p(dir);
		check_absent(dir, bundle_files, ARRAY_SIZE(bundle_files), force);
		free(dir);
	}
	for (i = 0; clusters[i]; i++) {
		char *dir = xstrfmt("%s/%s", out, clusters[i]);
		struct x509_pair im;
		char *chain;

		if (x509_make_intermediate(&p, &root, clusters[i], ns, &im, &err))
			die("%s: %s", clusters[i], err.buf);
		chain = xstrfmt("%s%s", im.cert_pem, root.cert_pem);
		write_or_die(dir, "ca-key.pem", im.key_pem, 0600, force);
		write_or_die(dir, "ca-cert.pem", im.cert_pem, 0644, force);
		write_or_die(dir, "cert-chain.pem", chain, 0644, force);
		write_or_die(dir, "root-cert.pem", root.cert_pem, 0644, force);
		printf("intermediate CA for %s written to %s/\n", clusters[i], dir);
		free(chain);
		x509_pair_release(&im);
		free(dir);
	}
	x509_pair_release(&root);
	return 0;
}

/* The cacerts Secret of a checked directory. */
static struct val cacerts_secret(const char *dir, const char *ns)
{
	struct strbuf err = STRBUF_INIT, b64 = STRBUF_INIT;
	struct val s = val_obj(), meta = val_obj(), data = val_obj();
	char *files[ARRAY_SIZE(bundle_files)];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bundle_files); i++)
		files[i] = read_in(dir, bundle_files[i]);
	if (x509_check_bundle(files[0], files[1], files[3], files[2], &err))
		die("refusing '%s': %s", dir, err.buf);
	for (i = 0; i < ARRAY_SIZE(bundle_files); i++) {
		strbuf_reset(&b64);
		base64_encode(files[i], strlen(files[i]), &b64);
		val_set_str(&data, bundle_files[i], b64.buf);
		free_secret(files[i]);
	}
	strbuf_release_secret(&b64);
	val_set_str(&s, "apiVersion", "v1");
	val_set_take(&s, "data", data);
	val_set_str(&s, "kind", "Secret");
	val_set_str(&meta, "name", "cacerts");
	val_set_str(&meta, "namespace", ns);
	val_set_take(&s, "metadata", meta);
	val_set_str(&s, "type", "Opaque");
	return s;
}

/* istiod reads cacerts from its own namespace, which need not exist yet:
 * the CA goes in before the control plane (the guides' order). */
static int ensure_namespace(struct session *s, const char *ns, bool client,
			    bool server, bool say, struct api_error *e)
{
	const struct rest_mapping *m = restmap_by_kind("v1", "Namespace");
	struct val obj, meta;
	int ret;

	if (!api_get(s->api, m, NULL, ns, NULL, e))
		return 0;
	if (!api_error_is(e, "NotFound"))
		return -1;
	api_error_release(e);
	obj = val_obj();
	meta = val_obj();
	val_set_str(&obj, "apiVersion", "v1");
	val_set_str(&obj, "kind", "Namespace");
	val_set_str(&meta, "name", ns);
	val_set_take(&obj, "metadata", meta);
	ret = client ? 0 : api_create(s->api, m, NULL, obj, server, NULL, e);
	val_release(&obj);
	if (!ret && say)
		printf("namespace/%s created%s\n", ns,
		       client ? " (dry run)" : server ? " (server dry run)" : "");
	return ret;
}

/*
 * Create or update cacerts. A dry run (client: nothing sent but the GET;
 * server: the writes with dryRun=All) runs every check the real run runs,
 * so it refuses what the real run would refuse.
 */
static int apply_cacerts(struct cli *cli, struct val secret, const char *ns,
			 const char *dry, const char **verb)
{
	bool client = !strcmp(dry, "client"), server = !strcmp(dry, "server");
	const struct rest_mapping *m = restmap_by_kind("v1", "Secret");
	struct api_error e = API_ERROR_INIT;
	struct strbuf err = STRBUF_INIT;
	struct session s;
	struct val cur = val_absent(), data = val_get(secret, "data");
	int ret = -1;

	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	if (ensure_namespace(&s, ns, client, server,
			     !cli_set(cli, OOPT_OUTPUT) && !cli_set(cli, OOPT_JQ), &e))
		goto fail;
	if (api_get(s.api, m, ns, "cacerts", &cur, &e)) {
		if (!api_error_is(&e, "NotFound"))
			goto fail;
		api_error_release(&e);
		if (!client && api_create(s.api, m, ns, secret, server, NULL, &e))
			goto fail;
		*verb = "created";
		ret = 0;
	} else {
		struct val have = val_get(cur, "data");

		if (val_equal(have, data)) {
			*verb = "unchanged";
			ret = 0;
		} else if (!cli_bool(cli, CA_OPT_FORCE)) {
			error("secret %s/cacerts in context \"%s\" holds a different CA; not replacing it: "
			      "istiod would sign with the new CA while workloads still trust the old one, "
			      "breaking mTLS until every proxy restarts (pass --force to replace it)",
			      ns, s.cfg.context ? s.cfg.context : "");
		} else {
			struct val patch = val_arr(), op = val_obj();

			val_set_str(&op, "op", "replace");
			val_set_str(&op, "path", "/data");
			val_set(&op, "value", data);
			val_push_take(&patch, op);
			if (client || !api_patch(s.api, m, ns, "cacerts", API_PATCH_JSON, patch,
						 NULL, server, NULL, &e)) {
				*verb = "configured";
				ret = 0;
			}
			val_release(&patch);
		}
		val_release(&have);
		if (ret && e.kind != API_ERR_NONE)
			goto fail;
	}
	goto out;
fail:
	api_error_print(&e);
out:
	api_error_release(&e);
	val_release(&cur);
	val_release(&data);
	session_close(&s);
	return ret;
}

static int ca_secret(struct cli *cli)
{
	const char *dir = required(cli, CA_OPT_DIR, "dir", "secret");
	const char *ns = cli_str(cli, GOPT_NAMESPACE);
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	bool apply = cli_bool(cli, CA_OPT_APPLY);
	const char *fmt = cli_str(cli, OOPT_OUTPUT);
	struct strbuf err = STRBUF_INIT;
	struct output o;
	struct val secret;
	int ret = 0;

	if (!apply && !strcmp(dry, "server"))
		die("--dry-run=server needs --apply: without it nothing is sent to a server");
	if (!ns || !*ns)
		ns = DEFAULT_ISTIO_NS;
	secret = cacerts_secret(dir, ns);
	if (!apply && !fmt && !cli_set(cli, OOPT_JQ))
		fmt = "yaml";
	if (output_parse(fmt, cli_str(cli, OOPT_JQ), &o, &err))
		die("%s", err.buf);
	if (apply) {
		if (!strcmp(dry, "client"))
			o.dry_run = OUTPUT_DRY_RUN_CLIENT;
		else if (!strcmp(dry, "server"))
			o.dry_run = OUTPUT_DRY_RUN_SERVER;
		ret = apply_cacerts(cli, secret, ns, dry, &o.verb);
	}
	if (!ret && output_print(&o, secret, stdout, &err))
		ret = error("%s", err.buf);
	output_release(&o);
	val_release(&secret);
	return ret ? 1 : 0;
}

int cmd_ca(struct cli *cli)
{
	const char *sub = cli->nargs ? cli->args[0] : NULL;

	if (cli_set(cli, CA_OPT_CONTEXTS)) {
		if (sub)
			die("--contexts goes without a subcommand: kubectl sail ca --contexts CTX,... --out DIR --apply");
		return model_ca(cli);
	}
	if (!sub)
		die("'kubectl sail ca' needs a subcommand: root, intermediate or secret; see 'kubectl sail ca --help'");
	if (cli->nargs > 1)
		die("unexpected argument \"%s\" for 'kubectl sail ca %s'", cli->args[1], sub);
	if (!strcmp(sub, "root"))
		return ca_root(cli);
	if (!strcmp(sub, "intermediate"))
		return ca_intermediate(cli);
	if (!strcmp(sub, "secret"))
		return ca_secret(cli);
	die("unknown subcommand \"%s\" for 'kubectl sail ca': expected root, intermediate or secret", sub);
}
