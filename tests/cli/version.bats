#!/usr/bin/env bats
# kubectl sail version without a cluster: semantic version, build details,
# -o json|yaml, --short, and flags and arguments refused like everywhere.

load helpers

SEMVER='^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$'

setup() {
	TMP=$(mktemp -d)
}

teardown() {
	rm -rf "$TMP"
}

@test "--version and version --short --remote=false print a semantic version (krew wants v + semver)" {
	run "$SAIL_BIN/kubectl-sail" --version
	assert_status 0
	[[ ${output#kubectl-sail } =~ $SEMVER ]]
	run "$SAIL_BIN/kubectl-sail" version --remote=false --short
	assert_status 0
	[ "${#lines[@]}" -eq 1 ]
	[[ ${lines[0]#Client Version: } =~ $SEMVER ]]
}

@test "version --remote=false: client version, commit and catalogue, offline" {
	run env -u KUBECONFIG HOME="$TMP" "$SAIL_BIN/kubectl-sail" version --remote=false
	assert_status 0
	assert_output_contains "Client Version: v"
	assert_output_contains "Build: commit "
	assert_output_contains "Istio versions of sail-operator"
	[[ $output != *error* ]]
}

@test "version -o json|yaml: one document with clientVersion" {
	run "$SAIL_BIN/kubectl-sail" version --remote=false -o json
	assert_status 0
	[ "$(printf '%s' "$output" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["clientVersion"]["version"], d["clientVersion"]["catalogue"]["defaultIstio"])' | cut -c1)" = v ]
	run "$SAIL_BIN/kubectl-sail" version --remote=false -o yaml
	assert_status 0
	assert_output_contains "clientVersion:"
	assert_output_contains "  version: v"
	run "$SAIL_BIN/kubectl-sail" version --remote=false -o wide
	assert_status 1
	assert_output_contains 'invalid argument "wide" for "-o, --output" flag: expected one of json, yaml'
}

@test "version refuses unknown flags and arguments" {
	run "$SAIL_BIN/kubectl-sail" version --bogus
	assert_status 1
	assert_output_contains "error: unknown flag: --bogus"
	run "$SAIL_BIN/kubectl-sail" version extra --remote=false
	assert_status 1
	assert_output_contains 'error: version takes no arguments, got "extra"'
}

@test "version without a reachable cluster: the client lines, then kubectl's error, exit 1" {
	run env -u KUBECONFIG HOME="$TMP" "$SAIL_BIN/kubectl-sail" version --server https://127.0.0.1:1
	assert_status 1
	assert_output_contains "Client Version: v"
	assert_output_contains "The connection to the server 127.0.0.1:1 was refused"
}
