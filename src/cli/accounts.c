/*
 * accounts: the commands that create what a first log-in needs — users
 * (password on standard input, never on the command line) and API tokens —
 * a new password for a user who lost theirs, and the online backup. Each write is one transaction with its audit
 * event, made by "the system" from "cli".
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"
#include "model/common.h"
#include "model/org.h"
#include "model/session.h"
#include "model/user.h"
#include "util.h"

const char usage_user[] =
    "usage: klikd user add --db PATH --email E --name N --org KODE|kombit --type admin|member\n"
    "                      [--project P:plus|laeser ...] [--title T] [--phone P]\n"
    "  Creates a user. The password is read from standard input.\n"
    "usage: klikd user passwd --db PATH --email E\n"
    "  Sets the user's new password, read from standard input, and ends their\n"
    "  sessions.\n";

const char usage_token[] =
    "usage: klikd token add --db PATH --email E [--name NAME]\n"
    "  Prints a new API token for the user (Authorization: Bearer ...).\n";

static const struct actor cli_actor = {0, 0, "cli"};

/* Reads the password from standard input (caller frees), without the
 * line end. */
static char *read_password(void)
{
    struct buf b = {0};
    char chunk[1024];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0 && b.len < 4096) {
        buf_append(&b, chunk, n);
    }
    while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r')) {
        b.data[--b.len] = '\0';
    }
    return buf_take(&b);
}

/* Adds "P:access" to projects; false after printing why. */
static bool add_project(json_t *projects, const char *spec)
{
    const char *colon = strchr(spec, ':');
    if (!colon || colon == spec || (strcmp(colon + 1, "plus") && strcmp(colon + 1, "laeser"))) {
        fprintf(stderr, "klikd: --project wants CODE:plus or CODE:laeser, got %s\n", spec);
        return false;
    }
    char *code = xstrndup(spec, (size_t)(colon - spec));
    json_object_set_new(projects, code, json_string(colon + 1));
    free(code);
    return true;
}

/* Creates the user in one transaction; prints the outcome. */
static int create_user(struct db *db, const char *org, json_t *u)
{
    json_t *o = org_get(db, org);
    if (!o) {
        fprintf(stderr, "klikd: unknown organisation '%s' (a kommunekode or kombit)\n", org);
        return 1;
    }
    int64_t org_id = json_integer_value(json_object_get(o, "id"));
    json_decref(o);
    if (db_begin(db) < 0) {
        fprintf(stderr, "klikd: %s\n", db_errmsg(db));
        return 1;
    }
    int64_t id = user_create(db, &cli_actor, org_id, u);
    if (id <= 0 || db_commit(db) < 0) {
        db_rollback(db);
        fprintf(stderr, "klikd: %s\n", id == 0    ? "that e-mail is already in use"
                                       : id == -2 ? "--project names an unknown project"
                                                  : db_errmsg(db));
        return 1;
    }
    printf("created user %lld %s in %s\n", (long long)id,
           json_string_value(json_object_get(u, "email")), org);
    return 0;
}

int cmd_user_add(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", 1, 0, 'd'},      {"email", 1, 0, 'e'}, {"name", 1, 0, 'n'},
        {"org", 1, 0, 'o'},     {"type", 1, 0, 't'},  {"project", 1, 0, 'p'},
        {"title", 1, 0, 'T'},   {"phone", 1, 0, 'P'}, {"help", 0, 0, 'h'},
        {0}};
    const char *path = NULL, *email = NULL, *name = NULL, *org = NULL, *type = NULL;
    const char *title = NULL, *phone = NULL;
    json_t *projects = json_object();
    int c, rc = EXIT_USAGE;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': path = optarg; break;
        case 'e': email = optarg; break;
        case 'n': name = optarg; break;
        case 'o': org = optarg; break;
        case 't': type = optarg; break;
        case 'T': title = optarg; break;
        case 'P': phone = optarg; break;
        case 'p':
            if (!add_project(projects, optarg)) {
                goto out;
            }
            break;
        case 'h': fputs(usage_user, stdout); rc = 0; goto out;
        default: usage_error(usage_user); goto out;
        }
    }
    if (!path || !email || !name || !*name || !org || !type || optind != argc ||
        (strcmp(type, "admin") && strcmp(type, "member")) || !strchr(email, '@')) {
        usage_error(usage_user);
        goto out;
    }
    char *lower = str_lower(email);
    char *pw = read_password();
    const char *weak = auth_password_weak(pw, lower);
    struct db *db = weak ? NULL : open_db(path, false);
    char *hash = db ? auth_password_hash(pw) : NULL;
    if (weak) {
        fprintf(stderr, "klikd: password on standard input: %s\n", weak);
    }
    rc = 1;
    if (hash) {
        json_t *u = json_pack("{s:s,s:s,s:s?,s:s?,s:s,s:s,s:O}", "email", lower, "name", name,
                              "title", title, "phone", phone, "type", type, "password_hash", hash,
                              "projects", projects);
        rc = create_user(db, org, u);
        json_decref(u);
    }
    free(hash);
    free(pw);
    free(lower);
    db_close(db);
