/*
 * user: people with a log-in. A user is a person (name, title, phone, the
 * organisation they belong to) plus an e-mail, a password hash, a type
 * (admin = KLIK-administrator, member) and access per project (plus,
 * laeser). Reads are scoped by an owner_filter on the person's
 * organisation; the password hash never leaves this file except to the
 * log-in check.
 */
#include <stdlib.h>
#include <string.h>

#include "model/audit.h"
#include "model/org.h"
#include "model/session.h"
#include "model/stmts.h"
#include "model/user.h"
#include "scope.h"
#include "util.h"

#define USER_COLUMNS                                                                        \
    "SELECT u.id, u.email, p.name, p.title, p.phone, u.type, u.active AS \"active:bool\","  \
    " o.code AS org_code, o.name AS org_name, o.kind AS org_kind, u.created_at,"           \
    " (SELECT json_group_object(pr.code, up.access) FROM user_projects up"                  \
    "   JOIN projects pr ON pr.id = up.project_id WHERE up.user_id = u.id)"                 \
    "   AS \"projects:json\""                                                               \
    " FROM users u JOIN persons p ON p.id = u.person_id"                                    \
    " JOIN organisations o ON o.id = p.organisation_id"

#define USER_ORDER " ORDER BY o.kind, o.name, p.name"

static const char sql_get[] = USER_COLUMNS " WHERE u.id = ?1";
static const char sql_get_own[] = USER_COLUMNS " WHERE u.id = ?1 AND p.organisation_id = ?2";
static const char sql_list_all[] = USER_COLUMNS USER_ORDER;
static const char sql_list_own[] = USER_COLUMNS " WHERE p.organisation_id = ?1" USER_ORDER;

/* Moves the org_* columns of a row into an "organisation" object; the
 * row is changed in place and returned (NULL stays NULL). */
static json_t *shape(json_t *row)
{
    if (!row) {
        return NULL;
    }
    json_t *org = json_pack("{s:O,s:O,s:O}", "code", json_object_get(row, "org_code"), "name",
                            json_object_get(row, "org_name"), "kind",
                            json_object_get(row, "org_kind"));
    json_object_del(row, "org_code");
    json_object_del(row, "org_name");
    json_object_del(row, "org_kind");
    json_object_set_new(row, "organisation", org);
    return row;
}

json_t *user_get(struct db *db, const struct owner_filter *scope, int64_t id)
{
    return shape(db_row(db, SCOPED(scope, sql_get, sql_get_own, "i"), id, scope->owner_id));
}

json_t *user_list(struct db *db, const struct owner_filter *scope)
{
    json_t *rows = db_rows(db, SCOPED(scope, sql_list_all, sql_list_own, ""), scope->owner_id);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        shape(row);
    }
    return rows;
}

static const char sql_login[] =
    "SELECT id, password_hash, active AS \"active:bool\" FROM users WHERE email = ?1";

json_t *user_login_row(struct db *db, const char *email)
{
    return db_row(db, sql_login, "t", email);
}

static const char sql_ctx[] =
    "SELECT u.id, u.person_id, p.organisation_id AS org_id, o.code AS org_code,"
    " o.name AS org_name, o.kind = 'central' AS \"central:bool\", u.type = 'admin' AS \"admin:bool\","
    " p.name, u.email, u.active AS \"active:bool\","
    " (SELECT json_group_object(pr.code, up.access) FROM user_projects up"
    "   JOIN projects pr ON pr.id = up.project_id WHERE up.user_id = u.id) AS \"projects:json\""
    " FROM users u JOIN persons p ON p.id = u.person_id"
    " JOIN organisations o ON o.id = p.organisation_id WHERE u.id = ?1";

json_t *user_ctx_row(struct db *db, int64_t id)
{
    return db_row(db, sql_ctx, "i", id);
}

static const char sql_id_by_email[] = "SELECT id FROM users WHERE email = ?1";

int64_t user_id_by_email(struct db *db, const char *email)
{
    int64_t id = 0;
    int rc = db_int(db, &id, sql_id_by_email, "t", email);
    return rc < 0 ? -1 : rc == 0 ? 0 : id;
}

static const char sql_org_of[] =
    "SELECT p.organisation_id FROM users u JOIN persons p ON p.id = u.person_id WHERE u.id = ?1";

int64_t user_org_id(struct db *db, int64_t id)
{
    int64_t org = 0;
    int rc = db_int(db, &org, sql_org_of, "i", id);
    return rc < 0 ? -1 : rc == 0 ? 0 : org;
}

static const char sql_person_insert[] =
    "INSERT INTO persons (organisation_id, name, title, email, phone, consent, created_at,"
    " updated_at) VALUES (?1, ?2, nullif(?3, ''), ?4, nullif(?5, ''), 0, ?6, ?6)";
static const char sql_user_insert[] =
    "INSERT INTO users (person_id, email, password_hash, type, active, created_at,"
    " password_changed_at) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)";
static const char sql_access_clear[] = "DELETE FROM user_projects WHERE user_id = ?1";
static const char sql_access_insert[] =
    "INSERT INTO user_projects (user_id, project_id, access) VALUES (?1, ?2, ?3)";

/* Replaces a user's project access with projects ({"KY": "plus"}).
 * 0, -1 failure, -2 an unknown project code. */
static int set_access(struct db *db, int64_t user_id, json_t *projects)
{
    if (db_exec(db, sql_access_clear, "i", user_id) < 0) {
        return -1;
    }
    const char *code;
    json_t *acc;
    json_object_foreach(projects, code, acc) {
        int64_t pid = project_id(db, code);
        if (pid <= 0) {
            return pid < 0 ? -1 : -2;
        }
        if (db_exec(db, sql_access_insert, "iit", user_id, pid, json_string_value(acc)) != 1) {
            return -1;
        }
    }
    return 0;
}

