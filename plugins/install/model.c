/*
 * kubectl sail install --model: a whole multi-cluster mesh in one command.
 *
 * Nothing here writes to a cluster by itself. The model becomes the same
 * per-cluster command lines the README gives (ca root/intermediate,
 * ca secret --apply, install --mesh-id ..., remote-secret --apply-to), run
 * with the same code, in dependency order:
 *
 *   0 local     the CA files (--ca-generate), when not there yet
 *   1 cacerts   per cluster: the namespace and the cacerts Secret
 *   2 istio     per cluster: the Istio, network label, east-west gateway
 *   3 secrets   per cluster: its remote secret applied to every other
 *
 * Each phase runs its clusters side by side, one child process per
 * context (fleet.c: each keeps the blocking client and the per-cluster
 * command unchanged, and one hanging cluster cannot stall the others'
 * requests); the next phase starts when every child of this one is done.
 * Every per-cluster step reads the cluster first (server-side apply, or
 * "unchanged" for the Secrets), so an interrupted run converges when run
 * again and a second run changes nothing.
 *
 * Before any phase, every context is checked in parallel (known to the
 * kubeconfig, reachable, the Sail CRDs served, distinct clusters by the
 * kube-system namespace's UID), with the flags, names, networks and the
 * CA directory: one line and exit 1, nothing changed anywhere.
 */
#include "sail.h"
#include "commands.h"
#include "install/install.h"
#include "install/install_opts.h"
#include "install/model.h"
#include "ca/ca.h"
#include "api.h"
#include "fleet.h"
#include "kubeconfig.h"
#include "names.h"
#include "output.h"
#include "restmap.h"
#include "session.h"
#include "x509.h"

#include <sys/stat.h>

enum phase {
	PHASE_LOCAL, PHASE_CACERTS, PHASE_ISTIO, PHASE_ADDRESS, PHASE_REMOTES,
	PHASE_SECRETS, PHASE_NR
};
static const char *const phase_names[] = {
	"ca-files", "cacerts", "istio", "gateway-address", "remote-istio", "remote-secrets"
};

struct member {
	char *context;	/* all owned */
	char *cluster;
	char *network;	/* NULL: single network, none given */
	char *uid;	/* kube-system's, from the check */
};

struct step {
	enum phase phase;
	long member;		/* index into members, -1 for a local step */
	const char *cmd;	/* "ca", "install", "remote-secret" */
	char **argv;		/* NULL-terminated, owned */
	size_t argc, alloc;
};

struct model {
	const struct cli *cli;
	const char *kind;
	struct member *m;
	size_t n, m_alloc;
	const char *mesh_id, *name, *ns, *version, *ca_dir, *timeout;
	bool ca_generate, multi_network, dry_run, wait;
	bool ca_only;		/* kubectl sail ca --contexts: phases 0 and 1 */
	bool primary_remote;	/* m[0] the primary, the others its remotes */
	const char *root_dir;	/* an existing root for the intermediates */
	const char *key_args[7];	/* --key-type, --bits, --days for ca */
	struct step *steps;
	size_t nsteps, s_alloc;
};

static void arg(struct step *s, const char *a)
{
	ALLOC_GROW(s->argv, s->argc + 2, s->alloc);
	s->argv[s->argc++] = xstrdup(a);
	s->argv[s->argc] = NULL;
}

static void arg2(struct step *s, const char *flag, const char *value)
{
	arg(s, flag);
	arg(s, value);
}

/* The kubectl global flags that mean the same for every context. */
static void forward_globals(const struct model *md, struct step *s)
{
	static const struct { int id; const char *flag; } fw[] = {
		{ GOPT_KUBECONFIG, "--kubeconfig" },
		{ GOPT_REQUEST_TIMEOUT, "--request-timeout" },
		{ GOPT_V, "-v" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fw); i++)
		if (cli_set(md->cli, fw[i].id))
			arg2(s, fw[i].flag, cli_str(md->cli, fw[i].id));
	if (cli_bool(md->cli, GOPT_INSECURE_SKIP_TLS_VERIFY))
		arg(s, "--insecure-skip-tls-verify");
}

static struct step *new_step(struct model *md, enum phase ph, long member,
			     const char *cmd)
{
	struct step *s;

	ALLOC_GROW(md->steps, md->nsteps + 1, md->s_alloc);
	s = &md->steps[md->nsteps++];
	memset(s, 0, sizeof(*s));
	s->phase = ph;
	s->member = member;
	s->cmd = cmd;
	return s;
}

static bool file_exists(const char *dir, const char *name)
{
	char *p = xstrfmt("%s/%s", dir, name);
	struct stat st;
	bool ok = !stat(p, &st);

	free(p);
	return ok;
}

