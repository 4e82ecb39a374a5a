#include "test.h"
#include "value.h"
#include "jq.h"

/*
 * Compiles prog with args, runs it on input (JSON text); returns the
 * outputs as compact JSON, or "compile: ERR" / "run: ERR". Static buffer.
 */
static const char *jq(const char *prog, struct val args, const char *input)
{
	static struct strbuf res = STRBUF_INIT;
	struct strbuf err = STRBUF_INIT;
	struct val in = test_json(input), outs;
	struct jqprog *p;

	strbuf_reset(&res);
	if (jq_compile_prog(prog, args, &p, &err)) {
		CHECK(p == NULL);
		strbuf_addf(&res, "compile: %s", err.buf);
	} else if (jq_run(p, in, &outs, &err)) {
		CHECK(!val_exists(outs));
		strbuf_addf(&res, "run: %s", err.buf);
	} else {
		val_to_json(outs, &res, 0);
		val_release(&outs);
	}
	jqprog_free(p);
	val_release(&in);
	strbuf_release(&err);
	return res.buf;
}

static void test_projections(void)
{
	const char *istio = "{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"Istio\","
		"\"metadata\":{\"name\":\"default\"},\"status\":{\"state\":\"Healthy\","
		"\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"},"
		"{\"type\":\"Reconciled\",\"status\":\"False\"}]}}";

	CHECK_STR(jq(".metadata.name", val_absent(), istio), "[\"default\"]");
	CHECK_STR(jq(".status.conditions[] | select(.status != \"True\") | .type",
		     val_absent(), istio), "[\"Reconciled\"]");
	CHECK_STR(jq("{name: .metadata.name, ready: ([.status.conditions[] | select(.type == \"Ready\")][0].status == \"True\")}",
		     val_absent(), istio), "[{\"name\":\"default\",\"ready\":true}]");
	CHECK_STR(jq(".missing", val_absent(), istio), "[null]");
	/* key order is kept */
	CHECK_STR(jq("{z: 1, a: 2}", val_absent(), "null"), "[{\"z\":1,\"a\":2}]");
}

static void test_multiple_and_empty(void)
{
	CHECK_STR(jq(".[]", val_absent(), "[1,\"two\",{\"three\":3}]"),
		  "[1,\"two\",{\"three\":3}]");
	CHECK_STR(jq("1, 2, 3", val_absent(), "null"), "[1,2,3]");
	CHECK_STR(jq("empty", val_absent(), "null"), "[]");
	CHECK_STR(jq(".[] | select(. > 5)", val_absent(), "[1,2]"), "[]");
	CHECK_STR(jq("range(3)", val_null(), "null"), "[0,1,2]");
}

static void test_args(void)
{
	struct val args = val_obj(), p = val_obj(), arr = val_arr();

	val_set_str(&p, "name", "istio-system");
	val_set_take(&args, "p", p);
	val_set_num(&args, "n", 3);
	val_set_bool(&args, "flag", true);
	CHECK_STR(jq("$p.name", args, "null"), "[\"istio-system\"]");
	CHECK_STR(jq("[$n + 1, $flag, $p]", args, "null"),
		  "[[4,true,{\"name\":\"istio-system\"}]]");
	CHECK_STR(jq(". as $in | $in.x + $n", args, "{\"x\":2}"), "[5]");
	/* arguments are borrowed */
	CHECK_STR(val_dig_str(args, "p", "name", NULL), "istio-system");
	CHECK_STR(jq("$missing", args, "null"), "compile: $missing is not defined, line 1");
	CHECK_STR(jq(".", arr, "null"), "compile: jq arguments must be an object, got array");
	val_release(&args);
	val_release(&arr);
}

static void test_compile_errors(void)
{
	CHECK_STR(jq(".a |||", val_absent(), "null"),
		  "compile: syntax error, unexpected '|', line 1");
	CHECK_STR(jq("{", val_absent(), "null"),
		  "compile: syntax error, unexpected $end, line 1");
	CHECK_STR(jq("def f: .;\n\nf | nosuchfn", val_absent(), "null"),
		  "compile: nosuchfn/0 is not defined, line 3");
	CHECK_STR(jq("ltrimstr", val_absent(), "null"),
		  "compile: ltrimstr/0 is not defined, line 1");
}

static void test_runtime_errors(void)
{
	CHECK_STR(jq(".a.b", val_absent(), "{\"a\":\"s\"}"),
		  "run: Cannot index string with string \"b\"");
	CHECK_STR(jq("1, error(\"boom\"), 3", val_absent(), "null"), "run: boom");
	CHECK_STR(jq("error({\"a\":1})", val_absent(), "null"), "run: {\"a\":1}");
	CHECK_STR(jq(".[] | tonumber", val_absent(), "[\"1\",\"x\"]"),
		  "run: Invalid numeric literal at EOF at line 1, column 1 (while parsing 'x')");
	/* only one input: input has nothing more (jq 1.6 would crash) */
	CHECK_STR(jq("input", val_absent(), "null"), "run: No more inputs");
	CHECK_STR(jq("try error(\"x\") catch .", val_absent(), "null"), "[\"x\"]");
}

static void test_halt(void)
{
	/* halt: stop, keep what was produced, no error */
	CHECK_STR(jq("1, 2, halt, 3", val_absent(), "null"), "[1,2]");
	/* halt_error: an error with its message (string: final newline cut) */
	CHECK_STR(jq("1, (\"bad input\\n\" | halt_error), 3", val_absent(), "null"),
		  "run: bad input");
	CHECK_STR(jq("{\"x\":1} | halt_error(2)", val_absent(), "null"), "run: {\"x\":1}");
	CHECK_STR(jq("\"\" | halt_error", val_absent(), "null"),
		  "run: the jq program halted with an error");
}

/* One program, many inputs; state does not leak between runs. */
static void test_reuse(void)
{
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	struct jqprog *p;
	struct val in, outs;
	int i;

	CHECK_INT(jq_compile_prog("if . == 2 then halt_error else . * 10 end", val_absent(), &p, &err), 0);
	for (i = 1; i <= 3; i++) {
		in = val_num(i);
		strbuf_reset(&err);
		if (i == 2) {
			CHECK_INT(jq_run(p, in, &outs, &err), -1);
			CHECK_STR(err.buf, "2");
		} else {
			CHECK_INT(jq_run(p, in, &outs, &err), 0);
			val_to_json(outs, &sb, 0);
			val_release(&outs);
		}
		val_release(&in);
	}
	CHECK_STR(sb.buf, "[10][30]");
	jqprog_free(p);
	jqprog_free(NULL);
	strbuf_release(&err);
	strbuf_release(&sb);
}

static void test_print_result(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct val v = test_json("{\"b\":[1,{\"c\":null}],\"a\":\"x\"}"), s = val_str("raw\ttext");

	jq_print_result(s, &sb);
	CHECK_STR(sb.buf, "raw\ttext");
	strbuf_reset(&sb);
	jq_print_result(v, &sb);
	CHECK_STR(sb.buf, "{\n  \"b\": [\n    1,\n    {\n      \"c\": null\n    }\n  ],\n  \"a\": \"x\"\n}");
	val_release(&v);
	val_release(&s);
	strbuf_release(&sb);
}

TEST_MAIN(T(test_projections), T(test_multiple_and_empty), T(test_args),
	  T(test_compile_errors), T(test_runtime_errors), T(test_halt),
	  T(test_reuse), T(test_print_result))
