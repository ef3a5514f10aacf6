/*
 * pages/register: the role register of a municipality (rollebesætning) —
 * its roles × projects with who holds each and which mandatory ones are
 * empty, the appointment form reached from it, and who holds a role in
 * the caller's municipality on the role's own page.
 */
#ifndef KLIKD_PAGES_REGISTER_H
#define KLIKD_PAGES_REGISTER_H

#include "http.h"

/* GET /rollebesaetning, /api/v1/appointments */
int page_register_index(struct req *req);
/* Its page's matrix and filter pick lists. */
int page_register_extras(struct req *req);
/* GET /rollebesaetning/ny: the appointment form (role and project may be
 * given in the query). */
int page_register_new(struct req *req);
/* Extras of GET /roller/{slug}: the current holders of the role in the
 * caller's municipality. */
int page_register_role_extras(struct req *req);

#endif
