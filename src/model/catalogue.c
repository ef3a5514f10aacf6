/*
 * catalogue: the role catalogue of each project (table role_catalogue) —
 * read, replaced as a whole by KOMBIT with one audit event, and derived
 * from the imported rollegalleri for projects that have none. It does not
 * validate what KOMBIT sends (the page layer does) and never touches
 * appointments.
 */
#include <string.h>

#include "model/audit.h"
#include "model/catalogue.h"
#include "model/role.h"
#include "model/stmts.h"
#include "util.h"

#define CAT_COLUMNS                                                                         \
    "SELECT r.slug AS role, r.name AS role_name, r.category, c.stage, c.requirement,"       \
    " c.phase FROM role_catalogue c JOIN roles r ON r.id = c.role_id"

static const char sql_get[] =
    CAT_COLUMNS " WHERE c.project_id = ?1 ORDER BY r.position, c.stage";

/* See catalogue.h. */
json_t *catalogue_get(struct db *db, int64_t project_id)
{
    return db_rows(db, sql_get, "i", project_id);
}

static const char sql_mandatory[] =
    "SELECT p.code AS project, r.slug AS role, r.name AS role_name, r.category, c.stage,"
    " c.requirement, c.phase FROM role_catalogue c JOIN roles r ON r.id = c.role_id"
    " JOIN projects p ON p.id = c.project_id WHERE c.requirement = 'mandatory'"
    " ORDER BY p.code, r.position, c.stage";

/* See catalogue.h. */
json_t *catalogue_mandatory(struct db *db)
{
    return db_rows(db, sql_mandatory, "");
}

static const char sql_clear[] = "DELETE FROM role_catalogue WHERE project_id = ?1";
static const char sql_insert[] =
    "INSERT INTO role_catalogue (project_id, stage, role_id, requirement, phase)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";

/* See catalogue.h. */
int catalogue_replace(struct db *db, const struct actor *a, int64_t project_id, json_t *entries)
{
    json_t *before = catalogue_get(db, project_id);
    if (!before || db_exec(db, sql_clear, "i", project_id) < 0) {
        json_decref(before);
        return -1;
    }
    size_t i;
    json_t *e;
    int rc = 0;
    json_array_foreach(entries, i, e) {
        int64_t phase = json_integer_value(json_object_get(e, "phase"));
        if (db_exec(db, sql_insert, "ititI", project_id,
                    json_string_value(json_object_get(e, "stage")),
                    json_integer_value(json_object_get(e, "role_id")),
                    json_string_value(json_object_get(e, "requirement")), phase) != 1) {
            rc = -1;
        }
    }
    json_t *after = rc == 0 ? catalogue_get(db, project_id) : NULL;
    if (rc == 0 && (!after || audit_write(db, a, 0, "role_catalogue.replace", "project",
                                          project_id, before, after) < 0)) {
        rc = -1;
    }
    json_decref(before);
    json_decref(after);
    return rc;
}

/* Whether any of role's items (tasks and responsibilities) is marked for
 * the stage key ("implementation"/"operation"). */
static bool marked(json_t *role, const char *key)
{
    static const char *const lists[] = {"tasks", "responsibilities"};
    for (size_t l = 0; l < NELEM(lists); l++) {
        size_t i;
        json_t *item;
        json_array_foreach(json_object_get(role, lists[l]), i, item) {
            const char *v = json_string_value(json_object_get(item, key));
            if (v && *v) {
                return true;
            }
        }
    }
    return false;
}

/* Appends one derived entry to out. */
static void add_entry(json_t *out, const char *slug, const char *stage, bool mandatory,
                      int64_t phase)
{
    json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:o}", "role", slug, "stage", stage,
                                         "requirement", mandatory ? "mandatory" : "recommended",
                                         "phase", phase ? json_integer(phase) : json_null()));
}

/* See catalogue.h. */
json_t *catalogue_derive(struct db *db)
{
    json_t *roles = role_list(db);
    if (!roles) {
        return NULL;
    }
    json_t *out = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(roles, i, r) {
        json_t *role = role_get(db, json_string_value(json_object_get(r, "slug")));
        if (!role) {
            json_decref(out);
            out = NULL;
            break;
        }
        const char *slug = json_string_value(json_object_get(role, "slug"));
        bool leads = json_array_size(json_object_get(role, "successors")) > 0;
        bool follows = json_array_size(json_object_get(role, "predecessors")) > 0;
        int64_t phase = json_integer_value(json_object_get(role, "phase"));
        if (marked(role, "implementation")) {
            add_entry(out, slug, "implementation", leads, phase ? phase : leads ? 1 : 0);
        }
        if (marked(role, "operation")) {
            add_entry(out, slug, "operation", follows, follows ? 4 : 0);
        }
        json_decref(role);
    }
    json_decref(roles);
    return out;
}

static const char sql_bare[] =
    "SELECT p.id FROM projects p WHERE EXISTS (SELECT 1 FROM master_tasks m"
    " WHERE m.project_id = p.id) AND NOT EXISTS (SELECT 1 FROM role_catalogue c"
    " WHERE c.project_id = p.id) ORDER BY p.code";
static const char sql_role_id[] = "SELECT id FROM roles WHERE slug = ?1";

/* See catalogue.h. */
json_t *catalogue_default(struct db *db)
{
    json_t *entries = catalogue_derive(db);
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e) {
        int64_t id = 0;
        if (db_int(db, &id, sql_role_id, "t", json_string_value(json_object_get(e, "role"))) !=
            1) {
            json_decref(entries);
            return NULL;
        }
        json_object_set_new(e, "role_id", json_integer(id));
    }
    return entries;
}

/* See catalogue.h. */
int catalogue_fill_defaults(struct db *db, const struct actor *a)
{
    json_t *bare = db_rows(db, sql_bare, "");
    json_t *entries = bare && json_array_size(bare) ? catalogue_default(db) : NULL;
    int n = bare ? 0 : -1;
    size_t i;
    json_t *p;
    json_array_foreach(bare, i, p) {
        if (n >= 0 && catalogue_replace(db, a, json_integer_value(json_object_get(p, "id")),
                                        entries) < 0) {
            n = -1;
        } else if (n >= 0) {
            n++;
        }
    }
    if (bare && json_array_size(bare) && !entries) {
        n = -1;
    }
    json_decref(entries);
    json_decref(bare);
    return n;
}

const struct model_stmt catalogue_stmts[] = {
    {"catalogue.get", sql_get, false},
    {"catalogue.mandatory", sql_mandatory, true},
    {"catalogue.clear", sql_clear, false},
    {"catalogue.insert", sql_insert, false},
    {"catalogue.bare", sql_bare, true},
    {"catalogue.role_id", sql_role_id, false},
};
const size_t ncatalogue_stmts = NELEM(catalogue_stmts);
