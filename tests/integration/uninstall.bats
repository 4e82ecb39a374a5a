#!/usr/bin/env bats
# kubectl sail uninstall against real API servers with the Sail CRDs and the
# real garbage collector (kube-controller-manager).
# Where the operator would act, operator.bash plays it (an Istio's
# IstioRevision with an ownerReference to the Istio, so the garbage collector
# deletes it; the Istio's status.activeRevisionName; a tag's
# status.istioRevision), and the helpers below its finalizer
# sailoperator.io/sail-operator on revisions, tags and IstioCNI: when a
# finalized object is being deleted the operator uninstalls its charts and
# then drops the finalizer (sail-operator.md §1, §5, §9, §11).
# Control planes live in namespaces unique to each test; cluster-scoped
# objects have names unique to each test and are deleted when it ends. The
# CRDs are only ever deleted on the throwaway cluster harness-tmp.

load helpers
load operator

bats_require_minimum_version 1.5.0

BIN=${SAIL_BIN:-$SAIL_BIN_DIR}
FINALIZER=sailoperator.io/sail-operator

setup() {
    [[ -x $BIN/kubectl-sail-uninstall ]] || { echo "missing $BIN/kubectl-sail-uninstall: build it (make)" >&2; return 1; }
    kubectl config use-context cluster1 >/dev/null
    N="un-${BATS_SUITE_TEST_NUMBER}-$RANDOM"
    CP="$N-cp"
    TMP=$BATS_TEST_TMPDIR
}

uninstall() { "$BIN/kubectl-sail-uninstall" "$@"; }
install() { "$BIN/kubectl-sail-install" "$@"; }

# ---------------------------------------------------------------- the operator's stand-ins

# operator_creates_revision ISTIO [CTX]: the operator's Istio pass
# (operator.bash): its active IstioRevision (owned by the Istio) and the
# Istio's status.activeRevisionName, in $REV; the revision finalized.
operator_creates_revision() {
    local istio=$1 ctx=${2:-cluster1}
    operator_reconciles_istio --context "$ctx" "$istio"
    REV=$(kubectl --context "$ctx" get istio "$istio" -o jsonpath='{.status.activeRevisionName}')
    operator_finalizes istiorevision "$REV" "$ctx"
}

# operator_finalizes KIND NAME [CTX]: the operator's finalizer on an object it
# manages (revisions, tags, IstioCNI). The real operator sets and drops its
# own: these three helpers do nothing in its lane.
operator_finalizes() {
    ! operator_is_real || return 0
    defer operator_drops_finalizer "$1" "$2" "${3:-cluster1}"
    kubectl --context "${3:-cluster1}" patch "$1" "$2" --type=merge \
        -p "{\"metadata\":{\"finalizers\":[\"$FINALIZER\"]}}" >/dev/null
}

# operator_drops_finalizer KIND NAME [CTX]: the charts are uninstalled; the
# operator removes its finalizer.
operator_drops_finalizer() {
    ! operator_is_real || return 0
    kubectl --context "${3:-cluster1}" patch "$1" "$2" --type=json \
        -p '[{"op":"remove","path":"/metadata/finalizers"}]' >/dev/null 2>&1 || true
}

# deleting KIND NAME [CTX]: the object has a deletionTimestamp.
deleting() {
    [ -n "$(kubectl --context "${3:-cluster1}" get "$1" "$2" -o jsonpath='{.metadata.deletionTimestamp}')" ]
}

# operator_finalizes_on_delete KIND NAME [CTX]: in the background, as the
# operator does: once the object is being deleted, drop the finalizer.
operator_finalizes_on_delete() {
    ! operator_is_real || return 0
    (
        wait_for --timeout 120 deleting "$1" "$2" "${3:-cluster1}" &&
            operator_drops_finalizer "$1" "$2" "${3:-cluster1}"
    ) 3>&- >/dev/null 2>&1 &
}

# (bash's set -e ignores a leading "!", so the tests use these, never "! cmd")
# not_deleting KIND NAME [CTX]: the object exists and is not being deleted.
not_deleting() {
    local t
    t=$(kubectl --context "${3:-cluster1}" get "$1" "$2" -o jsonpath='{.metadata.deletionTimestamp}') || return 1
    [ -z "$t" ]
}
gone() { ! kubectl --context "${3:-cluster1}" get "$1" "$2" -o name >/dev/null 2>&1; }
exists() { kubectl --context "${3:-cluster1}" get "$1" "$2" -o name >/dev/null; }

