/*
 * db tools: operations on a whole connection that are not statement
 * helpers — online backups, query plans for tests, and running a script of
 * statements (migrations). Errors are latched like every other db failure.
 * Nothing here runs SQL built from values: a plan is asked for a constant
 * SQL text, a script is a migration file.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "util.h"

int db_backup(struct db *db, const char *path)
{
    sqlite3 *out = NULL;
    if (sqlite3_open_v2(path, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        char *msg = xasprintf("cannot open %s: %s", path, out ? sqlite3_errmsg(out) : "?");
        db_latch_msg(db, msg);
        free(msg);
        sqlite3_close(out);
        return -1;
    }
    sqlite3_backup *b = sqlite3_backup_init(out, "main", db_handle(db), "main");
    int rc = SQLITE_ERROR;
    if (b) {
        while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY ||
               rc == SQLITE_LOCKED) {
            if (rc != SQLITE_OK) {
                sqlite3_sleep(20);
            }
        }
        sqlite3_backup_finish(b);
    }
    if (rc != SQLITE_DONE) {
        char *what = xasprintf("backup to %s", path);
        db_latch_sqlite(db, what, out);
        free(what);
        sqlite3_close(out);
        return -1;
    }
    sqlite3_close(out);
    return 0;
}

/* Depth of plan node id among the rows seen so far (ids[i] has parent
 * parents[i]); 0 for a node under the root. */
static int depth(const int *ids, const int *parents, size_t n, int parent)
{
    int d = 0;
    while (parent != 0 && d < 64) {
        size_t i = 0;
        while (i < n && ids[i] != parent) {
            i++;
        }
        if (i == n) {
            break;
        }
        d++;
        parent = parents[i];
    }
    return d;
}

/* Steps an EXPLAIN QUERY PLAN statement into an array of indented detail
 * lines (new reference); NULL on failure (latched). */
static json_t *plan_rows(struct db *db, sqlite3_stmt *st)
{
    json_t *lines = json_array();
    size_t n = 0, cap = 16;
    int *ids = xmalloc(cap * sizeof *ids), *parents = xmalloc(cap * sizeof *parents);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int id = sqlite3_column_int(st, 0), parent = sqlite3_column_int(st, 1);
        const char *detail = (const char *)sqlite3_column_text(st, 3);
        int d = depth(ids, parents, n, parent);
        char *line = xasprintf("%*s%s", 2 * d, "", detail ? detail : "");
        json_array_append_new(lines, json_string(line));
        free(line);
        if (n == cap) {
            cap *= 2;
            ids = xrealloc(ids, cap * sizeof *ids);
            parents = xrealloc(parents, cap * sizeof *parents);
        }
        ids[n] = id;
        parents[n++] = parent;
    }
    free(ids);
    free(parents);
    if (rc != SQLITE_DONE) {
        db_latch_sqlite(db, "plan", db_handle(db));
        json_decref(lines);
        return NULL;
    }
    return lines;
}

json_t *db_plan(struct db *db, const char *sql)
{
    static const char prefix[] = "EXPLAIN QUERY PLAN ";
    size_t plen = sizeof prefix - 1, slen = strlen(sql);
    char *text = xmalloc(plen + slen + 1);
    memcpy(text, prefix, plen);
    memcpy(text + plen, sql, slen + 1);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db_handle(db), text, -1, &st, NULL);
    free(text);
    if (rc != SQLITE_OK) {
        db_latch_sqlite(db, "plan", db_handle(db));
        sqlite3_finalize(st);
        return NULL;
    }
    json_t *lines = plan_rows(db, st);
    sqlite3_finalize(st);
    return lines;
}

int db_script(struct db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg) != SQLITE_OK) {
        if (msg) {
            db_latch_msg(db, msg);
        } else {
            db_latch_sqlite(db, "script", db_handle(db));
        }
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}
