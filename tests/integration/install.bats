#!/usr/bin/env bats
# kubectl sail install against a real API server with the Sail CRDs
# (cluster1 of the suite; setup_suite exports KUBECONFIG). Every object a
# test creates has a name unique to the test and is deleted when it ends.
# IstioCNI must be named "default": the tests that create one delete it.

load helpers
load operator

bats_require_minimum_version 1.5.0

# tests/run exports SAIL_BIN (build/asan/bin for BUILD=build/asan).
INSTALL_BIN=${SAIL_BIN:-$SAIL_BIN_DIR}/kubectl-sail-install

setup() {
    [[ -x $INSTALL_BIN ]] || { echo "missing $INSTALL_BIN: build it (make)" >&2; return 1; }
    TMP=$BATS_TEST_TMPDIR
    kubectl config use-context cluster1 >/dev/null
    N="inst-${BATS_SUITE_TEST_NUMBER}-$RANDOM"
    CP="$N-cp"
}

sail_install() { "$INSTALL_BIN" "$@"; }

# The Istio $N and its control-plane namespace $CP, deleted at the end.
cleanup_istio() {
    defer kubectl delete namespace "$CP" --ignore-not-found --wait=false
    defer kubectl delete istio "$N" --ignore-not-found --wait=false
}

nothing_created() {
    run kubectl get istio "$N" -o name
    [ "$status" -ne 0 ]
    run kubectl get namespace "$CP" -o name
    [ "$status" -ne 0 ]
}

# ---------------------------------------------------------------- installing

@test "install: the namespace and the Istio land with the right fields; kubectl-style lines" {
    cleanup_istio
    run --separate-stderr sail_install "$N" -n "$CP" --version v1.30.3 --profile demo \
        --update-strategy RevisionBased --revision-grace-period 45 \
        --set pilot.env.X=1 --set global.remotePilotAddress=10.0.0.1 \
        --set pilot.resources.requests.cpu=100m --set pilot.replicaCount=2
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "${lines[0]}" = "namespace/$CP serverside-applied" ]
    [ "${lines[1]}" = "istio.sailoperator.io/$N serverside-applied" ]
    [ "${#lines[@]}" -eq 2 ]
    run kubectl get istio "$N" -o jsonpath='{.spec.namespace} {.spec.version} {.spec.profile} {.spec.updateStrategy.type} {.spec.updateStrategy.inactiveRevisionDeletionGracePeriodSeconds}'
    [ "$output" = "$CP v1.30.3 demo RevisionBased 45" ]
    run kubectl get istio "$N" -o json --show-managed-fields
    [ "$(jq -c '.spec.values' <<<"$output")" = '{"global":{"remotePilotAddress":"10.0.0.1"},"pilot":{"env":{"X":"1"},"replicaCount":2,"resources":{"requests":{"cpu":"100m"}}}}' ]
    [ "$(jq -r '.metadata.managedFields[0].manager' <<<"$output")" = kubectl-sail ]
    kubectl get namespace "$CP" -o name
}

@test "install: the same install twice leaves the Istio's resourceVersion unchanged" {
    cleanup_istio
    sail_install "$N" -n "$CP" --set pilot.env.A=b
    local rv1 rv2
    rv1=$(kubectl get istio "$N" -o jsonpath='{.metadata.resourceVersion}')
    run sail_install "$N" -n "$CP" --set pilot.env.A=b
    [ "$status" -eq 0 ]
    rv2=$(kubectl get istio "$N" -o jsonpath='{.metadata.resourceVersion}')
    [ "$rv1" = "$rv2" ]
}

@test "install: the default version is the newest supported release" {
    cleanup_istio
    local def
    def=$(sail_install --list-versions -o json | jq -r .default)
    [ "$def" = v1.30.3 ]
    sail_install "$N" -n "$CP" >/dev/null
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.version} {.spec.updateStrategy.type}')" = "v1.30.3 InPlace" ]
}

