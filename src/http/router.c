/*
 * router: matches a request to the route table and enforces, in one place
 * and in this order, everything a handler may take for granted: a known
 * path (404) and method (405 with Allow), the route's body limit (413),
 * who the caller is (authn.c), what the path names (the route's resource
 * and project: 404 when absent), the caller's rights (rights.c) and the
 * route's access predicate, the declared inputs (input.c), and the CSRF
 * token of every browser write — the log-in form's included. A handler
 * holds the write lock only inside its own short transaction
 * (req_begin/req_commit); a transaction it leaves open is rolled back here,
 * and a database error it did not check turns its answer into a 500.
 */
#include <stdio.h>
#include <string.h>

#include "authn.h"
#include "http.h"
#include "model/common.h"
#include "model/org.h"
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

/* True when the n bytes at s fit the parameter type named by the pattern
 * text between '{' and '}': "id:int" a positive integer, "slug" a slug,
 * "code" a project code, "name" a file name, "token" a base64url secret. */
static bool param_fits(const char *spec, size_t speclen, const char *s, size_t n)
{
    const char *colon = memchr(spec, ':', speclen);
    const char *type = colon ? colon + 1 : spec;
    size_t tlen = colon ? speclen - (size_t)(colon + 1 - spec) : speclen;
    char buf[16];
    if (tlen >= sizeof buf || n == 0 || n > 200) {
        return false;
    }
    memcpy(buf, type, tlen);
    buf[tlen] = '\0';
    if (!strcmp(buf, "int")) {
        if (n > 15 || s[0] == '0') {
            return false;
        }
        for (size_t i = 0; i < n; i++) {
            if (s[i] < '0' || s[i] > '9') {
                return false;
            }
        }
        return true;
    }
    if (!strcmp(buf, "code")) {
        char code[16];
        if (n >= sizeof code) {
            return false;
        }
        memcpy(code, s, n);
        code[n] = '\0';
        return str_project_code(code);
    }
    bool name = !strcmp(buf, "name"), token = !strcmp(buf, "token");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (name || token) {
            ok = ok || (c >= 'A' && c <= 'Z') || c == '_' || (name && c == '.' && i > 0);
        }
        if (!ok) {
            return false;
        }
    }
    return name || token || !strcmp(buf, "slug");
}

