#include "test.h"
#include "value.h"
#include "jsonpath.h"

/*
 * The case table was produced by running each template through
 * k8s.io/client-go v0.35.4's util/jsonpath (the code kubectl runs) on the
 * fixtures in tests/unit/jsonpath/, decoded as kubectl decodes them
 * (integers as int64), with AllowMissingKeys(true) ("lax", kubectl get's
 * default) or false ("strict"). Error texts are kubectl's without its
 * "Error executing template:" wrapper and object dump. The one edit:
 * {.spec.values.global.*} lists map values, which Go visits in random
 * order; here they come in document order.
 */

struct jp_case {
	const char *file;
	int strict;
	const char *tmpl;
	const char *out;	/* expected text, or NULL when an error is */
	const char *err;
};

static const struct jp_case cases[] = {
	{ "nodes", 0, "{.items[0].metadata.name}",
	  "cluster1-control-plane", NULL },
	{ "nodes", 0, "{.items[0].status.addresses[?(@.type==\"InternalIP\")].address}",
	  "172.18.0.3 fc00:f853:ccd:e793::3", NULL },
	{ "nodes", 0, "{.items[0].status.addresses[?(@.type == \"InternalIP\")].address}",
	  "172.18.0.3 fc00:f853:ccd:e793::3", NULL },
	{ "nodes", 0, "{.items[*].metadata.name}",
	  "cluster1-control-plane cluster1-worker", NULL },
	{ "nodes", 0, "{.items[-1].metadata.name}",
	  "cluster1-worker", NULL },
	{ "nodes", 0, "{.items[0:1].metadata.name}",
	  "cluster1-control-plane", NULL },
	{ "nodes", 0, "{.items[].metadata.name}",
	  "cluster1-control-plane", NULL },
	{ "nodes", 0, "{.items[5].metadata.name}",
	  NULL, "error executing jsonpath \"{.items[5].metadata.name}\": array index out of bounds: index 5, length 2" },
	{ "nodes", 0, "{.items[-3].metadata.name}",
	  NULL, "error executing jsonpath \"{.items[-3].metadata.name}\": array index out of bounds: index -1, length 2" },
	{ "nodes", 0, "{.items[1:0]}",
	  NULL, "error executing jsonpath \"{.items[1:0]}\": starting index 1 is greater than ending index 0" },
	{ "nodes", 0, "{.items[0:2:0]}",
	  NULL, "error executing jsonpath \"{.items[0:2:0]}\": step must be > 0" },
	{ "nodes", 0, "{.items[::2].metadata.name}",
	  "cluster1-control-plane", NULL },
	{ "nodes", 0, "{range .items[*]}{.metadata.name}{\"\\t\"}{.status.addresses[?(@.type==\"InternalIP\")].address}{\"\\n\"}{end}",
	  "cluster1-control-plane\t172.18.0.3 fc00:f853:ccd:e793::3\ncluster1-worker\t172.18.0.2\n", NULL },
	{ "nodes", 0, "{range .items[*]}{.metadata.name}: {range .status.conditions[*]}{.type}={.status} {end}{\"\\n\"}{end}",
	  "cluster1-control-plane: MemoryPressure=False Ready=True \ncluster1-worker: Ready=True \n", NULL },
	{ "nodes", 0, "{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}",
	  "172.18.0.3, fc00:f853:ccd:e793::3, cluster1-control-plane, 172.18.0.2, cluster1-worker, ", NULL },
	{ "nodes", 0, "{.items[0].metadata.labels.kubernetes\\.io/hostname}",
	  "cluster1-control-plane", NULL },
	{ "nodes", 0, "{.items[0].metadata.labels['kubernetes\\.io/os']}",
	  "linux", NULL },
	{ "nodes", 0, "{.items[0].metadata.labels['kubernetes.io/os']}",
	  "", NULL },
	{ "nodes", 0, "{.items[0].metadata.labels.node-role\\.kubernetes\\.io/control-plane}",
	  "", NULL },
	{ "nodes", 0, "{.items[?(@.metadata.labels.topology\\.kubernetes\\.io/zone==\"zone-b\")].metadata.name}",
	  "cluster1-worker", NULL },
	{ "nodes", 0, "{.items[?(@.metadata.labels.node-role\\.kubernetes\\.io/control-plane)].metadata.name}",
	  "cluster1-control-plane", NULL },
	{ "nodes", 0, "{.items[*]['metadata.name', 'spec.podCIDR']}",
	  "cluster1-control-plane cluster1-worker 10.244.0.0/24 10.244.1.0/24", NULL },
	{ "nodes", 0, "{.items[0].spec.podCIDRs[0,1]}",
	  "10.244.0.0/24 fd00:10:244::/64", NULL },
	{ "nodes", 0, "{.items[*].status.conditions[?(@.type==\"Ready\")].status}",
	  "True True", NULL },
	{ "nodes", 0, "{.items[*].status.daemonEndpoints.kubeletEndpoint.Port}",
	  "10250 10250", NULL },
	{ "nodes", 0, "{.items[?(@.status.daemonEndpoints.kubeletEndpoint.Port>10000)].metadata.name}",
	  "cluster1-control-plane cluster1-worker", NULL },
	{ "nodes", 0, "{.items[0].status.allocatable}",
	  "{\"cpu\":\"8\",\"memory\":\"32532812Ki\",\"pods\":\"110\"}", NULL },
	{ "nodes", 0, "{.items[0].spec.taints}",
	  "[{\"effect\":\"NoSchedule\",\"key\":\"node-role.kubernetes.io/control-plane\"}]", NULL },
	{ "nodes", 0, "{..kubeletVersion}",
	  "v1.32.2 v1.32.2", NULL },
	{ "nodes", 0, "{.items[*].spec.taints[*].effect}",
	  "NoSchedule", NULL },
	{ "nodes", 0, "{.items[*].status.conditions[?(@.message)].message}",
	  "kubelet is posting ready status", NULL },
	{ "nodes", 0, "{.kind}/{.metadata.resourceVersion}/{.metadata.nope}",
	  "List//", NULL },
	{ "nodes", 1, "{.items[*].metadata.labels.topology\\.kubernetes\\.io/zone}",
	  "zone-b", NULL },
	{ "nodes", 1, "{.items[?(@.metadata.labels.topology\\.kubernetes\\.io/zone==\"zone-b\")].metadata.name}",
	  NULL, "error executing jsonpath \"{.items[?(@.metadata.labels.topology\\\\.kubernetes\\\\.io/zone==\\\"zone-b\\\")].metadata.name}\": topology.kubernetes.io/zone is not found" },
	{ "nodes", 1, "{.items[0].metadata.name}",
	  "cluster1-control-plane", NULL },
	{ "nodes", 1, "{.nope}",
	  NULL, "error executing jsonpath \"{.nope}\": nope is not found" },
	{ "istio", 0, "{.status.revisions.ready}",
	  "1", NULL },
	{ "istio", 0, "{.status.revisions}",
	  "{\"inUse\":1,\"ready\":1,\"total\":1}", NULL },
	{ "istio", 0, "{.status.conditions[?(@.type==\"Ready\")].status}",
	  "True", NULL },
	{ "istio", 0, "{.status.conditions[?(@.type!=\"Ready\")].type}",
	  "Reconciled", NULL },
	{ "istio", 0, "{.status.state}",
	  "Healthy", NULL },
	{ "istio", 0, "{.spec.version}{\"\\n\"}",
	  "v1.24.3\n", NULL },
	{ "istio", 0, "{.metadata.generation}",
	  "3", NULL },
	{ "istio", 0, "{.spec.values.global.multiCluster.clusterName}",
	  "cluster1", NULL },
	{ "istio", 0, "{.spec.updateStrategy.inactiveRevisionDeletionGracePeriodSeconds}",
	  "30", NULL },
	{ "istio", 0, "{.status.revisions.ready}={.status.revisions.total}",
	  "1=1", NULL },
	{ "istio", 0, "{@.metadata.name} {$.kind}",
	  "default Istio", NULL },
	{ "istio", 0, "{.status.nothing.deeper}",
	  "", NULL },
	{ "istio", 0, "{.status.revisions[0]}",
	  NULL, "error executing jsonpath \"{.status.revisions[0]}\": map[string]interface {} is not array or slice" },
	{ "istio", 0, "{.status.conditions[?(@.status==\"True\")].type}",
	  "Reconciled Ready", NULL },
	{ "istio", 0, "{.status.conditions[?(@.lastTransitionTime>\"2025-03-01T09:21:00Z\")].type}",
	  "Ready", NULL },
	{ "istio", 0, "{.status.observedGeneration}",
	  "3", NULL },
	{ "istio", 0, "{.status.revisions.*}",
	  "1 1 1", NULL },
	{ "istio", 0, "{.status.conditions[?(@.type==\"Ready\")]}",
	  "{\"lastTransitionTime\":\"2025-03-01T09:21:02Z\",\"status\":\"True\",\"type\":\"Ready\"}", NULL },
	{ "istio", 0, "{range .status.conditions[*]}{.type}{\"=\"}{.status}{\",\"}{end}",
	  "Reconciled=True,Ready=True,", NULL },
	{ "istio", 0, "{.metadata.name}{.kind}",
	  "defaultIstio", NULL },
	{ "istio", 0, "{.spec.values.global.*}",
	  "mesh1 {\"clusterName\":\"cluster1\"} network1", NULL },
	{ "istio", 1, "{.status.conditions[?(@.nope==\"x\")].type}",
	  NULL, "error executing jsonpath \"{.status.conditions[?(@.nope==\\\"x\\\")].type}\": nope is not found" },
	{ "istio", 1, "{.status.conditions[?(@.nope)].type}",
	  "", NULL },
	{ "svc", 0, "{.status.loadBalancer.ingress[0].ip}",
	  "172.18.255.200", NULL },
	{ "svc", 0, "{.status.loadBalancer.ingress[].ip}",
	  "172.18.255.200", NULL },
	{ "svc", 0, "{.status.loadBalancer.ingress[*].ip}",
	  "172.18.255.200 fc00:f853:ccd:e793::c8", NULL },
	{ "svc", 0, "{.spec.ipFamilyPolicy}",
	  "PreferDualStack", NULL },
	{ "svc", 0, "{.spec.ports[?(@.name==\"http2\")].nodePort}",
	  "30080", NULL },
	{ "svc", 0, "{.spec.ports[?(@.port>443)].name}",
	  "status-port tls-istiod", NULL },
	{ "svc", 0, "{.spec.ports[?(@.port>=443)].name}",
	  "status-port https tls-istiod", NULL },
	{ "svc", 0, "{.spec.ports[?(@.port<=443)].name}",
	  "http2 https", NULL },
	{ "svc", 0, "{.spec.ports[?(@.port<443)].name}",
	  "http2", NULL },
	{ "svc", 0, "{.spec.ports[?(@.port!=80)].port}",
	  "15021 443 15012", NULL },
	{ "svc", 0, "{.spec.ports[?(@.port==80.0)].name}",
	  NULL, "error executing jsonpath \"{.spec.ports[?(@.port==80.0)].name}\": incompatible types for comparison" },
	{ "svc", 0, "{.spec.ports[?(@.port==\"80\")].name}",
	  NULL, "error executing jsonpath \"{.spec.ports[?(@.port==\\\"80\\\")].name}\": incompatible types for comparison" },
	{ "svc", 0, "{.spec.ports[?(@.appProtocol)].name}",
	  "tls-istiod", NULL },
	{ "svc", 0, "{.spec.ports[?(@.appProtocol==\"tls\")].name}",
	  "tls-istiod", NULL },
	{ "svc", 0, "{.spec.ports[?(@.nodePort)].nodePort}",
	  "31021 30080 30443", NULL },
	{ "svc", 0, "{.spec.ports[?(@.name<\"i\")].name}",
	  "http2 https", NULL },
	{ "svc", 0, "{.spec.ports[*].targetPort}",
	  "15021 8080 8443 15012", NULL },
	{ "svc", 0, "{.spec.ports[-1:].name}",
	  "tls-istiod", NULL },
	{ "svc", 0, "{.spec.ports[1:3].name}",
	  "http2 https", NULL },
	{ "svc", 0, "{.spec.ports[:-2].name}",
	  "status-port http2", NULL },
	{ "svc", 0, "{.spec.ports[0:4:2].name}",
	  "status-port https", NULL },
	{ "svc", 0, "{.metadata.annotations}",
	  "{\"note\":\"\\u003cingress\\u003e \\u0026 \\\"friends\\\"\",\"unicode\":\"café \\u2028 sep\"}", NULL },
	{ "svc", 0, "{.metadata.annotations.note}",
	  "<ingress> & \"friends\"", NULL },
	{ "svc", 0, "{.metadata.annotations.unicode}",
	  "café \342\200\250 sep", NULL },
	{ "svc", 0, "{.metadata.labels.app\\.kubernetes\\.io/name}",
	  "istio-ingressgateway", NULL },
	{ "svc", 0, "{.spec.selector}",
	  "{\"app\":\"istio-ingressgateway\",\"istio\":\"ingressgateway\"}", NULL },
	{ "svc", 0, "{.spec.ipFamilies}",
	  "[\"IPv4\",\"IPv6\"]", NULL },
	{ "svc", 0, "{.spec.ipFamilies[*]}",
	  "IPv4 IPv6", NULL },
	{ "svc", 0, "{..ip}",
	  "172.18.255.200 fc00:f853:ccd:e793::c8", NULL },
	{ "svc", 0, "{.status..ipMode}",
	  "VIP VIP", NULL },
	{ "svc", 0, "{.spec.ports[?(@.port==80)]}",
	  "{\"name\":\"http2\",\"nodePort\":30080,\"port\":80,\"protocol\":\"TCP\",\"targetPort\":8080}", NULL },
	{ "svc", 0, "{.spec.ports[?(@.name==\"http2\")].port}{\"|\"}{.spec.ports[?(@.name==\"https\")].port}",
	  "80|443", NULL },
	{ "svc", 0, "{.spec.ports[?(@.protocol==@.protocol)].port}",
	  "15021 80 443 15012", NULL },
	{ "svc", 0, "{.spec.ports[?(@.name==@.appProtocol)].port}",
	  "", NULL },
	{ "svc", 0, "{.spec.type==\"LoadBalancer\"}",
	  "", NULL },
	{ "svc", 0, "{.spec.ports[?(@.port=80)].name}",
	  NULL, "error executing jsonpath \"{.spec.ports[?(@.port=80)].name}\": unrecognized filter operator =" },
	{ "svc", 0, "{.spec.ports[?(@.port<>80)].name}",
	  NULL, "error executing jsonpath \"{.spec.ports[?(@.port<>80)].name}\": unrecognized filter operator <>" },
	{ "svc", 0, "{.spec.ports[?(@.port>@.targetPort)].name}",
	  "", NULL },
	{ "svc", 0, "{.spec[?(@.port)]}",
	  NULL, "error executing jsonpath \"{.spec[?(@.port)]}\": map[clusterIP:10.96.118.40 ipFamilies:[IPv4 IPv6] ipFamilyPolicy:PreferDualStack ports:[map[name:status-port nodePort:31021 port:15021 protocol:TCP targetPort:15021] map[name:http2 nodePort:30080 port:80 protocol:TCP targetPort:8080] map[name:https nodePort:30443 port:443 protocol:TCP targetPort:8443] map[appProtocol:tls name:tls-istiod port:15012 protocol:TCP targetPort:15012]] selector:map[app:istio-ingressgateway istio:ingressgateway] type:LoadBalancer] is not array or slice and cannot be filtered" },
	{ "svc", 0, "{.spec.ports[?(@.nodePort>0)].name}",
	  "status-port http2 https", NULL },
	{ "svc", 0, "{.spec.ports[?(@.name)].name}",
	  "status-port http2 https tls-istiod", NULL },
	{ "svc", 0, "{.spec.ports[?(@.port>true)].name}",
	  NULL, "error executing jsonpath \"{.spec.ports[?(@.port>true)].name}\": incompatible types for comparison" },
	{ "svc", 0, "{.spec.ports[?(@==1)].name}",
	  NULL, "error executing jsonpath \"{.spec.ports[?(@==1)].name}\": invalid type for comparison" },
	{ "gateway", 0, "{.spec.listeners[?(@.name==\"http\")].port}",
	  "80", NULL },
	{ "gateway", 0, "{.status.addresses[0].value}",
	  "172.18.255.201", NULL },
	{ "gateway", 0, "{.status.addresses[0].value}:{.spec.listeners[?(@.protocol==\"HTTP\")].port}",
	  "172.18.255.201:80", NULL },
	{ "gateway", 0, "{.spec.listeners[?(@.weight>0.5)].name}",
	  "tcp", NULL },
	{ "gateway", 0, "{.spec.listeners[?(@.weight>0)].name}",
	  NULL, "error executing jsonpath \"{.spec.listeners[?(@.weight>0)].name}\": incompatible types for comparison" },
	{ "gateway", 0, "{.spec.listeners[?(@.tls.mode==\"Terminate\")].hostname}",
	  "*.example.com", NULL },
	{ "gateway", 0, "{.spec.listeners[*].weight}",
	  "0.75", NULL },
	{ "gateway", 0, "{.status.listeners[*].supportedKinds}",
	  "[{\"group\":\"gateway.networking.k8s.io\",\"kind\":\"HTTPRoute\"}] [] null", NULL },
	{ "gateway", 0, "{.status.listeners[*].supportedKinds[*].kind}",
	  "HTTPRoute", NULL },
	{ "gateway", 0, "{.status.listeners[2].supportedKinds[0]}",
	  "", NULL },
	{ "gateway", 0, "{.status.listeners[1].supportedKinds[0]}",
	  NULL, "error executing jsonpath \"{.status.listeners[1].supportedKinds[0]}\": array index out of bounds: index 0, length 0" },
	{ "gateway", 0, "{.status.listeners[?(@.attachedRoutes>0)].name}",
	  "http", NULL },
	{ "gateway", 0, "{.status.conditions[?(@.type==\"Programmed\")].message}",
	  "Resource programmed, assigned to service(s) bookinfo-gateway-istio.bookinfo.svc.cluster.local:80", NULL },
	{ "gateway", 0, "{range .status.listeners[*]}{.name}={.attachedRoutes};{end}",
	  "http=1;https=0;tcp=0;", NULL },
	{ "gateway", 0, "{range .spec.listeners[?(@.port>80)]}{.name}:{.port} {end}",
	  "https:443 tcp:9000 ", NULL },
	{ "pods", 0, "{.items[0].metadata.name}",
	  "sleep-5f8b6c7d9-x2x7q", NULL },
	{ "pods", 0, "{.items[*].spec.containers[*].ports[*].containerPort}",
	  "", NULL },
	{ "pods", 0, "{.items[*].spec.containers[*].name}",
	  "sleep istio-proxy helloworld", NULL },
	{ "pods", 0, "{.items[*].status.podIP}",
	  "10.244.1.7 null", NULL },
	{ "pods", 0, "{range .items[*]}{.metadata.name}{\"\\t\"}{.status.podIP}{\"\\n\"}{end}",
	  "sleep-5f8b6c7d9-x2x7q\t10.244.1.7\nhelloworld-v1-7d9b5c8f6-abcde\tnull\n", NULL },
	{ "pods", 0, "{range .items[*]}{.status.podIP}|{end}",
	  "10.244.1.7|null|", NULL },
	{ "pods", 0, "{range .items[*].status.podIP}[{@}]{end}",
	  "[10.244.1.7][<no value>]", NULL },
	{ "pods", 0, "{range .items[*]}{.metadata.name}:{range .spec.containers[*]}{.name},{end}+{end}",
	  "sleep-5f8b6c7d9-x2x7q:sleep,istio-proxy,+helloworld-v1-7d9b5c8f6-abcde:helloworld,+", NULL },
	{ "pods", 0, "{range .items[*]}{.metadata.name}:{range .status.containerStatuses[*]}{.name}/{.restartCount} {end}{\"\\n\"}{end}",
	  "sleep-5f8b6c7d9-x2x7q:istio-proxy/0 sleep/3 \nhelloworld-v1-7d9b5c8f6-abcde:\n", NULL },
	{ "pods", 0, "{.items[?(@.metadata.labels.app==\"sleep\")].metadata.name}",
	  "sleep-5f8b6c7d9-x2x7q", NULL },
	{ "pods", 0, "{.items[?(@.status.phase==\"Running\")].spec.nodeName}",
	  "cluster1-worker", NULL },
	{ "pods", 0, "{.items[*].status.containerStatuses[?(@.ready==false)].name}",
	  NULL, "error executing jsonpath \"{.items[*].status.containerStatuses[?(@.ready==false)].name}\": <nil> is not array or slice and cannot be filtered" },
	{ "pods", 0, "{.items[*].status.containerStatuses[?(@.ready)].name}",
	  NULL, "error executing jsonpath \"{.items[*].status.containerStatuses[?(@.ready)].name}\": <nil> is not array or slice and cannot be filtered" },
	{ "pods", 0, "{.items[*].status.containerStatuses[?(@.restartCount>0)].name}",
	  NULL, "error executing jsonpath \"{.items[*].status.containerStatuses[?(@.restartCount>0)].name}\": <nil> is not array or slice and cannot be filtered" },
	{ "pods", 0, "{.items[1].metadata.annotations.sidecar\\.istio\\.io/status}",
	  "{\"initContainers\":[\"istio-init\"]}", NULL },
	{ "pods", 0, "{.items[0].spec.containers[0].ports}",
	  "[]", NULL },
	{ "pods", 0, "{.items[0].spec.containers[0].ports[0]}",
	  NULL, "error executing jsonpath \"{.items[0].spec.containers[0].ports[0]}\": array index out of bounds: index 0, length 0" },
	{ "pods", 0, "{.items[*].spec.containers[?(@.ports[0].containerPort>0)].name}",
	  NULL, "error executing jsonpath \"{.items[*].spec.containers[?(@.ports[0].containerPort>0)].name}\": array index out of bounds: index 0, length 0" },
	{ "pods", 0, "{range .items[*]}{.status.containerStatuses}{\"\\n\"}{end}",
	  "[{\"name\":\"istio-proxy\",\"ready\":true,\"restartCount\":0},{\"name\":\"sleep\",\"ready\":false,\"restartCount\":3}]\nnull\n", NULL },
	{ "pods", 0, "{.items[*].status}",
	  "{\"containerStatuses\":[{\"name\":\"istio-proxy\",\"ready\":true,\"restartCount\":0},{\"name\":\"sleep\",\"ready\":false,\"restartCount\":3}],\"phase\":\"Running\",\"podIP\":\"10.244.1.7\"} {\"containerStatuses\":null,\"phase\":\"Pending\",\"podIP\":null}", NULL },
	{ "pods", 0, "{range .items[*]}{.metadata.labels.version}{end}",
	  "v1", NULL },
	{ "pods", 1, "{range .items[*]}{.metadata.labels.version}{end}",
	  NULL, "error executing jsonpath \"{range .items[*]}{.metadata.labels.version}{end}\": version is not found" },
	{ "empty-list", 0, "{.items[0].metadata.name}",
	  NULL, "error executing jsonpath \"{.items[0].metadata.name}\": array index out of bounds: index 0, length 0" },
	{ "empty-list", 0, "{.items[*].metadata.name}",
	  "", NULL },
	{ "empty-list", 0, "{.items[-1].metadata.name}",
	  NULL, "error executing jsonpath \"{.items[-1].metadata.name}\": array index out of bounds: index -1, length 0" },
	{ "empty-list", 0, "{range .items[*]}{.metadata.name}{\"\\n\"}{end}",
	  "", NULL },
	{ "empty-list", 0, "{range .items[*]}{.metadata.name}{\":\"}{range @.spec.containers[*]}{.name}{\",\"}{end}{\"+\"}{end}done",
	  "done", NULL },
	{ "empty-list", 1, "{range .items[*]}{.metadata.name}{end}",
	  NULL, "error executing jsonpath \"{range .items[*]}{.metadata.name}{end}\": metadata is not found" },
	{ "empty-list", 0, "{.items}",
	  "[]", NULL },
	{ "empty-list", 0, "{.metadata}",
	  "{\"resourceVersion\":\"\"}", NULL },
	{ "numbers", 0, "{.spec.int} {.spec.neg} {.spec.big} {.spec.half} {.spec.tiny} {.spec.huge} {.spec.e20} {.spec.milli} {.spec.zero}",
	  "42 -7 12345678901 0.5 1e-07 1e+21 1e+20 0.000123 0", NULL },
	{ "numbers", 0, "{.spec.mixed}",
	  "[1,2.5,\"3\",true,null,{\"k\":[1,{}]},[]]", NULL },
	{ "numbers", 0, "{.spec.mixed[*]}",
	  "1 2.5 3 true null {\"k\":[1,{}]} []", NULL },
	{ "numbers", 0, "{.spec}",
	  "{\"big\":12345678901,\"ctrl\":\"tab\\there\\u0001\",\"e20\":100000000000000000000,\"empty\":\"\",\"half\":0.5,\"huge\":1e+21,\"int\":42,\"milli\":0.000123,\"mixed\":[1,2.5,\"3\",true,null,{\"k\":[1,{}]},[]],\"neg\":-7,\"tiny\":1e-7,\"zero\":0}", NULL },
	{ "numbers", 0, "{.spec.ctrl}",
	  "tab\there\001", NULL },
	{ "numbers", 0, "{.spec.empty}|{.spec.empty[*]}",
	  NULL, "error executing jsonpath \"{.spec.empty}|{.spec.empty[*]}\": string is not array or slice" },
	{ "numbers", 0, "{.spec.empty}|",
	  "|", NULL },
	{ "numbers", 0, "{.spec.ctrl.*}",
	  "116 97 98 9 104 101 114 101 1", NULL },
	{ "numbers", 0, "{.spec.mixed[?(@==1)]}",
	  NULL, "error executing jsonpath \"{.spec.mixed[?(@==1)]}\": incompatible types for comparison" },
	{ "numbers", 0, "{.spec.mixed[?(@>0)]}",
	  NULL, "error executing jsonpath \"{.spec.mixed[?(@>0)]}\": incompatible types for comparison" },
	{ "numbers", 0, "{.spec.mixed[?(@.k)]}",
	  "{\"k\":[1,{}]}", NULL },
	{ "numbers", 0, "{.spec.mixed[5].k[1]}",
	  "{}", NULL },
	{ "numbers", 0, "{.spec.mixed[4].x}",
	  "", NULL },
	{ "numbers", 0, "{.spec.mixed[4][0]}",
	  "", NULL },
	{ "numbers", 0, "{.spec.mixed[4][?(@.x)]}",
	  NULL, "error executing jsonpath \"{.spec.mixed[4][?(@.x)]}\": <nil> is not array or slice and cannot be filtered" },
	{ "numbers", 0, "{range .spec.mixed[*]}<{@}>{end}",
	  "<1><2.5><3><true><<no value>><{\"k\":[1,{}]}><[]>", NULL },
	{ "numbers", 0, "{range .spec.mixed[6][*]}x{end}y",
	  "y", NULL },
	{ "numbers", 0, "{5}{true}{1.5}{-2}{+3}{1.}{.5}{99999999999999999999}",
	  "5true1.5-2311e+20", NULL },
	{ "numbers", 0, "{false}|{\"lit\"}|{'single'}",
	  "false|lit|single", NULL },
	{ "numbers", 0, "{\"\\x41\\u00e9\\101\\t\"}",
	  "AéA\t", NULL },
	{ "numbers", 0, "{\"\\x41\\u00e9\\t\\\\\"}",
	  NULL, "error parsing jsonpath {\"\\x41\\u00e9\\t\\\\\"}, unterminated quoted string" },
	{ "numbers", 0, "{'a\\'b'}{\"a\\\"b\"}",
	  "a'ba\"b", NULL },
	{ "numbers", 0, "{\"\\q\"}",
	  NULL, "error parsing jsonpath {\"\\q\"}, unquote string \"\\q\" error invalid syntax" },
	{ "numbers", 0, "{\"\\u12\"}",
	  NULL, "error parsing jsonpath {\"\\u12\"}, unquote string \"\\u12\" error invalid syntax" },
	{ "numbers", 0, "{'\\\"'}",
	  NULL, "error parsing jsonpath {'\\\"'}, unquote string '\\\"' error invalid syntax" },
	{ "numbers", 0, "{}",
	  "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Numbers\",\"metadata\":{\"name\":\"n\"},\"spec\":{\"big\":12345678901,\"ctrl\":\"tab\\there\\u0001\",\"e20\":100000000000000000000,\"empty\":\"\",\"half\":0.5,\"huge\":1e+21,\"int\":42,\"milli\":0.000123,\"mixed\":[1,2.5,\"3\",true,null,{\"k\":[1,{}]},[]],\"neg\":-7,\"tiny\":1e-7,\"zero\":0}}", NULL },
	{ "numbers", 0, "{.}",
	  "", NULL },
	{ "numbers", 0, "{..}",
	  "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Numbers\",\"metadata\":{\"name\":\"n\"},\"spec\":{\"big\":12345678901,\"ctrl\":\"tab\\there\\u0001\",\"e20\":100000000000000000000,\"empty\":\"\",\"half\":0.5,\"huge\":1e+21,\"int\":42,\"milli\":0.000123,\"mixed\":[1,2.5,\"3\",true,null,{\"k\":[1,{}]},[]],\"neg\":-7,\"tiny\":1e-7,\"zero\":0}} example.com/v1 Numbers {\"name\":\"n\"} n {\"big\":12345678901,\"ctrl\":\"tab\\there\\u0001\",\"e20\":100000000000000000000,\"empty\":\"\",\"half\":0.5,\"huge\":1e+21,\"int\":42,\"milli\":0.000123,\"mixed\":[1,2.5,\"3\",true,null,{\"k\":[1,{}]},[]],\"neg\":-7,\"tiny\":1e-7,\"zero\":0} [1,2.5,\"3\",true,null,{\"k\":[1,{}]},[]] 3 {\"k\":[1,{}]} [1,{}] tab\there\001", NULL },
	{ "numbers", 0, "no braces at all",
	  "no braces at all", NULL },
	{ "numbers", 0, "a}b{.kind}c",
	  "a}bNumbersc", NULL },
	{ "numbers", 0, "{.spec.int",
	  NULL, "error parsing jsonpath {.spec.int, unclosed action" },
	{ "numbers", 0, "{.spec.mixed[0}",
	  NULL, "error parsing jsonpath {.spec.mixed[0}, unterminated array" },
	{ "numbers", 0, "{.spec.mixed[a]}",
	  NULL, "error parsing jsonpath {.spec.mixed[a]}, invalid array index a" },
	{ "numbers", 0, "{.spec.mixed[ 0 ]}",
	  NULL, "error parsing jsonpath {.spec.mixed[ 0 ]}, invalid array index  0 " },
	{ "numbers", 0, "{.spec.mixed[-]}",
	  NULL, "error parsing jsonpath {.spec.mixed[-]}, array index - is not a number" },
	{ "numbers", 0, "{.spec.mixed[0:1:2:3]}",
	  NULL, "error parsing jsonpath {.spec.mixed[0:1:2:3]}, invalid array index 0:1:2:3" },
	{ "numbers", 0, "{.spec.mixed[\"k\"]}",
	  NULL, "error parsing jsonpath {.spec.mixed[\"k\"]}, invalid array index \"k\"" },
	{ "numbers", 0, "{.spec.mixed[?(@.k==\"x\"]}",
	  NULL, "error parsing jsonpath {.spec.mixed[?(@.k==\"x\"]}, unterminated filter" },
	{ "numbers", 0, "{.spec.mixed[?(@.k==\"x\")}",
	  NULL, "error parsing jsonpath {.spec.mixed[?(@.k==\"x\")}, unclosed array expect ]" },
	{ "numbers", 0, "{.spec.mixed[?(==1)]}",
	  NULL, "error parsing jsonpath {.spec.mixed[?(==1)]}, unrecognized character in action: U+003D '='" },
	{ "numbers", 0, "{.spec.mixed[?(@.k==)]}",
	  NULL, "error parsing jsonpath {.spec.mixed[?(@.k==)]}, unrecognized character in action: U+003D '='" },
	{ "numbers", 0, "{\"unterminated}",
	  NULL, "error parsing jsonpath {\"unterminated}, unterminated quoted string" },
	{ "numbers", 0, "{.spec..int}",
	  "42", NULL },
	{ "numbers", 0, "{.spec....int}",
	  NULL, "error parsing jsonpath {.spec....int}, invalid multiple recursive descent" },
	{ "numbers", 0, "{..*}",
	  NULL, "error parsing jsonpath {..*}, unrecognized character in action: U+002A '*'" },
	{ "numbers", 0, "{.spec.int\t}",
	  NULL, "error parsing jsonpath {.spec.int\t}, unrecognized character in action: U+0009" },
	{ "numbers", 0, "{.spec.in@t}",
	  NULL, "error executing jsonpath \"{.spec.in@t}\": unrecognized identifier t" },
	{ "numbers", 0, "{.a b}",
	  NULL, "error executing jsonpath \"{.a b}\": unrecognized identifier b" },
	{ "numbers", 0, "{foo}",
	  NULL, "error executing jsonpath \"{foo}\": unrecognized identifier foo" },
	{ "numbers", 0, "{end}",
	  NULL, "error executing jsonpath \"{end}\": not in range, nothing to end" },
	{ "numbers", 0, "{range .spec.mixed[*]}{end}{end}",
	  NULL, "error executing jsonpath \"{range .spec.mixed[*]}{end}{end}\": not in range, nothing to end" },
	{ "numbers", 0, "{range .spec.mixed[0:2]}{@}|",
	  "1|2.5|{\"apiVersion\":\"example.com/v1\",\"kind\":\"Numbers\",\"metadata\":{\"name\":\"n\"},\"spec\":{\"big\":12345678901,\"ctrl\":\"tab\\there\\u0001\",\"e20\":100000000000000000000,\"empty\":\"\",\"half\":0.5,\"huge\":1e+21,\"int\":42,\"milli\":0.000123,\"mixed\":[1,2.5,\"3\",true,null,{\"k\":[1,{}]},[]],\"neg\":-7,\"tiny\":1e-7,\"zero\":0}}|", NULL },
	{ "numbers", 0, "{-}",
	  NULL, "error parsing jsonpath {-}, cannot parse number -" },
	{ "numbers", 0, "{1.2.3}",
	  NULL, "error parsing jsonpath {1.2.3}, cannot parse number 1.2.3" },
	{ "numbers", 0, "{.spec(x)}",
	  "", NULL },
	{ "numbers", 0, "{.spec.mixed[0][0]}",
	  NULL, "error executing jsonpath \"{.spec.mixed[0][0]}\": int64 is not array or slice" },
	{ "numbers", 0, "{.spec.int[0]}",
	  NULL, "error executing jsonpath \"{.spec.int[0]}\": int64 is not array or slice" },
	{ "numbers", 0, "{.spec.half[0]}",
	  NULL, "error executing jsonpath \"{.spec.half[0]}\": float64 is not array or slice" },
	{ "numbers", 0, "{.spec.ctrl[0]}",
	  NULL, "error executing jsonpath \"{.spec.ctrl[0]}\": string is not array or slice" },
	{ "numbers", 0, "{.spec.mixed[3][0]}",
	  NULL, "error executing jsonpath \"{.spec.mixed[3][0]}\": bool is not array or slice" },
	{ "numbers", 0, "{.spec.mixed[5][0]}",
	  NULL, "error executing jsonpath \"{.spec.mixed[5][0]}\": map[string]interface {} is not array or slice" },
	{ "numbers", 0, "{.spec.mixed[?(@)]}",
	  "1 2.5 3 true null {\"k\":[1,{}]} []", NULL },
	{ "numbers", 0, "{.spec.int[?(@)]}",
	  NULL, "error executing jsonpath \"{.spec.int[?(@)]}\": 42 is not array or slice and cannot be filtered" },
	{ "numbers", 0, "{[0]}",
	  NULL, "error executing jsonpath \"{[0]}\": map[string]interface {} is not array or slice" },
	{ "numbers", 0, "{.spec.mixed[*].k[*]}",
	  "1 {}", NULL },
	{ "numbers", 0, "{.spec.mixed[1:1]}x",
	  "x", NULL },
	{ "numbers", 0, "{.spec.mixed[9:9]}x",
	  "x", NULL },
};

