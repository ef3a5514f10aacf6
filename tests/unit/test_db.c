/*
 * test_db: the statement helpers of src/db/ on a temporary database —
 * binding types and the parameter-count check, the latched first error
 * (kept until db_check clears it), constraint detection, transactions,
 * "no row" versus failure, the ":json"/":bool"/":html" column suffixes
 * with a test hook, and query plans.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "db.h"

static char dir[] = "/tmp/klikd-test-db-XXXXXX";

/* A fresh database file in the test directory, with table t (caller
 * closes). Ends the test binary when it cannot be made. */
static struct db *fresh(const char *name)
{
    static const char sql_create[] =
        "CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, n INTEGER, b INTEGER, d REAL,"
        " s TEXT, u TEXT UNIQUE)";
    char path[256], *err = NULL;
    snprintf(path, sizeof path, "%s/%s.db", dir, name);
    struct db *db = db_open(path, &err);
    if (!db || db_exec(db, sql_create, "") < 0) {
        fprintf(stdout, "#   cannot make %s: %s\n", path, err ? err : db_errmsg(db));
        exit(1);
    }
    return db;
}

static const char sql_insert[] = "INSERT INTO t (i, n, b, d, s) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_read[] =
    "SELECT i, n, b AS \"b:bool\", d, s, typeof(n) AS n_type FROM t WHERE id = ?1";
static const char sql_bad[] = "SELEC nothing";
static const char sql_missing[] = "SELECT x FROM no_such_table";
static const char sql_unique[] = "INSERT INTO t (u) VALUES (?1)";
static const char sql_count[] = "SELECT count(*) FROM t";
static const char sql_none[] = "SELECT s FROM t WHERE id = -1";
static const char sql_runtime[] = "SELECT json('not json') AS j";

TEST(binding_types)
{
    struct db *db = fresh("types");
    CHECK_EQ_INT(db_exec(db, sql_insert, "iIbdt", (int64_t)42, (int64_t)0, 7, 2.5, "æøå"), 1);
    json_t *row = db_row(db, sql_read, "i", db_last_id(db));
    CHECK(row != NULL);
    CHECK_EQ_INT(json_integer_value(json_object_get(row, "i")), 42);
    CHECK(json_is_null(json_object_get(row, "n"))); /* 'I' binds 0 as NULL */
    CHECK_EQ_STR(json_string_value(json_object_get(row, "n_type")), "null");
    CHECK(json_is_true(json_object_get(row, "b"))); /* 'b' binds 1, ":bool" reads true */
    CHECK(json_real_value(json_object_get(row, "d")) == 2.5);
    CHECK_EQ_STR(json_string_value(json_object_get(row, "s")), "æøå");
    json_decref(row);
    CHECK_EQ_INT(db_exec(db, sql_insert, "iIbdt", (int64_t)1, (int64_t)5, 0, 0.0, NULL), 1);
    row = db_row(db, sql_read, "i", db_last_id(db));
    CHECK_EQ_INT(json_integer_value(json_object_get(row, "n")), 5);
    CHECK(json_is_false(json_object_get(row, "b")));
    CHECK(json_is_null(json_object_get(row, "s"))); /* 't' binds NULL as NULL */
    json_decref(row);
    CHECK(!db_failed(db));
    db_close(db);
}

TEST(parameter_count)
{
    struct db *db = fresh("count");
    CHECK_EQ_INT(db_exec(db, sql_insert, "iIbd", (int64_t)1, (int64_t)1, 1, 1.0), -1);
    CHECK(db_failed(db));
    CHECK(strstr(db_errmsg(db), "5 parameters, 4 given") != NULL);
    CHECK(!db_constraint(db));
    CHECK_EQ_INT(db_check(db), -1);
    int64_t n = -1;
    CHECK_EQ_INT(db_int(db, &n, sql_count, "i", (int64_t)1), -1); /* one too many */
    CHECK(strstr(db_errmsg(db), "0 parameters, 1 given") != NULL);
    db_clear(db);
    CHECK_EQ_INT(db_exec(db, sql_insert, "iIbdx", (int64_t)1, (int64_t)1, 1, 1.0, "x"), -1);
    CHECK(strstr(db_errmsg(db), "unknown format 'x'") != NULL);
    db_clear(db);
    CHECK_EQ_INT(db_int(db, &n, sql_count, ""), 1);
    CHECK_EQ_INT(n, 0); /* nothing was written by the rejected calls */
    db_close(db);
}

