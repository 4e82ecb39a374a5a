/*
 * --from-istiooperator: an IstioOperator file (YAML) converted to the Sail
 * resources. Never a crash; an error is one line; every document made is
 * a sailoperator.io object with a kind and a name.
 */
#include "fuzz.h"
#include "yaml.h"
#include "install/install.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct val iop, docs;
	struct val_iter it;

	fuzz_quiet();
	if (yaml_parse_one((const char *)data, size, "iop.yaml", &iop, &err)) {
		strbuf_release(&err);
		return 0;
	}
	if (install_from_iop(iop, &docs, &err)) {
		if (!fuzz_one_line(err.buf))
			fuzz_fail("IstioOperator error is not one line: \"%s\"", err.buf);
	} else {
		for (val_iter_init(&it, docs); val_iter_next(&it);) {
			const char *av = val_get_str(it.value, "apiVersion");

			if (!av || strncmp(av, "sailoperator.io/", 16) ||
			    !val_get_str(it.value, "kind"))
				fuzz_fail("converted to something that is not a Sail object");
		}
		yaml_emit_stream(docs, &out);
		val_release(&docs);
	}
	val_release(&iop);
	strbuf_release(&err);
	strbuf_release(&out);
	return 0;
}