@test "install: -o json after a real apply prints what the server returned" {
    cleanup_istio
    run --separate-stderr sail_install "$N" -n "$CP" -o json
    [ "$status" -eq 0 ]
    [ "$(jq -r '.kind' <<<"$output")" = List ]
    [ "$(jq -r '.items[1].metadata.uid | length > 0' <<<"$output")" = true ]
    [ "$(jq -r '.items[1].spec.namespace' <<<"$output")" = "$CP" ]
    run sail_install "$N" -n "$CP" -o name
    [ "${lines[0]}" = "namespace/$CP" ]
    [ "${lines[1]}" = "istio.sailoperator.io/$N" ]
}

@test "install --dry-run=server creates nothing" {
    run --separate-stderr sail_install "$N" -n "$CP" --dry-run=server --tag "$N-tag"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "${lines[0]}" = "namespace/$CP serverside-applied (server dry run)" ]
    [ "${lines[1]}" = "istio.sailoperator.io/$N serverside-applied (server dry run)" ]
    [ "${lines[2]}" = "istiorevisiontag.sailoperator.io/$N-tag serverside-applied (server dry run)" ]
    nothing_created
    run kubectl get istiorevisiontag "$N-tag" -o name
    [ "$status" -ne 0 ]
}

@test "install --dry-run=client needs no kubeconfig; its YAML applies with kubectl" {
    cleanup_istio
    run --separate-stderr env KUBECONFIG=/nonexistent "$INSTALL_BIN" \
        "$N" -n "$CP" --dry-run=client -o yaml --set pilot.env.X=1
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    printf '%s\n' "$output" >"$TMP/out.yaml"
    [ "$(grep -c '^kind: ' "$TMP/out.yaml")" -eq 2 ]
    grep -qx -- '---' "$TMP/out.yaml"
    grep -q "    X: \"1\"" "$TMP/out.yaml"
    nothing_created
    run env KUBECONFIG=/nonexistent "$INSTALL_BIN" "$N" --dry-run=client
    [ "$status" -eq 0 ]
    [ "${lines[1]}" = "istio.sailoperator.io/$N serverside-applied (dry run)" ]

    # the pipe, with kubectl's server-side apply and then client-side apply
    sail_install "$N" -n "$CP" --dry-run=client -o yaml --set pilot.env.X=1 | kubectl apply --server-side -f -
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.namespace} {.spec.values.pilot.env.X}')" = "$CP 1" ]
    kubectl delete istio "$N" --wait=false
    wait_for --timeout 20 bash -c "! kubectl get istio $N -o name"
    sail_install "$N" -n "$CP" --dry-run=client -o yaml | kubectl apply -f -
    kubectl get istio "$N" -o name
}

@test "install -f -: kubectl get -o yaml output re-applied with one more value; another version is upgrade's" {
    cleanup_istio
    sail_install "$N" -n "$CP" --version v1.29.6 --set pilot.env.KEEP=me >/dev/null
    run --separate-stderr bash -c "kubectl get istio $N -o yaml | '$INSTALL_BIN' -f - --set pilot.env.MORE=yes"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "${lines[1]}" = "istio.sailoperator.io/$N serverside-applied" ]
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.version} {.spec.namespace} {.spec.values.pilot.env.KEEP} {.spec.values.pilot.env.MORE}')" = "v1.29.6 $CP me yes" ]
    # a List (kubectl get istio -o yaml without a name) works as well
    run bash -c "kubectl get istio $N -o yaml | '$INSTALL_BIN' -f - --version v1.30.2 -o name"
    [ "$status" -eq 1 ]
    [[ $output == *"kubectl sail upgrade $N --version v1.30.2"* ]]
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.version}')" = v1.29.6 ]
}

@test "install -f FILE: env values that are not strings are coerced with a warning" {
    cleanup_istio
    cat >"$TMP/istio.yaml" <<EOF
apiVersion: sailoperator.io/v1
kind: Istio
metadata:
  name: $N
spec:
  namespace: $CP
  values:
    pilot:
      env:
        PILOT_ENABLE_STATUS: true
EOF
    run --separate-stderr sail_install -f "$TMP/istio.yaml"
    [ "$status" -eq 0 ]
    [[ $stderr == *"Warning: Istio \"$N\": spec.values.pilot.env.PILOT_ENABLE_STATUS is a string field; true was turned into the string \"true\""* ]]
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.values.pilot.env.PILOT_ENABLE_STATUS}')" = true ]
}

