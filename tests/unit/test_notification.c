/*
 * test_notification: the notifications the model writes, on a migrated
 * temporary database — notify_assigned (the function the task tracker
 * calls when it makes someone responsible or performer): to the person's
 * active user only, never to the one who acted, saying which role (or
 * both); the deadline notifications once per task, user and kind; the
 * e-mail choice, whose default is stored as no row; and a notification
 * queued into one mail only, however often it is queued.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "db.h"
#include "model/mailq.h"
#include "model/notification.h"
#include "util.h"

static char dir[] = "/tmp/klikd-test-notification-XXXXXX";

/* A migrated database with København (organisation 2) and project 1:
 * persons 1 (Anne, user 1), 2 (Per, user 2), 3 (Lis, no user), master
 * task 1 and its task 1 with deadline 2030-06-10. Ends the binary on
 * failure. */
static struct db *world(const char *name)
{
    char path[256], *err = NULL;
    snprintf(path, sizeof path, "%s/%s.db", dir, name);
    struct db *db = db_open(path, &err);
    static const char *const fill[] = {
        "INSERT INTO persons (id, organisation_id, name, created_at, updated_at) VALUES"
        " (1, 2, 'Anne', 't', 't'), (2, 2, 'Per', 't', 't'), (3, 2, 'Lis', 't', 't')",
        "INSERT INTO users (id, person_id, email, password_hash, type, created_at,"
        " password_changed_at) VALUES (1, 1, 'a@kbh.dk', 'h', 'admin', 't', 't'),"
        " (2, 2, 'p@kbh.dk', 'h', 'member', 't', 't')",
        "INSERT INTO master_tasks (id, title, project_id, created_at, updated_at)"
        " VALUES (1, 'Opgave', 1, 't', 't')",
        "INSERT INTO tasks (id, master_task_id, organisation_id, project_id, end_date,"
        " published_at, updated_at) VALUES (1, 1, 2, 1, '2030-06-10', 't', 't')",
    };
    if (!db || db_migrate(db, "migrations", NULL) < 0) {
        fprintf(stdout, "fail test_notification.c: cannot make %s\n", path);
        exit(1);
    }
    for (size_t i = 0; i < NELEM(fill); i++) {
        if (db_exec(db, fill[i], "") < 0) {
            fprintf(stdout, "fail test_notification.c: %s\n", db_errmsg(db));
            exit(1);
        }
    }
    return db;
}

static const char sql_count[] =
    "SELECT count(*) FROM notifications WHERE user_id = ?1 AND kind = ?2";
static const char sql_role[] =
    "SELECT coalesce(role, 'both') FROM notifications WHERE user_id = ?1 ORDER BY id DESC";

static int64_t count(struct db *db, int64_t user, const char *kind)
{
    int64_t n = -1;
    db_int(db, &n, sql_count, "it", user, kind);
    return n;
}

/* The role of user's newest notification (static buffer). */
static const char *role(struct db *db, int64_t user)
{
    static char out[32];
    char *r = NULL;
    db_text(db, &r, sql_role, "i", user);
    snprintf(out, sizeof out, "%s", r ? r : "(none)");
    free(r);
    return out;
}

TEST(assigned_goes_to_the_persons_user_not_the_actor)
{
    struct db *db = world("assigned");
    struct actor anne = {1, 2, "test"}, per = {2, 2, "test"}, cli = {0, 0, "cli"};
    db_exec(db, "UPDATE tasks SET responsible_id = 2 WHERE id = 1", "");
    CHECK_EQ_INT(notify_assigned(db, 1, 2, &anne), 1);
    CHECK_EQ_STR(role(db, 2), "responsible");
    CHECK_EQ_INT(notify_assigned(db, 1, 2, &per), 0);   /* made responsible by himself */
    CHECK_EQ_INT(notify_assigned(db, 1, 1, &per), 0);   /* Anne holds no role on it */
    db_exec(db, "UPDATE tasks SET performer_id = 3 WHERE id = 1", "");
    CHECK_EQ_INT(notify_assigned(db, 1, 3, &anne), 0);  /* Lis has no log-in */
    db_exec(db, "UPDATE tasks SET performer_id = 2 WHERE id = 1", "");
    CHECK_EQ_INT(notify_assigned(db, 1, 2, &cli), 1);   /* the command line acts as nobody */
    CHECK_EQ_STR(role(db, 2), "both");
    db_exec(db, "UPDATE tasks SET responsible_id = 1 WHERE id = 1", "");
    CHECK_EQ_INT(notify_assigned(db, 1, 2, NULL), 1);
    CHECK_EQ_STR(role(db, 2), "performer");
    db_exec(db, "UPDATE users SET active = 0 WHERE id = 2", "");
    CHECK_EQ_INT(notify_assigned(db, 1, 2, &anne), 0);  /* an inactive user */
    CHECK_EQ_INT(count(db, 2, "assigned"), 3);
    CHECK_EQ_INT(count(db, 1, "assigned"), 0);
    CHECK(!db_failed(db));
    db_close(db);
}

