/*
 * project: KOMBIT creates projects (code and name). Reading them, and the
 * importer's project_ensure, stay in org.c with the other reference data.
 * The caller validates the code and holds the transaction; nothing here
 * knows who may create one.
 */
#include "model/audit.h"
#include "model/org.h"
#include "model/project.h"
#include "model/stmts.h"
#include "util.h"

static const char sql_insert[] = "INSERT INTO projects (code, name) VALUES (?1, ?2)";

/* See project.h. */
int64_t project_create(struct db *db, const struct actor *a, const char *code,
                       const char *name)
{
    int64_t id = project_id(db, code);
    if (id != 0) {
        return id < 0 ? -1 : -2;
    }
    if (db_exec(db, sql_insert, "tt", code, name) != 1) {
        return -1;
    }
    id = db_last_id(db);
    json_t *after = json_pack("{s:s,s:s}", "code", code, "name", name);
    int rc = audit_write(db, a, 0, "project.create", "project", id, NULL, after);
    json_decref(after);
    return rc < 0 ? -1 : id;
}

const struct model_stmt project_stmts[] = {
    {"project.insert", sql_insert, false},
};
const size_t nproject_stmts = NELEM(project_stmts);