@test "install --values FILE merges into spec.values; --set wins" {
    cleanup_istio
    printf 'pilot:\n  env:\n    A: from-file\n    B: from-file\n' >"$TMP/values.yaml"
    sail_install "$N" -n "$CP" --values "$TMP/values.yaml" --set pilot.env.B=from-set >/dev/null
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.values.pilot.env.A} {.spec.values.pilot.env.B}')" = "from-file from-set" ]
}

@test "install --tag creates an IstioRevisionTag targeting this Istio" {
    cleanup_istio
    defer kubectl delete istiorevisiontag "$N-tag" --ignore-not-found --wait=false
    run sail_install "$N" -n "$CP" --update-strategy RevisionBased --tag "$N-tag"
    [ "$status" -eq 0 ]
    [ "${lines[2]}" = "istiorevisiontag.sailoperator.io/$N-tag serverside-applied" ]
    [ "$(kubectl get istiorevisiontag "$N-tag" -o jsonpath='{.spec.targetRef.kind}/{.spec.targetRef.name}')" = "Istio/$N" ]
}

@test "install --cni and install cni: IstioCNI default in istio-cni" {
    kubectl get istiocni default -o name 2>/dev/null && skip "an IstioCNI default exists already"
    cleanup_istio
    defer kubectl delete istiocni default --ignore-not-found --wait=false
    run --separate-stderr sail_install "$N" -n "$CP" --cni --version v1.29.6
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "${lines[1]}" = "namespace/istio-cni serverside-applied" ]
    [ "${lines[2]}" = "istiocni.sailoperator.io/default serverside-applied" ]
    [ "$(kubectl get istiocni default -o jsonpath='{.spec.namespace} {.spec.version}')" = "istio-cni v1.29.6" ]
    # another version of an existing IstioCNI is upgrade's
    run --separate-stderr sail_install cni --version v1.30.3
    [ "$status" -eq 1 ]
    [[ $stderr == *"IstioCNI \"default\" exists at version v1.29.6; "*"kubectl sail upgrade cni --version v1.30.3" ]]
    run sail_install cni --set cni.cniConfDir=/etc/cni/net.d --set 'cni.excludeNamespaces={kube-system}'
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "namespace/istio-cni serverside-applied" ]
    [ "${lines[1]}" = "istiocni.sailoperator.io/default serverside-applied" ]
    [ "$(kubectl get istiocni default -o jsonpath='{.spec.version} {.spec.values.cni.cniConfDir} {.spec.values.cni.excludeNamespaces[0]}')" = "v1.29.6 /etc/cni/net.d kube-system" ]
}

@test "install --list-versions: supported, aliases, end-of-life and the default" {
    run sail_install --list-versions
    [ "$status" -eq 0 ]
    [[ $output == *"v1.30-latest             alias          v1.30.3"* ]]
    [[ $output == *"v1.28.10                 end-of-life"* ]]
    [[ $output == *"Default version: v1.30.3"* ]]
    run sail_install --list-versions -o json
    [ "$(jq -r '.versions[] | select(.name == "master") | .resolvesTo' <<<"$output")" = v1.32.0-alpha.527f8d6c ]
}

# ---------------------------------------------------------------- refusals

@test "refused: an end-of-life version names the nearest supported one; nothing created" {
    run --separate-stderr sail_install "$N" -n "$CP" --version v1.22.5
    [ "$status" -eq 1 ]
    [ "$stderr" = 'error: version "v1.22.5" is end-of-life and cannot be installed; the nearest supported version is v1.29.6 (v1.29-latest)' ]
    nothing_created
    run --separate-stderr sail_install "$N" -n "$CP" --version v2.0.0
    [ "$status" -eq 1 ]
    [[ $stderr == 'error: version "v2.0.0" is not a known Istio version; the nearest supported version is v1.30.3 (v1.30-latest)'* ]]
    nothing_created
}

@test "refused: an unknown profile; nothing created" {
    run --separate-stderr sail_install "$N" -n "$CP" --profile nosuch
    [ "$status" -eq 1 ]
    [[ $stderr == 'error: unknown profile "nosuch": expected one of "ambient", "default", "demo"'* ]]
    nothing_created
}