# A RevisionBased Istio named $N in $CP with its revision ($REV) and the tag
# $N-tag (resolved, finalized), installed by kubectl sail install.
control_plane() {
    defer kubectl delete namespace "$CP" --ignore-not-found --wait=false
    defer kubectl delete istio "$N" --ignore-not-found --wait=false
    defer kubectl delete istiorevisiontag "$N-tag" --ignore-not-found --wait=false
    install "$N" -n "$CP" --version v1.30.3 --update-strategy RevisionBased --tag "$N-tag" >/dev/null
    operator_creates_revision "$N"
    operator_finalizes istiorevisiontag "$N-tag"
    operator_reconciles_tag "$N-tag"
}

# ---------------------------------------------------------------- usage

@test "uninstall: flag errors, before any cluster is touched" {
    run --separate-stderr uninstall --context nowhere
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: nothing to uninstall: name an Istio, or pass --all, --cni or --crds" ]
    run --separate-stderr uninstall --ca --context nowhere
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: --remote-secrets, --ca and --gateways act in the namespaces of the control planes removed: name an Istio, or pass --all" ]
    run --separate-stderr uninstall --gateways --context nowhere
    [ "$status" -eq 1 ]
    [[ $stderr == "error: --remote-secrets, --ca and --gateways act in"* ]]
    run --separate-stderr uninstall x --all --context nowhere
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: give either ISTIO names or --all, not both" ]
    run --separate-stderr uninstall x --wait --dry-run=client --context nowhere
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: --wait cannot be used with a dry run" ]
    run --separate-stderr uninstall x --timeout soon --context nowhere
    [ "$status" -eq 1 ]
    [[ $stderr == 'error: invalid argument "soon" for "--timeout" flag'* ]]
    run uninstall --help
    [ "$status" -eq 0 ]
    [[ $output == *--remote-secrets* && $output == *--crds* ]]
    # what --crds keeps is said; nothing an uninstall rejects is listed
    [[ $output == *"keeps Istio's *.istio.io CRDs (--istio-crds)"* && $output == *--istio-crds* ]]
    [[ $output != *--force-conflicts* ]]
}

# ---------------------------------------------------------------- dry run, order

@test "uninstall --dry-run=client lists exactly what would be deleted, in order, and changes nothing" {
    control_plane
    kubectl -n "$CP" create secret generic cacerts --from-literal=ca-cert.pem=x >/dev/null
    kubectl -n "$CP" create secret generic "istio-remote-secret-$N" --from-literal="$N=x" >/dev/null
    kubectl -n "$CP" label secret "istio-remote-secret-$N" istio/multiCluster=true >/dev/null
    defer kubectl delete namespace "$N-app" --ignore-not-found --wait=false
    kubectl create namespace "$N-app" >/dev/null
    kubectl annotate namespace "$N-app" "kubectl-sail/previous-revision=$REV" >/dev/null
    run --separate-stderr uninstall "$N" --tags --namespaces --ca --remote-secrets --dry-run=client
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "${#lines[@]}" -eq 4 ]
    [ "${lines[0]}" = "istiorevisiontag.sailoperator.io \"$N-tag\" deleted (dry run)" ]
    [ "${lines[1]}" = "istio.sailoperator.io \"$N\" deleted (dry run)" ]
    [ "${lines[2]}" = "namespace \"$CP\" deleted (dry run)" ]
    [ "${lines[3]}" = "namespace/$N-app annotated (dry run)" ]
    # without --namespaces the secrets are deleted one by one, after the Istio
    run --separate-stderr uninstall "$N" --tags --ca --remote-secrets --dry-run=client -o name
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$output" = "istiorevisiontag.sailoperator.io/$N-tag
istio.sailoperator.io/$N
secret/istio-remote-secret-$N
secret/cacerts
namespace/$N-app" ]
    # -o json: the objects (the annotated namespace too), as a List
    run --separate-stderr uninstall "$N" --tags --dry-run=client -o json
    [ "$status" -eq 0 ]
    [ "$(jq -r '.kind, (.items[] | .kind + "/" + .metadata.name)' <<<"$output")" = "List
IstioRevisionTag/$N-tag
Istio/$N
Namespace/$N-app" ]
    # --dry-run=server goes to the server, which persists nothing either
    run --separate-stderr uninstall "$N" --tags --ca --dry-run=server
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "${lines[0]}" = "istiorevisiontag.sailoperator.io \"$N-tag\" deleted (server dry run)" ]
    # nothing changed
    not_deleting istio "$N"
    not_deleting istiorevisiontag "$N-tag"
    exists istiorevision "$REV"
    exists namespace "$CP"
    kubectl -n "$CP" get secret cacerts "istio-remote-secret-$N" -o name >/dev/null
    [ "$(kubectl get namespace "$N-app" -o jsonpath='{.metadata.annotations.kubectl-sail/previous-revision}')" = "$REV" ]
}

