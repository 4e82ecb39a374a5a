/*
 * kubectl sail status --watch: redraw whenever something the view depends
 * on changes. One child process per kind holds a watch stream (from the
 * list's current resourceVersion, so existing objects do not count as
 * changes) and writes a byte to a shared pipe per event; the parent waits
 * on the pipe, lets a burst of events settle for a moment, then reads the
 * status again and redraws. No polling of the API server.
 */
#include "sail.h"
#include "status/status.h"
#include "api.h"
#include "options.h"
#include "output.h"
#include "session.h"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>

#define SETTLE_MS 300

static const char *const kinds[][2] = {
	{ "sailoperator.io/v1", "Istio" },
	{ "sailoperator.io/v1", "IstioRevision" },
	{ "sailoperator.io/v1", "IstioRevisionTag" },
	{ "sailoperator.io/v1", "IstioCNI" },
	{ "sailoperator.io/v1", "ZTunnel" },
	{ "v1", "Namespace" },
	{ "v1", "Pod" },
	{ "v1", "ConfigMap" },
};

static int grab_rv(void *ctx, struct val list, bool restarted)
{
	const char *rv = val_dig_str(list, "metadata", "resourceVersion", NULL);

	(void)restarted;
	*(char **)ctx = rv ? xstrdup(rv) : NULL;
	return 1;	/* one page is enough */
}

static int on_event(void *ctx, const char *type, struct val obj, struct api_error *err)
{
	int fd = *(int *)ctx;

	(void)type;
	(void)obj;
	(void)err;
	return write(fd, "x", 1) == 1 ? 0 : 1;
}

/* A child: watch one kind until the parent goes away. */
static void watcher(struct cli *cli, const char *api_version, const char *kind, int fd)
{
	struct strbuf err = STRBUF_INIT;
	struct api_list_opts lo = { .limit = 1, .metadata_only = true };
	struct api_error e = API_ERROR_INIT;
	const struct rest_mapping *m;
	struct session s;
	char *rv = NULL;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (session_open(&s, cli, &err) || api_resolve_kind(s.api, api_version, kind, &m, &e) ||
	    api_list(s.api, m, NULL, &lo, grab_rv, &rv, &e) < 0)
		_exit(0);	/* a kind the cluster lacks never changes */
	for (;;) {
		struct api_watch_opts wo = { .resource_version = rv };

		if (api_watch(s.api, m, NULL, &wo, on_event, &fd, &e) != 0) {
			api_error_print(&e);
			_exit(1);
		}
	}
}

static void draw(struct session *s, const struct status_opts *so, struct output *o,
		 bool no_headers, int round)
{
	struct status_result r = { 0 };
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct val results = val_arr();

	r.context = xstrdup(s->cfg.context ? s->cfg.context : "");
	status_collect(s->api, so, &r);
	if (r.error) {
		fprintf(stderr, "%s\n", r.error);
	} else if (o->format == OUTPUT_DEFAULT || o->format == OUTPUT_WIDE) {
		struct val one = val_obj();

		val_set_str(&one, "context", r.context);
		val_set(&one, "doc", r.doc);
		val_set(&one, "tables", r.tables);
		val_push_take(&results, one);
		if (isatty(1))
			strbuf_addstr(&out, "\033[H\033[2J");
		else if (round)
			strbuf_addch(&out, '\n');
		status_render(results, no_headers, time(NULL), &out);
		fputs(out.buf, stdout);
	} else if (output_print(o, r.doc, stdout, &err)) {
		die("%s", err.buf);
	}
	fflush(stdout);
	val_release(&results);
	status_result_release(&r);
	strbuf_release(&out);
	strbuf_release(&err);
}

int status_watch(struct cli *cli, const struct status_opts *so, struct output *o,
		 bool no_headers)
{
	struct strbuf err = STRBUF_INIT;
	struct session s;
	struct pollfd pfd;
	int p[2], round = 0;
	size_t i;
	char buf[256];

	if (session_open(&s, cli, &err))
		die("%s", err.buf);
	if (pipe(p))
		die_errno("pipe");
	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		pid_t pid = fork();

		if (pid < 0)
			die_errno("fork");
		if (!pid) {
			close(p[0]);
			watcher(cli, kinds[i][0], kinds[i][1], p[1]);
		}
	}
	close(p[1]);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	for (;;) {
		draw(&s, so, o, no_headers, round++);
		/* wait for a change, then for the burst to settle */
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			die_errno("poll");
		do {
			if (read(p[0], buf, sizeof(buf)) <= 0)
				die("status --watch: the watch streams ended");
		} while (poll(&pfd, 1, SETTLE_MS) > 0);
	}
}
