#!/usr/bin/env bats
# make deb: the Debian package. lintian reports no error or warning; it
# installs with dpkg into a fresh root (its own dpkg database; the host's
# apt resolves its Depends), the plugins run from that root's PATH, and
# removing it leaves nothing.

load helpers

REPO=$BATS_TEST_DIRNAME/../..

setup_file() {
	command -v dpkg-deb > /dev/null || return 0
	ldd "$SAIL_BIN/kubectl-sail-status" 2> /dev/null | grep -q libcurl && return 0
	make -s -C "$REPO" BUILD="$(make_build_dir)" deb > /dev/null
}

setup() {
	skip_if_engine_linked
	command -v dpkg-deb > /dev/null || skip "dpkg-deb is not installed (make deps)"
	DEB=$(ls "$SAIL_BUILD_DIR"/deb/kubectl-sail_*.deb)
	TMP=$(mktemp -d)
}

teardown() {
	[ -z "${TMP:-}" ] || rm -rf "$TMP"
}

@test "the package is named kubectl-sail_<version>_<arch>.deb and declares what it links" {
	local v
	v=$("$SAIL_BIN/kubectl-sail" --version | cut -d' ' -f2)
	[ "$(basename "$DEB")" = "kubectl-sail_${v#v}_$(dpkg --print-architecture).deb" ]
	run dpkg-deb -f "$DEB" Depends
	for lib in libc6 libcurl4 libjq1 libssl3 libyaml-0-2; do
		assert_output_contains "$lib"
	done
	run dpkg-deb -c "$DEB"
	assert_output_contains "./usr/bin/kubectl-sail"
	assert_output_contains "./usr/bin/kubectl_complete-sail -> kubectl-sail"
	assert_output_contains "./usr/libexec/kubectl-sail/libkubectl-sail.so"
	assert_output_contains "./usr/share/man/man1/kubectl-sail-install.1.gz"
	assert_output_contains "./usr/share/bash-completion/completions/kubectl-sail"
	[ "$(grep -c '^-rwxr-xr-x.* ./usr/bin/' <<< "$output")" = 1 ]
}

@test "lintian: no errors, no warnings" {
	command -v lintian > /dev/null || skip "lintian is not installed (make deps)"
	run lintian "$DEB"
	if grep -E '^(E|W): ' <<< "$output"; then
		return 1
	fi
}

@test "installed into a fresh root: plugins from PATH, man pages; removed: nothing left" {
	local root=$TMP/root
	mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
	touch "$root/var/lib/dpkg/status"
	# the host resolves the Depends (the fresh root has no libraries)
	run apt-get -s install "$DEB"
	assert_status 0
	assert_output_contains "Inst kubectl-sail"
	run dpkg --root="$root" --force-depends --force-not-root -i "$DEB"
	assert_status 0
	run env PATH="$root/usr/bin:/usr/bin:/bin" kubectl-sail version --remote=false --short
	assert_status 0
	[ "$output" = "Client Version: $("$SAIL_BIN/kubectl-sail" --version | cut -d' ' -f2)" ]
	run env PATH="$root/usr/bin" kubectl-sail tag --help
	assert_status 0
	assert_output_contains "kubectl sail tag (set|list|remove|generate)"
	run env -u KUBECONFIG HOME="$TMP" PATH="$root/usr/bin" kubectl-sail status
	assert_status 1
	assert_output_contains "error: no configuration has been provided"
	run env PATH="$root/usr/bin" kubectl_complete-sail install --version v1.30-l
	assert_output_contains "v1.30-latest"
	if command -v man > /dev/null; then
		run env MANPATH="$root/usr/share/man" man -w kubectl-sail-upgrade
		assert_output_contains "$root/usr/share/man/man1/kubectl-sail-upgrade.1.gz"
	fi
	run dpkg --root="$root" --force-not-root -r kubectl-sail
	assert_status 0
	run find "$root" -path "$root/var/lib/dpkg" -prune -o -not -type d -print
	[ -z "$output" ]
	run dpkg --root="$root" -s kubectl-sail
	[ "$status" -ne 0 ] || assert_output_contains "Status: deinstall ok config-files"
}
