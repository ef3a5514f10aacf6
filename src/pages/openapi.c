/*
 * openapi: serves the OpenAPI 3 document that describes every API route
 * (static/openapi.json, kept by hand beside the route table and checked
 * against `klikd routes` by tests/openapi/validate.mjs). The file is read
 * when asked for — it is small and rarely fetched — and sent as it is;
 * nothing here builds or changes it.
 */
#include <stdlib.h>

#include "pages/common.h"
#include "pages/openapi.h"
#include "util.h"

/* GET /api/v1/openapi.json */
int page_openapi(struct req *req)
{
    char *path = arena_printf(req->arena, "%s/static/openapi.json", server.datadir);
    size_t len = 0;
    char *doc = file_read(path, &len);
    if (!doc) {
        return req_internal(req, "openapi.json cannot be read");
    }
    req_defer(req, free, doc);
    req->raw_body = doc;
    req->raw_len = len;
    req->content_type = "application/json; charset=utf-8";
    req_header(req, "Cache-Control", "public, max-age=300");
    return 200;
}
