/*
 * pages/tasks: a municipality's tasks — the lists (mine, the API's), one
 * task with everything about it, changes to it, the CSV export — and the
 * role names found in a task's text (task_roles.c).
 */
#ifndef KLIKD_PAGES_TASKS_H
#define KLIKD_PAGES_TASKS_H

#include "http.h"

struct task_filter;

/* Resource: the task {id} in the caller's read scope (another
 * municipality's is not found), with its project, organisation, wave,
 * responsible and performer for the rights. */
int page_tasks_resource(struct req *req);
int page_tasks_index(struct req *req);
int page_tasks_mine(struct req *req);
int page_tasks_mine_extras(struct req *req);
int page_tasks_show(struct req *req);
int page_tasks_show_extras(struct req *req);
int page_tasks_update(struct req *req);
/* Drops the internal ids (organisation_id, project_id, responsible_id,
 * performer_id, wave_id) from a task_get() row before it is shown. */
void page_tasks_strip(json_t *t);
/* Fills f from the request's filter inputs (those it declares; none
 * when a failed form post shows its GET page again) and today's date;
 * the strings are the request's. */
void page_tasks_filter(struct req *req, struct task_filter *f);
/* Answers a task list: with format=csv a CSV file (UTF-8 with BOM, ';',
 * CRLF), else {tasks, total, limit, offset} added to the view. rows is
 * consumed. Returns 200, or 500. */
int page_tasks_answer(struct req *req, json_t *rows, int64_t total, int64_t limit,
                      int64_t offset, const char *filename);
/* The text cut into segments [{text[, slug, name]}], a segment naming a
 * role (of roles: [{slug, name}]) carrying it; new reference. */
json_t *task_role_segments(const char *text, json_t *roles);

#endif