out:
    json_decref(projects);
    return rc;
}

/* Sets user id's password to hash, ends their sessions and audits it, in
 * one transaction; prints the outcome. Returns the exit status. */
static int set_password(struct db *db, int64_t id, const char *email, const char *hash)
{
    json_t *sessions = session_list(db, id, 0);
    size_t nsessions = json_array_size(sessions);
    json_decref(sessions);
    if (db_begin(db) < 0 || user_set_password(db, &cli_actor, id, hash, 0) < 0 ||
        db_commit(db) < 0) {
        db_rollback(db);
        fprintf(stderr, "klikd: %s\n", db_errmsg(db));
        return 1;
    }
    printf("set a new password for user %lld %s; ended %zu session%s\n", (long long)id, email,
           nsessions, nsessions == 1 ? "" : "s");
    return 0;
}

/* klikd user passwd: a new password from standard input for the user with
 * --email, under the rules of user add. Exit 0, 1 (unknown e-mail, weak
 * password, database error; nothing changed) or EXIT_USAGE. */
int cmd_user_passwd(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", 1, 0, 'd'}, {"email", 1, 0, 'e'}, {"help", 0, 0, 'h'}, {0}};
    const char *path = NULL, *email = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': path = optarg; break;
        case 'e': email = optarg; break;
        case 'h': fputs(usage_user, stdout); return 0;
        default: return usage_error(usage_user);
        }
    }
    if (!path || !email || optind != argc) {
        return usage_error(usage_user);
    }
    struct db *db = open_db(path, false);
    if (!db) {
        return 1;
    }
    char *lower = str_lower(email);
    int64_t id = user_id_by_email(db, lower);
    int rc = 1;
    if (id <= 0) {
        fprintf(stderr, "klikd: no user with e-mail %s; nothing changed\n", email);
    } else {
        char *pw = read_password();
        const char *weak = auth_password_weak(pw, lower);
        char *hash = weak ? NULL : auth_password_hash(pw); /* the KDF, before the write */
        if (weak) {
            fprintf(stderr, "klikd: password on standard input: %s; nothing changed\n", weak);
        } else if (!hash) {
            fprintf(stderr, "klikd: could not hash the password\n");
        } else {
            rc = set_password(db, id, lower, hash);
        }
        free(hash);
        free(pw);
    }
    free(lower);
    db_close(db);
    return rc;
}

/* klikd token add: prints a new API token for the user with --email; exit
 * 0, 1 (unknown e-mail, database error) or EXIT_USAGE. */
int cmd_token_add(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", 1, 0, 'd'}, {"email", 1, 0, 'e'}, {"name", 1, 0, 'n'}, {"help", 0, 0, 'h'}, {0}};
    const char *path = NULL, *email = NULL, *name = "klikd token add";
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': path = optarg; break;
        case 'e': email = optarg; break;
        case 'n': name = optarg; break;
        case 'h': fputs(usage_token, stdout); return 0;
        default: return usage_error(usage_token);
        }
    }
    if (!path || !email || optind != argc) {
        return usage_error(usage_token);
    }
    struct db *db = open_db(path, false);
    if (!db) {
        return 1;
    }
    char *lower = str_lower(email);
    int64_t user = user_id_by_email(db, lower);
    free(lower);
    if (user <= 0) {
        fprintf(stderr, "klikd: no user with e-mail %s\n", email);
        db_close(db);
        return 1;
    }
    char token[AUTH_TOKEN_LEN + 1];
    unsigned char hash[AUTH_HASH_LEN];
    auth_random_token(token);
    auth_token_hash(token, hash);
    int rc = 1;
    if (db_begin(db) == 0 && token_create(db, &cli_actor, user, hash, name) > 0 &&
        db_commit(db) == 0) {
        printf("%s\n", token);
        rc = 0;
    } else {
        db_rollback(db);
        fprintf(stderr, "klikd: %s\n", db_errmsg(db));
    }
    db_close(db);
    return rc;
}

static const char usage_backup[] = "usage: klikd backup --db PATH OUT\n";

int cmd_backup(int argc, char **argv)
{
    const char *path;
    int rc = db_only_opts(argc, argv, usage_backup, 1, &path);
    if (rc >= 0) {
        return rc;
    }
    if (access(argv[optind], F_OK) == 0) {
        fprintf(stderr, "klikd: %s exists; a backup goes to a new file\n", argv[optind]);
        return 1;
    }
    struct db *db = open_db(path, false);
    if (!db) {
        return 1;
    }
    rc = db_backup(db, argv[optind]);
    if (rc < 0) {
        fprintf(stderr, "klikd: %s\n", db_errmsg(db));
    } else {
        printf("backed up %s to %s\n", path, argv[optind]);
    }
    db_close(db);
    return rc < 0 ? 1 : 0;
}
