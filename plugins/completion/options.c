/*
 * kubectl sail completion bash|zsh|fish: a script that completes the
 * binaries when they are run directly (kubectl-sail ...). Every script
 * asks `kubectl-sail __complete WORDS...` (complete.h), so the candidates
 * are the ones kubectl's own plugin completion gets from
 * kubectl_complete-sail; the scripts only turn cobra's directive into
 * their shell's way of saying it. Runs in the front end: no engine.
 */
#include "sail.h"
#include "cliflags.h"
#include "commands.h"

static const char bash_script[] =
"# bash completion for kubectl-sail; load with\n"
"#   source <(kubectl sail completion bash)\n"
"_kubectl_sail() {\n"
"\tlocal line=${COMP_LINE:0:COMP_POINT} out directive cur prefix c\n"
"\tlocal -a words\n"
"\tread -ra words <<< \"$line\"\n"
"\t[[ -z $line || $line == *[[:space:]] ]] && words+=(\"\")\n"
"\tcur=${words[-1]}\n"
"\tlocal prog=${words[0]##*/}\n"
"\twords=(\"${words[@]:1}\")\n"
"\t[[ $prog == kubectl-sail-* ]] && words=(\"${prog#kubectl-sail-}\" \"${words[@]}\")\n"
"\tout=$(kubectl-sail __completeNoDesc \"${words[@]}\" 2> /dev/null) || return 0\n"
"\tdirective=${out##*:}\n"
"\t[[ $out == *$'\\n'* ]] && out=${out%$'\\n'*} || out=\n"
"\tCOMPREPLY=()\n"
"\t(( directive & 1 )) && return 0\n"
"\t# bash splits the word at '=' and ':': replace only its last piece\n"
"\tprefix=${cur%\"${COMP_WORDS[COMP_CWORD]}\"}\n"
"\twhile IFS= read -r c; do\n"
"\t\t[[ -n $c ]] && COMPREPLY+=(\"${c#\"$prefix\"}\")\n"
"\tdone <<< \"$out\"\n"
"\t(( directive & 2 )) && compopt -o nospace\n"
"\t(( directive & 32 )) && compopt -o nosort 2> /dev/null\n"
"\tif (( directive & 16 )); then\n"
"\t\tcompopt -o dirnames; COMPREPLY=()\n"
"\telif (( ${#COMPREPLY[@]} == 0 && !(directive & 4) )); then\n"
"\t\tcompopt -o default\n"
"\tfi\n"
"\treturn 0\n"
"}\n"
"complete -F _kubectl_sail";

static const char zsh_script[] =
"#compdef kubectl-sail\n"
"# zsh completion for kubectl-sail; load with\n"
"#   source <(kubectl sail completion zsh)\n"
"_kubectl_sail() {\n"
"\tlocal prog=${words[1]:t} out directive line value desc\n"
"\tlocal -a args cands lines opts\n"
"\targs=(\"${(@)words[2,CURRENT]}\")\n"
"\t[[ $prog == kubectl-sail-* ]] && args=(\"${prog#kubectl-sail-}\" \"${(@)args}\")\n"
"\tout=$(kubectl-sail __complete \"${(@)args}\" 2> /dev/null) || return 1\n"
"\tlines=(\"${(@f)out}\")\n"
"\tdirective=${lines[-1]#:}\n"
"\tlines=(\"${(@)lines[1,-2]}\")\n"
"\t(( directive & 1 )) && return 1\n"
"\tfor line in \"${(@)lines}\"; do\n"
"\t\t[[ -n $line ]] || continue\n"
"\t\tvalue=${line%%$'\\t'*} desc=\n"
"\t\t[[ $line == *$'\\t'* ]] && desc=${line#*$'\\t'}\n"
"\t\tcands+=(\"${value//:/\\\\:}${desc:+:$desc}\")\n"
"\tdone\n"
"\t(( directive & 2 )) && opts+=(-S '')\n"
"\t(( directive & 32 )) && opts+=(-V kubectl-sail)\n"
"\tif (( ${#cands} )); then\n"
"\t\t_describe -t kubectl-sail 'kubectl-sail' cands \"${(@)opts}\"\n"
"\telif (( directive & 16 )); then\n"
"\t\t_path_files -/\n"
"\telif (( !(directive & 4) )); then\n"
"\t\t_files\n"
"\telse\n"
"\t\treturn 1\n"
"\tfi\n"
"}\n"
"compdef _kubectl_sail";

