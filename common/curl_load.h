#ifndef CURL_LOAD_H
#define CURL_LOAD_H

/*
 * libcurl, loaded when the first request needs it. Loading libcurl and
 * the libraries it pulls in (TLS, HTTP/2, SSH, LDAP, Kerberos...) costs
 * about 7 ms of CPU, most of a client dry run that never sends anything:
 * the engine therefore does not link it, and http.c reaches it through
 * these pointers. Sanitizer builds link it (LeakSanitizer and dlopen()ed
 * libraries do not mix) and call it directly.
 */

#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

#ifdef SAIL_CURL_DLOPEN
struct curl_fns {
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
	CURLcode (*easy_perform)(CURL *curl);
	CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
	void (*easy_cleanup)(CURL *curl);
	const char *(*easy_strerror)(CURLcode code);
	struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
	void (*slist_free_all)(struct curl_slist *list);
};
extern struct curl_fns curl_fns;

/* curl.h may define these two as macros of itself */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init	curl_fns.global_init
#define curl_global_cleanup	curl_fns.global_cleanup
#define curl_easy_init		curl_fns.easy_init
#define curl_easy_setopt	curl_fns.easy_setopt
#define curl_easy_perform	curl_fns.easy_perform
#define curl_easy_getinfo	curl_fns.easy_getinfo
#define curl_easy_cleanup	curl_fns.easy_cleanup
#define curl_easy_strerror	curl_fns.easy_strerror
#define curl_slist_append	curl_fns.slist_append
#define curl_slist_free_all	curl_fns.slist_free_all
#endif

/* Make libcurl callable (once per process); dies when it cannot be
 * loaded. A no-op where it is linked. */
void curl_load(void);

#endif
