/*
 * pages/appointments: who holds a project's system-specific roles.
 */
#ifndef KLIKD_PAGES_APPOINTMENTS_H
#define KLIKD_PAGES_APPOINTMENTS_H

#include "http.h"

int page_appts_index(struct req *req);
int page_appts_extras(struct req *req);
int page_appts_create(struct req *req);
int page_appts_delete(struct req *req);
int page_persons_index(struct req *req);
/* Resource: the appointment {id} of the route's project, in the caller's
 * read scope. */
int page_appts_resource(struct req *req);

#endif
