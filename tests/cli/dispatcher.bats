#!/usr/bin/env bats
# The dispatcher, front ends and completion, without a cluster.

load helpers

setup() {
	TMP=$(mktemp -d)
}

teardown() {
	rm -rf "$TMP"
}

@test "kubectl-sail lists every command" {
	run "$SAIL_BIN/kubectl-sail"
	assert_status 0
	for c in install upgrade tag remote-secret ca status uninstall; do
		assert_output_contains "  $c "
	done
}

@test "kubectl-sail install --help execs kubectl-sail-install next to it" {
	run "$SAIL_BIN/kubectl-sail" install --help
	assert_status 0
	assert_output_contains "kubectl sail install [NAME] [flags]"
	assert_output_contains "Global Flags:"
}

@test "dispatcher found through a symlink elsewhere (krew) still finds its siblings" {
	ln -s "$SAIL_BIN/kubectl-sail" "$TMP/kubectl-sail"
	run env PATH="$TMP:/usr/bin:/bin" kubectl-sail status --help
	assert_status 0
	assert_output_contains "kubectl sail status [ISTIO] [flags]"
}

@test "real kubectl reaches the plugins, remote-secret included" {
	command -v kubectl > /dev/null || skip "kubectl not installed"
	run env PATH="$SAIL_BIN:/usr/bin:/bin" kubectl sail install --help
	assert_status 0
	assert_output_contains "kubectl sail install"
	run env PATH="$SAIL_BIN:/usr/bin:/bin" kubectl sail remote-secret --help
	assert_status 0
	assert_output_contains "kubectl sail remote-secret --name CLUSTER"
}

@test "only kubectl-sail on PATH (krew layout): kubectl sail tag works" {
	command -v kubectl > /dev/null || skip "kubectl not installed"
	ln -s "$SAIL_BIN/kubectl-sail" "$TMP/kubectl-sail"
	run env PATH="$TMP:/usr/bin:/bin" kubectl sail tag --help
	assert_status 0
	assert_output_contains "kubectl sail tag (set|list|remove|generate)"
}

@test "unknown command and unknown flag fail with one line and exit 1" {
	run "$SAIL_BIN/kubectl-sail" frobnicate
	assert_status 1
	assert_output_contains 'error: unknown command "frobnicate" for "kubectl sail"'
	run "$SAIL_BIN/kubectl-sail-install" --bogus
	assert_status 1
	assert_output_contains "error: unknown flag: --bogus"
	run "$SAIL_BIN/kubectl-sail-install" --dry-run=sometimes
	assert_status 1
	assert_output_contains 'invalid argument "sometimes" for "--dry-run" flag: expected one of none, client, server'
}

@test "--version from the binaries whose command has no --version of its own" {
	for b in kubectl-sail kubectl-sail-status kubectl-sail-ca; do
		run "$SAIL_BIN/$b" --version
		assert_status 0
		assert_output_contains "kubectl-sail "
	done
}

@test "completion: command words, subcommands, flags and flag values" {
	run "$SAIL_BIN/kubectl_complete-sail" ""
	assert_status 0
	assert_output_contains "remote-secret"
	[ "${lines[-1]}" = ":4" ]
	run "$SAIL_BIN/kubectl_complete-sail" tag ""
	assert_output_contains "set"
	run "$SAIL_BIN/kubectl_complete-sail-install" --dry
	assert_output_contains "--dry-run"
	run "$SAIL_BIN/kubectl_complete-sail-install" --dry-run=s
	assert_output_contains "--dry-run=server"
	# --dry-run takes its value only after '=', as in kubectl
	run "$SAIL_BIN/kubectl_complete-sail-install" --dry-run ""
	[[ "$output" != *server* ]]
	run "$SAIL_BIN/kubectl_complete-sail-install" --kubeconfig ""
	[ "${lines[-1]}" = ":0" ]
}

@test "kubectl's own completion calls our completer" {
	command -v kubectl > /dev/null || skip "kubectl not installed"
	run env PATH="$SAIL_BIN:/usr/bin:/bin" kubectl __complete sail tag ""
	assert_status 0
	assert_output_contains "generate"
}

@test "help and completion do not load libcurl, libjq or OpenSSL" {
	skip_if_engine_linked
	command -v ldd > /dev/null || skip "no ldd"
	run ldd "$SAIL_BIN/kubectl-sail-install"
	[[ "$output" != *libcurl* && "$output" != *libjq* && "$output" != *libcrypto* ]]
	run ldd "$SAIL_BIN/libkubectl-sail.so"
	# libcurl is loaded by the first request, not with the engine: a
	# client dry run never pays for it
	[[ "$output" != *libcurl* ]]
	assert_output_contains libjq
	assert_output_contains libyaml
}

@test "installed layout: the engine is found in ../libexec/kubectl-sail" {
	skip_if_engine_linked
	mkdir -p "$TMP/bin" "$TMP/libexec/kubectl-sail"
	cp "$SAIL_BIN"/kubectl-sail "$SAIL_BIN"/kubectl-sail-status "$TMP/bin/"
	cp "$SAIL_BIN/libkubectl-sail.so" "$TMP/libexec/kubectl-sail/"
	run env -u KUBECONFIG HOME="$TMP" "$TMP/bin/kubectl-sail" status
	# the engine answered: only it reads kubeconfigs
	assert_status 1
	assert_output_contains "error: no configuration has been provided"
}

@test "a missing engine is one clear error" {
	skip_if_engine_linked
	mkdir -p "$TMP/bin"
	cp "$SAIL_BIN/kubectl-sail-status" "$TMP/bin/"
	run "$TMP/bin/kubectl-sail-status"
	assert_status 1
	assert_output_contains "error: libkubectl-sail.so not found next to '$TMP/bin'"
	# --help still works without it
	run "$TMP/bin/kubectl-sail-status" --help
	assert_status 0
}
