#!/usr/bin/env bats
# kubectl sail install operator on a real kube-apiserver that starts empty
# (no CRDs) and has fake nodes (kwok), so the operator's Deployment rolls
# out although no container runs. The tests run in order on one cluster:
# the first install, re-runs, CRD upgrades and refusals.

load helpers
load operator
load olm

NODES_CLUSTER=operator-nodes
REFERENCE="$SAIL_SHARED_DIR/sail-api/operator/sail-operator-helm-default.yaml"
CRDS_DIR="$SAIL_SHARED_DIR/sail-api/crds"

setup_file() {
    "$CLUSTER_SCRIPTS/up" "$NODES_CLUSTER" --with-nodes --without-crds >&2
}

teardown_file() {
    [[ ${SAIL_KEEP_CLUSTERS:-0} == 1 ]] || "$CLUSTER_SCRIPTS/down" "$NODES_CLUSTER" >&2
}

setup() {
    require_sail_bin
    export KUBECONFIG="$CLUSTERS_DIR/$NODES_CLUSTER/kubeconfig"
}

# Every document of a YAML stream as one sorted JSON array (kind, name).
sorted_docs() {
    yq -c 'select(. != null)' | jq -s -c 'sort_by(.kind, .metadata.name)'
}

# The resourceVersions of everything install operator writes.
operator_versions() {
    kubectl get crd -o jsonpath='{range .items[*]}{.metadata.name}={.metadata.resourceVersion}{"\n"}{end}'
    kubectl get -n sail-operator serviceaccount,role,rolebinding,service \
        -o jsonpath='{range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion}{"\n"}{end}'
    # the Deployment's status moves with its pods: its spec and appliers do not
    kubectl get -n sail-operator deployment sail-operator --show-managed-fields \
        -o jsonpath='{.metadata.generation}{range .metadata.managedFields[?(@.operation=="Apply")]} {.manager}@{.time}{end}{"\n"}'
    kubectl get clusterrole,clusterrolebinding -l 'app.kubernetes.io/managed-by=helm' \
        -o jsonpath='{range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion}{"\n"}{end}'
    kubectl get clusterrole sailoperator-role -o jsonpath='{.metadata.resourceVersion}{"\n"}'
    kubectl get namespace sail-operator -o jsonpath='{.metadata.resourceVersion}{"\n"}'
}

