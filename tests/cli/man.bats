#!/usr/bin/env bats
# The man pages generated from the option tables: one per command, every
# flag the completer offers (the tables' shown flags) in its page, and man
# renders each without a warning.

load helpers

MAN_DIR=${SAIL_BUILD_DIR:-$BATS_TEST_DIRNAME/../../build}/man

setup() {
	command -v man > /dev/null || skip "man is not installed (make deps)"
}

# The rendered text of a page, plain ASCII (no bold, no Unicode hyphens).
render() {
	LC_ALL=C MANWIDTH=200 man -l "$1" 2> /dev/null | col -b
}

@test "a page for kubectl-sail and for every command" {
	local c
	[ -f "$MAN_DIR/kubectl-sail.1" ]
	for c in $("$SAIL_BIN/kubectl_complete-sail" "" | sed -e '$d' -e 's/\t.*//'); do
		[ -f "$MAN_DIR/kubectl-sail-$c.1" ] || { echo "no page for $c" >&2; return 1; }
	done
}

@test "every flag of every command appears in its page" {
	local c text flag missing=
	for c in $("$SAIL_BIN/kubectl_complete-sail" "" | sed -e '$d' -e 's/\t.*//'); do
		text=$(render "$MAN_DIR/kubectl-sail-$c.1")
		for flag in $("$SAIL_BIN/kubectl_complete-sail" "$c" -- | sed -e '$d' -e 's/\t.*//'); do
			[[ $text == *"$flag"* ]] || missing+=" $c:$flag"
		done
	done
	[ -z "$missing" ] || { echo "missing:$missing" >&2; return 1; }
	# shorthands too
	text=$(render "$MAN_DIR/kubectl-sail-install.1")
	[[ $text == *"-n, --namespace string"* ]]
	[[ $text == *"-f, --filename FILE"* ]]
}

@test "man renders every page without warnings" {
	local page err
	for page in "$MAN_DIR"/*.1; do
		err=$(LC_ALL=C MANWIDTH=80 man --warnings=all -l "$page" 2>&1 > /dev/null)
		[ -z "$err" ] || { echo "$page: $err" >&2; return 1; }
	done
}

@test "pages carry the version, the description and the examples" {
	local v text
	v=$("$SAIL_BIN/kubectl-sail" --version | cut -d' ' -f2)
	text=$(render "$MAN_DIR/kubectl-sail-tag.1")
	[[ $text == *"kubectl-sail $v"* ]]
	[[ $text == *"Manage IstioRevisionTag resources"* ]]
	[[ $text == *"kubectl sail tag set prod-stable --istio default"* ]]
	text=$(render "$MAN_DIR/kubectl-sail.1")
	[[ $text == *"kubectl sail install (see kubectl-sail-install(1))"* ]]
}