static struct val load(const char *name)
{
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT;
	struct val v = val_absent();
	size_t len;
	char *buf;

	strbuf_addf(&path, "jsonpath/%s.json", name);
	buf = read_file(test_path(path.buf), &len);
	if (!buf)
		test_fail(__FILE__, __LINE__, "cannot read %s", path.buf);
	else if (val_parse_json(buf, len, &v, &err))
		test_fail(__FILE__, __LINE__, "%s: %s", path.buf, err.buf);
	free(buf);
	strbuf_release(&path);
	strbuf_release(&err);
	return v;
}

/* Runs tmpl on v; returns the output, or "E:" and the error. Static. */
static const char *run(struct val v, const char *tmpl, bool strict)
{
	static struct strbuf res = STRBUF_INIT;
	struct strbuf err = STRBUF_INIT;
	struct jsonpath *jp;

	strbuf_reset(&res);
	if (jsonpath_compile(tmpl, &jp, &err)) {
		strbuf_addf(&res, "E:%s", err.buf);
		strbuf_release(&err);
		return res.buf;
	}
	jsonpath_allow_missing_keys(jp, !strict);
	if (jsonpath_exec(jp, v, &res, &err)) {
		if (res.len)
			test_fail(__FILE__, __LINE__, "output left behind on error");
		strbuf_reset(&res);
		strbuf_addf(&res, "E:%s", err.buf);
	}
	jsonpath_free(jp);
	strbuf_release(&err);
	return res.buf;
}

