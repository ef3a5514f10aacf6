/*
 * task: a municipality's tasks — each a master task published to it in a
 * wave (or its own local task, wave NULL) — their lists with filters and
 * paging, the counts behind a project's progress bar, one task in full,
 * and the changes a PLUS user makes: status (who and when), responsible,
 * performer, the method steps ticked off, and local tasks. Reads are
 * scoped by the owner filter (KOMBIT reads all); a hidden (unpublished)
 * task is read by nothing here. Overdue and due soon (within 14 days)
 * are computed against the date the caller gives, never the clock, so
 * tests can plant dates. It renders nothing and checks no rights.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "model/audit.h"
#include "model/master_task.h"
#include "model/notification.h"
#include "model/stmts.h"
#include "model/task.h"
#include "scope.h"
#include "util.h"
#include "appt_sql.h"

/* The list's columns; ?1 is today. */
#define TASK_COLUMNS                                                                         \
    "SELECT t.id, t.master_task_id AS master_task, m.title, p.code AS project,"              \
    " w.name AS wave, o.code AS municipality, t.start_date AS start,"                       \
    " t.end_date AS deadline, t.status,"                                                     \
    " CASE WHEN rp.id IS NULL THEN NULL ELSE json_object('id', rp.id, 'name', rp.name) END"  \
    " AS \"responsible:json\","                                                              \
    " CASE WHEN pp.id IS NULL THEN NULL ELSE json_object('id', pp.id, 'name', pp.name) END"  \
    " AS \"performer:json\","                                                                \
    " coalesce(t.end_date < ?1 AND t.status <> 'fuldfoert', 0) AS \"overdue:bool\","        \
    " coalesce(t.end_date >= ?1 AND t.end_date <= date(?1, '+14 days')"                     \
    "   AND t.status <> 'fuldfoert', 0) AS \"due_soon:bool\","                              \
    " m.phase, m.theme, m.priority, t.wave_id IS NULL AS \"local:bool\","                   \
    " (SELECT json_group_array(json_object('id', pt.id, 'title', pm.title))"                \
    "   FROM master_task_predecessors mp JOIN tasks pt ON pt.master_task_id = mp.predecessor_id" \
    "   JOIN master_tasks pm ON pm.id = mp.predecessor_id"                                   \
    "   WHERE mp.master_task_id = t.master_task_id AND pt.organisation_id = t.organisation_id" \
    "   AND pt.wave_id = t.wave_id AND pt.status <> 'fuldfoert' AND pt.hidden_at IS NULL)"   \
    " AS \"waits_for:json\""

#define TASK_FROM                                                                            \
    " FROM tasks t JOIN master_tasks m ON m.id = t.master_task_id"                           \
    " JOIN projects p ON p.id = t.project_id JOIN organisations o ON o.id = t.organisation_id" \
    " LEFT JOIN waves w ON w.id = t.wave_id LEFT JOIN persons rp ON rp.id = t.responsible_id" \
    " LEFT JOIN persons pp ON pp.id = t.performer_id"

/* The list's filters, ?2 .. ?10 (see task_filter). */
#define TASK_WHERE                                                                           \
    " WHERE t.hidden_at IS NULL AND (?2 IS NULL OR p.code = ?2)"                             \
    " AND (?3 = 0 OR t.wave_id = ?3) AND (?4 IS NULL OR t.status = ?4)"                      \
    " AND (?5 = 0 OR (t.end_date < ?1 AND t.status <> 'fuldfoert'))"                        \
    " AND (?6 = 0 OR t.responsible_id = ?6 OR t.performer_id = ?6)"                          \
    " AND (?7 IS NULL OR m.phase = ?7) AND (?8 IS NULL OR m.theme = ?8)"                     \
    " AND (?9 IS NULL OR m.priority = ?9)"                                                   \
    " AND (?10 IS NULL OR p.code IN (SELECT value FROM json_each(?10)))"

#define TASK_ORDER " ORDER BY t.end_date IS NULL, t.end_date, m.title, t.id LIMIT ?11 OFFSET ?12"

