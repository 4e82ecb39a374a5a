#include "sail.h"
#include "base64.h"
#include "duration.h"
#include "input_limits.h"
#include "kubeconfig.h"
#include "value.h"
#include "yaml.h"

#include <fcntl.h>
#include <math.h>
#include <sys/stat.h>

/*
 * Layout: load every file into three name -> entry maps (first file wins)
 * with a parallel name -> file map for relative paths; pick context,
 * cluster and user; overlay the flags; validate as clientcmd's
 * ConfirmUsable does; then build the rest_config (or the in-cluster one).
 */

#define DEFAULT_SA_DIR "/var/run/secrets/kubernetes.io/serviceaccount"
#define EXEC_EXTENSION "client.authentication.k8s.io/exec"
#define EXEC_V1 "client.authentication.k8s.io/v1"
#define EXEC_V1BETA1 "client.authentication.k8s.io/v1beta1"

static bool nonempty(const char *s)
{
	return s && *s;
}

/* ---- small string vectors (NULL-terminated char **) ---- */

struct strv {
	char **v;
	size_t nr, alloc;
};

static void strv_push(struct strv *sv, const char *s)
{
	ALLOC_GROW(sv->v, sv->nr + 2, sv->alloc);
	sv->v[sv->nr++] = xstrdup(s);
	sv->v[sv->nr] = NULL;
}

static void strv_clear(struct strv *sv, bool secret)
{
	size_t i;

	for (i = 0; i < sv->nr; i++) {
		if (secret)
			free_secret(sv->v[i]);
		else
			free(sv->v[i]);
	}
	free(sv->v);
	memset(sv, 0, sizeof(*sv));
}

/* Hand the array over; an empty one is still a NULL-terminated array. */
static char **strv_detach(struct strv *sv)
{
	char **v = sv->v ? sv->v : xcalloc(1, sizeof(char *));

	memset(sv, 0, sizeof(*sv));
	return v;
}

/* ---- paths ---- */

/* Lexical clean, as Go's filepath.Clean. */
static char *clean_path(const char *path)
{
	struct strbuf out = STRBUF_INIT;
	bool rooted = path[0] == '/';
	size_t dotdot = 0;	/* out.len below which ".." cannot remove */
	const char *p = path;

	if (rooted) {
		strbuf_addch(&out, '/');
		dotdot = 1;
	}
	while (*p) {
		const char *end = strchrnul(p, '/');
		size_t n = end - p;

		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (out.len > dotdot) {
				size_t l = out.len;

				while (l > dotdot && out.buf[l - 1] != '/')
					l--;
				if (l > dotdot)
					l--;	/* the separator too */
				strbuf_setlen(&out, l);
			} else if (!rooted) {
				if (out.len)
					strbuf_addch(&out, '/');
				strbuf_addstr(&out, "..");
				dotdot = out.len;
			}
		} else {
			if (out.len && out.buf[out.len - 1] != '/')
				strbuf_addch(&out, '/');
			strbuf_add(&out, p, n);
		}
		p = *end ? end + 1 : end;
	}
	if (!out.len)
		strbuf_addch(&out, '.');
	return strbuf_detach(&out, NULL);
}

/* The absolute directory holding file (filepath.Abs(filepath.Dir(f))). */
static char *abs_dir_of(const char *file)
{
	const char *slash = strrchr(file, '/');
	char *dir, *joined, *res;

	if (!slash)
		dir = xstrdup(".");
	else if (slash == file)
		dir = xstrdup("/");
	else
		dir = xstrndup(file, slash - file);
	if (dir[0] == '/') {
		res = clean_path(dir);
	} else {
		char *cwd = getcwd(NULL, 0);

		joined = xstrfmt("%s/%s", cwd ? cwd : ".", dir);
		free(cwd);
		res = clean_path(joined);
		free(joined);
	}
	free(dir);
	return res;
}

/* Make *path absolute against dir when it is relative (ResolvePath). */
static void resolve_path(char **path, const char *dir)
{
	char *joined;

	if (!*path || !**path || (*path)[0] == '/' || !dir)
		return;
	joined = xstrfmt("%s/%s", dir, *path);
	free(*path);
	*path = clean_path(joined);
	free(joined);
}

/* ---- request timeout (clientcmd ParseTimeout, Go time.ParseDuration) ---- */

int kube_parse_timeout(const char *s, long *ms, struct strbuf *err)
{
	double ns;

	if (!nonempty(s)) {
		*ms = 30000;
		return 0;
	}
	if ((*s >= '0' && *s <= '9') || ((*s == '+') && s[1])) {
		const char *p = s + (*s == '+');
		long long secs = 0;

		while (*p >= '0' && *p <= '9' && secs < 100000000000LL)
			secs = secs * 10 + (*p++ - '0');
		if (!*p) {
			*ms = (long)(secs * 1000);
			return 0;
		}
	}
	if (go_parse_duration(s, &ns) || ns < 0) {
		strbuf_addstr(err, "invalid timeout value: a timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)");
		return -1;
	}
	if (ns == 0)
		*ms = 0;	/* Go's http.Client: 0 = none */
	else
		*ms = (long)ceil(ns / 1e6);
	return 0;
}

/* ---- reading scalars from decoded YAML ---- */

/*
 * A scalar as sigs.k8s.io/yaml puts it into a Go string field: numbers and
 * booleans become their text. *out is NULL for absent/null, else owned.
 */
static int scalar_str(struct val v, char **out, const char *where,
		      const char *field, struct strbuf *err)
{
	*out = NULL;
	switch (val_kind(v)) {
	case VAL_ABSENT:
	case VAL_NULL:
		return 0;
	case VAL_STRING:
		*out = xstrdup(val_str_get(v));
		return 0;
	case VAL_BOOL:
		*out = xstrdup(val_bool_get(v) ? "true" : "false");
		return 0;
	case VAL_NUMBER: {
		struct strbuf sb = STRBUF_INIT;

		val_format_number(val_num_get(v), &sb);
		*out = strbuf_detach(&sb, NULL);
		return 0;
	}
	default:
		strbuf_addf(err, "%s: %s: expected a string, got %s", where,
			    field, val_kind_name(val_kind(v)));
		return -1;
	}
}

/* A string field; empty strings count as unset (Go's len() == 0). */
static int get_str(struct val obj, const char *key, char **out,
		   const char *where, struct strbuf *err)
{
	struct val v = val_get(obj, key);
	int ret = scalar_str(v, out, where, key, err);

	val_release(&v);
	if (!ret && *out && !**out)
		FREE_AND_NULL(*out);
	return ret;
}

