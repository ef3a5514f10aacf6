/*
 * render: turns a handled request into a response body. The API gets the
 * view as JSON (or {"error", "field"}); pages get the view through the
 * route's template inside the common layout, a form shown again with its
 * errors and typed values on 422, an error page otherwise, and a 303 to
 * the changed thing after a successful form post. One view, two
 * representations; no handler formats output itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "authn.h"
#include "http.h"
#include "model/notification.h"
#include "tpl.h"
#include "util.h"

static const char *status_text(int status)
{
    switch (status) {
    case 400: return "Ugyldig forespørgsel";
    case 401: return "Log ind først";
    case 403: return "Du har ikke adgang";
    case 404: return "Siden findes ikke";
    case 405: return "Metoden er ikke tilladt";
    case 409: return "Konflikt";
    case 413: return "Forespørgslen er for stor";
    case 415: return "Forkert indholdstype";
    case 422: return "Ret felterne markeret nedenfor";
    case 429: return "For mange forsøg";
    default: return "Der opstod en fejl";
    }
}

/* Copies a string into a malloc'd response body. */
static void set_body(struct render_out *out, const char *s, size_t n, const char *type)
{
    out->data = xmalloc(n + 1);
    memcpy(out->data, s, n);
    out->data[n] = '\0';
    out->len = n;
    out->content_type = type;
}

static void render_json(struct req *req, struct render_out *out)
{
    if (req->status == 201 && (req->api_location || req->location)) {
        req_header(req, "Location", req->api_location ? req->api_location : req->location);
    }
    if (req->status == 204 || req->method == HTTP_HEAD) {
        set_body(out, "", 0, req->status == 204 ? NULL : "application/json; charset=utf-8");
        return;
    }
    json_t *body;
    if (req->status >= 400) {
        body = json_pack("{s:s}", "error", req->err_msg ? req->err_msg : status_text(req->status));
        if (req->err_field) {
            json_object_set_new(body, "field", json_string(req->err_field));
        }
        if (req->errors && json_object_size(req->errors) > 1) {
            json_object_set(body, "errors", req->errors);
        }
    } else {
        body = req->view ? json_incref(req->view) : json_object();
    }
    char *s = json_text(body, JSON_COMPACT);
    json_decref(body);
    if (!s) {
        /* Only text that is not UTF-8 can make Jansson refuse. */
        fprintf(stderr, "klikd: req=%s: the answer cannot be written as JSON\n", req->id);
        req->status = 500;
        s = xstrdup("{\"error\":\"Der opstod en intern fejl.\"}");
    }
    size_t n = strlen(s);
    out->data = xmalloc(n + 2);
    memcpy(out->data, s, n);
    out->data[n] = '\n';
    out->data[n + 1] = '\0';
    out->len = n + 1;
    out->content_type = "application/json; charset=utf-8";
    free(s);
}

#define NOTICE_COOKIE "klikd_notice"

/* The confirmation a successful form post left for the page it
 * redirected to (the route's notice, named by its action in a short-lived
 * cookie), or NULL; the cookie is spent. */
static const char *take_notice(struct req *req)
{
    const char *action = authn_cookie(req, NOTICE_COOKIE);
    if (!action) {
        return NULL;
    }
    authn_set_cookie(req, NOTICE_COOKIE, NULL, -1);
    for (size_t i = 0; i < nroutes; i++) {
        if (routes[i].notice && !strcmp(routes[i].action, action)) {
            return routes[i].notice;
        }
    }
    return NULL;
}

/* The context every page shares: who is logged in and what they may do,
 * the CSRF token, the title, breadcrumbs and a confirmation. */
static json_t *page_context(struct req *req)
{
    json_t *page = json_object();
    json_object_set_new(page, "can", rights_view(req));
    const char *notice = take_notice(req);
    if (notice) {
        json_object_set_new(page, "notice", json_string(notice));
    }
    if (req->user) {
        /* the header's count of unread notifications; a failed count
         * shows none rather than failing the page */
        int64_t unread = notification_unread(req->db, req->user->id);
        if (unread < 0) {
            db_clear(req->db);
            unread = 0;
        }
        json_object_set_new(page, "me",
                            json_pack("{s:s,s:s,s:s,s:b,s:b,s:I}", "name", req->user->name,
                                      "email", req->user->email, "org_name", req->user->org_name,
                                      "admin", req->user->admin, "central", req->user->central,
                                      "unread", (json_int_t)unread));
    }
    if (req->csrf) {
        json_object_set_new(page, "csrf_token", json_string(req->csrf));
    }
    json_object_set_new(page, "page_title", json_string(req->title ? req->title : "klikd"));
    if (req->crumbs) {
        json_object_set_new(page, "crumbs", json_pack("{s:O}", "items", req->crumbs));
    }
    json_object_set_new(page, "page_status", json_integer(req->status));
    return page;
}

