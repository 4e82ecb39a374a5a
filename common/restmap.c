#include "sail.h"
#include "restmap.h"

#define NS true
#define CL false
#define PREF true
#define ALT false

/* Order matters for bare names: the first preferred match wins (kubectl
 * prefers the built-in groups, then the CRDs). */
static const struct rest_mapping table[] = {
	/* core/v1 */
	{ "", "v1", "Namespace", "namespaces", "namespace", "ns", CL, PREF, NULL, NULL },
	{ "", "v1", "Pod", "pods", "pod", "po", NS, PREF, NULL, NULL },
	{ "", "v1", "Service", "services", "service", "svc", NS, PREF, NULL, NULL },
	{ "", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", "sa", NS, PREF, NULL, NULL },
	{ "", "v1", "Secret", "secrets", "secret", NULL, NS, PREF, NULL, NULL },
	{ "", "v1", "ConfigMap", "configmaps", "configmap", "cm", NS, PREF, NULL, NULL },
	{ "", "v1", "Node", "nodes", "node", "no", CL, PREF, NULL, NULL },
	{ "", "v1", "Endpoints", "endpoints", "endpoints", "ep", NS, PREF, NULL, NULL },
	{ "", "v1", "Event", "events", "event", "ev", NS, PREF, NULL, NULL },
	/* TokenRequest: POST serviceaccounts/NAME/token */
	{ "", "v1", "TokenRequest", "serviceaccounts", "tokenrequest", NULL, NS, ALT,
	  "token", "authentication.k8s.io/v1" },
	/* apps/v1 */
	{ "apps", "v1", "Deployment", "deployments", "deployment", "deploy", NS, PREF, NULL, NULL },
	{ "apps", "v1", "DaemonSet", "daemonsets", "daemonset", "ds", NS, PREF, NULL, NULL },
	{ "apps", "v1", "StatefulSet", "statefulsets", "statefulset", "sts", NS, PREF, NULL, NULL },
	{ "apps", "v1", "ReplicaSet", "replicasets", "replicaset", "rs", NS, PREF, NULL, NULL },
	/* more built-ins an Istio install creates */
	{ "policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", "poddisruptionbudget", "pdb", NS, PREF, NULL, NULL },
	{ "autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", "horizontalpodautoscaler", "hpa", NS, PREF, NULL, NULL },
	/* rbac.authorization.k8s.io/v1 */
	{ "rbac.authorization.k8s.io", "v1", "Role", "roles", "role", NULL, NS, PREF, NULL, NULL },
	{ "rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", "rolebinding", NULL, NS, PREF, NULL, NULL },
	{ "rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", "clusterrole", NULL, CL, PREF, NULL, NULL },
	{ "rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding", NULL, CL, PREF, NULL, NULL },
	/* admissionregistration.k8s.io/v1 */
	{ "admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", "mutatingwebhookconfiguration", NULL, CL, PREF, NULL, NULL },
	{ "admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", "validatingwebhookconfiguration", NULL, CL, PREF, NULL, NULL },
	/* apiextensions.k8s.io/v1 */
	{ "apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", "customresourcedefinition", "crd,crds", CL, PREF, NULL, NULL },
	/* sailoperator.io: every kind is cluster-scoped */
	{ "sailoperator.io", "v1", "Istio", "istios", "istio", NULL, CL, PREF, NULL, NULL },
	{ "sailoperator.io", "v1", "IstioRevision", "istiorevisions", "istiorevision", "istiorev", CL, PREF, NULL, NULL },
	{ "sailoperator.io", "v1", "IstioRevisionTag", "istiorevisiontags", "istiorevisiontag", "istiorevtag", CL, PREF, NULL, NULL },
	{ "sailoperator.io", "v1", "IstioCNI", "istiocnis", "istiocni", NULL, CL, PREF, NULL, NULL },
	{ "sailoperator.io", "v1", "ZTunnel", "ztunnels", "ztunnel", NULL, CL, PREF, NULL, NULL },
	{ "sailoperator.io", "v1alpha1", "ZTunnel", "ztunnels", "ztunnel", NULL, CL, ALT, NULL, NULL },
	/* networking.istio.io: v1 preferred, v1beta1 and v1alpha3 served */
#define ISTIO_NET(kind, plural, singular, shortn) \
	{ "networking.istio.io", "v1", kind, plural, singular, shortn, NS, PREF, NULL, NULL }, \
	{ "networking.istio.io", "v1beta1", kind, plural, singular, shortn, NS, ALT, NULL, NULL }, \
	{ "networking.istio.io", "v1alpha3", kind, plural, singular, shortn, NS, ALT, NULL, NULL }
	ISTIO_NET("Gateway", "gateways", "gateway", "gw"),
	ISTIO_NET("VirtualService", "virtualservices", "virtualservice", "vs"),
	ISTIO_NET("DestinationRule", "destinationrules", "destinationrule", "dr"),
	ISTIO_NET("ServiceEntry", "serviceentries", "serviceentry", "se"),
	ISTIO_NET("Sidecar", "sidecars", "sidecar", NULL),
	ISTIO_NET("WorkloadEntry", "workloadentries", "workloadentry", "we"),
	ISTIO_NET("WorkloadGroup", "workloadgroups", "workloadgroup", "wg"),
#undef ISTIO_NET
	{ "networking.istio.io", "v1alpha3", "EnvoyFilter", "envoyfilters", "envoyfilter", NULL, NS, PREF, NULL, NULL },
	{ "networking.istio.io", "v1beta1", "ProxyConfig", "proxyconfigs", "proxyconfig", NULL, NS, PREF, NULL, NULL },
	/* security.istio.io: v1 preferred, v1beta1 served */
#define ISTIO_SEC(kind, plural, singular, shortn) \
	{ "security.istio.io", "v1", kind, plural, singular, shortn, NS, PREF, NULL, NULL }, \
	{ "security.istio.io", "v1beta1", kind, plural, singular, shortn, NS, ALT, NULL, NULL }
	ISTIO_SEC("PeerAuthentication", "peerauthentications", "peerauthentication", "pa"),
	ISTIO_SEC("AuthorizationPolicy", "authorizationpolicies", "authorizationpolicy", "ap"),
	ISTIO_SEC("RequestAuthentication", "requestauthentications", "requestauthentication", "ra"),
#undef ISTIO_SEC
	{ "telemetry.istio.io", "v1", "Telemetry", "telemetries", "telemetry", "telemetry", NS, PREF, NULL, NULL },
	{ "telemetry.istio.io", "v1alpha1", "Telemetry", "telemetries", "telemetry", "telemetry", NS, ALT, NULL, NULL },
	{ "extensions.istio.io", "v1alpha1", "WasmPlugin", "wasmplugins", "wasmplugin", NULL, NS, PREF, NULL, NULL },
	/* kiali.io */
	{ "kiali.io", "v1alpha1", "Kiali", "kialis", "kiali", NULL, NS, PREF, NULL, NULL },
	/* gateway.networking.k8s.io */
	{ "gateway.networking.k8s.io", "v1", "GatewayClass", "gatewayclasses", "gatewayclass", "gc", CL, PREF, NULL, NULL },
	{ "gateway.networking.k8s.io", "v1", "Gateway", "gateways", "gateway", "gtw", NS, PREF, NULL, NULL },
	{ "gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes", "httproute", NULL, NS, PREF, NULL, NULL },
	{ "gateway.networking.k8s.io", "v1", "GRPCRoute", "grpcroutes", "grpcroute", NULL, NS, PREF, NULL, NULL },
	{ "gateway.networking.k8s.io", "v1beta1", "GatewayClass", "gatewayclasses", "gatewayclass", "gc", CL, ALT, NULL, NULL },
	{ "gateway.networking.k8s.io", "v1beta1", "Gateway", "gateways", "gateway", "gtw", NS, ALT, NULL, NULL },
	{ "gateway.networking.k8s.io", "v1beta1", "HTTPRoute", "httproutes", "httproute", NULL, NS, ALT, NULL, NULL },
	{ "gateway.networking.k8s.io", "v1beta1", "ReferenceGrant", "referencegrants", "referencegrant", "refgrant", NS, PREF, NULL, NULL },
	{ "gateway.networking.k8s.io", "v1alpha2", "TCPRoute", "tcproutes", "tcproute", NULL, NS, PREF, NULL, NULL },
	{ "gateway.networking.k8s.io", "v1alpha2", "TLSRoute", "tlsroutes", "tlsroute", NULL, NS, PREF, NULL, NULL },
	{ "gateway.networking.k8s.io", "v1alpha2", "UDPRoute", "udproutes", "udproute", NULL, NS, PREF, NULL, NULL },
};

const struct rest_mapping *restmap_table(size_t *nr)
{
	*nr = ARRAY_SIZE(table);
	return table;
}

void restmap_group_version(const struct rest_mapping *m, struct strbuf *out)
{
	if (m->group && *m->group)
		strbuf_addf(out, "%s/%s", m->group, m->version);
	else
		strbuf_addstr(out, m->version);
}

/* apiVersion of the body of m's kind. */
static bool api_version_is(const struct rest_mapping *m, const char *av)
{
	const char *slash;

	if (m->kind_api_version)
		return !strcmp(m->kind_api_version, av);
	slash = strchr(av, '/');
	if (!slash)
		return !*m->group && !strcmp(m->version, av);
	return strlen(m->group) == (size_t)(slash - av) &&
	       !strncmp(m->group, av, (size_t)(slash - av)) &&
	       !strcmp(m->version, slash + 1);
}

const struct rest_mapping *restmap_by_kind(const char *api_version,
					   const char *kind)
{
	size_t i;

	if (!api_version || !kind)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(table); i++)
		if (!strcmp(table[i].kind, kind) && api_version_is(&table[i], api_version))
			return &table[i];
	return NULL;
}

