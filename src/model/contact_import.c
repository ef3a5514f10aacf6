/*
 * contact_import: writes a checked contact list for one municipality (see
 * model/contact_import.h): people found or created, appointments found or
 * made. It parses no CSV (the page layer does) and never writes when the
 * check found a problem; the caller holds the transaction.
 */
#include <string.h>

#include "model/audit.h"
#include "model/contact_import.h"
#include "model/stmts.h"
#include "util.h"
#include "appt_sql.h"

static const char sql_role[] =
    "SELECT id, category FROM roles WHERE slug = ?1 OR name = ?1 ORDER BY position LIMIT 1";
static const char sql_project[] = "SELECT id FROM projects WHERE code = ?1";

/* Appends one problem to errors. */
static void problem(json_t *errors, json_t *row, const char *field, const char *msg)
{
    json_array_append_new(errors, json_pack("{s:O,s:s,s:s}", "line",
                                            json_object_get(row, "line"), "field", field,
                                            "message", msg));
}

int contact_import_check(struct db *db, json_t *rows, json_t *errors)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *role = json_string_value(json_object_get(row, "role"));
        const char *project = json_string_value(json_object_get(row, "project"));
        json_t *r = db_row(db, sql_role, "t", role ? role : "");
        if (!r) {
            if (db_failed(db)) {
                return -1;
            }
            problem(errors, row, "Rolle", "Rollen findes ikke i rollegalleriet");
            continue;
        }
        const char *cat = json_string_value(json_object_get(r, "category"));
        bool specific = cat && strcmp(cat, "system-specific") == 0;
        json_object_set(row, "role_id", json_object_get(r, "id"));
        json_decref(r);
        int64_t pid = 0;
        if (project && *project) {
            int rc = db_int(db, &pid, sql_project, "t", project);
            if (rc < 0) {
                return -1;
            }
            if (rc == 0) {
                problem(errors, row, "Projekt", "Projektet findes ikke");
            } else if (!specific) {
                problem(errors, row, "Projekt",
                        "Rollen er tværgående og udpeges uden projekt");
            }
        } else if (specific) {
            problem(errors, row, "Projekt", "En systemspecifik rolle skal have et projekt");
        }
        json_object_set_new(row, "project_id", json_integer(pid));
    }
    return 0;
}

static const char sql_by_email[] =
    "SELECT id FROM persons WHERE organisation_id = ?1 AND email = ?2 AND left_at IS NULL"
    " ORDER BY id LIMIT 1";
static const char sql_by_name[] =
    "SELECT id FROM persons WHERE organisation_id = ?1 AND name = ?2 AND email IS NULL"
    " AND left_at IS NULL ORDER BY id LIMIT 1";
static const char sql_person_insert[] =
    "INSERT INTO persons (organisation_id, name, title, email, phone, consent, created_at,"
    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?6)";
static const char sql_person_update[] =
    "UPDATE persons SET name = ?2, title = coalesce(?3, title), phone = coalesce(?4, phone),"
    " updated_at = ?5 WHERE id = ?1 AND (name IS NOT ?2 OR (?3 IS NOT NULL AND title IS NOT ?3)"
    " OR (?4 IS NOT NULL AND phone IS NOT ?4))";

/* A string field of row, NULL when absent or empty. */
static const char *text_of(json_t *row, const char *key)
{
    const char *s = json_string_value(json_object_get(row, key));
    return s && *s ? s : NULL;
}

/* The person a row names in org_id, created when there is none: the id
 * (*created set when new), or -1. */
static int64_t row_person(struct db *db, int64_t org_id, json_t *row, const char *now,
                          bool *created)
{
    const char *email = text_of(row, "email"), *name = text_of(row, "name");
    const char *title = text_of(row, "title"), *phone = text_of(row, "phone");
    int64_t id = 0;
    int rc = email ? db_int(db, &id, sql_by_email, "it", org_id, email)
                   : db_int(db, &id, sql_by_name, "it", org_id, name);
    *created = rc == 0;
    if (rc < 0) {
        return -1;
    }
    if (rc == 1) {
        return db_exec(db, sql_person_update, "itttt", id, name, title, phone, now) < 0 ? -1
                                                                                         : id;
    }
    if (db_exec(db, sql_person_insert, "ittttt", org_id, name, title, email, phone, now) != 1) {
        return -1;
    }
    return db_last_id(db);
}

static const char sql_appt_find[] =
    "SELECT id FROM appointments WHERE organisation_id = ?1 AND role_id = ?2"
    " AND project_id IS ?3 AND person_id = ?4" APPT_CURRENT_AT("", "?5") " LIMIT 1";
static const char sql_appt_primary[] =
    "UPDATE appointments SET is_primary = ?2, updated_at = ?3 WHERE id = ?1 AND is_primary <> ?2";
static const char sql_appt_insert[] =
    "INSERT INTO appointments (organisation_id, role_id, project_id, person_id, from_date,"
    " is_primary, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/* Appoints person to the row's role unless they hold it: 1 new, 0 held
 * already, -1 failure. */
static int row_appointment(struct db *db, int64_t org_id, json_t *row, int64_t person,
                           const char *today, const char *now)
{
    int64_t role = json_integer_value(json_object_get(row, "role_id"));
    int64_t project = json_integer_value(json_object_get(row, "project_id"));
    bool primary = json_is_true(json_object_get(row, "primary"));
    int64_t id;
    int rc = db_int(db, &id, sql_appt_find, "iiIit", org_id, role, project, person, today);
    if (rc != 0) {
        return rc < 0 || db_exec(db, sql_appt_primary, "ibt", id, primary, now) < 0 ? -1 : 0;
    }
    return db_exec(db, sql_appt_insert, "iiIitbt", org_id, role, project, person, today,
                   primary, now) == 1
               ? 1
               : -1;
}

json_t *contact_import_apply(struct db *db, const struct actor *a, int64_t org_id,
                             json_t *rows, const char *today)
{
    char now[21];
    now_iso(now);
    json_int_t persons = 0, appts = 0, unchanged = 0;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        bool created;
        int64_t person = row_person(db, org_id, row, now, &created);
        int rc = person < 0 ? -1 : row_appointment(db, org_id, row, person, today, now);
        if (rc < 0) {
            return NULL;
        }
        persons += created;
        appts += rc;
        unchanged += rc == 0 && !created;
    }
    json_t *result = json_pack("{s:I,s:I,s:I,s:I}", "rows", (json_int_t)json_array_size(rows),
                               "persons_created", persons, "appointments_created", appts,
                               "unchanged", unchanged);
    if (audit_write(db, a, org_id, "contact.import", "organisation", org_id, NULL, result) < 0) {
        json_decref(result);
        return NULL;
    }
    return result;
}

const struct model_stmt contact_import_stmts[] = {
    {"contact_import.role", sql_role, false},
    {"contact_import.project", sql_project, false},
    {"contact_import.by_email", sql_by_email, false},
    {"contact_import.by_name", sql_by_name, false},
    {"contact_import.person_insert", sql_person_insert, false},
    {"contact_import.person_update", sql_person_update, false},
    {"contact_import.appt_find", sql_appt_find, false},
    {"contact_import.appt_primary", sql_appt_primary, false},
    {"contact_import.appt_insert", sql_appt_insert, false},
};
const size_t ncontact_import_stmts = NELEM(contact_import_stmts);
