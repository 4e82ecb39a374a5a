#!/usr/bin/env bats
# The plugins themselves (not the test client) given bad input, broken
# servers and unchecked flags: one line in kubectl's own form, exit 1,
# nothing sent that should not be. The servers are tests/helper/
# bad-server.py on 127.0.0.1, not API servers.

load helpers

setup() {
	TMP=$(mktemp -d)
	SERVER_PID=
}

teardown() {
	[ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2> /dev/null || true
	rm -rf "$TMP"
}

# Start bad-server.py in MODE; sets PORT and SERVER.
start_server() {
	python3 "$BATS_TEST_DIRNAME/../helper/bad-server.py" "$1" "$TMP/port" &
	SERVER_PID=$!
	local deadline=$((SECONDS + 10))
	until [ -s "$TMP/port" ]; do
		[ $SECONDS -lt $deadline ] || { echo "bad-server did not start" >&2; return 1; }
		kill -0 "$SERVER_PID" || return 1
		sleep 0.05
	done
	PORT=$(cat "$TMP/port")
	SERVER=http://127.0.0.1:$PORT
}

# Exit status 1 and exactly the one line $1.
exact_error() {
	assert_status 1
	if [ "$output" != "$1" ]; then
		printf 'expected exactly:\n%s\ngot:\n%s\n' "$1" "$output" >&2
		return 1
	fi
}

# ---- one error style: kubectl's forms, never "error: error:" or
# ---- "error: Error from server"

@test "a Status from the server is printed as kubectl prints it, by every command" {
	start_server notfound
	run "$SAIL_BIN/kubectl-sail-install" namespace app --istio default --server "$SERVER"
	exact_error 'Error from server (NotFound): namespaces "default" not found'
	run "$SAIL_BIN/kubectl-sail-tag" remove foo --server "$SERVER"
	exact_error 'Error from server (NotFound): namespaces "foo" not found'
	run "$SAIL_BIN/kubectl-sail-install" --server "$SERVER"
	exact_error 'Error from server (NotFound): namespaces "istio-system" not found'
}

@test "a server that never answers: Unable to connect, once, from install, tag and status" {
	start_server hang
	for cmd in install tag status; do
		args=()
		[ $cmd = tag ] && args=(list)
		run "$SAIL_BIN/kubectl-sail-$cmd" "${args[@]}" --server "$SERVER" --request-timeout 1s
		exact_error 'Unable to connect to the server: the server did not respond within 1s (--request-timeout)'
	done
}

@test "a refused connection reads the same in install and status" {
	for cmd in install status; do
		run "$SAIL_BIN/kubectl-sail-$cmd" --server http://127.0.0.1:1
		exact_error 'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?'
	done
}

# ---- flags are checked before anything runs

@test "duration flags refuse what is not a duration, and negative ones" {
	run "$SAIL_BIN/kubectl-sail-tag" list --timeout abc --server http://127.0.0.1:1
	assert_status 1
	assert_output_contains 'error: invalid argument "abc" for "--timeout" flag: expected a duration'
	run "$SAIL_BIN/kubectl-sail-tag" list --request-timeout -1s --server http://127.0.0.1:1
	assert_status 1
	assert_output_contains 'error: invalid argument "-1s" for "--request-timeout" flag'
	run "$SAIL_BIN/kubectl-sail-install" --wait --timeout 1x --server http://127.0.0.1:1
	assert_status 1
	assert_output_contains 'invalid argument "1x" for "--timeout" flag'
	# what kubectl accepts still works
	run "$SAIL_BIN/kubectl-sail-tag" list --request-timeout 1m30s --server http://127.0.0.1:1
	assert_output_contains 'was refused'
}

@test "--templates naming no directory is refused, not ignored" {
	run "$SAIL_BIN/kubectl-sail-install" --templates "$TMP/nonexistent" --dry-run=client -o yaml
	exact_error "error: --templates $TMP/nonexistent: no such file or directory"
	touch "$TMP/file"
	run "$SAIL_BIN/kubectl-sail-install" --templates "$TMP/file" --dry-run=client -o yaml
	exact_error "error: --templates $TMP/file: not a directory"
}

@test "ca root and ca intermediate refuse -o instead of ignoring it" {
	run "$SAIL_BIN/kubectl-sail-ca" root -o json --out "$TMP/certs"
	exact_error "error: 'kubectl sail ca root' writes files and takes no -o/--output or --jq: they are for 'ca secret'"
	[ ! -e "$TMP/certs" ]
	run "$SAIL_BIN/kubectl-sail-ca" intermediate -o yaml --root "$TMP/certs" --cluster a --out "$TMP/certs"
	exact_error "error: 'kubectl sail ca intermediate' writes files and takes no -o/--output or --jq: they are for 'ca secret'"
}

@test "ca secret --dry-run=server without --apply is refused" {
	mkdir -p "$TMP/d"
	run "$SAIL_BIN/kubectl-sail-ca" secret --dir "$TMP/d" --dry-run=server
	exact_error "error: --dry-run=server needs --apply: without it nothing is sent to a server"
}

@test "install takes -r for --revision, as tag does" {
	run "$SAIL_BIN/kubectl-sail-install" namespace app -r canary --dry-run=client -o yaml
	assert_status 0
	assert_output_contains 'istio.io/rev: canary'
}
