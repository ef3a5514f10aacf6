/*
 * model/task: a municipality's tasks — a master task published to it in
 * a wave, or its own local task — with deadline, responsible, performer,
 * status (who and when), the method steps ticked off, and what each
 * waits for (predecessor tasks of the same municipality and wave not yet
 * done). Reads are scoped to the caller's organisation (KOMBIT reads
 * all); hidden (unpublished) tasks are never read.
 */
#ifndef KLIKD_MODEL_TASK_H
#define KLIKD_MODEL_TASK_H

#include "model/common.h"

/* The filters of a task list; NULL / 0 / false: no filter. */
struct task_filter {
    const char *today;    /* "YYYY-MM-DD": overdue and due soon are relative to it */
    const char *project;  /* project code */
    int64_t wave_id;      /* wave */
    const char *status;   /* 'ikke_paabegyndt', 'paabegyndt' or 'fuldfoert' */
    bool overdue;         /* only tasks past their deadline and not done */
    int64_t person_id;    /* only tasks this person is responsible for or performs */
    const char *phase;    /* the master task's phase, theme, priority */
    const char *theme;
    const char *priority;
    const char *projects; /* a JSON array of the project codes the caller reads, or NULL */
    int64_t limit;        /* at most this many rows (0: 100) */
    int64_t offset;       /* after skipping this many */
};

/* Tasks in scope matching f, by deadline: [{id, master_task, title,
 * project, wave, municipality, start, deadline, status, responsible,
 * performer ({id, name} or null), overdue, due_soon, phase, theme,
 * priority, local, waits_for: [{id, title}]}]; *total is the number of
 * matches without limit and offset. NULL on failure. */
json_t *task_list(struct db *db, const struct owner_filter *scope, const struct task_filter *f,
                  int64_t *total);
/* How many tasks of a project in scope have each status, and how many
 * are overdue: {ikke_paabegyndt, paabegyndt, fuldfoert, overdue, total}. */
json_t *task_counts(struct db *db, const struct owner_filter *scope, int64_t project_id,
                    const char *today);
/* The distinct phases, themes and priorities of the master tasks of a
 * project that org_id sees (KOMBIT's and its own), for filters:
 * {phases, themes, priorities}. */
json_t *task_facets(struct db *db, int64_t org_id, int64_t project_id);
/* One task in scope in full: the list's fields, the master task's
 * fields, steps_done (ticked positions), status_by ({name} or null),
 * status_at, organisation_id, project_id, responsible_id, performer_id;
 * NULL when absent or hidden. */
json_t *task_get(struct db *db, const struct owner_filter *scope, int64_t id,
                 const char *today);

/* A change to one task; a NULL / unset member changes nothing. */
struct task_change {
    const char *status;   /* new status */
    bool set_responsible; /* responsible_id := responsible (0: nobody) */
    int64_t responsible;
    bool set_performer;   /* performer_id := performer (0: nobody) */
    int64_t performer;
    json_t *steps_done;   /* the ticked step positions, the whole set (borrowed) */
};
/* Applies ch to task id of organisation org_id, with an audit event
 * "task.update" (before and after). 1 done (or nothing to change), 0 no
 * such task of org_id, -3 a person not of org_id, -4 a step position the
 * task has not, -1 failure. The caller holds the transaction. */
int task_update(struct db *db, const struct actor *a, int64_t org_id, int64_t id,
                const struct task_change *ch);
/* Whether person_id is a person of org_id: 1, 0, -1. */
int task_person_of(struct db *db, int64_t org_id, int64_t person_id);
/* The current holders, in org_id, of the roles named by the slugs in the
 * JSON array text slugs, for project_id (system-specific appointments)
 * or any project (cross-cutting ones): [{role, person_id, name}] in
 * gallery order. */
json_t *task_role_holders(struct db *db, int64_t org_id, int64_t project_id, const char *slugs,
                          const char *today);

/* A local task's fields: title required, the rest may be NULL; the *_html
 * are the Markdown fields rendered by the caller. */
struct task_local {
    const char *title, *phase, *theme, *priority, *start, *deadline;
    const char *goal, *goal_html, *description, *description_html, *result, *result_html;
    const char *recommended_performer, *involved_parties;
    int64_t responsible, performer; /* persons of the organisation, 0 none */
};
/* Creates a local task of org_id in project_id: its master task (owned
 * by org_id, published) and its task (no wave), with an audit event
 * "task.create". The task's id, -3 for a person not of org_id, -1. */
int64_t task_create_local(struct db *db, const struct actor *a, int64_t org_id,
                          int64_t project_id, const struct task_local *t);

/* Whether task id is a (published) task of org_id in project_id: 1, 0,
 * -1. */
int task_in_project(struct db *db, int64_t org_id, int64_t project_id, int64_t id);

#endif
