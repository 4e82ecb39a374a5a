# A syntax error on line 3.
{apiVersion: "v1",
 kind: "Namespace" metadata: {}}
