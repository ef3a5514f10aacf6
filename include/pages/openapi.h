/*
 * pages/openapi: the OpenAPI 3 document of the JSON API (openapi.c),
 * served at /api/v1/openapi.json from static/openapi.json.
 */
#ifndef KLIKD_PAGES_OPENAPI_H
#define KLIKD_PAGES_OPENAPI_H

#include "http.h"

int page_openapi(struct req *req);

#endif
