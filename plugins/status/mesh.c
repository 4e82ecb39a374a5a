/*
 * status --contexts: the mesh view. Each context's document gains
 * "multiCluster" (what its Istios say about the mesh, the cacerts root's
 * fingerprint and the east-west gateway's address); across the documents
 * the clusters are grouped by mesh ID and network, and every remote secret
 * a control plane needs (one per other cluster of its mesh) is found
 * present or missing. Drawn as text, Graphviz dot or Mermaid.
 */
#include "sail.h"
#include "status/status.h"
#include "api.h"
#include "base64.h"
#include "restmap.h"
#include "x509.h"

#define EW_SERVICE "istio-eastwestgateway"

static bool optional_error(const struct api_error *e)
{
	return api_error_is(e, "NotFound") || api_error_is(e, "Forbidden");
}

/* The fingerprint of cacerts' root-cert.pem in ns, or NULL. */
static int root_ca(struct api *a, const char *ns, char **fp, struct api_error *e)
{
	struct val sec = val_absent();
	struct strbuf pem = STRBUF_INIT;
	const char *b64;
	char hex[65];

	*fp = NULL;
	if (api_get(a, restmap_by_kind("v1", "Secret"), ns, "cacerts", &sec, e)) {
		if (!optional_error(e))
			return -1;
		api_error_release(e);
		return 0;
	}
	b64 = val_dig_str(sec, "data", "root-cert.pem", NULL);
	if (b64 && !base64_decode(b64, strlen(b64), &pem, NULL) &&
	    !x509_fingerprint(pem.buf, hex))
		*fp = xstrdup(hex);
	strbuf_release(&pem);
	val_release(&sec);
	return 0;
}

/* The east-west gateway Service's address: "" while it has none, NULL
 * when there is no such Service. */
static int east_west(struct api *a, const char *ns, char **addr, struct api_error *e)
{
	struct val svc = val_absent(), ing, first;
	const char *s;

	*addr = NULL;
	if (api_get(a, restmap_by_kind("v1", "Service"), ns, EW_SERVICE, &svc, e)) {
		if (!optional_error(e))
			return -1;
		api_error_release(e);
		return 0;
	}
	ing = val_dig(svc, "status", "loadBalancer", "ingress", NULL);
	first = val_at(ing, 0);
	s = val_get_str(first, "ip");
	if (!s || !*s)
		s = val_get_str(first, "hostname");
	*addr = xstrdup(s ? s : "");
	val_release(&first);
	val_release(&ing);
	val_release(&svc);
	return 0;
}

static void put_str(struct val *o, const char *key, const char *s)
{
	val_set_take(o, key, s ? val_str(s) : val_null());
}

int status_mesh_collect(struct api *a, struct val istios, struct val *out,
			struct api_error *e)
{
	struct val_iter it;

	*out = val_arr();
	for (val_iter_init(&it, istios); val_iter_next(&it); ) {
		const char *ns = val_dig_str(it.value, "spec", "namespace", NULL);
		const char *profile = val_dig_str(it.value, "spec", "profile", NULL);
		struct val g = val_dig(it.value, "spec", "values", "global", NULL);
		struct val m = val_obj();
		char *fp = NULL, *ew = NULL;

		if (!ns)
			ns = "istio-system";
		if (root_ca(a, ns, &fp, e) || east_west(a, ns, &ew, e)) {
			val_release(&g);
			val_release(&m);
			return -1;
		}
		put_str(&m, "istio", val_dig_str(it.value, "metadata", "name", NULL));
		put_str(&m, "namespace", ns);
		put_str(&m, "meshID", val_get_str(g, "meshID"));
		put_str(&m, "cluster", val_dig_str(g, "multiCluster", "clusterName", NULL));
		put_str(&m, "network", val_get_str(g, "network"));
		val_set_bool(&m, "controlPlane", !profile || strcmp(profile, "remote"));
		put_str(&m, "rootCA", fp);
		put_str(&m, "eastWestGateway", ew);
		val_push_take(out, m);
		free(fp);
		free(ew);
		val_release(&g);
	}
	return 0;
}

/* ------------------------------------------------------------ the view */

static bool flag(struct val o, const char *key)
{
	struct val v = val_get(o, key);
	bool b = val_bool_get(v);

	val_release(&v);
	return b;
}

