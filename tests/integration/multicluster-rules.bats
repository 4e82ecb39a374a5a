#!/usr/bin/env bats
# Issue 22 (1): remote-secret must not create what the Sail Operator's Helm
# charts own. Where a Sail Istio has its control plane in the namespace the
# reader account is the operator's: remote-secret waits for it and creates
# no ServiceAccount, ClusterRole or ClusterRoleBinding. Runs on cluster1 of
# the suite, in namespaces and Istios of its own.

load helpers
load operator

bats_require_minimum_version 1.5.0

BIN=${SAIL_BIN:-$REPO/build/bin}
V=v1.30.3

setup() {
    [[ -x $BIN/kubectl-sail-remote_secret ]] || { echo "missing $BIN/kubectl-sail-remote_secret" >&2; return 1; }
    kubectl config use-context cluster1 >/dev/null
    N="mc-${BATS_SUITE_TEST_NUMBER}-$RANDOM"
    TMP=$BATS_TEST_TMPDIR
}

rs() { "$BIN/kubectl-sail" remote-secret "$@"; }

# A remote-profile Istio $N with its control plane in a fresh namespace $NS.
remote_istio() {
    fresh_ns --context cluster1 mc >/dev/null
    defer kubectl delete clusterrolebinding "istio-reader-clusterrole-$NS" --ignore-not-found
    defer kubectl delete clusterrole "istio-reader-clusterrole-$NS" --ignore-not-found
    defer kubectl delete istio "$N" --ignore-not-found --wait=false
    kubectl apply --server-side -f - >/dev/null <<EOF
apiVersion: sailoperator.io/v1
kind: Istio
metadata: {name: $N}
spec: {namespace: $NS, version: $V, profile: remote}
EOF
}

@test "stand-in: Helm refuses a reader account without its ownership metadata, as the real operator does" {
    remote_istio
    kubectl -n "$NS" create serviceaccount istio-reader-service-account >/dev/null
    run operator_creates_reader "$N" "$NS"
    [ "$status" -eq 1 ]
    [ "$(kubectl get istio "$N" -o jsonpath='{.status.conditions[0].reason}')" = ReconcileError ]
    [[ $(kubectl get istio "$N" -o jsonpath='{.status.conditions[0].message}') == *'ServiceAccount "istio-reader-service-account" in namespace "'"$NS"'" exists and cannot be imported into the current release: invalid ownership metadata'* ]]
}

@test "remote-secret where a Sail Istio manages the namespace: waits for the operator's reader account, creates none, and the operator's install succeeds" {
    remote_istio
    rs --context cluster1 --name c1 -n "$NS" --timeout 60s >"$TMP/out" 2>"$TMP/err" &
    local pid=$!
    # remote-secret is waiting (or, wrongly, has created the account itself)
    wait_for bash -c "grep -q 'waiting up to' '$TMP/err' || kubectl -n '$NS' get serviceaccount istio-reader-service-account"
    operator_creates_reader "$N" "$NS" || { cat "$TMP/err"; kubectl get istio "$N" -o jsonpath='{.status.conditions[0].message}'; false; }
    operator_reconciles "$N"
    wait "$pid" || { cat "$TMP/err"; false; }
    [ "$(kubectl get istio "$N" -o jsonpath='{.status.conditions[0].reason}')" = Reconciled ]
    grep -q "waiting up to 60s for the Sail Operator to create ServiceAccount $NS/istio-reader-service-account in context \"cluster1\" (Istio \"$N\" manages $NS)" "$TMP/err"
    # the Secret carries the operator's account's token
    grep -q "name: istio-remote-secret-c1" "$TMP/out"
    grep -q "token: " "$TMP/out"
    [ "$(kubectl -n "$NS" get serviceaccount istio-reader-service-account -o jsonpath='{.metadata.labels.app\.kubernetes\.io/managed-by}')" = Helm ]
    run kubectl get clusterrole,clusterrolebinding -l app.kubernetes.io/managed-by=kubectl-sail -o name
    [[ $output != *"istio-reader-clusterrole-$NS"* ]]
}

@test "remote-secret where a Sail Istio manages the namespace and the operator never creates the account: a clear error at --timeout, nothing created" {
    remote_istio
    run --separate-stderr rs --context cluster1 --name c1 -n "$NS" --timeout 2s
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [[ $stderr == *"error: "*"ServiceAccount $NS/istio-reader-service-account did not appear in context \"cluster1\" within --timeout: it belongs to the Sail Operator's charts there (Istio \"$N\" manages $NS), so remote-secret does not create it; "* ]]
    [ "$(grep -c '^error:' <<<"$stderr")" -eq 1 ]
    run kubectl -n "$NS" get serviceaccount istio-reader-service-account
    [ "$status" -ne 0 ]
    run kubectl get clusterrole "istio-reader-clusterrole-$NS"
    [ "$status" -ne 0 ]
}

@test "remote-secret where no Sail control plane is: creates the reader account and RBAC as istioctl does" {
    fresh_ns --context cluster1 mc >/dev/null
    defer kubectl delete clusterrolebinding "istio-reader-clusterrole-$NS" --ignore-not-found
    defer kubectl delete clusterrole "istio-reader-clusterrole-$NS" --ignore-not-found
    run --separate-stderr rs --context cluster1 --name c1 -n "$NS"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    kubectl -n "$NS" get serviceaccount istio-reader-service-account >/dev/null
    kubectl get clusterrole "istio-reader-clusterrole-$NS" >/dev/null
    [[ $stderr != *"waiting up to"* ]]
}
