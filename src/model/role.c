/*
 * role: KOMBIT's rollegalleri — roles with their effect, tasks and
 * responsibilities (each marked for Implementering and Drift og
 * forvaltning), competences, characteristics, the phase they are appointed
 * in and the roles they turn into. Public reference data, written only by
 * the importer; saving an unchanged role writes nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "model/audit.h"
#include "model/role.h"
#include "model/stmts.h"
#include "util.h"

static const char sql_list[] =
    "SELECT slug, name, category, effect, phase FROM roles ORDER BY position";

json_t *role_list(struct db *db)
{
    return db_rows(db, sql_list, "");
}

#define ITEMS(kind)                                                                         \
    "(SELECT json_group_array(json_object('text', text, 'implementation', implementation,"   \
    " 'operation', operation)) FROM (SELECT * FROM role_items WHERE role_id = r.id"        \
    " AND kind = '" kind "' ORDER BY position))"

static const char sql_get[] =
    "SELECT r.id, r.slug, r.name, r.category, r.effect, " ITEMS("task") " AS \"tasks:json\", "
    ITEMS("responsibility") " AS \"responsibilities:json\","
    " (SELECT json_group_array(text) FROM (SELECT text FROM role_competences"
    "   WHERE role_id = r.id ORDER BY position)) AS \"competences:json\","
    " r.characteristics, r.phase, r.position,"
    " (SELECT json_group_array(json_object('slug', s.slug, 'name', s.name))"
    "   FROM role_successors rs JOIN roles s ON s.id = rs.successor_id"
    "   WHERE rs.role_id = r.id) AS \"successors:json\","
    " (SELECT json_group_array(json_object('slug', s.slug, 'name', s.name))"
    "   FROM role_successors rs JOIN roles s ON s.id = rs.role_id"
    "   WHERE rs.successor_id = r.id) AS \"predecessors:json\","
    " r.updated_at FROM roles r WHERE r.slug = ?1";

json_t *role_get(struct db *db, const char *slug)
{
    return db_row(db, sql_get, "t", slug);
}

/* The fields role_save compares and writes. */
static const char *const saved_keys[] = {"name",        "category",         "effect",
                                         "tasks",       "responsibilities", "competences",
                                         "characteristics", "phase",        "position"};

static json_t *saved_part(json_t *role)
{
    json_t *o = json_object();
    for (size_t i = 0; i < NELEM(saved_keys); i++) {
        json_t *v = json_object_get(role, saved_keys[i]);
        json_object_set(o, saved_keys[i], v ? v : json_null());
    }
    return o;
}

static const char sql_upsert[] =
    "INSERT INTO roles (slug, name, category, effect, characteristics, phase, position,"
    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    " ON CONFLICT (slug) DO UPDATE SET name = ?2, category = ?3, effect = ?4,"
    " characteristics = ?5, phase = ?6, position = ?7, updated_at = ?8";
static const char sql_id[] = "SELECT id FROM roles WHERE slug = ?1";
static const char sql_items_clear[] = "DELETE FROM role_items WHERE role_id = ?1";
static const char sql_item_insert[] =
    "INSERT INTO role_items (role_id, kind, position, text, implementation, operation)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_comp_clear[] = "DELETE FROM role_competences WHERE role_id = ?1";
static const char sql_comp_insert[] =
    "INSERT INTO role_competences (role_id, position, text) VALUES (?1, ?2, ?3)";

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* Writes one kind of items. */
static int save_items(struct db *db, int64_t id, const char *kind, json_t *items)
{
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        if (db_exec(db, sql_item_insert, "itittt", id, kind, (int64_t)i + 1, str(it, "text"),
                    str(it, "implementation"), str(it, "operation")) != 1) {
            return -1;
        }
    }
    return 0;
}

