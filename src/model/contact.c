/*
 * contact: contact lists over the current appointments, with each holder's
 * personal fields removed where the reader may not see them (consent is
 * decided here, once, for the API, the CSV, the vCard and the search
 * alike), the people of a municipality for its administrator, and the
 * one-time links that ask a person to confirm their contact data. It
 * formats no CSV or vCard and knows no HTTP.
 */
#include <string.h>

#include "model/audit.h"
#include "model/contact.h"
#include "model/stmts.h"
#include "util.h"
#include "appt_sql.h"

#define CONTACT_SELECT                                                                      \
    "SELECT o.code AS municipality, r.slug AS role, p.code AS project, pe.name, pe.title,"  \
    " pe.email, pe.phone, a.is_primary AS \"primary:bool\", pe.verified_at,"                \
    " pe.consent AS \"consent:bool\", a.organisation_id AS org_id"

/* From the appointments (an index on them narrows), or from a region's
 * municipalities (a small table) to their appointments. */
#define CONTACT_FROM                                                                        \
    " FROM appointments a CROSS JOIN persons pe ON pe.id = a.person_id"                     \
    " JOIN organisations o ON o.id = a.organisation_id JOIN roles r ON r.id = a.role_id"    \
    " LEFT JOIN projects p ON p.id = a.project_id WHERE "
#define CONTACT_FROM_ORGS                                                                   \
    " FROM organisations o CROSS JOIN appointments a ON a.organisation_id = o.id"           \
    " CROSS JOIN persons pe ON pe.id = a.person_id JOIN roles r ON r.id = a.role_id"        \
    " LEFT JOIN projects p ON p.id = a.project_id WHERE "

/* Current on ?1, not ended, holder still there; the optional filters. */
#define CONTACT_WHERE                                                                       \
    APPT_CURRENT_AT("a.", "?1") " AND pe.left_at IS NULL"                                        \
    " AND (?2 IS NULL OR r.slug = ?2) AND (?3 IS NULL OR p.code = ?3)"                      \
    " AND (?4 IS NULL OR o.region = ?4 OR o.region_code = ?4)"                              \
    " ORDER BY o.name, r.position, p.code, a.is_primary DESC, pe.name"

static const char sql_list_all[] = CONTACT_SELECT CONTACT_FROM "1" CONTACT_WHERE;
static const char sql_list_org[] =
    CONTACT_SELECT CONTACT_FROM "a.organisation_id = ?5" CONTACT_WHERE;
static const char sql_list_role[] =
    CONTACT_SELECT CONTACT_FROM "a.role_id = (SELECT id FROM roles WHERE slug = ?2)" CONTACT_WHERE;
static const char sql_list_region[] =
    CONTACT_SELECT CONTACT_FROM_ORGS "(o.region = ?4 OR o.region_code = ?4)" CONTACT_WHERE;

/* The personal fields consent decides. */
static const char *const personal[] = {"name", "title", "email", "phone", "verified_at"};

/* Removes what r may not see of each row, and the columns only the
 * decision needed. */
static void mask(json_t *rows, const struct contact_reader *r)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        bool own = json_integer_value(json_object_get(row, "org_id")) == r->org_id;
        bool consent = json_is_true(json_object_get(row, "consent"));
        if (!own && !r->sees_all && !consent) {
            for (size_t k = 0; k < NELEM(personal); k++) {
                json_object_del(row, personal[k]);
            }
        }
        json_object_del(row, "consent");
        json_object_del(row, "org_id");
    }
}

json_t *contact_list(struct db *db, const struct contact_filter *f,
                     const struct contact_reader *r)
{
    json_t *rows;
    if (f->org_id) {
        rows = db_rows(db, sql_list_org, "ttttI", f->today, f->role, f->project, f->region,
                       f->org_id);
    } else if (f->role) {
        rows = db_rows(db, sql_list_role, "tttt", f->today, f->role, f->project, f->region);
    } else if (f->region) {
        rows = db_rows(db, sql_list_region, "tttt", f->today, f->role, f->project, f->region);
    } else {
        rows = db_rows(db, sql_list_all, "tttt", f->today, f->role, f->project, f->region);
    }
    if (rows) {
        mask(rows, r);
    }
    return rows;
}

static const char sql_region[] =
    "SELECT 1 FROM organisations WHERE region = ?1 OR region_code = ?1 LIMIT 1";

int contact_region_known(struct db *db, const char *region)
{
    int64_t one;
    return db_int(db, &one, sql_region, "t", region);
}

static const char sql_names[] =
    "SELECT json_object('roles', (SELECT json_group_object(slug, name) FROM roles),"
    " 'municipalities', (SELECT json_group_object(code, name) FROM organisations))"
    " AS \"names:json\"";

json_t *contact_names(struct db *db)
{
    json_t *row = db_row(db, sql_names, "");
    json_t *names = row ? json_incref(json_object_get(row, "names")) : NULL;
    json_decref(row);
    return names;
}

#define PERSON_COLUMNS                                                                      \
    "SELECT pe.id, pe.name, pe.title, pe.email, pe.phone, pe.consent AS \"consent:bool\","  \
    " pe.verified_at, pe.left_at, u.id IS NOT NULL AS \"login:bool\","                      \
    " coalesce(u.active, 0) AS \"active:bool\","                                            \
    " (SELECT count(*) FROM appointments a WHERE a.person_id = pe.id"                     \
    APPT_CURRENT_AT("a.", "?2") ") AS appointments"                                          \
    " FROM persons pe LEFT JOIN users u ON u.person_id = pe.id"

