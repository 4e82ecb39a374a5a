#!/usr/bin/env bats
# The API client (common/http.c, common/api.c) against a real API server,
# through the test helper build/tests/test-api (tests/helper/test-api.c),
# compared with kubectl where both print the same thing. The suite's
# setup_suite starts cluster1 and exports KUBECONFIG.

load helpers
load operator

bats_require_minimum_version 1.5.0

TEST_API=${SAIL_BUILD_DIR:-$REPO/build}/tests/test-api

setup() {
    [[ -x $TEST_API ]] || { echo "missing $TEST_API: build it (make unit-tests)" >&2; return 1; }
    TMP=$BATS_TEST_TMPDIR
}

api() { "$TEST_API" "$@"; }

# For defer: the process may be gone already.
stop_pid() { kill "$1" 2>/dev/null || true; }

# A Sail Istio spec.version the CRD accepts (the first of its enum).
istio_version() {
    kubectl get crd istios.sailoperator.io \
        -o jsonpath='{.spec.versions[?(@.name=="v1")].schema.openAPIV3Schema.properties.spec.properties.version.enum[0]}'
}

# A unique name for a cluster-scoped object, deleted when the test ends.
cluster_name() {
    local n="api-$BATS_SUITE_TEST_NUMBER-$RANDOM$RANDOM"
    defer kubectl delete "$1" "$n" --ignore-not-found --wait=false
    echo "$n"
}

# A kubeconfig for the current context with user replaced by $1 (JSON).
kubeconfig_with_user() {
    kubectl config view --raw --minify -o json |
        jq --argjson u "$1" '.users[0].user = $u' >"$TMP/kc-user.json"
    echo "$TMP/kc-user.json"
}

# ---------------------------------------------------------------- apply

@test "server-side apply of a multi-document stream; a second apply changes nothing" {
    local ns ist ver
    ns=$(cluster_name namespace)
    ist=$(cluster_name istio)
    ver=$(istio_version)
    [ -n "$ver" ]
    # (a Namespace with nothing but a name gets its managedFields rewritten
    # by the server on the second apply, kubectl's too: give it a label)
    cat >"$TMP/stack.yaml" <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: $ns
  labels: {app: api-test}
---
apiVersion: sailoperator.io/v1
kind: Istio
metadata:
  name: $ist
spec:
  version: $ver
  namespace: $ns
  values:
    pilot:
      env:
        FOO: bar
---
# a comment-only document is skipped
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: $ns
data:
  a: "1"
EOF
    run --separate-stderr api apply "$TMP/stack.yaml" --print-rv
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "${#lines[@]}" -eq 3 ]
    [[ ${lines[0]} == "namespace/$ns serverside-applied rv="[0-9]* ]]
    [[ ${lines[1]} == "istio.sailoperator.io/$ist serverside-applied rv="[0-9]* ]]
    [[ ${lines[2]} == "configmap/settings serverside-applied rv="[0-9]* ]]
    local first=("${lines[@]}")

    # really there, with our field manager; the Istio is cluster-scoped
    run kubectl get istio "$ist" -o jsonpath='{.spec.version} {.metadata.namespace}{.metadata.managedFields[0].manager}'
    [ "$output" = "$ver kubectl-sail" ]
    run kubectl get configmap settings -n "$ns" -o jsonpath='{.data.a}'
    [ "$output" = 1 ]

    run --separate-stderr api apply "$TMP/stack.yaml" --print-rv
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "${lines[0]}" = "${first[0]}" ]
    [ "${lines[1]}" = "${first[1]}" ]
    [ "${lines[2]}" = "${first[2]}" ]
}

