/*
 * test_db_rows: the row iterator of src/db/ on a temporary database —
 * db_each over every row, stopping early, its failures latched; cursors on
 * a connection of their own: rows in order, the end stays the end (a step
 * after it does not start the query again), a read snapshot unmoved by
 * another connection's writes, a failure to open latched on the caller's
 * connection, and the whole row as an object.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "db.h"

static char dir[] = "/tmp/klikd-test-db-rows-XXXXXX";

static const char sql_create[] = "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT)";
static const char sql_fill[] =
    "INSERT INTO t (s) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
    " WHERE i < ?1) SELECT 'rad ' || i FROM n";
static const char sql_all[] = "SELECT id, s AS \"s\" FROM t WHERE id >= ?1 ORDER BY id";
static const char sql_add[] = "INSERT INTO t (s) VALUES ('ny')";
static const char sql_bad[] = "SELECT x FROM no_such_table";

/* A database of n rows (caller closes); ends the binary on failure. */
static struct db *fresh(const char *name, int64_t n)
{
    char path[256], *err = NULL;
    snprintf(path, sizeof path, "%s/%s.db", dir, name);
    struct db *db = db_open(path, &err);
    if (!db || db_exec(db, sql_create, "") < 0 || db_exec(db, sql_fill, "i", n) < 0) {
        fprintf(stdout, "#   cannot make %s: %s\n", path, err ? err : db_errmsg(db));
        exit(1);
    }
    return db;
}

/* What the db_each callbacks see. */
struct seen {
    int64_t sum;   /* of the ids */
    int rows;      /* calls */
    int stop_at;   /* stop after this many (0: never) */
    char last[32]; /* the last row's text */
};

static int collect(void *ctx, struct db_cursor *row)
{
    struct seen *s = ctx;
    s->sum += db_col_int(row, 0);
    s->rows++;
    snprintf(s->last, sizeof s->last, "%s", db_col_text(row, 1));
    return s->stop_at && s->rows == s->stop_at;
}

TEST(each_row_in_order)
{
    struct db *db = fresh("each", 100);
    struct seen s = {0};
    CHECK_EQ_INT(db_each(db, sql_all, "i", collect, &s, (int64_t)1), 100);
    CHECK_EQ_INT(s.sum, 5050);
    CHECK_EQ_STR(s.last, "rad 100");
    struct seen early = {.stop_at = 10};
    CHECK_EQ_INT(db_each(db, sql_all, "i", collect, &early, (int64_t)1), 10);
    CHECK_EQ_INT(early.sum, 55);
    /* the statement was reset: it runs again from the start */
    struct seen again = {0};
    CHECK_EQ_INT(db_each(db, sql_all, "i", collect, &again, (int64_t)51), 50);
    CHECK(!db_failed(db));
    CHECK_EQ_INT(db_each(db, sql_bad, "", collect, &again), -1);
    CHECK(db_failed(db));
    db_clear(db);
    CHECK_EQ_INT(db_each(db, sql_all, "", collect, &again), -1); /* one parameter, none given */
    CHECK(strstr(db_errmsg(db), "parameters") != NULL);
    db_close(db);
}

TEST(cursor_steps_to_a_lasting_end)
{
    struct db *db = fresh("cursor", 3);
    struct db_cursor *c = db_cursor_open(db, sql_all, "i", (int64_t)2);
    CHECK(c != NULL);
    CHECK_EQ_INT(db_cursor_step(c), 1);
    CHECK_EQ_INT(db_col_int(c, 0), 2);
    json_t *row = db_col_row(c);
    CHECK_EQ_STR(json_string_value(json_object_get(row, "s")), "rad 2");
    json_decref(row);
    CHECK_EQ_INT(db_cursor_step(c), 1);
    CHECK_EQ_STR(db_col_text(c, 1), "rad 3");
    CHECK_EQ_INT(db_cursor_step(c), 0);
    CHECK_EQ_INT(db_cursor_step(c), 0); /* not the first row again */
    CHECK_EQ_STR(db_cursor_errmsg(c), "no error");
    db_cursor_close(c);
    db_cursor_close(NULL);
    db_close(db);
}

TEST(cursor_keeps_its_snapshot)
{
    struct db *db = fresh("snapshot", 5);
    struct db_cursor *c = db_cursor_open(db, sql_all, "i", (int64_t)1);
    CHECK(c != NULL);
    CHECK_EQ_INT(db_cursor_step(c), 1);
    /* the request's connection writes while the cursor is open */
    CHECK_EQ_INT(db_exec(db, sql_add, ""), 1);
    int n = 1;
    while (db_cursor_step(c) == 1) {
        n++;
    }
    CHECK_EQ_INT(n, 5); /* the new row is not in the snapshot */
    db_cursor_close(c);
    struct seen s = {0};
    CHECK_EQ_INT(db_each(db, sql_all, "i", collect, &s, (int64_t)1), 6);
    db_close(db);
}

TEST(cursor_failures_latched)
{
    struct db *db = fresh("fail", 1);
    CHECK(db_cursor_open(db, sql_bad, "") == NULL);
    CHECK(db_failed(db));
    CHECK(strstr(db_errmsg(db), "no_such_table") != NULL);
    db_clear(db);
    CHECK(db_cursor_open(db, sql_all, "") == NULL);
    CHECK(strstr(db_errmsg(db), "parameters") != NULL);
    db_clear(db);
    db_close(db);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(each_row_in_order);
    RUN(cursor_steps_to_a_lasting_end);
    RUN(cursor_keeps_its_snapshot);
    RUN(cursor_failures_latched);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
        fprintf(stdout, "#   cannot remove %s\n", dir);
    }
    CHECK_DONE();
}
