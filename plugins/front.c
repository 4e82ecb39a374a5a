/*
 * The main() of every kubectl-sail binary. A front end answers --help,
 * --version, flag errors and shell completion from the option tables
 * alone, then hands the parsed command line to the engine, a shared object
 * it loads only now, so that the quick paths never pay for loading libcurl,
 * libjq, libyaml and OpenSSL.
 *
 * FRONT_CMD is the command this binary runs ("install"), or "" for the
 * kubectl-sail dispatcher, which execs kubectl-sail-<command> found next to
 * its own resolved path (krew links only kubectl-sail onto PATH).
 * Installed as kubectl_complete-sail[-<command>] it answers completion.
 */
#include "sail.h"
#include "cliflags.h"
#include "commands.h"
#include "complete.h"

#include <dlfcn.h>
#include <limits.h>
#include <signal.h>
#include <sys/time.h>

#ifndef FRONT_CMD
#error "FRONT_CMD must name the command of this binary"
#endif

#define ENGINE_NAME "libkubectl-sail.so"

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Directory of the running executable, links resolved (krew links us). */
static void self_dir(struct strbuf *out)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	char *slash;

	if (n <= 0)
		die_errno("cannot resolve the path of '%s'", sail_progname);
	path[n] = '\0';
	slash = strrchr(path, '/');
	strbuf_add(out, path, slash ? (size_t)(slash - path) : 0);
}

static void print_version(void)
{
	printf("kubectl-sail %s\n", SAIL_VERSION);
}

#ifdef SAIL_LINKED_ENGINE
/*
 * Sanitizer builds link the engine in: LeakSanitizer crashes while scanning
 * the dynamic TLS of dlopen()ed libraries, and start-up time does not matter
 * there. The normal build keeps (and its tests check) the dlopen() path.
 */
int sail_engine_run(const char *build_id, struct cli *cli);
int sail_engine_complete(const char *build_id, struct cli *cli,
			 enum comp_kind kind, const char *partial,
			 struct strbuf *out);

static int run_engine(struct cli *cli)
{
	return sail_engine_run(SAIL_BUILD_ID, cli);
}

static int engine_complete(struct cli *cli, enum comp_kind kind,
			   const char *partial, struct strbuf *out)
{
	return sail_engine_complete(SAIL_BUILD_ID, cli, kind, partial, out);
}
#else
/* The engine's entry point called symbol; dies when there is none, or
 * with quiet (completion) returns NULL. */
static void *engine_symbol(const char *symbol, bool quiet)
{
	static const char *const places[] = {
		"/" ENGINE_NAME, "/../libexec/kubectl-sail/" ENGINE_NAME,
	};
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT;
	void *handle = NULL, *fn = NULL;
	size_t i;

	self_dir(&dir);
	for (i = 0; i < ARRAY_SIZE(places) && !handle; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s%s", dir.buf, places[i]);
		if (access(path.buf, R_OK))
			continue;
		handle = dlopen(path.buf, RTLD_NOW | RTLD_LOCAL);
		if (!handle && !quiet)
			die("cannot load '%s': %s", path.buf, dlerror());
	}
	if (!handle && quiet)
		goto none;
	if (!handle)
		die("%s not found next to '%s' or in ../libexec/kubectl-sail; reinstall kubectl-sail",
		    ENGINE_NAME, dir.buf);
	fn = dlsym(handle, symbol);
	if (!fn && !quiet)
		die("'%s' is not a kubectl-sail engine: %s", path.buf, dlerror());
none:
	strbuf_release(&dir);
	strbuf_release(&path);
	/* The handle lives until exit. */
	return fn;
}

static int run_engine(struct cli *cli)
{
	sail_engine_fn *run;

	*(void **)&run = engine_symbol(SAIL_ENGINE_SYMBOL, false);
	return run(SAIL_BUILD_ID, cli);
}

static int engine_complete(struct cli *cli, enum comp_kind kind,
			   const char *partial, struct strbuf *out)
{
	sail_engine_complete_fn *fn;

	*(void **)&fn = engine_symbol(SAIL_ENGINE_COMPLETE_SYMBOL, true);
	return fn ? fn(SAIL_BUILD_ID, cli, kind, partial, out) : 0;
}
#endif

static int run_command(const struct command *cmd, int argc, const char **argv)
{
	struct strbuf err = STRBUF_INIT;
	struct cli cli;
	int ret;

	cli_init(&cli, cmd, cmd->tables);
	cli.progname = sail_progname;
	if (cli_parse(&cli, argc, argv, &err)) {
		fprintf(stderr, "error: %s\nSee 'kubectl sail %s --help' for usage.\n",
			err.buf, cmd->name);
		exit(1);
	}
	if (cli_bool(&cli, BOPT_HELP)) {
		struct strbuf help = STRBUF_INIT;

		command_help(cmd, &help);
		fputs(help.buf, stdout);
		strbuf_release(&help);
		cli_release(&cli);
		return 0;
	}
	if (cli_bool(&cli, BOPT_VERSION)) {
		print_version();
		cli_release(&cli);
		return 0;
	}
	ret = cmd->front ? cmd->front(&cli) : -1;
	if (ret < 0)
		ret = run_engine(&cli);
	cli_release(&cli);
	return ret;
}

