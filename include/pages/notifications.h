/*
 * pages/notifications: a user's own notifications — the list with read
 * and unread, marking one or all read — and their e-mail choice (the
 * handler lives with the account page, pages/account.h).
 */
#ifndef KLIKD_PAGES_NOTIFICATIONS_H
#define KLIKD_PAGES_NOTIFICATIONS_H

#include "http.h"

int page_notifications_index(struct req *req);
int page_notifications_resource(struct req *req);
int page_notifications_read(struct req *req);
int page_notifications_read_all(struct req *req);

#endif
