/*
 * db: connection, statement cache, error latch, binding and row conversion
 * (see db.h). A connection belongs to one thread at a time; the cache maps
 * the address of a constant SQL text to its prepared statement. This file
 * never builds SQL from values; the only SQL text run that is not a bound
 * statement is a migration script (migrate.c, through db_script()).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "util.h"

struct cached {
    const char *sql;    /* key: the address of a constant SQL text */
    sqlite3_stmt *stmt; /* prepared once, persistent */
};

struct db {
    sqlite3 *h;           /* the connection */
    struct cached *cache; /* open addressing table */
    size_t ncache;        /* slots used */
    size_t cap;           /* slots allocated (power of two) */
    char *err;            /* the latched error's message (owned), NULL if none */
    bool constraint;      /* the latched error is a constraint violation */
};

/* The process-wide maker of ":html" values; NULL: plain strings. */
static json_t *(*html_hook)(const char *html, size_t len);

/* Latches msg (taken over) unless an error is latched already, in which
 * case msg is freed: the first error is the one worth reporting. */
static void latch(struct db *db, char *msg, bool constraint)
{
    if (db->err) {
        free(msg);
        return;
    }
    db->err = msg;
    db->constraint = constraint;
}

void db_latch_sqlite(struct db *db, const char *what, sqlite3 *h)
{
    int ext = sqlite3_extended_errcode(h);
    latch(db, xasprintf("%s: %s", what, sqlite3_errmsg(h)), (ext & 0xff) == SQLITE_CONSTRAINT);
}

void db_latch_msg(struct db *db, const char *msg)
{
    latch(db, xstrdup(msg), false);
}

sqlite3 *db_handle(struct db *db)
{
    return db->h;
}

struct db *db_open(const char *path, char **err)
{
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(path, &h,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             NULL);
    if (rc != SQLITE_OK) {
        *err = xasprintf("cannot open %s: %s", path, h ? sqlite3_errmsg(h) : "out of memory");
        sqlite3_close(h);
        return NULL;
    }
    sqlite3_busy_timeout(h, 5000);
    static const char *const pragmas =
        "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
        "PRAGMA temp_store=MEMORY;";
    char *msg = NULL;
    if (sqlite3_exec(h, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
        *err = xasprintf("cannot set up %s: %s", path, msg ? msg : "unknown error");
        sqlite3_free(msg);
        sqlite3_close(h);
        return NULL;
    }
    struct db *db = xcalloc(1, sizeof *db);
    db->h = h;
    db->cap = 64;
    db->cache = xcalloc(db->cap, sizeof *db->cache);
    return db;
}

void db_close(struct db *db)
{
    if (!db) {
        return;
    }
    for (size_t i = 0; i < db->cap; i++) {
        sqlite3_finalize(db->cache[i].stmt);
    }
    free(db->cache);
    free(db->err);
    sqlite3_close(db->h);
    free(db);
}

bool db_failed(struct db *db)
{
    return db->err != NULL;
}

int db_check(struct db *db)
{
    if (!db->err) {
        return 0;
    }
    db_clear(db);
    return -1;
}

void db_clear(struct db *db)
{
    free(db->err);
    db->err = NULL;
    db->constraint = false;
}

const char *db_errmsg(struct db *db)
{
    return db->err ? db->err : "no error";
}

bool db_constraint(struct db *db)
{
    return db->err && db->constraint;
}

int64_t db_last_id(struct db *db)
{
    return sqlite3_last_insert_rowid(db->h);
}

void db_set_html_hook(json_t *(*fn)(const char *html, size_t len))
{
    html_hook = fn;
}

/* The slot of sql in the cache table (empty slot if absent). */
static struct cached *slot(struct cached *tab, size_t cap, const char *sql)
{
    size_t i = ((uintptr_t)sql >> 4) * 0x9E3779B97F4A7C15ull & (cap - 1);
    while (tab[i].sql && tab[i].sql != sql) {
        i = (i + 1) & (cap - 1);
    }
    return &tab[i];
}

/* Doubles the cache table when it is half full. */
static void grow(struct db *db)
{
    if (2 * (db->ncache + 1) <= db->cap) {
        return;
    }
    size_t cap = db->cap * 2;
    struct cached *tab = xcalloc(cap, sizeof *tab);
    for (size_t i = 0; i < db->cap; i++) {
        if (db->cache[i].sql) {
            *slot(tab, cap, db->cache[i].sql) = db->cache[i];
        }
    }
    free(db->cache);
    db->cache = tab;
    db->cap = cap;
}

/* The cached statement for sql, prepared on first use; NULL on failure
 * (latched). The statement belongs to the cache. */
static sqlite3_stmt *prepare(struct db *db, const char *sql)
{
    struct cached *c = slot(db->cache, db->cap, sql);
    if (c->sql) {
        return c->stmt;
    }
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
        db_latch_sqlite(db, "prepare", db->h);
        return NULL;
    }
    grow(db);
    c = slot(db->cache, db->cap, sql);
    c->sql = sql;
    c->stmt = stmt;
    db->ncache++;
    return stmt;
}