static int get_bool(struct val obj, const char *key, bool *out,
		    const char *where, struct strbuf *err)
{
	struct val v = val_get(obj, key);
	int ret = 0;

	*out = false;
	switch (val_kind(v)) {
	case VAL_ABSENT:
	case VAL_NULL:
		break;
	case VAL_BOOL:
		*out = val_bool_get(v);
		break;
	default:
		strbuf_addf(err, "%s: %s: expected a boolean, got %s", where,
			    key, val_kind_name(val_kind(v)));
		ret = -1;
	}
	val_release(&v);
	return ret;
}

/* A list of strings appended to sv. */
static int get_str_list(struct val obj, const char *key, struct strv *sv,
			const char *where, struct strbuf *err)
{
	struct val v = val_get(obj, key);
	struct val_iter it;
	int ret = 0;

	if (val_kind(v) == VAL_ARRAY) {
		for (val_iter_init(&it, v); val_iter_next(&it);) {
			char *s;

			if (scalar_str(it.value, &s, where, key, err)) {
				ret = -1;
				break;
			}
			strv_push(sv, s ? s : "");
			free(s);
		}
	} else if (val_exists(v) && val_kind(v) != VAL_NULL) {
		strbuf_addf(err, "%s: %s: expected a list, got %s", where, key,
			    val_kind_name(val_kind(v)));
		ret = -1;
	}
	val_release(&v);
	return ret;
}

/* An object member that must be a mapping (absent/null = empty). */
static int get_obj(struct val obj, const char *key, struct val *out,
		   const char *where, struct strbuf *err)
{
	*out = val_get(obj, key);
	if (val_kind(*out) == VAL_NULL)
		val_release(out);
	if (val_exists(*out) && !val_is_obj(*out)) {
		strbuf_addf(err, "%s: %s: expected a mapping, got %s", where,
			    key, val_kind_name(val_kind(*out)));
		val_release(out);
		return -1;
	}
	return 0;
}

/* ---- loading and merging files ---- */

struct named_map {
	struct val map;		/* name -> entry object */
	struct val origin;	/* name -> file it came from */
};

struct kc {
	struct named_map clusters, users, contexts;
	char *current_context;
	struct strbuf loaded;	/* "a, b": files read */
	struct strbuf searched;	/* what was looked at, for messages */
	size_t nloaded;
};

static void kc_init(struct kc *kc)
{
	memset(kc, 0, sizeof(*kc));
	kc->clusters.map = val_obj();
	kc->clusters.origin = val_obj();
	kc->users.map = val_obj();
	kc->users.origin = val_obj();
	kc->contexts.map = val_obj();
	kc->contexts.origin = val_obj();
	strbuf_init(&kc->loaded, 0);
	strbuf_init(&kc->searched, 0);
}

static void kc_release(struct kc *kc)
{
	val_release(&kc->clusters.map);
	val_release(&kc->clusters.origin);
	val_release(&kc->users.map);
	val_release(&kc->users.origin);
	val_release(&kc->contexts.map);
	val_release(&kc->contexts.origin);
	free(kc->current_context);
	strbuf_release(&kc->loaded);
	strbuf_release(&kc->searched);
}

/* Go decodes every *-data field of a file when loading it: so do we. */
static int check_b64_field(struct val entry, const char *key,
			   const char *file, const char *kind,
			   const char *name, struct strbuf *err)
{
	const char *s = val_get_str(entry, key);
	struct strbuf out = STRBUF_INIT;
	size_t bad = 0;

	if (!s)
		return 0;
	if (base64_decode(s, strlen(s), &out, &bad)) {
		strbuf_release_secret(&out);
		strbuf_addf(err, "error loading config file \"%s\": %s \"%s\": %s: illegal base64 data at input byte %zu",
			    file, kind, name, key, bad);
		return -1;
	}
	strbuf_release_secret(&out);
	return 0;
}

static int load_list(struct val doc, const char *file,
		     const char *list_key, const char *item_key,
		     struct named_map *nm, struct strbuf *err)
{
	struct val list = val_get(doc, list_key), seen = val_obj();
	struct val_iter it;
	char *where = xstrfmt("error loading config file \"%s\"", file);
	int ret = -1;

	if (!val_exists(list) || val_kind(list) == VAL_NULL) {
		ret = 0;
		goto out;
	}
	if (!val_is_arr(list)) {
		strbuf_addf(err, "%s: %s: expected a list, got %s", where,
			    list_key, val_kind_name(val_kind(list)));
		goto out;
	}
	for (val_iter_init(&it, list); val_iter_next(&it);) {
		struct val entry;
		char *name;

		if (!val_is_obj(it.value)) {
			strbuf_addf(err, "%s: %s[%zu]: expected a mapping", where,
				    list_key, it.index);
			goto out;
		}
		if (get_str(it.value, "name", &name, where, err))
			goto out;
		if (!name)
			name = xstrdup("");
		if (val_has(seen, name)) {
			strbuf_addf(err, "%s: duplicate name \"%s\" in %s",
				    where, name, list_key);
			free(name);
			goto out;
		}
		val_set_bool(&seen, name, true);
		if (get_obj(it.value, item_key, &entry, where, err)) {
			free(name);
			goto out;
		}
		if (!val_exists(entry))
			entry = val_obj();
		if ((!strcmp(item_key, "cluster") &&
		     check_b64_field(entry, "certificate-authority-data", file,
				     "cluster", name, err)) ||
		    (!strcmp(item_key, "user") &&
		     (check_b64_field(entry, "client-certificate-data", file,
				      "user", name, err) ||
		      check_b64_field(entry, "client-key-data", file, "user",
				      name, err)))) {
			val_release(&entry);
			free(name);
			goto out;
		}
		if (!val_has(nm->map, name)) {
			val_set(&nm->map, name, entry);
			val_set_str(&nm->origin, name, file);
		}
		val_release(&entry);
		free(name);
	}
	ret = 0;
out:
	free(where);
	val_release(&list);
	val_release(&seen);
	return ret;
}