/* The string member key of o, or NULL (borrowed). */
static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

int64_t user_create(struct db *db, const struct actor *a, int64_t org_id, json_t *u)
{
    int64_t taken = user_id_by_email(db, str(u, "email"));
    if (taken != 0) {
        return taken < 0 ? -1 : 0;
    }
    char now[21];
    now_iso(now);
    if (db_exec(db, sql_person_insert, "ittttt", org_id, str(u, "name"), str(u, "title"),
                str(u, "email"), str(u, "phone"), now) != 1) {
        return -1;
    }
    int64_t person = db_last_id(db);
    if (db_exec(db, sql_user_insert, "itttt", person, str(u, "email"),
                str(u, "password_hash"), str(u, "type"), now) != 1) {
        return db_constraint(db) ? 0 : -1;
    }
    int64_t id = db_last_id(db);
    json_t *projects = json_object_get(u, "projects");
    if (projects) {
        int rc = set_access(db, id, projects);
        if (rc < 0) {
            return rc;
        }
    }
    struct owner_filter all = {true, 0};
    json_t *after = user_get(db, &all, id);
    int rc = audit_write(db, a, org_id, "user.create", "user", id, NULL, after);
    json_decref(after);
    return rc < 0 ? -1 : id;
}

static const char sql_person_update[] =
    "UPDATE persons SET name = coalesce(?2, name),"
    " title = CASE WHEN ?3 THEN nullif(?4, '') ELSE title END,"
    " phone = CASE WHEN ?5 THEN nullif(?6, '') ELSE phone END, updated_at = ?7"
    " WHERE id = (SELECT person_id FROM users WHERE id = ?1)";
static const char sql_user_update[] =
    "UPDATE users SET type = coalesce(?2, type), active = CASE WHEN ?3 THEN ?4 ELSE active END"
    " WHERE id = ?1";

int user_update(struct db *db, const struct actor *a, const struct owner_filter *scope,
                int64_t id, json_t *changes)
{
    json_t *before = user_get(db, scope, id);
    if (!before) {
        return db_failed(db) ? -1 : 0;
    }
    char now[21];
    now_iso(now);
    json_t *active = json_object_get(changes, "active");
    bool has_title = json_object_get(changes, "title") != NULL;
    bool has_phone = json_object_get(changes, "phone") != NULL;
    int64_t org = 0;
    int rc = -1;
    if (db_exec(db, sql_person_update, "itbtbtt", id, str(changes, "name"), has_title,
                str(changes, "title"), has_phone, str(changes, "phone"), now) >= 0 &&
        db_exec(db, sql_user_update, "itbb", id, str(changes, "type"), active != NULL,
                json_is_true(active)) >= 0 &&
        db_int(db, &org, sql_org_of, "i", id) == 1) {
        rc = 1;
    }
    if (rc == 1 && json_is_false(active) && session_delete_user(db, id, 0) < 0) {
        rc = -1;
    }
    json_t *projects = json_object_get(changes, "projects");
    if (rc == 1 && projects) {
        int r = set_access(db, id, projects);
        rc = r < 0 ? r : 1;
    }
    if (rc == 1) {
        json_t *after = user_get(db, scope, id);
        if (!json_equal(before, after) &&
            audit_write(db, a, org, "user.update", "user", id, before, after) < 0) {
            rc = -1;
        }
        json_decref(after);
    }
    json_decref(before);
    return rc;
}

static const char sql_password[] =
    "UPDATE users SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1";

int user_set_password(struct db *db, const struct actor *a, int64_t id, const char *hash,
                      int64_t keep_session)
{
    char now[21];
    now_iso(now);
    int64_t org = 0;
    if (db_exec(db, sql_password, "itt", id, hash, now) != 1 ||
        db_int(db, &org, sql_org_of, "i", id) != 1 ||
        session_delete_user(db, id, keep_session) < 0) {
        return -1;
    }
    return audit_write(db, a, org, "user.password", "user", id, NULL, NULL);
}

static const char sql_rehash[] = "UPDATE users SET password_hash = ?2 WHERE id = ?1";

int user_rehash(struct db *db, const struct actor *a, int64_t id, const char *hash)
{
    int64_t org = 0;
    if (db_exec(db, sql_rehash, "it", id, hash) != 1 ||
        db_int(db, &org, sql_org_of, "i", id) != 1) {
        return -1;
    }
    return audit_write(db, a, org, "user.rehash", "user", id, NULL, NULL);
}

const struct model_stmt user_stmts[] = {
    {"user.get", sql_get, false},
    {"user.get_own", sql_get_own, false},
    {"user.list_all", sql_list_all, true},
    {"user.list_own", sql_list_own, false},
    {"user.login", sql_login, false},
    {"user.ctx", sql_ctx, false},
    {"user.id_by_email", sql_id_by_email, false},
    {"user.person_insert", sql_person_insert, false},
    {"user.user_insert", sql_user_insert, false},
    {"user.access_clear", sql_access_clear, false},
    {"user.access_insert", sql_access_insert, false},
    {"user.person_update", sql_person_update, false},
    {"user.user_update", sql_user_update, false},
    {"user.org_of", sql_org_of, false},
    {"user.password", sql_password, false},
    {"user.rehash", sql_rehash, false},
};
const size_t nuser_stmts = NELEM(user_stmts);
