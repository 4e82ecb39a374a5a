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

# ---- bounded input: stop at the first byte no text can hold, cap the rest

# Run a plugin with a memory ceiling and a deadline, so that the old
# unbounded reading fails the test instead of the machine.
# ASan reserves terabytes of address space for its shadow memory, so a
# sanitizer build gets the deadline alone.
if ldd "$SAIL_BIN/kubectl-sail-install" 2> /dev/null | grep -q libasan; then
	MEM_CEILING=:
else
	MEM_CEILING='ulimit -v 2000000'
fi
bounded() {
	run bash -c "$MEM_CEILING"'; exec timeout 20 "$@"' bounded "$@"
}

@test "a stream of NUL bytes stops at the first byte, from a file, stdin and a kubeconfig" {
	bounded "$SAIL_BIN/kubectl-sail-install" -f /dev/zero --dry-run=client
	exact_error "error: cannot read '/dev/zero': line 1, column 1: control character 0x00: expected text (YAML, JSON or PEM)"
	run bash -c "$MEM_CEILING"'; head -c 300000000 /dev/zero | timeout 20 "$1" -f - --dry-run=client' x "$SAIL_BIN/kubectl-sail-install"
	exact_error "error: cannot read '<stdin>': line 1, column 1: control character 0x00: expected text (YAML, JSON or PEM)"
	bounded "$SAIL_BIN/kubectl-sail-status" --kubeconfig /dev/zero
	exact_error 'error: error loading config file "/dev/zero": read /dev/zero: line 1, column 1: control character 0x00: expected text (YAML, JSON or PEM)'
	printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\x01b\n' > "$TMP/ctl.yaml"
	run "$SAIL_BIN/kubectl-sail-install" -f "$TMP/ctl.yaml" --dry-run=client
	exact_error "error: cannot read '$TMP/ctl.yaml': line 4, column 10: control character 0x01: expected text (YAML, JSON or PEM)"
}

@test "manifests are capped at 64 MiB, kubeconfigs at 16 MiB" {
	yes 'a: b' | head -c 70000000 > "$TMP/big.yaml"
	bounded "$SAIL_BIN/kubectl-sail-install" -f "$TMP/big.yaml" --dry-run=client
	exact_error "error: cannot read '$TMP/big.yaml': more than 64 MiB, the limit for this input"
	head -c 17000000 "$TMP/big.yaml" > "$TMP/config"
	bounded "$SAIL_BIN/kubectl-sail-status" --kubeconfig "$TMP/config"
	exact_error "error: error loading config file \"$TMP/config\": read $TMP/config: more than 16 MiB, the limit for this input"
}

# A kubeconfig whose user runs PLUGIN against an https bad-server.
exec_config() {
	"$SAIL_BIN/kubectl-sail-ca" root --out "$TMP/tls" > /dev/null
	BAD_SERVER_TLS=$TMP/tls/root-cert.pem:$TMP/tls/root-key.pem start_server html
	cat > "$TMP/config" << YAML
apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:$PORT", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: "$1", interactiveMode: Never}}}]
contexts: [{name: ctx, context: {cluster: c, user: u}}]
current-context: ctx
YAML
}

@test "an exec credential plugin that never returns is stopped by --request-timeout" {
	printf '#!/bin/sh\nexec sleep 1000\n' > "$TMP/hang-plugin"
	chmod +x "$TMP/hang-plugin"
	exec_config "$TMP/hang-plugin"
	local start=$SECONDS
	run timeout 30 "$SAIL_BIN/kubectl-sail-tag" list --kubeconfig "$TMP/config" --request-timeout 2s < /dev/null
	exact_error "Unable to connect to the server: exec: executable $TMP/hang-plugin: no answer within 2s (--request-timeout)"
	[ $((SECONDS - start)) -lt 10 ]
}