static int load_file(struct kc *kc, const char *file, struct strbuf *err)
{
	struct val doc = val_absent();
	size_t len;
	char *buf = read_text_file(file, LIMIT_CONFIG_BYTES, &len);
	int ret = -1;

	if (!buf) {
		int e = errno;

		strbuf_addf(err, "error loading config file \"%s\": %s %s: ",
			    file, e == EISDIR || e == EFBIG || e == EILSEQ ? "read" : "open", file);
		read_error(err, e);
		return -1;
	}
	ret = yaml_parse_one(buf, len, file, &doc, err);
	wipe(buf, len);
	free(buf);
	if (ret)
		return -1;
	ret = -1;
	if (kc->nloaded++)
		strbuf_addstr(&kc->loaded, ", ");
	strbuf_addstr(&kc->loaded, file);
	if (val_kind(doc) == VAL_NULL || !val_exists(doc)) {
		ret = 0;
		goto out;
	}
	if (!val_is_obj(doc)) {
		strbuf_addf(err, "error loading config file \"%s\": expected a mapping, got %s",
			    file, val_kind_name(val_kind(doc)));
		goto out;
	}
	if (!kc->current_context) {
		char *where = xstrfmt("error loading config file \"%s\"", file);
		int r = get_str(doc, "current-context", &kc->current_context,
				where, err);

		free(where);
		if (r)
			goto out;
	}
	if (load_list(doc, file, "clusters", "cluster", &kc->clusters, err) ||
	    load_list(doc, file, "users", "user", &kc->users, err) ||
	    load_list(doc, file, "contexts", "context", &kc->contexts, err))
		goto out;
	ret = 0;
out:
	val_release(&doc);
	return ret;
}

static int load_files(const struct kube_overrides *o, struct kc *kc,
		      struct strbuf *err)
{
	const char *env = getenv("KUBECONFIG");
	struct stat st;

	if (nonempty(o->kubeconfig)) {
		strbuf_addstr(&kc->searched, o->kubeconfig);
		if (stat(o->kubeconfig, &st)) {
			strbuf_addf(err, "stat %s: ", o->kubeconfig);
			strbuf_add_errno(err, errno);
			return -1;
		}
		return load_file(kc, o->kubeconfig, err);
	}
	if (nonempty(env)) {
		struct strv seen = { 0 };
		struct strbuf missing = STRBUF_INIT;
		const char *p = env;
		int ret = 0;

		strbuf_addf(&kc->searched, "KUBECONFIG=%s", env);
		while (!ret) {
			const char *end = strchrnul(p, ':');
			char *file = xstrndup(p, end - p);
			size_t i;

			for (i = 0; i < seen.nr; i++)
				if (!strcmp(seen.v[i], file))
					break;
			if (*file && i == seen.nr) {
				strv_push(&seen, file);
				if (stat(file, &st) && errno == ENOENT) {
					if (missing.len)
						strbuf_addstr(&missing, ", ");
					strbuf_addstr(&missing, file);
				} else {
					ret = load_file(kc, file, err);
				}
			}
			free(file);
			if (!*end)
				break;
			p = end + 1;
		}
		if (!ret && !kc->nloaded && missing.len)
			warning("Config not found: %s", missing.buf);
		strv_clear(&seen, false);
		strbuf_release(&missing);
		return ret;
	} else {
		const char *home = getenv("HOME");
		char *file = xstrfmt("%s%s.kube/config", home ? home : "",
				     nonempty(home) ? "/" : "");
		int ret = 0;

		strbuf_addstr(&kc->searched, file);
		if (!(stat(file, &st) && errno == ENOENT))
			ret = load_file(kc, file, err);
		free(file);
		return ret;
	}
}

/* ---- the selected cluster and user ---- */

struct cluster_info {
	bool found;
	char *origin;
	char *server;
	char *ca_file;
	char *ca_data;		/* base64 */
	char *tls_server_name;
	char *proxy_url;
	char *ext_json;
	bool insecure;
	bool disable_compression;
};

struct auth_info {
	bool found;
	char *origin;
	char *cert_file, *cert_data;
	char *key_file, *key_data;	/* secret */
	char *token;			/* secret */
	char *token_file;
	char *username;
	char *password;			/* secret */
	char *as, *as_uid;
	struct strv groups;
	struct strv extra;		/* "key=value" */
	struct strv extra_keys;		/* parallel to extra: its keys */
	char *auth_provider;
	char *oidc_id_token;		/* secret */
	struct exec_config *exec;
	bool exec_env_unnamed;
};

static void cluster_info_release(struct cluster_info *c)
{
	free(c->origin);
	free(c->server);
	free(c->ca_file);
	free(c->ca_data);
	free(c->tls_server_name);
	free(c->proxy_url);
	free(c->ext_json);
	memset(c, 0, sizeof(*c));
}

static void free_exec(struct exec_config *x)
{
	char **p;

	if (!x)
		return;
	free(x->command);
	for (p = x->args; p && *p; p++)
		free(*p);
	free(x->args);
	for (p = x->env; p && *p; p++)
		free_secret(*p);
	free(x->env);
	free(x->api_version);
	free(x->install_hint);
	free(x->interactive_mode);
	free(x->cluster_extension_json);
	free(x);
}

static void auth_info_release(struct auth_info *a)
{
	free(a->origin);
	free(a->cert_file);
	free(a->cert_data);
	free(a->key_file);
	free_secret(a->key_data);
	free_secret(a->token);
	free(a->token_file);
	free(a->username);
	free_secret(a->password);
	free(a->as);
	free(a->as_uid);
	strv_clear(&a->groups, false);
	strv_clear(&a->extra_keys, false);
	strv_clear(&a->extra, false);
	free(a->auth_provider);
	free_secret(a->oidc_id_token);
	free_exec(a->exec);
	memset(a, 0, sizeof(*a));
}

static void set_str(char **dst, const char *src)
{
	free(*dst);
	*dst = src ? xstrdup(src) : NULL;
}

static void set_secret(char **dst, const char *src)
{
	free_secret(*dst);
	*dst = src ? xstrdup(src) : NULL;
}

static int read_cluster(struct kc *kc, const char *name, struct cluster_info *c,
			struct strbuf *err)
{
	struct val e = val_get(kc->clusters.map, name), exts = val_absent();
	char *where = NULL, *dir = NULL;
	int ret = -1;

	if (!val_exists(e))
		return 0;
	c->found = true;
	c->origin = xstrdup(val_get_str(kc->clusters.origin, name));
	where = xstrfmt("%s: cluster \"%s\"", c->origin, name);
	dir = abs_dir_of(c->origin);
	{
		char *server = NULL;

		/* KUBERNETES_MASTER (ClusterDefaults) stays unless the file sets one */
		if (get_str(e, "server", &server, where, err))
			goto out;
		if (server) {
			free(c->server);
			c->server = server;
		}
	}
	if (get_str(e, "certificate-authority", &c->ca_file, where, err) ||
	    get_str(e, "certificate-authority-data", &c->ca_data, where, err) ||
	    get_str(e, "tls-server-name", &c->tls_server_name, where, err) ||
	    get_str(e, "proxy-url", &c->proxy_url, where, err) ||
	    get_bool(e, "insecure-skip-tls-verify", &c->insecure, where, err) ||
	    get_bool(e, "disable-compression", &c->disable_compression, where, err))
		goto out;
	resolve_path(&c->ca_file, dir);
	exts = val_get(e, "extensions");
	if (val_is_arr(exts)) {
		struct val_iter it;

		for (val_iter_init(&it, exts); val_iter_next(&it);) {
			const char *n = val_get_str(it.value, "name");

			if (n && !strcmp(n, EXEC_EXTENSION)) {
				struct val x = val_get(it.value, "extension");
				struct strbuf sb = STRBUF_INIT;

				if (val_exists(x) && val_kind(x) != VAL_NULL) {
					val_to_json(x, &sb, 0);
					free(c->ext_json);
					c->ext_json = strbuf_detach(&sb, NULL);
				}
				val_release(&x);
			}
		}
	}
	ret = 0;
out:
	val_release(&exts);
	val_release(&e);
	free(where);
	free(dir);
	return ret;
}

