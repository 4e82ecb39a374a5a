#include "sail.h"
#include "session.h"
#include "api.h"
#include "cliflags.h"
#include "options.h"

void cli_kube_overrides(const struct cli *cli, struct kube_overrides *o)
{
	struct kube_overrides init = KUBE_OVERRIDES_INIT;

	*o = init;
	o->kubeconfig = cli_str(cli, GOPT_KUBECONFIG);
	o->context = cli_str(cli, GOPT_CONTEXT);
	o->cluster = cli_str(cli, GOPT_CLUSTER);
	o->user = cli_str(cli, GOPT_USER);
	o->namespace = cli_str(cli, GOPT_NAMESPACE);
	o->server = cli_str(cli, GOPT_SERVER);
	o->token = cli_str(cli, GOPT_TOKEN);
	o->certificate_authority = cli_str(cli, GOPT_CERTIFICATE_AUTHORITY);
	o->client_certificate = cli_str(cli, GOPT_CLIENT_CERTIFICATE);
	o->client_key = cli_str(cli, GOPT_CLIENT_KEY);
	o->tls_server_name = cli_str(cli, GOPT_TLS_SERVER_NAME);
	o->username = cli_str(cli, GOPT_USERNAME);
	o->password = cli_str(cli, GOPT_PASSWORD);
	o->as = cli_str(cli, GOPT_AS);
	o->as_uid = cli_str(cli, GOPT_AS_UID);
	if (cli_set(cli, GOPT_AS_GROUP))
		o->as_groups = cli_list(cli, GOPT_AS_GROUP);
	if (cli_set(cli, GOPT_AS_USER_EXTRA))
		o->as_user_extra = cli_list(cli, GOPT_AS_USER_EXTRA);
	if (cli_set(cli, GOPT_INSECURE_SKIP_TLS_VERIFY))
		o->insecure_skip_tls_verify = cli_bool(cli, GOPT_INSECURE_SKIP_TLS_VERIFY);
	o->request_timeout = cli_str(cli, GOPT_REQUEST_TIMEOUT);
	o->verbosity = (int)cli_int(cli, GOPT_V);
	o->disable_compression = cli_bool(cli, GOPT_DISABLE_COMPRESSION);
	o->warnings_as_errors = cli_bool(cli, GOPT_WARNINGS_AS_ERRORS);
}

int session_open_context(struct session *s, const struct cli *cli,
			 const char *context, struct strbuf *err)
{
	struct kube_overrides o;

	memset(s, 0, sizeof(*s));
	cli_kube_overrides(cli, &o);
	if (context)
		o.context = context;
	if (kubeconfig_load(&o, &s->cfg, err))
		return -1;
	s->api = api_new(&s->cfg);
	s->open = true;
	return 0;
}

int session_open(struct session *s, const struct cli *cli, struct strbuf *err)
{
	return session_open_context(s, cli, NULL, err);
}

void session_close(struct session *s)
{
	if (!s->open)
		return;
	api_free(s->api);
	rest_config_release(&s->cfg);
	s->open = false;
}