static const char *str_or(struct val o, const char *key, const char *def)
{
	const char *s = val_get_str(o, key);

	return s ? s : def;
}

static bool has_secret_for(struct val doc, const char *ns, const char *cluster)
{
	struct val rs = val_get(doc, "remoteSecrets");
	struct val_iter it;
	bool found = false;

	for (val_iter_init(&it, rs); !found && val_iter_next(&it); ) {
		const char *c = val_get_str(it.value, "cluster");
		const char *n = val_get_str(it.value, "namespace");

		found = c && !strcmp(c, cluster) && (!n || !strcmp(n, ns));
	}
	val_release(&rs);
	return found;
}

struct val status_mesh_view(struct val docs)
{
	struct val meshes = val_obj(), out = val_arr(), keys;
	struct val_iter di, mi, it;

	/* every Istio that names a mesh or a cluster, by mesh ID */
	for (val_iter_init(&di, docs); val_iter_next(&di); ) {
		struct val mc = val_get(di.value, "multiCluster");
		const char *ctx = str_or(di.value, "context", "");

		for (val_iter_init(&mi, mc); val_iter_next(&mi); ) {
			const char *mesh = val_get_str(mi.value, "meshID");
			const char *cl = val_get_str(mi.value, "cluster");
			struct val m, c;

			if (!mesh && !cl)
				continue;
			if (!mesh)
				mesh = "";
			m = val_get(meshes, mesh);
			if (!val_exists(m))
				m = val_arr();
			c = val_copy(mi.value);
			val_set_str(&c, "context", ctx);
			if (!cl)
				val_set_str(&c, "cluster", ctx);
			val_push_take(&m, c);
			val_set_take(&meshes, mesh, m);
		}
		val_release(&mc);
	}
	keys = val_arr();
	for (val_iter_init(&it, meshes); val_iter_next(&it); )
		val_push_str(&keys, it.key);
	for (val_iter_init(&it, keys); val_iter_next(&it); ) {
		const char *id = val_str_get(it.value);
		struct val clusters = val_get(meshes, id), secrets = val_arr();
		struct val mesh = val_obj(), differs = val_arr();
		const char *root = NULL;
		struct val_iter a, b;
		bool agree = true;

		for (val_iter_init(&a, clusters); val_iter_next(&a); ) {
			const char *fp = val_get_str(a.value, "rootCA");

			if (!fp || (root && strcmp(root, fp))) {
				agree = false;
				val_push_str(&differs, val_get_str(a.value, "cluster"));
			} else if (!root) {
				root = fp;
			}
			if (!flag(a.value, "controlPlane"))
				continue;
			for (val_iter_init(&b, clusters); val_iter_next(&b); ) {
				const char *from = val_get_str(b.value, "cluster");
				struct val s, doc = val_absent();
				struct val_iter d;

				if (a.index == b.index || !strcmp(from, val_get_str(a.value, "cluster")))
					continue;
				for (val_iter_init(&d, docs); val_iter_next(&d); )
					if (!strcmp(str_or(d.value, "context", ""),
						    val_get_str(a.value, "context")))
						doc = val_copy(d.value);
				s = val_obj();
				val_set_str(&s, "in", val_get_str(a.value, "cluster"));
				val_set_str(&s, "for", from);
				val_set_bool(&s, "present",
					     has_secret_for(doc, str_or(a.value, "namespace", ""), from));
				val_push_take(&secrets, s);
				val_release(&doc);
			}
		}
		val_set_take(&mesh, "meshID", *id ? val_str(id) : val_null());
		val_set(&mesh, "clusters", clusters);
		val_set_take(&mesh, "remoteSecrets", secrets);
		val_set_bool(&mesh, "rootCAAgree", agree && root);
		val_set_take(&mesh, "rootCADiffers", differs);
		val_push_take(&out, mesh);
		val_release(&clusters);
	}
	val_release(&keys);
	val_release(&meshes);
	return out;
}

/* ------------------------------------------------------------ drawing */

static void node_label(struct val c, const char *nl, struct strbuf *out)
{
	const char *ew = val_get_str(c, "eastWestGateway");
	const char *fp = val_get_str(c, "rootCA");

	strbuf_addf(out, "%s%scontext %s%s%s", str_or(c, "cluster", ""), nl,
		    str_or(c, "context", ""), nl,
		    flag(c, "controlPlane") ? "control plane" : "remote");
	if (ew)
		strbuf_addf(out, "%seast-west %s", nl, *ew ? ew : "(no address)");
	if (fp)
		strbuf_addf(out, "%sroot CA %.12s", nl, fp);
	else
		strbuf_addf(out, "%sno cacerts", nl);
}

