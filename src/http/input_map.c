/*
 * input_map: map inputs (IN_ACCESS, a project code → access type; IN_MAP,
 * a short key → a short value), given as a JSON object or as form fields
 * named "<input>.<KEY>". Validation only, like the rest of the input layer.
 */
#include <string.h>

#include "http.h"
#include "input_int.h"
#include "util.h"

/* Whether a map input's entry is valid: IN_ACCESS a project code with one
 * of in->values or ""; IN_MAP a key of a-z 0-9 - . and a short value. */
static bool map_entry_ok(const struct input *in, const char *key, const char *val)
{
    bool access = in->type == IN_ACCESS;
    size_t n = strlen(key);
    return *key && val && n <= (access ? 10u : 120u) &&
           strspn(key, access ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                              : "abcdefghijklmnopqrstuvwxyz0123456789-.") == n &&
           (access || (strlen(val) <= 40 && !input_has_control(val, false))) &&
           (!*val || !in->values || input_in_values(in, val));
}

/* Validates a map input: a JSON object or form fields "<name>.<KEY>" (map_entry_ok). */
void input_check_map(struct req *req, const struct input *in)
{
    json_t *map = json_object();
    json_t *src = json_object_get(req->raw, in->name);
    bool present = src != NULL;
    if (src && !json_is_object(src)) {
        input_invalid(req, in->name, in->type == IN_MAP ? "Skal være et objekt"
                                                        : "Projektadgang skal være et objekt, fx "
                                                          "{\"KY\": \"plus\"}");
        json_decref(map);
        return;
    }
    size_t plen = strlen(in->name);
    const char *key;
    json_t *v;
    json_object_foreach(src ? src : req->raw, key, v) {
        const char *code = key;
        if (!src) {
            if (!str_starts(key, in->name) || key[plen] != '.') {
                continue;
            }
            code = key + plen + 1;
            present = true;
        }
        const char *val = json_is_null(v) ? "" : json_string_value(v);
        if (!map_entry_ok(in, code, val)) {
            input_invalid(req, in->name,
                          in->type == IN_MAP ? "Ugyldig værdi" : "Ugyldig projektadgang");
            json_decref(map);
            return;
        }
        if (*val) {
            json_object_set_new(map, code, json_string(val));
        }
    }
    if (present || !req->api) {
        json_object_set_new(req->in, in->name, map);
    } else {
        json_decref(map);
    }
}

