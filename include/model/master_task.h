/*
 * model/master_task: KLIK master tasks as KOMBIT defines them — every field
 * of a task export, waves, method steps, links, comments and the roles a
 * task names. Written by the importer.
 */
#ifndef KLIKD_MODEL_MASTER_TASK_H
#define KLIKD_MODEL_MASTER_TASK_H

#include "model/common.h"

/* The master tasks of a project (NULL: all), by project and title. */
json_t *mt_list(struct db *db, const char *project);
/* As mt_list, limited to the project codes in the array codes (NULL: all). */
json_t *mt_list_in(struct db *db, const char *project, json_t *codes);
/* One master task in full, or NULL. */
json_t *mt_get(struct db *db, int64_t id);
/* Saves a master task given in the mt_get shape (without id); matched by
 * external_id, else by project and title. Sets *id; a save_result or -1.
 * The task carries the HTML of its Markdown, rendered by the caller before
 * the write: goal_html, description_html, method_html (the steps as one
 * numbered list), result_html and each comment's body_html; mt_get returns
 * them (aliased "...:html"). The HTML is stored, not compared or audited. */
int mt_save(struct db *db, const struct actor *a, json_t *task, int64_t *id);
/* [{id}] of the tasks saved before HTML was stored: some Markdown field
 * or comment without its HTML. */
json_t *mt_missing_html(struct db *db);
/* Stores the HTML fields of task (the mt_get shape, comments in order) for
 * task id, and nothing else; no audit event (the HTML follows from the
 * Markdown). 0 or -1. */
int mt_set_html(struct db *db, int64_t id, json_t *task);

#endif
