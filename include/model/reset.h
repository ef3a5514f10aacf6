/*
 * model/reset: one-time password reset links (reset.c). An administrator
 * issues one for a user of their organisation; the link's secret is stored
 * only as its SHA-256; using it sets the password, ends the user's
 * sessions and spends the link. The caller holds the transaction.
 */
#ifndef KLIKD_MODEL_RESET_H
#define KLIKD_MODEL_RESET_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"

struct actor;

/* Stores a link for user_id (hash of its secret), valid until expires
 * (Unix seconds); earlier unused links of the user are spent. Audited as
 * user.password_reset. The id, or -1. */
int64_t reset_create(struct db *db, const struct actor *a, int64_t user_id,
                     const unsigned char *hash, int64_t expires);
/* The live link with that hash: {id, user_id, email, name}, or NULL when
 * unknown, used or expired (db_failed() tells a failure). */
json_t *reset_find(struct db *db, const unsigned char *hash, int64_t now);
/* Spends a link: 1, or 0 when it was spent meanwhile, -1 failure. */
int reset_use(struct db *db, int64_t id, int64_t now);

#endif
