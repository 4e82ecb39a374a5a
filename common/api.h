#ifndef API_H
#define API_H

/*
 * The Kubernetes API on top of http.c: REST mapping with discovery as the
 * fallback, get/list (paged)/create/server-side apply/patch/delete, watch
 * streams and "wait until" loops, and errors decoded and worded exactly as
 * kubectl words them.
 *
 * Ownership: struct api borrows its rest_config (which must outlive it)
 * and owns the mappings it discovered (valid until api_free). Objects
 * passed in are borrowed; struct val results are the caller's
 * (val_release). A struct api_error is the caller's: initialise with
 * API_ERROR_INIT, release with api_error_release (also between reuses).
 */

#include <stdbool.h>
#include <stddef.h>
#include "value.h"
#include "restmap.h"
#include "http.h"

struct rest_config;
struct api;

#define API_FIELD_MANAGER "kubectl-sail"

/* ------------------------------------------------------------ errors */

enum api_error_kind {
	API_ERR_NONE,
	API_ERR_STATUS,		/* the server answered with a kind: Status */
	API_ERR_RESPONSE,	/* a response that is not a usable Status/object */
	API_ERR_TRANSPORT,	/* no response: refused, TLS, timeout... */
	API_ERR_MAPPING,	/* no resource type for a kind or name */
	API_ERR_TIMEOUT,	/* api_wait_for's deadline passed */
	API_ERR_LOCAL,		/* anything else (bad input, a callback) */
};

struct api_cause {
	char *type;		/* "FieldManagerConflict", "FieldValueInvalid" */
	char *message;
	char *field;
};

struct api_error {
	enum api_error_kind kind;
	enum http_fail transport;	/* with API_ERR_TRANSPORT */
	long code;		/* HTTP status (Status.code when given) */
	char *reason;		/* Status.reason: "NotFound", "Conflict"... or NULL */
	char *message;		/* one line (Status.message, or ours) */
	char *details_kind;	/* Status.details */
	char *details_name;
	char *details_group;
	bool has_details;	/* the Status had a details member */
	struct api_cause *causes;
	size_t nr_causes;
	long retry_after;	/* details.retryAfterSeconds, -1 when absent */
	char *method;
	char *url;
};
#define API_ERROR_INIT { .kind = API_ERR_NONE, .retry_after = -1 }

