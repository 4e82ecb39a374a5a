#include "test.h"
#include "versions.h"

static const char mini[] =
	"versions:\n"
	"  - name: v1.31-latest\n    ref: v1.31.0-beta.1\n"
	"  - name: v1.31.0-beta.1\n    version: 1.31.0-beta.1\n"
	"  - name: v1.30-latest\n    ref: v1.30.3\n"
	"  - name: v1.30.3\n  - name: v1.30.2\n"
	"  - name: v1.29-latest\n    ref: v1.29.6\n"
	"  - name: v1.29.6\n  - name: v1.29.0\n"
	"  - name: v1.28-latest\n    ref: v1.28.10\n    eol: true\n"
	"  - name: v1.28.10\n    eol: true\n"
	"  - name: v1.22.5\n    eol: true\n"
	"  - name: master\n    ref: v1.32.0-alpha.527f8d6c\n"
	"  - name: v1.32.0-alpha.527f8d6c\n";

static const char *resolve(const struct versions *c, const char *name)
{
	static struct strbuf res = STRBUF_INIT;
	struct strbuf err = STRBUF_INIT;
	const char *concrete = NULL, *spelled = NULL;

	strbuf_reset(&res);
	if (versions_resolve(c, name, &spelled, &concrete, &err))
		strbuf_addf(&res, "error: %s", err.buf);
	else
		strbuf_addf(&res, "%s -> %s", spelled, concrete);
	strbuf_release(&err);
	return res.buf;
}

static void test_default_is_newest_ga(void)
{
	struct versions c;
	struct strbuf err = STRBUF_INIT;

	CHECK(!versions_parse(mini, strlen(mini), &c, &err));
	CHECK_STR(versions_default(&c), "v1.30.3");
	versions_release(&c);
	/* the embedded catalogue: the beta and the alpha are not the default */
	CHECK_STR(versions_default(versions_catalogue()), "v1.30.3");
	strbuf_release(&err);
}

static void test_aliases(void)
{
	struct versions c;
	struct strbuf err = STRBUF_INIT;

	CHECK(!versions_parse(mini, strlen(mini), &c, &err));
	CHECK_STR(resolve(&c, "v1.30-latest"), "v1.30-latest -> v1.30.3");
	CHECK_STR(resolve(&c, "v1.29.0"), "v1.29.0 -> v1.29.0");
	CHECK_STR(resolve(&c, "1.29.6"), "v1.29.6 -> v1.29.6");
	CHECK_STR(resolve(&c, "master"), "master -> v1.32.0-alpha.527f8d6c");
	CHECK_STR(resolve(&c, "v1.31-latest"), "v1.31-latest -> v1.31.0-beta.1");
	versions_release(&c);
	strbuf_release(&err);
}

static void test_eol_and_unknown_refused(void)
{
	const struct versions *c = versions_catalogue();

	CHECK_STR(resolve(c, "v1.22.5"),
		  "error: version \"v1.22.5\" is end-of-life and cannot be installed; "
		  "the nearest supported version is v1.29.6 (v1.29-latest)");
	CHECK_STR(resolve(c, "v1.28-latest"),
		  "error: version \"v1.28-latest\" is end-of-life and cannot be installed; "
		  "the nearest supported version is v1.29.6 (v1.29-latest)");
	CHECK_STR(resolve(c, "v1.33.0"),
		  "error: version \"v1.33.0\" is not a known Istio version; "
		  "the nearest supported version is v1.30.3 (v1.30-latest); see --list-versions");
	CHECK_STR(resolve(c, "latest"),
		  "error: version \"latest\" is not a known Istio version; "
		  "the nearest supported version is v1.30.3 (v1.30-latest); see --list-versions");
	CHECK_STR(resolve(c, "v1.30.1"), "v1.30.1 -> v1.30.1");
}

static void test_list_as_data(void)
{
	struct val v = versions_to_val(versions_catalogue()), list, first;

	CHECK_STR(val_get_str(v, "default"), "v1.30.3");
	list = val_get(v, "versions");
	CHECK(val_len(list) > 60);
	first = val_at(list, 0);
	CHECK_STR(val_get_str(first, "name"), "v1.31-latest");
	CHECK_STR(val_get_str(first, "status"), "alias");
	CHECK_STR(val_get_str(first, "resolvesTo"), "v1.31.0-beta.1");
	val_release(&first);
	val_release(&list);
	val_release(&v);
}

static void test_format(void)
{
	struct strbuf out = STRBUF_INIT;

	versions_format(versions_catalogue(), &out);
	CHECK_CONTAINS(out.buf, "\nv1.30.3                  supported      (default)\n");
	CHECK_CONTAINS(out.buf, "\nv1.28.10                 end-of-life\n");
	CHECK_CONTAINS(out.buf, "\nDefault version: v1.30.3\n");
	strbuf_release(&out);
}

static void test_minor(void)
{
	int a = 0, b = 0;

	CHECK(!versions_parse_minor("v1.30.3", &a, &b));
	CHECK_INT(a, 1);
	CHECK_INT(b, 30);
	CHECK(!versions_parse_minor("v1.29-latest", &a, &b));
	CHECK_INT(b, 29);
	CHECK(versions_parse_minor("master", &a, &b));
}

TEST_MAIN(T(test_default_is_newest_ga), T(test_aliases),
	  T(test_eol_and_unknown_refused), T(test_list_as_data), T(test_format),
	  T(test_minor))
