/*
 * pages/appointments: appointments (udpegninger) — the project page of
 * system-specific roles (/projekter/{code}/udpegninger) and the register's
 * appointments of every role (/api/v1/appointments, /rollebesaetning/...):
 * appoint (a user or a new contact without a log-in), show, change, end.
 */
#ifndef KLIKD_PAGES_APPOINTMENTS_H
#define KLIKD_PAGES_APPOINTMENTS_H

#include "http.h"

/* GET /projekter/{code}/udpegninger, /api/v1/projects/{code}/appointments */
int page_appts_index(struct req *req);
/* Its page's pick lists and form. */
int page_appts_extras(struct req *req);
/* POST /projekter/{code}/udpegninger, /api/v1/projects/{code}/appointments */
int page_appts_create(struct req *req);
/* POST /projekter/{code}/udpegninger/{id}/slet, DELETE .../appointments/{id}:
 * ends the appointment (kept in history). */
int page_appts_delete(struct req *req);
/* GET /api/v1/persons */
int page_persons_index(struct req *req);
/* Resource: the appointment {id} of the route's project, in the caller's
 * read scope. */
int page_appts_resource(struct req *req);

/* Resource: the appointment {id} in the caller's read scope; fills the
 * res's project (its code, for the rights) and row. */
int page_appts_find(struct req *req);
/* POST /rollebesaetning/ny, POST /api/v1/appointments */
int page_appts_appoint(struct req *req);
/* GET /rollebesaetning/{id}, /api/v1/appointments/{id} */
int page_appts_show(struct req *req);
/* Its page's form. */
int page_appts_show_extras(struct req *req);
/* POST /rollebesaetning/{id}, PATCH /api/v1/appointments/{id} */
int page_appts_update(struct req *req);
/* POST /rollebesaetning/{id}/afslut, DELETE /api/v1/appointments/{id} */
int page_appts_end(struct req *req);

#endif
