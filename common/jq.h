#ifndef SAIL_JQ_H
#define SAIL_JQ_H

/*
 * libjq (jq 1.6) behind struct val. One job: compile a jq program once, run
 * it on any number of inputs, hand back the outputs. This file and value.c
 * are the only places that call jv_* functions; value.h's rules apply to
 * everything here (arguments borrowed, returned values owned).
 *
 *   struct jqprog *prog;
 *   struct val outs;
 *   if (jq_compile_prog(".items[] | select(.x == $want)", args, &prog, &err) ||
 *       jq_run(prog, input, &outs, &err))
 *           return error("%s", err.buf);
 *   ... val_len(outs) outputs ...
 *   val_release(&outs);
 *   jqprog_free(prog);
 *
 * named_args is an object whose members become $name variables (absent or
 * null: none). jq binds them at compile time: a program compiled with some
 * arguments always sees those.
 *
 * Cost: libjq parses its builtins (jq source) on every compile, ~20 ms,
 * and nothing happens at start-up: jq_init runs inside jq_compile_prog.
 * Compile once and reuse the program where it runs repeatedly.
 *
 * Errors are one line in err:
 *   compile: "syntax error, unexpected INVALID_CHARACTER, line 1" or
 *            "foo/0 is not defined, line 3" (jq's message, the location
 *            shortened to the line; callers prefix the program's name);
 *   run:     jq's message, e.g. "Cannot index string with string \"a\"";
 *            error(VALUE) with a non-string value gives its compact JSON;
 *   halt_error: its message (a string without its final newline, anything
 *            else as compact JSON); jq_run returns -1.
 * `halt` stops without an error: jq_run returns 0 with the outputs so far.
 * On error *outputs is absent (outputs produced before it are dropped).
 *
 * ~/.jq: jq 1.6 loads it into every program as the jq command does, so
 * definitions there are visible here too.
 */

#include "value.h"

struct strbuf;
struct jqprog;

int jq_compile_prog(const char *program, struct val named_args,
		    struct jqprog **out, struct strbuf *err);
/* *outputs: a new array of every output, in order (possibly empty). */
int jq_run(struct jqprog *prog, struct val input, struct val *outputs,
	   struct strbuf *err);
void jqprog_free(struct jqprog *prog);

/* A result as `jq -r` prints it: a string raw, anything else as JSON
 * indented by 2 in jq's style; no final newline. */
void jq_print_result(struct val v, struct strbuf *out);

#endif

