/*
 * master_tasks: KLIK master tasks as KOMBIT published them — the list,
 * filterable by project, and one task with every imported field and the
 * HTML its Markdown was rendered to when it was saved. For logged-in users and API
 * tokens.
 */
#include <stdlib.h>
#include <string.h>

#include "model/common.h"
#include "model/master_task.h"
#include "model/org.h"
#include "pages/common.h"
#include "pages/master_tasks.h"
#include "util.h"

/* GET /master-opgaver, /api/v1/master-tasks: the tasks of the projects
 * the caller may read (a named project was checked by the router). */
int page_mt_index(struct req *req)
{
    const char *project = req_str(req, "project");
    if (project && !*project) {
        project = NULL;
    }
    struct owner_filter scope = req_read_scope(req);
    json_t *list = mt_list_in(req->db, &scope, project, req->can.projects);
    if (!list) {
        return req_internal(req, "master tasks");
    }
    json_object_set_new(req_view(req), "master_tasks", list);
    req->tpl = "master_tasks";
    req->title = "Master-opgaver";
    return 200;
}

/* The page's project filter: the projects the caller may read. */
int page_mt_index_extras(struct req *req)
{
    json_t *projects = project_list(req->db);
    if (!projects) {
        return req_internal(req, "projects");
    }
    const char *project = req_str(req, "project");
    json_t *shown = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(projects, i, p) {
        const char *code = json_string_value(json_object_get(p, "code"));
        if (rights_reads(req, code)) {
            json_object_set_new(p, "selected", json_boolean(project && !strcmp(project, code)));
            json_array_append(shown, p);
        }
    }
    json_t *view = req_view(req);
    json_object_set_new(view, "projects", shown);
    json_object_set_new(view, "project", json_string(project ? project : ""));
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, "Master-opgaver");
    return 0;
}

int page_mt_resource(struct req *req)
{
    json_t *t = mt_get(req->db, req_param_id(req, "id"));
    if (!t) {
        return db_failed(req->db) ? -1 : 0;
    }
    struct owner_filter scope = req_read_scope(req);
    if (!mt_visible(t, &scope)) {
        return 0; /* a draft, or another municipality's own task */
    }
    json_object_del(t, "organisation_id");
    req->res.id = json_integer_value(json_object_get(t, "id"));
    req->res.project = json_string_value(json_object_get(t, "project"));
    req->res.row = t;
    return 1;
}

/* GET /master-opgaver/{id}, /api/v1/master-tasks/{id}: the task the
 * router looked up (req->res.row), in a project the caller reads, with
 * the HTML rendered when it was saved. */
int page_mt_show(struct req *req)
{
    json_t *t = req->res.row;
    req->view = t;
    req->tpl = "master_task";
    req->title = json_string_value(json_object_get(t, "title"));
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/master-opgaver", "Master-opgaver");
    req_crumb(req, NULL, req->title);
    return 200;
}
