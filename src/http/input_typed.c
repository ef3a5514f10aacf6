/*
 * input_typed: uploaded files (IN_FILE): a multipart/form-data body's text
 * parts are form fields, validated as a form's are, and a file part of a
 * declared IN_FILE input stays in the request body, described by its name,
 * type, offset and size, never copied. What a file may contain is the
 * handler's to decide. Nothing here reads the database.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "input_int.h"
#include "util.h"

/* What parse_part() fills: the request and the file parts found. */
struct mp_ctx {
    struct req *req;
    json_t *files; /* {"name": {filename, content_type, offset, size}} */
};

/* multipart_parse() callback: a text part becomes a raw field (UTF-8, no
 * NUL), a file part of a declared IN_FILE input is noted in files. */
static int parse_part(void *p, const struct multipart_part *part)
{
    struct mp_ctx *c = p;
    struct req *req = c->req;
    char *name = arena_strndup(req->arena, part->name, part->name_len);
    if (!*name || !utf8_valid(name, part->name_len) || strlen(name) != part->name_len) {
        return -1;
    }
    if (!part->has_filename) {
        char *v = arena_strndup(req->arena, part->data, part->data_len);
        if (strlen(v) != part->data_len || !utf8_valid(v, part->data_len)) {
            return -1;
        }
        input_raw_put(req, name, v);
        return 0;
    }
    const struct input *in = input_find(req->route, name);
    if (!in || in->type != IN_FILE) {
        json_object_set_new(req->raw, name, json_string("")); /* refused by name */
        return 0;
    }
    char *fname = arena_strndup(req->arena, part->filename, part->filename_len);
    char *type = part->type ? arena_strndup(req->arena, part->type, part->type_len) : "";
    if (strlen(fname) != part->filename_len || !utf8_valid(fname, part->filename_len)) {
        return -1;
    }
    json_object_set_new(c->files, name,
                        json_pack("{s:s,s:s,s:I,s:I}", "filename", fname, "content_type",
                                  type, "offset", (json_int_t)(part->data - req->body), "size",
                                  (json_int_t)part->data_len));
    return 0;
}

/* See input_int.h. A multipart/form-data body: its text fields are validated as a
 * form's are, and each IN_FILE input takes its file part (required ones
 * must have one with a name). 0, or 400/422 with the slot set. */
int input_parse_multipart(struct req *req)
{
    const char *full = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Content-Type");
    char boundary[80];
    input_start(req);
    struct mp_ctx c = {req, json_object()};
    if (multipart_boundary(full, boundary, sizeof boundary) < 0 || !req->body ||
        multipart_parse(req->body, req->body_len, boundary, parse_part, &c) < 0) {
        json_decref(c.files);
        return req_fail(req, 400, NULL, "Ugyldige multipart-data");
    }
    int rc = input_validate_all(req);
    for (const struct input *in = req->route->inputs; in && in->name; in++) {
        json_t *f = in->type == IN_FILE ? json_object_get(c.files, in->name) : NULL;
        const char *fname = f ? json_string_value(json_object_get(f, "filename")) : NULL;
        if (f && fname && *fname) {
            json_object_set(req->in, in->name, f);
        } else if (in->type == IN_FILE && (in->flags & IN_REQUIRED)) {
            char msg[160];
            snprintf(msg, sizeof msg, "%s skal vælges", in->label ? in->label : in->name);
            input_invalid(req, in->name, arena_strdup(req->arena, msg));
            rc = 422;
        }
    }
    json_decref(c.files);
    return rc;
}

/* See input_int.h. */
bool input_takes_file(const struct route *r)
{
    for (const struct input *in = r->inputs; in && in->name; in++) {
        if (in->type == IN_FILE) {
            return true;
        }
    }
    return false;
}

