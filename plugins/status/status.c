/*
 * kubectl sail status: flags, one context or several in parallel, output.
 *
 * Several contexts are read by one child process each (fork), side by
 * side; each child sends its result back as one JSON document on a pipe.
 * Processes rather than one libcurl multi handle: every context keeps the
 * suite's blocking, paged API client unchanged, and a context that hangs
 * or fails cannot disturb the others.
 */
#include "sail.h"
#include "commands.h"
#include "status/status.h"
#include "status/status_opts.h"
#include "api.h"
#include "kubeconfig.h"
#include "output.h"
#include "session.h"

#include <sys/wait.h>

static void one_context(struct cli *cli, const char *context, const struct status_opts *so,
			struct status_result *r)
{
	struct strbuf err = STRBUF_INIT;
	struct session s;

	if (session_open_context(&s, cli, context, &err)) {
		r->context = xstrdup(context ? context : "");
		r->doc = r->tables = val_absent();
		r->error = xstrfmt("error: %s", err.buf);
		strbuf_release(&err);
		return;
	}
	r->context = xstrdup(context ? context : s.cfg.context ? s.cfg.context : "");
	status_collect(s.api, so, r);
	session_close(&s);
	strbuf_release(&err);
}

static struct val result_val(const struct status_result *r)
{
	struct val v = val_obj();

	val_set_str(&v, "context", r->context);
	if (val_exists(r->doc))
		val_set(&v, "doc", r->doc);
	if (val_exists(r->tables))
		val_set(&v, "tables", r->tables);
	if (r->error)
		val_set_str(&v, "error", r->error);
	return v;
}

/* The child: read one context, write the result to fd, never return. */
static void child(struct cli *cli, const char *context, const struct status_opts *so, int fd)
{
	struct status_result r = { 0 };
	struct strbuf sb = STRBUF_INIT;
	struct val v;
	size_t off = 0;

	one_context(cli, context, so, &r);
	v = result_val(&r);
	val_to_json(v, &sb, 0);
	val_release(&v);
	status_result_release(&r);
	while (off < sb.len) {
		ssize_t n = write(fd, sb.buf + off, sb.len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(1);
		off += n;
	}
	strbuf_release(&sb);
	_exit(0);
}

/* Every context read in parallel: an array of result values. */
static struct val parallel(struct cli *cli, struct val contexts, const struct status_opts *so)
{
	size_t n = val_len(contexts), i;
	pid_t *pids = xcalloc(n, sizeof(*pids));
	int *fds = xcalloc(n, sizeof(*fds));
	struct val out = val_arr();

	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < n; i++) {
		struct val c = val_at(contexts, i);
		int p[2];

		if (pipe(p))
			die_errno("pipe");
		pids[i] = fork();
		if (pids[i] < 0)
			die_errno("fork");
		if (!pids[i]) {
			close(p[0]);
			free(pids);	/* the child needs neither */
			free(fds);
			child(cli, val_str_get(c), so, p[1]);
		}
		close(p[1]);
		fds[i] = p[0];
		val_release(&c);
	}
	for (i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
		struct val c = val_at(contexts, i), v = val_absent();
		int st = 0;

		if (strbuf_read_fd(&sb, fds[i]) < 0 || waitpid(pids[i], &st, 0) < 0 ||
		    val_parse_json(sb.buf, sb.len, &v, &err)) {
			v = val_obj();
			val_set_str(&v, "context", val_str_get(c));
			val_set_take(&v, "error", val_strf("error: reading context \"%s\" failed", val_str_get(c)));
		}
		close(fds[i]);
		val_push_take(&out, v);
		val_release(&c);
		strbuf_release(&sb);
		strbuf_release(&err);
	}
	free(pids);
	free(fds);
	return out;
}

/* --contexts a,b (also repeated) or --all-contexts; absent for neither. */
static struct val contexts_of(struct cli *cli)
{
	struct val out = val_arr();
	const char *const *l;

