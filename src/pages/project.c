/*
 * project: a project as a municipality works on it — /projekter/{code}:
 * all of the municipality's tasks in the project (KOMBIT: every
 * municipality's), filtered by status, phase, theme, priority, person,
 * wave and overdue, by deadline, with counts and a progress bar per
 * status and links to everything else about the project; the bulk
 * change of status, responsible or performer of chosen tasks (all or
 * nothing); and the municipality's own local tasks, made by hand. The
 * route's project and the PLUS right on it are the router's.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "md.h"
#include "model/appt.h"
#include "model/common.h"
#include "model/org.h"
#include "model/person.h"
#include "model/task.h"
#include "pages/common.h"
#include "pages/project.h"
#include "pages/tasks.h"
#include "util.h"

/* The share of n in total, in whole percent. */
static json_int_t percent(json_int_t n, json_int_t total)
{
    return total ? (n * 100 + total / 2) / total : 0;
}

/* The progress per status: [{status, label, count, percent}]. */
static json_t *progress_of(json_t *counts)
{
    static const char *const st[][2] = {{"ikke_paabegyndt", "Ikke påbegyndt"},
                                        {"paabegyndt", "Påbegyndt"},
                                        {"fuldfoert", "Fuldført"}};
    json_int_t total = json_integer_value(json_object_get(counts, "total"));
    json_t *out = json_array();
    for (size_t i = 0; i < NELEM(st); i++) {
        json_int_t n = json_integer_value(json_object_get(counts, st[i][0]));
        json_array_append_new(out, json_pack("{s:s,s:s,s:I,s:I,s:I}", "status", st[i][0],
                                             "label", st[i][1], "count", n, "percent",
                                             percent(n, total), "total", total));
    }
    return out;
}

/* GET /projekter/{code}, /api/v1/projects/{code}/tasks: the project's
 * tasks in the caller's scope, filtered, with counts and progress. */
int page_project_show(struct req *req)
{
    struct owner_filter read = req_read_scope(req);
    struct task_filter f;
    page_tasks_filter(req, &f);
    if (!f.limit) {
        f.limit = 500;
    }
    int64_t total = 0;
    json_t *rows = task_list(req->db, &read, &f, &total);
    json_t *counts = task_counts(req->db, &read, req->res.project_id, f.today);
    json_t *project = project_get(req->db, req->res.project);
    if (!rows || !counts || !project) {
        json_decref(rows);
        json_decref(counts);
        json_decref(project);
        return req_internal(req, "project tasks");
    }
    json_object_del(project, "id");
    req->tpl = "project";
    req->title = arena_printf(req->arena, "Projekt %s", req->res.project);
    int status = page_tasks_answer(req, rows, total, f.limit, f.offset, "projekt-opgaver.csv");
    if (status == 200 && !req->raw_body) {
        json_t *view = req_view(req);
        json_object_set_new(view, "project", project);
        json_object_set_new(view, "progress", progress_of(counts));
        json_object_set_new(view, "counts", counts);
        json_object_set_new(
            view, "filter",
            json_pack("{s:s,s:s,s:s,s:s,s:I,s:b}", "status", f.status ? f.status : "", "phase",
                      f.phase ? f.phase : "", "theme", f.theme ? f.theme : "", "priority",
                      f.priority ? f.priority : "", "person", (json_int_t)f.person_id,
                      "overdue", f.overdue));
    } else {
        json_decref(project);
        json_decref(counts);
    }
    return status;
}

/* Options for a select of values (strings), the one equal to current
 * selected: [{value, selected}]. */
static json_t *options_of(json_t *values, const char *current)
{
    json_t *out = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(values, i, v) {
        json_array_append_new(out, json_pack("{s:O,s:b}", "value", v, "selected",
                                             current && !strcmp(current, json_string_value(v))));
    }
    return out;
}

/* The page's filter choices (phases, themes, priorities, the
 * municipality's people) and breadcrumbs. */
int page_project_extras(struct req *req)
{
    struct owner_filter own = req_write_scope(req);
    json_t *facets = task_facets(req->db, own.owner_id, req->res.project_id);
    json_t *persons = person_list(req->db, &own);
    if (!facets || !persons) {
        json_decref(facets);
        json_decref(persons);
        return req_internal(req, "project facets");
    }
    json_t *choices = json_object();
    json_object_set_new(choices, "phases",
                        options_of(json_object_get(facets, "phases"), req_str(req, "phase")));
    json_object_set_new(choices, "themes",
                        options_of(json_object_get(facets, "themes"), req_str(req, "theme")));
    json_object_set_new(choices, "priorities", options_of(json_object_get(facets, "priorities"),
                                                          req_str(req, "priority")));
    int64_t person = 0;
    req_int(req, "person", &person);
    size_t i;
    json_t *p;
    json_array_foreach(persons, i, p) {
        json_object_set_new(p, "selected",
                            json_boolean(json_integer_value(json_object_get(p, "id")) == person));
    }
    json_object_set_new(choices, "persons", persons);
    json_decref(facets);
    json_object_set_new(req_view(req), "choices", choices);
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, req->title);
    return 0;
}

/* PATCH /api/v1/projects/{code}/tasks, POST /projekter/{code}/opgaver/ret:
 * one change (status, responsible or performer) to every task in ids, all
 * of the caller's municipality in the route's project, or to none. */
