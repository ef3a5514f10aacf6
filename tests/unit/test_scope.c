/*
 * test_scope: the scoped reads of the model return the same rows as the
 * single "(? OR col = ?)" statements they replace — one organisation's
 * rows for an owner, every row for a publisher — on a migrated temporary
 * database: audit events (about the organisation's data or by its
 * people, newest first, filters and limit applied to the merged list),
 * users, persons and appointments.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "db.h"
#include "model/appt.h"
#include "model/audit.h"
#include "model/org.h"
#include "model/person.h"
#include "model/user.h"
#include "util.h"

static char dir[] = "/tmp/klikd-test-scope-XXXXXX";

/* Organisation ids of the reference data: 1 KOMBIT, 2 København, 3
 * Frederiksberg, 4 Ballerup. */
enum { KOMBIT = 1, KBH = 2, FRB = 3, BAL = 4 };

/* A migrated database in the test directory; ends the binary on failure. */
static struct db *migrated(const char *name)
{
    char path[256], *err = NULL;
    snprintf(path, sizeof path, "%s/%s.db", dir, name);
    struct db *db = db_open(path, &err);
    if (!db || db_migrate(db, "migrations", NULL) < 0) {
        fprintf(stdout, "fail test_scope.c: cannot make %s\n", path);
        exit(1);
    }
    return db;
}

/* The entity_id values of a list of events, joined by commas (static). */
static const char *ids(json_t *events)
{
    static char out[512];
    size_t n = 0, i;
    json_t *e;
    out[0] = '\0';
    json_array_foreach(events, i, e) {
        const char *id = json_string_value(json_object_get(e, "entity_id"));
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", i ? "," : "", id ? id : "-");
        if (n >= sizeof out) {
            break;
        }
    }
    return out;
}

TEST(audit_events_in_scope)
{
    struct db *db = migrated("audit");
    /* entity_id n: (owner org, actor org, entity) */
    static const struct {
        int64_t org, actor;
        const char *entity;
    } ev[] = {
        {KBH, KBH, "user"},   /* 1 */
        {FRB, FRB, "user"},   /* 2 */
        {FRB, KBH, "user"},   /* 3: København acted on Frederiksberg's data */
        {KBH, KOMBIT, "role"}, /* 4: KOMBIT acted on København's data */
        {0, KBH, "session"},  /* 5: about no organisation's data */
        {BAL, BAL, "user"},   /* 6 */
        {KBH, KBH, "user"},   /* 7 */
    };
    for (size_t i = 0; i < NELEM(ev); i++) {
        struct actor a = {0, ev[i].actor, "test"};
        CHECK_EQ_INT(audit_write(db, &a, ev[i].org, "x.update", ev[i].entity, (int64_t)i + 1,
                                 NULL, NULL),
                     0);
    }
    struct owner_filter kbh = {false, KBH}, frb = {false, FRB}, all = {true, KBH};
    json_t *l = audit_list(db, &kbh, NULL, NULL, NULL, 100);
    CHECK_EQ_STR(ids(l), "7,5,4,3,1");
    json_decref(l);
    l = audit_list(db, &kbh, NULL, NULL, NULL, 2);
    CHECK_EQ_STR(ids(l), "7,5");
    json_decref(l);
    l = audit_list(db, &kbh, "user", NULL, NULL, 100);
    CHECK_EQ_STR(ids(l), "7,3,1");
    json_decref(l);
    l = audit_list(db, &kbh, NULL, NULL, "nothing", 100);
    CHECK_EQ_STR(ids(l), "");
    json_decref(l);
    l = audit_list(db, &frb, NULL, NULL, NULL, 100);
    CHECK_EQ_STR(ids(l), "3,2");
    json_decref(l);
    l = audit_list(db, &all, NULL, NULL, NULL, 100);
    CHECK_EQ_STR(ids(l), "7,6,5,4,3,2,1");
    json_decref(l);
    l = audit_list(db, &all, "user", "2000-01-01", "x.update", 3);
    CHECK_EQ_STR(ids(l), "7,6,3");
    json_decref(l);
    CHECK(!db_failed(db));
    db_close(db);
}

static const char sql_role[] =
    "INSERT INTO roles (slug, name, category, effect, characteristics, position, updated_at)"
    " VALUES ('projektleder', 'Projektleder', 'system-specific', 'e', 'c', 1, 't')";

