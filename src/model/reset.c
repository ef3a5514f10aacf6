/*
 * reset: one-time password reset links (see model/reset.h). Secrets never
 * reach the database; a link is live while unused and unexpired.
 */
#include "model/audit.h"
#include "model/reset.h"
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

static const char sql_spend_old[] =
    "UPDATE password_resets SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL";
static const char sql_insert[] =
    "INSERT INTO password_resets (user_id, token_hash, created_at, expires_at)"
    " VALUES (?1, ?2, ?3, ?4)";
static const char sql_user_org[] =
    "SELECT p.organisation_id FROM users u JOIN persons p ON p.id = u.person_id"
    " WHERE u.id = ?1";

int64_t reset_create(struct db *db, const struct actor *a, int64_t user_id,
                     const unsigned char *hash, int64_t expires)
{
    char h[65];
    hex(hash, h);
    int64_t now = now_unix(), org = 0;
    if (db_exec(db, sql_spend_old, "ii", user_id, now) < 0 ||
        db_exec(db, sql_insert, "itii", user_id, h, now, expires) != 1) {
        return -1;
    }
    int64_t id = db_last_id(db);
    if (db_int(db, &org, sql_user_org, "i", user_id) != 1 ||
        audit_write(db, a, org, "user.password_reset", "user", user_id, NULL, NULL) < 0) {
        return -1;
    }
    return id;
}

static const char sql_find[] =
    "SELECT r.id, r.user_id, u.email, p.name FROM password_resets r"
    " JOIN users u ON u.id = r.user_id JOIN persons p ON p.id = u.person_id"
    " WHERE r.token_hash = ?1 AND r.used_at IS NULL AND r.expires_at > ?2 AND u.active = 1";

json_t *reset_find(struct db *db, const unsigned char *hash, int64_t now)
{
    char h[65];
    hex(hash, h);
    return db_row(db, sql_find, "ti", h, now);
}

static const char sql_use[] =
    "UPDATE password_resets SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL";

int reset_use(struct db *db, int64_t id, int64_t now)
{
    return db_exec(db, sql_use, "ii", id, now);
}

const struct model_stmt reset_stmts[] = {
    {"reset.spend_old", sql_spend_old, false},
    {"reset.insert", sql_insert, false},
    {"reset.user_org", sql_user_org, false},
    {"reset.find", sql_find, false},
    {"reset.use", sql_use, false},
};
const size_t nreset_stmts = NELEM(reset_stmts);
