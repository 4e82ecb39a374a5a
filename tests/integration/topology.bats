#!/usr/bin/env bats
# kubectl sail install for mesh topologies against the suite's two real API
# servers (contexts cluster1 and cluster2, Sail and Istio CRDs, no Sail
# Operator, no cloud controller). Each cluster side of the seeds' models is
# one install line; the Istios it writes are compared with the seeds'
# heredocs after normalising (the seeds' versions become v1.30.3, "default"
# becomes the test's own Istio name, addresses are test addresses), and
# the gateways with the reference manifests in the shared sail-api folder.
#
# Two stand-ins (operator.bash): a cloud controller writes a LoadBalancer
# Service's address (cloud_controller_lb_address), and the operator
# reconciles an Istio (operator_reconciles_istio: its active revision).
# Every cluster-scoped object has a name unique to the test and is deleted
# when it ends (with the test's namespaces on both clusters).

load helpers
load operator

bats_require_minimum_version 1.5.0

INSTALL_BIN=${SAIL_BIN:-$SAIL_BIN_DIR}/kubectl-sail-install
REFERENCE=$SAIL_SHARED_DIR/sail-api/reference
V=v1.30.3

setup() {
    [[ -x $INSTALL_BIN ]] || { echo "missing $INSTALL_BIN: build it (make)" >&2; return 1; }
    kubectl config use-context cluster1 >/dev/null
    N="topo-${BATS_SUITE_TEST_NUMBER}-$RANDOM"
    CP="$N-cp"
}

sail_install() { "$INSTALL_BIN" "$@"; }

# cleanup CONTEXT NAME NAMESPACE: delete the Istio and namespace at the end.
cleanup() {
    defer kubectl --context "$1" delete namespace "$3" --ignore-not-found --wait=false
    defer kubectl --context "$1" delete istio "$2" --ignore-not-found --wait=false
}

# values CONTEXT NAME: the Istio's spec.values as compact sorted JSON.
values() { kubectl --context "$1" get istio "$2" -o json | jq -cS '.spec.values'; }
# yaml_json: YAML on stdin -> compact sorted JSON.
yaml_json() { yq -cS . ; }

nothing_created() {
    run kubectl --context "$1" get istio "$N" -o name
    [ "$status" -ne 0 ]
    run kubectl --context "$1" get namespace "$CP" -o name
    [ "$status" -ne 0 ]
}

# ------------------------------------------------------------ multi-primary

@test "multi-primary: one line per cluster gives the seed's Istio, network label, east-west gateway and cross-network Gateway" {
    local c net
    for c in 1 2; do
        cleanup "cluster$c" "$N" "$CP"
        run --separate-stderr sail_install --context "cluster$c" "$N" -n "$CP" --version "$V" \
            --mesh-id mesh1 --cluster-name "cluster$c" --network "network$c" \
            --east-west-gateway --expose-services
        [ "$status" -eq 0 ] || { echo "$stderr"; false; }
        [ "${lines[0]}" = "namespace/$CP serverside-applied" ]
        [ "${lines[1]}" = "istio.sailoperator.io/$N serverside-applied" ]
        [ "${lines[9]}" = "gateway.networking.istio.io/cross-network-gateway serverside-applied" ]
        [ "${#lines[@]}" -eq 10 ]
        # the seed's step 1 / step 5 heredoc, values only
        [ "$(values "cluster$c" "$N")" = "$(yaml_json <<EOF
global:
  meshID: mesh1
  multiCluster:
    clusterName: cluster$c
  network: network$c
EOF
)" ]
        net=$(kubectl --context "cluster$c" get namespace "$CP" -o jsonpath='{.metadata.labels.topology\.istio\.io/network}')
        [ "$net" = "network$c" ]
        run kubectl --context "cluster$c" -n "$CP" get service istio-eastwestgateway \
            -o jsonpath='{.spec.type} {.metadata.labels.topology\.istio\.io/network} {.metadata.labels.istio\.io/rev}'
        [ "$output" = "LoadBalancer network$c $N" ]
        run kubectl --context "cluster$c" -n "$CP" get deployment istio-eastwestgateway \
            -o jsonpath='{.spec.template.metadata.labels.istio\.io/rev} {.spec.template.spec.containers[0].image}'
        [ "$output" = "$N auto" ]
        kubectl --context "cluster$c" -n "$CP" get gateways.networking.istio.io cross-network-gateway -o name
    done
}

