/*
 * test_router: route matching in src/http/router.c — route_match_pattern's
 * typed parameters ({id:int}, {slug}, {code}, {name}, {token}), route_find
 * over the real route table (page and API paths, HEAD answered as GET, the
 * methods a known path allows for 405, unknown paths) and route_body_max.
 * It builds requests without a connection and must not dispatch them: no
 * server, no database, no handler runs here.
 */
#include <string.h>

#include "arena.h"
#include "check.h"
#include "http.h"

static struct arena *arena_now; /* the current request's arena */

/* A fresh request for method and path (the previous one's arena is
 * freed). Borrowed: lives until the next call or done(). */
static struct req *new_req(int method, const char *path)
{
    if (arena_now) {
        arena_free(arena_now);
    }
    arena_now = arena_new();
    struct req *req = arena_alloc(arena_now, sizeof *req);
    memset(req, 0, sizeof *req);
    req->arena = arena_now;
    req->method = method;
    req->method_name = http_method_name(method);
    req->path = path;
    req->api = strncmp(path, "/api/", 5) == 0;
    return req;
}

/* Frees the last request. */
static void done(void)
{
    if (arena_now) {
        arena_free(arena_now);
        arena_now = NULL;
    }
}

/* Whether path matches pattern (parameters not stored). */
static bool matches(const char *pattern, const char *path)
{
    struct req *req = new_req(HTTP_GET, path);
    return route_match_pattern(req, pattern, path, false);
}

/* The action route_find() picks for method and path (borrowed), or "" when
 * none; *allowed gets the methods the path accepts. */
static const char *found(int method, const char *path, int *allowed)
{
    struct req *req = new_req(method, path);
    route_find(req);
    if (allowed) {
        *allowed = req->allowed;
    }
    return req->route ? req->route->action : "";
}

TEST(int_parameters)
{
    const char *p = "/x/{id:int}";
    CHECK(matches(p, "/x/1"));
    CHECK(matches(p, "/x/907"));
    CHECK(matches(p, "/x/999999999999999")); /* 15 digits */
    const char *bad[] = {"/x/0", "/x/01", "/x/-1", "/x/+1", "/x/1x", "/x/x1", "/x/1.0",
                         "/x/", "/x/1/", "/x/ 1", "/x/1234567890123456", NULL};
    for (const char **b = bad; *b; b++) {
        if (matches(p, *b)) {
            fprintf(stdout, "#   %s matched %s\n", *b, p);
            check_failed_++;
        }
    }
    done();
}

TEST(text_parameters)
{
    CHECK(matches("/r/{slug}", "/r/projekt-leder2"));
    CHECK(!matches("/r/{slug}", "/r/Projektleder"));
    CHECK(!matches("/r/{slug}", "/r/a_b"));
    CHECK(!matches("/r/{slug}", "/r/a.b"));
    CHECK(!matches("/r/{slug}", "/r/"));
    CHECK(matches("/p/{code}", "/p/KY"));
    CHECK(matches("/p/{code}", "/p/OS2"));
    CHECK(!matches("/p/{code}", "/p/ky"));
    CHECK(!matches("/p/{code}", "/p/K-Y"));
    CHECK(!matches("/p/{code}", "/p/ABCDEFGHIJK")); /* 11 letters */
    CHECK(!matches("/p/{code}", "/p/"));
    CHECK(matches("/s/{name}", "/s/klikd.css"));
    CHECK(matches("/s/{name}", "/s/App_1-2.min.js"));
    CHECK(!matches("/s/{name}", "/s/.htaccess"));
    CHECK(!matches("/s/{name}", "/s/a/b.css"));
    CHECK(!matches("/s/{name}", "/s/a%2Fb"));
    CHECK(!matches("/s/{name}", "/s/a b"));
    CHECK(matches("/t/{token}", "/t/AbC-_09xyz"));
    CHECK(!matches("/t/{token}", "/t/abc.def"));
    CHECK(!matches("/t/{token}", "/t/abc="));
    char long_seg[260] = "/t/";
    memset(long_seg + 3, 'a', 201);
    CHECK(!matches("/t/{token}", long_seg)); /* at most 200 bytes */
    done();
}

