#ifndef USAGE_H
#define USAGE_H

/*
 * The error vocabulary (git's, with kubectl's exit code):
 *   die()     prints "error: ..." to stderr and exits 1 (kubectl exits 1 for
 *             every error, usage errors included).
 *   error()   prints "error: ..." and returns -1: "return error(...);".
 *   warning() prints "Warning: ..." (kubectl's spelling for server warnings
 *             and our own alike).
 *   BUG()     an impossible state: prints file:line and aborts.
 * Messages: lower case, no full stop, what failed first, names in quotes.
 * A message that already has one of kubectl's forms ("error: ...",
 * "Error from server (Reason): ...", "Unable to connect to the server: ...",
 * "The connection to the server ...", "The Kind \"x\" is invalid: ...") is
 * printed as it is by die() and error(): api_error_render's text goes
 * through die("%s", ...) unchanged.
 * progname is set once by main (basename of argv[0]) and used by BUG().
 */

#include <stdarg.h>
#include <stdbool.h>

extern const char *sail_progname;

#if defined(__GNUC__)
#define SAIL_NORETURN __attribute__((noreturn))
#define SAIL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SAIL_NORETURN
#define SAIL_PRINTF(f, a)
#endif

/* Does msg already carry one of kubectl's error forms (above)? */
bool kubectl_worded(const char *msg);

SAIL_NORETURN SAIL_PRINTF(1, 2) void die(const char *fmt, ...);
SAIL_NORETURN SAIL_PRINTF(1, 2) void die_errno(const char *fmt, ...);
SAIL_PRINTF(1, 2) int error(const char *fmt, ...);
SAIL_PRINTF(1, 2) int error_errno(const char *fmt, ...);
SAIL_PRINTF(1, 2) void warning(const char *fmt, ...);
SAIL_NORETURN SAIL_PRINTF(3, 4) void bug_fl(const char *file, int line,
					   const char *fmt, ...);
#define BUG(...) bug_fl(__FILE__, __LINE__, __VA_ARGS__)

/*
 * Tests capture diagnostics instead of letting them reach stderr: when set,
 * every message (without the prefix) goes to the hook as well.
 */
extern void (*sail_diag_hook)(const char *prefix, const char *msg);

#endif
