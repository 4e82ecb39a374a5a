# Override of the built-in namespace template: marks what it made.
{
  apiVersion: "v1",
  kind: "Namespace",
  metadata: {name: $p.name, labels: {"overridden": "true"}}
}