TEST(literal_segments_and_stored_parameters)
{
    CHECK(matches("/roller", "/roller"));
    CHECK(!matches("/roller", "/roller/"));
    CHECK(!matches("/roller", "/rolle"));
    CHECK(!matches("/roller", "/rollerx"));
    const char *p = "/projekter/{code}/udpegninger/{id:int}/slet";
    const char *path = "/projekter/KY/udpegninger/17/slet";
    struct req *req = new_req(HTTP_POST, path);
    CHECK(route_match_pattern(req, p, path, true));
    CHECK_EQ_INT((long long)req->nparams, 2);
    CHECK_EQ_STR(req_param(req, "code"), "KY");
    CHECK_EQ_STR(req_param(req, "id"), "17");
    CHECK_EQ_INT(req_param_id(req, "id"), 17);
    CHECK(!matches(p, "/projekter/KY/udpegninger/17"));
    CHECK(!matches(p, "/projekter/KY/udpegninger/17/slet/x"));
    done();
}

TEST(find_page_and_api_paths)
{
    int allowed;
    CHECK_EQ_STR(found(HTTP_GET, "/admin/brugere/5", NULL), "user.show");
    CHECK_EQ_STR(found(HTTP_POST, "/admin/brugere/5", NULL), "user.update");
    CHECK_EQ_STR(found(HTTP_GET, "/api/v1/users/5", NULL), "user.show");
    CHECK_EQ_STR(found(HTTP_PATCH, "/api/v1/users/5", NULL), "user.update");
    CHECK_EQ_STR(found(HTTP_GET, "/admin/brugere/ny", NULL), "user.new"); /* not {id} */
    CHECK_EQ_STR(found(HTTP_POST, "/admin/brugere/ny", NULL), "user.create");
    CHECK_EQ_STR(found(HTTP_POST, "/log-ud", NULL), "logout");   /* page: a form post */
    CHECK_EQ_STR(found(HTTP_DELETE, "/api/v1/session", NULL), "logout");
    CHECK_EQ_STR(found(HTTP_POST, "/api/v1/session", NULL), "login");
    CHECK_EQ_STR(found(HTTP_DELETE, "/api/v1/me/sessions/3", NULL), "session.end");
    CHECK_EQ_STR(found(HTTP_POST, "/konto/sessioner/3/slet", NULL), "session.end");
    CHECK_EQ_STR(found(HTTP_GET, "/static/klikd.css", NULL), "static");
    /* a page path is not an API path and the other way round */
    CHECK_EQ_STR(found(HTTP_GET, "/api/v1/roller", &allowed), "");
    CHECK_EQ_INT(allowed, 0);
    CHECK_EQ_STR(found(HTTP_DELETE, "/log-ud", &allowed), "");
    CHECK_EQ_INT(allowed, HTTP_GET | HTTP_HEAD | HTTP_POST);
    done();
}

TEST(find_head_allowed_and_unknown)
{
    int allowed;
    CHECK_EQ_STR(found(HTTP_HEAD, "/roller", NULL), "role.list");
    CHECK_EQ_STR(found(HTTP_HEAD, "/api/v1/users/5", NULL), "user.show");
    CHECK_EQ_STR(found(HTTP_PUT, "/api/v1/users/5", &allowed), "");
    CHECK_EQ_INT(allowed, HTTP_GET | HTTP_HEAD | HTTP_PATCH);
    CHECK_EQ_STR(found(HTTP_POST, "/roller", &allowed), "");
    CHECK_EQ_INT(allowed, HTTP_GET | HTTP_HEAD);
    CHECK_EQ_STR(found(HTTP_GET, "/api/v1/session", &allowed), "");
    CHECK_EQ_INT(allowed, HTTP_POST | HTTP_DELETE);
    struct req *req = new_req(HTTP_PUT, "/api/v1/users/5");
    route_find(req);
    CHECK_EQ_STR(route_allow(req, req->allowed), "GET, HEAD, PATCH");
    const char *unknown[] = {"/nope", "/api/v1/users/05", "/api/v1/users/0", "/roller/",
                             "/admin/brugere/5/x", "/projekter/ky/udpegninger", "", "/api/v1/",
                             NULL};
    for (const char **u = unknown; *u; u++) {
        CHECK_EQ_STR(found(HTTP_GET, *u, &allowed), "");
        CHECK_EQ_INT(allowed, 0);
    }
    done();
}

