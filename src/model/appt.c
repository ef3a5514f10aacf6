/*
 * appt: appointments (udpegninger) of a municipality's people to roles.
 * This first slice covers the system-specific roles of a project, which a
 * user with PLUS on that project may change. Reads are scoped to the
 * caller's organisation (KOMBIT reads all); a person can only be
 * appointed in their own organisation.
 */
#include <string.h>

#include "model/appt.h"
#include "model/audit.h"
#include "model/stmts.h"
#include "scope.h"
#include "util.h"

#define APPT_COLUMNS                                                                        \
    "SELECT a.id, o.code AS organisation, json_object('slug', r.slug, 'name', r.name)"       \
    " AS \"role:json\", p.code AS project, json_object('id', pe.id, 'name', pe.name,"       \
    " 'title', pe.title, 'email', pe.email) AS \"person:json\", a.from_date AS \"from\","   \
    " a.to_date AS \"to\", a.created_at"                                                    \
    " FROM appointments a JOIN organisations o ON o.id = a.organisation_id"                 \
    " JOIN roles r ON r.id = a.role_id JOIN persons pe ON pe.id = a.person_id"              \
    " LEFT JOIN projects p ON p.id = a.project_id"

#define APPT_ORDER " ORDER BY o.code, r.position, a.from_date"

static const char sql_list_all[] = APPT_COLUMNS " WHERE p.code = ?1" APPT_ORDER;
static const char sql_list_own[] =
    APPT_COLUMNS " WHERE p.code = ?1 AND a.organisation_id = ?2" APPT_ORDER;
static const char sql_get[] = APPT_COLUMNS " WHERE a.id = ?1";
static const char sql_get_own[] = APPT_COLUMNS " WHERE a.id = ?1 AND a.organisation_id = ?2";

json_t *appt_list(struct db *db, const struct owner_filter *scope, const char *project)
{
    return db_rows(db, SCOPED(scope, sql_list_all, sql_list_own, "t"), project, scope->owner_id);
}

json_t *appt_get(struct db *db, const struct owner_filter *scope, int64_t id)
{
    return db_row(db, SCOPED(scope, sql_get, sql_get_own, "i"), id, scope->owner_id);
}

static const char sql_role[] =
    "SELECT id FROM roles WHERE slug = ?1 AND category = 'system-specific'";
static const char sql_person[] =
    "SELECT id FROM persons WHERE id = ?1 AND organisation_id = ?2";
static const char sql_insert[] =
    "INSERT INTO appointments (organisation_id, role_id, project_id, person_id, from_date,"
    " to_date, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

int64_t appt_create(struct db *db, const struct actor *a, int64_t org_id, int64_t project_id,
                    const char *role, int64_t person_id, const char *from, const char *to)
{
    int64_t role_id, pid;
    int rc = db_int(db, &role_id, sql_role, "t", role);
    if (rc <= 0) {
        return rc < 0 ? -1 : -2;
    }
    rc = db_int(db, &pid, sql_person, "ii", person_id, org_id);
    if (rc <= 0) {
        return rc < 0 ? -1 : -3;
    }
    char now[21];
    now_iso(now);
    if (db_exec(db, sql_insert, "iiiittt", org_id, role_id, project_id, person_id, from, to,
                now) != 1) {
        return -1;
    }
    int64_t id = db_last_id(db);
    json_t *after = db_row(db, sql_get, "i", id);
    rc = audit_write(db, a, org_id, "appointment.create", "appointment", id, NULL, after);
    json_decref(after);
    return rc < 0 ? -1 : id;
}

static const char sql_in_project[] = APPT_COLUMNS " WHERE a.id = ?1 AND p.code = ?2";
static const char sql_in_project_own[] =
    APPT_COLUMNS " WHERE a.id = ?1 AND p.code = ?2 AND a.organisation_id = ?3";
static const char sql_delete[] = "DELETE FROM appointments WHERE id = ?1";

int appt_delete(struct db *db, const struct actor *a, const struct owner_filter *scope,
                const char *project, int64_t id)
{
    json_t *before = db_row(db, SCOPED(scope, sql_in_project, sql_in_project_own, "it"), id,
                           project, scope->owner_id);
    if (!before) {
        return db_failed(db) ? -1 : 0;
    }
    int rc = db_exec(db, sql_delete, "i", id) == 1 &&
                     audit_write(db, a, scope->owner_id, "appointment.delete", "appointment", id,
                                 before, NULL) == 0
                 ? 1
                 : -1;
    json_decref(before);
    return rc;
}

#define PERSON_COLUMNS                                                                      \
    "SELECT pe.id, pe.name, pe.title, pe.email, pe.phone, o.code AS organisation"            \
    " FROM persons pe JOIN organisations o ON o.id = pe.organisation_id"

static const char sql_persons_all[] = PERSON_COLUMNS " ORDER BY o.code, pe.name";
static const char sql_persons_own[] =
    PERSON_COLUMNS " WHERE pe.organisation_id = ?1 ORDER BY o.code, pe.name";

json_t *person_list(struct db *db, const struct owner_filter *scope)
{
    return db_rows(db, SCOPED(scope, sql_persons_all, sql_persons_own, ""), scope->owner_id);
}

static const char sql_roles_ss[] =
    "SELECT slug, name FROM roles WHERE category = 'system-specific' ORDER BY position";

json_t *appt_roles(struct db *db)
{
    return db_rows(db, sql_roles_ss, "");
}

const struct model_stmt appt_stmts[] = {
    {"appt.list_all", sql_list_all, false},
    {"appt.list_own", sql_list_own, false},
    {"appt.get", sql_get, false},
    {"appt.get_own", sql_get_own, false},
    {"appt.role", sql_role, false},
    {"appt.person", sql_person, false},
    {"appt.insert", sql_insert, false},
    {"appt.in_project", sql_in_project, false},
    {"appt.in_project_own", sql_in_project_own, false},
    {"appt.delete", sql_delete, false},
    {"appt.persons_all", sql_persons_all, true},
    {"appt.persons_own", sql_persons_own, false},
    {"appt.roles", sql_roles_ss, false},
};
const size_t nappt_stmts = NELEM(appt_stmts);
