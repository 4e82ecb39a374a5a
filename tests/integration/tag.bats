#!/usr/bin/env bats
# kubectl sail tag against a real API server with the Sail CRDs (cluster1 of
# the suite) and no Sail Operator: nothing fills status. IstioRevisions and
# Istios are plain CRs created here with kubectl. Where behaviour depends on
# status (--wait, STATUS / IN USE, an --istio tag following the Istio's
# active revision), the tests write status themselves with
# `kubectl patch --subresource=status`, standing in for the operator.
# Every object a test creates has a name unique to the test and is deleted
# when it ends; the tests that need the global names "default" skip when
# those exist already.

load helpers

bats_require_minimum_version 1.5.0

TAG_BIN=${SAIL_BIN:-$SAIL_BIN_DIR}/kubectl-sail-tag

setup() {
    [[ -x $TAG_BIN ]] || { echo "missing $TAG_BIN: build it (make)" >&2; return 1; }
    kubectl config use-context cluster1 >/dev/null
    N="tag-${BATS_SUITE_TEST_NUMBER}-$RANDOM"
    CP="$N-cp"
}

sail_tag() { "$TAG_BIN" "$@"; }

# revision NAME [PROFILE]: an IstioRevision, deleted at the end.
revision() {
    local name=$1 profile=${2:-} rev=$1
    [[ $name == default ]] && rev=""
    defer kubectl delete istiorevision "$name" --ignore-not-found --wait=false
    kubectl apply --server-side -f - >/dev/null <<EOF2
apiVersion: sailoperator.io/v1
kind: IstioRevision
metadata:
  name: $name
spec:
  version: v1.30.3
  namespace: $CP
  values:
    revision: "$rev"
    ${profile:+profile: $profile}
    global:
      istioNamespace: $CP
EOF2
}

# istio NAME [STRATEGY] [PROFILE]: an Istio, deleted at the end.
istio() {
    local name=$1 strategy=${2:-InPlace} profile=${3:-}
    defer kubectl delete istio "$name" --ignore-not-found --wait=false
    kubectl apply --server-side -f - >/dev/null <<EOF2
apiVersion: sailoperator.io/v1
kind: Istio
metadata:
  name: $name
spec:
  version: v1.30.3
  namespace: $CP
  updateStrategy:
    type: $strategy
  ${profile:+profile: $profile}
EOF2
}

cleanup_tag() { defer kubectl delete istiorevisiontag "$1" --ignore-not-found --wait=false; }

no_tag() {
    run kubectl get istiorevisiontag "$1" -o name
    [ "$status" -ne 0 ]
}

