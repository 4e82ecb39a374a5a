#!/usr/bin/env bats
# Checks the test harness itself: the clusters started by tests/cluster/up
# behave like the real Kubernetes the plugins will talk to.

load helpers

# ---------------------------------------------------------------- kubeconfigs

@test "cluster1's own kubeconfig reaches it with context cluster1" {
    local kc="$CLUSTERS_DIR/cluster1/kubeconfig"
    [ -s "$kc" ]
    run kubectl --kubeconfig "$kc" config current-context
    [ "$status" -eq 0 ]
    [ "$output" = cluster1 ]
    run kubectl --kubeconfig "$kc" get namespaces -o name
    [ "$status" -eq 0 ]
    [[ $output == *namespace/default* ]]
    [[ $output == *namespace/kube-system* ]]
}

@test "merged kubeconfig has a working context for each cluster" {
    [ "$KUBECONFIG" = "$CLUSTERS_DIR/kubeconfig" ]
    run kubectl config get-contexts -o name
    [ "$status" -eq 0 ]
    [[ $'\n'$output$'\n' == *$'\ncluster1\n'* ]]
    [[ $'\n'$output$'\n' == *$'\ncluster2\n'* ]]
    local ctx
    for ctx in cluster1 cluster2; do
        run kubectl --context "$ctx" get namespaces -o name
        [ "$status" -eq 0 ]
        [[ $output == *namespace/kube-system* ]]
    done
}

