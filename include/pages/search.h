/*
 * pages/search: full-text search over tasks, roles and messages (search.c)
 * at /soeg and /api/v1/search.
 */
#ifndef KLIKD_PAGES_SEARCH_H
#define KLIKD_PAGES_SEARCH_H

#include "http.h"

int page_search(struct req *req);

#endif