static void test_kubectl_cases(void)
{
	struct val v = val_absent();
	const char *loaded = "";
	struct strbuf exp = STRBUF_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct jp_case *c = &cases[i];

		if (strcmp(loaded, c->file)) {
			val_release(&v);
			v = load(c->file);
			loaded = c->file;
		}
		strbuf_reset(&exp);
		if (c->out)
			strbuf_addstr(&exp, c->out);
		else
			strbuf_addf(&exp, "E:%s", c->err);
		CHECK_STR(run(v, c->tmpl, c->strict), exp.buf);
	}
	val_release(&v);
	strbuf_release(&exp);
}

/* The seeds' templates, on the objects they are written for. */
static void test_seed_templates(void)
{
	struct val nodes = load("nodes"), istio = load("istio"),
		   svc = load("svc"), gw = load("gateway"), pods = load("pods");

	CHECK_STR(run(istio, "{.status.revisions.ready}", false), "1");
	CHECK_STR(run(pods, "{.items[0].metadata.name}", false), "sleep-5f8b6c7d9-x2x7q");
	CHECK_STR(run(nodes, "{.items[0].status.addresses[?(@.type == \"InternalIP\")].address}", false),
		  "172.18.0.3 fc00:f853:ccd:e793::3");
	CHECK_STR(run(svc, "{.status.loadBalancer.ingress[0].ip}", false), "172.18.255.200");
	CHECK_STR(run(svc, "{.status.loadBalancer.ingress[].ip}", false), "172.18.255.200");
	CHECK_STR(run(svc, "{.spec.ipFamilyPolicy}", false), "PreferDualStack");
	CHECK_STR(run(gw, "{.spec.listeners[?(@.name==\"http\")].port}", false), "80");
	CHECK_STR(run(gw, "{.status.addresses[0].value}", false), "172.18.255.201");
	val_release(&nodes);
	val_release(&istio);
	val_release(&svc);
	val_release(&gw);
	val_release(&pods);
}