static bool word_eq(const char *w, const char *name, size_t len)
{
	return w && strlen(w) == len && !strncasecmp(w, name, len);
}

bool restmap_name_matches(const struct rest_mapping *m, const char *name,
			  size_t len)
{
	const char *s;

	if (m->subresource)
		return word_eq(m->kind, name, len) || word_eq(m->singular, name, len);
	if (word_eq(m->resource, name, len) || word_eq(m->singular, name, len) ||
	    word_eq(m->kind, name, len))
		return true;
	for (s = m->short_names; s && *s;) {
		size_t n = strcspn(s, ",");

		if (n == len && !strncasecmp(s, name, len))
			return true;
		s += n;
		if (*s == ',')
			s++;
	}
	return false;
}

static const struct rest_mapping *find(const char *name, size_t len,
				       const char *group, size_t glen,
				       const char *version, size_t vlen)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(table); i++) {
		const struct rest_mapping *m = &table[i];

		if (m->subresource)
			continue;
		if (!restmap_name_matches(m, name, len))
			continue;
		if (group && !(strlen(m->group) == glen && !strncmp(m->group, group, glen)))
			continue;
		if (version ? !(strlen(m->version) == vlen && !strncmp(m->version, version, vlen))
			    : !m->preferred)
			continue;
		return m;
	}
	return NULL;
}

const struct rest_mapping *restmap_by_name(const char *name)
{
	const char *dot;
	const struct rest_mapping *m;

	if (!name || !*name)
		return NULL;
	dot = strchr(name, '.');
	if (!dot)
		return find(name, strlen(name), NULL, 0, NULL, 0);
	/* name.version.group first (kubectl tries the fully qualified form
	 * when there are two dots or more), then name.group */
	{
		const char *dot2 = strchr(dot + 1, '.');

		if (dot2) {
			m = find(name, (size_t)(dot - name), dot2 + 1, strlen(dot2 + 1),
				 dot + 1, (size_t)(dot2 - dot - 1));
			if (m)
				return m;
		}
	}
	return find(name, (size_t)(dot - name), dot + 1, strlen(dot + 1), NULL, 0);
}
