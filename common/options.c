#include "sail.h"
#include "options.h"
#include "duration.h"

void cli_init(struct cli *cli, const struct command *cmd,
	      const struct opt *const *tables)
{
	memset(cli, 0, sizeof(*cli));
	cli->cmd = cmd;
	cli->tables = tables;
}

void cli_release(struct cli *cli)
{
	size_t i;

	for (i = 0; i < OPT_MAX; i++)
		free(cli->v[i].list);
	free(cli->args);
	memset(cli->v, 0, sizeof(cli->v));
	cli->args = NULL;
	cli->nargs = 0;
}

const struct opt *opt_find(const struct opt *const *tables, const char *name)
{
	const struct opt *o;

	while (*name == '-')
		name++;
	for (; *tables; tables++)
		for (o = *tables; o->name; o++)
			if (!strcmp(o->name, name))
				return o;
	return NULL;
}

const struct opt *opt_find_short(const struct opt *const *tables, char c)
{
	const struct opt *o;

	for (; *tables; tables++)
		for (o = *tables; o->name; o++)
			if (o->shortname == c)
				return o;
	return NULL;
}

const struct opt *opt_by_id(const struct opt *const *tables, int id)
{
	const struct opt *o;

	for (; *tables; tables++)
		for (o = *tables; o->name; o++)
			if (o->id == id)
				return o;
	return NULL;
}

static int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "1", "t", "T", "true", "TRUE", "True" };
	static const char *const no[] = { "0", "f", "F", "false", "FALSE", "False" };
	size_t i;

	/* The spellings Go's strconv.ParseBool accepts, as pflag does. */
	for (i = 0; i < ARRAY_SIZE(yes); i++)
		if (!strcmp(s, yes[i]))
			return *out = true, 0;
	for (i = 0; i < ARRAY_SIZE(no); i++)
		if (!strcmp(s, no[i]))
			return *out = false, 0;
	return -1;
}

static void flag_name(const struct opt *o, bool as_short, struct strbuf *sb)
{
	if (as_short)
		strbuf_addf(sb, "'%c' in -%c", o->shortname, o->shortname);
	else
		strbuf_addf(sb, "--%s", o->name);
}

static int invalid(const struct opt *o, const char *value, const char *why,
		   struct strbuf *err)
{
	strbuf_addf(err, "invalid argument \"%s\" for \"%s%s%s--%s\" flag: %s",
		    value, o->shortname ? "-" : "",
		    o->shortname ? (char[]){ o->shortname, 0 } : "",
		    o->shortname ? ", " : "", o->name, why);
	return -1;
}

static int store(struct cli *cli, const struct opt *o, const char *value,
		 struct strbuf *err)
{
	struct optval *v;

	if (o->id <= 0 || o->id >= OPT_MAX)
		BUG("option --%s has id %d", o->name, o->id);
	v = &cli->v[o->id];
	switch (o->type) {
	case OPT_BOOL: {
		bool b;

		if (parse_bool(value, &b))
			return invalid(o, value, "expected true or false", err);
		v->num = b;
		break;
	}
	case OPT_INT: {
		char *end;

		errno = 0;
		v->num = strtol(value, &end, 10);
		if (!*value || *end || errno)
			return invalid(o, value, "expected an integer", err);
		break;
	}
	case OPT_STRING:
	case OPT_LIST:
		if (o->flags & OPT_DURATION) {
			long ms;

			if (duration_flag_ms(value, &ms))
				return invalid(o, value, "expected a duration that is not negative: whole seconds or a number with a unit (e.g. 30, 1.5s, 2m, 1h)", err);
		}
		if (o->choices) {
			const char *const *c;
			struct strbuf why = STRBUF_INIT;

			for (c = o->choices; *c; c++)
				if (!strcmp(*c, value))
					break;
			if (!*c) {
				strbuf_addstr(&why, "expected one of ");
				for (c = o->choices; *c; c++)
					strbuf_addf(&why, "%s%s", c == o->choices ? "" : ", ", *c);
				invalid(o, value, why.buf, err);
				strbuf_release(&why);
				return -1;
			}
		}
		break;
	}
	if (o->type == OPT_LIST) {
		v->list = xrealloc(v->list, (v->nr + 2) * sizeof(*v->list));
		v->list[v->nr++] = value;
		v->list[v->nr] = NULL;
	}
	v->set = true;
	v->str = value;
	return 0;
}

static void add_arg(struct cli *cli, const char *arg)
{
	cli->args = xrealloc(cli->args, (cli->nargs + 2) * sizeof(*cli->args));
	cli->args[cli->nargs++] = arg;
	cli->args[cli->nargs] = NULL;
}

/* A flag's value: attached ("=v"), or the next argument when one is needed. */
static int take_value(const struct opt *o, const char *attached, bool as_short,
		      int *i, int argc, const char **argv, const char **value,
		      struct strbuf *err)
{
	if (attached) {
		*value = attached;
		return 0;
	}
	if (o->type == OPT_BOOL) {
		*value = "true";
		return 0;
	}
	if (o->flags & OPT_OPTARG) {
		*value = o->noarg;
		return 0;
	}
	if (*i + 1 >= argc) {
		strbuf_addstr(err, "flag needs an argument: ");
		flag_name(o, as_short, err);
		return -1;
	}
	*value = argv[++*i];
	return 0;
}