/* A compiled template runs again and again, its range state reset. */
static void test_reuse(void)
{
	struct val pods = load("pods"), empty = load("empty-list");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct jsonpath *jp;
	int i;

	CHECK_INT(jsonpath_compile("{range .items[*]}{.metadata.name};{end}", &jp, &err), 0);
	for (i = 0; i < 3; i++) {
		CHECK_INT(jsonpath_exec(jp, pods, &out, &err), 0);
		CHECK_INT(jsonpath_exec(jp, empty, &out, &err), 0);
	}
	CHECK_STR(out.buf, "sleep-5f8b6c7d9-x2x7q;helloworld-v1-7d9b5c8f6-abcde;"
		  "sleep-5f8b6c7d9-x2x7q;helloworld-v1-7d9b5c8f6-abcde;"
		  "sleep-5f8b6c7d9-x2x7q;helloworld-v1-7d9b5c8f6-abcde;");
	jsonpath_free(jp);

	/* an error in one run leaves no trace in the next */
	strbuf_reset(&out);
	CHECK_INT(jsonpath_compile("{range .items[*]}{.metadata.labels.version}{end}", &jp, &err), 0);
	jsonpath_allow_missing_keys(jp, false);
	CHECK_INT(jsonpath_exec(jp, pods, &out, &err), -1);
	CHECK_STR(err.buf, "error executing jsonpath \"{range .items[*]}{.metadata.labels.version}{end}\": version is not found");
	jsonpath_allow_missing_keys(jp, true);
	CHECK_INT(jsonpath_exec(jp, pods, &out, &err), 0);
	CHECK_STR(out.buf, "v1");
	jsonpath_free(jp);
	jsonpath_free(NULL);
	strbuf_release(&out);
	strbuf_release(&err);
	val_release(&pods);
	val_release(&empty);
}

