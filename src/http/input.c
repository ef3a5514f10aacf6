/*
 * input: declared input validation. A route lists its fields with types
 * and limits; this parses the query string (GET, HEAD, DELETE), a form body
 * (pages) or a JSON object (API), rejects unknown fields — except unknown
 * query parameters of pages and static files, which are dropped, since
 * links carry tracking tags and cache busters — and stores typed
 * values in req->in. Handlers read only what passed here. The submitted
 * text (never passwords) is kept in req->raw so a form can be shown again
 * with what was typed. The three parsers take the text itself
 * (input_parse_query_string, input_parse_form, input_parse_json), so tests
 * and fuzzers run the very code input_parse() runs; only input_parse()
 * talks to libmicrohttpd, for the Content-Type and the query, which it
 * hands on re-encoded. Nothing here reads the database or answers auth.
 */
#include <ctype.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "input_int.h"
#include "tpl.h"
#include "util.h"

#define DEFAULT_STR_MAX 200
#define DEFAULT_TEXT_MAX 20000

/* See input_int.h. */
void input_invalid(struct req *req, const char *field, const char *msg)
{
    if (!json_object_get(req->errors, field)) {
        json_object_set_new(req->errors, field, json_string(msg));
    }
    if (!req->err_field) {
        req_fail(req, 422, field, msg);
    }
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Percent-decodes n bytes of s ('+' is a space) into the arena (owned by
 * it); NULL when an escape is malformed, decodes to NUL, or the result is
 * not UTF-8. */
static char *form_decode(struct req *req, const char *s, size_t n)
{
    char *out = arena_alloc(req->arena, n + 1);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            out[j++] = ' ';
        } else if (s[i] == '%') {
            if (i + 2 >= n) {
                return NULL;
            }
            int a = hexval(s[i + 1]), b = hexval(s[i + 2]);
            if (a < 0 || b < 0 || (a == 0 && b == 0)) {
                return NULL;
            }
            out[j++] = (char)(a * 16 + b);
            i += 2;
        } else if (s[i] == '\0') {
            return NULL;
        } else {
            out[j++] = s[i];
        }
    }
    out[j] = '\0';
    return utf8_valid(out, j) ? out : NULL;
}

/* See input_int.h. */
const struct input *input_find(const struct route *r, const char *name)
{
    for (const struct input *in = r->inputs; in && in->name; in++) {
        if (strcmp(in->name, name) == 0) {
            return in;
        }
        if ((in->type == IN_ACCESS || in->type == IN_MAP) && str_starts(name, in->name) &&
            name[strlen(in->name)] == '.') {
            return in;
        }
    }
    return NULL;
}

/* One '&'-separated "key=value" pair of a query string or form body, split
 * at its first '='; pointers into the text, nothing decoded. */
struct pair {
    const char *key;   /* the key's bytes, not decoded */
    size_t klen;
    const char *value; /* the value's bytes, or NULL when there is no '=' */
    size_t vlen;
};

/* Splits the next '&'-separated pair off *p (up to end) into out and moves
 * *p past it. False when nothing is left. Empty pairs ("&&") come back with
 * klen 0 and no value. */
static bool next_pair(const char **p, const char *end, struct pair *out)
{
    if (*p >= end) {
        return false;
    }
    const char *amp = memchr(*p, '&', (size_t)(end - *p));
    const char *stop = amp ? amp : end;
    const char *eq = memchr(*p, '=', (size_t)(stop - *p));
    out->key = *p;
    out->klen = (size_t)((eq ? eq : stop) - *p);
    out->value = eq ? eq + 1 : NULL;
    out->vlen = eq ? (size_t)(stop - eq - 1) : 0;
    *p = amp ? amp + 1 : end;
    return true;
}

/* Parses an application/x-www-form-urlencoded body into req->raw: every
 * field is kept (unknown ones are refused by name later), the last of
 * duplicate keys wins. 0, or 400 with the slot set for an empty key or a
 * malformed or non-UTF-8 escape. */
static int parse_form(struct req *req, const char *body, size_t len)
{
    const char *p = body, *end = body + len;
    struct pair f;
    while (next_pair(&p, end, &f)) {
        if (f.klen == 0 && !f.value) {
            continue;
        }
        char *key = form_decode(req, f.key, f.klen);
        char *val = f.value ? form_decode(req, f.value, f.vlen) : "";
        if (!key || !val || !*key) {
            return req_fail(req, 400, NULL, "Ugyldige formulardata");
        }
        input_raw_put(req, key, val);
    }
    return 0;
}

