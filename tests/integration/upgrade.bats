#!/usr/bin/env bats
# kubectl sail upgrade against a real API server with kube-scheduler and
# kwok's fake nodes (tests/cluster/up --with-nodes: Pods run, Deployments
# roll out), on a cluster of this file's own.
#
# The Sail Operator's part is played by operator.bash (the stand-in, or the
# real operator in the real lane), driven step by step in the operator's
# order while the upgrade waits: the Istio controller's pass (the Istio
# Ready again at once, copied from its revision), then the revision's pass
# (the injector ConfigMap, then the revision's status), then the rest. No
# injector runs: a workload's pod template carries the annotations and the
# istio-proxy container that injection would have given its pods.

load helpers
load operator

bats_require_minimum_version 1.5.0

UPGRADE_BIN=${SAIL_BIN:-$SAIL_BIN_DIR}/kubectl-sail-upgrade
INSTALL_BIN=${SAIL_BIN:-$SAIL_BIN_DIR}/kubectl-sail-install
NODES_CLUSTER=upgrade-nodes

setup_file() {
    local with=(--with-nodes)
    ! operator_is_real || with+=(--with-operator)
    "$CLUSTER_SCRIPTS/up" "$NODES_CLUSTER" "${with[@]}" >&2
}

teardown_file() {
    [[ ${SAIL_KEEP_CLUSTERS:-0} == 1 ]] || "$CLUSTER_SCRIPTS/down" "$NODES_CLUSTER" >&2
}

setup() {
    [[ -x $UPGRADE_BIN ]] || { echo "missing $UPGRADE_BIN: build it (make)" >&2; return 1; }
    export KUBECONFIG="$CLUSTERS_DIR/$NODES_CLUSTER/kubeconfig"
    TMP=$BATS_TEST_TMPDIR
    N="up-${BATS_SUITE_TEST_NUMBER}-$RANDOM"
    CP="$N-cp"
    # the Istio's revisions go with it (ownerReferences, garbage collector)
    defer kubectl delete namespace "$CP" --ignore-not-found --wait=false
    defer kubectl delete istio "$N" --ignore-not-found --wait=false
}

sail_upgrade() { "$UPGRADE_BIN" "$@"; }

# upgrade_in_background ARGS...: start the upgrade, its output in $TMP/out
# and $TMP/err, its PID in UPGRADE_PID.
upgrade_in_background() {
    sail_upgrade "$@" >"$TMP/out" 2>"$TMP/err" &
    UPGRADE_PID=$!
    defer stop_upgrade "$UPGRADE_PID"
}

stop_upgrade() { ! pid_alive "$1" || kill "$1"; }

pid_gone() { ! pid_alive "$1"; }

# upgrade_ends [STATUS]: the background upgrade exits within 90 s, with
# STATUS (default 0); its output is shown otherwise.
upgrade_ends() {
    local want=${1:-0} rc=0
    wait_for --timeout 90 --message "the upgrade to end" pid_gone "$UPGRADE_PID" || { cat "$TMP/out" "$TMP/err"; return 1; }
    wait "$UPGRADE_PID" || rc=$?
    ((rc == want)) || { echo "upgrade exited $rc, not $want" >&2; cat "$TMP/out" "$TMP/err"; return 1; }
}

# upgrade_still_waiting: within 3 s the upgrade neither says a condition is
# met nor judges a workload, nor ends. The window is the assertion: the
# early judgement it guards against comes within a fraction of a second.
upgrade_still_waiting() {
    ! wait_for --timeout 3 --interval 0.2 grep -qE 'condition met|unchanged|restarted' "$TMP/out" 2>/dev/null || {
        cat "$TMP/out" "$TMP/err"; return 1; }
    pid_alive "$UPGRADE_PID" || { echo "the upgrade ended early" >&2; cat "$TMP/out" "$TMP/err"; return 1; }
}

version_is() { [[ $(kubectl get istio "$1" -o jsonpath='{.spec.version}') == "$2" ]]; }

# ---------------------------------------------------------------- workloads