int cli_parse(struct cli *cli, int argc, const char **argv, struct strbuf *err)
{
	int i;

	if (!cli->args)
		add_arg(cli, NULL), cli->nargs = 0;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *value;
		const struct opt *o;

		if (!strcmp(a, "--")) {
			while (++i < argc)
				add_arg(cli, argv[i]);
			break;
		}
		if (a[0] != '-' || !a[1]) {
			add_arg(cli, a);
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			char *name = eq ? xstrndup(a + 2, (size_t)(eq - a - 2)) : xstrdup(a + 2);

			o = opt_find(cli->tables, name);
			free(name);
			if (!o) {
				strbuf_addf(err, "unknown flag: %.*s",
					    (int)(eq ? eq - a : (long)strlen(a)), a);
				return -1;
			}
			if (take_value(o, eq ? eq + 1 : NULL, false, &i, argc, argv,
				       &value, err) || store(cli, o, value, err))
				return -1;
			continue;
		}
		/* Short flags; booleans may be grouped (-ab), a value ends the group. */
		for (a++; *a; a++) {
			o = opt_find_short(cli->tables, *a);
			if (!o) {
				strbuf_addf(err, "unknown shorthand flag: '%c' in %s", *a, argv[i]);
				return -1;
			}
			if (o->type == OPT_BOOL && a[1] != '=') {
				if (store(cli, o, "true", err))
					return -1;
				continue;
			}
			{
				const char *attached = a[1] ? a + 1 + (a[1] == '=') : NULL;

				if (take_value(o, attached, true, &i, argc, argv, &value, err) ||
				    store(cli, o, value, err))
					return -1;
			}
			break;
		}
	}
	return 0;
}

static const struct opt *lookup(const struct cli *cli, int id)
{
	const struct opt *o = opt_by_id(cli->tables, id);

	if (!o)
		BUG("no option with id %d in this command", id);
	return o;
}

bool cli_set(const struct cli *cli, int id)
{
	return id > 0 && id < OPT_MAX && cli->v[id].set;
}

const char *cli_str(const struct cli *cli, int id)
{
	if (cli_set(cli, id))
		return cli->v[id].str;
	return lookup(cli, id)->def;
}

bool cli_bool(const struct cli *cli, int id)
{
	const char *def;

	if (cli_set(cli, id))
		return cli->v[id].num != 0;
	def = lookup(cli, id)->def;
	return def && !strcmp(def, "true");
}

long cli_int(const struct cli *cli, int id)
{
	const char *def;

	if (cli_set(cli, id))
		return cli->v[id].num;
	def = lookup(cli, id)->def;
	return def ? strtol(def, NULL, 10) : 0;
}

const char *const *cli_list(const struct cli *cli, int id)
{
	static const char *const none[] = { NULL };

	lookup(cli, id);
	return cli_set(cli, id) ? cli->v[id].list : none;
}

const char *opt_arg_name(const struct opt *o)
{
	return o->arg ? o->arg :
		o->type == OPT_INT ? "int" :
		o->type == OPT_LIST ? "strings" :
		o->type == OPT_STRING ? "string" : NULL;
}

/* "  -n, --namespace string": the left column of a help line. */
static void help_left(const struct opt *o, struct strbuf *left)
{
	const char *typ = opt_arg_name(o);

	if (o->shortname)
		strbuf_addf(left, "  -%c, --%s", o->shortname, o->name);
	else
		strbuf_addf(left, "      --%s", o->name);
	if (typ && o->type != OPT_BOOL)
		strbuf_addf(left, (o->flags & OPT_OPTARG) ? "[=%s]" : " %s", typ);
}

static void help_line(const struct opt *o, size_t column, struct strbuf *out)
{
	struct strbuf left = STRBUF_INIT;

	help_left(o, &left);
	strbuf_addstr(out, left.buf);
	if (left.len + 3 <= column) {
		strbuf_addchars(out, ' ', column - left.len);
	} else {
		strbuf_addch(out, '\n');
		strbuf_addchars(out, ' ', column);
	}
	strbuf_addstr(out, o->help ? o->help : "");
	if (o->def && *o->def && !(o->type == OPT_BOOL && !strcmp(o->def, "false")))
		strbuf_addf(out, " (default %s)", o->def);
	strbuf_addch(out, '\n');
	strbuf_release(&left);
}

bool opt_shown(const struct opt *const *tables, const struct opt *o)
{
	/* Hidden flags are not shown; a command flag shadows a global one. */
	return !(o->flags & OPT_HIDDEN) && opt_find(tables, o->name) == o;
}

void opt_help(const struct opt *const *tables, struct strbuf *out)
{
	const struct opt *const *t;
	const struct opt *o;
	size_t column = 0;
	int global;

	/* One column for the help texts; very long flags wrap instead. */
	for (t = tables; *t; t++)
		for (o = *t; o->name; o++) {
			struct strbuf left = STRBUF_INIT;

			if (!opt_shown(tables, o))
				continue;
			help_left(o, &left);
			if (left.len <= 32 && left.len + 3 > column)
				column = left.len + 3;
			strbuf_release(&left);
		}
	for (global = 0; global < 2; global++) {
		bool any = false;

		for (t = tables; *t; t++)
			for (o = *t; o->name; o++) {
				if (!opt_shown(tables, o) || !!(o->flags & OPT_GLOBAL) != global)
					continue;
				if (!any)
					strbuf_addstr(out, global ? "\nGlobal Flags:\n" : "\nFlags:\n");
				any = true;
				help_line(o, column, out);
			}
	}
}
