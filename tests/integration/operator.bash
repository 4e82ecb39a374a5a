# The Sail Operator's part in the integration tests: the one place that
# writes Sail status. Load with `load operator` (after `load helpers`).
# shellcheck shell=bash
#
# Two lanes run the same tests:
#   stand-in (make test, CI): no operator runs; each helper below writes what
#     the real operator writes at that point, in the operator's order.
#   real (make test-operator, SAIL_TEST_OPERATOR=real): clusters started with
#     `tests/cluster/up NAME --with-operator` run the real operator; each
#     helper writes nothing and waits (OPERATOR_TIMEOUT s, default 180) until
#     the operator has reached the state the stand-in would have written.
#
# Stable interface (every function takes an optional leading --context CTX):
#   operator_is_real                     true in the real lane
#   operator_stand_in_only REASON        skip the test in the real lane
#   operator_reconciles ISTIO            the whole reconcile of an Istio, converged
#   operator_reconciles_istio ISTIO      the Istio controller's pass alone (lag)
#   operator_reconciles_revision REV     the IstioRevision controller's pass alone
#   operator_reconciles_tag TAG          the IstioRevisionTag controller's pass
#   operator_reconciles_cni              IstioCNI "default"
#   operator_reconciles_ztunnel          ZTunnel "default"
#   operator_prunes ISTIO                the pruning step (grace period honoured)
#   operator_writes_status KIND NAME JSON  a status these clusters cannot bring
#                                        about (a failure); stand-in lane only
#   operator_revision_name ISTIO         the active revision name (strategy rules)
#   operator_injector_name REV           istio-sidecar-injector[-REV]
#   operator_proxy_image VERSION         the proxy image injected for VERSION
#   operator_creates_reader ISTIO NS     the reader account and RBAC of its Helm release
# Not the operator, but controllers these clusters lack (both lanes write):
#   cloud_controller_lb_address NS SVC IP   a Service's load-balancer address
#   kubelet_pod_phase NS POD PHASE          a Pod's phase
#   kubelet_node_addresses NODE ADDRESSES-JSON  a Node's status.addresses
#
# Facts are from the operator's specification (../shared/spec/sail-operator.md,
# sections in brackets), restated.

OPERATOR_TIMEOUT=${OPERATOR_TIMEOUT:-180}
OPERATOR_VERSIONS=${OPERATOR_VERSIONS:-${SAIL_SHARED_DIR:-$REPO/../shared}/sail-api/reference/versions.yaml}
OPERATOR_FINALIZER=sailoperator.io/sail-operator

operator_is_real() { [[ ${SAIL_TEST_OPERATOR:-} == real ]]; }

# operator_stand_in_only REASON: the test only makes sense when the stand-in
# plays the operator (e.g. "the operator does not reconcile"); skipped, with
# REASON, in the real lane.
operator_stand_in_only() {
    if operator_is_real; then skip "stand-in only: $*"; fi
}

# ---------------------------------------------------------------- internals

# _op_ctx ARGS...: sets _OP_K (kubectl with the context) and _OP_ARGS (the
# rest) from an optional leading --context CTX.
_op_ctx() {
    _OP_K=(kubectl)
    if [[ ${1:-} == --context ]]; then
        _OP_K=(kubectl --context "$2")
        shift 2
    fi
    _OP_ARGS=("$@")
}

_op_now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# _op_status KIND NAME STATUS-JSON: replace the status, as the operator does
# (a JSON-patch of /status, only when it differs) [1.1].
_op_status() {
    local kind=$1 name=$2 status=$3
    "${_OP_K[@]}" patch "$kind" "$name" --subresource=status --type=json \
        -p "$(jq -cn --argjson s "$status" '[{op: "replace", path: "/status", value: $s}]')" >/dev/null
}

