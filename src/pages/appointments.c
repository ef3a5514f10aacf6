/*
 * appointments: udpegninger. The project page of a project's system-
 * specific roles (read by whoever reads the project, changed with PLUS on
 * it), and the register's appointments of all 32 roles: appointing a user
 * or a new contact without a log-in, showing, changing (dates, primary)
 * and ending one (kept in history). Who may appoint is can.appoint
 * (rights.c: the municipality's administrator, or PLUS on the project —
 * on any project for a municipality-wide role); KOMBIT reads but never
 * appoints. People come from the caller's own organisation only.
 */
#include <stdlib.h>
#include <string.h>

#include "model/appt.h"
#include "model/common.h"
#include "model/org.h"
#include "model/person.h"
#include "pages/appointments.h"
#include "pages/common.h"
#include "util.h"

/* The route's project as the view shows it: {code, name}. */
static json_t *project_view(struct req *req)
{
    json_t *p = project_get(req->db, req->res.project);
    if (p) {
        json_object_del(p, "id");
    }
    return p;
}

/* See pages/appointments.h. */
int page_appts_resource(struct req *req)
{
    struct owner_filter read = req_read_scope(req);
    int64_t id = req_param_id(req, "id");
    json_t *row = appt_get(req->db, &read, id, page_today(req));
    if (!row) {
        return db_failed(req->db) ? -1 : 0;
    }
    const char *project = json_string_value(json_object_get(row, "project"));
    if (!project || strcmp(project, req->res.project) != 0 ||
        !json_is_null(json_object_get(row, "ended_at"))) {
        return 0;
    }
    req->res.id = id;
    return 1;
}

/* See pages/appointments.h. */
int page_appts_index(struct req *req)
{
    struct owner_filter read = req_read_scope(req);
    json_t *list = appt_list(req->db, &read, req->res.project, page_today(req));
    json_t *project = project_view(req);
    if (!list || !project) {
        json_decref(list);
        json_decref(project);
        return req_internal(req, "appointments");
    }
    json_t *view = req_view(req);
    json_object_set_new(view, "project", project);
    json_object_set_new(view, "appointments", list);
    req->tpl = "appointments";
    req->title = arena_printf(req->arena, "Udpegninger – %s", req->res.project);
    return 200;
}

/* See pages/appointments.h. */
int page_appts_extras(struct req *req)
{
    struct owner_filter own = req_write_scope(req);
    json_t *view = req_view(req);
    json_object_set_new(view, "roles", appt_roles(req->db, true));
    json_object_set_new(view, "persons", person_list(req->db, &own));
    json_object_set_new(view, "form", json_pack("{s:s}", "from", page_today(req)));
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, req->title);
    return 0;
}

/* Answers a failed appt_create(): 409 for a duplicate, else 500. */
static int create_failed(struct req *req, int64_t rc)
{
    if (rc == APPT_DUPLICATE) {
        return req_fail(req, 409, "person",
                        "Personen er allerede udpeget til rollen i samme periode");
    }
    return req_internal(req, "appointment");
}