@test "install operator --dry-run=client -o yaml: the chart's objects and all 20 CRDs, equal to the reference" {
    run "$SAIL" install operator --dry-run=client -o yaml
    [ "$status" -eq 0 ]
    ours=$(printf '%s\n' "$output" | sorted_docs)
    ref=$({ cat "$REFERENCE"; for f in "$CRDS_DIR"/*.yaml "$CRDS_DIR"/istio/*.yaml; do echo ---; cat "$f"; done; } | sorted_docs)
    [ "$(jq 'length' <<<"$ref")" -eq 30 ]
    # ours has the Namespace too (the chart leaves it to --create-namespace)
    [ "$(jq -c '[.[] | select(.kind == "Namespace")] | map(.metadata.name)' <<<"$ours")" == '["sail-operator"]' ]
    diff <(jq -S '[.[] | select(.kind != "Namespace")]' <<<"$ours") <(jq -S . <<<"$ref")
    # the client dry run contacts no server
    KUBECONFIG=/nonexistent run "$SAIL" install operator --dry-run=client -n other-ns
    [ "$status" -eq 0 ]
    [[ $output == *"deployment.apps/sail-operator serverside-applied (dry run)"* ]]
}

@test "precheck on an empty cluster: no CRDs, no operator (warnings, exit 2); read-only" {
    run "$SAIL" precheck -o json
    [ "$status" -eq 2 ]
    [ "$(jq -c '[.errors, .warnings]' <<<"$output")" == '[0,2]' ]
    [ "$(jq -c '[.findings[] | select(.severity == "Warning") | .check]' <<<"$output")" == '["crds","operator"]' ]
    [ "$(jq -r '.findings[] | select(.check == "kubernetes") | .severity' <<<"$output")" == Info ]
    [ "$(jq -r '.findings[] | select(.check == "permissions") | .message' <<<"$output")" == "you may create what install operator and install create (12 checks)" ]
    run "$SAIL" precheck
    [ "$status" -eq 2 ]
    [[ $output == *"Warning  crds         the Sail CRDs are not installed: kubectl sail install operator"* ]]
    run kubectl get crd -o name
    [ -z "$output" ]
}

@test "install operator --wait: from an empty cluster to a rolled-out operator, saying which path it took" {
    run kubectl get crd istios.sailoperator.io
    [ "$status" -ne 0 ]
    run "$SAIL" install operator --wait --timeout 2m
    echo "$output"
    [ "$status" -eq 0 ]
    [[ $output == *"Sail Operator 1.31.0 into namespace sail-operator, from plain manifests (no OLM on this cluster)"* ]]
    [[ $output == *"customresourcedefinition.apiextensions.k8s.io/istios.sailoperator.io serverside-applied"* ]]
    [[ $output == *"deployment.apps/sail-operator serverside-applied"* ]]
    [[ $output == *"customresourcedefinition.apiextensions.k8s.io/istios.sailoperator.io condition met"* ]]
    [[ $output == *'deployment "sail-operator" successfully rolled out'* ]]
    [ "$(kubectl get crd -o name | grep -c 'sailoperator.io$')" -eq 5 ]
    [ "$(kubectl get crd -o name | grep -c 'istio.io$')" -eq 15 ]
    [ "$(kubectl get deploy -n sail-operator sail-operator -o jsonpath='{.status.availableReplicas}')" == 1 ]
    # the image list the operator reads from its Deployment, as the chart has it
    diff <(kubectl get deploy -n sail-operator sail-operator -o json | jq -S '.spec.template.metadata.annotations') \
        <(yq -c 'select(.kind == "Deployment") | .spec.template.metadata.annotations' "$REFERENCE" | jq -S .)
    [ "$(kubectl get deploy -n sail-operator sail-operator -o jsonpath='{.spec.template.spec.containers[0].image}')" == quay.io/sail-dev/sail-operator:1.31-latest ]
    # the server stores the CRDs' versions as the reference defines them
    diff <(kubectl get crd istios.sailoperator.io -o json | jq -S '.spec.versions') \
        <(yq '.spec.versions' "$CRDS_DIR/sailoperator.io_istios.yaml" | jq -S .)
    kubectl get clusterrolebinding sailoperator-rolebinding -o jsonpath='{.subjects[0].namespace}' | grep -qx sail-operator
    kubectl get -n sail-operator role/leader-election-role serviceaccount/sail-operator service/sail-operator-metrics-service >/dev/null
}

@test "status: the operator row for plain manifests (Deployment, version, Ready, CRDs matching)" {
    doc=$("$SAIL" status -o json)
    [ "$(jq -c '.operator | [.namespace, .version, .installedBy, .ready, .crds]' <<<"$doc")" == '["sail-operator","1.31-latest","Deployment",true,"match"]' ]
    run "$SAIL" status
    [ "$status" -eq 0 ]
    grep -E "^sail-operator +sail-operator +1.31-latest +Deployment +True +match$" <<<"$output"
}

@test "precheck: a clean install finds nothing; leftovers and missing permissions are named; install operator stops on an Error" {
    run "$SAIL" precheck
    echo "$output"
    [ "$status" -eq 0 ]
    [[ $output == *"Info     operator     the Sail Operator 1.31-latest runs in sail-operator (plain manifests)"* ]]
    ns=$(fresh_ns pre)
    kubectl label namespace "$ns" istio-injection=enabled istio.io/rev=default >/dev/null
    kubectl create deployment istiod -n "$ns" --image=registry.istio.io/release/pilot:1.30.3 >/dev/null
    kubectl label deployment istiod -n "$ns" app=istiod >/dev/null
    run "$SAIL" precheck --version v1.29.6
    [ "$status" -eq 2 ]
    [[ $output == *"Warning  leftovers    Deployment $ns/istiod runs istiod outside the Sail Operator"* ]]
    [[ $output == *"Warning  leftovers    namespace $ns has both istio-injection and istio.io/rev"* ]]
    [[ $output == *"Kubernetes v1."*"Istio v1.29.6 (1.31 to 1.35)"* ]]
    run "$SAIL" precheck --version v9.9.9
    [ "$status" -eq 1 ]
    [[ $output == *'"v9.9.9" is not a known Istio version'* ]]
    # a user who may do nothing
    run "$SAIL" precheck --as nobody -o json
    [ "$status" -eq 2 ]
    [ "$(jq '.errors' <<<"$output")" -eq 12 ]
    before=$(operator_versions)
    run "$SAIL" install operator --as nobody
    [ "$status" -eq 1 ]
    [[ $output == *"Error    permissions  you may not create customresourcedefinitions.apiextensions.k8s.io (cluster-wide)"* ]]
    [[ $output == *"precheck found errors (above): nothing was installed (--skip-precheck to install anyway)"* ]]
    diff <(echo "$before") <(operator_versions)
}

@test "install operator again: nothing changes" {
    before=$(operator_versions)
    [ "$(wc -l <<<"$before")" -ge 30 ]
    run "$SAIL" install operator
    [ "$status" -eq 0 ]
    after=$(operator_versions)
    diff <(echo "$before") <(echo "$after")
}

@test "install operator: bad input is refused before any request changes anything" {
    before=$(operator_versions)
    run "$SAIL" install operator --version 1.29.0
    [ "$status" -eq 1 ]
    [ "${#lines[@]}" -eq 1 ]
    [[ $output == *'Sail Operator version "1.29.0" is not embedded in this build; it installs 1.31.0 (the default)'* ]]
    run "$SAIL" install operator --image quay.io/sail-dev/sail-operator
    [ "$status" -eq 1 ]
    [[ $output == *"names neither a tag nor a digest"* ]]
    run "$SAIL" install operator --channel stable
    [ "$status" -eq 1 ]
    [[ $output == *"--channel goes with --olm"* ]]
    run "$SAIL" install operator --set a=b
    [ "$status" -eq 1 ]
    [[ $output == *"install operator takes --version"* ]]
    run "$SAIL" install --image x:1
    [ "$status" -eq 1 ]
    [[ $output == *"--image is for 'install operator'"* ]]
    # another operator is already running elsewhere
    run "$SAIL" install operator -n elsewhere
    [ "$status" -eq 1 ]
    [[ $output == *"the Sail Operator already runs in namespace sail-operator: use -n sail-operator"* ]]
    run kubectl get namespace elsewhere
    [ "$status" -ne 0 ]
    diff <(echo "$before") <(operator_versions)
}

@test "install operator: a namespace whose Deployment sail-operator is another program's is refused" {
    ns=$(fresh_ns other)
    kubectl create deployment sail-operator -n "$ns" --image=registry.example/other:1.0 >/dev/null
    run "$SAIL" install operator -n "$ns"
    [ "$status" -eq 1 ]
    [[ $output == *"namespace $ns holds a Deployment \"sail-operator\" that is not the Sail Operator's"* ]]
    run kubectl get serviceaccount sail-operator -n "$ns"
    [ "$status" -ne 0 ]
}

@test "install operator: a newer operator is not downgraded without --allow-downgrade" {
    kubectl set image -n sail-operator deployment/sail-operator sail-operator=quay.io/sail-dev/sail-operator:1.32.0 >/dev/null
    # the rollout changes the status, not the generation
    gen=$(kubectl get deploy -n sail-operator sail-operator -o jsonpath='{.metadata.generation}')
    run "$SAIL" install operator
    [ "$status" -eq 1 ]
    [[ $output == *"the Sail Operator in sail-operator (1.32.0) is newer than 1.31.0, which this would install: not downgrading without --allow-downgrade"* ]]
    [ "$(kubectl get deploy -n sail-operator sail-operator -o jsonpath='{.metadata.generation}')" == "$gen" ]
    run "$SAIL" install operator --allow-downgrade
    [ "$status" -eq 0 ]
    [ "$(kubectl get deploy -n sail-operator sail-operator -o jsonpath='{.spec.template.spec.containers[0].image}')" == quay.io/sail-dev/sail-operator:1.31-latest ]
}

@test "install operator: newer Sail CRDs are refused, naming which is newer; --allow-downgrade replaces them" {
    yq -c '.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.version.enum += ["v1.99.0"]' \
        "$CRDS_DIR/sailoperator.io_istios.yaml" |
        kubectl apply --validate=false --server-side --force-conflicts --field-manager=newer-operator -f - >/dev/null
    run "$SAIL" install operator
    [ "$status" -eq 1 ]
    [[ $output == *"the cluster's Sail CRDs are newer than this version's (istios.sailoperator.io accepts Istio up to v1.99.0, the Sail Operator 1.31.0 CRDs up to v1.32.0-alpha.527f8d6c)"* ]]
    kubectl get crd istios.sailoperator.io -o json | jq -e '.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.version.enum | index("v1.99.0")' >/dev/null
    run "$SAIL" install operator --allow-downgrade
    [ "$status" -eq 0 ]
    kubectl get crd istios.sailoperator.io -o json | jq -e '.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.version.enum | index("v1.99.0") == null' >/dev/null
}

@test "install operator: older Sail CRDs are updated, keeping a version objects are still stored in" {
    # an older CRD: fewer Istio versions, and objects stored as v1alpha1
    yq -c '.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.version.enum -= ["v1.31.0-beta.1", "v1.31-latest", "v1.32.0-alpha.527f8d6c", "master"]
           | .spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.version.default = "v1.30.3"
           | .spec.versions[0].schema.openAPIV3Schema.properties.spec.default.version = "v1.30.3"
           | .spec.versions[0].storage = false
           | .spec.versions += [.spec.versions[0] | .name = "v1alpha1" | .storage = true]' \
        "$CRDS_DIR/sailoperator.io_istios.yaml" |
        kubectl apply --validate=false --server-side --force-conflicts --field-manager=older-operator -f - >/dev/null
    kubectl get crd istios.sailoperator.io -o jsonpath='{.status.storedVersions}' | grep -q v1alpha1
    run "$SAIL" install operator
    echo "$output"
    [ "$status" -eq 0 ]
    [[ $output == *"customresourcedefinition istios.sailoperator.io: keeping version v1alpha1, which objects are still stored in (status.storedVersions)"* ]]
    [[ $output == *"updating 1 CRDs that are older than the Sail Operator 1.31.0's"* ]]
    crd=$(kubectl get crd istios.sailoperator.io -o json)
    [ "$(jq -r '[.spec.versions[] | select(.storage) | .name] | join(",")' <<<"$crd")" == v1 ]
    [ "$(jq -r '[.spec.versions[].name] | join(",")' <<<"$crd")" == v1,v1alpha1 ]
    jq -e '.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.version.enum | index("v1.32.0-alpha.527f8d6c")' <<<"$crd" >/dev/null
}

@test "upgrade operator: an older operator from plain manifests, and its older CRDs, to the embedded version" {
    run "$SAIL" install operator --image quay.io/sail-dev/sail-operator:1.30.3
    [ "$status" -eq 0 ]
    yq -c '.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.version.enum -= ["v1.31.0-beta.1", "v1.31-latest", "v1.32.0-alpha.527f8d6c", "master"]
           | .spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.version.default = "v1.30.3"
           | .spec.versions[0].schema.openAPIV3Schema.properties.spec.default.version = "v1.30.3"' \
        "$CRDS_DIR/sailoperator.io_istiocnis.yaml" |
        kubectl apply --validate=false --server-side --force-conflicts --field-manager=older-operator -f - >/dev/null
    run "$SAIL" upgrade operator --version 1.31.0 --wait --timeout 2m
    echo "$output"
    [ "$status" -eq 0 ]
    [[ $output == *"Sail Operator 1.31.0 into namespace sail-operator, from plain manifests (upgrade from 1.30.3)"* ]]
    [[ $output == *"updating 1 CRDs that are older than the Sail Operator 1.31.0's"* ]]
    [[ $output == *'deployment "sail-operator" successfully rolled out'* ]]
    [ "$(kubectl get deploy -n sail-operator sail-operator -o jsonpath='{.spec.template.spec.containers[0].image}')" == quay.io/sail-dev/sail-operator:1.31-latest ]
    kubectl get crd istiocnis.sailoperator.io -o json | jq -e '.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.version.enum | index("v1.32.0-alpha.527f8d6c")' >/dev/null
    run "$SAIL" upgrade operator --version 1.30.3
    [ "$status" -eq 1 ]
    [[ $output == *'Sail Operator version "1.30.3" is not embedded in this build'* ]]
}

@test "install operator --olm without OLM: refused, naming the missing CRDs" {
    run "$SAIL" install operator --olm
    [ "$status" -eq 1 ]
    [ "${#lines[@]}" -eq 1 ]
    [[ $output == *"--olm: this cluster has no OLM (missing CRDs subscriptions.operators.coreos.com, operatorgroups.operators.coreos.com, clusterserviceversions.operators.coreos.com)"* ]]
}

@test "install operator --olm --dry-run=client: the Subscription, and an OperatorGroup only outside openshift-operators" {
    run "$SAIL" install operator --olm --dry-run=client -o yaml
    [ "$status" -eq 0 ]
    docs=$(printf '%s\n' "$output" | sorted_docs)
    [ "$(jq -c 'map(.kind)' <<<"$docs")" == '["Namespace","Subscription"]' ]
    [ "$(jq -c '.[1].spec' <<<"$docs")" == '{"channel":"stable","installPlanApproval":"Automatic","name":"sailoperator","source":"community-operators","sourceNamespace":"openshift-marketplace"}' ]
    [ "$(jq -r '.[1].metadata.namespace' <<<"$docs")" == openshift-operators ]
    run "$SAIL" install operator --olm -n my-operators --channel stable-1.31 --approval Manual --version 1.31.0 --dry-run=client -o yaml
    [ "$status" -eq 0 ]
    docs=$(printf '%s\n' "$output" | sorted_docs)
    [ "$(jq -c 'map(.kind)' <<<"$docs")" == '["Namespace","OperatorGroup","Subscription"]' ]
    [ "$(jq -c '.[1].spec' <<<"$docs")" == '{}' ]
    [ "$(jq -c '.[2].spec | [.channel, .installPlanApproval, .startingCSV]' <<<"$docs")" == '["stable-1.31","Manual","sailoperator.v1.31.0"]' ]
    run "$SAIL" install operator --olm --image x:1 --dry-run=client
    [ "$status" -eq 1 ]
    [[ $output == *"--image is for plain manifests"* ]]
}

@test "OLM present: an operator from plain manifests stays on that path; --olm beside it is refused" {
    olm_installs_crds
    run "$SAIL" install operator
    [ "$status" -eq 0 ]
    [[ $output == *"from plain manifests (as it is installed)"* ]]
    run "$SAIL" install operator --olm
    [ "$status" -eq 1 ]
    [[ $output == *"the Sail Operator in sail-operator is installed from plain manifests: --olm would start a second one"* ]]
    run kubectl get subscriptions.operators.coreos.com -A -o name
    [ -z "$output" ]
}

@test "uninstall operator: refused while Sail resources exist; --force deletes them first, in order, then the operator" {
    kubectl apply --validate=false -f - >/dev/null <<EOF
apiVersion: sailoperator.io/v1
kind: Istio
metadata: {name: op-test}
spec: {version: v1.30.3, namespace: istio-system}
---
apiVersion: sailoperator.io/v1
kind: IstioCNI
metadata: {name: default}
spec: {version: v1.30.3, namespace: istio-cni}
EOF
    run "$SAIL" uninstall operator
    [ "$status" -eq 1 ]
    [[ $output == *"Sail resources remain (Istio/op-test, IstioCNI/default): the operator must remove them while it runs"* ]]
    kubectl get deploy -n sail-operator sail-operator >/dev/null
    run "$SAIL" uninstall operator --force --wait
    echo "$output"
    [ "$status" -eq 0 ]
    order=$(grep -n -e 'istio.sailoperator.io/op-test deleted' -e 'istiocni.sailoperator.io/default deleted' \
        -e 'deployment.apps/sail-operator deleted' -e 'clusterrole.rbac.authorization.k8s.io/sailoperator-role deleted' \
        -e 'serviceaccount/sail-operator deleted' -e 'namespace/sail-operator deleted' <<<"$output" | cut -d: -f2)
    [ "$order" == "$(printf '%s\n' 'istio.sailoperator.io/op-test deleted' 'istiocni.sailoperator.io/default deleted' \
        'deployment.apps/sail-operator deleted' 'clusterrole.rbac.authorization.k8s.io/sailoperator-role deleted' \
        'serviceaccount/sail-operator deleted' 'namespace/sail-operator deleted')" ]
    run kubectl get istio op-test
    [ "$status" -ne 0 ]
    run kubectl get clusterrole sailoperator-role
    [ "$status" -ne 0 ]
    run kubectl get namespace sail-operator
    [ "$status" -ne 0 ]
    # the CRDs stay without --crds
    kubectl get crd istios.sailoperator.io virtualservices.networking.istio.io >/dev/null
    # a second run finds nothing of the operator and changes nothing
    run "$SAIL" uninstall operator
    [ "$status" -eq 0 ]
    [[ $output == *"no Sail Operator Deployment found"* ]]
    [[ $output != *"deleted"* ]]
    run "$SAIL" upgrade operator
    [ "$status" -eq 1 ]
    [[ $output == *"no Sail Operator is installed (no Deployment sail-operator): kubectl sail install operator"* ]]
}

@test "OLM detected: install operator subscribes; --wait waits for the CSV to succeed" {
    "$SAIL" install operator --wait --timeout 60s >"$BATS_TEST_TMPDIR/out" 2>&1 &
    pid=$!
    defer bash -c "kill $pid 2>/dev/null || true"
    wait_for --timeout 30 kubectl get subscriptions.operators.coreos.com sailoperator -n openshift-operators
    olm_resolves_subscription openshift-operators sailoperator sailoperator.v1.31.0
    olm_csv_phase openshift-operators sailoperator.v1.31.0 Installing InstallWaiting "installing: waiting for deployment sail-operator to become ready"
    olm_csv_phase openshift-operators sailoperator.v1.31.0 Succeeded InstallSucceeded "install strategy completed with no errors"
    wait "$pid"
    output=$(cat "$BATS_TEST_TMPDIR/out")
    echo "$output"
    [[ $output == *"OLM detected (its CRDs are served): installing through a Subscription (--olm=false for plain manifests)"* ]]
    [[ $output == *"Sail Operator through OLM: Subscription openshift-operators/sailoperator, channel stable, catalog openshift-marketplace/community-operators"* ]]
    [[ $output != *"OperatorGroup"* ]]
    [[ $output == *"subscription.operators.coreos.com/sailoperator serverside-applied"* ]]
    [[ $output == *"clusterserviceversion.operators.coreos.com/sailoperator.v1.31.0 Succeeded"* ]]
    run kubectl get operatorgroups.operators.coreos.com -n openshift-operators -o name
    [ -z "$output" ]
    # status names the CSV that installed it
    doc=$("$SAIL" status -o json)
    [ "$(jq -c '.operator | [.namespace, .version, .installedBy, .crds]' <<<"$doc")" == '["openshift-operators","1.31.0","CSV/sailoperator.v1.31.0","match"]' ]
    # and again: nothing changes
    rv=$(kubectl get subscriptions.operators.coreos.com sailoperator -n openshift-operators -o jsonpath='{.metadata.resourceVersion}')
    run "$SAIL" install operator --olm
    [ "$status" -eq 0 ]
    [ "$(kubectl get subscriptions.operators.coreos.com sailoperator -n openshift-operators -o jsonpath='{.metadata.resourceVersion}')" == "$rv" ]
    # plain manifests are refused while OLM runs the operator
    run "$SAIL" install operator --olm=false
    [ "$status" -eq 1 ]
    [[ $output == *"is installed by OLM (ClusterServiceVersion sailoperator.v1.31.0)"* ]]
}

@test "install operator --olm --wait: a timeout names the CSV's phase and reason" {
    ns=$(fresh_ns olm)
    kubectl apply --validate=false -f - >/dev/null <<EOF
apiVersion: operators.coreos.com/v1
kind: OperatorGroup
metadata: {name: some-targets, namespace: $ns}
spec: {targetNamespaces: [$ns]}
EOF
    run "$SAIL" install operator --olm -n "$ns"
    [ "$status" -eq 1 ]
    [[ $output == *"namespace $ns has OperatorGroup some-targets, which targets chosen namespaces; the Sail Operator supports AllNamespaces only"* ]]
    kubectl delete operatorgroups.operators.coreos.com some-targets -n "$ns" >/dev/null
    # another namespace subscribes already
    run "$SAIL" install operator --olm -n "$ns"
    [ "$status" -eq 1 ]
    [[ $output == *"namespace openshift-operators already subscribes to sailoperator (Subscription sailoperator): use -n openshift-operators"* ]]
    # in openshift-operators, a stuck CSV
    olm_csv_phase openshift-operators sailoperator.v1.31.0 Installing InstallWaiting "waiting for deployment sail-operator"
    run "$SAIL" install operator --olm --wait --timeout 2s
    [ "$status" -eq 1 ]
    [[ $output == *"timed out waiting for the condition on clusterserviceversions"*"sailoperator.v1.31.0: phase Installing, reason InstallWaiting: waiting for deployment sail-operator"* ]]
    olm_csv_phase openshift-operators sailoperator.v1.31.0 Succeeded InstallSucceeded
}

@test "upgrade and uninstall operator on the OLM path: the Subscription, the CSV, then the Sail CRDs with --crds" {
    run "$SAIL" upgrade operator
    [ "$status" -eq 0 ]
    [[ $output == *"clusterserviceversion.operators.coreos.com/sailoperator.v1.31.0 is installed: nothing to upgrade"* ]]
    kubectl apply --validate=false -f - >/dev/null <<EOF
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: kept, namespace: default}
spec: {selector: {istio: ingressgateway}, servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}
EOF
    defer kubectl delete gateways.networking.istio.io kept -n default --ignore-not-found
    run "$SAIL" uninstall operator --crds --istio-crds
    [ "$status" -eq 1 ]
    [[ $output == *"--istio-crds: objects of those kinds remain (1 gateways)"* ]]
    kubectl get subscriptions.operators.coreos.com sailoperator -n openshift-operators >/dev/null
    run "$SAIL" uninstall operator --crds
    echo "$output"
    [ "$status" -eq 0 ]
    [[ $output == *"subscription.operators.coreos.com/sailoperator deleted"* ]]
    [[ $output == *"clusterserviceversion.operators.coreos.com/sailoperator.v1.31.0 deleted"* ]]
    [[ $output == *"customresourcedefinition.apiextensions.k8s.io/istios.sailoperator.io deleted"* ]]
    [[ $output != *"namespace/openshift-operators deleted"* ]]
    [[ $output != *"virtualservices.networking.istio.io deleted"* ]]
    kubectl get namespace openshift-operators >/dev/null
    kubectl get crd virtualservices.networking.istio.io >/dev/null
    wait_for --timeout 60 bash -c '! kubectl get crd istios.sailoperator.io'
    # without the Sail CRDs, a second run has nothing to remove
    run "$SAIL" uninstall operator
    [ "$status" -eq 0 ]
    [[ $output != *"deleted"* ]]
}
