/*
 * attachment: files on a municipality's tasks, stored in the database
 * (task_attachments.data) beside their file name, content type, size,
 * who added them and when. It stores what it is given: deciding which
 * types are allowed and how large a file may be is the caller's. Reads
 * are scoped to the caller's organisation; the bytes are read only by
 * attach_data(), never into a list.
 */
#include "model/attachment.h"
#include "model/audit.h"
#include "model/stmts.h"
#include "scope.h"
#include "util.h"

#define ATTACH_COLUMNS                                                                       \
    "SELECT a.id, a.filename, a.content_type, a.size, a.created_at,"                         \
    " CASE WHEN pe.id IS NULL THEN NULL ELSE json_object('name', pe.name) END"               \
    " AS \"created_by:json\""

#define ATTACH_FROM                                                                          \
    " FROM task_attachments a LEFT JOIN users u ON u.id = a.created_by"                      \
    " LEFT JOIN persons pe ON pe.id = u.person_id"

static const char sql_list[] = ATTACH_COLUMNS ATTACH_FROM " WHERE a.task_id = ?1 ORDER BY a.id";

json_t *attach_list(struct db *db, int64_t task_id)
{
    return db_rows(db, sql_list, "i", task_id);
}

#define ATTACH_ONE                                                                           \
    ATTACH_COLUMNS ", a.task_id, a.organisation_id, p.code AS project" ATTACH_FROM           \
    " JOIN tasks t ON t.id = a.task_id JOIN projects p ON p.id = t.project_id"               \
    " WHERE a.id = ?1 AND t.hidden_at IS NULL"

static const char sql_get_all[] = ATTACH_ONE;
static const char sql_get_own[] = ATTACH_ONE " AND a.organisation_id = ?2";

json_t *attach_get(struct db *db, const struct owner_filter *scope, int64_t id)
{
    return db_row(db, SCOPED(scope, sql_get_all, sql_get_own, "i"), id, scope->owner_id);
}

static const char sql_data[] = "SELECT data FROM task_attachments WHERE id = ?1";

int attach_data(struct db *db, int64_t id, void **data, size_t *len)
{
    return db_blob(db, data, len, sql_data, "i", id);
}

static const char sql_insert[] =
    "INSERT INTO task_attachments (task_id, organisation_id, filename, content_type, size,"
    " data, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_one[] = ATTACH_COLUMNS ATTACH_FROM " WHERE a.id = ?1";

int64_t attach_create(struct db *db, const struct actor *a, int64_t org_id, int64_t task_id,
                      const char *filename, const char *type, const void *data, size_t len)
{
    char now[21];
    now_iso(now);
    if (db_exec(db, sql_insert, "iittiBIt", task_id, org_id, filename, type, (int64_t)len, data,
                len, a->user_id, now) != 1) {
        return -1;
    }
    int64_t id = db_last_id(db);
    json_t *after = db_row(db, sql_one, "i", id);
    if (after) {
        json_object_set_new(after, "task_id", json_integer(task_id));
    }
    int rc = after ? audit_write(db, a, org_id, "attachment.create", "attachment", id, NULL,
                                 after)
                   : -1;
    json_decref(after);
    return rc < 0 ? -1 : id;
}

static const char sql_delete[] =
    "DELETE FROM task_attachments WHERE id = ?1 AND organisation_id = ?2";

int attach_delete(struct db *db, const struct actor *a, int64_t org_id, int64_t id)
{
    json_t *before = db_row(db, sql_one, "i", id);
    if (!before) {
        return db_failed(db) ? -1 : 0;
    }
    int n = db_exec(db, sql_delete, "ii", id, org_id);
    int rc = n < 0 ? -1 : n == 0 ? 0
             : audit_write(db, a, org_id, "attachment.delete", "attachment", id, before, NULL) == 0
                 ? 1
                 : -1;
    json_decref(before);
    return rc;
}

const struct model_stmt attachment_stmts[] = {
    {"attach.list", sql_list, false},
    {"attach.get_all", sql_get_all, false},
    {"attach.get_own", sql_get_own, false},
    {"attach.data", sql_data, false},
    {"attach.insert", sql_insert, false},
    {"attach.one", sql_one, false},
    {"attach.delete", sql_delete, false},
};
const size_t nattachment_stmts = NELEM(attachment_stmts);
