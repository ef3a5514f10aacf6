/*
 * master_tasks: KLIK master tasks as KOMBIT published them — the list,
 * filterable by project, and one task with every imported field, its
 * Markdown rendered by cmark in safe mode. For logged-in users and API
 * tokens.
 */
#include <stdlib.h>
#include <string.h>

#include "md.h"
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

/* The method steps as one ordered Markdown list (caller frees): every
 * line of a step after its first is indented under the number. */
static char *steps_markdown(json_t *steps)
{
    struct buf b = {0};
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s) {
        char num[16];
        int w = snprintf(num, sizeof num, "%zu. ", i + 1);
        buf_puts(&b, num);
        const char *p = json_string_value(s);
        for (; p && *p; p++) {
            buf_putc(&b, *p);
            if (*p == '\n' && p[1] && p[1] != '\n') {
                buf_printf(&b, "%*s", w, "");
            }
        }
        buf_puts(&b, "\n\n");
    }
    return buf_take(&b);
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
    static const char *const md[] = {"goal", "description", "result", NULL};
    md_view(t, md);
    char *steps = steps_markdown(json_object_get(t, "method_steps"));
    json_object_set_new(t, "method_html", md_html(steps));
    free(steps);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(t, "comments"), i, c) {
        static const char *const body[] = {"body", NULL};
        md_view(c, body);
    }
    req->view = t;
    req->tpl = "master_task";
    req->title = json_string_value(json_object_get(t, "title"));
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/master-opgaver", "Master-opgaver");
    req_crumb(req, NULL, req->title);
    return 200;
}
