#!/usr/bin/env bats
# What the applying commands accept before any request: empty input is
# refused as kubectl refuses it, and a command lists only the write flags it
# takes. No server is needed (a kubeconfig that does not exist proves that
# nothing got as far as the API).

load helpers

setup() {
	export KUBECONFIG=$BATS_TEST_TMPDIR/no-such-kubeconfig
}

@test "install -f - with empty input: kubectl's 'no objects passed to apply', exit 1" {
	run "$SAIL_BIN/kubectl-sail-install" -f - --version v1.30-latest < /dev/null
	assert_status 1
	[ "$output" = "error: no objects passed to apply" ]
	# comments and empty documents are no objects either
	run "$SAIL_BIN/kubectl-sail-install" -f - <<<$'# nothing\n---\n---\n'
	assert_status 1
	[ "$output" = "error: no objects passed to apply" ]
}

@test "install -f: an empty List is no objects either" {
	printf 'apiVersion: v1\nkind: List\nitems: []\n' > "$BATS_TEST_TMPDIR/empty.yaml"
	run "$SAIL_BIN/kubectl-sail-install" -f "$BATS_TEST_TMPDIR/empty.yaml"
	assert_status 1
	[ "$output" = "error: no objects passed to apply" ]
}

@test "uninstall lists no --force-conflicts (it only deletes) and rejects it as unknown" {
	run "$SAIL_BIN/kubectl-sail-uninstall" --help
	assert_status 0
	[[ $output != *force-conflicts* ]]
	assert_output_contains "--dry-run"
	run "$SAIL_BIN/kubectl-sail-uninstall" --force-conflicts
	assert_status 1
	assert_output_contains "force-conflicts"
	for cmd in install upgrade tag remote_secret; do
		run "$SAIL_BIN/kubectl-sail-$cmd" --help
		assert_output_contains "--force-conflicts"
	done
}