# injected_deployment NS NAME REVISION VERSION: a Deployment whose pods look
# injected by REVISION with the proxy image of VERSION; waits for its rollout.
injected_deployment() {
    kubectl apply -n "$1" -f - >/dev/null <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: {name: $2}
spec:
  replicas: 1
  selector: {matchLabels: {app: $2}}
  template:
    metadata:
      labels: {app: $2}
      annotations:
        istio.io/rev: $3
        sidecar.istio.io/status: '{"containers":["istio-proxy"],"revision":"$3"}'
    spec:
      containers:
      - {name: app, image: example.invalid/app:1}
      - {name: istio-proxy, image: registry.istio.io/release/proxyv2:${4#v}}
EOF
    kubectl rollout status -n "$1" "deployment/$2" --timeout=60s >/dev/null
}

restarted_at() {
    kubectl get deployment "$2" -n "$1" \
        -o jsonpath='{.spec.template.metadata.annotations.kubectl\.kubernetes\.io/restartedAt}'
}

no_pods() { [[ -z $(kubectl get pods -n "$1" -o name) ]]; }

app_ns() {
    local ns="$N-$1"
    kubectl create namespace "$ns" >/dev/null
    defer kubectl delete namespace "$ns" --ignore-not-found --wait=false
    [[ -z ${2:-} ]] || kubectl label namespace "$ns" "$2" >/dev/null
    echo "$ns"
}

# ---------------------------------------------------------------- tests

@test "RevisionBased with a tag: one command patches, waits, relabels, restarts; a tag-following namespace needs nothing" {
    local old="$N-v1-29-6" new="$N-v1-30-3" direct tagged
    "$INSTALL_BIN" "$N" -n "$CP" --version v1.29.6 --update-strategy RevisionBased >/dev/null
    operator_reconciles "$N"
    kubectl apply -f - >/dev/null <<EOF
apiVersion: sailoperator.io/v1
kind: IstioRevisionTag
metadata: {name: $N-stable}
spec: {targetRef: {kind: Istio, name: $N}}
EOF
    defer kubectl delete istiorevisiontag "$N-stable" --ignore-not-found --wait=false
    operator_reconciles_tag "$N-stable"
    direct=$(app_ns direct "istio.io/rev=$old")
    tagged=$(app_ns tagged "istio.io/rev=$N-stable")
    injected_deployment "$direct" web "$old" v1.29.6
    injected_deployment "$tagged" api "$old" v1.29.6

    upgrade_in_background "$N" --version v1.30.3 --yes --timeout 120s
    wait_for --timeout 30 version_is "$N" v1.30.3
    # the Istio's pass: the new revision exists, without status yet
    operator_reconciles_istio "$N"
    operator_is_real || upgrade_still_waiting
    operator_reconciles_revision "$new"
    # the operator moves the tag a moment later; the upgrade waits for it
    wait_for --timeout 30 grep -q "istiorevision.sailoperator.io/$new condition met" "$TMP/out"
    operator_reconciles_tag "$N-stable"
    operator_reconciles "$N"
    upgrade_ends

    diff -u - "$TMP/out" <<EOF
istio.sailoperator.io/$N patched (spec.version v1.29.6 -> v1.30.3)
istiorevision.sailoperator.io/$new condition met (Ready)
istiorevisiontag.sailoperator.io/$N-stable condition met (Resolved)
namespace/$direct relabeled (istio.io/rev: $old -> $new)
deployment.apps/web restarted
deployment.apps/web rolled out
deployment.apps/api restarted
deployment.apps/api rolled out
EOF
    [ "$(kubectl get namespace "$direct" -o jsonpath='{.metadata.labels.istio\.io/rev}')" = "$new" ]
    [ "$(kubectl get namespace "$direct" -o jsonpath='{.metadata.annotations.kubectl-sail/previous-revision}')" = "$old" ]
    [ "$(kubectl get namespace "$tagged" -o jsonpath='{.metadata.labels.istio\.io/rev}')" = "$N-stable" ]
    [ "$(kubectl get istio "$N" -o jsonpath='{.metadata.annotations.kubectl-sail/previous-version}')" = v1.29.6 ]
    [ -n "$(restarted_at "$direct" web)" ]
    [ -n "$(restarted_at "$tagged" api)" ]
    # the rollouts really happened: every pod is of the new ReplicaSet and runs
    kubectl rollout status -n "$direct" deployment/web --timeout=5s >/dev/null
    [ "$(kubectl get pods -n "$direct" -l app=web -o jsonpath='{.items[*].status.phase}')" = Running ]
}

@test "InPlace --wait: nothing is judged until the revision runs the new version; stale proxies restarted, fresh ones not" {
    local ns
    "$INSTALL_BIN" "$N" -n "$CP" --version v1.29.6 >/dev/null
    operator_reconciles "$N"
    ns=$(app_ns app "istio.io/rev=$N")
    injected_deployment "$ns" web "$N" v1.29.6
    injected_deployment "$ns" fresh "$N" v1.30.3

    upgrade_in_background "$N" --version v1.30.3 --yes --wait --timeout 120s
    wait_for --timeout 30 version_is "$N" v1.30.3
    # the Istio controller's pass: the Istio is observed at its new
    # generation and Ready, copied from its revision, whose spec now says
    # v1.30.3 while its status, and its injector, are still of v1.29.6
    operator_reconciles_istio "$N"
    if ! operator_is_real; then
        kubectl get istio "$N" -o json | jq -e '.status.observedGeneration == .metadata.generation
            and any(.status.conditions[]; .type == "Ready" and .status == "True")' >/dev/null
        [ "$(kubectl get istiorevision "$N" -o jsonpath='{.spec.version}')" = v1.30.3 ]
        kubectl get istiorevision "$N" -o json | jq -e '.status.observedGeneration < .metadata.generation' >/dev/null
        upgrade_still_waiting
    fi
    # the revision's pass (charts: the injector names the new proxy; then
    # its status), and the rest of the reconcile
    operator_reconciles_revision "$N"
    operator_reconciles "$N"
    upgrade_ends
    diff -u - "$TMP/out" <<EOF
istio.sailoperator.io/$N patched (spec.version v1.29.6 -> v1.30.3)
istio.sailoperator.io/$N condition met (Ready)
deployment.apps/fresh unchanged (its pods already run the new proxy)
deployment.apps/web restarted
deployment.apps/web rolled out
EOF
    [ -n "$(restarted_at "$ns" web)" ]
    [ -z "$(restarted_at "$ns" fresh)" ]
}

@test "--plan -o json is the documented data and changes nothing" {
    local ns rv_before rv_after
    "$INSTALL_BIN" "$N" -n "$CP" --version v1.29.6 --update-strategy RevisionBased >/dev/null
    operator_reconciles "$N"
    ns=$(app_ns app "istio.io/rev=$N-v1-29-6")
    injected_deployment "$ns" web "$N-v1-29-6" v1.29.6
    rv_before=$(kubectl get "istio/$N" "namespace/$ns" deployment/web -n "$ns" -o jsonpath='{.items[*].metadata.resourceVersion}')
    run --separate-stderr sail_upgrade "$N" --version v1.30.3 --plan -o json --wait
    [ "$status" -eq 0 ]
    [ "$(jq -Sc . <<<"$output")" = "$(jq -Scn --arg n "$N" --arg ns "$ns" '{
        istio: $n, strategy: "RevisionBased", from: "v1.29.6", to: "v1.30.3",
        steps: [
          {action: "patch", object: "istio/\($n)", from: "v1.29.6", to: "v1.30.3"},
          {action: "wait", object: "istiorevision/\($n)-v1-30-3", waitFor: "Ready"},
          {action: "relabel", object: "namespace/\($ns)", from: "\($n)-v1-29-6", to: "\($n)-v1-30-3"},
          {action: "restart", object: "deployment/web", namespace: $ns, waitFor: "RolledOut"},
          {action: "wait", object: "istiorevision/\($n)-v1-29-6", waitFor: "Deleted"}],
        notes: []}')" ]
    rv_after=$(kubectl get "istio/$N" "namespace/$ns" deployment/web -n "$ns" -o jsonpath='{.items[*].metadata.resourceVersion}')
    [ "$rv_before" = "$rv_after" ]
    # the readable form lists the same steps
    run sail_upgrade "$N" --version v1.30.3 --dry-run=client
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "Upgrade of Istio \"$N\" (RevisionBased) from v1.29.6 to v1.30.3:" ]
    [[ ${lines[3]} == *"relabel  namespace/$ns: $N-v1-29-6 -> $N-v1-30-3" ]]
}

@test "interrupted while the operator has not acted: the error says how to go on; the same command then converges; --rollback restores" {
    operator_stand_in_only "the operator must not act within the first run's 2 s"
    local old="$N-v1-29-6" new="$N-v1-30-3" ns
    "$INSTALL_BIN" "$N" -n "$CP" --version v1.29.6 --update-strategy RevisionBased >/dev/null
    operator_reconciles "$N"
    ns=$(app_ns app "istio.io/rev=$old")
    run --separate-stderr sail_upgrade "$N" --version v1.30.3 --yes --timeout 2s --restart=none
    [ "$status" -eq 1 ]
    [[ $stderr == *"timed out waiting for the condition on istiorevisions/$new"* ]]
    [[ $stderr == *"(step 2, wait istiorevision/$new; run the same command again to continue)" ]]
    version_is "$N" v1.30.3
    operator_reconciles "$N"
    run --separate-stderr sail_upgrade "$N" --version v1.30.3 --yes --timeout 30s --restart=none
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "${lines[0]}" = "istio.sailoperator.io/$N unchanged" ]
    [ "${lines[2]}" = "namespace/$ns relabeled (istio.io/rev: $old -> $new)" ]

    # --rollback: the recorded version and label come back, the note goes;
    # the old revision, still there in its grace period, serves again
    run --separate-stderr sail_upgrade "$N" --rollback --plan
    [ "$status" -eq 0 ]
    [[ $output == *"patch    istio/$N: v1.30.3 -> v1.29.6"* ]]
    upgrade_in_background "$N" --rollback --yes --timeout 60s
    wait_for --timeout 30 version_is "$N" v1.29.6
    operator_reconciles "$N"
    upgrade_ends
    [ "$(kubectl get namespace "$ns" -o jsonpath='{.metadata.labels.istio\.io/rev}')" = "$old" ]
    [ -z "$(kubectl get namespace "$ns" -o jsonpath='{.metadata.annotations.kubectl-sail/previous-revision}')" ]
}

