/*
 * model/user: people with a log-in — a person (name, title, phone,
 * organisation) plus e-mail, password hash, type and per-project access.
 * Reads are scoped by the person's organisation; the password hash leaves
 * only through user_login_row().
 */
#ifndef KLIKD_MODEL_USER_H
#define KLIKD_MODEL_USER_H

#include "model/common.h"

/* A user as the API shows it: {id, email, name, title, phone, type, active,
 * organisation: {code, name, kind}, projects: {"KY": "plus"}, created_at};
 * NULL when absent or outside scope. Never the password hash. */
json_t *user_get(struct db *db, const struct owner_filter *scope, int64_t id);
/* The users in scope, ordered by organisation and name; NULL on failure. */
json_t *user_list(struct db *db, const struct owner_filter *scope);
/* For log-in: {id, password_hash, active:bool} by e-mail, or NULL. */
json_t *user_login_row(struct db *db, const char *email);
/* The caller context: {id, person_id, org_id, org_code, org_name,
 * central:bool, admin:bool, name, email, active:bool, projects}, or NULL. */
json_t *user_ctx_row(struct db *db, int64_t id);
/* Creates a person and their user in org_id; fields of u: email, name,
 * title?, phone?, type, password_hash, projects? ({"KY": "plus"}).
 * Returns the id, 0 when the e-mail is taken, -1 on failure, -2 for an
 * unknown project code. */
int64_t user_create(struct db *db, const struct actor *a, int64_t org_id, json_t *u);
/* Applies the fields present in changes (name, title, phone, type, active,
 * projects) to a user in scope. 1 changed, 0 not found, -1 failure, -2 an
 * unknown project code. */
int user_update(struct db *db, const struct actor *a, const struct owner_filter *scope,
                int64_t id, json_t *changes);
/* Stores a new password hash and ends the user's sessions except keep.
 * 0 or -1. */
int user_set_password(struct db *db, const struct actor *a, int64_t id, const char *hash,
                      int64_t keep_session);
/* Replaces a user's hash with one of the same password under today's
 * parameters (at log-in); sessions are kept. 0 or -1. */
int user_rehash(struct db *db, const struct actor *a, int64_t id, const char *hash);
/* The organisation a user belongs to: its id, 0 when there is no such
 * user, -1 on failure. */
int64_t user_org_id(struct db *db, int64_t id);
/* The id of a user by e-mail, 0 if none, -1 failure. */
int64_t user_id_by_email(struct db *db, const char *email);

#endif
