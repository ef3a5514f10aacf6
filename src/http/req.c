/*
 * req: the small accessors handlers use on struct req — the error slot,
 * route parameters, typed inputs, extra headers, breadcrumbs and the
 * caller's organisation scope. They read what the router has already
 * checked; none of them validates input itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <microhttpd.h>
#include <string.h>

#include "http.h"
#include "util.h"

int req_fail(struct req *req, int status, const char *field, const char *msg)
{
    req->status = status;
    req->err_field = field;
    req->err_msg = msg;
    return status;
}

int req_internal(struct req *req, const char *what)
{
    fprintf(stderr, "klikd: req=%s %s %s: %s: %s\n", req->id, req->method_name, req->path, what,
            req->db ? db_errmsg(req->db) : "-");
    return req_fail(req, 500, NULL, "Der opstod en intern fejl. Prøv igen om lidt.");
}

const char *req_param(const struct req *req, const char *name)
{
    for (size_t i = 0; i < req->nparams; i++) {
        if (strcmp(req->param_names[i], name) == 0) {
            return req->params[i];
        }
    }
    return NULL;
}

int64_t req_param_id(const struct req *req, const char *name)
{
    const char *s = req_param(req, name);
    if (!s || !*s || strlen(s) > 15) {
        return 0;
    }
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') {
            return 0;
        }
        v = v * 10 + (*p - '0');
    }
    return v;
}

const char *req_str(const struct req *req, const char *name)
{
    return req->in ? json_string_value(json_object_get(req->in, name)) : NULL;
}

bool req_int(const struct req *req, const char *name, int64_t *out)
{
    json_t *v = req->in ? json_object_get(req->in, name) : NULL;
    if (!json_is_integer(v)) {
        return false;
    }
    *out = json_integer_value(v);
    return true;
}

bool req_bool(const struct req *req, const char *name)
{
    return req->in && json_is_true(json_object_get(req->in, name));
}

bool req_has(const struct req *req, const char *name)
{
    return req->in && json_object_get(req->in, name) != NULL;
}

json_t *req_json(const struct req *req, const char *name)
{
    return req->in ? json_object_get(req->in, name) : NULL;
}

void req_header(struct req *req, const char *name, const char *value)
{
    struct hdr *h = arena_alloc(req->arena, sizeof *h);
    h->name = arena_strdup(req->arena, name);
    h->value = arena_strdup(req->arena, value);
    h->next = NULL;
    struct hdr **tail = &req->headers;
    while (*tail) {
        tail = &(*tail)->next;
    }
    *tail = h; /* in order: a later Set-Cookie of the same name wins */
}

void req_defer(struct req *req, void (*fn)(void *), void *p)
{
    arena_defer(req->arena, fn, p);
}

json_t *req_view(struct req *req)
{
    if (!req->view) {
        req->view = json_object();
    }
    return req->view;
}

void req_crumb(struct req *req, const char *href, const char *label)
{
    if (!req->crumbs) {
        req->crumbs = json_array();
    }
    json_array_append_new(req->crumbs, json_pack("{s:s?,s:s}", "href", href, "label", label));
}

struct owner_filter req_read_scope(const struct req *req)
{
    struct owner_filter f = {false, -1};
    if (req->user) {
        f.all = req->user->central;
        f.owner_id = req->user->org_id;
    }
    return f;
}

struct owner_filter req_write_scope(const struct req *req)
{
    struct owner_filter f = {false, -1};
    if (req->user) {
        f.owner_id = req->user->org_id;
    }
    return f;
}

const char *req_origin(const struct req *req)
{
    const char *host = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Host");
    bool ok = host && *host && strlen(host) < 256 && strcspn(host, "/\\@ \t\"<>") == strlen(host);
    return arena_printf(req->arena, "%s://%s", req->secure ? "https" : "http",
                        ok ? host : "localhost");
}
