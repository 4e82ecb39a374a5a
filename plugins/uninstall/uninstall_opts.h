#ifndef UNINSTALL_OPTS_H
#define UNINSTALL_OPTS_H

/* Option ids of kubectl sail uninstall (plugins/uninstall/options.c). */

#include "cliflags.h"

enum {
	UOPT_ALL = CMD_OPT_BASE,
	UOPT_CNI,
	UOPT_TAGS,
	UOPT_NAMESPACES,
	UOPT_REMOTE_SECRETS,
	UOPT_CA,
	UOPT_CRDS,
	UOPT_FORCE,
	UOPT_GATEWAYS,
	UOPT_ISTIO_CRDS,
	UOPT_CONTEXTS,
	UOPT_PARALLEL,
};

#endif
