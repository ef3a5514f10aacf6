/*
 * test_input: the declared-input parsers of src/http/input.c, through the
 * three entry points input_parse() itself uses — query strings, urlencoded
 * form bodies and JSON bodies — on requests built here without a
 * connection: percent-decoding, '+', malformed escapes, UTF-8, duplicate
 * and empty keys, unknown fields (refused by name, or dropped from a
 * page's query), each input type's validation, project access from form
 * fields "projects.KY", required fields and limits. It must not start a
 * server or open a database: routes are a small table of its own, plus a
 * few rows of the real route table.
 */
#include <string.h>

#include "arena.h"
#include "check.h"
#include "http.h"

static const char *const colours[] = {"red", "green", NULL};
static const char *const levels[] = {"plus", "laeser", NULL};

/* One input of every type, none required. */
static const struct input in_all[] = {
    {"s", IN_STR, 0, 2, 5, NULL, "Tekst"},
    {"t", IN_TEXT, 0, 0, 10, NULL, "Brødtekst"},
    {"n", IN_INT, 0, 1, 100, NULL, "Tal"},
    {"d", IN_DATE, 0, 0, 0, NULL, "Dato"},
    {"e", IN_EMAIL, 0, 0, 0, NULL, "E-mail"},
    {"c", IN_ENUM, 0, 0, 0, colours, "Farve"},
    {"b", IN_BOOL, 0, 0, 0, NULL, "Aktiv"},
    {"p", IN_PASSWORD, 0, 3, 8, NULL, "Kode"},
    {"projects", IN_ACCESS, 0, 0, 0, levels, "Projektadgang"},
    {0}};
static const struct input in_required[] = {
    {"name", IN_STR, IN_REQUIRED, 1, 10, NULL, "Navn"},
    {"when", IN_DATE, IN_REQUIRED, 0, 0, NULL, "Dato"},
    {0}};
static const struct route r_all = {.action = "test.all", .method = HTTP_POST, .inputs = in_all};
/* The two list types, one of them required. */
static const struct input in_lists[] = {
    {"codes", IN_STRLIST, 0, 1, 3, NULL, "Kommuner"},
    {"ids", IN_INTLIST, IN_REQUIRED, 1, 999, NULL, "Opgaver"},
    {"steps", IN_TEXTLIST, 0, 0, 20, NULL, "Trin"},
    {"days", IN_INT, IN_NULLABLE, -100, 100, NULL, "Dage"},
    {0}};
static const struct route r_lists = {.action = "test.lists", .method = HTTP_POST,
                                     .inputs = in_lists};
static const struct route r_required = {.action = "test.required", .method = HTTP_POST,
                                        .inputs = in_required};

static struct arena *arena_now; /* the current request's arena */

/* A fresh request for route r (the previous one's arena is freed), its
 * Jansson values in its arena as in the server. Borrowed: lives until the
 * next call or done(). */
static struct req *new_req(const struct route *r, bool api, int method)
{
    if (arena_now) {
        arena_free(arena_now);
    }
    arena_now = arena_new();
    arena_set_current(arena_now);
    struct req *req = arena_alloc(arena_now, sizeof *req);
    memset(req, 0, sizeof *req);
    req->arena = arena_now;
    req->route = r;
    req->api = api;
    req->method = method;
    req->method_name = http_method_name(method);
    req->path = "/test";
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

/* The route of the real table named action (borrowed), or NULL. */
static const struct route *real_route(const char *action)
{
    for (size_t i = 0; i < nroutes; i++) {
        if (strcmp(routes[i].action, action) == 0) {
            return &routes[i];
        }
    }
    return NULL;
}

/* Parses text with one of the three parsers: 'q' query, 'f' form, 'j' JSON. */
static int parse(struct req *req, char how, const char *text)
{
    size_t n = strlen(text);
    return how == 'q' ? input_parse_query_string(req, text, n)
           : how == 'f' ? input_parse_form(req, text, n)
                        : input_parse_json(req, text, n);
}

/* A typed input as a string (borrowed), or NULL. */
static const char *in_str(const struct req *req, const char *name)
{
    return json_string_value(json_object_get(req->in, name));
}

TEST(percent_decoding_and_plus)
{
    struct req *req = new_req(&r_all, false, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'f', "s=a%20b&t=x+y"), 0);
    CHECK_EQ_STR(in_str(req, "s"), "a b");
    CHECK_EQ_STR(in_str(req, "t"), "x y");
    CHECK_EQ_INT(parse(req, 'f', "%73=%C3%A6bl%c3%b8"), 0); /* "s", lower-case hex too */
    CHECK_EQ_STR(in_str(req, "s"), "æblø");
    CHECK_EQ_INT(parse(req, 'f', "s=a%2Bb"), 0);
    CHECK_EQ_STR(in_str(req, "s"), "a+b");
    req = new_req(&r_all, true, HTTP_GET);
    CHECK_EQ_INT(parse(req, 'q', "s=a%26b&c=red"), 0);
    CHECK_EQ_STR(in_str(req, "s"), "a&b");
    CHECK_EQ_STR(in_str(req, "c"), "red");
    done();
}