static void dispatcher_help(void)
{
	const struct command *const *c;

	printf("kubectl sail installs, upgrades, tags, connects and inspects Istio control\n"
	       "planes managed by the Sail Operator (sailoperator.io).\n\n"
	       "Available Commands:\n");
	for (c = sail_commands; *c; c++)
		printf("  %-15s %s\n", (*c)->name, (*c)->summary);
	printf("\nUsage:\n  kubectl sail COMMAND [flags]\n\n"
	       "Use \"kubectl sail COMMAND --help\" for more information about a command.\n");
}

/*
 * kubectl-sail-<file> next to our resolved path (the build, krew), else in
 * ../libexec/kubectl-sail (make install, the Debian package).
 */
static void sibling_path(const struct command *cmd, struct strbuf *path)
{
	static const char *const places[] = { "/", "/../libexec/kubectl-sail/" };
	struct strbuf dir = STRBUF_INIT;
	size_t i;

	self_dir(&dir);
	for (i = 0; i < ARRAY_SIZE(places); i++) {
		strbuf_reset(path);
		strbuf_addf(path, "%s%skubectl-sail-%s", dir.buf, places[i], cmd->file);
		if (!access(path->buf, X_OK))
			break;
	}
	if (i == ARRAY_SIZE(places)) {
		strbuf_reset(path);
		strbuf_addf(path, "%s/kubectl-sail-%s", dir.buf, cmd->file);
	}
	strbuf_release(&dir);
}

static int dispatch(int argc, const char **argv)
{
	const struct command *cmd;
	struct strbuf path = STRBUF_INIT;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		if (argc > 2 && !strcmp(argv[1], "help") && (cmd = command_find(argv[2])))
			return run_command(cmd, 1, (const char *[]){ "--help", NULL });
		dispatcher_help();
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		print_version();
		return 0;
	}
	cmd = command_find(argv[1]);
	if (!cmd || strchr(argv[1], '_')) {
		fprintf(stderr, "error: unknown command \"%s\" for \"kubectl sail\"\n"
			"Run 'kubectl sail --help' for usage.\n", argv[1]);
		return 1;
	}
	if (cmd->in_dispatcher)
		return run_command(cmd, argc - 2, argv + 2);
	sibling_path(cmd, &path);
	argv[1] = path.buf;
	execv(path.buf, (char *const *)argv + 1);
	die_errno("cannot run '%s' (kubectl-sail-%s belongs next to kubectl-sail or in ../libexec/kubectl-sail)",
		  path.buf, cmd->file);
}

/* Completion gives up on the cluster after this long. */
#define COMPLETE_DEADLINE_MS 1000

static void complete_timeout(int sig)
{
	static const char nothing[] = ":4\n";

	(void)sig;
	/* Too slow: no candidates, and no file names either. */
	if (write(STDOUT_FILENO, nothing, sizeof(nothing) - 1) < 0)
		_exit(0);
	_exit(0);
}

/* Engine look-ups (kubeconfig, catalogue, cluster) within the deadline. */
static int bounded_lookup(struct cli *cli, enum comp_kind kind,
			  const char *partial, struct strbuf *out)
{
	struct itimerval deadline = { .it_value = {
		.tv_sec = COMPLETE_DEADLINE_MS / 1000,
		.tv_usec = COMPLETE_DEADLINE_MS % 1000 * 1000 } };
	struct itimerval off = { 0 };
	int ret;

	signal(SIGALRM, complete_timeout);
	setitimer(ITIMER_REAL, &deadline, NULL);
	ret = engine_complete(cli, kind, partial, out);
	setitimer(ITIMER_REAL, &off, NULL);
	return ret;
}

/* kubectl_complete-sail[-CMD] WORDS... PARTIAL, or BINARY __complete ... */
static int complete(const struct command *cmd, int argc, const char **argv,
		    bool with_desc)
{
	struct strbuf out = STRBUF_INIT;

	complete_words(cmd, argc, argv, with_desc, bounded_lookup, &out);
	fputs(out.buf, stdout);
	strbuf_release(&out);
	return 0;
}

int main(int argc, char **argv)
{
	const char **args = (const char **)argv;
	const char *name = base_name(argv[0]);
	const struct command *cmd = NULL;

	sail_progname = name;
	if (*FRONT_CMD && !(cmd = command_find(FRONT_CMD)))
		BUG("front end built for unknown command '%s'", FRONT_CMD);
	if (!strncmp(name, "kubectl_complete-", 17))
		return complete(cmd, argc - 1, args + 1, true);
	/* cobra's hidden commands, for the shell scripts of 'completion' */
	if (argc > 1 && !strcmp(argv[1], "__complete"))
		return complete(cmd, argc - 2, args + 2, true);
	if (argc > 1 && !strcmp(argv[1], "__completeNoDesc"))
		return complete(cmd, argc - 2, args + 2, false);
	if (!cmd)
		return dispatch(argc, args);
	return run_command(cmd, argc - 1, args + 1);
}