/* Writes the row and replaces its items and competences. */
static int write_role(struct db *db, json_t *role, int position, int64_t *id)
{
    char now[21];
    now_iso(now);
    json_t *phase = json_object_get(role, "phase");
    if (db_exec(db, sql_upsert, "tttttIit", str(role, "slug"), str(role, "name"),
                str(role, "category"), str(role, "effect"), str(role, "characteristics"),
                (int64_t)json_integer_value(phase), (int64_t)position, now) != 1 ||
        db_int(db, id, sql_id, "t", str(role, "slug")) != 1 ||
        db_exec(db, sql_items_clear, "i", *id) < 0 || db_exec(db, sql_comp_clear, "i", *id) < 0 ||
        save_items(db, *id, "task", json_object_get(role, "tasks")) < 0 ||
        save_items(db, *id, "responsibility", json_object_get(role, "responsibilities")) < 0) {
        return -1;
    }
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(role, "competences"), i, c) {
        if (db_exec(db, sql_comp_insert, "iit", *id, (int64_t)i + 1, json_string_value(c)) != 1) {
            return -1;
        }
    }
    return 0;
}

int role_save(struct db *db, const struct actor *a, json_t *role, int position)
{
    json_t *old = role_get(db, str(role, "slug"));
    if (!old && db_failed(db)) {
        return -1;
    }
    json_object_set_new(role, "position", json_integer(position));
    json_t *before = old ? saved_part(old) : NULL;
    json_t *after = saved_part(role);
    int rc;
    if (before && json_equal(before, after)) {
        rc = SAVE_UNCHANGED;
    } else {
        int64_t id = 0;
        rc = write_role(db, role, position, &id) < 0 ||
                     audit_write(db, a, 0, old ? "role.update" : "role.create", "role", id,
                                 before, after) < 0
                 ? -1
                 : old ? SAVE_UPDATED : SAVE_CREATED;
    }
    json_decref(before);
    json_decref(after);
    json_decref(old);
    return rc;
}

static const char sql_link[] =
    "INSERT OR IGNORE INTO role_successors (role_id, successor_id)"
    " SELECT a.id, b.id FROM roles a, roles b WHERE a.slug = ?1 AND b.slug = ?2";

int role_link_successor(struct db *db, const char *slug, const char *successor_slug)
{
    int64_t one;
    if (db_int(db, &one, sql_id, "t", slug) != 1 || db_int(db, &one, sql_id, "t", successor_slug) != 1) {
        return db_failed(db) ? -1 : 1;
    }
    return db_exec(db, sql_link, "tt", slug, successor_slug) < 0 ? -1 : 0;
}

static const char sql_by_name[] = "SELECT slug FROM roles WHERE lower(name) = lower(?1)";
static const char sql_by_prefix[] =
    "SELECT slug FROM roles WHERE lower(name) LIKE lower(?1) || ' %' ESCAPE '\\'"
    " AND (?2 IS NULL OR category = ?2)"
    " AND (SELECT count(*) FROM roles WHERE lower(name) LIKE lower(?1) || ' %' ESCAPE '\\'"
    "      AND (?2 IS NULL OR category = ?2)) = 1";

char *role_slug_by_name(struct db *db, const char *name, const char *category)
{
    char *slug = NULL;
    if (db_text(db, &slug, sql_by_name, "t", name) == 1) {
        return slug;
    }
    if (strpbrk(name, "%_\\")) {
        return NULL;
    }
    if (db_text(db, &slug, sql_by_prefix, "tt", name, category) == 1 ||
        db_text(db, &slug, sql_by_prefix, "tt", name, NULL) == 1) {
        return slug;
    }
    return NULL;
}

const struct model_stmt role_stmts[] = {
    {"role.list", sql_list, true},
    {"role.get", sql_get, false},
    {"role.upsert", sql_upsert, false},
    {"role.id", sql_id, false},
    {"role.items_clear", sql_items_clear, false},
    {"role.item_insert", sql_item_insert, false},
    {"role.comp_clear", sql_comp_clear, false},
    {"role.comp_insert", sql_comp_insert, false},
    {"role.link", sql_link, false},
    {"role.by_name", sql_by_name, false},
    {"role.by_prefix", sql_by_prefix, false},
};
const size_t nrole_stmts = NELEM(role_stmts);
