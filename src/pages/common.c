/*
 * common: what several page groups share — the acting user for the audit
 * trail, the value a form shows for a field, today's date, the answer to a
 * look-up that found nothing, and the password KDF handed to a worker.
 */
#include <stdlib.h>

#include "auth.h"
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

/* Runs on a worker thread (offload.c): OpenSSL only, no Jansson, no arena;
 * it reads the request's strings, which nothing changes meanwhile. */
static void kdf_run(void *p)
{
    struct page_kdf *j = p;
    if (j->verify) {
        j->ok = j->hash ? auth_password_verify(j->verify, j->hash)
                        : (auth_password_dummy(j->verify), false);
    }
    if (j->make) {
        j->made = auth_password_hash(j->make);
    } else if (j->renew && j->ok && !auth_password_current(j->hash)) {
        j->made = auth_password_hash(j->verify);
    }
}

int page_kdf_start(struct req *req, struct page_kdf *job)
{
    struct page_kdf *j = arena_alloc(req->arena, sizeof *j);
    *j = *job;
    j->ok = false;
    j->made = NULL;
    return req_offload(req, kdf_run, j);
}

struct page_kdf *page_kdf_done(struct req *req)
{
    struct page_kdf *j = req->job;
    if (j->made) {
        req_defer(req, free, j->made);
    }
    return j;
}
