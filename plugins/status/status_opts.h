#ifndef STATUS_OPTS_H
#define STATUS_OPTS_H

/* Option ids of kubectl sail status (plugins/status/options.c). */

#include "cliflags.h"

enum {
	SOPT_CHECK = CMD_OPT_BASE,
	SOPT_CONTEXTS,
	SOPT_ALL_CONTEXTS,
	SOPT_WATCH,
};

#endif
