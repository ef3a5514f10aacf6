/*
 * model/session: what proves a caller — browser sessions and API tokens,
 * stored only as SHA-256 hashes of their secrets — and the counters that
 * slow down password guessing per account and per client address.
 */
#ifndef KLIKD_MODEL_SESSION_H
#define KLIKD_MODEL_SESSION_H

#include "model/common.h"

/* Stores a session for a 32-byte token hash; its id, or -1. */
int64_t session_create(struct db *db, int64_t user_id, const unsigned char *hash,
                       const char *csrf, int64_t now, const char *addr, const char *ua);
/* {id, user_id, csrf_token, created_at, last_seen} by token hash, or NULL. */
json_t *session_find(struct db *db, const unsigned char *hash);
/* Marks a session seen at now. 0 or -1. */
int session_touch(struct db *db, int64_t id, int64_t now);
/* Ends one session. 0 or -1. */
int session_delete(struct db *db, int64_t id);
/* Ends a user's sessions except keep (0: all). 0 or -1. */
int session_delete_user(struct db *db, int64_t user_id, int64_t keep);
/* One of the user's own sessions; 1 deleted, 0 not theirs, -1. */
int session_delete_own(struct db *db, int64_t user_id, int64_t id);
/* The user's sessions, most recently seen first, current flagged. */
json_t *session_list(struct db *db, int64_t user_id, int64_t current);
/* Stores an API token for a 32-byte hash (audited); its id, or -1. */
int64_t token_create(struct db *db, const struct actor *a, int64_t user_id,
                     const unsigned char *hash, const char *name);
/* {id, user_id, last_used_at} of a live token, or NULL (unknown or
 * revoked); caller decrefs. */
json_t *token_find(struct db *db, const unsigned char *hash);
/* Records a token's use (at most once a minute). It takes the write lock
 * even when it changes nothing: call it only when last_used_at is older
 * than a minute. 0 or -1. */
int token_touch(struct db *db, int64_t id);
/* The user's tokens, live ones first. */
json_t *token_list(struct db *db, int64_t user_id);
/* Revokes one of the user's own tokens; 1 revoked, 0 not theirs, -1. */
int token_revoke(struct db *db, const struct actor *a, int64_t user_id, int64_t id);
/* Seconds the key stays locked (0: not locked), or -1. A key is locked
 * once it has after_failures failures within 15 minutes: 5 s after the
 * last of them, then doubling with each further failure up to 15 minutes
 * (the log-in uses 5 for an account, 100 for a client address, which a
 * whole municipality may share). */
int64_t throttle_wait(struct db *db, const char *key, int64_t now, int64_t after_failures);
/* Counts a failure; returns the failures within the window so far, or -1. */
int64_t throttle_fail(struct db *db, const char *key, int64_t now);
/* Forgets a key's failures. 0 or -1. */
int throttle_reset(struct db *db, const char *key);

#endif