@test "a field-manager conflict names the managers, is not retried, and --force-conflicts wins" {
    fresh_ns >/dev/null
    cat >"$TMP/a.json" <<EOF
{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"shared","namespace":"$NS"},"data":{"k":"from-a"}}
EOF
    sed 's/from-a/from-b/' "$TMP/a.json" >"$TMP/b.json"
    run api apply "$TMP/a.json" --field-manager=manager-a
    [ "$status" -eq 0 ]

    run --separate-stderr api -v6 apply "$TMP/b.json" --field-manager=manager-b
    [ "$status" -eq 1 ]
    # one PATCH only: a 409 is never retried
    [ "$(grep -c ' PATCH https://.* 409 Conflict in ' <<<"$stderr")" -eq 1 ]
    [[ $stderr == *'conflict: field .data.k managed by manager-a'* ]]

    # the message is kubectl's, word for word
    local ours theirs
    ours=$(api apply "$TMP/b.json" --field-manager=manager-b 2>&1 >/dev/null | grep -v '^conflict: ') || true
    theirs=$(kubectl apply --server-side --field-manager=manager-b -f "$TMP/b.json" 2>&1 >/dev/null) || true
    [[ $theirs == 'error: Apply failed with 1 conflict: conflict with "manager-a": .data.k'* ]]
    [ "$ours" = "$theirs" ]

    run kubectl get configmap shared -n "$NS" -o jsonpath='{.data.k}'
    [ "$output" = from-a ]
    run api apply "$TMP/b.json" --field-manager=manager-b --force-conflicts
    [ "$status" -eq 0 ]
    run kubectl get configmap shared -n "$NS" -o jsonpath='{.data.k}'
    [ "$output" = from-b ]
}

@test "a CRD validation error is printed exactly as kubectl prints it" {
    local ist ver
    ist=$(cluster_name istio)
    ver=$(istio_version)
    cat >"$TMP/bad.json" <<EOF
{"apiVersion":"sailoperator.io/v1","kind":"Istio","metadata":{"name":"$ist"},
 "spec":{"version":"$ver","namespace":"istio-system","values":{"pilot":{"env":{"FOO":true}}}}}
EOF
    local ours theirs
    run --separate-stderr api apply "$TMP/bad.json"
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    ours=$stderr
    run --separate-stderr kubectl apply --server-side -f "$TMP/bad.json"
    [ "$status" -eq 1 ]
    theirs=$stderr
    [[ $theirs == *'.spec.values.pilot.env.FOO: expected string'* ]]
    [ "$ours" = "$theirs" ]

    # an Invalid with causes too (a version outside the enum)
    sed -e 's/"FOO":true/"FOO":"x"/' -e "s/\"version\":\"$ver\"/\"version\":\"v0.0.0\"/" "$TMP/bad.json" >"$TMP/bad2.json"
    run --separate-stderr api apply "$TMP/bad2.json"
    [ "$status" -eq 1 ]
    ours=$stderr
    run --separate-stderr kubectl apply --server-side -f "$TMP/bad2.json"
    theirs=$stderr
    [[ $theirs == "The Istio \"$ist\" is invalid: "* ]]
    [ "$ours" = "$theirs" ]
    run kubectl get istio "$ist"
    [ "$status" -ne 0 ]
}

@test "--dry-run=server creates nothing" {
    local ns ist
    ns=$(cluster_name namespace)
    ist=$(cluster_name istio)
    cat >"$TMP/stack.yaml" <<EOF
apiVersion: v1
kind: Namespace
metadata: {name: $ns}
---
apiVersion: sailoperator.io/v1
kind: Istio
metadata: {name: $ist}
spec: {version: $(istio_version), namespace: $ns}
EOF
    run --separate-stderr api apply "$TMP/stack.yaml" --dry-run=server
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "${lines[0]}" = "namespace/$ns serverside-applied (server dry run)" ]
    [ "${lines[1]}" = "istio.sailoperator.io/$ist serverside-applied (server dry run)" ]
    run kubectl get namespace "$ns"
    [ "$status" -ne 0 ]
    run kubectl get istio "$ist"
    [ "$status" -ne 0 ]

    # create and delete honour it too
    fresh_ns >/dev/null
    echo "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dry\",\"namespace\":\"$NS\"}}" >"$TMP/cm.json"
    run api create "$TMP/cm.json" --dry-run=server
    [ "$output" = "configmap/dry created (server dry run)" ]
    run kubectl get configmap dry -n "$NS"
    [ "$status" -ne 0 ]
    run api create "$TMP/cm.json"
    [ "$output" = "configmap/dry created" ]
    run api delete configmaps dry -n "$NS" --dry-run=server
    [ "$output" = "configmap/dry deleted (server dry run)" ]
    run kubectl get configmap dry -n "$NS"
    [ "$status" -eq 0 ]
    run api delete configmaps dry -n "$NS" --cascade=foreground
    [ "$output" = "configmap/dry deleted" ]
}

# ---------------------------------------------------------------- reads