static const char sql_list_all[] = TASK_COLUMNS TASK_FROM TASK_WHERE TASK_ORDER;
static const char sql_list_own[] =
    TASK_COLUMNS TASK_FROM TASK_WHERE " AND t.organisation_id = ?13" TASK_ORDER;
static const char sql_count_all[] = "SELECT count(*)" TASK_FROM TASK_WHERE;
static const char sql_count_own[] =
    "SELECT count(*)" TASK_FROM TASK_WHERE " AND t.organisation_id = ?11";

json_t *task_list(struct db *db, const struct owner_filter *scope, const struct task_filter *f,
                  int64_t *total)
{
    int64_t limit = f->limit > 0 ? f->limit : 100;
    json_t *rows = db_rows(db, SCOPED(scope, sql_list_all, sql_list_own, "ttitbittttii"),
                           f->today, f->project, f->wave_id, f->status, (int)f->overdue,
                           f->person_id, f->phase, f->theme, f->priority, f->projects, limit,
                           f->offset, scope->owner_id);
    if (!rows) {
        return NULL;
    }
    int rc = db_int(db, total, SCOPED(scope, sql_count_all, sql_count_own, "ttitbitttt"),
                    f->today, f->project, f->wave_id, f->status, (int)f->overdue, f->person_id,
                    f->phase, f->theme, f->priority, f->projects, scope->owner_id);
    if (rc != 1) {
        json_decref(rows);
        return NULL;
    }
    return rows;
}

#define COUNTS_SQL                                                                           \
    "SELECT json_object('ikke_paabegyndt', count(*) FILTER (WHERE status = 'ikke_paabegyndt'),"  \
    " 'paabegyndt', count(*) FILTER (WHERE status = 'paabegyndt'),"                          \
    " 'fuldfoert', count(*) FILTER (WHERE status = 'fuldfoert'),"                            \
    " 'overdue', count(*) FILTER (WHERE end_date < ?2 AND status <> 'fuldfoert'),"           \
    " 'total', count(*)) AS \"counts:json\""                                                 \
    " FROM tasks WHERE project_id = ?1 AND hidden_at IS NULL"

static const char sql_counts_all[] = COUNTS_SQL;
static const char sql_counts_own[] = COUNTS_SQL " AND organisation_id = ?3";

json_t *task_counts(struct db *db, const struct owner_filter *scope, int64_t project_id,
                    const char *today)
{
    json_t *row = db_row(db, SCOPED(scope, sql_counts_all, sql_counts_own, "it"), project_id,
                         today, scope->owner_id);
    json_t *c = row ? json_incref(json_object_get(row, "counts")) : NULL;
    json_decref(row);
    return c;
}

/* The distinct values of one column of a project's master tasks that
 * org ?2 sees (KOMBIT's and its own local ones). */
#define FACET(col, key)                                                                      \
    " (SELECT json_group_array(v) FROM (SELECT DISTINCT " col " AS v FROM master_tasks"        \
    "   WHERE project_id = ?1 AND (organisation_id IS NULL OR organisation_id = ?2)"          \
    "   AND " col " IS NOT NULL ORDER BY 1)) AS \"" key ":json\""

static const char sql_facets[] =
    "SELECT" FACET("phase", "phases") "," FACET("theme", "themes") ","
    FACET("priority", "priorities");

json_t *task_facets(struct db *db, int64_t org_id, int64_t project_id)
{
    return db_row(db, sql_facets, "ii", project_id, org_id);
}

#define TASK_ONE_COLUMNS                                                                     \
    TASK_COLUMNS ", t.organisation_id, t.project_id, t.responsible_id, t.performer_id,"      \
    " t.status_at, CASE WHEN sp.id IS NULL THEN NULL ELSE json_object('name', sp.name) END"  \
    " AS \"status_by:json\","                                                                \
    " (SELECT json_group_array(position) FROM (SELECT position FROM task_steps_done"         \
    "   WHERE task_id = t.id ORDER BY position)) AS \"steps_done:json\""                     \
    TASK_FROM " LEFT JOIN users su ON su.id = t.status_by LEFT JOIN persons sp ON sp.id = su.person_id"