TEST(malformed_escapes_are_400)
{
    const char *bad[] = {"s=%zz", "s=%4", "s=ab%", "s=%G1", "s=a%00b", "%=ab", NULL};
    for (const char **b = bad; *b; b++) {
        struct req *req = new_req(&r_all, false, HTTP_POST);
        CHECK_EQ_INT(parse(req, 'f', *b), 400);
        req = new_req(&r_all, true, HTTP_GET);
        CHECK_EQ_INT(parse(req, 'q', *b), 400);
        CHECK(req->err_msg != NULL);
    }
    done();
}

TEST(invalid_utf8_is_400)
{
    const char *bad[] = {"s=%ff", "s=%C3", "s=%C0%AF", "s=%ED%A0%80", NULL};
    for (const char **b = bad; *b; b++) {
        struct req *req = new_req(&r_all, false, HTTP_POST);
        CHECK_EQ_INT(parse(req, 'f', *b), 400);
        req = new_req(&r_all, true, HTTP_GET);
        CHECK_EQ_INT(parse(req, 'q', *b), 400);
        req = new_req(&r_all, true, HTTP_POST);
        CHECK_EQ_INT(parse(req, 'j', "{\"s\": \"\xff\"}"), 400);
    }
    done();
}

TEST(duplicate_keys_last_wins)
{
    struct req *req = new_req(&r_all, false, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'f', "s=abc&s=defg"), 0);
    CHECK_EQ_STR(in_str(req, "s"), "defg");
    req = new_req(&r_all, true, HTTP_GET);
    CHECK_EQ_INT(parse(req, 'q', "c=red&c=green"), 0);
    CHECK_EQ_STR(in_str(req, "c"), "green");
    /* JSON refuses duplicate members outright */
    req = new_req(&r_all, true, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'j', "{\"s\": \"abc\", \"s\": \"de\"}"), 400);
    done();
}

TEST(empty_keys_and_pairs)
{
    struct req *req = new_req(&r_all, false, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'f', "=x"), 400);
    CHECK_EQ_INT(parse(req, 'f', "&&s=abc&&"), 0);
    CHECK_EQ_STR(in_str(req, "s"), "abc");
    CHECK_EQ_INT(parse(req, 'f', "b"), 0); /* no '=': an empty value */
    CHECK(json_is_false(json_object_get(req->in, "b")));
    req = new_req(&r_all, true, HTTP_GET);
    CHECK_EQ_INT(parse(req, 'q', "=x"), 400);
    req = new_req(&r_all, false, HTTP_GET); /* a page's query drops it */
    CHECK_EQ_INT(parse(req, 'q', "=x&s=abc"), 0);
    CHECK_EQ_STR(in_str(req, "s"), "abc");
    req = new_req(&r_all, true, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'j', ""), 0);
    CHECK_EQ_INT((long long)json_object_size(req->in), 0);
    done();
}

