/*
 * notifications: a user's own notifications (notifikationer) — assigned
 * to a task, a new message on their task, a deadline near or passed —
 * newest first with read and unread, and marking one or all of them read.
 * Every query names the caller: nobody sees or marks another user's, and
 * another user's notification is not found (404).
 */
#include "model/common.h"
#include "model/notification.h"
#include "pages/common.h"
#include "pages/notifications.h"

/* GET /notifikationer, /api/v1/notifications: the caller's newest
 * notifications and how many are unread. */
int page_notifications_index(struct req *req)
{
    json_t *list = notification_list(req->db, req->user->id);
    int64_t unread = notification_unread(req->db, req->user->id);
    if (!list || unread < 0) {
        return req_internal(req, "notifications");
    }
    json_t *view = req_view(req);
    json_object_set_new(view, "notifications", list);
    json_object_set_new(view, "unread", json_integer(unread));
    req->tpl = "notifications";
    req->title = "Notifikationer";
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, "Notifikationer");
    return 200;
}

/* The caller's own notification the path names: 1, 0 (404) or -1. */
int page_notifications_resource(struct req *req)
{
    json_t *n = notification_get(req->db, req_param_id(req, "id"), req->user->id);
    if (!n) {
        return db_failed(req->db) ? -1 : 0;
    }
    req->res.id = json_integer_value(json_object_get(n, "id"));
    req->res.org_id = req->user->org_id;
    req->res.row = n;
    return 1;
}

/* POST /notifikationer/{id}/laest, /api/v1/notifications/{id}/read:
 * marks it read (already read: unchanged). Answers {id, read: true,
 * unread}. */
int page_notifications_read(struct req *req)
{
    if (req_begin(req) < 0) {
        return req->status;
    }
    if (notification_mark_read(req->db, req->user->id, req->res.id) < 0) {
        return req_internal(req, "notification read");
    }
    int64_t unread = notification_unread(req->db, req->user->id);
    req->view = json_pack("{s:I,s:b,s:I}", "id", (json_int_t)req->res.id, "read", 1, "unread",
                          (json_int_t)unread);
    req->location = "/notifikationer";
    return req_commit(req, 200);
}

/* POST /notifikationer/laest, /api/v1/notifications/read: marks all of
 * the caller's notifications read. Answers {marked, unread: 0}. */
int page_notifications_read_all(struct req *req)
{
    if (req_begin(req) < 0) {
        return req->status;
    }
    int n = notification_mark_read(req->db, req->user->id, 0);
    if (n < 0) {
        return req_internal(req, "notifications read");
    }
    req->view = json_pack("{s:i,s:i}", "marked", n, "unread", 0);
    req->location = "/notifikationer";
    return req_commit(req, 200);
}
