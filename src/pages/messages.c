/*
 * messages: the messages (beskeder) on one task — the municipality's and
 * KOMBIT's, the broadcasts to the task's wave and the master task's
 * imported comments, with the caller's unread markers, which reading the
 * list moves on — and KOMBIT's broadcast to a wave. Markdown is rendered
 * here, in safe mode, before the write transaction; the model stores the
 * HTML. Which task a caller may see is decided by the resource look-up
 * (their own municipality's, in a project they read, or any for KOMBIT):
 * another municipality's task is not found.
 */
#include <string.h>

#include "md.h"
#include "model/common.h"
#include "model/message.h"
#include "pages/common.h"
#include "pages/messages.h"
#include "util.h"

/* The task the path names, if the caller may read it: 1, else 0 (404),
 * -1 on failure. */
int page_messages_resource(struct req *req)
{
    json_t *t = message_task_get(req->db, req_param_id(req, "id"));
    if (!t) {
        return db_failed(req->db) ? -1 : 0;
    }
    int64_t org = json_integer_value(json_object_get(t, "organisation_id"));
    const char *project = json_string_value(json_object_get(t, "project"));
    if ((!req->user->central && org != req->user->org_id) || !rights_reads(req, project)) {
        return 0; /* another municipality's task, or a project the caller does not read */
    }
    struct resource *r = &req->res;
    r->id = json_integer_value(json_object_get(t, "id"));
    r->org_id = org;
    r->project = arena_strdup(req->arena, project);
    r->wave_id = json_integer_value(json_object_get(t, "wave_id"));
    r->row = t;
    return 1;
}

/* The task as the view shows it (new reference). */
static json_t *task_view(json_t *t)
{
    return json_pack("{s:O,s:O,s:O,s:O,s:O}", "id", json_object_get(t, "id"), "title",
                     json_object_get(t, "title"), "project", json_object_get(t, "project"),
                     "organisation", json_object_get(t, "organisation"), "organisation_name",
                     json_object_get(t, "organisation_name"));
}

/* The page's title, crumbs (the task tracker's list and task page above
 * it) and template for the task's messages. */
static void task_page(struct req *req, json_t *t)
{
    const char *title = json_string_value(json_object_get(t, "title"));
    req->tpl = "messages";
    req->title = arena_printf(req->arena, "Beskeder: %s", title);
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/opgaver", "Opgaver");
    req_crumb(req, arena_printf(req->arena, "/opgaver/%lld", (long long)req->res.id), title);
    req_crumb(req, NULL, "Beskeder");
}

/* GET /opgaver/{id}/beskeder, /api/v1/tasks/{id}/messages: the messages
 * shown on the task, each marked unread as the caller last left it; the
 * caller's marker then moves to the newest (a short write of their own
 * reading state, no audit event). */
int page_messages_index(struct req *req)
{
    json_t *t = req->res.row;
    json_t *list = message_list(req->db, t, req->user->id);
    if (!list) {
        return req_internal(req, "messages");
    }
    json_t *view = req_view(req);
    json_object_set_new(view, "task", task_view(t));
    json_object_set_new(view, "messages", list);
    task_page(req, t);
    int64_t last = message_last_id(list);
    if (last > 0) {
        if (req_begin(req) < 0) {
            return req->status;
        }
        if (message_mark_read(req->db, req->user->id, req->res.id, last) < 0) {
            return req_internal(req, "mark read");
        }
        return req_commit(req, 200);
    }
    return 200;
}

/* The Markdown of the "body" input rendered in safe mode (borrowed from
 * the request), or NULL after answering 422. */
static const char *rendered(struct req *req)
{
    json_t *html = md_html(req_str(req, "body"));
    if (!html) {
        req_fail(req, 422, "body", "Beskeden kan ikke vises");
        return NULL;
    }
    return json_string_value(html);
}

/* POST /opgaver/{id}/beskeder, /api/v1/tasks/{id}/messages: a message on
 * the task, by a PLUS user of its project in its municipality or by
 * KOMBIT (403 for anyone else who may read it); its responsible and
 * performer are notified. Answers the message (201). */
int page_messages_create(struct req *req)
{
    const char *html = rendered(req);
    if (!html) {
        return req->status;
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int64_t id = message_create(req->db, &a, req->res.row, req_str(req, "body"), html);
    if (id < 0 || !(req->view = message_get(req->db, id, req->user->id))) {
        return req_internal(req, "message");
    }
    req->location = arena_printf(req->arena, "/opgaver/%lld/beskeder#besked-%lld",
                                  (long long)req->res.id, (long long)id);
    req->api_location = arena_printf(req->arena, "/api/v1/tasks/%lld/messages",
                                      (long long)req->res.id);
    return req_commit(req, 201);
}

/* The wave the path names: 1, 0 (404) or -1. */
int page_messages_wave_resource(struct req *req)
{
    json_t *w = message_wave_get(req->db, req_param_id(req, "id"));
    if (!w) {
        return db_failed(req->db) ? -1 : 0;
    }
    req->res.id = json_integer_value(json_object_get(w, "id"));
    req->res.wave_id = req->res.id;
    req->res.row = w;
    return 1;
}

/* GET /boelger/{id}/beskeder (KOMBIT): the wave's broadcasts, newest
 * first, and the form for a new one. */
int page_messages_wave(struct req *req)
{
    json_t *w = req->res.row;
    json_t *list = message_wave_list(req->db, req->res.id);
    if (!list) {
        return req_internal(req, "wave messages");
    }
    json_t *view = req_view(req);
    json_object_set(view, "wave", w);
    json_object_set_new(view, "messages", list);
    const char *name = json_string_value(json_object_get(w, "name"));
    const char *project = json_string_value(json_object_get(w, "project"));
    req->tpl = "wave_messages";
    req->title = arena_printf(req->arena, "Beskeder til %s %s", project, name);
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, req->title);
    return 200;
}

/* POST /boelger/{id}/beskeder, /api/v1/waves/{id}/messages (KOMBIT): a
 * broadcast shown on every task of the wave; the tasks' responsible and
 * performers are notified. Answers the message (201). */
int page_messages_broadcast(struct req *req)
{
    const char *html = rendered(req);
    if (!html) {
        return req->status;
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int64_t id = message_broadcast(req->db, &a, req->res.id, req_str(req, "body"), html);
    if (id < 0 || !(req->view = message_get(req->db, id, req->user->id))) {
        return req_internal(req, "broadcast");
    }
    req->location = arena_printf(req->arena, "/boelger/%lld/beskeder", (long long)req->res.id);
    req->api_location = arena_printf(req->arena, "/api/v1/waves/%lld/messages",
                                      (long long)req->res.id);
    return req_commit(req, 201);
}
