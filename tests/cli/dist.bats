#!/usr/bin/env bats
# make dist: a reproducible krew archive and the filled manifest beside it.
# (tests/integration/krew.bats installs them with krew itself.)

load helpers

REPO=$BATS_TEST_DIRNAME/../..

setup() {
	skip_if_engine_linked
	BUILD_REL=$(make_build_dir)
	DIST=$SAIL_BUILD_DIR/dist
}

dist() {
	make -s -C "$REPO" BUILD="$BUILD_REL" dist > /dev/null
}

@test "two make dist runs give the same archive, byte for byte" {
	dist
	local first
	first=$(sha256sum "$DIST"/kubectl-sail_*.tar.gz)
	touch "$SAIL_BIN"/kubectl-sail "$REPO/LICENSE"	# new mtimes must not matter
	dist
	[ "$(sha256sum "$DIST"/kubectl-sail_*.tar.gz)" = "$first" ]
}

@test "the archive: flat, owner 0, the front ends, the engine, the licence" {
	dist
	local v
	v=$("$SAIL_BIN/kubectl-sail" --version | cut -d' ' -f2)
	[ -f "$DIST/kubectl-sail_${v}_linux_amd64.tar.gz" ] || [ -f "$DIST/kubectl-sail_${v}_linux_arm64.tar.gz" ]
	run tar tvzf "$DIST"/kubectl-sail_*.tar.gz
	assert_status 0
	for f in kubectl-sail kubectl-sail-install kubectl-sail-remote_secret libkubectl-sail.so LICENSE; do
		assert_output_contains "./$f"
	done
	[[ $output != *"/kubectl-sail/"* ]]
	[ "$(awk '$2 != "0/0"' <<< "$output")" = "" ]
}

@test "the manifest: semantic version, the archive's sha256, the URI from DIST_URI" {
	make -s -C "$REPO" BUILD="$BUILD_REL" DIST_URI=https://example.invalid/sail.tar.gz dist > /dev/null
	local v sha
	v=$("$SAIL_BIN/kubectl-sail" --version | cut -d' ' -f2)
	sha=$(sha256sum "$DIST"/kubectl-sail_*.tar.gz | cut -d' ' -f1)
	run cat "$DIST/sail.yaml"
	assert_output_contains "  version: $v"
	assert_output_contains "    sha256: $sha"
	assert_output_contains "    uri: https://example.invalid/sail.tar.gz"
	assert_output_contains "  name: sail"
	[[ $output != *VERSION* && $output != *SHA256* && $output != *URI* ]]
	[[ $v =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]]
}
