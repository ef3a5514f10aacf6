/*
 * tasks: a municipality's tasks as its people see them — /opgaver (mine:
 * where I am responsible or performer), the API's list with filters and
 * paging (KOMBIT reads every municipality's, a municipality only its
 * own), the CSV export of a list, and one task (/opgaver/{id}) with every
 * field of its master task, its method steps as a checklist, the roles
 * its text names with who holds them in the municipality, what it waits
 * for, and its attachments. Changes (status, responsible, performer,
 * ticked steps) come from PLUS users of the task's project; the route
 * table checks that, and the task's organisation bounds whom it may name.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "md.h"
#include "model/appt.h"
#include "model/attachment.h"
#include "model/common.h"
#include "model/org.h"
#include "model/person.h"
#include "model/role.h"
#include "model/task.h"
#include "pages/common.h"
#include "pages/tasks.h"
#include "util.h"
#include "util/csv.h"

int page_tasks_resource(struct req *req)
{
    struct owner_filter read = req_read_scope(req);
    json_t *t = task_get(req->db, &read, req_param_id(req, "id"), page_today(req));
    if (!t) {
        return db_failed(req->db) ? -1 : 0;
    }
    struct resource *r = &req->res;
    r->id = json_integer_value(json_object_get(t, "id"));
    r->org_id = json_integer_value(json_object_get(t, "organisation_id"));
    r->project_id = json_integer_value(json_object_get(t, "project_id"));
    r->project = arena_strdup(req->arena, json_string_value(json_object_get(t, "project")));
    r->wave_id = json_integer_value(json_object_get(t, "wave_id"));
    r->row = t;
    return 1;
}

/* A string input, NULL when absent or empty. */
static const char *opt_str(const struct req *req, const char *name)
{
    const char *s = req_str(req, name);
    return s && *s ? s : NULL;
}

void page_tasks_filter(struct req *req, struct task_filter *f)
{
    memset(f, 0, sizeof *f);
    f->today = page_today(req);
    f->project = req->res.project ? req->res.project : opt_str(req, "project");
    if (!req->can.all_projects) {
        char *codes = json_text(req->can.projects, JSON_COMPACT);
        req_defer(req, free, codes);
        f->projects = codes ? codes : "[]";
    }
    if (req->route->method != HTTP_GET) {
        return; /* a failed form post's page again: its inputs are no filters */
    }
    req_int(req, "wave", &f->wave_id);
    f->status = opt_str(req, "status");
    f->overdue = req_bool(req, "overdue");
    req_int(req, "person", &f->person_id);
    if (req_bool(req, "mine") && req->user) {
        f->person_id = req->user->person_id;
    }
    f->phase = opt_str(req, "phase");
    f->theme = opt_str(req, "theme");
    f->priority = opt_str(req, "priority");
    req_int(req, "limit", &f->limit);
    req_int(req, "offset", &f->offset);
}

/* The Danish word for a status value. */
static const char *status_word(const char *status)
{
    return !status ? "" : !strcmp(status, "fuldfoert") ? "fuldført"
                      : !strcmp(status, "paabegyndt") ? "påbegyndt" : "ikke påbegyndt";
}

static const char *field_of(json_t *row, const char *key)
{
    return json_string_value(json_object_get(row, key));
}

static const char *name_of(json_t *row, const char *key)
{
    return json_string_value(json_object_get(json_object_get(row, key), "name"));
}