	if (cli_bool(cli, SOPT_ALL_CONTEXTS)) {
		struct kube_overrides o;
		struct strbuf err = STRBUF_INIT;

		if (cli_set(cli, SOPT_CONTEXTS) || cli_set(cli, GOPT_CONTEXT))
			die("--all-contexts cannot be used with --contexts or --context");
		cli_kube_overrides(cli, &o);
		val_release(&out);
		if (kubeconfig_contexts(&o, &out, &err))
			die("%s", err.buf);
		if (!val_len(out))
			die("--all-contexts: the kubeconfig defines no contexts");
		return out;
	}
	if (!cli_set(cli, SOPT_CONTEXTS)) {
		val_release(&out);
		return val_absent();
	}
	if (cli_set(cli, GOPT_CONTEXT))
		die("--contexts cannot be used with --context");
	for (l = cli_list(cli, SOPT_CONTEXTS); l && *l; l++) {
		const char *p = *l;

		while (*p) {
			const char *end = strchrnul(p, ',');

			if (end == p)
				die("--contexts: expected context names separated by commas, got \"%s\"", *l);
			val_push_take(&out, val_strn(p, end - p));
			p = *end ? end + 1 : end;
		}
	}
	if (!val_len(out))
		die("--contexts: expected context names separated by commas");
	return out;
}

/* Errors to stderr; the documents of the readable contexts into docs. */
static bool report_errors(struct val results, bool multi, struct val *docs)
{
	struct val_iter it;
	bool failed = false;

	*docs = val_arr();
	for (val_iter_init(&it, results); val_iter_next(&it); ) {
		const char *e = val_get_str(it.value, "error");
		struct val doc = val_get(it.value, "doc");

		if (e) {
			failed = true;
			if (multi)
				fprintf(stderr, "context \"%s\": %s\n", val_get_str(it.value, "context"), e);
			else
				fprintf(stderr, "%s\n", e);
		} else {
			val_push(docs, doc);
		}
		val_release(&doc);
	}
	return failed;
}

int cmd_status(struct cli *cli)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct status_opts so = { 0 };
	struct val contexts, results, docs;
	struct val_iter it;
	struct output o;
	bool text, failed, healthy = true;
	const char *fmt = cli_str(cli, OOPT_OUTPUT);
	int picture = !fmt ? 0 : !strcmp(fmt, "dot") ? 1 : !strcmp(fmt, "mermaid") ? 2 : 0;

	if (cli->nargs > 1)
		die("status takes at most one ISTIO, got %zu arguments", cli->nargs);
	if (picture && cli_set(cli, OOPT_JQ))
		die("-o %s draws the mesh; it cannot be used with --jq", fmt);
	if (output_parse(picture ? NULL : fmt, cli_str(cli, OOPT_JQ), &o, &err))
		die("%s", err.buf);
	if (o.format == OUTPUT_NAME)
		die("status: -o name is not supported: use -o json, yaml, jsonpath or wide");
	text = !picture && (o.format == OUTPUT_DEFAULT || o.format == OUTPUT_WIDE);
	so.istio = cli->nargs ? cli->args[0] : NULL;
	so.tables = text;
	contexts = contexts_of(cli);
	if (cli_bool(cli, SOPT_WATCH)) {
		if (val_exists(contexts))
			die("--watch shows one context: it cannot be used with --contexts or --all-contexts");
		if (cli_bool(cli, SOPT_CHECK))
			die("--watch cannot be used with --check");
		return status_watch(cli, &so, &o, cli_bool(cli, OOPT_NO_HEADERS));
	}
	if (val_exists(contexts)) {
		results = parallel(cli, contexts, &so);
	} else {
		struct status_result r = { 0 };

		one_context(cli, NULL, &so, &r);
		results = val_arr();
		val_push_take(&results, result_val(&r));
		status_result_release(&r);
	}
	failed = report_errors(results, val_exists(contexts), &docs);
	for (val_iter_init(&it, docs); val_iter_next(&it); )
		healthy = healthy && status_check(it.value);
	if (picture) {
		struct val view = status_mesh_view(docs);

		(picture == 1 ? status_mesh_dot : status_mesh_mermaid)(view, &out);
		fputs(out.buf, stdout);
		val_release(&view);
	} else if (text) {
		struct val ok = val_arr();

		for (val_iter_init(&it, results); val_iter_next(&it); )
			if (!val_has(it.value, "error"))
				val_push(&ok, it.value);
		status_render(ok, cli_bool(cli, OOPT_NO_HEADERS), time(NULL), &out);
		if (val_exists(contexts)) {
			/* several clusters: how they make meshes */
			struct val view = status_mesh_view(docs);

			status_mesh_text(view, &out);
			val_release(&view);
		}
		fputs(out.buf, stdout);
		val_release(&ok);
	} else if (val_len(docs) && output_print(&o, docs, stdout, &err)) {
		die("%s", err.buf);
	}
	val_release(&contexts);
	val_release(&results);
	val_release(&docs);
	output_release(&o);
	strbuf_release(&out);
	strbuf_release(&err);
	if (failed)
		return 1;
	return cli_bool(cli, SOPT_CHECK) && !healthy ? 2 : 0;
}