TEST(deadlines_once_per_task_user_and_kind)
{
    struct db *db = world("deadlines");
    db_exec(db, "UPDATE tasks SET responsible_id = 1, performer_id = 2 WHERE id = 1", "");
    CHECK_EQ_INT(notify_deadlines(db, "2030-05-01"), 0);  /* 40 days ahead: nothing */
    CHECK_EQ_INT(notify_deadlines(db, "2030-06-03"), 2);  /* 7 days ahead: due, both */
    CHECK_EQ_INT(notify_deadlines(db, "2030-06-04"), 0);  /* once */
    CHECK_EQ_INT(notify_deadlines(db, "2030-06-10"), 0);  /* the day itself is still due */
    CHECK_EQ_INT(notify_deadlines(db, "2030-06-11"), 2);  /* overdue, both */
    CHECK_EQ_INT(notify_deadlines(db, "2030-06-12"), 0);
    CHECK_EQ_INT(count(db, 1, "due"), 1);
    CHECK_EQ_INT(count(db, 2, "overdue"), 1);
    db_exec(db, "INSERT INTO tasks (id, master_task_id, organisation_id, project_id, end_date,"
                " status, responsible_id, published_at, updated_at)"
                " VALUES (2, 1, 3, 1, '2030-01-01', 'fuldfoert', 1, 't', 't')", "");
    CHECK_EQ_INT(notify_deadlines(db, "2030-06-12"), 0);  /* a finished task is never late */
    CHECK_EQ_INT(notify_deadlines(db, "not a date"), -1);
    CHECK(!db_failed(db));
    db_close(db);
}

TEST(the_email_choice_defaults_to_a_digest)
{
    struct db *db = world("mode");
    struct actor per = {2, 2, "test"};
    CHECK_EQ_STR(notify_mode(db, 2), "digest");
    CHECK_EQ_INT(notify_mode_set(db, &per, 2, "digest"), SAVE_UNCHANGED);
    CHECK_EQ_INT(notify_mode_set(db, &per, 2, "immediate"), SAVE_UPDATED);
    CHECK_EQ_STR(notify_mode(db, 2), "immediate");
    CHECK_EQ_INT(notify_mode_set(db, &per, 2, "digest"), SAVE_UPDATED);
    int64_t rows = -1;
    db_int(db, &rows, "SELECT count(*) FROM notify_settings", "");
    CHECK_EQ_INT(rows, 0);
    CHECK(!db_failed(db));
    db_close(db);
}

TEST(a_notification_goes_into_one_mail_only)
{
    struct db *db = world("enqueue");
    db_exec(db, "UPDATE tasks SET responsible_id = 2 WHERE id = 1", "");
    CHECK_EQ_INT(notify_assigned(db, 1, 2, NULL), 1);
    json_t *pending = mailq_pending(db, "digest");
    CHECK_EQ_INT(json_array_size(pending), 1);
    json_t *ids = json_pack("[O]", json_object_get(json_array_get(pending, 0), "id"));
    json_t *mails = json_pack("[{s:i,s:s,s:s,s:s,s:s,s:O}]", "user_id", 2, "kind", "digest",
                              "to", "p@kbh.dk", "subject", "s", "body", "b", "notifications",
                              ids);
    CHECK_EQ_INT(mailq_enqueue(db, mails), 1);
    CHECK_EQ_INT(mailq_enqueue(db, mails), 0); /* queued already: by another process, say */
    json_t *left = mailq_pending(db, "digest");
    CHECK_EQ_INT(json_array_size(left), 0);
    json_decref(left);
    int64_t rows = -1;
    db_int(db, &rows, "SELECT count(*) FROM mail_queue", "");
    CHECK_EQ_INT(rows, 1);
    CHECK(!db_failed(db));
    json_decref(mails);
    json_decref(ids);
    json_decref(pending);
    db_close(db);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(assigned_goes_to_the_persons_user_not_the_actor);
    RUN(deadlines_once_per_task_user_and_kind);
    RUN(the_email_choice_defaults_to_a_digest);
    RUN(a_notification_goes_into_one_mail_only);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
        fprintf(stdout, "#   cannot remove %s\n", dir);
    }
    CHECK_DONE();
}
