#include "test.h"
#include "cliflags.h"
#include "commands.h"
#include "complete.h"

enum { T_CNI = CMD_OPT_BASE, T_SET, T_STRATEGY, T_COUNT };

static const char *const strategies[] = { "InPlace", "RevisionBased", NULL };
static const struct opt test_opts[] = {
	{ T_CNI, "cni", 0, OPT_BOOL, NULL, "false", NULL, NULL, 0, "Also CNI" },
	{ T_SET, "set", 0, OPT_LIST, "path=value", NULL, NULL, NULL, 0, "Set a value" },
	{ T_STRATEGY, "update-strategy", 0, OPT_STRING, "string", "InPlace", NULL, strategies, 0, "Strategy" },
	{ T_COUNT, "count", 'c', OPT_INT, NULL, "3", NULL, NULL, 0, "A number" },
	{ 0 }
};
static const struct opt *const tables[] = {
	test_opts, output_opts, write_opts, kube_global_opts, builtin_opts, NULL
};

/* Parse a NULL-terminated argv; returns the status, error text in err. */
static int parse(struct cli *cli, struct strbuf *err, const char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	cli_init(cli, NULL, tables);
	strbuf_reset(err);
	return cli_parse(cli, argc, argv, err);
}

static void test_long_short_and_positional(void)
{
	struct cli cli;
	struct strbuf err = STRBUF_INIT;

	CHECK_INT(parse(&cli, &err, (const char *[]){ "mesh", "-n", "istio-system",
		"--context=c1", "--cni", "--set", "a=1", "--set=b[0].c=2", "-c7", "x", NULL }), 0);
	CHECK_STR(cli_str(&cli, GOPT_NAMESPACE), "istio-system");
	CHECK_STR(cli_str(&cli, GOPT_CONTEXT), "c1");
	CHECK(cli_bool(&cli, T_CNI));
	CHECK_INT(cli_list(&cli, T_SET)[0] != NULL, 1);
	CHECK_STR(cli_list(&cli, T_SET)[1], "b[0].c=2");
	CHECK(cli_list(&cli, T_SET)[2] == NULL);
	CHECK_INT(cli_int(&cli, T_COUNT), 7);
	CHECK_INT(cli.nargs, 2);
	CHECK_STR(cli.args[0], "mesh");
	CHECK_STR(cli.args[1], "x");
	cli_release(&cli);
	strbuf_release(&err);
}

static void test_defaults(void)
{
	struct cli cli;
	struct strbuf err = STRBUF_INIT;

	CHECK_INT(parse(&cli, &err, (const char *[]){ NULL }), 0);
	CHECK_STR(cli_str(&cli, T_STRATEGY), "InPlace");
	CHECK(!cli_set(&cli, T_STRATEGY));
	CHECK(!cli_bool(&cli, T_CNI));
	CHECK_INT(cli_int(&cli, T_COUNT), 3);
	CHECK_STR(cli_str(&cli, GOPT_REQUEST_TIMEOUT), "30s");
	CHECK(cli_str(&cli, GOPT_NAMESPACE) == NULL);
	CHECK(cli_list(&cli, T_SET)[0] == NULL);
	cli_release(&cli);
	strbuf_release(&err);
}

static void test_bool_forms(void)
{
	struct cli cli;
	struct strbuf err = STRBUF_INIT;

	CHECK_INT(parse(&cli, &err, (const char *[]){ "--cni=false", NULL }), 0);
	CHECK(!cli_bool(&cli, T_CNI));
	CHECK(cli_set(&cli, T_CNI));
	cli_release(&cli);
	/* A boolean never takes the next word as its value (pflag). */
	CHECK_INT(parse(&cli, &err, (const char *[]){ "--cni", "false", NULL }), 0);
	CHECK(cli_bool(&cli, T_CNI));
	CHECK_STR(cli.args[0], "false");
	cli_release(&cli);
	CHECK_INT(parse(&cli, &err, (const char *[]){ "--cni=maybe", NULL }), -1);
	CHECK_STR(err.buf, "invalid argument \"maybe\" for \"--cni\" flag: expected true or false");
	cli_release(&cli);
	strbuf_release(&err);
}

