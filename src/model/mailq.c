/*
 * mailq: the mail queue's rows and the sender's state. Notifications
 * become mail in one transaction that queues the mail and marks them
 * mailed, so each notification is in exactly one mail; a queued mail is
 * marked sent in a transaction of its own right after the relay accepted
 * it. Every writing function here begins and commits its own short
 * transaction, as the sender thread has no request to hold one. It
 * composes no text and talks to no relay (src/mail/ does both).
 */
#include <stdlib.h>
#include <string.h>

#include "model/mailq.h"
#include "model/notification.h"
#include "model/stmts.h"
#include "util.h"

static const char sql_pending[] =
    "SELECT n.id, n.user_id, u.email, p.name, n.kind, n.role, n.created_at, t.id AS task_id,"
    " m.title, pr.code AS project, t.end_date, coalesce(ap.name, msg.author_name) AS author,"
    " msg.body, msg.id IS NOT NULL AND msg.task_id IS NULL AS \"broadcast:bool\""
    " FROM notifications n CROSS JOIN users u ON u.id = n.user_id"
    " CROSS JOIN persons p ON p.id = u.person_id"
    " LEFT JOIN notify_settings s ON s.user_id = n.user_id"
    " CROSS JOIN tasks t ON t.id = n.task_id CROSS JOIN master_tasks m ON m.id = t.master_task_id"
    " CROSS JOIN projects pr ON pr.id = t.project_id"
    " LEFT JOIN messages msg ON msg.id = n.message_id"
    " LEFT JOIN users au ON au.id = msg.author_id LEFT JOIN persons ap ON ap.id = au.person_id"
    " WHERE n.digested_at IS NULL AND coalesce(s.mode, 'digest') = ?1 AND u.active = 1"
    " AND t.hidden_at IS NULL"
    " ORDER BY n.user_id, n.id";

/* See model/mailq.h. */
json_t *mailq_pending(struct db *db, const char *mode)
{
    return db_rows(db, sql_pending, "t", mode);
}

static const char sql_none_pending[] =
    "SELECT EXISTS (SELECT 1 FROM notify_settings s JOIN notifications n"
    " ON n.user_id = s.user_id AND n.digested_at IS NULL WHERE s.mode = 'none')";
static const char sql_settle_none[] =
    "UPDATE notifications SET digested_at = ?1 WHERE digested_at IS NULL"
    " AND user_id IN (SELECT user_id FROM notify_settings WHERE mode = 'none')";

/* See model/mailq.h. */
int mailq_settle_none(struct db *db)
{
    int64_t any = 0;
    if (db_int(db, &any, sql_none_pending, "") < 0) {
        return -1;
    }
    if (!any) {
        return 0; /* no write lock taken when there is nothing to settle */
    }
    char now[21];
    now_iso(now);
    return db_exec(db, sql_settle_none, "t", now);
}

static const char sql_insert[] =
    "INSERT INTO mail_queue (user_id, kind, to_addr, subject, body, created_at, next_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";
static const char sql_mailed[] =
    "UPDATE notifications SET digested_at = ?2 WHERE id = ?1 AND digested_at IS NULL";

/* The string at key of o, or NULL (borrowed). */
static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* Marks one mail's notifications mailed and queues it; the caller holds
 * the transaction. A mail none of whose notifications was still unmailed
 * (another process queued them first) is dropped. 1 queued, 0 dropped,
 * -1 failure. */
static int enqueue_one(struct db *db, json_t *mail, const char *now)
{
    int marked = 0;
    size_t i;
    json_t *id;
    json_array_foreach(json_object_get(mail, "notifications"), i, id) {
        int n = db_exec(db, sql_mailed, "it", (int64_t)json_integer_value(id), now);
        if (n < 0) {
            return -1;
        }
        marked += n;
    }
    if (marked == 0) {
        return 0;
    }
    int64_t user = json_integer_value(json_object_get(mail, "user_id"));
    return db_exec(db, sql_insert, "Ittttt", user, str(mail, "kind"), str(mail, "to"),
                   str(mail, "subject"), str(mail, "body"), now) == 1
               ? 1
               : -1;
}