static const char sql_persons[] =
    PERSON_COLUMNS " WHERE pe.organisation_id = ?1 ORDER BY pe.left_at IS NOT NULL, pe.name";
static const char sql_person[] = PERSON_COLUMNS " WHERE pe.organisation_id = ?1 AND pe.id = ?3";

json_t *contact_persons(struct db *db, int64_t org_id, const char *today)
{
    return db_rows(db, sql_persons, "it", org_id, today);
}

json_t *contact_person(struct db *db, int64_t org_id, int64_t id, const char *today)
{
    return db_row(db, sql_person, "iti", org_id, today, id);
}

static const char sql_verify_spend[] =
    "UPDATE person_verifications SET used_at = ?2 WHERE person_id = ?1 AND used_at IS NULL";
static const char sql_verify_insert[] =
    "INSERT INTO person_verifications (person_id, token_hash, created_by, created_at,"
    " expires_at) VALUES (?1, ?2, ?3, ?4, ?5)";

int64_t contact_verify_create(struct db *db, const struct actor *a, int64_t org_id,
                              int64_t person_id, const char *hash_hex, int64_t expires)
{
    int64_t now = now_unix();
    if (db_exec(db, sql_verify_spend, "ii", person_id, now) < 0 ||
        db_exec(db, sql_verify_insert, "itIii", person_id, hash_hex, a->user_id, now,
                expires) != 1) {
        return -1;
    }
    int64_t id = db_last_id(db);
    json_t *after = json_pack("{s:I}", "expires_at", (json_int_t)expires);
    int rc = audit_write(db, a, org_id, "person.verification_request", "person", person_id,
                         NULL, after);
    json_decref(after);
    return rc < 0 ? -1 : id;
}

static const char sql_verify_find[] =
    "SELECT v.id, v.person_id, pe.organisation_id AS org_id, o.name AS municipality,"
    " pe.name, pe.title, pe.email, pe.phone, pe.consent AS \"consent:bool\""
    " FROM person_verifications v JOIN persons pe ON pe.id = v.person_id"
    " JOIN organisations o ON o.id = pe.organisation_id"
    " WHERE v.token_hash = ?1 AND v.used_at IS NULL AND v.expires_at > ?2"
    " AND pe.left_at IS NULL";

json_t *contact_verify_find(struct db *db, const char *hash_hex, int64_t now)
{
    return db_row(db, sql_verify_find, "ti", hash_hex, now);
}

static const char sql_verify_use[] =
    "UPDATE person_verifications SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL";
static const char sql_person_save[] =
    "UPDATE persons SET name = ?2, title = ?3, email = ?4, phone = ?5, consent = ?6,"
    " verified_at = ?7, updated_at = ?7 WHERE id = ?1";
static const char sql_person_audit[] =
    "SELECT name, title, email, phone, consent AS \"consent:bool\", verified_at"
    " FROM persons WHERE id = ?1";

/* A string field of d, NULL when absent or empty. */
static const char *text_of(json_t *d, const char *key)
{
    const char *s = json_string_value(json_object_get(d, key));
    return s && *s ? s : NULL;
}

int contact_verify_use(struct db *db, const struct actor *a, json_t *link, json_t *d)
{
    int64_t id = json_integer_value(json_object_get(link, "id"));
    int64_t person = json_integer_value(json_object_get(link, "person_id"));
    int64_t org = json_integer_value(json_object_get(link, "org_id"));
    int n = db_exec(db, sql_verify_use, "ii", id, now_unix());
    if (n <= 0) {
        return n;
    }
    char now[21];
    now_iso(now);
    json_t *before = db_row(db, sql_person_audit, "i", person);
    int rc = db_exec(db, sql_person_save, "ittttbt", person, text_of(d, "name"),
                     text_of(d, "title"), text_of(d, "email"), text_of(d, "phone"),
                     json_is_true(json_object_get(d, "consent")), now);
    json_t *after = db_row(db, sql_person_audit, "i", person);
    rc = rc == 1 ? audit_write(db, a, org, "person.verify", "person", person, before, after)
                 : -1;
    json_decref(before);
    json_decref(after);
    return rc < 0 ? -1 : 1;
}

const struct model_stmt contact_stmts[] = {
    {"contact.list_all", sql_list_all, true},
    {"contact.list_org", sql_list_org, false},
    {"contact.list_role", sql_list_role, false},
    {"contact.list_region", sql_list_region, false},
    {"contact.region", sql_region, false},
    {"contact.names", sql_names, false},
    {"contact.persons", sql_persons, false},
    {"contact.person", sql_person, false},
    {"contact.verify_spend", sql_verify_spend, false},
    {"contact.verify_insert", sql_verify_insert, false},
    {"contact.verify_find", sql_verify_find, false},
    {"contact.verify_use", sql_verify_use, false},
    {"contact.person_save", sql_person_save, false},
    {"contact.person_audit", sql_person_audit, false},
};
const size_t ncontact_stmts = NELEM(contact_stmts);
