#ifndef CA_CA_H
#define CA_CA_H

/* Option ids of kubectl sail ca (plugins/ca/options.c). */
#include "cliflags.h"

enum {
	CA_OPT_OUT = CMD_OPT_BASE,
	CA_OPT_ROOT,
	CA_OPT_CLUSTER,
	CA_OPT_DIR,
	CA_OPT_APPLY,
	CA_OPT_FORCE,
	CA_OPT_KEY_TYPE,
	CA_OPT_BITS,
	CA_OPT_DAYS,
	CA_OPT_CONTEXTS,
};

#endif
