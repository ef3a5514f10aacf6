/*
 * persons: the people of the caller's municipality for its
 * KLIK-administrator (the route table allows only them), each with their
 * current appointments and open tasks, the "Fratræder" step and the
 * request to confirm contact data; and the holder's side of that request,
 * a one-time link opened without logging in (like the password reset).
 * Who sees what of a contact elsewhere is contact.c's decision, not this
 * file's. No SQL here.
 */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "authn.h"
#include "model/contact.h"
#include "model/handover.h"
#include "model/leave.h"
#include "pages/common.h"
#include "pages/persons.h"
#include "util.h"

#include "contacts_int.h"

#define VERIFY_DAYS 30

/* Marks a person row stale when never confirmed or last confirmed more
 * than 12 months before today. */
static void mark_stale(json_t *p, const char *today)
{
    const char *at = json_string_value(json_object_get(p, "verified_at"));
    json_object_set_new(p, "stale", json_boolean(contacts_stale(at, today)));
}

int page_persons_resource(struct req *req)
{
    int64_t id = req_param_id(req, "id");
    json_t *p = contact_person(req->db, req->user->org_id, id, page_today(req));
    if (!p) {
        return db_failed(req->db) ? -1 : 0;
    }
    req->res.id = id;
    req->res.org_id = req->user->org_id;
    req->res.row = p;
    return 1;
}

int page_persons_list(struct req *req)
{
    json_t *list = contact_persons(req->db, req->user->org_id, page_today(req));
    if (!list) {
        return req_internal(req, "persons");
    }
    const char *today = page_today(req);
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p) {
        mark_stale(p, today);
    }
    json_object_set_new(req_view(req), "persons", list);
    req->tpl = "persons";
    req->title = "Personer og kontakter";
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, req->title);
    return 200;
}

int page_persons_show(struct req *req)
{
    json_t *p = json_deep_copy(req->res.row);
    json_t *appts = leave_appointments(req->db, req->res.id, page_today(req));
    json_t *tasks = appts ? leave_tasks(req->db, req->res.id) : NULL;
    if (!tasks) {
        json_decref(appts);
        json_decref(p);
        return req_internal(req, "person");
    }
    mark_stale(p, page_today(req));
    json_object_set_new(p, "appointments", appts);
    json_object_set_new(p, "tasks", tasks);
    req->view = p;
    req->tpl = "person";
    req->title = json_string_value(json_object_get(p, "name"));
    return 200;
}

int page_persons_extras(struct req *req)
{
    json_t *all = contact_persons(req->db, req->user->org_id, page_today(req));
    if (!all) {
        return req_internal(req, "persons");
    }
    json_t *successors = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(all, i, p) {
        if (json_integer_value(json_object_get(p, "id")) != req->res.id &&
            json_is_null(json_object_get(p, "left_at"))) {
            json_array_append_new(successors, json_pack("{s:O,s:O}", "id",
                                                        json_object_get(p, "id"), "name",
                                                        json_object_get(p, "name")));
        }
    }
    json_decref(all);
    json_t *view = req_view(req);
    json_object_set_new(view, "successors", successors);
    json_object_set_new(view, "self", json_boolean(req->res.id == req->user->person_id));
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/personer", "Personer");
    req_crumb(req, NULL, req->title);
    return 0;
}

/* The successor input: 0 for none, else a person of the caller's
 * municipality who has not left and is not the leaver. 0 ok, or a
 * status. */
static int check_successor(struct req *req, int64_t *successor)
{
    *successor = 0;
    req_int(req, "successor", successor);
    if (!*successor) {
        return 0;
    }
    if (*successor == req->res.id) {
        return req_fail(req, 422, "successor", "Efterfølgeren kan ikke være personen selv");
    }
    int ok = handover_person_ok(req->db, req->user->org_id, *successor);
    if (ok < 0) {
        return req_internal(req, "successor");
    }
    return ok ? 0 : req_fail(req, 422, "successor",
                             "Efterfølgeren skal være en person i din kommune, som ikke er fratrådt");
}

