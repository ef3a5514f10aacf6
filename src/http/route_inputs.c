/*
 * route_inputs: the inputs each route of the route table (routes.c)
 * accepts — name, type, whether required, limits, allowed values and the
 * Danish label errors name — one array per action or group of actions,
 * grouped by area as the table is. Data only: the input layer (input.c)
 * validates requests against these.
 */
#include "http.h"
#include "route_inputs.h"

static const char *const user_types[] = {"admin", "member", NULL};
static const char *const access_types[] = {"plus", "laeser", NULL};

const struct input in_login[] = {
    {"email", IN_EMAIL, IN_REQUIRED, 0, 0, NULL, "E-mail"},
    {"password", IN_PASSWORD, IN_REQUIRED, 1, 1024, NULL, "Adgangskode"},
    {"next", IN_STR, 0, 0, 500, NULL, "Næste side"},
    {0}};
const struct input in_login_form[] = {
    {"next", IN_STR, 0, 0, 500, NULL, "Næste side"},
    {0}};
const struct input in_user_create[] = {
    {"email", IN_EMAIL, IN_REQUIRED, 0, 0, NULL, "E-mail"},
    {"name", IN_STR, IN_REQUIRED, 1, 200, NULL, "Navn"},
    {"title", IN_STR, 0, 0, 200, NULL, "Titel"},
    {"phone", IN_STR, 0, 0, 40, NULL, "Telefon"},
    {"type", IN_ENUM, IN_REQUIRED, 0, 0, user_types, "Brugertype"},
    {"password", IN_PASSWORD, IN_REQUIRED, 1, 1024, NULL, "Adgangskode"},
    {"projects", IN_ACCESS, 0, 0, 0, access_types, "Projektadgang"},
    {0}};
const struct input in_user_patch[] = {
    {"name", IN_STR, 0, 1, 200, NULL, "Navn"},
    {"title", IN_STR, 0, 0, 200, NULL, "Titel"},
    {"phone", IN_STR, 0, 0, 40, NULL, "Telefon"},
    {"type", IN_ENUM, 0, 0, 0, user_types, "Brugertype"},
    {"active", IN_BOOL, 0, 0, 0, NULL, "Aktiv"},
    {"projects", IN_ACCESS, 0, 0, 0, access_types, "Projektadgang"},
    {0}};
const struct input in_password[] = {
    {"current_password", IN_PASSWORD, IN_REQUIRED, 1, 1024, NULL, "Nuværende adgangskode"},
    {"new_password", IN_PASSWORD, IN_REQUIRED, 1, 1024, NULL, "Ny adgangskode"},
    {0}};
const struct input in_token[] = {
    {"name", IN_STR, IN_REQUIRED, 1, 100, NULL, "Navn"},
    {0}};
const struct input in_audit[] = {
    {"entity", IN_STR, 0, 0, 40, NULL, "Type"},
    {"action", IN_STR, 0, 0, 60, NULL, "Handling"},
    {"since", IN_STR, 0, 0, 20, NULL, "Fra"},
    {"limit", IN_INT, 0, 1, 1000, NULL, "Antal"},
    {0}};
const struct input in_appt[] = {
    {"role", IN_STR, IN_REQUIRED, 1, 100, NULL, "Rolle"},
    {"person_id", IN_INT, IN_REQUIRED, 1, 999999999999, NULL, "Person"},
    {"from", IN_DATE, 0, 0, 0, NULL, "Fra"},
    {"to", IN_DATE, 0, 0, 0, NULL, "Til"},
    {0}};
const struct input in_mt_list[] = {
    {"project", IN_STR, 0, 0, 10, NULL, "Projekt"},
    {0}};
const struct input in_reset[] = {
    {"new_password", IN_PASSWORD, IN_REQUIRED, 1, 1024, NULL, "Ny adgangskode"},
    {0}};

/* inputs: register (the role register: catalogue, appointments, matrix, risk) */
const struct input in_catalogue[] = {
    {"role_catalogue", IN_JSON, 0, 0, 0, NULL, "Rollekatalog"},
    {"entries", IN_MAP, 0, 0, 0, NULL, "Rollekatalog"},
    {0}};
const struct input in_register[] = {
    {"role", IN_STR, 0, 0, 100, NULL, "Rolle"},
    {"project", IN_STR, 0, 0, 10, NULL, "Projekt"},
    {"municipality", IN_STR, 0, 0, 10, NULL, "Kommune"},
    {"region", IN_STR, 0, 0, 100, NULL, "Region"},
    {0}};
const struct input in_appoint_form[] = {
    {"role", IN_STR, 0, 0, 100, NULL, "Rolle"},
    {"project", IN_STR, 0, 0, 10, NULL, "Projekt"},
    {0}};