static const char *ctx_of(const struct model *md, const struct step *s)
{
	return s->member < 0 ? "(local)" : md->m[s->member].context;
}

/* ------------------------------------------------------------ the steps */

/* install [NAME] --context C [-n NS] [--version V], the part every
 * install line of a model shares. */
static struct step *install_step(struct model *md, enum phase ph, size_t i)
{
	struct step *s = new_step(md, ph, (long)i, "install");

	if (md->name)
		arg(s, md->name);
	arg2(s, "--context", md->m[i].context);
	if (md->ns)
		arg2(s, "-n", md->ns);
	if (md->version)
		arg2(s, "--version", md->version);
	return s;
}

static void wait_args(const struct model *md, struct step *s)
{
	if (md->wait) {
		arg(s, "--wait");
		arg2(s, "--timeout", md->timeout);
	}
}

/* The README's multi-primary lines: every cluster the same, and every
 * cluster's remote secret in every other. */
static void plan_multi_primary(struct model *md)
{
	struct step *s;
	size_t i, j;

	for (i = 0; i < md->n; i++) {
		s = install_step(md, PHASE_ISTIO, i);
		arg2(s, "--mesh-id", md->mesh_id);
		arg2(s, "--cluster-name", md->m[i].cluster);
		if (md->m[i].network)
			arg2(s, "--network", md->m[i].network);
		if (md->multi_network) {
			arg(s, "--east-west-gateway");
			arg(s, "--expose-services");
		}
		wait_args(md, s);
	}
	for (i = 0; i < md->n; i++) {
		s = new_step(md, PHASE_SECRETS, (long)i, "remote-secret");
		arg2(s, "--context", md->m[i].context);
		arg2(s, "--name", md->m[i].cluster);
		if (md->ns)
			arg2(s, "-n", md->ns);
		for (j = 0; j < md->n; j++)
			if (j != i)
				arg2(s, "--apply-to", md->m[j].context);
	}
}

/* The README's primary-remote lines: the primary exposes istiod on its
 * east-west gateway, whose load-balancer address the remotes read
 * (--primary-context); each remote's secret goes to the primary. */
static void plan_primary_remote(struct model *md)
{
	struct step *s;
	size_t i;

	s = install_step(md, PHASE_ISTIO, 0);
	arg2(s, "--mesh-id", md->mesh_id);
	arg2(s, "--cluster-name", md->m[0].cluster);
	arg2(s, "--network", md->m[0].network);
	arg(s, md->multi_network ? "--external-istiod" : "--external-istiod=single");
	arg(s, "--east-west-gateway");
	arg(s, "--expose-istiod");
	if (md->multi_network)
		arg(s, "--expose-services");
	wait_args(md, s);

	s = new_step(md, PHASE_ADDRESS, 0, "install");
	arg(s, "east-west-gateway");
	arg2(s, "--context", md->m[0].context);
	if (md->ns)
		arg2(s, "-n", md->ns);
	arg2(s, "--network", md->m[0].network);
	/* the Istio is InPlace (the model sets no strategy): its revision is
	 * its name, known without waiting for the operator to report it */
	if (md->name)
		arg2(s, "--revision", md->name);
	arg(s, "--wait");
	arg2(s, "--timeout", md->timeout);

	for (i = 1; i < md->n; i++) {
		s = install_step(md, PHASE_REMOTES, i);
		arg(s, "--remote");
		arg2(s, "--cluster-name", md->m[i].cluster);
		arg2(s, "--network", md->m[i].network);
		arg2(s, "--primary-context", md->m[0].context);
		wait_args(md, s);
	}
	for (i = 1; i < md->n; i++) {
		s = new_step(md, PHASE_SECRETS, (long)i, "remote-secret");
		arg2(s, "--context", md->m[i].context);
		arg2(s, "--name", md->m[i].cluster);
		if (md->ns)
			arg2(s, "-n", md->ns);
		arg2(s, "--apply-to", md->m[0].context);
	}
}