/* Binds one argument of format letter f as parameter n. Returns SQLite's
 * result code, or -1 for an unknown letter. */
static int bind_one(sqlite3_stmt *st, int n, char f, va_list *ap)
{
    switch (f) {
    case 'i':
        return sqlite3_bind_int64(st, n, va_arg(*ap, int64_t));
    case 'I': {
        int64_t v = va_arg(*ap, int64_t);
        return v ? sqlite3_bind_int64(st, n, v) : sqlite3_bind_null(st, n);
    }
    case 'b':
        return sqlite3_bind_int(st, n, va_arg(*ap, int) ? 1 : 0);
    case 'd':
        return sqlite3_bind_double(st, n, va_arg(*ap, double));
    case 't': {
        const char *s = va_arg(*ap, const char *);
        return s ? sqlite3_bind_text(st, n, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, n);
    }
    case 'B': {
        /* the caller's bytes stay put until the statement is done */
        const void *p = va_arg(*ap, const void *);
        size_t len = va_arg(*ap, size_t);
        return sqlite3_bind_blob64(st, n, p ? p : "", (sqlite3_uint64)len, SQLITE_STATIC);
    }
    default:
        return -1;
    }
}

/* Binds the arguments described by fmt; -1 (latched) when the count does
 * not match the statement, a letter is unknown or a bind fails. */
static int bind(struct db *db, sqlite3_stmt *st, const char *fmt, va_list *ap)
{
    int want = sqlite3_bind_parameter_count(st);
    int given = fmt ? (int)strlen(fmt) : 0;
    if (given != want) {
        latch(db,
              xasprintf("bind: statement has %d parameters, %d given: %s", want, given,
                        sqlite3_sql(st)),
              false);
        return -1;
    }
    for (int n = 0; n < given; n++) {
        int rc = bind_one(st, n + 1, fmt[n], ap);
        if (rc < 0) {
            latch(db, xasprintf("bind: unknown format '%c'", fmt[n]), false);
            return -1;
        }
        if (rc != SQLITE_OK) {
            db_latch_sqlite(db, "bind", db->h);
            return -1;
        }
    }
    return 0;
}

/* Prepares and binds; NULL on failure (latched). A latched error from
 * before does not stop the statement. The statement is reset by done(). */
static sqlite3_stmt *start(struct db *db, const char *sql, const char *fmt, va_list *ap)
{
    sqlite3_stmt *st = prepare(db, sql);
    if (!st) {
        return NULL;
    }
    if (bind(db, st, fmt, ap) < 0) {
        sqlite3_clear_bindings(st);
        return NULL;
    }
    return st;
}