# A namespace NAME with labels (KEY=VALUE...), deleted at the end.
labelled_ns() {
    local name=$1
    shift
    defer kubectl delete namespace "$name" --ignore-not-found --wait=false
    kubectl create namespace "$name" >/dev/null
    (($#)) && kubectl label namespace "$name" "$@" >/dev/null
    return 0
}

# no_row REGEX: no line of the last run's output matches.
no_row() { ! printf '%s\n' "${lines[@]}" | grep -qE "$1"; }

# ---------------------------------------------------------------- set, list, remove

@test "tag set --revision, list, remove: the round trip" {
    revision "$N-rev"
    cleanup_tag "$N"
    run --separate-stderr sail_tag set "$N" --revision "$N-rev"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$output" = "istiorevisiontag.sailoperator.io/$N serverside-applied" ]
    run kubectl get istiorevisiontag "$N" -o jsonpath='{.spec.targetRef.kind} {.spec.targetRef.name} {.metadata.managedFields[0].manager}'
    [ "$output" = "IstioRevision $N-rev kubectl-sail" ]
    # again: unchanged target needs no --overwrite
    run sail_tag set "$N" --revision "$N-rev"
    [ "$status" -eq 0 ]
    run --separate-stderr sail_tag list
    [ "$status" -eq 0 ]
    [[ ${lines[0]} == NAME*STATUS*"IN USE"*REVISION*AGE ]]
    printf '%s\n' "${lines[@]}" | grep -E "^$N +[0-9]+s$"
    run sail_tag list -o name
    [[ $output == *"istiorevisiontag.sailoperator.io/$N"* ]]
    run sail_tag list -o json
    [ "$(jq -r --arg n "$N" '.items[] | select(.metadata.name == $n) | .spec.targetRef.name' <<<"$output")" = "$N-rev" ]
    run --separate-stderr sail_tag remove "$N"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$output" = "istiorevisiontag.sailoperator.io/$N deleted" ]
    no_tag "$N"
    run --separate-stderr sail_tag remove "$N"
    [ "$status" -eq 1 ]
    [ "$stderr" = "Error from server (NotFound): istiorevisiontags.sailoperator.io \"$N\" not found" ]
}

@test "tag set --istio: targetRef kind Istio" {
    istio "$N" RevisionBased
    cleanup_tag "$N-t"
    run --separate-stderr sail_tag set "$N-t" --istio "$N"
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$(kubectl get istiorevisiontag "$N-t" -o jsonpath='{.spec.targetRef.kind}/{.spec.targetRef.name}')" = "Istio/$N" ]
}

@test "tag set --dry-run=server writes nothing" {
    revision "$N-rev"
    run sail_tag set "$N" --revision "$N-rev" --dry-run=server
    [ "$status" -eq 0 ]
    [ "$output" = "istiorevisiontag.sailoperator.io/$N serverside-applied (server dry run)" ]
    no_tag "$N"
}

@test "tag generate and set --dry-run=client -o yaml print the same YAML without a server" {
    run env KUBECONFIG=/nonexistent "$TAG_BIN" generate canary --revision prod-v1-30-3
    [ "$status" -eq 0 ]
    local gen=$output
    [ "$gen" = "$(printf 'apiVersion: sailoperator.io/v1\nkind: IstioRevisionTag\nmetadata:\n  name: canary\nspec:\n  targetRef:\n    kind: IstioRevision\n    name: prod-v1-30-3')" ]
    run env KUBECONFIG=/nonexistent "$TAG_BIN" set canary --revision prod-v1-30-3 --dry-run=client -o yaml
    [ "$status" -eq 0 ]
    [ "$output" = "$gen" ]
    run env KUBECONFIG=/nonexistent "$TAG_BIN" generate canary --istio default -o json
    [ "$(jq -c .spec.targetRef <<<"$output")" = '{"kind":"Istio","name":"default"}' ]
    # and it applies with kubectl
    revision "$N-rev"
    cleanup_tag "$N"
    sail_tag generate "$N" --revision "$N-rev" | kubectl apply --server-side -f - >/dev/null
    [ "$(kubectl get istiorevisiontag "$N" -o jsonpath='{.spec.targetRef.name}')" = "$N-rev" ]
}

# ---------------------------------------------------------------- refusals

@test "refused: the tag has the name of an existing IstioRevision; nothing written" {
    revision "$N-rev"
    revision "$N-other"
    run --separate-stderr sail_tag set "$N-rev" --revision "$N-other"
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: cannot set tag \"$N-rev\": IstioRevision \"$N-rev\" exists: a tag cannot have the name of a revision (the operator would report NameAlreadyExists and install nothing)" ]
    no_tag "$N-rev"
}

@test "refused: the tag has the name of an Istio's revision (RevisionBased and InPlace)" {
    istio "$N" RevisionBased
    istio "$N-ip"
    revision "$N-rev"
    run --separate-stderr sail_tag set "$N-v1-30-3" --revision "$N-rev"
    [ "$status" -eq 1 ]
    [[ $stderr == "error: cannot set tag \"$N-v1-30-3\": the revision \"$N-v1-30-3\" of Istio \"$N\" has this name"* ]]
    run --separate-stderr sail_tag set "$N-ip" --revision "$N-rev"
    [ "$status" -eq 1 ]
    [[ $stderr == *"the revision \"$N-ip\" of Istio \"$N-ip\" has this name"* ]]
    no_tag "$N-v1-30-3"
    no_tag "$N-ip"
}

@test "refused: tag default next to an InPlace Istio named default names the revision default" {
    kubectl get istio default -o name 2>/dev/null && skip "an Istio default exists already"
    kubectl get istiorevisiontag default -o name 2>/dev/null && skip "an IstioRevisionTag default exists already"
    istio default
    revision "$N-rev"
    run --separate-stderr sail_tag set default --revision "$N-rev"
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: cannot set tag \"default\": the revision \"default\" of Istio \"default\" has this name: a tag cannot have the name of a revision (the operator would report NameAlreadyExists and install nothing)" ]
    no_tag default
}

