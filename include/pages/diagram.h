/*
 * pages/diagram: the role diagram on /roller (a page extra of role.list):
 * the roles by category with their successors and the roles their text
 * names, as an SVG picture and as a table.
 */
#ifndef KLIKD_PAGES_DIAGRAM_H
#define KLIKD_PAGES_DIAGRAM_H

#include "http.h"

/* Adds "diagram": {"svg" (trusted SVG), "rows": [{slug, name,
 * successors, mentions}], "mentions" (how many)} to the
 * role list's view. 0, or a status (500). */
int page_diagram_extras(struct req *req);

#endif