# ------------------------------------------------------------ gateways vs the references

# reference FILE: the reference manifest as a sorted JSON array.
reference() { yq -cS '[., inputs] | map(select(. != null))' "$REFERENCE/$1"; }
# rendered ARGS...: what install prints, the same way.
rendered() { sail_install "$@" --dry-run=client -o yaml | yq -cS '[., inputs] | map(select(. != null))'; }

@test "gateways: east-west-gateway equals the references net1 and net2 field for field" {
    local n
    for n in 1 2; do
        run rendered east-west-gateway --network "network$n"
        [ "$status" -eq 0 ]
        [ "$output" = "$(reference "east-west-gateway-net$n.yaml")" ] || {
            diff <(jq . <<<"$output") <(reference "east-west-gateway-net$n.yaml" | jq .); false; }
    done
}

@test "gateways: expose-services and expose-istiod equal the references once placed in the namespace" {
    # parametrised: the references carry no namespace (the docs apply them with -n)
    run rendered expose-services
    [ "$output" = "$(reference expose-services.yaml | jq -cS 'map(.metadata.namespace = "istio-system")')" ]
    run rendered expose-istiod
    [ "$output" = "$(reference expose-istiod.yaml | jq -cS 'map(.metadata.namespace = "istio-system")')" ]
}

@test "gateways: controlplane-gateway equals the reference except the image and the injection that resolves it" {
    run rendered controlplane-gateway
    [ "$status" -eq 0 ]
    # the parametrised fields: image auto, injected with the gateway template
    [ "$output" = "$(reference controlplane-gateway.yaml | jq -cS 'map(if .kind == "Deployment" then
        .spec.template.spec.containers[0].image = "auto"
        | .spec.template.metadata.annotations += {"sidecar.istio.io/inject": "true", "inject.istio.io/templates": "gateway"}
        | .spec.template.metadata.labels["sidecar.istio.io/inject"] = "true" else . end)')" ]
}

