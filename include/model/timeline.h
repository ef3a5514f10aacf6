/*
 * model/timeline: one municipality's tasks of one project laid out in
 * time — start, deadline, status, the tasks each depends on, the waves'
 * go-live dates — and the critical path through them.
 *
 * A task's predecessors are the visible tasks of the same municipality
 * and wave whose master tasks are its master task's predecessors
 * (master_task_predecessors). The critical path is the chain of tasks,
 * each a predecessor of the next, that ends at a task with the latest
 * deadline and holds the most task-days (each task counts the calendar
 * days from its start to its deadline, both included); ties go to the
 * predecessor with the later deadline, then to the earlier task in the
 * list. Without dependencies it is the task with the latest deadline
 * alone. Tasks without both dates, and links that would close a cycle,
 * take no part.
 */
#ifndef KLIKD_MODEL_TIMELINE_H
#define KLIKD_MODEL_TIMELINE_H

#include "model/common.h"

/* The visible tasks of organisation org in project: [{id, master_task_id,
 * title, wave_id, start, deadline, status}] by start, deadline and id;
 * NULL on failure (new reference). */
json_t *timeline_tasks(struct db *db, int64_t org, int64_t project);
/* [{task, predecessor}] task ids of those tasks (see above); NULL on
 * failure (new reference). */
json_t *timeline_links(struct db *db, int64_t org, int64_t project);
/* The waves of project org is a member of: [{id, name, go_live}] by
 * go-live; NULL on failure (new reference). */
json_t *timeline_waves(struct db *db, int64_t org, int64_t project);
/* The municipalities in any wave of project: [{code, name}] by name;
 * NULL on failure (new reference). */
json_t *timeline_municipalities(struct db *db, int64_t project);
/* Adds to each of tasks (as timeline_tasks gives them) "predecessors"
 * (ids), "overdue" (deadline before today, not fuldfoert) and "critical",
 * from links; returns the critical path's task ids, first task first
 * (new reference). today is "YYYY-MM-DD". */
json_t *timeline_plan(json_t *tasks, json_t *links, const char *today);

#endif
