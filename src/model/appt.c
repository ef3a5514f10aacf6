/*
 * appt: appointments (udpegninger) of a municipality's people to roles —
 * listing them (scoped to the caller's organisation, every municipality
 * for KOMBIT, with filters), creating, changing and ending them, each in
 * the caller's transaction with its audit event. A person can only be
 * appointed in their own organisation (the caller checks that with
 * person.h). Ending never deletes: the row stays as history. Who may
 * appoint is decided by the router's rights, not here.
 */
#include <string.h>

#include "model/appt.h"
#include "model/audit.h"
#include "model/stmts.h"
#include "scope.h"
#include "util.h"
#include "appt_sql.h"

/* ?1 is always today ("YYYY-MM-DD"). */
#define APPT_COLUMNS                                                                        \
    "SELECT a.id, o.code AS organisation, o.name AS organisation_name,"                     \
    " json_object('slug', r.slug, 'name', r.name, 'category', r.category) AS \"role:json\"," \
    " p.code AS project, json_object('id', pe.id, 'name', pe.name, 'title', pe.title,"      \
    " 'email', pe.email, 'phone', pe.phone, 'user', json(CASE WHEN EXISTS (SELECT 1"        \
    " FROM users u WHERE u.person_id = pe.id) THEN 'true' ELSE 'false' END))"               \
    " AS \"person:json\", a.from_date AS \"from\", a.to_date AS \"to\","                    \
    " a.is_primary AS \"primary:bool\", CASE WHEN a.ended_at IS NOT NULL OR a.to_date < ?1" \
    " THEN 'ended' WHEN a.from_date > ?1 THEN 'future' ELSE 'current' END AS state,"        \
    " a.ended_at, a.created_at"
#define APPT_JOINS                                                                          \
    " JOIN roles r ON r.id = a.role_id JOIN persons pe ON pe.id = a.person_id"              \
    " LEFT JOIN projects p ON p.id = a.project_id"
#define APPT_FROM " FROM appointments a JOIN organisations o ON o.id = a.organisation_id" APPT_JOINS
#define APPT_ORDER " ORDER BY o.name, r.position, p.code, a.from_date, a.id"
#define APPT_CURRENT APPT_CURRENT_AT("a.", "?1")
#define APPT_FILTER                                                                         \
    " AND (?2 IS NULL OR r.slug = ?2) AND (?3 IS NULL OR p.code = ?3)"                      \
    " AND (?4 IS NULL OR o.code = ?4) AND (?5 IS NULL OR o.region = ?5 OR o.region_code = ?5)"

/* KOMBIT's search walks the (small) organisations table and each one's
 * appointments by index; a municipality's goes straight to its own. */
static const char sql_search_all[] =
    APPT_COLUMNS " FROM organisations o CROSS JOIN appointments a" APPT_JOINS
                 " WHERE a.organisation_id = o.id" APPT_FILTER APPT_ORDER;
static const char sql_search_own[] =
    APPT_COLUMNS APPT_FROM " WHERE a.organisation_id = ?6" APPT_FILTER APPT_ORDER;

/* See appt.h. */
json_t *appt_search(struct db *db, const struct owner_filter *scope, const struct appt_filter *f,
                    const char *today)
{
    return db_rows(db, SCOPED(scope, sql_search_all, sql_search_own, "ttttt"), today, f->role,
                   f->project, f->municipality, f->region, scope->owner_id);
}

static const char sql_list_all[] =
    APPT_COLUMNS APPT_FROM " WHERE p.code = ?2 AND a.ended_at IS NULL" APPT_ORDER;
static const char sql_list_own[] = APPT_COLUMNS APPT_FROM
    " WHERE p.code = ?2 AND a.ended_at IS NULL AND a.organisation_id = ?3" APPT_ORDER;

/* See appt.h. */
json_t *appt_list(struct db *db, const struct owner_filter *scope, const char *project,
                  const char *today)
{
    return db_rows(db, SCOPED(scope, sql_list_all, sql_list_own, "tt"), today, project,
                   scope->owner_id);
}

static const char sql_get[] = APPT_COLUMNS APPT_FROM " WHERE a.id = ?2";
static const char sql_get_own[] = APPT_COLUMNS APPT_FROM " WHERE a.id = ?2 AND a.organisation_id = ?3";

/* See appt.h. */
json_t *appt_get(struct db *db, const struct owner_filter *scope, int64_t id, const char *today)
{
    return db_row(db, SCOPED(scope, sql_get, sql_get_own, "ti"), today, id, scope->owner_id);
}

static const char sql_current[] =
    APPT_COLUMNS APPT_FROM " WHERE a.organisation_id = ?2" APPT_CURRENT APPT_ORDER;
