/*
 * common: what several page groups share — the acting user for the audit
 * trail, the value a form shows for a field, today's date, and the answer
 * to a look-up that found nothing.
 */
#include "model/common.h"
#include "pages/common.h"
#include "util.h"

void page_actor(const struct req *req, struct actor *a)
{
    a->user_id = req->user ? req->user->id : 0;
    a->org_id = req->user ? req->user->org_id : 0;
    a->addr = req->client_addr;
}

const char *page_form_value(const struct req *req, const char *key, const char *fallback)
{
    const char *typed = req->raw ? json_string_value(json_object_get(req->raw, key)) : NULL;
    return typed ? typed : fallback;
}

const char *page_today(struct req *req)
{
    char today[21];
    now_iso(today);
    return arena_strndup(req->arena, today, 10);
}

int page_not_found(struct req *req, const char *what, const char *msg)
{
    if (db_failed(req->db)) {
        return req_internal(req, what);
    }
    return req_fail(req, 404, NULL, msg);
}
