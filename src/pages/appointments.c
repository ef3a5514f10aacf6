/*
 * appointments: who in the municipality holds the system-specific roles of
 * a project (udpegninger). Everyone logged in reads their own
 * municipality's (KOMBIT reads all); a user with PLUS on the project
 * appoints and removes. People are chosen from the caller's own
 * organisation only.
 */
#include <string.h>

#include "model.h"
#include "pages.h"
#include "util.h"

/* The route's project {id, code, name}, or NULL after answering 404/500. */
static json_t *route_project(struct req *req)
{
    json_t *project = project_get(req->db, req_param(req, "project"));
    if (!project) {
        if (db_failed(req->db)) {
            req_internal(req, "project");
        } else {
            req_fail(req, 404, NULL, "Projektet findes ikke");
        }
    }
    return project;
}

/* GET /projekter/{project}/udpegninger, /api/v1/projects/{project}/appointments
 * (and the form again after a failed post). */
int page_appts_index(struct req *req)
{
    json_t *project = route_project(req);
    if (!project) {
        return req->status;
    }
    const char *code = json_string_value(json_object_get(project, "code"));
    struct owner_filter read = req_read_scope(req), own = req_write_scope(req);
    json_t *list = appt_list(req->db, &read, code);
    if (!list) {
        return req_internal(req, "appointments");
    }
    json_t *view = req_view(req);
    json_object_set_new(view, "appointments", list);
    if (!req->api) {
        const char *acc =
            json_string_value(json_object_get(req->user->projects, code));
        char today[21];
        now_iso(today);
        today[10] = '\0';
        json_object_del(project, "id");
        json_object_set_new(view, "project", project);
        json_object_set_new(view, "roles", appt_roles(req->db));
        json_object_set_new(view, "persons", person_list(req->db, &own));
        json_object_set_new(view, "can_edit", json_boolean(!req->user->central && acc &&
                                                           !strcmp(acc, "plus")));
        json_object_set_new(view, "form", json_pack("{s:s}", "from", today));
        req->title = arena_printf(req->arena, "Udpegninger – %s", code);
        req_crumb(req, "/", "Forside");
        req_crumb(req, NULL, req->title);
    }
    req->tpl = "appointments";
    return 200;
}

/* POST /projekter/{project}/udpegninger, /api/v1/projects/{project}/appointments */
int page_appts_create(struct req *req)
{
    json_t *project = route_project(req);
    if (!project) {
        return req->status;
    }
    int64_t pid = json_integer_value(json_object_get(project, "id"));
    const char *from = req_str(req, "from"), *to = req_str(req, "to");
    char today[21];
    now_iso(today);
    today[10] = '\0';
    if (!from || !*from) {
        from = arena_strdup(req->arena, today);
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
    int64_t id = appt_create(req->db, &a, req->user->org_id, pid, req_str(req, "role"), person,
                             from, to);
    if (id == -2) {
        return req_fail(req, 422, "role", "Rollen findes ikke eller er ikke systemspecifik");
    }
    if (id == -3) {
        return req_fail(req, 422, "person_id", "Personen findes ikke i din kommune");
    }
    if (id < 0) {
        return req_internal(req, "appointment");
    }
    struct owner_filter own = req_write_scope(req);
    req->view = appt_get(req->db, &own, id);
    req->location =
        arena_printf(req->arena, "/projekter/%s/udpegninger", req_param(req, "project"));
    return 201;
}

/* POST /projekter/{project}/udpegninger/{id}/slet,
 * DELETE /api/v1/projects/{project}/appointments/{id} */
int page_appts_delete(struct req *req)
{
    struct owner_filter own = req_write_scope(req);
    int64_t id = req_param_id(req, "id");
    struct actor a;
    page_actor(req, &a);
    int rc = id ? appt_delete(req->db, &a, &own, req_param(req, "project"), id) : 0;
    if (rc < 0) {
        return req_internal(req, "appointment delete");
    }
    if (rc == 0) {
        return req_fail(req, 404, NULL, "Udpegningen findes ikke");
    }
    req->location =
        arena_printf(req->arena, "/projekter/%s/udpegninger", req_param(req, "project"));
    return 204;
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
