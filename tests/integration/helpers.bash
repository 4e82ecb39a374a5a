# Helpers for the bats integration tests. Load with `load helpers` in a .bats
# file. It defines a default teardown(); a file that needs its own teardown
# must call helpers_teardown from it.
# shellcheck shell=bash
# shellcheck disable=SC2034 # variables are used by the test files

INTEGRATION_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$INTEGRATION_DIR/../.." && pwd)
CLUSTER_SCRIPTS="$REPO/tests/cluster"
CLUSTERS_DIR="$REPO/build/clusters"
export SAIL_SHARED_DIR=${SAIL_SHARED_DIR:-$REPO/../shared}

# The clusters the suite starts once per run (setup_suite) and stops at the
# end (teardown_suite), plus throwaway clusters that single tests may start.
SAIL_SUITE_CLUSTERS=(cluster1 cluster2)
SAIL_TMP_CLUSTERS=(harness-tmp harness-nodes upgrade-nodes operator-nodes)

# The project's C binaries (built by the top-level Makefile into build/bin).
# They may not exist yet; tests that need one should call require_sail_bin.
SAIL_BIN_DIR="$REPO/build/bin"
SAIL="$SAIL_BIN_DIR/kubectl-sail"
export SAIL_BIN_DIR SAIL
case ":$PATH:" in
    *":$SAIL_BIN_DIR:"*) ;;
    *) PATH="$SAIL_BIN_DIR:$PATH" ;;
esac

# require_sail_bin NAME: fail the test unless build/bin/NAME is executable.
require_sail_bin() {
    local bin="$SAIL_BIN_DIR/${1:-kubectl-sail}"
    [[ -x $bin ]] || { echo "missing $bin: build the plugins first (make)" >&2; return 1; }
}

# defer CMD...: run CMD when the current test ends (in reverse order), even
# if the test failed. Survives being called from a command substitution.
defer() {
    local f="${BATS_TEST_TMPDIR:?defer must be used inside a test}/.deferred"
    printf '%q ' "$@" >>"$f"
    printf '\n' >>"$f"
}

helpers_teardown() {
    local f="${BATS_TEST_TMPDIR:-}/.deferred" line
    [[ -n ${BATS_TEST_TMPDIR:-} && -s $f ]] || return 0
    # Reverse order; a failing clean-up step must not hide the test result.
    while IFS= read -r line; do
        eval "$line" >/dev/null 2>&1 || echo "# clean-up failed: $line" >&3
    done < <(tac "$f")
    rm -f "$f"
}

teardown() {
    helpers_teardown
}

# fresh_ns [--context CTX] [PREFIX]: create a namespace unique to this test,
# set NS to its name, print it, and delete it when the test ends.
fresh_ns() {
    local ctx_args=() prefix=t
    if [[ ${1:-} == --context ]]; then
        ctx_args=(--context "$2")
        shift 2
    fi
    prefix=${1:-$prefix}
    local base
    base=$(printf '%s' "${BATS_TEST_NAME:-test}" | tr '[:upper:]_' '[:lower:]-' | tr -cd 'a-z0-9-' | cut -c1-30)
    NS="$prefix-${BATS_SUITE_TEST_NUMBER:-0}-$base-$RANDOM$RANDOM"
    NS=$(printf '%s' "$NS" | cut -c1-63 | sed 's/-*$//')
    kubectl "${ctx_args[@]}" create namespace "$NS" >/dev/null || {
        echo "fresh_ns: could not create namespace $NS" >&2
        return 1
    }
    defer kubectl "${ctx_args[@]}" delete namespace "$NS" --wait=false --ignore-not-found
    echo "$NS"
}

# wait_for [--timeout SECONDS] [--interval SECONDS] [--message TEXT] CMD...:
# run CMD until it succeeds; fail with TEXT and CMD's last output when the
# deadline passes. Defaults: 60 s timeout, 0.5 s interval.
wait_for() {
    local timeout=60 interval=0.5 message=""
    while (($#)); do
        case $1 in
            --timeout) timeout=$2; shift 2 ;;
            --interval) interval=$2; shift 2 ;;
            --message) message=$2; shift 2 ;;
            --) shift; break ;;
            *) break ;;
        esac
    done
    (($#)) || { echo "wait_for: no command given" >&2; return 2; }
    local deadline=$((SECONDS + timeout)) out
    while true; do
        if out=$("$@" 2>&1); then
            return 0
        fi
        if ((SECONDS >= deadline)); then
            echo "wait_for: timed out after ${timeout}s: ${message:-$*}" >&2
            echo "wait_for: last output of '$*':" >&2
            printf '%s\n' "$out" >&2
            return 1
        fi
        sleep "$interval"
    done
}

# pid_alive PID: the process exists and is not a zombie.
pid_alive() {
    local state
    [[ -r /proc/$1/stat ]] || return 1
    state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
    [[ -n $state && $state != Z && $state != X ]]
}

# cluster_pids NAME: the PIDs recorded by tests/cluster/up for NAME.
cluster_pids() {
    cat "$CLUSTERS_DIR/$1"/pids/*.pid 2>/dev/null
}

# ---------------------------------------------------------------- injection
# Pods "injected" as Istio's injector writes them: istioctl kube-inject (built
# by tests/cluster/build-istio) with the injector configuration istioctl
# renders for the test's Istio, not sidecar fields written by hand.
ISTIOCTL="$REPO/build/tools/bin/istioctl"

# injector_config CLUSTER NS ISTIO DIR: the injector configuration
# tests/cluster/istiod --render gives for the Istio ISTIO (spec.namespace NS)
# of CLUSTER, copied to DIR (config, values, mesh); kept when DIR has it.
injector_config() {
    local root
    [[ -s $4/config ]] && return 0
    root=$("$CLUSTER_SCRIPTS/istiod" "$1" --render -n "$2" --istio "$3" | sed -n 's/^ISTIOD_ROOT=//p')
    [[ -n $root && -s $root/var/lib/istio/inject/config ]] ||
        { echo "injector_config: no injector configuration rendered for Istio $3 of $1" >&2; return 1; }
    mkdir -p "$4"
    cp "$root/var/lib/istio/inject/config" "$4/config"
    cp "$root/var/lib/istio/inject/values" "$4/values"
    cp "$root/etc/istio/config/mesh" "$4/mesh"
}

# kube_inject DIR REV VALUES IN OUT: istioctl kube-inject of the manifest IN
# into OUT as revision REV's injector would inject it: DIR's configuration
# (injector_config) with VALUES (JSON: what the revision's injector ConfigMap
# holds, e.g. the proxy image's hub and tag) over the rendered values.
kube_inject() {
    jq --arg rev "$2" --argjson v "$3" '(. * $v) + {revision: (if $rev == "default" then "" else $rev end)}' \
        "$1/values" >"$5.values"
    "$ISTIOCTL" kube-inject -f "$4" -o "$5" --revision "$2" --injectConfigFile "$1/config" \
        --valuesFile "$5.values" --meshConfigFile "$1/mesh"
}
