/*
 * leave: a person leaving the municipality (see model/leave.h). Ending an
 * appointment keeps its row: to_date becomes the day before the leaving
 * day (or its from_date, for one that had not begun) and ended_at is set;
 * the successor's appointment is a new row from the leaving day. It never
 * deletes a row and never touches another organisation's.
 */
#include "model/audit.h"
#include "model/leave.h"
#include "model/session.h"
#include "model/stmts.h"
#include "util.h"
#include "appt_sql.h"

static const char sql_appts[] =
    "SELECT a.id, r.slug AS role, r.name AS role_name, p.code AS project, a.role_id,"
    " a.project_id, a.from_date AS \"from\", a.to_date AS \"to\","
    " a.is_primary AS \"primary:bool\" FROM appointments a JOIN roles r ON r.id = a.role_id"
    " LEFT JOIN projects p ON p.id = a.project_id WHERE a.person_id = ?1"
    APPT_OPEN_AT("a.", "?2")
    " ORDER BY r.position, p.code";

json_t *leave_appointments(struct db *db, int64_t person_id, const char *today)
{
    json_t *rows = db_rows(db, sql_appts, "it", person_id, today);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        json_object_del(row, "role_id");
        json_object_del(row, "project_id");
    }
    return rows;
}

static const char sql_tasks[] =
    "SELECT t.id, m.title, p.code AS project, t.end_date, t.status,"
    " t.responsible_id IS ?1 AS \"responsible:bool\", t.performer_id IS ?1 AS \"performer:bool\""
    " FROM tasks t JOIN master_tasks m ON m.id = t.master_task_id"
    " JOIN projects p ON p.id = t.project_id"
    " WHERE (t.responsible_id = ?1 OR t.performer_id = ?1) AND t.status <> 'fuldfoert'"
    " ORDER BY t.end_date, t.id";

json_t *leave_tasks(struct db *db, int64_t person_id)
{
    return db_rows(db, sql_tasks, "i", person_id);
}

static const char sql_end[] =
    "UPDATE appointments SET to_date = max(from_date, date(?2, '-1 day')), ended_at = ?3,"
    " updated_at = ?3 WHERE id = ?1";
static const char sql_held[] =
    "SELECT id FROM appointments WHERE organisation_id = ?1 AND role_id = ?2"
    " AND project_id IS ?3 AND person_id = ?4" APPT_OPEN_AT("", "?5") " LIMIT 1";
static const char sql_take[] =
    "INSERT INTO appointments (organisation_id, role_id, project_id, person_id, from_date,"
    " to_date, is_primary, created_at) VALUES (?1, ?2, ?3, ?4, max(?5, ?6), ?7, ?8, ?9)";

/* Ends one appointment of the leaver (row as sql_appts gives it) and,
 * with a successor, gives them the same role from today. The action
 * taken ("moved", "ended", "held": the successor held it already), or
 * NULL on failure. */
static const char *move_one(struct db *db, int64_t org_id, json_t *row, int64_t successor,
                            const char *today, const char *now)
{
    int64_t id = json_integer_value(json_object_get(row, "id"));
    int64_t role = json_integer_value(json_object_get(row, "role_id"));
    int64_t project = json_integer_value(json_object_get(row, "project_id"));
    const char *from = json_string_value(json_object_get(row, "from"));
    const char *to = json_string_value(json_object_get(row, "to"));
    if (db_exec(db, sql_end, "itt", id, today, now) != 1) {
        return NULL;
    }
    if (!successor) {
        return "ended";
    }
    int64_t held;
    int rc = db_int(db, &held, sql_held, "iiIit", org_id, role, project, successor, today);
    if (rc != 0) {
        return rc < 0 ? NULL : "held";
    }
    bool primary = json_is_true(json_object_get(row, "primary"));
    return db_exec(db, sql_take, "iiIitttbt", org_id, role, project, successor, today, from, to,
                   primary, now) == 1
               ? "moved"
               : NULL;
}

