/*
 * publish: KOMBIT publishes master tasks to a wave (wave_publications),
 * and the wave's tasks follow: one task per member municipality and
 * published master task, deadline = go-live + end offset, start =
 * deadline + start offset (calendar days; a missing offset counts as 0),
 * status 'ikke_paabegyndt'. Unpublishing sets unpublished_at and hides the
 * tasks (hidden_at); publishing again shows them; nothing is deleted.
 * pub_sync() is the one place that makes a wave's tasks match its members
 * and publications. The message announcing a publication is stored here
 * with the HTML the caller rendered. The caller holds the transaction;
 * nothing here renders, checks access or knows HTTP.
 */
#include <string.h>

#include "model/audit.h"
#include "model/publish.h"
#include "model/stmts.h"
#include "model/wave.h"
#include "util.h"

static const char sql_create[] =
    "INSERT OR IGNORE INTO tasks (master_task_id, organisation_id, project_id, wave_id,"
    " end_date, start_date, published_at, updated_at)"
    " SELECT m.id, wm.organisation_id, m.project_id, w.id,"
    " date(w.go_live, coalesce(m.end_offset_days, 0) || ' days'),"
    " date(w.go_live, (coalesce(m.end_offset_days, 0) + coalesce(m.start_offset_days, 0))"
    "   || ' days'), ?2, ?2"
    " FROM waves w JOIN wave_publications wp ON wp.wave_id = w.id"
    " JOIN master_tasks m ON m.id = wp.master_task_id"
    " JOIN wave_members wm ON wm.wave_id = w.id"
    " WHERE w.id = ?1 AND wp.unpublished_at IS NULL";
static const char sql_show[] =
    "UPDATE tasks SET hidden_at = NULL, updated_at = ?2"
    " WHERE wave_id = ?1 AND hidden_at IS NOT NULL"
    " AND EXISTS (SELECT 1 FROM wave_publications wp WHERE wp.wave_id = ?1"
    "   AND wp.master_task_id = tasks.master_task_id AND wp.unpublished_at IS NULL)"
    " AND EXISTS (SELECT 1 FROM wave_members wm WHERE wm.wave_id = ?1"
    "   AND wm.organisation_id = tasks.organisation_id)";
static const char sql_hide[] =
    "UPDATE tasks SET hidden_at = ?2, updated_at = ?2"
    " WHERE wave_id = ?1 AND hidden_at IS NULL"
    " AND (NOT EXISTS (SELECT 1 FROM wave_publications wp WHERE wp.wave_id = ?1"
    "   AND wp.master_task_id = tasks.master_task_id AND wp.unpublished_at IS NULL)"
    " OR NOT EXISTS (SELECT 1 FROM wave_members wm WHERE wm.wave_id = ?1"
    "   AND wm.organisation_id = tasks.organisation_id))";

/* See publish.h. */
int pub_sync(struct db *db, int64_t wave, struct pub_counts *out)
{
    char now[21];
    now_iso(now);
    int created = db_exec(db, sql_create, "it", wave, now);
    int shown = created < 0 ? -1 : db_exec(db, sql_show, "it", wave, now);
    int hidden = shown < 0 ? -1 : db_exec(db, sql_hide, "it", wave, now);
    if (hidden < 0) {
        return -1;
    }
    out->created += created;
    out->shown += shown;
    out->hidden += hidden;
    return 0;
}

static const char sql_publish[] =
    "INSERT INTO wave_publications (wave_id, master_task_id, published_at, published_by)"
    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (wave_id, master_task_id) DO UPDATE SET"
    " published_at = excluded.published_at, published_by = excluded.published_by,"
    " unpublished_at = NULL WHERE unpublished_at IS NOT NULL";
static const char sql_unpublish[] =
    "UPDATE wave_publications SET unpublished_at = ?3"
    " WHERE wave_id = ?1 AND master_task_id = ?2 AND unpublished_at IS NULL";

/* Records one publication change per master task of ids and syncs the
 * wave's tasks; the audit events name the master tasks that changed. */
static int change(struct db *db, const struct actor *a, int64_t wave, json_t *ids,
                  bool publish, struct pub_counts *out)
{
    char now[21];
    now_iso(now);
    memset(out, 0, sizeof *out);
    json_t *changed = json_array();
    size_t i;
    json_t *id;
    int rc = 0;
    json_array_foreach(ids, i, id) {
        int64_t mt = json_integer_value(id);
        int n = publish ? db_exec(db, sql_publish, "iitI", wave, mt, now, a->user_id)
                        : db_exec(db, sql_unpublish, "iit", wave, mt, now);
        if (n < 0) {
            rc = -1;
            break;
        }
        if (n > 0) {
            json_array_append_new(changed, json_integer(mt));
        }
    }
    out->changed = (int)json_array_size(changed);
    if (rc == 0 && out->changed) {
        json_t *after = json_pack("{s:O}", "master_tasks", changed);
        const char *action = publish ? "wave.publish" : "wave.unpublish";
        rc = audit_write(db, a, 0, action, "wave", wave, NULL, after) < 0 ||
                     pub_sync(db, wave, out) < 0 ||
                     wave_audit_members(db, a, wave, publish ? "task.publish" : "task.hide",
                                        after) < 0
                 ? -1
                 : 0;
        json_decref(after);
    }
    json_decref(changed);
    return rc;
}

/* See publish.h. */
int pub_publish(struct db *db, const struct actor *a, int64_t wave, json_t *ids,
                struct pub_counts *out)
{
    return change(db, a, wave, ids, true, out);
}

/* See publish.h. */
int pub_unpublish(struct db *db, const struct actor *a, int64_t wave, json_t *ids,
                  struct pub_counts *out)
{
    return change(db, a, wave, ids, false, out);
}

static const char sql_candidates[] =
    "SELECT m.id, m.external_id, m.title, m.state, m.end_offset_days, m.start_offset_days,"
    " wp.published_at, wp.unpublished_at,"
    " wp.wave_id IS NOT NULL AND wp.unpublished_at IS NULL AS \"published:bool\""
    " FROM master_tasks m LEFT JOIN wave_publications wp ON wp.master_task_id = m.id"
    " AND wp.wave_id = ?2 WHERE m.project_id = ?1 AND m.organisation_id IS NULL"
    " ORDER BY m.title";

/* See publish.h. */
json_t *pub_candidates(struct db *db, int64_t project, int64_t wave)
{
    return db_rows(db, sql_candidates, "ii", project, wave);
}

static const char sql_message[] =
    "INSERT INTO messages (wave_id, author_id, body, body_html, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";

/* See publish.h. */
int64_t pub_message(struct db *db, const struct actor *a, int64_t wave, const char *body,
                    const char *body_html)
{
    char now[21];
    now_iso(now);
    if (db_exec(db, sql_message, "iIttt", wave, a->user_id, body, body_html, now) != 1) {
        return -1;
    }
    int64_t id = db_last_id(db);
    json_t *after = json_pack("{s:I,s:s}", "wave_id", (json_int_t)wave, "body", body);
    int rc = audit_write(db, a, 0, "message.create", "message", id, NULL, after);
    json_decref(after);
    return rc < 0 ? -1 : id;
}

const struct model_stmt publish_stmts[] = {
    {"pub.create", sql_create, false},
    {"pub.show", sql_show, false},
    {"pub.hide", sql_hide, false},
    {"pub.publish", sql_publish, false},
    {"pub.unpublish", sql_unpublish, false},
    {"pub.candidates", sql_candidates, false},
    {"pub.message", sql_message, false},
};
const size_t npublish_stmts = NELEM(publish_stmts);