/* The CSV text of a task list (caller frees). */
static char *csv_of(json_t *rows)
{
    static const char *const head[] = {"Id", "Master-opgave", "Titel", "Projekt", "Bølge",
                                       "Kommune", "Start", "Frist", "Status", "Ansvarlig",
                                       "Udfører", "Overskredet", "Venter på"};
    struct buf b = {0};
    buf_puts(&b, CSV_BOM);
    for (size_t i = 0; i < NELEM(head); i++) {
        csv_field(&b, head[i], i == 0);
    }
    csv_row_end(&b);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        char id[24], mt[24];
        snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(r, "id")));
        snprintf(mt, sizeof mt, "%lld",
                 (long long)json_integer_value(json_object_get(r, "master_task")));
        struct buf waits = {0};
        size_t j;
        json_t *w;
        json_array_foreach(json_object_get(r, "waits_for"), j, w) {
            buf_printf(&waits, "%s%s", j ? ", " : "", field_of(w, "title"));
        }
        const char *cells[] = {id, mt, field_of(r, "title"), field_of(r, "project"),
                               field_of(r, "wave"), field_of(r, "municipality"),
                               field_of(r, "start"), field_of(r, "deadline"),
                               status_word(field_of(r, "status")), name_of(r, "responsible"),
                               name_of(r, "performer"),
                               json_is_true(json_object_get(r, "overdue")) ? "ja" : "nej",
                               buf_str(&waits)};
        for (size_t k = 0; k < NELEM(cells); k++) {
            csv_field(&b, cells[k], k == 0);
        }
        csv_row_end(&b);
        buf_free(&waits);
    }
    return buf_take(&b);
}

int page_tasks_answer(struct req *req, json_t *rows, int64_t total, int64_t limit,
                      int64_t offset, const char *filename)
{
    if (!rows) {
        return req_internal(req, "tasks");
    }
    const char *format = req_str(req, "format");
    if (format && strcmp(format, "csv") == 0) {
        char *csv = csv_of(rows);
        json_decref(rows);
        req_defer(req, free, csv);
        req->raw_body = csv;
        req->raw_len = strlen(csv);
        req->content_type = "text/csv; charset=utf-8";
        req_header(req, "Content-Disposition",
                   arena_printf(req->arena, "attachment; filename=\"%s\"", filename));
        req->no_store = true;
        return 200;
    }
    json_t *view = req_view(req);
    json_object_set_new(view, "tasks", rows);
    json_object_set_new(view, "total", json_integer(total));
    json_object_set_new(view, "limit", json_integer(limit > 0 ? limit : 100));
    json_object_set_new(view, "offset", json_integer(offset));
    return 200;
}

/* The caller's scope for a list: KOMBIT reads all, or one municipality
 * named by municipality=; a municipality reads its own (naming another
 * is an error). 0, or 422. */
static int list_scope(struct req *req, struct owner_filter *scope)
{
    *scope = req_read_scope(req);
    const char *code = opt_str(req, "municipality");
    if (!code) {
        return 0;
    }
    if (!req->user->central) {
        return strcmp(code, req->user->org_code) == 0
                   ? 0
                   : req_fail(req, 422, "municipality", "Du kan kun se din egen kommunes opgaver");
    }
    json_t *org = org_get(req->db, code);
    if (!org) {
        return db_failed(req->db) ? req_internal(req, "organisation")
                                  : req_fail(req, 422, "municipality", "Kommunen findes ikke");
    }
    scope->all = false;
    scope->owner_id = json_integer_value(json_object_get(org, "id"));
    json_decref(org);
    return 0;
}

/* GET /api/v1/tasks: the tasks in the caller's scope, filtered, paged. */
int page_tasks_index(struct req *req)
{
    struct owner_filter scope;
    int rc = list_scope(req, &scope);
    if (rc) {
        return rc;
    }
    struct task_filter f;
    page_tasks_filter(req, &f);
    int64_t total = 0;
    json_t *rows = task_list(req->db, &scope, &f, &total);
    return page_tasks_answer(req, rows, total, f.limit, f.offset, "opgaver.csv");
}

/* GET /opgaver: the caller's own tasks (responsible or performer). */
int page_tasks_mine(struct req *req)
{
    struct owner_filter own = req_write_scope(req);
    struct task_filter f;
    page_tasks_filter(req, &f);
    f.person_id = req->user->person_id ? req->user->person_id : -1;
    f.limit = 1000;
    int64_t total = 0;
    json_t *rows = task_list(req->db, &own, &f, &total);
    req->tpl = "tasks";
    req->title = "Mine opgaver";
    int status = page_tasks_answer(req, rows, total, f.limit, f.offset, "mine-opgaver.csv");
    if (status == 200 && !req->raw_body) {
        json_object_set_new(req_view(req), "filter",
                            json_pack("{s:s,s:b}", "status", f.status ? f.status : "",
                                      "overdue", f.overdue));
    }
    return status;
}

