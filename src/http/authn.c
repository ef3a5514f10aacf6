/*
 * authn: identifies the caller of a request (see authn.h). Secrets travel
 * only in the cookie or the Authorization header and are stored only as
 * SHA-256 hashes; a session ends after its idle timeout or absolute
 * lifetime, and a deactivated user's sessions and tokens stop working at
 * once because every request reloads the user.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "authn.h"
#include "model/common.h"
#include "model/session.h"
#include "model/user.h"
#include "util.h"

bool authn_equal(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && auth_memeq(a, b, n);
}

const char *authn_cookie(const struct req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

void authn_set_cookie(struct req *req, const char *name, const char *value, long max_age)
{
    char *c = arena_printf(req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld%s",
                           name, max_age > 0 ? value : "", max_age > 0 ? max_age : 0,
                           req->secure ? "; Secure" : "");
    req_header(req, "Set-Cookie", c);
}

const char *authn_csrf_sent(const struct req *req)
{
    const char *h = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-CSRF-Token");
    if (h) {
        return h;
    }
    return req->raw ? json_string_value(json_object_get(req->raw, "csrf_token")) : NULL;
}

static const char *jstr(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

bool authn_load_user(struct req *req, int64_t user_id)
{
    json_t *row = user_ctx_row(req->db, user_id);
    if (!row || !json_is_true(json_object_get(row, "active"))) {
        return false;
    }
    struct user_ctx *u = arena_alloc(req->arena, sizeof *u);
    u->id = user_id;
    u->person_id = json_integer_value(json_object_get(row, "person_id"));
    u->org_id = json_integer_value(json_object_get(row, "org_id"));
    u->org_code = jstr(row, "org_code");
    u->org_name = jstr(row, "org_name");
    u->central = json_is_true(json_object_get(row, "central"));
    u->admin = json_is_true(json_object_get(row, "admin"));
    u->name = jstr(row, "name");
    u->email = jstr(row, "email");
    u->projects = json_object_get(row, "projects");
    if (!json_is_object(u->projects)) {
        u->projects = json_object();
    }
    req->user = u;
    return true;
}

/* Logs a failed last-use write with the request id and forgets the
 * database's error: the caller is identified all the same. */
static void touch_failed(struct req *req, const char *what)
{
    fprintf(stderr, "klikd: req=%s %s %s: %s not recorded: %s\n", req->id, req->method_name,
            req->path, what, db_errmsg(req->db));
    db_clear(req->db);
}

/* Records a token's use at most once a minute, as sessions do: a write on
 * every request would make every API read queue for the write lock. The
 * row is token_find's; a failed write is logged and the request goes on. */
static void token_seen(struct req *req, json_t *row)
{
    const char *used = jstr(row, "last_used_at");
    char minute_ago[21];
    unix_to_iso(now_unix() - 60, minute_ago);
    if (used && strcmp(used, minute_ago) >= 0) {
        return;
    }
    if (token_touch(req->db, json_integer_value(json_object_get(row, "id"))) < 0) {
        touch_failed(req, "token use");
    }
}

/* Authenticates an "Authorization: Bearer <token>" header: 0, or 401
 * with WWW-Authenticate for a malformed, unknown or revoked token or an
 * inactive user. */
static int bearer(struct req *req, const char *auth)
{
    if (strncasecmp(auth, "Bearer ", 7) != 0) {
        return req_fail(req, 401, NULL, "Brug Authorization: Bearer <nøgle>");
    }
    const char *token = auth + 7;
    while (*token == ' ') {
        token++;
    }
    unsigned char hash[AUTH_HASH_LEN];
    auth_token_hash(token, hash);
    json_t *row = token_find(req->db, hash);
    int64_t user = row ? json_integer_value(json_object_get(row, "user_id")) : 0;
    if (!row || !authn_load_user(req, user)) {
        req_header(req, "WWW-Authenticate", "Bearer realm=\"klikd\", error=\"invalid_token\"");
        return req_fail(req, 401, NULL, "Ugyldig eller tilbagekaldt API-nøgle");
    }
    req->via_token = true;
    token_seen(req, row);
    return 0;
}

int authn_identify(struct req *req)
{
    const char *auth = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Authorization");
    if (auth) {
        return bearer(req, auth);
    }
    const char *cookie = authn_cookie(req, SESSION_COOKIE);
    if (!cookie) {
        return 0;
    }
    json_t *row = NULL;
    if (strlen(cookie) == AUTH_TOKEN_LEN) {
        unsigned char hash[AUTH_HASH_LEN];
        auth_token_hash(cookie, hash);
        row = session_find(req->db, hash);
    }
    if (!row) {
        authn_set_cookie(req, SESSION_COOKIE, NULL, -1);
        return 0;
    }
    int64_t now = now_unix();
    int64_t id = json_integer_value(json_object_get(row, "id"));
    int64_t created = json_integer_value(json_object_get(row, "created_at"));
    int64_t seen = json_integer_value(json_object_get(row, "last_seen"));
    int64_t user = json_integer_value(json_object_get(row, "user_id"));
    if (now - seen > server.session_idle || now - created > server.session_max ||
        !authn_load_user(req, user)) {
        session_delete(req->db, id);
        authn_set_cookie(req, SESSION_COOKIE, NULL, -1);
        return 0;
    }
    req->session_id = id;
    req->csrf = jstr(row, "csrf_token");
    /* Refresh last_seen at most once a minute, and often enough that an
     * active session never reaches a short idle timeout. */
    int64_t every = server.session_idle / 4 < 60 ? server.session_idle / 4 : 60;
    if (now - seen >= every && session_touch(req->db, id, now) < 0) {
        touch_failed(req, "session use");
    }
    return 0;
}

int authn_start_session(struct req *req, int64_t user_id)
{
    char token[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1];
    unsigned char hash[AUTH_HASH_LEN];
    auth_random_token(token);
    auth_random_token(csrf);
    auth_token_hash(token, hash);
    const char *ua = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "User-Agent");
    char uab[200];
    snprintf(uab, sizeof uab, "%s", ua ? ua : "");
    int64_t id = session_create(req->db, user_id, hash, csrf, now_unix(), req->client_addr, uab);
    if (id < 0 || !authn_load_user(req, user_id)) {
        return -1;
    }
    if (req->session_id) {
        session_delete(req->db, req->session_id); /* no fixation: the old one goes */
    }
    req->session_id = id;
    req->csrf = arena_strdup(req->arena, csrf);
    authn_set_cookie(req, SESSION_COOKIE, token, (long)server.session_max);
    authn_set_cookie(req, PRELOGIN_COOKIE, NULL, -1);
    return 0;
}

void authn_end_session(struct req *req)
{
    if (req->session_id) {
        session_delete(req->db, req->session_id);
    }
    req->session_id = 0;
    req->csrf = NULL;
    authn_set_cookie(req, SESSION_COOKIE, NULL, -1);
}

void authn_prelogin_token(struct req *req)
{
    if (req->csrf) {
        return; /* a session's own token serves */
    }
    char token[AUTH_TOKEN_LEN + 1];
    auth_random_token(token);
    authn_set_cookie(req, PRELOGIN_COOKIE, token, 3600);
    req->csrf = arena_strdup(req->arena, token);
}
