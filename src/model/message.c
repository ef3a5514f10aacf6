/*
 * message: the messages on a task — the municipality's and KOMBIT's own
 * words on that task, KOMBIT's broadcasts to the task's wave (or master
 * task), and the comments imported with the master task — read as one list
 * with each user's unread marker, and written with their audit event and
 * the notifications they cause. It stores the HTML the caller rendered;
 * it never renders Markdown, never sends mail and never decides who may
 * read a task (the caller's resource look-up does).
 */
#include <string.h>

#include "model/audit.h"
#include "model/message.h"
#include "model/notification.h"
#include "model/stmts.h"
#include "util.h"

static const char sql_task[] =
    "SELECT t.id, t.organisation_id, o.code AS organisation, o.name AS organisation_name,"
    " p.code AS project, t.wave_id,"
    " t.master_task_id, m.title, t.responsible_id, t.performer_id, t.end_date"
    " FROM tasks t JOIN master_tasks m ON m.id = t.master_task_id"
    " JOIN projects p ON p.id = t.project_id JOIN organisations o ON o.id = t.organisation_id"
    " WHERE t.id = ?1 AND t.hidden_at IS NULL";

/* See model/message.h. */
json_t *message_task_get(struct db *db, int64_t task_id)
{
    return db_row(db, sql_task, "i", task_id);
}

/* A message row's columns; ?9 is the reader's marker, ?10 the reader
 * (the statements using it leave ?2..?8 to their own conditions or unused;
 * SQLite counts parameters up to the highest number, unused ones bind
 * harmlessly). */
#define MSG_COLUMNS(kind)                                                                   \
    "SELECT m.id, " kind " AS kind, json_object('name', coalesce(ap.name, m.author_name),"  \
    " 'organisation', ao.name) AS \"author:json\", m.body, m.body_html AS \"body_html:html\"," \
    " m.created_at, (m.id > ?9 AND coalesce(m.author_id, 0) <> ?10) AS \"unread:bool\""     \
    " FROM messages m LEFT JOIN users au ON au.id = m.author_id"                            \
    " LEFT JOIN persons ap ON ap.id = au.person_id"                                         \
    " LEFT JOIN organisations ao ON ao.id = ap.organisation_id"

static const char sql_list[] =
    MSG_COLUMNS("'task'") " WHERE m.task_id = ?1"
    " UNION ALL " MSG_COLUMNS("'wave'")
    " WHERE m.wave_id = ?2 AND m.task_id IS NULL AND coalesce(m.master_task_id, ?3) = ?3"
    " UNION ALL " MSG_COLUMNS("'wave'")
    " WHERE m.master_task_id = ?3 AND m.wave_id IS NULL AND m.task_id IS NULL"
    " UNION ALL SELECT NULL, 'import', json_object('name', c.author, 'organisation', NULL),"
    " c.body, c.body_html, c.at, 0 FROM master_task_comments c WHERE c.master_task_id = ?3"
    " ORDER BY 6, 1";

/* The reader's marker: during a visit (read within MESSAGE_VISIT seconds,
 * ?3 the time that far back) the one from before the visit, else the
 * last message seen. */
static const char sql_marker[] =
    "SELECT CASE WHEN read_at >= ?3 THEN baseline_id ELSE last_message_id END"
    " FROM message_reads WHERE user_id = ?1 AND task_id = ?2";

/* The ISO UTC time MESSAGE_VISIT seconds ago, into out. */
static void visit_start(char out[21])
{
    unix_to_iso(now_unix() - MESSAGE_VISIT, out);
}

