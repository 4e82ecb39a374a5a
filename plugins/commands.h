#ifndef COMMANDS_H
#define COMMANDS_H

/*
 * The one dispatch table of the suite. SAIL_COMMANDS lists every command
 * once; the front ends (help, completion, the kubectl-sail dispatcher) and
 * the engine (which maps a command to its cmd_<id> function) both expand it,
 * so a command cannot exist in one and be missing from the other.
 *
 * Each plugins/<id>/options.c defines `const struct command command_<id>`
 * (static data, front-end safe); each plugins/<id>/<id>.c defines
 * `int cmd_<id>(struct cli *)` in the engine.
 */

#include "options.h"

#define SAIL_COMMANDS(X) \
	X(install) \
	X(upgrade) \
	X(tag) \
	X(remote_secret) \
	X(ca) \
	X(status) \
	X(uninstall) \
	X(precheck) \
	X(version) \
	X(completion)

struct word_args {
	const char *word;
	enum comp_kind kind;
};

struct command {
	const char *name;	/* as typed: "remote-secret" */
	const char *file;	/* binary suffix: kubectl-sail-remote_secret */
	const char *summary;	/* one line for the command list */
	const char *usage;	/* after "kubectl sail NAME ": "[NAME] [flags]" */
	const char *description;
	const char *examples;
	const struct opt *const *tables;	/* NULL-terminated */
	const char *const *words;	/* subcommand words, NULL-terminated */
	const char *const *words_help;	/* parallel to words */
	/* Completion of positional arguments: what they name, and what they
	 * name after a subcommand word (may be NULL; words not listed take
	 * no candidates). */
	enum comp_kind args;
	const struct word_args *words_args;	/* ends with a NULL word */
	/* Runs inside kubectl-sail, no sibling binary of its own. */
	bool in_dispatcher;
	/* Answers without the engine when it can: an exit status, or -1 to go
	 * on to the engine. May be NULL. */
	int (*front)(struct cli *cli);
};

#define X(id) extern const struct command command_##id;
SAIL_COMMANDS(X)
#undef X

extern const struct command *const sail_commands[];	/* NULL-terminated */

/* By typed name or binary suffix ("remote-secret" or "remote_secret"). */
const struct command *command_find(const char *name);

/* The whole --help text of a command. */
void command_help(const struct command *cmd, struct strbuf *out);

/*
 * The engine's entry point, looked up with dlsym() by the front ends.
 * build_id guards against a front end and engine from different builds.
 */
#define SAIL_ENGINE_SYMBOL "sail_engine_run"
typedef int sail_engine_fn(const char *build_id, struct cli *cli);
/* Completion candidates the front end cannot know (complete.h). */
#define SAIL_ENGINE_COMPLETE_SYMBOL "sail_engine_complete"
typedef int sail_engine_complete_fn(const char *build_id, struct cli *cli,
				    enum comp_kind kind, const char *partial,
				    struct strbuf *out);
#define SAIL_BUILD_ID SAIL_VERSION "/" SAIL_COMMIT "/" \
	SAIL_STR(OPT_MAX) "/" SAIL_STR(__SIZEOF_POINTER__)
#define SAIL_STR_(x) #x
#define SAIL_STR(x) SAIL_STR_(x)

#endif