bool route_match_pattern(struct req *req, const char *pattern, const char *path, bool store)
{
    const char *p = pattern, *s = path;
    size_t n = 0;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            const char *slash = strchr(s, '/');
            size_t seglen = slash ? (size_t)(slash - s) : strlen(s);
            if (!close || n == ROUTE_MAX_PARAMS ||
                !param_fits(p + 1, (size_t)(close - p - 1), s, seglen)) {
                return false;
            }
            if (store) {
                const char *colon = memchr(p + 1, ':', (size_t)(close - p - 1));
                const char *end = colon ? colon : close;
                req->param_names[n] = arena_strndup(req->arena, p + 1, (size_t)(end - p - 1));
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

/* The method a route answers on its page path: GET, or POST for a form. */
static int page_method(const struct route *r)
{
    return r->method == HTTP_GET ? HTTP_GET : HTTP_POST;
}

void route_find(struct req *req)
{
    int want = req->method == HTTP_HEAD ? HTTP_GET : req->method;
    req->route = NULL;
    req->allowed = 0;
    for (size_t i = 0; i < nroutes; i++) {
        const struct route *r = &routes[i];
        const char *pattern = req->api ? r->api : r->page;
        if (!pattern || !route_match_pattern(req, pattern, req->path, false)) {
            continue;
        }
        int m = req->api ? r->method : page_method(r);
        req->allowed |= m == HTTP_GET ? (HTTP_GET | HTTP_HEAD) : m;
        if (m == want) {
            route_match_pattern(req, pattern, req->path, true);
            req->route = r;
            return;
        }
    }
}

size_t route_body_max(const struct req *req)
{
    bool bodyless = req->method == HTTP_GET || req->method == HTTP_HEAD ||
                    req->method == HTTP_DELETE;
    return req->route && !bodyless ? req->route->body_max : 0;
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

/* Finds the project a route names, by its {code} path parameter or (when
 * input is set) its validated "project" input, into req->res. 0, or a
 * status: 404 for an unknown project, 500. */
static int find_project(struct req *req, bool input)
{
    const char *code = input ? req_str(req, "project") : req_param(req, "code");
    if (!code || !*code || req->res.project) {
        return 0;
    }
    int64_t id = project_id(req->db, code);
    if (id < 0) {
        return req_internal(req, "project");
    }
    if (id == 0) {
        return input ? req_fail(req, 422, "project", "Projektet findes ikke")
                     : req_fail(req, 404, NULL, "Projektet findes ikke");
    }
    req->res.project_id = id;
    req->res.project = arena_strdup(req->arena, code);
    return 0;
}

/* Evaluates the route's access predicate over the computed rights (an
 * anonymous caller of a login route was sent to log in before). */
static int check_access(struct req *req)
{
    const struct access *a = req->route->access;
    if (a->allows && !a->allows(req)) {
        return req_fail(req, 403, NULL, a->denied);
    }
    return 0;
}

/* Finds what the path names and checks access: first on the rights the
 * path's project alone gives, or for a predicate the resource can only
 * narrow (someone who may do nothing of the kind there is refused before
 * anything is looked up: 403 whatever the id), then with the resource
 * (another organisation's is "not found"). */
static int find_and_check(struct req *req)
{
    if (req->route->access->login && !req->user) {
        return need_login(req);
    }
    int rc = find_project(req, false);
    if (rc) {
        return rc;
    }
    rights_compute(req);
    bool early = req->res.project || !req->route->resource || req->route->access->early;
    if (early && (rc = check_access(req)) != 0) {
        return rc;
    }
    if (!req->route->resource) {
        return 0;
    }
    rc = req->route->resource(req);
    if (rc <= 0) {
        return rc < 0 ? req_internal(req, "resource")
                      : req_fail(req, 404, NULL, "Siden findes ikke");
    }
    rights_compute(req);
    return check_access(req);
}

/* A project named by an input must be one the caller may read. */
static int check_input_project(struct req *req)
{
    bool had = req->res.project != NULL;
    int rc = find_project(req, true);
    if (rc || had || !req->res.project) {
        return rc;
    }
    rights_compute(req);
    if (!req->can.read_project) {
        return req_fail(req, 403, "project", "Du har ikke adgang til projektet");
    }
    return 0;
}

/* Every browser write carries its CSRF token: a cookie session's, or
 * before log-in the token bound to the log-in form's short-lived cookie.
 * API tokens and JSON calls to routes anyone may use (the log-in) need
 * none: a browser cannot send JSON across sites without the server's
 * consent. */
static int check_csrf(struct req *req)
{
    if (!is_write(req->method) || req->via_token) {
        return 0;
    }
    if (req->api && (!req->user || req->route->access == &acc_public)) {
        return 0; /* JSON: the log-in, or an anonymous call */
    }
    const char *want = req->user ? req->csrf : authn_cookie(req, PRELOGIN_COOKIE);
    const char *sent = authn_csrf_sent(req);
    if (!sent || !want || !authn_equal(sent, want)) {
        return req_fail(req, 403, "csrf_token",
                        "Formularen er udløbet eller mangler sikkerhedsnøgle (CSRF). "
                        "Genindlæs siden og prøv igen.");
    }
    return 0;
}

int req_begin(struct req *req)
{
    if (db_begin(req->db) < 0) {
        req_internal(req, "begin");
        return -1;
    }
    req->in_tx = true;
    return 0;
}

int req_commit(struct req *req, int status)
{
    req->in_tx = false;
    if (db_check(req->db) < 0 || db_commit(req->db) < 0) {
        db_rollback(req->db);
        return req_internal(req, "commit");
    }
    return status;
}

/* Checks that a route's page extras added only the keys it declares (in
 * strict mode, where the tests run). */
static int check_extras_keys(struct req *req, json_t *before)
{
    const char *declared = req->route->extras_keys ? req->route->extras_keys : "";
    const char *key;
    json_t *v;
    json_object_foreach(req->view, key, v) {
        if (json_object_get(before, key)) {
            continue;
        }
        size_t n = strlen(key);
        const char *d = declared;
        bool found = false;
        while ((d = strstr(d, key)) != NULL) {
            if ((d == declared || d[-1] == ' ') && (d[n] == ' ' || d[n] == '\0')) {
                found = true;
                break;
            }
            d += n;
        }
        if (!found) {
            fprintf(stderr, "klikd: req=%s: route %s: extras added undeclared key %s\n",
                    req->id, req->route->action, key);
            return req_internal(req, "extras");
        }
    }
    return 0;
}

/* Adds the route's page-only parts to a page's view. */
static int run_extras(struct req *req, int status)
{
    if (req->api || !req->route->extras || status >= 300) {
        return status;
    }
    json_t *view = req_view(req);
    json_t *before = server.strict_templates ? json_copy(view) : NULL;
    int rc = req->route->extras(req);
    if (rc >= 400) {
        return rc;
    }
    if (before && check_extras_keys(req, before) != 0) {
        return 500;
    }
    return status;
}

int route_page_view(struct req *req, handler_fn form)
{
    int status = form(req);
    for (size_t i = 0; status < 400 && i < nroutes; i++) {
        if (routes[i].handler == form && routes[i].page && routes[i].method == HTTP_GET) {
            if (routes[i].extras && (status = routes[i].extras(req)) == 0) {
                status = 200;
            }
            break;
        }
    }
    return status;
}

/* Runs the handler; a transaction it left open is rolled back, and a
 * database error nobody checked is a 500. */
static void run_handler(struct req *req)
{
    db_clear(req->db);
    int status = req->route->handler(req);
    if (status == REQ_SUSPENDED && !req->in_tx) {
        req->suspended = true; /* the server suspends; the worker resumes */
        return;
    }
    if (req->in_tx) {
        req->in_tx = false;
        db_rollback(req->db);
        if (status < 400) {
            status = req_internal(req, "transaction left open");
        }
    }
    if (status < 400 && db_check(req->db) < 0) {
        status = req_internal(req, "unchecked database error");
    }
    req->status = run_extras(req, status);
}

void route_dispatch(struct req *req)
{
    if (req->job_done) {
        run_handler(req); /* back from the worker: everything was checked */
        return;
    }
    if (!utf8_valid(req->path, strlen(req->path)) || req->path[0] != '/') {
        req_fail(req, 400, NULL, "Ugyldig adresse");
        return;
    }
    if (!req->route) {
        if (req->allowed) {
            req_header(req, "Allow", route_allow(req, req->allowed));
            req_fail(req, 405, NULL, "Metoden er ikke tilladt her");
        } else {
            req_fail(req, 404, NULL, "Siden findes ikke");
        }
        return;
    }
    if (req->body_too_large) {
        req_fail(req, 413, NULL, "Forespørgslen er for stor");
        return;
    }
    if (req->route->access != &acc_static && authn_identify(req) != 0) {
        return;
    }
    if (find_and_check(req) != 0) {
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
    if (rc == 422 || check_input_project(req) != 0) {
        return; /* render.c shows the form again, or the JSON error */
    }
    run_handler(req);
}
