/*
 * db: connection, statement cache, binding and row conversion (see db.h).
 * A connection belongs to one thread at a time; the cache maps the address
 * of a constant SQL text to its prepared statement. The only place klikd
 * runs SQL text that is not a bound statement is migrate.c.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "util.h"

struct cached {
    const char *sql;      /* key: the address of a constant SQL text */
    sqlite3_stmt *stmt;   /* prepared once, persistent */
};

struct db {
    sqlite3 *h;             /* the connection */
    struct cached *cache;   /* open addressing table */
    size_t ncache;          /* slots used */
    size_t cap;             /* slots allocated (power of two) */
    char *err;              /* last failure message (owned) */
    bool constraint;        /* last failure was a constraint violation */
    bool failed;            /* last query failed */
};

/* Records the connection's current error message. */
static void set_err(struct db *db, const char *what)
{
    free(db->err);
    db->err = xasprintf("%s: %s", what, sqlite3_errmsg(db->h));
    int ext = sqlite3_extended_errcode(db->h);
    db->constraint = (ext & 0xff) == SQLITE_CONSTRAINT;
    db->failed = true;
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

const char *db_errmsg(struct db *db)
{
    return db->err ? db->err : "no error";
}

sqlite3 *db_sqlite(struct db *db)
{
    return db->h;
}

bool db_constraint(struct db *db)
{
    return db->constraint;
}

bool db_failed(struct db *db)
{
    return db->failed;
}

int64_t db_last_id(struct db *db)
{
    return sqlite3_last_insert_rowid(db->h);
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

/* The cached statement for sql, prepared on first use; NULL on failure. */
static sqlite3_stmt *prepare(struct db *db, const char *sql)
{
    struct cached *c = slot(db->cache, db->cap, sql);
    if (c->sql) {
        return c->stmt;
    }
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
        set_err(db, "prepare");
        return NULL;
    }
    if (2 * (db->ncache + 1) > db->cap) {
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
        c = slot(tab, cap, sql);
    }
    c->sql = sql;
    c->stmt = stmt;
    db->ncache++;
    return stmt;
}

/* Binds the arguments described by fmt; -1 (with a message) when the
 * count does not match the statement or a bind fails. */
static int bind(struct db *db, sqlite3_stmt *st, const char *fmt, va_list ap)
{
    int want = sqlite3_bind_parameter_count(st), n = 0;
    for (const char *f = fmt ? fmt : ""; *f; f++) {
        int rc;
        switch (*f) {
        case 'i':
            rc = sqlite3_bind_int64(st, ++n, va_arg(ap, int64_t));
            break;
        case 'I': {
            int64_t v = va_arg(ap, int64_t);
            rc = v ? sqlite3_bind_int64(st, ++n, v) : sqlite3_bind_null(st, ++n);
            break;
        }
        case 'b':
            rc = sqlite3_bind_int(st, ++n, va_arg(ap, int) ? 1 : 0);
            break;
        case 'd':
            rc = sqlite3_bind_double(st, ++n, va_arg(ap, double));
            break;
        case 't': {
            const char *s = va_arg(ap, const char *);
            rc = s ? sqlite3_bind_text(st, ++n, s, -1, SQLITE_TRANSIENT)
                   : sqlite3_bind_null(st, ++n);
            break;
        }
        case 'o': {
            const struct owner_filter *o = va_arg(ap, const struct owner_filter *);
            rc = sqlite3_bind_int(st, ++n, o->all ? 1 : 0);
            if (rc == SQLITE_OK) {
                rc = sqlite3_bind_int64(st, ++n, o->owner_id);
            }
            break;
        }
        default:
            free(db->err);
            db->err = xasprintf("bind: unknown format '%c'", *f);
            db->failed = true;
            return -1;
        }
        if (rc != SQLITE_OK) {
            set_err(db, "bind");
            return -1;
        }
    }
    if (n != want) {
        free(db->err);
        db->err = xasprintf("bind: statement has %d parameters, %d given: %s", want, n,
                            sqlite3_sql(st));
        db->failed = true;
        return -1;
    }
    return 0;
}

/* Prepares and binds; NULL on failure. The statement is reset by done(). */
static sqlite3_stmt *start(struct db *db, const char *sql, const char *fmt, va_list ap)
{
    db->failed = false;
    db->constraint = false;
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

static void done(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

int db_exec(struct db *db, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *st = start(db, sql, fmt, ap);
    va_end(ap);
    if (!st) {
        return -1;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
        set_err(db, "exec");
        done(st);
        return -1;
    }
    done(st);
    return sqlite3_changes(db->h);
}

int db_int(struct db *db, int64_t *out, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *st = start(db, sql, fmt, ap);
    va_end(ap);
    if (!st) {
        return -1;
    }
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        found = 1;
    } else if (rc != SQLITE_DONE) {
        set_err(db, "query");
        found = -1;
    }
    done(st);
    return found;
}

int db_text(struct db *db, char **out, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *st = start(db, sql, fmt, ap);
    va_end(ap);
    if (!st) {
        return -1;
    }
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        *out = s ? xstrdup(s) : NULL;
        found = 1;
    } else if (rc != SQLITE_DONE) {
        set_err(db, "query");
        found = -1;
    }
    done(st);
    return found;
}

/* The current row as an object keyed by column name (see db.h for the
 * ":json" and ":bool" suffixes). */
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
        json_t *v;
        switch (sqlite3_column_type(st, i)) {
        case SQLITE_INTEGER:
            if (colon && strcmp(colon, ":bool") == 0) {
                v = json_boolean(sqlite3_column_int64(st, i) != 0);
            } else {
                v = json_integer(sqlite3_column_int64(st, i));
            }
            break;
        case SQLITE_FLOAT:
            v = json_real(sqlite3_column_double(st, i));
            break;
        case SQLITE_TEXT: {
            const char *s = (const char *)sqlite3_column_text(st, i);
            size_t len = (size_t)sqlite3_column_bytes(st, i);
            if (colon && strcmp(colon, ":json") == 0) {
                v = json_loadb(s, len, JSON_DECODE_ANY, NULL);
                if (!v) {
                    v = json_null();
                }
            } else {
                v = json_stringn_nocheck(s, len);
            }
            break;
        }
        default:
            v = json_null();
            break;
        }
        json_object_set_new_nocheck(o, key, v);
    }
    return o;
}

