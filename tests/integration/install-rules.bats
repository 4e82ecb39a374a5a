#!/usr/bin/env bats
# Issue 22's rules for install on cluster1 of the suite: on an existing
# Istio it changes only what its flags and files name (never spec.version,
# never the update strategy unasked), it never takes a field another field
# manager owns without --force-conflicts, and --east-west-gateway --wait
# ends with the gateway's address. Every object is unique to the test.

load helpers
load operator

bats_require_minimum_version 1.5.0

INSTALL_BIN=${SAIL_BIN:-$SAIL_BIN_DIR}/kubectl-sail-install
UPGRADE_BIN=${SAIL_BIN:-$SAIL_BIN_DIR}/kubectl-sail-upgrade

setup() {
    [[ -x $INSTALL_BIN ]] || { echo "missing $INSTALL_BIN: build it (make)" >&2; return 1; }
    kubectl config use-context cluster1 >/dev/null
    N="rule-${BATS_SUITE_TEST_NUMBER}-$RANDOM"
    CP="$N-cp"
    defer kubectl delete namespace "$CP" --ignore-not-found --wait=false
    defer kubectl delete istio "$N" --ignore-not-found --wait=false
}

sail_install() { "$INSTALL_BIN" "$@"; }
spec() { kubectl get istio "$N" -o json | jq -cS '.spec'; }

@test "install twice: the second keeps the first's version, strategy and values, and adds its own" {
    sail_install "$N" -n "$CP" --version v1.29.6 --update-strategy RevisionBased \
        --revision-grace-period 30 --set meshConfig.accessLogFile=/dev/stdout >/dev/null
    run --separate-stderr sail_install "$N" --set pilot.env.X=true --diff
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    # the diff names the one change, before the apply lines
    [ "${lines[0]}" = "istio.sailoperator.io/$N spec:" ]
    [ "${lines[1]}" = '+  values.pilot.env.X: "true"' ]
    [ "${lines[-1]}" = "istio.sailoperator.io/$N serverside-applied" ]
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.namespace} {.spec.version} {.spec.updateStrategy.type} {.spec.updateStrategy.inactiveRevisionDeletionGracePeriodSeconds} {.spec.values.meshConfig.accessLogFile} {.spec.values.pilot.env.X}')" \
        = "$CP v1.29.6 RevisionBased 30 /dev/stdout true" ]
    # the README's --tracing on a RevisionBased Istio keeps it RevisionBased
    sail_install "$N" --tracing otel --otel-service otel.istio-system.svc.cluster.local:4317 >/dev/null
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.updateStrategy.type} {.spec.values.meshConfig.accessLogFile} {.spec.values.meshConfig.enableTracing}')" \
        = "RevisionBased /dev/stdout true" ]
    # not on a terminal and no --diff: no diff
    run --separate-stderr sail_install "$N" --set pilot.env.Y=1
    [ "$status" -eq 0 ]
    [ "$output" = "namespace/$CP serverside-applied
istio.sailoperator.io/$N serverside-applied" ]
}

@test "install refuses to change spec.version (newer or older) and names upgrade; nothing changes" {
    sail_install "$N" -n "$CP" --version v1.29.6 >/dev/null
    local before
    before=$(spec)
    run --separate-stderr sail_install "$N" --version v1.30.3
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: Istio \"$N\" exists at version v1.29.6; install does not change spec.version (to v1.30.3): that is an upgrade, with its checks and workload moves: kubectl sail upgrade $N --version v1.30.3" ]
    run --separate-stderr sail_install "$N" --version v1.29.5 --set pilot.env.Z=1
    [ "$status" -eq 1 ]
    [[ $stderr == *"kubectl sail upgrade $N --version v1.29.5" ]]
    [ "$(spec)" = "$before" ]
    # the same version again is no change of version
    sail_install "$N" --version v1.29.6 --set pilot.env.Z=1 >/dev/null
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.version} {.spec.values.pilot.env.Z}')" = "v1.29.6 1" ]
}

