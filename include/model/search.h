/*
 * model/search: full-text search (search.c) over master tasks, roles and
 * messages, in the FTS5 indexes migration 0012 made and its triggers keep
 * current. Danish text: case folds, æ ø å stay letters of their own.
 * What a caller may find is decided here, by the statement chosen for
 * their scope: KOMBIT finds every KOMBIT master task and every message; a
 * municipality finds the published master tasks of the projects it
 * reads, its own local tasks, its own messages and the broadcasts to its
 * waves and readable projects — never another municipality's. Roles are
 * public. Snippets mark hits with \x01 … \x02 around the matched words
 * (the caller turns them into markup after escaping the text).
 */
#ifndef KLIKD_MODEL_SEARCH_H
#define KLIKD_MODEL_SEARCH_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"

/* Who searches. */
struct search_scope {
    bool central;         /* a KOMBIT user */
    int64_t org_id;       /* else their municipality */
    const char *projects; /* and the projects they read, as a JSON array text */
};

/* The FTS5 query for what a user typed: each word (a run of letters and
 * digits) quoted and matched as a prefix, all words required. NULL when
 * q has no word. Caller frees. */
char *search_fts_query(const char *q);

/* Hits of the FTS5 query fts (from search_fts_query), at most limit of
 * each kind, best first, as {"roles": [{slug, name, snippet}], "tasks":
 * [{id, task_id, local, title, snippet}], "messages": [{id, task_id,
 * wave_id, master_task_id, title, snippet}]}. New reference; NULL on
 * failure. */
json_t *search_run(struct db *db, const struct search_scope *scope, const char *fts,
                   int64_t limit);

#endif