static int read_exec(struct val e, const char *where, const char *dir,
		     struct auth_info *a, struct strbuf *err)
{
	struct val x, envl = val_absent();
	struct exec_config *ex;
	struct strv args = { 0 }, env = { 0 };
	char *w = xstrfmt("%s: exec", where);
	int ret = -1;

	if (get_obj(e, "exec", &x, where, err)) {
		free(w);
		return -1;
	}
	if (!val_exists(x)) {
		free(w);
		return 0;
	}
	ex = xcalloc(1, sizeof(*ex));
	a->exec = ex;
	if (get_str(x, "command", &ex->command, w, err) ||
	    get_str(x, "apiVersion", &ex->api_version, w, err) ||
	    get_str(x, "installHint", &ex->install_hint, w, err) ||
	    get_str(x, "interactiveMode", &ex->interactive_mode, w, err) ||
	    get_bool(x, "provideClusterInfo", &ex->provide_cluster_info, w, err) ||
	    get_str_list(x, "args", &args, w, err))
		goto out;
	if (ex->command && strchr(ex->command, '/'))
		resolve_path(&ex->command, dir);
	/* v1beta1 defaults interactiveMode to IfAvailable (SetDefaults_ExecConfig) */
	if (!ex->interactive_mode && ex->api_version &&
	    !strcmp(ex->api_version, EXEC_V1BETA1))
		ex->interactive_mode = xstrdup("IfAvailable");
	envl = val_get(x, "env");
	if (val_is_arr(envl)) {
		struct val_iter it;

		for (val_iter_init(&it, envl); val_iter_next(&it);) {
			char *name = NULL, *value = NULL, *kv;

			if (!val_is_obj(it.value)) {
				strbuf_addf(err, "%s: env[%zu]: expected a mapping", w, it.index);
				goto out;
			}
			if (get_str(it.value, "name", &name, w, err))
				goto out;
			{
				struct val v = val_get(it.value, "value");
				int r = scalar_str(v, &value, w, "value", err);

				val_release(&v);
				if (r) {
					free(name);
					goto out;
				}
			}
			if (!name)
				a->exec_env_unnamed = true;
			kv = xstrfmt("%s=%s", name ? name : "", value ? value : "");
			strv_push(&env, kv);
			free_secret(kv);
			free(name);
			free_secret(value);
		}
	} else if (val_exists(envl) && val_kind(envl) != VAL_NULL) {
		strbuf_addf(err, "%s: env: expected a list, got %s", w,
			    val_kind_name(val_kind(envl)));
		goto out;
	}
	ret = 0;
out:
	ex->args = strv_detach(&args);
	ex->env = strv_detach(&env);
	val_release(&envl);
	val_release(&x);
	free(w);
	return ret;
}

static void add_extra(struct auth_info *a, const char *key, const char *value)
{
	char *kv = xstrfmt("%s=%s", key, value);

	strv_push(&a->extra_keys, key);
	strv_push(&a->extra, kv);
	free(kv);
}

/* Drop every extra for key (a flag replaces that key's values). */
static void drop_extra(struct auth_info *a, const char *key)
{
	size_t i, j = 0;

	for (i = 0; i < a->extra.nr; i++) {
		if (!strcmp(a->extra_keys.v[i], key)) {
			free(a->extra_keys.v[i]);
			free(a->extra.v[i]);
			continue;
		}
		a->extra_keys.v[j] = a->extra_keys.v[i];
		a->extra.v[j] = a->extra.v[i];
		j++;
	}
	a->extra.nr = a->extra_keys.nr = j;
	if (a->extra.v) {
		a->extra.v[j] = NULL;
		a->extra_keys.v[j] = NULL;
	}
}

static int read_user(struct kc *kc, const char *name, struct auth_info *a,
		     struct strbuf *err)
{
	struct val e = val_get(kc->users.map, name), ap = val_absent(),
		   extra = val_absent();
	char *where = NULL, *dir = NULL;
	int ret = -1;

	if (!val_exists(e))
		return 0;
	a->found = true;
	a->origin = xstrdup(val_get_str(kc->users.origin, name));
	where = xstrfmt("%s: user \"%s\"", a->origin, name);
	dir = abs_dir_of(a->origin);
	if (get_str(e, "client-certificate", &a->cert_file, where, err) ||
	    get_str(e, "client-certificate-data", &a->cert_data, where, err) ||
	    get_str(e, "client-key", &a->key_file, where, err) ||
	    get_str(e, "client-key-data", &a->key_data, where, err) ||
	    get_str(e, "token", &a->token, where, err) ||
	    get_str(e, "tokenFile", &a->token_file, where, err) ||
	    get_str(e, "username", &a->username, where, err) ||
	    get_str(e, "password", &a->password, where, err) ||
	    get_str(e, "as", &a->as, where, err) ||
	    get_str(e, "as-uid", &a->as_uid, where, err) ||
	    get_str_list(e, "as-groups", &a->groups, where, err) ||
	    get_obj(e, "as-user-extra", &extra, where, err) ||
	    get_obj(e, "auth-provider", &ap, where, err) ||
	    read_exec(e, where, dir, a, err))
		goto out;
	resolve_path(&a->cert_file, dir);
	resolve_path(&a->key_file, dir);
	resolve_path(&a->token_file, dir);
	if (val_exists(extra)) {
		struct val_iter it;

		for (val_iter_init(&it, extra); val_iter_next(&it);) {
			struct strv vals = { 0 };
			struct val wrap = val_obj();
			size_t i;
			int r;

			val_set(&wrap, "v", it.value);
			r = get_str_list(wrap, "v", &vals, where, err);
			val_release(&wrap);
			if (r)
				goto out;
			for (i = 0; i < vals.nr; i++)
				add_extra(a, it.key, vals.v[i]);
			strv_clear(&vals, false);
		}
	}
	if (val_exists(ap)) {
		struct val conf;
		char *w = xstrfmt("%s: auth-provider", where);
		int r = get_str(ap, "name", &a->auth_provider, w, err) ||
			get_obj(ap, "config", &conf, w, err);

		if (!r) {
			r = get_str(conf, "id-token", &a->oidc_id_token, w, err);
			val_release(&conf);
		}
		free(w);
		if (r)
			goto out;
		if (!a->auth_provider)
			a->auth_provider = xstrdup("");
	}
	ret = 0;
out:
	val_release(&e);
	val_release(&ap);
	val_release(&extra);
	free(where);
	free(dir);
	return ret;
}

