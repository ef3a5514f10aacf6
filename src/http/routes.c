/*
 * routes: the route table — one row per action, naming its page path and
 * its API path together, the handler both share, the access predicate,
 * the resource its path names, the inputs it accepts, its body limit, and
 * the page-only extras. The router (router.c) enforces what is declared
 * here before any handler runs; `klikd routes` prints this table.
 */
#include "http.h"
#include "pages/account.h"
#include "pages/appointments.h"
#include "pages/attachments.h"
#include "pages/audit.h"
#include "pages/calendar.h"
#include "pages/catalogue.h"
#include "pages/contacts.h"
#include "pages/diagram.h"
#include "pages/docs.h"
#include "pages/followup.h"
#include "pages/handover.h"
#include "pages/home.h"
#include "pages/master_tasks.h"
#include "pages/messages.h"
#include "pages/mt_edit.h"
#include "pages/notifications.h"
#include "pages/openapi.h"
#include "pages/persons.h"
#include "pages/project.h"
#include "pages/projects.h"
#include "pages/register.h"
#include "pages/risk.h"
#include "pages/roles.h"
#include "pages/search.h"
#include "pages/session.h"
#include "pages/tasks.h"
#include "pages/timeline.h"
#include "pages/users.h"
#include "pages/waves.h"

#define FORM KIB(16)   /* a form or a small JSON object */

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
static const struct input in_reset[] = {
    {"new_password", IN_PASSWORD, IN_REQUIRED, 1, 1024, NULL, "Ny adgangskode"},
    {0}};

/* inputs: register (the role register: catalogue, appointments, matrix, risk) */
static const struct input in_catalogue[] = {
    {"role_catalogue", IN_JSON, 0, 0, 0, NULL, "Rollekatalog"},
    {"entries", IN_MAP, 0, 0, 0, NULL, "Rollekatalog"},
    {0}};
static const struct input in_register[] = {
    {"role", IN_STR, 0, 0, 100, NULL, "Rolle"},
    {"project", IN_STR, 0, 0, 10, NULL, "Projekt"},
    {"municipality", IN_STR, 0, 0, 10, NULL, "Kommune"},
    {"region", IN_STR, 0, 0, 100, NULL, "Region"},
    {0}};
static const struct input in_appoint_form[] = {
    {"role", IN_STR, 0, 0, 100, NULL, "Rolle"},
    {"project", IN_STR, 0, 0, 10, NULL, "Projekt"},
    {0}};
static const struct input in_appoint[] = {
    {"role", IN_STR, IN_REQUIRED, 1, 100, NULL, "Rolle"},
    {"project", IN_STR, 0, 0, 10, NULL, "Projekt"},
    {"person", IN_JSON, 0, 0, 20, NULL, "Person"},
    {"name", IN_STR, 0, 0, 200, NULL, "Navn"},
    {"title", IN_STR, 0, 0, 200, NULL, "Titel"},
    {"email", IN_EMAIL, 0, 0, 0, NULL, "E-mail"},
    {"phone", IN_STR, 0, 0, 40, NULL, "Telefon"},
    {"consent", IN_BOOL, 0, 0, 0, NULL, "Samtykke"},
    {"from", IN_DATE, 0, 0, 0, NULL, "Fra"},
    {"to", IN_DATE, 0, 0, 0, NULL, "Til"},
    {"primary", IN_BOOL, 0, 0, 0, NULL, "Primær"},
    {0}};
static const struct input in_appt_patch[] = {
    {"from", IN_DATE, 0, 0, 0, NULL, "Fra"},
    {"to", IN_DATE, 0, 0, 0, NULL, "Til"},
    {"primary", IN_BOOL, 0, 0, 0, NULL, "Primær"},
    {0}};

/* inputs: contacts (contact lists, consent, verification, leavers, handover) */
static const char *const contact_formats[] = {"csv", "vcf", NULL};
static const struct input in_contacts[] = {
    {"role", IN_STR, 0, 0, 100, NULL, "Rolle"},
    {"project", IN_STR, 0, 0, 10, NULL, "Projekt"},
    {"municipality", IN_STR, 0, 0, 10, NULL, "Kommune"},
    {"region", IN_STR, 0, 0, 100, NULL, "Region"},
    {"format", IN_ENUM, 0, 0, 0, contact_formats, "Format"},
    {0}};
static const struct input in_contacts_import[] = {
    {"csv", IN_TEXT, IN_REQUIRED, 1, 500000, NULL, "Kontaktliste (CSV)"},
    {0}};
static const struct input in_leave[] = {
    {"successor", IN_INT, IN_NULLABLE, 0, 999999999999, NULL, "Efterfølger"},
    {0}};
static const struct input in_confirm[] = {
    {"name", IN_STR, IN_REQUIRED, 1, 200, NULL, "Navn"},
    {"title", IN_STR, 0, 0, 200, NULL, "Titel"},
    {"email", IN_EMAIL, 0, 0, 0, NULL, "E-mail"},
    {"phone", IN_STR, 0, 0, 40, NULL, "Telefon"},
    {"consent", IN_BOOL, 0, 0, 0, NULL, "Samtykke"},
    {0}};