int page_project_bulk(struct req *req)
{
    json_t *ids = req_json(req, "ids");
    if (!json_array_size(ids)) {
        return req_fail(req, 422, "ids", "Vælg mindst én opgave");
    }
    struct task_change ch = {0};
    ch.status = req_str(req, "status");
    ch.status = ch.status && *ch.status ? ch.status : NULL;
    ch.set_responsible = req_int(req, "responsible", &ch.responsible);
    ch.set_performer = req_int(req, "performer", &ch.performer);
    if (!ch.status && !ch.set_responsible && !ch.set_performer) {
        return req_fail(req, 422, "status", "Vælg hvad der skal ændres");
    }
    int64_t org = req->user->org_id;
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) {
        int rc = task_in_project(req->db, org, req->res.project_id, json_integer_value(v));
        if (rc != 1) {
            return rc < 0 ? req_internal(req, "bulk")
                          : req_fail(req, 422, "ids",
                                     arena_printf(req->arena, "Opgave %lld findes ikke i projektet",
                                                  (long long)json_integer_value(v)));
        }
    }
    int64_t people[2] = {ch.set_responsible ? ch.responsible : 0,
                         ch.set_performer ? ch.performer : 0};
    for (int k = 0; k < 2; k++) {
        int rc = people[k] ? task_person_of(req->db, org, people[k]) : 1;
        if (rc != 1) {
            return rc < 0 ? req_internal(req, "person")
                          : req_fail(req, 422, k ? "performer" : "responsible",
                                     "Personen findes ikke i din kommune");
        }
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    json_array_foreach(ids, i, v) {
        int rc = task_update(req->db, &a, org, json_integer_value(v), &ch);
        if (rc <= 0) {
            return req_internal(req, "bulk update");
        }
    }
    req->location = arena_printf(req->arena, "/projekter/%s", req->res.project);
    int status = req_commit(req, 200);
    if (status == 200) {
        json_object_set_new(req_view(req), "updated", json_integer((json_int_t)json_array_size(ids)));
    }
    return status;
}

/* GET /projekter/{code}/opgaver/ny: the form for a local task. */
int page_project_task_new(struct req *req)
{
    json_t *project = project_get(req->db, req->res.project);
    struct owner_filter own = req_write_scope(req);
    json_t *persons = person_list(req->db, &own);
    if (!project || !persons) {
        json_decref(project);
        json_decref(persons);
        return req_internal(req, "local task form");
    }
    json_object_del(project, "id");
    json_t *view = req_view(req);
    json_object_set_new(view, "project", project);
    json_object_set_new(view, "persons", persons);
    req->tpl = "task_new";
    req->title = "Ny lokal opgave";
    req_crumb(req, "/", "Forside");
    req_crumb(req, arena_printf(req->arena, "/projekter/%s", req->res.project), req->res.project);
    req_crumb(req, NULL, req->title);
    return 200;
}

/* The Markdown field key rendered (arena-owned HTML), or NULL. */
static const char *html_of(struct req *req, const char *key)
{
    const char *md = req_str(req, key);
    if (!md || !*md) {
        return NULL;
    }
    json_t *h = md_html(md); /* the request's: its arena holds it */
    return h ? json_string_value(h) : NULL;
}

/* A string input, NULL when absent or empty. */
static const char *opt(const struct req *req, const char *name)
{
    const char *s = req_str(req, name);
    return s && *s ? s : NULL;
}

/* POST /projekter/{code}/opgaver/ny, /api/v1/projects/{code}/tasks: a
 * local task of the caller's municipality in the route's project. */
int page_project_task_create(struct req *req)
{
    struct task_local t = {0};
    t.title = req_str(req, "title");
    t.phase = opt(req, "phase");
    t.theme = opt(req, "theme");
    t.priority = opt(req, "priority");
    t.start = opt(req, "start");
    t.deadline = opt(req, "deadline");
    t.goal = opt(req, "goal");
    t.description = opt(req, "description");
    t.result = opt(req, "result");
    t.recommended_performer = opt(req, "recommended_performer");
    t.involved_parties = opt(req, "involved_parties");
    req_int(req, "responsible", &t.responsible);
    req_int(req, "performer", &t.performer);
    if (t.start && t.deadline && strcmp(t.deadline, t.start) < 0) {
        return req_fail(req, 422, "deadline", "Fristen skal ligge efter startdatoen");
    }
    t.goal_html = html_of(req, "goal");
    t.description_html = html_of(req, "description");
    t.result_html = html_of(req, "result");
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int64_t id = task_create_local(req->db, &a, req->user->org_id, req->res.project_id, &t);
    if (id == -3) {
        return req_fail(req, 422, "responsible", "Personen findes ikke i din kommune");
    }
    if (id < 0) {
        return req_internal(req, "local task");
    }
    int status = req_commit(req, 201);
    if (status != 201) {
        return status;
    }
    struct owner_filter own = req_write_scope(req);
    req->view = task_get(req->db, &own, id, page_today(req));
    req->location = arena_printf(req->arena, "/opgaver/%lld", (long long)id);
    req->api_location = arena_printf(req->arena, "/api/v1/tasks/%lld", (long long)id);
    if (!req->view) {
        return req_internal(req, "local task");
    }
    page_tasks_strip(req->view);
    return 201;
}
