#!/usr/bin/env bats
# kubectl sail remote-secret on the suite's two clusters (cluster1 and
# cluster2, KUBECONFIG with both contexts). Every test works in namespaces
# of its own (-n), so the ClusterRole istio-reader-clusterrole-<ns> is its
# own as well.

load helpers
load operator

bats_require_minimum_version 1.5.0

BIN=${SAIL_BIN:-$REPO/build/bin}
REF=$SAIL_SHARED_DIR/istio-reference/remote-secret/example-remote-bearer-token-istioctl-1.28plus.yaml
TEST_API=${SAIL_BUILD_DIR:-$REPO/build}/tests/test-api

setup() {
    [[ -x $BIN/kubectl-sail-remote_secret ]] || { echo "missing $BIN/kubectl-sail-remote_secret" >&2; return 1; }
    TMP=$BATS_TEST_TMPDIR
}

rs() { "$BIN/kubectl-sail" remote-secret "$@"; }

# The RBAC a run may create for namespace $1 (cluster-scoped).
cleanup_rbac() {
    defer kubectl --context "${2:-cluster1}" delete clusterrolebinding "istio-reader-clusterrole-$1" --ignore-not-found
    defer kubectl --context "${2:-cluster1}" delete clusterrole "istio-reader-clusterrole-$1" --ignore-not-found
}

# The same namespace name in cluster2 (the destination of --apply-to).
mirror_ns() {
    kubectl --context cluster2 create namespace "$1" >/dev/null
    defer kubectl --context cluster2 delete namespace "$1" --wait=false --ignore-not-found
}

# data key $2 of the Secret YAML file $1 (stringData), to stdout.
kubeconfig_of() {
    python3 -c 'import sys, yaml
d = [x for x in yaml.safe_load_all(open(sys.argv[1])) if x][0]
sys.stdout.write(d["stringData"][sys.argv[2]])' "$1" "$2"
}

# The variable parts of a printed Secret replaced by placeholders.
normalize() {
    sed -E -e 's/(certificate-authority-data:) .*/\1 CA/' -e 's/(server:) .*/\1 SERVER/' \
        -e 's/(token:) .*/\1 TOKEN/' -e "s/$2/NAME/g" -e 's/(namespace:) .*/\1 NS/' "$1"
}

@test "remote-secret: the printed Secret has istioctl's exact structure (token, CA, server aside)" {
    fresh_ns --context cluster1 rs >/dev/null
    cleanup_rbac "$NS"
    run --separate-stderr rs --context cluster1 --name cluster1 -n "$NS"
    [ "$status" -eq 0 ]
    printf '%s\n' "$output" >"$TMP/out.yaml"
    normalize "$TMP/out.yaml" cluster1 >"$TMP/ours"
    normalize "$REF" cluster1 >"$TMP/ref"
    diff -u "$TMP/ref" "$TMP/ours"
    grep -qx "  namespace: $NS" "$TMP/out.yaml"
    # the server is the context's, and a loopback one gets the warning
    grep -q "server: $(kubectl --context cluster1 config view --minify -o jsonpath='{.clusters[0].cluster.server}')" "$TMP/out.yaml"
    [[ $stderr == *"loopback address that other clusters cannot reach"* ]]
    # nothing but the Secret on stdout
    [[ $output != *Warning* ]]
    # the reader account, its token Secret and istioctl's RBAC were created
    kubectl --context cluster1 -n "$NS" get sa istio-reader-service-account
    kubectl --context cluster1 -n "$NS" get secret istio-reader-service-account-istio-remote-secret-token
    kubectl --context cluster1 get clusterrolebinding "istio-reader-clusterrole-$NS" -o jsonpath='{.subjects[0].namespace}' | grep -qx "$NS"
    # the CA is the token Secret's ca.crt
    want=$(kubectl --context cluster1 -n "$NS" get secret istio-reader-service-account-istio-remote-secret-token -o jsonpath='{.data.ca\.crt}')
    grep -q "certificate-authority-data: $want" "$TMP/out.yaml"
    # kubectl applies it as is
    kubectl --context cluster1 apply --dry-run=server -f "$TMP/out.yaml"
}

