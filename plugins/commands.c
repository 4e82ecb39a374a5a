#include "sail.h"
#include "commands.h"

const struct command *const sail_commands[] = {
#define X(id) &command_##id,
	SAIL_COMMANDS(X)
#undef X
	NULL
};

const struct command *command_find(const char *name)
{
	const struct command *const *c;

	for (c = sail_commands; *c; c++)
		if (!strcmp((*c)->name, name) || !strcmp((*c)->file, name))
			return *c;
	return NULL;
}

void command_help(const struct command *cmd, struct strbuf *out)
{
	strbuf_addf(out, "%s\n", cmd->description);
	if (cmd->words && cmd->words[0]) {
		size_t i;

		strbuf_addstr(out, "\nAvailable Commands:\n");
		for (i = 0; cmd->words[i]; i++)
			strbuf_addf(out, "  %-22s %s\n", cmd->words[i],
				    cmd->words_help ? cmd->words_help[i] : "");
	}
	strbuf_addf(out, "\nUsage:\n  kubectl sail %s %s\n", cmd->name, cmd->usage);
	if (cmd->examples)
		strbuf_addf(out, "\nExamples:\n%s", cmd->examples);
	opt_help(cmd->tables, out);
}
