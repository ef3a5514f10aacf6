/*
 * pages/handover: a municipality hands a project over from implementation
 * to operation (/projekter/{code}/overdragelse): the proposal of successor
 * appointments, and the one step that confirms or changes it.
 */
#ifndef KLIKD_PAGES_HANDOVER_H
#define KLIKD_PAGES_HANDOVER_H

#include "http.h"

/* GET /projekter/{code}/overdragelse, /api/v1/projects/{code}/handover */
int page_handover_show(struct req *req);
/* The form (form_rows: the proposal with each entry's choices), the
 * municipality's people, breadcrumbs. */
int page_handover_extras(struct req *req);
/* POST /projekter/{code}/overdragelse, /api/v1/projects/{code}/handover */
int page_handover_create(struct req *req);

#endif
