/*
 * handover: from implementation to operation. The page shows the
 * municipality's stage of the project and the proposal — each successor
 * role of the rollegalleri with the predecessor's holder — as a form; the
 * post takes the proposal, with any successor role named by its slug set
 * to another person of the municipality (0: no one), hands the project
 * over (model/handover.c) and ends the predecessors' appointments. The
 * route table lets only PLUS users of the project in. No SQL here.
 */
#include <string.h>

#include "model/contact.h"
#include "model/handover.h"
#include "model/org.h"
#include "pages/common.h"
#include "pages/handover.h"
#include "util.h"

int page_handover_show(struct req *req)
{
    int64_t org = req->user->org_id, project = req->res.project_id;
    json_t *stage = handover_stage(req->db, org, project);
    json_t *proposal = stage ? handover_proposal(req->db, org, project, page_today(req)) : NULL;
    json_t *p = proposal ? project_get(req->db, req->res.project) : NULL;
    if (!p) {
        json_decref(stage);
        json_decref(proposal);
        return req_internal(req, "handover");
    }
    json_object_del(p, "id");
    json_t *view = req_view(req);
    json_object_set_new(view, "project", p);
    json_object_update(view, stage);
    json_decref(stage);
    json_object_set_new(view, "proposal", proposal);
    req->tpl = "handover";
    req->title = arena_printf(req->arena, "Overdragelse til drift – %s", req->res.project);
    return 200;
}

int page_handover_extras(struct req *req)
{
    json_t *all = contact_persons(req->db, req->user->org_id, page_today(req));
    if (!all) {
        return req_internal(req, "persons");
    }
    json_t *persons = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(all, i, p) {
        if (json_is_null(json_object_get(p, "left_at"))) {
            json_array_append_new(persons, json_pack("{s:O,s:O}", "id", json_object_get(p, "id"),
                                                     "name", json_object_get(p, "name")));
        }
    }
    json_decref(all);
    /* the form: each entry with its choices, the proposed person selected */
    json_t *rows = json_deep_copy(json_object_get(req_view(req), "proposal"));
    json_t *e;
    json_array_foreach(rows, i, e) {
        json_int_t chosen = json_integer_value(json_object_get(e, "person"));
        json_t *choices = json_array();
        size_t j;
        json_array_foreach(persons, j, p) {
            json_t *c = json_deep_copy(p);
            json_object_set_new(c, "selected",
                                json_boolean(json_integer_value(json_object_get(p, "id")) ==
                                             chosen));
            json_array_append_new(choices, c);
        }
        json_object_set_new(e, "choices", choices);
        json_t *err = json_object_get(req->errors, json_string_value(json_object_get(e, "role")));
        json_object_set(e, "field_error", err ? err : json_null());
    }
    json_object_set_new(req_view(req), "persons", persons);
    json_object_set_new(req_view(req), "form_rows", rows);
    req_crumb(req, "/", "Forside");
    req_crumb(req, arena_printf(req->arena, "/projekter/%s/udpegninger", req->res.project),
              arena_printf(req->arena, "Udpegninger – %s", req->res.project));
    req_crumb(req, NULL, "Overdragelse til drift");
    return 0;
}

/* Applies the request's choices to the proposal: an entry whose role
 * slug is an input gets that person (0: none). 0, or 422 naming the
 * input when the person is not the municipality's. */
static int choose(struct req *req, json_t *proposal)
{
    size_t i;
    json_t *e;
    json_array_foreach(proposal, i, e) {
        const char *role = json_string_value(json_object_get(e, "role"));
        int64_t person = 0;
        if (!req_has(req, role)) {
            continue;
        }
        req_int(req, role, &person);
        int ok = person ? handover_person_ok(req->db, req->user->org_id, person) : 1;
        if (ok < 0) {
            return req_internal(req, "person");
        }
        if (!ok) {
            return req_fail(req, 422, role, "Personen findes ikke i din kommune");
        }
        json_object_set_new(e, "person", person ? json_integer(person) : json_null());
    }
    return 0;
}

int page_handover_create(struct req *req)
{
    int64_t org = req->user->org_id, project = req->res.project_id;
    json_t *stage = handover_stage(req->db, org, project);
    json_t *proposal = stage ? handover_proposal(req->db, org, project, page_today(req)) : NULL;
    if (!proposal) {
        json_decref(stage);
        return req_internal(req, "handover");
    }
    bool done = !strcmp(json_string_value(json_object_get(stage, "stage")), "operation");
    json_decref(stage);
    int rc = done ? req_fail(req, 409, NULL, "Projektet er allerede overdraget til drift")
                  : choose(req, proposal);
    if (rc) {
        json_decref(proposal);
        return rc;
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        json_decref(proposal);
        return req->status;
    }
    json_t *result = handover_run(req->db, &a, org, project, proposal, page_today(req));
    json_decref(proposal);
    if (!result) {
        return req_internal(req, "handover");
    }
    json_object_set_new(result, "project", json_string(req->res.project));
    req->view = result;
    req->location = arena_printf(req->arena, "/projekter/%s/overdragelse", req->res.project);
    return req_commit(req, 200);
}
