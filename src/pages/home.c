/*
 * home: the front page, the health check and the small reference lists
 * (projects, organisations) the API offers.
 */
#include "model/common.h"
#include "model/document.h"
#include "model/org.h"
#include "model/role.h"
#include "pages/common.h"
#include "pages/home.h"

/* GET / */
int page_home_index(struct req *req)
{
    json_t *view = req_view(req);
    json_t *roles = role_list(req->db);
    json_t *docs = doc_list(req->db);
    if (!roles || !docs) {
        return req_internal(req, "home");
    }
    json_object_set_new(view, "role_count", json_integer((json_int_t)json_array_size(roles)));
    json_object_set_new(view, "documents", docs);
    req->tpl = "home";
    req->title = "klikd – rollegalleri og opgaver";
    return 200;
}

/* GET /healthz: "ok" when the database answers. */
int page_home_health(struct req *req)
{
    if (!project_list(req->db)) {
        return req_internal(req, "healthz");
    }
    req->raw_body = "ok\n";
    req->raw_len = 3;
    req->content_type = "text/plain; charset=utf-8";
    req->no_store = true;
    return 200;
}

/* GET /projekter, /api/v1/projects: the projects the caller reads
 * (KOMBIT: all), [{code, name}] by code. */
int page_home_projects(struct req *req)
{
    json_t *list = project_list(req->db);
    if (!list) {
        return req_internal(req, "projects");
    }
    json_t *shown = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p) {
        if (rights_reads(req, json_string_value(json_object_get(p, "code")))) {
            json_array_append(shown, p);
        }
    }
    json_object_set_new(req_view(req), "projects", shown);
    req->tpl = "projects";
    req->title = "Projekter";
    return 200;
}

/* GET /api/v1/organisations */
int page_home_organisations(struct req *req)
{
    json_t *list = org_list(req->db);
    if (!list) {
        return req_internal(req, "organisations");
    }
    json_object_set_new(req_view(req), "organisations", list);
    return 200;
}
