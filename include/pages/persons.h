/*
 * pages/persons: a municipality's people and contacts as its
 * KLIK-administrator keeps them (/personer): consent, when each last
 * confirmed their data (stale after 12 months), the one-time link that
 * asks them to confirm (/bekraeft/{token}, opened without logging in),
 * and the leaver's step (fratræder) that moves their appointments and
 * open tasks to a successor and switches off their log-in.
 */
#ifndef KLIKD_PAGES_PERSONS_H
#define KLIKD_PAGES_PERSONS_H

#include "http.h"

/* The {id} person of the caller's own organisation: 1, 0 (404), -1. */
int page_persons_resource(struct req *req);
/* GET /personer */
int page_persons_list(struct req *req);
/* GET /personer/{id} */
int page_persons_show(struct req *req);
/* The person page's forms: successors to pick, breadcrumbs. */
int page_persons_extras(struct req *req);
/* POST /personer/{id}/fratraed, /api/v1/persons/{id}/leave */
int page_persons_leave(struct req *req);
/* POST /personer/{id}/bekraeftelse, /api/v1/persons/{id}/verification */
int page_persons_verify_ask(struct req *req);
/* GET /bekraeft/{token}: the holder's form. */
int page_persons_confirm_form(struct req *req);
/* POST /bekraeft/{token} */
int page_persons_confirm(struct req *req);

#endif