@test "refused: --set into a path the CRD schema does not have; nothing created" {
    run --separate-stderr sail_install "$N" -n "$CP" --set pilot.env.OK=1 --set pilot.nosuch.x=1
    [ "$status" -eq 1 ]
    [ "$stderr" = 'error: --set pilot.nosuch.x=1: Istio has no field spec.values.pilot.nosuch (see kubectl explain istio.spec.values.pilot)' ]
    nothing_created
    run --separate-stderr sail_install "$N" -n "$CP" --set pilot.replicaCount=two
    [ "$status" -eq 1 ]
    [ "$stderr" = 'error: --set pilot.replicaCount=two: spec.values.pilot.replicaCount: expected an integer, not "two"' ]
    nothing_created
}

@test "refused: a changed spec.namespace on an existing Istio says how to recreate" {
    cleanup_istio
    sail_install "$N" -n "$CP" >/dev/null
    run --separate-stderr sail_install "$N" -n "$N-other"
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: Istio \"$N\" exists with spec.namespace $CP, and spec.namespace is immutable: to move the control plane to $N-other, delete it (kubectl delete istio $N) and install again" ]
    run kubectl get namespace "$N-other" -o name
    [ "$status" -ne 0 ]
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.namespace}')" = "$CP" ]
}

@test "refused: --tag with the name of an existing revision, or of this Istio's revision" {
    defer kubectl delete istiorevision "$N-rev" --ignore-not-found --wait=false
    kubectl apply --server-side -f - <<EOF
apiVersion: sailoperator.io/v1
kind: IstioRevision
metadata:
  name: $N-rev
spec:
  version: v1.30.3
  namespace: $CP
  values:
    revision: $N-rev
    global:
      istioNamespace: $CP
EOF
    run --separate-stderr sail_install "$N" -n "$CP" --tag "$N-rev"
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: --tag $N-rev: an IstioRevision named \"$N-rev\" exists; a tag cannot have a revision's name" ]
    nothing_created
    run --separate-stderr sail_install "$N" -n "$CP" --tag "$N"
    [ "$status" -eq 1 ]
    [[ $stderr == "error: --tag $N: the Istio's own revision is named \"$N\""* ]]
    nothing_created
}

@test "refused: a revision name over the limit" {
    local long=inst-a-control-plane-name-that-is-longer
    run --separate-stderr sail_install "$long" -n "$CP" --update-strategy RevisionBased
    [ "$status" -eq 1 ]
    [[ $stderr == "error: revision name \"$long-v1-30-3\" is 48 characters, more than the 46 that install"* ]]
    run kubectl get istio "$long" -o name
    [ "$status" -ne 0 ]
    nothing_created
}

@test "refused: IstioCNI more than one minor from an existing Istio" {
    kubectl get istiocni default -o name 2>/dev/null && skip "an IstioCNI default exists already"
    defer kubectl delete istio "$N" --ignore-not-found --wait=false
    kubectl apply --server-side -f - <<EOF
apiVersion: sailoperator.io/v1
kind: Istio
metadata:
  name: $N
spec:
  version: master
  namespace: $CP
EOF
    run --separate-stderr sail_install cni --version v1.30.3
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: IstioCNI version v1.30.3 is more than one minor version from Istio \"$N\" (master)" ]
    run kubectl get istiocni default -o name
    [ "$status" -ne 0 ]
}

# ---------------------------------------------------------------- --wait
# The operator's part is operator.bash's (the stand-in, or the real one).

@test "--wait: returns once the operator reports Ready for the applied generation" {
    cleanup_istio
    sail_install "$N" -n "$CP" --wait --timeout 60s >"$TMP/out" 2>"$TMP/err" &
    local pid=$!
    wait_for --timeout 30 kubectl get istio "$N" -o name
    operator_reconciles "$N"
    wait "$pid" || { cat "$TMP/out" "$TMP/err"; false; }
    [ "$(tail -n1 "$TMP/out")" = "istio.sailoperator.io/$N condition met" ]
    grep -qx "istio.sailoperator.io/$N serverside-applied" "$TMP/out"
}

