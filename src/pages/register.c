/*
 * register: /rollebesaetning — a municipality's roles × projects: who
 * holds each role now (system-specific roles per project, the others once
 * for the municipality), which mandatory cells are empty, and a link to
 * appoint from each cell the caller may fill; below it every appointment,
 * ended ones too. KOMBIT sees every municipality's appointments with a
 * municipality and region filter (and one municipality's matrix when it
 * filters on one). The appointment form lives here too. Nothing here
 * writes; appointments.c does.
 */
#include <string.h>

#include "model/appt.h"
#include "model/catalogue.h"
#include "model/org.h"
#include "model/person.h"
#include "model/risk.h"
#include "pages/common.h"
#include "pages/register.h"
#include "util.h"

/* A string input, or NULL when absent or empty (borrowed). */
static const char *opt_str(const struct req *req, const char *name)
{
    const char *s = req_str(req, name);
    return s && *s ? s : NULL;
}

/* See pages/register.h. */
int page_register_index(struct req *req)
{
    struct owner_filter read = req_read_scope(req);
    struct appt_filter f = {opt_str(req, "role"), req->res.project, opt_str(req, "municipality"),
                            opt_str(req, "region")};
    json_t *list = appt_search(req->db, &read, &f, page_today(req));
    if (!list) {
        return req_internal(req, "appointments");
    }
    json_t *view = req_view(req);
    json_object_set_new(view, "appointments", list);
    json_object_set_new(view, "filter", json_pack("{s:s?,s:s?,s:s?,s:s?}", "role", f.role,
                                                  "project", f.project, "municipality",
                                                  f.municipality, "region", f.region));
    req->tpl = "rollebesaetning";
    req->title = "Rollebesætning";
    return 200;
}

/* The current holders in current of role for project (NULL: municipality-
 * wide): [{id, name, title, primary, user}] (new reference). */
static json_t *holders_of(json_t *current, const char *role, const char *project)
{
    json_t *out = json_array();
    size_t i;
    json_t *a;
    json_array_foreach(current, i, a) {
        const char *slug = json_string_value(json_object_get(json_object_get(a, "role"), "slug"));
        const char *code = json_string_value(json_object_get(a, "project"));
        if (strcmp(slug, role) != 0 || (project ? !code || strcmp(code, project) != 0 : !!code)) {
            continue;
        }
        json_t *p = json_object_get(a, "person");
        json_array_append_new(out, json_pack("{s:O,s:O,s:O,s:O,s:O}", "id", json_object_get(a, "id"),
                                             "name", json_object_get(p, "name"), "title",
                                             json_object_get(p, "title"), "user",
                                             json_object_get(p, "user"), "primary",
                                             json_object_get(a, "primary")));
    }
    return out;
}

/* The unfilled entry of role for project (NULL: municipality-wide) in
 * unfilled (borrowed), or NULL. */
static json_t *missing_of(json_t *unfilled, const char *role, const char *project)
{
    size_t i;
    json_t *u;
    json_array_foreach(unfilled, i, u) {
        const char *code = json_string_value(json_object_get(u, "project"));
        if (strcmp(json_string_value(json_object_get(u, "role")), role) == 0 &&
            (project ? code && strcmp(code, project) == 0 : !code)) {
            return u;
        }
    }
    return NULL;
}

/* How a project's catalogue asks for role: "mandatory", "recommended" or
 * NULL (not in it); cat is the project's catalogue_get(). */
static const char *requirement(json_t *cat, const char *role)
{
    const char *best = NULL;
    size_t i;
    json_t *e;
    json_array_foreach(cat, i, e) {
        if (strcmp(json_string_value(json_object_get(e, "role")), role) == 0) {
            const char *r = json_string_value(json_object_get(e, "requirement"));
            best = best && strcmp(best, "mandatory") == 0 ? best : r;
        }
    }
    return best;
}

/* One cell of the matrix: {project, requirement, holders, missing, due,
 * appoint} (new reference). */
