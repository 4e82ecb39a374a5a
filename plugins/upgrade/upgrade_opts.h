#ifndef UPGRADE_OPTS_H
#define UPGRADE_OPTS_H

/* Option ids of kubectl sail upgrade (plugins/upgrade/options.c). */

#include "cliflags.h"

enum {
	UOPT_VERSION = CMD_OPT_BASE,
	UOPT_RESTART,
	UOPT_PLAN,
	UOPT_YES,
	UOPT_ALLOW_DOWNGRADE,
	UOPT_RETAG,
	UOPT_CNI,
	UOPT_ROLLBACK,
	UOPT_FILENAME,
	UOPT_CONTEXTS,
	UOPT_PARALLEL,
};

#endif