/* See pages/appointments.h. */
int page_appts_create(struct req *req)
{
    const char *from = req_str(req, "from"), *to = req_str(req, "to");
    from = from && *from ? from : page_today(req);
    to = to && *to ? to : NULL;
    if (to && strcmp(to, from) < 0) {
        return req_fail(req, 422, "to", "Til-datoen skal ligge efter fra-datoen");
    }
    struct appt_new n = {.org_id = req->user->org_id, .project_id = req->res.project_id,
                         .from = from, .to = to};
    req_int(req, "person_id", &n.person_id);
    bool ss = false;
    int rc = appt_role_find(req->db, req_str(req, "role"), &n.role_id, &ss);
    if (rc == 0 || (rc > 0 && !ss)) {
        return req_fail(req, 422, "role", "Rollen findes ikke eller er ikke systemspecifik");
    }
    int in = rc < 0 ? -1 : person_in_org(req->db, n.person_id, n.org_id);
    if (in == 0) {
        return req_fail(req, 422, "person_id", "Personen findes ikke i din kommune");
    }
    if (in < 0) {
        return req_internal(req, "appointment");
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int64_t id = appt_create(req->db, &a, &n);
    if (id < 0) {
        return create_failed(req, id);
    }
    int status = req_commit(req, 201);
    if (status != 201) {
        return status;
    }
    struct owner_filter own = req_write_scope(req);
    req->view = appt_get(req->db, &own, id, page_today(req));
    req->location = arena_printf(req->arena, "/projekter/%s/udpegninger", req->res.project);
    return req->view ? 201 : req_internal(req, "appointment");
}

/* See pages/appointments.h. */
int page_appts_delete(struct req *req)
{
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int rc = appt_end(req->db, &a, req->user->org_id, req->res.id, page_today(req));
    if (rc == 0 || rc == APPT_ENDED) {
        return req_fail(req, 404, NULL, "Udpegningen findes ikke");
    }
    if (rc < 0) {
        return req_internal(req, "appointment delete");
    }
    req->location = arena_printf(req->arena, "/projekter/%s/udpegninger", req->res.project);
    return req_commit(req, 204);
}

/* See pages/appointments.h. */
int page_persons_index(struct req *req)
{
    struct owner_filter own = req_write_scope(req);
    json_t *list = person_list(req->db, &own);
    if (!list) {
        return req_internal(req, "persons");
    }
    json_object_set_new(req_view(req), "persons", list);
    return 200;
}

/* ---- the register's appointments of every role ---- */

/* See pages/appointments.h. */
int page_appts_find(struct req *req)
{
    struct owner_filter read = req_read_scope(req);
    int64_t id = req_param_id(req, "id");
    json_t *row = appt_get(req->db, &read, id, page_today(req));
    if (!row) {
        return db_failed(req->db) ? -1 : 0;
    }
    const char *project = json_string_value(json_object_get(row, "project"));
    req->res.id = id;
    req->res.org_id = req->user && !req->user->central ? req->user->org_id : 0;
    req->res.project = project ? arena_strdup(req->arena, project) : NULL;
    req->res.row = row;
    return 1;
}

/* Whether s is a plausible e-mail address (one '@', a dot after it, no
 * spaces or brackets). */
static bool email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || strlen(s) > 254) {
        return false;
    }
    return strpbrk(s, " <>\",;\t") == NULL;
}

/* One text field of a contact object: NULL when absent or null; sets
 * *bad when it is not text, is too long, or holds control characters. */
static const char *contact_text(struct req *req, json_t *o, const char *key, size_t max,
                                bool *bad)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        return NULL;
    }
    const char *s = json_string_value(v);
    bool ctl = false;
    for (const char *p = s; p && *p; p++) {
        ctl = ctl || (unsigned char)*p < 0x20;
    }
    if (!s || strlen(s) > max * 4 || ctl) {
        *bad = true;
        return NULL;
    }
    return str_trim(arena_strdup(req->arena, s));
}

/* Reads a contact without a log-in from the API's person object into c:
 * 0, or 422 naming the field ("person.name", ...). */
static int contact_from_json(struct req *req, json_t *o, struct person_contact *c)
{
    static const char *const keys[] = {"name", "title", "email", "phone", "consent"};
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        bool known = false;
        for (size_t i = 0; i < NELEM(keys); i++) {
            known = known || strcmp(keys[i], key) == 0;
        }
        if (!known) {
            return req_fail(req, 422, arena_printf(req->arena, "person.%s", key), "Ukendt felt");
        }
    }
    bool bad = false;
    c->name = contact_text(req, o, "name", 200, &bad);
    if (bad || !c->name || !*c->name) {
        return req_fail(req, 422, "person.name", "Navn skal udfyldes (højst 200 tegn)");
    }
    c->title = contact_text(req, o, "title", 200, &bad);
    if (bad) {
        return req_fail(req, 422, "person.title", "Titel er ugyldig");
    }
    c->email = contact_text(req, o, "email", 254, &bad);
    if (bad || (c->email && *c->email && !email_ok(c->email))) {
        return req_fail(req, 422, "person.email", "E-mail er ikke en gyldig e-mailadresse");
    }
    c->phone = contact_text(req, o, "phone", 40, &bad);
    if (bad) {
        return req_fail(req, 422, "person.phone", "Telefon er ugyldig");
    }
    json_t *consent = json_object_get(o, "consent");
    if (consent && !json_is_boolean(consent)) {
        return req_fail(req, 422, "person.consent", "Samtykke skal være sand eller falsk");
    }
    c->consent = json_is_true(consent);
    return 0;
}