static json_t *cell(struct req *req, json_t *cur, json_t *unf, const char *role,
                    const char *project, const char *req_level, bool may)
{
    json_t *h = holders_of(cur, role, project);
    json_t *m = json_array_size(h) ? NULL : missing_of(unf, role, project);
    return json_pack("{s:s?,s:s?,s:o,s:b,s:O?,s:b}", "project", project, "requirement",
                     req_level, "holders", h, "missing", m != NULL, "due",
                     m ? json_object_get(m, "due") : NULL, "appoint",
                     may && rights_appoints(req, project));
}

/* The matrix of org_id: {projects: [{code, name, stage, phase}], system:
 * [{role, name, cells}], wide: [{role, name, category, cell}]}; may: the
 * caller may appoint there at all (new reference, NULL on failure). */
static json_t *matrix_of(struct req *req, int64_t org_id, bool may)
{
    const char *today = page_today(req);
    json_t *projects = risk_projects(req->db, org_id, today);
    json_t *roles = appt_roles(req->db, false);
    json_t *cur = appt_current(req->db, org_id, NULL, today);
    json_t *unf = risk_unfilled(req->db, org_id, today);
    if (!projects || !roles || !cur || !unf) {
        return NULL;
    }
    json_t *cats = json_object();
    size_t i, k;
    json_t *p, *r;
    json_array_foreach(projects, i, p) {
        const char *code = json_string_value(json_object_get(p, "code"));
        json_object_set_new(cats, code, catalogue_get(req->db, project_id(req->db, code)));
    }
    json_t *system = json_array(), *wide = json_array();
    json_array_foreach(roles, i, r) {
        const char *slug = json_string_value(json_object_get(r, "slug"));
        bool ss = strcmp(json_string_value(json_object_get(r, "category")), "system-specific") == 0;
        json_t *cells = json_array();
        const char *wide_level = NULL;
        json_array_foreach(projects, k, p) {
            const char *code = json_string_value(json_object_get(p, "code"));
            const char *lvl = requirement(json_object_get(cats, code), slug);
            wide_level = wide_level && strcmp(wide_level, "mandatory") == 0 ? wide_level
                         : lvl ? lvl : wide_level;
            if (ss) {
                json_array_append_new(cells, cell(req, cur, unf, slug, code, lvl, may));
            }
        }
        json_t *row = json_pack("{s:s,s:O,s:O}", "role", slug, "name", json_object_get(r, "name"),
                                "category", json_object_get(r, "category"));
        if (ss) {
            json_object_set_new(row, "cells", cells);
            json_array_append_new(system, row);
        } else {
            json_decref(cells);
            json_object_set_new(row, "cell", cell(req, cur, unf, slug, NULL, wide_level, may));
            json_array_append_new(wide, row);
        }
    }
    return json_pack("{s:o,s:o,s:o,s:o}", "projects", projects, "system", system, "wide", wide,
                     "unfilled", unf);
}

/* KOMBIT's filter pick lists, the chosen ones marked: municipalities
 * [{code, name, selected}] and regions [{name, selected}], into view
 * (empty for a municipality's users, who see only their own). */
static void filter_lists(struct req *req, json_t *view)
{
    json_t *orgs = req->user->central ? org_list(req->db) : json_array();
    json_t *munis = json_array(), *regions = json_array();
    const char *muni = opt_str(req, "municipality"), *reg = opt_str(req, "region");
    size_t i, k;
    json_t *o, *r;
    json_array_foreach(orgs, i, o) {
        if (strcmp(json_string_value(json_object_get(o, "kind")), "municipality") != 0) {
            continue;
        }
        const char *code = json_string_value(json_object_get(o, "code"));
        json_array_append_new(munis, json_pack("{s:s,s:O,s:b}", "code", code, "name",
                                               json_object_get(o, "name"), "selected",
                                               muni && strcmp(muni, code) == 0));
        const char *region = json_string_value(json_object_get(o, "region"));
        bool seen = !region;
        json_array_foreach(regions, k, r) {
            seen = seen || strcmp(json_string_value(json_object_get(r, "name")), region) == 0;
        }
        if (!seen) {
            json_array_append_new(regions, json_pack("{s:s,s:b}", "name", region, "selected",
                                                     reg && strcmp(reg, region) == 0));
        }
    }
    json_object_set_new(view, "municipalities", munis);
    json_object_set_new(view, "regions", regions);
}