TEST(unknown_fields)
{
    /* the API's query and body: 422 naming the field */
    struct req *req = new_req(&r_all, true, HTTP_GET);
    CHECK_EQ_INT(parse(req, 'q', "utm_source=x&s=abc"), 422);
    CHECK_EQ_STR(req->err_field, "utm_source");
    CHECK(json_object_get(req->errors, "utm_source") != NULL);
    req = new_req(&r_all, true, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'j', "{\"organisation\": \"751\"}"), 422);
    CHECK_EQ_STR(req->err_field, "organisation");
    CHECK_EQ_INT(parse(req, 'j', "{\"csrf_token\": \"x\"}"), 422);
    CHECK_EQ_STR(req->err_field, "csrf_token");
    /* a page's query: dropped, even when its name or value is not UTF-8 */
    req = new_req(&r_all, false, HTTP_GET);
    CHECK_EQ_INT(parse(req, 'q', "utm_source=x&%ff=%fe&v=%zz&s=abc"), 0);
    CHECK(json_object_get(req->raw, "utm_source") == NULL);
    CHECK_EQ_STR(in_str(req, "s"), "abc");
    /* a page's form body: refused by name; its csrf_token is not a field */
    req = new_req(&r_all, false, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'f', "csrf_token=abc&s=abc"), 0);
    CHECK_EQ_INT(parse(req, 'f', "organisation_id=2&s=abc"), 422);
    CHECK_EQ_STR(req->err_field, "organisation_id");
    done();
}

TEST(strings_and_text)
{
    struct req *req = new_req(&r_all, true, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'j', "{\"s\": \"  ab  \"}"), 0);
    CHECK_EQ_STR(in_str(req, "s"), "ab");
    CHECK_EQ_INT(parse(req, 'j', "{\"s\": \"a\"}"), 422); /* min 2 */
    CHECK_EQ_STR(req->err_field, "s");
    CHECK_EQ_INT(parse(req, 'j', "{\"s\": \"abcdef\"}"), 422); /* max 5 */
    CHECK_EQ_INT(parse(req, 'j', "{\"s\": \"æøåæø\"}"), 0); /* characters, not bytes */
    CHECK_EQ_INT(parse(req, 'j', "{\"s\": \"a\\nb\"}"), 422); /* one line */
    CHECK_EQ_INT(parse(req, 'j', "{\"s\": \"a\\u007fb\"}"), 422);
    CHECK_EQ_INT(parse(req, 'j', "{\"s\": 12}"), 422);
    CHECK_EQ_INT(parse(req, 'j', "{\"t\": \"a\\nb\\tc\"}"), 0); /* text may break lines */
    CHECK_EQ_STR(in_str(req, "t"), "a\nb\tc");
    CHECK_EQ_INT(parse(req, 'j', "{\"t\": \"a\\u0001b\"}"), 422);
    CHECK_EQ_INT(parse(req, 'j', "{\"t\": \"0123456789x\"}"), 422); /* max 10 */
    done();
}

TEST(integers)
{
    struct req *req = new_req(&r_all, true, HTTP_GET);
    int64_t n = 0;
    CHECK_EQ_INT(parse(req, 'q', "n=42"), 0);
    CHECK(req_int(req, "n", &n) && n == 42);
    const char *bad[] = {"n=0", "n=101", "n=-3", "n=5x", "n=", "n=%2042", "n=1e2",
                         "n=99999999999999999999", NULL};
    for (const char **b = bad; *b; b++) {
        req = new_req(&r_all, true, HTTP_GET);
        CHECK_EQ_INT(parse(req, 'q', *b), 422);
        CHECK_EQ_STR(req->err_field, "n");
    }
    req = new_req(&r_all, true, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'j', "{\"n\": 100}"), 0);
    CHECK_EQ_INT(parse(req, 'j', "{\"n\": \"7\"}"), 0);
    CHECK(req_int(req, "n", &n) && n == 7);
    CHECK_EQ_INT(parse(req, 'j', "{\"n\": 5.5}"), 422);
    CHECK_EQ_INT(parse(req, 'j', "{\"n\": true}"), 422);
    CHECK_EQ_INT(parse(req, 'j', "{\"n\": [1]}"), 422);
    done();
}

