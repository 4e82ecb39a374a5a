{apiVersion: "v1", kind: "Namespace"}, "not an object"
