# The Kiali resource of the Sail docs' Addons section (kiali.io/v1alpha1),
# pointed at one revision of a control plane.
#
# Parameters ($p, also the input):
#   namespace      Kiali's namespace (required)
#   istioNamespace the control plane's namespace (required)
#   configMap, injectorConfigMap, deployment, service
#                  the revision's istio ConfigMap, sidecar injector
#                  ConfigMap, istiod Deployment and Service (required)
#   prometheusUrl  external_services.prometheus.url (optional)

def need(k): if ($p[k] | type) != "string" or $p[k] == "" then error("\(k) is required") else $p[k] end;

need("namespace") as $ns | need("istioNamespace") as $ins
| {apiVersion: "kiali.io/v1alpha1", kind: "Kiali",
   metadata: {name: "kiali", namespace: $ns},
   spec: {external_services: (
     {grafana: {enabled: false},
      istio: {component_status: {enabled: false},
              config_map_name: need("configMap"),
              istio_sidecar_injector_config_map_name: need("injectorConfigMap"),
              istiod_deployment_name: need("deployment"),
              url_service_version: "http://\(need("service")).\($ins):15014/version"}}
     + (if ($p.prometheusUrl // "") == "" then {} else {prometheus: {url: $p.prometheusUrl}} end))}}