# ---------------------------------------------------------------- refusals

@test "uninstall refuses while a tag targets the Istio, unless --tags" {
    control_plane
    run --separate-stderr uninstall "$N"
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: IstioRevisionTag $N-tag targets what would be removed: pass --tags to remove it too" ]
    not_deleting istio "$N"
    not_deleting istiorevisiontag "$N-tag"
}

@test "uninstall refuses while namespaces or pods reference the revision or tag, names them; --force overrides" {
    control_plane
    defer kubectl delete namespace "$N-a" "$N-b" --ignore-not-found --wait=false
    kubectl create namespace "$N-a" >/dev/null
    kubectl label namespace "$N-a" "istio.io/rev=$N-tag" >/dev/null
    kubectl create namespace "$N-b" >/dev/null
    # a pod (Pending: no nodes) injected by the revision, in a namespace
    # that references nothing
    kubectl -n "$N-b" apply -f - >/dev/null <<EOF2
apiVersion: v1
kind: Pod
metadata: {name: app, annotations: {istio.io/rev: $REV}}
spec: {containers: [{name: app, image: example.invalid/app}]}
EOF2
    run --separate-stderr uninstall "$N" --tags --namespaces
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: refusing to uninstall: revision \"$REV\" is used by pod $N-b/app; tag \"$N-tag\" is used by namespace $N-a; move them first, or pass --force" ]
    [ -z "$output" ]
    not_deleting istio "$N"
    not_deleting istiorevisiontag "$N-tag"
    exists namespace "$CP"
    # --force: a warning, and the plan goes ahead
    run --separate-stderr uninstall "$N" --tags --force --dry-run=client
    [ "$status" -eq 0 ]
    [[ $stderr == "Warning: uninstalling although revision \"$REV\" is used by pod $N-b/app; tag"* ]]
    [ "${lines[1]}" = "istio.sailoperator.io \"$N\" deleted (dry run)" ]
}

# ---------------------------------------------------------------- the real thing

@test "uninstall without --wait names what is still terminating; a second run finds nothing left" {
    control_plane
    run --separate-stderr uninstall "$N" --tags
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$output" = "istiorevisiontag.sailoperator.io \"$N-tag\" deleted
istio.sailoperator.io \"$N\" deleted" ]
    [[ $stderr == *"istiorevisiontag.sailoperator.io \"$N-tag\" still terminating (finalizers: $FINALIZER)"* ]]
    gone istio "$N"
    # the garbage collector deletes the revision the Istio owned; its
    # finalizer holds it
    wait_for --timeout 60 deleting istiorevision "$REV"
    run --separate-stderr uninstall "$N" --tags
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    [ "$stderr" = "istio.sailoperator.io \"$N\" not found
nothing left to uninstall" ]
}

@test "uninstall --wait waits for the revisions' finalizers before the namespaces; --timeout bounds it" {
    control_plane
    # first without the operator: the finalizers never go, --timeout ends the wait
    run --separate-stderr uninstall "$N" --tags --namespaces --wait --timeout 3s
    [ "$status" -eq 1 ]
    [[ $stderr == *"timed out waiting for the condition on istiorevisiontags/$N-tag"* ]]
    [ "$output" = "istiorevisiontag.sailoperator.io \"$N-tag\" deleted" ]
    exists namespace "$CP"
    # now the operator finalizes what is deleted, and everything goes in order
    operator_drops_finalizer istiorevisiontag "$N-tag"
    operator_finalizes_on_delete istiorevision "$REV"
    run --separate-stderr uninstall "$N" --tags --namespaces --wait --timeout 60s
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$output" = "istio.sailoperator.io \"$N\" deleted
namespace \"$CP\" deleted" ]
    # --wait returned: the revision and the namespace are gone, nothing terminates
    gone istiorevision "$REV"
    gone namespace "$CP"
    [ -z "$stderr" ]
}