static void plan_steps(struct model *md)
{
	struct step *s;
	size_t i, j;

	if (md->ca_generate) {
		/* a root key without its certificate is an interrupted
		 * 'ca root': nothing can have been signed with it yet */
		if (!md->root_dir && !file_exists(md->ca_dir, "root-cert.pem")) {
			s = new_step(md, PHASE_LOCAL, -1, "ca");
			arg(s, "root");
			arg2(s, "--out", md->ca_dir);
			for (j = 0; md->key_args[j]; j++)
				arg(s, md->key_args[j]);
			if (file_exists(md->ca_dir, "root-key.pem"))
				arg(s, "--force");
		}
		for (i = 0; i < md->n; i++) {
			char *dir = xstrfmt("%s/%s", md->ca_dir, md->m[i].cluster);

			/* root-cert.pem is the last file 'ca intermediate' writes */
			if (!file_exists(dir, "root-cert.pem")) {
				s = new_step(md, PHASE_LOCAL, -1, "ca");
				arg(s, "intermediate");
				arg2(s, "--root", md->root_dir ? md->root_dir : md->ca_dir);
				arg2(s, "--cluster", md->m[i].cluster);
				arg2(s, "--out", md->ca_dir);
				if (md->ns)
					arg2(s, "-n", md->ns);
				for (j = 0; md->key_args[j]; j++)
					arg(s, md->key_args[j]);
				if (file_exists(dir, "ca-key.pem"))
					arg(s, "--force");
			}
			free(dir);
		}
	}
	for (i = 0; md->ca_dir && i < md->n; i++) {
		char *dir = xstrfmt("%s/%s", md->ca_dir, md->m[i].cluster);

		s = new_step(md, PHASE_CACERTS, (long)i, "ca");
		arg(s, "secret");
		arg2(s, "--dir", dir);
		arg(s, "--apply");
		arg2(s, "--context", md->m[i].context);
		if (md->ns)
			arg2(s, "-n", md->ns);
		free(dir);
	}
	if (md->primary_remote)
		plan_primary_remote(md);
	else if (!md->ca_only)
		plan_multi_primary(md);
	for (i = 0; i < md->nsteps; i++)
		forward_globals(md, &md->steps[i]);
}

static void model_release(struct model *md)
{
	size_t i, j;

	for (i = 0; i < md->nsteps; i++) {
		for (j = 0; j < md->steps[i].argc; j++)
			free(md->steps[i].argv[j]);
		free(md->steps[i].argv);
	}
	free(md->steps);
	for (i = 0; i < md->n; i++) {
		free(md->m[i].context);
		free(md->m[i].cluster);
		free(md->m[i].network);
		free(md->m[i].uid);
	}
	free(md->m);
}

/* The step as the user would type it. */
static void step_line(const struct step *s, struct strbuf *out)
{
	size_t i;

	strbuf_addf(out, "kubectl sail %s", s->cmd);
	for (i = 0; i < s->argc; i++) {
		const char *a = s->argv[i];

		if (*a && !a[strcspn(a, " \t\n'\"\\$`*?[]{}()<>|&;#~!")]) {
			strbuf_addf(out, " %s", a);
			continue;
		}
		strbuf_addstr(out, " '");
		for (; *a; a++)
			if (*a == '\'')
				strbuf_addstr(out, "'\\''");
			else
				strbuf_addch(out, *a);
		strbuf_addch(out, '\'');
	}
}

/* ------------------------------------------------------------ checks */

static void split_list(const char *const *l, const char *flag, struct val *out)
{
	*out = val_arr();
	for (; l && *l; l++) {
		const char *p = *l;

		while (1) {
			size_t len = strcspn(p, ",");

			if (!len)
				die("%s: empty entry in \"%s\"", flag, *l);
			val_push_take(out, val_strn(p, len));
			if (!p[len])
				break;
			p += len + 1;
		}
	}
}