@test "gateways: the parametrised fields follow -n, --network and --revision" {
    run rendered east-west-gateway --network net7 -n mesh-ns --revision canary
    [ "$status" -eq 0 ]
    [ "$(jq -r '[.[].metadata.namespace] | unique | join(",")' <<<"$output")" = mesh-ns ]
    [ "$(jq -r '.[] | select(.kind == "Deployment") | .spec.template.metadata.labels["istio.io/rev"]' <<<"$output")" = canary ]
    [ "$(jq -r '.[] | select(.kind == "Service") | .metadata.labels["topology.istio.io/network"]' <<<"$output")" = net7 ]
    run rendered expose-istiod -n mesh-ns --revision canary
    [ "$(jq -r '.[1].spec.tls[].route[0].destination.host' <<<"$output" | sort -u)" = istiod-canary.mesh-ns.svc.cluster.local ]
    run --separate-stderr sail_install east-west-gateway --dry-run=client
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: east-west-gateway needs --network (the gateway's network)" ]
    run --separate-stderr sail_install expose-services --mesh-id mesh1 --dry-run=client
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: install expose-services takes --network, --revision, --istio, -n, --wait and --timeout only" ]
    run --separate-stderr sail_install expose-services --wait
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: --wait: expose-services makes no Service to wait for" ]
}

@test "gateways: --wait prints the Service's load-balancer address once a cloud controller writes it" {
    cleanup cluster1 "$N" "$CP"
    kubectl create namespace "$CP" >/dev/null
    sail_install east-west-gateway -n "$CP" --network network1 --wait --timeout 60s \
        >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
    local pid=$!
    wait_for kubectl -n "$CP" get service istio-eastwestgateway
    cloud_controller_lb_address --context cluster1 "$CP" istio-eastwestgateway 192.0.2.44
    wait "$pid" || { cat "$BATS_TEST_TMPDIR/err"; false; }
    [ "$(tail -n 1 "$BATS_TEST_TMPDIR/out")" = 192.0.2.44 ]
    grep -qx "service/istio-eastwestgateway serverside-applied" "$BATS_TEST_TMPDIR/out"
}

# ------------------------------------------------------------ primary-remote

@test "primary-remote: the primary's line, then the remote's with --primary-context reading the gateway address and cluster name" {
    cleanup cluster1 "$N" "$CP"
    cleanup cluster2 "$N" "$CP"
    run --separate-stderr sail_install --context cluster1 "$N" -n "$CP" --version "$V" \
        --mesh-id mesh1 --cluster-name cluster1 --network network1 \
        --external-istiod --east-west-gateway --expose-istiod --expose-services
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$(values cluster1 "$N")" = "$(yaml_json <<EOF
pilot:
  env:
    EXTERNAL_ISTIOD: "true"
global:
  meshID: mesh1
  multiCluster:
    clusterName: cluster1
  network: network1
EOF
)" ]
    kubectl -n "$CP" get gateways.networking.istio.io istiod-gateway cross-network-gateway -o name
    [ "$(kubectl -n "$CP" get virtualservice istiod-vs -o jsonpath='{.spec.tls[0].route[0].destination.host}')" = "istiod-$N.$CP.svc.cluster.local" ]

    # no address yet: refused, nothing created on cluster2
    run --separate-stderr sail_install --context cluster2 "$N" -n "$CP" --version "$V" \
        --remote --cluster-name remote --network network2 --primary-context cluster1
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: --primary-context cluster1: service \"istio-eastwestgateway\" in namespace \"$CP\" has no load-balancer address yet (status.loadBalancer.ingress is empty) (install it there with 'kubectl sail install east-west-gateway --network NETWORK --wait')" ]
    nothing_created cluster2

    cloud_controller_lb_address --context cluster1 "$CP" istio-eastwestgateway 192.0.2.10
    run --separate-stderr sail_install --context cluster2 "$N" -n "$CP" --version "$V" \
        --remote --cluster-name remote --network network2 --primary-context cluster1
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    # the seed's step 5 heredoc, and its step 6 annotation and label
    [ "$(kubectl --context cluster2 get istio "$N" -o jsonpath='{.spec.profile}')" = remote ]
    [ "$(values cluster2 "$N")" = "$(yaml_json <<EOF
istiodRemote:
  injectionPath: /inject/cluster/remote/net/network2
global:
  remotePilotAddress: 192.0.2.10
EOF
)" ]
    run kubectl --context cluster2 get namespace "$CP" \
        -o jsonpath='{.metadata.annotations.topology\.istio\.io/controlPlaneClusters} {.metadata.labels.topology\.istio\.io/network}'
    [ "$output" = "cluster1 network2" ]
}

