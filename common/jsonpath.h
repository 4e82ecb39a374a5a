#ifndef JSONPATH_H
#define JSONPATH_H

/*
 * kubectl's JSONPath template language (k8s.io/client-go/util/jsonpath), as
 * used by `-o jsonpath=TEMPLATE`. One job: compile a template, run it on a
 * value, produce the text kubectl would print.
 *
 *   Text outside {} is copied; inside: .a.b, ['key'], [0], [-1], [0:2],
 *   [::2], [*] / [] (note: [] means [0], as in kubectl), .*, ..name,
 *   [0,1] unions, filters [?(@.type=="Ready")] with == != < > <= >=,
 *   [?(@.name)] existence, {range EXPR}...{end}, "string" literals with Go
 *   escapes ({"\n"}, {"\t"}), numbers, true/false, {@} / {$}.
 *   `.labels.app\.kubernetes\.io/name` escapes dots in field names.
 *
 * Output, as kubectl prints it: strings raw, numbers as Go prints them
 * (3, 1.5, 1e+21), true/false, null as "null", objects and arrays as
 * compact JSON with sorted keys and Go's HTML escaping (\u003c, \u0026);
 * several results of one {} are separated by a space; nothing is added at
 * the end (no newline).
 *
 * Missing keys print nothing by default, as `kubectl get -o jsonpath` does
 * (its --allow-missing-template-keys defaults to true);
 * jsonpath_allow_missing_keys(jp, false) makes them an error
 * ("x is not found"). Everything else kubectl treats as an error is one
 * here too, with kubectl's wording: "[0]" on an empty list is "array index
 * out of bounds: index 0, length 0", comparing 80 with "80" is
 * "incompatible types for comparison", and so on.
 *
 * As in kubectl, ['a.b'] is the path .a.b (kubectl's own tests rely on
 * ['metadata.name']), so ['app.kubernetes.io/name'] finds nothing: escape
 * the dots, .labels.app\.kubernetes\.io/name or ['app\.kubernetes\.io/name'].
 * Keys in double quotes (["a"]) are an error, as in kubectl.
 *
 * Errors are one line in err, kubectl's text without its object dump:
 *   error parsing jsonpath {.a[0}, unterminated array
 *   error executing jsonpath "{.a[5]}": array index out of bounds: index 5, length 2
 *
 * Ownership: the struct jsonpath is the caller's (jsonpath_free); the input
 * value is borrowed; results are appended to the caller's strbuf / written
 * to a new array the caller releases. A compiled template may be run any
 * number of times.
 */

#include <stdbool.h>
#include "value.h"

struct strbuf;
struct jsonpath;

int jsonpath_compile(const char *tmpl, struct jsonpath **out, struct strbuf *err);
void jsonpath_allow_missing_keys(struct jsonpath *jp, bool allow);

/* Append the text kubectl would print for input to out. On error nothing
 * is appended, -1 is returned with the reason in err. */
int jsonpath_exec(struct jsonpath *jp, struct val input, struct strbuf *out,
		  struct strbuf *err);

/* The values instead of the text: *results becomes an array of every value
 * every {} produced (text outside {} and literals included, in order), for
 * callers that want the value itself (CRD printer columns, conditions).
 * Values that kubectl would print as "<no value>" are left out. */
int jsonpath_find(struct jsonpath *jp, struct val input, struct val *results,
		  struct strbuf *err);

void jsonpath_free(struct jsonpath *jp);

/*
 * Go's formatting, exposed for the output code and for tests: a number as
 * fmt.Print prints an unstructured value (integral values within int64 as
 * integers), and a value as encoding/json writes it (keys sorted, <, >, &
 * as \u003c \u003e \u0026, Go's number forms), compact or as kubectl
 * -o json indents it (MarshalIndent with 4 spaces; no final newline).
 */
void jsonpath_format_number(double d, struct strbuf *out);
void jsonpath_format_json(struct val v, struct strbuf *out);
void jsonpath_format_json_indent(struct val v, struct strbuf *out);

#endif
