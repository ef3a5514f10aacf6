/*
 * catalogue: a project's role catalogue — which roles apply in which
 * lifecycle stage (implementering, drift og forvaltning), mandatory or
 * recommended, and in which implementation phase they must be appointed.
 * Everyone logged in reads it; KOMBIT replaces it as a whole, through the
 * API (a list of entries) or the page's form (one choice per role and
 * stage, e.g. "mandatory:1"). Every entry is checked before anything is
 * written.
 */
#include <stdlib.h>
#include <string.h>

#include "model/appt.h"
#include "model/catalogue.h"
#include "model/org.h"
#include "pages/catalogue.h"
#include "pages/common.h"
#include "util.h"

static const char *const stages[] = {"implementation", "operation"};

/* See pages/catalogue.h. */
int page_catalogue_show(struct req *req)
{
    json_t *project = project_get(req->db, req->res.project);
    json_t *cat = project ? catalogue_get(req->db, req->res.project_id) : NULL;
    if (!cat) {
        return req_internal(req, "catalogue");
    }
    json_object_del(project, "id");
    json_t *view = req_view(req);
    json_object_set_new(view, "project", project);
    json_object_set_new(view, "role_catalogue", cat);
    req->tpl = "catalogue";
    req->title = arena_printf(req->arena, "Rollekatalog – %s", req->res.project);
    return 200;
}

/* The form value of a catalogue entry: "mandatory:2", "recommended", "". */
static const char *entry_value(struct req *req, json_t *cat, const char *role, const char *stage)
{
    size_t i;
    json_t *e;
    json_array_foreach(cat, i, e) {
        if (strcmp(json_string_value(json_object_get(e, "role")), role) == 0 &&
            strcmp(json_string_value(json_object_get(e, "stage")), stage) == 0) {
            const char *r = json_string_value(json_object_get(e, "requirement"));
            int64_t ph = json_integer_value(json_object_get(e, "phase"));
            return ph ? arena_printf(req->arena, "%s:%lld", r, (long long)ph) : r;
        }
    }
    return "";
}

/* The choices of one select, the value marked (new reference). */
static json_t *choices(const char *value)
{
    static const char *const values[] = {"", "mandatory", "mandatory:1", "mandatory:2",
                                         "mandatory:3", "mandatory:4", "recommended",
                                         "recommended:1", "recommended:2", "recommended:3",
                                         "recommended:4"};
    static const char *const labels[] = {"Gælder ikke", "Obligatorisk", "Obligatorisk, fase 1",
                                         "Obligatorisk, fase 2", "Obligatorisk, fase 3",
                                         "Obligatorisk, fase 4", "Anbefalet",
                                         "Anbefalet, fase 1", "Anbefalet, fase 2",
                                         "Anbefalet, fase 3", "Anbefalet, fase 4"};
    json_t *out = json_array();
    for (size_t i = 0; i < NELEM(values); i++) {
        json_array_append_new(out, json_pack("{s:s,s:s,s:b}", "value", values[i], "label",
                                             labels[i], "selected", strcmp(value, values[i]) == 0));
    }
    return out;
}

/* See pages/catalogue.h. */
int page_catalogue_extras(struct req *req)
{
    json_t *view = req_view(req);
    json_t *cat = json_object_get(view, "role_catalogue");
    json_t *roles = appt_roles(req->db, false), *rows = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(roles, i, r) {
        const char *slug = json_string_value(json_object_get(r, "slug"));
        json_t *row = json_pack("{s:s,s:O}", "slug", slug, "name", json_object_get(r, "name"));
        for (size_t s = 0; s < NELEM(stages); s++) {
            const char *key = arena_printf(req->arena, "entries.%s.%s", slug, stages[s]);
            const char *v = page_form_value(req, key, entry_value(req, cat, slug, stages[s]));
            json_object_set_new(row, stages[s], json_pack("{s:s,s:o}", "field", key, "choices",
                                                          choices(v)));
        }
        json_array_append_new(rows, row);
    }
    json_object_set_new(view, "rows", rows);
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, req->title);
    return 0;
}

/* Whether s is one of the two words a and b. */
static bool one_of(const char *s, const char *a, const char *b)
{
    return s && (strcmp(s, a) == 0 || strcmp(s, b) == 0);
}

/* Checks one entry {role, stage, requirement, phase} and appends it to out
 * as catalogue_replace() takes it; where names the entry in an error
 * ("role_catalogue[3]"). 0, or 422 naming where.field. */
