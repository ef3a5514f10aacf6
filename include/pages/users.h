/*
 * pages/users: a KLIK-administrator's users.
 */
#ifndef KLIKD_PAGES_USERS_H
#define KLIKD_PAGES_USERS_H

#include "http.h"

int page_users_index(struct req *req);
int page_users_new(struct req *req);
int page_users_create(struct req *req);
int page_users_show(struct req *req);
int page_users_extras(struct req *req);
int page_users_update(struct req *req);
int page_users_reset(struct req *req);
/* Resource: the user {id} of the caller's own organisation. */
int page_users_resource(struct req *req);

#endif