@test "remote-secret: the kubeconfig inside reads the source cluster as the reader account, and only reads" {
    fresh_ns --context cluster1 rs >/dev/null
    cleanup_rbac "$NS"
    rs --context cluster1 --name c1 -n "$NS" >"$TMP/out.yaml" 2>/dev/null
    kubeconfig_of "$TMP/out.yaml" c1 >"$TMP/kc"
    kubectl --kubeconfig "$TMP/kc" get ns "$NS"
    kubectl --kubeconfig "$TMP/kc" auth whoami -o jsonpath='{.status.userInfo.username}' |
        grep -qx "system:serviceaccount:$NS:istio-reader-service-account"
    run kubectl --kubeconfig "$TMP/kc" create namespace "forbidden-$NS"
    [ "$status" -ne 0 ]
    [[ $output == *Forbidden* || $output == *forbidden* ]]
    # and with our own client
    if [[ -x $TEST_API ]]; then
        "$TEST_API" --kubeconfig "$TMP/kc" get namespaces "$NS" >/dev/null
    fi
}

@test "remote-secret: --create-service-account=false without the account is one clear error" {
    fresh_ns --context cluster1 rs >/dev/null
    run --separate-stderr rs --context cluster1 --name c1 -n "$NS" --create-service-account=false
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [[ $stderr == *'service account "istio-reader-service-account" not found in namespace "'"$NS"'"'* ]]
    [[ $stderr == *--create-service-account=true* ]]
    [ "$(grep -c '^error:' <<<"$stderr")" -eq 1 ]
    run kubectl --context cluster1 -n "$NS" get sa istio-reader-service-account
    [ "$status" -ne 0 ]
}

@test "remote-secret: --type config uses istiod's account, istio-kubeconfig and the key config" {
    fresh_ns --context cluster1 rs >/dev/null
    kubectl --context cluster1 -n "$NS" create serviceaccount istiod >/dev/null
    run --separate-stderr rs --context cluster1 --name c1 -n "$NS" --type config --create-service-account=false
    [ "$status" -eq 0 ]
    printf '%s\n' "$output" >"$TMP/out.yaml"
    grep -qx '  name: istio-kubeconfig' "$TMP/out.yaml"
    grep -qx '  config: |' "$TMP/out.yaml"
    kubeconfig_of "$TMP/out.yaml" config >"$TMP/kc"
    kubectl --kubeconfig "$TMP/kc" auth whoami -o jsonpath='{.status.userInfo.username}' |
        grep -qx "system:serviceaccount:$NS:istiod"
}

@test "remote-secret: --server, --tls-server-name, -o json and an invalid name" {
    fresh_ns --context cluster1 rs >/dev/null
    cleanup_rbac "$NS"
    run --separate-stderr rs --context cluster1 --name c1 -n "$NS" --server https://10.9.8.7:6443 \
        --tls-server-name kubernetes.default.svc -o json
    [ "$status" -eq 0 ]
    [[ $stderr != *loopback* ]]
    jq -r '.stringData.c1' <<<"$output" >"$TMP/kc"
    grep -q 'server: https://10.9.8.7:6443' "$TMP/kc"
    grep -q 'tls-server-name: kubernetes.default.svc' "$TMP/kc"
    [ "$(jq -r '.metadata.labels["istio/multiCluster"]' <<<"$output")" = true ]
    run rs --context cluster1 --name Bad_Name -n "$NS"
    [ "$status" -eq 1 ]
    [[ $output == *"Bad_Name is not a valid DNS 1123 label"* ]]
}

@test "remote-secret: --server-from-node uses the control-plane node's InternalIP" {
    fresh_ns --context cluster1 rs >/dev/null
    cleanup_rbac "$NS"
    local node="rs-cp-$RANDOM$RANDOM"
    kubectl --context cluster1 apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $node
  labels: {node-role.kubernetes.io/control-plane: ""}
EOF
    defer kubectl --context cluster1 delete node "$node" --ignore-not-found
    kubelet_node_addresses --context cluster1 "$node" '[{"type":"Hostname","address":"cp"},{"type":"InternalIP","address":"172.18.0.9"}]'
    run --separate-stderr rs --context cluster1 --name c1 -n "$NS" --server-from-node
    [ "$status" -eq 0 ]
    [[ $output == *"server: https://172.18.0.9:6443"* ]]
    [[ $stderr != *loopback* ]]
}

