/*
 * common: what several page groups share — the acting user for the audit
 * trail and the value a form shows for a field.
 */
#include "model.h"
#include "pages.h"

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
