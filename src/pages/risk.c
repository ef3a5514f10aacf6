/*
 * risk: /risiko — the rollegalleri calls an unfilled mandatory role a
 * risk. A municipality sees its unfilled mandatory roles, due now or by
 * the phase its project reaches next, with the date, and the projects it
 * takes part in with their phase; KOMBIT sees every taking-part
 * municipality's list and, per project, a matrix of municipalities ×
 * mandatory roles with the number of holders. What is due when is the
 * model's (model/risk.h); this only shapes the view.
 */
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
