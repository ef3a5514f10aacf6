/*
 * mail: notifications by e-mail. The sender thread that `klikd serve`
 * starts turns notifications into queued mail (one mail each for users who
 * want mail at once; one digest a day, at a configured Copenhagen time,
 * for the rest), computes the deadline notifications once a day, and sends
 * the queue through an SMTP relay with libcurl — outside every request,
 * so a relay that is down delays mail and never a page. A mail is marked
 * sent in its own transaction right after the relay accepted it: delivery
 * is at least once (see README, "Messages, notifications and mail").
 * The layer uses the model and util only; main starts and stops it.
 */
#ifndef KLIKD_MAIL_H
#define KLIKD_MAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "model/common.h"

/* How mail goes out (from the command line; strings borrowed). */
struct mail_opts {
    const char *smtp;     /* "smtp://host:port" (or smtps://), NULL: queue only */
    const char *from;     /* the From address */
    const char *base_url; /* links in mails: "http://host:port", no trailing slash */
    unsigned interval;    /* seconds between the sender's runs */
    int digest_at;        /* minutes after Copenhagen midnight of the daily run */
};

/* Parses "HH:MM" into minutes after midnight; false when malformed. */
bool mail_parse_time(const char *s, int *minutes);
/* The latest Copenhagen date ("YYYY-MM-DD", into out) whose local time
 * minutes after midnight has come by Unix time now: the day whose daily
 * run is due. */
void mail_run_day(int64_t now, int minutes, char out[11]);

/* Starts the sender thread on db (its own connection, which the thread
 * uses alone until mail_worker_stop returns; the caller closes it then).
 * 0, or -1 when the thread cannot start. */
int mail_worker_start(struct db *db, const struct mail_opts *o);
/* Stops the sender thread: an attempt under way finishes first. */
void mail_worker_stop(void);

/* One run of the queueing work, as the thread does it: with daily set,
 * the deadline notifications as of today and the digests now (the daily
 * run, whatever the time; `klikd mail digest`); then the mails of users
 * who want them at once. Sends nothing. The number of mails queued, or
 * -1. */
int mail_queue_run(struct db *db, const struct mail_opts *o, bool daily);
/* Sends the queued mails that are due through o->smtp, each marked sent
 * right after the relay accepted it; a failure sets the next attempt
 * later (doubling from o->interval up to an hour) and stops this round.
 * The number sent, or -1 when the queue could not be read. */
int mail_send_due(struct db *db, const struct mail_opts *o);

/* Composes one RFC 5322 message (UTF-8 subject and text, base64) for the
 * queue row id queued at created: its Message-ID follows from both, so a
 * mail sent again carries the same one. Caller frees. */
char *mail_message(const char *from, const char *to, const char *subject, const char *body,
                   long long id, const char *created);
/* Sends msg (len bytes) from from to to through the relay at url; gives
 * up as soon as cancelled (may be NULL) returns true. 0, or -1 with the
 * reason in err. */
int smtp_send(const char *url, const char *from, const char *to, const char *msg, size_t len,
              bool (*cancelled)(void), char err[256]);

/* The text of mails (compose.c): for the notifications of one user
 * (mailq_pending rows), the subject and body of a digest, or of one
 * notification (n = 1) sent at once. Caller frees both. */
void mail_text(json_t *rows, size_t first, size_t n, bool digest, const char *base_url,
               char **subject, char **body);

#endif