/* Resets a statement for its next use and drops its bindings. */
static void done(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

int db_exec(struct db *db, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *st = start(db, sql, fmt, &ap);
    va_end(ap);
    if (!st) {
        return -1;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
        db_latch_sqlite(db, "exec", db->h);
        done(st);
        return -1;
    }
    done(st);
    return sqlite3_changes(db->h);
}

/* Steps st to its first row: 1 with the row there to read (the caller
 * reads it and calls done()); else st is done and 0 (no row) or -1 (an
 * error, latched). A NULL st (start() failed) is -1. */
static int first_row(struct db *db, sqlite3_stmt *st)
{
    if (!st) {
        return -1;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        return 1;
    }
    if (rc != SQLITE_DONE) {
        db_latch_sqlite(db, "query", db->h);
    }
    done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int db_int(struct db *db, int64_t *out, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *st = start(db, sql, fmt, &ap);
    va_end(ap);
    int found = first_row(db, st);
    if (found == 1) {
        *out = sqlite3_column_int64(st, 0);
        done(st);
    }
    return found;
}

int db_text(struct db *db, char **out, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *st = start(db, sql, fmt, &ap);
    va_end(ap);
    int found = first_row(db, st);
    if (found == 1) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        *out = s ? xstrdup(s) : NULL;
        done(st);
    }
    return found;
}

int db_blob(struct db *db, void **out, size_t *len, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *st = start(db, sql, fmt, &ap);
    va_end(ap);
    int found = first_row(db, st);
    if (found == 1) {
        const void *p = sqlite3_column_blob(st, 0);
        *len = (size_t)sqlite3_column_bytes(st, 0);
        *out = xmalloc(*len + 1);
        if (p && *len) {
            memcpy(*out, p, *len);
        }
        done(st);
    }
    return found;
}

/* Column i of the current row as a value (new reference), shaped by the
 * suffix of its alias (":json", ":bool", ":html" or NULL). */
static json_t *column_value(sqlite3_stmt *st, int i, const char *suffix)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER:
        if (suffix && strcmp(suffix, ":bool") == 0) {
            return json_boolean(sqlite3_column_int64(st, i) != 0);
        }
        return json_integer(sqlite3_column_int64(st, i));
    case SQLITE_FLOAT:
        return json_real(sqlite3_column_double(st, i));
    case SQLITE_TEXT: {
        const char *s = (const char *)sqlite3_column_text(st, i);
        size_t len = (size_t)sqlite3_column_bytes(st, i);
        if (suffix && strcmp(suffix, ":json") == 0) {
            json_t *v = json_loadb(s, len, JSON_DECODE_ANY, NULL);
            return v ? v : json_null();
        }
        if (suffix && strcmp(suffix, ":html") == 0 && html_hook) {
            json_t *v = html_hook(s, len);
            return v ? v : json_null();
        }
        return json_stringn_nocheck(s, len);
    }
    default:
        return json_null();
    }
}

/* The current row as an object keyed by column name, suffixes dropped
 * (see db.h). New reference. */
static json_t *row_object(sqlite3_stmt *st)
{
    json_t *o = json_object();
    int n = sqlite3_column_count(st);
    for (int i = 0; i < n; i++) {
        const char *name = sqlite3_column_name(st, i);
        const char *colon = strchr(name, ':');
        char key[128];
        size_t klen = colon ? (size_t)(colon - name) : strlen(name);
        if (klen >= sizeof key) {
            klen = sizeof key - 1;
        }
        memcpy(key, name, klen);
        key[klen] = '\0';
        json_object_set_new_nocheck(o, key, column_value(st, i, colon));
    }
    return o;
}

json_t *db_rows(struct db *db, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *st = start(db, sql, fmt, &ap);
    va_end(ap);
    if (!st) {
        return NULL;
    }
    json_t *rows = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_array_append_new(rows, row_object(st));
    }
    if (rc != SQLITE_DONE) {
        db_latch_sqlite(db, "query", db->h);
        json_decref(rows);
        rows = NULL;
    }
    done(st);
    return rows;
}

