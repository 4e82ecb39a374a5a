#!/usr/bin/env bats
# Ambient mode without a cluster: --dry-run=client documents, and the
# refusals that need no server (one line, exit 1, nothing printed to apply).

load helpers

setup() {
	TMP=$(mktemp -d)
	export KUBECONFIG=$TMP/none	# nothing may reach a server
}

teardown() {
	rm -rf "$TMP"
}

install() { "$SAIL_BIN/kubectl-sail-install" "$@"; }

# The command failed with status 1 and exactly one line of output.
one_line_error() {
	assert_status 1
	if [ "${#lines[@]}" -ne 1 ]; then
		printf 'expected one line, got %s:\n%s\n' "${#lines[@]}" "$output" >&2
		return 1
	fi
	assert_output_contains "$1"
}

@test "install --ambient --dry-run=client: namespaces, Istio, IstioCNI, ZTunnel in the documented order" {
	run install --ambient --version v1.30.3 --dry-run=client -o name
	assert_status 0
	[ "$output" = "namespace/istio-system
namespace/istio-cni
namespace/ztunnel
istio.sailoperator.io/default
istiocni.sailoperator.io/default
ztunnel.sailoperator.io/default" ]
	run install --profile ambient --version v1.30.3 --dry-run=client -o json
	assert_status 0
	[ "$(jq -r '.items[] | select(.kind=="ZTunnel") | .spec.targetRef.name + " " + .spec.version' <<<"$output")" = "default v1.30.3" ]
	[ "$(jq -r '.items[] | select(.kind=="Namespace" and .metadata.name=="ztunnel") | .metadata.labels["istio-discovery"]' <<<"$output")" = enabled ]
	[ "$(jq -r '.items[] | select(.kind=="IstioCNI") | .spec.profile' <<<"$output")" = ambient ]
}

@test "install ztunnel --dry-run=client: the ZTunnel and its namespace only" {
	run install ztunnel --version v1.29.6 --istio prod -n zt --dry-run=client -o name
	assert_status 0
	[ "$output" = "namespace/zt
ztunnel.sailoperator.io/default" ]
}

@test "ambient refusals: one line, exit 1" {
	run install ztunnel other --dry-run=client
	one_line_error 'error: ZTunnel "other": a ZTunnel must be named "default" (one per cluster)'
	run install --ambient --profile demo --dry-run=client
	one_line_error 'error: --ambient needs profile ambient (or openshift-ambient), not "demo"'
	run install --ambient --set pilot.trustedZtunnelNamespace=kube-system --dry-run=client
	one_line_error 'but the ZTunnel runs in ztunnel'
	run install ztunnel --cni --dry-run=client
	one_line_error 'install ztunnel takes --version, --istio'
	run install cni --ambient --dry-run=client
	one_line_error "error: 'install cni' takes --profile ambient, not --ambient"
	run install --waypoint w --dry-run=client
	one_line_error "are for 'install namespace'"
	printf 'apiVersion: sailoperator.io/v1alpha1\nkind: ZTunnel\nmetadata: {name: default}\nspec: {profile: ambient}\n' > "$TMP/zt.yaml"
	run install --ambient -f "$TMP/zt.yaml" --dry-run=client
	one_line_error 'spec.profile is not a field of sailoperator.io/v1 ZTunnel'
}

@test "install waypoint --dry-run=client: the docs' Gateway; bad names and --for refused" {
	run install waypoint -n bookinfo --for workload --dry-run=client -o json
	assert_status 0
	[ "$(jq -c '[.kind, .metadata.name, .metadata.namespace, .metadata.labels["istio.io/waypoint-for"], .spec.gatewayClassName, .spec.listeners]' <<<"$output")" = '["Gateway","waypoint","bookinfo","workload","istio-waypoint",[{"name":"mesh","port":15008,"protocol":"HBONE"}]]' ]
	run install waypoint Not_A_Label --dry-run=client
	one_line_error 'error: waypoint name "Not_A_Label" is not a DNS label'
	run install waypoint --for sometimes --dry-run=client
	assert_status 1
	assert_output_contains 'error: invalid argument "sometimes" for "--for" flag: expected one of service, workload, all, none'
	run install waypoint --cni --dry-run=client
	one_line_error 'install waypoint takes --for, --enroll-namespace'
	run install namespace a --waypoint w
	one_line_error 'error: --waypoint and --migrate go with install namespace --ambient'
	run install namespace a --ambient --waypoint W.x
	one_line_error 'error: --waypoint "W.x": a waypoint name must be a DNS label'
	run install namespace a --ambient --sidecar
	one_line_error 'error: install namespace: give one of --ambient, --sidecar and --remove'
}