# _op_conditions OLD-CONDITIONS-JSON NEW-JSON: the new conditions, each keeping
# the old lastTransitionTime unless its status flipped [1.1].
_op_conditions() {
    jq -cn --argjson old "${1:-null}" --argjson new "$2" --arg now "$(_op_now)" '
        ($old // []) as $o
        | $new | map(. as $c
            | ($o | map(select(.type == $c.type)) | first) as $p
            | $c + {lastTransitionTime:
                (if $p != null and $p.status == $c.status then $p.lastTransitionTime else $now end)}
            | .reason //= "" | .message //= "")'
}

# _op_state CONDITIONS-JSON TYPES...: reason of the first condition among
# TYPES that is not True, else Healthy [10].
_op_state() {
    local conds=$1
    shift
    jq -rn --argjson c "$conds" --args '$ARGS.positional as $t
        | [$t[] as $ty | $c[] | select(.type == $ty and .status != "True") | .reason]
        | first // "Healthy"' "$@"
}

_op_cond() { jq -cn --arg t "$1" --arg s "$2" --arg r "$3" --arg m "${4:-}" '{type: $t, status: $s, reason: $r, message: $m}'; }

# _op_resolve VERSION: the concrete version an alias names; exit 3 for an
# end-of-life version, 4 for an unknown one [4.2].
_op_resolve() {
    local v=$1 row
    row=$(yq -c --arg v "$v" '.versions[] | select(.name == $v)' "$OPERATOR_VERSIONS")
    [[ -n $row ]] || return 4
    [[ $(jq -r '.eol // false' <<<"$row") != true ]] || return 3
    local ref
    ref=$(jq -r '.ref // empty' <<<"$row")
    if [[ -n $ref ]]; then _op_resolve "$ref"; else echo "$v"; fi
}

# _op_wait WHAT CMD...: the real lane's wait for the operator.
_op_wait() {
    local what=$1
    shift
    wait_for --timeout "$OPERATOR_TIMEOUT" --interval 1 --message "the Sail Operator: $what" "$@"
}

# ---------------------------------------------------------------- names

# operator_revision_name [--context CTX] ISTIO: the active IstioRevision's
# name [5]: InPlace (or no strategy) -> the Istio's name; RevisionBased ->
# name + "-" + spec.version with every "." made "-" (the literal text, so an
# alias stays an alias: default-v1-30-latest).
operator_revision_name() {
    _op_ctx "$@"
    local istio
    istio=$("${_OP_K[@]}" get istio "${_OP_ARGS[0]}" -o json) || return 1
    jq -r 'if .spec.updateStrategy.type == "RevisionBased"
           then "\(.metadata.name)-\(.spec.version | gsub("\\."; "-"))"
           else .metadata.name end' <<<"$istio"
}

# operator_injector_name REV: the injector ConfigMap (and, in istio-system,
# MutatingWebhookConfiguration) of a revision [11]: istio-sidecar-injector,
# suffixed -REV unless REV is "default".
operator_injector_name() {
    if [[ $1 == default ]]; then echo istio-sidecar-injector; else echo "istio-sidecar-injector-$1"; fi
}

# operator_proxy_image VERSION: the proxy image the operator's image list
# gives a concrete version (chart values annotation images.<v>.proxy) [4.1].
operator_proxy_image() { echo "registry.istio.io/release/proxyv2:${1#v}"; }

# ---------------------------------------------------------------- Istio

# operator_reconciles_istio [--context CTX] ISTIO: one pass of the Istio
# controller, alone. The real operator, on any change of the Istio:
#  - resolves spec.version (alias -> concrete; end-of-life: Reconciled
#    False/ReconcileError "validation error: ...", Ready Unknown, state
#    ReconcileError, activeRevisionName left as it was) [4.2, 10]; a
#    missing namespace is the revision's error, not the Istio's [6.3];
#  - creates or updates the active IstioRevision (name by strategy [5]),
#    owned by the Istio (controller, blockOwnerDeletion), spec.version the
#    concrete version, spec.values = the Istio's values with the image
#    digests (unless the user set global.hub/tag), values.revision (empty for
#    "default"), global.istioNamespace forced, defaultRevision removed [6.2];
#  - writes the Istio's status: observedGeneration = generation,
#    activeRevisionName, and Reconciled/Ready/DependenciesHealthy COPIED from
#    the active revision as that revision's status stands now, state = the
#    revision's state; revisions total/ready/inUse over owned revisions [8.4].
# So right after a version change the Istio says Ready at its new generation
# while its revision still runs (and reports) the old version: the revision's
# own pass (operator_reconciles_revision) comes later. A new revision without
# status yet gives Unknown conditions and an empty state.
# Real lane: waits until the Istio's observedGeneration is its generation and
# activeRevisionName is the expected name.
operator_reconciles_istio() {
    _op_ctx "$@"
    local name=${_OP_ARGS[0]} ctx=("${_OP_K[@]:1}")
    if operator_is_real; then
        _op_wait "Istio $name observed at its generation" _op_istio_observed "${ctx[@]}" "$name"
        return
    fi
    local istio gen ns version concrete rc=0 rev uid values err=""
    istio=$("${_OP_K[@]}" get istio "$name" -o json) || return 1
    gen=$(jq -r .metadata.generation <<<"$istio")
    ns=$(jq -r .spec.namespace <<<"$istio")
    version=$(jq -r .spec.version <<<"$istio")
    uid=$(jq -r .metadata.uid <<<"$istio")
    concrete=$(_op_resolve "$version") || rc=$?
    if ((rc == 3)); then
        err="validation error: version \"$version\" is end-of-life and cannot be installed; use a supported version"
    elif ((rc != 0)); then
        err="failed to resolve Istio version for \"$name\": version \"$version\" not found"
    fi
    if [[ -n $err ]]; then
        _op_status istio "$name" "$(jq -c --argjson g "$gen" --argjson c "$(_op_conditions \
            "$(jq -c '.status.conditions' <<<"$istio")" "[$(_op_cond Reconciled False ReconcileError "$err"),$(_op_cond Ready Unknown ReconcileError "cannot determine readiness due to reconciliation error")]")" \
            '(.status // {}) + {observedGeneration: $g, conditions: $c, state: "ReconcileError"}
             | .revisions //= {total: 0, ready: 0, inUse: 0}' <<<"$istio")"
        return 0
    fi
    rev=$(operator_revision_name "${ctx[@]}" "$name")
    values=$(jq -c --arg rev "$rev" --arg ns "$ns" --arg img "$(operator_proxy_image "$concrete")" \
        --arg pilot "registry.istio.io/release/pilot:${concrete#v}" '
        (.spec.values // {}) as $v
        | (if ($v.global.hub // $v.global.tag) == null
           then {pilot: {image: $pilot}, global: {proxy: {image: $img}}} else {} end) as $digests
        | ($digests * $v) * {revision: (if $rev == "default" then "" else $rev end),
                             global: {istioNamespace: $ns}}
        | del(.defaultRevision)' <<<"$istio")
    local profile
    profile=$(jq -r '.spec.profile // ""' <<<"$istio")
    case $profile in
        ambient|stable|preview|demo|remote) values=$(jq -c --arg p "$profile" '. + {profile: $p}' <<<"$values") ;;
    esac
    jq -n --arg rev "$rev" --arg name "$name" --arg uid "$uid" --arg v "$concrete" --arg ns "$ns" \
        --argjson values "$values" '{
        apiVersion: "sailoperator.io/v1", kind: "IstioRevision",
        metadata: {name: $rev, ownerReferences: [{apiVersion: "sailoperator.io/v1", kind: "Istio",
            name: $name, uid: $uid, controller: true, blockOwnerDeletion: true}]},
        spec: {version: $v, namespace: $ns, values: $values}}' |
        "${_OP_K[@]}" apply --server-side --force-conflicts --field-manager sail-operator -f - >/dev/null || return 1
    _op_istio_status "$name" "$rev"
}

# _op_istio_status ISTIO ACTIVE: the Istio's status from its revisions [10, 8.4].
_op_istio_status() {
    local name=$1 rev=$2 istio revs active conds
    istio=$("${_OP_K[@]}" get istio "$name" -o json) || return 1
    revs=$("${_OP_K[@]}" get istiorevisions -o json | jq -c --arg uid "$(jq -r .metadata.uid <<<"$istio")" \
        '[.items[] | select(any(.metadata.ownerReferences[]?; .uid == $uid))]')
    active=$(jq -c --arg r "$rev" '[.[] | select(.metadata.name == $r)] | first' <<<"$revs")
    if [[ $active == null ]]; then
        # the revision is not there (yet): ActiveRevisionNotFound
        active='{"status":{"state":"ActiveRevisionNotFound","conditions":[
            {"type":"Reconciled","status":"False","reason":"ActiveRevisionNotFound","message":"active IstioRevision not found"},
            {"type":"Ready","status":"False","reason":"ActiveRevisionNotFound","message":"active IstioRevision not found"}]}}'
    fi
    conds=$(jq -c '. as $rev | ["Reconciled", "Ready", "DependenciesHealthy"] | map(. as $t
        | (($rev.status.conditions // []) | map(select(.type == $t)) | first)
          // {type: $t, status: "Unknown", reason: "", message: ""}) | map(del(.lastTransitionTime))' <<<"$active")
    _op_status istio "$name" "$(jq -c \
        --argjson c "$(_op_conditions "$(jq -c '.status.conditions' <<<"$istio")" "$conds")" \
        --argjson revs "$revs" --argjson active "$active" --arg r "$rev" '
        def count(t): [$revs[] | select(any(.status.conditions[]?; .type == t and .status == "True"))] | length;
        (.status // {}) + {observedGeneration: .metadata.generation, activeRevisionName: $r, conditions: $c,
            state: ($active.status.state // ""),
            revisions: {total: ($revs | length), ready: count("Ready"), inUse: count("InUse")}}' <<<"$istio")"
}

_op_istio_observed() {
    _op_ctx "$@"
    local istio rev
    istio=$("${_OP_K[@]}" get istio "${_OP_ARGS[0]}" -o json) || return 1
    rev=$(operator_revision_name "${_OP_K[@]:1}" "${_OP_ARGS[0]}")
    jq -e --arg r "$rev" '.status.observedGeneration == .metadata.generation
        and (.status.activeRevisionName == $r or .status.state == "ReconcileError")' <<<"$istio" >/dev/null
}

# ---------------------------------------------------------------- IstioRevision

# operator_reconciles_revision [--context CTX] REV: one pass of the
# IstioRevision controller. The real operator installs the revision's charts
# (release REV-istiod), which renders among others the injector ConfigMap
# istio-sidecar-injector[-REV] in spec.namespace (label
# app.kubernetes.io/version: the chart's version), its `values` naming the
# proxy image of spec.version [11]; then writes the revision's status:
# observedGeneration = generation, Reconciled True, Ready True once
# Deployment istiod[-REV] has all replicas ready (the stand-in renders no
# Deployment and reports it ready; for values.profile "remote" Ready is the
# webhook controller's probe of the remote istiod through the injector
# webhook, which no cluster here answers: False/RemoteIstiodNotReady
# "readiness probe on remote istiod failed"), DependenciesHealthy (IstioCNI "default"
# Healthy when values.pilot.cni.enabled; ZTunnel "default" Healthy when
# ambient) [10], state = first non-True reason else Healthy, and InUse by the
# rules of [8.2] (tags' status.istioRevision; namespaces' labels; pods not
# Succeeded by istio.io/rev annotation, or by labels in a namespace that
# references nothing; "default" with enableNamespacesByDefault). A missing
# namespace: Reconciled False/ReconcileError "validation error: namespace
# "NS" doesn't exist", Ready False/IstiodNotReady "istiod Deployment not
# found".
# Real lane: waits until the revision is observed at its generation,
# Reconciled and Ready, and its injector ConfigMap names its proxy image.
operator_reconciles_revision() {
    _op_ctx "$@"
    local name=${_OP_ARGS[0]} ctx=("${_OP_K[@]:1}")
    if operator_is_real; then
        _op_wait "IstioRevision $name reconciled and Ready" _op_revision_done "${ctx[@]}" "$name"
        return
    fi
    local rev ns version conds inuse deps="" values
    rev=$("${_OP_K[@]}" get istiorevision "$name" -o json) || return 1
    ns=$(jq -r .spec.namespace <<<"$rev")
    version=$(jq -r .spec.version <<<"$rev")
    if ! "${_OP_K[@]}" get namespace "$ns" -o name >/dev/null 2>&1; then
        conds="[$(_op_cond Reconciled False ReconcileError "validation error: namespace \"$ns\" doesn't exist"),$(_op_cond Ready False IstiodNotReady "istiod Deployment not found"),$(_op_dependencies "$rev")]"
    else
        # the rendered values' top-level fields the injector needs; the chart's
        # defaults (hub registry.istio.io/release, tag = its version) under
        # the revision's values (proxy.image: the operator's digest image)
        values=$(jq -c --arg v "${version#v}" '{global: {hub: (.spec.values.global.hub // "registry.istio.io/release"),
                               tag: (.spec.values.global.tag // $v),
                               proxy: {image: (.spec.values.global.proxy.image // "proxyv2")}},
                      revision: (.spec.values.revision // "")}' <<<"$rev")
        "${_OP_K[@]}" create configmap "$(operator_injector_name "$name")" -n "$ns" \
            --from-literal=values="$values" --dry-run=client -o json |
            jq -c --arg n "$name" --arg v "${version#v}" '.metadata.labels = {"managed-by": "sail-operator",
                "istio.io/rev": (if $n == "default" then "default" else $n end),
                "app.kubernetes.io/version": $v, release: "\($n)-istiod"}' |
            "${_OP_K[@]}" apply --server-side --force-conflicts --field-manager sail-operator -f - >/dev/null || return 1
        deps=$(_op_dependencies "$rev")
        if jq -e '.spec.values.profile == "remote"' <<<"$rev" >/dev/null; then
            # readiness of a remote-profile revision is the webhook
            # controller's probe of the primary's istiod, which fails here
            conds="[$(_op_cond Reconciled True Reconciled),$(_op_cond Ready False RemoteIstiodNotReady "readiness probe on remote istiod failed"),$deps]"
        else
            conds="[$(_op_cond Reconciled True Reconciled),$(_op_cond Ready True Ready),$deps]"
        fi
    fi
    inuse=$(_op_revision_inuse "$rev")
    conds=$(jq -c --argjson u "$inuse" '. + [$u]' <<<"$conds")
    conds=$(_op_conditions "$(jq -c '.status.conditions' <<<"$rev")" "$conds")
    _op_status istiorevision "$name" "$(jq -cn --argjson c "$conds" --argjson g "$(jq .metadata.generation <<<"$rev")" \
        --arg s "$(_op_state "$conds" Reconciled Ready DependenciesHealthy)" \
        '{observedGeneration: $g, conditions: $c, state: $s}')"
}

# _op_dependencies REV-JSON: the DependenciesHealthy condition [10].
_op_dependencies() {
    local rev=$1 state
    if jq -e '.spec.values.pilot.cni.enabled == true' <<<"$rev" >/dev/null; then
        state=$("${_OP_K[@]}" get istiocni default -o jsonpath='{.status.state}' 2>/dev/null) ||
            { _op_cond DependenciesHealthy False IstioCNINotFound "IstioCNI resource does not exist"; return; }
        [[ $state == Healthy ]] ||
            { _op_cond DependenciesHealthy False IstioCNINotHealthy "IstioCNI is not healthy"; return; }
    fi
    if jq -e '.spec.values.pilot.env.PILOT_ENABLE_AMBIENT == "true" or .spec.values.profile == "ambient"' <<<"$rev" >/dev/null; then
        state=$("${_OP_K[@]}" get ztunnel default -o jsonpath='{.status.state}' 2>/dev/null) ||
            { _op_cond DependenciesHealthy False ZTunnelNotFound "ZTunnel resource does not exist"; return; }
        [[ $state == Healthy ]] ||
            { _op_cond DependenciesHealthy False ZTunnelNotHealthy "ZTunnel is not healthy"; return; }
    fi
    _op_cond DependenciesHealthy True DependenciesHealthy
}

# jq definitions of the operator's reference rules [8.1].
_OP_REFS='
def nsref: (.metadata.labels // {}) as $l
    | if $l["istio-injection"] == "enabled" then "default" else ($l["istio.io/rev"] // "") end;
def podref: (.metadata.labels // {}) as $l
    | if $l["sidecar.istio.io/inject"] == "false" then ""
      elif ($l["istio.io/rev"] // "") != "" then $l["istio.io/rev"]
      elif $l["sidecar.istio.io/inject"] == "true" then "default" else "" end;
($nss.items | map({key: .metadata.name, value: nsref}) | from_entries) as $nsmap
| [$pods.items[] | select(.status.phase != "Succeeded")] as $live
'

# _op_revision_inuse REV-JSON: the InUse condition of a revision [8.2].
_op_revision_inuse() {
    local rev=$1
    jq -cn --argjson rev "$rev" \
        --argjson tags "$("${_OP_K[@]}" get istiorevisiontags -o json)" \
        --argjson nss "$("${_OP_K[@]}" get namespaces -o json)" \
        --argjson pods "$("${_OP_K[@]}" get pods -A -o json)" "$_OP_REFS"'
        | $rev.metadata.name as $r
        | if any($tags.items[]; .status.istioRevision == $r)
             or any($nss.items[]; nsref == $r)
             or any($live[]; .metadata.annotations["istio.io/rev"] == $r
                    or (($nsmap[.metadata.namespace] // "") == "" and podref == $r))
             or ($r == "default" and $rev.spec.values.sidecarInjectorWebhook.enableNamespacesByDefault == true)
          then {type: "InUse", status: "True", reason: "ReferencedByWorkloads", message: "Referenced by at least one pod or namespace"}
          else {type: "InUse", status: "False", reason: "NotReferencedByAnything", message: "Not referenced by any pod or namespace"} end'
}

_op_revision_done() {
    _op_ctx "$@"
    local rev ns img
    rev=$("${_OP_K[@]}" get istiorevision "${_OP_ARGS[0]}" -o json) || return 1
    jq -e '.status.observedGeneration == .metadata.generation
        and any(.status.conditions[]?; .type == "Reconciled" and .status == "True")
        and (.spec.values.profile == "remote"
             or any(.status.conditions[]?; .type == "Ready" and .status == "True"))' <<<"$rev" >/dev/null || return 1
    ns=$(jq -r .spec.namespace <<<"$rev")
    [[ $("${_OP_K[@]}" get configmap -n "$ns" "$(operator_injector_name "${_OP_ARGS[0]}")" \
        -o jsonpath='{.metadata.labels.app\.kubernetes\.io/version}') == "$(jq -r '.spec.version | ltrimstr("v")' <<<"$rev")" ]]
}

# ---------------------------------------------------------------- the whole reconcile

# operator_reconciles [--context CTX] ISTIO: the operator's reconcile of an
# Istio run to its end, in its order: the Istio pass (the active revision
# written; Istio status copied from it as it stands), the active revision's
# pass, passes of the other owned revisions and of the tags that follow this
# Istio or its revisions (tags move to the new active revision; revisions'
# InUse follows), the Istio pass again (it is re-queued by its revisions'
# status changes: conditions and counts now current), then pruning [7].
# Real lane: waits until the Istio is observed at its generation with its
# active revision Reconciled and Ready at the concrete spec.version, that
# revision observed at its own generation, and its injector naming the new
# proxy image.
operator_reconciles() {
    _op_ctx "$@"
    local name=${_OP_ARGS[0]} ctx=("${_OP_K[@]:1}")
    if operator_is_real; then
        _op_wait "Istio $name reconciled end to end" _op_converged "${ctx[@]}" "$name"
        return
    fi
    operator_reconciles_istio "${ctx[@]}" "$name" || return 1
    local active uid r t
    active=$(jq -r '.status.activeRevisionName // ""' <<<"$("${_OP_K[@]}" get istio "$name" -o json)")
    [[ -n $active ]] || return 0
    uid=$("${_OP_K[@]}" get istio "$name" -o jsonpath='{.metadata.uid}')
    operator_reconciles_revision "${ctx[@]}" "$active" || return 1
    operator_reconciles_istio "${ctx[@]}" "$name" || return 1
    for t in $("${_OP_K[@]}" get istiorevisiontags -o json | jq -r --arg n "$name" --arg uid "$uid" \
        --argjson revs "$("${_OP_K[@]}" get istiorevisions -o json)" '
        [$revs.items[] | select(any(.metadata.ownerReferences[]?; .uid == $uid)) | .metadata.name] as $own
        | .items[] | select((.spec.targetRef.kind == "Istio" and .spec.targetRef.name == $n)
            or (.spec.targetRef.kind == "IstioRevision" and (.spec.targetRef.name | IN($own[]))))
        | .metadata.name'); do
        operator_reconciles_tag "${ctx[@]}" "$t" || return 1
    done
    for r in $(_op_owned "$uid"); do
        operator_reconciles_revision "${ctx[@]}" "$r" || return 1
    done
    operator_reconciles_istio "${ctx[@]}" "$name" || return 1
    operator_prunes "${ctx[@]}" "$name"
}

_op_owned() {
    "${_OP_K[@]}" get istiorevisions -o json |
        jq -r --arg uid "$1" '.items[] | select(any(.metadata.ownerReferences[]?; .uid == $uid)) | .metadata.name'
}

_op_converged() {
    _op_ctx "$@"
    local name=${_OP_ARGS[0]} ctx=("${_OP_K[@]:1}") istio rev concrete
    _op_istio_observed "${ctx[@]}" "$name" || return 1
    istio=$("${_OP_K[@]}" get istio "$name" -o json)
    rev=$(jq -r .status.activeRevisionName <<<"$istio")
    concrete=$(_op_resolve "$(jq -r .spec.version <<<"$istio")") || return 1
    [[ $("${_OP_K[@]}" get istiorevision "$rev" -o jsonpath='{.spec.version}') == "$concrete" ]] || return 1
    _op_revision_done "${ctx[@]}" "$rev" || return 1
    jq -e '.spec.profile == "remote" or any(.status.conditions[]?; .type == "Ready" and .status == "True")' <<<"$istio" >/dev/null
}

# ---------------------------------------------------------------- pruning

# operator_prunes [--context CTX] ISTIO: the last step of every successful
# Istio reconcile [7]: each owned revision other than the active one whose
# InUse is False since at least the grace period
# (spec.updateStrategy.inactiveRevisionDeletionGracePeriodSeconds, 30 s when
# unset) is deleted; InUse True, Unknown or missing keeps it; nothing is
# pruned when values.pilot.env.EXTERNAL_ISTIOD is "true". Returns 0; prints
# nothing.
# Real lane: waits until every owned inactive revision whose InUse is False
# is gone (the deadline covers the grace period).
operator_prunes() {
    _op_ctx "$@"
    local name=${_OP_ARGS[0]} ctx=("${_OP_K[@]:1}")
    if operator_is_real; then
        _op_wait "Istio $name's unused revisions pruned" _op_pruned "${ctx[@]}" "$name"
        return
    fi
    local r
    for r in $(_op_prunable "$name" "$(date -u +%s)"); do
        "${_OP_K[@]}" delete istiorevision "$r" --ignore-not-found --wait=false >/dev/null
    done
}

# _op_prunable ISTIO NOW: owned inactive revisions whose grace has passed at
# NOW (epoch seconds; a far future NOW ignores the grace).
_op_prunable() {
    local istio
    istio=$("${_OP_K[@]}" get istio "$1" -o json) || return 1
    "${_OP_K[@]}" get istiorevisions -o json | jq -r --argjson istio "$istio" --argjson now "$2" '
        ($istio.spec.updateStrategy.inactiveRevisionDeletionGracePeriodSeconds // 30) as $grace
        | if $istio.spec.values.pilot.env.EXTERNAL_ISTIOD == "true" then empty else
          .items[] | select(any(.metadata.ownerReferences[]?; .uid == $istio.metadata.uid))
          | select(.metadata.name != $istio.status.activeRevisionName)
          | select(.metadata.deletionTimestamp == null)
          | select(any(.status.conditions[]?; .type == "InUse" and .status == "False"
                       and ((.lastTransitionTime | fromdateiso8601) + ([$grace, 0] | max) <= $now)))
          | .metadata.name end'
}

_op_pruned() {
    _op_ctx "$@"
    [[ -z $(_op_prunable "${_OP_ARGS[0]}" 99999999999) ]]
}

# ---------------------------------------------------------------- IstioRevisionTag

# operator_reconciles_tag [--context CTX] TAG: one pass of the tag
# controller [9]: an IstioRevision of the same name that is older wins
# (Reconciled False/NameAlreadyExists); a missing target is
# Reconciled False/RefNotFound; else the tag resolves (kind IstioRevision:
# that name; kind Istio: its status.activeRevisionName, retried while empty)
# and its chart is installed in the revision's namespace (absent:
# Reconciled False/ReconcileError); status.istioRevision/istiodNamespace
# are written only while Reconciled is True; InUse by [8.3] (namespaces naming the tag,
# istio-injection=enabled for "default"; pod labels in namespaces that
# reference nothing; never pod annotations). No Ready condition; state =
# first non-True of Reconciled, InUse, else Healthy (so an unused tag shows
# NotReferencedByAnything).
# Real lane: waits until the tag is observed at its generation and, when
# its Reconciled is True, names the target's (active) revision.
operator_reconciles_tag() {
    _op_ctx "$@"
    local name=${_OP_ARGS[0]} ctx=("${_OP_K[@]:1}")
    if operator_is_real; then
        _op_wait "IstioRevisionTag $name resolved" _op_tag_done "${ctx[@]}" "$name"
        return
    fi
    local tag kind target rev="" ns="" rec inuse conds same
    tag=$("${_OP_K[@]}" get istiorevisiontag "$name" -o json) || return 1
    kind=$(jq -r .spec.targetRef.kind <<<"$tag")
    target=$(jq -r .spec.targetRef.name <<<"$tag")
    same=$("${_OP_K[@]}" get istiorevision "$name" -o json 2>/dev/null || true)
    if [[ -n $same ]] && jq -e --argjson t "$tag" '.metadata.creationTimestamp < $t.metadata.creationTimestamp
            or (.metadata.creationTimestamp == $t.metadata.creationTimestamp and .metadata.uid < $t.metadata.uid)' \
            <<<"$same" >/dev/null; then
        rec=$(_op_cond Reconciled False NameAlreadyExists "an IstioRevision exists with this name")
    elif [[ $kind == Istio ]]; then
        rev=$("${_OP_K[@]}" get istio "$target" -o jsonpath='{.status.activeRevisionName}' 2>/dev/null) ||
            rec=$(_op_cond Reconciled False RefNotFound "referenced Istio resource does not exist")
    else
        "${_OP_K[@]}" get istiorevision "$target" -o name >/dev/null 2>&1 && rev=$target ||
            rec=$(_op_cond Reconciled False RefNotFound "referenced IstioRevision resource does not exist")
    fi
    if [[ -z ${rec:-} ]]; then
        [[ -n $rev ]] || return 0    # the Istio has no active revision yet: retried later
        ns=$("${_OP_K[@]}" get istiorevision "$rev" -o jsonpath='{.spec.namespace}' 2>/dev/null) ||
            { rec=$(_op_cond Reconciled False RefNotFound "referenced IstioRevision resource does not exist"); rev=""; }
        # its chart goes to the revision's namespace, which must exist
        if [[ -n $rev ]] && ! "${_OP_K[@]}" get namespace "$ns" -o name >/dev/null 2>&1; then
            rec=$(_op_cond Reconciled False ReconcileError "error reconciling resource: namespaces \"$ns\" not found")
            rev=""
        fi
    fi
    rec=${rec:-$(_op_cond Reconciled True Reconciled)}
    inuse=$(jq -cn --arg t "$name" --arg rev "$rev" \
        --argjson revobj "$( [[ -n $rev ]] && "${_OP_K[@]}" get istiorevision "$rev" -o json || echo null)" \
        --argjson nss "$("${_OP_K[@]}" get namespaces -o json)" \
        --argjson pods "$("${_OP_K[@]}" get pods -A -o json)" "$_OP_REFS"'
        | if any($nss.items[]; nsref == $t)
             or any($live[]; ($nsmap[.metadata.namespace] // "") == "" and podref == $t)
             or ($t == "default" and $revobj.spec.values.sidecarInjectorWebhook.enableNamespacesByDefault == true)
          then {type: "InUse", status: "True", reason: "ReferencedByWorkloads", message: "Referenced by at least one pod or namespace"}
          else {type: "InUse", status: "False", reason: "NotReferencedByAnything", message: "Not referenced by any pod or namespace"} end')
    conds=$(_op_conditions "$(jq -c .status.conditions <<<"$tag")" "[$rec,$inuse]")
    _op_status istiorevisiontag "$name" "$(jq -c --argjson c "$conds" --arg rev "$rev" --arg ns "$ns" \
        --arg s "$(_op_state "$conds" Reconciled InUse)" '
        {observedGeneration: .metadata.generation, conditions: $c, state: $s,
         istioRevision: (if $rev != "" then $rev else (.status.istioRevision // "") end),
         istiodNamespace: (if $rev != "" then $ns else (.status.istiodNamespace // "") end)}' <<<"$tag")"
    # the revision's InUse follows the tag's status.istioRevision (a watch)
    [[ -z $rev ]] || operator_reconciles_revision "${ctx[@]}" "$rev"
}

_op_tag_done() {
    _op_ctx "$@"
    local tag want=""
    tag=$("${_OP_K[@]}" get istiorevisiontag "${_OP_ARGS[0]}" -o json) || return 1
    jq -e '.status.observedGeneration == .metadata.generation
        and any(.status.conditions[]?; .type == "Reconciled")' <<<"$tag" >/dev/null || return 1
    jq -e 'any(.status.conditions[]; .type == "Reconciled" and .status == "True")' <<<"$tag" >/dev/null || return 0
    if [[ $(jq -r .spec.targetRef.kind <<<"$tag") == Istio ]]; then
        want=$("${_OP_K[@]}" get istio "$(jq -r .spec.targetRef.name <<<"$tag")" -o jsonpath='{.status.activeRevisionName}')
    else
        want=$(jq -r .spec.targetRef.name <<<"$tag")
    fi
    [[ $(jq -r .status.istioRevision <<<"$tag") == "$want" ]]
}

# ---------------------------------------------------------------- IstioCNI, ZTunnel

# operator_reconciles_cni [--context CTX]: IstioCNI "default" [10]: after
# installing release istio-cni the operator writes observedGeneration,
# Reconciled True, Ready True once DaemonSet istio-cni-node has every
# scheduled pod ready (the stand-in renders no DaemonSet and reports it
# ready), state Healthy; an end-of-life version or missing namespace:
# Reconciled False/ReconcileError, Ready Unknown.
# Real lane: waits for Reconciled and Ready at its generation.
operator_reconciles_cni() { _op_daemon_kind istiocni "$@"; }

# operator_reconciles_ztunnel [--context CTX]: ZTunnel "default", the same
# as IstioCNI with DaemonSet ztunnel [10], plus status.istioRevision: the
# revision its targetRef resolves to (an Istio's activeRevisionName), or
# empty [2.5].
operator_reconciles_ztunnel() { _op_daemon_kind ztunnel "$@"; }

_op_daemon_kind() {
    local kind=$1
    shift
    _op_ctx "$@"
    local ctx=("${_OP_K[@]:1}")
    if operator_is_real; then
        _op_wait "$kind default Ready" _op_daemon_done "${ctx[@]}" "$kind"
        return
    fi
    local obj ns version rc=0 err="" conds rev=""
    obj=$("${_OP_K[@]}" get "$kind" default -o json) || return 1
    ns=$(jq -r .spec.namespace <<<"$obj")
    version=$(jq -r .spec.version <<<"$obj")
    _op_resolve "$version" >/dev/null || rc=$?
    if ((rc == 3)); then
        err="validation error: version \"$version\" is end-of-life and cannot be installed; use a supported version"
    elif ((rc != 0)); then
        err="version \"$version\" not found"
    elif ! "${_OP_K[@]}" get namespace "$ns" -o name >/dev/null 2>&1; then
        err="validation error: namespace \"$ns\" doesn't exist"
    fi
    if [[ -n $err ]]; then
        conds="[$(_op_cond Reconciled False ReconcileError "$err"),$(_op_cond Ready Unknown ReconcileError "cannot determine readiness due to reconciliation error")]"
    else
        conds="[$(_op_cond Reconciled True Reconciled),$(_op_cond Ready True Ready)]"
    fi
    if [[ $kind == ztunnel ]]; then
        case $(jq -r '.spec.targetRef.kind // ""' <<<"$obj") in
            Istio) rev=$("${_OP_K[@]}" get istio "$(jq -r .spec.targetRef.name <<<"$obj")" -o jsonpath='{.status.activeRevisionName}' 2>/dev/null || true) ;;
            IstioRevision) rev=$(jq -r .spec.targetRef.name <<<"$obj") ;;
        esac
    fi
    conds=$(_op_conditions "$(jq -c .status.conditions <<<"$obj")" "$conds")
    _op_status "$kind" default "$(jq -c --argjson c "$conds" --arg s "$(_op_state "$conds" Reconciled Ready)" \
        --arg k "$kind" --arg rev "$rev" '{observedGeneration: .metadata.generation, conditions: $c, state: $s}
        + (if $k == "ztunnel" then {istioRevision: $rev} else {} end)' <<<"$obj")"
}

_op_daemon_done() {
    _op_ctx "$@"
    "${_OP_K[@]}" get "${_OP_ARGS[0]}" default -o json | jq -e '.status.observedGeneration == .metadata.generation
        and any(.status.conditions[]?; .type == "Ready" and .status == "True")' >/dev/null
}

# ---------------------------------------------------------------- failures

# operator_writes_status [--context CTX] KIND NAME STATUS-JSON: STATUS-JSON
# merged into the object's status, observedGeneration defaulting to its
# generation: what the operator writes in situations these clusters cannot
# bring about on demand (istiod not ready, a stale generation, a reconcile
# error of its own). Each call site says which real situation it stands for.
# The real lane skips the test.
operator_writes_status() {
    _op_ctx "$@"
    operator_stand_in_only "the test writes a status the real operator would write only in a situation this cluster does not have"
    local kind=${_OP_ARGS[0]} name=${_OP_ARGS[1]} obj
    obj=$("${_OP_K[@]}" get "$kind" "$name" -o json) || return 1
    _op_status "$kind" "$name" "$(jq -c --argjson s "${_OP_ARGS[2]}" '. as $o
        | ($o.status // {}) * $s | .observedGeneration = ($s.observedGeneration // $o.metadata.generation)' <<<"$obj")"
}

# operator_creates_reader [--context CTX] ISTIO NS: what the operator's Helm
# release ISTIO-istiod creates for remote secrets (base chart: ServiceAccount
# istio-reader-service-account in NS; istiod chart: ClusterRole and binding
# istio-reader-clusterrole-NS), with Helm's ownership metadata. Helm refuses
# to adopt an object that exists without that metadata (label
# app.kubernetes.io/managed-by=Helm, annotations meta.helm.sh/release-name
# and release-namespace): the install fails, and the Istio reports
# Reconciled False/ReconcileError with Helm's message; returns 1 then.
# Real lane: waits until the operator has created the account (0) or the
# Istio reports the refusal (1).
operator_creates_reader() {
    _op_ctx "$@"
    local istio=${_OP_ARGS[0]} ns=${_OP_ARGS[1]} rel="${_OP_ARGS[0]}-istiod" spec kind name where json
    if operator_is_real; then
        _op_wait "ServiceAccount $ns/istio-reader-service-account, or Istio $istio refusing it" \
            _op_reader_settled "${_OP_K[@]:1}" "$istio" "$ns"
        _op_helm_owned "$("${_OP_K[@]}" -n "$ns" get serviceaccount istio-reader-service-account -o json 2>/dev/null)" "$rel" "$ns"
        return
    fi
    for spec in "ServiceAccount istio-reader-service-account $ns" \
                "ClusterRole istio-reader-clusterrole-$ns -" \
                "ClusterRoleBinding istio-reader-clusterrole-$ns -"; do
        read -r kind name where <<<"$spec"
        if [[ $where == - ]]; then
            json=$("${_OP_K[@]}" get "$kind" "$name" -o json 2>/dev/null) || continue
        else
            json=$("${_OP_K[@]}" -n "$where" get "$kind" "$name" -o json 2>/dev/null) || continue
        fi
        _op_helm_owned "$json" "$rel" "$ns" && continue
        local obj
        obj=$("${_OP_K[@]}" get istio "$istio" -o json) || return 1
        _op_status istio "$istio" "$(jq -c --argjson c "$(_op_conditions "$(jq -c .status.conditions <<<"$obj")" \
            "[$(_op_cond Reconciled False ReconcileError "failed to install/update Helm chart \"istiod\": $kind \"$name\" in namespace \"${where/#-/}\" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key \"app.kubernetes.io/managed-by\": must be set to \"Helm\"; annotation validation error: missing key \"meta.helm.sh/release-name\": must be set to \"$rel\"; annotation validation error: missing key \"meta.helm.sh/release-namespace\": must be set to \"$ns\""),$(_op_cond Ready Unknown ReconcileError "cannot determine readiness due to reconciliation error")]")" \
            '(.status // {}) + {observedGeneration: .metadata.generation, conditions: $c, state: "ReconcileError"}' <<<"$obj")"
        return 1
    done
    "${_OP_K[@]}" apply --server-side --field-manager=sail-operator -f - >/dev/null <<EOF
apiVersion: v1
kind: ServiceAccount
metadata:
  name: istio-reader-service-account
  namespace: $ns
  labels: {app: istio-reader, app.kubernetes.io/managed-by: Helm, managed-by: sail-operator}
  annotations: {meta.helm.sh/release-name: $rel, meta.helm.sh/release-namespace: $ns}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: istio-reader-clusterrole-$ns
  labels: {app: istio-reader, app.kubernetes.io/managed-by: Helm, managed-by: sail-operator}
  annotations: {meta.helm.sh/release-name: $rel, meta.helm.sh/release-namespace: $ns}
# The istiod chart's reader role: what a remote istiod needs to read (a
# narrower role leaves its multi-cluster controllers syncing forever).
rules:
- apiGroups: [config.istio.io, security.istio.io, networking.istio.io, authentication.istio.io, rbac.istio.io, telemetry.istio.io, extensions.istio.io]
  resources: ["*"]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [endpoints, pods, services, nodes, replicationcontrollers, namespaces, secrets, configmaps]
  verbs: [get, list, watch]
- {apiGroups: [networking.x-k8s.io, gateway.networking.k8s.io], resources: [gateways], verbs: [get, watch, list]}
- {apiGroups: [apiextensions.k8s.io], resources: [customresourcedefinitions], verbs: [get, list, watch]}
- {apiGroups: [discovery.k8s.io], resources: [endpointslices], verbs: [get, list, watch]}
- {apiGroups: [multicluster.x-k8s.io], resources: [serviceexports], verbs: [get, list, watch, create, delete]}
- {apiGroups: [multicluster.x-k8s.io], resources: [serviceimports], verbs: [get, list, watch]}
- {apiGroups: [apps], resources: [replicasets], verbs: [get, list, watch]}
- {apiGroups: [authentication.k8s.io], resources: [tokenreviews], verbs: [create]}
- {apiGroups: [authorization.k8s.io], resources: [subjectaccessreviews], verbs: [create]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: istio-reader-clusterrole-$ns
  labels: {app: istio-reader, app.kubernetes.io/managed-by: Helm, managed-by: sail-operator}
  annotations: {meta.helm.sh/release-name: $rel, meta.helm.sh/release-namespace: $ns}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: istio-reader-clusterrole-$ns}
subjects:
- {kind: ServiceAccount, name: istio-reader-service-account, namespace: $ns}
EOF
}

# _op_helm_owned OBJECT-JSON RELEASE NS: the object carries Helm's ownership
# metadata for that release.
_op_helm_owned() {
    [[ -n $1 ]] && jq -e --arg r "$2" --arg ns "$3" '.metadata.labels["app.kubernetes.io/managed-by"] == "Helm"
        and .metadata.annotations["meta.helm.sh/release-name"] == $r
        and .metadata.annotations["meta.helm.sh/release-namespace"] == $ns' <<<"$1" >/dev/null
}

_op_reader_settled() {
    _op_ctx "$@"
    local istio=${_OP_ARGS[0]} ns=${_OP_ARGS[1]}
    _op_helm_owned "$("${_OP_K[@]}" -n "$ns" get serviceaccount istio-reader-service-account -o json 2>/dev/null)" "$istio-istiod" "$ns" ||
        "${_OP_K[@]}" get istio "$istio" -o json | jq -e 'any(.status.conditions[]?; .type == "Reconciled" and .status == "False")' >/dev/null
}

# ---------------------------------------------------------------- other controllers

# cloud_controller_lb_address [--context CTX] NS SVC IP: a cloud provider's
# load-balancer controller publishing a Service's address (none runs on
# these clusters, in either lane).
cloud_controller_lb_address() {
    _op_ctx "$@"
    "${_OP_K[@]}" -n "${_OP_ARGS[0]}" patch service "${_OP_ARGS[1]}" --subresource=status --type=merge \
        -p "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"${_OP_ARGS[2]}\"}]}}}" >/dev/null
}

# kubelet_pod_phase [--context CTX] NS POD PHASE: a kubelet reporting a Pod's
# phase (e.g. Succeeded once its containers exited).
kubelet_pod_phase() {
    _op_ctx "$@"
    "${_OP_K[@]}" -n "${_OP_ARGS[0]}" patch pod "${_OP_ARGS[1]}" --subresource=status --type=merge \
        -p "{\"status\":{\"phase\":\"${_OP_ARGS[2]}\"}}" >/dev/null
}

# kubelet_node_addresses [--context CTX] NODE ADDRESSES-JSON: a kubelet
# reporting its Node's addresses ([{"type": "InternalIP", "address": ...}]).
kubelet_node_addresses() {
    _op_ctx "$@"
    "${_OP_K[@]}" patch node "${_OP_ARGS[0]}" --subresource=status --type=merge \
        -p "$(jq -cn --argjson a "${_OP_ARGS[1]}" '{status: {addresses: $a}}')" >/dev/null
}
