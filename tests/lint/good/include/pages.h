/* pages: a clean fixture header of the pages layer. */
#ifndef FIXTURE_PAGES_H
#define FIXTURE_PAGES_H
#include "http.h"
/* Deletes the role of the request. */
int page_roles_delete(struct req *req);
#endif