static void test_find(void)
{
	struct val istio = load("istio"), res, exp;
	struct strbuf err = STRBUF_INIT;
	struct jsonpath *jp;
	const char *want = "[\"Reconciled\",\"Ready\",\"/\",{\"inUse\":1,\"ready\":1,\"total\":1},3]";

	CHECK_INT(jsonpath_compile("{.status.conditions[*].type}/{.status.revisions}{.metadata.nope}{.metadata.generation}",
				   &jp, &err), 0);
	CHECK_INT(jsonpath_find(jp, istio, &res, &err), 0);
	CHECK_INT(val_parse_json(want, strlen(want), &exp, &err), 0);
	CHECK(val_equal(res, exp));
	val_release(&res);
	val_release(&exp);
	jsonpath_free(jp);

	/* a CRD printer column (apiextensions wraps the path in braces) */
	CHECK_INT(jsonpath_compile("{.status.conditions[?(@.type==\"Ready\")].status}", &jp, &err), 0);
	CHECK_INT(jsonpath_find(jp, istio, &res, &err), 0);
	CHECK_INT(val_len(res), 1);
	exp = val_at(res, 0);
	CHECK_STR(val_str_get(exp), "True");
	val_release(&exp);
	val_release(&res);
	jsonpath_free(jp);

	/* errors leave *results absent */
	CHECK_INT(jsonpath_compile("{.status.conditions[0:9]}", &jp, &err), 0);
	CHECK_INT(jsonpath_find(jp, istio, &res, &err), -1);
	CHECK(!val_exists(res));
	CHECK_STR(err.buf, "error executing jsonpath \"{.status.conditions[0:9]}\": array index out of bounds: index 8, length 2");
	jsonpath_free(jp);
	jsonpath_free(NULL);
	strbuf_release(&err);
	val_release(&istio);
}