/* Renders tpl with the page context under the view. */
static void render_page(struct req *req, struct render_out *out, const char *tpl)
{
    json_t *ctx[2] = {page_context(req), req->view ? req->view : json_object()};
    struct buf b = {0};
    char *err = NULL;
    if (tpl_render(req->tpl_set, tpl, ctx, 2, &b, &err) < 0) {
        fprintf(stderr, "klikd: req=%s: %s\n", req->id, err);
        free(err);
        buf_reset(&b);
        buf_puts(&b, "<!doctype html><title>Fejl</title><p>Siden kan ikke vises.</p>");
        req->status = 500;
    }
    out->len = b.len;
    out->data = buf_take(&b);
    out->content_type = "text/html; charset=utf-8";
}

/* The alert above a form shown again: "Ret felterne markeret nedenfor",
 * and the errors of fields the route does not declare (which no field of
 * the form can show), so nothing goes unsaid (arena). */
static const char *error_summary(struct req *req, json_t *errors)
{
    struct buf b = {0};
    buf_puts(&b, status_text(422));
    buf_puts(&b, ".");
    const char *key;
    json_t *v;
    json_object_foreach(errors, key, v) {
        bool declared = false;
        for (const struct input *in = req->route->inputs; in && in->name; in++) {
            size_t n = strlen(in->name); /* "projects" declares "projects.KY" too */
            declared = declared ||
                       (!strncmp(key, in->name, n) && (key[n] == '\0' || key[n] == '.'));
        }
        if (!declared && json_is_string(v)) {
            buf_printf(&b, " %s: %s.", key, json_string_value(v));
        }
    }
    const char *text = arena_strdup(req->arena, buf_str(&b));
    buf_free(&b);
    return text;
}

/* A form post that failed validation: the form again, with errors. */
static bool render_form_again(struct req *req, struct render_out *out)
{
    const struct route *r = req->route;
    if (!r || !r->form || !req->authorized ||
        (req->status != 401 && req->status != 409 && req->status != 422 && req->status != 429)) {
        return false;
    }
    int status = req->status;
    const char *field = req->err_field, *msg = req->err_msg;
    json_t *errors = req->errors ? req->errors : json_object();
    if (field && !json_object_get(errors, field)) {
        json_object_set_new(errors, field, json_string(msg));
    }
    req->view = NULL;
    if (route_page_view(req, r->form) >= 400 || !req->tpl) {
        return false;
    }
    json_t *view = req_view(req);
    json_object_set(view, "errors", errors);
    json_object_set_new(view, "error",
                        json_string(status == 422 && field ? error_summary(req, errors)
                                    : msg                  ? msg
                                                           : status_text(status)));
    json_object_set(view, "form", req->raw ? req->raw : json_object());
    req->status = status;
    render_page(req, out, req->tpl);
    return true;
}

/* An error page's way back: the nearest breadcrumb with a link. */
static json_t *back_link(struct req *req)
{
    for (size_t i = json_array_size(req->crumbs); i-- > 0;) {
        json_t *c = json_array_get(req->crumbs, i);
        if (json_string_value(json_object_get(c, "href"))) {
            return json_incref(c);
        }
    }
    return NULL;
}

/* Tests (strict mode) may ask a page for the view it renders, extras
 * included, as JSON: "X-Klikd-View: 1". */
static bool wants_view(struct req *req)
{
    const char *h = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-Klikd-View");
    return server.strict_templates && h && !strcmp(h, "1");
}

static void render_html(struct req *req, struct render_out *out)
{
    if (req->status < 300 && wants_view(req)) {
        render_json(req, out);
        return;
    }
    bool write = req->method == HTTP_POST || req->method == HTTP_PUT ||
                 req->method == HTTP_PATCH || req->method == HTTP_DELETE;
    if (req->status < 300 && write && (req->location || !req->tpl)) {
        req->status = 303; /* post, redirect, get */
        req_header(req, "Location", req->location ? req->location : req->path);
        if (req->route && req->route->notice) {
            authn_set_cookie(req, NOTICE_COOKIE, req->route->action, 60);
        }
    }
    if (req->status >= 300 && req->status < 400) {
        set_body(out, "", 0, "text/html; charset=utf-8");
        return;
    }
    if (req->status >= 400) {
        if (render_form_again(req, out)) {
            return;
        }
        req->view = json_pack("{s:i,s:s}", "code", req->status, "message",
                              req->err_msg ? req->err_msg : status_text(req->status));
        json_t *back = back_link(req);
        if (back) {
            json_object_set_new(req->view, "back", back);
        }
        req->title = status_text(req->status);
        render_page(req, out, "error");
        return;
    }
    render_page(req, out, req->tpl ? req->tpl : "error");
}

void render_response(struct req *req, struct render_out *out)
{
    if (!req->status) {
        req_fail(req, 500, NULL, NULL);
    }
    if (req->raw_body && req->status < 400) {
        set_body(out, req->raw_body, req->raw_len, req->content_type);
        return;
    }
    if (req->api || !req->tpl_set) {
        render_json(req, out);
    } else {
        render_html(req, out);
    }
}
