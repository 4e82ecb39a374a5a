#!/usr/bin/env bats
# kubectl sail status against real API servers with the Sail CRDs and no
# Sail Operator. Where the view depends on what the operator writes, the
# tests write it themselves in helpers named as_operator_*, following the
# operator's specification: IstioRevisions owned by their Istio (so the
# real garbage collector removes them with it), status conditions written
# with `kubectl patch --subresource=status`, and the injector ConfigMap whose
# values name the proxy image. Injected pods are what Istio's injector writes:
# istioctl kube-inject with the injector configuration istioctl renders for
# the test's Istio and that ConfigMap's values (helpers' kube_inject).
# Pods stay Pending (no nodes), which the operator's rules count.
# Istio objects are cluster-scoped and shared with other tests: every name
# is unique to the test, and assertions select by name.

load helpers

bats_require_minimum_version 1.5.0

STATUS_BIN=${SAIL_BIN:-$SAIL_BIN_DIR}/kubectl-sail-status

setup() {
    [[ -x $STATUS_BIN ]] || { echo "missing $STATUS_BIN: build it (make)" >&2; return 1; }
    kubectl config use-context cluster1 >/dev/null
    N="st-${BATS_SUITE_TEST_NUMBER}-$RANDOM"
    CP="$N-cp"
}

sail_status() { "$STATUS_BIN" "$@"; }

# istio NAME [STRATEGY] [VERSION]: an Istio in namespace $CP, deleted at the end.
istio() {
    local name=$1 strategy=${2:-RevisionBased} version=${3:-v1.30.3}
    defer kubectl delete istio "$name" --ignore-not-found --wait=false
    kubectl apply --server-side -f - >/dev/null <<EOF
apiVersion: sailoperator.io/v1
kind: Istio
metadata:
  name: $name
spec:
  version: $version
  namespace: $CP
  updateStrategy:
    type: $strategy
EOF
}

# as_operator_revision ISTIO REV VERSION: the IstioRevision the operator
# creates for an Istio (ownerReference to it), ready and reconciled.
as_operator_revision() {
    local istio=$1 rev=$2 version=$3 uid
    uid=$(kubectl get istio "$istio" -o jsonpath='{.metadata.uid}')
    defer kubectl delete istiorevision "$rev" --ignore-not-found --wait=false
    kubectl apply --server-side -f - >/dev/null <<EOF
apiVersion: sailoperator.io/v1
kind: IstioRevision
metadata:
  name: $rev
  ownerReferences:
  - apiVersion: sailoperator.io/v1
    kind: Istio
    name: $istio
    uid: $uid
    controller: true
    blockOwnerDeletion: true
spec:
  version: $version
  namespace: $CP
  values:
    revision: $rev
    global:
      istioNamespace: $CP
EOF
}

# conditions REC READY DEPS [REASON MESSAGE]: status.conditions JSON; the
# first non-True one gets REASON and MESSAGE.
conditions() {
    jq -cn --arg r "$1" --arg y "$2" --arg d "$3" --arg reason "${4:-}" --arg msg "${5:-}" '
      [["Reconciled",$r],["Ready",$y],["DependenciesHealthy",$d]] | map(
        {type: .[0], status: .[1], lastTransitionTime: "2026-01-01T00:00:00Z",
         reason: (if .[1] == "True" then .[0] else $reason end),
         message: (if .[1] == "True" then "" else $msg end)})'
}

# as_operator_istio_status NAME STATE ACTIVE CONDITIONS [OBSERVED_GENERATION]:
# the Istio's status as the operator writes it (state = first non-True
# condition's reason, observedGeneration = generation unless given).
as_operator_istio_status() {
    local name=$1 state=$2 active=$3 conds=$4 og=${5:-} gen
    gen=$(kubectl get istio "$name" -o jsonpath='{.metadata.generation}')
    kubectl patch istio "$name" --subresource=status --type=merge -p "$(jq -cn \
        --arg s "$state" --arg a "$active" --argjson c "$conds" --argjson g "${og:-$gen}" \
        '{status: {observedGeneration: $g, state: $s, activeRevisionName: $a, conditions: $c,
                   revisions: {total: 1, ready: 1, inUse: 1}}}')" >/dev/null
}

# as_operator_tag_status TAG REV: the tag resolved, as the operator records it.
as_operator_tag_status() {
    kubectl patch istiorevisiontag "$1" --subresource=status --type=merge -p \
        "{\"status\":{\"observedGeneration\":1,\"istioRevision\":\"$2\",\"istiodNamespace\":\"$CP\",\"state\":\"Healthy\"}}" >/dev/null
}

