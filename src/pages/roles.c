/*
 * roles: the rollegalleri — all roles grouped by category, and one role
 * with its effect, tasks and responsibilities marked per phase,
 * competences and characteristics. Public.
 */
#include <string.h>

#include "model/common.h"
#include "model/role.h"
#include "pages/common.h"
#include "pages/roles.h"

static const struct {
    const char *key, *label, *intro;
} categories[] = {
    {"system-specific", "Systemspecifikke roller",
     "Implementering, drift og forvaltning af it-/fagsystemer"},
    {"cross-cutting", "Tværgående roller",
     "Implementering, drift og forvaltning af it-systemer og relateret fælleskommunal "
     "infrastruktur"},
    {"infrastructure", "Tværgående roller for infrastrukturen",
     "Ibrugtagning, drift og forvaltning af den fælleskommunale infrastruktur"},
    {"infrastructure-administrator", "Infrastrukturadministratorer",
     "Administration af komponenter i den fælleskommunale infrastruktur"},
};

static const char *category_label(const char *key)
{
    for (size_t i = 0; i < sizeof categories / sizeof categories[0]; i++) {
        if (key && strcmp(categories[i].key, key) == 0) {
            return categories[i].label;
        }
    }
    return key;
}

/* GET /roller, /api/v1/roles */
int page_roles_index(struct req *req)
{
    json_t *roles = role_list(req->db);
    if (!roles) {
        return req_internal(req, "roles");
    }
    json_t *groups = json_array();
    for (size_t c = 0; c < sizeof categories / sizeof categories[0]; c++) {
        json_t *members = json_array();
        size_t i;
        json_t *r;
        json_array_foreach(roles, i, r) {
            const char *cat = json_string_value(json_object_get(r, "category"));
            if (cat && strcmp(cat, categories[c].key) == 0) {
                json_array_append_new(members,
                                      json_pack("{s:O,s:O}", "slug", json_object_get(r, "slug"),
                                                "name", json_object_get(r, "name")));
            }
        }
        json_array_append_new(groups, json_pack("{s:s,s:s,s:s,s:o}", "key", categories[c].key,
                                                "label", categories[c].label, "intro",
                                                categories[c].intro, "roles", members));
    }
    json_t *view = req_view(req);
    json_object_set_new(view, "roles", roles);
    json_object_set_new(view, "categories", groups);
    req->tpl = "roles";
    req->title = "Rollegalleri";
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, "Rollegalleri");
    return 200;
}

/* GET /roller/{slug}, /api/v1/roles/{slug} */
int page_roles_show(struct req *req)
{
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/roller", "Rollegalleri");
    json_t *role = role_get(req->db, req_param(req, "slug"));
    if (!role) {
        return page_not_found(req, "role", "Rollen findes ikke");
    }
    json_object_del(role, "id");
    json_object_del(role, "position");
    json_object_set_new(role, "category_label",
                        json_string(category_label(
                            json_string_value(json_object_get(role, "category")))));
    req->view = role;
    req->tpl = "role";
    req->title = json_string_value(json_object_get(role, "name"));
    req_crumb(req, NULL, req->title);
    return 200;
}
