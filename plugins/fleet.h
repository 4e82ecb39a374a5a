#ifndef FLEET_H
#define FLEET_H

/*
 * Work on several clusters side by side: one child process per item
 * (fork), each with its stdout and stderr on one pipe the parent reads.
 * Processes rather than one libcurl multi handle, as in status: each
 * context keeps the suite's blocking API client and the per-cluster
 * commands unchanged (a die() ends only its own child), and a cluster
 * that hangs or fails cannot disturb the others.
 *
 * Ownership: struct fleet_result is the caller's; fleet_results_release
 * frees what fleet_run put in it.
 */

#include <stdbool.h>
#include <stddef.h>

struct cli;
struct strbuf;

struct fleet_result {
	struct strbuf out;	/* the child's stdout and stderr, interleaved */
	int status;		/* its exit code, or 128 + the signal that ended it */
};

/* Run fn(i, arg) for i in 0..n-1, each in its own child, all at once;
 * fn's return value is the child's exit code. Waits for every child. */
void fleet_run(size_t n, int (*fn)(size_t i, void *arg), void *arg,
	       struct fleet_result *res);
void fleet_results_release(struct fleet_result *res, size_t n);

/*
 * Run the suite's command `name` (as typed: "install", "ca",
 * "remote-secret") with argv (NULL-terminated, without the command name)
 * in this process, as its binary would: the same option table, the same
 * code. For a fleet child: the command may exit(). Returns its status.
 */
int fleet_command(const char *name, const char *const *argv);

/* Each line of text as "PREFIX: line" on stdout. */
void fleet_print_prefixed(const char *prefix, const char *text);

/* The one table from command to implementation: run cli's command. */
int sail_command_run(struct cli *cli);

/* The last non-empty line of s, without "error: " (a new string). */
char *fleet_last_line(const char *s);

#endif

/*
 * One per-cluster command across contexts, in a safe order (upgrade and
 * uninstall --contexts). First a read-only preflight of the command on
 * every context at once (preflight_args appended: "--plan",
 * "--dry-run=client"), which also reads each context's role: "remote"
 * when an Istio there has profile remote, else "control-plane". Nothing
 * runs unless every preflight passes. Then the command itself (run_args
 * appended), control planes before remotes (reverse: remotes first, each
 * tier in reverse order), `parallel` contexts at a time, stopping after
 * the first batch that fails and naming what was done and what was left
 * untouched. plan_only prints the preflight per context, in run order.
 * Every flag set on cli is forwarded except the ids in skip (0-ended);
 * --context is set per context. Returns the exit status.
 */
struct fleet_seq {
	const struct cli *cli;
	const char *cmd;		/* "upgrade", "uninstall" */
	const char *const *contexts;	/* --contexts values (comma lists) */
	const int *skip;
	const char *const *preflight_args, *const *run_args;
	long parallel;
	bool reverse, plan_only;
};
int fleet_sequence(const struct fleet_seq *q);
