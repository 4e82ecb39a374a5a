/*
 * Build tool: writes the man pages (man(7) macros) of kubectl-sail and of
 * every command from the same option tables and help texts that --help
 * prints, so the pages cannot drift from the binaries.
 *
 *   manpage DIR     writes DIR/kubectl-sail.1 and DIR/kubectl-sail-NAME.1
 *
 * The date is SOURCE_DATE_EPOCH's (reproducible builds), else 1970-01-01.
 */
#include "sail.h"
#include "cliflags.h"
#include "commands.h"

#include <time.h>

/* Text for a filled paragraph: backslashes, and what roff reads as a
 * request at the start of a line. */
static void roff_text(const char *s, size_t len, struct strbuf *out)
{
	size_t i;
	bool bol = true;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (bol && (c == '.' || c == '\''))
			strbuf_addstr(out, "\\&");
		if (c == '\\')
			strbuf_addstr(out, "\\e");
		else if (c == '-' && i + 1 < len && s[i + 1] == '-' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n' || s[i - 1] == '\'' || s[i - 1] == '('))
			strbuf_addstr(out, "\\-\\-"), i++;
		else
			strbuf_addch(out, c);
		bol = c == '\n';
	}
}

/* A help text: paragraphs at blank lines, filled; indented lines (lists,
 * tables, commands) are kept as they are. */
static void roff_paragraphs(const char *text, struct strbuf *out)
{
	const char *line = text, *nl;
	bool nofill = false, para = true;

	for (; *line; line = *nl ? nl + 1 : nl) {
		nl = strchrnul(line, '\n');
		if (nl == line) {
			para = true;
			continue;
		}
		if (nofill && (line[0] != ' ' || para)) {
			strbuf_addstr(out, ".fi\n");
			nofill = false;
		}
		if (para)
			strbuf_addstr(out, ".PP\n");
		para = false;
		if (line[0] == ' ' && !nofill) {
			strbuf_addstr(out, ".nf\n");
			nofill = true;
		}
		roff_text(line, (size_t)(nl - line), out);
		strbuf_addch(out, '\n');
	}
	if (nofill)
		strbuf_addstr(out, ".fi\n");
}

