#include "sail.h"
#include "jq.h"
#include <jq.h>		/* libjq's: -iquote keeps ours out of <> */

/* Every jv_* call of the suite lives in this file or in value.c. */

struct jqprog {
	jq_state *jq;
	struct strbuf msgs;	/* what libjq reported through the callback */
};

static void collect_error(void *data, jv msg)
{
	struct jqprog *prog = data;

	if (jv_get_kind(msg) != JV_KIND_STRING)
		msg = jv_dump_string(msg, 0);
	if (prog->msgs.len)
		strbuf_addch(&prog->msgs, '\n');
	strbuf_addstr(&prog->msgs, jv_string_value(msg));
	jv_free(msg);
}

/* `input`: there is only the one input. (jq 1.6 leaves this callback
 * unset and crashes when a program calls input.) */
static jv no_input(jq_state *jq, void *data)
{
	(void)jq;
	(void)data;
	return jv_invalid_with_msg(jv_string("No more inputs"));
}

/* `debug` writes to stderr as the jq command does. */
static void debug_msg(void *data, jv msg)
{
	jv line = jv_dump_string(JV_ARRAY(jv_string("DEBUG:"), msg), 0);

	(void)data;
	fprintf(stderr, "%s\n", jv_string_value(line));
	jv_free(line);
}

/*
 * jq reports "jq: error: syntax error, unexpected X (Unix shell quoting
 * issues?) at <top-level>, line 1:\nPROGRAM LINE" and then
 * "jq: 1 compile error": keep the first message's first line, shortened.
 */
static void compile_error(const char *msgs, struct strbuf *err)
{
	static const char *const drop[] = {
		" (Unix shell quoting issues?)",
		" at <top-level>",
	};
	struct strbuf line = STRBUF_INIT;
	size_t i;
	char *p;

	if (!strncmp(msgs, "jq: error: ", 11))
		msgs += 11;
	strbuf_add(&line, msgs, strcspn(msgs, "\n"));
	for (i = 0; i < ARRAY_SIZE(drop); i++) {
		while ((p = strstr(line.buf, drop[i]))) {
			size_t n = strlen(drop[i]);

			memmove(p, p + n, strlen(p + n) + 1);
			line.len -= n;
		}
	}
	if (line.len && line.buf[line.len - 1] == ':')
		strbuf_setlen(&line, line.len - 1);
	if (!line.len)
		strbuf_addstr(&line, "cannot compile the jq program");
	strbuf_add(err, line.buf, line.len);
	strbuf_release(&line);
}

int jq_compile_prog(const char *program, struct val named_args,
		    struct jqprog **out, struct strbuf *err)
{
	struct jqprog *prog = xcalloc(1, sizeof(*prog));
	jv args;

	*out = NULL;
	strbuf_init(&prog->msgs, 0);
	prog->jq = jq_init();
	if (!prog->jq) {
		strbuf_addstr(err, "cannot initialise libjq");
		free(prog);
		return -1;
	}
	jq_set_error_cb(prog->jq, collect_error, prog);
	jq_set_input_cb(prog->jq, no_input, NULL);
	jq_set_debug_cb(prog->jq, debug_msg, NULL);
	switch (val_kind(named_args)) {
	case VAL_ABSENT:
	case VAL_NULL:
		args = jv_object();
		break;
	case VAL_OBJECT:
		args = val_to_jv(named_args);
		break;
	default:
		strbuf_addf(err, "jq arguments must be an object, got %s",
			    val_kind_name(val_kind(named_args)));
		jqprog_free(prog);
		return -1;
	}
	if (!jq_compile_args(prog->jq, program, args)) {
		compile_error(prog->msgs.buf, err);
		jqprog_free(prog);
		return -1;
	}
	strbuf_reset(&prog->msgs);
	*out = prog;
	return 0;
}

static void message_text(jv msg, struct strbuf *err)
{
	if (jv_get_kind(msg) == JV_KIND_STRING) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addstr(&sb, jv_string_value(msg));
		strbuf_trim_trailing_newline(&sb);
		strbuf_add(err, sb.buf, sb.len);
		strbuf_release(&sb);
		jv_free(msg);
	} else {
		jv s = jv_dump_string(msg, 0);

		strbuf_addstr(err, jv_string_value(s));
		jv_free(s);
	}
}

int jq_run(struct jqprog *prog, struct val input, struct val *outputs,
	   struct strbuf *err)
{
	struct val res = val_arr();
	jv v;

	*outputs = val_absent();
	strbuf_reset(&prog->msgs);
	jq_start(prog->jq, val_to_jv(input), 0);
	while (jv_is_valid(v = jq_next(prog->jq)))
		val_push_take(&res, val_from_jv(v));

	if (jq_halted(prog->jq)) {
		jv code = jq_get_exit_code(prog->jq);
		jv msg = jq_get_error_message(prog->jq);
		bool failed = jv_is_valid(code);

		jv_free(code);
		jv_free(v);
		if (failed) {
			/* halt_error */
			if (jv_is_valid(msg) && jv_get_kind(msg) != JV_KIND_NULL)
				message_text(msg, err);
			else
				jv_free(msg);
			if (!err->len)
				strbuf_addstr(err, "the jq program halted with an error");
			val_release(&res);
			return -1;
		}
		jv_free(msg);
	} else if (jv_invalid_has_msg(jv_copy(v))) {
		message_text(jv_invalid_get_msg(v), err);
		val_release(&res);
		return -1;
	} else {
		jv_free(v);
	}
	if (prog->msgs.len) {
		/* reported through the callback but not raised */
		strbuf_addstr(err, prog->msgs.buf);
		val_release(&res);
		return -1;
	}
	*outputs = res;
	return 0;
}

void jqprog_free(struct jqprog *prog)
{
	if (!prog)
		return;
	if (prog->jq)
		jq_teardown(&prog->jq);
	strbuf_release(&prog->msgs);
	free(prog);
}

void jq_print_result(struct val v, struct strbuf *out)
{
	jv s;

	if (val_is_str(v)) {
		strbuf_add(out, val_str_get(v), val_str_len(v));
		return;
	}
	s = jv_dump_string(val_to_jv(v), JV_PRINT_INDENT_FLAGS(2));
	strbuf_addstr(out, jv_string_value(s));
	jv_free(s);
}
