/*
 * mt_edit: KOMBIT authors master tasks in klikd — the new-task and edit
 * forms (/master-opgaver/ny, /master-opgaver/{id}/rediger, which posts to
 * /master-opgaver/{id}) and their API
 * twins (POST /api/v1/master-tasks, PATCH /api/v1/master-tasks/{id}) —
 * with every field the import knows. A task starts as a draft, which only
 * KOMBIT sees, and is published by setting its state. Saving renders the
 * Markdown (goal, description, method steps, result) and stores the HTML
 * beside it, and derives the task's gallery roles from the recommended
 * performer and the involved parties as the import does; a preview
 * (preview=1, the form's preview button) answers the rendered HTML and
 * saves nothing. Rendering and look-ups happen before the short write
 * transaction. It never runs SQL or decides access.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md.h"
#include "model/common.h"
#include "model/master_task.h"
#include "model/org.h"
#include "model/publish.h"
#include "model/role.h"
#include "pages/common.h"
#include "pages/mt_edit.h"
#include "util.h"

/* The text fields: "" clears all but the title. */
static const char *const text_keys[] = {"title",  "phase",  "theme",
                                        "priority", "goal", "description",
                                        "result", "recommended_performer", "involved_parties"};
/* The fields copied as given (null clears a number). */
static const char *const plain_keys[] = {"duration_days", "end_offset_days", "start_offset_days",
                                         "sts",           "method_steps",    "links",
                                         "predecessors",  "state"};

/* Overlays the request's inputs on the task t (the mt_get shape). */
static void apply_inputs(struct req *req, json_t *t)
{
    for (size_t i = 0; i < NELEM(text_keys); i++) {
        const char *v = req_str(req, text_keys[i]);
        if (v) {
            json_object_set_new(t, text_keys[i], *v || i == 0 ? json_string(v) : json_null());
        }
    }
    for (size_t i = 0; i < NELEM(plain_keys); i++) {
        json_t *v = req_json(req, plain_keys[i]);
        if (v) {
            json_object_set(t, plain_keys[i], v);
        }
    }
}

/* Whether s is an http: or https: address. */
static bool web_url(const char *s)
{
    return (str_starts(s, "https://") && s[8]) || (str_starts(s, "http://") && s[7]);
}

/* Checks the task's links and predecessors (master tasks of its project,
 * not itself). 0, or 422 with the field named, or 500. */
static int check_task(struct req *req, json_t *t, int64_t id)
{
    size_t i, j;
    json_t *v, *c;
    json_array_foreach(json_object_get(t, "links"), i, v) {
        if (!web_url(json_string_value(v))) {
            return req_fail(req, 422, "links", "Et link skal begynde med https:// eller http://");
        }
    }
    json_t *preds = json_object_get(t, "predecessors");
    if (!json_array_size(preds)) {
        return 0;
    }
    int64_t project = project_id(req->db, json_string_value(json_object_get(t, "project")));
    json_t *cands = project > 0 ? pub_candidates(req->db, project, 0) : NULL;
    if (!cands) {
        return req_internal(req, "predecessors");
    }
    json_array_foreach(preds, i, v) {
        bool found = false;
        json_array_foreach(cands, j, c) {
            found = found || json_integer_value(json_object_get(c, "id")) == json_integer_value(v);
        }
        if (!found || json_integer_value(v) == id) {
            return req_fail(req, 422, "predecessors",
                            "En forudgående opgave skal være en anden master-opgave i projektet");
        }
    }
    return 0;
}

/* Renders the task's Markdown into its *_html fields (trusted values) and
 * derives its roles. 0, or 500. */
static int render_task(struct req *req, json_t *t)
{
    static const char *const md_keys[] = {"goal", "description", "result"};
    for (size_t i = 0; i < NELEM(md_keys); i++) {
        const char *md = json_string_value(json_object_get(t, md_keys[i]));
        char key[32];
        snprintf(key, sizeof key, "%s_html", md_keys[i]);
        json_object_set_new(t, key, md ? md_html(md) : json_null());
    }
    char *steps = mt_steps_markdown(json_object_get(t, "method_steps"));
    req_defer(req, free, steps);
    json_object_set_new(t, "method_html", md_html(steps));
    json_t *roles = role_list(req->db);
    if (!roles) {
        return req_internal(req, "roles");
    }
    json_object_set_new(t, "roles",
                        mt_roles_named(roles, json_string_value(json_object_get(
                                                  t, "recommended_performer")),
                                       json_string_value(json_object_get(t, "involved_parties"))));
    return 0;
}

/* Previews or saves the task t (id 0: new). */
static int save(struct req *req, json_t *t, int64_t id)
{
    const char *title = json_string_value(json_object_get(t, "title"));
    if (!title || !*title) {
        return req_fail(req, 422, "title", "Titel skal udfyldes");
    }
    int rc = check_task(req, t, id);
    if (rc == 0) {
        rc = render_task(req, t);
    }
    if (rc != 0) {
        return rc;
    }
    if (req_bool(req, "preview")) {
        json_object_set_new(t, "preview", json_true());
        req->view = t;
        req->tpl = "master_task_form";
        req->title = id ? "Rediger master-opgave" : "Ny master-opgave";
        return 200;
    }
    json_object_set_new(t, "id", json_integer(id));
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int64_t saved = 0;
    if (mt_save(req->db, &a, t, &saved) < 0) {
        return req_internal(req, "master task save");
    }
    int status = req_commit(req, id ? 200 : 201);
    if (status >= 300) {
        return status;
    }
    req->view = mt_get(req->db, saved);
    if (!req->view) {
        return req_internal(req, "master task");
    }
    json_object_del(req->view, "organisation_id");
    req->location = arena_printf(req->arena, "/master-opgaver/%lld", (long long)saved);
    req->api_location = arena_printf(req->arena, "/api/v1/master-tasks/%lld", (long long)saved);
    return status;
}