@test "uninstall --namespaces keeps a control-plane namespace that holds something else, and says what" {
    control_plane
    kubectl -n "$CP" create configmap user-settings --from-literal=a=b >/dev/null
    kubectl -n "$CP" create secret generic cacerts --from-literal=ca-cert.pem=x >/dev/null
    run --separate-stderr uninstall "$N" --tags --namespaces --dry-run=client
    [ "$status" -eq 0 ]
    [ "$stderr" = "namespace \"$CP\" kept: it holds configmap/user-settings, secret/cacerts" ]
    [[ $output != *"namespace \"$CP\""* ]]
    # what this run removes does not count
    kubectl -n "$CP" delete configmap user-settings >/dev/null
    run --separate-stderr uninstall "$N" --tags --namespaces --ca --dry-run=client
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    [[ $output == *"namespace \"$CP\" deleted (dry run)"* ]]
    [[ $output != *cacerts* ]]
}

# ---------------------------------------------------------------- everything, and the CRDs

# every_kind CTX: one line per object of every kind our commands and the
# operator's stand-in create (empty when nothing of ours remains).
every_kind() {
    local ctx=$1
    kubectl --context "$ctx" get istios,istiorevisions,istiorevisiontags,istiocnis,ztunnels -o name 2>/dev/null
    kubectl --context "$ctx" get namespace istio-system istio-cni -o name 2>/dev/null
    kubectl --context "$ctx" get secrets -A -l istio/multiCluster=true -o name 2>/dev/null
    kubectl --context "$ctx" get secrets -A --field-selector metadata.name=cacerts -o name 2>/dev/null
    kubectl --context "$ctx" get serviceaccounts,clusterroles,clusterrolebindings -A \
        -l app=istio-reader,app.kubernetes.io/managed-by=kubectl-sail -o name 2>/dev/null
    kubectl --context "$ctx" get namespaces -o jsonpath='{range .items[*]}{.metadata.annotations.kubectl-sail/previous-revision}{end}' 2>/dev/null
    kubectl --context "$ctx" get crds -o name 2>/dev/null | grep 'sailoperator\.io' || true
}

