/*
 * router: matches a request to the route table and enforces, in one place
 * and in this order, everything a handler may take for granted: the body
 * limit, a known path (404) and method (405 with Allow), who the caller is
 * (authn.c), the access level the route declares, the CSRF token of a
 * cookie session, and the declared inputs (input.c). A state-changing
 * request runs its handler inside one transaction, committed only when
 * the handler succeeds, so a failure changes nothing.
 */
#include <stdio.h>
#include <string.h>

#include "authn.h"
#include "http.h"
#include "tpl.h"
#include "util.h"

const char *http_method_name(int method)
{
    switch (method) {
    case HTTP_GET: return "GET";
    case HTTP_HEAD: return "HEAD";
    case HTTP_POST: return "POST";
    case HTTP_PUT: return "PUT";
    case HTTP_PATCH: return "PATCH";
    case HTTP_DELETE: return "DELETE";
    case HTTP_OPTIONS: return "OPTIONS";
    default: return "?";
    }
}

const char *access_name(enum access a)
{
    static const char *const names[ACCESS__MAX] = {"public", "login",     "org-admin",
                                                   "plus",   "publisher", "overseer"};
    return a < ACCESS__MAX ? names[a] : "?";
}

/* Matches pattern against path; on success stores the {params}. */
static bool match(struct req *req, const char *pattern, const char *path, bool store)
{
    const char *p = pattern, *s = path;
    size_t n = 0;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            const char *slash = strchr(s, '/');
            size_t seglen = slash ? (size_t)(slash - s) : strlen(s);
            if (!close || seglen == 0 || n == ROUTE_MAX_PARAMS) {
                return false;
            }
            if (store) {
                req->param_names[n] = arena_strndup(req->arena, p + 1, (size_t)(close - p - 1));
                req->params[n] = arena_strndup(req->arena, s, seglen);
            }
            n++;
            p = close + 1;
            s += seglen;
            continue;
        }
        if (*p != *s) {
            return false;
        }
        p++, s++;
    }
    if (*p || *s) {
        return false;
    }
    if (store) {
        req->nparams = n;
    }
    return true;
}

const struct route *route_match(struct req *req, int method, const char *path, int *allowed)
{
    int want = method == HTTP_HEAD ? HTTP_GET : method;
    *allowed = 0;
    for (size_t i = 0; i < nroutes; i++) {
        if (!match(req, routes[i].pattern, path, false)) {
            continue;
        }
        *allowed |= routes[i].method;
        if (routes[i].method == HTTP_GET) {
            *allowed |= HTTP_HEAD;
        }
        if (routes[i].method == want) {
            match(req, routes[i].pattern, path, true);
            return &routes[i];
        }
    }
    return NULL;
}

const char *route_allow(struct req *req, int methods)
{
    struct buf b = {0};
    for (int m = HTTP_GET; m <= HTTP_OPTIONS; m <<= 1) {
        if (methods & m) {
            buf_printf(&b, "%s%s", b.len ? ", " : "", http_method_name(m));
        }
    }
    const char *s = arena_strdup(req->arena, buf_str(&b));
    buf_free(&b);
    return s;
}

static bool is_write(int method)
{
    return method == HTTP_POST || method == HTTP_PUT || method == HTTP_PATCH ||
           method == HTTP_DELETE;
}

/* Sends an anonymous browser to the log-in page, or answers 401. */
static int need_login(struct req *req)
{
    if (!req->api && (req->method == HTTP_GET || req->method == HTTP_HEAD)) {
        struct buf b = {0};
        buf_puts(&b, "/log-ind?next=");
        url_encode(&b, req->path);
        req_header(req, "Location", buf_str(&b));
        buf_free(&b);
        return req_fail(req, 303, NULL, "Log ind for at se siden");
    }
    req_header(req, "WWW-Authenticate", "Bearer realm=\"klikd\"");
    return req_fail(req, 401, NULL, "Log ind først");
}

/* Checks the route's access level for the identified caller. */
static int check_access(struct req *req)
{
    enum access a = req->route->access;
    if (a == ACCESS_PUBLIC) {
        return 0;
    }
    if (!req->user) {
        return need_login(req);
    }
    switch (a) {
    case ACCESS_ORG_ADMIN:
        if (!req->user->admin) {
            return req_fail(req, 403, NULL, "Kun KLIK-administratorer har adgang");
        }
        break;
    case ACCESS_PUBLISHER:
        if (!req->user->central) {
            return req_fail(req, 403, NULL, "Kun KOMBIT har adgang");
        }
        break;
    case ACCESS_OVERSEER:
        if (!req->user->central && !req->user->admin) {
            return req_fail(req, 403, NULL, "Kun KLIK-administratorer og KOMBIT har adgang");
        }
        break;
    case ACCESS_PLUS: {
        const char *code =
            req->route->project_param ? req_param(req, req->route->project_param) : NULL;
        const char *acc = code ? json_string_value(json_object_get(req->user->projects, code))
                               : NULL;
        if (req->user->central || !acc || strcmp(acc, "plus") != 0) {
            return req_fail(req, 403, NULL, "Du har ikke redigeringsadgang (PLUS) til projektet");
        }
        break;
    }
    default:
        break;
    }
    return 0;
}

/* A cookie session's state-changing request must carry its CSRF token. */
static int check_csrf(struct req *req)
{
    if (!is_write(req->method) || req->via_token || (req->route->flags & ROUTE_NO_CSRF)) {
        return 0; /* the log-in checks its own token: there is no session yet */
    }
    if (!req->user) {
        /* Anonymous writers reach only ROUTE_NO_CSRF routes (the log-in,
         * which checks its own token); access has refused the rest. */
        return 0;
    }
    const char *sent = authn_csrf_sent(req);
    if (!sent || !req->csrf || !authn_equal(sent, req->csrf)) {
        return req_fail(req, 403, "csrf_token",
                        "Formularen er udløbet eller mangler sikkerhedsnøgle (CSRF). "
                        "Genindlæs siden og prøv igen.");
    }
    return 0;
}

/* Runs the handler, in a transaction when it may write. */
static void run_handler(struct req *req)
{
    bool write = is_write(req->method);
    if (write && db_begin(req->db) < 0) {
        req_internal(req, "begin");
        return;
    }
    int status = req->route->handler(req);
    req->status = status;
    if (!write) {
        return;
    }
    if (status < 400 || req->commit_always) {
        if (db_commit(req->db) < 0) {
            db_rollback(req->db);
            req_internal(req, "commit");
        }
    } else {
        db_rollback(req->db);
    }
}

void route_dispatch(struct req *req)
{
    if (req->body_too_large) {
        req_fail(req, 413, NULL, "Forespørgslen er for stor");
        return;
    }
    if (!utf8_valid(req->path, strlen(req->path)) || req->path[0] != '/') {
        req_fail(req, 400, NULL, "Ugyldig adresse");
        return;
    }
    int allowed = 0;
    req->route = route_match(req, req->method, req->path, &allowed);
    if (!req->route) {
        if (allowed) {
            req_header(req, "Allow", route_allow(req, allowed));
            req_fail(req, 405, NULL, "Metoden er ikke tilladt her");
        } else {
            req_fail(req, 404, NULL, "Siden findes ikke");
        }
        return;
    }
    if (authn_identify(req) != 0 || check_access(req) != 0) {
        return;
    }
    int rc = input_parse(req);
    if (rc >= 400 && rc != 422) {
        return;
    }
    if (check_csrf(req) != 0) {
        return;
    }
    req->authorized = true;
    if (rc == 422) {
        return; /* render.c shows the form again, or the JSON error */
    }
    run_handler(req);
}