/* ---- validation (clientcmd ConfirmUsable) ---- */

static void add_errf(struct strv *errs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_errf(struct strv *errs, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	for (i = 0; i < errs->nr; i++)	/* the aggregate drops repeats */
		if (!strcmp(errs->v[i], sb.buf))
			break;
	if (i == errs->nr)
		strv_push(errs, sb.buf);
	strbuf_release(&sb);
}

static void add_open_err(struct strv *errs, const char *what, const char *path,
			 const char *owner)
{
	struct strbuf e = STRBUF_INIT;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		close(fd);
		return;
	}
	strbuf_add_errno(&e, errno);
	add_errf(errs, "unable to read %s %s for %s due to open %s: %s", what,
		 path, owner, path, e.buf);
	strbuf_release(&e);
}

static int check_proxy_url(const char *url, struct strbuf *why)
{
	const char *sep = strstr(url, "://");
	size_t n = sep ? (size_t)(sep - url) : 0;

	if (!sep || !sep[3]) {
		strbuf_addstr(why, "proxy URL has no scheme or host");
		return -1;
	}
	if ((n == 4 && !strncasecmp(url, "http", 4)) ||
	    (n == 5 && !strncasecmp(url, "https", 5)) ||
	    (n == 6 && !strncasecmp(url, "socks5", 6)))
		return 0;
	strbuf_addf(why, "unsupported scheme \"%.*s\", must be http, https, or socks5",
		    (int)n, url);
	return -1;
}

static void validate_cluster(const char *name, const struct cluster_info *c,
			     struct strv *errs)
{
	if (!c->server) {
		if (!nonempty(name))
			add_errf(errs, "default cluster has no server defined");
		else
			add_errf(errs, "no server found for cluster \"%s\"", name);
	}
	if (c->proxy_url) {
		struct strbuf why = STRBUF_INIT;

		if (check_proxy_url(c->proxy_url, &why))
			add_errf(errs, "invalid 'proxy-url' \"%s\" for cluster \"%s\": %s",
				 c->proxy_url, name ? name : "", why.buf);
		strbuf_release(&why);
	}
	if (c->ca_file && c->ca_data)
		add_errf(errs, "certificate-authority-data and certificate-authority are both specified for %s. certificate-authority-data will override.",
			 name ? name : "");
	if (c->ca_file)
		add_open_err(errs, "certificate-authority", c->ca_file,
			     name ? name : "");
}

static void validate_auth(const char *name, const struct auth_info *a,
			  struct strv *errs)
{
	const char *n = name ? name : "";
	bool token = a->token != NULL, basic = a->username || a->password;

	if (a->cert_file || a->cert_data) {
		if (a->cert_file && a->cert_data)
			add_errf(errs, "client-cert-data and client-cert are both specified for %s. client-cert-data will override.", n);
		if (a->key_file && a->key_data)
			add_errf(errs, "client-key-data and client-key are both specified for %s; client-key-data will override", n);
		if (!a->key_file && !a->key_data)
			add_errf(errs, "client-key-data or client-key must be specified for %s to use the clientCert authentication method.", n);
		if (a->cert_file)
			add_open_err(errs, "client-cert", a->cert_file, n);
		if (a->key_file)
			add_open_err(errs, "client-key", a->key_file, n);
	}
	if (a->exec) {
		const char *mode = a->exec->interactive_mode;

		if (a->auth_provider)
			add_errf(errs, "authProvider cannot be provided in combination with an exec plugin for %s", n);
		if (!a->exec->command)
			add_errf(errs, "command must be specified for %s to use exec authentication plugin", n);
		if (!a->exec->api_version)
			add_errf(errs, "apiVersion must be specified for %s to use exec authentication plugin", n);
		if (a->exec_env_unnamed)
			add_errf(errs, "env variable name must be specified for %s to use exec authentication plugin", n);
		if (!mode)
			add_errf(errs, "interactiveMode must be specified for %s to use exec authentication plugin", n);
		else if (strcmp(mode, "Never") && strcmp(mode, "IfAvailable") &&
			 strcmp(mode, "Always"))
			add_errf(errs, "invalid interactiveMode for %s: \"%s\"", n, mode);
	}
	if (token && basic)
		add_errf(errs, "more than one authentication method found for %s; found [token basicAuth], only one is allowed", n);
	if ((a->groups.nr || a->extra.nr || a->as_uid) && !a->as)
		add_errf(errs, "requesting uid, groups or user-extra for %s without impersonating a user", n);
}

/* ---- building the result ---- */

/* Read a PEM file into *out; a message naming it on failure. */
static int read_pem_file(const char *path, char **out, bool secret,
			 struct strbuf *err)
{
	size_t len;
	char *buf = read_text_file(path, LIMIT_CONFIG_BYTES, &len);

	if (!buf) {
		strbuf_addf(err, "open %s: ", path);
		read_error(err, errno);
		return -1;
	}
	if (secret)
		free_secret(*out);
	else
		free(*out);
	*out = buf;
	return 0;
}

static int decode_pem(const char *b64, char **out, bool secret,
		      const char *origin, const char *kind, const char *name,
		      const char *field, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	size_t bad = 0;

	if (base64_decode(b64, strlen(b64), &sb, &bad)) {
		strbuf_release_secret(&sb);
		strbuf_addf(err, "%s: %s \"%s\": %s: illegal base64 data at input byte %zu",
			    origin ? origin : "flags", kind, name ? name : "",
			    field, bad);
		return -1;
	}
	if (secret)
		free_secret(*out);
	else
		free(*out);
	*out = strbuf_detach(&sb, NULL);
	return 0;
}