/* The page's breadcrumbs. */
int page_tasks_mine_extras(struct req *req)
{
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, "Mine opgaver");
    return 0;
}

/* The method steps as a checklist: [{position, html, done}]. */
static json_t *steps_view(json_t *t)
{
    json_t *out = json_array(), *done = json_object_get(t, "steps_done");
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(t, "method_steps"), i, s) {
        bool ticked = false;
        size_t j;
        json_t *d;
        json_array_foreach(done, j, d) {
            ticked = ticked || json_integer_value(d) == (json_int_t)i + 1;
        }
        json_t *html = md_html(json_string_value(s));
        json_array_append_new(out, json_pack("{s:I,s:o,s:b}", "position", (json_int_t)i + 1,
                                             "html", html ? html : json_string(""), "done",
                                             ticked));
    }
    return out;
}

/* Adds slug to the array slugs unless it is there. */
static void add_slug(json_t *slugs, json_t *slug)
{
    size_t i;
    json_t *s;
    json_array_foreach(slugs, i, s) {
        if (json_equal(s, slug)) {
            return;
        }
    }
    json_array_append(slugs, slug);
}

/* The roles a task names — in its recommended performer and involved
 * parties, and those the import linked — each with who holds it in the
 * task's municipality: [{role, name, people: [{id, name}]}]. Also sets
 * the text segments (performer_parts, involved_parts) in t. NULL on
 * failure. */
static json_t *role_suggestions(struct req *req, json_t *t)
{
    json_t *roles = role_list(req->db);
    if (!roles) {
        return NULL;
    }
    json_t *perf = task_role_segments(field_of(t, "recommended_performer"), roles);
    json_t *inv = task_role_segments(field_of(t, "involved_parties"), roles);
    json_t *slugs = json_array();
    json_t *parts[] = {perf, inv, json_object_get(t, "roles")};
    for (size_t p = 0; p < NELEM(parts); p++) {
        size_t i;
        json_t *seg;
        json_array_foreach(parts[p], i, seg) {
            if (json_object_get(seg, "slug")) {
                add_slug(slugs, json_object_get(seg, "slug"));
            }
        }
    }
    json_object_set_new(t, "performer_parts", perf);
    json_object_set_new(t, "involved_parts", inv);
    char *list = json_text(slugs, JSON_COMPACT);
    req_defer(req, free, list);
    json_t *holders = task_role_holders(req->db, req->res.org_id, req->res.project_id, list,
                                        page_today(req));
    json_t *out = holders ? json_array() : NULL;
    size_t i, j;
    json_t *slug, *r, *h;
    json_array_foreach(holders ? slugs : NULL, i, slug) {
        json_t *people = json_array();
        json_array_foreach(holders, j, h) {
            if (json_equal(json_object_get(h, "role"), slug)) {
                json_array_append_new(people, json_pack("{s:O,s:O}", "id",
                                                        json_object_get(h, "person_id"),
                                                        "name", json_object_get(h, "name")));
            }
        }
        const char *name = NULL;
        json_array_foreach(roles, j, r) {
            if (json_equal(json_object_get(r, "slug"), slug)) {
                name = field_of(r, "name");
            }
        }
        json_array_append_new(out, json_pack("{s:O,s:s?,s:o}", "role", slug, "name", name,
                                             "people", people));
    }
    json_decref(holders);
    json_decref(slugs);
    json_decref(roles);
    return out;
}

/* The keys of the task row the view does not show (internal ids). */
static const char *const internal_keys[] = {"organisation_id", "project_id", "responsible_id",
                                            "performer_id", "wave_id"};

void page_tasks_strip(json_t *t)
{
    for (size_t i = 0; i < NELEM(internal_keys); i++) {
        json_object_del(t, internal_keys[i]);
    }
}

