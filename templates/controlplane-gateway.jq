# The ingress gateway in front of an external control plane (the Sail
# docs' controlplane-gateway.yaml): ServiceAccount, Deployment,
# PodDisruptionBudget, Role, RoleBinding, HorizontalPodAutoscaler and a
# LoadBalancer Service istio-ingressgateway exposing tls-xds (15012) and
# tls-webhook (15017).
#
# Parameters ($p, also the input), required strings:
#   namespace    the namespace of the control plane that injects it
#                (istio-system in the docs; also in ISTIO_META_OWNER)
#   revision     that control plane's revision (istio.io/rev)
#   istiodHost   its istiod Service host; CA_ADDR is HOST:15012 with
#                ".cluster.local" dropped, as in the docs
# Differences from the docs' file, on purpose: the image is "auto" and the
# pod is injected with the gateway template (sidecar.istio.io/inject
# "true", inject.istio.io/templates: gateway), so the revision's proxy
# replaces the file's pinned 1.22 image.

def need(k): if ($p[k] | type) != "string" or $p[k] == "" then error("\(k) is required") else $p[k] end;
def field(path): {valueFrom: {fieldRef: {apiVersion: "v1", fieldPath: path}}};
def field2(path): {valueFrom: {fieldRef: {fieldPath: path}}};

need("namespace") as $ns | need("revision") as $rev | need("istiodHost") as $host
| "istio-ingressgateway" as $name
| {app: $name, istio: "ingressgateway"} as $sel
| {"install.operator.istio.io/owning-resource": "unknown", "istio.io/rev": $rev,
   "operator.istio.io/component": "IngressGateways", release: "istio"} as $common
