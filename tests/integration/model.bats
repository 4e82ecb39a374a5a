#!/usr/bin/env bats
# kubectl sail install --model on the suite's two real clusters (contexts
# cluster1 and cluster2): the whole mesh in one command must equal what
# the README's per-cluster lines give (objects compared after normalising
# names, UIDs, resource versions, cluster IPs and tokens), a second run
# must change nothing (resourceVersions unchanged), a run killed between
# its phases must converge when run again, and a refusal must leave both
# clusters untouched. Each test has its own Istio name and namespace (a
# second Istio without discovery selectors is refused on a cluster, so the
# per-cluster reference is deleted before the model runs).

load helpers
load operator

bats_require_minimum_version 1.5.0

V=v1.30.3

setup() {
    require_sail_bin
    TMP=$BATS_TEST_TMPDIR
    N="mdl-${BATS_SUITE_TEST_NUMBER}-$RANDOM"
    CP="$N-cp"
}

sail() { "$SAIL" "$@"; }

# cleanup NAME NAMESPACE: the Istio, the namespace and the reader RBAC
# remote-secret creates, on both clusters, when the test ends.
cleanup() {
    local c
    for c in cluster1 cluster2; do
        defer kubectl --context "$c" delete namespace "$2" --ignore-not-found --wait=false
        defer kubectl --context "$c" delete istio "$1" --ignore-not-found --wait=false
        defer kubectl --context "$c" delete clusterrolebinding "istio-reader-clusterrole-$2" --ignore-not-found
        defer kubectl --context "$c" delete clusterrole "istio-reader-clusterrole-$2" --ignore-not-found
    done
}

# The operator's part (operator.bash), once Istio ISTIO exists in CONTEXT:
# the reader account remote-secret waits for.
operator_installs_reader() {
    wait_for --timeout 120 kubectl --context "$1" get istio "$2" -o name
    operator_creates_reader --context "$1" "$2" "$3"
}

# readers_in_background ISTIO NS CONTEXT...: the stand-in above, beside a run.
readers_in_background() {
    local istio=$1 ns=$2 c
    shift 2
    for c in "$@"; do
        operator_installs_reader "$c" "$istio" "$ns" >/dev/null 2>&1 3>&- &
    done
}

# A CA for cluster1 and cluster2 in $TMP/certs (2048-bit keys: quicker).
make_ca() {
    sail ca root --out "$TMP/certs" --bits 2048 >/dev/null
    sail ca intermediate --root "$TMP/certs" --cluster cluster1 --cluster cluster2 \
        --out "$TMP/certs" --bits 2048 -n "$CP" >/dev/null
}

