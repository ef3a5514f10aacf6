/*
 * account: what every user manages for themselves — their password, their
 * sessions (ending any of them) and their API tokens (created here, shown
 * once, revocable) — and the one-time link an administrator issued for a
 * new password. A user only ever sees and touches their own. Password
 * KDFs run before the write transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "authn.h"
#include "model/audit.h"
#include "model/calendar.h"
#include "model/common.h"
#include "model/notification.h"
#include "model/reset.h"
#include "model/session.h"
#include "model/user.h"
#include "pages/account.h"
#include "pages/common.h"
#include "util.h"

/* GET /konto (and the forms again after a failed post). */
int page_account_show(struct req *req)
{
    struct owner_filter all = {true, 0};
    json_t *me = user_get(req->db, &all, req->user->id);
    json_t *sessions = session_list(req->db, req->user->id, req->session_id);
    json_t *tokens = token_list(req->db, req->user->id);
    const char *notify = notify_mode(req->db, req->user->id);
    json_t *calendar = calendar_live(req->db, req->user->id); /* calendar feed: NULL if none */
    if (!me || !sessions || !tokens || !notify || db_failed(req->db)) {
        return req_internal(req, "account");
    }
    json_t *view = req_view(req);
    json_object_set_new(view, "user", me);
    json_object_set_new(view, "notify", json_string(notify));
    json_object_set_new(view, "sessions", sessions);
    json_object_set_new(view, "tokens", tokens);
    json_object_set_new(view, "calendar", calendar ? calendar : json_null());
    req->tpl = "account";
    req->title = "Min konto";
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, "Min konto");
    return 200;
}

/* POST /konto/adgangskode, /api/v1/me/password: other sessions end. The
 * current password is checked, and the new one hashed, on a worker. */
int page_account_password(struct req *req)
{
    const char *pw = req_str(req, "new_password");
    const char *weak = auth_password_weak(pw, req->user->email);
    if (!req->job_done) {
        json_t *row = user_login_row(req->db, req->user->email);
        const char *hash = json_string_value(json_object_get(row, "password_hash"));
        if (!hash) {
            return req_internal(req, "password");
        }
        struct page_kdf job = {.verify = req_str(req, "current_password"), .hash = hash,
                               .make = weak ? NULL : pw};
        return page_kdf_start(req, &job);
    }
    const struct page_kdf *kdf = page_kdf_done(req);
    if (!kdf->ok) {
        return req_fail(req, 422, "current_password", "Den nuværende adgangskode er forkert");
    }
    if (weak) {
        return req_fail(req, 422, "new_password", weak);
    }
    const char *nh = kdf->made;
    if (!nh) {
        return req_internal(req, "hash");
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    if (user_set_password(req->db, &a, req->user->id, nh, req->session_id) < 0) {
        return req_internal(req, "password");
    }
    json_object_set_new(req_view(req), "password_changed", json_true());
    req->location = "/konto";
    return req_commit(req, 200);
}

/* POST /konto/notifikationer, PATCH /api/v1/me {"notify"}: how the
 * caller's notifications also come by e-mail — "digest" (one mail a day),
 * "immediate" or "none". Answers {notify}. */
int page_account_notify(struct req *req)
{
    const char *mode = req_str(req, "notify");
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    if (notify_mode_set(req->db, &a, req->user->id, mode) < 0) {
        return req_internal(req, "notify");
    }
    req->view = json_pack("{s:s}", "notify", mode);
    req->location = "/konto";
    return req_commit(req, 200);
}

/* GET /api/v1/me/sessions */
int page_account_sessions(struct req *req)
{
    json_t *sessions = session_list(req->db, req->user->id, req->session_id);
    if (!sessions) {
        return req_internal(req, "sessions");
    }
    json_object_set_new(req_view(req), "sessions", sessions);
    return 200;
}

/* POST /konto/sessioner/{id}/slet, DELETE /api/v1/me/sessions/{id} */
int page_account_session_delete(struct req *req)
{
    int64_t id = req_param_id(req, "id");
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int n = session_delete_own(req->db, req->user->id, id);
    if (n < 0) {
        return req_internal(req, "session delete");
    }
    if (n == 0) {
        return req_fail(req, 404, NULL, "Sessionen findes ikke");
    }
    audit_write(req->db, &a, req->user->org_id, "session.end", "session", id, NULL, NULL);
    if (id == req->session_id) {
        authn_end_session(req);
        req->location = "/log-ind";
    } else {
        req->location = "/konto";
    }
    return req_commit(req, 204);
}

/* GET /api/v1/tokens */
int page_account_tokens(struct req *req)
{
    json_t *tokens = token_list(req->db, req->user->id);
    if (!tokens) {
        return req_internal(req, "tokens");
    }
    json_object_set_new(req_view(req), "tokens", tokens);
    return 200;
}

/* POST /konto/noegler, /api/v1/tokens: the token is shown this once. */
int page_account_token_create(struct req *req)
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
    int64_t id = token_create(req->db, &a, req->user->id, hash, req_str(req, "name"));
    if (id < 0) {
        return req_internal(req, "token");
    }
    int status = req_commit(req, 201);
    if (status != 201) {
        return status;
    }
    req->view = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "name", req_str(req, "name"),
                          "token", token);
    req->tpl = "token_created";
    req->title = "Ny API-nøgle";
    req->no_store = true;
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/konto", "Min konto");
    req_crumb(req, NULL, "Ny API-nøgle");
    return 201;
}