int page_persons_leave(struct req *req)
{
    json_t *p = req->res.row;
    if (!json_is_null(json_object_get(p, "left_at"))) {
        return req_fail(req, 409, NULL, "Personen er allerede fratrådt");
    }
    if (req->res.id == req->user->person_id) {
        return req_fail(req, 422, "successor", "Du kan ikke melde dig selv fratrådt");
    }
    int64_t successor;
    int rc = check_successor(req, &successor);
    if (rc) {
        return rc;
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    json_t *result = leave_run(req->db, &a, req->user->org_id, req->res.id, successor,
                               page_today(req));
    if (!result) {
        return req_internal(req, "leave");
    }
    int status = req_commit(req, 200);
    if (status != 200) {
        json_decref(result);
        return status;
    }
    json_object_set_new(result, "person", json_pack("{s:I,s:O}", "id", (json_int_t)req->res.id,
                                                    "name", json_object_get(p, "name")));
    json_t *succ = successor ? contact_person(req->db, req->user->org_id, successor,
                                              page_today(req))
                             : NULL;
    json_object_set_new(result, "successor",
                        succ ? json_pack("{s:O,s:O}", "id", json_object_get(succ, "id"), "name",
                                         json_object_get(succ, "name"))
                             : json_null());
    json_decref(succ);
    req->view = result;
    req->tpl = "leave_done";
    req->title = "Fratrådt";
    return 200;
}

/* The hex SHA-256 of a link's secret, as the tables store it (arena). */
static const char *token_hash_hex(struct req *req, const char *token)
{
    unsigned char hash[AUTH_HASH_LEN];
    auth_token_hash(token, hash);
    char *hex = arena_alloc(req->arena, 2 * AUTH_HASH_LEN + 1);
    for (int i = 0; i < AUTH_HASH_LEN; i++) {
        snprintf(hex + 2 * i, 3, "%02x", hash[i]);
    }
    return hex;
}

int page_persons_verify_ask(struct req *req)
{
    if (!json_is_null(json_object_get(req->res.row, "left_at"))) {
        return req_fail(req, 409, NULL, "Personen er fratrådt");
    }
    char token[AUTH_TOKEN_LEN + 1];
    auth_random_token(token);
    const char *hex = token_hash_hex(req, token);
    int64_t expires = now_unix() + VERIFY_DAYS * 24 * 3600;
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    if (contact_verify_create(req->db, &a, req->user->org_id, req->res.id, hex, expires) < 0) {
        return req_internal(req, "verification");
    }
    int status = req_commit(req, 201);
    if (status != 201) {
        return status;
    }
    char at[21];
    unix_to_iso(expires, at);
    req->view = json_pack("{s:I,s:O,s:s,s:s}", "person_id", (json_int_t)req->res.id, "name",
                          json_object_get(req->res.row, "name"), "url",
                          arena_printf(req->arena, "%s/bekraeft/%s", req_origin(req), token),
                          "expires_at", at);
    req->tpl = "verify_created";
    req->title = "Link til bekræftelse";
    req->no_store = true;
    return 201;
}

/* The live link the path's token names (new reference), or NULL after
 * answering 404 (unknown, used, expired) or 500. */
static json_t *find_link(struct req *req)
{
    json_t *link = contact_verify_find(req->db, token_hash_hex(req, req_param(req, "token")),
                                       now_unix());
    if (!link) {
        page_not_found(req, "verification", "Linket er ugyldigt, brugt eller udløbet");
    }
    return link;
}

int page_persons_confirm_form(struct req *req)
{
    json_t *link = find_link(req);
    if (!link) {
        return req->status;
    }
    json_t *view = req_view(req);
    json_object_set_new(view, "token", json_string(req_param(req, "token")));
    json_object_set(view, "municipality", json_object_get(link, "municipality"));
    json_object_set_new(view, "form",
                        json_pack("{s:O,s:O,s:O,s:O,s:b}", "name", json_object_get(link, "name"),
                                  "title", json_object_get(link, "title"), "email",
                                  json_object_get(link, "email"), "phone",
                                  json_object_get(link, "phone"), "consent",
                                  json_is_true(json_object_get(link, "consent"))));
    json_decref(link);
    authn_prelogin_token(req);
    req->tpl = "verify";
    req->title = "Bekræft dine kontaktoplysninger";
    req->no_store = true;
    return 200;
}

int page_persons_confirm(struct req *req)
{
    json_t *link = find_link(req);
    if (!link) {
        return req->status;
    }
    json_t *d = json_pack("{s:s,s:s,s:s,s:s,s:b}", "name", req_str(req, "name"), "title",
                          req_str(req, "title") ? req_str(req, "title") : "", "email",
                          req_str(req, "email") ? req_str(req, "email") : "", "phone",
                          req_str(req, "phone") ? req_str(req, "phone") : "", "consent",
                          req_bool(req, "consent"));
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        json_decref(link);
        json_decref(d);
        return req->status;
    }
    int rc = contact_verify_use(req->db, &a, link, d);
    json_decref(link);
    json_decref(d);
    if (rc == 0) {
        return req_fail(req, 404, NULL, "Linket er allerede brugt");
    }
    if (rc < 0) {
        return req_internal(req, "verify");
    }
    req->location = "/";
    return req_commit(req, 200);
}