static void read_members(struct model *md, const char *const *contexts,
			 const char *const *cluster_names, const char *names_flag)
{
	struct val ctx, names, known = val_absent();
	struct kube_overrides ko;
	struct strbuf err = STRBUF_INIT;
	size_t i, j, with_net = 0;

	split_list(contexts, "--contexts", &ctx);
	split_list(cluster_names, names_flag, &names);
	if (md->ca_only && val_len(ctx) < 1)
		die("--contexts needs at least one context");
	if (!md->ca_only && !md->primary_remote && val_len(ctx) < 2)
		die("--model %s needs --contexts with at least two contexts (CTX[=NETWORK],CTX[=NETWORK])", md->kind);
	if (val_len(names) && val_len(names) != val_len(ctx))
		die("%s gives %zu names for %zu contexts", names_flag, val_len(names), val_len(ctx));
	cli_kube_overrides(md->cli, &ko);
	if (kubeconfig_contexts(&ko, &known, &err))
		die("%s", err.buf);
	for (i = 0; i < val_len(ctx); i++) {
		struct val c = val_at(ctx, i), nm = val_at(names, i);
		const char *spec = val_str_get(c), *eq = strchr(spec, '=');
		struct member *m;
		struct val_iter it;
		bool found = false;

		ALLOC_GROW(md->m, md->n + 1, md->m_alloc);
		m = &md->m[md->n++];
		memset(m, 0, sizeof(*m));
		m->context = eq ? xstrndup(spec, (size_t)(eq - spec)) : xstrdup(spec);
		if (eq && md->ca_only)
			die("--contexts %s: a CA has no networks (CTX only)", spec);
		if (eq) {
			m->network = xstrdup(eq + 1);
			if (!*m->network || !label_value(m->network))
				die("--contexts %s: network \"%s\" is not a valid label value (at most 63 of A-Z a-z 0-9 - _ ., starting and ending alphanumeric)",
				    spec, m->network);
			with_net++;
		}
		if (!*m->context)
			die("--contexts: \"%s\" has no context name", spec);
		for (val_iter_init(&it, known); !found && val_iter_next(&it); )
			found = !strcmp(val_str_get(it.value), m->context);
		if (!found)
			die("context \"%s\" not found in the kubeconfig", m->context);
		m->cluster = xstrdup(val_exists(nm) ? val_str_get(nm) : m->context);
		if (!dns1123_label(m->cluster) && val_exists(nm))
			die("%s: \"%s\" is not a valid cluster name (a DNS-1123 label)",
			    names_flag, m->cluster);
		if (!dns1123_label(m->cluster))
			die("context \"%s\" is not a valid cluster name (a DNS-1123 label): give %s",
			    m->cluster, names_flag);
		for (j = 0; j + 1 < md->n; j++) {
			if (!strcmp(md->m[j].context, m->context))
				die("--contexts names \"%s\" twice", m->context);
			if (!strcmp(md->m[j].cluster, m->cluster))
				die("two contexts would have the cluster name \"%s\"", m->cluster);
		}
		val_release(&c);
		val_release(&nm);
	}
	if (with_net && with_net != md->n && !md->primary_remote)
		die("--contexts: give a network to every context (CTX=NETWORK) or to none");
	for (i = 1; i < md->n; i++)
		if (md->m[i].network && strcmp(md->m[i].network, md->m[0].network))
			md->multi_network = true;
	val_release(&ctx);
	val_release(&names);
	val_release(&known);
	strbuf_release(&err);
}

static char *read_pem(const char *dir, const char *name)
{
	char *p = xstrfmt("%s/%s", dir, name), *data = read_file(p, NULL);

	if (!data)
		die_errno("--ca: cannot read '%s'", p);
	free(p);
	return data;
}

/* Each cluster's directory verifies (key, chain to its root) and every
 * one has the same root: with --ca all of them, with --ca-generate those
 * already there. */
static void check_ca(const struct model *md)
{
	const char *flag = md->ca_generate ? "--ca-generate" : "--ca";
	char *root = NULL;
	size_t i;

	if (md->root_dir)
		root = read_pem(md->root_dir, "root-cert.pem");
	else if (md->ca_generate && file_exists(md->ca_dir, "root-cert.pem"))
		root = read_pem(md->ca_dir, "root-cert.pem");
	for (i = 0; i < md->n; i++) {
		char *dir = xstrfmt("%s/%s", md->ca_dir, md->m[i].cluster);
		struct strbuf err = STRBUF_INIT;
		char *f[4];
		size_t k;

		if (md->ca_generate && !file_exists(dir, "root-cert.pem")) {
			free(dir);
			continue;
		}
		if (!file_exists(dir, "ca-cert.pem"))
			die("%s %s: no CA for cluster \"%s\" (%s/ca-cert.pem): create it with kubectl sail ca intermediate --root %s --cluster %s --out %s",
			    flag, md->ca_dir, md->m[i].cluster, dir, md->ca_dir,
			    md->m[i].cluster, md->ca_dir);
		f[0] = read_pem(dir, "ca-cert.pem");
		f[1] = read_pem(dir, "ca-key.pem");
		f[2] = read_pem(dir, "root-cert.pem");
		f[3] = read_pem(dir, "cert-chain.pem");
		if (x509_check_bundle(f[0], f[1], f[2], f[3], &err))
			die("%s %s: %s does not verify: %s", flag, md->ca_dir, dir, err.buf);
		if (!root)
			root = xstrdup(f[2]);
		else if (strcmp(root, f[2]))
			die("%s %s: %s/root-cert.pem is not the same root as the other clusters': a mesh needs one root of trust",
			    flag, md->ca_dir, dir);
		for (k = 0; k < 4; k++)
			free_secret(f[k]);
		free(dir);
		strbuf_release(&err);
	}
	free(root);
}