@test "install refuses to switch the update strategy unless --change-update-strategy" {
    sail_install "$N" -n "$CP" --version v1.30.3 --update-strategy RevisionBased >/dev/null
    run --separate-stderr sail_install "$N" --update-strategy InPlace
    [ "$status" -eq 1 ]
    [[ $stderr == "error: Istio \"$N\" is RevisionBased; switching it to InPlace makes the operator create a revision named \"$N\""*"Pass --change-update-strategy to switch anyway" ]]
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.updateStrategy.type}')" = RevisionBased ]
    sail_install "$N" --update-strategy InPlace --change-update-strategy >/dev/null
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.updateStrategy.type}')" = InPlace ]
}

@test "install --dry-run=server -o yaml shows the merged result and changes nothing" {
    sail_install "$N" -n "$CP" --set meshConfig.accessLogFile=/dev/stdout >/dev/null
    local before
    before=$(spec)
    run --separate-stderr sail_install "$N" --set pilot.env.X=true --dry-run=server -o json
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$(jq -r '.items[] | select(.kind=="Istio") | "\(.spec.values.meshConfig.accessLogFile) \(.spec.values.pilot.env.X) \(.spec.namespace)"' <<<"$output")" = "/dev/stdout true $CP" ]
    [ "$(spec)" = "$before" ]
}

@test "a field another manager owns is not taken: the fields and managers named, --force-conflicts takes it" {
    kubectl apply --server-side --field-manager=gitops -f - >/dev/null <<EOF
apiVersion: sailoperator.io/v1
kind: Istio
metadata: {name: $N}
spec:
  namespace: $CP
  version: v1.30.3
  values: {pilot: {env: {OWNED: by-gitops}}}
EOF
    run --separate-stderr sail_install "$N" --set pilot.env.OWNED=by-sail
    [ "$status" -eq 1 ]
    [[ $stderr == *'conflict with "gitops"'*'.spec.values.pilot.env.OWNED'* ]]
    [[ $stderr == *"--force-conflicts"* ]]
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.values.pilot.env.OWNED}')" = by-gitops ]
    # a field nobody else owns goes in without force
    sail_install "$N" --set pilot.env.MINE=yes >/dev/null
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.values.pilot.env.OWNED} {.spec.values.pilot.env.MINE}')" = "by-gitops yes" ]
    sail_install "$N" --set pilot.env.OWNED=by-sail --force-conflicts >/dev/null
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.values.pilot.env.OWNED}')" = by-sail ]
}

@test "upgrade takes spec.version from install's manager but not from another one without --force-conflicts" {
    [[ -x $UPGRADE_BIN ]] || skip "no upgrade binary"
    kubectl apply --server-side --field-manager=gitops -f - >/dev/null <<EOF
apiVersion: sailoperator.io/v1
kind: Istio
metadata: {name: $N}
spec: {namespace: $CP, version: v1.30.2}
EOF
    kubectl create namespace "$CP" >/dev/null
    # the operator has reconciled it (upgrade checks that first)
    operator_reconciles "$N"
    run --separate-stderr "$UPGRADE_BIN" "$N" --version v1.30.3 --yes --timeout 2s
    [ "$status" -eq 1 ]
    [[ $stderr == *'conflict with "gitops": .spec.version'*"--force-conflicts"* ]]
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.version}')" = v1.30.2 ]
    # --force-conflicts takes it (the wait for the operator then times out)
    run --separate-stderr "$UPGRADE_BIN" "$N" --version v1.30.3 --yes --timeout 2s --force-conflicts
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.version}')" = v1.30.3 ]
}

@test "install --east-west-gateway --wait ends with the gateway's address, as install east-west-gateway --wait does" {
    local out=$BATS_TEST_TMPDIR/out err=$BATS_TEST_TMPDIR/err
    sail_install "$N" -n "$CP" --network network1 --east-west-gateway --wait --timeout 60s >"$out" 2>"$err" &
    local pid=$!
    wait_for kubectl get istio "$N" -o name
    # the operator's Ready, then a cloud controller's address
    operator_reconciles "$N"
    wait_for kubectl -n "$CP" get service istio-eastwestgateway
    cloud_controller_lb_address "$CP" istio-eastwestgateway 192.0.2.61
    wait "$pid" || { cat "$out" "$err"; false; }
    [ "$(tail -n 1 "$out")" = 192.0.2.61 ]
    grep -qx "istio.sailoperator.io/$N condition met" "$out"
}