static char *normalize_server(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *sep = strstr(s, "://");
	char *q;

	/* url.Parse gives no scheme or no host: client-go prefixes one */
	if (!sep || sep == s || !sep[3] || sep[3] == '/')
		strbuf_addstr(&sb, "https://");
	strbuf_addstr(&sb, s);
	/* a server URL carries no query or fragment */
	q = sb.buf + strcspn(sb.buf, "?#");
	strbuf_setlen(&sb, q - sb.buf);
	while (sb.len > 8 && sb.buf[sb.len - 1] == '/')
		strbuf_setlen(&sb, sb.len - 1);
	return strbuf_detach(&sb, NULL);
}

static bool is_https(const char *server)
{
	return !strncasecmp(server, "https://", 8);
}

static char **copy_strv(const char *const *v)
{
	struct strv sv = { 0 };

	for (; v && *v; v++)
		strv_push(&sv, *v);
	return strv_detach(&sv);
}

static void apply_common(const struct kube_overrides *o, long timeout_ms,
			 struct rest_config *cfg)
{
	cfg->timeout_ms = timeout_ms;
	cfg->verbosity = o->verbosity;
	cfg->warnings_as_errors = o->warnings_as_errors;
}

static char *sa_dir(void)
{
	const char *d = getenv("SAIL_SERVICEACCOUNT_DIR");

	return xstrdup(nonempty(d) ? d : DEFAULT_SA_DIR);
}

/* inClusterClientConfig.Possible() */
static bool in_cluster_possible(void)
{
	char *dir = sa_dir(), *tok = xstrfmt("%s/token", dir);
	struct stat st;
	bool ok = nonempty(getenv("KUBERNETES_SERVICE_HOST")) &&
		  nonempty(getenv("KUBERNETES_SERVICE_PORT")) &&
		  !stat(tok, &st) && !S_ISDIR(st.st_mode);

	free(tok);
	free(dir);
	return ok;
}

/* inClusterClientConfig.Namespace() */
static char *in_cluster_namespace(void)
{
	const char *env = getenv("POD_NAMESPACE");
	char *dir, *path, *buf;
	size_t len;

	if (nonempty(env))
		return xstrdup(env);
	dir = sa_dir();
	path = xstrfmt("%s/namespace", dir);
	buf = read_text_file(path, LIMIT_CONFIG_BYTES, &len);
	free(path);
	free(dir);
	if (buf) {
		size_t start = 0;

		while (len && strchr(" \t\r\n\v\f", buf[len - 1]))
			len--;
		while (start < len && strchr(" \t\r\n\v\f", buf[start]))
			start++;
		if (len > start) {
			char *ns = xstrndup(buf + start, len - start);

			free(buf);
			return ns;
		}
		free(buf);
	}
	return xstrdup("default");
}

static int load_in_cluster(const struct kube_overrides *o, long timeout_ms,
			   struct rest_config *cfg, struct strbuf *err)
{
	const char *host = getenv("KUBERNETES_SERVICE_HOST");
	const char *port = getenv("KUBERNETES_SERVICE_PORT");
	char *dir = sa_dir(), *tok = xstrfmt("%s/token", dir),
	     *ca = xstrfmt("%s/ca.crt", dir), *buf;
	size_t len;
	int ret = -1;

	/* rest.InClusterConfig reads the token once up front */
	buf = read_text_file(tok, LIMIT_CONFIG_BYTES, &len);
	if (!buf) {
		strbuf_addf(err, "open %s: ", tok);
		read_error(err, errno);
		goto out;
	}
	wipe(buf, len);
	free(buf);

	if (strchr(host, ':'))
		cfg->server = xstrfmt("https://[%s]:%s", host, port);
	else
		cfg->server = xstrfmt("https://%s:%s", host, port);
	cfg->token_file = tok;
	tok = NULL;
	cfg->ca_pem = read_text_file(ca, LIMIT_CONFIG_BYTES, NULL);
	if (!cfg->ca_pem)
		warning("expected to load root CA config from %s, but got err: %s",
			ca, strerror(errno));

	/* in-cluster configs only take a host, a token or a CA from flags */
	if (nonempty(o->server)) {
		free(cfg->server);
		cfg->server = normalize_server(o->server);
	}
	if (nonempty(o->token)) {
		cfg->token = xstrdup(o->token);
		FREE_AND_NULL(cfg->token_file);
	}
	if (nonempty(o->certificate_authority) &&
	    read_pem_file(o->certificate_authority, &cfg->ca_pem, false, err))
		goto out;
	/* ours: impersonation still applies in a pod */
	if (nonempty(o->as)) {
		cfg->impersonate_user = xstrdup(o->as);
		if (nonempty(o->as_uid))
			cfg->impersonate_uid = xstrdup(o->as_uid);
		cfg->impersonate_groups = copy_strv(o->as_groups);
		cfg->impersonate_extra = copy_strv(o->as_user_extra);
	}
	if (nonempty(o->namespace)) {
		cfg->namespace = xstrdup(o->namespace);
		cfg->namespace_explicit = true;
	} else {
		cfg->namespace = in_cluster_namespace();
	}
	apply_common(o, timeout_ms, cfg);
	ret = 0;
out:
	free(dir);
	free(tok);
	free(ca);
	return ret;
}

static void no_config_error(const struct kc *kc, const char *ctx_name,
			    bool ctx_found, const char *cluster_name,
			    struct strbuf *err)
{
	if (!kc->nloaded)
		strbuf_addf(err, "no configuration has been provided: no kubeconfig file found (searched %s); set KUBECONFIG, use --kubeconfig, or --server",
			    kc->searched.buf);
	else if (!ctx_name)
		strbuf_addf(err, "no kubeconfig context: no current-context in %s; use --context, set KUBECONFIG, use --kubeconfig, or --server",
			    kc->loaded.buf);
	else if (ctx_found && nonempty(cluster_name))
		strbuf_addf(err, "no configuration has been provided: cluster \"%s\" of context \"%s\" is not defined in %s",
			    cluster_name, ctx_name, kc->loaded.buf);
	else
		strbuf_addf(err, "no configuration has been provided: context \"%s\" names no cluster (%s); use --cluster or --server",
			    ctx_name, kc->loaded.buf);
}

static void overlay_cluster(const struct kube_overrides *o,
			    struct cluster_info *c)
{
	if (nonempty(o->server))
		set_str(&c->server, o->server);
	if (nonempty(o->certificate_authority))
		set_str(&c->ca_file, o->certificate_authority);
	if (o->insecure_skip_tls_verify == 1)
		c->insecure = true;
	if (nonempty(o->tls_server_name))
		set_str(&c->tls_server_name, o->tls_server_name);
	if (o->disable_compression)
		c->disable_compression = true;
	/*
	 * --insecure-skip-tls-verify or --certificate-authority drop the
	 * file's CA (and insecure flag); --server drops the file's
	 * tls-server-name unless --tls-server-name came too.
	 */
	if (o->insecure_skip_tls_verify == 1 || nonempty(o->certificate_authority)) {
		c->insecure = o->insecure_skip_tls_verify == 1;
		set_str(&c->ca_file, nonempty(o->certificate_authority) ?
			o->certificate_authority : NULL);
		FREE_AND_NULL(c->ca_data);
	}
	if (nonempty(o->tls_server_name) || nonempty(o->server))
		set_str(&c->tls_server_name, nonempty(o->tls_server_name) ?
			o->tls_server_name : NULL);
}