/* GET /opgaver/{id}, /api/v1/tasks/{id}: the task the router looked up. */
int page_tasks_show(struct req *req)
{
    json_t *t = req->res.row;
    json_t *suggestions = role_suggestions(req, t);
    json_t *files = attach_list(req->db, req->res.id);
    if (!suggestions || !files) {
        json_decref(suggestions);
        json_decref(files);
        return req_internal(req, "task");
    }
    json_object_set_new(t, "role_suggestions", suggestions);
    json_object_set_new(t, "steps", steps_view(t));
    json_object_set_new(t, "attachments", files);
    page_tasks_strip(t);
    req->view = t;
    req->tpl = "task";
    req->title = field_of(t, "title");
    return 200;
}

/* The people of the task's municipality as options, the one holding
 * the task's field key (responsible, performer) selected. */
static json_t *person_options(json_t *persons, json_t *t, const char *key)
{
    json_int_t current = json_integer_value(json_object_get(json_object_get(t, key), "id"));
    json_t *out = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(persons, i, p) {
        json_int_t id = json_integer_value(json_object_get(p, "id"));
        json_array_append_new(out, json_pack("{s:I,s:O,s:b}", "id", id, "name",
                                             json_object_get(p, "name"), "selected",
                                             id == current));
    }
    return out;
}

/* The task page's pick lists and breadcrumbs. */
int page_tasks_show_extras(struct req *req)
{
    struct owner_filter own = {false, req->res.org_id};
    json_t *persons = person_list(req->db, &own);
    if (!persons) {
        return req_internal(req, "persons");
    }
    json_t *view = req_view(req);
    json_object_set_new(view, "responsible_options", person_options(persons, view, "responsible"));
    json_object_set_new(view, "performer_options", person_options(persons, view, "performer"));
    json_object_set_new(view, "task_path",
                        json_string(arena_printf(req->arena, "/opgaver/%lld",
                                                 (long long)req->res.id)));
    json_decref(persons);
    req_crumb(req, "/", "Forside");
    req_crumb(req, arena_printf(req->arena, "/projekter/%s", req->res.project), req->res.project);
    req_crumb(req, NULL, req->title);
    return 0;
}

/* Reads the change the inputs ask for into ch. */
static void change_of(struct req *req, struct task_change *ch)
{
    memset(ch, 0, sizeof *ch);
    ch->status = opt_str(req, "status");
    ch->set_responsible = req_int(req, "responsible", &ch->responsible);
    ch->set_performer = req_int(req, "performer", &ch->performer);
    ch->steps_done = req_json(req, "steps_done");
}

/* PATCH /api/v1/tasks/{id}, POST /opgaver/{id}: status, responsible,
 * performer and the ticked steps of the task the router looked up. */
int page_tasks_update(struct req *req)
{
    struct task_change ch;
    change_of(req, &ch);
    const char *field = NULL;
    int rc = 1;
    if (ch.set_responsible && ch.responsible) {
        rc = task_person_of(req->db, req->res.org_id, ch.responsible);
        field = "responsible";
    }
    if (rc == 1 && ch.set_performer && ch.performer) {
        rc = task_person_of(req->db, req->res.org_id, ch.performer);
        field = "performer";
    }
    if (rc != 1) {
        return rc < 0 ? req_internal(req, "person")
                      : req_fail(req, 422, field, "Personen findes ikke i opgavens kommune");
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    rc = task_update(req->db, &a, req->res.org_id, req->res.id, &ch);
    if (rc == -3) {
        return req_fail(req, 422, "responsible", "Personen findes ikke i opgavens kommune");
    }
    if (rc == -4) {
        return req_fail(req, 422, "steps_done", "Opgaven har ikke det trin");
    }
    if (rc <= 0) {
        return rc == 0 ? req_fail(req, 404, NULL, "Opgaven findes ikke")
                       : req_internal(req, "task update");
    }
    int status = req_commit(req, 200);
    if (status != 200) {
        return status;
    }
    struct owner_filter read = req_read_scope(req);
    req->view = task_get(req->db, &read, req->res.id, page_today(req));
    req->location = arena_printf(req->arena, "/opgaver/%lld", (long long)req->res.id);
    if (!req->view) {
        return req_internal(req, "task");
    }
    page_tasks_strip(req->view);
    return 200;
}
