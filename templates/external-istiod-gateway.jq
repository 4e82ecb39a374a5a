# An external control plane's istiod behind the ingress gateway of its
# cluster (step 8 of the Sail docs' external control plane model):
# Gateway external-istiod-gw (15012 and 15017, PASSTHROUGH, selecting
# istio: ingressgateway) and VirtualService external-istiod-vs routing them
# to istiod's 15012 and 443.
#
# Parameters ($p, also the input), required strings:
#   namespace    the external control plane's namespace
#   istiodHost   its istiod Service host (istiod-REV.NS.svc.cluster.local)

def need(k): if ($p[k] | type) != "string" or $p[k] == "" then error("\(k) is required") else $p[k] end;
def passthrough(name; number):
  {port: {number: number, protocol: "tls", name: name}, tls: {mode: "PASSTHROUGH"}, hosts: ["*"]};
def route(port; target):
  {match: [{port: port, sniHosts: ["*"]}],
   route: [{destination: {host: $p.istiodHost, port: {number: target}}}]};

need("namespace") as $ns | need("istiodHost") as $host
| {apiVersion: "networking.istio.io/v1", kind: "Gateway",
   metadata: {name: "external-istiod-gw", namespace: $ns},
   spec: {selector: {istio: "ingressgateway"},
          servers: [passthrough("tls-XDS"; 15012), passthrough("tls-WEBHOOK"; 15017)]}},
  {apiVersion: "networking.istio.io/v1", kind: "VirtualService",
   metadata: {name: "external-istiod-vs", namespace: $ns},
   spec: {hosts: ["*"], gateways: ["external-istiod-gw"],
          tls: [route(15012; 15012), route(15017; 443)]}}