/* Parses a query string (without the '?') into req->raw, decoded as a form
 * body is. A page's parameter that no input declares (tracking tags, cache
 * busters) is dropped before its value is even decoded, so an odd one
 * never fails a page; on the API every parameter is kept, to be refused by
 * name. 0, or 400 with the slot set. */
static int parse_query(struct req *req, const char *data, size_t len)
{
    const char *p = data, *end = data + len;
    struct pair f;
    while (next_pair(&p, end, &f)) {
        if (f.klen == 0 && !f.value) {
            continue;
        }
        char *key = form_decode(req, f.key, f.klen);
        if (!req->api && (!key || !input_find(req->route, key))) {
            continue;
        }
        char *val = f.value ? form_decode(req, f.value, f.vlen) : "";
        if (!key || !*key || !val) {
            return req_fail(req, 400, NULL, "Ugyldig forespørgsel");
        }
        input_raw_put(req, key, val);
    }
    return 0;
}

/* MHD_get_connection_values callback: appends one query parameter, which
 * libmicrohttpd has already split and decoded, to the buffer cls encoded
 * again, so that parse_query() sees the query string in the one form it
 * parses. */
static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    struct buf *b = cls;
    if (b->len) {
        buf_putc(b, '&');
    }
    url_encode(b, key ? key : "");
    if (value) {
        buf_putc(b, '=');
        url_encode(b, value);
    }
    return MHD_YES;
}

/* The request's query string as parse_query() takes it (arena), "" when
 * there is none. */
static const char *query_text(struct req *req)
{
    struct buf b = {0};
    MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, query_arg, &b);
    const char *s = arena_strndup(req->arena, b.len ? buf_str(&b) : "", b.len);
    buf_free(&b);
    return s;
}

/* The request's Content-Type without parameters (arena), or "". */
static const char *content_type(struct req *req)
{
    const char *ct = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Content-Type");
    if (!ct) {
        return "";
    }
    const char *semi = strchr(ct, ';');
    char *t = arena_strndup(req->arena, ct, semi ? (size_t)(semi - ct) : strlen(ct));
    for (char *c = t; *c; c++) {
        *c = (char)tolower((unsigned char)*c);
    }
    return str_trim(t);
}

/* Whether the request's inputs come from the query string (GET, HEAD,
 * DELETE, OPTIONS) rather than the body. */
static bool from_query(const struct req *req)
{
    int m = req->method;
    return m == HTTP_GET || m == HTTP_HEAD || m == HTTP_DELETE || m == HTTP_OPTIONS;
}

/* Values a JSON body may hold. A route takes a handful of fields, and a
 * parsed value costs Jansson tens of bytes: a 1 MB array of small numbers
 * would otherwise cost about 17 MB before it is refused. */
#define JSON_MAX_VALUES 10000

/* Whether the JSON text of n bytes at s holds at most JSON_MAX_VALUES
 * values, counted from its separators and brackets outside strings (no
 * parsing, no allocation). */
static bool json_small(const char *s, size_t n)
{
    size_t values = 0;
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            i += c == '\\';
            in_str = c != '"';
        } else if (c == '"') {
            in_str = true;
        } else if (c == ',' || c == ':' || c == '[' || c == '{') {
            if (++values > JSON_MAX_VALUES) {
                return false;
            }
        }
    }
    return true;
}

/* Parses a JSON body of n bytes into req->raw: an empty body is no
 * fields; otherwise an object of at most JSON_MAX_VALUES values without
 * duplicate keys. 0, or 413/400 with the slot set. */
static int parse_json(struct req *req, const char *data, size_t n)
{
    if (n == 0) {
        return 0;
    }
    if (!json_small(data, n)) {
        return req_fail(req, 413, NULL, "JSON-dokumentet har for mange værdier");
    }
    json_error_t e;
    json_t *v = json_loadb(data, n, JSON_REJECT_DUPLICATES, &e);
    if (!json_is_object(v)) {
        json_decref(v);
        return req_fail(req, 400, NULL, "Ugyldig JSON: forventede et objekt");
    }
    json_decref(req->raw);
    req->raw = v;
    return 0;
}

/* Code points in s. */
static size_t ulen(const char *s)
{
    size_t n = 0;
    for (; *s; s++) {
        n += ((unsigned char)*s & 0xC0) != 0x80;
    }
    return n;
}

bool input_has_control(const char *s, bool newlines)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c < 0x20 && !(newlines && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7f) {
            return true;
        }
    }
    return false;
}