/* A check child: the context's kube-system UID on stdout, or an error. */
static int check_one(size_t i, void *arg)
{
	struct model *md = arg;
	const struct member *m = &md->m[i];
	const struct rest_mapping *rm;
	struct api_error e = API_ERROR_INIT;
	struct strbuf err = STRBUF_INIT;
	struct session s;
	struct val ns = val_absent();
	const char *uid;

	if (session_open_context(&s, md->cli, m->context, &err))
		die("%s", err.buf);
	if (api_get(s.api, restmap_by_kind("v1", "Namespace"), NULL, "kube-system", &ns, &e) ||
	    (!md->ca_only && api_resolve_kind(s.api, "sailoperator.io/v1", "Istio", &rm, &e))) {
		api_error_render(&e, &err);
		die("%s", err.buf);
	}
	/* the gateways need Istio's networking API where they go */
	if ((md->primary_remote ? i == 0 : md->multi_network) &&
	    install_check_networking(s.api, &err))
		die("%s", err.buf);
	uid = val_dig_str(ns, "metadata", "uid", NULL);
	printf("%s\n", uid ? uid : "");
	val_release(&ns);
	session_close(&s);
	return 0;
}

static void check_clusters(struct model *md)
{
	struct fleet_result *res = xcalloc(md->n, sizeof(*res));
	size_t i, j;
	int bad = 0;

	fleet_run(md->n, check_one, md, res);
	for (i = 0; i < md->n; i++) {
		char *line = fleet_last_line(res[i].out.buf);

		if (res[i].status) {
			error("context \"%s\": %s", md->m[i].context, line);
			bad++;
			free(line);
			continue;
		}
		md->m[i].uid = line;
	}
	fleet_results_release(res, md->n);
	free(res);
	if (bad)
		die("nothing was changed in any context");
	for (i = 0; i < md->n; i++)
		for (j = 0; j < i; j++)
			if (*md->m[i].uid && !strcmp(md->m[i].uid, md->m[j].uid))
				die("contexts \"%s\" and \"%s\" point at the same cluster (kube-system UID %s): a mesh needs distinct clusters",
				    md->m[j].context, md->m[i].context, md->m[i].uid);
}

/* ------------------------------------------------------------ running */

struct phase_run {
	struct model *md;
	size_t *idx;		/* steps of the phase */
};

static int run_one(size_t i, void *arg)
{
	struct phase_run *pr = arg;
	const struct step *s = &pr->md->steps[pr->idx[i]];

	return fleet_command(s->cmd, (const char *const *)s->argv);
}

static void say_done(const struct model *md, const bool *done)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < md->nsteps; i++) {
		if (!done[i])
			continue;
		strbuf_addf(&sb, "%s%s %s", sb.len ? ", " : "",
			    ctx_of(md, &md->steps[i]), phase_names[md->steps[i].phase]);
	}
	fprintf(stderr, "already done: %s\n", sb.len ? sb.buf : "nothing");
	fprintf(stderr, "every step reads the cluster first: run the same command again to continue\n");
	strbuf_release(&sb);
}

static int run_steps(struct model *md)
{
	bool *done = xcalloc(md->nsteps + 1, sizeof(*done));
	size_t *idx = xcalloc(md->nsteps + 1, sizeof(*idx));
	int ph, failed = 0;

	for (ph = 0; ph < PHASE_NR && !failed; ph++) {
		struct phase_run pr = { md, idx };
		struct fleet_result *res;
		size_t n = 0, i;

		for (i = 0; i < md->nsteps; i++)
			if ((int)md->steps[i].phase == ph)
				idx[n++] = i;
		if (!n)
			continue;
		if (isatty(2))
			fprintf(stderr, "%s: %zu step%s...\n", phase_names[ph], n, n > 1 ? "s" : "");
		res = xcalloc(n, sizeof(*res));
		for (i = 0; i < n; i++) {
			strbuf_init(&res[i].out, 0);
			res[i].status = -1;	/* not started */
		}
		if (ph == PHASE_LOCAL) {
			/* the intermediates need the root: one after the other */
			for (i = 0; i < n && !failed; i++) {
				pr.idx = idx + i;
				fleet_run(1, run_one, &pr, &res[i]);
				failed = res[i].status;
			}
			pr.idx = idx;
		} else {
			fleet_run(n, run_one, &pr, res);
		}
		for (i = 0; i < n; i++) {
			const struct step *s = &md->steps[idx[i]];

			if (res[i].status < 0)
				continue;
			fleet_print_prefixed(ctx_of(md, s), res[i].out.buf);
			if (res[i].status)
				failed = 1;
			else
				done[idx[i]] = true;
		}
		fflush(stdout);
		for (i = 0; i < n; i++) {
			const struct step *s = &md->steps[idx[i]];
			struct strbuf line = STRBUF_INIT;
			char *why;

			if (res[i].status <= 0)
				continue;
			why = fleet_last_line(res[i].out.buf);
			step_line(s, &line);
			error("context \"%s\", step %s (%s): %s", ctx_of(md, s),
			      phase_names[ph], line.buf, *why ? why : "failed");
			free(why);
			strbuf_release(&line);
		}
		fleet_results_release(res, n);
		free(res);
	}
	if (failed)
		say_done(md, done);
	free(done);
	free(idx);
	return failed ? 1 : 0;
}

