/*
 * pages/common: what the handlers share (common.c): the acting user for the audit
 * trail, a form's typed values, and the confirmation shown after a save.
 * A handler reads the checked request, asks the model, fills req->view (the
 * API's answer and the page's data), names a template and returns a status;
 * it never runs SQL, never checks access (the route table does) and never
 * formats output.
 */
#ifndef KLIKD_PAGES_COMMON_H
#define KLIKD_PAGES_COMMON_H

#include "http.h"

struct actor;
/* The acting user of a request, for the audit trail. */
void page_actor(const struct req *req, struct actor *a);
/* A form value: what was typed (on a 4xx) if present, else fallback. */
const char *page_form_value(const struct req *req, const char *key, const char *fallback);
/* Today's date, "YYYY-MM-DD" (arena). */
const char *page_today(struct req *req);
/* Answers a model look-up that gave NULL: 500 when the database failed,
 * else 404 with msg. */
int page_not_found(struct req *req, const char *what, const char *msg);

#endif