static bool valid_email(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254) {
        return false;
    }
    const char *dot = strrchr(at + 1, '.');
    if (!dot || dot == at + 1 || !dot[1]) {
        return false;
    }
    for (const char *p = s; *p; p++) {
        if (*p <= ' ' || *p == '<' || *p == '>' || *p == '"' || *p == ',' || *p == ';') {
            return false;
        }
    }
    return true;
}

bool input_in_values(const struct input *in, const char *v)
{
    for (const char *const *p = in->values; p && *p; p++) {
        if (strcmp(*p, v) == 0) {
            return true;
        }
    }
    return false;
}

/* Validates a text value (every type but IN_INT and IN_BOOL); returns the
 * typed value, or NULL after recording why not. */
static json_t *check_text(struct req *req, const struct input *in, const char *name,
                          const char *s)
{
    const char *label = in->label ? in->label : in->name;
    char msg[160];
    if (!s) {
        snprintf(msg, sizeof msg, "%s skal være tekst", label);
        input_invalid(req, name, arena_strdup(req->arena, msg));
        return NULL;
    }
    bool keep = in->type == IN_PASSWORD;
    char *t = keep ? arena_strdup(req->arena, s) : str_trim(arena_strdup(req->arena, s));
    const char *why = NULL;
    long max = in->max ? in->max : in->type == IN_TEXT ? DEFAULT_TEXT_MAX : DEFAULT_STR_MAX;
    if (in->type == IN_PASSWORD) {
        max = in->max ? in->max : 1024;
    }
    size_t n = in->type == IN_PASSWORD ? strlen(t) : ulen(t);
    if ((in->flags & IN_REQUIRED) && n == 0) {
        why = "skal udfyldes";
    } else if (input_has_control(t, in->type == IN_TEXT)) {
        why = "indeholder ugyldige tegn";
    } else if ((long)n > max) {
        why = "er for lang";
    } else if (n > 0 && (long)n < in->min) {
        why = "er for kort";
    } else if (in->type == IN_EMAIL && n > 0) {
        for (char *c = t; *c; c++) {
            *c = (char)tolower((unsigned char)*c);
        }
        why = valid_email(t) ? NULL : "er ikke en gyldig e-mailadresse";
    } else if (in->type == IN_DATE && n > 0) {
        int64_t day;
        why = date_parse(t, &day) ? NULL : "skal være en dato (ÅÅÅÅ-MM-DD)";
    } else if (in->type == IN_ENUM && n > 0 && !input_in_values(in, t)) {
        why = "har en ugyldig værdi";
    }
    if (why) {
        snprintf(msg, sizeof msg, "%s %s", label, why);
        input_invalid(req, name, arena_strdup(req->arena, msg));
        return NULL;
    }
    return json_string(t);
}

/* See input_int.h. */
void input_check_scalar(struct req *req, const struct input *in, const char *name, json_t *v)
{
    const char *label = in->label ? in->label : in->name;
    char msg[160];
    json_t *typed = NULL;
    const char *s = json_string_value(v);
    if (json_is_null(v)) {
        s = "";
    }
    switch (in->type) {
    case IN_INT:
        if (json_is_integer(v)) {
            typed = json_integer(json_integer_value(v));
        } else if (s && *s && strlen(s) < 16) {
            char *end;
            long long n = strtoll(s, &end, 10);
            typed = *end || !(s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) ? NULL
                                                                           : json_integer(n);
        }
        if (!typed || (in->max && (json_integer_value(typed) < in->min ||
                                   json_integer_value(typed) > in->max))) {
            snprintf(msg, sizeof msg, "%s skal være et heltal fra %ld til %ld", label, in->min,
                     in->max);
            json_decref(typed);
            input_invalid(req, name, arena_strdup(req->arena, msg));
            return;
        }
        break;
    case IN_BOOL:
        if (json_is_boolean(v)) {
            typed = json_boolean(json_is_true(v));
        } else if (s && (!strcmp(s, "1") || !strcmp(s, "on") || !strcmp(s, "true"))) {
            typed = json_true();
        } else if (s && (!*s || !strcmp(s, "0") || !strcmp(s, "false"))) {
            typed = json_false();
        } else {
            snprintf(msg, sizeof msg, "%s skal være sand eller falsk", label);
            input_invalid(req, name, arena_strdup(req->arena, msg));
            return;
        }
        break;
    default: /* IN_JSON: the API's value as sent, a form's text */
        typed = in->type == IN_JSON && req->api ? json_deep_copy(v)
                                                : check_text(req, in, name, s);
        if (!typed) {
            return;
        }
        break;
    }
    json_object_set_new(req->in, name, typed);
}