@test "a paginated list with limit=2 returns all 5 ConfigMaps in 3 pages" {
    fresh_ns >/dev/null
    local i
    for i in 1 2 3 4 5; do
        kubectl create configmap "page-$i" -n "$NS" --from-literal=i="$i" >/dev/null
        kubectl label configmap "page-$i" -n "$NS" app=paging >/dev/null
    done
    run --separate-stderr api -v6 list configmaps -n "$NS" --limit 2 -l app=paging
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "${lines[0]}" = "page 1 kind=ConfigMapList items=2 continue=yes" ]
    [ "$(grep -c '^page ' <<<"$output")" -eq 3 ]
    [ "$(grep '^page 3' <<<"$output")" = "page 3 kind=ConfigMapList items=1 continue=no" ]
    [ "$(grep '^item ' <<<"$output" | sort | tr '\n' ' ')" = "item $NS/page-1 item $NS/page-2 item $NS/page-3 item $NS/page-4 item $NS/page-5 " ]
    [ "${lines[-1]}" = "total pages=3 items=5" ]
    # three requests, each with limit=2 and the selector; pages 2 and 3 carry continue=
    [ "$(grep -c ' GET https://.*/namespaces/'"$NS"'/configmaps?.*labelSelector=app%3Dpaging&limit=2.* 200 OK in ' <<<"$stderr")" -eq 3 ]
    [ "$(grep -c 'continue=' <<<"$stderr")" -eq 2 ]

    # metadata-only pages
    run api list configmaps -n "$NS" --limit 10 -l app=paging --metadata-only
    [ "${lines[0]}" = "page 1 kind=PartialObjectMetadataList items=5 continue=no" ]
    [[ ${lines[1]} == *"(metadata only)" ]]
}