@test "refused: an existing tag with another targetRef without --overwrite; --overwrite moves it" {
    revision "$N-a"
    revision "$N-b"
    istio "$N"
    cleanup_tag "$N-t"
    # created by kubectl: --overwrite must take the field over
    kubectl apply --server-side -f - >/dev/null <<EOF2
apiVersion: sailoperator.io/v1
kind: IstioRevisionTag
metadata:
  name: $N-t
spec:
  targetRef:
    kind: IstioRevision
    name: $N-a
EOF2
    run --separate-stderr sail_tag set "$N-t" --revision "$N-b"
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: cannot set tag \"$N-t\": IstioRevisionTag \"$N-t\" exists and points at IstioRevision \"$N-a\": pass --overwrite to point it at IstioRevision \"$N-b\"" ]
    run --separate-stderr sail_tag set "$N-t" --istio "$N"
    [ "$status" -eq 1 ]
    [ "$(kubectl get istiorevisiontag "$N-t" -o jsonpath='{.spec.targetRef.kind}/{.spec.targetRef.name}')" = "IstioRevision/$N-a" ]
    run --separate-stderr sail_tag set "$N-t" --revision "$N-b" --overwrite
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$(kubectl get istiorevisiontag "$N-t" -o jsonpath='{.spec.targetRef.kind}/{.spec.targetRef.name}')" = "IstioRevision/$N-b" ]
    run --separate-stderr sail_tag set "$N-t" --istio "$N" --overwrite
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [ "$(kubectl get istiorevisiontag "$N-t" -o jsonpath='{.spec.targetRef.kind}/{.spec.targetRef.name}')" = "Istio/$N" ]
}

@test "refused: a target that does not exist; nothing written" {
    run --separate-stderr sail_tag set "$N" --revision "$N-nosuch"
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: cannot set tag \"$N\": IstioRevision \"$N-nosuch\" not found" ]
    run --separate-stderr sail_tag set "$N" --istio "$N-nosuch"
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: cannot set tag \"$N\": Istio \"$N-nosuch\" not found" ]
    no_tag "$N"
}

@test "refused: a remote-profile target (IstioRevision spec.values.profile, Istio spec.profile)" {
    revision "$N-far" remote
    istio "$N-edge" InPlace remote
    run --separate-stderr sail_tag set "$N" --revision "$N-far"
    [ "$status" -eq 1 ]
    [[ $stderr == "error: cannot set tag \"$N\": IstioRevision \"$N-far\" uses the remote profile"* ]]
    run --separate-stderr sail_tag set "$N" --istio "$N-edge"
    [ "$status" -eq 1 ]
    [[ $stderr == "error: cannot set tag \"$N\": Istio \"$N-edge\" uses the remote profile"* ]]
    no_tag "$N"
}

@test "refused: flag mistakes" {
    run --separate-stderr sail_tag set "$N"
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: tag set: give one of --revision and --istio" ]
    run --separate-stderr sail_tag set "$N" --revision a --istio b
    [ "$status" -eq 1 ]
    run --separate-stderr sail_tag set --revision a
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: tag set takes exactly one TAG, got 0" ]
    run --separate-stderr sail_tag frob
    [ "$status" -eq 1 ]
    [[ $stderr == "error: tag: unknown subcommand \"frob\""* ]]
}

# ---------------------------------------------------------------- list

@test "tag list: revisions without a tag have an empty NAME; -o wide NAMESPACES from istio.io/rev=TAG" {
    revision "$N-a"
    revision "$N-b"
    cleanup_tag "$N-t"
    sail_tag set "$N-t" --revision "$N-a" >/dev/null
    labelled_ns "$N-x" istio.io/rev="$N-t"
    labelled_ns "$N-y" istio.io/rev="$N-t"
    labelled_ns "$N-z" istio.io/rev="$N-b"
    labelled_ns "$N-w" istio.io/rev="$N-t" istio-injection=enabled
    run --separate-stderr sail_tag list -o wide
    [ "$status" -eq 0 ] || { echo "$stderr"; false; }
    [[ ${lines[0]} == NAME*STATUS*"IN USE"*REVISION*AGE*NAMESPACES ]]
    # the tag row (no operator: REVISION is empty); N-w refers to default
    printf '%s\n' "${lines[@]}" | grep -E "^$N-t +[0-9]+s +$N-x,$N-y$"
    # N-b has no tag: empty NAME; N-a is the tag's target, so no row of its own
    printf '%s\n' "${lines[@]}" | grep -E "^ +$N-b +[0-9]+s +$N-z$"
    no_row " $N-a "
    run sail_tag list --no-headers
    [[ ${lines[0]} != NAME* ]]
}

