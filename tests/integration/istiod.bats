#!/usr/bin/env bats
# Istio itself judges what our plugins produce: istiod (pilot-discovery, run
# by tests/cluster/istiod as the operator's Deployment would run it) for each
# of the suite's clusters, with our shared CA, our Istio resources and our
# remote secrets; istioctl's own create-remote-secret beside ours.
#
# setup_file builds a multi-primary mesh in namespace $MP (both clusters):
# `kubectl sail ca` root and intermediates, the cacerts Secrets, `kubectl sail
# install` with mesh ID, cluster names and networks, `kubectl sail
# remote-secret --mesh`, an istiod per cluster, and a Service with endpoints
# that only cluster2 has (namespace $APP).

load helpers
load operator

bats_require_minimum_version 1.5.0

ISTIOD=$CLUSTER_SCRIPTS/istiod
ISTIOCTL=$REPO/build/tools/bin/istioctl

setup_file() {
    export MP="mp-$RANDOM$RANDOM" APP="app-$RANDOM$RANDOM" MP_ISTIO="mp$RANDOM"
    export CERTS="$BATS_FILE_TMPDIR/certs"
    "$CLUSTER_SCRIPTS/build-istio" >&2
    local c i=0
    "$SAIL" ca root --out "$CERTS" --bits 2048 >/dev/null
    "$SAIL" ca intermediate --root "$CERTS" --cluster cluster1 --cluster cluster2 --out "$CERTS" \
        --bits 2048 -n "$MP" >/dev/null
    for c in cluster1 cluster2; do
        i=$((i + 1))
        "$SAIL" install "$MP_ISTIO" --context "$c" -n "$MP" --mesh-id mesh1 --cluster-name "$c" \
            --network "network$i" >/dev/null
        "$SAIL" ca secret --dir "$CERTS/$c" --apply --context "$c" -n "$MP" >/dev/null
        # remote-secret uses the reader account of the operator's release
        # where a Sail control plane manages the namespace.
        operator_creates_reader --context "$c" "$MP_ISTIO" "$MP"
    done
    "$SAIL" remote-secret --mesh cluster1,cluster2 -n "$MP" >/dev/null 2>&1
    # A Service with endpoints in cluster2 only (no selector: the EndpointSlice
    # is the endpoint controller's stand-in; the clusters have no nodes).
    kubectl --context cluster2 create namespace "$APP" >/dev/null
    kubectl --context cluster2 apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Service
metadata: {name: only2, namespace: $APP}
spec:
  ports: [{name: http, port: 8080, protocol: TCP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: only2-1
  namespace: $APP
  labels: {kubernetes.io/service-name: only2}
addressType: IPv4
ports: [{name: http, port: 8080, protocol: TCP}]
endpoints:
- addresses: [10.244.7.7]
  conditions: {ready: true}
EOF
    # Both istiods at once: each becomes ready once the other cluster synced.
    local pids=()
    for c in cluster1 cluster2; do
        "$ISTIOD" "$c" -n "$MP" >"$BATS_FILE_TMPDIR/istiod-$c.out" 2>&1 &
        pids+=($!)
    done
    for i in 0 1; do
        wait "${pids[i]}" || { cat "$BATS_FILE_TMPDIR"/istiod-*.out >&2; return 1; }
    done
}

teardown_file() {
    local c
    for c in cluster1 cluster2; do
        "$ISTIOD" "$c" --stop -n "$MP" --revision "$MP_ISTIO" >/dev/null 2>&1 || true
        "$ISTIOD" "$c" --stop -n "pr-$MP" --revision "pr$MP_ISTIO" >/dev/null 2>&1 || true
        kubectl --context "$c" delete istio "$MP_ISTIO" "pr$MP_ISTIO" --ignore-not-found >/dev/null 2>&1 || true
        kubectl --context "$c" delete namespace "$MP" "pr-$MP" "$APP" --wait=false --ignore-not-found >/dev/null 2>&1 || true
        kubectl --context "$c" delete clusterrole,clusterrolebinding "istio-reader-clusterrole-$MP" \
            "istio-reader-clusterrole-pr-$MP" "istio-reader-clusterrole-pr$MP_ISTIO-pr-$MP" --ignore-not-found >/dev/null 2>&1 || true
        # what istiod publishes in every namespace
        kubectl --context "$c" delete configmap -A -l istio.io/config=true --ignore-not-found >/dev/null 2>&1 || true
    done
}

# The control plane the helpers below ask: namespace $CP_NS, revision $CP_REV
# (the multi-primary one unless a test sets them).
# port CLUSTER [VAR]: a port of that cluster's istiod (default: debug).
port() {
    "$ISTIOD" "$1" --env -n "${CP_NS:-$MP}" --revision "${CP_REV:-$MP_ISTIO}" |
        sed -n "s/^${2:-ISTIOD_HTTP_PORT}=//p"
}
# debug CLUSTER PATH: GET istiod's debug endpoint.
debug() {
    curl -fsS --max-time 10 "http://127.0.0.1:$(port "$1")/debug/$2"
}
# synced CLUSTER REMOTE: CLUSTER's istiod has REMOTE, synced.
synced() {
    debug "$1" clusterz | jq -e --arg id "$2" 'any(.[]; .id == $id and .syncStatus == "synced")'
}
# not_listed CLUSTER REMOTE: CLUSTER's istiod no longer has REMOTE.
not_listed() {
    debug "$1" clusterz | jq -e --arg id "$2" 'all(.[]; .id != $id)'
}
# has_service CLUSTER HOST: HOST is in CLUSTER's istiod service registry.
has_service() {
    debug "$1" registryz | jq -e --arg h "$2" 'any(.[]; .hostname == $h)'
}
lacks_service() { ! has_service "$@"; }
# endpoint_from CLUSTER HOST NS SHARD_CLUSTER IP [NETWORK]: the endpoint
# shards of HOST hold IP from SHARD_CLUSTER's registry (on NETWORK).
endpoint_from() {
    debug "$1" endpointShardz | jq -e --arg h "$2" --arg ns "$3" --arg c "$4" --arg ip "$5" --arg net "${6:-}" '
        .[$h][$ns].Shards // {} | to_entries
        | any(.[]; .key == "Kubernetes/\($c)"
              and any(.value[]; (.Addresses | index($ip)) != null and ($net == "" or .Network == $net)))'
}

@test "istiod multi-primary: each istiod sees the other cluster synced through our remote secret" {
    wait_for --timeout 60 synced cluster1 cluster2
    wait_for --timeout 60 synced cluster2 cluster1
    # the secret that registered it is ours, in the control plane's namespace
    debug cluster1 clusterz | jq -e --arg s "$MP/istio-remote-secret-cluster2" 'any(.[]; .id == "cluster2" and .secretName == $s)'
    # each istiod runs as its own cluster ID, with our mesh ID and network
    debug cluster1 clusterz | jq -e 'any(.[]; .id == "cluster1" and .secretName == "")'
    debug cluster1 mesh | jq -e '.defaultConfig.meshId == "mesh1"'
}

@test "istiod multi-primary: a Service that only cluster2 has is in cluster1's registry, with its endpoints" {
    local host="only2.$APP.svc.cluster.local"
    wait_for --timeout 60 has_service cluster1 "$host"
    # on cluster2's network: the label our install put on its control-plane namespace
    wait_for --timeout 60 endpoint_from cluster1 "$host" "$APP" cluster2 10.244.7.7 network2
    wait_for --timeout 60 has_service cluster2 "$host"
    # cluster1 has no such Service of its own
    run kubectl --context cluster1 get namespace "$APP"
    [ "$status" -ne 0 ]
}

@test "istiod CA: both istiods sign with our plugged-in intermediate and publish our root" {
    local c
    for c in cluster1 cluster2; do
        local log="$CLUSTERS_DIR/$c/logs/istiod-$MP-$MP_ISTIO.log"
        grep -q "Use local CA certificate" "$log"
        ! grep -q "Use self-signed certificate" "$log"
        # the root ConfigMap istiod writes into every namespace holds our root
        wait_for --timeout 60 kubectl --context "$c" -n "$MP" get configmap istio-ca-root-cert
        kubectl --context "$c" -n "$MP" get configmap istio-ca-root-cert -o jsonpath='{.data.root-cert\.pem}' >"$BATS_TEST_TMPDIR/root-$c.pem"
        openssl x509 -in "$BATS_TEST_TMPDIR/root-$c.pem" -noout -fingerprint -sha256 >"$BATS_TEST_TMPDIR/fp-$c"
        openssl x509 -in "$CERTS/root-cert.pem" -noout -fingerprint -sha256 | cmp - "$BATS_TEST_TMPDIR/fp-$c"
        # a certificate istiod issued (its own serving certificate for the xDS
        # TLS port) chains to this cluster's intermediate and our root
        local sport
        sport=$(port "$c" ISTIOD_SECURE_GRPC_PORT)
        openssl s_client -connect "127.0.0.1:$sport" -servername "istiod-$MP_ISTIO.$MP.svc" -showcerts \
            </dev/null 2>/dev/null | awk '/BEGIN CERT/,/END CERT/' >"$BATS_TEST_TMPDIR/chain-$c.pem"
        csplit -s -z -f "$BATS_TEST_TMPDIR/cert-$c-" "$BATS_TEST_TMPDIR/chain-$c.pem" '/BEGIN CERT/' '{*}'
        openssl verify -CAfile "$CERTS/root-cert.pem" -untrusted "$CERTS/$c/ca-cert.pem" "$BATS_TEST_TMPDIR/cert-$c-00"
        openssl x509 -in "$BATS_TEST_TMPDIR/cert-$c-00" -noout -issuer | grep -q "L = $c"
        openssl x509 -in "$BATS_TEST_TMPDIR/cert-$c-00" -noout -ext subjectAltName | grep -q "istiod-$MP_ISTIO.$MP.svc"
        # the other cluster's intermediate does not verify it
        local other=cluster1
        [[ $c == cluster1 ]] && other=cluster2
        run openssl verify -partial_chain -CAfile "$CERTS/$other/ca-cert.pem" "$BATS_TEST_TMPDIR/cert-$c-00"
        [ "$status" -ne 0 ]
    done
}

@test "istioctl create-remote-secret and ours give the same Secret, token, CA data and server aside" {
    strip() {
        sed -E -e 's/(certificate-authority-data:) .*/\1 CA/' -e 's/(server:) .*/\1 SERVER/' \
            -e 's/(token:) .*/\1 TOKEN/' "$1"
    }
    KUBECONFIG=$CLUSTERS_DIR/kubeconfig "$ISTIOCTL" create-remote-secret --context cluster2 --name cluster2 \
        -n "$MP" >"$BATS_TEST_TMPDIR/istioctl.yaml" 2>"$BATS_TEST_TMPDIR/istioctl.err"
    "$SAIL" remote-secret --context cluster2 --name cluster2 -n "$MP" >"$BATS_TEST_TMPDIR/sail.yaml" 2>/dev/null
    diff -u <(strip "$BATS_TEST_TMPDIR/istioctl.yaml") <(strip "$BATS_TEST_TMPDIR/sail.yaml")
    # same cluster: the same reader token and CA, both read from its token Secret
    cmp <(grep -E 'token:|certificate-authority-data:' "$BATS_TEST_TMPDIR/istioctl.yaml") \
        <(grep -E 'token:|certificate-authority-data:' "$BATS_TEST_TMPDIR/sail.yaml")
}

@test "istiod accepts istioctl's remote secret as it accepts ours" {
    kubectl --context cluster1 -n "$MP" delete secret istio-remote-secret-cluster2 >/dev/null
    wait_for --timeout 60 not_listed cluster1 cluster2
    KUBECONFIG=$CLUSTERS_DIR/kubeconfig "$ISTIOCTL" create-remote-secret --context cluster2 --name cluster2 \
        -n "$MP" 2>/dev/null | kubectl --context cluster1 apply -f - >/dev/null
    wait_for --timeout 60 synced cluster1 cluster2
    wait_for --timeout 60 has_service cluster1 "only2.$APP.svc.cluster.local"
    # and ours again, over istioctl's (same token: unchanged for istiod)
    "$SAIL" remote-secret --context cluster2 --name cluster2 -n "$MP" --apply-to cluster1 2>/dev/null
    wait_for --timeout 60 synced cluster1 cluster2
}

@test "istiod: rotating the remote secret with a new token keeps cluster2 synced; deleting it removes cluster2" {
    local before after
    before=$(kubectl --context cluster1 -n "$MP" get secret istio-remote-secret-cluster2 -o jsonpath='{.data.cluster2}')
    # a new token: the reader account recreated (new UID), then --apply-to again
    kubectl --context cluster2 -n "$MP" delete sa istio-reader-service-account >/dev/null
    kubectl --context cluster2 -n "$MP" delete secret istio-reader-service-account-istio-remote-secret-token \
        --ignore-not-found >/dev/null
    # the operator's next reconcile recreates its release's account
    operator_creates_reader --context cluster2 "$MP_ISTIO" "$MP"
    run "$SAIL" remote-secret --context cluster2 --name cluster2 -n "$MP" --apply-to cluster1
    [ "$status" -eq 0 ]
    [[ $output == *"secret/istio-remote-secret-cluster2 configured in context \"cluster1\""* ]]
    after=$(kubectl --context cluster1 -n "$MP" get secret istio-remote-secret-cluster2 -o jsonpath='{.data.cluster2}')
    [ "$before" != "$after" ]
    # istiod builds a client from the new kubeconfig and swaps once it synced
    wait_for --timeout 60 synced cluster1 cluster2
    wait_for --timeout 30 has_service cluster1 "only2.$APP.svc.cluster.local"
    # the new client is the one that works: a Service created now is discovered
    kubectl --context cluster2 -n "$APP" create service clusterip after-rotation --tcp=80:80 >/dev/null
    wait_for --timeout 60 has_service cluster1 "after-rotation.$APP.svc.cluster.local"
    # deleting the secret removes cluster2 and what istiod knew from it
    kubectl --context cluster1 -n "$MP" delete secret istio-remote-secret-cluster2 >/dev/null
    wait_for --timeout 60 not_listed cluster1 cluster2
    wait_for --timeout 60 lacks_service cluster1 "only2.$APP.svc.cluster.local"
    # cluster2's own istiod still sees cluster1 through its secret
    synced cluster2 cluster1
}

# operator_reader_rbac CLUSTER NS: the reader ServiceAccount, ClusterRole and
# binding that the operator's charts create for the Istio of NS (for a remote
# profile the ClusterRole also lets the primary's istiod write ConfigMaps and
# patch webhooks), from the manifest istioctl renders for its values.
operator_reader_rbac() {
    local root
    root=$("$ISTIOD" "$1" --render -n "$2" | sed -n 's/^ISTIOD_ROOT=//p')
    python3 - "$root/manifest.yaml" <<'EOF' | kubectl --context "$1" apply --server-side --force-conflicts --field-manager sail-operator -f - >/dev/null
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d
        and d["kind"] in ("ServiceAccount", "ClusterRole", "ClusterRoleBinding")
        and d["metadata"]["name"].startswith("istio-reader")]
yaml.safe_dump_all(docs, sys.stdout)
EOF
}

# root_is_ours CLUSTER NS: NS's istio-ca-root-cert holds our root.
root_is_ours() {
    kubectl --context "$1" -n "$2" get configmap istio-ca-root-cert -o jsonpath='{.data.root-cert\.pem}' |
        openssl x509 -noout -fingerprint -sha256 | cmp - <(openssl x509 -in "$CERTS/root-cert.pem" -noout -fingerprint -sha256)
}

@test "istiod primary-remote: cluster1's istiod discovers the remote cluster2 and publishes our root there" {
    # the multi-primary istiods would write the root ConfigMaps too: stop them
    local c
    for c in cluster1 cluster2; do
        "$ISTIOD" "$c" --stop -n "$MP" --revision "$MP_ISTIO" >/dev/null
        kubectl --context "$c" delete configmap -A -l istio.io/config=true >/dev/null
    done
    CP_NS="pr-$MP" CP_REV="pr$MP_ISTIO"
    # Applied as printed: install refuses a second selector-less mesh beside
    # the multi-primary one (its overlap rule), which is not this test's point.
    "$SAIL" install "$CP_REV" --context cluster1 -n "$CP_NS" --mesh-id mesh1 --cluster-name cluster1 \
        --network network1 --external-istiod --dry-run=client -o yaml |
        kubectl --context cluster1 apply --server-side --field-manager=kubectl-sail -f - >/dev/null
    "$SAIL" install "$CP_REV" --context cluster2 -n "$CP_NS" --remote --cluster-name cluster2 \
        --network network2 --control-plane-cluster cluster1 --remote-pilot-address 127.0.0.1 >/dev/null
    # the remote's namespace names the cluster whose istiod controls it
    kubectl --context cluster2 get namespace "$CP_NS" -o jsonpath='{.metadata.annotations.topology\.istio\.io/controlPlaneClusters}' |
        grep -qx cluster1
    "$SAIL" ca secret --dir "$CERTS/cluster1" --apply --context cluster1 -n "$CP_NS" >/dev/null
    operator_reader_rbac cluster2 "$CP_NS"
    kubectl --context cluster2 get clusterrole "istio-reader-clusterrole-$CP_REV-$CP_NS" -o json |
        jq -e 'any(.rules[]; .resources == ["mutatingwebhookconfigurations"])'
    # the remote's secret in the primary only
    "$SAIL" remote-secret --context cluster2 --name cluster2 -n "$CP_NS" --apply-to cluster1 >/dev/null 2>&1
    run kubectl --context cluster2 -n "$CP_NS" get secret -l istio/multiCluster=true -o name
    [ -z "$output" ]
    "$ISTIOD" cluster1 -n "$CP_NS" >/dev/null
    # the primary's values (pilot.env) reached istiod's environment
    tr '\0' '\n' <"/proc/$(cat "$CLUSTERS_DIR/cluster1/pids/istiod-$CP_NS-$CP_REV.pid")/environ" |
        grep -qx EXTERNAL_ISTIOD=true
    wait_for --timeout 60 synced cluster1 cluster2
    wait_for --timeout 60 has_service cluster1 "only2.$APP.svc.cluster.local"
    wait_for --timeout 60 endpoint_from cluster1 "only2.$APP.svc.cluster.local" "$APP" cluster2 10.244.7.7
    # cluster1's istiod leads the remote (the annotation) and writes our root
    # into cluster2's namespaces, as into its own
    wait_for --timeout 90 root_is_ours cluster2 "$APP"
    wait_for --timeout 60 root_is_ours cluster1 "$CP_NS"
    grep -q "should join leader-election for cluster cluster2: true" \
        "$CLUSTERS_DIR/cluster1/logs/istiod-$CP_NS-$CP_REV.log"
}

# ---------------------------------------------------------------- injection

# inject ROOT REV IN OUT [VALUES]: istioctl kube-inject with the injector
# config rendered for a revision (tests/cluster/istiod --render) and, when
# given, another values file.
inject() {
    "$ISTIOCTL" kube-inject -f "$3" -o "$4" --revision "$2" \
        --injectConfigFile "$1/var/lib/istio/inject/config" \
        --valuesFile "${5:-$1/var/lib/istio/inject/values}" \
        --meshConfigFile "$1/etc/istio/config/mesh"
}

@test "injection as Istio writes it: status reads istioctl kube-inject's pods as istioctl does" {
    # two InPlace control planes in one namespace (revisions $I and $I-old),
    # reconciled by the operator (its IstioRevisions and injector ConfigMaps)
    local I="inj$RANDOM" tmp=$BATS_TEST_TMPDIR root old r
    fresh_ns --context cluster1 injcp >/dev/null
    local CPN=$NS
    for r in "$I" "$I-old"; do
        # applied as printed: two selector-less meshes overlap (install's rule)
        "$SAIL" install "$r" --context cluster1 -n "$CPN" --dry-run=client -o yaml |
            kubectl --context cluster1 apply --server-side --field-manager=kubectl-sail -f - >/dev/null
        defer kubectl --context cluster1 delete istio "$r" --ignore-not-found --wait=false
        operator_reconciles --context cluster1 "$r"
    done
    # the injector config istioctl renders for each revision, with the values
    # the operator's injector ConfigMap holds (hub, tag, proxy image)
    for r in "$I" "$I-old"; do
        root=$("$ISTIOD" cluster1 --render -n "$CPN" --istio "$r" | sed -n 's/^ISTIOD_ROOT=//p')
        cp -r "$root" "$tmp/$r"
        kubectl --context cluster1 -n "$CPN" get configmap "istio-sidecar-injector-$r" -o jsonpath='{.data.values}' >"$tmp/$r.op"
        jq -s '.[0] * .[1]' "$tmp/$r/var/lib/istio/inject/values" "$tmp/$r.op" >"$tmp/$r/values"
    done
    fresh_ns --context cluster1 injw >/dev/null
    kubectl --context cluster1 label namespace "$NS" istio.io/rev="$I" >/dev/null
    local p
    for p in current old-image old-rev plain; do
        kubectl --context cluster1 -n "$NS" run "$p" --image=app:1 --restart=Never --dry-run=client -o yaml >"$tmp/$p.yaml"
    done
    inject "$tmp/$I" "$I" "$tmp/current.yaml" "$tmp/current.inj.yaml" "$tmp/$I/values"
    # the same revision with an older proxy tag: what an InPlace upgrade leaves behind
    jq --arg img "$(operator_proxy_image v1.30.2)" '.global.proxy.image = $img' "$tmp/$I/values" >"$tmp/old-values"
    inject "$tmp/$I" "$I" "$tmp/old-image.yaml" "$tmp/old-image.inj.yaml" "$tmp/old-values"
    inject "$tmp/$I-old" "$I-old" "$tmp/old-rev.yaml" "$tmp/old-rev.inj.yaml" "$tmp/$I-old/values"
    for p in current old-image old-rev; do
        kubectl --context cluster1 create -f "$tmp/$p.inj.yaml" >/dev/null
    done
    kubectl --context cluster1 create -f "$tmp/plain.yaml" >/dev/null
    # what the injector wrote: the revision in both annotations, the proxy
    # image the operator's values name
    kubectl --context cluster1 -n "$NS" get pod current -o json >"$tmp/current.json"
    jq -e --arg r "$I" '.metadata.annotations["istio.io/rev"] == $r' "$tmp/current.json"
    jq -e --arg r "$I" '.metadata.annotations["sidecar.istio.io/status"] | fromjson | .revision == $r' "$tmp/current.json"
    local image
    image=$(jq -r '[.spec.containers[], (.spec.initContainers // [])[] | select(.name == "istio-proxy")][0].image' "$tmp/current.json")
    [ "$image" = "$(operator_proxy_image v1.30.3)" ]

    run --separate-stderr "$SAIL" status --context cluster1 -o json
    [ "$status" -le 2 ] || { echo "$stderr"; false; }
    local w
    w=$(jq -c --arg n "$NS" '.namespaces[] | select(.name == $n)' <<<"$output")
    [ "$(jq -c '[.pods.total, .pods.meshed]' <<<"$w")" = "[4,3]" ]
    [ "$(jq -c --arg a "$I" --arg b "$I-old" '[.pods.byRevision[$a], .pods.byRevision[$b]]' <<<"$w")" = "[2,1]" ]
    [ "$(jq -c '.pods.stalePods | sort' <<<"$w")" = '["old-image (image)","old-rev (revision)"]' ]
    [ "$(jq -r --arg i "$image" '.pods.byImage[$i]' <<<"$w")" = 2 ]

    # istioctl's view of the same namespace: the same pods per injected revision
    run --separate-stderr env KUBECONFIG="$CLUSTERS_DIR/kubeconfig" "$ISTIOCTL" --context cluster1 x injector list
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    printf '%s\n' "$output" | grep -E "^$NS +[^ ]+ +$I: 2( |\$)"
    printf '%s\n' "$output" | grep -E "^$NS +[^ ]+ +$I-old: 1( |\$)"
    printf '%s\n' "$output" | grep -E "^$NS +[^ ]+ +<non-Istio>: 1( |\$)"
}
