/*
 * appointments: who in the municipality holds the system-specific roles of
 * a project (udpegninger). Everyone who may read the project reads their
 * own municipality's (KOMBIT reads all); a user with PLUS on the project
 * appoints and removes. People are chosen from the caller's own
 * organisation only. The route's project is the router's (req->res).
 */
#include <string.h>

#include "model/appt.h"
#include "model/common.h"
#include "model/org.h"
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

int page_appts_resource(struct req *req)
{
    struct owner_filter read = req_read_scope(req);
    int64_t id = req_param_id(req, "id");
    json_t *row = appt_get(req->db, &read, id);
    if (!row) {
        return db_failed(req->db) ? -1 : 0;
    }
    const char *project = json_string_value(json_object_get(row, "project"));
    if (!project || strcmp(project, req->res.project) != 0) {
        return 0;
    }
    req->res.id = id;
    return 1;
}

/* GET /projekter/{code}/udpegninger, /api/v1/projects/{code}/appointments */
int page_appts_index(struct req *req)
{
    struct owner_filter read = req_read_scope(req);
    json_t *list = appt_list(req->db, &read, req->res.project);
    json_t *project = project_view(req);
    if (!list || !project) {
        return req_internal(req, "appointments");
    }
    json_t *view = req_view(req);
    json_object_set_new(view, "project", project);
    json_object_set_new(view, "appointments", list);
    req->tpl = "appointments";
    req->title = arena_printf(req->arena, "Udpegninger – %s", req->res.project);
    return 200;
}

/* The page's pick lists (roles, the caller's own people) and form. */
int page_appts_extras(struct req *req)
{
    struct owner_filter own = req_write_scope(req);
    json_t *view = req_view(req);
    json_object_set_new(view, "roles", appt_roles(req->db));
    json_object_set_new(view, "persons", person_list(req->db, &own));
    json_object_set_new(view, "form", json_pack("{s:s}", "from", page_today(req)));
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, req->title);
    return 0;
}

/* POST /projekter/{code}/udpegninger, /api/v1/projects/{code}/appointments */
int page_appts_create(struct req *req)
{
    const char *from = req_str(req, "from"), *to = req_str(req, "to");
    if (!from || !*from) {
        from = page_today(req);
    }
    if (to && !*to) {
        to = NULL;
    }
    if (to && strcmp(to, from) < 0) {
        return req_fail(req, 422, "to", "Til-datoen skal ligge efter fra-datoen");
    }
    int64_t person = 0;
    req_int(req, "person_id", &person);
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int64_t id = appt_create(req->db, &a, req->user->org_id, req->res.project_id,
                             req_str(req, "role"), person, from, to);
    if (id == -2) {
        return req_fail(req, 422, "role", "Rollen findes ikke eller er ikke systemspecifik");
    }
    if (id == -3) {
        return req_fail(req, 422, "person_id", "Personen findes ikke i din kommune");
    }
    if (id < 0) {
        return req_internal(req, "appointment");
    }
    int status = req_commit(req, 201);
    if (status != 201) {
        return status;
    }
    struct owner_filter own = req_write_scope(req);
    req->view = appt_get(req->db, &own, id);
    req->location = arena_printf(req->arena, "/projekter/%s/udpegninger", req->res.project);
    return req->view ? 201 : req_internal(req, "appointment");
}

/* POST /projekter/{code}/udpegninger/{id}/slet,
 * DELETE /api/v1/projects/{code}/appointments/{id} */
int page_appts_delete(struct req *req)
{
    struct owner_filter own = req_write_scope(req);
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int rc = appt_delete(req->db, &a, &own, req->res.project, req->res.id);
    if (rc == 0) {
        return req_fail(req, 404, NULL, "Udpegningen findes ikke");
    }
    if (rc < 0) {
        return req_internal(req, "appointment delete");
    }
    req->location = arena_printf(req->arena, "/projekter/%s/udpegninger", req->res.project);
    return req_commit(req, 204);
}

/* GET /api/v1/persons: the people of the caller's own organisation. */
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
