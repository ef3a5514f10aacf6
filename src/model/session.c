/*
 * session: what proves a caller — browser sessions and API tokens, both
 * stored only as SHA-256 hashes of the secret — and the counters that slow
 * down guessing of passwords (per account and per client address).
 */
#include <string.h>

#include "model/audit.h"
#include "model/session.h"
#include "model/stmts.h"
#include "util.h"

#define HASH_LEN 32

/* Writes a 32-byte hash as lower-case hex into out: the db layer binds
 * text, so hashes are stored that way. */
static void hex(const unsigned char *hash, char out[2 * HASH_LEN + 1])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < HASH_LEN; i++) {
        out[2 * i] = digits[hash[i] >> 4];
        out[2 * i + 1] = digits[hash[i] & 15];
    }
    out[2 * HASH_LEN] = '\0';
}

static const char sql_session_insert[] =
    "INSERT INTO sessions (user_id, token_hash, csrf_token, created_at, last_seen, client_addr,"
    " user_agent) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)";

int64_t session_create(struct db *db, int64_t user_id, const unsigned char *hash,
                       const char *csrf, int64_t now, const char *addr, const char *ua)
{
    char h[2 * HASH_LEN + 1];
    hex(hash, h);
    if (db_exec(db, sql_session_insert, "ittitt", user_id, h, csrf, now, addr, ua) != 1) {
        return -1;
    }
    return db_last_id(db);
}

static const char sql_session_find[] =
    "SELECT id, user_id, csrf_token, created_at, last_seen FROM sessions WHERE token_hash = ?1";

json_t *session_find(struct db *db, const unsigned char *hash)
{
    char h[2 * HASH_LEN + 1];
    hex(hash, h);
    return db_row(db, sql_session_find, "t", h);
}

static const char sql_session_touch[] = "UPDATE sessions SET last_seen = ?2 WHERE id = ?1";

int session_touch(struct db *db, int64_t id, int64_t now)
{
    return db_exec(db, sql_session_touch, "ii", id, now) < 0 ? -1 : 0;
}

static const char sql_session_delete[] = "DELETE FROM sessions WHERE id = ?1";

int session_delete(struct db *db, int64_t id)
{
    return db_exec(db, sql_session_delete, "i", id) < 0 ? -1 : 0;
}

static const char sql_session_delete_user[] =
    "DELETE FROM sessions WHERE user_id = ?1 AND id <> ?2";

int session_delete_user(struct db *db, int64_t user_id, int64_t keep)
{
    return db_exec(db, sql_session_delete_user, "ii", user_id, keep) < 0 ? -1 : 0;
}

static const char sql_session_delete_own[] = "DELETE FROM sessions WHERE user_id = ?1 AND id = ?2";

int session_delete_own(struct db *db, int64_t user_id, int64_t id)
{
    return db_exec(db, sql_session_delete_own, "ii", user_id, id);
}

static const char sql_session_list[] =
    "SELECT id, strftime('%Y-%m-%dT%H:%M:%SZ', created_at, 'unixepoch') AS created_at,"
    " strftime('%Y-%m-%dT%H:%M:%SZ', last_seen, 'unixepoch') AS last_seen, client_addr,"
    " user_agent, id = ?2 AS \"current:bool\" FROM sessions WHERE user_id = ?1"
    " ORDER BY last_seen DESC";

json_t *session_list(struct db *db, int64_t user_id, int64_t current)
{
    return db_rows(db, sql_session_list, "ii", user_id, current);
}

static const char sql_token_insert[] =
    "INSERT INTO api_tokens (user_id, token_hash, name, created_at) VALUES (?1, ?2, ?3, ?4)";
static const char sql_org_of_user[] =
    "SELECT p.organisation_id FROM users u JOIN persons p ON p.id = u.person_id WHERE u.id = ?1";

int64_t token_create(struct db *db, const struct actor *a, int64_t user_id,
                     const unsigned char *hash, const char *name)
{
    char h[2 * HASH_LEN + 1], now[21];
    hex(hash, h);
    now_iso(now);
    int64_t org = 0;
    if (db_exec(db, sql_token_insert, "ittt", user_id, h, name, now) != 1) {
        return -1;
    }
    int64_t id = db_last_id(db);
    json_t *after = json_pack("{s:I,s:s,s:I}", "id", (json_int_t)id, "name", name, "user_id",
                              (json_int_t)user_id);
    int rc = db_int(db, &org, sql_org_of_user, "i", user_id) == 1
                 ? audit_write(db, a, org, "token.create", "api_token", id, NULL, after)
                 : -1;
    json_decref(after);
    return rc < 0 ? -1 : id;
}

static const char sql_token_find[] =
    "SELECT id, user_id, last_used_at FROM api_tokens WHERE token_hash = ?1"
    " AND revoked_at IS NULL";

json_t *token_find(struct db *db, const unsigned char *hash)
{
    char h[2 * HASH_LEN + 1];
    hex(hash, h);
    return db_row(db, sql_token_find, "t", h);
}

/* The condition repeats the caller's check, so that two requests racing
 * past it write once. Even an UPDATE that changes nothing takes the write
 * lock: the caller must not call this on every request. */
