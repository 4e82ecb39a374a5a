#!/usr/bin/env bats
# Bad input gets one clear error line and exit 1, never a crash or a hang:
# malformed YAML, kubeconfig problems, and servers that answer HTML,
# truncated bodies, non-Status errors or nothing at all. The servers here
# are deliberately broken HTTP endpoints on 127.0.0.1 (tests/helper/
# bad-server.py), not API servers.

load helpers

API=${SAIL_BUILD_DIR:-$BATS_TEST_DIRNAME/../../build}/tests/test-api

setup() {
	TMP=$(mktemp -d)
	SERVER_PID=
}

teardown() {
	[ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2> /dev/null || true
	rm -rf "$TMP"
}

# Start bad-server.py in MODE; sets PORT.
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
}

# The command failed with status 1 and exactly one line of output.
one_line_error() {
	assert_status 1
	if [ "${#lines[@]}" -ne 1 ]; then
		printf 'expected one line, got %s:\n%s\n' "${#lines[@]}" "$output" >&2
		return 1
	fi
	assert_output_contains "$1"
}

@test "malformed kubeconfig YAML names file, line and column" {
	printf 'apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: "https://x\n' > "$TMP/config"
	run "$API" --kubeconfig "$TMP/config" list namespaces
	one_line_error "error: $TMP/config:4:"
}

@test "--kubeconfig naming a missing file" {
	run "$API" --kubeconfig "$TMP/nope" list namespaces
	one_line_error "error: stat $TMP/nope: no such file or directory"
}

@test "an unknown context" {
	cat > "$TMP/config" << 'YAML'
apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: secret-token}}]
contexts: [{name: ctx, context: {cluster: c, user: u}}]
current-context: ctx
YAML
	run "$API" --kubeconfig "$TMP/config" --context other list namespaces
	one_line_error 'context "other" does not exist'
	[[ "$output" != *secret-token* ]]
}

@test "a server that answers with an HTML page" {
	start_server html
	run "$API" --server "http://127.0.0.1:$PORT" list namespaces
	one_line_error "error:"
	assert_output_contains "http://127.0.0.1:$PORT/api/v1/namespaces"
	[[ "$output" != *"<html>"* ]] || [[ "$output" == *"text/html"* ]]
}

@test "a 404 HTML error page" {
	start_server html404
	run "$API" --server "http://127.0.0.1:$PORT" get namespaces default
	# a 404 without a Status is how a path the server does not serve answers
	one_line_error "error: the server doesn't have a resource type for kind \"Namespace\""
}

@test "a truncated body" {
	start_server truncated
	run "$API" --server "http://127.0.0.1:$PORT" --request-timeout 5s list namespaces
	one_line_error "Unable to connect to the server: transfer closed with 961 bytes remaining"
}

# Found by the fault matrix (tests/integration/faults.bats): an error
# status whose body was cut short was decoded from its first half, and a
# cut 404 read as "the server doesn't have a resource type".
@test "an error status whose body is cut short is a transport failure" {
	start_server cut404
	run "$API" --server "http://127.0.0.1:$PORT" --request-timeout 5s get namespaces default
	one_line_error "Unable to connect to the server: transfer closed with"
	[[ $output != *"resource type"* ]]
}

@test "a plain-text 500 and a JSON error that is not a Status" {
	start_server plain500
	run "$API" --server "http://127.0.0.1:$PORT" list namespaces
	one_line_error "500"
	kill "$SERVER_PID"
	rm -f "$TMP/port"
	start_server notstatus
	run "$API" --server "http://127.0.0.1:$PORT" list namespaces
	one_line_error "403"
}

@test "a 200 whose body is not JSON" {
	start_server garbage
	run "$API" --server "http://127.0.0.1:$PORT" get namespaces default
	one_line_error "error:"
}

@test "a server that never answers is cut off by --request-timeout" {
	start_server hang
	local start=$SECONDS
	run "$API" --server "http://127.0.0.1:$PORT" --request-timeout 1s list namespaces
	one_line_error "the server did not respond within 1s (--request-timeout)"
	[ $((SECONDS - start)) -lt 10 ]
}

@test "malformed YAML to apply names the file and line, and nothing is sent" {
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: {}\n' > "$TMP/bad.yaml"
	start_server hang
	run "$API" --server "http://127.0.0.1:$PORT" --request-timeout 1s apply "$TMP/bad.yaml"
	one_line_error "error: $TMP/bad.yaml:5:"
}