@test "primary-remote: --remote refusals name what is missing, and nothing is created" {
    run --separate-stderr sail_install --context cluster2 "$N" -n "$CP" --remote --cluster-name c --network n
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: --remote needs --remote-pilot-address ADDR or --primary-context CTX" ]
    run --separate-stderr sail_install --context cluster2 "$N" -n "$CP" --remote --cluster-name c \
        --network n --remote-pilot-address 192.0.2.1
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: --remote needs --control-plane-cluster NAME (the primary's cluster name) or --primary-context CTX" ]
    run --separate-stderr sail_install --context cluster2 "$N" -n "$CP" --primary-context cluster1
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: --primary-context needs --remote" ]
    run --separate-stderr sail_install cni --network n
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: 'install cni' takes no topology flags: they configure an Istio" ]
    nothing_created cluster2
}

# ------------------------------------------------------------ external control plane

@test "external control plane: controlplane-gateway, the config cluster's Istio and the external istiod with its routes" {
    local EXT="$N-ext"
    cleanup cluster1 "$N" "$CP"
    cleanup cluster1 "$EXT" "$EXT"
    cleanup cluster2 "$EXT" "$EXT"
    # step 1 and 2: a control plane for the gateways, and the ingress gateway
    sail_install --context cluster1 "$N" -n "$CP" --version "$V" --network network1 >/dev/null
    sail_install --context cluster1 controlplane-gateway -n "$CP" --istio "$N" \
        --wait --timeout 60s >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
    local pid=$!
    wait_for kubectl -n "$CP" get service istio-ingressgateway
    cloud_controller_lb_address --context cluster1 "$CP" istio-ingressgateway 192.0.2.20
    wait "$pid" || { cat "$BATS_TEST_TMPDIR/err"; false; }
    local addr
    addr=$(tail -n 1 "$BATS_TEST_TMPDIR/out")
    [ "$addr" = 192.0.2.20 ]
    [ "$(kubectl -n "$CP" get deployment istio-ingressgateway -o jsonpath='{.metadata.labels.istio\.io/rev}')" = "$N" ]

    # step 4: the config (remote) cluster
    run --separate-stderr sail_install --context cluster2 --external-control-plane config --name "$EXT" \
        -n "$EXT" --external-istiod-address "$addr" --cluster-name cluster2 --network network1 --version "$V"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$(kubectl --context cluster2 get istio "$EXT" -o jsonpath='{.spec.profile} {.spec.namespace}')" = "remote $EXT" ]
    [ "$(values cluster2 "$EXT")" = "$(yaml_json <<EOF
defaultRevision: $EXT
global:
  istioNamespace: $EXT
  remotePilotAddress: 192.0.2.20
  configCluster: true
pilot:
  configMap: true
istiodRemote:
  injectionPath: /inject/cluster/cluster2/net/network1
EOF
)" ]

    # step 7 and 8: the external istiod and the Gateway/VirtualService to it
    run --separate-stderr sail_install --context cluster1 --external-control-plane istiod --name "$EXT" \
        -n "$EXT" --external-istiod-address "$addr" --cluster-name cluster2 --network network1 \
        --mesh-id mesh1 --expose-external-istiod --version "$V"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$(kubectl get istio "$EXT" -o jsonpath='{.spec.profile}')" = empty ]
    [ "$(values cluster1 "$EXT")" = "$(yaml_json <<EOF
meshConfig:
  rootNamespace: $EXT
  defaultConfig:
    discoveryAddress: 192.0.2.20:15012
pilot:
  enabled: true
  volumes:
    - name: config-volume
      configMap:
        name: istio-$EXT
    - name: inject-volume
      configMap:
        name: istio-sidecar-injector-$EXT
  volumeMounts:
    - name: config-volume
      mountPath: /etc/istio/config
    - name: inject-volume
      mountPath: /var/lib/istio/inject
  env:
    INJECTION_WEBHOOK_CONFIG_NAME: "istio-sidecar-injector-$EXT-$EXT"
    VALIDATION_WEBHOOK_CONFIG_NAME: "istio-validator-$EXT-$EXT"
    EXTERNAL_ISTIOD: "true"
    LOCAL_CLUSTER_SECRET_WATCHER: "true"
    CLUSTER_ID: cluster2
    SHARED_MESH_CONFIG: istio
global:
  caAddress: 192.0.2.20:15012
  istioNamespace: $EXT
  operatorManageWebhooks: true
  configValidation: false
  meshID: mesh1
  multiCluster:
    clusterName: cluster2
  network: network1
EOF
)" ]
    run kubectl -n "$EXT" get virtualservice external-istiod-vs -o jsonpath='{.spec.gateways[0]} {.spec.tls[*].route[0].destination.host}'
    [ "$output" = "external-istiod-gw istiod-$EXT.$EXT.svc.cluster.local istiod-$EXT.$EXT.svc.cluster.local" ]
    run kubectl -n "$EXT" get gateways.networking.istio.io external-istiod-gw -o jsonpath='{.spec.selector.istio} {.spec.servers[*].port.number}'
    [ "$output" = "ingressgateway 15012 15017" ]
}

# ------------------------------------------------------------ multiple meshes

@test "multiple meshes: the seed's two Istios with discovery selectors; an overlapping third is refused naming the other" {
    cleanup cluster1 "$N-a" "$CP-a"
    cleanup cluster1 "$N-b" "$CP-b"
    run --separate-stderr sail_install "$N-a" -n "$CP-a" --version "$V" --discovery-selector "mesh=$N-a"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    run --separate-stderr sail_install "$N-b" -n "$CP-b" --version "$V" --discovery-selector "mesh=$N-b"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$(values cluster1 "$N-a")" = "$(yaml_json <<EOF
meshConfig:
  discoverySelectors:
  - matchLabels:
      mesh: $N-a
EOF
)" ]
    # istiod watches its own root namespace
    [ "$(kubectl get namespace "$CP-a" -o jsonpath='{.metadata.labels.mesh}')" = "$N-a" ]
    [ "$(kubectl get namespace "$CP-b" -o jsonpath='{.metadata.labels.mesh}')" = "$N-b" ]

    run --separate-stderr sail_install "$N" -n "$CP" --version "$V" --discovery-selector "mesh=$N-a" \
        --discovery-selector team=x
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: Istio \"$N\" would discover the same namespaces as Istio \"$N-a\" (namespace $CP-a, selectors mesh=$N-a); the meshes of one cluster must not overlap: choose a --discovery-selector that none of their namespaces can match" ]
    nothing_created cluster1

    # a third mesh without selectors discovers every namespace: both are named
    run --separate-stderr sail_install "$N" -n "$CP" --version "$V"
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: Istio \"$N\" would discover the same namespaces as Istio \"$N-a\" (namespace $CP-a, selectors mesh=$N-a), Istio \"$N-b\" (namespace $CP-b, selectors mesh=$N-b); the meshes of one cluster must not overlap: without discovery selectors it discovers every namespace; give it --discovery-selector KEY=VALUE with a label only its own namespaces carry" ]
    nothing_created cluster1

    # install namespace then adds the mesh's discovery label
    local app="$N-app"
    defer kubectl delete namespace "$app" --ignore-not-found --wait=false
    sail_install namespace "$app" --istio "$N-b" >/dev/null
    [ "$(kubectl get namespace "$app" -o jsonpath='{.metadata.labels.mesh} {.metadata.labels.istio\.io/rev}')" = "$N-b $N-b" ]
}

