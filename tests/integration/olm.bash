# OLM's part in the integration tests: the one place that writes what OLM
# (its catalog operator and its OLM operator) would write. Load with
# `load olm` (after `load helpers`). These clusters serve OLM's CRDs
# (../shared/sail-api/crds/olm) but run no OLM, so every helper here is a
# stand-in, in OLM's order: a Subscription is resolved to a CSV
# (status.currentCSV, state UpgradePending), the CSV is created from the
# bundle (phase Pending), its Deployment (the chart's) appears while it is
# Installing (owned by the CSV, with OLM's olm.owner labels), and on Succeeded the
# Subscription records status.installedCSV (state AtLatestKnown).
# shellcheck shell=bash
#
#   olm_installs_crds                        OLM's CRDs, Established
#   olm_resolves_subscription NS SUB CSV     the catalog operator's step
#   olm_csv_phase NS CSV PHASE [REASON [MESSAGE]]  the OLM operator's step

OLM_CRDS_DIR=${SAIL_SHARED_DIR:-$REPO/../shared}/sail-api/crds/olm
# what a CSV deploys: the chart's Deployment and ServiceAccount (spec
# operator-install.md §3)
OLM_CHART_OBJECTS=${SAIL_SHARED_DIR:-$REPO/../shared}/sail-api/operator/sail-operator-helm-default.yaml

olm_installs_crds() {
    kubectl apply --validate=false --server-side --force-conflicts --field-manager=olm-stand-in -f "$OLM_CRDS_DIR" >/dev/null
    # kubectl wait fails while a new CRD has no status.conditions yet
    wait_for --timeout 60 kubectl wait --for=condition=Established --timeout=5s \
        crd/subscriptions.operators.coreos.com crd/operatorgroups.operators.coreos.com \
        crd/clusterserviceversions.operators.coreos.com crd/catalogsources.operators.coreos.com
}

_olm_now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
# (--validate=false: the server validates; kubectl's own check first fetches
# the whole OpenAPI document, which a loaded API server serves too slowly)

# _olm_status KIND NS NAME JSON: merge JSON into the status subresource.
_olm_status() {
    kubectl patch "$1" "$3" -n "$2" --subresource=status --type=merge -p "{\"status\": $4}" >/dev/null
}

olm_resolves_subscription() {
    local ns=$1 sub=$2 csv=$3 version=${3#*.v}
    _olm_status subscriptions.operators.coreos.com "$ns" "$sub" \
        "$(jq -cn --arg c "$csv" --arg t "$(_olm_now)" '{currentCSV: $c, state: "UpgradePending", lastUpdated: $t}')"
    kubectl apply --validate=false --server-side --field-manager=olm-stand-in -f - >/dev/null <<EOF
apiVersion: operators.coreos.com/v1alpha1
kind: ClusterServiceVersion
metadata:
  name: $csv
  namespace: $ns
spec:
  displayName: Sail Operator
  provider:
    name: Red Hat, Inc.
  maturity: alpha
  version: $version
  install:
    strategy: deployment
EOF
    _olm_status clusterserviceversions.operators.coreos.com "$ns" "$csv" \
        '{"phase": "Pending", "reason": "RequirementsUnknown", "message": "requirements not yet checked"}'
}

olm_csv_phase() {
    local ns=$1 csv=$2 phase=$3 reason=${4:-} message=${5:-}
    if [[ $phase == Installing || $phase == Succeeded ]] &&
        ! kubectl get deployment sail-operator -n "$ns" >/dev/null 2>&1; then
        # the CSV's Deployment is the chart's, owned by the CSV
        local uid
        uid=$(kubectl get clusterserviceversions.operators.coreos.com "$csv" -n "$ns" -o jsonpath='{.metadata.uid}')
        yq -c --arg ns "$ns" --arg csv "$csv" --arg uid "$uid" 'select(.kind == "Deployment" or .kind == "ServiceAccount")
            | .metadata.namespace = $ns
            | .metadata.labels += {"olm.owner": $csv, "olm.owner.kind": "ClusterServiceVersion", "olm.owner.namespace": $ns}
            | .metadata.ownerReferences = [{apiVersion: "operators.coreos.com/v1alpha1", kind: "ClusterServiceVersion",
                                            name: $csv, uid: $uid, controller: false, blockOwnerDeletion: false}]
            | if .kind == "Deployment" then
                .spec.template.spec.containers[0].image = "quay.io/sail-dev/sail-operator:" + ($csv | sub("^[^.]*\\.v"; ""))
              else . end' "$OLM_CHART_OBJECTS" | jq -s '{apiVersion: "v1", kind: "List", items: .}' |
            kubectl apply --validate=false --server-side --field-manager=olm-stand-in -f - >/dev/null
    fi
    _olm_status clusterserviceversions.operators.coreos.com "$ns" "$csv" \
        "$(jq -cn --arg p "$phase" --arg r "$reason" --arg m "$message" --arg t "$(_olm_now)" \
            '{phase: $p, reason: $r, message: $m, lastUpdateTime: $t, lastTransitionTime: $t}')"
    if [[ $phase == Succeeded ]]; then
        local sub
        sub=$(kubectl get subscriptions.operators.coreos.com -n "$ns" \
            -o jsonpath="{.items[?(@.status.currentCSV==\"$csv\")].metadata.name}")
        [[ -z $sub ]] || _olm_status subscriptions.operators.coreos.com "$ns" "$sub" \
            "$(jq -cn --arg c "$csv" --arg t "$(_olm_now)" '{currentCSV: $c, installedCSV: $c, state: "AtLatestKnown", lastUpdated: $t}')"
    fi
}