static const char sql_get_all[] = TASK_ONE_COLUMNS " WHERE t.id = ?2 AND t.hidden_at IS NULL";
static const char sql_get_own[] =
    TASK_ONE_COLUMNS " WHERE t.id = ?2 AND t.hidden_at IS NULL AND t.organisation_id = ?3";

/* The master task's fields a task adds (the rest it has itself). */
static const char *const mt_keys[] = {
    "external_id", "sts", "duration_days", "end_offset_days", "start_offset_days", "waves",
    "goal", "description", "goal_html", "description_html", "method_html", "result_html",
    "method_steps", "result", "recommended_performer", "involved_parties",
    "publication_status", "links", "roles", "comments"};

json_t *task_get(struct db *db, const struct owner_filter *scope, int64_t id, const char *today)
{
    json_t *t = db_row(db, SCOPED(scope, sql_get_all, sql_get_own, "ti"), today, id,
                       scope->owner_id);
    if (!t) {
        return NULL;
    }
    json_t *m = mt_get(db, json_integer_value(json_object_get(t, "master_task")));
    if (!m) {
        json_decref(t);
        return NULL;
    }
    for (size_t i = 0; i < NELEM(mt_keys); i++) {
        json_t *v = json_object_get(m, mt_keys[i]);
        json_object_set(t, mt_keys[i], v ? v : json_null());
    }
    json_decref(m);
    return t;
}

static const char sql_person_of[] =
    "SELECT 1 FROM persons WHERE id = ?1 AND organisation_id = ?2";

int task_person_of(struct db *db, int64_t org_id, int64_t person_id)
{
    int64_t one;
    return db_int(db, &one, sql_person_of, "ii", person_id, org_id);
}

static const char sql_state[] =
    "SELECT t.status, t.responsible_id AS responsible, t.performer_id AS performer,"
    " (SELECT json_group_array(position) FROM (SELECT position FROM task_steps_done"
    "   WHERE task_id = t.id ORDER BY position)) AS \"steps_done:json\","
    " (SELECT count(*) FROM master_task_steps s WHERE s.master_task_id = t.master_task_id)"
    " AS steps FROM tasks t WHERE t.id = ?1 AND t.organisation_id = ?2 AND t.hidden_at IS NULL";
static const char sql_update[] =
    "UPDATE tasks SET status = ?2, status_by = CASE WHEN ?3 THEN ?4 ELSE status_by END,"
    " status_at = CASE WHEN ?3 THEN ?5 ELSE status_at END, responsible_id = ?6,"
    " performer_id = ?7, updated_at = ?5 WHERE id = ?1";
static const char sql_steps_drop[] =
    "DELETE FROM task_steps_done WHERE task_id = ?1"
    " AND position NOT IN (SELECT value FROM json_each(?2))";
static const char sql_steps_add[] =
    "INSERT OR IGNORE INTO task_steps_done (task_id, position, done_by, done_at)"
    " SELECT ?1, value, ?3, ?4 FROM json_each(?2)";

/* Checks the persons and step positions of ch against org_id and the
 * task's steps: 0, -3 or -4 (see task_update), -1. */
