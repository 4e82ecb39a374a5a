/*
 * The engine's entry point: front ends dlopen() libkubectl-sail.so and call
 * sail_engine_run() with the command line they already parsed.
 */
#include "sail.h"
#include "commands.h"
#include "fleet.h"

__attribute__((visibility("default")))
int sail_engine_run(const char *build_id, struct cli *cli)
{
	if (strcmp(build_id, SAIL_BUILD_ID))
		die("kubectl-sail front end (%s) and engine (%s) come from different builds; reinstall kubectl-sail",
		    build_id, SAIL_BUILD_ID);
	sail_progname = cli->progname;
	return sail_command_run(cli);
}

int complete_lookup(struct cli *cli, enum comp_kind kind, const char *partial,
		    struct strbuf *out);

__attribute__((visibility("default")))
int sail_engine_complete(const char *build_id, struct cli *cli,
			 enum comp_kind kind, const char *partial,
			 struct strbuf *out)
{
	/* A mismatched engine offers nothing rather than an error. */
	if (strcmp(build_id, SAIL_BUILD_ID))
		return 0;
	return complete_lookup(cli, kind, partial, out);
}
