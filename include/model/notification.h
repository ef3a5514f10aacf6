/*
 * model/notification: in-app notifications for one user — assigned to a
 * task, a new message on one's task (or a broadcast to its wave), a
 * deadline within 7 days, a deadline passed — read and marked read by
 * their user only, and each user's choice of how they also come by
 * e-mail (a daily digest, at once, or not at all). Mail itself is the
 * queue's business (model/mailq.h); nothing here sends anything.
 */
#ifndef KLIKD_MODEL_NOTIFICATION_H
#define KLIKD_MODEL_NOTIFICATION_H

#include "model/common.h"

/* How many days before its deadline a task is "due". */
#define NOTIFY_DUE_DAYS 7

/* The person person_id was made responsible or performer (or both) of
 * task_id: their user (if they have an active one, and it is not the
 * actor) gets an "assigned" notification saying which, as the task now
 * stands. Call it in the transaction that changed the task, after the
 * change. Returns the number of notifications written (0 or 1), -1 on
 * failure. */
int notify_assigned(struct db *db, int64_t task_id, int64_t person_id, const struct actor *a);
/* A new message (message_id) on task (a message_task_get row): its
 * responsible and performer get a "message" notification, except the
 * author. The number written, or -1. */
int notify_message(struct db *db, int64_t message_id, json_t *task, int64_t author_id);
/* A broadcast to a wave: each user responsible for or performing a
 * visible task of the wave gets one notification (on the lowest of their
 * tasks there), except the author. The number written, or -1. */
int notify_broadcast(struct db *db, int64_t message_id, int64_t wave_id, int64_t author_id);
/* The deadline notifications as of today ("YYYY-MM-DD"): "due" for an
 * open visible task whose deadline is today or within NOTIFY_DUE_DAYS,
 * "overdue" for one whose deadline has passed, each once per task, user
 * and kind, to the task's responsible and performer. The number written,
 * or -1. The caller holds the transaction. */
int notify_deadlines(struct db *db, const char *today);

/* The newest 200 notifications of user_id (those of an unpublished task
 * left out, here and in the count): {id, kind, role, created_at,
 * read:bool, task {id, title, project, end_date}, message {id, author,
 * broadcast:bool} or null}. New reference, NULL on failure. */
json_t *notification_list(struct db *db, int64_t user_id);
/* How many of user_id's notifications are unread; -1 on failure. */
int64_t notification_unread(struct db *db, int64_t user_id);
/* user_id's notification id as {id, read:bool}, or NULL (another user's
 * is not there). */
json_t *notification_get(struct db *db, int64_t id, int64_t user_id);
/* Marks user_id's notification id read (id 0: all of them). The number
 * changed, or -1. No audit event: reading is the user's own state. */
int notification_mark_read(struct db *db, int64_t user_id, int64_t id);

/* user_id's e-mail choice: "digest" (the default), "immediate" or "none"
 * (a static string); NULL on failure. */
const char *notify_mode(struct db *db, int64_t user_id);
/* Sets user_id's e-mail choice, with its audit event; the default
 * ("digest") is stored as no row. A save_result (SAVE_UNCHANGED writes
 * nothing), or -1. */
int notify_mode_set(struct db *db, const struct actor *a, int64_t user_id, const char *mode);

#endif
