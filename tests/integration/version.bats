#!/usr/bin/env bats
# kubectl sail version and completion against cluster1 of the suite: the
# versions of what runs there (an Istio installed by the plugin, its
# revision, a tag, an IstioCNI and injected pods, status written by the
# operator stand-in), and completion naming the same objects.

load helpers
load operator

bats_require_minimum_version 1.5.0

setup() {
    require_sail_bin
    kubectl config use-context cluster1 >/dev/null
    N="ver-${BATS_SUITE_TEST_NUMBER}-$RANDOM"
}

# An Istio $N at v1.29.6 in namespace $N (InPlace: its revision is $N),
# a tag $N-tag, and a namespace $N-app with three injected pods, two with
# the 1.29.6 proxy and one still on 1.28.0.
mesh() {
    defer kubectl delete istio "$N" --ignore-not-found --wait=false
    defer kubectl delete istiorevision "$N" --ignore-not-found --wait=false
    defer kubectl delete istiorevisiontag "$N-tag" --ignore-not-found --wait=false
    defer kubectl delete namespace "$N" "$N-app" --ignore-not-found --wait=false
    "$SAIL" install "$N" -n "$N" --version v1.29.6 --tag "$N-tag" >/dev/null
    operator_reconciles "$N"
    kubectl create namespace "$N-app" >/dev/null
    kubectl label namespace "$N-app" istio.io/rev="$N" >/dev/null
    local p tag
    for p in a:1.29.6 b:1.29.6 c:1.28.0; do
        tag=${p#*:}
        jq -n --arg ns "$N-app" --arg n "${p%%:*}" --arg rev "$N" --arg img "docker.io/istio/proxyv2:$tag" '
          {apiVersion: "v1", kind: "Pod",
           metadata: {name: $n, namespace: $ns,
             annotations: {"sidecar.istio.io/status": ({containers: ["istio-proxy"], revision: $rev} | tojson)}},
           spec: {containers: [{name: "app", image: "app:1"}, {name: "istio-proxy", image: $img}]}}' |
            kubectl create -f - >/dev/null
    done
}

@test "version: Kubernetes, the Istio's version and revision, proxies counted, -o json" {
    mesh
    run --separate-stderr "$SAIL" version
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [[ $output == *"Client Version: v"* ]]
    server=$(kubectl version -o json | jq -r .serverVersion.gitVersion)
    [[ $output == *"Kubernetes Version: $server"* ]]
    [[ $output == *"Control Plane Version: v1.29.6 (Istio $N in $N, revision $N)"* ]]
    run --separate-stderr "$SAIL" version -o json
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$(jq -r .serverVersion.gitVersion <<<"$output")" = "$server" ]
    [ "$(jq -r --arg n "$N" '.istios[] | select(.name == $n) | "\(.version) \(.activeRevision) \(.namespace)"' <<<"$output")" = "v1.29.6 $N $N" ]
    [ "$(jq -r --arg n "$N" '.revisions[] | select(.name == $n) | .version' <<<"$output")" = v1.29.6 ]
    # every proxy of the cluster is counted once, by version
    total=$(jq '[.dataPlane[].proxies] | add' <<<"$output")
    [ "$total" -ge 3 ]
    run --separate-stderr "$SAIL" version --short
    [ "$status" -eq 0 ]
    [[ $output == *"Control Plane Version: v1.29.6"* ]]
    [[ $output != *"Build:"* && $output != *"(Istio "* ]]
}

@test "version: an unreachable context prints the client, then the error, exit 1" {
    run --separate-stderr "$SAIL" version --server https://127.0.0.1:1 --insecure-skip-tls-verify
    [ "$status" -eq 1 ]
    [[ $output == "Client Version: v"* ]]
    [[ $stderr == *"127.0.0.1:1"* ]]
}

@test "completion names the cluster's Istios, revisions, tags and namespaces" {
    mesh
    complete() { "$SAIL_BIN_DIR/kubectl_complete-sail" "$@" | sed -e '$d' -e 's/\t.*//'; }
    [[ $(complete status "$N") == "$N"* ]]
    "$SAIL_BIN_DIR/kubectl_complete-sail" status "$N" | grep -qx "$N"$'\tv1.29.6 in '"$N"
    [ "$(complete upgrade "$N")" = "$N" ]
    [ "$(complete tag remove "$N")" = "$N-tag" ]
    [ "$(complete tag set x --revision "$N")" = "$N" ]
    [ "$(complete install --istio="$N")" = "--istio=$N" ]
    [ "$(complete install namespace "$N-a")" = "$N-app" ]
    [ "$(complete status -n "$N-a")" = "$N-app" ]
    [ "$(complete uninstall "$N" --cni "$N")" = "$N" ]
    # the context typed on the line is the one asked
    [ "$(complete status --context cluster2 -n "$N-a")" = "" ]
    "$SAIL_BIN_DIR/kubectl_complete-sail" status --context cluster1 -n "$N" | grep -qx ":4"
}
