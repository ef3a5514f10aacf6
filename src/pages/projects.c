/*
 * projects: KOMBIT creates a project (code and name) from the form on
 * /projekter or POST /api/v1/projects; the list itself is home.c's. A
 * code is upper-case letters and digits, as the task exports write them.
 * A new project gets the default role catalogue (the one the importer
 * derives from the rollegalleri) in the transaction that creates it. It
 * never runs SQL or decides access.
 */
#include <string.h>

#include "model/catalogue.h"
#include "model/common.h"
#include "model/project.h"
#include "pages/common.h"
#include "pages/projects.h"
#include "util.h"

/* POST /projekter, /api/v1/projects {code, name}: 201 {code, name}, the
 * project with the default role catalogue (none when no roles are
 * imported); 409 when the code is taken. */
int page_projects_create(struct req *req)
{
    const char *code = req_str(req, "code"), *name = req_str(req, "name");
    if (strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != strlen(code)) {
        return req_fail(req, 422, "code", "Koden må kun have store bogstaver A-Z og cifre");
    }
    json_t *catalogue = catalogue_default(req->db);
    if (!catalogue) {
        return req_internal(req, "default catalogue");
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        json_decref(catalogue);
        return req->status;
    }
    int64_t id = project_create(req->db, &a, code, name);
    int rc = id > 0 && json_array_size(catalogue)
                 ? catalogue_replace(req->db, &a, id, catalogue)
                 : 0;
    json_decref(catalogue);
    if (id == -2) {
        return req_fail(req, 409, "code", "Der findes allerede et projekt med den kode");
    }
    if (id < 0 || rc < 0) {
        return req_internal(req, "project create");
    }
    req->view = json_pack("{s:s,s:s}", "code", code, "name", name);
    req->location = "/projekter";
    req->api_location = arena_printf(req->arena, "/api/v1/projects/%s", code);
    return req_commit(req, 201);
}
