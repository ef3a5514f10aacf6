/*
 * model: the nouns of klikd and their SQL, one file per noun in
 * src/model/. Functions take the database, the caller's scope (an
 * owner_filter over organisation-owned rows, so a query is scoped by
 * construction) and the acting user for the audit trail, and return
 * Jansson values shaped as the API answers them. Every write also writes
 * its audit event; the caller holds the transaction (the router does for
 * requests, import_files() for imports). The model never includes http,
 * pages or view.
 *
 * Returned json_t values are new references (in a request they live in
 * its arena); NULL means "not found" unless db_failed() says otherwise.
 */
#ifndef KLIKD_MODEL_H
#define KLIKD_MODEL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"

/* Who acts, for the audit trail. */
struct actor {
    int64_t user_id;      /* 0: the system (command line) */
    int64_t org_id;       /* the actor's organisation, 0 for the system */
    const char *addr;     /* client address, or "cli" */
};

/* Write results beside -1 (failure). */
enum save_result { SAVE_CREATED = 0, SAVE_UPDATED = 1, SAVE_UNCHANGED = 2 };

/* ---- audit (audit.c) ---- */
/* Records an event; before/after may be NULL (borrowed). org_id is the
 * organisation whose data changed (0: none). 0 or -1. */
int audit_write(struct db *db, const struct actor *a, int64_t org_id, const char *action,
                const char *entity, int64_t entity_id, json_t *before, json_t *after);
/* Events visible in scope, newest first; entity/since/action may be NULL. */
json_t *audit_list(struct db *db, const struct owner_filter *scope, const char *entity,
                   const char *since, const char *action, int64_t limit);

/* ---- organisations and projects (org.c) ---- */
json_t *org_get(struct db *db, const char *code);   /* {id, code, kind, name, ...} */
json_t *org_list(struct db *db);                    /* municipalities and KOMBIT */
/* Inserts or updates a municipality from the reference list. */
int org_save_municipality(struct db *db, const struct actor *a, const char *code,
                          const char *name, const char *region_code, const char *region);
json_t *project_list(struct db *db);                /* [{code, name}] */
/* {id, code, name} of a project code, or NULL. */
json_t *project_get(struct db *db, const char *code);
/* The id of a project code: >0, 0 unknown, -1 failure. */
int64_t project_id(struct db *db, const char *code);
/* The id of a project code, creating the project (named by its code). */
int64_t project_ensure(struct db *db, const struct actor *a, const char *code);

/* ---- users (user.c) ---- */
/* A user as the API shows it: {id, email, name, title, phone, type, active,
 * organisation: {code, name}, projects: {"KY": "plus"}, created_at};
 * NULL when absent or outside scope. Never the password hash. */
json_t *user_get(struct db *db, const struct owner_filter *scope, int64_t id);
json_t *user_list(struct db *db, const struct owner_filter *scope);
/* For log-in: {id, password_hash, active:bool} by e-mail, or NULL. */
json_t *user_login_row(struct db *db, const char *email);
/* The caller context: {id, person_id, org_id, org_code, org_name,
 * central:bool, admin:bool, name, email, active:bool, projects}. */
json_t *user_ctx_row(struct db *db, int64_t id);
/* Creates a person and their user in org_id; fields of u: email, name,
 * title?, phone?, type, password_hash, projects? ({"KY": "plus"}).
 * Returns the id, 0 when the e-mail is taken, -1 on failure. */
int64_t user_create(struct db *db, const struct actor *a, int64_t org_id, json_t *u);
/* Applies the fields present in changes (name, title, phone, type, active,
 * projects) to a user in scope. 1 changed, 0 not found, -1 failure. */
int user_update(struct db *db, const struct actor *a, const struct owner_filter *scope,
                int64_t id, json_t *changes);
/* Stores a new password hash and ends the user's sessions except keep. */
int user_set_password(struct db *db, const struct actor *a, int64_t id, const char *hash,
                      int64_t keep_session);
/* Replaces a user's hash with one of the same password under today's
 * parameters (at log-in); sessions are kept. 0 or -1. */
int user_rehash(struct db *db, const struct actor *a, int64_t id, const char *hash);
/* The id of a user by e-mail, 0 if none, -1 failure. */
int64_t user_id_by_email(struct db *db, const char *email);

/* ---- sessions, API tokens, log-in throttling (session.c) ---- */
int64_t session_create(struct db *db, int64_t user_id, const unsigned char *hash,
                       const char *csrf, int64_t now, const char *addr, const char *ua);
/* {id, user_id, csrf_token, created_at, last_seen} by token hash, or NULL. */
json_t *session_find(struct db *db, const unsigned char *hash);
int session_touch(struct db *db, int64_t id, int64_t now);
int session_delete(struct db *db, int64_t id);
/* Ends a user's sessions except keep (0: all). */
int session_delete_user(struct db *db, int64_t user_id, int64_t keep);
/* One of the user's own sessions; 1 deleted, 0 not theirs. */
int session_delete_own(struct db *db, int64_t user_id, int64_t id);
json_t *session_list(struct db *db, int64_t user_id, int64_t current);
int64_t token_create(struct db *db, const struct actor *a, int64_t user_id,
                     const unsigned char *hash, const char *name);
