/*
 * model/mailq: the mail queue — notifications waiting to go out by mail
 * (at once, or in the daily digest), mail waiting for the relay, and the
 * sender's own state. Each function that writes runs its own short
 * transaction (the sender thread has no request around it), so a mail is
 * queued together with the notifications it carries, and marked sent on
 * its own right after the relay took it. Nothing here talks to a relay.
 */
#ifndef KLIKD_MODEL_MAILQ_H
#define KLIKD_MODEL_MAILQ_H

#include "model/common.h"

/* The notifications not yet mailed of the users whose choice is mode
 * ("immediate" or "digest"), ordered by user and id: {id, user_id, email,
 * name, kind, role, created_at, task_id, title, project, end_date, author,
 * body (the message's Markdown, or null), broadcast:bool}. New reference,
 * NULL on failure. */
json_t *mailq_pending(struct db *db, const char *mode);
/* Settles the unmailed notifications of users who want no mail. The
 * number settled, or -1. */
int mailq_settle_none(struct db *db);
/* Queues mails, in one transaction: each {user_id, kind ("immediate" or
 * "digest"), to, subject, body, notifications: [id, ...]} becomes a queue
 * row due now and marks its notifications mailed; a mail whose
 * notifications were all mailed meanwhile (by another process) is left
 * out. The number queued, or -1 (nothing queued). */
int mailq_enqueue(struct db *db, json_t *mails);
/* At most limit unsent mails whose time has come (now: ISO UTC), oldest
 * first: {id, to_addr, subject, body, attempts, created_at}. New
 * reference, NULL on failure. */
json_t *mailq_due(struct db *db, const char *now, int64_t limit);
/* Marks mail id sent, in its own transaction. 0 or -1. */
int mailq_sent(struct db *db, int64_t id);
/* Records a failed attempt at mail id: the error, and when to try again
 * (ISO UTC). 0 or -1. */
int mailq_failed(struct db *db, int64_t id, const char *next_at, const char *error);
/* The deadline notifications as of today ("YYYY-MM-DD"), in a
 * transaction of their own. The number written, or -1. */
int mailq_deadlines(struct db *db, const char *today);
/* Records day ("YYYY-MM-DD") as the last one whose daily run is done. 0
 * or -1. */
int mailq_set_day(struct db *db, const char *day);
/* The last day recorded by mailq_set_day into out (11 bytes; "" if
 * none). 0 or -1. */
int mailq_last_day(struct db *db, char out[11]);

#endif
