/*
 * cli: helpers and commands of the klikd command line (src/cli/), used by
 * main.c.
 */
#ifndef KLIKD_CLI_H
#define KLIKD_CLI_H

#include <stdbool.h>

#include "db.h"

#define EXIT_USAGE 2

/* The directory holding templates/, static/ and migrations/ (borrowed). */
const char *datadir(void);
/* Opens path; unless for_migrate, refuses a database with pending
 * migrations. NULL after printing why. */
struct db *open_db(const char *path, bool for_migrate);
/* Prints usage to stderr and returns EXIT_USAGE. */
int usage_error(const char *usage);
/* Parses a number option in min..max; false after printing why. */
bool number_opt(const char *name, const char *s, long long min, long long max,
                long long *out);

/* Parses the options of a command that takes only --db PATH (and --help)
 * followed by exactly positional arguments, which start at optind.
 * Returns -1 to go on with *path set, else the exit status to return. */
int db_only_opts(int argc, char **argv, const char *usage, int positional, const char **path);

extern const char usage_user[];
extern const char usage_token[];
int cmd_user_add(int argc, char **argv);
int cmd_user_passwd(int argc, char **argv);
int cmd_token_add(int argc, char **argv);
int cmd_backup(int argc, char **argv);

/* The mail part of the command line (cli/mail.c). */
struct mail_opts;
struct server_opts;
extern const char usage_mail[];
/* Applies one of serve's mail options (getopt code c: 'S' --smtp, 'F'
 * --mail-from, 'I' --mail-interval, 'D' --digest-at, 'U' --mail-base-url)
 * to m; false after printing why. */
bool mail_serve_opt(int c, const char *arg, struct mail_opts *m);
/* Serves o with the mail sender on db (its connection, closed here) and
 * the options m; http_serve's status, 1 when the sender cannot start. */
int serve_with_mail(struct db *db, const struct server_opts *o, struct mail_opts *m);
/* klikd mail digest --db PATH: the daily mail run, now. */
int cmd_mail(int argc, char **argv);

#endif