/* --dry-run=client: each context's documents after "# context: NAME". */
static int dry_run(struct model *md)
{
	struct fleet_result *res;
	struct phase_run pr = { md, NULL };
	bool *has_ca = xcalloc(md->n, sizeof(*has_ca));
	size_t n = 0, i, k;
	int ret = 0;

	pr.idx = xcalloc(md->nsteps + 1, sizeof(*pr.idx));
	for (i = 0; i < md->nsteps; i++) {
		struct step *s = &md->steps[i];

		if (s->phase != PHASE_CACERTS && s->phase != PHASE_ISTIO)
			continue;
		if (s->phase == PHASE_CACERTS && md->ca_generate &&
		    !file_exists(s->argv[2], "root-cert.pem"))
			continue;	/* made by the run itself */
		if (s->phase == PHASE_CACERTS) {
			/* printed, not applied: 'ca secret' without --apply
			 * reads no cluster (argv: secret --dir D --apply ...) */
			free(s->argv[3]);
			memmove(s->argv + 3, s->argv + 4, (s->argc - 3) * sizeof(*s->argv));
			s->argc--;
		} else {
			arg(s, "--dry-run=client");
		}
		arg2(s, "-o", "yaml");
		pr.idx[n++] = i;
	}
	res = xcalloc(n + 1, sizeof(*res));
	fleet_run(n, run_one, &pr, res);
	for (i = 0; i < n; i++)
		if (md->steps[pr.idx[i]].phase == PHASE_CACERTS)
			has_ca[md->steps[pr.idx[i]].member] = true;
	for (i = 0; i < n; i++)
		if (res[i].status) {
			fputs(res[i].out.buf, stderr);
			ret = 1;
		}
	for (k = 0; !ret && k < md->n; k++) {
		bool first = true;

		printf("# context: %s\n", md->m[k].context);
		if (md->ca_dir && !has_ca[k])
			printf("# cacerts: from the CA files this run creates in %s/%s\n",
			       md->ca_dir, md->m[k].cluster);
		for (i = 0; i < n; i++) {
			if (md->steps[pr.idx[i]].member != (long)k)
				continue;
			if (!first)
				printf("---\n");
			first = false;
			fputs(res[i].out.buf, stdout);
		}
		if (md->primary_remote && k)
			printf("# the remote Istio: its pilot address is read from context \"%s\"'s east-west gateway when applied\n",
			       md->m[0].context);
		for (i = 0; !md->ca_only && i < md->n; i++)
			if (i != k && (!md->primary_remote || (!k && i)))
				printf("# remote secret istio-remote-secret-%s: made from context \"%s\"'s reader token when applied\n",
				       md->m[i].cluster, md->m[i].context);
	}
	fleet_results_release(res, n);
	free(res);
	free(pr.idx);
	free(has_ca);
	return ret;
}

/* --plan: the ordered steps, as a table or (-o json|yaml) as data. */
static int print_plan(struct model *md, struct output *o)
{
	struct strbuf err = STRBUF_INIT;
	size_t i, j;

	if (o->format == OUTPUT_DEFAULT || o->format == OUTPUT_WIDE) {
		size_t w = strlen("CONTEXT");

		for (i = 0; i < md->nsteps; i++)
			if (strlen(ctx_of(md, &md->steps[i])) > w)
				w = strlen(ctx_of(md, &md->steps[i]));
		printf("%-6s%-*s   %-16s%s\n", "PHASE", (int)w, "CONTEXT", "STEP", "COMMAND");
		for (i = 0; i < md->nsteps; i++) {
			struct strbuf line = STRBUF_INIT;

			step_line(&md->steps[i], &line);
			printf("%-6d%-*s   %-16s%s\n", (int)md->steps[i].phase, (int)w,
			       ctx_of(md, &md->steps[i]), phase_names[md->steps[i].phase], line.buf);
			strbuf_release(&line);
		}
	} else {
		struct val doc = val_obj(), members = val_arr(), steps = val_arr();

		val_set_str(&doc, "model", md->kind);
		val_set_str(&doc, "meshID", md->mesh_id);
		val_set_str(&doc, "namespace", md->ns ? md->ns : "istio-system");
		val_set_bool(&doc, "multiNetwork", md->multi_network);
		for (i = 0; i < md->n; i++) {
			struct val m = val_obj();

			val_set_str(&m, "context", md->m[i].context);
			val_set_str(&m, "cluster", md->m[i].cluster);
			if (md->m[i].network)
				val_set_str(&m, "network", md->m[i].network);
			val_push_take(&members, m);
		}
		for (i = 0; i < md->nsteps; i++) {
			const struct step *s = &md->steps[i];
			struct val v = val_obj(), argv = val_arr();

			val_set_num(&v, "phase", s->phase);
			val_set_str(&v, "step", phase_names[s->phase]);
			if (s->member >= 0)
				val_set_str(&v, "context", md->m[s->member].context);
			val_push_str(&argv, "kubectl");
			val_push_str(&argv, "sail");
			val_push_str(&argv, s->cmd);
			for (j = 0; j < s->argc; j++)
				val_push_str(&argv, s->argv[j]);
			val_set_take(&v, "command", argv);
			val_push_take(&steps, v);
		}
		val_set_take(&doc, "clusters", members);
		val_set_take(&doc, "steps", steps);
		if (output_print(o, doc, stdout, &err))
			die("%s", err.buf);
		val_release(&doc);
	}
	return 0;
}

