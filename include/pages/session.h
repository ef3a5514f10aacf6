/*
 * pages/session: logging in and out, and who the caller is.
 */
#ifndef KLIKD_PAGES_SESSION_H
#define KLIKD_PAGES_SESSION_H

#include "http.h"

int page_session_form(struct req *req);
int page_session_create(struct req *req);
int page_session_confirm(struct req *req);
int page_session_delete(struct req *req);
int page_session_me(struct req *req);

#endif
