#include "sail.h"
#include "cliflags.h"
#include "commands.h"
#include "complete.h"

/* Values named by a flag's name, whatever command it belongs to. */
static const struct {
	const char *flag;
	enum comp_kind kind;
} by_name[] = {
	{ "context", COMPK_CONTEXTS }, { "primary-context", COMPK_CONTEXTS },
	{ "contexts", COMPK_CONTEXTS }, { "apply-to", COMPK_CONTEXTS },
	{ "mesh", COMPK_CONTEXTS },
	{ "cluster", COMPK_CLUSTERS }, { "user", COMPK_USERS },
	{ "namespace", COMPK_NAMESPACES },
	{ "istio", COMPK_ISTIOS }, { "revision", COMPK_REVISIONS },
	{ "tag", COMPK_TAGS }, { "version", COMPK_VERSIONS },
	{ "profile", COMPK_PROFILES }, { "output", COMPK_OUTPUT },
};

/* The profiles the operator's charts ship (spec.profile). */
static const char *const profiles[] = {
	"ambient", "default", "demo", "empty", "external", "openshift",
	"openshift-ambient", "preview", "remote", "stable", NULL
};
static const char *const outputs[] = {
	"json", "yaml", "name", "wide", "jsonpath=", NULL
};

enum comp_kind complete_kind(const struct opt *o)
{
	size_t i;

	if (o->comp != COMPK_AUTO)
		return o->comp;
	if (o->flags & OPT_FILE)
		return COMPK_FILES;
	if (o->flags & OPT_DIR)
		return COMPK_DIRS;
	if (o->type == OPT_BOOL || o->type == OPT_INT || o->choices)
		return COMPK_NONE;	/* choices and booleans: see values() */
	for (i = 0; i < ARRAY_SIZE(by_name); i++)
		if (!strcmp(by_name[i].flag, o->name))
			return by_name[i].kind;
	return COMPK_NONE;
}

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static void add_list(const char *const *list, const char *prefix,
		     const char *partial, struct strbuf *out)
{
	for (; *list; list++)
		if (starts_with(*list, partial))
			strbuf_addf(out, "%s%s\n", prefix, *list);
}

/*
 * Candidates of kind for partial, each written with prefix ("--flag=",
 * "a,b,"); returns the directive.
 */
static int kind_values(enum comp_kind kind, const char *prefix, const char *partial,
		       struct cli *cli, complete_lookup_fn *lookup, struct strbuf *out)
{
	struct strbuf found = STRBUF_INIT;
	int directive = COMP_NOFILE;
	const char *line, *nl;

	switch (kind) {
	case COMPK_FILES:
		return COMP_DEFAULT;
	case COMPK_DIRS:
		return COMP_FILTER_DIRS;
	case COMPK_AUTO:
	case COMPK_NONE:
		return COMP_NOFILE;
	case COMPK_OUTPUT:
		add_list(outputs, prefix, partial, out);
		/* "jsonpath=" wants its template right after it */
		return starts_with(partial, "jsonp") ? COMP_NOFILE | COMP_NOSPACE : COMP_NOFILE;
	case COMPK_PROFILES:
		add_list(profiles, prefix, partial, out);
		return COMP_NOFILE;
	default:
		break;
	}
	if (lookup)
		directive |= lookup(cli, kind, partial, &found);
	for (line = found.buf; *line; line = nl + 1) {
		nl = strchrnul(line, '\n');
		if (nl > line)
			strbuf_addf(out, "%s%.*s\n", prefix, (int)(nl - line), line);
		if (!*nl)
			break;
	}
	strbuf_release(&found);
	return directive;
}

/* The values of flag o: true/false, its choices, or its kind's. */
static int flag_values(const struct opt *o, const char *prefix, const char *partial,
		       struct cli *cli, complete_lookup_fn *lookup, struct strbuf *out)
{
	static const char *const tf[] = { "true", "false", NULL };
	struct strbuf pre = STRBUF_INIT;
	const char *comma;
	int directive;

	if (o->comp == COMPK_AUTO && (o->type == OPT_BOOL || o->choices)) {
		add_list(o->type == OPT_BOOL ? tf : o->choices, prefix, partial, out);
		return COMP_NOFILE;
	}
	/* A comma-separated list ("CTX,..."): complete its last item. */
	comma = o->arg && strchr(o->arg, ',') ? strrchr(partial, ',') : NULL;
	strbuf_addstr(&pre, prefix);
	if (comma) {
		strbuf_add(&pre, partial, (size_t)(comma + 1 - partial));
		partial = comma + 1;
	}
	directive = kind_values(complete_kind(o), pre.buf, partial, cli, lookup, out);
	if (comma)
		directive |= COMP_NOSPACE;
	strbuf_release(&pre);
	return directive;
}

/* Does the flag, written without "=", take the next word as its value? */
static bool takes_next_word(const struct opt *o)
{
	return o->type != OPT_BOOL && !(o->flags & OPT_OPTARG);
}

/* The flag a word names ("--name", "-n"; NULL for "-abc" groups too). */
static const struct opt *word_flag(const struct opt *const *tables, const char *w)
{
	if (w[0] != '-' || !w[1])
		return NULL;
	if (w[1] == '-')
		return strchr(w, '=') ? NULL : opt_find(tables, w);
	return w[2] ? NULL : opt_find_short(tables, w[1]);
}

