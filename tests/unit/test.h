#ifndef TEST_H
#define TEST_H

/*
 * A tiny unit-test harness. Each tests/unit/t-*.c is one program:
 *
 *   static void test_thing(void) { CHECK(1 + 1 == 2); CHECK_STR(a, "x"); }
 *   TEST_MAIN(T(test_thing), ...)
 *
 * It prints TAP ("ok N - name" / "not ok N - name" with "# " diagnostics)
 * and exits 1 when anything failed. tests/run sums the lines of every
 * program. A test may read fixtures relative to TEST_DIR (tests/unit).
 */

#include "sail.h"
#include "value.h"

struct test {
	const char *name;
	void (*fn)(void);
};

#define T(fn) { #fn, fn }

void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int test_main(const struct test *tests, size_t n, int argc, char **argv);
/* JSON text as a value (the caller releases it); a test failure when the
 * text does not parse. */
struct val test_json(const char *text);
/* Path of a fixture under tests/unit/ (static buffer, next call reuses it). */
const char *test_path(const char *rel);
/* Captures error()/warning() text instead of printing it; returns the
 * accumulated text since the last call (owned by the harness). */
const char *test_diag(void);
void test_diag_capture(bool on);

#define CHECK(c) \
	do { if (!(c)) test_fail(__FILE__, __LINE__, "CHECK(%s)", #c); } while (0)

#define CHECK_STR(a, b) \
	do { \
		const char *a_ = (a), *b_ = (b); \
		if (!a_ || !b_ || strcmp(a_, b_)) \
			test_fail(__FILE__, __LINE__, "%s == %s\n#   got:      \"%s\"\n#   expected: \"%s\"", \
				  #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
	} while (0)

#define CHECK_INT(a, b) \
	do { \
		long long a_ = (long long)(a), b_ = (long long)(b); \
		if (a_ != b_) \
			test_fail(__FILE__, __LINE__, "%s == %s: got %lld, expected %lld", \
				  #a, #b, a_, b_); \
	} while (0)

/* Substring check, for error messages. */
#define CHECK_CONTAINS(hay, needle) \
	do { \
		const char *h_ = (hay), *n_ = (needle); \
		if (!h_ || !strstr(h_, n_)) \
			test_fail(__FILE__, __LINE__, "%s contains \"%s\"\n#   in: \"%s\"", \
				  #hay, n_, h_ ? h_ : "(null)"); \
	} while (0)

#define TEST_MAIN(...) \
	int main(int argc, char **argv) \
	{ \
		static const struct test tests_[] = { __VA_ARGS__ }; \
		return test_main(tests_, ARRAY_SIZE(tests_), argc, argv); \
	}

#endif