/* Moves or ends every appointment in appts; their list for the result
 * (new reference), or NULL on failure. */
static json_t *move_all(struct db *db, int64_t org_id, json_t *appts, int64_t successor,
                        const char *today, const char *now)
{
    json_t *out = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(appts, i, row) {
        const char *action = move_one(db, org_id, row, successor, today, now);
        if (!action) {
            json_decref(out);
            return NULL;
        }
        json_array_append_new(out, json_pack("{s:O,s:O,s:O,s:s}", "role",
                                             json_object_get(row, "role"), "role_name",
                                             json_object_get(row, "role_name"), "project",
                                             json_object_get(row, "project"), "action",
                                             action));
    }
    return out;
}

static const char sql_task_resp[] =
    "UPDATE tasks SET responsible_id = ?2, updated_at = ?3 WHERE responsible_id = ?1"
    " AND status <> 'fuldfoert'";
static const char sql_task_perf[] =
    "UPDATE tasks SET performer_id = ?2, updated_at = ?3 WHERE performer_id = ?1"
    " AND status <> 'fuldfoert'";
static const char sql_user[] = "SELECT id FROM users WHERE person_id = ?1 AND active = 1";
static const char sql_user_off[] = "UPDATE users SET active = 0 WHERE id = ?1";
static const char sql_left[] =
    "UPDATE persons SET left_at = ?2, updated_at = ?2 WHERE id = ?1 AND left_at IS NULL";

/* Switches off the person's log-in and ends its sessions: 1 done, 0 there
 * was no active log-in, -1 failure. */
static int login_off(struct db *db, int64_t person_id)
{
    int64_t uid;
    int rc = db_int(db, &uid, sql_user, "i", person_id);
    if (rc <= 0) {
        return rc;
    }
    return db_exec(db, sql_user_off, "i", uid) == 1 && session_delete_user(db, uid, 0) >= 0
               ? 1
               : -1;
}

json_t *leave_run(struct db *db, const struct actor *a, int64_t org_id, int64_t person_id,
                  int64_t successor_id, const char *today)
{
    char now[21];
    now_iso(now);
    json_t *appts = db_rows(db, sql_appts, "it", person_id, today);
    json_t *tasks = appts ? leave_tasks(db, person_id) : NULL;
    json_t *moved = tasks ? move_all(db, org_id, appts, successor_id, today, now) : NULL;
    json_decref(appts);
    if (!moved) {
        json_decref(tasks);
        return NULL;
    }
    int off = db_exec(db, sql_task_resp, "iIt", person_id, successor_id, now) < 0 ||
                      db_exec(db, sql_task_perf, "iIt", person_id, successor_id, now) < 0 ||
                      db_exec(db, sql_left, "it", person_id, now) != 1
                  ? -1
                  : login_off(db, person_id);
    json_t *result = json_pack("{s:o,s:o,s:b,s:I}", "appointments", moved, "tasks", tasks,
                               "login_disabled", off == 1, "successor", (json_int_t)successor_id);
    if (!successor_id) {
        json_object_set_new(result, "successor", json_null());
    }
    if (off < 0 ||
        audit_write(db, a, org_id, "person.leave", "person", person_id, NULL, result) < 0) {
        json_decref(result);
        return NULL;
    }
    return result;
}

const struct model_stmt leave_stmts[] = {
    {"leave.appts", sql_appts, false},
    {"leave.tasks", sql_tasks, false},
    {"leave.end", sql_end, false},
    {"leave.held", sql_held, false},
    {"leave.take", sql_take, false},
    {"leave.task_resp", sql_task_resp, false},
    {"leave.task_perf", sql_task_perf, false},
    {"leave.user", sql_user, false},
    {"leave.user_off", sql_user_off, false},
    {"leave.left", sql_left, false},
};
const size_t nleave_stmts = NELEM(leave_stmts);
