/*
 * routes: the route table — every URL klikd answers, the handler, the
 * access it needs and the inputs it accepts. Pages and their API twins
 * share a handler. The router (router.c) enforces what is declared here
 * before any handler runs; `klikd routes` prints this table.
 */
#include "http.h"
#include "pages.h"

static const char *const user_types[] = {"admin", "member", NULL};
static const char *const access_types[] = {"plus", "laeser", NULL};

static const struct input in_login[] = {
    {"email", IN_EMAIL, IN_REQUIRED, 0, 0, NULL, "E-mail"},
    {"password", IN_PASSWORD, IN_REQUIRED, 1, 1024, NULL, "Adgangskode"},
    {"next", IN_STR, 0, 0, 500, NULL, "Næste side"},
    {0}};
static const struct input in_login_form[] = {
    {"next", IN_STR, 0, 0, 500, NULL, "Næste side"},
    {0}};
static const struct input in_user_create[] = {
    {"email", IN_EMAIL, IN_REQUIRED, 0, 0, NULL, "E-mail"},
    {"name", IN_STR, IN_REQUIRED, 1, 200, NULL, "Navn"},
    {"title", IN_STR, 0, 0, 200, NULL, "Titel"},
    {"phone", IN_STR, 0, 0, 40, NULL, "Telefon"},
    {"type", IN_ENUM, IN_REQUIRED, 0, 0, user_types, "Brugertype"},
    {"password", IN_PASSWORD, IN_REQUIRED, 1, 1024, NULL, "Adgangskode"},
    {"projects", IN_ACCESS, 0, 0, 0, access_types, "Projektadgang"},
    {0}};
static const struct input in_user_update[] = {
    {"name", IN_STR, IN_REQUIRED, 1, 200, NULL, "Navn"},
    {"title", IN_STR, 0, 0, 200, NULL, "Titel"},
    {"phone", IN_STR, 0, 0, 40, NULL, "Telefon"},
    {"type", IN_ENUM, 0, 0, 0, user_types, "Brugertype"},
    {"active", IN_BOOL, 0, 0, 0, NULL, "Aktiv"},
    {"projects", IN_ACCESS, 0, 0, 0, access_types, "Projektadgang"},
    {0}};
static const struct input in_user_patch[] = {
    {"name", IN_STR, 0, 1, 200, NULL, "Navn"},
    {"title", IN_STR, 0, 0, 200, NULL, "Titel"},
    {"phone", IN_STR, 0, 0, 40, NULL, "Telefon"},
    {"type", IN_ENUM, 0, 0, 0, user_types, "Brugertype"},
    {"active", IN_BOOL, 0, 0, 0, NULL, "Aktiv"},
    {"projects", IN_ACCESS, 0, 0, 0, access_types, "Projektadgang"},
    {0}};
static const struct input in_password[] = {
    {"current_password", IN_PASSWORD, IN_REQUIRED, 1, 1024, NULL, "Nuværende adgangskode"},
    {"new_password", IN_PASSWORD, IN_REQUIRED, 1, 1024, NULL, "Ny adgangskode"},
    {0}};
static const struct input in_token[] = {
    {"name", IN_STR, IN_REQUIRED, 1, 100, NULL, "Navn"},
    {0}};
static const struct input in_audit[] = {
    {"entity", IN_STR, 0, 0, 40, NULL, "Type"},
    {"action", IN_STR, 0, 0, 60, NULL, "Handling"},
    {"since", IN_STR, 0, 0, 20, NULL, "Fra"},
    {"limit", IN_INT, 0, 1, 1000, NULL, "Antal"},
    {0}};
static const struct input in_appt[] = {
    {"role", IN_STR, IN_REQUIRED, 1, 100, NULL, "Rolle"},
    {"person_id", IN_INT, IN_REQUIRED, 1, 999999999999, NULL, "Person"},
    {"from", IN_DATE, 0, 0, 0, NULL, "Fra"},
    {"to", IN_DATE, 0, 0, 0, NULL, "Til"},
    {0}};