/* See model/mailq.h. */
int mailq_enqueue(struct db *db, json_t *mails)
{
    if (json_array_size(mails) == 0) {
        return 0;
    }
    char now[21];
    now_iso(now);
    if (db_begin(db) < 0) {
        return -1;
    }
    int queued = 0;
    size_t i;
    json_t *mail;
    json_array_foreach(mails, i, mail) {
        int rc = enqueue_one(db, mail, now);
        if (rc < 0) {
            db_rollback(db);
            return -1;
        }
        queued += rc;
    }
    if (db_commit(db) < 0) {
        db_rollback(db);
        return -1;
    }
    return queued;
}

static const char sql_due[] =
    "SELECT id, to_addr, subject, body, attempts, created_at FROM mail_queue"
    " WHERE sent_at IS NULL AND next_at <= ?1 ORDER BY next_at, id LIMIT ?2";

/* See model/mailq.h. */
json_t *mailq_due(struct db *db, const char *now, int64_t limit)
{
    return db_rows(db, sql_due, "ti", now, limit);
}

static const char sql_sent[] =
    "UPDATE mail_queue SET sent_at = ?2, attempts = attempts + 1, last_error = NULL"
    " WHERE id = ?1 AND sent_at IS NULL";

/* See model/mailq.h. */
int mailq_sent(struct db *db, int64_t id)
{
    char now[21];
    now_iso(now);
    return db_exec(db, sql_sent, "it", id, now) < 0 ? -1 : 0; /* autocommit: its own */
}

static const char sql_failed[] =
    "UPDATE mail_queue SET attempts = attempts + 1, next_at = ?2, last_error = ?3"
    " WHERE id = ?1 AND sent_at IS NULL";

/* See model/mailq.h. */
int mailq_failed(struct db *db, int64_t id, const char *next_at, const char *error)
{
    return db_exec(db, sql_failed, "itt", id, next_at, error) < 0 ? -1 : 0;
}

/* See model/mailq.h. */
int mailq_deadlines(struct db *db, const char *today)
{
    if (db_begin(db) < 0) {
        return -1;
    }
    int n = notify_deadlines(db, today);
    if (n < 0 || db_commit(db) < 0) {
        db_rollback(db);
        return -1;
    }
    return n;
}

static const char sql_day_put[] =
    "INSERT INTO mail_state (key, value) VALUES ('digest_day', ?1)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
static const char sql_day[] = "SELECT value FROM mail_state WHERE key = 'digest_day'";

/* See model/mailq.h. */
int mailq_set_day(struct db *db, const char *day)
{
    return db_exec(db, sql_day_put, "t", day) < 0 ? -1 : 0;
}

/* See model/mailq.h. */
int mailq_last_day(struct db *db, char out[11])
{
    char *day = NULL;
    int rc = db_text(db, &day, sql_day, "");
    out[0] = '\0';
    if (rc == 1 && day && strlen(day) == 10) {
        memcpy(out, day, 11);
    }
    free(day);
    return rc < 0 ? -1 : 0;
}

const struct model_stmt mailq_stmts[] = {
    {"mailq.pending", sql_pending, false},
    {"mailq.none_pending", sql_none_pending, false},
    {"mailq.settle_none", sql_settle_none, false},
    {"mailq.insert", sql_insert, false},
    {"mailq.mailed", sql_mailed, false},
    {"mailq.due", sql_due, false},
    {"mailq.sent", sql_sent, false},
    {"mailq.failed", sql_failed, false},
    {"mailq.day_put", sql_day_put, false},
    {"mailq.day", sql_day, false},
};
const size_t nmailq_stmts = NELEM(mailq_stmts);
