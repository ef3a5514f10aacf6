/*
 * worker: the sender thread of `klikd serve`. Every o->interval seconds it
 * runs once: the daily run when its Copenhagen time has come and the day
 * is not done yet (deadline notifications, then the digests, then the day
 * is recorded — a run cut short is run again, and queues only what is
 * still unmailed), the mails of users who want them at once, and the
 * sending of queued mail that is due. It runs outside every request, on a
 * database connection of its own; it blocks SIGINT and SIGTERM so that the
 * server's signal wait gets them.
 */
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mail.h"
#include "model/mailq.h"
#include "util.h"

#define SEND_BATCH 20       /* mails sent in one run at most */
#define BACKOFF_MAX 3600    /* seconds between attempts at most */

bool mail_parse_time(const char *s, int *minutes)
{
    if (!s || strlen(s) != 5 || s[2] != ':') {
        return false;
    }
    for (int i = 0; i < 5; i++) {
        if (i != 2 && (s[i] < '0' || s[i] > '9')) {
            return false;
        }
    }
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m > 59) {
        return false;
    }
    *minutes = h * 60 + m;
    return true;
}

/* See mail.h. */
void mail_run_day(int64_t now, int minutes, char out[11])
{
    int64_t today = now / 86400;
    for (int64_t d = today + 1; d >= today - 2; d--) {
        int y, mo, da;
        char at[21];
        int64_t t;
        civil_from_days(d, &y, &mo, &da);
        if (local_to_utc(y, mo, da, minutes / 60, minutes % 60, at) && iso_to_unix(at, &t) &&
            t <= now) {
            date_format(d, out);
            return;
        }
    }
    date_format(today, out);
}

/* The user a pending notification row is for. */
static json_int_t user_of(json_t *row)
{
    return json_integer_value(json_object_get(row, "user_id"));
}

/* Queues the unmailed notifications of the users whose choice is mode:
 * one mail per notification (immediate) or per user (digest). The number
 * of mails queued, or -1. */
static int queue_mode(struct db *db, const struct mail_opts *o, const char *mode)
{
    json_t *rows = mailq_pending(db, mode);
    if (!rows) {
        return -1;
    }
    bool digest = strcmp(mode, "digest") == 0;
    json_t *mails = json_array();
    size_t i = 0, n = json_array_size(rows);
    while (i < n) {
        json_t *first = json_array_get(rows, i);
        json_int_t user = user_of(first);
        size_t k = 1;
        while (digest && i + k < n && user_of(json_array_get(rows, i + k)) == user) {
            k++;
        }
        char *subject, *body;
        mail_text(rows, i, k, digest, o->base_url, &subject, &body);
        json_t *ids = json_array();
        for (size_t j = i; j < i + k; j++) {
            json_array_append(ids, json_object_get(json_array_get(rows, j), "id"));
        }
        json_array_append_new(mails, json_pack("{s:I,s:s,s:O,s:s,s:s,s:o}", "user_id", user,
                                               "kind", mode, "to", json_object_get(first, "email"),
                                               "subject", subject, "body", body,
                                               "notifications", ids));
        free(subject);
        free(body);
        i += k;
    }
    int rc = mailq_enqueue(db, mails);
    json_decref(mails);
    json_decref(rows);
    return rc;
}

/* See mail.h. */
int mail_queue_run(struct db *db, const struct mail_opts *o, bool daily)
{
    int queued = 0, rc;
    if (daily) {
        char today[11];
        mail_run_day(now_unix(), 0, today);
        if (mailq_deadlines(db, today) < 0 || (rc = queue_mode(db, o, "digest")) < 0) {
            return -1;
        }
        queued += rc;
    }
    if ((rc = queue_mode(db, o, "immediate")) < 0 || mailq_settle_none(db) < 0) {
        return -1;
    }
    return queued + rc;
}

/* When to try a mail again after attempts failures (ISO UTC, into out). */
static void next_attempt(const struct mail_opts *o, int64_t attempts, char out[21])
{
    int64_t delay = o->interval ? o->interval : 1;
    for (int64_t i = 0; i < attempts && delay < BACKOFF_MAX; i++) {
        delay *= 2;
    }
    unix_to_iso(now_unix() + (delay < BACKOFF_MAX ? delay : BACKOFF_MAX), out);
}

/* Set when mail_worker_stop is called: a transfer under way gives up (its
 * row stays unsent and goes out after the next start). */
