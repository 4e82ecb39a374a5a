/*
 * Loading libcurl on first use (see curl_load.h).
 */
#include "sail.h"
#include "curl_load.h"

#ifdef SAIL_CURL_DLOPEN
#include <dlfcn.h>

struct curl_fns curl_fns;

static void *sym(void *h, const char *name)
{
	void *p = dlsym(h, name);

	if (!p)
		die("libcurl.so.4 has no %s: %s", name, dlerror());
	return p;
}

void curl_load(void)
{
	static void *handle;

	if (handle)
		return;
	/* kept until exit: libcurl does not support being unloaded */
	handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!handle)
		die("cannot load libcurl: %s", dlerror());
	*(void **)&curl_fns.global_init = sym(handle, "curl_global_init");
	*(void **)&curl_fns.global_cleanup = sym(handle, "curl_global_cleanup");
	*(void **)&curl_fns.easy_init = sym(handle, "curl_easy_init");
	*(void **)&curl_fns.easy_setopt = sym(handle, "curl_easy_setopt");
	*(void **)&curl_fns.easy_perform = sym(handle, "curl_easy_perform");
	*(void **)&curl_fns.easy_getinfo = sym(handle, "curl_easy_getinfo");
	*(void **)&curl_fns.easy_cleanup = sym(handle, "curl_easy_cleanup");
	*(void **)&curl_fns.easy_strerror = sym(handle, "curl_easy_strerror");
	*(void **)&curl_fns.slist_append = sym(handle, "curl_slist_append");
	*(void **)&curl_fns.slist_free_all = sym(handle, "curl_slist_free_all");
}
#else
void curl_load(void)
{
}
#endif
