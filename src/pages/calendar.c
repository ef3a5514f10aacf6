/*
 * calendar: the calendar feed of a user's deadlines — made (the secret
 * URL shown once), revoked, and served to calendar programs as an
 * iCalendar file streamed event by event (model/calendar.h writes it).
 * Only the holder of the URL reads a feed; it lists only their own tasks.
 */
#include "auth.h"
#include "model/calendar.h"
#include "model/common.h"
#include "pages/calendar.h"
#include "pages/common.h"
#include "util.h"

/* GET /kalender/{token}: the feed, or 404 for an unknown or revoked URL. */
int page_calendar_feed(struct req *req)
{
    unsigned char hash[AUTH_HASH_LEN];
    auth_token_hash(req_param(req, "token"), hash);
    json_t *feed = calendar_find(req->db, hash);
    if (!feed) {
        return page_not_found(req, "calendar", "Kalenderen findes ikke");
    }
    int64_t person = json_integer_value(json_object_get(feed, "person_id"));
    struct calendar_ics *f = calendar_ics_open(req->db, person, req_origin(req));
    if (!f) {
        return req_internal(req, "calendar tasks");
    }
    req_stream(req, "text/calendar; charset=utf-8", calendar_ics_fill, calendar_ics_free, f);
    req_header(req, "Cache-Control", "private, no-store");
    return 200;
}

/* The caller's live feed for the account page: {calendar: {id,
 * created_at} | null}. */
int page_calendar_show(struct req *req)
{
    json_t *live = calendar_live(req->db, req->user->id);
    if (!live && db_failed(req->db)) {
        return req_internal(req, "calendar");
    }
    json_object_set_new(req_view(req), "calendar", live ? live : json_null());
    return 200;
}

/* POST /konto/kalender, /api/v1/me/calendar: a new secret URL, shown this
 * once (the old one stops working). */
int page_calendar_create(struct req *req)
{
    char token[AUTH_TOKEN_LEN + 1];
    unsigned char hash[AUTH_HASH_LEN];
    auth_random_token(token);
    auth_token_hash(token, hash);
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    if (calendar_create(req->db, &a, req->user->id, req->user->org_id, hash) < 0) {
        return req_internal(req, "calendar create");
    }
    int status = req_commit(req, 201);
    if (status != 201) {
        return status;
    }
    const char *url = arena_printf(req->arena, "%s/kalender/%s", req_origin(req), token);
    req->view = json_pack("{s:s}", "url", url);
    req->tpl = "calendar_created";
    req->title = "Din kalender";
    req->no_store = true;
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/konto", "Min konto");
    req_crumb(req, NULL, "Din kalender");
    return 201;
}

/* POST /konto/kalender/slet, DELETE /api/v1/me/calendar */
int page_calendar_revoke(struct req *req)
{
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int n = calendar_revoke(req->db, &a, req->user->id, req->user->org_id);
    if (n < 0) {
        return req_internal(req, "calendar revoke");
    }
    if (n == 0) {
        return req_fail(req, 404, NULL, "Du har ingen kalender");
    }
    req->location = "/konto";
    return req_commit(req, 204);
}