/* Validates one declared input. */
static void validate(struct req *req, const struct input *in)
{
    if (in->type == IN_ACCESS || in->type == IN_MAP) {
        input_check_map(req, in);
        return;
    }
    if (in->type == IN_FILE) {
        if (json_object_get(req->raw, in->name)) {
            input_invalid(req, in->name, "Filen skal sendes som multipart/form-data");
        }
        return; /* the file itself: input_parse_multipart() */
    }
    if (input_is_list(in)) {
        json_t *lv = json_object_get(req->raw, in->name);
        if (lv) {
            input_check_list(req, in, lv);
        } else if (in->flags & IN_REQUIRED) {
            char msg[160];
            snprintf(msg, sizeof msg, "%s skal udfyldes", in->label ? in->label : in->name);
            input_invalid(req, in->name, arena_strdup(req->arena, msg));
        }
        return;
    }
    json_t *v = json_object_get(req->raw, in->name);
    if ((in->flags & IN_NULLABLE) && v && input_blank(v)) {
        json_object_set_new(req->in, in->name, json_null()); /* given empty: cleared */
        return;
    }
    if (!v && in->type == IN_BOOL && !req->api && req->method == HTTP_POST) {
        v = json_false(); /* an unticked checkbox is not sent */
        json_object_set_new(req->in, in->name, v);
        return;
    }
    if (!v || ((json_is_null(v) || (json_is_string(v) && !*json_string_value(v))) &&
               (in->flags & IN_REQUIRED))) {
        if (in->flags & IN_REQUIRED) {
            char msg[160];
            snprintf(msg, sizeof msg, "%s skal udfyldes", in->label ? in->label : in->name);
            input_invalid(req, in->name, arena_strdup(req->arena, msg));
        }
        return;
    }
    input_check_scalar(req, in, in->name, v);
}

/* Gives req fresh, empty raw, typed and error objects (dropping any it
 * had) and an empty error slot. */
void input_start(struct req *req)
{
    req->err_field = NULL;
    req->err_msg = NULL;
    json_decref(req->raw);
    json_decref(req->in);
    json_decref(req->errors);
    req->raw = json_object();
    req->in = json_object();
    req->errors = json_object();
}

/* Validates req->raw against the route's inputs: an unknown field is an
 * error naming it (a page form's csrf_token aside), then every declared
 * input is checked and typed into req->in; passwords are dropped from
 * req->raw. 0, or 422 with req->errors and the slot set. */
int input_validate_all(struct req *req)
{
    const char *key;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(req->raw, tmp, key, v) {
        if (strcmp(key, "csrf_token") == 0 && !req->api) {
            continue;
        }
        if (!input_find(req->route, key)) {
            input_invalid(req, key, "Ukendt felt");
        }
    }
    for (const struct input *in = req->route->inputs; in && in->name; in++) {
        validate(req, in);
    }
    /* Never echo passwords back into a form. */
    for (const struct input *in = req->route->inputs; in && in->name; in++) {
        if (in->type == IN_PASSWORD) {
            json_object_del(req->raw, in->name);
        }
    }
    return json_object_size(req->errors) ? 422 : 0;
}

int input_parse_query_string(struct req *req, const char *data, size_t len)
{
    input_start(req);
    int rc = parse_query(req, data, len);
    return rc ? rc : input_validate_all(req);
}

int input_parse_form(struct req *req, const char *data, size_t len)
{
    input_start(req);
    int rc = parse_form(req, data, len);
    return rc ? rc : input_validate_all(req);
}

int input_parse_json(struct req *req, const char *data, size_t len)
{
    input_start(req);
    int rc = parse_json(req, data, len);
    return rc ? rc : input_validate_all(req);
}

int input_parse(struct req *req)
{
    if (from_query(req)) {
        const char *q = query_text(req);
        return input_parse_query_string(req, q, strlen(q));
    }
    const char *body = req->body ? req->body : "";
    const char *ct = content_type(req);
    if (input_takes_file(req->route) && strcmp(ct, "multipart/form-data") == 0) {
        return input_parse_multipart(req);
    }
    if (req->api) {
        if (req->body_len && strcmp(ct, "application/json") != 0) {
            input_start(req);
            return req_fail(req, 415, NULL, "Send JSON (Content-Type: application/json)");
        }
        return input_parse_json(req, body, req->body_len);
    }
    if (req->body_len && strcmp(ct, "application/x-www-form-urlencoded") != 0) {
        input_start(req);
        return req_fail(req, 415, NULL, "Formularen skal sendes som urlencoded");
    }
    return input_parse_form(req, body, req->body_len);
}