void api_error_release(struct api_error *e);
/* Set a local error (replaces any earlier one). */
void api_errorf(struct api_error *e, enum api_error_kind kind,
		const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Does the error carry this Status reason ("NotFound", "AlreadyExists",
 * "Conflict", "Invalid", "Forbidden", "Unauthorized", "Gone", "Expired")? */
bool api_error_is(const struct api_error *e, const char *reason);

/*
 * The text kubectl prints for this error, with its own prefix and without a
 * final newline:
 *   Error from server (NotFound): istios.sailoperator.io "x" not found
 *   Error from server: <message>                (a Status without reason)
 *   error: You must be logged in to the server (Unauthorized)
 *   The Istio "x" is invalid: spec.version: Unsupported value: ...
 *   The Istio "x" is invalid: \n* cause\n* cause (several causes)
 *   The connection to the server HOST:PORT was refused - did you specify
 *     the right host or port?
 *   Unable to connect to the server: <reason>  (a timeout too)
 *   error: <message>                            (everything else)
 */
void api_error_render(const struct api_error *e, struct strbuf *out);
/* As kubectl apply --server-side words it: a 409 gets kubectl's paragraph
 * on field-manager conflicts and --force-conflicts after the message. */
void api_error_render_apply(const struct api_error *e, struct strbuf *out);
/* api_error_render plus a newline, to stderr (or the diagnostic hook). */
void api_error_print(const struct api_error *e);
/* api_error_render, then die with it: for commands that cannot go on. */
SAIL_NORETURN void api_error_die(const struct api_error *e);
/* The manager named by a FieldManagerConflict cause ("conflict with
 * \"A\" using v1") into out; false when the cause has another form. */
bool api_conflict_manager(const struct api_cause *c, struct strbuf *out);
/* Is e a field-manager conflict whose every cause names one of our own
 * managers (API_FIELD_MANAGER, or a name starting with it)? Such a
 * conflict is ours to settle; anyone else's needs --force-conflicts. */
bool api_conflicts_ours(const struct api_error *e);

/*
 * Decode a non-2xx response (or an unusable 2xx one) into e. Pure: used by
 * every operation and by the unit tests. A Status body is taken as is; a
 * 401 without one reads as kubectl's Unauthorized; anything else (HTML
 * from a proxy, a truncated body, JSON that is not a Status, an empty
 * body) becomes one API_ERR_RESPONSE line naming the status and the URL,
 * with reason still derived from the code so api_error_is() works.
 */
void api_error_from_response(struct api_error *e, long code,
			     const char *content_type, const char *body,
			     size_t len, const char *method, const char *url);

/* ------------------------------------------------------------ handle */

struct api *api_new(struct rest_config *cfg);
void api_free(struct api *a);
struct rest_config *api_config(struct api *a);

/* ------------------------------------------------------------ mapping */

/* Kind + apiVersion: the built-in table, else discovery. On failure:
 * API_ERR_MAPPING `the server doesn't have a resource type for kind "X"
 * in "group/version"` (or the discovery request's own error). */
int api_resolve_kind(struct api *a, const char *api_version, const char *kind,
		     const struct rest_mapping **out, struct api_error *err);
/* A command-line resource name (see restmap_by_name), else discovery. */
int api_resolve_name(struct api *a, const char *name,
		     const struct rest_mapping **out, struct api_error *err);
/* The mapping for an object's own apiVersion and kind. */
int api_resolve_object(struct api *a, struct val obj,
		       const struct rest_mapping **out, struct api_error *err);

/* ------------------------------------------------------------ URLs */

/*
 * /api/v1[/namespaces/NS]/RESOURCE[/NAME][/SUBRESOURCE] or
 * /apis/GROUP/VERSION/..., segments percent-escaped. ns is ignored for
 * cluster-scoped mappings; NULL ns on a namespaced one means all
 * namespaces. subresource NULL takes the mapping's own (TokenRequest).
 */
void api_path(const struct rest_mapping *m, const char *ns, const char *name,
	      const char *subresource, struct strbuf *out);

/* Query parameters, encoded as Go's url.Values.Encode: sorted by key,
 * QueryEscape'd ("a b" -> "a+b"). */
struct api_query {
	struct api_query_param { char *key, *value; } *p;
	size_t nr, alloc;
};
#define API_QUERY_INIT { NULL, 0, 0 }
void api_query_add(struct api_query *q, const char *key, const char *value);
/* Appends "?k=v&..." (nothing when empty). */
void api_query_encode(const struct api_query *q, struct strbuf *out);
void api_query_release(struct api_query *q);

/* ------------------------------------------------------------ operations */

/*
 * Any request with a JSON answer: path is the full path with query; body
 * may be absent (val_absent()); *out receives the decoded 2xx body (absent
 * when empty) and may be NULL.
 */
int api_request(struct api *a, const char *method, const char *path,
		const char *accept, const char *content_type, struct val body,
		struct val *out, struct api_error *err);

int api_get(struct api *a, const struct rest_mapping *m, const char *ns,
	    const char *name, struct val *out, struct api_error *err);

/* api_get, except that NotFound is not an error: 0 with *out absent. */
int api_get_optional(struct api *a, const struct rest_mapping *m, const char *ns,
		     const char *name, struct val *out, struct api_error *err);

struct api_list_opts {
	const char *label_selector;
	const char *field_selector;
	long limit;		/* page size; 0: 500 (kubectl's); < 0: no paging */
	bool metadata_only;	/* PartialObjectMetadataList (json fallback) */
	const char *resource_version;	/* first page only */
};

/*
 * Called once per page with the list object (borrowed: items, metadata).
 * restarted is true on the first page after the continue token expired
 * (410) and the list started over: drop what the earlier pages gave.
 * Return 0 to go on, non-zero to stop (api_list then returns it).
 */
typedef int (*api_page_fn)(void *ctx, struct val list, bool restarted);

/* A paginated list; ns NULL lists all namespaces. 0, the callback's
 * non-zero value, or -1 with err. */
int api_list(struct api *a, const struct rest_mapping *m, const char *ns,
	     const struct api_list_opts *o, api_page_fn fn, void *ctx,
	     struct api_error *err);
/* Every item in one array (*items), and the list's resourceVersion in *rv
 * (may be NULL; the caller frees it). */
int api_list_all(struct api *a, const struct rest_mapping *m, const char *ns,
		 const struct api_list_opts *o, struct val *items, char **rv,
		 struct api_error *err);
/* A server-side Table (kubectl get's columns) of a list (name NULL) or of
 * one object; an old server's plain answer is returned as is. */
int api_table(struct api *a, const struct rest_mapping *m, const char *ns,
	      const char *name, const struct api_list_opts *o, struct val *out,
	      struct api_error *err);

int api_create(struct api *a, const struct rest_mapping *m, const char *ns,
	       struct val obj, bool dry_run, struct val *out,
	       struct api_error *err);

struct api_apply_opts {
	const char *field_manager;	/* NULL: API_FIELD_MANAGER */
	bool force;			/* --force-conflicts */
	bool dry_run;			/* dryRun=All */
	const char *field_validation;	/* "Strict", "Warn", "Ignore"; NULL: server default */
	const char *subresource;	/* "status"... */
};
/*
 * Server-side apply of obj (PATCH application/apply-patch+yaml with a JSON
 * body). The name comes from obj; the namespace from obj, else ns, for
 * namespaced kinds. A 409 is never retried: err keeps the
 * FieldManagerConflict causes (api_error_render_apply).
 */
int api_apply(struct api *a, const struct rest_mapping *m, const char *ns,
	      struct val obj, const struct api_apply_opts *o, struct val *out,
	      struct api_error *err);

enum api_patch_type {
	API_PATCH_MERGE,	/* application/merge-patch+json */
	API_PATCH_JSON,		/* application/json-patch+json */
};
int api_patch(struct api *a, const struct rest_mapping *m, const char *ns,
	      const char *name, enum api_patch_type type, struct val patch,
	      const char *subresource, bool dry_run, struct val *out,
	      struct api_error *err);

/* propagation: "Foreground", "Background", "Orphan" or NULL (server
 * default). *out (may be NULL) gets the answer (the object or a Status). */
int api_delete(struct api *a, const struct rest_mapping *m, const char *ns,
	       const char *name, const char *propagation, bool dry_run,
	       struct val *out, struct api_error *err);

/* ------------------------------------------------------------ watch */

/*
 * Called per event: type "ADDED", "MODIFIED" or "DELETED" (bookmarks only
 * move the resourceVersion and are not passed on), object borrowed.
 * Return 0 to go on, > 0 to stop (api_watch returns it), < 0 to fail (set
 * err, or a generic message is used).
 */
typedef int (*api_event_fn)(void *ctx, const char *type, struct val object,
			    struct api_error *err);

struct api_watch_opts {
	const char *label_selector;
	const char *field_selector;
	const char *resource_version;	/* NULL: current state as ADDED events first */
	long timeout_ms;		/* overall; 0: until stopped */
	long server_timeout_s;		/* per watch request; 0: 300 */
};

/*
 * Watch as a stream, re-watching from the last resourceVersion when the
 * server closes the stream, and re-listing when it answers 410 Gone (every
 * existing object is then delivered again as ADDED, as a fresh watch
 * would). Returns the callback's positive value, 0 when timeout_ms passed,
 * or -1 with err.
 */
int api_watch(struct api *a, const struct rest_mapping *m, const char *ns,
	      const struct api_watch_opts *o, api_event_fn fn, void *ctx,
	      struct api_error *err);

/*
 * Predicate for api_wait_for: obj is absent while the object does not
 * exist. Return > 0 when satisfied, 0 to keep waiting (say why in why:
 * the timeout message repeats the last reason), < 0 to fail with why as
 * the message.
 */
typedef int (*api_pred_fn)(void *ctx, struct val obj, struct strbuf *why);

/* A predicate satisfied once the object no longer exists ("it still
 * exists" otherwise). */
int api_pred_gone(void *ctx, struct val obj, struct strbuf *why);

/*
 * Get NAME (by a list with fieldSelector metadata.name=NAME), then watch it
 * until pred holds or timeout_ms passes. 0 when satisfied (*last, which
 * may be NULL, gets the object, absent if deleted); -1 with err otherwise:
 * API_ERR_TIMEOUT "timed out waiting for the condition on RESOURCE/NAME"
 * (plus ": why") when the time ran out.
 */
int api_wait_for(struct api *a, const struct rest_mapping *m, const char *ns,
		 const char *name, api_pred_fn pred, void *ctx, long timeout_ms,
		 struct val *last, struct api_error *err);

/*
 * kubectl wait --for=condition=TYPE=STATUS: true when status.conditions has
 * TYPE with STATUS (case-insensitive) and, when the condition carries
 * observedGeneration, it equals metadata.generation. Otherwise false, with
 * the reason in why (may be NULL).
 */
bool api_condition_met(struct val obj, const char *type, const char *status,
		       struct strbuf *why);

/* Each of obj's status.conditions that is not True, as "TYPE STATUS
 * (REASON): MESSAGE" (empty parts left out), joined by "; ", appended to
 * out. Nothing when every condition is True. */
void api_conditions_describe(struct val obj, struct strbuf *out);

#endif
