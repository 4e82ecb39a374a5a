#ifndef TAG_H
#define TAG_H

/*
 * kubectl sail tag: the decisions, kept pure for the unit tests
 * (plugins/tag/check.c); tag.c does the I/O.
 */

#include <stdbool.h>
#include <time.h>
#include "value.h"

struct meshref;
struct strbuf;

/*
 * May `tag set TAG` point TAG at the kind ("Istio" or "IstioRevision")
 * named name? cur is the existing IstioRevisionTag TAG (absent when none);
 * revisions and istios are every IstioRevision and Istio (arrays). 0 with
 * *revision (the caller frees it) the revision the tag will resolve to, or
 * -1 with one line in err naming what blocks it.
 */
int tag_check_set(const char *tag, const char *kind, const char *name,
		  bool overwrite, struct val cur, struct val revisions,
		  struct val istios, char **revision, struct strbuf *err);

/* The revision a tag resolves to: status.istioRevision, else its
 * targetRef resolved client-side (NULL when unknown). Caller frees. */
char *tag_revision_of(struct val tag, struct val istios);

/*
 * The rows of `tag list`: an array of objects {name, status, inUse,
 * revision, created, namespaces (array; only when m is not NULL)}, one per
 * tag and one per revision no tag resolves to (name ""), sorted by
 * revision, then name.
 */
struct val tag_list_rows(struct val tags, struct val revisions,
			 struct val istios, const struct meshref *m);

/* The table of rows (NAMESPACES with wide), ages relative to now. */
void tag_list_table(struct val rows, bool wide, bool no_headers, time_t now,
		    struct strbuf *out);

/* Why remove must refuse: one line naming the namespaces and pods (and,
 * with auto_inject, that the tag "default" injects every namespace: its
 * revision has sidecarInjectorWebhook.enableNamespacesByDefault), or
 * nothing (out untouched, false). */
bool tag_remove_blocked(const char *tag, struct val namespaces, struct val pods,
			bool auto_inject, struct strbuf *out);

/* Does the tag default inject every namespace? True when tag is "default"
 * and the revision it resolves to (among revisions) has
 * spec.values.sidecarInjectorWebhook.enableNamespacesByDefault true (§8.3). */
bool tag_auto_injects(const char *tag, struct val tag_obj, struct val revisions,
		      struct val istios);

#endif