/* The successor roles of the rollegalleri (role_successors), by slug. */
static const struct input in_handover[] = {
    {"systemejer-it-systemet", IN_INT, IN_NULLABLE, 0, 999999999999, NULL,
     "Systemejer (it-systemet)"},
    {"systemansvarlig-it-systemet", IN_INT, IN_NULLABLE, 0, 999999999999, NULL,
     "Systemansvarlig (it-systemet)"},
    {0}};

/* inputs: waves (projects, waves, master-task authoring, publishing, follow-up) */
static const struct input in_project_create[] = {
    {"code", IN_STR, IN_REQUIRED, 2, 10, NULL, "Kode"},
    {"name", IN_STR, IN_REQUIRED, 1, 200, NULL, "Navn"},
    {0}};
static const char *const mt_states[] = {"draft", "published", NULL};
#define MT_FIELDS(title_flags)                                                              \
    {"title", IN_STR, title_flags, 1, 300, NULL, "Titel"},                                  \
    {"phase", IN_STR, 0, 0, 200, NULL, "Fase"},                                             \
    {"theme", IN_STR, 0, 0, 200, NULL, "Tema"},                                             \
    {"priority", IN_STR, 0, 0, 100, NULL, "Prioritet"},                                     \
    {"sts", IN_BOOL, 0, 0, 0, NULL, "STS"},                                                 \
    {"duration_days", IN_INT, IN_NULLABLE, 0, 3650, NULL, "Varighed (dage)"},              \
    {"end_offset_days", IN_INT, IN_NULLABLE, -3650, 3650, NULL, "Slutdato (fra Go-Live)"}, \
    {"start_offset_days", IN_INT, IN_NULLABLE, -3650, 3650, NULL,                          \
     "Startdato (fra Slutdato)"},                                                           \
    {"goal", IN_TEXT, 0, 0, 20000, NULL, "Mål"},                                            \
    {"description", IN_TEXT, 0, 0, 20000, NULL, "Beskrivelse"},                             \
    {"method_steps", IN_TEXTLIST, 0, 1, 5000, NULL, "Metode"},                              \
    {"result", IN_TEXT, 0, 0, 20000, NULL, "Resultat"},                                     \
    {"recommended_performer", IN_STR, 0, 0, 1000, NULL, "Anbefalet udfører"},               \
    {"involved_parties", IN_STR, 0, 0, 2000, NULL, "Involverede parter"},                   \
    {"links", IN_STRLIST, 0, 1, 1000, NULL, "Links"},                                       \
    {"predecessors", IN_INTLIST, 0, 1, 999999999999, NULL, "Forudgående opgaver"},          \
    {"state", IN_ENUM, 0, 0, 0, mt_states, "Status"},                                       \
    {"preview", IN_BOOL, 0, 0, 0, NULL, "Forhåndsvisning"}
static const struct input in_mt_create[] = {
    {"project", IN_STR, IN_REQUIRED, 1, 10, NULL, "Projekt"},
    MT_FIELDS(IN_REQUIRED),
    {0}};
static const struct input in_mt_patch[] = {
    MT_FIELDS(0),
    {0}};
static const struct input in_wave_list[] = {
    {"project", IN_STR, 0, 0, 10, NULL, "Projekt"},
    {0}};
static const struct input in_wave_create[] = {
    {"project", IN_STR, IN_REQUIRED, 1, 10, NULL, "Projekt"},
    {"name", IN_STR, IN_REQUIRED, 1, 100, NULL, "Navn"},
    {"go_live", IN_DATE, 0, 0, 0, NULL, "Go-live"},
    {"municipalities", IN_STRLIST, 0, 3, 3, NULL, "Kommuner"},
    {0}};
static const struct input in_wave_patch[] = {
    {"go_live", IN_DATE, 0, 0, 0, NULL, "Go-live"},
    {"municipalities", IN_STRLIST, 0, 3, 3, NULL, "Kommuner"},
    {0}};
static const struct input in_wave_publish[] = {
    {"master_tasks", IN_INTLIST, IN_REQUIRED, 1, 999999999999, NULL, "Master-opgaver"},
    {0}};

/* inputs: tasks (a municipality's tasks: lists, task page, status, attachments) */
static const char *const task_statuses[] = {"ikke_paabegyndt", "paabegyndt", "fuldfoert", NULL};
static const char *const list_formats[] = {"json", "csv", NULL};
#define TASK_FILTERS                                                                        \
    {"status", IN_ENUM, 0, 0, 0, task_statuses, "Status"},                                  \
    {"overdue", IN_BOOL, 0, 0, 0, NULL, "Overskredet"},                                     \
    {"wave", IN_INT, IN_NULLABLE, 1, 999999999999, NULL, "Bølge"},                          \
    {"phase", IN_STR, 0, 0, 200, NULL, "Fase"},                                             \
    {"theme", IN_STR, 0, 0, 200, NULL, "Tema"},                                             \
    {"priority", IN_STR, 0, 0, 200, NULL, "Prioritet"},                                     \
    {"person", IN_INT, IN_NULLABLE, 1, 999999999999, NULL, "Person"},                       \
    {"limit", IN_INT, 0, 1, 1000, NULL, "Antal"},                                           \
    {"offset", IN_INT, 0, 0, 1000000000, NULL, "Fra nummer"},                               \
    {"format", IN_ENUM, 0, 0, 0, list_formats, "Format"}