static void test_optional_value(void)
{
	struct cli cli;
	struct strbuf err = STRBUF_INIT;

	CHECK_INT(parse(&cli, &err, (const char *[]){ "--dry-run", "x", NULL }), 0);
	CHECK_STR(cli_str(&cli, WOPT_DRY_RUN), "client");
	CHECK_STR(cli.args[0], "x");
	cli_release(&cli);
	CHECK_INT(parse(&cli, &err, (const char *[]){ "--dry-run=server", NULL }), 0);
	CHECK_STR(cli_str(&cli, WOPT_DRY_RUN), "server");
	cli_release(&cli);
	strbuf_release(&err);
}

static void test_errors(void)
{
	static const struct {
		const char *argv[4];
		const char *msg;
	} cases[] = {
		{ { "--nope", NULL }, "unknown flag: --nope" },
		{ { "--nope=1", NULL }, "unknown flag: --nope" },
		{ { "-q", NULL }, "unknown shorthand flag: 'q' in -q" },
		{ { "--context", NULL }, "flag needs an argument: --context" },
		{ { "-n", NULL }, "flag needs an argument: 'n' in -n" },
		{ { "--count=x", NULL }, "invalid argument \"x\" for \"-c, --count\" flag: expected an integer" },
		{ { "--update-strategy", "Sideways", NULL },
		  "invalid argument \"Sideways\" for \"--update-strategy\" flag: expected one of InPlace, RevisionBased" },
		{ { "--dry-run=yes", NULL },
		  "invalid argument \"yes\" for \"--dry-run\" flag: expected one of none, client, server" },
	};
	struct strbuf err = STRBUF_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct cli cli;

		CHECK_INT(parse(&cli, &err, (const char **)cases[i].argv), -1);
		CHECK_STR(err.buf, cases[i].msg);
		cli_release(&cli);
	}
	strbuf_release(&err);
}

static void test_double_dash_and_short_forms(void)
{
	struct cli cli;
	struct strbuf err = STRBUF_INIT;

	CHECK_INT(parse(&cli, &err, (const char *[]){ "-n=ns1", "-v", "6", "--", "--cni", "-n", NULL }), 0);
	CHECK_STR(cli_str(&cli, GOPT_NAMESPACE), "ns1");
	CHECK_INT(cli_int(&cli, GOPT_V), 6);
	CHECK(!cli_bool(&cli, T_CNI));
	CHECK_INT(cli.nargs, 2);
	CHECK_STR(cli.args[0], "--cni");
	cli_release(&cli);
	CHECK_INT(parse(&cli, &err, (const char *[]){ "-nns2", "-", NULL }), 0);
	CHECK_STR(cli_str(&cli, GOPT_NAMESPACE), "ns2");
	CHECK_STR(cli.args[0], "-");
	cli_release(&cli);
	strbuf_release(&err);
}

static void test_help_lists_flags_once(void)
{
	struct strbuf out = STRBUF_INIT;

	opt_help(tables, &out);
	CHECK_CONTAINS(out.buf, "\nFlags:\n");
	CHECK_CONTAINS(out.buf, "      --update-strategy string     Strategy (default InPlace)\n");
	CHECK_CONTAINS(out.buf, "\nGlobal Flags:\n");
	CHECK_CONTAINS(out.buf, "  -n, --namespace string");
	CHECK(!strstr(out.buf, "--version"));	/* hidden */
	strbuf_release(&out);
}

/* Engine look-ups, faked: what the front end asks for, and with what. */
static enum comp_kind asked;
static int fake_lookup(struct cli *cli, enum comp_kind kind, const char *partial,
		       struct strbuf *out)
{
	asked = kind;
	if (kind == COMPK_NAMESPACES && !strncmp("istio-system", partial, strlen(partial)))
		strbuf_addf(out, "istio-system\t%s\n", cli_str(cli, GOPT_CONTEXT) ?
			    cli_str(cli, GOPT_CONTEXT) : "");
	return 0;
}

static void complete(const struct command *cmd, int n, const char **words,
		     struct strbuf *out)
{
	strbuf_reset(out);
	asked = COMPK_AUTO;
	complete_words(cmd, n, words, true, fake_lookup, out);
}

