/*
 * master_tasks: KLIK master tasks as KOMBIT published them — the list,
 * filterable by project, and one task with every imported field and the
 * HTML its Markdown was rendered to when it was saved. For logged-in users and API
 * tokens.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "pages.h"
#include "util.h"

/* GET /master-opgaver, /api/v1/master-tasks */
int page_mt_index(struct req *req)
{
    const char *project = req_str(req, "project");
    if (project && !*project) {
        project = NULL;
    }
    json_t *list = mt_list(req->db, project);
    if (!list) {
        return req_internal(req, "master tasks");
    }
    json_t *view = req_view(req);
    json_object_set_new(view, "master_tasks", list);
    if (!req->api) {
        json_t *projects = project_list(req->db); /* the page's filter */
        if (!projects) {
            return req_internal(req, "projects");
        }
        size_t i;
        json_t *p;
        json_array_foreach(projects, i, p) {
            const char *code = json_string_value(json_object_get(p, "code"));
            json_object_set_new(p, "selected", json_boolean(project && !strcmp(project, code)));
        }
        json_object_set_new(view, "projects", projects);
        json_object_set_new(view, "project", json_string(project ? project : ""));
    }
    req->tpl = "master_tasks";
    req->title = "Master-opgaver";
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, "Master-opgaver");
    return 200;
}

/* GET /master-opgaver/{id}, /api/v1/master-tasks/{id} */
int page_mt_show(struct req *req)
{
    int64_t id = req_param_id(req, "id");
    json_t *t = id ? mt_get(req->db, id) : NULL;
    if (!t) {
        return id && db_failed(req->db) ? req_internal(req, "master task")
                                        : req_fail(req, 404, NULL, "Opgaven findes ikke");
    }
    req->view = t; /* with the HTML rendered when the task was saved */
    req->tpl = "master_task";
    req->title = json_string_value(json_object_get(t, "title"));
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/master-opgaver", "Master-opgaver");
    req_crumb(req, NULL, req->title);
    return 200;
}