TEST(first_error_latched)
{
    struct db *db = fresh("latch");
    CHECK(!db_failed(db));
    CHECK_EQ_INT(db_check(db), 0);
    CHECK_EQ_STR(db_errmsg(db), "no error");
    CHECK(db_rows(db, sql_bad, "") == NULL);
    CHECK(db_failed(db));
    char *first = strdup(db_errmsg(db));
    CHECK(strstr(first, "SELEC") != NULL);
    CHECK(db_rows(db, sql_missing, "") == NULL); /* a second error */
    CHECK_EQ_STR(db_errmsg(db), first);
    int64_t n = -1;
    CHECK_EQ_INT(db_int(db, &n, sql_count, ""), 1); /* later statements still run */
    CHECK_EQ_INT(n, 0);
    CHECK(db_failed(db)); /* and a success does not forget the error */
    CHECK_EQ_STR(db_errmsg(db), first);
    CHECK_EQ_INT(db_check(db), -1);
    CHECK(!db_failed(db));
    CHECK_EQ_INT(db_check(db), 0);
    CHECK(db_rows(db, sql_missing, "") == NULL);
    CHECK(strstr(db_errmsg(db), "no_such_table") != NULL); /* the next first error */
    db_clear(db);
    CHECK(!db_failed(db));
    free(first);
    db_close(db);
}

TEST(constraint_detection)
{
    struct db *db = fresh("constraint");
    CHECK_EQ_INT(db_exec(db, sql_unique, "t", "a"), 1);
    CHECK(!db_constraint(db));
    CHECK_EQ_INT(db_exec(db, sql_unique, "t", "a"), -1);
    CHECK(db_failed(db));
    CHECK(db_constraint(db));
    CHECK(strstr(db_errmsg(db), "UNIQUE") != NULL);
    CHECK(db_rows(db, sql_bad, "") == NULL); /* a later error keeps the first's kind */
    CHECK(db_constraint(db));
    CHECK_EQ_INT(db_check(db), -1);
    CHECK(!db_constraint(db));
    CHECK(db_rows(db, sql_bad, "") == NULL);
    CHECK(db_failed(db) && !db_constraint(db));
    db_close(db);
}

TEST(transactions)
{
    struct db *db = fresh("tx");
    int64_t n = -1;
    CHECK_EQ_INT(db_begin(db), 0);
    CHECK_EQ_INT(db_exec(db, sql_unique, "t", "gone"), 1);
    db_rollback(db);
    CHECK(!db_failed(db)); /* a rollback with nothing latched latches nothing */
    CHECK_EQ_INT(db_int(db, &n, sql_count, ""), 1);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(db_begin(db), 0);
    CHECK_EQ_INT(db_exec(db, sql_unique, "t", "kept"), 1);
    CHECK_EQ_INT(db_commit(db), 0);
    CHECK_EQ_INT(db_int(db, &n, sql_count, ""), 1);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(db_begin(db), 0);
    CHECK_EQ_INT(db_exec(db, sql_unique, "t", "new"), 1);
    CHECK_EQ_INT(db_exec(db, sql_unique, "t", "kept"), -1);
    db_rollback(db);
    CHECK(db_failed(db)); /* the reason survives the rollback */
    CHECK(db_constraint(db));
    CHECK(strstr(db_errmsg(db), "UNIQUE") != NULL);
    db_clear(db);
    CHECK_EQ_INT(db_int(db, &n, sql_count, ""), 1);
    CHECK_EQ_INT(n, 1); /* "new" was rolled back */
    CHECK_EQ_INT(db_commit(db), -1); /* no transaction open */
    CHECK(db_failed(db));
    db_close(db);
}