static const char fish_script[] =
"# fish completion for kubectl-sail; load with\n"
"#   kubectl sail completion fish | source\n"
"function __kubectl_sail_complete\n"
"\tset -l words (commandline -opc) (commandline -ct)\n"
"\tset -l prog (string replace -r '.*/' '' -- $words[1])\n"
"\tset -e words[1]\n"
"\tstring match -q 'kubectl-sail-*' -- $prog\n"
"\tand set words (string replace 'kubectl-sail-' '' -- $prog) $words\n"
"\tset -l out (kubectl-sail __complete $words 2> /dev/null)\n"
"\tor return\n"
"\tset -l directive (string replace ':' '' -- $out[-1])\n"
"\tset -e out[-1]\n"
"\tif test (math \"bitand($directive, 1)\") -ne 0\n"
"\t\treturn\n"
"\tend\n"
"\tif test (count $out) -gt 0\n"
"\t\tprintf '%s\\n' $out\n"
"\telse if test (math \"bitand($directive, 16)\") -ne 0\n"
"\t\t__fish_complete_directories (commandline -ct)\n"
"\telse if test (math \"bitand($directive, 4)\") -eq 0\n"
"\t\t__fish_complete_path (commandline -ct)\n"
"\tend\n"
"end\n";

static void names(struct strbuf *out, const char *sep)
{
	const struct command *const *c;

	strbuf_addstr(out, " kubectl-sail");
	for (c = sail_commands; *c; c++)
		if (!(*c)->in_dispatcher)
			strbuf_addf(out, "%skubectl-sail-%s", sep, (*c)->file);
}

static int print_script(struct cli *cli)
{
	struct strbuf out = STRBUF_INIT;
	const char *shell = cli->nargs == 1 ? cli->args[0] : NULL;
	const struct command *const *c;

	if (!shell)
		die("completion takes one argument, the shell: bash, zsh or fish");
	if (!strcmp(shell, "bash")) {
		strbuf_addstr(&out, bash_script);
		names(&out, " ");
	} else if (!strcmp(shell, "zsh")) {
		strbuf_addstr(&out, zsh_script);
		names(&out, " ");
	} else if (!strcmp(shell, "fish")) {
		strbuf_addstr(&out, fish_script);
		strbuf_addstr(&out, "complete -c kubectl-sail -f -a '(__kubectl_sail_complete)'");
		for (c = sail_commands; *c; c++)
			if (!(*c)->in_dispatcher)
				strbuf_addf(&out, "\ncomplete -c kubectl-sail-%s -f -a '(__kubectl_sail_complete)'",
					    (*c)->file);
	} else {
		die("completion: unsupported shell \"%s\": expected bash, zsh or fish", shell);
	}
	strbuf_addch(&out, '\n');
	fputs(out.buf, stdout);
	strbuf_release(&out);
	return 0;
}

static const struct opt *const tables[] = { builtin_opts, NULL };
static const char *const shells[] = { "bash", "zsh", "fish", NULL };
static const char *const shells_help[] = {
	"Completion script for bash", "Completion script for zsh",
	"Completion script for fish", NULL
};

const struct command command_completion = {
	.name = "completion",
	.file = "completion",
	.summary = "Print a shell completion script (bash, zsh, fish)",
	.usage = "bash|zsh|fish",
	.description =
	"Print a script that completes kubectl-sail and its commands in bash, zsh or\n"
	"fish when the binaries are run directly (kubectl-sail install --<TAB>). The\n"
	"candidates are those kubectl (1.26 or later) offers for 'kubectl sail'\n"
	"through kubectl_complete-sail: commands, flags, flag values, and names read\n"
	"from the kubeconfig, the version catalogue and the cluster (about one second\n"
	"at most; an unreachable cluster gives no candidates).\n"
	"\n"
	"For 'kubectl sail <TAB>', kubectl_complete-sail must be on PATH: make\n"
	"install and the Debian package put it there; after a krew install, link\n"
	"it to krew's own link (see the README).",
	.examples =
	"  # bash, this shell only; add it to ~/.bashrc to keep it\n"
	"  source <(kubectl sail completion bash)\n"
	"\n"
	"  # zsh\n"
	"  source <(kubectl sail completion zsh)\n"
	"\n"
	"  # fish\n"
	"  kubectl sail completion fish | source\n",
	.tables = tables,
	.words = shells, .words_help = shells_help,
	.in_dispatcher = true,
	.front = print_script,
};
