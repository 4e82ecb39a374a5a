#!/usr/bin/env bats
# make install and make uninstall: only kubectl-sail and its completer in
# bin/ (one plugin for kubectl plugin list), the other front ends beside
# the engine in libexec/kubectl-sail/, stripped; man pages and completion
# scripts under share/; and the dispatcher finds its siblings there.

load helpers

REPO=$BATS_TEST_DIRNAME/../..

setup() {
	skip_if_engine_linked
	TMP=$(mktemp -d)
	BUILD_REL=$(make_build_dir)
	make -s -C "$REPO" BUILD="$BUILD_REL" \
		DESTDIR="$TMP/root" PREFIX=/usr install > "$TMP/make.log" 2>&1 ||
		{ cat "$TMP/make.log" >&2; return 1; }
	P=$TMP/root/usr
}

teardown() {
	[ -z "${TMP:-}" ] || rm -rf "$TMP"
}

@test "bin/ holds kubectl-sail and kubectl_complete-sail only; libexec/ the rest" {
	run ls "$P/bin"
	[ "$output" = $'kubectl-sail\nkubectl_complete-sail' ]
	[ "$(readlink "$P/bin/kubectl_complete-sail")" = kubectl-sail ]
	for c in install upgrade tag remote_secret ca status uninstall; do
		[ -x "$P/libexec/kubectl-sail/kubectl-sail-$c" ]
	done
	[ -f "$P/libexec/kubectl-sail/libkubectl-sail.so" ]
	[ ! -x "$P/libexec/kubectl-sail/libkubectl-sail.so" ]
	[ -f "$P/share/man/man1/kubectl-sail.1" ]
	[ -f "$P/share/man/man1/kubectl-sail-remote-secret.1" ]
	[ -f "$P/share/bash-completion/completions/kubectl-sail" ]
	[ -f "$P/share/zsh/vendor-completions/_kubectl-sail" ]
	[ -f "$P/share/fish/vendor_completions.d/kubectl-sail.fish" ]
}

@test "installed binaries are stripped" {
	command -v file > /dev/null || skip "no file(1)"
	run file -L "$P/bin/kubectl-sail" "$P/libexec/kubectl-sail/kubectl-sail-tag" \
		"$P/libexec/kubectl-sail/libkubectl-sail.so"
	[[ $output != *"not stripped"* ]]
	[ "$(grep -c ', stripped' <<< "$output")" = 3 ]
}

@test "the dispatcher runs the siblings and the engine from libexec/" {
	run env PATH="$P/bin:/usr/bin:/bin" kubectl-sail tag --help
	assert_status 0
	assert_output_contains "kubectl sail tag (set|list|remove|generate)"
	# the engine answered (only it reads kubeconfigs)
	run env -u KUBECONFIG HOME="$TMP" PATH="$P/bin:/usr/bin:/bin" kubectl-sail status
	assert_status 1
	assert_output_contains "error: no configuration has been provided"
	run env PATH="$P/bin:/usr/bin:/bin" kubectl-sail version --remote=false
	assert_status 0
	assert_output_contains "Client Version: v"
	run "$P/bin/kubectl_complete-sail" install --version v1.30-l
	assert_output_contains "v1.30-latest"
}

@test "kubectl plugin list shows one plugin; kubectl sail install works through it" {
	command -v kubectl > /dev/null || skip "kubectl not installed"
	# PATH: the installed bin/ and kubectl alone, not whatever else is there
	mkdir "$TMP/kbin"
	ln -s "$(command -v kubectl)" "$TMP/kbin/kubectl"
	run env PATH="$P/bin:$TMP/kbin" kubectl plugin list --name-only
	assert_status 0
	[ "$(grep -c '^kubectl-' <<< "$output")" = 1 ]
	assert_output_contains "kubectl-sail"
	run env PATH="$P/bin:$TMP/kbin" kubectl sail install --help
	assert_status 0
	run env PATH="$P/bin:$TMP/kbin" kubectl __complete sail tag ""
	assert_output_contains "generate"
}

@test "make uninstall removes everything make install put there" {
	make -s -C "$REPO" BUILD="$BUILD_REL" DESTDIR="$TMP/root" PREFIX=/usr uninstall
	run find "$TMP/root" -not -type d
	[ -z "$output" ]
	[ ! -e "$P/libexec/kubectl-sail" ]
}
