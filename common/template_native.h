#ifndef TEMPLATE_NATIVE_H
#define TEMPLATE_NATIVE_H

/*
 * Built-in templates evaluated without libjq (see template_native.c):
 * 1 when NAME has no native form (run its jq program), 0 with *out a new
 * array of the objects, or -1 with the jq program's error message (without
 * the file name) in why. params is borrowed; *out is the caller's.
 */

#include "value.h"

struct strbuf;

int template_native(const char *name, struct val params, struct val *out,
		    struct strbuf *why);

#endif
