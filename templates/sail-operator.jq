# The Sail Operator's own objects, as its Helm chart renders them with
# default values (spec/operator-install.md §2.2-2.4), plus the Namespace
# the chart leaves to --create-namespace. In apply order: Namespace,
# ServiceAccount, ClusterRoles, ClusterRoleBindings, Role, RoleBinding,
# Service, Deployment.
#
# Parameters ($p, also the input):
#   namespace    the operator's namespace (required)
#   image        the operator image (required)
#   images       object: pod annotation key -> Istio image (required; the
#                operator reads them as its default images per version)

def verbs7: ["create", "delete", "get", "list", "patch", "update", "watch"];
def rule(group; resources; verbs): {apiGroups: [group], resources: resources, verbs: verbs};
# a Sail kind: the resource, its finalizers and its status
def sail(res):
  rule("sailoperator.io"; [res]; verbs7),
  rule("sailoperator.io"; ["\(res)/finalizers"]; ["update"]),
  rule("sailoperator.io"; ["\(res)/status"]; ["get", "patch", "update"]);
def labels(name; instance; component):
  {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": instance,
   "app.kubernetes.io/component": component, "app.kubernetes.io/managed-by": "helm"};
def sa_subject: [{kind: "ServiceAccount", name: "sail-operator", namespace: $p.namespace}];
def deployment_labels:
  {"app.kubernetes.io/component": "sail-operator", "app.kubernetes.io/created-by": "sailoperator",
   "app.kubernetes.io/instance": "sail-operator", "app.kubernetes.io/managed-by": "helm",
   "app.kubernetes.io/name": "deployment", "app.kubernetes.io/part-of": "sailoperator",
   "control-plane": "sail-operator"};
def selector:
  {"app.kubernetes.io/created-by": "sailoperator", "app.kubernetes.io/part-of": "sailoperator",
   "control-plane": "sail-operator"};

