/*
 * model/risk: which mandatory roles a municipality has not filled — the
 * rollegalleri calls an unfilled role a risk. A municipality takes part in
 * a project when it is a member of one of the project's waves, has a row
 * in organisation_projects, or has users with access to the project; its
 * stage there is organisation_projects.stage (no row: implementation).
 * Phase dates come from wave_phases of its (earliest) wave, each phase
 * KOMBIT has not dated from the wave's go-live: Fase 1 365 days before, Fase 2 270 days before, Fase 3
 * 90 days before, Fase 4 30 days after; without either, the project
 * counts as being in Fase 1 (dates unknown). Read-only.
 */
#ifndef KLIKD_MODEL_RISK_H
#define KLIKD_MODEL_RISK_H

#include "model/common.h"

/* The start of phase n (1..4) derived from go_live ("YYYY-MM-DD"), into
 * out; false when go_live is NULL or not a date. */
bool risk_phase_derived(const char *go_live, int n, char out[11]);
/* The projects org_id takes part in: [{code, name, stage, wave, go_live,
 * phase (the phase reached today, 0 before Fase 1, null without dates),
 * phases: [{phase, start}]}] by code. New reference; NULL on failure. */
json_t *risk_projects(struct db *db, int64_t org_id, const char *today);
/* The mandatory roles org_id has not filled that are due now or by the
 * next phase its project reaches: [{role, role_name, category, project
 * (code, null for a municipality-wide role), stage, phase, due (date or
 * null), now (due today or earlier, or without a date)}], due first; a
 * municipality-wide role once, at its earliest due. New reference; NULL
 * on failure. */
json_t *risk_unfilled(struct db *db, int64_t org_id, const char *today);
/* KOMBIT's matrix: per project with mandatory roles, [{project, roles:
 * [{slug, name}], rows: [{municipality, name, region, cells: [{role,
 * holders (current count), missing (unfilled and due)}], missing}]}]; the
 * municipalities that take part, by name. Each municipality's unfilled
 * entries (as risk_unfilled(), plus "municipality", its code) are appended
 * to unfilled (borrowed array). New reference; NULL on failure. */
json_t *risk_matrix(struct db *db, const char *today, json_t *unfilled);

#endif