/* Distinct network names of a mesh's clusters ("" for none), in order. */
static struct val networks_of(struct val clusters)
{
	struct val seen = val_obj(), out = val_arr();
	struct val_iter it;

	for (val_iter_init(&it, clusters); val_iter_next(&it); ) {
		const char *n = str_or(it.value, "network", "");

		if (!val_has(seen, n)) {
			val_set_take(&seen, n, val_bool(true));
			val_push_str(&out, n);
		}
	}
	val_release(&seen);
	return out;
}

/* The indices in clusters of a secret's reader ("in") and read ("for"). */
static void edge_ends(struct val clusters, struct val secret, size_t *from, size_t *in)
{
	struct val_iter ci;

	*from = *in = 0;
	for (val_iter_init(&ci, clusters); val_iter_next(&ci); ) {
		if (!strcmp(str_or(ci.value, "cluster", ""), str_or(secret, "for", "")))
			*from = ci.index;
		if (!strcmp(str_or(ci.value, "cluster", ""), str_or(secret, "in", "")))
			*in = ci.index;
	}
}

static void dot_quoted(const char *s, struct strbuf *out)
{
	strbuf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addch(out, '\\');
		strbuf_addch(out, *s);
	}
	strbuf_addch(out, '"');
}

void status_mesh_dot(struct val view, struct strbuf *out)
{
	struct val_iter mi, ni, ci, si;

	strbuf_addstr(out, "digraph mesh {\n\trankdir=LR;\n\tnode [shape=box, style=rounded];\n");
	for (val_iter_init(&mi, view); val_iter_next(&mi); ) {
		struct val clusters = val_get(mi.value, "clusters");
		struct val secrets = val_get(mi.value, "remoteSecrets");
		struct val nets = networks_of(clusters);
		const char *id = str_or(mi.value, "meshID", "(no mesh ID)");

		strbuf_addf(out, "\tsubgraph cluster_m%zu {\n\t\tlabel=", mi.index);
		{
			char *l = xstrfmt("mesh %s%s", id, flag(mi.value, "rootCAAgree") ?
					  " (one root CA)" : " (root CAs differ)");
			dot_quoted(l, out);
			free(l);
		}
		strbuf_addstr(out, ";\n");
		for (val_iter_init(&ni, nets); val_iter_next(&ni); ) {
			const char *net = val_str_get(ni.value);

			strbuf_addf(out, "\t\tsubgraph cluster_m%zu_n%zu {\n\t\t\tlabel=", mi.index, ni.index);
			{
				char *l = xstrfmt("network %s", *net ? net : "(none)");
				dot_quoted(l, out);
				free(l);
			}
			strbuf_addstr(out, ";\n");
			for (val_iter_init(&ci, clusters); val_iter_next(&ci); ) {
				struct strbuf label = STRBUF_INIT;

				if (strcmp(str_or(ci.value, "network", ""), net))
					continue;
				node_label(ci.value, "\n", &label);
				strbuf_addf(out, "\t\t\tm%zu_c%zu [label=", mi.index, ci.index);
				dot_quoted(label.buf, out);
				strbuf_addstr(out, flag(ci.value, "controlPlane") ?
					      ", penwidth=2];\n" : "];\n");
				strbuf_release(&label);
			}
			strbuf_addstr(out, "\t\t}\n");
		}
		strbuf_addstr(out, "\t}\n");
		for (val_iter_init(&si, secrets); val_iter_next(&si); ) {
			size_t from, in;

			edge_ends(clusters, si.value, &from, &in);
			strbuf_addf(out, "\tm%zu_c%zu -> m%zu_c%zu [label=%s];\n", mi.index, from,
				    mi.index, in,
				    flag(si.value, "present") ?
				    "\"remote secret\"" : "\"remote secret missing\", style=dashed, color=red");
		}
		val_release(&nets);
		val_release(&clusters);
		val_release(&secrets);
	}
	strbuf_addstr(out, "}\n");
}

static void mermaid_text(const char *s, struct strbuf *out)
{
	for (; *s; s++)
		if (*s == '"')
			strbuf_addstr(out, "#quot;");
		else
			strbuf_addch(out, *s);
}

