# istiod exposed to remote clusters through the east-west gateway (the Sail
# docs' expose-istiod.yaml): Gateway istiod-gateway (15012 and 15017,
# PASSTHROUGH) and VirtualService istiod-vs routing them to istiod's
# 15012 and 443.
#
# Parameters ($p, also the input), required strings:
#   namespace    the control plane's namespace (istio-system in the docs)
#   istiodHost   the revision's istiod Service host
#                (istiod.istio-system.svc.cluster.local for "default")

def need(k): if ($p[k] | type) != "string" or $p[k] == "" then error("\(k) is required") else $p[k] end;
def passthrough(name; number):
  {port: {name: name, number: number, protocol: "tls"}, tls: {mode: "PASSTHROUGH"}, hosts: ["*"]};
def route(port; target):
  {match: [{port: port, sniHosts: ["*"]}],
   route: [{destination: {host: $p.istiodHost, port: {number: target}}}]};

need("namespace") as $ns | need("istiodHost") as $host
| {apiVersion: "networking.istio.io/v1alpha3", kind: "Gateway",
   metadata: {name: "istiod-gateway", namespace: $ns},
   spec: {selector: {istio: "eastwestgateway"},
          servers: [passthrough("tls-istiod"; 15012), passthrough("tls-istiodwebhook"; 15017)]}},
  {apiVersion: "networking.istio.io/v1alpha3", kind: "VirtualService",
   metadata: {name: "istiod-vs", namespace: $ns},
   spec: {hosts: ["*"], gateways: ["istiod-gateway"],
          tls: [route(15012; 15012), route(15017; 443)]}}
