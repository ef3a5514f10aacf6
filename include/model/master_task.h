/*
 * model/master_task: KLIK master tasks as KOMBIT defines them — every field
 * of a task export, waves, method steps, links, comments and the roles a
 * task names, its predecessors and its state (draft or published).
 * Written by the importer and by KOMBIT's authoring forms.
 */
#ifndef KLIKD_MODEL_MASTER_TASK_H
#define KLIKD_MODEL_MASTER_TASK_H

#include "model/common.h"

/* The master tasks of a project (NULL: all), by project and title. */
json_t *mt_list(struct db *db, const char *project);
/* As mt_list for a caller in scope: every task (scope->all), else only
 * published tasks, KOMBIT's or the owner's own, of the project codes in
 * the array codes. */
json_t *mt_list_in(struct db *db, const struct owner_filter *scope, const char *project,
                   json_t *codes);
/* Whether a caller in scope sees the task (an mt_get row): KOMBIT every
 * task, a municipality published ones, KOMBIT's or its own. */
bool mt_visible(json_t *task, const struct owner_filter *scope);
/* [{slug, relation}] for the gallery roles (role_list rows) that the
 * recommended-performer text names ("performer") and the involved-parties
 * text names ("involved"), either text may be NULL: a role's name as a
 * word, lower case, with a Danish inflection (new reference). The import
 * and the authoring forms derive master_task_roles by it. */
json_t *mt_roles_named(json_t *roles, const char *performer, const char *involved);
/* The method steps (array of Markdown) as one numbered Markdown list, the
 * source of method_html (caller frees). */
char *mt_steps_markdown(json_t *steps);
/* One master task in full, or NULL. */
json_t *mt_get(struct db *db, int64_t id);
/* Saves a master task given in the mt_get shape: the task "id" when it
 * has one (0: a new task), else matched by external_id, else by project
 * and title. "state" and "predecessors" (ids) are saved when given, else
 * kept. Sets *id; a save_result or -1.
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