@test "--wait: a Ready of an older generation does not count; the timeout names the lag" {
    operator_stand_in_only "the operator must not see the second apply"
    cleanup_istio
    sail_install "$N" -n "$CP" --version v1.30.3 >/dev/null
    operator_reconciles "$N"
    run --separate-stderr sail_install "$N" -n "$CP" --set pilot.env.G=2 --wait --timeout 2s
    [ "$status" -eq 1 ]
    [[ $stderr == "error: timed out waiting for the condition on istios/$N: status.observedGeneration is 1, generation 2: "*"is the Sail Operator running?" ]]
    [ "$(kubectl get istio "$N" -o jsonpath='{.spec.version} {.spec.values.pilot.env.G}')" = "v1.30.3 2" ]
}

@test "--wait: on timeout every condition that is not True is named with its reason and message" {
    cleanup_istio
    sail_install "$N" -n "$CP" >/dev/null
    # a reconcile error of the operator's own (messages shortened)
    operator_writes_status istio "$N" '{"conditions":[{"type":"Reconciled","status":"False","reason":"ReconcileError","message":"istio version is end of life"},{"type":"Ready","status":"Unknown","reason":"ReconcileError","message":"see Reconciled"},{"type":"DependenciesHealthy","status":"True","reason":"DependenciesHealthy"}]}'
    run --separate-stderr sail_install "$N" -n "$CP" --wait --timeout 2s
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: timed out waiting for the condition on istios/$N: Reconciled False (ReconcileError): istio version is end of life; Ready Unknown (ReconcileError): see Reconciled" ]
}

@test "--wait: with no status at all, asks whether the Sail Operator is running" {
    operator_stand_in_only "the operator writes a status at once"
    cleanup_istio
    run --separate-stderr sail_install "$N" -n "$CP" --wait --timeout 1s
    [ "$status" -eq 1 ]
    [[ $stderr == "error: timed out waiting for the condition on istios/$N: no status yet: is the Sail Operator running?"* ]]
    # the apply itself happened and was reported
    [ "$output" = "namespace/$CP serverside-applied
istio.sailoperator.io/$N serverside-applied" ]
}

@test "--wait: a remote-profile Istio waits for Reconciled only and says why" {
    cleanup_istio
    sail_install "$N" -n "$CP" --profile remote >/dev/null
    # Reconciled, and Ready False/RemoteIstiodNotReady: no primary answers
    operator_reconciles "$N"
    run --separate-stderr sail_install "$N" -n "$CP" --profile remote --wait --timeout 20s
    [ "$status" -eq 0 ]
    [[ ${lines[-2]} == "Istio/$N: profile remote: waiting for Reconciled only;"* ]]
    [ "${lines[-1]}" = "istio.sailoperator.io/$N condition met" ]
}

@test "--wait with -o yaml: the documents on stdout, the wait lines on stderr" {
    cleanup_istio
    sail_install "$N" -n "$CP" >/dev/null
    operator_reconciles "$N"
    run --separate-stderr sail_install "$N" -n "$CP" --wait -o yaml
    [ "$status" -eq 0 ]
    [ "$stderr" = "istio.sailoperator.io/$N condition met" ]
    [[ $output == *"kind: Istio"* ]]
}

@test "refused: --wait with a dry run; nothing created" {
    run --separate-stderr sail_install "$N" -n "$CP" --wait --dry-run=server
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: --wait cannot be used with a dry run: nothing would become ready" ]
    run --separate-stderr sail_install "$N" -n "$CP" --wait --timeout banana
    [ "$status" -ne 0 ]
    nothing_created
}

# ---------------------------------------------------------------- namespaces

@test "install namespace --istio: istio.io/rev of the active revision, istio-injection removed, selector labels added" {
    cleanup_istio
    local app="$N-app" new="$N-new"
    defer kubectl delete namespace "$app" "$new" --ignore-not-found --wait=false
    sail_install "$N" -n "$CP" --update-strategy RevisionBased --version v1.30.3 \
        --set "meshConfig.discoverySelectors[0].matchLabels.mesh=$N" >/dev/null
    kubectl create namespace "$app" >/dev/null
    kubectl label namespace "$app" istio-injection=enabled >/dev/null
    run --separate-stderr sail_install namespace "$app" "$new" --istio "$N"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "${lines[0]}" = "namespace/$app labeled" ]
    [ "${lines[1]}" = "namespace/$new serverside-applied" ]
    for ns in "$app" "$new"; do
        run kubectl get namespace "$ns" -o json
        [ "$(jq -c '.metadata.labels | del(."kubernetes.io/metadata.name")' <<<"$output")" = "{\"istio.io/rev\":\"$N-v1-30-3\",\"mesh\":\"$N\"}" ]
    done
    # --dry-run=server changes nothing
    run sail_install namespace "$app" --revision "$N-nosuch" --dry-run=server
    [ "$status" -eq 1 ]
    [[ $output == *"istiorevisions.sailoperator.io \"$N-nosuch\" not found"* ]]
}

