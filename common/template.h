#ifndef TEMPLATE_H
#define TEMPLATE_H

/*
 * Manifest templates. One job: turn parameters into Kubernetes objects by
 * running a jq program kept as a file, templates/NAME.jq, compiled into the
 * engine at build time (templates/embed.sh, embedded.h) and overridable by
 * a directory (--templates DIR): DIR/NAME.jq wins when it exists.
 *
 * In a template, the parameters object is both the input (.) and $p; each
 * output of the program is one object (apiVersion, kind, metadata...).
 * A template is a plain jq program: it may define functions, but not use
 * import/include. Write optional fields so they vanish when empty, e.g.
 *   + (if ($p.labels // {}) == {} then {} else {labels: $p.labels} end)
 * and report bad parameters with error("...").
 *
 * template_render: 0 and *out a new array of the objects produced (maybe
 * empty), or -1, *out absent, and a one-line reason in err that names the
 * file ("namespace.jq: name is required", "/my/dir/namespace.jq: syntax
 * error, unexpected '}', line 4"), including "template \"x\" not found".
 * params is borrowed; override_dir may be NULL (built-in templates only).
 *
 * Compiling costs ~20 ms (libjq), so each template is compiled once per
 * process and kept; template_cache_clear() frees them (tests, leak checks).
 * The built-in namespace, istio, istiocni and istiorevisiontag templates
 * are evaluated in C instead (template_native.h) unless the override
 * directory has its own file; template_use_native(false) makes every
 * template run jq (the tests compare both).
 */

#include <stdbool.h>
#include "value.h"

struct strbuf;

int template_render(const char *name, struct val params,
		    const char *override_dir, struct val *out,
		    struct strbuf *err);

void template_cache_clear(void);
void template_use_native(bool on);

#endif
