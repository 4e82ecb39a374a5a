# The waypoint Gateway of ambient mode (spec ambient.md §5: the manifest of
# the Sail docs' waypoint guide): gateway class istio-waypoint, one HBONE
# listener "mesh" on 15008, and the label that says which traffic it takes.
#
# Parameters ($p, also the input):
#   name         metadata.name (required; what istio.io/use-waypoint names)
#   namespace    metadata.namespace (required)
#   for          service, workload, all or none (required)

if ($p.name | type) != "string" or $p.name == "" then error("name is required")
elif ($p.namespace | type) != "string" or $p.namespace == "" then error("namespace is required")
elif ($p.for | type) != "string" then error("for is required")
else
  {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: {
      name: $p.name,
      namespace: $p.namespace,
      labels: {"istio.io/waypoint-for": $p.for}
    },
    spec: {
      gatewayClassName: "istio-waypoint",
      listeners: [{name: "mesh", port: 15008, protocol: "HBONE"}]
    }
  }
end
