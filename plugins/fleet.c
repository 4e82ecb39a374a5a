/*
 * One child per cluster, outputs collected with poll() so that no child
 * blocks on a full pipe while the parent reads another.
 */
#include "sail.h"
#include "commands.h"
#include "fleet.h"

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

int fleet_command(const char *name, const char *const *argv)
{
	const struct command *cmd = command_find(name);
	struct strbuf err = STRBUF_INIT;
	struct cli cli;
	size_t i, argc = 0;
	int ret = -1;

	if (!cmd)
		BUG("no command '%s'", name);
	while (argv[argc])
		argc++;
	cli_init(&cli, cmd, cmd->tables);
	cli.progname = sail_progname;
	if (cli_parse(&cli, (int)argc, (const char **)argv, &err))
		BUG("kubectl sail %s: %s", name, err.buf);
	for (i = 0; i < ARRAY_SIZE(impls); i++)
		if (impls[i].cmd == cmd)
			ret = impls[i].fn(&cli);
	if (ret < 0)
		BUG("no implementation of '%s'", name);
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