@test "tag list -o wide: istio-injection=enabled counts for the tag default" {
    kubectl get istio default -o name 2>/dev/null && skip "an Istio default exists already"
    kubectl get istiorevisiontag default -o name 2>/dev/null && skip "an IstioRevisionTag default exists already"
    revision "$N-rev"
    cleanup_tag default
    sail_tag set default --revision "$N-rev" >/dev/null
    labelled_ns "$N-inj" istio-injection=enabled
    labelled_ns "$N-off" istio-injection=disabled istio.io/rev=default
    run --separate-stderr sail_tag list -o wide
    [ "$status" -eq 0 ]
    local row
    row=$(printf '%s\n' "${lines[@]}" | grep -E '^default ')
    [[ ,${row##* }, == *",$N-inj,"* ]]
    [[ ,${row##* }, == *",$N-off,"* ]]
}

@test "tag list: STATUS, IN USE and REVISION from the status the operator writes" {
    revision "$N-rev"
    cleanup_tag "$N"
    sail_tag set "$N" --revision "$N-rev" >/dev/null
    # stands in for the operator
    kubectl patch istiorevisiontag "$N" --subresource=status --type=merge -p \
        "{\"status\":{\"state\":\"NotReferencedByAnything\",\"istioRevision\":\"$N-rev\",\"istiodNamespace\":\"$CP\",\"conditions\":[{\"type\":\"Reconciled\",\"status\":\"True\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"},{\"type\":\"InUse\",\"status\":\"False\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}}" >/dev/null
    run sail_tag list
    printf '%s\n' "${lines[@]}" | grep -E "^$N +NotReferencedByAnything +False +$N-rev +[0-9]+s$"
}

@test "tag set --istio follows the Istio's status.activeRevisionName (untagged rows and --wait)" {
    istio "$N" RevisionBased
    revision "$N-v1-30-3"
    revision "$N-v1-30-4"
    cleanup_tag "$N-t"
    # stands in for the operator: the Istio's active revision
    kubectl patch istio "$N" --subresource=status --type=merge -p \
        "{\"status\":{\"activeRevisionName\":\"$N-v1-30-3\",\"revisions\":{\"total\":2,\"ready\":2,\"inUse\":1}}}" >/dev/null
    sail_tag set "$N-t" --istio "$N" >/dev/null
    run sail_tag list
    printf '%s\n' "${lines[@]}" | grep -E "^ +$N-v1-30-4 "
    no_row "^ +$N-v1-30-3 "
    kubectl patch istio "$N" --subresource=status --type=merge -p \
        "{\"status\":{\"activeRevisionName\":\"$N-v1-30-4\"}}" >/dev/null
    run sail_tag list
    printf '%s\n' "${lines[@]}" | grep -E "^ +$N-v1-30-3 "
    no_row "^ +$N-v1-30-4 "
    # --wait waits for the new active revision in status.istioRevision
    sail_tag set "$N-t" --istio "$N" --wait --timeout 30s >"$BATS_TEST_TMPDIR/out" 2>&1 &
    local pid=$!
    wait_for --timeout 30 kubectl get istiorevisiontag "$N-t" -o name
    kubectl patch istiorevisiontag "$N-t" --subresource=status --type=merge -p \
        "{\"status\":{\"istioRevision\":\"$N-v1-30-3\",\"istiodNamespace\":\"$CP\"}}" >/dev/null
    pid_alive "$pid"    # the old revision does not satisfy it
    kubectl patch istiorevisiontag "$N-t" --subresource=status --type=merge -p \
        "{\"status\":{\"istioRevision\":\"$N-v1-30-4\"}}" >/dev/null
    wait "$pid" || { cat "$BATS_TEST_TMPDIR/out"; false; }
    [ "$(cat "$BATS_TEST_TMPDIR/out")" = "istiorevisiontag.sailoperator.io/$N-t serverside-applied" ]
}

@test "tag set --wait times out when nothing resolves the tag" {
    revision "$N-rev"
    cleanup_tag "$N"
    run --separate-stderr sail_tag set "$N" --revision "$N-rev" --wait --timeout 2s
    [ "$status" -eq 1 ]
    [ "$output" = "istiorevisiontag.sailoperator.io/$N serverside-applied" ]
    [[ $stderr == *"timed out waiting for the condition on istiorevisiontags/$N"*"status.istioRevision is \"\", not \"$N-rev\""* ]]
}

# ---------------------------------------------------------------- remove

@test "refused: tag remove while namespaces or pods reference the tag; --force removes it" {
    revision "$N-rev"
    cleanup_tag "$N"
    sail_tag set "$N" --revision "$N-rev" >/dev/null
    labelled_ns "$N-a" istio.io/rev="$N"
    labelled_ns "$N-p"
    wait_for kubectl get serviceaccount default -n "$N-p"
    kubectl apply -n "$N-p" -f - >/dev/null <<EOF2
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    istio.io/rev: $N
spec:
  automountServiceAccountToken: false
  containers:
  - name: c
    image: example.invalid/none
EOF2
    run --separate-stderr sail_tag remove "$N"
    [ "$status" -eq 1 ]
    [ "$stderr" = "error: IstioRevisionTag \"$N\" is in use by namespace $N-a and pod $N-p/web: move them to another tag or revision first (kubectl sail install namespace NS --revision REV), or pass --force" ]
    kubectl get istiorevisiontag "$N" -o name
    run --separate-stderr sail_tag remove "$N" --dry-run=server --force
    [ "$status" -eq 0 ]
    [ "$output" = "istiorevisiontag.sailoperator.io/$N deleted (server dry run)" ]
    kubectl get istiorevisiontag "$N" -o name
    run --separate-stderr sail_tag remove "$N" --force
    [ "$status" -eq 0 ]
    [[ $stderr == "Warning: IstioRevisionTag \"$N\" is in use by"* ]]
    [ "$output" = "istiorevisiontag.sailoperator.io/$N deleted" ]
    no_tag "$N"
}

@test "refused: tag remove default while its revision injects every namespace (enableNamespacesByDefault)" {
    kubectl get istio default -o name 2>/dev/null && skip "an Istio default exists already"
    kubectl get istiorevisiontag default -o name 2>/dev/null && skip "an IstioRevisionTag default exists already"
    defer kubectl delete istiorevision "$N-rev" --ignore-not-found --wait=false
    kubectl apply --server-side -f - >/dev/null <<EOF2
apiVersion: sailoperator.io/v1
kind: IstioRevision
metadata:
  name: $N-rev
spec:
  version: v1.30.3
  namespace: $CP
  values:
    revision: $N-rev
    sidecarInjectorWebhook:
      enableNamespacesByDefault: true
    global:
      istioNamespace: $CP
EOF2
    cleanup_tag default
    sail_tag set default --revision "$N-rev" >/dev/null
    run --separate-stderr sail_tag remove default
    [ "$status" -eq 1 ]
    [[ $stderr == "error: IstioRevisionTag \"default\" is in use by every namespace (its revision sets sidecarInjectorWebhook.enableNamespacesByDefault)"* ]]
    kubectl get istiorevisiontag default -o name
    run sail_tag remove default --force
    [ "$status" -eq 0 ]
    no_tag default
}

@test "tag set --wait stops when the operator reports NameAlreadyExists" {
    revision "$N-rev"
    cleanup_tag "$N"
    sail_tag set "$N" --revision "$N-rev" --wait --timeout 30s >"$BATS_TEST_TMPDIR/out" 2>&1 &
    local pid=$!
    wait_for kubectl get istiorevisiontag "$N" -o name
    # stands in for the operator
    kubectl patch istiorevisiontag "$N" --subresource=status --type=merge -p \
        '{"status":{"istioRevision":"","istiodNamespace":"","conditions":[{"type":"Reconciled","status":"False","reason":"NameAlreadyExists","message":"an IstioRevision with this name exists","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}' >/dev/null
    local rc=0
    wait "$pid" || rc=$?
    [ "$rc" -eq 1 ]
    grep -qx "error: the operator refused the tag (NameAlreadyExists): an IstioRevision with this name exists" "$BATS_TEST_TMPDIR/out" || { cat "$BATS_TEST_TMPDIR/out"; false; }
}
