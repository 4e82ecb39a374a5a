#ifndef SAIL_H
#define SAIL_H

/*
 * The one header every source file of the suite includes first. It pulls
 * in the C library pieces everyone uses, the error vocabulary, allocation
 * wrappers and the growable buffer, and finally banned.h.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <unistd.h>

#include "usage.h"
#include "wrapper.h"
#include "strbuf.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#include "version.h"	/* generated: SAIL_VERSION */

#include "banned.h"

#endif
