/*
 * handover: from implementation to operation (see model/handover.h). The
 * pairs of roles come from the imported rollegalleri (role_successors);
 * predecessors' appointments are ended, not deleted (to_date the day
 * before, ended_at set), so the history of who held the project stays.
 */
#include <stdlib.h>

#include "model/audit.h"
#include "model/handover.h"
#include "model/stmts.h"
#include "util.h"
#include "appt_sql.h"

static const char sql_stage[] =
    "SELECT stage, handed_over_at FROM organisation_projects"
    " WHERE organisation_id = ?1 AND project_id = ?2";

json_t *handover_stage(struct db *db, int64_t org_id, int64_t project_id)
{
    json_t *row = db_row(db, sql_stage, "ii", org_id, project_id);
    if (!row && !db_failed(db)) {
        row = json_pack("{s:s,s:n}", "stage", "implementation", "handed_over_at");
    }
    return row;
}

static const char sql_proposal[] =
    "SELECT s.slug AS role, s.name AS role_name, r.slug AS predecessor,"
    " r.name AS predecessor_name, (SELECT a.person_id FROM appointments a"
    "  WHERE a.organisation_id = ?1 AND a.role_id = r.id AND a.project_id = ?2"
    APPT_CURRENT_AT("a.", "?3")
    "  ORDER BY a.is_primary DESC, a.from_date, a.id LIMIT 1) AS person"
    " FROM role_successors x JOIN roles r ON r.id = x.role_id"
    " JOIN roles s ON s.id = x.successor_id ORDER BY s.position";
static const char sql_person_name[] = "SELECT name FROM persons WHERE id = ?1";

json_t *handover_proposal(struct db *db, int64_t org_id, int64_t project_id, const char *today)
{
    json_t *rows = db_rows(db, sql_proposal, "iit", org_id, project_id, today);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        int64_t pid = json_integer_value(json_object_get(row, "person"));
        char *name = NULL;
        if (pid && db_text(db, &name, sql_person_name, "i", pid) < 0) {
            json_decref(rows);
            return NULL;
        }
        json_object_set_new(row, "person_name", name ? json_string(name) : json_null());
        free(name);
    }
    return rows;
}

static const char sql_person_ok[] =
    "SELECT 1 FROM persons WHERE id = ?1 AND organisation_id = ?2 AND left_at IS NULL";

int handover_person_ok(struct db *db, int64_t org_id, int64_t person_id)
{
    int64_t one;
    return db_int(db, &one, sql_person_ok, "ii", person_id, org_id);
}

static const char sql_end_pred[] =
    "UPDATE appointments SET to_date = max(from_date, date(?4, '-1 day')), ended_at = ?5,"
    " updated_at = ?5 WHERE organisation_id = ?1 AND project_id = ?2"
    " AND role_id = (SELECT id FROM roles WHERE slug = ?3)"
    APPT_OPEN_AT("", "?4");
static const char sql_held[] =
    "SELECT a.id FROM appointments a WHERE a.organisation_id = ?1"
    " AND a.role_id = (SELECT id FROM roles WHERE slug = ?3) AND a.project_id = ?2"
    " AND a.person_id = ?4" APPT_OPEN_AT("a.", "?5");
static const char sql_appoint[] =
    "INSERT INTO appointments (organisation_id, role_id, project_id, person_id, from_date,"
    " is_primary, created_at) SELECT ?1, id, ?2, ?4, ?5, 1, ?6 FROM roles WHERE slug = ?3";
static const char sql_set_stage[] =
    "INSERT INTO organisation_projects (organisation_id, project_id, stage, handed_over_at)"
    " VALUES (?1, ?2, 'operation', ?3) ON CONFLICT (organisation_id, project_id)"
    " DO UPDATE SET stage = 'operation', handed_over_at = ?3";

/* Appoints the entry's chosen person to its successor role: "appointed",
 * "held" (they hold it already), "none" (no one chosen), NULL failure. */
static const char *appoint(struct db *db, int64_t org_id, int64_t project_id, json_t *entry,
                           const char *today, const char *now)
{
    const char *role = json_string_value(json_object_get(entry, "role"));
    int64_t person = json_integer_value(json_object_get(entry, "person"));
    if (!person) {
        return "none";
    }
    int64_t id;
    int rc = db_int(db, &id, sql_held, "iitit", org_id, project_id, role, person, today);
    if (rc != 0) {
        return rc < 0 ? NULL : "held";
    }
    return db_exec(db, sql_appoint, "iititt", org_id, project_id, role, person, today, now) == 1
               ? "appointed"
               : NULL;
}

json_t *handover_run(struct db *db, const struct actor *a, int64_t org_id, int64_t project_id,
                     json_t *proposal, const char *today)
{
    char now[21];
    now_iso(now);
    json_t *done = json_array();
    int ended = 0;
    size_t i;
    json_t *e;
    json_array_foreach(proposal, i, e) {
        int n = db_exec(db, sql_end_pred, "iittt", org_id, project_id,
                        json_string_value(json_object_get(e, "predecessor")), today, now);
        const char *action = n < 0 ? NULL : appoint(db, org_id, project_id, e, today, now);
        if (!action) {
            json_decref(done);
            return NULL;
        }
        ended += n;
        json_array_append_new(done, json_pack("{s:O,s:O,s:s}", "role",
                                              json_object_get(e, "role"), "person",
                                              json_object_get(e, "person"), "action", action));
    }
    json_t *result = json_pack("{s:s,s:s,s:o,s:i}", "stage", "operation", "handed_over_at", now,
                               "appointments", done, "ended", ended);
    if (db_exec(db, sql_set_stage, "iit", org_id, project_id, now) != 1 ||
        audit_write(db, a, org_id, "project.handover", "project", project_id, NULL, result) < 0) {
        json_decref(result);
        return NULL;
    }
    return result;
}

const struct model_stmt handover_stmts[] = {
    {"handover.stage", sql_stage, false},
    {"handover.proposal", sql_proposal, false},
    {"handover.person_name", sql_person_name, false},
    {"handover.person_ok", sql_person_ok, false},
    {"handover.end_pred", sql_end_pred, false},
    {"handover.held", sql_held, false},
    {"handover.appoint", sql_appoint, false},
    {"handover.set_stage", sql_set_stage, false},
};
const size_t nhandover_stmts = NELEM(handover_stmts);