if ($p.namespace | type) != "string" or $p.namespace == "" then error("namespace is required")
elif ($p.image | type) != "string" or $p.image == "" then error("image is required")
elif ($p.images | type) != "object" then error("images is required")
else
  # the label the server sets anyway: a bare Namespace would leave the
  # field manager owning nothing, and the next apply would then record a
  # "before-first-apply" manager (a change where there is none)
  {apiVersion: "v1", kind: "Namespace",
   metadata: {name: $p.namespace, labels: {"kubernetes.io/metadata.name": $p.namespace}}},
  {
    apiVersion: "v1", kind: "ServiceAccount",
    metadata: {labels: labels("serviceaccount"; "sail-operator"; "rbac"),
               name: "sail-operator", namespace: $p.namespace}
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole",
    metadata: {labels: ({"app.kubernetes.io/created-by": "sailoperator"}
                        + labels("clusterrole"; "sailoperator-metrics-reader"; "kube-rbac-proxy")
                        + {"app.kubernetes.io/part-of": "sailoperator"}),
               name: "sailoperator-metrics-reader"},
    rules: [{nonResourceURLs: ["/metrics"], verbs: ["get"]}]
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole",
    metadata: {labels: labels("clusterrole"; "sailoperator-proxy-role"; "kube-rbac-proxy"),
               name: "sailoperator-proxy-role"},
    rules: [rule("authentication.k8s.io"; ["tokenreviews"]; ["create"]),
            rule("authorization.k8s.io"; ["subjectaccessreviews"]; ["create"])]
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole",
    metadata: {name: "sailoperator-role"},
    rules: [
      rule(""; ["configmaps", "endpoints", "events", "namespaces", "nodes",
                "persistentvolumeclaims", "pods", "replicationcontrollers", "resourcequotas",
                "secrets", "serviceaccounts", "services"]; verbs7),
      rule("admissionregistration.k8s.io"; ["mutatingwebhookconfigurations",
           "validatingadmissionpolicies", "validatingadmissionpolicybindings",
           "validatingwebhookconfigurations"]; verbs7),
      rule("apiextensions.k8s.io"; ["customresourcedefinitions"]; ["get", "list", "watch"]),
      rule("apps"; ["daemonsets", "deployments"]; verbs7),
      rule("autoscaling"; ["horizontalpodautoscalers"]; verbs7),
      rule("discovery.k8s.io"; ["endpointslices"];
           ["get", "list", "watch", "create", "update", "patch", "delete"]),
      rule("k8s.cni.cncf.io"; ["network-attachment-definitions"]; verbs7),
      rule("networking.istio.io"; ["envoyfilters"]; verbs7),
      rule("networking.k8s.io"; ["networkpolicies"]; verbs7),
      sail("istiorevisions"), sail("istiorevisiontags"), sail("istiocnis"), sail("istios"),
      # remoteistios: a kind removed from the API that the chart still grants
      sail("remoteistios"),
      rule("policy"; ["poddisruptionbudgets"]; verbs7),
      rule("rbac.authorization.k8s.io"; ["clusterrolebindings", "clusterroles", "rolebindings",
           "roles"]; verbs7 + ["bind", "escalate"]),
      {apiGroups: ["security.openshift.io"], resourceNames: ["privileged"],
       resources: ["securitycontextconstraints"], verbs: ["use"]},
      rule("config.openshift.io"; ["apiservers"]; ["get", "list", "watch"]),
      sail("ztunnels")
    ]
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding",
    metadata: {labels: labels("clusterrolebinding"; "sailoperator-proxy-rolebinding"; "kube-rbac-proxy"),
               name: "sailoperator-proxy-rolebinding"},
    roleRef: {apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "sailoperator-proxy-role"},
    subjects: sa_subject
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding",
    metadata: {labels: labels("clusterrolebinding"; "sailoperator-rolebinding"; "rbac"),
               name: "sailoperator-rolebinding"},
    roleRef: {apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "sailoperator-role"},
    subjects: sa_subject
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role",
    metadata: {labels: labels("role"; "leader-election-role"; "rbac"),
               name: "leader-election-role", namespace: $p.namespace},
    rules: [rule(""; ["configmaps"]; ["get", "list", "watch", "create", "update", "patch", "delete"]),
            rule("coordination.k8s.io"; ["leases"];
                 ["get", "list", "watch", "create", "update", "patch", "delete"]),
            rule(""; ["events"]; ["create", "patch"])]
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding",
    metadata: {labels: labels("rolebinding"; "leader-election-rolebinding"; "rbac"),
               name: "leader-election-rolebinding", namespace: $p.namespace},
    roleRef: {apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "leader-election-role"},
    subjects: sa_subject
  },
  {
    apiVersion: "v1", kind: "Service",
    metadata: {labels: deployment_labels, name: "sail-operator-metrics-service",
               namespace: $p.namespace},
    spec: {ipFamilyPolicy: "PreferDualStack",
           ports: [{name: "https", port: 8443, protocol: "TCP", targetPort: 8443}],
           selector: {"control-plane": "sail-operator"}}
  },
  {
    apiVersion: "apps/v1", kind: "Deployment",
    metadata: {labels: deployment_labels, name: "sail-operator", namespace: $p.namespace},
    spec: {
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: {matchLabels: selector},
      strategy: {},
      template: {
        metadata: {
          annotations: ({"kubectl.kubernetes.io/default-container": "sail-operator"} + $p.images),
          labels: selector
        },
        spec: {
          affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [
            {matchExpressions: [
              {key: "kubernetes.io/arch", operator: "In", values: ["amd64", "arm64", "ppc64le", "s390x"]},
              {key: "kubernetes.io/os", operator: "In", values: ["linux"]}]}]}}},
          containers: [{
            args: ["--health-probe-bind-address=:8081", "--metrics-bind-address=:8443",
                   "--zap-log-level=info"],
            command: ["/sail-operator"],
            image: $p.image,
            livenessProbe: {httpGet: {path: "/healthz", port: 8081},
                            initialDelaySeconds: 15, periodSeconds: 20},
            name: "sail-operator",
            readinessProbe: {httpGet: {path: "/readyz", port: 8081},
                             initialDelaySeconds: 5, periodSeconds: 10},
            resources: {limits: {cpu: "500m", memory: "1024Mi"},
                        requests: {cpu: "10m", memory: "64Mi"}},
            securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: ["ALL"]},
                              readOnlyRootFilesystem: true},
            volumeMounts: [{mountPath: "/etc/sail-operator", name: "operator-config", readOnly: true}]
          }],
          securityContext: {runAsNonRoot: true},
          serviceAccountName: "sail-operator",
          terminationGracePeriodSeconds: 10,
          volumes: [{
            downwardAPI: {defaultMode: 420, items: [{fieldRef: {fieldPath: "metadata.annotations"},
                                                     path: "config.properties"}]},
            name: "operator-config"
          }]
        }
      }
    }
  }
end
