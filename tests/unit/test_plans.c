/*
 * test_plans: every SQL statement of the model, as listed in its statement
 * table (model/stmts.h), is explained on a migrated temporary database
 * filled with enough rows for the planner's statistics to matter (20
 * municipalities, 500 persons and users, 2000 appointments, 5000 audit
 * events, sessions and tokens; ANALYZE). A full scan of a table that grows
 * with the data fails the test, unless the statement is marked as reading
 * the whole table by design; the plan is printed. The table must list
 * every SQL constant of src/model/, which the test counts in the sources.
 * With KLIKD_PLANS=1 in the environment every plan is printed.
 */
#include <dirent.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "db.h"
#include "model/stmts.h"
#include "util.h"

static char dir[] = "/tmp/klikd-test-plans-XXXXXX";

/* Tables that grow with the data, by their names in the schema. */
static const char *const growing[] = {"appointments", "users",  "persons", "audit_events",
                                      "sessions",     "api_tokens", "tasks", "messages"};

/* Rows for the planner: each statement fills one table. */
static const char *const fill[] = {
    "INSERT INTO roles (slug, name, category, effect, characteristics, position, updated_at)"
    " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)"
    " SELECT 'r' || i, 'Rolle ' || i, CASE WHEN i % 3 = 0 THEN 'cross-cutting'"
    " ELSE 'system-specific' END, 'e', 'c', i, 't' FROM n",
    "INSERT INTO persons (organisation_id, name, email, created_at, updated_at)"
    " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)"
    " SELECT 2 + i % 20, 'Person ' || i, 'p' || i || '@x.dk', 't', 't' FROM n",
    "INSERT INTO users (person_id, email, password_hash, type, created_at, password_changed_at)"
    " SELECT id, email, 'h', CASE WHEN id % 25 = 0 THEN 'admin' ELSE 'member' END, 't', 't'"
    " FROM persons",
    "INSERT INTO user_projects (user_id, project_id, access)"
    " SELECT id, 1 + id % 10, 'plus' FROM users",
    "INSERT INTO appointments (organisation_id, role_id, project_id, person_id, from_date,"
    " created_at)"
    " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
    " SELECT p.organisation_id, 1 + i % 20, 1 + i % 10, p.id, '2020-01-01', 't'"
    " FROM n JOIN persons p ON p.id = 1 + i % 500",
    "INSERT INTO sessions (user_id, token_hash, csrf_token, created_at, last_seen)"
    " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
    " SELECT 1 + i % 500, 's' || i, 'c', i, i FROM n",
    "INSERT INTO api_tokens (user_id, token_hash, name, created_at)"
    " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)"
    " SELECT 1 + i % 500, 'a' || i, 'token', 't' FROM n",
    "INSERT INTO master_tasks (external_id, title, project_id, created_at, updated_at)"
    " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
    " SELECT i, 'Opgave ' || i, 1 + i % 10, 't', 't' FROM n",
    "INSERT INTO audit_events (at, user_id, organisation_id, actor_org_id, action, entity,"
    " entity_id)"
    " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
    " SELECT '2021-01-01T00:00:00Z', 1 + i % 500, CASE WHEN i % 7 = 0 THEN NULL ELSE 2 + i % 20"
    " END, 2 + (i * 3) % 20, 'user.update', CASE WHEN i % 2 = 0 THEN 'user' ELSE"
    " 'appointment' END, i FROM n",
    "INSERT INTO documents (slug, title, body, updated_at)"
    " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)"
    " SELECT 'd' || i, 'Dokument ' || i, 'Tekst', 't' FROM n",
    "ANALYZE",
};

