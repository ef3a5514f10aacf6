/*
 * session: logging in and out. A log-in is checked against throttles per
 * account and per client address first (growing delays after five
 * failures), then the scrypt hash — an unknown e-mail costs the same time
 * and gets the same answer as a wrong password. Success starts a fresh
 * session; failures and throttling are audited. The log-in form carries
 * its own CSRF token bound to a short-lived cookie, since there is no
 * session yet. The password KDF never runs while the write lock is held.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "authn.h"
#include "model/audit.h"
#include "model/common.h"
#include "model/session.h"
#include "model/user.h"
#include "pages/common.h"
#include "pages/session.h"
#include "util.h"

/* Failures before a delay: per account, and per client address — where a
 * whole municipality may share one address (OWASP ASVS 2.2.1). */
#define THROTTLE_ACCOUNT 5
#define THROTTLE_ADDRESS 100

/* The user as the API shows the caller: the user, publisher flag and the
 * session's CSRF token when there is one. */
static json_t *me_view(struct req *req)
{
    struct owner_filter all = {true, 0};
    json_t *me = user_get(req->db, &all, req->user->id);
    if (!me) {
        return NULL;
    }
    json_object_set_new(me, "publisher", json_boolean(req->user->central));
    return me;
}

/* A safe place to go after log-in: a local path, never another site. */
static const char *next_path(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strchr(next, ':') ||
        str_starts(next, "/log-")) {
        return "/";
    }
    return next;
}

/* GET /log-ind (and the form again after a failed attempt). Without a
 * session, the form's CSRF token is bound to a short-lived cookie; the
 * router checks it like every other. */
int page_session_form(struct req *req)
{
    authn_prelogin_token(req);
    json_t *view = req_view(req);
    const char *next = next_path(page_form_value(req, "next", req_str(req, "next")));
    json_object_set_new(view, "next", json_string(next));
    json_object_set_new(view, "form", json_object());
    req->tpl = "login";
    req->title = "Log ind";
    req->no_store = true;
    return 200;
}

/* Counts a failure against both throttles and audits it, and the moment
 * an account or address becomes throttled; inside the transaction. The
 * events belong to org, the organisation of the account tried (0 for an
 * unknown e-mail), so its KLIK-administrator sees them. */
static int login_failed(struct req *req, const struct actor *a, const char *kemail,
                        const char *kaddr, const char *email, int64_t user_id, int64_t org)
{
    int64_t now = now_unix();
    int64_t fe = throttle_fail(req->db, kemail, now);
    int64_t fa = throttle_fail(req->db, kaddr, now);
    json_t *info = json_pack("{s:s,s:I,s:I}", "email", email, "account_failures", (json_int_t)fe,
                             "address_failures", (json_int_t)fa);
    audit_write(req->db, a, org, "login.fail", "session", user_id, NULL, info);
    if (fe == THROTTLE_ACCOUNT || fa == THROTTLE_ADDRESS) {
        audit_write(req->db, a, org, "login.throttled", "session", user_id, NULL, info);
    }
    int status = req_commit(req, 401);
    return status == 401 ? req_fail(req, 401, "password", "Forkert e-mail eller adgangskode")
                         : status;
}

/* 429 with Retry-After when the account or the address is throttled;
 * 0 when neither is. */
static int throttled(struct req *req, const char *kemail, const char *kaddr)
{
    int64_t now = now_unix();
    int64_t we = throttle_wait(req->db, kemail, now, THROTTLE_ACCOUNT);
    int64_t wa = throttle_wait(req->db, kaddr, now, THROTTLE_ADDRESS);
    if (we < 0 || wa < 0) {
        return req_internal(req, "throttle");
    }
    if (we == 0 && wa == 0) {
        return 0;
    }
    int64_t wait = we > wa ? we : wa;
    req_header(req, "Retry-After", arena_printf(req->arena, "%lld", (long long)wait));
    return req_fail(req, 429, NULL,
                    arena_printf(req->arena,
                                 "For mange mislykkede forsøg. Prøv igen om %lld sekunder.",
                                 (long long)wait));
}

/* First call of a log-in: the throttles and the account, then the
 * password check for a worker (and, when the cost was raised since the
 * hash was made, a new hash while the password is at hand). */
static int login_check(struct req *req, const char *kemail, const char *kaddr)
{
    int status = throttled(req, kemail, kaddr);
    if (status) {
        return status;
    }
    json_t *row = user_login_row(req->db, req_str(req, "email"));
    if (!row && db_failed(req->db)) {
        return req_internal(req, "login");
    }
    struct page_kdf job = {.verify = req_str(req, "password"), .renew = true,
                           .hash = json_string_value(json_object_get(row, "password_hash")),
                           .keep = row};
    return page_kdf_start(req, &job);
}

/* POST /log-ind, /api/v1/session. The password KDF runs on a worker
 * before the write transaction, never inside it, never on a pool thread. */
int page_session_create(struct req *req)
{
    const char *email = req_str(req, "email");
    const char *kemail = arena_printf(req->arena, "email:%s", email);
    const char *kaddr = arena_printf(req->arena, "addr:%s", req->client_addr);
    if (!req->job_done) {
        return login_check(req, kemail, kaddr);
    }
    const struct page_kdf *kdf = page_kdf_done(req);
    json_t *row = kdf->keep;
    int64_t user_id = row ? json_integer_value(json_object_get(row, "id")) : 0;
    bool ok = kdf->ok && json_is_true(json_object_get(row, "active"));
    const char *rehash = kdf->made;
    int64_t org = !ok && user_id ? user_org_id(req->db, user_id) : 0;
    if (org < 0) {
        return req_internal(req, "user organisation");
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    if (!ok) {
        return login_failed(req, &a, kemail, kaddr, email, user_id, org);
    }
    throttle_reset(req->db, kemail);
    if (authn_start_session(req, user_id) < 0) {
        return req_internal(req, "session");
    }
    page_actor(req, &a);
    if (rehash) {
        user_rehash(req->db, &a, user_id, rehash);
    }
    audit_write(req->db, &a, req->user->org_id, "login", "session", req->session_id, NULL, NULL);
    int status = req_commit(req, 200);
    if (status != 200) {
        return status;
    }
    json_t *me = me_view(req);
    if (!me) {
        return req_internal(req, "me");
    }
    req->view = json_pack("{s:s,s:o}", "csrf_token", req->csrf, "user", me);
    req->location = next_path(req_str(req, "next"));
    return 200;
}

/* GET /log-ud: a page with the log-out button (log-out is a POST). */
int page_session_confirm(struct req *req)
{
    json_object_set_new(req_view(req), "logout", json_true());
    req->tpl = "logout";
    req->title = "Log ud";
    return 200;
}

/* POST /log-ud, DELETE /api/v1/session */
int page_session_delete(struct req *req)
{
    if (req->via_token) {
        return req_fail(req, 400, NULL, "En API-nøgle har ingen session at afslutte");
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    audit_write(req->db, &a, req->user->org_id, "logout", "session", req->session_id, NULL,
                NULL);
    authn_end_session(req);
    req->location = "/log-ind";
    return req_commit(req, 204);
}
/* GET /api/v1/me */
int page_session_me(struct req *req)
{
    json_t *me = me_view(req);
    if (!me) {
        return req_internal(req, "me");
    }
    if (req->csrf) {
        json_object_set_new(me, "csrf_token", json_string(req->csrf));
    }
    req->view = me;
    return 200;
}
