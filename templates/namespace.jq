# A v1 Namespace.
#
# Parameters ($p, also the input):
#   name         the namespace's name (required)
#   labels       an object of labels (optional; left out when empty)
#   annotations  an object of annotations (optional; left out when empty)

def optional(key):
  $p[key] as $v
  | if $v == null or $v == {} then {}
    elif ($v | type) != "object" then error("\(key) must be an object, not \($v | type)")
    else {(key): $v}
    end;

if ($p.name | type) != "string" or $p.name == "" then
  error("name is required")
else
  {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: ({name: $p.name} + optional("labels") + optional("annotations"))
  }
end