static const struct input in_task_list[] = {
    TASK_FILTERS,
    {"project", IN_STR, 0, 0, 10, NULL, "Projekt"},
    {"mine", IN_BOOL, 0, 0, 0, NULL, "Mine"},
    {"municipality", IN_STR, 0, 0, 10, NULL, "Kommune"},
    {0}};
static const struct input in_task_filters[] = {TASK_FILTERS, {0}};
static const struct input in_task_patch[] = {
    {"status", IN_ENUM, 0, 0, 0, task_statuses, "Status"},
    {"responsible", IN_INT, IN_NULLABLE, 0, 999999999999, NULL, "Ansvarlig"},
    {"performer", IN_INT, IN_NULLABLE, 0, 999999999999, NULL, "Udfører"},
    {"steps_done", IN_INTLIST, 0, 1, 1000, NULL, "Trin"},
    {0}};
static const struct input in_task_bulk[] = {
    {"ids", IN_INTLIST, 0, 1, 999999999999, NULL, "Opgaver"},
    {"status", IN_ENUM, 0, 0, 0, task_statuses, "Status"},
    {"responsible", IN_INT, IN_NULLABLE, 0, 999999999999, NULL, "Ansvarlig"},
    {"performer", IN_INT, IN_NULLABLE, 0, 999999999999, NULL, "Udfører"},
    {0}};
static const struct input in_task_local[] = {
    {"title", IN_STR, IN_REQUIRED, 1, 300, NULL, "Titel"},
    {"phase", IN_STR, 0, 0, 200, NULL, "Fase"},
    {"theme", IN_STR, 0, 0, 200, NULL, "Tema"},
    {"priority", IN_STR, 0, 0, 200, NULL, "Prioritet"},
    {"start", IN_DATE, 0, 0, 0, NULL, "Startdato"},
    {"deadline", IN_DATE, IN_REQUIRED, 0, 0, NULL, "Frist"},
    {"goal", IN_TEXT, 0, 0, 20000, NULL, "Mål"},
    {"description", IN_TEXT, 0, 0, 20000, NULL, "Beskrivelse"},
    {"result", IN_TEXT, 0, 0, 20000, NULL, "Resultat"},
    {"recommended_performer", IN_STR, 0, 0, 1000, NULL, "Anbefalet udfører"},
    {"involved_parties", IN_STR, 0, 0, 2000, NULL, "Involverede parter"},
    {"responsible", IN_INT, IN_NULLABLE, 0, 999999999999, NULL, "Ansvarlig"},
    {"performer", IN_INT, IN_NULLABLE, 0, 999999999999, NULL, "Udfører"},
    {0}};
static const struct input in_attach[] = {
    {"file", IN_FILE, IN_REQUIRED, 0, 0, NULL, "Fil"},
    {0}};

/* inputs: messages (messages, notifications, mail) */
static const char *const notify_modes[] = {"digest", "immediate", "none", NULL};
static const struct input in_message[] = {
    {"body", IN_TEXT, IN_REQUIRED, 1, 20000, NULL, "Besked"},
    {0}};
static const struct input in_notify[] = {
    {"notify", IN_ENUM, IN_REQUIRED, 0, 0, notify_modes, "Notifikationer på e-mail"},
    {0}};
#define MESSAGE_MAX KIB(256) /* 20000 characters of UTF-8, form-encoded */

/* inputs: feeds (search, calendar feeds, the OpenAPI document) */
static const char *const matrix_formats[] = {"json", "csv", NULL};
static const struct input in_matrix[] = {
    {"format", IN_ENUM, 0, 0, 0, matrix_formats, "Format"},
    {0}};
static const struct input in_search[] = {
    {"q", IN_STR, 0, 0, 200, NULL, "Søg"},
    {0}};

/* inputs: pictures (the role diagram, the project timeline) */
static const struct input in_timeline[] = {
    {"for", IN_STR, 0, 0, 10, NULL, "Kommune"}, /* a kommunekode: whose timeline */
    {0}};

