# A sailoperator.io/v1 ZTunnel (cluster-scoped; the CRD accepts only the name "default").
#
# Parameters ($p, also the input):
#   name         metadata.name (required; "default")
#   labels       an object of labels (optional; left out when empty)
#   annotations  an object of annotations (optional; left out when empty)
#   spec         the spec as built by kubectl sail install: version,
#                namespace, targetRef, values (required)

def optional(key):
  $p[key] as $v
  | if $v == null or $v == {} then {}
    elif ($v | type) != "object" then error("\(key) must be an object, not \($v | type)")
    else {(key): $v}
    end;

if ($p.name | type) != "string" or $p.name == "" then error("name is required")
elif ($p.spec | type) != "object" then error("spec is required")
else
  {
    apiVersion: "sailoperator.io/v1",
    kind: "ZTunnel",
    metadata: ({name: $p.name} + optional("labels") + optional("annotations")),
    spec: $p.spec
  }
end
