/* Helpers of the fuzz targets (see fuzz.h). */
#include "fuzz.h"

static void discard(const char *prefix, const char *msg)
{
	(void)prefix;
	(void)msg;
}

void fuzz_quiet(void)
{
	sail_diag_hook = discard;
}

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: broken promise: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

void fuzz_split(const uint8_t *data, size_t size, int sep,
		char **a, size_t *a_len, char **b, size_t *b_len)
{
	const uint8_t *p = size ? memchr(data, sep, size) : NULL;
	size_t i = p ? (size_t)(p - data) : size;

	*a = fuzz_cstr(data, i);
	*a_len = i;
	if (p) {
		*b = fuzz_cstr(data + i + 1, size - i - 1);
		*b_len = size - i - 1;
	} else {
		*b = fuzz_cstr(data, 0);
		*b_len = 0;
	}
}

size_t fuzz_parts(const uint8_t *data, size_t size, char **parts, size_t max)
{
	size_t n = 0, start = 0, i;

	for (i = 0; i <= size && n < max; i++) {
		if (i == size || !data[i]) {
			if (i == size && start == size && n)
				break;
			parts[n++] = fuzz_cstr(data + start, i - start);
			start = i + 1;
		}
	}
	return n;
}

void fuzz_parts_free(char **parts, size_t n)
{
	while (n--)
		free(parts[n]);
}

int fuzz_one_line(const char *msg)
{
	return msg && *msg && !strchr(msg, '\n');
}
