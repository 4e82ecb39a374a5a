/*
 * Command-line parsing: the first byte picks a command, the rest is its
 * argv (NUL-separated). The option tables parse it as kubectl would; then
 * the values the engine parses further are parsed as it does: durations,
 * --request-timeout, -o/--jq and --set. Never a crash; errors one line.
 */
#include "fuzz.h"
#include "commands.h"
#include "cliflags.h"
#include "duration.h"
#include "kubeconfig.h"
#include "output.h"
#include "setpath.h"

#define MAX_ARGS 32

static void check(const char *what, int r, struct strbuf *err)
{
	if (r && !fuzz_one_line(err->buf))
		fuzz_fail("%s error is not one line: \"%s\"", what, err->buf);
	strbuf_reset(err);
}

static void values(const struct cli *cli, struct strbuf *err)
{
	const struct opt *const *t;
	const struct opt *o;

	for (t = cli->tables; *t; t++) {
		for (o = *t; o->name; o++) {
			const char *s = cli_str(cli, o->id);
			long ms;

			if (!cli_set(cli, o->id) || !s)
				continue;
			if (o->flags & OPT_DURATION)
				(void)duration_flag_ms(s, &ms);
			if (o->id == GOPT_REQUEST_TIMEOUT)
				check("timeout", kube_parse_timeout(s, &ms, err), err);
			if (!strcmp(o->name, "set")) {
				const char *const *l = cli_list(cli, o->id);

				for (; l && *l; l++) {
					char **parts = setpath_split_list(*l), **p;

					for (p = parts; *p; p++)
						free(*p);
					free(parts);
				}
			}
		}
	}
	if (cli_set(cli, OOPT_OUTPUT) || cli_set(cli, OOPT_JQ)) {
		struct output out = { 0 };
		int r = output_parse(cli_str(cli, OOPT_OUTPUT), cli_str(cli, OOPT_JQ), &out, err);

		if (!r)
			output_release(&out);
		strbuf_reset(err);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct command *cmd;
	struct strbuf err = STRBUF_INIT;
	char *parts[MAX_ARGS];
	size_t ncmd = 0, n;
	struct cli cli;

	fuzz_quiet();
	if (!size)
		return 0;
	while (sail_commands[ncmd])
		ncmd++;
	cmd = sail_commands[data[0] % ncmd];
	n = fuzz_parts(data + 1, size - 1, parts, MAX_ARGS);
	cli_init(&cli, cmd, cmd->tables);
	if (cli_parse(&cli, (int)n, (const char **)parts, &err)) {
		size_t i;
		bool nl = false;

		for (i = 0; i < n; i++)
			nl |= strchr(parts[i], '\n') != NULL;
		if (!nl && !fuzz_one_line(err.buf))
			fuzz_fail("option error is not one line: \"%s\"", err.buf);
	} else {
		values(&cli, &err);
	}
	cli_release(&cli);
	strbuf_release(&err);
	fuzz_parts_free(parts, n);
	return 0;
}