static int check_entry(struct req *req, json_t *e, const char *where, json_t *out)
{
    const char *key;
    json_t *v;
    if (!json_is_object(e)) {
        return req_fail(req, 422, where, "Hver post skal være et objekt");
    }
    json_object_foreach(e, key, v) {
        if (!one_of(key, "role", "stage") && !one_of(key, "requirement", "phase")) {
            return req_fail(req, 422, arena_printf(req->arena, "%s.%s", where, key),
                            "Ukendt felt");
        }
    }
    const char *slug = json_string_value(json_object_get(e, "role"));
    int64_t role_id = 0;
    bool ss;
    int rc = slug ? appt_role_find(req->db, slug, &role_id, &ss) : 0;
    if (rc < 0) {
        return req_internal(req, "catalogue role");
    }
    if (rc == 0) {
        return req_fail(req, 422, arena_printf(req->arena, "%s.role", where),
                        "Rollen findes ikke");
    }
    const char *stage = json_string_value(json_object_get(e, "stage"));
    if (!one_of(stage, "implementation", "operation")) {
        return req_fail(req, 422, arena_printf(req->arena, "%s.stage", where),
                        "Fasen skal være implementation eller operation");
    }
    const char *level = json_string_value(json_object_get(e, "requirement"));
    if (!one_of(level, "mandatory", "recommended")) {
        return req_fail(req, 422, arena_printf(req->arena, "%s.requirement", where),
                        "Kravet skal være mandatory eller recommended");
    }
    json_t *phase = json_object_get(e, "phase");
    if (phase && !json_is_null(phase) &&
        (!json_is_integer(phase) || json_integer_value(phase) < 1 ||
         json_integer_value(phase) > 4)) {
        return req_fail(req, 422, arena_printf(req->arena, "%s.phase", where),
                        "Implementeringsfasen skal være et tal fra 1 til 4");
    }
    size_t i;
    json_t *o;
    json_array_foreach(out, i, o) {
        if (json_integer_value(json_object_get(o, "role_id")) == role_id &&
            strcmp(json_string_value(json_object_get(o, "stage")), stage) == 0) {
            return req_fail(req, 422, arena_printf(req->arena, "%s.stage", where),
                            "Rollen står allerede i kataloget for denne fase");
        }
    }
    json_array_append_new(out, json_pack("{s:I,s:s,s:s,s:O?}", "role_id", (json_int_t)role_id,
                                         "stage", stage, "requirement", level, "phase", phase));
    return 0;
}

/* The form's map {"<slug>.<stage>": "mandatory:2" | "recommended" | ""}
 * as API entries (new reference); the chosen values that do not parse
 * become entries check_entry() refuses. */
static json_t *form_entries(struct req *req, json_t *map, json_t *names)
{
    json_t *out = json_array();
    const char *key;
    json_t *v;
    json_object_foreach(map, key, v) {
        const char *val = json_string_value(v);
        if (!val || !*val) {
            continue;
        }
        const char *dot = strrchr(key, '.');
        const char *colon = strchr(val, ':');
        char *role = arena_strndup(req->arena, key, dot ? (size_t)(dot - key) : strlen(key));
        char *level = arena_strndup(req->arena, val, colon ? (size_t)(colon - val) : strlen(val));
        json_t *phase = json_null();
        if (colon) {
            char *end;
            long n = strtol(colon + 1, &end, 10);
            phase = *end || end == colon + 1 ? json_string(colon + 1) : json_integer(n);
        }
        json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:o}", "role", role, "stage",
                                             dot ? dot + 1 : "", "requirement", level, "phase",
                                             phase));
        json_array_append_new(names, json_string(arena_printf(req->arena, "entries.%s", key)));
    }
    return out;
}

/* See pages/catalogue.h. */
int page_catalogue_replace(struct req *req)
{
    json_t *given = req_json(req, "role_catalogue");
    json_t *map = req_json(req, "entries");
    json_t *names = json_array();
    json_t *list = given ? given : map ? form_entries(req, map, names) : NULL;
    if (!json_is_array(list)) {
        return req_fail(req, 422, "role_catalogue",
                        "Rollekataloget skal være en liste af poster");
    }
    json_t *entries = json_array();
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e) {
        const char *where = given ? arena_printf(req->arena, "role_catalogue[%zu]", i)
                                  : json_string_value(json_array_get(names, i));
        int rc = check_entry(req, e, where, entries);
        if (rc) {
            return rc;
        }
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    if (catalogue_replace(req->db, &a, req->res.project_id, entries) < 0) {
        return req_internal(req, "catalogue replace");
    }
    int status = req_commit(req, 200);
    if (status != 200) {
        return status;
    }
    req->location = arena_printf(req->arena, "/projekter/%s/rollekatalog", req->res.project);
    return page_catalogue_show(req);
}