/* POST /konto/noegler/{id}/tilbagekald, DELETE /api/v1/tokens/{id} */
int page_account_token_revoke(struct req *req)
{
    int64_t id = req_param_id(req, "id");
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int n = token_revoke(req->db, &a, req->user->id, id);
    if (n < 0) {
        return req_internal(req, "token revoke");
    }
    if (n == 0) {
        return req_fail(req, 404, NULL, "Nøglen findes ikke");
    }
    req->location = "/konto";
    return req_commit(req, 204);
}

/* The live reset link of the route's {token}, or NULL after answering. */
static json_t *reset_link(struct req *req)
{
    unsigned char hash[AUTH_HASH_LEN];
    auth_token_hash(req_param(req, "token"), hash);
    json_t *link = reset_find(req->db, hash, now_unix());
    if (!link) {
        page_not_found(req, "reset", "Linket er ugyldigt, brugt eller udløbet. "
                                     "Bed din KLIK-administrator om et nyt.");
    }
    return link;
}

/* GET /nulstil/{token}: the form for a new password. */
int page_reset_form(struct req *req)
{
    json_t *link = reset_link(req);
    if (!link) {
        return req->status;
    }
    json_object_del(link, "id");
    json_object_del(link, "user_id");
    json_object_set_new(link, "token", json_string(req_param(req, "token")));
    authn_prelogin_token(req);
    req->view = link;
    req->tpl = "reset";
    req->title = "Ny adgangskode";
    req->no_store = true;
    return 200;
}

/* POST /nulstil/{token}: sets the password, ends the user's sessions and
 * spends the link; then the log-in page. */
int page_reset_use(struct req *req)
{
    json_t *link = reset_link(req);
    if (!link) {
        return req->status;
    }
    const char *pw = req_str(req, "new_password");
    const char *weak =
        auth_password_weak(pw, json_string_value(json_object_get(link, "email")));
    if (weak) {
        return req_fail(req, 422, "new_password", weak);
    }
    if (!req->job_done) {
        struct page_kdf job = {.make = pw};
        return page_kdf_start(req, &job); /* hashed on a worker */
    }
    const char *nh = page_kdf_done(req)->made;
    if (!nh) {
        return req_internal(req, "hash");
    }
    int64_t user_id = json_integer_value(json_object_get(link, "user_id"));
    struct actor a = {user_id, 0, req->client_addr};
    if (req_begin(req) < 0) {
        return req->status;
    }
    int n = reset_use(req->db, json_integer_value(json_object_get(link, "id")), now_unix());
    if (n == 0) {
        return req_fail(req, 404, NULL, "Linket er allerede brugt");
    }
    if (n < 0 || user_set_password(req->db, &a, user_id, nh, 0) < 0) {
        return req_internal(req, "reset");
    }
    req->location = "/log-ind";
    return req_commit(req, 204);
}
