/*
 * risk: /risiko — the rollegalleri calls an unfilled mandatory role a
 * risk. A municipality sees its unfilled mandatory roles, due now or by
 * the phase its project reaches next, with the date, and the projects it
 * takes part in with their phase; KOMBIT sees every taking-part
 * municipality's list and, per project, a matrix of municipalities ×
 * mandatory roles with the number of holders. What is due when is the
 * model's (model/risk.h); this only shapes the view.
 */
#include <string.h>

#include "model/risk.h"
#include "pages/common.h"
#include "pages/risk.h"
#include "util.h"

/* See pages/risk.h. */
int page_risk_index(struct req *req)
{
    const char *today = page_today(req);
    json_t *unfilled, *projects, *matrix;
    if (req->user->central) {
        unfilled = json_array();
        projects = json_array();
        matrix = risk_matrix(req->db, today, unfilled);
    } else {
        unfilled = risk_unfilled(req->db, req->user->org_id, today);
        projects = risk_projects(req->db, req->user->org_id, today);
        matrix = json_null();
    }
    if (!unfilled || !projects || !matrix) {
        return req_internal(req, "risk");
    }
    json_t *view = req_view(req);
    json_object_set_new(view, "unfilled", unfilled);
    json_object_set_new(view, "projects", projects);
    json_object_set_new(view, "matrix", matrix);
    json_object_set_new(view, "today", json_string(today));
    req->tpl = "risiko";
    req->title = "Ubesatte roller";
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, req->title);
    return 200;
}

/* See pages/risk.h. */
int page_risk_extras(struct req *req)
{
    json_t *rows = json_array();
    size_t i;
    json_t *u;
    json_t *unfilled = req->user->central ? NULL : json_object_get(req_view(req), "unfilled");
    json_array_foreach(unfilled, i, u) {
        json_t *row = json_deep_copy(u);
        json_object_set_new(row, "appoint", json_boolean(rights_appoints(
                                                req, json_string_value(json_object_get(
                                                         u, "project")))));
        json_array_append_new(rows, row);
    }
    json_object_set_new(req_view(req), "rows", rows);
    return 0;
}