/* Which person an appointment names: an id in *person_id, or a new contact
 * in *c with *contact set — the API's "person" (an id or an object), or
 * the form's person select ("" = a new contact from the fields name,
 * title, email, phone, consent). 0, or 422 naming the field. */
static int appointee(struct req *req, int64_t *person_id, struct person_contact *c,
                     bool *contact)
{
    json_t *p = req_json(req, "person");
    const char *s = json_string_value(p);
    *contact = false;
    if (json_is_integer(p)) {
        *person_id = json_integer_value(p);
    } else if (json_is_object(p)) {
        *contact = true;
        return contact_from_json(req, p, c);
    } else if (s && *s) {
        if (strspn(s, "0123456789") != strlen(s) || strlen(s) > 15) {
            return req_fail(req, 422, "person", "Vælg en person");
        }
        *person_id = strtoll(s, NULL, 10);
    } else if (req_str(req, "name") && *req_str(req, "name")) {
        *contact = true;
        c->name = req_str(req, "name");
        c->title = req_str(req, "title");
        c->email = req_str(req, "email");
        c->phone = req_str(req, "phone");
        c->consent = req_bool(req, "consent");
        return 0;
    } else {
        return req_fail(req, 422, "person",
                        "Vælg en person, eller udfyld navnet på en ny kontaktperson");
    }
    int in = person_in_org(req->db, *person_id, req->user->org_id);
    if (in < 0) {
        return req_internal(req, "person");
    }
    return in ? 0 : req_fail(req, 422, "person", "Personen findes ikke i din kommune");
}

/* The appointment the register's routes answer with: the new or changed
 * one in the caller's scope, as the view. status, or 500. */
static int answer_with(struct req *req, int64_t id, int status)
{
    struct owner_filter own = req_write_scope(req);
    req->view = appt_get(req->db, &own, id, page_today(req));
    req->api_location = arena_printf(req->arena, "/api/v1/appointments/%lld", (long long)id);
    return req->view ? status : req_internal(req, "appointment");
}

/* Checks the role and project of a new appointment into n: a
 * system-specific role needs a project, the others are municipality-wide.
 * 0, or 422 naming the field. */
static int role_and_project(struct req *req, struct appt_new *n)
{
    bool ss = false;
    int rc = appt_role_find(req->db, req_str(req, "role"), &n->role_id, &ss);
    if (rc < 0) {
        return req_internal(req, "role");
    }
    if (rc == 0) {
        return req_fail(req, 422, "role", "Rollen findes ikke");
    }
    n->project_id = req->res.project_id;
    if (ss && !n->project_id) {
        return req_fail(req, 422, "project", "En systemspecifik rolle udpeges for et projekt");
    }
    if (!ss && n->project_id) {
        return req_fail(req, 422, "project",
                        "Rollen er tværgående og udpeges for hele kommunen, ikke et projekt");
    }
    return 0;
}