static void test_completion_from_the_same_table(void)
{
	const struct command cmd = {
		.name = "t", .file = "t", .summary = "", .usage = "", .description = "",
		.tables = tables,
		.words = (const char *const[]){ "cni", "namespace", NULL },
		.words_args = (const struct word_args[]){ { "namespace", COMPK_NAMESPACES }, { NULL } },
		.args = COMPK_ISTIOS,
	};
	struct strbuf out = STRBUF_INIT;

	complete(&cmd, 1, (const char *[]){ "--upd" }, &out);
	CHECK_STR(out.buf, "--update-strategy\tStrategy\n:4\n");
	complete(&cmd, 2, (const char *[]){ "--update-strategy", "R" }, &out);
	CHECK_STR(out.buf, "RevisionBased\n:4\n");
	complete(&cmd, 1, (const char *[]){ "--update-strategy=" }, &out);
	CHECK_STR(out.buf, "--update-strategy=InPlace\n--update-strategy=RevisionBased\n:4\n");
	/* Subcommand words, then what the command's arguments name. */
	complete(&cmd, 1, (const char *[]){ "n" }, &out);
	CHECK_STR(out.buf, "namespace\t\n:4\n");
	CHECK_INT(asked, COMPK_ISTIOS);
	complete(&cmd, 2, (const char *[]){ "mesh", "" }, &out);
	CHECK_STR(out.buf, ":4\n");
	CHECK_INT(asked, COMPK_ISTIOS);
	/* After a word, its own kind; flags typed before reach the look-up. */
	complete(&cmd, 4, (const char *[]){ "--context", "c1", "namespace", "is" }, &out);
	CHECK_STR(out.buf, "istio-system\tc1\n:4\n");
	complete(&cmd, 3, (const char *[]){ "--context=c2", "-n", "" }, &out);
	CHECK_STR(out.buf, "istio-system\tc2\n:4\n");
	/* Flags by kind: files, directories, none; -o's formats. */
	complete(&cmd, 2, (const char *[]){ "--kubeconfig", "" }, &out);
	CHECK_STR(out.buf, ":0\n");
	complete(&cmd, 2, (const char *[]){ "--templates", "" }, &out);
	CHECK_STR(out.buf, ":16\n");
	complete(&cmd, 2, (const char *[]){ "-c", "" }, &out);
	CHECK_STR(out.buf, ":4\n");
	CHECK_INT(asked, COMPK_AUTO);
	complete(&cmd, 2, (const char *[]){ "-o", "y" }, &out);
	CHECK_STR(out.buf, "yaml\n:4\n");
	/* The dispatcher: command names, then the command's own answer. */
	complete(NULL, 1, (const char *[]){ "ta" }, &out);
	CHECK_CONTAINS(out.buf, "tag\t");
	complete(NULL, 2, (const char *[]){ "tag", "rem" }, &out);
	CHECK_STR(out.buf, "remove\tRemove a tag\n:4\n");
	strbuf_release(&out);
}

static void test_every_command_table_is_consistent(void)
{
	const struct command *const *c;

	for (c = sail_commands; *c; c++) {
		const struct opt *const *t;
		const struct opt *o;
		bool seen[OPT_MAX] = { false };

		CHECK(command_find((*c)->name) == *c);
		CHECK(command_find((*c)->file) == *c);
		for (t = (*c)->tables; *t; t++)
			for (o = *t; o->name; o++) {
				CHECK(o->id > 0 && o->id < OPT_MAX);
				CHECK(!seen[o->id]);
				seen[o->id] = true;
				CHECK(o->help && *o->help);
			}
		/* completion's word table names only real subcommand words */
		for (const struct word_args *wa = (*c)->words_args; wa && wa->word; wa++) {
			bool found = false;

			for (size_t i = 0; (*c)->words && (*c)->words[i]; i++)
				found = found || !strcmp((*c)->words[i], wa->word);
			CHECK(found);
		}
	}
}

TEST_MAIN(T(test_long_short_and_positional), T(test_defaults), T(test_bool_forms),
	  T(test_optional_value), T(test_errors), T(test_double_dash_and_short_forms),
	  T(test_help_lists_flags_once), T(test_completion_from_the_same_table),
	  T(test_every_command_table_is_consistent))
