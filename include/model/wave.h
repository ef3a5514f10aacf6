/*
 * model/wave: KOMBIT's waves of a project — name, go-live, member
 * municipalities — and what changing them does to the wave's tasks.
 */
#ifndef KLIKD_MODEL_WAVE_H
#define KLIKD_MODEL_WAVE_H

#include "model/common.h"

struct pub_counts;

/* The waves in scope (every wave, or those the owner is a member of),
 * of project (code; NULL: all): [{id, project, name, label, go_live,
 * member_count}] by project and go-live. New reference, NULL on failure. */
json_t *wave_list(struct db *db, const struct owner_filter *scope, const char *project);
/* One wave: {id, project, name, label, go_live, member_count, project_id,
 * project_name, task_count (shown tasks), municipalities [code],
 * members [{code, name}], master_tasks [{id, external_id, title,
 * published_at, unpublished_at, published, deadline (from go-live, or
 * null)}], phases [{phase (1..4), start (KOMBIT's date or null), derived
 * (from go-live as model/risk.h says, or null)}]}, or NULL (db_failed
 * tells). */
json_t *wave_get(struct db *db, int64_t id);
/* 1 when organisation org is a member of wave, 0 not, -1 failure. */
int wave_is_member(struct db *db, int64_t wave, int64_t org);
/* The organisation ids of wave's members, ascending (new reference), or
 * NULL on failure. */
json_t *wave_member_ids(struct db *db, int64_t wave);
/* Creates wave name ("Bølge 5") of project with go_live (may be NULL) and
 * the organisations orgs (array of ids); a wave of that name the importer
 * made and nothing has set up yet is set up instead. Audited. Its id, -2
 * when the wave exists and is in use, -1 on failure. */
int64_t wave_create(struct db *db, const struct actor *a, int64_t project, const char *name,
                    const char *go_live, json_t *orgs);
/* Sets go-live of wave (the wave_get row) and moves the dates of all its
 * tasks; NULL clears it and leaves the dates. Audited for the wave and
 * each member. The number of shown tasks moved (0 when unchanged), or -1. */
int wave_set_go_live(struct db *db, const struct actor *a, json_t *wave, const char *go_live);
/* Replaces the phase dates of wave (the wave_get row) with phases
 * ({"1".."4": "YYYY-MM-DD"}, checked by the caller; a phase not named is
 * derived from go-live). Audited (wave.phases, before and after). 1 when
 * they changed, 0 when they were the same, -1 on failure. */
int wave_set_phases(struct db *db, const struct actor *a, json_t *wave, json_t *phases);
/* Replaces the members of wave (the wave_get row) — old_orgs the current
 * ids, orgs the new ones — and syncs its tasks: a municipality joining
 * gets the published tasks, one leaving has its tasks hidden. *out says
 * what happened to the tasks. Audited per organisation. 0 or -1. */
int wave_set_members(struct db *db, const struct actor *a, json_t *wave, json_t *old_orgs,
                     json_t *orgs, struct pub_counts *out);
/* Writes the audit event action about wave for each of its members (the
 * organisation whose tasks changed), with after. 0 or -1. */
int wave_audit_members(struct db *db, const struct actor *a, int64_t wave, const char *action,
                       json_t *after);

#endif
