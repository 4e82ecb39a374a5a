#include "sail.h"

const char *sail_progname = "kubectl-sail";
void (*sail_diag_hook)(const char *prefix, const char *msg);

bool kubectl_worded(const char *msg)
{
	static const char *const forms[] = {
		"error: ", "Error from server", "Unable to connect to the server: ",
		"The connection to the server ",
	};
	const char *q;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(forms); i++)
		if (!strncmp(msg, forms[i], strlen(forms[i])))
			return true;
	/* The Istio "x" is invalid: ... */
	return !strncmp(msg, "The ", 4) && (q = strstr(msg, "\" is invalid")) &&
	       !memchr(msg, '\n', (size_t)(q - msg));
}

static void report(const char *prefix, const char *fmt, va_list ap,
		   const char *suffix)
{
	char msg[4096];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* A message api.c already worded as kubectl prints it keeps its own
	 * form: never "error: Error from server" or "error: error:". */
	if (!strcmp(prefix, "error: ") && !suffix && kubectl_worded(msg))
		prefix = "";
	if (sail_diag_hook) {
		sail_diag_hook(prefix, msg);
		return;
	}
	fflush(stdout);
	fprintf(stderr, "%s%s%s%s\n", prefix, msg, suffix ? ": " : "",
		suffix ? suffix : "");
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("error: ", fmt, ap, NULL);
	va_end(ap);
	exit(1);
}

void die_errno(const char *fmt, ...)
{
	const char *why = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	report("error: ", fmt, ap, why);
	va_end(ap);
	exit(1);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("error: ", fmt, ap, NULL);
	va_end(ap);
	return -1;
}

int error_errno(const char *fmt, ...)
{
	const char *why = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	report("error: ", fmt, ap, why);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("Warning: ", fmt, ap, NULL);
	va_end(ap);
}

void bug_fl(const char *file, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fflush(stdout);
	fprintf(stderr, "BUG: %s:%d: %s (%s)\n", file, line, msg,
		sail_progname);
	abort();
}
