# A sailoperator.io/v1 IstioRevisionTag (cluster-scoped).
#
# Parameters ($p, also the input):
#   name         the tag's name (required)
#   targetKind   "Istio" or "IstioRevision" (default "Istio")
#   targetName   the Istio or IstioRevision it points at (required)
#   labels       an object of labels (optional; left out when empty)

if ($p.name | type) != "string" or $p.name == "" then error("name is required")
elif ($p.targetName | type) != "string" or $p.targetName == "" then error("targetName is required")
elif (($p.targetKind // "Istio") | IN("Istio", "IstioRevision")) | not then
  error("targetKind must be Istio or IstioRevision, not \($p.targetKind)")
else
  {
    apiVersion: "sailoperator.io/v1",
    kind: "IstioRevisionTag",
    metadata: ({name: $p.name}
      + (if ($p.labels // {}) == {} then {} else {labels: $p.labels} end)),
    spec: {targetRef: {kind: ($p.targetKind // "Istio"), name: $p.targetName}}
  }
end
