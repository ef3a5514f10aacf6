/*
 * pages/roles: the role gallery (rollegalleri) and one role.
 */
#ifndef KLIKD_PAGES_ROLES_H
#define KLIKD_PAGES_ROLES_H

#include "http.h"

int page_roles_index(struct req *req);
int page_roles_show(struct req *req);

#endif
