# The Gateway that exposes a cluster's services to other networks through
# the east-west gateway (the Sail docs' expose-services.yaml): port 15443,
# AUTO_PASSTHROUGH for *.local.
#
# Parameters ($p, also the input):
#   namespace    the control plane's namespace (required; the docs apply
#                the file with -n istio-system)

if ($p.namespace | type) != "string" or $p.namespace == "" then error("namespace is required")
else
  {apiVersion: "networking.istio.io/v1alpha3", kind: "Gateway",
   metadata: {name: "cross-network-gateway", namespace: $p.namespace},
   spec: {selector: {istio: "eastwestgateway"},
          servers: [{port: {number: 15443, name: "tls", protocol: "TLS"},
                     tls: {mode: "AUTO_PASSTHROUGH"},
                     hosts: ["*.local"]}]}}
end