const struct route routes[] = {
    /* public */
    {.action = "home", .method = HTTP_GET, .page = "/", .handler = page_home_index,
     .access = &acc_public},
    {.action = "health", .method = HTTP_GET, .page = "/healthz", .handler = page_home_health,
     .access = &acc_public},
    {.action = "static", .method = HTTP_GET, .page = "/static/{name}", .handler = http_static,
     .access = &acc_static},
    {.action = "role.list", .method = HTTP_GET, .page = "/roller", .api = "/api/v1/roles",
     .handler = page_roles_index, .access = &acc_public, .extras = page_diagram_extras,
     .extras_keys = "diagram"},
    {.action = "role.show", .method = HTTP_GET, .page = "/roller/{slug}",
     .api = "/api/v1/roles/{slug}", .handler = page_roles_show, .access = &acc_public,
     .extras = page_register_role_extras, .extras_keys = "holders holders_org"},
    {.action = "document.list", .method = HTTP_GET, .page = "/vejledning",
     .api = "/api/v1/documents", .handler = page_docs_index, .access = &acc_public},
    {.action = "document.show", .method = HTTP_GET, .page = "/vejledning/{slug}",
     .api = "/api/v1/documents/{slug}", .handler = page_docs_show, .access = &acc_public},

    /* log-in and the caller's own account */
    {.action = "login.form", .method = HTTP_GET, .page = "/log-ind",
     .handler = page_session_form, .access = &acc_public, .inputs = in_login_form},
    {.action = "login", .method = HTTP_POST, .page = "/log-ind", .api = "/api/v1/session",
     .handler = page_session_create, .access = &acc_public, .inputs = in_login,
     .body_max = FORM, .form = page_session_form},
    {.action = "logout.form", .method = HTTP_GET, .page = "/log-ud",
     .handler = page_session_confirm, .access = &acc_login},
    {.action = "logout", .method = HTTP_DELETE, .page = "/log-ud", .api = "/api/v1/session",
     .handler = page_session_delete, .access = &acc_login, .body_max = FORM,
     .notice = "Du er logget ud."},
    {.action = "me", .method = HTTP_GET, .api = "/api/v1/me", .handler = page_session_me,
     .access = &acc_login},
    {.action = "account", .method = HTTP_GET, .page = "/konto",
     .handler = page_account_show, .access = &acc_login},
    {.action = "account.password", .method = HTTP_POST, .page = "/konto/adgangskode",
     .api = "/api/v1/me/password", .handler = page_account_password, .access = &acc_login,
     .inputs = in_password, .body_max = FORM, .form = page_account_show,
     .notice = "Din adgangskode er skiftet. Dine andre sessioner er afsluttet."},
    {.action = "session.list", .method = HTTP_GET, .api = "/api/v1/me/sessions",
     .handler = page_account_sessions, .access = &acc_login},
    {.action = "session.end", .method = HTTP_DELETE, .page = "/konto/sessioner/{id:int}/slet",
     .api = "/api/v1/me/sessions/{id:int}", .handler = page_account_session_delete,
     .access = &acc_login, .body_max = FORM,
     .notice = "Sessionen er afsluttet."},
    {.action = "token.list", .method = HTTP_GET, .api = "/api/v1/tokens",
     .handler = page_account_tokens, .access = &acc_login},
    {.action = "token.create", .method = HTTP_POST, .page = "/konto/noegler",
     .api = "/api/v1/tokens", .handler = page_account_token_create, .access = &acc_login,
     .inputs = in_token, .body_max = FORM, .form = page_account_show},
    {.action = "token.revoke", .method = HTTP_DELETE,
     .page = "/konto/noegler/{id:int}/tilbagekald", .api = "/api/v1/tokens/{id:int}",
     .handler = page_account_token_revoke, .access = &acc_login, .body_max = FORM,
     .notice = "API-nøglen er tilbagekaldt."},
    {.action = "password_reset.form", .method = HTTP_GET, .page = "/nulstil/{token}",
     .handler = page_reset_form, .access = &acc_public},
    {.action = "password_reset.use", .method = HTTP_POST, .page = "/nulstil/{token}",
     .handler = page_reset_use, .access = &acc_public, .inputs = in_reset, .body_max = FORM,
     .form = page_reset_form,
     .notice = "Din nye adgangskode er gemt. Log ind med den."},

    /* reference data for logged-in users */
    {.action = "master_task.list", .method = HTTP_GET, .page = "/master-opgaver",
     .api = "/api/v1/master-tasks", .handler = page_mt_index, .access = &acc_login,
     .inputs = in_mt_list, .extras = page_mt_index_extras, .extras_keys = "projects project"},
    {.action = "master_task.show", .method = HTTP_GET, .page = "/master-opgaver/{id:int}",
     .api = "/api/v1/master-tasks/{id:int}", .handler = page_mt_show, .access = &acc_project,
     .resource = page_mt_resource},
    {.action = "organisation.list", .method = HTTP_GET, .api = "/api/v1/organisations",
     .handler = page_home_organisations, .access = &acc_login},

    /* appointments to a project's system-specific roles */
    {.action = "appointment.list", .method = HTTP_GET, .page = "/projekter/{code}/udpegninger",
     .api = "/api/v1/projects/{code}/appointments", .handler = page_appts_index,
     .access = &acc_project, .extras = page_appts_extras, .extras_keys = "roles persons form"},
    {.action = "appointment.create", .method = HTTP_POST,
     .page = "/projekter/{code}/udpegninger", .api = "/api/v1/projects/{code}/appointments",
     .handler = page_appts_create, .access = &acc_plus, .inputs = in_appt, .body_max = FORM,
     .form = page_appts_index,
     .notice = "Udpegningen er gemt."},
    {.action = "appointment.delete", .method = HTTP_DELETE,
     .page = "/projekter/{code}/udpegninger/{id:int}/slet",
     .api = "/api/v1/projects/{code}/appointments/{id:int}", .handler = page_appts_delete,
     .access = &acc_plus, .resource = page_appts_resource, .body_max = FORM,
     .notice = "Udpegningen er fjernet."},
    {.action = "person.list", .method = HTTP_GET, .api = "/api/v1/persons",
     .handler = page_persons_index, .access = &acc_login},

    /* a KLIK-administrator's users */
    {.action = "user.list", .method = HTTP_GET, .page = "/admin/brugere",
     .api = "/api/v1/users", .handler = page_users_index, .access = &acc_admin},
    {.action = "user.new", .method = HTTP_GET, .page = "/admin/brugere/ny",
     .handler = page_users_new, .access = &acc_admin},
    {.action = "user.create", .method = HTTP_POST, .page = "/admin/brugere/ny",
     .api = "/api/v1/users", .handler = page_users_create, .access = &acc_admin,
     .inputs = in_user_create, .body_max = FORM, .form = page_users_new,
     .notice = "Brugeren er oprettet."},
    {.action = "user.show", .method = HTTP_GET, .page = "/admin/brugere/{id:int}",
     .api = "/api/v1/users/{id:int}", .handler = page_users_show, .access = &acc_admin,
     .resource = page_users_resource, .extras = page_users_extras,
     .extras_keys = "project_rows form self"},
    {.action = "user.update", .method = HTTP_PATCH, .page = "/admin/brugere/{id:int}",
     .api = "/api/v1/users/{id:int}", .handler = page_users_update, .access = &acc_admin,
     .resource = page_users_resource, .inputs = in_user_patch, .body_max = FORM,
     .form = page_users_show,
     .notice = "Ændringerne er gemt."},
    {.action = "user.reset", .method = HTTP_POST, .page = "/admin/brugere/{id:int}/nulstil",
     .api = "/api/v1/users/{id:int}/password-reset", .handler = page_users_reset,
     .access = &acc_admin, .resource = page_users_resource, .body_max = FORM},

    /* the audit trail */
    {.action = "audit.list", .method = HTTP_GET, .page = "/admin/historik",
     .api = "/api/v1/audit", .handler = page_audit_index, .access = &acc_overseer,
     .inputs = in_audit, .extras = page_audit_extras, .extras_keys = "entities filter"},

    /* register: the role register: catalogue, appointments, matrix, risk */
    {.action = "catalogue.show", .method = HTTP_GET, .page = "/projekter/{code}/rollekatalog",
     .api = "/api/v1/projects/{code}/role-catalogue", .handler = page_catalogue_show,
     .access = &acc_login, .extras = page_catalogue_extras, .extras_keys = "rows"},
    {.action = "catalogue.replace", .method = HTTP_PUT, .page = "/projekter/{code}/rollekatalog",
     .api = "/api/v1/projects/{code}/role-catalogue", .handler = page_catalogue_replace,
     .access = &acc_publisher, .inputs = in_catalogue, .body_max = KIB(64),
     .form = page_catalogue_show, .notice = "Rollekataloget er gemt."},
    {.action = "appointment.index", .method = HTTP_GET, .page = "/rollebesaetning",
     .api = "/api/v1/appointments", .handler = page_register_index, .access = &acc_login,
     .inputs = in_register, .extras = page_register_extras,
     .extras_keys = "matrix municipalities regions"},
    {.action = "appointment.new", .method = HTTP_GET, .page = "/rollebesaetning/ny",
     .handler = page_register_new, .access = &acc_login, .inputs = in_appoint_form},
    {.action = "appointment.appoint", .method = HTTP_POST, .page = "/rollebesaetning/ny",
     .api = "/api/v1/appointments", .handler = page_appts_appoint, .access = &acc_login,
     .inputs = in_appoint, .body_max = FORM, .form = page_register_new,
     .notice = "Udpegningen er gemt."},
    {.action = "appointment.show", .method = HTTP_GET, .page = "/rollebesaetning/{id:int}",
     .api = "/api/v1/appointments/{id:int}", .handler = page_appts_show, .access = &acc_login,
     .resource = page_appts_find, .extras = page_appts_show_extras, .extras_keys = "form"},
    {.action = "appointment.update", .method = HTTP_PATCH, .page = "/rollebesaetning/{id:int}",
     .api = "/api/v1/appointments/{id:int}", .handler = page_appts_update,
     .access = &acc_login, .resource = page_appts_find, .inputs = in_appt_patch,
     .body_max = FORM, .form = page_appts_show, .notice = "Ændringerne er gemt."},
    {.action = "appointment.end", .method = HTTP_DELETE,
     .page = "/rollebesaetning/{id:int}/afslut", .api = "/api/v1/appointments/{id:int}",
     .handler = page_appts_end, .access = &acc_login, .resource = page_appts_find,
     .body_max = FORM, .notice = "Udpegningen er afsluttet."},
    {.action = "risk.index", .method = HTTP_GET, .page = "/risiko", .api = "/api/v1/risk",
     .handler = page_risk_index, .access = &acc_login, .extras = page_risk_extras,
     .extras_keys = "rows"},

    /* contacts: contact lists, consent, verification, leavers, handover */
    {.action = "contact.list", .method = HTTP_GET, .page = "/kontakter",
     .api = "/api/v1/contacts", .handler = page_contacts_index, .access = &acc_login,
     .inputs = in_contacts, .extras = page_contacts_extras,
     .extras_keys = "rows roles municipalities regions filter downloads"},
    {.action = "contact.import_form", .method = HTTP_GET, .page = "/kontakter/import",
     .handler = page_contacts_import_form, .access = &acc_admin},
    {.action = "contact.import", .method = HTTP_POST, .page = "/kontakter/import",
     .api = "/api/v1/contacts/import", .handler = page_contacts_import, .access = &acc_admin,
     .inputs = in_contacts_import, .body_max = KIB(768), .form = page_contacts_import_form,
     .notice = "Kontaktlisten er importeret."},
    {.action = "contact.persons", .method = HTTP_GET, .page = "/personer",
     .handler = page_persons_list, .access = &acc_admin},
    {.action = "contact.person", .method = HTTP_GET, .page = "/personer/{id:int}",
     .handler = page_persons_show, .access = &acc_admin, .resource = page_persons_resource,
     .extras = page_persons_extras, .extras_keys = "successors self"},
    {.action = "contact.leave", .method = HTTP_POST, .page = "/personer/{id:int}/fratraed",
     .api = "/api/v1/persons/{id:int}/leave", .handler = page_persons_leave,
     .access = &acc_admin, .resource = page_persons_resource, .inputs = in_leave,
     .body_max = FORM, .form = page_persons_show},
    {.action = "contact.verify_ask", .method = HTTP_POST,
     .page = "/personer/{id:int}/bekraeftelse", .api = "/api/v1/persons/{id:int}/verification",
     .handler = page_persons_verify_ask, .access = &acc_admin,
     .resource = page_persons_resource, .body_max = FORM, .form = page_persons_show},
    {.action = "verification.form", .method = HTTP_GET, .page = "/bekraeft/{token}",
     .handler = page_persons_confirm_form, .access = &acc_public},
    {.action = "verification.use", .method = HTTP_POST, .page = "/bekraeft/{token}",
     .handler = page_persons_confirm, .access = &acc_public, .inputs = in_confirm,
     .body_max = FORM, .form = page_persons_confirm_form,
     .notice = "Tak. Dine kontaktoplysninger er bekræftet."},
    {.action = "handover.show", .method = HTTP_GET, .page = "/projekter/{code}/overdragelse",
     .api = "/api/v1/projects/{code}/handover", .handler = page_handover_show,
     .access = &acc_plus, .extras = page_handover_extras, .extras_keys = "persons form_rows"},
    {.action = "handover.create", .method = HTTP_POST, .page = "/projekter/{code}/overdragelse",
     .api = "/api/v1/projects/{code}/handover", .handler = page_handover_create,
     .access = &acc_plus, .inputs = in_handover, .body_max = FORM, .form = page_handover_show,
     .notice = "Projektet er overdraget til drift."},

    /* waves: projects, waves, master-task authoring, publishing, follow-up */
    {.action = "project.list", .method = HTTP_GET, .page = "/projekter",
     .api = "/api/v1/projects", .handler = page_home_projects, .access = &acc_login},
    {.action = "project.create", .method = HTTP_POST, .page = "/projekter",
     .api = "/api/v1/projects", .handler = page_projects_create, .access = &acc_publisher,
     .inputs = in_project_create, .body_max = FORM, .form = page_home_projects,
     .notice = "Projektet er oprettet."},
    {.action = "master_task_form.new", .method = HTTP_GET, .page = "/master-opgaver/ny",
     .handler = page_mt_new, .access = &acc_publisher, .extras = page_mt_form_extras,
     .extras_keys = "form fields projects new action"},
    {.action = "master_task.create", .method = HTTP_POST, .page = "/master-opgaver/ny",
     .api = "/api/v1/master-tasks", .handler = page_mt_create, .access = &acc_publisher,
     .inputs = in_mt_create, .body_max = KIB(128), .form = page_mt_new,
     .extras = page_mt_form_extras, .extras_keys = "form fields projects new action",
     .notice = "Master-opgaven er gemt."},
    {.action = "master_task_form.edit", .method = HTTP_GET, .page = "/master-opgaver/{id:int}/rediger",
     .handler = page_mt_edit, .access = &acc_publisher, .resource = page_mt_resource,
     .extras = page_mt_form_extras, .extras_keys = "form fields projects new action"},
    {.action = "master_task.update", .method = HTTP_PATCH,
     .page = "/master-opgaver/{id:int}", .api = "/api/v1/master-tasks/{id:int}",
     .handler = page_mt_update, .access = &acc_publisher, .resource = page_mt_resource,
     .inputs = in_mt_patch, .body_max = KIB(128), .form = page_mt_edit,
     .extras = page_mt_form_extras, .extras_keys = "form fields projects new action",
     .notice = "Master-opgaven er gemt."},
    {.action = "wave.list", .method = HTTP_GET, .page = "/boelger", .api = "/api/v1/waves",
     .handler = page_waves_index, .access = &acc_login, .inputs = in_wave_list,
     .extras = page_waves_index_extras, .extras_keys = "projects choices"},
    {.action = "wave.create", .method = HTTP_POST, .page = "/boelger", .api = "/api/v1/waves",
     .handler = page_waves_create, .access = &acc_publisher, .inputs = in_wave_create,
     .body_max = FORM, .form = page_waves_index, .notice = "Bølgen er oprettet."},
    {.action = "wave.show", .method = HTTP_GET, .page = "/boelger/{id:int}",
     .api = "/api/v1/waves/{id:int}", .handler = page_waves_show, .access = &acc_login,
     .resource = page_waves_resource, .extras = page_waves_show_extras,
     .extras_keys = "choices candidates"},
    {.action = "wave.update", .method = HTTP_PATCH, .page = "/boelger/{id:int}",
     .api = "/api/v1/waves/{id:int}", .handler = page_waves_update, .access = &acc_publisher,
     .resource = page_waves_resource, .inputs = in_wave_patch, .body_max = FORM,
     .form = page_waves_show, .extras = page_waves_show_extras,
     .extras_keys = "choices candidates"},
    {.action = "wave.publish", .method = HTTP_POST, .page = "/boelger/{id:int}/publicer",
     .api = "/api/v1/waves/{id:int}/publish", .handler = page_waves_publish,
     .access = &acc_publisher, .resource = page_waves_resource, .inputs = in_wave_publish,
     .body_max = FORM, .form = page_waves_show, .extras = page_waves_show_extras,
     .extras_keys = "choices candidates"},
    {.action = "wave.unpublish", .method = HTTP_POST, .page = "/boelger/{id:int}/afpublicer",
     .api = "/api/v1/waves/{id:int}/unpublish", .handler = page_waves_unpublish,
     .access = &acc_publisher, .resource = page_waves_resource, .inputs = in_wave_publish,
     .body_max = FORM, .form = page_waves_show, .extras = page_waves_show_extras,
     .extras_keys = "choices candidates"},

    /* tasks: a municipality's tasks: lists, task page, status, attachments */
    {.action = "task.list", .method = HTTP_GET, .api = "/api/v1/tasks",
     .handler = page_tasks_index, .access = &acc_login, .inputs = in_task_list},
    {.action = "task.mine", .method = HTTP_GET, .page = "/opgaver", .handler = page_tasks_mine,
     .access = &acc_login, .inputs = in_task_filters, .extras = page_tasks_mine_extras},
    {.action = "task.project", .method = HTTP_GET, .page = "/projekter/{code}",
     .api = "/api/v1/projects/{code}/tasks", .handler = page_project_show,
     .access = &acc_project, .inputs = in_task_filters, .extras = page_project_extras,
     .extras_keys = "choices"},
    {.action = "task.bulk", .method = HTTP_PATCH, .page = "/projekter/{code}/opgaver/ret",
     .api = "/api/v1/projects/{code}/tasks", .handler = page_project_bulk, .access = &acc_plus,
     .inputs = in_task_bulk, .body_max = FORM, .form = page_project_show,
     .notice = "Opgaverne er opdateret."},
    {.action = "task.new", .method = HTTP_GET, .page = "/projekter/{code}/opgaver/ny",
     .handler = page_project_task_new, .access = &acc_plus},
    {.action = "task.create", .method = HTTP_POST, .page = "/projekter/{code}/opgaver/ny",
     .api = "/api/v1/projects/{code}/tasks", .handler = page_project_task_create,
     .access = &acc_plus, .inputs = in_task_local, .body_max = KIB(80),
     .form = page_project_task_new, .notice = "Den lokale opgave er oprettet."},
    {.action = "task.show", .method = HTTP_GET, .page = "/opgaver/{id:int}",
     .api = "/api/v1/tasks/{id:int}", .handler = page_tasks_show, .access = &acc_project,
     .resource = page_tasks_resource, .extras = page_tasks_show_extras,
     .extras_keys = "responsible_options performer_options task_path"},
    {.action = "task.update", .method = HTTP_PATCH, .page = "/opgaver/{id:int}",
     .api = "/api/v1/tasks/{id:int}", .handler = page_tasks_update, .access = &acc_plus,
     .resource = page_tasks_resource, .inputs = in_task_patch, .body_max = FORM,
     .form = page_tasks_show, .notice = "Opgaven er opdateret."},
    {.action = "task.attachments", .method = HTTP_GET, .api = "/api/v1/tasks/{id:int}/attachments",
     .handler = page_attachments_index, .access = &acc_project, .resource = page_tasks_resource},
    {.action = "task.attach", .method = HTTP_POST, .page = "/opgaver/{id:int}/bilag",
     .api = "/api/v1/tasks/{id:int}/attachments", .handler = page_attachments_create,
     .access = &acc_plus, .resource = page_tasks_resource, .inputs = in_attach,
     .body_max = ATTACH_BODY_MAX, .form = page_tasks_show, .notice = "Filen er vedhæftet."},
    {.action = "attachment.download", .method = HTTP_GET, .page = "/bilag/{id:int}",
     .handler = page_attachment_download, .access = &acc_project,
     .resource = page_attachment_resource},
    {.action = "attachment.get", .method = HTTP_GET, .api = "/api/v1/attachments/{id:int}",
     .handler = page_attachment_download, .access = &acc_project,
     .resource = page_attachment_resource},
    {.action = "attachment.delete", .method = HTTP_DELETE, .page = "/bilag/{id:int}/slet",
     .api = "/api/v1/attachments/{id:int}", .handler = page_attachment_delete,
     .access = &acc_plus, .resource = page_attachment_resource, .body_max = FORM,
     .notice = "Filen er fjernet."},

    /* messages: messages, notifications, mail */
    {.action = "message.list", .method = HTTP_GET, .page = "/opgaver/{id:int}/beskeder",
     .api = "/api/v1/tasks/{id:int}/messages", .handler = page_messages_index,
     .access = &acc_login, .resource = page_messages_resource},
    {.action = "message.create", .method = HTTP_POST, .page = "/opgaver/{id:int}/beskeder",
     .api = "/api/v1/tasks/{id:int}/messages", .handler = page_messages_create,
     .access = &acc_login, .resource = page_messages_resource, .inputs = in_message,
     .body_max = MESSAGE_MAX, .form = page_messages_index,
     .notice = "Beskeden er sendt."},
    {.action = "wave_message.list", .method = HTTP_GET, .page = "/boelger/{id:int}/beskeder",
     .handler = page_messages_wave, .access = &acc_publisher,
     .resource = page_messages_wave_resource},
    {.action = "wave_message.create", .method = HTTP_POST, .page = "/boelger/{id:int}/beskeder",
     .api = "/api/v1/waves/{id:int}/messages", .handler = page_messages_broadcast,
     .access = &acc_publisher, .resource = page_messages_wave_resource, .inputs = in_message,
     .body_max = MESSAGE_MAX, .form = page_messages_wave,
     .notice = "Beskeden er sendt til alle bølgens opgaver."},
    {.action = "notification.list", .method = HTTP_GET, .page = "/notifikationer",
     .api = "/api/v1/notifications", .handler = page_notifications_index,
     .access = &acc_login},
    {.action = "notification.read_all", .method = HTTP_POST, .page = "/notifikationer/laest",
     .api = "/api/v1/notifications/read", .handler = page_notifications_read_all,
     .access = &acc_login, .body_max = FORM,
     .notice = "Alle notifikationer er markeret som læst."},
    {.action = "notification.read", .method = HTTP_POST,
     .page = "/notifikationer/{id:int}/laest", .api = "/api/v1/notifications/{id:int}/read",
     .handler = page_notifications_read, .access = &acc_login,
     .resource = page_notifications_resource, .body_max = FORM,
     .notice = "Notifikationen er markeret som læst."},
    {.action = "account.notify", .method = HTTP_PATCH, .page = "/konto/notifikationer",
     .api = "/api/v1/me", .handler = page_account_notify, .access = &acc_login,
     .inputs = in_notify, .body_max = FORM, .form = page_account_show,
     .notice = "Dit valg af notifikationer på e-mail er gemt."},

    /* feeds: search, calendar feeds, the OpenAPI document */
    {.action = "wave.matrix", .method = HTTP_GET, .page = "/boelger/{id:int}/opfoelgning",
     .api = "/api/v1/waves/{id:int}/matrix", .handler = page_followup_matrix,
     .access = &acc_publisher, .inputs = in_matrix},
    {.action = "progress", .method = HTTP_GET, .page = "/opfoelgning", .api = "/api/v1/progress",
     .handler = page_followup_progress, .access = &acc_publisher},
    {.action = "calendar.show", .method = HTTP_GET, .api = "/api/v1/me/calendar",
     .handler = page_calendar_show, .access = &acc_login},
    {.action = "calendar.create", .method = HTTP_POST, .page = "/konto/kalender",
     .api = "/api/v1/me/calendar", .handler = page_calendar_create, .access = &acc_login,
     .body_max = FORM, .form = page_account_show},
    {.action = "calendar.revoke", .method = HTTP_DELETE, .page = "/konto/kalender/slet",
     .api = "/api/v1/me/calendar", .handler = page_calendar_revoke, .access = &acc_login,
     .body_max = FORM, .form = page_account_show, .notice = "Kalenderen er slået fra."},
    {.action = "search", .method = HTTP_GET, .page = "/soeg", .api = "/api/v1/search",
     .handler = page_search, .access = &acc_login, .inputs = in_search},
    {.action = "openapi", .method = HTTP_GET, .api = "/api/v1/openapi.json",
     .handler = page_openapi, .access = &acc_public},
    {.action = "calendar.feed", .method = HTTP_GET, .page = "/kalender/{token}",
     .handler = page_calendar_feed, .access = &acc_public},

    /* pictures: the role diagram (role.list's extras above), the project timeline */
    {.action = "timeline.show", .method = HTTP_GET, .page = "/projekter/{code}/tidslinje",
     .api = "/api/v1/projects/{code}/timeline", .handler = page_timeline_show,
     .access = &acc_project, .inputs = in_timeline, .extras = page_timeline_extras,
     .extras_keys = "chart municipalities"},
};

const size_t nroutes = sizeof routes / sizeof routes[0];
