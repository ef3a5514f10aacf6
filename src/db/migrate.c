/*
 * migrate: applies the numbered SQL files of migrations/ once each, in
 * order, each in one transaction together with its row in
 * schema_migrations. Foreign keys are off while a migration runs (so a
 * table rebuild's DROP TABLE does not cascade) and the result is checked
 * with foreign_key_check before it commits. A shipped migration is never
 * edited; a new change is a new file. This is the only code that runs SQL
 * text from outside the binary.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "util.h"

static const char sql_create[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
static const char sql_applied[] = "SELECT 1 FROM schema_migrations WHERE version = ?1";
static const char sql_record[] =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)";

/* True for "NNNN_name.sql"; stores NNNN. */
static bool migration_name(const char *name, int64_t *version)
{
    size_t n = strlen(name);
    if (n < 10 || !str_ends(name, ".sql") || name[4] != '_') {
        return false;
    }
    int64_t v = 0;
    for (int i = 0; i < 4; i++) {
        if (name[i] < '0' || name[i] > '9') {
            return false;
        }
        v = v * 10 + (name[i] - '0');
    }
    *version = v;
    return true;
}

/* qsort comparison of two C strings. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The migration file names in dir, sorted; -1 if dir cannot be read. */
static int list(const char *dir, struct strv *out)
{
    DIR *d = opendir(dir);
    if (!d) {
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        int64_t v;
        if (migration_name(e->d_name, &v)) {
            strv_push(out, xstrdup(e->d_name));
        }
    }
    closedir(d);
    qsort(out->items, out->nitems, sizeof *out->items, cmp_str);
    return 0;
}

static const char sql_fk_off[] = "PRAGMA foreign_keys = OFF";
static const char sql_fk_on[] = "PRAGMA foreign_keys = ON";
static const char sql_fk_check[] = "PRAGMA foreign_key_check";

/* 0 when no row breaks a foreign key; else -1 with the first offenders
 * latched as the error. */
static int check_keys(struct db *db)
{
    json_t *bad = db_rows(db, sql_fk_check, "");
    if (!bad) {
        return -1;
    }
    int rc = 0;
    if (json_array_size(bad) > 0) {
        char *list = json_dumps(bad, JSON_COMPACT);
        char *msg = xasprintf("foreign_key_check: %zu broken references: %.300s",
                              json_array_size(bad), list ? list : "?");
        db_latch_msg(db, msg);
        free(msg);
        free(list);
        rc = -1;
    }
    json_decref(bad);
    return rc;
}

/* Runs the script and records it, inside the open transaction. 0 or -1
 * (latched). */
static int run(struct db *db, const char *sql, int64_t version, const char *name)
{
    char now[21];
    now_iso(now);
    if (db_script(db, sql) < 0 || check_keys(db) < 0) {
        return -1;
    }
    return db_exec(db, sql_record, "itt", version, name, now) == 1 ? 0 : -1;
}

/* Applies one file in a transaction, foreign keys off around it (the
 * pragma has no effect inside a transaction). 0 or -1, with the reason on
 * stderr and latched. */
static int apply(struct db *db, const char *dir, const char *name, int64_t version, FILE *log)
{
    char *path = xasprintf("%s/%s", dir, name);
    char *sql = file_read(path, NULL);
    if (!sql) {
        fprintf(stderr, "klikd: cannot read %s\n", path);
        free(path);
        return -1;
    }
    int rc = -1;
    if (db_script(db, sql_fk_off) == 0 && db_begin(db) == 0) {
        if (run(db, sql, version, name) == 0 && db_commit(db) == 0) {
            rc = 0;
        } else {
            db_rollback(db);
        }
    }
    if (db_script(db, sql_fk_on) < 0) {
        rc = -1;
    }
    if (rc == 0) {
        if (log) {
            fprintf(log, "applied %s\n", name);
        }
    } else {
        fprintf(stderr, "klikd: migration %s failed: %s\n", path, db_errmsg(db));
    }
    free(sql);
    free(path);
    return rc;
}

static const char sql_has_table[] =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";

/* Applies (or, unless do_apply, only counts) every migration of dir not
 * yet applied. Counting never writes to the database. */
static int each_pending(struct db *db, const char *dir, FILE *log, bool do_apply)
{
    int64_t has = 0;
    if (db_int(db, &has, sql_has_table, "") < 0 ||
        ((has || do_apply) && db_exec(db, sql_create, "") < 0)) {
        fprintf(stderr, "klikd: %s\n", db_errmsg(db));
        return -1;
    }
    struct strv names = {0};
    if (list(dir, &names) < 0) {
        fprintf(stderr, "klikd: cannot read migrations directory %s\n", dir);
        return -1;
    }
    int pending = 0;
    for (size_t i = 0; i < names.nitems; i++) {
        int64_t version, one;
        migration_name(names.items[i], &version);
        int found = has || do_apply ? db_int(db, &one, sql_applied, "i", version) : 0;
        if (found < 0) {
            pending = -1;
            break;
        }
        if (found) {
            continue;
        }
        if (do_apply && apply(db, dir, names.items[i], version, log) < 0) {
            pending = -1;
            break;
        }
        pending++;
    }
    strv_free(&names);
    return pending;
}

int db_migrate(struct db *db, const char *dir, FILE *log)
{
    return each_pending(db, dir, log, true) < 0 ? -1 : 0;
}

int db_pending(struct db *db, const char *dir)
{
    return each_pending(db, dir, NULL, false);
}
