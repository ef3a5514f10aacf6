/*
 * model/appt: appointments (udpegninger) of a municipality's people to the
 * roles of the rollegalleri — system-specific roles for a project, the
 * other roles once for the whole municipality (project NULL). One role may
 * have several holders, one of them primary (the one KOMBIT writes to);
 * ending an appointment keeps its row (ids are never reused). Reads are
 * scoped to the caller's organisation (KOMBIT reads all).
 *
 * "Current" means: from_date <= today AND (to_date IS NULL OR to_date >=
 * today) AND ended_at IS NULL. Ending sets ended_at and puts to_date on
 * yesterday (or on from_date, for one that had not begun before today),
 * so the two date tests alone give the same answer except on an ended
 * appointment's first day. Every list gives each appointment a "state":
 * "current", "future" (from_date after today) or "ended".
 */
#ifndef KLIKD_MODEL_APPT_H
#define KLIKD_MODEL_APPT_H

#include "model/common.h"

#define APPT_DUPLICATE -4 /* the same person in the same role and project at once */
#define APPT_ENDED -5     /* the appointment is already ended */
#define APPT_BAD_DATES -6 /* to before from */

/* What appt_search() narrows to; NULL fields do not narrow. */
struct appt_filter {
    const char *role;         /* role slug */
    const char *project;      /* project code */
    const char *municipality; /* kommunekode (KOMBIT's reads) */
    const char *region;       /* region name or code (KOMBIT's reads) */
};

/* Appointments in scope matching f, ended ones included: [{id,
 * organisation, organisation_name, role: {slug, name, category}, project
 * (code or null), person: {id, name, title, email, phone, user}, from, to,
 * primary, state, ended_at, created_at}], by municipality name, gallery
 * order, project and date. today is "YYYY-MM-DD". */
json_t *appt_search(struct db *db, const struct owner_filter *scope, const struct appt_filter *f,
                    const char *today);
/* A project's appointments in scope that are not ended, in the same shape. */
json_t *appt_list(struct db *db, const struct owner_filter *scope, const char *project,
                  const char *today);
/* One appointment in scope, or NULL. */
json_t *appt_get(struct db *db, const struct owner_filter *scope, int64_t id, const char *today);
/* The current appointments of org_id, in the same shape (role may be NULL:
 * every role; else only that role's slug). */
json_t *appt_current(struct db *db, int64_t org_id, const char *role, const char *today);

/* Looks up a role by slug: 1 with *id and *system_specific set, 0 unknown,
 * -1 failure. */
int appt_role_find(struct db *db, const char *slug, int64_t *id, bool *system_specific);
/* The roles one can be appointed to, [{slug, name, category}] in gallery
 * order; only the system-specific ones when system_specific is set. */
json_t *appt_roles(struct db *db, bool system_specific);

/* A new appointment as appt_create() takes it. */
struct appt_new {
    int64_t org_id;     /* the municipality */
    int64_t role_id;    /* the role */
    int64_t project_id; /* the project, 0 for a municipality-wide role */
    int64_t person_id;  /* a person of org_id */
    const char *from;   /* "YYYY-MM-DD" */
    const char *to;     /* "YYYY-MM-DD" or NULL */
    bool primary;       /* becomes the primary holder (the others stop being it) */
};
/* Creates an appointment with its audit event(s). The id; APPT_DUPLICATE
 * when the person already holds the role (and project) in an overlapping
 * period; -1 on failure. */
int64_t appt_create(struct db *db, const struct actor *a, const struct appt_new *n);
/* Changes an appointment of org_id: from/to NULL keep, to "" clears it;
 * primary -1 keeps, 0/1 sets (setting it unsets the other holders'). 1,
 * 0 not found, APPT_ENDED, APPT_BAD_DATES, APPT_DUPLICATE, -1. */
int appt_update(struct db *db, const struct actor *a, int64_t org_id, int64_t id,
                const char *from, const char *to, int primary);
/* Ends an appointment of org_id (kept in history, no longer primary): 1,
 * 0 not found, APPT_ENDED, -1. today is "YYYY-MM-DD". */
int appt_end(struct db *db, const struct actor *a, int64_t org_id, int64_t id,
             const char *today);

#endif