@test "install namespace --revision default: istio-injection=enabled and istio.io/rev removed" {
    defer kubectl delete istiorevision default --ignore-not-found --wait=false
    kubectl get istiorevision default -o name 2>/dev/null && skip "an IstioRevision default exists already"
    local app="$N-app"
    defer kubectl delete namespace "$app" --ignore-not-found --wait=false
    kubectl apply --server-side -f - <<EOF >/dev/null
apiVersion: sailoperator.io/v1
kind: IstioRevision
metadata:
  name: default
spec:
  version: v1.30.3
  namespace: $CP
  values:
    global:
      istioNamespace: $CP
EOF
    kubectl create namespace "$app" >/dev/null
    kubectl label namespace "$app" istio.io/rev=old >/dev/null
    run sail_install namespace "$app" --revision default --dry-run=server
    [ "$output" = "namespace/$app labeled (server dry run)" ]
    [ "$(kubectl get namespace "$app" -o jsonpath='{.metadata.labels.istio\.io/rev}')" = old ]
    run sail_install namespace "$app" --revision default
    [ "$status" -eq 0 ]
    run kubectl get namespace "$app" -o json
    [ "$(jq -c '.metadata.labels | del(."kubernetes.io/metadata.name")' <<<"$output")" = '{"istio-injection":"enabled"}' ]
}

@test "refused: install namespace into a namespace another mesh's discovery selectors select" {
    local other="$N-other" app="$N-app"
    defer kubectl delete istio "$other" --ignore-not-found --wait=false
    defer kubectl delete namespace "$app" "$other-cp" --ignore-not-found --wait=false
    cleanup_istio
    # (install would refuse the pair: a mesh without selectors overlaps every other)
    sail_install "$N" -n "$CP" >/dev/null
    kubectl apply --server-side -f - >/dev/null <<EOF
apiVersion: sailoperator.io/v1
kind: Istio
metadata: {name: $other}
spec: {namespace: $other-cp, version: v1.30.3, values: {meshConfig: {discoverySelectors: [{matchLabels: {team: a}}]}}}
EOF
    kubectl create namespace "$app" >/dev/null
    kubectl label namespace "$app" team=a >/dev/null
    run --separate-stderr sail_install namespace "$app" --istio "$N"
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: namespace \"$app\" is selected by the discovery selectors of Istio \"$other\"; it cannot join another mesh" ]
    [ -z "$(kubectl get namespace "$app" -o jsonpath='{.metadata.labels.istio\.io/rev}')" ]
}

@test "install namespace --dry-run=client prints the labels without a server" {
    run env KUBECONFIG=/nonexistent "$INSTALL_BIN" namespace a b --tag prod --dry-run=client
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "namespace/a labeled (dry run)" ]
    [ "${lines[1]}" = "namespace/b labeled (dry run)" ]
    run env KUBECONFIG=/nonexistent "$INSTALL_BIN" namespace a --istio x --dry-run=client
    [ "$status" -eq 1 ]
    [[ $output == *"without a server: use --revision or --tag"* ]]
}