int install_model(struct cli *cli, struct output *o)
{
	static const int allowed[] = {
		IOPT_NAME, IOPT_VERSION, IOPT_MESH_ID, IOPT_MODEL, IOPT_CONTEXTS,
		IOPT_CLUSTER_NAMES, IOPT_CA, IOPT_CA_GENERATE, IOPT_PLAN, IOPT_PRIMARY,
		IOPT_REMOTES, 0
	};
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	const char **ctx_list = NULL;
	struct model md;
	size_t k;
	int ret;

	memset(&md, 0, sizeof(md));
	md.cli = cli;
	md.kind = cli_str(cli, IOPT_MODEL);
	install_only_flags(cli, "--model", allowed, "NAME, --version, --mesh-id, -n, --contexts, --cluster-names, --ca, --ca-generate, --plan, --wait, --dry-run=client and -o");
	if (cli_set(cli, GOPT_CONTEXT))
		die("--model works on --contexts; --context cannot be used with it");
	if (cli->nargs > 1)
		die("expected at most one NAME, got %zu arguments", cli->nargs);
	md.name = cli->nargs ? cli->args[0] : cli_str(cli, IOPT_NAME);
	if (cli->nargs && cli_set(cli, IOPT_NAME) && strcmp(md.name, cli_str(cli, IOPT_NAME)))
		die("NAME \"%s\" and --name \"%s\" differ", md.name, cli_str(cli, IOPT_NAME));
	md.ns = cli_str(cli, GOPT_NAMESPACE);
	if (md.ns && !*md.ns)
		md.ns = NULL;
	md.version = cli_str(cli, IOPT_VERSION);
	md.mesh_id = cli_set(cli, IOPT_MESH_ID) ? cli_str(cli, IOPT_MESH_ID) : "mesh1";
	md.primary_remote = !strcmp(md.kind, "primary-remote");
	md.wait = cli_bool(cli, WOPT_WAIT);
	md.timeout = cli_str(cli, WOPT_TIMEOUT);
	md.dry_run = dry && !strcmp(dry, "client");
	if (dry && strcmp(dry, "none") && !md.dry_run)
		die("--model supports --dry-run=client only");
	if (cli_set(cli, IOPT_CA) && cli_set(cli, IOPT_CA_GENERATE))
		die("give one of --ca DIR (an existing CA) and --ca-generate DIR (a new one)");
	md.ca_generate = cli_set(cli, IOPT_CA_GENERATE);
	md.ca_dir = md.ca_generate ? cli_str(cli, IOPT_CA_GENERATE) : cli_str(cli, IOPT_CA);
	if (md.ca_dir && !*md.ca_dir)
		die("--ca and --ca-generate need a directory");
	if (!md.ca_generate && md.ca_dir) {
		struct stat st;

		if (stat(md.ca_dir, &st) || !S_ISDIR(st.st_mode))
			die("--ca %s: not a directory (--ca-generate DIR creates one)", md.ca_dir);
	}
	if (!cli_bool(cli, IOPT_PLAN) && !md.dry_run && o->format != OUTPUT_DEFAULT)
		die("-o is for --plan and --dry-run=client with --model");
	if (cli_bool(cli, IOPT_PLAN) && md.dry_run)
		die("give one of --plan and --dry-run=client");
	if (md.wait && md.dry_run)
		die("--wait cannot be used with a dry run: nothing would become ready");
	if (md.dry_run && o->format != OUTPUT_YAML && o->format != OUTPUT_DEFAULT)
		die("--model --dry-run=client prints YAML (-o yaml)");
	if (!label_value(md.mesh_id) || !*md.mesh_id)
		die("--mesh-id \"%s\" is not a valid label value", md.mesh_id);

	if (md.primary_remote) {
		const char *const *r = cli_list(cli, IOPT_REMOTES);
		size_t nr = 0;

		if (cli_set(cli, IOPT_CONTEXTS))
			die("--model primary-remote takes --primary and --remotes, not --contexts");
		if (!cli_set(cli, IOPT_PRIMARY) || !cli_set(cli, IOPT_REMOTES))
			die("--model primary-remote needs --primary CTX=NETWORK and --remotes CTX=NETWORK,...");
		while (r && r[nr])
			nr++;
		ctx_list = xcalloc(nr + 2, sizeof(*ctx_list));
		k = 0;
		ctx_list[k++] = cli_str(cli, IOPT_PRIMARY);
		while (k <= nr) {
			ctx_list[k] = r[k - 1];
			k++;
		}
	} else if (cli_set(cli, IOPT_PRIMARY) || cli_set(cli, IOPT_REMOTES)) {
		die("--primary and --remotes go with --model primary-remote");
	}
	read_members(&md, ctx_list ? ctx_list : cli_list(cli, IOPT_CONTEXTS),
		     cli_list(cli, IOPT_CLUSTER_NAMES), "--cluster-names");
	free(ctx_list);
	for (k = 0; md.primary_remote && k < md.n; k++)
		if (!md.m[k].network)
			die("--model primary-remote: give every cluster its network (CTX=NETWORK): the primary's east-west gateway carries istiod");
	if (md.ca_dir)
		check_ca(&md);
	if (!md.dry_run)
		check_clusters(&md);
	plan_steps(&md);
	if (cli_bool(cli, IOPT_PLAN))
		ret = print_plan(&md, o);
	else if (md.dry_run)
		ret = dry_run(&md);
	else
		ret = run_steps(&md);
	model_release(&md);
	return ret;
}