json_t *db_row(struct db *db, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *st = start(db, sql, fmt, &ap);
    va_end(ap);
    if (!st) {
        return NULL;
    }
    json_t *row = NULL;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        row = row_object(st);
    } else if (rc != SQLITE_DONE) {
        db_latch_sqlite(db, "query", db->h);
    }
    done(st);
    return row;
}

int db_begin(struct db *db)
{
    static const char sql[] = "BEGIN IMMEDIATE";
    return db_exec(db, sql, "") < 0 ? -1 : 0;
}

int db_commit(struct db *db)
{
    static const char sql[] = "COMMIT";
    return db_exec(db, sql, "") < 0 ? -1 : 0;
}

void db_rollback(struct db *db)
{
    if (!sqlite3_get_autocommit(db->h)) {
        static const char sql[] = "ROLLBACK";
        db_exec(db, sql, "");
    }
}

/* ---- Row iteration (see db.h): db_each over the cached statement, and
 * cursors with a connection and a statement of their own. ---- */

struct db_cursor {
    sqlite3_stmt *st; /* the statement (the cache's for db_each) */
    struct db *own;   /* the cursor's own connection, or NULL for db_each */
    char *err;        /* a step's failure (owned), NULL if none */
    bool end;         /* the last row was seen: a further step must not restart */
};

int db_each(struct db *db, const char *sql, const char *fmt,
            int (*fn)(void *ctx, struct db_cursor *row), void *ctx, ...)
{
    va_list ap;
    va_start(ap, ctx);
    sqlite3_stmt *st = start(db, sql, fmt, &ap);
    va_end(ap);
    if (!st) {
        return -1;
    }
    struct db_cursor row = {.st = st};
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        n++;
        if (fn(ctx, &row) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (rc != SQLITE_DONE) {
        db_latch_sqlite(db, "query", db->h);
        n = -1;
    }
    done(st);
    return n;
}

struct db_cursor *db_cursor_open(struct db *db, const char *sql, const char *fmt, ...)
{
    char *err = NULL;
    const char *path = sqlite3_db_filename(db->h, "main");
    struct db *own = db_open(path ? path : "", &err);
    if (!own) {
        latch(db, err, false);
        return NULL;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(own->h, sql, -1, 0, &st, NULL) != SQLITE_OK) {
        db_latch_sqlite(db, "prepare", own->h);
        db_close(own);
        return NULL;
    }
    va_list ap;
    va_start(ap, fmt);
    int rc = bind(own, st, fmt, &ap);
    va_end(ap);
    if (rc < 0) {
        latch(db, xstrdup(db_errmsg(own)), false);
        sqlite3_finalize(st);
        db_close(own);
        return NULL;
    }
    struct db_cursor *c = xcalloc(1, sizeof *c);
    c->st = st;
    c->own = own;
    return c;
}

int db_cursor_step(struct db_cursor *c)
{
    if (c->err) {
        return -1;
    }
    if (c->end) {
        return 0;
    }
    int rc = sqlite3_step(c->st);
    if (rc == SQLITE_ROW) {
        return 1;
    }
    if (rc == SQLITE_DONE) {
        c->end = true;
        return 0;
    }
    c->err = xasprintf("step: %s", sqlite3_errmsg(sqlite3_db_handle(c->st)));
    return -1;
}

int64_t db_col_int(struct db_cursor *c, int i)
{
    return sqlite3_column_int64(c->st, i);
}

const char *db_col_text(struct db_cursor *c, int i)
{
    return (const char *)sqlite3_column_text(c->st, i);
}

json_t *db_col_row(struct db_cursor *c)
{
    return row_object(c->st);
}

const char *db_cursor_errmsg(struct db_cursor *c)
{
    return c->err ? c->err : "no error";
}

void db_cursor_close(struct db_cursor *c)
{
    if (!c || !c->own) {
        return;
    }
    sqlite3_finalize(c->st);
    db_close(c->own);
    free(c->err);
    free(c);
}
