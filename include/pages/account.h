/*
 * pages/account: what every user manages for themselves: password, sessions,
 * API tokens; and the one-time password reset link.
 */
#ifndef KLIKD_PAGES_ACCOUNT_H
#define KLIKD_PAGES_ACCOUNT_H

#include "http.h"

int page_account_show(struct req *req);
int page_account_password(struct req *req);
int page_account_notify(struct req *req);
int page_account_sessions(struct req *req);
int page_account_session_delete(struct req *req);
int page_account_tokens(struct req *req);
int page_account_token_create(struct req *req);
int page_account_token_revoke(struct req *req);
int page_reset_form(struct req *req);
int page_reset_use(struct req *req);

#endif
