/*
 * pages: the handlers, one file per page group, each named
 * page_<group>_<action>. A handler reads the checked request, asks the
 * model, fills req->view (the API's answer and the page's data), names a
 * template, and returns a status. Handlers never run SQL, never check
 * access themselves (the route table does) and never format output.
 */
#ifndef KLIKD_PAGES_H
#define KLIKD_PAGES_H

#include "http.h"

/* home.c */
int page_home_index(struct req *req);
int page_home_health(struct req *req);
int page_home_projects(struct req *req);
int page_home_organisations(struct req *req);

/* roles.c */
int page_roles_index(struct req *req);
int page_roles_show(struct req *req);

/* master_tasks.c */
int page_mt_index(struct req *req);
int page_mt_show(struct req *req);

/* docs.c */
int page_docs_index(struct req *req);
int page_docs_show(struct req *req);

/* session.c: log-in and log-out */
int page_session_form(struct req *req);
int page_session_create(struct req *req);
int page_session_delete(struct req *req);
int page_session_me(struct req *req);

/* account.c: the caller's own password, sessions and API tokens */
int page_account_show(struct req *req);
int page_account_password(struct req *req);
int page_account_sessions(struct req *req);
int page_account_session_delete(struct req *req);
int page_account_tokens(struct req *req);
int page_account_token_create(struct req *req);
int page_account_token_revoke(struct req *req);

/* users.c: a KLIK-administrator's users */
int page_users_index(struct req *req);
int page_users_new(struct req *req);
int page_users_create(struct req *req);
int page_users_show(struct req *req);
int page_users_update(struct req *req);

/* appointments.c: who holds a project's system-specific roles */
int page_appts_index(struct req *req);
int page_appts_create(struct req *req);
int page_appts_delete(struct req *req);
int page_persons_index(struct req *req);

/* audit.c */
int page_audit_index(struct req *req);

/* Shared by the handlers (common.c). */
struct actor;
/* The acting user of a request, for the audit trail. */
void page_actor(const struct req *req, struct actor *a);
/* A form value: what was typed (on a 422) if present, else fallback. */
const char *page_form_value(const struct req *req, const char *key, const char *fallback);

#endif
