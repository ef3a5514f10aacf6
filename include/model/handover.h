/*
 * model/handover: a municipality hands a project over from implementation
 * to operation (drift og forvaltning). The successor roles of the
 * rollegalleri (role_successors: projektejer → systemejer, projektleder →
 * systemansvarlig) are proposed with the predecessors' holders; the
 * handover appoints the chosen people, ends the predecessors'
 * appointments in the project, and moves the municipality's stage of the
 * project to 'operation'. The caller holds the transaction.
 */
#ifndef KLIKD_MODEL_HANDOVER_H
#define KLIKD_MODEL_HANDOVER_H

#include "model/common.h"

/* Where org_id is in project_id: {stage, handed_over_at} ("implementation"
 * and null when the municipality has no row yet). NULL on failure. */
json_t *handover_stage(struct db *db, int64_t org_id, int64_t project_id);
/* The proposal: one entry per successor role, [{role, role_name,
 * predecessor, predecessor_name, person, person_name}], person the
 * predecessor's current holder in the project (primary first) or null. */
json_t *handover_proposal(struct db *db, int64_t org_id, int64_t project_id, const char *today);

/* Hands the project over: proposal as handover_proposal() gave it with
 * each entry's person (an id of org_id, or null: appoint no one) as
 * chosen; ends every current appointment of a predecessor role in the
 * project, appoints each chosen person from today (unless they hold the
 * role), sets the stage. Audited as project.handover. Returns {stage,
 * handed_over_at, appointments: [{role, person, action}], ended: n} (new
 * reference), or NULL on failure. */
json_t *handover_run(struct db *db, const struct actor *a, int64_t org_id, int64_t project_id,
                     json_t *proposal, const char *today);
/* Whether person_id is a person of org_id who has not left: 1, 0, -1. */
int handover_person_ok(struct db *db, int64_t org_id, int64_t person_id);

#endif