/* {id, user_id} of a live token, or NULL (unknown or revoked). */
json_t *token_find(struct db *db, const unsigned char *hash);
int token_touch(struct db *db, int64_t id);
json_t *token_list(struct db *db, int64_t user_id);
/* Revokes one of the user's own tokens; 1 revoked, 0 not theirs. */
int token_revoke(struct db *db, const struct actor *a, int64_t user_id, int64_t id);
/* Seconds the key stays locked (0: not locked), or -1. */
int64_t throttle_wait(struct db *db, const char *key, int64_t now);
/* Counts a failure; returns the failures so far, or -1. */
int64_t throttle_fail(struct db *db, const char *key, int64_t now);
int throttle_reset(struct db *db, const char *key);

/* ---- roles (role.c) ---- */
json_t *role_list(struct db *db);   /* [{slug, name, category, effect, phase}] in order */
/* The whole role: + tasks, responsibilities ({text, implementation,
 * operation}), competences, characteristics, successors. */
json_t *role_get(struct db *db, const char *slug);
/* Saves a role given in the role_get shape (successors ignored). */
int role_save(struct db *db, const struct actor *a, json_t *role, int position);
/* Links role → successor by slugs; 0, 1 (a slug unknown) or -1. */
int role_link_successor(struct db *db, const char *slug, const char *successor_slug);
/* The slug of the role whose name matches name (case-insensitive), else of
 * the single role of category (may be NULL) whose name starts with it, else
 * of the single role of any category; caller frees; NULL if none. */
char *role_slug_by_name(struct db *db, const char *name, const char *category);

/* ---- master tasks (master_task.c) ---- */
json_t *mt_list(struct db *db, const char *project);
json_t *mt_get(struct db *db, int64_t id);
/* Saves a master task given in the mt_get shape (without id); matched by
 * external_id, else by project and title. Sets *id. The task carries the
 * HTML of its Markdown, rendered by the caller before the write:
 * goal_html, description_html, method_html (the steps as one numbered
 * list), result_html and each comment's body_html; mt_get returns them
 * (aliased "...:html"). The HTML is stored, not compared or audited. */
int mt_save(struct db *db, const struct actor *a, json_t *task, int64_t *id);
/* [{id}] of the tasks saved before HTML was stored: some Markdown field
 * or comment without its HTML. */
json_t *mt_missing_html(struct db *db);
/* Stores the HTML fields of task (the mt_get shape, comments in order) for
 * task id, and nothing else; no audit event (the HTML follows from the
 * Markdown). 0 or -1. */
int mt_set_html(struct db *db, int64_t id, json_t *task);

/* ---- appointments and persons (appt.c) ---- */
/* A project's appointments in scope: [{id, organisation, role: {slug,
 * name}, project, person: {id, name, title, email}, from, to, created_at}]. */
json_t *appt_list(struct db *db, const struct owner_filter *scope, const char *project);
json_t *appt_get(struct db *db, const struct owner_filter *scope, int64_t id);
/* Appoints a person of org_id to a system-specific role of a project.
 * Returns the id; -2 when the role is unknown or not system-specific, -3
 * when the person is not in org_id, -1 on failure. */
int64_t appt_create(struct db *db, const struct actor *a, int64_t org_id, int64_t project_id,
                    const char *role, int64_t person_id, const char *from, const char *to);
/* Removes an appointment of the project within scope: 1, 0 not found, -1. */
int appt_delete(struct db *db, const struct actor *a, const struct owner_filter *scope,
                const char *project, int64_t id);
/* The system-specific roles one can be appointed to per project. */
json_t *appt_roles(struct db *db);
/* People in scope: [{id, name, title, email, phone, organisation}]. */
json_t *person_list(struct db *db, const struct owner_filter *scope);

/* ---- documents (document.c) ---- */
json_t *doc_list(struct db *db);                 /* [{slug, title, updated_at}] */
/* {id, slug, title, body, body_html, updated_at}, body_html aliased
 * "body_html:html"; NULL when absent. */
json_t *doc_get(struct db *db, const char *slug);
/* Saves a document with its Markdown body and that body's HTML, rendered
 * by the caller before the write (stored, not compared or audited). */
int doc_save(struct db *db, const struct actor *a, const char *slug, const char *title,
             const char *body, const char *body_html);
/* [{slug, body}] of the documents saved before HTML was stored. */
json_t *doc_missing_html(struct db *db);
/* Stores a document's body HTML and nothing else; no audit event. 0 or -1. */
int doc_set_html(struct db *db, const char *slug, const char *body_html);

#endif
