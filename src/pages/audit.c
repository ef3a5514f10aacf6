/*
 * audit: the audit trail — a KLIK-administrator sees their own
 * municipality's events, KOMBIT sees everyone's; filterable by entity,
 * action and date.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "model.h"
#include "pages.h"
#include "util.h"

static const char *const entities[] = {"user", "session", "api_token", "role", "master_task",
                                       "document", "organisation", "project", NULL};

/* GET /admin/historik, /api/v1/audit */
int page_audit_index(struct req *req)
{
    const char *entity = req_str(req, "entity");
    const char *action = req_str(req, "action");
    const char *since = req_str(req, "since");
    int64_t limit = 200, day, t;
    req_int(req, "limit", &limit);
    if (entity && !*entity) {
        entity = NULL;
    }
    if (action && !*action) {
        action = NULL;
    }
    if (since && !*since) {
        since = NULL;
    }
    if (since && !date_parse(since, &day) && !iso_to_unix(since, &t)) {
        return req_fail(req, 422, "since", "Fra skal være en dato (ÅÅÅÅ-MM-DD) eller et tidspunkt");
    }
    struct owner_filter scope = req_read_scope(req);
    json_t *events = audit_list(req->db, &scope, entity, since, action, limit);
    if (!events) {
        return req_internal(req, "audit");
    }
    json_t *view = req_view(req);
    json_object_set_new(view, "audit_events", events);
    if (!req->api) {
        json_t *opts = json_array();
        for (size_t i = 0; entities[i]; i++) {
            json_array_append_new(opts, json_pack("{s:s,s:b}", "value", entities[i], "selected",
                                                  entity && !strcmp(entity, entities[i])));
        }
        json_object_set_new(view, "entities", opts);
        size_t i;
        json_t *e;
        json_array_foreach(events, i, e) {
            static const char *const keys[] = {"before", "after"};
            for (size_t k = 0; k < 2; k++) {
                json_t *v = json_object_get(e, keys[k]);
                if (json_is_object(v)) {
                    char *text = json_text(v, JSON_INDENT(1) | JSON_SORT_KEYS);
                    json_object_set_new(e, arena_printf(req->arena, "%s_text", keys[k]),
                                        json_string(text));
                    free(text);
                }
            }
        }
        json_object_set_new(view, "filter", json_pack("{s:s,s:s,s:s}", "entity",
                                                      entity ? entity : "", "action",
                                                      action ? action : "", "since",
                                                      since ? since : ""));
    }
    req->tpl = "audit";
    req->title = "Historik";
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, "Historik");
    return 200;
}