TEST(dates_emails_enums)
{
    struct req *req = new_req(&r_all, true, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'j', "{\"d\": \"2024-02-29\"}"), 0);
    CHECK_EQ_INT(parse(req, 'j', "{\"d\": \"2023-02-29\"}"), 422);
    CHECK_EQ_INT(parse(req, 'j', "{\"d\": \"2024-13-01\"}"), 422);
    CHECK_EQ_INT(parse(req, 'j', "{\"d\": \"1.2.2024\"}"), 422);
    CHECK_EQ_INT(parse(req, 'j', "{\"e\": \" Ida@Kbh.DK \"}"), 0);
    CHECK_EQ_STR(in_str(req, "e"), "ida@kbh.dk");
    const char *bad_mail[] = {"ida", "@kbh.dk", "a@b@kbh.dk", "ida@kbh", "ida@.dk",
                              "i da@kbh.dk", "<ida@kbh.dk>", NULL};
    for (const char **b = bad_mail; *b; b++) {
        char body[80];
        snprintf(body, sizeof body, "{\"e\": \"%s\"}", *b);
        CHECK_EQ_INT(parse(req, 'j', body), 422);
        CHECK_EQ_STR(req->err_field, "e");
    }
    CHECK_EQ_INT(parse(req, 'j', "{\"c\": \"green\"}"), 0);
    CHECK_EQ_STR(in_str(req, "c"), "green");
    CHECK_EQ_INT(parse(req, 'j', "{\"c\": \"blue\"}"), 422);
    CHECK_EQ_INT(parse(req, 'j', "{\"c\": \"Red\"}"), 422);
    done();
}

TEST(booleans)
{
    const char *yes[] = {"b=1", "b=on", "b=true", NULL};
    const char *no[] = {"b=0", "b=", "b=false", "", NULL};
    for (const char **y = yes; *y; y++) {
        struct req *req = new_req(&r_all, false, HTTP_POST);
        CHECK_EQ_INT(parse(req, 'f', *y), 0);
        CHECK(req_bool(req, "b"));
    }
    for (const char **n = no; *n; n++) {
        struct req *req = new_req(&r_all, false, HTTP_POST);
        CHECK_EQ_INT(parse(req, 'f', *n), 0);
        CHECK(req_has(req, "b") && !req_bool(req, "b")); /* unticked: false */
    }
    struct req *req = new_req(&r_all, false, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'f', "b=yes"), 422);
    CHECK_EQ_STR(req->err_field, "b");
    req = new_req(&r_all, true, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'j', "{\"b\": true}"), 0);
    CHECK(req_bool(req, "b"));
    CHECK_EQ_INT(parse(req, 'j', "{}"), 0);
    CHECK(!req_has(req, "b")); /* the API leaves it out */
    CHECK_EQ_INT(parse(req, 'j', "{\"b\": 1}"), 422);
    done();
}

TEST(passwords_kept_as_typed_never_echoed)
{
    struct req *req = new_req(&r_all, false, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'f', "p=+ab+cd+&s=abc"), 0);
    CHECK_EQ_STR(in_str(req, "p"), " ab cd "); /* not trimmed */
    CHECK(json_object_get(req->raw, "p") == NULL);
    CHECK_EQ_STR(json_string_value(json_object_get(req->raw, "s")), "abc");
    CHECK_EQ_INT(parse(req, 'f', "p=ab"), 422);        /* min 3 bytes */
    CHECK_EQ_INT(parse(req, 'f', "p=%C3%A6%C3%B8%C3%A5%C3%A6x"), 422); /* 9 bytes > 8 */
    CHECK(json_object_get(req->raw, "p") == NULL);
    done();
}

TEST(project_access)
{
    struct req *req = new_req(&r_all, false, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'f', "projects.KY=plus&projects.FBS=laeser&projects.OS2=&s=abc"), 0);
    json_t *p = json_object_get(req->in, "projects");
    CHECK_EQ_STR(json_string_value(json_object_get(p, "KY")), "plus");
    CHECK_EQ_STR(json_string_value(json_object_get(p, "FBS")), "laeser");
    CHECK(json_object_get(p, "OS2") == NULL); /* "": no access */
    CHECK_EQ_INT(parse(req, 'f', "s=abc"), 0); /* a page form without any: none */
    CHECK(json_is_object(json_object_get(req->in, "projects")));
    const char *bad[] = {"projects.ky=plus", "projects.KY=admin", "projects.=plus",
                         "projects.K-Y=plus", "projects.ABCDEFGHIJK=plus", NULL};
    for (const char **b = bad; *b; b++) {
        CHECK_EQ_INT(parse(req, 'f', *b), 422);
        CHECK_EQ_STR(req->err_field, "projects");
    }
    CHECK_EQ_INT(parse(req, 'f', "projectsKY=plus"), 422); /* not "<name>.<CODE>" */
    CHECK_EQ_STR(req->err_field, "projectsKY");
    req = new_req(&r_all, true, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'j', "{\"projects\": {\"KY\": \"plus\", \"FBS\": null}}"), 0);
    p = json_object_get(req->in, "projects");
    CHECK_EQ_INT((long long)json_object_size(p), 1);
    CHECK_EQ_INT(parse(req, 'j', "{\"projects\": \"KY\"}"), 422);
    CHECK_EQ_INT(parse(req, 'j', "{\"projects\": {\"KY\": 1}}"), 422);
    CHECK_EQ_INT(parse(req, 'j', "{}"), 0);
    CHECK(json_object_get(req->in, "projects") == NULL); /* the API: unchanged */
    done();
}