@test "install namespace --ambient, install waypoint: each object printed from the server's answer, kubectl's lines" {
    cleanup_istio
    local app="$N-app" new="$N-new" crd
    defer kubectl delete namespace "$app" "$new" --ignore-not-found --wait=false
    # a waypoint is a Gateway API Gateway: the CRDs for this test only
    for crd in gatewayclasses gateways; do
        kubectl apply --server-side -f "$SAIL_SHARED_DIR/sail-api/crds/gateway-api/gateway.networking.k8s.io_$crd.yaml" >/dev/null
        defer kubectl delete crd "$crd.gateway.networking.k8s.io" --ignore-not-found --wait=false
    done
    wait_for --message "the Gateway API is not served" kubectl get gateways.gateway.networking.k8s.io -A
    kubectl apply --server-side -f - >/dev/null <<EOF
apiVersion: sailoperator.io/v1
kind: Istio
metadata: {name: $N}
spec: {namespace: $CP, version: v1.30.3, profile: ambient, values: {meshConfig: {discoverySelectors: [{matchLabels: {mesh: $N}}]}}}
EOF
    kubectl create namespace "$app" >/dev/null

    run --separate-stderr sail_install namespace "$app" "$new" --ambient --istio "$N" --dry-run=server
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$output" = "namespace/$app labeled (server dry run)
namespace/$new serverside-applied (server dry run)" ]
    run kubectl get namespace "$new" -o name
    [ "$status" -ne 0 ]
    [ -z "$(kubectl get namespace "$app" -o jsonpath='{.metadata.labels.istio\.io/dataplane-mode}')" ]

    # -o json prints what the server returned: its uid, the labels it holds
    run --separate-stderr sail_install namespace "$app" "$new" --ambient --istio "$N" -o json
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$(jq -sc '[.[] | [.metadata.name, (.metadata.uid | length > 0), .metadata.labels."istio.io/dataplane-mode", .metadata.labels.mesh]]' <<<"$output")" = \
        "[[\"$app\",true,\"ambient\",\"$N\"],[\"$new\",true,\"ambient\",\"$N\"]]" ]
    [ "$(jq -rs '.[0].metadata.uid' <<<"$output")" = "$(kubectl get namespace "$app" -o jsonpath='{.metadata.uid}')" ]

    run --separate-stderr sail_install waypoint wp -n "$app" --enroll-namespace
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$output" = "gateway.gateway.networking.k8s.io/wp serverside-applied
namespace/$app labeled" ]
    [ "$(kubectl get gateways.gateway.networking.k8s.io wp -n "$app" -o jsonpath='{.spec.gatewayClassName}')" = istio-waypoint ]
    [ "$(kubectl get namespace "$app" -o jsonpath='{.metadata.labels.istio\.io/use-waypoint}')" = wp ]

    # a conflict is kubectl's text, and nothing is printed as applied
    kubectl apply --server-side --force-conflicts --field-manager other -f - >/dev/null <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: wp, namespace: $app}
spec: {gatewayClassName: other, listeners: [{name: mesh, port: 15008, protocol: HBONE}]}
EOF
    run --separate-stderr sail_install waypoint wp -n "$app"
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [[ $stderr == *"Apply failed with 1 conflict"*"spec.gatewayClassName"* ]] || { echo "$stderr"; false; }
    [ "$(kubectl get gateways.gateway.networking.k8s.io wp -n "$app" -o jsonpath='{.spec.gatewayClassName}')" = other ]
}

# ---------------------------------------------------------------- migration

@test "install --from-istiooperator: the IstioOperator's fields land on the Istio; the rest is named" {
    cleanup_istio
    cat >"$TMP/iop.yaml" <<EOF
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata:
  name: $N
spec:
  namespace: $CP
  meshConfig:
    accessLogFile: /dev/stdout
  values:
    pilot:
      traceSampling: 0.1
      env:
        PILOT_ENABLE_STATUS: true
  components:
    ingressGateways:
    - name: istio-ingressgateway
      enabled: true
EOF
    run --separate-stderr sail_install --from-istiooperator "$TMP/iop.yaml" --version v1.29.6
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "${lines[0]}" = "namespace/$CP serverside-applied" ]
    [ "${lines[1]}" = "istio.sailoperator.io/$N serverside-applied" ]
    [[ $stderr == *"Warning: IstioOperator spec.components.ingressGateways is not carried over: install gateways with gateway injection"* ]]
    run kubectl get istio "$N" -o json
    [ "$(jq -c '[.spec.version, .spec.values.meshConfig.accessLogFile, .spec.values.pilot.traceSampling, .spec.values.pilot.env.PILOT_ENABLE_STATUS]' <<<"$output")" = '["v1.29.6","/dev/stdout",0.1,"true"]' ]
}