@test "multiple meshes: an Istio without selectors selects every namespace, so a new mesh beside it is refused" {
    cleanup cluster1 "$N-all" "$CP-all"
    sail_install "$N-all" -n "$CP-all" --version "$V" >/dev/null
    run --separate-stderr sail_install "$N" -n "$CP" --version "$V" --discovery-selector "mesh=$N"
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: Istio \"$N\" would discover the same namespaces as Istio \"$N-all\" (namespace $CP-all, no discovery selectors: every namespace); the meshes of one cluster must not overlap: give Istio \"$N-all\" discovery selectors first (kubectl sail install $N-all -n $CP-all --discovery-selector KEY=VALUE), then install this one" ]
    nothing_created cluster1
    # a second one without selectors either
    run --separate-stderr sail_install "$N" -n "$CP" --version "$V"
    [ "$status" -eq 1 ]
    [[ $stderr == "error: Istio \"$N\" would discover the same namespaces as Istio \"$N-all\" (namespace $CP-all, no discovery selectors: every namespace); "*"without discovery selectors it discovers every namespace"* ]]
    nothing_created cluster1
    # the fix the message names: selectors on the first, then the second installs
    sail_install "$N-all" --discovery-selector "mesh=$N-all" >/dev/null
    cleanup cluster1 "$N" "$CP"
    sail_install "$N" -n "$CP" --version "$V" --discovery-selector "mesh=$N" >/dev/null
}

@test "multiple meshes: an Istio of profile remote runs no istiod here and does not count" {
    cleanup cluster1 "$N-r" "$CP-r"
    kubectl apply --server-side -f - >/dev/null <<EOF
apiVersion: sailoperator.io/v1
kind: Istio
metadata: {name: $N-r}
spec: {namespace: $CP-r, version: $V, profile: remote}
EOF
    cleanup cluster1 "$N" "$CP"
    sail_install "$N" -n "$CP" --version "$V" >/dev/null
}