static void header(const char *name, const char *date, struct strbuf *out)
{
	struct strbuf upper = STRBUF_INIT;
	const char *c;

	for (c = name; *c; c++)
		strbuf_addch(&upper, *c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
	strbuf_addf(out, ".TH %s 1 \"%s\" \"kubectl-sail %s\" \"kubectl-sail Manual\"\n",
		    upper.buf, date, SAIL_VERSION);
	strbuf_release(&upper);
}

static void flag(const struct opt *o, struct strbuf *out)
{
	const char *typ = opt_arg_name(o);

	strbuf_addstr(out, ".TP\n");
	if (o->shortname)
		strbuf_addf(out, "\\fB\\-%c\\fR, ", o->shortname);
	strbuf_addf(out, "\\fB\\-\\-%s\\fR", o->name);
	if (o->type != OPT_BOOL && typ)
		strbuf_addf(out, (o->flags & OPT_OPTARG) ? "[=\\fI%s\\fR]" : " \\fI%s\\fR", typ);
	strbuf_addch(out, '\n');
	roff_text(o->help ? o->help : "", strlen(o->help ? o->help : ""), out);
	if (o->def && *o->def && !(o->type == OPT_BOOL && !strcmp(o->def, "false"))) {
		strbuf_addstr(out, " (default ");
		roff_text(o->def, strlen(o->def), out);
		strbuf_addch(out, ')');
	}
	if (o->choices) {
		const char *const *c;

		strbuf_addstr(out, "; one of:");
		for (c = o->choices; *c; c++)
			strbuf_addf(out, "%s \\fB%s\\fR", c == o->choices ? "" : ",", *c);
	}
	strbuf_addch(out, '\n');
}

static void flags(const struct opt *const *tables, bool global, struct strbuf *out)
{
	const struct opt *const *t;
	const struct opt *o;
	bool any = false;

	for (t = tables; *t; t++)
		for (o = *t; o->name; o++) {
			if (!opt_shown(tables, o) || !!(o->flags & OPT_GLOBAL) != global)
				continue;
			if (!any)
				strbuf_addstr(out, global ? ".SH GLOBAL OPTIONS\n"
					      "The kubectl global flags, with kubectl's meaning.\n" :
					      ".SH OPTIONS\n");
			any = true;
			flag(o, out);
		}
}

static void see_also(const struct command *self, struct strbuf *out)
{
	const struct command *const *c;

	strbuf_addstr(out, ".SH SEE ALSO\n");
	if (self)
		strbuf_addstr(out, ".BR kubectl\\-sail (1),\n");
	for (c = sail_commands; *c; c++)
		if (*c != self)
			strbuf_addf(out, ".BR kubectl\\-sail\\-%s (1),\n", (*c)->name);
	strbuf_addstr(out, ".BR kubectl (1)\n");
}

static void command_page(const struct command *cmd, const char *date, struct strbuf *out)
{
	struct strbuf name = STRBUF_INIT;

	strbuf_addf(&name, "kubectl-sail-%s", cmd->name);
	header(name.buf, date, out);
	strbuf_addf(out, ".SH NAME\nkubectl\\-sail\\-%s \\- ", cmd->name);
	roff_text(cmd->summary, strlen(cmd->summary), out);
	strbuf_addf(out, "\n.SH SYNOPSIS\n.B kubectl sail %s\n", cmd->name);
	roff_text(cmd->usage, strlen(cmd->usage), out);
	strbuf_addstr(out, "\n.SH DESCRIPTION\n");
	roff_paragraphs(cmd->description, out);
	if (cmd->words && cmd->words[0]) {
		size_t i;

		strbuf_addstr(out, ".SH COMMANDS\n");
		for (i = 0; cmd->words[i]; i++) {
			const char *h = cmd->words_help ? cmd->words_help[i] : "";

			strbuf_addf(out, ".TP\n.B %s\n", cmd->words[i]);
			roff_text(h, strlen(h), out);
			strbuf_addch(out, '\n');
		}
	}
	flags(cmd->tables, false, out);
	flags(cmd->tables, true, out);
	if (cmd->examples) {
		strbuf_addstr(out, ".SH EXAMPLES\n.nf\n");
		roff_text(cmd->examples, strlen(cmd->examples), out);
		strbuf_addstr(out, ".fi\n");
	}
	see_also(cmd, out);
	strbuf_release(&name);
}

static void dispatcher_page(const char *date, struct strbuf *out)
{
	const struct command *const *c;

	header("kubectl-sail", date, out);
	strbuf_addstr(out,
		".SH NAME\nkubectl\\-sail \\- install and operate Istio control planes managed by the Sail Operator\n"
		".SH SYNOPSIS\n.B kubectl sail\n\\fICOMMAND\\fR [\\fIflags\\fR]\n"
		".SH DESCRIPTION\n"
		"kubectl sail installs, upgrades, tags, connects and inspects Istio control\n"
		"planes managed by the Sail Operator (sailoperator.io). It is a kubectl\n"
		"plugin: kubectl runs it for \\fBkubectl sail\\fR, and every command is also\n"
		"reached through it when only kubectl\\-sail is on PATH (krew, make install,\n"
		"the Debian package), which runs kubectl\\-sail\\-\\fICOMMAND\\fR from its own\n"
		"directory or from ../libexec/kubectl\\-sail.\n"
		".PP\n"
		"Every command talks to the API server itself (kubeconfig, exec credential\n"
		"plugins and the kubectl global flags), never through kubectl, and can print\n"
		"what it would send instead (\\fB\\-\\-dry\\-run=client \\-o yaml\\fR).\n"
		".SH COMMANDS\n");
	for (c = sail_commands; *c; c++) {
		strbuf_addf(out, ".TP\n\\fBkubectl sail %s\\fR (see \\fBkubectl\\-sail\\-%s\\fR(1))\n",
			    (*c)->name, (*c)->name);
		roff_text((*c)->summary, strlen((*c)->summary), out);
		strbuf_addch(out, '\n');
	}
	strbuf_addstr(out, ".SH OPTIONS\n");
	flag(&builtin_opts[0], out);
	strbuf_addstr(out, ".TP\n\\fB\\-\\-version\\fR\nPrint the kubectl\\-sail version\n"
		".SH SHELL COMPLETION\n"
		"kubectl (1.26 or later) completes \\fBkubectl sail\\fR by running\n"
		"\\fBkubectl_complete\\-sail\\fR from PATH, installed beside kubectl\\-sail.\n"
		"For the binaries run directly, see\n.BR kubectl\\-sail\\-completion (1).\n"
		".SH EXIT STATUS\n"
		"0 on success, 1 on an error (one line on standard error naming what was\n"
		"wrong); some commands document further codes.\n");
	see_also(NULL, out);
}

static void write_page(const char *dir, const char *name, const struct strbuf *page)
{
	struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT;
	FILE *f;

	strbuf_addf(&path, "%s/%s.1", dir, name);
	strbuf_addf(&tmp, "%s.tmp", path.buf);
	f = fopen(tmp.buf, "w");
	if (!f)
		die_errno("cannot write '%s'", tmp.buf);
	if (fwrite(page->buf, 1, page->len, f) != page->len || fclose(f))
		die_errno("cannot write '%s'", tmp.buf);
	if (rename(tmp.buf, path.buf))
		die_errno("cannot rename '%s'", tmp.buf);
	strbuf_release(&path);
	strbuf_release(&tmp);
}

int main(int argc, char **argv)
{
	const struct command *const *c;
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t = epoch ? (time_t)strtoll(epoch, NULL, 10) : 0;
	struct strbuf page = STRBUF_INIT, name = STRBUF_INIT;
	char date[32];
	struct tm tm;

	sail_progname = "manpage";
	if (argc != 2)
		die("usage: manpage DIR");
	if (!gmtime_r(&t, &tm) || !strftime(date, sizeof(date), "%Y-%m-%d", &tm))
		die("bad SOURCE_DATE_EPOCH '%s'", epoch);
	dispatcher_page(date, &page);
	write_page(argv[1], "kubectl-sail", &page);
	for (c = sail_commands; *c; c++) {
		strbuf_reset(&page);
		strbuf_reset(&name);
		command_page(*c, date, &page);
		strbuf_addf(&name, "kubectl-sail-%s", (*c)->name);
		write_page(argv[1], name.buf, &page);
	}
	strbuf_release(&page);
	strbuf_release(&name);
	return 0;
}