@test "remote-secret: --token-expiration gives a bound token and prints its expiry" {
    fresh_ns --context cluster1 rs >/dev/null
    cleanup_rbac "$NS"
    run --separate-stderr rs --context cluster1 --name c1 -n "$NS" --token-expiration 1h
    [ "$status" -eq 0 ]
    [[ $stderr == *"expires at 20"* ]]
    printf '%s\n' "$output" >"$TMP/out.yaml"
    kubeconfig_of "$TMP/out.yaml" c1 >"$TMP/kc"
    kubectl --kubeconfig "$TMP/kc" get ns "$NS"
    # no long-lived token Secret was made
    run kubectl --context cluster1 -n "$NS" get secret istio-reader-service-account-istio-remote-secret-token
    [ "$status" -ne 0 ]
    # the JWT expires in about an hour
    local payload exp now
    payload=$(grep 'token:' "$TMP/kc" | awk '{print $2}' | cut -d. -f2 | tr '_-' '/+')
    while (( ${#payload} % 4 )); do payload+="="; done
    exp=$(base64 -d <<<"$payload" | jq .exp)
    now=$(date +%s)
    (( exp - now > 3000 && exp - now <= 3700 ))
    run rs --context cluster1 --name c1 -n "$NS" --token-expiration 1m
    [ "$status" -eq 1 ]
    [[ $output == *"at least 10m"* ]]
}

@test "remote-secret: --apply-to creates, leaves an identical secret alone, rotates a changed one" {
    fresh_ns --context cluster1 rs >/dev/null
    cleanup_rbac "$NS"
    # the target must have the namespace
    run rs --context cluster1 --name c1 -n "$NS" --apply-to cluster2
    [ "$status" -eq 1 ]
    [[ $output == *"namespace \"$NS\" not found in context \"cluster2\""*"--create-namespace"* ]]
    run rs --context cluster1 --name c1 -n "$NS" --apply-to cluster2 --create-namespace
    [ "$status" -eq 0 ]
    defer kubectl --context cluster2 delete namespace "$NS" --wait=false --ignore-not-found
    [[ $output == *"namespace/$NS created in context \"cluster2\""* ]]
    [[ $output == *"secret/istio-remote-secret-c1 created in context \"cluster2\""* ]]
    kubectl --context cluster2 -n "$NS" get secret istio-remote-secret-c1 -o jsonpath='{.metadata.labels.istio/multiCluster}' | grep -qx true
    local before after
    before=$(kubectl --context cluster2 -n "$NS" get secret istio-remote-secret-c1 -o jsonpath='{.data.c1}')
    run rs --context cluster1 --name c1 -n "$NS" --apply-to cluster2
    [ "$status" -eq 0 ]
    [[ $output == *"secret/istio-remote-secret-c1 unchanged in context \"cluster2\""* ]]
    # rotation: a recreated account (new UID, so a new token) means a new
    # kubeconfig (a legacy token's claims carry no time: deleting only the
    # token Secret gives the same token back)
    kubectl --context cluster1 -n "$NS" delete sa istio-reader-service-account >/dev/null
    kubectl --context cluster1 -n "$NS" delete secret istio-reader-service-account-istio-remote-secret-token --ignore-not-found >/dev/null
    run rs --context cluster1 --name c1 -n "$NS" --apply-to cluster2
    [ "$status" -eq 0 ]
    [[ $output == *"secret/istio-remote-secret-c1 configured in context \"cluster2\""* ]]
    after=$(kubectl --context cluster2 -n "$NS" get secret istio-remote-secret-c1 -o jsonpath='{.data.c1}')
    [ "$before" != "$after" ]
    # the rotated kubeconfig works from the destination's copy
    base64 -d <<<"$after" >"$TMP/kc"
    kubectl --kubeconfig "$TMP/kc" get ns "$NS"
}

@test "remote-secret: --mesh wires both directions of two clusters" {
    fresh_ns --context cluster1 rs >/dev/null
    mirror_ns "$NS"
    cleanup_rbac "$NS" cluster1
    cleanup_rbac "$NS" cluster2
    run rs --mesh cluster1,cluster2 -n "$NS"
    [ "$status" -eq 0 ]
    [[ $output == *"in context \"cluster2\""* && $output == *"in context \"cluster1\""* ]]
    local s1 s2
    s1=$(kubectl --context cluster1 -n "$NS" get secrets -l istio/multiCluster=true -o name)
    s2=$(kubectl --context cluster2 -n "$NS" get secrets -l istio/multiCluster=true -o name)
    [ "$(wc -l <<<"$s1")" -eq 1 ] && [ "$(wc -l <<<"$s2")" -eq 1 ]
    # cluster2's copy reads cluster1 and vice versa
    kubectl --context cluster2 -n "$NS" get "$s2" -o json | jq -r '.data | to_entries[0].value' | base64 -d >"$TMP/kc1"
    kubectl --context cluster1 -n "$NS" get "$s1" -o json | jq -r '.data | to_entries[0].value' | base64 -d >"$TMP/kc2"
    [ "$(kubectl --kubeconfig "$TMP/kc1" config view --minify -o jsonpath='{.clusters[0].cluster.server}')" = \
      "$(kubectl --context cluster1 config view --minify -o jsonpath='{.clusters[0].cluster.server}')" ]
    [ "$(kubectl --kubeconfig "$TMP/kc2" config view --minify -o jsonpath='{.clusters[0].cluster.server}')" = \
      "$(kubectl --context cluster2 config view --minify -o jsonpath='{.clusters[0].cluster.server}')" ]
    kubectl --kubeconfig "$TMP/kc1" get ns "$NS"
    kubectl --kubeconfig "$TMP/kc2" get ns "$NS"
    # a second run changes nothing
    run rs --mesh cluster1,cluster2 -n "$NS"
    [ "$status" -eq 0 ]
    [ "$(grep -c unchanged <<<"$output")" -eq 2 ]
}

@test "remote-secret: flag errors are reported before any cluster is touched" {
    run rs --context cluster1 --name c1 --server https://1.2.3.4:6443 --server-from-node
    [ "$status" -eq 1 ]
    [[ $output == *"--server and --server-from-node cannot be used together"* ]]
    run rs --mesh cluster1
    [ "$status" -eq 1 ]
    [[ $output == *"at least two contexts"* ]]
    run rs --mesh cluster1,cluster2 --name c1
    [ "$status" -eq 1 ]
    run rs --context cluster1 c1
    [ "$status" -eq 1 ]
    [[ $output == *'unexpected argument "c1"'* ]]
    run rs --context cluster1 --name c1 --type other
    [ "$status" -eq 1 ]
    run rs --context cluster1 --name c1 --dry-run=client
    [ "$status" -eq 1 ]
    [[ $output == *"--dry-run is not supported"* ]]
}

@test "remote-secret: --secret-name and --service-account; no --name means the kube-system UID" {
    fresh_ns --context cluster1 rs >/dev/null
    kubectl --context cluster1 -n "$NS" create serviceaccount reader >/dev/null
    kubectl --context cluster1 -n "$NS" apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Secret
metadata: {name: my-token, annotations: {kubernetes.io/service-account.name: reader}}
type: kubernetes.io/service-account-token
EOF
    kubectl --context cluster1 -n "$NS" create secret generic not-a-token >/dev/null
    local uid want
    uid=$(kubectl --context cluster1 get namespace kube-system -o jsonpath='{.metadata.uid}')
    run --separate-stderr rs --context cluster1 -n "$NS" --service-account reader --secret-name my-token \
        --create-service-account=false -o json
    [ "$status" -eq 0 ]
    [ "$(jq -r .metadata.name <<<"$output")" = "istio-remote-secret-$uid" ]
    jq -r --arg k "$uid" '.stringData[$k]' <<<"$output" >"$TMP/kc"
    want=$(kubectl --context cluster1 -n "$NS" get secret my-token -o jsonpath='{.data.token}' | base64 -d)
    [ -n "$want" ]
    grep -q "token: $want" "$TMP/kc"
    # the only token Secret is the one given: nothing else was created
    [ "$(kubectl --context cluster1 -n "$NS" get secrets --field-selector type=kubernetes.io/service-account-token -o name)" = secret/my-token ]
    run rs --context cluster1 -n "$NS" --name c1 --service-account reader --secret-name not-a-token --create-service-account=false
    [ "$status" -eq 1 ]
    [[ $output == *"secret $NS/not-a-token does not reference ServiceAccount reader"* ]]
    run rs --context cluster1 -n "$NS" --name c1 --service-account reader --secret-name missing --create-service-account=false
    [ "$status" -eq 1 ]
    [[ $output == *'secrets "missing" not found'* ]]
}
