/*
 * docs: imported guidance documents (vejledninger), shown as the HTML
 * their Markdown was rendered to when they were saved. Public.
 */
#include "model/common.h"
#include "model/document.h"
#include "pages/common.h"
#include "pages/docs.h"

/* GET /vejledning, /api/v1/documents */
int page_docs_index(struct req *req)
{
    json_t *docs = doc_list(req->db);
    if (!docs) {
        return req_internal(req, "documents");
    }
    json_object_set_new(req_view(req), "documents", docs);
    req->tpl = "documents";
    req->title = "Vejledninger";
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, "Vejledninger");
    return 200;
}

/* GET /vejledning/{slug}, /api/v1/documents/{slug} */
int page_docs_show(struct req *req)
{
    json_t *doc = doc_get(req->db, req_param(req, "slug"));
    if (!doc) {
        return db_failed(req->db) ? req_internal(req, "document")
                                  : req_fail(req, 404, NULL, "Vejledningen findes ikke");
    }
    json_object_del(doc, "id"); /* body_html was rendered when it was saved */
    req->view = doc;
    req->tpl = "document";
    req->title = json_string_value(json_object_get(doc, "title"));
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/vejledning", "Vejledninger");
    req_crumb(req, NULL, req->title);
    return 200;
}