@test "--wait: on timeout names what still uses the old revision; once the operator prunes it, the same command ends" {
    local old="$N-v1-29-6" new="$N-v1-30-3" ns
    "$INSTALL_BIN" "$N" -n "$CP" --version v1.29.6 --update-strategy RevisionBased --revision-grace-period 0 >/dev/null
    operator_reconciles "$N"
    ns=$(app_ns app "istio.io/rev=$old")
    injected_deployment "$ns" web "$old" v1.29.6
    # --restart=none: the pod keeps the old revision in use
    upgrade_in_background "$N" --version v1.30.3 --yes --timeout 120s --restart=none
    wait_for --timeout 30 version_is "$N" v1.30.3
    operator_reconciles "$N"
    upgrade_ends
    grep -q "namespace/$ns relabeled" "$TMP/out"
    grep -q "Warning: deployment/web in namespace $ns runs a proxy of the old control plane (--restart=none: not restarted)" "$TMP/err"
    # with --wait, the same command ends at its deadline naming what uses it
    run --separate-stderr sail_upgrade "$N" --version v1.30.3 --yes --wait --timeout 8s --restart=none
    [ "$status" -eq 1 ]
    [[ $stderr == *"timed out waiting for the condition on istiorevisions/$old: it still exists; still in use by 1 pods ($ns/web-"* ]]

    upgrade_in_background "$N" --version v1.30.3 --yes --wait --timeout 180s --restart=none
    wait_for --timeout 30 grep -q "istiorevision.sailoperator.io/$new condition met (Ready)" "$TMP/out"
    # the workload goes; the old revision's pass finds it unused, and the
    # Istio's reconcile prunes it (grace period 0)
    kubectl delete deployment web -n "$ns" --wait=false >/dev/null
    wait_for --timeout 60 no_pods "$ns"
    operator_reconciles_revision "$old"
    operator_reconciles "$N"
    upgrade_ends
    [ "$(tail -n1 "$TMP/out")" = "istiorevision.sailoperator.io/$old condition met (Deleted)" ]
}

