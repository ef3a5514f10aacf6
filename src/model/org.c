/*
 * org: organisations (KOMBIT and the 98 municipalities) and the KOMBIT
 * projects. Reference data: read by everyone, changed only by the seed
 * importer, which records what it changed.
 */
#include <stdlib.h>
#include <string.h>

#include "model/audit.h"
#include "model/org.h"
#include "model/stmts.h"
#include "util.h"

static const char sql_get[] =
    "SELECT id, code, kind, name, region_code, region FROM organisations WHERE code = ?1";

json_t *org_get(struct db *db, const char *code)
{
    return db_row(db, sql_get, "t", code);
}

static const char sql_list[] =
    "SELECT code, kind, name, region_code, region FROM organisations"
    " ORDER BY kind = 'municipality', name";

json_t *org_list(struct db *db)
{
    return db_rows(db, sql_list, "");
}

static const char sql_insert[] =
    "INSERT INTO organisations (code, kind, name, region_code, region)"
    " VALUES (?1, 'municipality', ?2, ?3, ?4)";
static const char sql_update[] =
    "UPDATE organisations SET name = ?2, region_code = ?3, region = ?4 WHERE code = ?1";

int org_save_municipality(struct db *db, const struct actor *a, const char *code,
                          const char *name, const char *region_code, const char *region)
{
    json_t *old = org_get(db, code);
    if (!old && db_failed(db)) {
        return -1;
    }
    json_t *now = json_pack("{s:s,s:s,s:s,s:s,s:s}", "code", code, "kind", "municipality",
                            "name", name, "region_code", region_code, "region", region);
    int rc;
    if (!old) {
        rc = db_exec(db, sql_insert, "tttt", code, name, region_code, region) == 1 &&
                     audit_write(db, a, db_last_id(db), "organisation.create", "organisation",
                                 db_last_id(db), NULL, now) == 0
                 ? SAVE_CREATED
                 : -1;
    } else {
        json_t *cmp = json_deep_copy(old);
        json_object_del(cmp, "id");
        if (json_equal(cmp, now)) {
            rc = SAVE_UNCHANGED;
        } else {
            int64_t id = json_integer_value(json_object_get(old, "id"));
            rc = db_exec(db, sql_update, "tttt", code, name, region_code, region) == 1 &&
                         audit_write(db, a, id, "organisation.update", "organisation", id, cmp,
                                     now) == 0
                     ? SAVE_UPDATED
                     : -1;
        }
        json_decref(cmp);
    }
    json_decref(old);
    json_decref(now);
    return rc;
}

static const char sql_projects[] = "SELECT code, name FROM projects ORDER BY code";

json_t *project_list(struct db *db)
{
    return db_rows(db, sql_projects, "");
}

static const char sql_project_get[] = "SELECT id, code, name FROM projects WHERE code = ?1";

json_t *project_get(struct db *db, const char *code)
{
    return db_row(db, sql_project_get, "t", code);
}

static const char sql_project_id[] = "SELECT id FROM projects WHERE code = ?1";

int64_t project_id(struct db *db, const char *code)
{
    int64_t id = 0;
    int rc = db_int(db, &id, sql_project_id, "t", code);
    return rc < 0 ? -1 : rc == 0 ? 0 : id;
}

static const char sql_project_insert[] = "INSERT INTO projects (code, name) VALUES (?1, ?1)";

int64_t project_ensure(struct db *db, const struct actor *a, const char *code)
{
    int64_t id = project_id(db, code);
    if (id != 0) {
        return id;
    }
    if (db_exec(db, sql_project_insert, "t", code) != 1) {
        return -1;
    }
    id = db_last_id(db);
    json_t *after = json_pack("{s:s}", "code", code);
    int rc = audit_write(db, a, 0, "project.create", "project", id, NULL, after);
    json_decref(after);
    return rc < 0 ? -1 : id;
}

const struct model_stmt org_stmts[] = {
    {"org.get", sql_get, false},
    {"org.list", sql_list, true},
    {"org.insert", sql_insert, false},
    {"org.update", sql_update, false},
    {"org.projects", sql_projects, true},
    {"org.project_get", sql_project_get, false},
    {"org.project_id", sql_project_id, false},
    {"org.project_insert", sql_project_insert, false},
};
const size_t norg_stmts = NELEM(org_stmts);
