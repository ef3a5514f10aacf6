/*
 * input_typed: the two input types that are more than one text value — a
 * list of integers (IN_IDS: ticked boxes of a form, or a JSON array) and
 * an uploaded file (IN_FILE: a part of a multipart/form-data body, kept
 * in the request body and described by offset and size, never copied).
 * It validates shape and range only; what a file may contain is the
 * handler's to decide. Nothing here reads the database.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "input_int.h"
#include "util.h"

/* Validates one integer of an id list against in's range; adds it to
 * list. False after recording why not. */
static bool id_item(struct req *req, const struct input *in, json_t *list, json_t *v)
{
    long long n = 0;
    const char *s = json_string_value(v);
    char *end = NULL;
    bool ok = json_is_integer(v) ? (n = json_integer_value(v), true)
                                 : s && *s && strlen(s) < 16 &&
                                       (n = strtoll(s, &end, 10), *end == '\0');
    if (!ok || n < in->min || (in->max && n > in->max) || json_array_size(list) >= 1000) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s skal være en liste af heltal fra %ld til %ld",
                 in->label ? in->label : in->name, in->min, in->max);
        input_invalid(req, in->name, arena_strdup(req->arena, msg));
        return false;
    }
    json_array_append_new(list, json_integer(n));
    return true;
}

/* See input_int.h. A list of ids: a JSON array, or form fields "<name>.<N>" whose
 * value is ticked ("1", "on", "true"); a form field "<name>" alone says
 * the list was shown (none ticked). Absent when neither came. */
void input_check_ids(struct req *req, const struct input *in)
{
    json_t *list = json_array();
    json_t *src = json_object_get(req->raw, in->name);
    bool present = src != NULL;
    if (req->api && src) {
        size_t i;
        json_t *v;
        if (!json_is_array(src)) {
            input_invalid(req, in->name, "Skal være en liste af heltal, fx [1, 2]");
            json_decref(list);
            return;
        }
        json_array_foreach(src, i, v) {
            if (!id_item(req, in, list, v)) {
                json_decref(list);
                return;
            }
        }
    } else if (!req->api) {
        size_t plen = strlen(in->name);
        const char *key;
        json_t *v;
        json_object_foreach(req->raw, key, v) {
            const char *val = json_string_value(v);
            if (!str_starts(key, in->name) || key[plen] != '.' || !val) {
                continue;
            }
            present = true;
            json_t *n = json_string(key + plen + 1);
            bool ticked = !strcmp(val, "1") || !strcmp(val, "on") || !strcmp(val, "true");
            bool ok = !ticked || id_item(req, in, list, n);
            json_decref(n);
            if (!ok) {
                json_decref(list);
                return;
            }
        }
    }
    if (present) {
        json_object_set_new(req->in, in->name, list);
    } else {
        json_decref(list);
    }
}


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
        json_object_set_new(req->raw, name, json_string(v));
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

