# Two objects from one template, $p and . being the same.
{apiVersion: "v1", kind: "ServiceAccount", metadata: {name: .name, namespace: $p.namespace}},
{apiVersion: "v1", kind: "ConfigMap", metadata: {name: "\($p.name)-config", namespace: .namespace},
 data: {count: ($p.count | tostring)}}