static _Atomic bool stop_now;

/* True once the sender is asked to stop. */
static bool stopping(void)
{
    return stop_now;
}

/* See mail.h. */
int mail_send_due(struct db *db, const struct mail_opts *o)
{
    char now[21];
    now_iso(now);
    json_t *due = mailq_due(db, now, SEND_BATCH);
    if (!due) {
        return -1;
    }
    int sent = 0;
    size_t i;
    json_t *m;
    json_array_foreach(due, i, m) {
        json_int_t id = json_integer_value(json_object_get(m, "id"));
        const char *to = json_string_value(json_object_get(m, "to_addr"));
        char *msg = mail_message(o->from, to, json_string_value(json_object_get(m, "subject")),
                                 json_string_value(json_object_get(m, "body")), id,
                                 json_string_value(json_object_get(m, "created_at")));
        char err[256];
        int rc = smtp_send(o->smtp, o->from, to, msg, strlen(msg), stopping, err);
        free(msg);
        if (rc == 0) {
            /* accepted: marked at once, in a transaction of its own */
            if (mailq_sent(db, id) < 0) {
                fprintf(stderr, "klikd: mail %lld sent but not marked: %s\n", (long long)id,
                        db_errmsg(db));
                db_clear(db);
            }
            sent++;
            continue;
        }
        char next[21];
        next_attempt(o, json_integer_value(json_object_get(m, "attempts")), next);
        fprintf(stderr, "klikd: mail %lld not sent (%s); next attempt %s\n", (long long)id, err,
                next);
        mailq_failed(db, id, next, err);
        db_clear(db);
        break; /* the relay is likely down for the rest too, or we stop: next run */
    }
    json_decref(due);
    return sent;
}

/* The sender thread's state. */
static struct {
    pthread_t thread;        /* the sender */
    pthread_mutex_t lock;    /* guards stop */
    pthread_cond_t wake;     /* signalled to stop */
    bool stop;               /* mail_worker_stop was called */
    bool running;            /* the thread was started */
    struct db *db;           /* its connection */
    struct mail_opts opts;   /* a copy of the options */
} w = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

/* The queueing half of a run: the daily run when due, the immediate
 * mails. */
static void queue_due(void)
{
    struct db *db = w.db;
    char last[11], day[11];
    mail_run_day(now_unix(), w.opts.digest_at, day);
    bool daily = mailq_last_day(db, last) == 0 && strcmp(last, day) < 0;
    if (mail_queue_run(db, &w.opts, daily) < 0) {
        fprintf(stderr, "klikd: mail queue: %s\n", db_errmsg(db));
    } else if (daily && mailq_set_day(db, day) < 0) {
        fprintf(stderr, "klikd: mail day: %s\n", db_errmsg(db));
    }
    db_clear(db);
}

/* One run of the thread (see the file's comment). */
static void run_once(void)
{
    queue_due();
    if (w.opts.smtp && mail_send_due(w.db, &w.opts) < 0) {
        fprintf(stderr, "klikd: mail send: %s\n", db_errmsg(w.db));
    }
    db_clear(w.db);
}

/* The thread: a run, then a wait of the interval (cut short by stop). */
static void *worker_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&w.lock);
    while (!w.stop) {
        pthread_mutex_unlock(&w.lock);
        run_once();
        pthread_mutex_lock(&w.lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += w.opts.interval ? w.opts.interval : 1;
        while (!w.stop && pthread_cond_timedwait(&w.wake, &w.lock, &until) != ETIMEDOUT) {
        }
    }
    pthread_mutex_unlock(&w.lock);
    return NULL;
}

/* See mail.h. */
int mail_worker_start(struct db *db, const struct mail_opts *o)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    w.db = db;
    w.opts = *o;
    w.stop = false;
    stop_now = false;
    queue_due(); /* a daily run missed while klikd was down: before any request */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int rc = pthread_create(&w.thread, NULL, worker_main, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    w.running = rc == 0;
    return rc == 0 ? 0 : -1;
}

/* See mail.h. */
void mail_worker_stop(void)
{
    if (!w.running) {
        return;
    }
    stop_now = true;
    pthread_mutex_lock(&w.lock);
    w.stop = true;
    pthread_cond_signal(&w.wake);
    pthread_mutex_unlock(&w.lock);
    pthread_join(w.thread, NULL);
    w.running = false;
    curl_global_cleanup();
}
