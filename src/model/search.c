/*
 * search: full-text search over master tasks, roles and messages (see
 * model/search.h). Each kind has one statement per scope, so a
 * municipality's query never has a way to reach another municipality's
 * rows: the FTS5 index finds the hits, and each hit's own row is joined
 * and tested against the caller's organisation. The words typed are
 * bound, never put into SQL; FTS5 query syntax in them is neutralised by
 * quoting each word.
 */
#include <string.h>

#include "model/search.h"
#include "model/stmts.h"
#include "util.h"

char *search_fts_query(const char *q)
{
    struct buf b = {0};
    const unsigned char *s = (const unsigned char *)(q ? q : "");
    while (*s) {
        /* a word: ASCII letters and digits, and every non-ASCII byte (æøå…) */
        size_t n = 0;
        while (s[n] && (s[n] >= 0x80 || (s[n] >= '0' && s[n] <= '9') ||
                        ((s[n] | 0x20) >= 'a' && (s[n] | 0x20) <= 'z'))) {
            n++;
        }
        if (n) {
            buf_printf(&b, "%s\"%.*s\"*", b.len ? " " : "", (int)n, (const char *)s);
            s += n;
        } else {
            s++;
        }
    }
    return b.len ? buf_take(&b) : (buf_free(&b), NULL);
}

/* The text around the hits of the column that has most of them (-1), or of col. */
#define SNIP(t, col) "snippet(" t ", " col ", char(1), char(2), '…', 24) AS snippet"

static const char sql_roles[] =
    "SELECT r.slug, r.name, " SNIP("search_roles", "-1") " FROM search_roles"
    " JOIN roles r ON r.id = search_roles.rowid"
    " WHERE search_roles MATCH ?1 ORDER BY search_roles.rank LIMIT ?2";
static const char sql_tasks_all[] =
    "SELECT m.id, NULL AS task_id, 0 AS \"local:bool\", m.title,"
    " " SNIP("search_master_tasks", "-1") " FROM search_master_tasks"
    " JOIN master_tasks m ON m.id = search_master_tasks.rowid"
    " WHERE search_master_tasks MATCH ?1 AND m.organisation_id IS NULL"
    " ORDER BY search_master_tasks.rank LIMIT ?2";
static const char sql_tasks_read[] =
    "SELECT m.id, NULL AS task_id, 0 AS \"local:bool\", m.title,"
    " " SNIP("search_master_tasks", "-1") " FROM search_master_tasks"
    " JOIN master_tasks m ON m.id = search_master_tasks.rowid"
    " WHERE search_master_tasks MATCH ?1 AND m.organisation_id IS NULL"
    " AND m.state = 'published' AND m.project_id IN"
    " (SELECT p.id FROM json_each(?2) j JOIN projects p ON p.code = j.value)"
    " ORDER BY search_master_tasks.rank LIMIT ?3";
static const char sql_tasks_local[] =
    "SELECT m.id, (SELECT t.id FROM tasks t WHERE t.master_task_id = m.id"
    " AND t.organisation_id = ?2) AS task_id, 1 AS \"local:bool\", m.title,"
    " " SNIP("search_master_tasks", "-1") " FROM search_master_tasks"
    " JOIN master_tasks m ON m.id = search_master_tasks.rowid"
    " WHERE search_master_tasks MATCH ?1 AND m.organisation_id = ?2"
    " ORDER BY search_master_tasks.rank LIMIT ?3";

#define MSG_COLUMNS                                                                        \
    "SELECT g.id, g.task_id, g.wave_id, g.master_task_id,"                                 \
    " CASE WHEN g.task_id IS NOT NULL THEN (SELECT m.title FROM tasks t"                   \
    " JOIN master_tasks m ON m.id = t.master_task_id WHERE t.id = g.task_id)"              \
    " WHEN g.wave_id IS NOT NULL THEN (SELECT w.name FROM waves w WHERE w.id = g.wave_id)" \
    " ELSE (SELECT m.title FROM master_tasks m WHERE m.id = g.master_task_id) END AS title," \
    " " SNIP("search_messages", "0") " FROM search_messages"                               \
    " JOIN messages g ON g.id = search_messages.rowid WHERE search_messages MATCH ?1"

static const char sql_messages_all[] =
    MSG_COLUMNS " ORDER BY search_messages.rank LIMIT ?2";
/* A municipality's own messages, and the broadcasts (no organisation, on
 * no task) to a wave it is a member of or on a master task of a project
 * it reads. */
static const char sql_messages_own[] =
    MSG_COLUMNS " AND (g.organisation_id = ?2 OR (g.organisation_id IS NULL"
    " AND g.task_id IS NULL AND (g.wave_id IN (SELECT wm.wave_id FROM wave_members wm"
    " WHERE wm.organisation_id = ?2) OR g.master_task_id IN (SELECT m.id FROM master_tasks m"
    " JOIN projects p ON p.id = m.project_id JOIN json_each(?3) j ON j.value = p.code"
    " WHERE m.organisation_id IS NULL))))"
    " ORDER BY search_messages.rank LIMIT ?4";

/* The tasks a scope finds: KOMBIT's master tasks, or the readable ones
 * and the municipality's own local ones. NULL on failure. */
static json_t *find_tasks(struct db *db, const struct search_scope *sc, const char *fts,
                          int64_t limit)
{
    if (sc->central) {
        return db_rows(db, sql_tasks_all, "ti", fts, limit);
    }
    json_t *read = db_rows(db, sql_tasks_read, "tti", fts, sc->projects, limit);
    json_t *local = db_rows(db, sql_tasks_local, "tii", fts, sc->org_id, limit);
    if (!read || !local) {
        json_decref(read);
        json_decref(local);
        return NULL;
    }
    json_array_extend(local, read);
    json_decref(read);
    return local;
}

json_t *search_run(struct db *db, const struct search_scope *sc, const char *fts, int64_t limit)
{
    json_t *roles = db_rows(db, sql_roles, "ti", fts, limit);
    json_t *tasks = find_tasks(db, sc, fts, limit);
    json_t *messages = sc->central
                           ? db_rows(db, sql_messages_all, "ti", fts, limit)
                           : db_rows(db, sql_messages_own, "titi", fts, sc->org_id,
                                     sc->projects, limit);
    if (!roles || !tasks || !messages) {
        json_decref(roles);
        json_decref(tasks);
        json_decref(messages);
        return NULL;
    }
    return json_pack("{s:o,s:o,s:o}", "roles", roles, "tasks", tasks, "messages", messages);
}

const struct model_stmt search_stmts[] = {
    {"search.roles", sql_roles, false},
    {"search.tasks_all", sql_tasks_all, false},
    {"search.tasks_read", sql_tasks_read, false},
    {"search.tasks_local", sql_tasks_local, false},
    {"search.messages_all", sql_messages_all, false},
    {"search.messages_own", sql_messages_own, false},
};
const size_t nsearch_stmts = NELEM(search_stmts);
