#ifndef VERSION_OPTS_H
#define VERSION_OPTS_H

#include "cliflags.h"

enum {
	VOPT_SHORT = CMD_OPT_BASE,
	VOPT_REMOTE,
	VOPT_OUTPUT,
};

#endif
