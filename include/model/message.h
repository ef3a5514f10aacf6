/*
 * model/message: messages (beskeder) on a municipality's task, KOMBIT's
 * broadcasts to a wave (shown on every task of the wave), the master
 * task's imported comments shown beside them, and each user's unread
 * marker per task. The Markdown comes with its HTML, rendered by the
 * caller before the write; the model renders nothing.
 */
#ifndef KLIKD_MODEL_MESSAGE_H
#define KLIKD_MODEL_MESSAGE_H

#include "model/common.h"

/* Seconds within which reading a task's messages again is the same visit:
 * what was new when the visit began stays marked new. */
#define MESSAGE_VISIT 600

/* A task as its messages need it: {id, organisation_id, organisation (code),
 * organisation_name, project (code), wave_id, master_task_id, title, responsible_id,
 * performer_id, end_date}; NULL when there is no such visible task (an
 * unpublished one is hidden) or on failure (db_failed tells). */
json_t *message_task_get(struct db *db, int64_t task_id);
/* The messages shown on task (a message_task_get row), oldest first: the
 * task's own (kind "task"), the broadcasts to its wave or master task
 * ("wave") and the master task's imported comments ("import"). Each:
 * {id (null for an import), kind, author {name, organisation}, body,
 * body_html (stored HTML), created_at, unread:bool}; unread for user_id:
 * newer than the last one they had seen before this visit (see
 * MESSAGE_VISIT), and not their own. New reference, NULL on
 * failure. */
json_t *message_list(struct db *db, json_t *task, int64_t user_id);
/* The highest message id in list (0 when none). */
int64_t message_last_id(json_t *list);
/* Moves user_id's marker on task_id up to last_id (never down), starting a
 * new visit when the last read was longer ago than MESSAGE_VISIT; no
 * audit event (a marker is the user's own reading state). 0 or -1. */
int message_mark_read(struct db *db, int64_t user_id, int64_t task_id, int64_t last_id);
/* Writes a message on task (a message_task_get row) by the actor, with its
 * audit event and a notification to the task's responsible and performer
 * (not the author). Returns the id, -1 on failure. */
int64_t message_create(struct db *db, const struct actor *a, json_t *task, const char *body,
                       const char *body_html);
/* One message in the message_list shape (kind task or wave), or NULL. */
json_t *message_get(struct db *db, int64_t id, int64_t user_id);
/* A wave: {id, name, project, go_live, tasks (count of visible tasks)},
 * or NULL. */
json_t *message_wave_get(struct db *db, int64_t wave_id);
/* The broadcasts to a wave, newest first, in the message_list shape. */
json_t *message_wave_list(struct db *db, int64_t wave_id);
/* Broadcasts a message to every task of a wave (task_id NULL, wave_id
 * set), with its audit event and one notification per responsible or
 * performer of the wave's tasks. Returns the id, -1 on failure. */
int64_t message_broadcast(struct db *db, const struct actor *a, int64_t wave_id,
                          const char *body, const char *body_html);

#endif