/* The number of a task's key in a message_task_get row. */
static int64_t num(json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

/* See model/message.h. */
json_t *message_list(struct db *db, json_t *task, int64_t user_id)
{
    int64_t marker = 0;
    char since[21];
    visit_start(since);
    if (db_int(db, &marker, sql_marker, "iit", user_id, num(task, "id"), since) < 0) {
        return NULL;
    }
    return db_rows(db, sql_list, "iIiiiiiiii", num(task, "id"), num(task, "wave_id"),
                   num(task, "master_task_id"), (int64_t)0, (int64_t)0, (int64_t)0,
                   (int64_t)0, (int64_t)0, marker, user_id);
}

/* See model/message.h. */
int64_t message_last_id(json_t *list)
{
    int64_t last = 0;
    size_t i;
    json_t *m;
    json_array_foreach(list, i, m) {
        int64_t id = num(m, "id");
        last = id > last ? id : last;
    }
    return last;
}

/* A new visit (the last read before ?5) starts from the last message
 * seen; the marker never moves down. */
static const char sql_mark[] =
    "INSERT INTO message_reads (user_id, task_id, last_message_id, baseline_id, read_at)"
    " VALUES (?1, ?2, ?3, 0, ?4) ON CONFLICT (user_id, task_id) DO UPDATE"
    " SET baseline_id = CASE WHEN message_reads.read_at < ?5"
    " THEN message_reads.last_message_id ELSE message_reads.baseline_id END,"
    " last_message_id = max(message_reads.last_message_id, excluded.last_message_id),"
    " read_at = excluded.read_at";

/* See model/message.h. */
int message_mark_read(struct db *db, int64_t user_id, int64_t task_id, int64_t last_id)
{
    char now[21], since[21];
    now_iso(now);
    visit_start(since);
    return db_exec(db, sql_mark, "iiitt", user_id, task_id, last_id, now, since) < 0 ? -1 : 0;
}

static const char sql_insert[] =
    "INSERT INTO messages (task_id, master_task_id, wave_id, organisation_id, author_id, body,"
    " body_html, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

/* The audit event's record of a new message. New reference. */
static json_t *audited(int64_t task_id, int64_t wave_id, const char *body)
{
    json_t *o = json_pack("{s:s}", "body", body);
    if (task_id) {
        json_object_set_new(o, "task_id", json_integer(task_id));
    }
    if (wave_id) {
        json_object_set_new(o, "wave_id", json_integer(wave_id));
    }
    return o;
}

/* See model/message.h. */
int64_t message_create(struct db *db, const struct actor *a, json_t *task, const char *body,
                       const char *body_html)
{
    char now[21];
    now_iso(now);
    int64_t task_id = num(task, "id"), org = num(task, "organisation_id");
    if (db_exec(db, sql_insert, "iIIIittt", task_id, (int64_t)0, (int64_t)0, org, a->user_id,
                body, body_html, now) != 1) {
        return -1;
    }
    int64_t id = db_last_id(db);
    json_t *after = audited(task_id, 0, body);
    int rc = audit_write(db, a, org, "message.create", "message", id, NULL, after);
    json_decref(after);
    if (rc < 0 || notify_message(db, id, task, a->user_id) < 0) {
        return -1;
    }
    return id;
}

static const char sql_get[] =
    MSG_COLUMNS("CASE WHEN m.task_id IS NULL THEN 'wave' ELSE 'task' END")
    " WHERE m.id = ?1";

/* See model/message.h. */
json_t *message_get(struct db *db, int64_t id, int64_t user_id)
{
    return db_row(db, sql_get, "iiiiiiiiii", id, (int64_t)0, (int64_t)0, (int64_t)0,
                  (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)0, id, user_id);
}

static const char sql_wave[] =
    "SELECT w.id, w.name, p.code AS project, w.go_live,"
    " (SELECT count(*) FROM tasks t WHERE t.wave_id = w.id AND t.hidden_at IS NULL) AS tasks"
    " FROM waves w JOIN projects p ON p.id = w.project_id WHERE w.id = ?1";

/* See model/message.h. */
json_t *message_wave_get(struct db *db, int64_t wave_id)
{
    return db_row(db, sql_wave, "i", wave_id);
}

static const char sql_wave_list[] =
    MSG_COLUMNS("'wave'") " WHERE m.wave_id = ?1 AND m.task_id IS NULL ORDER BY m.id DESC";

/* See model/message.h. */
json_t *message_wave_list(struct db *db, int64_t wave_id)
{
    /* the marker -1 and reader 0: a broadcast list has no unread state */
    return db_rows(db, sql_wave_list, "iiiiiiiiii", wave_id, (int64_t)0, (int64_t)0,
                   (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)0,
                   (int64_t)INT64_MAX, (int64_t)0);
}

/* See model/message.h. */
int64_t message_broadcast(struct db *db, const struct actor *a, int64_t wave_id,
                          const char *body, const char *body_html)
{
    char now[21];
    now_iso(now);
    if (db_exec(db, sql_insert, "IIiIittt", (int64_t)0, (int64_t)0, wave_id, (int64_t)0,
                a->user_id, body, body_html, now) != 1) {
        return -1;
    }
    int64_t id = db_last_id(db);
    json_t *after = audited(0, wave_id, body);
    int rc = audit_write(db, a, 0, "message.broadcast", "message", id, NULL, after);
    json_decref(after);
    if (rc < 0 || notify_broadcast(db, id, wave_id, a->user_id) < 0) {
        return -1;
    }
    return id;
}

const struct model_stmt message_stmts[] = {
    {"message.task", sql_task, false},
    {"message.list", sql_list, false},
    {"message.marker", sql_marker, false},
    {"message.mark", sql_mark, false},
    {"message.insert", sql_insert, false},
    {"message.get", sql_get, false},
    {"message.wave", sql_wave, false},
    {"message.wave_list", sql_wave_list, false},
};
const size_t nmessage_stmts = NELEM(message_stmts);
