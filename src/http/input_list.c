/*
 * input_list: the list inputs of declared input validation (IN_STRLIST,
 * IN_TEXTLIST, IN_INTLIST) and blank values of nullable inputs, beside
 * input.c, which parses the request and hands each
 * list here: a JSON array on the API, the values of a repeated form field
 * on pages. Each item is validated as the matching scalar type with the
 * input's limits. Nothing here parses text, reads the database or answers
 * auth.
 */
#include <stdio.h>
#include <string.h>

#include "http.h"
#include "input_int.h"
#include "util.h"

/* See input_int.h. */
bool input_is_list(const struct input *in)
{
    return in && (in->type == IN_STRLIST || in->type == IN_TEXTLIST || in->type == IN_INTLIST);
}

/* See input_int.h. */
void input_raw_put(struct req *req, const char *key, const char *val)
{
    if (!input_is_list(input_find(req->route, key))) {
        json_object_set_new(req->raw, key, json_string(val));
        return;
    }
    json_t *a = json_object_get(req->raw, key);
    if (!json_is_array(a)) {
        a = json_array();
        json_object_set_new(req->raw, key, a);
    }
    json_array_append_new(a, json_string(val));
}

/* See input_int.h. */
bool input_blank(json_t *v)
{
    const char *s = json_string_value(v);
    if (json_is_null(v)) {
        return true;
    }
    while (s && (*s == ' ' || *s == '\t')) {
        s++;
    }
    return s && !*s;
}

/* Items a list input may hold. */
#define LIST_MAX_ITEMS 1000

/* See input_int.h. */
void input_check_list(struct req *req, const struct input *in, json_t *v)
{
    const char *label = in->label ? in->label : in->name;
    char msg[160];
    if (json_is_string(v) && !req->api) {
        v = json_pack("[O]", v); /* a form field sent once */
        json_object_set_new(req->raw, in->name, v);
    }
    if (!json_is_array(v) || json_array_size(v) > LIST_MAX_ITEMS) {
        snprintf(msg, sizeof msg, "%s skal være en liste (højst %d)", label, LIST_MAX_ITEMS);
        input_invalid(req, in->name, arena_strdup(req->arena, msg));
        return;
    }
    struct input item = *in;
    item.type = in->type == IN_INTLIST ? IN_INT : in->type == IN_TEXTLIST ? IN_TEXT : IN_STR;
    item.flags = IN_REQUIRED; /* no empty item */
    json_t *saved = req->in, *out = json_array();
    req->in = json_object();
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
        if (!req->api && json_is_string(x) && !*str_trim(arena_strdup(req->arena,
                                                                      json_string_value(x)))) {
            continue;
        }
        if (req->api && !json_is_string(x) && !(item.type == IN_INT && json_is_integer(x))) {
            snprintf(msg, sizeof msg, "%s skal være en liste af %s", label,
                     item.type == IN_INT ? "heltal" : "tekster");
            input_invalid(req, in->name, arena_strdup(req->arena, msg));
            break;
        }
        input_check_scalar(req, &item, in->name, x);
        json_t *typed = json_object_get(req->in, in->name);
        if (!typed) {
            break;
        }
        json_array_append(out, typed);
        json_object_del(req->in, in->name);
    }
    json_decref(req->in);
    req->in = saved;
    if (json_object_get(req->errors, in->name)) {
        json_decref(out);
    } else if ((in->flags & IN_REQUIRED) && json_array_size(out) == 0) {
        json_decref(out);
        snprintf(msg, sizeof msg, "%s skal udfyldes", label);
        input_invalid(req, in->name, arena_strdup(req->arena, msg));
    } else {
        json_object_set_new(req->in, in->name, out);
    }
}