@test "errors for a missing object, an unknown kind and a refused connection read as kubectl's" {
    local ours theirs
    ours=$(api get istios no-such-istio 2>&1) && false
    theirs=$(kubectl get istios.sailoperator.io no-such-istio 2>&1) && false
    [ "$ours" = 'Error from server (NotFound): istios.sailoperator.io "no-such-istio" not found' ]
    [ "$ours" = "$theirs" ]

    run api resolve-kind example.com/v1 Nothing
    [ "$status" -eq 1 ]
    [ "$output" = 'error: the server doesn'"'"'t have a resource type for kind "Nothing" in "example.com/v1"' ]
    run api resolve nothings.example.com
    [ "$output" = 'error: the server doesn'"'"'t have a resource type "nothings"' ]
    # a kind of the built-in table whose CRD is not installed
    if ! kubectl get crd kialis.kiali.io >/dev/null 2>&1; then
        echo '{"apiVersion":"kiali.io/v1alpha1","kind":"Kiali","metadata":{"name":"k","namespace":"default"}}' >"$TMP/k.json"
        run --separate-stderr api apply "$TMP/k.json"
        [ "$status" -eq 1 ]
        [ "$stderr" = 'error: the server doesn'"'"'t have a resource type for kind "Kiali" in "kiali.io/v1alpha1"' ]
        run --separate-stderr api list kialis -A
        [ "$stderr" = 'error: the server doesn'"'"'t have a resource type for kind "Kiali" in "kiali.io/v1alpha1"' ]
    fi
    # discovery finds what the built-in table lacks
    run api resolve leases
    [ "$output" = "group=coordination.k8s.io version=v1 resource=leases kind=Lease namespaced=true" ]

    ours=$(api --server https://127.0.0.1:1 get namespaces default 2>&1) && false
    theirs=$(kubectl --server https://127.0.0.1:1 get namespace default 2>&1 | tail -1) && true
    [ "$ours" = 'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?' ]
    [ "$ours" = "$theirs" ]
}

@test "tls-server-name reaches the server by another name; a wrong one fails verification" {
    local server kc
    server=$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')
    kubectl config view --raw --minify -o json |
        jq --arg s "${server/127.0.0.1/localhost}" \
           '.clusters[0].cluster.server = $s | .clusters[0].cluster["tls-server-name"] = "kubernetes.default.svc"' >"$TMP/kc-tsn.json"
    run --separate-stderr api --kubeconfig "$TMP/kc-tsn.json" -v7 get namespaces default --field metadata.name
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$output" = default ]
    [[ $stderr == *"GET https://kubernetes.default.svc:${server##*:}/api/v1/namespaces/default"* ]]
    [[ $stderr == *"Host: localhost:${server##*:}"* ]]

    jq '.clusters[0].cluster["tls-server-name"] = "wrong.example"' "$TMP/kc-tsn.json" >"$TMP/kc-bad.json"
    run --separate-stderr api --kubeconfig "$TMP/kc-bad.json" get namespaces default
    [ "$status" -eq 1 ]
    [[ $stderr == "Unable to connect to the server: TLS connection to the server localhost:${server##*:} failed: "*"wrong.example"* ]]
}

# ---------------------------------------------------------------- watch

@test "a watch sees the status conditions the operator writes" {
    operator_stand_in_only "the test writes the conditions itself, in its own order"
    local ist
    ist=$(cluster_name istio)
    echo "{\"apiVersion\":\"sailoperator.io/v1\",\"kind\":\"Istio\",\"metadata\":{\"name\":\"$ist\"},\"spec\":{\"version\":\"$(istio_version)\",\"namespace\":\"istio-system\"}}" >"$TMP/i.json"
    run api apply "$TMP/i.json"
    [ "$status" -eq 0 ]

    api watch istios --name "$ist" --until Ready=True --timeout 60s >"$TMP/watch.out" 2>"$TMP/watch.err" &
    local watcher=$!
    defer stop_pid "$watcher"
    api wait-condition istios "$ist" Ready True --timeout 60s >"$TMP/wait.out" 2>"$TMP/wait.err" &
    local waiter=$!
    defer stop_pid "$waiter"
    wait_for --timeout 20 grep -q "^ADDED $ist " "$TMP/watch.out"

    # istiod not ready yet, then ready
    operator_writes_status istio "$ist" \
        '{"conditions":[{"type":"Ready","status":"False","reason":"IstiodNotReady","message":"wait","lastTransitionTime":"2026-01-01T00:00:00Z"}]}'
    wait_for --timeout 20 grep -q "^MODIFIED $ist " "$TMP/watch.out"
    operator_writes_status istio "$ist" \
        '{"conditions":[{"type":"Ready","status":"True","reason":"Ready","message":"","lastTransitionTime":"2026-01-01T00:00:00Z"}]}'

    wait "$watcher"
    wait "$waiter"
    cat "$TMP/watch.out" "$TMP/watch.err"
    grep -q '^condition Ready=True met$' "$TMP/watch.out"
    [ "$(grep -c "^MODIFIED $ist " "$TMP/watch.out")" -eq 2 ]
    [ "$(cat "$TMP/wait.out")" = "istio.sailoperator.io/$ist condition met" ]

    # a condition that never comes: kubectl wait's timeout message, and why
    run --separate-stderr api wait-condition istios "$ist" Reconciled True --timeout 2s
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: timed out waiting for the condition on istios/$ist: no condition Reconciled yet" ]
    # deletion
    kubectl delete istio "$ist" --wait=false >/dev/null
    run api wait-delete istios "$ist" --timeout 30s
    [ "$status" -eq 0 ]
    [ "$output" = "istio.sailoperator.io/$ist deleted" ]
}

# ---------------------------------------------------------------- auth and logs

@test "-v9 never shows the bearer token; Forbidden, impersonation and Unauthorized read as kubectl's" {
    fresh_ns >/dev/null
    kubectl create serviceaccount viewer -n "$NS" >/dev/null
    kubectl create rolebinding viewer -n "$NS" --clusterrole=view --serviceaccount="$NS:viewer" >/dev/null
    local tok kc
    tok=$(kubectl create token viewer -n "$NS")
    kc=$(kubeconfig_with_user "{\"token\":\"$tok\"}")
    run --separate-stderr api --kubeconfig "$kc" -v9 list configmaps -n "$NS"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [[ $stderr == *"Authorization: Bearer <masked>"* ]]
    [[ $stderr == *"Response Body: "* ]]
    [[ $stderr != *"$tok"* ]]
    [[ $output != *"$tok"* ]]
    # not allowed: kubectl's Forbidden line
    local ours theirs
    ours=$(api --kubeconfig "$kc" list secrets -n kube-system 2>&1) && false
    theirs=$(kubectl --kubeconfig "$kc" get secrets -n kube-system 2>&1) && false
    [[ $ours == "Error from server (Forbidden): secrets is forbidden: "* ]]
    [ "$ours" = "$theirs" ]
    # impersonation headers: the admin acts as the service account
    ours=$(api --as "system:serviceaccount:$NS:viewer" --as-group system:authenticated list secrets -n kube-system 2>&1) && false
    theirs=$(kubectl --as "system:serviceaccount:$NS:viewer" --as-group system:authenticated get secrets -n kube-system 2>&1) && false
    [[ $ours == *'User "system:serviceaccount:'"$NS"':viewer" cannot list resource "secrets"'* ]]
    [ "$ours" = "$theirs" ]
    # a bad token: kubectl's login hint
    kc=$(kubeconfig_with_user '{"token":"not-a-token"}')
    ours=$(api --kubeconfig "$kc" get namespaces default 2>&1) && false
    theirs=$(kubectl --kubeconfig "$kc" get namespace default 2>&1) && false
    [ "$ours" = "error: You must be logged in to the server (Unauthorized)" ]
    [ "$ours" = "$theirs" ]
}

@test "after a 401 the exec plugin runs again and the request is retried once" {
    fresh_ns >/dev/null
    kubectl create serviceaccount execer -n "$NS" >/dev/null
    kubectl create rolebinding execer -n "$NS" --clusterrole=view --serviceaccount="$NS:execer" >/dev/null
    kubectl create token execer -n "$NS" >"$TMP/token"
    cat >"$TMP/plugin" <<'EOF'
#!/bin/bash
# First run: a stale token; later runs: the real one.
dir=$(dirname "$0")
n=$(($(cat "$dir/runs" 2>/dev/null || echo 0) + 1))
echo "$n" >"$dir/runs"
tok=stale
[ "$n" -gt 1 ] && tok=$(cat "$dir/token")
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}\n' "$tok"
EOF
    chmod +x "$TMP/plugin"
    local kc
    kc=$(kubeconfig_with_user "{\"exec\":{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"command\":\"$TMP/plugin\",\"interactiveMode\":\"Never\"}}")
    run --separate-stderr api --kubeconfig "$kc" -v6 list configmaps -n "$NS"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$(cat "$TMP/runs")" -eq 2 ]
    [ "$(grep -c ' 401 Unauthorized in ' <<<"$stderr")" -eq 1 ]
    [ "$(grep -c ' 200 OK in ' <<<"$stderr")" -eq 1 ]
    [[ $stderr != *"$(cat "$TMP/token")"* ]]
}

@test "server warnings are printed once each; --warnings-as-errors fails" {
    fresh_ns >/dev/null
    echo "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"w\",\"namespace\":\"$NS\"},\"bogus\":1}" >"$TMP/w.json"
    run --separate-stderr api create "$TMP/w.json" --dry-run=server
    [ "$status" -eq 0 ]
    [ "$stderr" = 'Warning: unknown field "bogus"' ]
    run --separate-stderr api create "$TMP/w.json" --dry-run=server --warnings-as-errors
    [ "$status" -eq 1 ]
    [ "$stderr" = $'Warning: unknown field "bogus"\nerror: 1 warning received' ]
}

@test "a watch re-watches from the last resourceVersion when the server ends the stream" {
    fresh_ns >/dev/null
    kubectl create configmap w -n "$NS" >/dev/null
    api -v6 watch configmaps -n "$NS" --name w --server-timeout 1 --timeout 8s >"$TMP/out" 2>"$TMP/err" &
    local watcher=$!
    defer stop_pid "$watcher"
    wait_for --timeout 20 grep -q "^ADDED $NS/w " "$TMP/out"
    # the server ends each stream after 1s; change the object only once the
    # client has come back with a second watch request
    wait_for --timeout 20 bash -c "[ \$(grep -c 'watch=1' '$TMP/err') -ge 2 ]"
    kubectl label configmap w -n "$NS" changed=yes >/dev/null
    wait "$watcher"
    cat "$TMP/out"
    # the object once as ADDED, the change once, then the deadline
    [ "$(grep -c "^ADDED $NS/w " "$TMP/out")" -eq 1 ]
    [ "$(grep -c "^MODIFIED $NS/w " "$TMP/out")" -eq 1 ]
    [ "$(tail -1 "$TMP/out")" = timeout ]
    # several watch requests, the later ones from a resourceVersion
    [ "$(grep -c 'GET https://.*watch=1' "$TMP/err")" -ge 3 ]
    grep -q 'GET https://.*resourceVersion=[0-9].*timeoutSeconds=1&watch=1 200 OK' "$TMP/err"
}

@test "a watch from an old resourceVersion yields every object (410: lists again)" {
    fresh_ns >/dev/null
    kubectl create configmap old -n "$NS" >/dev/null
    run --separate-stderr api -v6 watch configmaps -n "$NS" --resource-version 1 --count 2 --timeout 20s
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    # Whether the server still replays from resourceVersion 1 or answers
    # "too old resource version" (410) depends on its watch cache's window,
    # i.e. on the cluster's age. Either way every object must arrive; after
    # a 410 the client must have listed again.
    if [[ $stderr == *Expired* || $stderr == *" 410 "* || $stderr == *"too old"* ]]; then
        [[ $stderr == *"/namespaces/$NS/configmaps?limit=500"*" 200 OK"* ]]
    fi
    [[ $output == *"ADDED $NS/old "* ]]
    [[ $output == *"ADDED $NS/kube-root-ca.crt "* ]]
    [ "${lines[-1]}" = stopped ]
}

@test "429 from API Priority and Fairness is retried after Retry-After" {
    fresh_ns >/dev/null
    local sa=flooder
    kubectl create serviceaccount "$sa" -n "$NS" >/dev/null
    kubectl create clusterrole "api-test-$NS" --verb=list --resource=customresourcedefinitions.apiextensions.k8s.io >/dev/null
    defer kubectl delete clusterrole "api-test-$NS" --ignore-not-found
    kubectl create clusterrolebinding "api-test-$NS" --clusterrole="api-test-$NS" --serviceaccount="$NS:$sa" >/dev/null
    defer kubectl delete clusterrolebinding "api-test-$NS" --ignore-not-found
    # A priority level with the fewest seats that rejects (429, Retry-After)
    # instead of queueing, for this service account only.
    kubectl apply -f - >/dev/null <<EOF
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: PriorityLevelConfiguration
metadata: {name: api-test-$NS}
spec:
  type: Limited
  limited:
    nominalConcurrencyShares: 1
    lendablePercent: 0
    limitResponse: {type: Reject}
---
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata: {name: api-test-$NS}
spec:
  matchingPrecedence: 100
  priorityLevelConfiguration: {name: api-test-$NS}
  distinguisherMethod: {type: ByUser}
  rules:
  - subjects:
    - kind: ServiceAccount
      serviceAccount: {name: $sa, namespace: $NS}
    resourceRules:
    - {verbs: ["*"], apiGroups: ["*"], resources: ["*"], clusterScope: true, namespaces: ["*"]}
EOF
    defer kubectl delete flowschema "api-test-$NS" --ignore-not-found
    defer kubectl delete prioritylevelconfiguration "api-test-$NS" --ignore-not-found
    local kc i
    kc=$(kubeconfig_with_user "{\"token\":\"$(kubectl create token "$sa" -n "$NS")\"}")
    # the API server's flow-control controller has taken the schema in
    # once it has set the schema's Dangling condition
    kubectl wait --for=condition=Dangling=false "flowschema/api-test-$NS" --timeout=20s >/dev/null
    # Lists of every CRD are big enough to overlap; more clients than this
    # would exhaust client-go's 10 retries (all sleep 1s and come back together).
    for i in $(seq 1 10); do
        (set +e; api --kubeconfig "$kc" -v6 list crds >/dev/null 2>"$TMP/flood.$i"; echo $? >"$TMP/rc.$i") &
    done
    wait
    cat "$TMP"/rc.* | sort | uniq -c
    [ "$(cat "$TMP"/rc.* | sort -u)" = 0 ] || { grep -h -v '^I' "$TMP"/flood.* | sort | uniq -c; false; }
    local rejected
    rejected=$(cat "$TMP"/flood.* | grep -c ' 429 Too Many Requests in ') || true
    ((rejected > 0)) || skip "the server never answered 429 (too fast to overlap)"
    [ "$(cat "$TMP"/flood.* | grep -c 'Got a Retry-After [0-9]*s response for attempt')" -eq "$rejected" ]
}