/* POST /master-opgaver/ny, /api/v1/master-tasks: a new KOMBIT master task
 * of the project (a draft unless state says otherwise); 201 with it. */
int page_mt_create(struct req *req)
{
    json_t *t = json_pack("{s:s,s:s,s:[],s:[],s:[],s:[],s:[]}", "project", req->res.project,
                          "state", "draft", "waves", "method_steps", "links", "comments",
                          "predecessors");
    apply_inputs(req, t);
    return save(req, t, 0);
}

/* PATCH /api/v1/master-tasks/{id}, POST /master-opgaver/{id}: the
 * fields given change, the rest stay; 200 with the task. */
int page_mt_update(struct req *req)
{
    json_t *t = json_deep_copy(req->res.row);
    json_object_del(t, "id");
    json_object_del(t, "organisation_id");
    apply_inputs(req, t);
    return save(req, t, req->res.id);
}

/* GET /master-opgaver/ny: the empty form. */
int page_mt_new(struct req *req)
{
    req_view(req);
    req->tpl = "master_task_form";
    req->title = "Ny master-opgave";
    return 200;
}

/* GET /master-opgaver/{id}/rediger: the form over the task. */
int page_mt_edit(struct req *req)
{
    req->view = json_deep_copy(req->res.row);
    json_object_del(req->view, "organisation_id");
    req->tpl = "master_task_form";
    req->title = arena_printf(req->arena, "Rediger %s",
                              json_string_value(json_object_get(req->view, "title")));
    return 200;
}

/* The values the form shows (new reference or borrowed; in the arena):
 * what was posted (a preview or a
 * failed save), else the task, else a new task's defaults. */
static json_t *form_values(struct req *req)
{
    if (req->method != HTTP_GET) {
        return req->raw;
    }
    json_t *view = req_view(req);
    if (json_object_get(view, "title")) {
        return json_copy(view); /* the view cannot hold itself */
    }
    json_t *defaults = json_pack("{s:s}", "state", "draft");
    return defaults;
}

/* A list of the form's text boxes: the values of arr, then two empty. */
static json_t *boxes(json_t *arr)
{
    json_t *out = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (json_is_string(v) && *json_string_value(v)) {
            json_array_append(out, v);
        }
    }
    json_array_append_new(out, json_string(""));
    json_array_append_new(out, json_string(""));
    return out;
}

/* Whether the list of ids (integers or their text) holds id. */
static bool has_id(json_t *ids, int64_t id)
{
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) {
        int64_t x = json_is_integer(v) ? json_integer_value(v)
                                       : strtoll(json_string_value(v) ? json_string_value(v) : "",
                                                 NULL, 10);
        if (x == id) {
            return true;
        }
    }
    return false;
}

/* The form's page-only parts: the values shown (form), the text boxes,
 * predecessor choices and the STS box (fields), the projects (a new task), whether it is
 * new, and where it posts. */
int page_mt_form_extras(struct req *req)
{
    json_t *f = form_values(req), *view = req_view(req);
    bool is_new = req->res.id == 0;
    const char *project = is_new ? json_string_value(json_object_get(f, "project"))
                                 : req->res.project;
    json_t *projects = project_list(req->db);
    int64_t pid = project ? project_id(req->db, project) : 0;
    json_t *cands = pid > 0 ? pub_candidates(req->db, pid, 0) : json_array();
    if (!projects || !cands) {
        return req_internal(req, "master task form");
    }
    size_t i;
    json_t *p;
    json_array_foreach(projects, i, p) {
        const char *code = json_string_value(json_object_get(p, "code"));
        json_object_set_new(p, "selected", json_boolean(project && !strcmp(code, project)));
    }
    json_t *others = json_array();
    json_array_foreach(cands, i, p) {
        int64_t id = json_integer_value(json_object_get(p, "id"));
        if (id != req->res.id) {
            json_array_append_new(others, json_pack("{s:I,s:O,s:b}", "id", (json_int_t)id,
                                                    "title", json_object_get(p, "title"),
                                                    "checked", has_id(json_object_get(
                                                        f, "predecessors"), id)));
        }
    }
    json_t *sts = json_object_get(f, "sts");
    const char *st = json_string_value(sts);
    json_object_set_new(view, "fields", json_pack("{s:o,s:o,s:o,s:b}", "steps",
                                                  boxes(json_object_get(f, "method_steps")),
                                                  "links", boxes(json_object_get(f, "links")),
                                                  "others", others, "sts",
                                                  json_is_true(sts) || (st && !strcmp(st, "1"))));
    json_object_set(view, "form", f);
    json_object_set_new(view, "projects", projects);
    json_object_set_new(view, "new", json_boolean(is_new));
    json_object_set_new(view, "action", json_string(
        is_new ? "/master-opgaver/ny"
               : arena_printf(req->arena, "/master-opgaver/%lld", (long long)req->res.id)));
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/master-opgaver", "Master-opgaver");
    req_crumb(req, NULL, req->title);
    return 0;
}
