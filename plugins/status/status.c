#include "sail.h"
#include "commands.h"

int cmd_status(struct cli *cli)
{
	die("'kubectl sail %s' is not implemented yet; see 'kubectl sail %s --help'",
	    cli->cmd->name, cli->cmd->name);
}
