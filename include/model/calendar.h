/*
 * model/calendar: a user's calendar feed (calendar.c) — a secret URL that
 * a calendar program subscribes to, listing the deadlines of the tasks
 * where the user's person is responsible or performer. Only the SHA-256
 * of the secret is stored; a user has at most one live feed; a revoked
 * one finds nothing. Writes are audited; the caller holds the transaction.
 */
#ifndef KLIKD_MODEL_CALENDAR_H
#define KLIKD_MODEL_CALENDAR_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"

struct actor;

/* Stores a new live feed for user_id (org_id: the user's organisation,
 * for the audit trail) under hash (32 bytes), revoking the user's earlier
 * one. The id, or -1. */
int64_t calendar_create(struct db *db, const struct actor *a, int64_t user_id, int64_t org_id,
                        const unsigned char *hash);
/* Revokes the user's live feed: 1, 0 when there was none, -1 failure. */
int calendar_revoke(struct db *db, const struct actor *a, int64_t user_id, int64_t org_id);
/* The user's live feed as {id, created_at}, or NULL when none (or on
 * failure: db_failed()). */
json_t *calendar_live(struct db *db, int64_t user_id);
/* The live feed with that hash of an active user: {id, user_id,
 * person_id, name}, or NULL (db_failed() tells a failure). */
json_t *calendar_find(struct db *db, const unsigned char *hash);
/* The iCalendar file of the person's visible tasks with a deadline, by
 * deadline, made piece by piece while it is sent: open takes a cursor of
 * its own (db_cursor_open) and origin ("https://host", copied) for the
 * tasks' URLs; fill appends the calendar's head, then one VEVENT per
 * call, then its end, returning 1 while more follows, 0 after the end,
 * -1 on failure. The caller owns the state and frees it with
 * calendar_ics_free. NULL on failure. */
struct calendar_ics;
struct buf;
struct calendar_ics *calendar_ics_open(struct db *db, int64_t person_id, const char *origin);
int calendar_ics_fill(void *state, struct buf *out);
void calendar_ics_free(void *state);

#endif