void status_mesh_mermaid(struct val view, struct strbuf *out)
{
	struct val_iter mi, ni, ci, si;

	strbuf_addstr(out, "flowchart LR\n");
	for (val_iter_init(&mi, view); val_iter_next(&mi); ) {
		struct val clusters = val_get(mi.value, "clusters");
		struct val secrets = val_get(mi.value, "remoteSecrets");
		struct val nets = networks_of(clusters);

		strbuf_addf(out, "  subgraph m%zu[\"mesh ", mi.index);
		mermaid_text(str_or(mi.value, "meshID", "(no mesh ID)"), out);
		strbuf_addstr(out, flag(mi.value, "rootCAAgree") ?
			      " (one root CA)\"]\n" : " (root CAs differ)\"]\n");
		for (val_iter_init(&ni, nets); val_iter_next(&ni); ) {
			const char *net = val_str_get(ni.value);

			strbuf_addf(out, "    subgraph m%zu_n%zu[\"network ", mi.index, ni.index);
			mermaid_text(*net ? net : "(none)", out);
			strbuf_addstr(out, "\"]\n");
			for (val_iter_init(&ci, clusters); val_iter_next(&ci); ) {
				struct strbuf label = STRBUF_INIT;

				if (strcmp(str_or(ci.value, "network", ""), net))
					continue;
				node_label(ci.value, "<br/>", &label);
				strbuf_addf(out, "      m%zu_c%zu[\"", mi.index, ci.index);
				mermaid_text(label.buf, out);
				strbuf_addstr(out, "\"]\n");
				strbuf_release(&label);
			}
			strbuf_addstr(out, "    end\n");
		}
		strbuf_addstr(out, "  end\n");
		for (val_iter_init(&si, secrets); val_iter_next(&si); ) {
			size_t from, in;

			edge_ends(clusters, si.value, &from, &in);
			strbuf_addf(out, "  m%zu_c%zu %s m%zu_c%zu\n", mi.index, from,
				    flag(si.value, "present") ?
				    "-->|remote secret|" : "-.->|remote secret missing|",
				    mi.index, in);
		}
		val_release(&nets);
		val_release(&clusters);
		val_release(&secrets);
	}
}

void status_mesh_text(struct val view, struct strbuf *out)
{
	struct val_iter mi, ci, si;

	for (val_iter_init(&mi, view); val_iter_next(&mi); ) {
		struct val clusters = val_get(mi.value, "clusters");
		struct val secrets = val_get(mi.value, "remoteSecrets");
		struct val differs = val_get(mi.value, "rootCADiffers");

		strbuf_addf(out, "\nMesh %s\n", str_or(mi.value, "meshID", "(no mesh ID)"));
		strbuf_addf(out, "  %-20s %-20s %-16s %-14s %s\n", "CLUSTER", "CONTEXT", "NETWORK",
			    "ROLE", "EAST-WEST");
		for (val_iter_init(&ci, clusters); val_iter_next(&ci); ) {
			const char *ew = val_get_str(ci.value, "eastWestGateway");

			strbuf_addf(out, "  %-20s %-20s %-16s %-14s %s\n", str_or(ci.value, "cluster", ""),
				    str_or(ci.value, "context", ""), str_or(ci.value, "network", "<none>"),
				    flag(ci.value, "controlPlane") ? "control plane" : "remote",
				    !ew ? "<none>" : *ew ? ew : "<pending>");
		}
		for (val_iter_init(&si, secrets); val_iter_next(&si); )
			strbuf_addf(out, "  remote secret for %s in %s: %s\n", str_or(si.value, "for", ""),
				    str_or(si.value, "in", ""),
				    flag(si.value, "present") ? "present" : "MISSING");
		if (flag(mi.value, "rootCAAgree")) {
			strbuf_addstr(out, "  root CA: the same in every cluster's cacerts\n");
		} else {
			struct strbuf l = STRBUF_INIT;

			for (val_iter_init(&ci, differs); val_iter_next(&ci); )
				strbuf_addf(&l, "%s%s", l.len ? ", " : "", val_str_get(ci.value));
			strbuf_addf(out, "  root CA: differs or missing in %s\n", l.buf);
			strbuf_release(&l);
		}
		val_release(&clusters);
		val_release(&secrets);
		val_release(&differs);
	}
}