/* Creates a user of org named name; its id. */
static int64_t add_user(struct db *db, int64_t org, const char *name)
{
    struct actor a = {0, 0, "test"};
    char email[64];
    snprintf(email, sizeof email, "%s@x.dk", name);
    json_t *u = json_pack("{s:s,s:s,s:s,s:s}", "email", email, "name", name, "type", "member",
                          "password_hash", "h");
    int64_t id = user_create(db, &a, org, u);
    json_decref(u);
    return id;
}

/* The person id of a user. */
static int64_t person_of(struct db *db, int64_t user)
{
    static const char sql[] = "SELECT person_id FROM users WHERE id = ?1";
    int64_t id = 0;
    db_int(db, &id, sql, "i", user);
    return id;
}

TEST(users_persons_appointments_in_scope)
{
    struct db *db = migrated("rows");
    int64_t anne = add_user(db, KBH, "anne"), bo = add_user(db, FRB, "bo");
    add_user(db, KBH, "carl");
    CHECK(anne > 0 && bo > 0);
    struct owner_filter kbh = {false, KBH}, frb = {false, FRB}, all = {true, FRB};
    json_t *l = user_list(db, &kbh);
    CHECK_EQ_INT(json_array_size(l), 2);
    json_decref(l);
    l = user_list(db, &all);
    CHECK_EQ_INT(json_array_size(l), 3);
    json_decref(l);
    json_t *u = user_get(db, &frb, anne);
    CHECK(u == NULL && !db_failed(db)); /* another organisation's user: not found */
    u = user_get(db, &kbh, anne);
    CHECK_EQ_STR(json_string_value(json_object_get(json_object_get(u, "organisation"), "code")),
                 "101");
    json_decref(u);
    l = person_list(db, &frb);
    CHECK_EQ_INT(json_array_size(l), 1);
    json_decref(l);
    l = person_list(db, &all);
    CHECK_EQ_INT(json_array_size(l), 3);
    json_decref(l);
    struct actor a = {0, 0, "test"};
    CHECK_EQ_INT(db_exec(db, sql_role, ""), 1);
    int64_t ky = project_id(db, "KY");
    int64_t role = 0;
    bool sys = false;
    CHECK_EQ_INT(appt_role_find(db, "projektleder", &role, &sys), 1);
    const char *today = "2024-06-01";
    struct appt_new na = {KBH, role, ky, person_of(db, anne), "2020-01-01", NULL, true};
    struct appt_new nb = {FRB, role, ky, person_of(db, bo), "2020-01-01", NULL, true};
    int64_t ap = appt_create(db, &a, &na), bp = appt_create(db, &a, &nb);
    CHECK(ap > 0 && bp > 0);
    CHECK_EQ_INT(appt_create(db, &a, &na), APPT_DUPLICATE); /* the same person, role, project */
    l = appt_list(db, &kbh, "KY", today);
    CHECK_EQ_INT(json_array_size(l), 1);
    json_decref(l);
    l = appt_list(db, &all, "KY", today);
    CHECK_EQ_INT(json_array_size(l), 2);
    json_decref(l);
    l = appt_list(db, &all, "FBS", today);
    CHECK_EQ_INT(json_array_size(l), 0);
    json_decref(l);
    CHECK(appt_get(db, &kbh, bp, today) == NULL);
    json_t *g = appt_get(db, &all, bp, today);
    CHECK_EQ_STR(json_string_value(json_object_get(g, "organisation")), "147");
    json_decref(g);
    CHECK_EQ_INT(appt_end(db, &a, KBH, bp, today), 0); /* not København's */
    CHECK_EQ_INT(appt_end(db, &a, FRB, bp, today), 1);
    CHECK_EQ_INT(appt_end(db, &a, FRB, bp, today), APPT_ENDED);
    g = appt_get(db, &all, bp, today); /* ended, kept in history */
    CHECK(g != NULL);
    json_decref(g);
    CHECK(!db_failed(db));
    db_close(db);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(audit_events_in_scope);
    RUN(users_persons_appointments_in_scope);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
        fprintf(stdout, "#   cannot remove %s\n", dir);
    }
    CHECK_DONE();
}
