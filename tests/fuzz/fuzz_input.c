/*
 * fuzz_input: libFuzzer target for the declared-input parsers of
 * src/http/input.c, through the entry points input_parse() uses: the first
 * byte picks the parser (query string, urlencoded form, JSON body), the
 * second a row of the real route table and whether the request is an API
 * or a page request, the rest is the text. Parsing must answer 0, 400,
 * 413 or 422 — never crash, leak or read out of bounds — and what passes
 * must be typed as the route declares: strings within their limits,
 * integers within min..max, booleans, project access maps of declared
 * values, no password left in the raw (re-displayable) values. Built and
 * run by `make fuzz` (scripts/fuzz.sh); it must not touch a database.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with why when cond is false. */
static void must(bool cond, const char *why, const struct route *r)
{
    if (!cond) {
        fprintf(stderr, "fuzz_input: route %s: %s\n", r->action, why);
        abort();
    }
}

/* Whether value v is one of in's declared values. */
static bool declared(const struct input *in, const char *v)
{
    for (const char *const *p = in->values; p && *p; p++) {
        if (strcmp(*p, v) == 0) {
            return true;
        }
    }
    return false;
}

/* Checks one typed input against its declaration. */
static void check_typed(const struct route *r, const struct input *in, json_t *v)
{
    switch (in->type) {
    case IN_INT:
        must(json_is_integer(v), "an integer input is not an integer", r);
        must(!in->max || (json_integer_value(v) >= in->min && json_integer_value(v) <= in->max),
             "an integer out of range passed", r);
        break;
    case IN_BOOL:
        must(json_is_boolean(v), "a boolean input is not a boolean", r);
        break;
    case IN_ACCESS: {
        must(json_is_object(v), "project access is not an object", r);
        const char *code;
        json_t *level;
        json_object_foreach(v, code, level) {
            must(*code && json_is_string(level) && declared(in, json_string_value(level)),
                 "an undeclared access level passed", r);
        }
        break;
    }
    case IN_ENUM:
        must(json_is_string(v), "an enum input is not a string", r);
        must(!*json_string_value(v) || declared(in, json_string_value(v)),
             "an undeclared enum value passed", r);
        break;
    default:
        must(json_is_string(v), "a text input is not a string", r);
        must(in->type == IN_PASSWORD || !in->max ||
                 strlen(json_string_value(v)) <= (size_t)in->max * 4,
             "a text longer than its limit passed", r);
        break;
    }
}

/* Checks what a parse left in req after answering rc. */
static void check_result(struct req *req, int rc)
{
    const struct route *r = req->route;
    must(rc == 0 || rc == 400 || rc == 413 || rc == 422, "an unexpected status", r);
    must(rc == 0 || req->err_msg, "a refusal without a message", r);
    must(rc != 422 || (req->err_field && json_object_size(req->errors) > 0),
         "a 422 without the field", r);
    if (rc != 0) {
        return;
    }
    must(json_object_size(req->errors) == 0, "errors recorded, yet 0", r);
    const char *key;
    json_t *v;
    json_object_foreach(req->in, key, v) {
        const struct input *in = r->inputs;
        while (in && in->name && strcmp(in->name, key) != 0) {
            in++;
        }
        must(in && in->name, "an undeclared typed input", r);
        check_typed(r, in, v);
    }
    for (const struct input *in = r->inputs; in && in->name; in++) {
        must(in->type != IN_PASSWORD || !json_object_get(req->raw, in->name),
             "a password left in the raw values", r);
        must(!(in->flags & IN_REQUIRED) || json_object_get(req->in, in->name),
             "a required input missing, yet 0", r);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool installed;
    if (!installed) {
        arena_json_install();
        installed = true;
    }
    if (size < 2) {
        return 0;
    }
    struct arena *a = arena_new();
    arena_set_current(a);
    struct req *req = arena_alloc(a, sizeof *req);
    memset(req, 0, sizeof *req);
    req->arena = a;
    req->route = &routes[data[1] % nroutes];
    req->api = (data[1] / nroutes) % 2 == 1;
    req->path = "/fuzz";
    const char *text = (const char *)data + 2;
    size_t n = size - 2;
    int rc;
    switch (data[0] % 3) {
    case 0:
        req->method = HTTP_GET;
        rc = input_parse_query_string(req, text, n);
        break;
    case 1:
        req->method = HTTP_POST;
        rc = input_parse_form(req, text, n);
        break;
    default:
        req->method = HTTP_POST;
        req->api = true;
        rc = input_parse_json(req, text, n);
        break;
    }
    check_result(req, rc);
    arena_free(a);
    return 0;
}