json_t *db_rows(struct db *db, const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlite3_stmt *st = start(db, sql, fmt, ap);
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
        set_err(db, "query");
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
    sqlite3_stmt *st = start(db, sql, fmt, ap);
    va_end(ap);
    if (!st) {
        return NULL;
    }
    json_t *row = NULL;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        row = row_object(st);
    } else if (rc != SQLITE_DONE) {
        set_err(db, "query");
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
        char *keep = db->err ? xstrdup(db->err) : NULL;
        bool constraint = db->constraint;
        db_exec(db, sql, "");
        free(db->err);
        db->err = keep;
        db->constraint = constraint;
        db->failed = true;
    }
}

int db_backup(struct db *db, const char *path)
{
    sqlite3 *out = NULL;
    if (sqlite3_open_v2(path, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        free(db->err);
        db->err = xasprintf("cannot open %s: %s", path, out ? sqlite3_errmsg(out) : "?");
        sqlite3_close(out);
        return -1;
    }
    sqlite3_backup *b = sqlite3_backup_init(out, "main", db->h, "main");
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
        free(db->err);
        db->err = xasprintf("backup to %s: %s", path, sqlite3_errmsg(out));
        sqlite3_close(out);
        return -1;
    }
    sqlite3_close(out);
    return 0;
}

/* TEMPORARY until the db layer latches errors: see db.h. */
int db_check(struct db *db)
{
    bool failed = db->failed;
    db->failed = false;
    return failed ? -1 : 0;
}

void db_clear(struct db *db)
{
    db->failed = false;
}
