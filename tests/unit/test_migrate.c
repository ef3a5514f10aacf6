/*
 * test_migrate: the migration runner and migration 0002 on temporary
 * databases — ids of deleted rows are never handed out again, a populated
 * database of version 1 keeps every row and every foreign key when it
 * moves to version 2 (no cascade from the table rebuilds), foreign keys
 * are on again afterwards, and a migration that breaks a reference is
 * refused and leaves nothing behind.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "db.h"
#include "util.h"

static char dir[] = "/tmp/klikd-test-migrate-XXXXXX";

/* Opens a new database file in the test directory (caller closes); ends
 * the test binary when it cannot. */
static struct db *open_db(const char *name)
{
    char path[256], *err = NULL;
    snprintf(path, sizeof path, "%s/%s.db", dir, name);
    struct db *db = db_open(path, &err);
    if (!db) {
        fprintf(stdout, "#   %s\n", err);
        exit(1);
    }
    return db;
}

/* Makes dir/sub holding copies of the named migrations plus, when extra
 * is set, a file extra_name with that text. Returns the path (static). */
static const char *migrations(const char *sub, const char *const *names, const char *extra_name,
                              const char *extra)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    mkdir(path, 0700);
    for (size_t i = 0; names[i]; i++) {
        char *text = check_read_("migrations", names[i], NULL);
        char out[300];
        snprintf(out, sizeof out, "%s/%s", path, names[i]);
        FILE *f = fopen(out, "w");
        if (!text || !f || fputs(text, f) < 0) {
            exit(1);
        }
        fclose(f);
        free(text);
    }
    if (extra) {
        char out[300];
        snprintf(out, sizeof out, "%s/%s", path, extra_name);
        FILE *f = fopen(out, "w");
        if (!f || fputs(extra, f) < 0) {
            exit(1);
        }
        fclose(f);
    }
    return path;
}

static const char *const only_init[] = {"0001_init.sql", NULL};
static const char *const init_and_rebuild[] = {"0001_init.sql", "0002_autoincrement.sql", NULL};

/* One row in every table of version 1, referencing each other. */
static const char *const fixture[] = {
    "INSERT INTO persons VALUES (1, 2, 'Anne', 'Leder', 'a@x.dk', '1', 1, 't', 't')",
    "INSERT INTO persons VALUES (2, 3, 'Bo', NULL, NULL, NULL, 0, 't', 't')",
    "INSERT INTO users VALUES (1, 1, 'a@x.dk', 'h', 'admin', 1, 't', 't')",
    "INSERT INTO user_projects VALUES (1, 7, 'plus')",
    "INSERT INTO sessions VALUES (1, 1, 'ab', 'c', 1, 2, '127.0.0.1', 'ua')",
    "INSERT INTO api_tokens VALUES (1, 1, 'cd', 'ci', 't', NULL, NULL)",
    "INSERT INTO login_throttle VALUES ('addr:1', 2, 3, 0)",
    "INSERT INTO roles VALUES (1, 'projektleder', 'Projektleder', 'system-specific', 'e', 'c',"
    " 1, 1, 't')",
    "INSERT INTO roles VALUES (2, 'systemejer', 'Systemejer', 'cross-cutting', 'e', 'c', 4, 2,"
    " 't')",
    "INSERT INTO role_items VALUES (1, 'task', 1, 'Lede', 'X', '(X)')",
    "INSERT INTO role_competences VALUES (1, 1, 'Overblik')",
    "INSERT INTO role_successors VALUES (1, 2)",
    "INSERT INTO project_roles VALUES (7, 1, 'implementation', 'mandatory')",
    "INSERT INTO appointments VALUES (1, 2, 1, 7, 1, '2020-01-01', NULL, 't')",
    "INSERT INTO appointments VALUES (2, 3, 1, 7, 2, '2020-01-01', '2021-01-01', 't')",
    "INSERT INTO waves VALUES (1, 7, 'Bølge 5', '2021-03-01')",
    "INSERT INTO wave_members VALUES (1, 2)",
    "INSERT INTO master_tasks (id, external_id, title, project_id, created_at, updated_at)"
    " VALUES (1, 100, 'Opgave', 7, 't', 't'), (2, NULL, 'Anden', 7, 't', 't')",
    "INSERT INTO master_task_waves VALUES (1, 1, 'KY - Bølge 5', 1)",
    "INSERT INTO master_task_steps VALUES (1, 1, 'Trin')",
    "INSERT INTO master_task_links VALUES (1, 1, 'https://x.dk')",
    "INSERT INTO master_task_comments VALUES (1, 1, 'K', 't', 'Tekst')",
    "INSERT INTO master_task_roles VALUES (1, 1, 'performer')",
    "INSERT INTO master_task_predecessors VALUES (1, 2)",
    "INSERT INTO tasks VALUES (1, 1, 2, 1, '2021-01-01', '2021-02-01', 1, 1, 'paabegyndt', 't',"
    " 't')",
    "INSERT INTO messages VALUES (1, 1, NULL, NULL, 1, 'Hej', 't')",
    "INSERT INTO documents VALUES (1, 'vejledning', 'Vejledning', 'Tekst', 't')",
    "INSERT INTO audit_events VALUES (1, 't', 1, 2, 2, 'user.create', 'user', '1', NULL, '{}',"
    " 'cli')",
    NULL,
};