int model_ca(struct cli *cli)
{
	const char *dry = cli_str(cli, WOPT_DRY_RUN);
	char *owned[3] = { NULL, NULL, NULL };
	size_t k = 0;
	struct model md;
	int ret;

	memset(&md, 0, sizeof(md));
	md.cli = cli;
	md.kind = "ca";
	md.ca_only = md.ca_generate = true;
	md.ca_dir = cli_str(cli, CA_OPT_OUT);
	md.root_dir = cli_str(cli, CA_OPT_ROOT);
	if (!md.ca_dir || !*md.ca_dir)
		die("'kubectl sail ca --contexts' needs --out DIR (the CA files; those already there are kept)");
	if (cli_set(cli, CA_OPT_DIR))
		die("--dir is for 'ca secret'; with --contexts each cluster's files are in --out DIR/CLUSTER");
	if (cli_bool(cli, CA_OPT_FORCE))
		die("--force cannot be used with --contexts: a cluster's different cacerts is replaced only with 'ca secret --force', one cluster at a time");
	md.dry_run = !strcmp(dry, "client");
	if (!md.dry_run && strcmp(dry, "none"))
		die("--dry-run=%s is not supported with --contexts; use --dry-run=client", dry);
	if (!cli_bool(cli, CA_OPT_APPLY))
		die("'kubectl sail ca --contexts' needs --apply: it creates each cluster's cacerts Secret");
	if (cli_set(cli, OOPT_OUTPUT) && strcmp(cli_str(cli, OOPT_OUTPUT), "yaml"))
		die("--contexts prints YAML only (-o yaml, with --dry-run=client)");
	md.ns = cli_str(cli, GOPT_NAMESPACE);
	if (md.ns && !*md.ns)
		md.ns = NULL;
	if (cli_set(cli, CA_OPT_KEY_TYPE))
		md.key_args[k++] = owned[0] = xstrfmt("--key-type=%s", cli_str(cli, CA_OPT_KEY_TYPE));
	if (cli_set(cli, CA_OPT_BITS))
		md.key_args[k++] = owned[1] = xstrfmt("--bits=%ld", cli_int(cli, CA_OPT_BITS));
	if (cli_set(cli, CA_OPT_DAYS))
		md.key_args[k++] = owned[2] = xstrfmt("--days=%ld", cli_int(cli, CA_OPT_DAYS));
	read_members(&md, cli_list(cli, CA_OPT_CONTEXTS), cli_list(cli, CA_OPT_CLUSTER), "--cluster");
	check_ca(&md);
	if (!md.dry_run)
		check_clusters(&md);
	plan_steps(&md);
	ret = md.dry_run ? dry_run(&md) : run_steps(&md);
	model_release(&md);
	for (k = 0; k < ARRAY_SIZE(owned); k++)
		free(owned[k]);
	return ret;
}