@test "refused before any change: EOL and unknown versions, downgrade, too many minors, CNI skew, no operator" {
    "$INSTALL_BIN" "$N" -n "$CP" --version v1.29.6 >/dev/null
    operator_reconciles "$N"
    local rv
    rv=$(kubectl get istio "$N" -o jsonpath='{.metadata.resourceVersion}')
    run --separate-stderr sail_upgrade "$N" --version v1.28.10 --yes
    [ "$status" -eq 1 ]
    [[ $stderr == "error: cannot upgrade Istio \"$N\": version \"v1.28.10\" is end-of-life"* ]]
    run --separate-stderr sail_upgrade "$N" --version v1.29.5 --yes
    [ "$stderr" = "error: cannot upgrade Istio \"$N\": v1.29.5 is older than v1.29.6, the version of Istio \"$N\": a downgrade needs --allow-downgrade (or --rollback to undo the last kubectl sail upgrade)" ]
    run --separate-stderr sail_upgrade "$N" --version v1.31.0-beta.1 --yes
    [ "$stderr" = "error: cannot upgrade Istio \"$N\": v1.29.6 to v1.31.0-beta.1 crosses 2 minor versions; InPlace upgrades cross at most 1: go to v1.30-latest first (a RevisionBased control plane may cross two)" ]
    run --separate-stderr sail_upgrade "$N" --rollback --yes
    [[ $stderr == *"has no kubectl-sail/previous-version annotation"* ]]
    run --separate-stderr sail_upgrade nope --version v1.30.3 --yes
    [ "$stderr" = 'error: istios.sailoperator.io "nope" not found' ]
    run --separate-stderr sail_upgrade "$N" --version v1.30.3 -o json
    [ "$stderr" = "error: -o json prints the plan: add --plan" ]
    [ "$(kubectl get istio "$N" -o jsonpath='{.metadata.resourceVersion}')" = "$rv" ]
}