#define ALL(t) {t, "SELECT * FROM " t}

/* Every table of version 1 and the query that reads all of it. */
static const struct {
    const char *name;
    const char *sql;
} tables[] = {
    ALL("organisations"),        ALL("persons"),           ALL("users"),
    ALL("projects"),             ALL("user_projects"),     ALL("sessions"),
    ALL("api_tokens"),           ALL("login_throttle"),    ALL("roles"),
    ALL("role_items"),           ALL("role_competences"),  ALL("role_successors"),
    ALL("project_roles"),        ALL("appointments"),      ALL("waves"),
    ALL("wave_members"),         ALL("master_tasks"),      ALL("master_task_waves"),
    ALL("master_task_steps"),    ALL("master_task_links"), ALL("master_task_comments"),
    ALL("master_task_roles"),    ALL("master_task_predecessors"),
    ALL("tasks"),                ALL("messages"),          ALL("documents"),
    ALL("audit_events"),
};

static const char sql_keys[] =
    "SELECT m.name, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete"
    " FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
    " WHERE m.type = 'table' ORDER BY m.name, f.\"table\", f.\"from\"";
static const char sql_indexes[] =
    "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"
    " ORDER BY name";
static const char sql_tables[] =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    " AND name <> 'schema_migrations'";
static const char sql_fk_on[] = "PRAGMA foreign_keys";
static const char sql_versions[] = "SELECT group_concat(version) FROM schema_migrations";

/* Every table's rows, keyed by table (new reference). */
static json_t *snapshot(struct db *db)
{
    json_t *all = json_object();
    for (size_t i = 0; i < NELEM(tables); i++) {
        json_object_set_new(all, tables[i].name, db_rows(db, tables[i].sql, ""));
    }
    return all;
}

TEST(version1_keeps_rows_and_keys)
{
    struct db *db = open_db("v1");
    CHECK_EQ_INT(db_migrate(db, migrations("v1", only_init, NULL, NULL), NULL), 0);
    int64_t n = 0;
    CHECK_EQ_INT(db_int(db, &n, sql_tables, ""), 1);
    CHECK_EQ_INT(n, (int64_t)NELEM(tables)); /* the list above covers every table */
    CHECK_EQ_INT(db_begin(db), 0);
    for (size_t i = 0; fixture[i]; i++) {
        CHECK(db_exec(db, fixture[i], "") >= 1);
    }
    CHECK_EQ_INT(db_commit(db), 0);
    json_t *rows = snapshot(db), *keys = db_rows(db, sql_keys, "");
    json_t *idx = db_rows(db, sql_indexes, "");
    const char *t;
    json_t *v;
    json_object_foreach(rows, t, v) {
        if (json_array_size(v) == 0) {
            fprintf(stdout, "#   the fixture leaves %s empty\n", t);
            check_failed_++;
        }
    }
    /* the rebuild alone: later migrations add tables and columns */
    CHECK_EQ_INT(db_migrate(db, migrations("v2", init_and_rebuild, NULL, NULL), NULL), 0);
    CHECK(!db_failed(db));
    char *versions = NULL;
    CHECK_EQ_INT(db_text(db, &versions, sql_versions, ""), 1);
    CHECK_EQ_STR(versions, "1,2");
    free(versions);
    json_t *after = snapshot(db), *keys_after = db_rows(db, sql_keys, "");
    CHECK(json_equal(rows, after));
    CHECK(json_array_size(keys) > 20 && json_equal(keys, keys_after));
    json_t *idx_after = db_rows(db, sql_indexes, "");
    size_t i;
    json_array_foreach(idx, i, v) { /* every index of version 1 is there again */
        bool found = false;
        size_t j;
        json_t *w;
        json_array_foreach(idx_after, j, w) {
            found = found || json_equal(v, w);
        }
        if (!found) {
            fprintf(stdout, "#   index %s lost\n",
                    json_string_value(json_object_get(v, "name")));
            check_failed_++;
        }
    }
    CHECK_EQ_INT(db_int(db, &n, sql_fk_on, ""), 1);
    CHECK_EQ_INT(n, 1); /* foreign keys are on again */
    static const char sql_bad_ref[] =
        "INSERT INTO appointments (organisation_id, role_id, project_id, person_id, from_date,"
        " created_at) VALUES (2, 1, 7, 999, '2020-01-01', 't')";
    CHECK_EQ_INT(db_exec(db, sql_bad_ref, ""), -1);
    CHECK(db_constraint(db));
    db_clear(db);
    static const char sql_del_user[] = "DELETE FROM user_projects WHERE user_id = 1";
    static const char sql_del_user2[] = "DELETE FROM users WHERE id = 1";
    static const char sql_sessions[] = "SELECT count(*) FROM sessions";
    db_exec(db, sql_del_user, "");
    db_exec(db, sql_del_user2, ""); /* still referenced by messages and audit events */
    CHECK(db_constraint(db));
    db_clear(db);
    CHECK_EQ_INT(db_int(db, &n, sql_sessions, ""), 1);
    CHECK_EQ_INT(n, 1);
    json_decref(rows);
    json_decref(after);
    json_decref(keys);
    json_decref(keys_after);
    json_decref(idx);
    json_decref(idx_after);
    db_close(db);
}