# snapshot CONTEXT NAME NAMESPACE: what a mesh member holds, normalised:
# the Istio's spec, the namespace's labels, and every object of the
# namespace we write (cacerts by value, remote secrets by key).
snapshot() {
    local ctx=$1 name=$2 ns=$3
    {
        kubectl --context "$ctx" get istio "$name" -o json | jq -S '{istio: .spec}'
        kubectl --context "$ctx" get namespace "$ns" -o json | jq -S '{labels: .metadata.labels}'
        kubectl --context "$ctx" -n "$ns" get secrets,serviceaccounts,deployments,services,poddisruptionbudgets,roles,rolebindings,horizontalpodautoscalers,gateways.networking.istio.io -o json |
            jq -S '[.items[] | select(.type != "kubernetes.io/service-account-token")
                | select(.metadata.name != "kube-root-ca.crt")
                | {kind, name: .metadata.name, labels: .metadata.labels,
                   annotations: ((.metadata.annotations // {}) | del(."kubectl.kubernetes.io/last-applied-configuration")),
                   spec: (.spec // null | if . and .clusterIP then del(.clusterIP, .clusterIPs) | .ports |= map(del(.nodePort)) else . end),
                   data: (if .metadata.name == "cacerts" then .data
                          elif .kind == "Secret" then (.data // {} | keys) else null end)}]
                | sort_by(.kind, .name)'
    } | sed -e "s/$ns/NS/g" -e "s/$name/NAME/g"
}

# versions CONTEXT NAME NAMESPACE: every resourceVersion a run could touch.
versions() {
    {
        kubectl --context "$1" get istio "$2" -o jsonpath='{.metadata.resourceVersion}{"\n"}'
        kubectl --context "$1" get namespace "$3" -o jsonpath='{.metadata.resourceVersion}{"\n"}'
        kubectl --context "$1" -n "$3" get secrets,serviceaccounts,deployments,services,gateways.networking.istio.io \
            -o jsonpath='{range .items[*]}{.kind}/{.metadata.name} {.metadata.resourceVersion}{"\n"}{end}'
    } | sort
}

nothing_anywhere() {
    local c
    for c in cluster1 cluster2; do
        run kubectl --context "$c" get istio "$N" -o name
        [ "$status" -ne 0 ]
        run kubectl --context "$c" get namespace "$CP" -o name
        [ "$status" -ne 0 ]
    done
}

model() {
    sail install "$N" -n "$CP" --version "$V" --model multi-primary \
        --contexts cluster1=network1,cluster2=network2 "$@"
}

@test "model multi-primary: one command equals the per-cluster lines, and a second run changes nothing" {
    local REF="$N-ref" c
    cleanup "$N" "$CP"
    cleanup "$REF" "$CP-ref"
    make_ca
    # the README's lines, one cluster at a time
    for c in cluster1 cluster2; do
        sail ca secret --dir "$TMP/certs/$c" --apply --context "$c" -n "$CP-ref" >/dev/null
        sail install "$REF" --context "$c" -n "$CP-ref" --version "$V" --mesh-id mesh1 \
            --cluster-name "$c" --network "network${c#cluster}" --east-west-gateway --expose-services >/dev/null
    done
    operator_installs_reader cluster1 "$REF" "$CP-ref"
    operator_installs_reader cluster2 "$REF" "$CP-ref"
    sail remote-secret --context cluster1 --name cluster1 -n "$CP-ref" --apply-to cluster2 2>/dev/null
    sail remote-secret --context cluster2 --name cluster2 -n "$CP-ref" --apply-to cluster1 2>/dev/null
    for c in cluster1 cluster2; do
        snapshot "$c" "$REF" "$CP-ref" >"$TMP/ref-$c"
        kubectl --context "$c" delete istio "$REF" >/dev/null
    done

    readers_in_background "$N" "$CP" cluster1 cluster2
    run --separate-stderr model --ca "$TMP/certs"
    wait
    [ "$status" -eq 0 ] || { echo "$output $stderr"; false; }
    [[ $output == *"cluster1: secret/cacerts created"* ]]
    [[ $output == *"cluster2: istio.sailoperator.io/$N serverside-applied"* ]]
    [[ $output == *"secret/istio-remote-secret-cluster1 created in context \"cluster2\""* ]]
    for c in cluster1 cluster2; do
        snapshot "$c" "$N" "$CP" >"$TMP/model-$c"
        diff -u "$TMP/ref-$c" "$TMP/model-$c"
        # not vacuous: the gateway, both secrets and the network label are there
        grep -q '"cross-network-gateway"' "$TMP/model-$c"
        grep -q '"cacerts"' "$TMP/model-$c"
        grep -q '"istio-remote-secret-cluster' "$TMP/model-$c"
        grep -q "\"network${c#cluster}\"" "$TMP/model-$c"
        versions "$c" "$N" "$CP" >"$TMP/rv1-$c"
    done

    # a second run changes nothing
    run --separate-stderr model --ca "$TMP/certs"
    [ "$status" -eq 0 ] || { echo "$output $stderr"; false; }
    [[ $output == *"cluster1: secret/cacerts unchanged"* ]]
    [[ $output == *"secret/istio-remote-secret-cluster2 unchanged in context \"cluster1\""* ]]
    for c in cluster1 cluster2; do
        versions "$c" "$N" "$CP" | diff -u "$TMP/rv1-$c" -
    done

    # status's mesh view of it: both secrets present, one root CA, two networks
    run --separate-stderr sail status --contexts cluster1,cluster2
    [[ $output == *"Mesh mesh1"* ]]
    [[ $output == *"remote secret for cluster2 in cluster1: present"* ]]
    [[ $output == *"remote secret for cluster1 in cluster2: present"* ]]
    [[ $output == *"root CA: the same in every cluster's cacerts"* ]]
    run --separate-stderr sail status --contexts cluster1,cluster2 -o dot
    [ "$(grep -c 'label="remote secret"' <<<"$output")" = 2 ]
    [[ $output == *'label="network network2"'* ]]
    run --separate-stderr sail status --contexts cluster1,cluster2 -o mermaid
    [ "$(grep -c -- '-->|remote secret|' <<<"$output")" = 2 ]
    # a missing secret is drawn dashed
    kubectl --context cluster1 -n "$CP" delete secret istio-remote-secret-cluster2 >/dev/null
    run --separate-stderr sail status --contexts cluster1,cluster2 -o dot
    [ "$(grep -c 'style=dashed' <<<"$output")" = 1 ]
}

@test "model multi-primary: --plan and -o json change nothing; ca --contexts writes the CA files --ca-generate then keeps" {
    cleanup "$N" "$CP"
    run --separate-stderr model --ca-generate "$TMP/gen" --plan
    [ "$status" -eq 0 ] || { echo "$output $stderr"; false; }
    [[ ${lines[0]} == "PHASE"*"CONTEXT"*"STEP"*"COMMAND" ]]
    [[ $output == *"(local)"*"kubectl sail ca root --out $TMP/gen"* ]]
    [[ $output == *"cluster2   istio "*"kubectl sail install $N --context cluster2 -n $CP --version $V --mesh-id mesh1 --cluster-name cluster2 --network network2 --east-west-gateway --expose-services"* ]]
    run --separate-stderr model --ca-generate "$TMP/gen" --plan -o json
    [ "$status" -eq 0 ]
    [ "$(jq -r '[.steps[].step] | join(" ")' <<<"$output")" = "ca-files ca-files ca-files cacerts cacerts istio istio remote-secrets remote-secrets" ]
    [ "$(jq -r '.steps[7].command | join(" ")' <<<"$output")" = "kubectl sail remote-secret --context cluster1 --name cluster1 -n $CP --apply-to cluster2" ]
    [ "$(jq -r '.clusters[1].network' <<<"$output")" = network2 ]
    [ ! -e "$TMP/gen" ]
    nothing_anywhere

    # the CA in one command: root, intermediates, each cacerts (and its namespace)
    run --separate-stderr sail ca --contexts cluster1,cluster2 --out "$TMP/gen" --apply --bits 2048 -n "$CP"
    [ "$status" -eq 0 ] || { echo "$output $stderr"; false; }
    [[ $output == *"cluster2: namespace/$CP created"* ]]
    openssl verify -CAfile "$TMP/gen/root-cert.pem" "$TMP/gen/cluster2/ca-cert.pem"
    local c
    for c in cluster1 cluster2; do
        kubectl --context "$c" -n "$CP" get secret cacerts -o jsonpath='{.data.root-cert\.pem}' | base64 -d | cmp - "$TMP/gen/root-cert.pem"
    done
    # the files are kept: no local step any more, and the same cacerts
    run --separate-stderr model --ca-generate "$TMP/gen" --plan -o json
    [ "$(jq -r '[.steps[] | select(.step == "ca-files")] | length' <<<"$output")" = 0 ]
    run --separate-stderr sail ca --contexts cluster1,cluster2 --out "$TMP/gen" --apply -n "$CP"
    [ "$status" -eq 0 ]
    [ "$(grep -c 'secret/cacerts unchanged' <<<"$output")" = 2 ]
}

@test "model multi-primary: killed between phases, the same command converges" {
    cleanup "$N" "$CP"
    make_ca
    local marker
    readers_in_background "$N" "$CP" cluster1 cluster2
    for marker in "secret/cacerts created" "serverside-applied"; do
        # a process group of its own, killed at once when the marker shows
        setsid "$SAIL" install "$N" -n "$CP" --version "$V" --model multi-primary \
            --contexts cluster1=network1,cluster2=network2 --ca "$TMP/certs" >"$TMP/out" 2>&1 &
        local pid=$!
        wait_for --timeout 60 grep -q "$marker" "$TMP/out"
        kill -KILL -- "-$pid" 2>/dev/null || true
        wait "$pid" || true
    done
    run --separate-stderr model --ca "$TMP/certs"
    [ "$status" -eq 0 ] || { echo "$output $stderr"; false; }
    for c in cluster1 cluster2; do
        kubectl --context "$c" -n "$CP" get secret cacerts "istio-remote-secret-cluster$((3 - ${c#cluster}))" -o name
        kubectl --context "$c" -n "$CP" get gateways.networking.istio.io cross-network-gateway -o name
        [ "$(kubectl --context "$c" get istio "$N" -o jsonpath='{.spec.values.global.multiCluster.clusterName}')" = "$c" ]
        versions "$c" "$N" "$CP" >"$TMP/rv-$c"
    done
    run --separate-stderr model --ca "$TMP/certs"
    [ "$status" -eq 0 ]
    for c in cluster1 cluster2; do
        versions "$c" "$N" "$CP" | diff -u "$TMP/rv-$c" -
    done
}

@test "model multi-primary: refusals name the context or flag, and leave both clusters untouched" {
    cleanup "$N" "$CP"
    make_ca
    # an unreachable context and an alias of cluster1, in a kubeconfig of the test's own
    local kc="$TMP/kubeconfig" server
    kubectl config view --raw >"$kc"
    server=$(kubectl --kubeconfig "$kc" config view --raw -o jsonpath='{.clusters[?(@.name=="cluster1")].cluster.server}')
    KUBECONFIG=$kc kubectl config set-cluster down --server=https://127.0.0.1:9 >/dev/null
    KUBECONFIG=$kc kubectl config set-context down --cluster=down --user=cluster1 >/dev/null
    KUBECONFIG=$kc kubectl config set-context alias1 --cluster=cluster1 --user=cluster1 >/dev/null
    [ -n "$server" ]

    run --separate-stderr env KUBECONFIG="$kc" "$SAIL" install "$N" -n "$CP" --model multi-primary \
        --contexts cluster1=n1,down=n2 --ca "$TMP/certs" --cluster-names cluster1,cluster2
    [ "$status" -eq 1 ]
    [[ $stderr == *'error: context "down": '*"127.0.0.1:9"* ]]
    [[ $stderr == *"error: nothing was changed in any context" ]]

    run --separate-stderr env KUBECONFIG="$kc" "$SAIL" install "$N" -n "$CP" --model multi-primary \
        --contexts cluster1,alias1 --cluster-names cluster1,cluster2
    [ "$status" -eq 1 ]
    [[ $stderr == 'error: contexts "cluster1" and "alias1" point at the same cluster'* ]]

    run --separate-stderr model --contexts nope=n3
    [ "$status" -eq 1 ]
    [ "$stderr" = 'error: context "nope" not found in the kubeconfig' ]
    run --separate-stderr sail install "$N" --model multi-primary --contexts cluster1=net/1,cluster2=n
    [ "$status" -eq 1 ]
    [[ $stderr == 'error: --contexts cluster1=net/1: network "net/1" is not a valid label value'* ]]
    run --separate-stderr sail install "$N" --model multi-primary --contexts cluster1
    [ "$status" -eq 1 ]
    [[ $stderr == *"needs --contexts with at least two contexts"* ]]

    # a CA directory that does not verify: cluster2's key is another one
    cp "$TMP/certs/cluster1/ca-key.pem" "$TMP/certs/cluster2/ca-key.pem"
    run --separate-stderr model --ca "$TMP/certs"
    [ "$status" -eq 1 ]
    [[ $stderr == "error: --ca $TMP/certs: $TMP/certs/cluster2 does not verify: "* ]]
    nothing_anywhere
}

@test "model multi-primary: --dry-run=client -o yaml prints each context's documents after its comment" {
    make_ca
    run --separate-stderr model --ca "$TMP/certs" --dry-run=client -o yaml
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "${lines[0]}" = "# context: cluster1" ]
    [ "$(grep -c '^# context: ' <<<"$output")" = 2 ]
    # cluster2's documents: its cacerts, namespace, Istio and gateways, as the per-cluster dry runs print them
    sed -n '/^# context: cluster2/,$p' <<<"$output" | grep -v '^#' >"$TMP/model"
    { sail ca secret --dir "$TMP/certs/cluster2" -n "$CP" -o yaml
      echo ---
      sail install "$N" --context cluster2 -n "$CP" --version "$V" --mesh-id mesh1 --cluster-name cluster2 \
          --network network2 --east-west-gateway --expose-services --dry-run=client -o yaml; } >"$TMP/ref"
    diff -u "$TMP/ref" "$TMP/model"
    nothing_anywhere
}

# A cloud controller's part (operator.bash): the load-balancer address of a
# Service, once the Service exists.
lb_address_when_there() {
    local ctx=$1 ns=$2 svc=$3 ip=$4
    wait_for --timeout 120 kubectl --context "$ctx" -n "$ns" get service "$svc" -o name
    cloud_controller_lb_address --context "$ctx" "$ns" "$svc" "$ip"
}

@test "model primary-remote: one command equals the per-cluster lines; upgrade and uninstall --contexts order control planes and remotes" {
    local REF="$N-ref" c
    cleanup "$N" "$CP"
    cleanup "$REF" "$CP-ref"
    make_ca
    # the README's lines (the remote named after its context here)
    sail ca secret --dir "$TMP/certs/cluster1" --apply --context cluster1 -n "$CP-ref" >/dev/null
    sail ca secret --dir "$TMP/certs/cluster2" --apply --context cluster2 -n "$CP-ref" >/dev/null
    sail install "$REF" --context cluster1 -n "$CP-ref" --version "$V" --mesh-id mesh1 --cluster-name cluster1 \
        --network network1 --external-istiod --east-west-gateway --expose-istiod --expose-services >/dev/null
    lb_address_when_there cluster1 "$CP-ref" istio-eastwestgateway 192.0.2.10
    sail install east-west-gateway --context cluster1 -n "$CP-ref" --network network1 --revision "$REF" --wait >/dev/null
    sail install "$REF" --context cluster2 -n "$CP-ref" --version "$V" --remote --cluster-name cluster2 \
        --network network2 --primary-context cluster1 >/dev/null
    operator_installs_reader cluster2 "$REF" "$CP-ref"
    sail remote-secret --context cluster2 --name cluster2 -n "$CP-ref" --apply-to cluster1 2>/dev/null
    for c in cluster1 cluster2; do
        snapshot "$c" "$REF" "$CP-ref" >"$TMP/ref-$c"
    done
    for c in cluster1 cluster2; do
        kubectl --context "$c" delete istio "$REF" >/dev/null
    done

    lb_address_when_there cluster1 "$CP" istio-eastwestgateway 192.0.2.10 >/dev/null 2>&1 3>&- &
    readers_in_background "$N" "$CP" cluster2
    run --separate-stderr sail install "$N" -n "$CP" --version "$V" --model primary-remote \
        --primary cluster1=network1 --remotes cluster2=network2 --ca "$TMP/certs"
    wait
    [ "$status" -eq 0 ] || { echo "$output $stderr"; false; }
    for c in cluster1 cluster2; do
        snapshot "$c" "$N" "$CP" | diff -u "$TMP/ref-$c" -
    done
    [ "$(kubectl --context cluster2 get istio "$N" -o jsonpath='{.spec.profile} {.spec.values.global.remotePilotAddress}')" = "remote 192.0.2.10" ]
    kubectl --context cluster1 -n "$CP" get secret istio-remote-secret-cluster2 -o name

    # the fleet: control plane first whatever the order given
    run --separate-stderr sail upgrade "$N" --contexts cluster2,cluster1 --version "$V" --plan
    [ "$status" -eq 0 ] || { echo "$output $stderr"; false; }
    [ "$(grep '^# context:' <<<"$output")" = "# context: cluster1 (1 of 2, control plane)
# context: cluster2 (2 of 2, remote)" ]
    # a context without the Istio stops everything before any change
    run --separate-stderr sail upgrade "$N-none" --contexts cluster1,cluster2 --version v1.30-latest --yes
    [ "$status" -eq 1 ]
    [[ $stderr == *'error: context "cluster1": '*'error: nothing was changed in any context' ]]
    # uninstall: the remote first, then the control plane; remote secrets and cacerts go too
    run --separate-stderr sail uninstall "$N" --contexts cluster1,cluster2 --remote-secrets --ca --force --dry-run=client
    [ "$status" -eq 0 ] || { echo "$output $stderr"; false; }
    [ "$(grep '^# context:' <<<"$output")" = "# context: cluster2 (1 of 2, remote)
# context: cluster1 (2 of 2, control plane)" ]
    kubectl --context cluster1 get istio "$N" -o name
    # --force: the east-west gateway pod uses the revision (and goes with it)
    run --separate-stderr sail uninstall "$N" --contexts cluster1,cluster2 --remote-secrets --ca --force
    [ "$status" -eq 0 ] || { echo "$output $stderr"; false; }
    [[ $output == "cluster2: "*"cluster1: "* ]]
    for c in cluster1 cluster2; do
        run kubectl --context "$c" get istio "$N" -o name
        [ "$status" -ne 0 ]
        [ -z "$(kubectl --context "$c" -n "$CP" get secrets -l istio/multiCluster=true -o name)" ]
        run kubectl --context "$c" -n "$CP" get secret cacerts -o name
        [ "$status" -ne 0 ]
    done
}
