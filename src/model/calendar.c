/*
 * calendar: the calendar feeds of users (see model/calendar.h). Secrets
 * never reach the database, only their SHA-256 as hex; who may read a
 * feed is whoever holds its URL, so a feed lists only the holder's own
 * deadlines and is revocable. It does not format the calendar itself.
 */
#include "model/audit.h"
#include "model/calendar.h"
#include "model/common.h"
#include "model/stmts.h"
#include "util.h"

/* A 32-byte hash as lower-case hex, the way the tables store hashes. */
static void hex(const unsigned char *hash, char out[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[hash[i] >> 4];
        out[2 * i + 1] = digits[hash[i] & 15];
    }
    out[64] = '\0';
}

static const char sql_revoke[] =
    "UPDATE calendar_feeds SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL";
static const char sql_insert[] =
    "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?1, ?2, ?3)";

int64_t calendar_create(struct db *db, const struct actor *a, int64_t user_id, int64_t org_id,
                        const unsigned char *hash)
{
    char h[65], now[21];
    hex(hash, h);
    now_iso(now);
    if (db_exec(db, sql_revoke, "it", user_id, now) < 0 ||
        db_exec(db, sql_insert, "itt", user_id, h, now) != 1) {
        return -1;
    }
    int64_t id = db_last_id(db);
    if (audit_write(db, a, org_id, "calendar.create", "calendar_feed", id, NULL, NULL) < 0) {
        return -1;
    }
    return id;
}

int calendar_revoke(struct db *db, const struct actor *a, int64_t user_id, int64_t org_id)
{
    char now[21];
    now_iso(now);
    int n = db_exec(db, sql_revoke, "it", user_id, now);
    if (n > 0 &&
        audit_write(db, a, org_id, "calendar.revoke", "calendar_feed", 0, NULL, NULL) < 0) {
        return -1;
    }
    return n < 0 ? -1 : n > 0;
}

static const char sql_live[] =
    "SELECT id, created_at FROM calendar_feeds WHERE user_id = ?1 AND revoked_at IS NULL";

json_t *calendar_live(struct db *db, int64_t user_id)
{
    return db_row(db, sql_live, "i", user_id);
}

static const char sql_find[] =
    "SELECT f.id, f.user_id, u.person_id, p.name FROM calendar_feeds f"
    " JOIN users u ON u.id = f.user_id JOIN persons p ON p.id = u.person_id"
    " WHERE f.token_hash = ?1 AND f.revoked_at IS NULL AND u.active = 1";

json_t *calendar_find(struct db *db, const unsigned char *hash)
{
    char h[65];
    hex(hash, h);
    return db_row(db, sql_find, "t", h);
}

static const char sql_tasks[] =
    "SELECT t.id, m.title, replace(t.end_date, '-', ''),"
    " replace(date(t.end_date, '+1 day'), '-', ''), t.status, p.code, w.name,"
    " t.responsible_id = ?1, t.performer_id = ?1"
    " FROM tasks t JOIN master_tasks m ON m.id = t.master_task_id"
    " JOIN projects p ON p.id = t.project_id LEFT JOIN waves w ON w.id = t.wave_id"
    " WHERE (t.responsible_id = ?1 OR t.performer_id = ?1) AND t.hidden_at IS NULL"
    " AND t.end_date IS NOT NULL ORDER BY t.end_date, t.id";

struct db_cursor *calendar_tasks(struct db *db, int64_t person_id)
{
    return db_cursor_open(db, sql_tasks, "i", person_id);
}

const struct model_stmt calendar_stmts[] = {
    {"calendar.revoke", sql_revoke, false},
    {"calendar.insert", sql_insert, false},
    {"calendar.live", sql_live, false},
    {"calendar.find", sql_find, false},
    {"calendar.tasks", sql_tasks, false},
};
const size_t ncalendar_stmts = NELEM(calendar_stmts);
