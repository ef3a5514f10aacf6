/*
 * notification: writes the in-app notifications that assignments,
 * messages, broadcasts and deadlines cause, reads a user's own, marks them
 * read, and keeps each user's e-mail choice. A notification names a user
 * and a task; whose it is follows from the user, so no other user can see
 * or mark it. It never sends mail and never composes text: the mail queue
 * (mailq.c) and the templates do.
 */
#include <stdlib.h>
#include <string.h>

#include "model/audit.h"
#include "model/notification.h"
#include "model/stmts.h"
#include "util.h"

/* The active users behind a task's responsible and performer. */
#define TASK_PARTIES " JOIN users u ON u.person_id IN (t.responsible_id, t.performer_id)"

static const char sql_assigned[] =
    "INSERT INTO notifications (user_id, kind, task_id, role, created_at)"
    " SELECT u.id, 'assigned', t.id, CASE WHEN t.responsible_id = ?2 AND t.performer_id = ?2"
    " THEN NULL WHEN t.responsible_id = ?2 THEN 'responsible' ELSE 'performer' END, ?3"
    " FROM tasks t JOIN users u ON u.person_id = ?2"
    " WHERE t.id = ?1 AND ?2 IN (t.responsible_id, t.performer_id) AND u.id <> ?4"
    " AND u.active = 1 AND t.hidden_at IS NULL";

/* See model/notification.h. */
int notify_assigned(struct db *db, int64_t task_id, int64_t person_id, const struct actor *a)
{
    char now[21];
    now_iso(now);
    return db_exec(db, sql_assigned, "iiti", task_id, person_id, now, a ? a->user_id : 0);
}

static const char sql_message[] =
    "INSERT INTO notifications (user_id, kind, task_id, message_id, created_at)"
    " SELECT DISTINCT u.id, 'message', t.id, ?2, ?3 FROM tasks t" TASK_PARTIES
    " WHERE t.id = ?1 AND u.id <> ?4 AND u.active = 1";

/* See model/notification.h. */
int notify_message(struct db *db, int64_t message_id, json_t *task, int64_t author_id)
{
    char now[21];
    now_iso(now);
    return db_exec(db, sql_message, "iiti", json_integer_value(json_object_get(task, "id")),
                   message_id, now, author_id);
}

static const char sql_broadcast[] =
    "INSERT INTO notifications (user_id, kind, task_id, message_id, created_at)"
    " SELECT u.id, 'message', min(t.id), ?2, ?3 FROM tasks t" TASK_PARTIES
    " WHERE t.wave_id = ?1 AND t.hidden_at IS NULL AND u.id <> ?4 AND u.active = 1"
    " GROUP BY u.id";

/* See model/notification.h. */
int notify_broadcast(struct db *db, int64_t message_id, int64_t wave_id, int64_t author_id)
{
    char now[21];
    now_iso(now);
    return db_exec(db, sql_broadcast, "iiti", wave_id, message_id, now, author_id);
}

/* Open, visible tasks by deadline: the partial index tasks_open_end. */
#define OPEN_TASKS " t.status <> 'fuldfoert' AND t.hidden_at IS NULL"

static const char sql_due[] =
    "INSERT OR IGNORE INTO notifications (user_id, kind, task_id, created_at)"
    " SELECT DISTINCT u.id, 'due', t.id, ?3 FROM tasks t" TASK_PARTIES
    " WHERE t.end_date >= ?1 AND t.end_date <= ?2 AND" OPEN_TASKS " AND u.active = 1";
static const char sql_overdue[] =
    "INSERT OR IGNORE INTO notifications (user_id, kind, task_id, created_at)"
    " SELECT DISTINCT u.id, 'overdue', t.id, ?2 FROM tasks t" TASK_PARTIES
    " WHERE t.end_date < ?1 AND" OPEN_TASKS " AND u.active = 1";

/* See model/notification.h. */
int notify_deadlines(struct db *db, const char *today)
{
    int64_t day;
    if (!date_parse(today, &day)) {
        return -1;
    }
    char until[11], now[21];
    date_format(day + NOTIFY_DUE_DAYS, until);
    now_iso(now);
    int due = db_exec(db, sql_due, "ttt", today, until, now);
    int overdue = db_exec(db, sql_overdue, "tt", today, now);
    return due < 0 || overdue < 0 ? -1 : due + overdue;
}