static const char sql_person[] =
    "INSERT INTO persons (organisation_id, name, created_at, updated_at) VALUES (2, 'P', 't', 't')";
static const char sql_role[] =
    "INSERT INTO roles (slug, name, category, effect, characteristics, position, updated_at)"
    " VALUES ('r', 'R', 'system-specific', 'e', 'c', 1, 't')";
static const char sql_appt[] =
    "INSERT INTO appointments (organisation_id, role_id, project_id, person_id, from_date,"
    " created_at) VALUES (2, 1, 7, ?1, '2020-01-01', 't')";
static const char sql_appt_delete[] = "DELETE FROM appointments WHERE id = ?1";
static const char sql_audit[] =
    "INSERT INTO audit_events (at, action, entity) VALUES ('t', 'a', 'e')";
static const char sql_audit_delete[] = "DELETE FROM audit_events WHERE id = ?1";

TEST(deleted_ids_not_reused)
{
    struct db *db = open_db("ids");
    CHECK_EQ_INT(db_migrate(db, "migrations", NULL), 0);
    CHECK_EQ_INT(db_exec(db, sql_person, ""), 1);
    int64_t person = db_last_id(db);
    CHECK_EQ_INT(db_exec(db, sql_role, ""), 1);
    CHECK_EQ_INT(db_exec(db, sql_appt, "i", person), 1);
    CHECK_EQ_INT(db_exec(db, sql_appt, "i", person), 1);
    int64_t newest = db_last_id(db);
    CHECK_EQ_INT(db_exec(db, sql_appt_delete, "i", newest), 1);
    CHECK_EQ_INT(db_exec(db, sql_appt, "i", person), 1);
    CHECK(db_last_id(db) > newest);
    CHECK_EQ_INT(db_exec(db, sql_audit, ""), 1);
    newest = db_last_id(db);
    CHECK_EQ_INT(db_exec(db, sql_audit_delete, "i", newest), 1);
    CHECK_EQ_INT(db_exec(db, sql_audit, ""), 1);
    CHECK(db_last_id(db) > newest);
    CHECK(!db_failed(db));
    db_close(db);
}

TEST(broken_reference_refused)
{
    struct db *db = open_db("broken");
    static const char bad[] =
        "INSERT INTO persons (organisation_id, name, created_at, updated_at)"
        " VALUES (9999, 'Ingen', 't', 't');\n";
    const char *path = migrations("broken", only_init, "0002_bad.sql", bad);
    CHECK_EQ_INT(db_migrate(db, path, NULL), -1);
    CHECK(db_failed(db));
    CHECK(strstr(db_errmsg(db), "foreign_key_check") != NULL);
    db_clear(db);
    char *versions = NULL;
    CHECK_EQ_INT(db_text(db, &versions, sql_versions, ""), 1);
    CHECK_EQ_STR(versions, "1");
    free(versions);
    static const char sql_persons[] = "SELECT count(*) FROM persons";
    int64_t n = -1;
    CHECK_EQ_INT(db_int(db, &n, sql_persons, ""), 1);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(db_int(db, &n, sql_fk_on, ""), 1);
    CHECK_EQ_INT(n, 1);
    db_close(db);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(version1_keeps_rows_and_keys);
    RUN(deleted_ids_not_reused);
    RUN(broken_reference_refused);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
        fprintf(stdout, "#   cannot remove %s\n", dir);
    }
    CHECK_DONE();
}
