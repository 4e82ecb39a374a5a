#include "sail.h"

#include <time.h>

#include <fcntl.h>

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		die("out of memory allocating %zu bytes", size);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		die("out of memory allocating %zu elements", nmemb);
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		die("out of memory reallocating %zu bytes", size);
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die("out of memory duplicating a string");
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		die("out of memory duplicating a string");
	return p;
}

char *xstrfmt(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_detach(&sb, NULL);
}

void wipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

void free_secret(char *s)
{
	if (s) {
		wipe(s, strlen(s));
		free(s);
	}
}

char *read_fd(int fd, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_read_fd(&sb, fd) < 0) {
		int saved = errno;

		strbuf_release(&sb);
		errno = saved;
		return NULL;
	}
	return strbuf_detach(&sb, len);
}

char *read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf;
	int saved;

	if (fd < 0)
		return NULL;
	buf = read_fd(fd, len);
	saved = errno;
	close(fd);
	errno = saved;
	return buf;
}

static struct read_stop last_stop;

char *read_text_fd(int fd, size_t max, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_read_text(&sb, fd, max, &last_stop) < 0) {
		int saved = errno;

		strbuf_release(&sb);
		errno = saved;
		return NULL;
	}
	return strbuf_detach(&sb, len);
}

char *read_text_file(const char *path, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf;
	int saved;

	memset(&last_stop, 0, sizeof(last_stop));
	if (fd < 0)
		return NULL;
	buf = read_text_fd(fd, max, len);
	saved = errno;
	close(fd);
	errno = saved;
	return buf;
}

void read_error(struct strbuf *sb, int e)
{
	strbuf_add_read_error(sb, e, &last_stop);
}

long monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