const struct input in_appoint[] = {
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
const struct input in_appt_patch[] = {
    {"from", IN_DATE, 0, 0, 0, NULL, "Fra"},
    {"to", IN_DATE, 0, 0, 0, NULL, "Til"},
    {"primary", IN_BOOL, 0, 0, 0, NULL, "Primær"},
    {0}};

/* inputs: contacts (contact lists, consent, verification, leavers, handover) */
static const char *const contact_formats[] = {"csv", "vcf", NULL};
const struct input in_contacts[] = {
    {"role", IN_STR, 0, 0, 100, NULL, "Rolle"},
    {"project", IN_STR, 0, 0, 10, NULL, "Projekt"},
    {"municipality", IN_STR, 0, 0, 10, NULL, "Kommune"},
    {"region", IN_STR, 0, 0, 100, NULL, "Region"},
    {"format", IN_ENUM, 0, 0, 0, contact_formats, "Format"},
    {0}};
const struct input in_contacts_import[] = {
    {"csv", IN_TEXT, IN_REQUIRED, 1, 500000, NULL, "Kontaktliste (CSV)"},
    {0}};
const struct input in_leave[] = {
    {"successor", IN_INT, IN_NULLABLE, 0, 999999999999, NULL, "Efterfølger"},
    {0}};
const struct input in_confirm[] = {
    {"name", IN_STR, IN_REQUIRED, 1, 200, NULL, "Navn"},
    {"title", IN_STR, 0, 0, 200, NULL, "Titel"},
    {"email", IN_EMAIL, 0, 0, 0, NULL, "E-mail"},
    {"phone", IN_STR, 0, 0, 40, NULL, "Telefon"},
    {"consent", IN_BOOL, 0, 0, 0, NULL, "Samtykke"},
    {0}};
/* The successor roles of the rollegalleri (role_successors), by slug. */
const struct input in_handover[] = {
    {"systemejer-it-systemet", IN_INT, IN_NULLABLE, 0, 999999999999, NULL,
     "Systemejer (it-systemet)"},
    {"systemansvarlig-it-systemet", IN_INT, IN_NULLABLE, 0, 999999999999, NULL,
     "Systemansvarlig (it-systemet)"},
    {0}};

/* inputs: waves (projects, waves, master-task authoring, publishing, follow-up) */
const struct input in_project_create[] = {
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
const struct input in_mt_create[] = {
    {"project", IN_STR, IN_REQUIRED, 1, 10, NULL, "Projekt"},
    MT_FIELDS(IN_REQUIRED),
    {0}};
const struct input in_mt_patch[] = {
    MT_FIELDS(0),
    {0}};
const struct input in_wave_list[] = {
    {"project", IN_STR, 0, 0, 10, NULL, "Projekt"},
    {0}};
const struct input in_wave_create[] = {
    {"project", IN_STR, IN_REQUIRED, 1, 10, NULL, "Projekt"},
    {"name", IN_STR, IN_REQUIRED, 1, 100, NULL, "Navn"},
    {"go_live", IN_DATE, 0, 0, 0, NULL, "Go-live"},
    {"municipalities", IN_STRLIST, 0, 3, 3, NULL, "Kommuner"},
    {0}};
const struct input in_wave_patch[] = {
    {"go_live", IN_DATE, 0, 0, 0, NULL, "Go-live"},
    {"municipalities", IN_STRLIST, 0, 3, 3, NULL, "Kommuner"},
    {"phases", IN_MAP, 0, 0, 0, NULL, "Fasedatoer"},
    {0}};
const struct input in_wave_publish[] = {
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
const struct input in_task_list[] = {
    TASK_FILTERS,
    {"project", IN_STR, 0, 0, 10, NULL, "Projekt"},
    {"mine", IN_BOOL, 0, 0, 0, NULL, "Mine"},
    {"municipality", IN_STR, 0, 0, 10, NULL, "Kommune"},
    {0}};
const struct input in_task_filters[] = {TASK_FILTERS, {0}};
const struct input in_task_patch[] = {
    {"status", IN_ENUM, 0, 0, 0, task_statuses, "Status"},
    {"responsible", IN_INT, IN_NULLABLE, 0, 999999999999, NULL, "Ansvarlig"},
    {"performer", IN_INT, IN_NULLABLE, 0, 999999999999, NULL, "Udfører"},
    {"steps_done", IN_INTLIST, 0, 1, 1000, NULL, "Trin"},
    {0}};
const struct input in_task_bulk[] = {
    {"ids", IN_INTLIST, 0, 1, 999999999999, NULL, "Opgaver"},
    {"status", IN_ENUM, 0, 0, 0, task_statuses, "Status"},
    {"responsible", IN_INT, IN_NULLABLE, 0, 999999999999, NULL, "Ansvarlig"},
    {"performer", IN_INT, IN_NULLABLE, 0, 999999999999, NULL, "Udfører"},
    {0}};
const struct input in_task_local[] = {
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
const struct input in_attach[] = {
    {"file", IN_FILE, IN_REQUIRED, 0, 0, NULL, "Fil"},
    {0}};

/* inputs: messages (messages, notifications, mail) */
static const char *const notify_modes[] = {"digest", "immediate", "none", NULL};
const struct input in_message[] = {
    {"body", IN_TEXT, IN_REQUIRED, 1, 20000, NULL, "Besked"},
    {0}};
const struct input in_notify[] = {
    {"notify", IN_ENUM, IN_REQUIRED, 0, 0, notify_modes, "Notifikationer på e-mail"},
    {0}};

/* inputs: feeds (search, calendar feeds, the OpenAPI document) */
static const char *const matrix_formats[] = {"json", "csv", NULL};
const struct input in_matrix[] = {
    {"format", IN_ENUM, 0, 0, 0, matrix_formats, "Format"},
    {0}};
const struct input in_search[] = {
    {"q", IN_STR, 0, 0, 200, NULL, "Søg"},
    {0}};

/* inputs: pictures (the role diagram, the project timeline) */
const struct input in_timeline[] = {
    {"for", IN_STR, 0, 0, 10, NULL, "Kommune"}, /* a kommunekode: whose timeline */
    {0}};