static const char sql_current_role[] = APPT_COLUMNS APPT_FROM
    " WHERE a.organisation_id = ?2 AND r.slug = ?3" APPT_CURRENT APPT_ORDER;

/* See appt.h. */
json_t *appt_current(struct db *db, int64_t org_id, const char *role, const char *today)
{
    if (role) {
        return db_rows(db, sql_current_role, "tit", today, org_id, role);
    }
    return db_rows(db, sql_current, "ti", today, org_id);
}

static const char sql_role[] =
    "SELECT id, category = 'system-specific' AS \"ss:bool\" FROM roles WHERE slug = ?1";

/* See appt.h. */
int appt_role_find(struct db *db, const char *slug, int64_t *id, bool *system_specific)
{
    json_t *row = db_row(db, sql_role, "t", slug);
    if (!row) {
        return db_failed(db) ? -1 : 0;
    }
    *id = json_integer_value(json_object_get(row, "id"));
    *system_specific = json_is_true(json_object_get(row, "ss"));
    json_decref(row);
    return 1;
}

static const char sql_roles[] = "SELECT slug, name, category FROM roles ORDER BY position";
static const char sql_roles_ss[] = "SELECT slug, name, category FROM roles"
                                   " WHERE category = 'system-specific' ORDER BY position";

/* See appt.h. */
json_t *appt_roles(struct db *db, bool system_specific)
{
    return db_rows(db, system_specific ? sql_roles_ss : sql_roles, "");
}

/* An appointment of org_id as its writes and their audit events see it. */
static const char sql_raw[] =
    "SELECT id, role_id, project_id, person_id, from_date AS \"from\", to_date AS \"to\","
    " is_primary AS \"primary:bool\", ended_at FROM appointments"
    " WHERE id = ?1 AND organisation_id = ?2";
static const char sql_dup[] =
    "SELECT id FROM appointments WHERE role_id = ?2 AND organisation_id = ?1"
    " AND project_id IS ?3 AND person_id = ?4 AND ended_at IS NULL AND id <> ?7"
    " AND from_date <= coalesce(?6, '9999-12-31') AND coalesce(to_date, '9999-12-31') >= ?5"
    " LIMIT 1";
static const char sql_primaries[] =
    "SELECT id FROM appointments WHERE role_id = ?2 AND organisation_id = ?1"
    " AND project_id IS ?3 AND id <> ?4 AND is_primary = 1";
static const char sql_unprimary[] =
    "UPDATE appointments SET is_primary = 0, updated_at = ?2 WHERE id = ?1";

/* Whether another live appointment of the same person, role and project
 * overlaps from..to: 1 yes, 0 no, -1 failure. */
static int overlaps(struct db *db, int64_t org_id, int64_t role_id, int64_t project_id,
                    int64_t person_id, const char *from, const char *to, int64_t self)
{
    int64_t other;
    return db_int(db, &other, sql_dup, "iiIitti", org_id, role_id, project_id, person_id, from,
                  to, self);
}

/* Makes every other holder of the role (and project) in org_id stop being
 * primary, each with its audit event. 0 or -1. */
static int unset_primaries(struct db *db, const struct actor *a, int64_t org_id, int64_t role_id,
                           int64_t project_id, int64_t self, const char *now)
{
    json_t *ids = db_rows(db, sql_primaries, "iiIi", org_id, role_id, project_id, self);
    if (!ids) {
        return -1;
    }
    int rc = 0;
    size_t i;
    json_t *row;
    json_array_foreach(ids, i, row) {
        int64_t id = json_integer_value(json_object_get(row, "id"));
        json_t *before = db_row(db, sql_raw, "ii", id, org_id);
        if (db_exec(db, sql_unprimary, "it", id, now) != 1) {
            rc = -1;
        }
        json_t *after = db_row(db, sql_raw, "ii", id, org_id);
        if (rc == 0 && audit_write(db, a, org_id, "appointment.update", "appointment", id,
                                   before, after) < 0) {
            rc = -1;
        }
        json_decref(before);
        json_decref(after);
    }
    json_decref(ids);
    return rc;
}

static const char sql_insert[] =
    "INSERT INTO appointments (organisation_id, role_id, project_id, person_id, from_date,"
    " to_date, is_primary, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)";

/* See appt.h. */
int64_t appt_create(struct db *db, const struct actor *a, const struct appt_new *n)
{
    int rc = overlaps(db, n->org_id, n->role_id, n->project_id, n->person_id, n->from, n->to, 0);
    if (rc != 0) {
        return rc < 0 ? -1 : APPT_DUPLICATE;
    }
    char now[21];
    now_iso(now);
    if (n->primary &&
        unset_primaries(db, a, n->org_id, n->role_id, n->project_id, 0, now) < 0) {
        return -1;
    }
    if (db_exec(db, sql_insert, "iiIittbt", n->org_id, n->role_id, n->project_id, n->person_id,
                n->from, n->to, n->primary, now) != 1) {
        return -1;
    }
    int64_t id = db_last_id(db);
    json_t *after = db_row(db, sql_raw, "ii", id, n->org_id);
    rc = audit_write(db, a, n->org_id, "appointment.create", "appointment", id, NULL, after);
    json_decref(after);
    return rc < 0 ? -1 : id;
}