TEST(required_fields)
{
    struct req *req = new_req(&r_required, false, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'f', ""), 422);
    CHECK(json_object_get(req->errors, "name") && json_object_get(req->errors, "when"));
    CHECK_EQ_STR(req->err_field, "name"); /* the first error holds the slot */
    CHECK_EQ_INT(parse(req, 'f', "name=+++&when=2024-01-01"), 422); /* blank after trimming */
    CHECK_EQ_STR(req->err_field, "name");
    CHECK_EQ_INT(parse(req, 'f', "name=Ida&when=2024-01-01"), 0);
    req = new_req(&r_required, true, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'j', "{\"name\": null, \"when\": \"2024-01-01\"}"), 422);
    CHECK_EQ_STR(req->err_field, "name");
    CHECK_EQ_INT(parse(req, 'j', "{\"name\": \"Ida\", \"when\": \"\"}"), 422);
    CHECK_EQ_STR(req->err_field, "when");
    done();
}

TEST(json_bodies)
{
    struct req *req = new_req(&r_all, true, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'j', "[1]"), 400);
    CHECK_EQ_INT(parse(req, 'j', "{"), 400);
    CHECK_EQ_INT(parse(req, 'j', "\"s\""), 400);
    CHECK_EQ_INT(parse(req, 'j', "{\"s\": \"abc\"} x"), 400);
    size_t n = 10003 * 2 + 2;
    char *big = malloc(n + 1);
    big[0] = '[';
    for (size_t i = 1; i + 2 < n; i += 2) {
        big[i] = '0';
        big[i + 1] = ',';
    }
    big[n - 2] = '0';
    big[n - 1] = ']';
    big[n] = '\0';
    CHECK_EQ_INT(input_parse_json(req, big, n), 413); /* counted before parsing */
    free(big);
    done();
}
/* The JSON string of item i of list input name (borrowed), or NULL. */
static const char *list_str(const struct req *req, const char *name, size_t i)
{
    return json_string_value(json_array_get(json_object_get(req->in, name), i));
}