# ------------------------------------------------------------ dual-stack, tracing, Kiali

@test "dual-stack: the seed's values in a client dry run; a single-stack cluster is refused with the server's reason" {
    run --separate-stderr sail_install "$N" -n "$CP" --version "$V" --dual-stack --dry-run=client -o json
    [ "$status" -eq 0 ]
    [ "$(jq -cS '.items[] | select(.kind == "Istio") | .spec.values' <<<"$output")" = "$(yaml_json <<EOF
meshConfig:
  defaultConfig:
    proxyMetadata:
      ISTIO_DUAL_STACK: "true"
pilot:
  ipFamilyPolicy: RequireDualStack
  env:
    ISTIO_DUAL_STACK: "true"
EOF
)" ]
    run --separate-stderr sail_install "$N" -n "$CP" --version "$V" --dual-stack
    [ "$status" -eq 1 ]
    [[ $stderr == "error: --dual-stack: this cluster is not dual-stack (a server-side dry run of a RequireDualStack Service was refused: "*"RequireDualStack"*")" ]]
    nothing_created cluster1
}

@test "tracing: --tracing otel writes the seed's enableTracing and extension provider" {
    cleanup cluster1 "$N" "$CP"
    run --separate-stderr sail_install "$N" -n "$CP" --version "$V" --tracing otel \
        --otel-service otel-collector.istio-system.svc.cluster.local:4317
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$(values cluster1 "$N")" = "$(yaml_json <<EOF
meshConfig:
  enableTracing: true
  extensionProviders:
  - name: otel-tracing
    opentelemetry:
      port: 4317
      service: otel-collector.istio-system.svc.cluster.local
EOF
)" ]
}

@test "kiali: the seed's Kiali with the Istio's active revision; applying without the Kiali CRD is refused" {
    cleanup cluster1 "$N" "$CP"
    sail_install "$N" -n "$CP" --version "$V" --update-strategy RevisionBased >/dev/null
    operator_reconciles_istio "$N"
    [ "$(kubectl get istio "$N" -o jsonpath='{.status.activeRevisionName}')" = "$N-v1-30-3" ]
    run --separate-stderr sail_install kiali --istio "$N" -n "$CP" --dry-run=client -o yaml
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$(yaml_json <<<"$output")" = "$(yaml_json <<EOF
apiVersion: kiali.io/v1alpha1
kind: Kiali
metadata:
  name: kiali
  namespace: $CP
spec:
  external_services:
    grafana:
      enabled: false
    istio:
      component_status:
        enabled: false
      config_map_name: istio-$N-v1-30-3
      istio_sidecar_injector_config_map_name: istio-sidecar-injector-$N-v1-30-3
      istiod_deployment_name: istiod-$N-v1-30-3
      url_service_version: 'http://istiod-$N-v1-30-3.$CP:15014/version'
EOF
)" ]
    run --separate-stderr sail_install kiali --istio "$N" -n "$CP"
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: this cluster does not serve kiali.io/v1alpha1 (the Kiali operator is not installed): install it first, or print the resource with --dry-run=client -o yaml" ]
}

# ------------------------------------------------------------ networking CRDs absent

@test "gateways: without Istio's networking API the user is told so, before anything is applied" {
    # Every cluster of the suite has Istio's CRDs; a stand-in server that
    # answers 404 to every request plays a cluster without them.
    local tmp=$BATS_TEST_TMPDIR
    python3 "$REPO/tests/helper/bad-server.py" html404 "$tmp/port" &
    local pid=$!
    defer kill "$pid"
    wait_for test -s "$tmp/port"
    cat >"$tmp/config" <<EOF
apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "http://127.0.0.1:$(cat "$tmp/port")"}}]
users: [{name: u, user: {}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
current-context: c
EOF
    run --separate-stderr sail_install expose-services --kubeconfig "$tmp/config"
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: this cluster does not serve networking.istio.io (Istio's Gateway and VirtualService CRDs are not installed): install a control plane first (kubectl sail install) and try again" ]
    [ -z "$output" ]
}