static const char sql_update[] =
    "UPDATE appointments SET from_date = ?2, to_date = ?3, is_primary = ?4, updated_at = ?5"
    " WHERE id = ?1";

/* A text column of a stored row (borrowed), or NULL. */
static const char *col(json_t *row, const char *key)
{
    return json_string_value(json_object_get(row, key));
}

/* See appt.h. */
int appt_update(struct db *db, const struct actor *a, int64_t org_id, int64_t id,
                const char *from, const char *to, int primary)
{
    json_t *before = db_row(db, sql_raw, "ii", id, org_id);
    if (!before) {
        return db_failed(db) ? -1 : 0;
    }
    int rc = 1;
    const char *f = from ? from : col(before, "from");
    const char *t = to ? (*to ? to : NULL) : col(before, "to");
    bool p = primary < 0 ? json_is_true(json_object_get(before, "primary")) : primary != 0;
    int64_t role_id = json_integer_value(json_object_get(before, "role_id"));
    int64_t project_id = json_integer_value(json_object_get(before, "project_id"));
    int64_t person_id = json_integer_value(json_object_get(before, "person_id"));
    char now[21];
    now_iso(now);
    if (!json_is_null(json_object_get(before, "ended_at"))) {
        rc = APPT_ENDED;
    } else if (t && strcmp(t, f) < 0) {
        rc = APPT_BAD_DATES;
    } else if ((rc = overlaps(db, org_id, role_id, project_id, person_id, f, t, id)) != 0) {
        rc = rc < 0 ? -1 : APPT_DUPLICATE;
    } else if (p && unset_primaries(db, a, org_id, role_id, project_id, id, now) < 0) {
        rc = -1;
    } else if (db_exec(db, sql_update, "ittbt", id, f, t, p, now) != 1) {
        rc = -1;
    } else {
        json_t *after = db_row(db, sql_raw, "ii", id, org_id);
        rc = audit_write(db, a, org_id, "appointment.update", "appointment", id, before,
                         after) < 0 ? -1 : 1;
        json_decref(after);
    }
    json_decref(before);
    return rc;
}

static const char sql_end[] =
    "UPDATE appointments SET to_date = CASE WHEN from_date <= ?2"
    " THEN min(coalesce(to_date, ?2), ?2) ELSE from_date END,"
    " is_primary = 0, ended_at = ?3, updated_at = ?3 WHERE id = ?1";

/* See appt.h. */
int appt_end(struct db *db, const struct actor *a, int64_t org_id, int64_t id,
             const char *today)
{
    json_t *before = db_row(db, sql_raw, "ii", id, org_id);
    if (!before) {
        return db_failed(db) ? -1 : 0;
    }
    int rc = 1;
    int64_t day = 0;
    char yesterday[11], now[21];
    date_parse(today, &day);
    date_format(day - 1, yesterday);
    now_iso(now);
    if (!json_is_null(json_object_get(before, "ended_at"))) {
        rc = APPT_ENDED;
    } else if (db_exec(db, sql_end, "itt", id, yesterday, now) != 1) {
        rc = -1;
    } else {
        json_t *after = db_row(db, sql_raw, "ii", id, org_id);
        rc = audit_write(db, a, org_id, "appointment.end", "appointment", id, before, after) < 0
                 ? -1
                 : 1;
        json_decref(after);
    }
    json_decref(before);
    return rc;
}

const struct model_stmt appt_stmts[] = {
    {"appt.search_all", sql_search_all, false},
    {"appt.search_own", sql_search_own, false},
    {"appt.list_all", sql_list_all, false},
    {"appt.list_own", sql_list_own, false},
    {"appt.get", sql_get, false},
    {"appt.get_own", sql_get_own, false},
    {"appt.current", sql_current, false},
    {"appt.current_role", sql_current_role, false},
    {"appt.role", sql_role, false},
    {"appt.roles", sql_roles, true},
    {"appt.roles_ss", sql_roles_ss, false},
    {"appt.raw", sql_raw, false},
    {"appt.dup", sql_dup, false},
    {"appt.primaries", sql_primaries, false},
    {"appt.unprimary", sql_unprimary, false},
    {"appt.insert", sql_insert, false},
    {"appt.update", sql_update, false},
    {"appt.end", sql_end, false},
};
const size_t nappt_stmts = NELEM(appt_stmts);