TEST(lists)
{
    /* JSON: arrays, typed; numbers given as text are numbers too */
    struct req *req = new_req(&r_lists, true, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'j', "{\"codes\": [\"101\", \" 751 \"], \"ids\": [3, \"4\"]}"), 0);
    CHECK_EQ_STR(list_str(req, "codes", 0), "101");
    CHECK_EQ_STR(list_str(req, "codes", 1), "751");
    CHECK_EQ_INT(json_integer_value(json_array_get(req_json(req, "ids"), 1)), 4);
    CHECK_EQ_INT(parse(req, 'j', "{\"codes\": [], \"ids\": [1]}"), 0);
    CHECK_EQ_INT((long long)json_array_size(req_json(req, "codes")), 0);
    CHECK_EQ_INT(parse(req, 'j', "{\"ids\": [1]}"), 0); /* absent: not given */
    CHECK(req_json(req, "codes") == NULL);
    /* JSON: not an array, a wrong item, an empty or too long item, out of range */
    const char *bad[] = {"{\"codes\": \"101\", \"ids\": [1]}", "{\"codes\": [1], \"ids\": [1]}",
                         "{\"codes\": [\"\"], \"ids\": [1]}", "{\"codes\": [\"1234\"], \"ids\": [1]}",
                         "{\"codes\": [\"101\"], \"ids\": [1000]}", "{\"ids\": [\"x\"]}",
                         "{\"ids\": [[1]]}", "{\"ids\": []}", "{\"codes\": [\"1\"]}", NULL};
    for (const char **b = bad; *b; b++) {
        CHECK_EQ_INT(parse(req, 'j', *b), 422);
        CHECK(req->err_field && (!strcmp(req->err_field, "codes") ||
                                 !strcmp(req->err_field, "ids")));
    }
    /* forms: the field repeated, in order; empty values dropped */
    req = new_req(&r_lists, false, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'f', "codes=&codes=101&ids=7&codes=751&ids=&ids=9"), 0);
    CHECK_EQ_INT((long long)json_array_size(req_json(req, "codes")), 2);
    CHECK_EQ_STR(list_str(req, "codes", 1), "751");
    CHECK_EQ_INT(json_integer_value(json_array_get(req_json(req, "ids"), 1)), 9);
    CHECK_EQ_INT(parse(req, 'f', "codes=&ids=5"), 0); /* only the empty marker: an empty list */
    CHECK_EQ_INT((long long)json_array_size(req_json(req, "codes")), 0);
    CHECK_EQ_INT(parse(req, 'f', "ids=x"), 422);
    CHECK_EQ_STR(req->err_field, "ids");
    CHECK_EQ_INT(parse(req, 'f', "ids="), 422); /* required, and nothing given */
    /* a text list keeps newlines; a one-line list refuses them */
    CHECK_EQ_INT(parse(req, 'f', "ids=1&steps=a%0Ab&steps="), 0);
    CHECK_EQ_STR(list_str(req, "steps", 0), "a\nb");
    CHECK_EQ_INT((long long)json_array_size(req_json(req, "steps")), 1);
    CHECK_EQ_INT(parse(req, 'f', "ids=1&codes=a%0Ab"), 422);
    done();
}

TEST(nullable)
{
    /* given empty: null (cleared); absent: not there; a number as usual */
    struct req *req = new_req(&r_lists, false, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'f', "ids=1&days="), 0);
    CHECK(req_has(req, "days") && json_is_null(req_json(req, "days")));
    CHECK_EQ_INT(parse(req, 'f', "ids=1"), 0);
    CHECK(!req_has(req, "days"));
    CHECK_EQ_INT(parse(req, 'f', "ids=1&days=-7"), 0);
    CHECK_EQ_INT(json_integer_value(req_json(req, "days")), -7);
    CHECK_EQ_INT(parse(req, 'f', "ids=1&days=x"), 422);
    req = new_req(&r_lists, true, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'j', "{\"ids\": [1], \"days\": null}"), 0);
    CHECK(json_is_null(req_json(req, "days")));
    CHECK_EQ_INT(parse(req, 'j', "{\"ids\": [1], \"days\": 101}"), 422);
    done();
}

TEST(real_routes)
{
    struct req *req = new_req(real_route("audit.list"), true, HTTP_GET);
    CHECK_EQ_INT(parse(req, 'q', "limit=1001"), 422);
    CHECK_EQ_STR(req->err_field, "limit");
    CHECK_EQ_INT(parse(req, 'q', "limit=10&entity=user"), 0);
    req = new_req(real_route("user.create"), true, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'j', "{\"email\": \"a@kbh.dk\", \"name\": \"A\", \"type\": \"member\","
                                 " \"password\": \"x\", \"organisation_id\": 2}"),
                 422);
    CHECK_EQ_STR(req->err_field, "organisation_id");
    req = new_req(real_route("user.create"), false, HTTP_POST);
    CHECK_EQ_INT(parse(req, 'f', "email=a%40kbh.dk&name=A&type=member&password=x"
                                 "&projects.KY=plus"),
                 0);
    CHECK_EQ_STR(json_string_value(json_object_get(req_json(req, "projects"), "KY")), "plus");
    done();
}

int main(void)
{
    arena_json_install();
    RUN(percent_decoding_and_plus);
    RUN(malformed_escapes_are_400);
    RUN(invalid_utf8_is_400);
    RUN(duplicate_keys_last_wins);
    RUN(empty_keys_and_pairs);
    RUN(unknown_fields);
    RUN(strings_and_text);
    RUN(integers);
    RUN(dates_emails_enums);
    RUN(booleans);
    RUN(passwords_kept_as_typed_never_echoed);
    RUN(project_access);
    RUN(required_fields);
    RUN(json_bodies);
    RUN(lists);
    RUN(nullable);
    RUN(real_routes);
    CHECK_DONE();
}