@test "uninstall, the seeds' cleanup in one line: a full install, the CRD refusals, every flag, nothing left, a second run" {
    local c=harness-tmp
    defer "$CLUSTER_SCRIPTS/down" "$c"
    "$CLUSTER_SCRIPTS/up" "$c" $(! operator_is_real || echo --with-operator) >/dev/null
    cd "$TMP"
    # a remote secret made before any Sail control plane (so remote-secret
    # creates the reader account itself, as istioctl does), then a full
    # install: Istio RevisionBased + tag + CNI, cacerts
    "$BIN/kubectl-sail-remote_secret" --context "$c" --name east -n istio-system 2>/dev/null |
        kubectl --context "$c" apply -f - >/dev/null
    install --context "$c" -n istio-system --version v1.30.3 --update-strategy RevisionBased \
        --tag prod --cni >/dev/null
    operator_creates_revision default "$c"
    operator_finalizes istiorevisiontag prod "$c"
    operator_finalizes istiocni default "$c"
    "$BIN/kubectl-sail-ca" root --out certs --bits 2048 >/dev/null
    "$BIN/kubectl-sail-ca" intermediate --root certs --cluster east --out certs --bits 2048 >/dev/null
    "$BIN/kubectl-sail-ca" secret --dir certs/east --apply --context "$c" -n istio-system >/dev/null
    kubectl --context "$c" create namespace app >/dev/null
    kubectl --context "$c" annotate namespace app "kubectl-sail/previous-revision=$REV" >/dev/null
    [ "$(every_kind "$c" | wc -l)" -ge 14 ]

    # the CRDs are refused while Sail resources would remain
    run --separate-stderr uninstall --context "$c" --crds
    [ "$status" -eq 1 ]
    [[ $stderr == "error: refusing to delete the sailoperator.io CRDs: Istio \"default\", IstioRevision \"$REV\", IstioRevisionTag \"prod\", IstioCNI \"default\" would remain"* ]]
    # ... and without --wait when this run removes them
    run --separate-stderr uninstall --context "$c" --all --tags --cni --crds
    [ "$status" -eq 1 ]
    [[ $stderr == "error: --crds needs --wait here"* ]]
    # ... and while the operator's Deployment runs, unless --force
    kubectl --context "$c" create namespace sail-operator >/dev/null
    kubectl --context "$c" -n sail-operator create deployment sail-operator --image=example.invalid/sail-operator >/dev/null
    run --separate-stderr uninstall --context "$c" --all --tags --cni --crds --wait
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: refusing to delete the sailoperator.io CRDs: the Sail Operator's Deployment sail-operator/sail-operator still runs; uninstall the operator first, or pass --force" ]
    # nothing was deleted by the refusals
    [ "$(every_kind "$c" | wc -l)" -ge 14 ]
    not_deleting istio default "$c"
    kubectl --context "$c" -n sail-operator scale deployment sail-operator --replicas=0 >/dev/null

    # the dry run lists the whole plan, in order
    run --separate-stderr uninstall --context "$c" --all --tags --cni --namespaces --remote-secrets --ca --crds --dry-run=client -o name
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    printf '%s\n' "$output" >plan
    [ "$(sed -n 1,5p plan)" = "istiorevisiontag.sailoperator.io/prod
istio.sailoperator.io/default
istiocni.sailoperator.io/default
namespace/istio-system
namespace/istio-cni" ]
    [ "$(sed -n 6,8p plan | sort)" = "clusterrole.rbac.authorization.k8s.io/istio-reader-clusterrole-istio-system
clusterrolebinding.rbac.authorization.k8s.io/istio-reader-clusterrole-istio-system
namespace/app" ]
    [ "$(sed -n '9,$p' plan | sort)" = "customresourcedefinition.apiextensions.k8s.io/istiocnis.sailoperator.io
customresourcedefinition.apiextensions.k8s.io/istiorevisions.sailoperator.io
customresourcedefinition.apiextensions.k8s.io/istiorevisiontags.sailoperator.io
customresourcedefinition.apiextensions.k8s.io/istios.sailoperator.io
customresourcedefinition.apiextensions.k8s.io/ztunnels.sailoperator.io" ]
    # --istio-crds: Istio's CRDs come after the Sail ones
    run --separate-stderr uninstall --context "$c" --all --tags --cni --crds --istio-crds --dry-run=client -o name
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$(grep -n 'sailoperator\.io$' <<<"$output" | tail -n 1 | cut -d: -f1)" -lt "$(grep -n '\.istio\.io$' <<<"$output" | head -n 1 | cut -d: -f1)" ]
    grep -qx 'customresourcedefinition.apiextensions.k8s.io/gateways.networking.istio.io' <<<"$output"
    [ "$(grep -c '\.istio\.io$' <<<"$output")" -eq "$(kubectl --context "$c" get crds -o name | grep -c '\.istio\.io$')" ]

    # the real run, the operator finalizing what is deleted
    operator_finalizes_on_delete istiorevisiontag prod "$c"
    operator_finalizes_on_delete istiorevision "$REV" "$c"
    operator_finalizes_on_delete istiocni default "$c"
    run --separate-stderr uninstall --context "$c" --all --tags --cni --namespaces --remote-secrets --ca --crds --wait --timeout 2m
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "${lines[0]}" = "istiorevisiontag.sailoperator.io \"prod\" deleted" ]
    [ "${lines[1]}" = "istio.sailoperator.io \"default\" deleted" ]
    [ "${lines[2]}" = "istiocni.sailoperator.io \"default\" deleted" ]
    [ "${lines[3]}" = "namespace \"istio-system\" deleted" ]
    [ "${#lines[@]}" -eq 13 ]
    [ -z "$(every_kind "$c")" ]
    kubectl --context "$c" get namespace app -o name
    # a second run: nothing left, the CRDs being gone is no error
    run --separate-stderr uninstall --context "$c" --all --tags --cni --namespaces --remote-secrets --ca --crds --wait
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ -z "$output" ]
    [ "$stderr" = "nothing left to uninstall" ]

    # --istio-crds: refused while a resource of theirs remains (kind and count)
    kubectl --context "$c" get crds -o name | grep -q 'gateways\.networking\.istio\.io'
    kubectl --context "$c" apply -f - >/dev/null <<EOF
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: g1, namespace: app}
spec: {selector: {istio: ingressgateway}, servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: g2, namespace: app}
spec: {selector: {istio: ingressgateway}, servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}
EOF
    run --separate-stderr uninstall --context "$c" --istio-crds
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: refusing to delete Istio's CRDs: resources of theirs remain (2 Gateway.networking.istio.io); delete them first, or pass --force" ]
    # dry runs delete nothing
    run --separate-stderr uninstall --context "$c" --istio-crds --force --dry-run=server
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [[ ${lines[0]} == 'customresourcedefinition.apiextensions.k8s.io "'*'.istio.io" deleted (server dry run)' ]]
    kubectl --context "$c" -n app get gateway g1 -o name
    kubectl --context "$c" -n app delete gateway g1 g2 >/dev/null
    run --separate-stderr uninstall --context "$c" --istio-crds --wait
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [[ ${lines[0]} == 'customresourcedefinition.apiextensions.k8s.io "'*'.istio.io" deleted' ]]
    [ -z "$(kubectl --context "$c" get crds -o name | grep '\.istio\.io$')" ]
}

