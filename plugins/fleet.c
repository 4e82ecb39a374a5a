/*
 * One child per cluster, outputs collected with poll() so that no child
 * blocks on a full pipe while the parent reads another.
 */
#include "sail.h"
#include "commands.h"
#include "fleet.h"
#include "api.h"
#include "cliflags.h"
#include "session.h"

#include <poll.h>
#include <sys/wait.h>

#define X(id) int cmd_##id(struct cli *cli);
SAIL_COMMANDS(X)
#undef X

static const struct {
	const struct command *cmd;
	int (*fn)(struct cli *cli);
} impls[] = {
#define X(id) { &command_##id, cmd_##id },
	SAIL_COMMANDS(X)
#undef X
};

int sail_command_run(struct cli *cli)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(impls); i++)
		if (!strcmp(impls[i].cmd->file, cli->cmd->file))
			return impls[i].fn(cli);
	BUG("no engine implementation for '%s'", cli->cmd->name);
}

int fleet_command(const char *name, const char *const *argv)
{
	const struct command *cmd = command_find(name);
	struct strbuf err = STRBUF_INIT;
	struct cli cli;
	size_t argc = 0;
	int ret;

	if (!cmd)
		BUG("no command '%s'", name);
	while (argv[argc])
		argc++;
	cli_init(&cli, cmd, cmd->tables);
	cli.progname = sail_progname;
	if (cli_parse(&cli, (int)argc, (const char **)argv, &err))
		BUG("kubectl sail %s: %s", name, err.buf);
	ret = sail_command_run(&cli);
	cli_release(&cli);
	return ret;
}

void fleet_run(size_t n, int (*fn)(size_t i, void *arg), void *arg,
	       struct fleet_result *res)
{
	struct pollfd *pfd = xcalloc(n, sizeof(*pfd));
	pid_t *pids = xcalloc(n, sizeof(*pids));
	size_t i, open_fds = 0;

	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < n; i++) {
		int p[2];

		strbuf_init(&res[i].out, 0);
		res[i].status = -1;
		if (pipe(p))
			die_errno("pipe");
		pids[i] = fork();
		if (pids[i] < 0)
			die_errno("fork");
		if (!pids[i]) {
			size_t j;
			int ret;

			for (j = 0; j < i; j++)
				close(pfd[j].fd);
			close(p[0]);
			if (dup2(p[1], 1) < 0 || dup2(p[1], 2) < 0)
				_exit(127);
			close(p[1]);
			free(pfd);
			free(pids);
			ret = fn(i, arg);
			fflush(NULL);
			_exit(ret & 0xff);
		}
		close(p[1]);
		pfd[i].fd = p[0];
		pfd[i].events = POLLIN;
		open_fds++;
	}
	while (open_fds) {
		if (poll(pfd, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			die_errno("poll");
		}
		for (i = 0; i < n; i++) {
			char buf[4096];
			ssize_t r;

			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			r = read(pfd[i].fd, buf, sizeof(buf));
			if (r < 0 && errno == EINTR)
				continue;
			if (r > 0) {
				strbuf_add(&res[i].out, buf, (size_t)r);
				continue;
			}
			close(pfd[i].fd);
			pfd[i].fd = -1;
			open_fds--;
		}
	}
	for (i = 0; i < n; i++) {
		int st;

		while (waitpid(pids[i], &st, 0) < 0)
			if (errno != EINTR)
				die_errno("waitpid");
		res[i].status = WIFEXITED(st) ? WEXITSTATUS(st) :
			WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 1;
	}
	free(pfd);
	free(pids);
}

void fleet_results_release(struct fleet_result *res, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_release(&res[i].out);
}