/* See pages/register.h. */
int page_register_extras(struct req *req)
{
    json_t *view = req_view(req);
    int64_t org = 0;
    const char *muni = opt_str(req, "municipality");
    if (!req->user->central) {
        org = req->user->org_id;
    } else if (muni) {
        json_t *o = org_get(req->db, muni);
        org = o && strcmp(json_string_value(json_object_get(o, "kind")), "municipality") == 0
                  ? json_integer_value(json_object_get(o, "id"))
                  : 0;
    }
    json_t *m = org ? matrix_of(req, org, !req->user->central) : json_null();
    if (!m) {
        return req_internal(req, "register matrix");
    }
    json_object_set_new(view, "matrix", m);
    filter_lists(req, view);
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, req->title);
    return 0;
}

/* The form's role choices, with the chosen one marked: [{slug, name,
 * group, selected}] (new reference). */
static json_t *role_options(struct req *req, const char *chosen)
{
    json_t *roles = appt_roles(req->db, false);
    size_t i;
    json_t *r;
    json_array_foreach(roles, i, r) {
        bool ss = strcmp(json_string_value(json_object_get(r, "category")), "system-specific") == 0;
        json_object_set_new(r, "scope", json_string(ss ? "pr. projekt" : "hele kommunen"));
        json_object_set_new(r, "selected", json_boolean(chosen && strcmp(chosen, json_string_value(
                                                             json_object_get(r, "slug"))) == 0));
    }
    return roles;
}

/* The form's project choices (the projects the municipality takes part
 * in, the caller's readable ones if none), the chosen one marked. */
static json_t *project_options(struct req *req, const char *chosen)
{
    json_t *list = req->user->central ? json_array()
                                      : risk_projects(req->db, req->user->org_id,
                                                      page_today(req));
    json_t *out = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p) {
        const char *code = json_string_value(json_object_get(p, "code"));
        json_array_append_new(out, json_pack("{s:s,s:O,s:b}", "code", code, "name",
                                             json_object_get(p, "name"), "selected",
                                             chosen && strcmp(chosen, code) == 0));
    }
    return out;
}

/* The people one can appoint, the chosen one marked. */
static json_t *person_options(struct req *req, const char *chosen)
{
    struct owner_filter own = req_write_scope(req);
    json_t *list = person_list(req->db, &own);
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(p, "id")));
        json_object_set_new(p, "selected", json_boolean(chosen && strcmp(chosen, id) == 0));
    }
    return list;
}

/* See pages/register.h. */
int page_register_new(struct req *req)
{
    const char *role = page_form_value(req, "role", opt_str(req, "role"));
    const char *project = page_form_value(req, "project", req->res.project);
    const char *person = page_form_value(req, "person", NULL);
    json_t *view = req_view(req);
    json_object_set_new(view, "roles", role_options(req, role));
    json_object_set_new(view, "projects", project_options(req, project));
    json_object_set_new(view, "persons", person_options(req, person));
    json_object_set_new(
        view, "form",
        json_pack("{s:s,s:s?,s:s?,s:s?,s:s?,s:s?,s:b,s:b}", "from",
                  page_form_value(req, "from", page_today(req)), "to",
                  page_form_value(req, "to", NULL), "name", page_form_value(req, "name", NULL),
                  "title", page_form_value(req, "title", NULL), "email",
                  page_form_value(req, "email", NULL), "phone",
                  page_form_value(req, "phone", NULL), "consent", req_bool(req, "consent"),
                  "primary", req_bool(req, "primary")));
    req->tpl = "appointment_new";
    req->title = "Udpeg en person";
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/rollebesaetning", "Rollebesætning");
    req_crumb(req, NULL, req->title);
    return 200;
}

/* See pages/register.h. */
int page_register_role_extras(struct req *req)
{
    json_t *view = req_view(req);
    const struct user_ctx *u = req->user;
    json_t *holders = u && !u->central
                          ? appt_current(req->db, u->org_id, req_param(req, "slug"),
                                         page_today(req))
                          : json_array();
    if (!holders) {
        return req_internal(req, "role holders");
    }
    json_object_set_new(view, "holders", holders);
    json_object_set_new(view, "holders_org",
                        u && !u->central ? json_string(u->org_name) : json_null());
    return 0;
}