static int check_change(struct db *db, int64_t org_id, const struct task_change *ch,
                        int64_t nsteps)
{
    int rc;
    if (ch->set_responsible && ch->responsible &&
        (rc = task_person_of(db, org_id, ch->responsible)) != 1) {
        return rc < 0 ? -1 : -3;
    }
    if (ch->set_performer && ch->performer &&
        (rc = task_person_of(db, org_id, ch->performer)) != 1) {
        return rc < 0 ? -1 : -3;
    }
    size_t i;
    json_t *v;
    json_array_foreach(ch->steps_done, i, v) {
        if (json_integer_value(v) < 1 || json_integer_value(v) > nsteps) {
            return -4;
        }
    }
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The integers of list, sorted, without repeats (new reference). */
static json_t *sorted_ints(json_t *list)
{
    size_t n = json_array_size(list), i;
    int64_t *v = xcalloc(n + 1, sizeof *v);
    json_t *x;
    json_array_foreach(list, i, x) {
        v[i] = json_integer_value(x);
    }
    qsort(v, n, sizeof *v, cmp_i64);
    json_t *out = json_array();
    for (i = 0; i < n; i++) {
        if (i == 0 || v[i] != v[i - 1]) {
            json_array_append_new(out, json_integer(v[i]));
        }
    }
    free(v);
    return out;
}

/* The new state of a task: before with ch applied (new reference). */
static json_t *apply(json_t *before, const struct task_change *ch)
{
    json_t *after = json_copy(before);
    json_object_del(after, "steps");
    if (ch->status) {
        json_object_set_new(after, "status", json_string(ch->status));
    }
    if (ch->set_responsible) {
        json_object_set_new(after, "responsible",
                            ch->responsible ? json_integer(ch->responsible) : json_null());
    }
    if (ch->set_performer) {
        json_object_set_new(after, "performer",
                            ch->performer ? json_integer(ch->performer) : json_null());
    }
    if (ch->steps_done) {
        json_object_set_new(after, "steps_done", sorted_ints(ch->steps_done));
    }
    return after;
}

/* Writes after (the apply() shape) over task id. 0 or -1. */
static int write_state(struct db *db, const struct actor *a, int64_t id, json_t *before,
                       json_t *after)
{
    char now[21];
    now_iso(now);
    const char *status = json_string_value(json_object_get(after, "status"));
    bool status_changed = strcmp(status, json_string_value(json_object_get(before, "status")));
    if (db_exec(db, sql_update, "itbItII", id, status, status_changed, a->user_id, now,
                (int64_t)json_integer_value(json_object_get(after, "responsible")),
                (int64_t)json_integer_value(json_object_get(after, "performer"))) != 1) {
        return -1;
    }
    json_t *steps = json_object_get(after, "steps_done");
    if (!json_equal(steps, json_object_get(before, "steps_done"))) {
        char *list = json_text(steps, JSON_COMPACT);
        int rc = db_exec(db, sql_steps_drop, "it", id, list) >= 0 &&
                         db_exec(db, sql_steps_add, "itIt", id, list, a->user_id, now) >= 0
                     ? 0
                     : -1;
        free(list);
        return rc;
    }
    return 0;
}

/* Notifies the people who became responsible or performer of task id by
 * this change (once each, when they hold both). 0, or -1 on failure. */
static int notify_new_parties(struct db *db, const struct actor *a, int64_t id, json_t *before,
                              json_t *after)
{
    int64_t was_r = json_integer_value(json_object_get(before, "responsible"));
    int64_t was_p = json_integer_value(json_object_get(before, "performer"));
    int64_t r = json_integer_value(json_object_get(after, "responsible"));
    int64_t p = json_integer_value(json_object_get(after, "performer"));
    if (r && r != was_r && notify_assigned(db, id, r, a) < 0) {
        return -1;
    }
    if (p && p != was_p && p != r && notify_assigned(db, id, p, a) < 0) {
        return -1;
    }
    return 0;
}

int task_update(struct db *db, const struct actor *a, int64_t org_id, int64_t id,
                const struct task_change *ch)
{
    json_t *before = db_row(db, sql_state, "ii", id, org_id);
    if (!before) {
        return db_failed(db) ? -1 : 0;
    }
    int rc = check_change(db, org_id, ch, json_integer_value(json_object_get(before, "steps")));
    json_object_del(before, "steps");
    json_t *after = rc == 0 ? apply(before, ch) : NULL;
    if (after && !json_equal(before, after)) {
        rc = write_state(db, a, id, before, after) == 0 &&
                     audit_write(db, a, org_id, "task.update", "task", id, before, after) == 0 &&
                     notify_new_parties(db, a, id, before, after) == 0
                 ? 0
                 : -1;
    }
    json_decref(before);
    json_decref(after);
    return rc == 0 ? 1 : rc;
}

static const char sql_holders[] =
    "SELECT r.slug AS role, pe.id AS person_id, pe.name FROM roles r"
    " JOIN appointments a ON a.role_id = r.id AND a.organisation_id = ?1"
    " JOIN persons pe ON pe.id = a.person_id"
    " WHERE r.slug IN (SELECT value FROM json_each(?3))"
    " AND (a.project_id = ?2 OR a.project_id IS NULL)"
    APPT_CURRENT_AT("a.", "?4")
    " ORDER BY r.position, pe.name, pe.id";

json_t *task_role_holders(struct db *db, int64_t org_id, int64_t project_id, const char *slugs,
                          const char *today)
{
    return db_rows(db, sql_holders, "iitt", org_id, project_id, slugs, today);
}

static const char sql_mt_insert[] =
    "INSERT INTO master_tasks (title, project_id, phase, theme, priority, goal, description,"
    " result, recommended_performer, involved_parties, goal_html, description_html,"
    " method_html, result_html, organisation_id, state, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, '', ?13, ?14, 'published',"
    " ?15, ?15)";
static const char sql_task_insert[] =
    "INSERT INTO tasks (master_task_id, organisation_id, project_id, wave_id, start_date,"
    " end_date, responsible_id, performer_id, published_at, updated_at)"
    " VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7, ?8, ?8)";
static const char sql_created[] =
    "SELECT t.id, m.title, p.code AS project, t.start_date AS start, t.end_date AS deadline,"
    " t.responsible_id AS responsible, t.performer_id AS performer FROM tasks t"
    " JOIN master_tasks m ON m.id = t.master_task_id JOIN projects p ON p.id = t.project_id"
    " WHERE t.id = ?1";

int64_t task_create_local(struct db *db, const struct actor *a, int64_t org_id,
                          int64_t project_id, const struct task_local *t)
{
    int rc;
    if ((t->responsible && (rc = task_person_of(db, org_id, t->responsible)) != 1) ||
        (t->performer && (rc = task_person_of(db, org_id, t->performer)) != 1)) {
        return rc < 0 ? -1 : -3;
    }
    char now[21];
    now_iso(now);
    if (db_exec(db, sql_mt_insert, "titttttttttttit", t->title, project_id, t->phase, t->theme,
                t->priority, t->goal, t->description, t->result, t->recommended_performer,
                t->involved_parties, t->goal_html, t->description_html, t->result_html, org_id,
                now) != 1) {
        return -1;
    }
    int64_t mt = db_last_id(db);
    if (db_exec(db, sql_task_insert, "iiittIIt", mt, org_id, project_id, t->start, t->deadline,
                t->responsible, t->performer, now) != 1) {
        return -1;
    }
    int64_t id = db_last_id(db);
    json_t *after = db_row(db, sql_created, "i", id);
    rc = after ? audit_write(db, a, org_id, "task.create", "task", id, NULL, after) : -1;
    json_decref(after);
    return rc < 0 ? -1 : id;
}

static const char sql_in_project[] =
    "SELECT 1 FROM tasks WHERE id = ?1 AND organisation_id = ?2 AND project_id = ?3"
    " AND hidden_at IS NULL";

int task_in_project(struct db *db, int64_t org_id, int64_t project_id, int64_t id)
{
    int64_t one;
    return db_int(db, &one, sql_in_project, "iii", id, org_id, project_id);
}

const struct model_stmt task_stmts[] = {
    {"task.in_project", sql_in_project, false},
    {"task.list_all", sql_list_all, true},
    {"task.list_own", sql_list_own, false},
    {"task.count_all", sql_count_all, true},
    {"task.count_own", sql_count_own, false},
    {"task.counts_all", sql_counts_all, false},
    {"task.counts_own", sql_counts_own, false},
    {"task.facets", sql_facets, false},
    {"task.get_all", sql_get_all, false},
    {"task.get_own", sql_get_own, false},
    {"task.person_of", sql_person_of, false},
    {"task.state", sql_state, false},
    {"task.update", sql_update, false},
    {"task.steps_drop", sql_steps_drop, false},
    {"task.steps_add", sql_steps_add, false},
    {"task.holders", sql_holders, false},
    {"task.mt_insert", sql_mt_insert, false},
    {"task.insert", sql_task_insert, false},
    {"task.created", sql_created, false},
};
const size_t ntask_stmts = NELEM(task_stmts);
