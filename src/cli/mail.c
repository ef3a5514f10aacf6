/*
 * cli/mail: the mail options of `klikd serve` (the relay, the sender's
 * address, its interval, the digest's time, the address links in mail
 * point at), serving with the sender thread beside the web server, and
 * `klikd mail digest`, which runs the daily run now: deadline
 * notifications and digests are queued (the serving klikd's sender sends
 * them). Exit status 0 is success, 1 a runtime error, 2 a usage error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "http.h"
#include "mail.h"
#include "util.h"

/* See cli.h. */
bool mail_serve_opt(int c, const char *arg, struct mail_opts *m)
{
    long long v;
    switch (c) {
    case 'S':
        if (!str_starts(arg, "smtp://") && !str_starts(arg, "smtps://")) {
            fprintf(stderr, "klikd: --smtp wants smtp://HOST:PORT, got %s\n", arg);
            return false;
        }
        m->smtp = arg;
        return true;
    case 'F':
        if (!strchr(arg, '@') || strpbrk(arg, "<>\r\n \"")) {
            fprintf(stderr, "klikd: --mail-from wants an e-mail address, got %s\n", arg);
            return false;
        }
        m->from = arg;
        return true;
    case 'I':
        if (!number_opt("--mail-interval", arg, 1, 3600, &v)) {
            return false;
        }
        m->interval = (unsigned)v;
        return true;
    case 'D':
        if (!mail_parse_time(arg, &m->digest_at)) {
            fprintf(stderr, "klikd: --digest-at wants HH:MM, got %s\n", arg);
            return false;
        }
        return true;
    default: /* 'U' */
        m->base_url = arg;
        return true;
    }
}

/* See cli.h. */
int serve_with_mail(struct db *db, const struct server_opts *o, struct mail_opts *m)
{
    char *base = NULL;
    if (!m->base_url) {
        base = xasprintf("%s://%s", o->tls_cert ? "https" : "http", o->listen);
        m->base_url = base;
    }
    if (mail_worker_start(db, m) < 0) {
        fprintf(stderr, "klikd: cannot start the mail sender\n");
        db_close(db);
        free(base);
        return 1;
    }
    int rc = http_serve(o);
    mail_worker_stop();
    db_close(db);
    free(base);
    return rc;
}

const char usage_mail[] =
    "usage: klikd mail digest --db PATH [--mail-base-url URL]\n"
    "  Runs the daily mail run now: the deadline notifications (due within\n"
    "  7 days, overdue) and one digest per user who wants one, with what is\n"
    "  not mailed yet. The mails are queued; a running klikd serve --smtp\n"
    "  sends them.\n";

/* See cli.h. */
int cmd_mail(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", 1, 0, 'd'}, {"mail-base-url", 1, 0, 'U'}, {"help", 0, 0, 'h'}, {0}};
    struct mail_opts m = {.from = "klikd@localhost", .base_url = "http://localhost:8080",
                          .interval = 5};
    const char *path = NULL;
    int c;
    if (argc < 2 || strcmp(argv[1], "digest") != 0) {
        return argc >= 2 && !strcmp(argv[1], "--help") ? (fputs(usage_mail, stdout), 0)
                                                       : usage_error(usage_mail);
    }
    argc--, argv++;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': path = optarg; break;
        case 'U': m.base_url = optarg; break;
        case 'h': fputs(usage_mail, stdout); return 0;
        default: return usage_error(usage_mail);
        }
    }
    if (!path || optind != argc) {
        return usage_error(usage_mail);
    }
    struct db *db = open_db(path, false);
    if (!db) {
        return 1;
    }
    int n = mail_queue_run(db, &m, true);
    if (n < 0) {
        fprintf(stderr, "klikd: mail digest: %s\n", db_errmsg(db));
    } else {
        printf("klikd: %d mail(s) queued\n", n);
    }
    db_close(db);
    return n < 0 ? 1 : 0;
}