@test "an exec credential plugin that floods its output is stopped at 1 MiB" {
	printf '#!/bin/sh\nexec yes "{}"\n' > "$TMP/flood-plugin"
	chmod +x "$TMP/flood-plugin"
	exec_config "$TMP/flood-plugin"
	bounded "$SAIL_BIN/kubectl-sail-tag" list --kubeconfig "$TMP/config"
	exact_error "Unable to connect to the server: exec: executable $TMP/flood-plugin: printed more than 1 MiB, the limit for a credential"
}

# ---- names: no control characters, no NUL; the operator's rules; all
# ---- checked before the first request (the server here never answers)

@test "a NUL inside a name is refused, never cut short into another name" {
	start_server hang
	printf '{"apiVersion":"sailoperator.io/v1","kind":"Istio","metadata":{"name":"j\\u0000k"}}' > "$TMP/nul.json"
	run "$SAIL_BIN/kubectl-sail-install" -f "$TMP/nul.json" --server "$SERVER" --request-timeout 1s
	exact_error 'error: Istio name "j..." holds the control character 0x00 at byte 2: names, namespaces, labels and annotation keys are printable text'
	printf 'apiVersion: sailoperator.io/v1\nkind: Istio\nmetadata:\n  name: "nul\\0x"\n' > "$TMP/nul.yaml"
	run "$SAIL_BIN/kubectl-sail-install" -f "$TMP/nul.yaml" --dry-run=client -o yaml
	exact_error 'error: Istio name "nul..." holds the control character 0x00 at byte 4: names, namespaces, labels and annotation keys are printable text'
	printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n  labels: {"a\\tb": c}\n' > "$TMP/label.yaml"
	run "$SAIL_BIN/kubectl-sail-install" -f "$TMP/label.yaml" --server "$SERVER" --request-timeout 1s
	exact_error 'error: Namespace label key "a..." holds the control character 0x09: names, namespaces, labels and annotation keys are printable text'
}

@test "Istio and tag names the operator cannot derive Services from are refused before any request" {
	start_server hang
	run "$SAIL_BIN/kubectl-sail-install" my.mesh --server "$SERVER" --request-timeout 1s
	exact_error 'error: Istio name "my.mesh" is not valid: the operator names a Service "istiod-my.mesh" after it, and a Service name must be a DNS-1035 label (lower-case letters, digits and '"'"'-'"'"', at most 63 characters)'
	run "$SAIL_BIN/kubectl-sail-install" Upper -n fresh-ns --server "$SERVER" --request-timeout 1s
	assert_status 1
	assert_output_contains 'Istio name "Upper" is not valid'
	run "$SAIL_BIN/kubectl-sail-install" --tag a.b --server "$SERVER" --request-timeout 1s
	assert_status 1
	assert_output_contains '--tag "a.b" is not valid'
	run "$SAIL_BIN/kubectl-sail-tag" set a.b --istio default --server "$SERVER" --request-timeout 1s
	assert_status 1
	assert_output_contains 'tag "a.b" is not valid'
}

@test "an object larger than the API server takes is refused before any request" {
	start_server hang
	{
		printf 'apiVersion: sailoperator.io/v1\nkind: Istio\nmetadata: {name: big}\nspec:\n  values:\n    meshConfig:\n      defaultConfig:\n        proxyMetadata:\n          BIG: "'
		head -c 4000000 /dev/zero | tr '\0' x
		printf '"\n'
	} > "$TMP/big.yaml"
	run "$SAIL_BIN/kubectl-sail-install" -f "$TMP/big.yaml" -n fresh-ns --server "$SERVER" --request-timeout 1s
	assert_status 1
	[ "${#lines[@]}" -eq 1 ]
	assert_output_contains 'error: Istio "big" is 400'
	assert_output_contains 'bytes, more than the 3 MiB the API server accepts for one object'
}

@test "a 413 from the server reads as kubectl words it" {
	start_server toolarge
	run "$SAIL_BIN/kubectl-sail-install" --server "$SERVER"
	exact_error 'Error from server (RequestEntityTooLarge): Request entity too large: limit is 3145728'
}