/* pattern with every parameter set to a value of its type (into out). */
static void sample_path(const char *pattern, char *out, size_t cap)
{
    size_t j = 0;
    for (const char *p = pattern; *p && j + 50 < cap; p++) {
        if (*p != '{') {
            out[j++] = *p;
            continue;
        }
        const char *close = strchr(p, '}');
        const char *v = !strncmp(p, "{id:int}", 8) ? "7"
                        : !strncmp(p, "{code}", 6) ? "KY"
                        : !strncmp(p, "{name}", 6) ? "a.css"
                        : !strncmp(p, "{token}", 7) ? "Abc-_x"
                                                     : "abc";
        j += (size_t)snprintf(out + j, cap - j, "%s", v);
        p = close;
    }
    out[j] = '\0';
}

TEST(every_route_finds_itself)
{
    for (size_t i = 0; i < nroutes; i++) {
        const struct route *r = &routes[i];
        const char *patterns[2] = {r->page, r->api};
        for (int k = 0; k < 2; k++) {
            if (!patterns[k]) {
                continue;
            }
            char path[300];
            sample_path(patterns[k], path, sizeof path);
            int m = k == 1 ? r->method : r->method == HTTP_GET ? HTTP_GET : HTTP_POST;
            const char *action = found(m, path, NULL);
            if (strcmp(action, r->action) != 0) {
                fprintf(stdout, "#   %s %s: found %s, expected %s\n", http_method_name(m),
                        path, *action ? action : "nothing", r->action);
                check_failed_++;
            }
        }
    }
    done();
}

TEST(body_max)
{
    struct req *req = new_req(HTTP_POST, "/api/v1/users");
    route_find(req);
    CHECK_EQ_INT((long long)route_body_max(req), (long long)KIB(16));
    req = new_req(HTTP_POST, "/log-ud"); /* a DELETE action's form post */
    route_find(req);
    CHECK_EQ_INT((long long)route_body_max(req), (long long)KIB(16));
    req = new_req(HTTP_DELETE, "/api/v1/session"); /* the same route: no body */
    route_find(req);
    CHECK(req->route && req->route->body_max > 0);
    CHECK_EQ_INT((long long)route_body_max(req), 0);
    req = new_req(HTTP_GET, "/api/v1/users");
    route_find(req);
    CHECK_EQ_INT((long long)route_body_max(req), 0);
    req = new_req(HTTP_HEAD, "/roller");
    route_find(req);
    CHECK_EQ_INT((long long)route_body_max(req), 0);
    req = new_req(HTTP_PUT, "/api/v1/users"); /* no route */
    route_find(req);
    CHECK_EQ_INT((long long)route_body_max(req), 0);
    req = new_req(HTTP_PATCH, "/api/v1/users/3");
    route_find(req);
    CHECK_EQ_INT((long long)route_body_max(req), (long long)KIB(16));
    done();
}

int main(void)
{
    RUN(int_parameters);
    RUN(text_parameters);
    RUN(literal_segments_and_stored_parameters);
    RUN(find_page_and_api_paths);
    RUN(find_head_allowed_and_unknown);
    RUN(every_route_finds_itself);
    RUN(body_max);
    CHECK_DONE();
}
