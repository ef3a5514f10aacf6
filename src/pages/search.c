/*
 * search: the search page and API — what the caller typed becomes an
 * FTS5 query (model/search.h, which scopes the hits to what the caller
 * may read), and each hit a result {kind, title, url, snippet, parts}.
 * The snippet is plain text; "parts" cuts it at the matched words
 * ({text, mark}) so the template can mark them while escaping every
 * part: no text from the database ever becomes markup.
 */
#include <stdlib.h>
#include <string.h>

#include "model/search.h"
#include "pages/common.h"
#include "pages/search.h"
#include "util.h"

/* Hits shown per kind. */
#define SEARCH_LIMIT 20

/* A snippet with its \x01 … \x02 hit markers, as plain text (markers
 * dropped) and as parts [{text, mark}]. */
static void snippet_parts(json_t *result, const char *snip)
{
    json_t *parts = json_array();
    struct buf plain = {0};
    bool mark = false;
    const char *s = snip ? snip : "";
    while (*s) {
        size_t n = strcspn(s, "\x01\x02");
        if (n) {
            json_array_append_new(parts, json_pack("{s:s%,s:b}", "text", s, n, "mark", mark));
            buf_append(&plain, s, n);
            s += n;
        }
        if (*s) {
            mark = *s == '\x01';
            s++;
        }
    }
    json_object_set_new(result, "snippet", json_string(buf_str(&plain)));
    json_object_set_new(result, "parts", parts);
    buf_free(&plain);
}

/* Appends one result. */
static void add(json_t *results, const char *kind, const char *title,
                const char *url, json_t *hit)
{
    json_t *r = json_pack("{s:s,s:s,s:s}", "kind", kind, "title", title ? title : "", "url",
                          url);
    snippet_parts(r, json_string_value(json_object_get(hit, "snippet")));
    json_array_append_new(results, r);
}

/* The integer at key of o. */
static json_int_t num(json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

/* The hits of every kind as one list of results, roles first. */
static json_t *results_of(struct req *req, json_t *hits)
{
    struct arena *a = req->arena;
    json_t *results = json_array(), *h;
    size_t i;
    json_array_foreach(json_object_get(hits, "roles"), i, h) {
        const char *slug = json_string_value(json_object_get(h, "slug"));
        add(results, "role", json_string_value(json_object_get(h, "name")),
            arena_printf(a, "/roller/%s", slug), h);
    }
    json_array_foreach(json_object_get(hits, "tasks"), i, h) {
        const char *url = num(h, "task_id") ? arena_printf(a, "/opgaver/%lld",
                                                           (long long)num(h, "task_id"))
                                            : arena_printf(a, "/master-opgaver/%lld",
                                                           (long long)num(h, "id"));
        add(results, "task", json_string_value(json_object_get(h, "title")), url, h);
    }
    json_array_foreach(json_object_get(hits, "messages"), i, h) {
        const char *url = num(h, "task_id")
                              ? arena_printf(a, "/opgaver/%lld/beskeder",
                                             (long long)num(h, "task_id"))
                          : num(h, "wave_id")
                              ? arena_printf(a, "/boelger/%lld", (long long)num(h, "wave_id"))
                              : arena_printf(a, "/master-opgaver/%lld",
                                             (long long)num(h, "master_task_id"));
        const char *title = json_string_value(json_object_get(h, "title"));
        add(results, "message", arena_printf(a, "Besked: %s", title ? title : ""), url, h);
    }
    return results;
}

/* GET /soeg, /api/v1/search?q= */
int page_search(struct req *req)
{
    const char *q = req_str(req, "q");
    char *fts = search_fts_query(q);
    json_t *view = req_view(req);
    json_object_set_new(view, "q", json_string(q ? q : ""));
    req->tpl = "search";
    req->title = "Søg";
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, "Søg");
    if (!fts) {
        json_object_set_new(view, "results", json_array());
        return 200;
    }
    req_defer(req, free, fts);
    /* json_dumps allocates with Jansson's allocator (the arena in a
     * request): copied, then given back through Jansson, not the C heap. */
    char *dumped = json_dumps(req->can.projects, JSON_COMPACT);
    const char *projects = arena_strdup(req->arena, dumped ? dumped : "[]");
    json_free_t jfree = NULL;
    json_get_alloc_funcs(NULL, &jfree);
    jfree(dumped);
    struct search_scope scope = {req->user->central, req->user->org_id, projects};
    json_t *hits = search_run(req->db, &scope, fts, SEARCH_LIMIT);
    if (!hits) {
        return req_internal(req, "search");
    }
    json_object_set_new(view, "results", results_of(req, hits));
    return 200;
}
