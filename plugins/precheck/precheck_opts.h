#ifndef PRECHECK_OPTS_H
#define PRECHECK_OPTS_H

/* Option ids of kubectl sail precheck (plugins/precheck/options.c). */

#include "cliflags.h"

enum {
	POPT_VERSION = CMD_OPT_BASE,
	POPT_OUTPUT,
};

#endif