static void add_flags(const struct opt *const *tables, const char *partial,
		      struct strbuf *out)
{
	const struct opt *const *t;
	const struct opt *o;

	for (t = tables; *t; t++)
		for (o = *t; o->name; o++) {
			if (!opt_shown(tables, o))
				continue;
			if (partial[1] != '-' && o->shortname && !partial[1])
				strbuf_addf(out, "-%c\t%s\n", o->shortname, o->help ? o->help : "");
			if (starts_with(o->name, partial + 1 + (partial[1] == '-')))
				strbuf_addf(out, "--%s\t%s\n", o->name, o->help ? o->help : "");
		}
}

static int complete_cmd(const struct command *cmd, int nwords, const char **words,
			complete_lookup_fn *lookup, struct strbuf *out)
{
	const char *partial = nwords ? words[nwords - 1] : "";
	const struct opt *o = nwords > 1 ? word_flag(cmd->tables, words[nwords - 2]) : NULL;
	struct strbuf err = STRBUF_INIT;
	struct cli cli;
	int i, npos = 0, directive;
	const char *word = NULL;
	enum comp_kind kind = cmd->args;

	/* The flags typed so far (--context, --kubeconfig) steer lookups;
	 * a mistake in them only means fewer candidates. */
	cli_init(&cli, cmd, cmd->tables);
	cli_parse(&cli, nwords - 1 - (o && takes_next_word(o)), words, &err);
	strbuf_release(&err);
	if (o && takes_next_word(o)) {
		directive = flag_values(o, "", partial, &cli, lookup, out);
		goto done;
	}
	if (partial[0] == '-') {
		const char *eq = strchr(partial, '=');

		if (eq && partial[1] == '-') {
			char *name = xstrndup(partial, (size_t)(eq - partial));
			char *prefix = xstrndup(partial, (size_t)(eq - partial + 1));

			o = opt_find(cmd->tables, name);
			directive = o ? flag_values(o, prefix, eq + 1, &cli, lookup, out) : COMP_NOFILE;
			free(name);
			free(prefix);
		} else {
			add_flags(cmd->tables, partial, out);
			directive = COMP_NOFILE;
		}
		goto done;
	}
	/* Positional words before the partial one; the first may be a
	 * subcommand word. */
	for (i = 0; i < nwords - 1; i++) {
		if (words[i][0] == '-' && words[i][1]) {
			o = word_flag(cmd->tables, words[i]);
			if (o && takes_next_word(o))
				i++;
			continue;
		}
		if (!npos++ && cmd->words) {
			int w;

			for (w = 0; cmd->words[w]; w++)
				if (!strcmp(cmd->words[w], words[i]))
					word = cmd->words[w];
		}
	}
	if (!npos && cmd->words)
		for (i = 0; cmd->words[i]; i++)
			if (starts_with(cmd->words[i], partial))
				strbuf_addf(out, "%s\t%s\n", cmd->words[i],
					    cmd->words_help && cmd->words_help[i] ? cmd->words_help[i] : "");
	if (word) {
		const struct word_args *wa;

		kind = COMPK_NONE;
		for (wa = cmd->words_args; wa && wa->word; wa++)
			if (!strcmp(wa->word, word))
				kind = wa->kind;
	}
	directive = kind_values(kind == COMPK_AUTO ? COMPK_NONE : kind, "", partial, &cli, lookup, out);
done:
	cli_release(&cli);
	return directive;
}

static void drop_descriptions(struct strbuf *out)
{
	struct strbuf plain = STRBUF_INIT;
	const char *line, *nl;

	for (line = out->buf; *line; line = nl + 1) {
		const char *tab;

		nl = strchrnul(line, '\n');
		tab = memchr(line, '\t', (size_t)(nl - line));
		strbuf_add(&plain, line, (size_t)((tab ? tab : nl) - line));
		strbuf_addch(&plain, '\n');
		if (!*nl)
			break;
	}
	strbuf_setlen(out, 0);
	strbuf_add(out, plain.buf, plain.len);
	strbuf_release(&plain);
}

void complete_words(const struct command *cmd, int nwords, const char **words,
		    bool with_desc, complete_lookup_fn *lookup, struct strbuf *out)
{
	struct strbuf cands = STRBUF_INIT;
	int directive;

	if (!cmd && nwords >= 2 && (cmd = command_find(words[0]))) {
		/* Under krew only kubectl_complete-sail exists: it completes
		 * the command words, then delegates to the command. */
		nwords--;
		words++;
	}
	if (cmd) {
		directive = complete_cmd(cmd, nwords, words, lookup, &cands);
	} else {
		const char *partial = nwords ? words[0] : "";
		const struct command *const *c;

		if (nwords <= 1 && partial[0] != '-') {
			for (c = sail_commands; *c; c++)
				if (starts_with((*c)->name, partial))
					strbuf_addf(&cands, "%s\t%s\n", (*c)->name, (*c)->summary);
		} else if (nwords <= 1) {
			static const struct opt *const tables[] = { builtin_opts, NULL };

			add_flags(tables, partial, &cands);
		}
		directive = COMP_NOFILE;
	}
	if (!with_desc)
		drop_descriptions(&cands);
	strbuf_add(out, cands.buf, cands.len);
	strbuf_addf(out, ":%d\n", directive);
	strbuf_release(&cands);
}
