/*
 * model/leave: when someone leaves the municipality (fratræder): in one
 * step their appointments move to a successor (or end), their open tasks
 * go to the successor as responsible or performer (or lose them), their
 * log-in is switched off with its sessions, and the person is marked as
 * left. The caller holds the transaction.
 */
#ifndef KLIKD_MODEL_LEAVE_H
#define KLIKD_MODEL_LEAVE_H

#include "model/common.h"

/* A person's appointments that are not over on today: [{id, role,
 * role_name, project, from, to, primary}]. */
json_t *leave_appointments(struct db *db, int64_t person_id, const char *today);
/* A person's open tasks (status not fuldfoert): [{id, title, project,
 * end_date, status, responsible, performer}] (responsible/performer:
 * booleans, whether the person is it). */
json_t *leave_tasks(struct db *db, int64_t person_id);

/* Makes person_id of org_id leave on today; successor_id (0: none, a
 * person of org_id who has not left) takes over. Returns what happened,
 * {appointments: [{role, role_name, project, action: "moved"|"ended"|
 * "held"}], tasks: [{id, title, responsible, performer}], login_disabled},
 * audited as person.leave (new reference); NULL on failure. */
json_t *leave_run(struct db *db, const struct actor *a, int64_t org_id, int64_t person_id,
                  int64_t successor_id, const char *today);

#endif