static const char sql_token_touch[] =
    "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1"
    " AND (last_used_at IS NULL OR last_used_at < ?3)";

/* Sets a token's last_used_at to now unless it was set within the last
 * minute. 0 or -1 (the database's error). */
int token_touch(struct db *db, int64_t id)
{
    char now[21], minute_ago[21];
    now_iso(now);
    unix_to_iso(now_unix() - 60, minute_ago);
    return db_exec(db, sql_token_touch, "itt", id, now, minute_ago) < 0 ? -1 : 0;
}

static const char sql_token_list[] =
    "SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ?1"
    " ORDER BY revoked_at IS NOT NULL, id DESC";

json_t *token_list(struct db *db, int64_t user_id)
{
    return db_rows(db, sql_token_list, "i", user_id);
}

static const char sql_token_revoke[] =
    "UPDATE api_tokens SET revoked_at = ?3 WHERE user_id = ?1 AND id = ?2 AND revoked_at IS NULL";

int token_revoke(struct db *db, const struct actor *a, int64_t user_id, int64_t id)
{
    char now[21];
    now_iso(now);
    int n = db_exec(db, sql_token_revoke, "iit", user_id, id, now);
    if (n != 1) {
        return n;
    }
    int64_t org = 0;
    if (db_int(db, &org, sql_org_of_user, "i", user_id) != 1 ||
        audit_write(db, a, org, "token.revoke", "api_token", id, NULL, NULL) < 0) {
        return -1;
    }
    return 1;
}

/* Failures older than this are forgotten. */
#define THROTTLE_WINDOW 900
#define THROTTLE_FIRST_WAIT 5 /* seconds, at the threshold */
#define THROTTLE_MAX_WAIT 900 /* seconds */

static const char sql_throttle_get[] =
    "SELECT failures, last_failure FROM login_throttle WHERE key = ?1";

/* The lock after failures failures when the delay starts at threshold:
 * 5 s at it, then doubling (10, 20, 40 ...) up to 900 s; 0 below it. */
static int64_t lock_seconds(int64_t failures, int64_t threshold)
{
    if (failures < threshold) {
        return 0;
    }
    int64_t shift = failures - threshold;
    int64_t wait = shift >= 8 ? THROTTLE_MAX_WAIT : (int64_t)THROTTLE_FIRST_WAIT << shift;
    return wait > THROTTLE_MAX_WAIT ? THROTTLE_MAX_WAIT : wait;
}

int64_t throttle_wait(struct db *db, const char *key, int64_t now, int64_t after_failures)
{
    json_t *row = db_row(db, sql_throttle_get, "t", key);
    if (!row) {
        return db_failed(db) ? -1 : 0;
    }
    int64_t failures = json_integer_value(json_object_get(row, "failures"));
    int64_t last = json_integer_value(json_object_get(row, "last_failure"));
    json_decref(row);
    if (last < now - THROTTLE_WINDOW) {
        return 0;
    }
    int64_t until = last + lock_seconds(failures, after_failures < 1 ? 1 : after_failures);
    return until > now ? until - now : 0;
}

static const char sql_throttle_fail[] =
    "INSERT INTO login_throttle (key, failures, last_failure, locked_until) VALUES (?1, 1, ?2, 0)"
    " ON CONFLICT (key) DO UPDATE SET"
    "  failures = CASE WHEN last_failure < ?2 - ?3 THEN 1 ELSE failures + 1 END,"
    "  last_failure = ?2";
static const char sql_throttle_count[] = "SELECT failures FROM login_throttle WHERE key = ?1";

int64_t throttle_fail(struct db *db, const char *key, int64_t now)
{
    int64_t failures = 0;
    if (db_exec(db, sql_throttle_fail, "tii", key, now, (int64_t)THROTTLE_WINDOW) != 1 ||
        db_int(db, &failures, sql_throttle_count, "t", key) != 1) {
        return -1;
    }
    return failures;
}

static const char sql_throttle_reset[] = "DELETE FROM login_throttle WHERE key = ?1";

int throttle_reset(struct db *db, const char *key)
{
    return db_exec(db, sql_throttle_reset, "t", key) < 0 ? -1 : 0;
}

const struct model_stmt session_stmts[] = {
    {"session.insert", sql_session_insert, false},
    {"session.find", sql_session_find, false},
    {"session.touch", sql_session_touch, false},
    {"session.delete", sql_session_delete, false},
    {"session.delete_user", sql_session_delete_user, false},
    {"session.delete_own", sql_session_delete_own, false},
    {"session.list", sql_session_list, false},
    {"token.insert", sql_token_insert, false},
    {"token.org_of_user", sql_org_of_user, false},
    {"token.find", sql_token_find, false},
    {"token.touch", sql_token_touch, false},
    {"token.list", sql_token_list, false},
    {"token.revoke", sql_token_revoke, false},
    {"throttle.get", sql_throttle_get, false},
    {"throttle.fail", sql_throttle_fail, false},
    {"throttle.count", sql_throttle_count, false},
    {"throttle.reset", sql_throttle_reset, false},
};
const size_t nsession_stmts = NELEM(session_stmts);