| ($sel + $common) as $labels
| (
  {apiVersion: "v1", kind: "ServiceAccount",
   metadata: {labels: $labels, name: "\($name)-service-account", namespace: $ns}},
  {apiVersion: "apps/v1", kind: "Deployment",
   metadata: {labels: $labels, name: $name, namespace: $ns},
   spec: {
     selector: {matchLabels: $sel},
     strategy: {rollingUpdate: {maxSurge: "100%", maxUnavailable: "25%"}},
     template: {
       metadata: {
         annotations: {"inject.istio.io/templates": "gateway",
                       "istio.io/rev": $rev,
                       "prometheus.io/path": "/stats/prometheus",
                       "prometheus.io/port": "15020",
                       "prometheus.io/scrape": "true",
                       "sidecar.istio.io/inject": "true"},
         labels: ($labels + {chart: "gateways", heritage: "Tiller",
                  "service.istio.io/canonical-name": $name,
                  "service.istio.io/canonical-revision": "latest",
                  "sidecar.istio.io/inject": "true"})},
       spec: {
         affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: null,
                                   requiredDuringSchedulingIgnoredDuringExecution: null}},
         containers: [{
           args: ["proxy", "router", "--domain", "$(POD_NAMESPACE).svc.cluster.local",
                  "--proxyLogLevel=warning", "--proxyComponentLogLevel=misc:error",
                  "--log_output_level=default:info"],
           env: [
             {name: "PILOT_CERT_PROVIDER", value: "istiod"},
             {name: "CA_ADDR", value: "\($host | sub("\\.cluster\\.local$"; "")):15012"},
             ({name: "NODE_NAME"} + field("spec.nodeName")),
             ({name: "POD_NAME"} + field("metadata.name")),
             ({name: "POD_NAMESPACE"} + field("metadata.namespace")),
             ({name: "INSTANCE_IP"} + field("status.podIP")),
             ({name: "HOST_IP"} + field("status.hostIP")),
             {name: "ISTIO_CPU_LIMIT", valueFrom: {resourceFieldRef: {resource: "limits.cpu"}}},
             ({name: "SERVICE_ACCOUNT"} + field2("spec.serviceAccountName")),
             {name: "ISTIO_META_WORKLOAD_NAME", value: $name},
             {name: "ISTIO_META_OWNER", value: "kubernetes://apis/apps/v1/namespaces/\($ns)/deployments/\($name)"},
             {name: "ISTIO_META_MESH_ID", value: "cluster.local"},
             {name: "TRUST_DOMAIN", value: "cluster.local"},
             {name: "ISTIO_META_UNPRIVILEGED_POD", value: "true"},
             {name: "ISTIO_META_CLUSTER_ID", value: "Kubernetes"},
             ({name: "ISTIO_META_NODE_NAME"} + field2("spec.nodeName"))
           ],
           image: "auto",
           name: "istio-proxy",
           ports: [{containerPort: 15021, protocol: "TCP"},
                   {containerPort: 15012, protocol: "TCP"},
                   {containerPort: 15017, protocol: "TCP"},
                   {containerPort: 15090, name: "http-envoy-prom", protocol: "TCP"}],
           readinessProbe: {failureThreshold: 30,
                            httpGet: {path: "/healthz/ready", port: 15021, scheme: "HTTP"},
                            initialDelaySeconds: 1, periodSeconds: 2, successThreshold: 1,
                            timeoutSeconds: 1},
           resources: {limits: {cpu: "2000m", memory: "1024Mi"},
                       requests: {cpu: "100m", memory: "128Mi"}},
           securityContext: {allowPrivilegeEscalation: false,
                             capabilities: {drop: ["ALL"]},
                             privileged: false, readOnlyRootFilesystem: true},
           volumeMounts: [
             {mountPath: "/var/run/secrets/workload-spiffe-uds", name: "workload-socket"},
             {mountPath: "/var/run/secrets/credential-uds", name: "credential-socket"},
             {mountPath: "/var/run/secrets/workload-spiffe-credentials", name: "workload-certs"},
             {mountPath: "/etc/istio/proxy", name: "istio-envoy"},
             {mountPath: "/etc/istio/config", name: "config-volume"},
             {mountPath: "/var/run/secrets/istio", name: "istiod-ca-cert"},
             {mountPath: "/var/run/secrets/tokens", name: "istio-token", readOnly: true},
             {mountPath: "/var/lib/istio/data", name: "istio-data"},
             {mountPath: "/etc/istio/pod", name: "podinfo"},
             {mountPath: "/etc/istio/ingressgateway-certs", name: "ingressgateway-certs", readOnly: true},
             {mountPath: "/etc/istio/ingressgateway-ca-certs", name: "ingressgateway-ca-certs", readOnly: true}
           ]
         }],
         serviceAccountName: "\($name)-service-account",
         volumes: [
           {emptyDir: {}, name: "workload-socket"},
           {emptyDir: {}, name: "credential-socket"},
           {emptyDir: {}, name: "workload-certs"},
           {configMap: {name: "istio-ca-root-cert"}, name: "istiod-ca-cert"},
           {downwardAPI: {items: [{fieldRef: {fieldPath: "metadata.labels"}, path: "labels"},
                                  {fieldRef: {fieldPath: "metadata.annotations"}, path: "annotations"}]},
            name: "podinfo"},
           {emptyDir: {}, name: "istio-envoy"},
           {emptyDir: {}, name: "istio-data"},
           {name: "istio-token",
            projected: {sources: [{serviceAccountToken: {audience: "istio-ca", expirationSeconds: 43200,
                                                         path: "istio-token"}}]}},
           {configMap: {name: "istio", optional: true}, name: "config-volume"},
           {name: "ingressgateway-certs", secret: {optional: true, secretName: "istio-ingressgateway-certs"}},
           {name: "ingressgateway-ca-certs", secret: {optional: true, secretName: "istio-ingressgateway-ca-certs"}}
         ]
       }
     }
   }},
  {apiVersion: "policy/v1", kind: "PodDisruptionBudget",
   metadata: {labels: $labels, name: $name, namespace: $ns},
   spec: {minAvailable: 1, selector: {matchLabels: $sel}}},
  {apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role",
   metadata: {labels: $common, name: "\($name)-sds", namespace: $ns},
   rules: [{apiGroups: [""], resources: ["secrets"], verbs: ["get", "watch", "list"]}]},
  {apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding",
   metadata: {labels: $common, name: "\($name)-sds", namespace: $ns},
   roleRef: {apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "\($name)-sds"},
   subjects: [{kind: "ServiceAccount", name: "\($name)-service-account"}]},
  {apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler",
   metadata: {labels: $labels, name: $name, namespace: $ns},
   spec: {maxReplicas: 5,
          metrics: [{resource: {name: "cpu", target: {averageUtilization: 80, type: "Utilization"}},
                     type: "Resource"}],
          minReplicas: 1,
          scaleTargetRef: {apiVersion: "apps/v1", kind: "Deployment", name: $name}}},
  {apiVersion: "v1", kind: "Service",
   metadata: {annotations: null, labels: $labels, name: $name, namespace: $ns},
   spec: {ports: [{name: "status-port", port: 15021, protocol: "TCP", targetPort: 15021},
                  {name: "tls-xds", port: 15012, protocol: "TCP", targetPort: 15012},
                  {name: "tls-webhook", port: 15017, protocol: "TCP", targetPort: 15017}],
          selector: $sel, type: "LoadBalancer"}}
)