/* True when the word w occurs in s at position p as a whole word. */
static bool word_at(const char *s, const char *p, const char *w)
{
    size_t n = strlen(w);
    return strncmp(p, w, n) == 0 && (p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
           !(isalnum((unsigned char)p[n]) || p[n] == '_');
}

/* True when sql names table t as name: "t name", "t AS name" or t itself. */
static bool names_table(const char *sql, const char *t, const char *name)
{
    if (strcmp(t, name) == 0) {
        return true;
    }
    for (const char *p = strstr(sql, t); p; p = strstr(p + 1, t)) {
        if (!word_at(sql, p, t)) {
            continue;
        }
        const char *q = p + strlen(t);
        while (*q == ' ') {
            q++;
        }
        if (strncasecmp(q, "AS ", 3) == 0) {
            q += 3;
        }
        if (word_at(sql, q, name)) {
            return true;
        }
    }
    return false;
}

/* The growing table a plan line scans, or NULL. */
static const char *scanned(const char *sql, const char *line)
{
    while (*line == ' ') {
        line++;
    }
    if (strncmp(line, "SCAN ", 5) != 0) {
        return NULL;
    }
    char name[64];
    size_t n = 0;
    for (const char *p = line + 5; *p && *p != ' ' && n < sizeof name - 1; p++) {
        name[n++] = *p;
    }
    name[n] = '\0';
    for (size_t i = 0; i < NELEM(growing); i++) {
        if (names_table(sql, growing[i], name)) {
            return growing[i];
        }
    }
    return NULL;
}

/* Prints a statement's plan as comment lines. */
static void print_plan(const struct model_stmt *st, json_t *plan)
{
    fprintf(stdout, "#   %s%s:\n", st->name, st->whole_table ? " (whole table)" : "");
    size_t i;
    json_t *line;
    json_array_foreach(plan, i, line) {
        fprintf(stdout, "#     %s\n", json_string_value(line));
    }
}

/* A migrated database filled for the planner; ends the binary on failure. */
static struct db *filled(void)
{
    char path[256], *err = NULL;
    snprintf(path, sizeof path, "%s/plans.db", dir);
    struct db *db = db_open(path, &err);
    if (!db || db_migrate(db, "migrations", NULL) < 0) {
        fprintf(stdout, "fail test_plans.c: cannot make %s: %s\n", path,
                err ? err : db_errmsg(db));
        exit(1);
    }
    for (size_t i = 0; i < NELEM(fill); i++) {
        if (db_exec(db, fill[i], "") < 0) {
            fprintf(stdout, "fail test_plans.c: cannot fill: %s\n", db_errmsg(db));
            exit(1);
        }
    }
    return db;
}

TEST(no_scan_of_growing_tables)
{
    struct db *db = filled();
    bool all = getenv("KLIKD_PLANS") != NULL;
    size_t n = 0;
    for (size_t s = 0; s < nmodel_stmt_sets; s++) {
        const struct model_stmt_set *set = &model_stmt_sets[s];
        for (size_t i = 0; i < *set->nitems; i++, n++) {
            const struct model_stmt *st = &set->items[i];
            json_t *plan = db_plan(db, st->sql);
            if (!plan) {
                fprintf(stdout, "#   %s: %s\n", st->name, db_errmsg(db));
                check_failed_++;
                db_clear(db);
                continue;
            }
            const char *bad = NULL;
            size_t j;
            json_t *line;
            json_array_foreach(plan, j, line) {
                const char *t = scanned(st->sql, json_string_value(line));
                bad = bad ? bad : t;
            }
            if (bad && !st->whole_table) {
                fprintf(stdout, "#   %s scans %s, which grows with the data\n", st->name, bad);
                print_plan(st, plan);
                check_failed_++;
            } else if (all) {
                print_plan(st, plan);
            }
            json_decref(plan);
        }
    }
    CHECK(n > 50);
    db_close(db);
}

/* Occurrences of needle in the file at path; -1 if it cannot be read. */
static int count_in_file(const char *path, const char *needle)
{
    char *text = file_read(path, NULL);
    if (!text) {
        return -1;
    }
    int n = 0;
    for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle)) {
        n++;
    }
    free(text);
    return n;
}

TEST(table_lists_every_statement)
{
    for (size_t s = 0; s < nmodel_stmt_sets; s++) {
        const struct model_stmt_set *set = &model_stmt_sets[s];
        int in_source = count_in_file(set->file, "static const char sql");
        CHECK(in_source > 0);
        if ((size_t)in_source != *set->nitems) {
            fprintf(stdout, "#   %s has %d SQL constants, its table lists %zu\n", set->file,
                    in_source, *set->nitems);
            check_failed_++;
        }
        for (size_t i = 0; i < *set->nitems; i++) {
            CHECK(set->items[i].sql && set->items[i].name);
            for (size_t j = 0; j < i; j++) {
                CHECK(set->items[j].sql != set->items[i].sql);
            }
        }
    }
    /* every model file has its table */
    DIR *d = opendir("src/model");
    CHECK(d != NULL);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!str_ends(e->d_name, ".c") || strcmp(e->d_name, "stmts.c") == 0) {
            continue;
        }
        char path[300];
        snprintf(path, sizeof path, "src/model/%s", e->d_name);
        bool listed = false;
        for (size_t s = 0; s < nmodel_stmt_sets; s++) {
            listed = listed || strcmp(model_stmt_sets[s].file, path) == 0;
        }
        if (!listed && count_in_file(path, "static const char sql") != 0) {
            fprintf(stdout, "#   %s has SQL but no statement table\n", path);
            check_failed_++;
        }
    }
    if (d) {
        closedir(d);
    }
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(table_lists_every_statement);
    RUN(no_scan_of_growing_tables);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
        fprintf(stdout, "#   cannot remove %s\n", dir);
    }
    CHECK_DONE();
}
