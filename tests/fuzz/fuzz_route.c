/*
 * fuzz_route: libFuzzer target for path matching in src/http/router.c.
 * Every input is taken as a request path and found with route_find over
 * the real route table for each method, page or API by its prefix, and
 * matched with route_match_pattern against one pattern of every parameter
 * type. Matching must never crash or read out of bounds, and what it
 * answers must hold together: a found route's pattern matches the path
 * and its parameters fit their types; a path that is not found names the
 * methods it allows only when the asked one is not among them. Built and
 * run by `make fuzz` (scripts/fuzz.sh); it dispatches nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with why about path when cond is false. */
static void must(bool cond, const char *why, const char *path)
{
    if (!cond) {
        fprintf(stderr, "fuzz_route: %s: %s\n", path, why);
        abort();
    }
}

/* Checks the parameters route_find stored for a found route. */
static void check_params(const struct req *req)
{
    must(req->nparams <= ROUTE_MAX_PARAMS, "too many parameters", req->path);
    for (size_t i = 0; i < req->nparams; i++) {
        const char *v = req->params[i];
        must(v && *v && !strchr(v, '/'), "an empty or multi-segment parameter", req->path);
        if (strcmp(req->param_names[i], "id") == 0) {
            must(req_param_id(req, "id") > 0, "an {id:int} that is not a positive id", req->path);
        }
    }
}

/* Finds the path with each method and checks what comes back. */
static void find_all(struct arena *a, const char *path)
{
    static const int methods[] = {HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_PATCH,
                                  HTTP_DELETE, HTTP_OPTIONS};
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        struct req *req = arena_alloc(a, sizeof *req);
        memset(req, 0, sizeof *req);
        req->arena = a;
        req->method = methods[i];
        req->path = path;
        req->api = strncmp(path, "/api/", 5) == 0;
        route_find(req);
        int want = req->method == HTTP_HEAD ? HTTP_GET : req->method;
        if (req->route) {
            const char *pattern = req->api ? req->route->api : req->route->page;
            must(pattern && route_match_pattern(req, pattern, path, false),
                 "found a route whose pattern does not match", path);
            check_params(req);
            must(route_body_max(req) <= req->route->body_max, "a body limit above the route's",
                 path);
        } else {
            must(!(req->allowed & want), "not found, yet the method is allowed", path);
            must(route_body_max(req) == 0, "a body limit without a route", path);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const patterns[] = {"/x/{id:int}", "/x/{slug}/{code}", "/x/{name}",
                                           "/x/{token}/y", "/{code}/{id:int}/{slug}/{name}"};
    struct arena *a = arena_new();
    char *path = arena_strndup(a, (const char *)data, size);
    if (strlen(path) == size) { /* a path holds no NUL */
        find_all(a, path);
        for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
            struct req *req = arena_alloc(a, sizeof *req);
            memset(req, 0, sizeof *req);
            req->arena = a;
            if (route_match_pattern(req, patterns[i], path, true)) {
                req->path = path;
                check_params(req);
            }
        }
    }
    arena_free(a);
    return 0;
}
