# What istioctl create-remote-secret creates in the source cluster when the
# reader ServiceAccount is missing: the ServiceAccount and the
# istio-reader-clusterrole-<namespace> ClusterRole and ClusterRoleBinding of
# Istio's charts (base/reader-serviceaccount.yaml,
# istio-discovery/reader-clusterrole*.yaml, no revision).
#
# Parameters ($p, also the input):
#   namespace       the istio namespace of the source cluster (required)
#   serviceAccount  the ServiceAccount to create and bind (required)

if ($p.namespace | type) != "string" or $p.namespace == "" then error("namespace is required")
elif ($p.serviceAccount | type) != "string" or $p.serviceAccount == "" then error("serviceAccount is required")
else
  {
    app: "istio-reader",
    "app.kubernetes.io/name": "istio-reader",
    "app.kubernetes.io/part-of": "istio",
    "app.kubernetes.io/managed-by": "kubectl-sail",
    release: "istio"
  } as $labels
  | "istio-reader-clusterrole-\($p.namespace)" as $role
  | {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: {name: $p.serviceAccount, namespace: $p.namespace, labels: $labels}
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: {name: $role, labels: $labels},
      rules: [
        {apiGroups: ["config.istio.io", "security.istio.io", "networking.istio.io",
                     "authentication.istio.io", "rbac.istio.io", "telemetry.istio.io",
                     "extensions.istio.io"],
         resources: ["*"], verbs: ["get", "list", "watch"]},
        {apiGroups: [""],
         resources: ["endpoints", "pods", "services", "nodes", "replicationcontrollers",
                     "namespaces", "secrets", "configmaps"],
         verbs: ["get", "list", "watch"]},
        {apiGroups: ["networking.x-k8s.io", "gateway.networking.k8s.io"],
         resources: ["gateways"], verbs: ["get", "watch", "list"]},
        {apiGroups: ["apiextensions.k8s.io"],
         resources: ["customresourcedefinitions"], verbs: ["get", "list", "watch"]},
        {apiGroups: ["discovery.k8s.io"],
         resources: ["endpointslices"], verbs: ["get", "list", "watch"]},
        {apiGroups: ["multicluster.x-k8s.io"],
         resources: ["serviceexports"], verbs: ["get", "list", "watch", "create", "delete"]},
        {apiGroups: ["multicluster.x-k8s.io"],
         resources: ["serviceimports"], verbs: ["get", "list", "watch"]},
        {apiGroups: ["apps"],
         resources: ["replicasets"], verbs: ["get", "list", "watch"]},
        {apiGroups: ["authentication.k8s.io"],
         resources: ["tokenreviews"], verbs: ["create"]},
        {apiGroups: ["authorization.k8s.io"],
         resources: ["subjectaccessreviews"], verbs: ["create"]}
      ]
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: {name: $role, labels: $labels},
      roleRef: {apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: $role},
      subjects: [{kind: "ServiceAccount", name: $p.serviceAccount, namespace: $p.namespace}]
    }
end