/* Literal text may hold a NUL byte; a byte that is not UTF-8 becomes
 * U+FFFD, as values are UTF-8 (kubectl would write the raw byte). */
static void test_binary_literal(void)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct val v = val_obj();
	struct jsonpath *jp;

	CHECK_INT(jsonpath_compile("a{\"\\x00\\xff\"}b", &jp, &err), 0);
	CHECK_INT(jsonpath_exec(jp, v, &out, &err), 0);
	CHECK_INT(out.len, 6);
	CHECK(!memcmp(out.buf, "a\0\xef\xbf\xbd" "b", 6));
	jsonpath_free(jp);
	strbuf_release(&out);
	strbuf_release(&err);
	val_release(&v);
}

static void test_go_formatting(void)
{
	static const struct { double d; const char *text, *json; } nums[] = {
		/* fmt.Print and encoding/json of the same float64, from Go */
		{ 1.5, "1.5", "1.5" }, { 0.5, "0.5", "0.5" },
		{ 1e21, "1e+21", "1e+21" }, { 1e-7, "1e-07", "1e-7" },
		{ 1e20, "1e+20", "100000000000000000000" },
		{ 0.000123, "0.000123", "0.000123" },
		{ 123456.7, "123456.7", "123456.7" },
		{ 1234567.5, "1.2345675e+06", "1234567.5" },
		{ 0.0001, "0.0001", "0.0001" }, { 0.00001, "1e-05", "0.00001" },
		{ 1e-6, "1e-06", "0.000001" },
		{ 9.999999e20, "9.999999e+20", "999999900000000000000" },
		{ 1.0000000000000002, "1.0000000000000002", "1.0000000000000002" },
		{ 0.1, "0.1", "0.1" },
		{ 1.7976931348623157e308, "1.7976931348623157e+308", "1.7976931348623157e+308" },
		{ 5e-324, "5e-324", "5e-324" },
		{ -2.5, "-2.5", "-2.5" }, { -1e-7, "-1e-07", "-1e-7" },
		{ 3.14159, "3.14159", "3.14159" }, { 100.25, "100.25", "100.25" },
		/* integral values are int64 to kubectl's decoder */
		{ 2, "2", "2" }, { -7, "-7", "-7" }, { 12345678901, "12345678901", "12345678901" },
		{ 0, "0", "0" },
	};
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(nums); i++) {
		struct val v = val_num(nums[i].d);

		strbuf_reset(&sb);
		jsonpath_format_number(nums[i].d, &sb);
		CHECK_STR(sb.buf, nums[i].text);
		strbuf_reset(&sb);
		jsonpath_format_json(v, &sb);
		CHECK_STR(sb.buf, nums[i].json);
		val_release(&v);
	}
	strbuf_release(&sb);
}

TEST_MAIN(T(test_kubectl_cases), T(test_seed_templates), T(test_reuse),
	  T(test_find), T(test_binary_literal), T(test_go_formatting))
