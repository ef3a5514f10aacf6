/*
 * model/appt: appointments (udpegninger) of a municipality's people to the
 * system-specific roles of a project, and the people one can appoint.
 * Reads are scoped to the caller's organisation (KOMBIT reads all).
 */
#ifndef KLIKD_MODEL_APPT_H
#define KLIKD_MODEL_APPT_H

#include "model/common.h"

/* A project's appointments in scope: [{id, organisation, role: {slug,
 * name}, project, person: {id, name, title, email}, from, to, created_at}]. */
json_t *appt_list(struct db *db, const struct owner_filter *scope, const char *project);
/* One appointment in scope, or NULL. */
json_t *appt_get(struct db *db, const struct owner_filter *scope, int64_t id);
/* Appoints a person of org_id to a system-specific role of a project.
 * Returns the id; -2 when the role is unknown or not system-specific, -3
 * when the person is not in org_id, -1 on failure. */
int64_t appt_create(struct db *db, const struct actor *a, int64_t org_id, int64_t project_id,
                    const char *role, int64_t person_id, const char *from, const char *to);
/* Removes an appointment of the project within scope: 1, 0 not found, -1. */
int appt_delete(struct db *db, const struct actor *a, const struct owner_filter *scope,
                const char *project, int64_t id);
/* The system-specific roles one can be appointed to: [{slug, name}]. */
json_t *appt_roles(struct db *db);
/* People in scope: [{id, name, title, email, phone, organisation}]. */
json_t *person_list(struct db *db, const struct owner_filter *scope);

#endif
