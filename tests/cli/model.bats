#!/usr/bin/env bats
# kubectl sail install --model without a cluster: the refusals that need
# only the flags, the kubeconfig and the CA directory (one line, exit 1),
# an unreachable context named before any change, and the client dry run.

load helpers

setup() {
	TMP=$BATS_TEST_TMPDIR
	# two contexts on ports nothing listens on
	cat > "$TMP/kc" <<-EOF2
	apiVersion: v1
	kind: Config
	clusters:
	- name: c1
	  cluster: {server: "https://127.0.0.1:9"}
	- name: c2
	  cluster: {server: "https://127.0.0.1:9"}
	contexts:
	- name: east
	  context: {cluster: c1, user: u}
	- name: west
	  context: {cluster: c2, user: u}
	- name: Upper_Case
	  context: {cluster: c2, user: u}
	current-context: east
	users:
	- name: u
	  user: {token: t}
	EOF2
	export KUBECONFIG=$TMP/kc
}

model() { "$SAIL_BIN/kubectl-sail" install --model multi-primary "$@"; }

@test "install --model: flag and name refusals, one line each" {
	run model --contexts east
	assert_status 1
	[ "$output" = "error: --model multi-primary needs --contexts with at least two contexts (CTX[=NETWORK],CTX[=NETWORK])" ]
	run model --contexts east=n1,west
	assert_status 1
	[ "$output" = "error: --contexts: give a network to every context (CTX=NETWORK) or to none" ]
	run model --contexts east=n/1,west=n2
	assert_status 1
	assert_output_contains 'network "n/1" is not a valid label value'
	run model --contexts east,nowhere
	assert_status 1
	[ "$output" = 'error: context "nowhere" not found in the kubeconfig' ]
	run model --contexts east,Upper_Case
	assert_status 1
	[ "$output" = 'error: context "Upper_Case" is not a valid cluster name (a DNS-1123 label): give --cluster-names' ]
	run model --contexts east,east
	assert_status 1
	[ "$output" = 'error: --contexts names "east" twice' ]
	run model --contexts east,west --cluster-names a
	assert_status 1
	[ "$output" = "error: --cluster-names gives 1 names for 2 contexts" ]
	run model --contexts east,west --ca "$TMP/none"
	assert_status 1
	[ "$output" = "error: --ca $TMP/none: not a directory (--ca-generate DIR creates one)" ]
	run model --contexts east,west --ca "$TMP" --ca-generate "$TMP/x"
	assert_status 1
	run model --contexts east,west --context east
	assert_status 1
	[ "$output" = "error: --model works on --contexts; --context cannot be used with it" ]
	run model --contexts east,west --east-west-gateway
	assert_status 1
	assert_output_contains "install --model takes NAME, --version"
	run "$SAIL_BIN/kubectl-sail" install --contexts east,west
	assert_status 1
	[ "$output" = "error: --contexts, --cluster-names, --ca, --ca-generate and --plan go with --model" ]
}

@test "install --model: an unreachable context is named, and nothing is changed" {
	run model --contexts east=n1,west=n2 --ca-generate "$TMP/ca"
	assert_status 1
	assert_output_contains 'error: context "east": '
	assert_output_contains 'error: context "west": '
	assert_output_contains "error: nothing was changed in any context"
	[ ! -e "$TMP/ca" ]
}

@test "install --model: a CA directory that does not verify is refused before any cluster is read" {
	mkdir -p "$TMP/ca/east" "$TMP/ca/west"
	for f in ca-cert.pem ca-key.pem root-cert.pem cert-chain.pem; do
		echo garbage > "$TMP/ca/east/$f"
	done
	run model --contexts east,west --ca "$TMP/ca"
	assert_status 1
	assert_output_contains "error: --ca $TMP/ca: $TMP/ca/east does not verify: "
	run model --contexts east,west --ca "$TMP/ca" --cluster-names a,b
	assert_status 1
	assert_output_contains 'error: --ca '"$TMP/ca"': no CA for cluster "a"'
}

@test "install --model --dry-run=client: each context's documents after '# context: NAME'" {
	run model --contexts east=n1,west=n2 --dry-run=client -o yaml
	assert_status 0
	[ "${lines[0]}" = "# context: east" ]
	assert_output_contains "# context: west"
	assert_output_contains "        clusterName: west"
	assert_output_contains "kind: Gateway"
	assert_output_contains "# remote secret istio-remote-secret-east: made from context \"east\"'s reader token when applied"
	run model --contexts east,west --dry-run=client -o yaml
	assert_status 0
	[ "$(grep -c 'kind: Gateway' <<<"$output")" = 0 ]
}

@test "upgrade and uninstall --contexts: every context is checked first; an unreachable one stops everything" {
	run "$SAIL_BIN/kubectl-sail" upgrade --contexts east,west --version v1.30.3 --yes
	assert_status 1
	assert_output_contains 'error: context "east": '
	assert_output_contains 'error: context "west": '
	assert_output_contains "error: nothing was changed in any context"
	run "$SAIL_BIN/kubectl-sail" uninstall default --contexts east,west --remote-secrets
	assert_status 1
	assert_output_contains "error: nothing was changed in any context"
	run "$SAIL_BIN/kubectl-sail" upgrade --contexts east,east --version v1.30.3
	assert_status 1
	[ "$output" = 'error: --contexts names "east" twice' ]
	run "$SAIL_BIN/kubectl-sail" upgrade --contexts east --context west --version v1.30.3
	assert_status 1
	[ "$output" = "error: --contexts cannot be used with --context" ]
	run "$SAIL_BIN/kubectl-sail" upgrade --parallel 2 --version v1.30.3
	assert_status 1
	[ "$output" = "error: --parallel goes with --contexts" ]
	run "$SAIL_BIN/kubectl-sail" upgrade --contexts east --parallel 0 --version v1.30.3
	assert_status 1
	[ "$output" = "error: --parallel must be at least 1" ]
}

@test "ca --contexts: needs --out and --apply; no networks" {
	run "$SAIL_BIN/kubectl-sail" ca --contexts east,west --apply
	assert_status 1
	assert_output_contains "needs --out DIR"
	run "$SAIL_BIN/kubectl-sail" ca --contexts east,west --out "$TMP/ca"
	assert_status 1
	assert_output_contains "needs --apply"
	run "$SAIL_BIN/kubectl-sail" ca --contexts east=n1 --out "$TMP/ca" --apply
	assert_status 1
	[ "$output" = "error: --contexts east=n1: a CA has no networks (CTX only)" ]
	run "$SAIL_BIN/kubectl-sail" ca secret --contexts east
	assert_status 1
	assert_output_contains "--contexts goes without a subcommand"
	run "$SAIL_BIN/kubectl-sail" ca --contexts east,west --out "$TMP/ca" --apply --dry-run=client
	assert_status 0
	[ "$output" = "# context: east
# cacerts: from the CA files this run creates in $TMP/ca/east
# context: west
# cacerts: from the CA files this run creates in $TMP/ca/west" ]
	[ ! -e "$TMP/ca" ]
}
