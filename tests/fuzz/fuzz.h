#ifndef FUZZ_H
#define FUZZ_H

/*
 * Shared by the libFuzzer targets (tests/fuzz/fuzz-*.c): each defines
 * LLVMFuzzerTestOneInput and runs one parser of common/ (or a command's
 * pure input step) on the bytes it is given, under ASan+UBSan. A target
 * checks the parser's own promises too (a round trip is stable, an error
 * is one line), calling fuzz_fail() when one is broken: libFuzzer then
 * saves the input as a crash.
 *
 * Ownership: everything a helper returns is the caller's (free()).
 */

#include <stdint.h>
#include <stddef.h>
#include "sail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report a broken promise with the input's context, then abort(). */
SAIL_NORETURN SAIL_PRINTF(1, 2) void fuzz_fail(const char *fmt, ...);

/* Warnings and errors the code prints go nowhere (once per process). */
void fuzz_quiet(void);

/* A NUL-terminated copy of data (which may itself hold NULs). */
char *fuzz_cstr(const uint8_t *data, size_t size);

/*
 * Split data at the first byte sep: the part before it in *a, after it in
 * *b (both new, NUL-terminated, *_len their lengths). Without sep,
 * everything is *a and *b is empty.
 */
void fuzz_split(const uint8_t *data, size_t size, int sep,
		char **a, size_t *a_len, char **b, size_t *b_len);

/* Up to max NUL-separated strings of data into parts (each new); returns
 * how many. */
size_t fuzz_parts(const uint8_t *data, size_t size, char **parts, size_t max);
void fuzz_parts_free(char **parts, size_t n);

/* Does an error message hold exactly one non-empty line? */
int fuzz_one_line(const char *msg);

#endif
