/*
 * followup: KOMBIT's follow-up — a wave's matrix (every member
 * municipality × every task published to it, the status as a colour and
 * a word, totals per row and column), the same matrix as a CSV file
 * streamed line by line, and every municipality's progress per project.
 * The router lets only KOMBIT in; nothing here writes.
 */
#include <stdio.h>
#include <string.h>

#include "model/matrix.h"
#include "pages/common.h"
#include "pages/followup.h"
#include "util.h"

/* Streams the matrix as CSV (?format=csv). */
static int matrix_csv(struct req *req, int64_t id, json_t *matrix, const char *today)
{
    struct matrix_csv *csv = matrix_csv_open(req->db, id, matrix, today);
    if (!csv) {
        return req_internal(req, "matrix csv");
    }
    req_stream(req, "text/csv; charset=utf-8", matrix_csv_fill, matrix_csv_free, csv);
    char disp[80];
    snprintf(disp, sizeof disp, "attachment; filename=\"opfoelgning-boelge-%lld.csv\"",
             (long long)id);
    req_header(req, "Content-Disposition", disp);
    req->no_store = true;
    return 200;
}

/* GET /boelger/{id}/opfoelgning, /api/v1/waves/{id}/matrix (?format=csv). */
int page_followup_matrix(struct req *req)
{
    int64_t id = req_param_id(req, "id");
    const char *today = page_today(req);
    const char *format = req_str(req, "format");
    bool csv = format && !strcmp(format, "csv"); /* its lines come from a cursor */
    json_t *m = matrix_wave(req->db, id, today, !csv);
    if (!m) {
        return page_not_found(req, "matrix", "Bølgen findes ikke");
    }
    if (csv) {
        return matrix_csv(req, id, m, today);
    }
    req->view = m; /* arena memory, as every view */
    json_object_set_new(req->view, "today", json_string(today));
    json_t *wave = json_object_get(m, "wave");
    const char *name = json_string_value(json_object_get(wave, "name"));
    req->tpl = "followup";
    req->title = arena_printf(req->arena, "Opfølgning: %s", name ? name : "bølge");
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/boelger", "Bølger");
    req_crumb(req, arena_printf(req->arena, "/boelger/%lld", (long long)id), name);
    req_crumb(req, NULL, "Opfølgning");
    return 200;
}

/* GET /opfoelgning, /api/v1/progress: every municipality's progress per
 * project. */
int page_followup_progress(struct req *req)
{
    json_t *p = matrix_progress(req->db, page_today(req));
    if (!p) {
        return req_internal(req, "progress");
    }
    req->view = p;
    req->tpl = "progress";
    req->title = "Opfølgning på projekter";
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, "Opfølgning");
    return 200;
}
