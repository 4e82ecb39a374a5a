#ifndef TAG_OPTS_H
#define TAG_OPTS_H

/* Option ids of kubectl sail tag (plugins/tag/options.c). */

#include "cliflags.h"

enum {
	TOPT_REVISION = CMD_OPT_BASE,
	TOPT_ISTIO,
	TOPT_OVERWRITE,
	TOPT_FORCE,
};

#endif