@test "refused: an IstioCNI that would be two minors away" {
    "$INSTALL_BIN" "$N" -n "$CP" --version v1.29.6 --update-strategy RevisionBased --cni >/dev/null
    defer kubectl delete istiocni default --ignore-not-found --wait=false
    operator_reconciles_cni
    operator_reconciles "$N"
    run --separate-stderr sail_upgrade "$N" --version v1.31.0-beta.1 --yes
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: cannot upgrade Istio \"$N\": IstioCNI \"default\" is at v1.29.6, more than one minor version from v1.31.0-beta.1: upgrade it first (kubectl sail upgrade cni --version v1.31.0-beta.1) or pass --cni" ]
    version_is "$N" v1.29.6
}

@test "refused: an operator that does not reconcile" {
    operator_stand_in_only "the operator never leaves a spec change unreconciled"
    "$INSTALL_BIN" "$N" -n "$CP" --version v1.29.6 --update-strategy RevisionBased >/dev/null
    operator_reconciles "$N"
    # a spec change the operator never sees
    kubectl patch istio "$N" --type=merge -p '{"spec":{"values":{"pilot":{"env":{"X":"1"}}}}}' >/dev/null
    # a plan only warns
    run --separate-stderr sail_upgrade "$N" --version v1.30.3 --plan
    [ "$status" -eq 0 ]
    [[ $stderr == "Warning: Istio \"$N\" has not been reconciled"*"The upgrade itself would stop here" ]]
    run --separate-stderr sail_upgrade "$N" --version v1.30.3 --yes
    [ "$status" -eq 1 ]
    [[ $stderr == "error: Istio \"$N\" has not been reconciled for 30 s"*"is the Sail Operator running?"* ]]
    version_is "$N" v1.29.6
}

@test "-f - with --dry-run=client prints the upgraded Istio without a server" {
    run --separate-stderr env KUBECONFIG=/nonexistent "$UPGRADE_BIN" -f - --version v1.30-latest --dry-run=client -o yaml <<'EOF'
apiVersion: sailoperator.io/v1
kind: Istio
metadata:
  name: default
  resourceVersion: "7"
spec:
  version: v1.29.6
  namespace: istio-system
status:
  state: Healthy
EOF
    [ "$status" -eq 0 ]
    [ "$output" = "apiVersion: sailoperator.io/v1
kind: Istio
metadata:
  annotations:
    kubectl-sail/previous-version: v1.29.6
  name: default
spec:
  namespace: istio-system
  version: v1.30-latest" ]
}
