/*
 * person: the register's view of people — pick lists of a municipality's
 * people, whether a person belongs to a municipality, and contacts without
 * a log-in created when they are appointed. It never touches users,
 * sessions or log-ins, and it never changes an existing person (the
 * contacts module edits contact data, consent and leavers).
 */
#include "model/audit.h"
#include "model/person.h"
#include "model/stmts.h"
#include "scope.h"
#include "util.h"

#define PERSON_COLUMNS                                                                      \
    "SELECT pe.id, pe.name, pe.title, pe.email, pe.phone, o.code AS organisation,"          \
    " EXISTS (SELECT 1 FROM users u WHERE u.person_id = pe.id) AS \"user:bool\""            \
    " FROM persons pe JOIN organisations o ON o.id = pe.organisation_id"

static const char sql_persons_all[] = PERSON_COLUMNS " ORDER BY o.code, pe.name";
static const char sql_persons_own[] =
    PERSON_COLUMNS " WHERE pe.organisation_id = ?1 AND pe.left_at IS NULL ORDER BY pe.name";

/* See person.h. */
json_t *person_list(struct db *db, const struct owner_filter *scope)
{
    return db_rows(db, SCOPED(scope, sql_persons_all, sql_persons_own, ""), scope->owner_id);
}

static const char sql_in_org[] = "SELECT id FROM persons WHERE id = ?1 AND organisation_id = ?2";

/* See person.h. */
int person_in_org(struct db *db, int64_t person_id, int64_t org_id)
{
    int64_t id;
    return db_int(db, &id, sql_in_org, "ii", person_id, org_id);
}

static const char sql_insert[] =
    "INSERT INTO persons (organisation_id, name, title, email, phone, consent, created_at,"
    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)";
static const char sql_get[] =
    "SELECT id, name, title, email, phone, consent AS \"consent:bool\" FROM persons"
    " WHERE id = ?1";

/* See person.h. */
int64_t person_create_contact(struct db *db, const struct actor *a, int64_t org_id,
                              const struct person_contact *c)
{
    char now[21];
    now_iso(now);
    if (db_exec(db, sql_insert, "ittttbt", org_id, c->name, c->title, c->email, c->phone,
                c->consent, now) != 1) {
        return -1;
    }
    int64_t id = db_last_id(db);
    json_t *after = db_row(db, sql_get, "i", id);
    int rc = audit_write(db, a, org_id, "person.create", "person", id, NULL, after);
    json_decref(after);
    return rc < 0 ? -1 : id;
}

const struct model_stmt person_stmts[] = {
    {"person.persons_all", sql_persons_all, true},
    {"person.persons_own", sql_persons_own, false},
    {"person.in_org", sql_in_org, false},
    {"person.insert", sql_insert, false},
    {"person.get", sql_get, false},
};
const size_t nperson_stmts = NELEM(person_stmts);