@test "cluster1 and cluster2 are separate clusters" {
    local s1 s2
    s1=$(kubectl config view -o jsonpath='{.clusters[?(@.name=="cluster1")].cluster.server}')
    s2=$(kubectl config view -o jsonpath='{.clusters[?(@.name=="cluster2")].cluster.server}')
    [[ $s1 == https://127.0.0.1:* ]]
    [[ $s2 == https://127.0.0.1:* ]]
    [ "$s1" != "$s2" ]
    fresh_ns --context cluster1 only-in-1 >/dev/null
    run kubectl --context cluster1 get namespace "$NS"
    [ "$status" -eq 0 ]
    run kubectl --context cluster2 get namespace "$NS"
    [ "$status" -ne 0 ]
    [[ $output == *NotFound* || $output == *"not found"* ]]
}

# ---------------------------------------------------------------- CRDs

@test "Sail CRDs are served" {
    local r
    for r in istios istiorevisions istiorevisiontags istiocnis ztunnels; do
        run kubectl get "$r.sailoperator.io" -A
        [ "$status" -eq 0 ] || { echo "kubectl get $r: $output"; false; }
    done
    run kubectl api-resources --api-group=sailoperator.io -o name
    [ "$status" -eq 0 ]
    [ "$(wc -l <<<"$output")" -eq 5 ]
}

@test "Istio API CRDs are served" {
    local r
    for r in virtualservices.networking.istio.io gateways.networking.istio.io \
        peerauthentications.security.istio.io telemetries.telemetry.istio.io \
        wasmplugins.extensions.istio.io; do
        run kubectl get "$r" -A
        [ "$status" -eq 0 ] || { echo "kubectl get $r: $output"; false; }
    done
}

# istio_manifest NAME VERSION FOO-VALUE-AS-YAML
istio_manifest() {
    cat <<EOF
apiVersion: sailoperator.io/v1
kind: Istio
metadata:
  name: $1
spec:
  version: $2
  namespace: istio-system
  values:
    pilot:
      env:
        FOO: $3
EOF
}

@test "API server validates Istio against the CRD schema" {
    # A version the CRD's enum accepts, read from the CRD itself.
    local version name="harness-$BATS_SUITE_TEST_NUMBER-$RANDOM"
    version=$(kubectl get crd istios.sailoperator.io \
        -o jsonpath='{.spec.versions[?(@.name=="v1")].schema.openAPIV3Schema.properties.spec.properties.version.enum[0]}')
    [ -n "$version" ]

    run kubectl apply -f - <<<"$(istio_manifest "$name" "$version" true)"
    [ "$status" -ne 0 ]
    [[ $output == *spec.values.pilot.env.FOO* ]]
    [[ $output == *string* ]]
    run kubectl get istio "$name"
    [ "$status" -ne 0 ]

    defer kubectl delete istio "$name" --ignore-not-found --wait=false
    run kubectl apply -f - <<<"$(istio_manifest "$name" "$version" '"true"')"
    [ "$status" -eq 0 ]
    run kubectl get istio "$name" -o jsonpath='{.spec.version} {.spec.values.pilot.env.FOO}'
    [ "$status" -eq 0 ]
    [ "$output" = "$version true" ]

    run kubectl apply -f - <<<"$(istio_manifest "$name-badversion" v0.0.0-nope '"x"')"
    [ "$status" -ne 0 ]
    [[ $output == *spec.version* ]]
}

# ---------------------------------------------------------------- controllers

@test "a Deployment gets a ReplicaSet and Pods (kube-controller-manager)" {
    fresh_ns >/dev/null
    run kubectl -n "$NS" create deployment web --image=registry.invalid/web:1 --replicas=2
    [ "$status" -eq 0 ]
    wait_for --timeout 60 --message "ReplicaSet owned by deployment web" \
        bash -c "kubectl -n '$NS' get rs -o jsonpath='{.items[*].metadata.ownerReferences[0].name}' | grep -qx web"
    wait_for --timeout 60 --message "2 pods of deployment web" \
        bash -c "[ \"\$(kubectl -n '$NS' get pods -l app=web -o name | wc -l)\" -eq 2 ]"
    # No nodes, no scheduler: the pods exist but stay Pending.
    run kubectl -n "$NS" get pods -l app=web -o jsonpath='{.items[*].status.phase}'
    [ "$status" -eq 0 ]
    [ "$output" = "Pending Pending" ]
}

# sa_token NS SECRET: the decoded token of a service-account-token Secret.
sa_token() {
    kubectl -n "$1" get secret "$2" -o jsonpath='{.data.token}' | base64 -d
}

@test "a service-account-token Secret gets its token, and RBAC applies to it" {
    fresh_ns >/dev/null
    kubectl -n "$NS" create serviceaccount reader
    kubectl -n "$NS" apply -f - <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: reader-token
  annotations:
    kubernetes.io/service-account.name: reader
type: kubernetes.io/service-account-token
EOF
    wait_for --timeout 60 --message "token filled into Secret reader-token" \
        bash -c "[ -n \"\$(kubectl -n '$NS' get secret reader-token -o jsonpath='{.data.token}')\" ]"
    local token
    token=$(sa_token "$NS" reader-token)
    [[ $token =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ ]]
    run kubectl -n "$NS" get secret reader-token -o jsonpath='{.data.ca\.crt}'
    [ -n "$output" ]

    # The token authenticates as the service account, which may list pods
    # (and nothing else) in its namespace once bound to a Role.
    kubectl -n "$NS" create role pod-reader --verb=get,list,watch --resource=pods
    kubectl -n "$NS" create rolebinding reader --role=pod-reader --serviceaccount="$NS:reader"
    local server
    server=$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')
    kubectl config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' |
        base64 -d >"$BATS_TEST_TMPDIR/ca.crt"
    as_reader() {
        kubectl --kubeconfig=/dev/null --server="$server" \
            --certificate-authority="$BATS_TEST_TMPDIR/ca.crt" --token="$token" "$@"
    }
    run as_reader -n "$NS" get pods
    [ "$status" -eq 0 ]
    run as_reader -n "$NS" create configmap nope --from-literal=a=b
    [ "$status" -ne 0 ]
    [[ $output == *forbidden* ]]
    [[ $output == *"system:serviceaccount:$NS:reader"* ]]
    run as_reader -n default get pods
    [ "$status" -ne 0 ]
    [[ $output == *forbidden* ]]
}

# ---------------------------------------------------------------- up / down

@test "up --with-operator without an operator binary given is refused, exit 2, nothing started" {
    run env -u SAIL_OPERATOR -u SAIL_OPERATOR_BIN "$CLUSTER_SCRIPTS/up" harness-tmp --with-operator
    [ "$status" -eq 2 ]
    [[ $output == "up: --with-operator needs a Sail Operator binary that you built: set SAIL_OPERATOR="* ]]
    run env SAIL_OPERATOR="$BATS_TEST_TMPDIR/none" "$CLUSTER_SCRIPTS/up" harness-tmp --with-operator
    [ "$status" -eq 2 ]
    [ "$output" = "up: SAIL_OPERATOR: '$BATS_TEST_TMPDIR/none' is not an executable file" ]
    [ ! -d "$CLUSTERS_DIR/harness-tmp" ]
}

@test "up --with-nodes: kwok's fake nodes are Ready, a Deployment rolls out and restarts; down stops all five processes" {
    local name=harness-nodes pids pid
    defer "$CLUSTER_SCRIPTS/down" "$name"
    run "$CLUSTER_SCRIPTS/up" "$name" --with-nodes
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    pids=$(cluster_pids "$name")
    [ "$(wc -w <<<"$pids")" -eq 5 ]
    run kubectl --context "$name" get nodes -l type=kwok \
        -o jsonpath='{range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}'
    [ "$output" = "kwok-node-1=True
kwok-node-2=True" ]
    kubectl --context "$name" create deployment web --image=example.invalid/web:1 --replicas=2 >/dev/null
    kubectl --context "$name" rollout status deployment/web --timeout=60s >/dev/null
    run kubectl --context "$name" get pods -l app=web -o jsonpath='{range .items[*]}{.status.phase}{"\n"}{end}'
    [ "$output" = "Running
Running" ]
    kubectl --context "$name" rollout restart deployment/web >/dev/null
    kubectl --context "$name" rollout status deployment/web --timeout=60s >/dev/null
    # a plain up of the running cluster keeps it as it is; --with-nodes on a
    # plain cluster is refused
    run "$CLUSTER_SCRIPTS/up" "$name"
    [[ $output == *"already running"* ]]
    run "$CLUSTER_SCRIPTS/up" cluster1 --with-nodes
    [ "$status" -ne 0 ]
    [[ $output == *"running without nodes; stop it first"* ]]

    run "$CLUSTER_SCRIPTS/down" "$name"
    [ "$status" -eq 0 ]
    for pid in $pids; do
        ! pid_alive "$pid" || { echo "pid $pid is still alive"; false; }
    done
}

@test "up of a running cluster says so and succeeds" {
    run "$CLUSTER_SCRIPTS/up" cluster1
    [ "$status" -eq 0 ]
    [[ $output == *"already running"* ]]
    run kubectl --context cluster1 get namespace default
    [ "$status" -eq 0 ]
}

@test "down stops every process of a throwaway cluster and removes its state" {
    local name=harness-tmp pid pids
    defer "$CLUSTER_SCRIPTS/down" "$name"
    run "$CLUSTER_SCRIPTS/up" "$name"
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    pids=$(cluster_pids "$name")
    [ "$(wc -w <<<"$pids")" -eq 3 ]
    for pid in $pids; do
        pid_alive "$pid"
    done
    run kubectl --context "$name" get namespace default
    [ "$status" -eq 0 ]
    # The suite's clusters are still in the merged kubeconfig.
    run kubectl config get-contexts -o name
    [[ $output == *cluster1* && $output == *cluster2* ]]

    run "$CLUSTER_SCRIPTS/down" "$name"
    [ "$status" -eq 0 ]
    for pid in $pids; do
        ! pid_alive "$pid" || { echo "pid $pid is still alive"; false; }
    done
    [ ! -e "$CLUSTERS_DIR/$name" ]
    run kubectl config get-contexts -o name
    [ "$status" -eq 0 ]
    [[ $'\n'$output$'\n' != *$'\n'"$name"$'\n'* ]]
    [[ $output == *cluster1* && $output == *cluster2* ]]
    run kubectl --context cluster1 get namespace default
    [ "$status" -eq 0 ]
}