static bool cluster_overridden(const struct kube_overrides *o)
{
	return nonempty(o->server) || nonempty(o->certificate_authority) ||
	       o->insecure_skip_tls_verify == 1 || nonempty(o->tls_server_name) ||
	       o->disable_compression;
}

static void overlay_user(const struct kube_overrides *o, struct auth_info *a)
{
	const char *const *p;

	if (nonempty(o->token))
		set_secret(&a->token, o->token);
	if (nonempty(o->username))
		set_str(&a->username, o->username);
	if (nonempty(o->password))
		set_secret(&a->password, o->password);
	if (nonempty(o->client_certificate)) {
		set_str(&a->cert_file, o->client_certificate);
		FREE_AND_NULL(a->cert_data);
	}
	if (nonempty(o->client_key)) {
		set_str(&a->key_file, o->client_key);
		free_secret(a->key_data);
		a->key_data = NULL;
	}
	if (nonempty(o->as))
		set_str(&a->as, o->as);
	if (nonempty(o->as_uid))
		set_str(&a->as_uid, o->as_uid);
	if (o->as_groups && o->as_groups[0]) {
		strv_clear(&a->groups, false);
		for (p = o->as_groups; *p; p++)
			strv_push(&a->groups, *p);
	}
	/* flag keys replace that key's values; other keys stay (mergo) */
	for (p = o->as_user_extra; p && *p; p++) {
		const char *eq = strchr(*p, '=');
		char *key = eq ? xstrndup(*p, eq - *p) : xstrdup(*p);

		drop_extra(a, key);
		free(key);
	}
	for (p = o->as_user_extra; p && *p; p++) {
		const char *eq = strchr(*p, '=');
		char *key = eq ? xstrndup(*p, eq - *p) : xstrdup(*p);

		add_extra(a, key, eq ? eq + 1 : "");
		free(key);
	}
}

static int build_credentials(struct auth_info *a, const char *user_name,
			     struct rest_config *cfg, struct strbuf *err)
{
	bool basic = a->username || a->password;

	if (a->token) {
		cfg->token = a->token;
		a->token = NULL;
	} else if (a->token_file) {
		size_t len;
		char *buf = read_text_file(a->token_file, LIMIT_CONFIG_BYTES, &len);

		if (!buf) {
			strbuf_addf(err, "open %s: ", a->token_file);
			read_error(err, errno);
			return -1;
		}
		wipe(buf, len);
		free(buf);
		cfg->token_file = a->token_file;
		a->token_file = NULL;
	}
	if (a->cert_file || a->cert_data) {
		if (a->cert_data
		    ? decode_pem(a->cert_data, &cfg->client_cert_pem, false, a->origin,
				 "user", user_name, "client-certificate-data", err)
		    : read_pem_file(a->cert_file, &cfg->client_cert_pem, false, err))
			return -1;
		if (a->key_data
		    ? decode_pem(a->key_data, &cfg->client_key_pem, true, a->origin,
				 "user", user_name, "client-key-data", err)
		    : read_pem_file(a->key_file, &cfg->client_key_pem, true, err))
			return -1;
	}
	if (basic) {
		if (cfg->token || cfg->token_file) {
			strbuf_addstr(err, "username/password or bearer token may be set, but not both");
			return -1;
		}
		cfg->username = a->username ? a->username : xstrdup("");
		cfg->password = a->password ? a->password : xstrdup("");
		a->username = a->password = NULL;
	}
	if (a->auth_provider) {
		const char *n = a->auth_provider;

		if (!strcmp(n, "gcp")) {
			strbuf_addstr(err, "the gcp auth plugin has been removed: use the \"gke-gcloud-auth-plugin\" kubectl/client-go credential plugin (an exec plugin) instead");
			return -1;
		}
		if (!strcmp(n, "azure")) {
			strbuf_addstr(err, "the azure auth plugin has been removed: use the https://github.com/Azure/kubelogin kubectl/client-go credential plugin (an exec plugin) instead");
			return -1;
		}
		if (strcmp(n, "oidc")) {
			strbuf_addf(err, "auth-provider \"%s\" of user \"%s\" is not supported: use an exec credential plugin",
				    n, user_name ? user_name : "");
			return -1;
		}
		if (!cfg->token && !cfg->token_file && !basic) {
			if (!a->oidc_id_token) {
				strbuf_addf(err, "auth-provider \"oidc\" of user \"%s\" has no id-token and refreshing is not supported: use an exec credential plugin (e.g. kubelogin)",
					    user_name ? user_name : "");
				return -1;
			}
			cfg->token = a->oidc_id_token;
			a->oidc_id_token = NULL;
		}
	}
	/*
	 * An exec plugin is not used when the request already carries a
	 * token, basic or certificate auth ("kubectl get --token X" means X).
	 */
	if (a->exec && !cfg->token && !cfg->token_file && !basic &&
	    !cfg->client_cert_pem) {
		const char *v = a->exec->api_version;

		if (strcmp(v, EXEC_V1) && strcmp(v, EXEC_V1BETA1)) {
			strbuf_addf(err, "exec plugin: invalid apiVersion \"%s\"", v);
			return -1;
		}
		cfg->exec = a->exec;
		a->exec = NULL;
	}
	return 0;
}

int kubeconfig_load(const struct kube_overrides *o, struct rest_config *cfg,
		    struct strbuf *err)
{
	struct kc kc;
	struct cluster_info ci = { 0 };
	struct auth_info ai = { 0 };
	struct strv errs = { 0 };
	struct val ctx = val_absent();
	char *ctx_cluster = NULL, *ctx_user = NULL, *ctx_ns = NULL;
	const char *ctx_name, *cluster_name, *user_name;
	const char *master = getenv("KUBERNETES_MASTER");
	bool cluster_empty;
	long timeout_ms;
	int ret = -1;

	rest_config_init(cfg);
	kc_init(&kc);
	if (kube_parse_timeout(o->request_timeout, &timeout_ms, err) ||
	    load_files(o, &kc, err))
		goto out;