TEST(no_row_versus_failure)
{
    struct db *db = fresh("norow");
    CHECK(db_row(db, sql_none, "") == NULL);
    CHECK(!db_failed(db));
    int64_t n = 7;
    char *s = NULL;
    static const char sql_none_int[] = "SELECT id FROM t WHERE id = -1";
    CHECK_EQ_INT(db_int(db, &n, sql_none_int, ""), 0);
    CHECK_EQ_INT(db_text(db, &s, sql_none, ""), 0);
    CHECK(!db_failed(db));
    json_t *rows = db_rows(db, sql_none, "");
    CHECK(rows && json_array_size(rows) == 0); /* an empty list is not a failure */
    json_decref(rows);
    CHECK(db_row(db, sql_runtime, "") == NULL); /* fails when stepped */
    CHECK(db_failed(db));
    CHECK(strstr(db_errmsg(db), "malformed JSON") != NULL);
    db_clear(db);
    CHECK_EQ_INT(db_text(db, &s, sql_runtime, ""), -1);
    CHECK(db_failed(db));
    db_close(db);
}

/* The test's ":html" hook: wraps the text so the test can tell it ran. */
static json_t *html_hook(const char *html, size_t len)
{
    return json_pack("{s:s%}", "trusted", html, len);
}

TEST(column_suffixes)
{
    struct db *db = fresh("suffix");
    static const char sql[] =
        "SELECT '<p>a</p>' AS \"body:html\", NULL AS \"none:html\", '[1,2]' AS \"list:json\","
        " 'nope' AS \"broken:json\", 0 AS \"flag:bool\", '<b>' AS plain";
    db_set_html_hook(html_hook);
    json_t *row = db_row(db, sql, "");
    CHECK_EQ_STR(json_string_value(json_object_get(json_object_get(row, "body"), "trusted")),
                 "<p>a</p>");
    CHECK(json_is_null(json_object_get(row, "none")));
    CHECK_EQ_INT(json_array_size(json_object_get(row, "list")), 2);
    CHECK(json_is_null(json_object_get(row, "broken")));
    CHECK(json_is_false(json_object_get(row, "flag")));
    CHECK_EQ_STR(json_string_value(json_object_get(row, "plain")), "<b>");
    CHECK(json_object_get(row, "body:html") == NULL);
    json_decref(row);
    db_set_html_hook(NULL);
    row = db_row(db, sql, "");
    CHECK_EQ_STR(json_string_value(json_object_get(row, "body")), "<p>a</p>");
    json_decref(row);
    db_close(db);
}

TEST(query_plans)
{
    struct db *db = fresh("plan");
    static const char sql_by_id[] = "SELECT s FROM t WHERE id = ?1";
    static const char sql_by_s[] = "SELECT id FROM t WHERE s = ?1";
    json_t *plan = db_plan(db, sql_by_id);
    CHECK(plan && json_array_size(plan) == 1);
    CHECK(strncmp(json_string_value(json_array_get(plan, 0)), "SEARCH t", 8) == 0);
    json_decref(plan);
    plan = db_plan(db, sql_by_s);
    CHECK(plan && strncmp(json_string_value(json_array_get(plan, 0)), "SCAN t", 6) == 0);
    json_decref(plan);
    CHECK(!db_failed(db));
    CHECK(db_plan(db, sql_bad) == NULL);
    CHECK(db_failed(db));
    db_close(db);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(binding_types);
    RUN(parameter_count);
    RUN(first_error_latched);
    RUN(constraint_detection);
    RUN(transactions);
    RUN(no_row_versus_failure);
    RUN(column_suffixes);
    RUN(query_plans);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
        fprintf(stdout, "#   cannot remove %s\n", dir);
    }
    CHECK_DONE();
}