static const struct input in_mt_list[] = {
    {"project", IN_STR, 0, 0, 10, NULL, "Projekt"},
    {0}};

const struct route routes[] = {
    /* public */
    {HTTP_GET, "/", page_home_index, ACCESS_PUBLIC, NULL, NULL, NULL, 0},
    {HTTP_GET, "/healthz", page_home_health, ACCESS_PUBLIC, NULL, NULL, NULL, 0},
    {HTTP_GET, "/static/{name}", http_static, ACCESS_PUBLIC, NULL, NULL, NULL, 0},
    {HTTP_GET, "/roller", page_roles_index, ACCESS_PUBLIC, NULL, NULL, NULL, 0},
    {HTTP_GET, "/roller/{slug}", page_roles_show, ACCESS_PUBLIC, NULL, NULL, NULL, 0},
    {HTTP_GET, "/api/v1/roles", page_roles_index, ACCESS_PUBLIC, NULL, NULL, NULL, 0},
    {HTTP_GET, "/api/v1/roles/{slug}", page_roles_show, ACCESS_PUBLIC, NULL, NULL, NULL, 0},
    {HTTP_GET, "/vejledning", page_docs_index, ACCESS_PUBLIC, NULL, NULL, NULL, 0},
    {HTTP_GET, "/vejledning/{slug}", page_docs_show, ACCESS_PUBLIC, NULL, NULL, NULL, 0},
    {HTTP_GET, "/api/v1/documents", page_docs_index, ACCESS_PUBLIC, NULL, NULL, NULL, 0},
    {HTTP_GET, "/api/v1/documents/{slug}", page_docs_show, ACCESS_PUBLIC, NULL, NULL, NULL, 0},

    /* log-in and the caller's own account */
    {HTTP_GET, "/log-ind", page_session_form, ACCESS_PUBLIC, in_login_form, NULL, NULL, 0},
    {HTTP_POST, "/log-ind", page_session_create, ACCESS_PUBLIC, in_login, page_session_form,
     NULL, ROUTE_NO_CSRF},
    {HTTP_POST, "/api/v1/session", page_session_create, ACCESS_PUBLIC, in_login, NULL, NULL,
     ROUTE_NO_CSRF},
    {HTTP_POST, "/log-ud", page_session_delete, ACCESS_LOGIN, NULL, NULL, NULL, 0},
    {HTTP_DELETE, "/api/v1/session", page_session_delete, ACCESS_LOGIN, NULL, NULL, NULL, 0},
    {HTTP_GET, "/api/v1/me", page_session_me, ACCESS_LOGIN, NULL, NULL, NULL, 0},
    {HTTP_GET, "/konto", page_account_show, ACCESS_LOGIN, NULL, NULL, NULL, 0},
    {HTTP_POST, "/konto/adgangskode", page_account_password, ACCESS_LOGIN, in_password,
     page_account_show, NULL, 0},
    {HTTP_POST, "/api/v1/me/password", page_account_password, ACCESS_LOGIN, in_password, NULL,
     NULL, 0},
    {HTTP_GET, "/api/v1/me/sessions", page_account_sessions, ACCESS_LOGIN, NULL, NULL, NULL, 0},
    {HTTP_POST, "/konto/sessioner/{id}/slet", page_account_session_delete, ACCESS_LOGIN, NULL,
     NULL, NULL, 0},
    {HTTP_DELETE, "/api/v1/me/sessions/{id}", page_account_session_delete, ACCESS_LOGIN, NULL,
     NULL, NULL, 0},
    {HTTP_GET, "/api/v1/tokens", page_account_tokens, ACCESS_LOGIN, NULL, NULL, NULL, 0},
    {HTTP_POST, "/konto/noegler", page_account_token_create, ACCESS_LOGIN, in_token,
     page_account_show, NULL, 0},
    {HTTP_POST, "/api/v1/tokens", page_account_token_create, ACCESS_LOGIN, in_token, NULL, NULL,
     0},
    {HTTP_POST, "/konto/noegler/{id}/tilbagekald", page_account_token_revoke, ACCESS_LOGIN,
     NULL, NULL, NULL, 0},
    {HTTP_DELETE, "/api/v1/tokens/{id}", page_account_token_revoke, ACCESS_LOGIN, NULL, NULL,
     NULL, 0},

    /* reference data for logged-in users */
    {HTTP_GET, "/master-opgaver", page_mt_index, ACCESS_LOGIN, in_mt_list, NULL, NULL, 0},
    {HTTP_GET, "/master-opgaver/{id}", page_mt_show, ACCESS_LOGIN, NULL, NULL, NULL, 0},
    {HTTP_GET, "/api/v1/master-tasks", page_mt_index, ACCESS_LOGIN, in_mt_list, NULL, NULL, 0},
    {HTTP_GET, "/api/v1/master-tasks/{id}", page_mt_show, ACCESS_LOGIN, NULL, NULL, NULL, 0},
    {HTTP_GET, "/api/v1/projects", page_home_projects, ACCESS_LOGIN, NULL, NULL, NULL, 0},
    {HTTP_GET, "/api/v1/organisations", page_home_organisations, ACCESS_LOGIN, NULL, NULL, NULL,
     0},

    /* appointments to a project's system-specific roles */
    {HTTP_GET, "/projekter/{project}/udpegninger", page_appts_index, ACCESS_LOGIN, NULL, NULL,
     NULL, 0},
    {HTTP_POST, "/projekter/{project}/udpegninger", page_appts_create, ACCESS_PLUS, in_appt,
     page_appts_index, "project", 0},
    {HTTP_POST, "/projekter/{project}/udpegninger/{id}/slet", page_appts_delete, ACCESS_PLUS,
     NULL, NULL, "project", 0},
    {HTTP_GET, "/api/v1/projects/{project}/appointments", page_appts_index, ACCESS_LOGIN, NULL,
     NULL, NULL, 0},
    {HTTP_POST, "/api/v1/projects/{project}/appointments", page_appts_create, ACCESS_PLUS,
     in_appt, NULL, "project", 0},
    {HTTP_DELETE, "/api/v1/projects/{project}/appointments/{id}", page_appts_delete,
     ACCESS_PLUS, NULL, NULL, "project", 0},
    {HTTP_GET, "/api/v1/persons", page_persons_index, ACCESS_LOGIN, NULL, NULL, NULL, 0},

    /* a KLIK-administrator's users */
    {HTTP_GET, "/admin/brugere", page_users_index, ACCESS_ORG_ADMIN, NULL, NULL, NULL, 0},
    {HTTP_GET, "/admin/brugere/ny", page_users_new, ACCESS_ORG_ADMIN, NULL, NULL, NULL, 0},
    {HTTP_POST, "/admin/brugere/ny", page_users_create, ACCESS_ORG_ADMIN, in_user_create,
     page_users_new, NULL, 0},
    {HTTP_GET, "/admin/brugere/{id}", page_users_show, ACCESS_ORG_ADMIN, NULL, NULL, NULL, 0},
    {HTTP_POST, "/admin/brugere/{id}", page_users_update, ACCESS_ORG_ADMIN, in_user_update,
     page_users_show, NULL, 0},
    {HTTP_GET, "/api/v1/users", page_users_index, ACCESS_ORG_ADMIN, NULL, NULL, NULL, 0},
    {HTTP_POST, "/api/v1/users", page_users_create, ACCESS_ORG_ADMIN, in_user_create, NULL, NULL,
     0},
    {HTTP_GET, "/api/v1/users/{id}", page_users_show, ACCESS_ORG_ADMIN, NULL, NULL, NULL, 0},
    {HTTP_PATCH, "/api/v1/users/{id}", page_users_update, ACCESS_ORG_ADMIN, in_user_patch, NULL,
     NULL, 0},

    /* the audit trail */
    {HTTP_GET, "/admin/historik", page_audit_index, ACCESS_OVERSEER, in_audit, NULL, NULL, 0},
    {HTTP_GET, "/api/v1/audit", page_audit_index, ACCESS_OVERSEER, in_audit, NULL, NULL, 0},
};

const size_t nroutes = sizeof routes / sizeof routes[0];