	ctx_name = nonempty(o->context) ? o->context : kc.current_context;
	if (ctx_name)
		ctx = val_get(kc.contexts.map, ctx_name);
	if (val_exists(ctx)) {
		char *where = xstrfmt("%s: context \"%s\"",
				      val_get_str(kc.contexts.origin, ctx_name),
				      ctx_name);
		int r = get_str(ctx, "cluster", &ctx_cluster, where, err) ||
			get_str(ctx, "user", &ctx_user, where, err) ||
			get_str(ctx, "namespace", &ctx_ns, where, err);

		free(where);
		if (r)
			goto out;
	}
	user_name = nonempty(o->user) ? o->user : ctx_user;
	cluster_name = nonempty(o->cluster) ? o->cluster : ctx_cluster;

	/* ClientConfig(): getAuthInfo, getContext, getCluster, in that order */
	if (nonempty(o->user) && !val_has(kc.users.map, o->user)) {
		strbuf_addf(err, "auth info \"%s\" does not exist", o->user);
		goto out;
	}
	if (nonempty(o->context) && !val_exists(ctx)) {
		strbuf_addf(err, "context \"%s\" does not exist", o->context);
		goto out;
	}
	if (nonempty(o->cluster) && !val_has(kc.clusters.map, o->cluster)) {
		strbuf_addf(err, "cluster \"%s\" does not exist", o->cluster);
		goto out;
	}

	if (nonempty(master))
		ci.server = xstrdup(master);
	if ((user_name && read_user(&kc, user_name, &ai, err)) ||
	    (cluster_name && read_cluster(&kc, cluster_name, &ci, err)))
		goto out;
	overlay_cluster(o, &ci);
	overlay_user(o, &ai);

	/* ConfirmUsable */
	if (ctx_name && !val_exists(ctx))
		add_errf(&errs, "context was not found for specified context: %s", ctx_name);
	validate_auth(user_name, &ai, &errs);
	cluster_empty = !ci.found && !nonempty(master) && !cluster_overridden(o);
	if (cluster_empty)
		add_errf(&errs, "cluster has no server defined");
	else
		validate_cluster(cluster_name, &ci, &errs);
	if (errs.nr == 1 && cluster_empty) {
		/* IsEmptyConfig: in-cluster, or nothing usable at all */
		if (in_cluster_possible()) {
			ret = load_in_cluster(o, timeout_ms, cfg, err);
			goto out;
		}
		no_config_error(&kc, ctx_name, val_exists(ctx), cluster_name, err);
		goto out;
	}
	if (errs.nr) {
		size_t i;

		strbuf_addstr(err, "invalid configuration: ");
		if (errs.nr > 1)
			strbuf_addch(err, '[');
		for (i = 0; i < errs.nr; i++)
			strbuf_addf(err, "%s%s", i ? ", " : "", errs.v[i]);
		if (errs.nr > 1)
			strbuf_addch(err, ']');
		goto out;
	}

	if (ctx_name)
		cfg->context = xstrdup(ctx_name);
	if (nonempty(cluster_name))
		cfg->cluster_name = xstrdup(cluster_name);
	if (nonempty(user_name))
		cfg->user_name = xstrdup(user_name);
	cfg->server = normalize_server(ci.server);
	cfg->disable_compression = ci.disable_compression;
	if (ci.proxy_url) {
		cfg->proxy_url = ci.proxy_url;
		ci.proxy_url = NULL;
	}
	if (ai.as) {
		cfg->impersonate_user = xstrdup(ai.as);
		if (ai.as_uid)
			cfg->impersonate_uid = xstrdup(ai.as_uid);
		cfg->impersonate_groups = strv_detach(&ai.groups);
		cfg->impersonate_extra = strv_detach(&ai.extra);
	}

	/* client-go only reads TLS and credentials for https servers */
	if (is_https(cfg->server)) {
		if (ci.ca_data
		    ? decode_pem(ci.ca_data, &cfg->ca_pem, false, ci.origin, "cluster",
				 cluster_name, "certificate-authority-data", err)
		    : ci.ca_file && read_pem_file(ci.ca_file, &cfg->ca_pem, false, err))
			goto out;
		cfg->insecure = ci.insecure;
		if (cfg->insecure && cfg->ca_pem) {
			strbuf_addstr(err, "specifying a root certificates file with the insecure flag is not allowed");
			goto out;
		}
		if (ci.tls_server_name) {
			cfg->tls_server_name = ci.tls_server_name;
			ci.tls_server_name = NULL;
		}
		if (build_credentials(&ai, user_name, cfg, err))
			goto out;
		if (cfg->exec && ci.ext_json) {
			cfg->exec->cluster_extension_json = ci.ext_json;
			ci.ext_json = NULL;
		}
	}

	if (nonempty(o->namespace)) {
		cfg->namespace = xstrdup(o->namespace);
		cfg->namespace_explicit = true;
	} else if (ctx_ns) {
		cfg->namespace = xstrdup(ctx_ns);
	} else if (in_cluster_possible()) {
		/* DeferredLoadingClientConfig.Namespace() falls back to the pod's */
		cfg->namespace = in_cluster_namespace();
	} else {
		cfg->namespace = xstrdup("default");
	}
	apply_common(o, timeout_ms, cfg);
	ret = 0;
out:
	if (ret)
		rest_config_release(cfg);
	val_release(&ctx);
	free(ctx_cluster);
	free(ctx_user);
	free(ctx_ns);
	strv_clear(&errs, false);
	cluster_info_release(&ci);
	auth_info_release(&ai);
	kc_release(&kc);
	return ret;
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int kubeconfig_names(const struct kube_overrides *o, enum kubeconfig_section what,
		     struct val *names, struct strbuf *err)
{
	struct kc kc;
	struct val_iter it;
	const struct named_map *section;
	const char **v = NULL;
	size_t n = 0, alloc = 0, i;

	*names = val_absent();
	kc_init(&kc);
	if (load_files(o, &kc, err)) {
		kc_release(&kc);
		return -1;
	}
	section = what == KUBECONFIG_CLUSTERS ? &kc.clusters :
		what == KUBECONFIG_USERS ? &kc.users : &kc.contexts;
	for (val_iter_init(&it, section->map); val_iter_next(&it); ) {
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = xstrdup(it.key);
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_cstr);
	*names = val_arr();
	for (i = 0; i < n; i++) {
		val_push_str(names, v[i]);
		free((char *)v[i]);
	}
	free(v);
	kc_release(&kc);
	return 0;
}

int kubeconfig_contexts(const struct kube_overrides *o, struct val *names,
			struct strbuf *err)
{
	return kubeconfig_names(o, KUBECONFIG_CONTEXTS, names, err);
}
