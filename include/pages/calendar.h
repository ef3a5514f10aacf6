/*
 * pages/calendar: a user's calendar feed of their deadlines (calendar.c):
 * made and revoked from /konto and the API, read by calendar programs at
 * a secret URL as iCalendar (RFC 5545).
 */
#ifndef KLIKD_PAGES_CALENDAR_H
#define KLIKD_PAGES_CALENDAR_H

#include "http.h"

int page_calendar_create(struct req *req);
int page_calendar_revoke(struct req *req);
int page_calendar_show(struct req *req);
int page_calendar_feed(struct req *req);

#endif