# injector_values IMAGE_TAG: the values of an injector ConfigMap that injects
# the proxy image docker.io/istio/proxyv2:TAG.
injector_values() {
    printf '{"global":{"hub":"docker.io/istio","tag":"%s","proxy":{"image":"proxyv2"}}}' "$1"
}

# as_operator_injector REV IMAGE_TAG: the revision's injector ConfigMap, whose
# values say which proxy image it injects (docker.io/istio/proxyv2:TAG).
as_operator_injector() {
    kubectl create configmap "istio-sidecar-injector-$1" -n "$CP" \
        --from-literal=values="$(injector_values "$2")" >/dev/null
}

tag() {
    defer kubectl delete istiorevisiontag "$1" --ignore-not-found --wait=false
    kubectl apply --server-side -f - >/dev/null <<EOF
apiVersion: sailoperator.io/v1
kind: IstioRevisionTag
metadata:
  name: $1
spec:
  targetRef:
    kind: ${3:-IstioRevision}
    name: $2
EOF
}

# ns NAME [KEY=VALUE...]: a labelled namespace, deleted at the end.
ns() {
    local name=$1
    shift
    defer kubectl delete namespace "$name" --ignore-not-found --wait=false
    kubectl create namespace "$name" >/dev/null
    (($#)) && kubectl label namespace "$name" "$@" >/dev/null
    return 0
}

# pod NS NAME [--injected REV IMAGE_TAG] [KEY=VALUE labels...]: a pod; with
# --injected, injected by revision REV of Istio $N whose injector ConfigMap
# names proxy image TAG (istioctl kube-inject, see kube_inject).
pod() {
    local ns=$1 name=$2 rev="" image="" labels="{}" f
    shift 2
    if [[ ${1:-} == --injected ]]; then rev=$2 image=$3; shift 3; fi
    (($#)) && labels=$(printf '%s\n' "$@" | jq -Rn '[inputs | split("=") | {(.[0]): .[1]}] | add')
    f=$BATS_TEST_TMPDIR/pod-$ns-$name.json
    jq -n --arg ns "$ns" --arg n "$name" --argjson l "$labels" '
      {apiVersion: "v1", kind: "Pod", metadata: {name: $n, namespace: $ns, labels: $l},
       spec: {containers: [{name: "app", image: "app:1"}]}}' >"$f"
    if [[ -n $rev ]]; then
        injector_config cluster1 "$CP" "$N" "$BATS_TEST_TMPDIR/injector"
        kube_inject "$BATS_TEST_TMPDIR/injector" "$rev" "$(injector_values "$image")" "$f" "$f.injected"
        f=$f.injected
    fi
    kubectl create -f "$f" >/dev/null
}

# proxy_of NS NAME: what the injector wrote into the pod: the revision of its
# sidecar status annotation and its istio-proxy container's image.
proxy_of() {
    kubectl get pod -n "$1" "$2" -o json | jq -r '
      [(.metadata.annotations["sidecar.istio.io/status"] | fromjson | .revision),
       ([.spec.containers[], (.spec.initContainers // [])[] | select(.name == "istio-proxy")][0].image)] | join(" ")'
}

# A control plane: Istio $N (RevisionBased) with revisions $N-v1-30-3
# (active, injecting 1.30.3) and $N-v1-29-6, tag $N-stable -> active.
control_plane() {
    ns "$CP"
    istio "$N"
    as_operator_revision "$N" "$N-v1-30-3" v1.30.3
    as_operator_revision "$N" "$N-v1-29-6" v1.29.6
    as_operator_istio_status "$N" Healthy "$N-v1-30-3" "$(conditions True True True)"
    as_operator_injector "$N-v1-30-3" 1.30.3
    as_operator_injector "$N-v1-29-6" 1.29.6
    tag "$N-stable" "$N" Istio
    as_operator_tag_status "$N-stable" "$N-v1-30-3"
}

json() { sail_status "$@" -o json; }

# ---------------------------------------------------------------- in use

@test "in use: namespaces, tags and pods reference revisions by the operator's rules" {
    control_plane
    ns "$N-a" istio.io/rev="$N-stable"               # through the tag
    ns "$N-b" istio.io/rev="$N-v1-29-6"              # the old revision by name
    ns "$N-c" istio-injection=enabled istio.io/rev="$N-v1-29-6"  # injection wins: "default"
    ns "$N-d"                                        # references nothing
    pod "$N-d" by-label istio.io/rev="$N-v1-29-6"    # labels count in an unlabelled namespace
    pod "$N-d" opted-out sidecar.istio.io/inject=false istio.io/rev="$N-v1-29-6"
    pod "$N-d" via-tag istio.io/rev="$N-stable"
    pod "$N-a" annotated --injected "$N-v1-29-6" 1.29.6   # the annotation counts anywhere
    pod "$N-a" label-ignored istio.io/rev="$N-v1-29-6"     # labels do not: the namespace decides
    pod "$N-d" done --injected "$N-v1-29-6" 1.29.6
    kubectl patch pod -n "$N-d" done --subresource=status --type=merge -p '{"status":{"phase":"Succeeded"}}' >/dev/null
    run --separate-stderr json "$N"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    old=$(jq -c --arg r "$N-v1-29-6" '.revisions[] | select(.name == $r) | .inUseBy' <<<"$output")
    [ "$(jq -c '.namespaces' <<<"$old")" = "[\"$N-b\"]" ]
    [ "$(jq -c '.tags' <<<"$old")" = "[]" ]
    [ "$(jq '.pods' <<<"$old")" -eq 2 ]
    [ "$(jq -c '.podNames | sort' <<<"$old")" = "[\"$N-a/annotated\",\"$N-d/by-label\"]" ]
    new=$(jq -c --arg r "$N-v1-30-3" '.revisions[] | select(.name == $r)' <<<"$output")
    [ "$(jq -c '.inUseBy.tags' <<<"$new")" = "[\"$N-stable\"]" ]   # status.istioRevision
    [ "$(jq -c '.inUse' <<<"$new")" = true ]
    t=$(jq -c --arg t "$N-stable" '.tags[] | select(.name == $t)' <<<"$output")
    [ "$(jq -r '.revision' <<<"$t")" = "$N-v1-30-3" ]
    [ "$(jq -c '.inUseBy.namespaces' <<<"$t")" = "[\"$N-a\"]" ]
    [ "$(jq -c '.inUseBy.podNames' <<<"$t")" = "[\"$N-d/via-tag\"]" ]
    c=$(jq -c --arg n "$N-c" '.namespaces[] | select(.name == $n)' <<<"$output" || true)
    # $N-c references "default", not a revision of this Istio: filtered out
    [ -z "$c" ]
    run --separate-stderr json
    [ "$(jq -r --arg n "$N-c" '.namespaces[] | select(.name == $n) | .references' <<<"$output")" = default ]
    # the text view says the same
    run --separate-stderr sail_status "$N"
    [ "$status" -eq 0 ]
    printf '%s\n' "${lines[@]}" | grep -E "^IstioRevision +$N-v1-29-6 +$N +yes +$N-b +2: "
    printf '%s\n' "${lines[@]}" | grep -E "^IstioRevisionTag +$N-stable +$N-v1-30-3 +yes +$N-a +1: $N-d/via-tag$"
}

@test "in use: a revision nothing references says nothing blocks pruning" {
    control_plane
    run --separate-stderr sail_status "$N"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    printf '%s\n' "${lines[@]}" | grep -E "^IstioRevision +$N-v1-29-6 +$N +no \(nothing blocks pruning\) +<none> +<none>$"
    run json "$N"
    [ "$(jq --arg r "$N-v1-29-6" '.revisions[] | select(.name == $r) | .inUse' <<<"$output")" = false ]
}

# ---------------------------------------------------------------- workloads

@test "workloads: stale by revision, by proxy image (InPlace) and unreferenced" {
    control_plane
    ns "$N-a" istio.io/rev="$N-stable"
    pod "$N-a" current --injected "$N-v1-30-3" 1.30.3
    pod "$N-a" old-rev --injected "$N-v1-29-6" 1.29.6
    pod "$N-a" old-image --injected "$N-v1-30-3" 1.30.2
    pod "$N-a" plain
    ns "$N-gone"
    pod "$N-gone" orphan --injected "$N-v1-30-3" 1.30.3
    [ "$(proxy_of "$N-a" old-rev)" = "$N-v1-29-6 docker.io/istio/proxyv2:1.29.6" ]
    [ "$(proxy_of "$N-a" old-image)" = "$N-v1-30-3 docker.io/istio/proxyv2:1.30.2" ]
    run --separate-stderr json "$N"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    a=$(jq -c --arg n "$N-a" '.namespaces[] | select(.name == $n)' <<<"$output")
    [ "$(jq -r '.references' <<<"$a")" = "$N-stable" ]
    [ "$(jq -r '.resolvedRevision' <<<"$a")" = "$N-v1-30-3" ]
    [ "$(jq -c '.discoveredBy | index("'"$N"'") != null' <<<"$a")" = true ]
    [ "$(jq -c '[.pods.total, .pods.meshed, .pods.stale]' <<<"$a")" = "[4,3,2]" ]
    [ "$(jq -c --arg n "$N-v1-30-3" --arg o "$N-v1-29-6" '[.pods.byRevision[$n], .pods.byRevision[$o]]' <<<"$a")" = "[2,1]" ]
    [ "$(jq -c '.pods.stalePods | sort' <<<"$a")" = '["old-image (image)","old-rev (revision)"]' ]
    [ "$(jq -c '.pods.byImage["docker.io/istio/proxyv2:1.30.2"]' <<<"$a")" = 1 ]
    g=$(jq -c --arg n "$N-gone" '.namespaces[] | select(.name == $n)' <<<"$output")
    [ "$(jq -c '.pods.stalePods' <<<"$g")" = '["orphan (unreferenced)"]' ]
    run --separate-stderr sail_status "$N"
    printf '%s\n' "${lines[@]}" | grep -E "^$N-a +$N-stable +$N-v1-30-3 +.* 4 +3 +.* 2: "
}

# ---------------------------------------------------------------- verdicts

@test "verdicts: Healthy, an EOL version, a missing namespace, a lagging generation" {
    ns "$CP"
    istio "$N-ok"
    as_operator_istio_status "$N-ok" Healthy "$N-ok-v1-30-3" "$(conditions True True True)"
    istio "$N-eol" RevisionBased v1.24.0
    as_operator_istio_status "$N-eol" ReconcileError "" "$(conditions False Unknown True ReconcileError \
        'version "v1.24.0" is end-of-life and cannot be installed; use v1.30.3 or newer')"
    CP="$N-nowhere" istio "$N-nons"
    as_operator_istio_status "$N-nons" ReconcileError "" "$(conditions False Unknown True ReconcileError \
        "namespace \"$N-nowhere\" doesn't exist")"
    istio "$N-lag"
    as_operator_istio_status "$N-lag" Healthy "$N-lag-v1-30-3" "$(conditions True True True)" 0
    run --separate-stderr json
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    v() { jq -r --arg n "$1" '.istios[] | select(.name == $n) | .verdict' <<<"$output"; }
    [ "$(v "$N-ok")" = Healthy ]
    [ "$(v "$N-eol")" = 'Reconciled is False (ReconcileError): version "v1.24.0" is end-of-life and cannot be installed; use v1.30.3 or newer' ]
    [ "$(v "$N-nons")" = "Reconciled is False (ReconcileError): namespace \"$N-nowhere\" doesn't exist" ]
    [ "$(v "$N-lag")" = "status.observedGeneration 0 lags metadata.generation 1: the Sail Operator may not be running" ]
    [ "$(jq --arg n "$N-eol" '.istios[] | select(.name == $n) | .healthy' <<<"$output")" = false ]
    run --separate-stderr sail_status "$N-eol"
    printf '%s\n' "${lines[@]}" | grep -E "^Istio +$N-eol +Reconciled is False \(ReconcileError\): version"
    # the server's own table, with the CRD's printer columns
    [[ ${lines[1]} == NAME*NAMESPACE*PROFILE*REVISIONS*READY*"IN USE"*"ACTIVE REVISION"*STATUS*VERSION*AGE ]]
    printf '%s\n' "${lines[@]}" | grep -E "^$N-eol +$CP +.*ReconcileError +v1.24.0 +[0-9]+s$"
}

@test "--check: 0 when Healthy and nothing stale, 2 when unhealthy or stale, 1 when unreadable" {
    control_plane
    run sail_status "$N" --check
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    ns "$N-a" istio.io/rev="$N-stable"
    pod "$N-a" old --injected "$N-v1-29-6" 1.29.6
    run sail_status "$N" --check
    [ "$status" -eq 2 ]
    run sail_status "$N"          # without --check: readable is enough
    [ "$status" -eq 0 ]
    kubectl delete pod -n "$N-a" old --wait=false >/dev/null
    wait_for --timeout 30 bash -c "! kubectl get pod -n '$N-a' old 2>/dev/null"
    run sail_status "$N" --check
    [ "$status" -eq 0 ]
    as_operator_istio_status "$N" IstiodNotReady "$N-v1-30-3" "$(conditions True False True IstiodNotReady 'istiod not ready')"
    run sail_status "$N" --check
    [ "$status" -eq 2 ]
    run --separate-stderr sail_status "$N-missing" --check
    [ "$status" -eq 1 ]
    [ "$stderr" = "Error from server (NotFound): istios.sailoperator.io \"$N-missing\" not found" ]
}

# ---------------------------------------------------------------- shape

@test "-o json|yaml and --jq: the documented shape" {
    control_plane
    run --separate-stderr json "$N"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$(jq -c 'keys' <<<"$output")" = '["ambient","cni","context","installed","istios","multiCluster","namespaces","operator","remoteSecrets","revisions","tags","webhooks","ztunnel"]' ]
    [ "$(jq -r .context <<<"$output")" = cluster1 ]
    [ "$(jq -c '.istios[0] | keys' <<<"$output")" = '["activeRevision","healthy","name","namespace","revisions","state","updateStrategy","verdict","version"]' ]
    [ "$(jq -c '.revisions[0] | keys' <<<"$output")" = '["inUse","inUseBy","inUseCondition","istio","name","namespace","ready","state","version"]' ]
    [ "$(jq -c '.revisions[0].inUseBy | keys' <<<"$output")" = '["namespaces","podNames","pods","tags"]' ]
    [ "$(jq -c '.tags[0] | keys' <<<"$output")" = '["inUse","inUseBy","inUseCondition","name","revision","state","target"]' ]
    [ "$(jq -c '.webhooks[0] | keys' <<<"$output")" = '["injector","revision","validator"]' ]
    [ "$(jq -r '.istios[0].activeRevision' <<<"$output")" = "$N-v1-30-3" ]
    run --separate-stderr sail_status "$N" -o yaml
    [ "$status" -eq 0 ]
    [[ $output == *"context: cluster1"* ]]
    [[ $output == *"verdict: Healthy"* ]]
    run --separate-stderr sail_status "$N" --jq '.revisions[].name'
    [ "$status" -eq 0 ]
    [ "$(sort <<<"$output" | tr '\n' ' ')" = "$N-v1-29-6 $N-v1-30-3 " ]
    run --separate-stderr sail_status -o name
    [ "$status" -eq 1 ]
    [[ $stderr == *"-o name is not supported"* ]]
}

# ---------------------------------------------------------------- webhooks, secrets

@test "webhooks per revision and remote secrets in the control-plane namespace" {
    control_plane
    defer kubectl delete mutatingwebhookconfiguration "istio-sidecar-injector-$N-v1-30-3-$CP" --ignore-not-found
    kubectl apply -f - >/dev/null <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-sidecar-injector-$N-v1-30-3-$CP
EOF
    kubectl create secret generic "istio-remote-secret-$N-west" -n "$CP" --from-literal="$N-west=x" >/dev/null
    kubectl label secret -n "$CP" "istio-remote-secret-$N-west" istio/multiCluster=true >/dev/null
    kubectl annotate secret -n "$CP" "istio-remote-secret-$N-west" networking.istio.io/cluster="$N-west" >/dev/null
    kubectl create secret generic unrelated -n "$CP" --from-literal=a=b >/dev/null
    run --separate-stderr json "$N"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    w=$(jq -c --arg r "$N-v1-30-3" '.webhooks[] | select(.revision == $r)' <<<"$output")
    [ "$(jq -c '.injector' <<<"$w")" = "{\"name\":\"istio-sidecar-injector-$N-v1-30-3-$CP\",\"present\":true}" ]
    [ "$(jq -c '.validator' <<<"$w")" = "{\"name\":\"istio-validator-$N-v1-30-3-$CP\",\"present\":false}" ]
    [ "$(jq -c '.remoteSecrets' <<<"$output")" = "[{\"cluster\":\"$N-west\",\"name\":\"istio-remote-secret-$N-west\",\"namespace\":\"$CP\"}]" ]
    run --separate-stderr sail_status "$N"
    printf '%s\n' "${lines[@]}" | grep -E "^$CP +istio-remote-secret-$N-west +$N-west$"
    printf '%s\n' "${lines[@]}" | grep -E "^$N-v1-30-3 +istio-sidecar-injector-$N-v1-30-3-$CP \(present\) +istio-validator-$N-v1-30-3-$CP \(missing\)$"
}

# ---------------------------------------------------------------- contexts

@test "--contexts: two clusters in parallel, one unreachable, prefixed rows" {
    control_plane
    local kc="$BATS_TEST_TMPDIR/down.yaml"
    cat >"$kc" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: down
  cluster:
    server: https://127.0.0.1:1
    insecure-skip-tls-verify: true
users:
- name: down
  user:
    token: x
contexts:
- name: down
  context:
    cluster: down
    user: down
EOF
    export KUBECONFIG="$CLUSTERS_DIR/kubeconfig:$kc"
    run --separate-stderr sail_status --contexts cluster1,down --contexts cluster2
    [ "$status" -eq 1 ]
    [[ $stderr == *'context "down": The connection to the server 127.0.0.1:1 was refused'* ]]
    [[ ${lines[0]} == "Istio:" ]]
    [[ ${lines[1]} == CONTEXT*NAME*NAMESPACE* ]]
    printf '%s\n' "${lines[@]}" | grep -E "^cluster1 +$N +$CP +"
    printf '%s\n' "${lines[@]}" | grep -E "^cluster1 +Istio +$N +Healthy$"
    run --separate-stderr sail_status --contexts cluster1,down,cluster2 --jq '.items[].context'
    [ "$status" -eq 1 ]
    [ "$output" = $'cluster1\ncluster2' ]
    # every context of the kubeconfig files: "down" among them
    run --separate-stderr sail_status --all-contexts --jq '.items[].context'
    [ "$status" -eq 1 ]
    grep -qx cluster1 <<<"$output"
    grep -qx cluster2 <<<"$output"
    [[ $stderr == *'context "down": The connection to the server 127.0.0.1:1 was refused'* ]]
    run --separate-stderr sail_status --contexts cluster1 --context cluster2
    [ "$status" -eq 1 ]
    [[ $stderr == *"--contexts cannot be used with --context"* ]]
}

@test "nothing installed: a cluster of its own says so and exits 0" {
    defer "$CLUSTER_SCRIPTS/down" harness-tmp
    "$CLUSTER_SCRIPTS/up" harness-tmp >/dev/null
    local kc="$CLUSTERS_DIR/harness-tmp/kubeconfig"
    run --separate-stderr sail_status --kubeconfig "$kc"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$output" = "No Istio control planes found in context harness-tmp" ]
    run sail_status --kubeconfig "$kc" --check
    [ "$status" -eq 0 ]
    run --separate-stderr sail_status --kubeconfig "$kc" -o json
    [ "$(jq -c '[.installed, .istios, .revisions, .namespaces, .cni]' <<<"$output")" = '[false,[],[],[],null]' ]
}

# ---------------------------------------------------------------- watch

@test "--watch: redraws when a namespace starts referencing a revision" {
    control_plane
    local out="$BATS_TEST_TMPDIR/watch.out" pid
    "$STATUS_BIN" "$N" --watch >"$out" 2>&1 &
    pid=$!
    defer kill "$pid"
    wait_for --timeout 30 grep -qE "^IstioRevision +$N-v1-29-6 +$N +no " "$out"
    ! grep -q "$N-late" "$out"
    ns "$N-late" istio.io/rev="$N-v1-29-6"
    wait_for --timeout 30 grep -qE "^IstioRevision +$N-v1-29-6 +$N +yes +$N-late " "$out"
    grep -qE "^$N-late +$N-v1-29-6 +$N-v1-29-6 " "$out"
    pid_alive "$pid"
    run "$STATUS_BIN" --watch --contexts cluster1
    [ "$status" -eq 1 ]
    [[ $output == *"--watch shows one context"* ]]
}

@test "the operator's Deployment and its version, when it can be found" {
    control_plane
    ns "$N-op"
    defer kubectl delete deployment -n "$N-op" sail-operator --ignore-not-found --wait=false
    kubectl create deployment sail-operator -n "$N-op" --image=quay.io/sail-dev/sail-operator:1.27.1 >/dev/null
    run --separate-stderr json "$N"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$(jq -c '.operator | [.namespace, .name, .version, .installedBy, .ready, .crds]' <<<"$output")" = "[\"$N-op\",\"sail-operator\",\"1.27.1\",\"Deployment\",false,\"unknown\"]" ]
    kubectl label deployment -n "$N-op" sail-operator app.kubernetes.io/version=v1.27.2 >/dev/null
    run --separate-stderr sail_status "$N"
    printf '%s\n' "${lines[@]}" | grep -E "^$N-op +sail-operator +v1.27.2 +Deployment +False +unknown$"
}
