#ifndef PRECHECK_H
#define PRECHECK_H

/*
 * kubectl sail precheck's checks, shared with install operator (which
 * stops on an Error unless --skip-precheck).
 *
 * Ownership: *findings is a new array the caller releases; each finding is
 * {severity: Error|Warning|Info, check, message}.
 */

#include <stdbool.h>
#include <stdio.h>
#include "value.h"

struct api;
struct strbuf;

/* Every check, for Istio version (NULL: the catalogue's default). 0, or -1
 * with one line in err (an unknown version, an API error). for_operator:
 * as install operator runs it, where missing CRDs and operator are what
 * it is about to install (Info) and the Istio version's Kubernetes range
 * only warns. */
int precheck_run(struct api *a, const char *version, bool for_operator,
		 struct val *findings, struct strbuf *err);

/* How many findings have this severity. */
size_t precheck_count(struct val findings, const char *severity);

/* "SEVERITY CHECK MESSAGE" per finding. */
void precheck_print(struct val findings, FILE *f);

#endif
