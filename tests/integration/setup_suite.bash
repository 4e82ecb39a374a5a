# bats runs setup_suite once before the first test file and teardown_suite
# once after the last, even when tests (or setup_suite itself) failed.
# shellcheck shell=bash

setup_suite() {
    load helpers

    "$CLUSTER_SCRIPTS/build-tools"
    "$CLUSTER_SCRIPTS/build-istio"

    # Start the suite's clusters side by side; each up is a no-op when that
    # cluster is already running.
    # The real lane (make test-operator) runs the given Sail Operator on
    # every cluster; operator.bash then waits for it instead of writing.
    local name pids=() rc=0 i with=()
    [[ ${SAIL_TEST_OPERATOR:-} != real ]] || with=(--with-operator)
    for name in "${SAIL_SUITE_CLUSTERS[@]}"; do
        "$CLUSTER_SCRIPTS/up" "$name" ${with[@]+"${with[@]}"} &
        pids+=($!)
    done
    for i in "${!pids[@]}"; do
        wait "${pids[i]}" || { echo "setup_suite: starting ${SAIL_SUITE_CLUSTERS[i]} failed" >&2; rc=1; }
    done
    ((rc == 0)) || return 1

    export KUBECONFIG="$CLUSTERS_DIR/kubeconfig"
    kubectl config use-context "${SAIL_SUITE_CLUSTERS[0]}" >/dev/null
}

teardown_suite() {
    load helpers
    if [[ ${SAIL_KEEP_CLUSTERS:-0} == 1 ]]; then
        echo "teardown_suite: SAIL_KEEP_CLUSTERS=1, leaving ${SAIL_SUITE_CLUSTERS[*]} running" >&2
        return 0
    fi
    # Only the clusters this suite uses: a developer's own clusters (e.g.
    # "dev") under build/clusters stay up.
    "$CLUSTER_SCRIPTS/down" "${SAIL_SUITE_CLUSTERS[@]}" "${SAIL_TMP_CLUSTERS[@]}" >&2
}