char *fleet_last_line(const char *s)
{
	const char *end = s + strlen(s), *start;

	while (end > s && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	for (start = end; start > s && start[-1] != '\n'; start--)
		;
	if (!strncmp(start, "error: ", 7))
		start += 7;
	return xstrndup(start, (size_t)(end - start));
}

/* ------------------------------------------------------------ sequences */

struct argv_list {
	const char **v;
	size_t n, alloc;
	char **owned;
	size_t nowned, owned_alloc;
};

static void av_push(struct argv_list *a, const char *s)
{
	ALLOC_GROW(a->v, a->n + 2, a->alloc);
	a->v[a->n++] = s;
	a->v[a->n] = NULL;
}

static void av_pushf_take(struct argv_list *a, char *s)
{
	ALLOC_GROW(a->owned, a->nowned + 1, a->owned_alloc);
	a->owned[a->nowned++] = s;
	av_push(a, s);
}

static void av_release(struct argv_list *a)
{
	size_t i;

	for (i = 0; i < a->nowned; i++)
		free(a->owned[i]);
	free(a->owned);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

static bool skipped(const int *skip, int id)
{
	for (; *skip; skip++)
		if (*skip == id)
			return true;
	return false;
}

/* The command line of cli again, --flag=value per set flag (so that no
 * value can be read as a flag), minus skip and --context. */
static void forward_all(const struct cli *cli, const int *skip, bool preflight,
			struct argv_list *a)
{
	const struct opt *const *t;
	const struct opt *o;
	size_t i;

	for (i = 0; i < cli->nargs; i++)
		av_push(a, cli->args[i]);
	for (t = cli->tables; *t; t++)
		for (o = *t; o->name; o++) {
			if (o->id == GOPT_CONTEXT || skipped(skip, o->id) || !cli_set(cli, o->id))
				continue;
			/* a preflight reads: it never waits */
			if (preflight && (o->id == WOPT_WAIT || o->id == WOPT_TIMEOUT))
				continue;
			if (o->type == OPT_LIST) {
				const char *const *l;

				for (l = cli_list(cli, o->id); l && *l; l++)
					av_pushf_take(a, xstrfmt("--%s=%s", o->name, *l));
			} else if (o->type == OPT_BOOL) {
				av_pushf_take(a, xstrfmt("--%s=%s", o->name,
							 cli_bool(cli, o->id) ? "true" : "false"));
			} else {
				av_pushf_take(a, xstrfmt("--%s=%s", o->name, cli_str(cli, o->id)));
			}
		}
}

struct seq_run {
	const struct fleet_seq *q;
	const char **ctx;	/* all contexts */
	size_t *order;		/* indices into ctx, this batch */
	bool preflight;
};

/* Does an Istio of this context have profile remote? */
static const char *role_of(const struct cli *cli, const char *context)
{
	struct api_error e = API_ERROR_INIT;
	struct strbuf err = STRBUF_INIT;
	const struct rest_mapping *m;
	struct val items = val_absent();
	struct val_iter it;
	const char *role = "control-plane";
	struct session s;

	if (session_open_context(&s, cli, context, &err))
		die("%s", err.buf);
	if (api_resolve_kind(s.api, "sailoperator.io/v1", "Istio", &m, &e) ||
	    api_list_all(s.api, m, NULL, NULL, &items, NULL, &e)) {
		api_error_render(&e, &err);
		die("%s", err.buf);
	}
	for (val_iter_init(&it, items); val_iter_next(&it); ) {
		const char *p = val_dig_str(it.value, "spec", "profile", NULL);

		if (p && !strcmp(p, "remote"))
			role = "remote";
	}
	val_release(&items);
	session_close(&s);
	return role;
}

static int seq_one(size_t i, void *arg)
{
	struct seq_run *sr = arg;
	const struct fleet_seq *q = sr->q;
	const char *context = sr->ctx[sr->order[i]];
	struct argv_list a = { 0 };
	const char *const *x;
	int ret;

	forward_all(q->cli, q->skip, sr->preflight, &a);
	av_pushf_take(&a, xstrfmt("--context=%s", context));
	for (x = sr->preflight ? q->preflight_args : q->run_args; x && *x; x++)
		av_push(&a, *x);
	ret = fleet_command(q->cmd, a.v);
	if (!ret && sr->preflight) {
		fflush(stdout);
		printf("\n@role %s\n", role_of(q->cli, context));
	}
	av_release(&a);
	return ret;
}

void fleet_print_prefixed(const char *prefix, const char *text)
{
	while (*text) {
		size_t len = strcspn(text, "\n");

		printf("%s: %.*s\n", prefix, (int)len, text);
		text += len;
		if (*text)
			text++;
	}
}

/* Cut the "@role" line off a preflight's output; the role. */
static bool cut_role(struct strbuf *out)
{
	char *at = strstr(out->buf, "\n@role ");
	bool remote;

	if (!at)
		return false;
	remote = !strncmp(at + 7, "remote", 6);
	strbuf_setlen(out, (size_t)(at - out->buf));
	return remote;
}

int fleet_sequence(const struct fleet_seq *q)
{
	struct seq_run sr = { q, NULL, NULL, true };
	const char **ctx = NULL;
	size_t n = 0, alloc = 0, i, k, *all, *order;
	struct fleet_result *res;
	bool *remote;
	const char *const *l;
	int failed = 0;

	for (l = q->contexts; l && *l; l++) {
		const char *p = *l;

		while (1) {
			size_t len = strcspn(p, ",");

			if (!len)
				die("--contexts: empty entry in \"%s\"", *l);
			ALLOC_GROW(ctx, n + 1, alloc);
			ctx[n++] = xstrndup(p, len);
			if (!p[len])
				break;
			p += len + 1;
		}
	}
	if (!n)
		die("--contexts needs at least one context");
	for (i = 0; i < n; i++)
		for (k = 0; k < i; k++)
			if (!strcmp(ctx[i], ctx[k]))
				die("--contexts names \"%s\" twice", ctx[i]);
	if (q->parallel < 1)
		die("--parallel must be at least 1");
	all = xcalloc(n, sizeof(*all));
	order = xcalloc(n, sizeof(*order));
	remote = xcalloc(n, sizeof(*remote));
	res = xcalloc(n, sizeof(*res));
	for (i = 0; i < n; i++)
		all[i] = i;
	sr.ctx = ctx;
	sr.order = all;
	fleet_run(n, seq_one, &sr, res);
	for (i = 0; i < n; i++) {
		if (res[i].status) {
			char *why = fleet_last_line(res[i].out.buf);

			error("context \"%s\": %s", ctx[i], *why ? why : "preflight failed");
			free(why);
			failed = 1;
		}
		remote[i] = cut_role(&res[i].out);
	}
	if (failed)
		die("nothing was changed in any context");

	/* control planes first, then remotes; reversed for removal */
	k = 0;
	for (i = 0; i < n; i++)
		if (!remote[q->reverse ? n - 1 - i : i] != q->reverse)
			order[k++] = q->reverse ? n - 1 - i : i;
	for (i = 0; i < n; i++)
		if (!remote[q->reverse ? n - 1 - i : i] == q->reverse)
			order[k++] = q->reverse ? n - 1 - i : i;

	if (q->plan_only) {
		for (k = 0; k < n; k++) {
			printf("# context: %s (%zu of %zu, %s)\n", ctx[order[k]], k + 1, n,
			       remote[order[k]] ? "remote" : "control plane");
			fputs(res[order[k]].out.buf, stdout);
			if (res[order[k]].out.len && res[order[k]].out.buf[res[order[k]].out.len - 1] != '\n')
				putchar('\n');
		}
		goto out;
	}
	fleet_results_release(res, n);
	sr.preflight = false;
	for (k = 0; k < n && !failed; k += (size_t)q->parallel) {
		size_t m = n - k < (size_t)q->parallel ? n - k : (size_t)q->parallel;

		sr.order = order + k;
		fleet_run(m, seq_one, &sr, res);
		for (i = 0; i < m; i++) {
			fleet_print_prefixed(ctx[order[k + i]], res[i].out.buf);
			if (res[i].status)
				failed = 1;
		}
		fflush(stdout);
		if (failed) {
			struct strbuf done = STRBUF_INIT, left = STRBUF_INIT;

			for (i = 0; i < m; i++) {
				char *why;

				if (!res[i].status) {
					strbuf_addf(&done, "%s%s", done.len ? ", " : "", ctx[order[k + i]]);
					continue;
				}
				why = fleet_last_line(res[i].out.buf);
				error("context \"%s\": %s failed: %s", ctx[order[k + i]], q->cmd, why);
				free(why);
			}
			for (i = 0; i < k; i++)
				strbuf_addf(&done, "%s%s", done.len ? ", " : "", ctx[order[i]]);
			for (i = k + m; i < n; i++)
				strbuf_addf(&left, "%s%s", left.len ? ", " : "", ctx[order[i]]);
			fprintf(stderr, "done: %s; untouched: %s\n", done.len ? done.buf : "none",
				left.len ? left.buf : "none");
			strbuf_release(&done);
			strbuf_release(&left);
		}
		fleet_results_release(res, m);
	}
	/* released batch by batch: empty again for the common exit */
	for (i = 0; i < n; i++)
		strbuf_init(&res[i].out, 0);
out:
	fleet_results_release(res, n);
	for (i = 0; i < n; i++)
		free((char *)ctx[i]);
	free(ctx);
	free(all);
	free(order);
	free(remote);
	free(res);
	return failed ? 1 : 0;
}