/* See pages/appointments.h. */
int page_appts_appoint(struct req *req)
{
    if (!req->can.appoint) {
        return req_fail(req, 403, NULL, "Du må ikke udpege til rollen");
    }
    struct appt_new n = {.org_id = req->user->org_id, .primary = req_bool(req, "primary")};
    int rc = role_and_project(req, &n);
    struct person_contact c = {0};
    bool contact = false;
    if (rc || (rc = appointee(req, &n.person_id, &c, &contact)) != 0) {
        return rc;
    }
    const char *from = req_str(req, "from"), *to = req_str(req, "to");
    n.from = from && *from ? from : page_today(req);
    n.to = to && *to ? to : NULL;
    if (n.to && strcmp(n.to, n.from) < 0) {
        return req_fail(req, 422, "to", "Til-datoen skal ligge efter fra-datoen");
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    if (contact && (n.person_id = person_create_contact(req->db, &a, n.org_id, &c)) < 0) {
        return req_internal(req, "contact");
    }
    int64_t id = appt_create(req->db, &a, &n);
    if (id < 0) {
        return create_failed(req, id);
    }
    int status = req_commit(req, 201);
    if (status != 201) {
        return status;
    }
    req->location = "/rollebesaetning";
    return answer_with(req, id, 201);
}

/* See pages/appointments.h. */
int page_appts_show(struct req *req)
{
    json_t *row = req->res.row;
    req->view = row;
    req->tpl = "appointment";
    const char *role = json_string_value(json_object_get(json_object_get(row, "role"), "name"));
    req->title = arena_printf(req->arena, "Udpegning – %s", role ? role : "");
    return 200;
}

/* See pages/appointments.h. */
int page_appts_show_extras(struct req *req)
{
    json_t *v = req->view;
    json_object_set_new(v, "form", json_pack("{s:s?,s:s?,s:b}", "from",
                                             page_form_value(req, "from", json_string_value(
                                                 json_object_get(v, "from"))),
                                             "to", page_form_value(req, "to", json_string_value(
                                                 json_object_get(v, "to"))),
                                             "primary",
                                             json_is_true(json_object_get(v, "primary"))));
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/rollebesaetning", "Rollebesætning");
    req_crumb(req, NULL, req->title);
    return 0;
}

/* See pages/appointments.h. */
int page_appts_update(struct req *req)
{
    if (!req->can.appoint) {
        return req_fail(req, 403, NULL, "Du må ikke ændre udpegninger til rollen");
    }
    const char *from = req_str(req, "from");
    from = from && *from ? from : NULL;
    const char *to = req_has(req, "to") ? (req_str(req, "to") ? req_str(req, "to") : "") : NULL;
    int primary = req_has(req, "primary") ? req_bool(req, "primary") : -1;
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int rc = appt_update(req->db, &a, req->user->org_id, req->res.id, from, to, primary);
    switch (rc) {
    case 1: break;
    case 0: return req_fail(req, 404, NULL, "Udpegningen findes ikke");
    case APPT_ENDED: return req_fail(req, 409, NULL, "Udpegningen er afsluttet");
    case APPT_BAD_DATES:
        return req_fail(req, 422, "to", "Til-datoen skal ligge efter fra-datoen");
    case APPT_DUPLICATE: return create_failed(req, rc);
    default: return req_internal(req, "appointment update");
    }
    int status = req_commit(req, 200);
    if (status != 200) {
        return status;
    }
    req->location = arena_printf(req->arena, "/rollebesaetning/%lld", (long long)req->res.id);
    return answer_with(req, req->res.id, 200);
}

/* See pages/appointments.h. */
int page_appts_end(struct req *req)
{
    if (!req->can.appoint) {
        return req_fail(req, 403, NULL, "Du må ikke afslutte udpegninger til rollen");
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int rc = appt_end(req->db, &a, req->user->org_id, req->res.id, page_today(req));
    if (rc == 0) {
        return req_fail(req, 404, NULL, "Udpegningen findes ikke");
    }
    if (rc == APPT_ENDED) {
        return req_fail(req, 409, NULL, "Udpegningen er allerede afsluttet");
    }
    if (rc < 0) {
        return req_internal(req, "appointment end");
    }
    req->location = "/rollebesaetning";
    return req_commit(req, 204);
}