static const char sql_list[] =
    "SELECT n.id, n.kind, n.role, n.created_at, n.read_at IS NOT NULL AS \"read:bool\","
    " json_object('id', t.id, 'title', m.title, 'project', p.code, 'end_date', t.end_date)"
    " AS \"task:json\", CASE WHEN n.message_id IS NULL THEN 'null' ELSE json_object('id',"
    " n.message_id, 'author', coalesce(ap.name, msg.author_name), 'broadcast',"
    " json(CASE WHEN msg.task_id IS NULL THEN 'true' ELSE 'false' END)) END AS \"message:json\""
    " FROM notifications n JOIN tasks t ON t.id = n.task_id"
    " JOIN master_tasks m ON m.id = t.master_task_id JOIN projects p ON p.id = t.project_id"
    " LEFT JOIN messages msg ON msg.id = n.message_id"
    " LEFT JOIN users au ON au.id = msg.author_id LEFT JOIN persons ap ON ap.id = au.person_id"
    " WHERE n.user_id = ?1 AND t.hidden_at IS NULL ORDER BY n.id DESC LIMIT 200";

/* See model/notification.h. */
json_t *notification_list(struct db *db, int64_t user_id)
{
    return db_rows(db, sql_list, "i", user_id);
}

static const char sql_unread[] =
    "SELECT count(*) FROM notifications n JOIN tasks t ON t.id = n.task_id"
    " WHERE n.user_id = ?1 AND n.read_at IS NULL AND t.hidden_at IS NULL";

/* See model/notification.h. */
int64_t notification_unread(struct db *db, int64_t user_id)
{
    int64_t n = 0;
    return db_int(db, &n, sql_unread, "i", user_id) < 0 ? -1 : n;
}

static const char sql_get[] =
    "SELECT id, read_at IS NOT NULL AS \"read:bool\" FROM notifications"
    " WHERE id = ?1 AND user_id = ?2";

/* See model/notification.h. */
json_t *notification_get(struct db *db, int64_t id, int64_t user_id)
{
    return db_row(db, sql_get, "ii", id, user_id);
}

static const char sql_read_one[] =
    "UPDATE notifications SET read_at = ?3 WHERE id = ?1 AND user_id = ?2 AND read_at IS NULL";
static const char sql_read_all[] =
    "UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 AND read_at IS NULL";

/* See model/notification.h. */
int notification_mark_read(struct db *db, int64_t user_id, int64_t id)
{
    char now[21];
    now_iso(now);
    return id ? db_exec(db, sql_read_one, "iit", id, user_id, now)
              : db_exec(db, sql_read_all, "it", user_id, now);
}

static const char sql_mode[] = "SELECT mode FROM notify_settings WHERE user_id = ?1";
static const char sql_mode_put[] =
    "INSERT INTO notify_settings (user_id, mode) VALUES (?1, ?2)"
    " ON CONFLICT (user_id) DO UPDATE SET mode = excluded.mode";
static const char sql_mode_clear[] = "DELETE FROM notify_settings WHERE user_id = ?1";

/* The static string for a stored mode (NULL: the default). */
static const char *mode_name(const char *stored)
{
    if (stored && strcmp(stored, "immediate") == 0) {
        return "immediate";
    }
    return stored && strcmp(stored, "none") == 0 ? "none" : "digest";
}

/* See model/notification.h. */
const char *notify_mode(struct db *db, int64_t user_id)
{
    char *stored = NULL;
    if (db_text(db, &stored, sql_mode, "i", user_id) < 0) {
        return NULL;
    }
    const char *mode = mode_name(stored);
    free(stored);
    return mode;
}

/* See model/notification.h. */
int notify_mode_set(struct db *db, const struct actor *a, int64_t user_id, const char *mode)
{
    const char *old = notify_mode(db, user_id);
    if (!old) {
        return -1;
    }
    if (strcmp(old, mode) == 0) {
        return SAVE_UNCHANGED;
    }
    int rc = strcmp(mode, "digest") == 0 ? db_exec(db, sql_mode_clear, "i", user_id)
                                         : db_exec(db, sql_mode_put, "it", user_id, mode);
    json_t *before = json_pack("{s:s}", "notify", old);
    json_t *after = json_pack("{s:s}", "notify", mode);
    if (rc >= 0) {
        rc = audit_write(db, a, a->org_id, "account.notify", "user", user_id, before, after);
    }
    json_decref(before);
    json_decref(after);
    return rc < 0 ? -1 : SAVE_UPDATED;
}

const struct model_stmt notification_stmts[] = {
    {"notification.assigned", sql_assigned, false},
    {"notification.message", sql_message, false},
    {"notification.broadcast", sql_broadcast, false},
    {"notification.due", sql_due, false},
    {"notification.overdue", sql_overdue, false},
    {"notification.list", sql_list, false},
    {"notification.unread", sql_unread, false},
    {"notification.get", sql_get, false},
    {"notification.read_one", sql_read_one, false},
    {"notification.read_all", sql_read_all, false},
    {"notification.mode", sql_mode, false},
    {"notification.mode_put", sql_mode_put, false},
    {"notification.mode_clear", sql_mode_clear, false},
};
const size_t nnotification_stmts = NELEM(notification_stmts);