# ---------------------------------------------------------------- gateways (issue 22)

@test "uninstall --gateways removes the gateways install created, first; their pods no longer block and the namespace goes" {
    defer kubectl delete namespace "$CP" --ignore-not-found --wait=false
    defer kubectl delete istio "$N" --ignore-not-found --wait=false
    install "$N" -n "$CP" --version v1.30.3 --network net1 --east-west-gateway --expose-services >/dev/null
    operator_creates_revision "$N"
    # the Deployment's pod (kube-controller-manager makes it) is injected by the revision
    wait_for kubectl -n "$CP" get pods -l app=istio-eastwestgateway -o jsonpath='{.items[0].metadata.name}'
    # without --gateways the gateway's pod keeps the revision in use, as before
    run --separate-stderr uninstall "$N" --namespaces --dry-run=client
    [ "$status" -eq 1 ]
    [[ $stderr == *"revision \"$N\" is used by pod $CP/istio-eastwestgateway-"* ]]
    # the dry run lists the gateway's parts first, exposure first
    run --separate-stderr uninstall "$N" --gateways --namespaces --dry-run=client -o name
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$output" = "gateway.networking.istio.io/cross-network-gateway
horizontalpodautoscaler.autoscaling/istio-eastwestgateway
poddisruptionbudget.policy/istio-eastwestgateway
service/istio-eastwestgateway
deployment.apps/istio-eastwestgateway
rolebinding.rbac.authorization.k8s.io/istio-eastwestgateway-sds
role.rbac.authorization.k8s.io/istio-eastwestgateway-sds
serviceaccount/istio-eastwestgateway-service-account
istio.sailoperator.io/$N
namespace/$CP" ]
    operator_finalizes_on_delete istiorevision "$REV"
    run --separate-stderr uninstall "$N" --gateways --namespaces --wait --timeout 90s
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "${lines[0]}" = 'gateway.networking.istio.io "cross-network-gateway" deleted' ]
    [ "${lines[8]}" = "istio.sailoperator.io \"$N\" deleted" ]
    [ "${lines[9]}" = "namespace \"$CP\" deleted" ]
    gone istio "$N"
    [[ $stderr != *"kept"* ]]
}

@test "uninstall --all includes the gateways; a namespace kept names only what install did not create" {
    defer kubectl delete namespace "$CP" --ignore-not-found --wait=false
    defer kubectl delete istio "$N" --ignore-not-found --wait=false
    install "$N" -n "$CP" --version v1.30.3 --network net1 --east-west-gateway >/dev/null
    operator_creates_revision "$N"
    kubectl -n "$CP" create configmap mine >/dev/null
    run --separate-stderr uninstall --all --namespaces --dry-run=client -o name --force
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    grep -qx "deployment.apps/istio-eastwestgateway" <<<"$output"
    grep -qx "service/istio-eastwestgateway" <<<"$output"
    [ "$(grep -n "^deployment.apps/istio-eastwestgateway$" <<<"$output" | cut -d: -f1)" -lt "$(grep -n "^istio.sailoperator.io/$N$" <<<"$output" | cut -d: -f1)" ]
    [[ $stderr == *"namespace \"$CP\" kept: it holds configmap/mine"* ]]
    [[ $stderr != *"deployment/istio-eastwestgateway"* ]]
}
