# Shared by tests/cluster/up and tests/cluster/down. Not meant to be run.
# shellcheck shell=bash
# shellcheck disable=SC2034 # variables are used by the scripts sourcing this

CLUSTER_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$CLUSTER_LIB_DIR/../.." && pwd)
SHARED=${SAIL_SHARED_DIR:-$REPO/../shared}
CLUSTERS_DIR="$REPO/build/clusters"
TOOLS_BIN="$REPO/build/tools/bin"
MERGED_KUBECONFIG="$CLUSTERS_DIR/kubeconfig"

# Components in start order; they are stopped in reverse order. A cluster
# started with --with-nodes adds kube-scheduler and kwok; what a cluster runs
# is recorded in DIR/components (cluster_components).
BASE_COMPONENTS=(etcd kube-apiserver kube-controller-manager)
NODE_COMPONENTS=(kube-scheduler kwok)
COMPONENTS=("${BASE_COMPONENTS[@]}")

# cluster_components DIR: the components of that cluster, one per line.
cluster_components() {
    if [[ -s $1/components ]]; then
        cat "$1/components"
    else
        printf '%s\n' "${BASE_COMPONENTS[@]}"
    fi
}

# The script's name for messages, e.g. "up" or "down".
PROG=${PROG:-$(basename "$0")}

die() { echo "$PROG: $*" >&2; exit 1; }
log() { echo "$PROG: $*" >&2; }

valid_name() {
    [[ $1 =~ ^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$ ]]
}

state_dir() { echo "$CLUSTERS_DIR/$1"; }

# pid_of DIR COMPONENT: the PID recorded for COMPONENT, or nothing.
pid_of() {
    local f="$1/pids/$2.pid" pid
    [[ -s $f ]] || return 0
    read -r pid <"$f" || true
    [[ $pid =~ ^[0-9]+$ ]] && echo "$pid"
    return 0
}

# pid_is_ours PID DIR: PID is alive and is a process we started for the
# cluster whose state lives in DIR (its command line names files under DIR).
# This guards against signalling an unrelated process that reused the PID.
pid_is_ours() {
    local pid=$1 dir=$2 cmdline
    [[ -r /proc/$pid/cmdline ]] || return 1
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    [[ $cmdline == *"$dir/"* ]]
}

# cluster_running DIR: every component recorded for DIR is alive.
cluster_running() {
    local dir=$1 c pid comps
    [[ -s $dir/kubeconfig ]] || return 1
    mapfile -t comps < <(cluster_components "$dir")
    for c in "${comps[@]}"; do
        pid=$(pid_of "$dir" "$c")
        [[ -n $pid ]] && pid_is_ours "$pid" "$dir" || return 1
    done
}

# stop_cluster_processes DIR [TIMEOUT]: TERM every recorded process of the
# cluster (istiods first, then controller-manager, ..., etcd last), wait up to TIMEOUT seconds
# for each, then KILL what is left. Only PIDs recorded in DIR/pids are touched.
stop_cluster_processes() {
    local dir=$1 timeout=${2:-${CLUSTER_STOP_TIMEOUT:-30}} i c pid deadline comps
    [[ -d $dir/pids ]] || return 0
    mapfile -t comps < <(cluster_components "$dir")
    # istiod processes (tests/cluster/istiod) are clients: stop them first.
    local f
    for f in "$dir"/pids/istiod-*.pid; do
        [[ -e $f ]] || continue
        f=${f##*/}
        comps+=("${f%.pid}")   # stopped in reverse order: first
    done
    for ((i = ${#comps[@]} - 1; i >= 0; i--)); do
        c=${comps[i]}
        pid=$(pid_of "$dir" "$c")
        [[ -n $pid ]] || continue
        if pid_is_ours "$pid" "$dir"; then
            kill -TERM "$pid" 2>/dev/null || true
            deadline=$((SECONDS + timeout))
            while pid_is_ours "$pid" "$dir" && ((SECONDS < deadline)); do
                sleep 0.1
            done
            if pid_is_ours "$pid" "$dir"; then
                log "$c (pid $pid) did not stop within ${timeout}s; sending KILL"
                kill -KILL "$pid" 2>/dev/null || true
                deadline=$((SECONDS + 10))
                while pid_is_ours "$pid" "$dir" && ((SECONDS < deadline)); do
                    sleep 0.1
                done
                pid_is_ours "$pid" "$dir" && { log "$c (pid $pid) survived KILL"; return 1; }
            fi
        fi
        rm -f "$dir/pids/$c.pid"
    done
}

# regenerate_merged_kubeconfig: build/clusters/kubeconfig holds one context
# per running cluster. Its current-context stays what it was if that cluster
# still runs, else it is the first running cluster by name.
regenerate_merged_kubeconfig() {
    mkdir -p "$CLUSTERS_DIR"
    (
        flock 8 2>/dev/null || true
        # Keep the merged file's current context while that cluster runs:
        # the first file listed in KUBECONFIG decides it.
        local d files=() current=""
        [[ -s $MERGED_KUBECONFIG ]] &&
            current=$(kubectl --kubeconfig="$MERGED_KUBECONFIG" config current-context 2>/dev/null || true)
        for d in "$CLUSTERS_DIR"/*/; do
            d=${d%/}
            [[ -d $d ]] || continue
            cluster_running "$d" || continue
            if [[ ${d##*/} == "$current" ]]; then
                files=("$d/kubeconfig" ${files[@]+"${files[@]}"})
            else
                files+=("$d/kubeconfig")
            fi
        done
        if ((${#files[@]} == 0)); then
            rm -f "$MERGED_KUBECONFIG"
            exit 0
        fi
        local joined tmp="$MERGED_KUBECONFIG.tmp.$$"
        joined=$(IFS=:; echo "${files[*]}")
        if ! KUBECONFIG="$joined" kubectl config view --flatten >"$tmp"; then
            rm -f "$tmp"
            echo "$PROG: could not merge kubeconfigs" >&2
            exit 1
        fi
        chmod 600 "$tmp"
        mv -f "$tmp" "$MERGED_KUBECONFIG"
    ) 8>"$CLUSTERS_DIR/.merge.lock"
}
