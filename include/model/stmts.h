/*
 * model/stmts: the table of every SQL statement of the model, for tests
 * and tools (the query-plan test explains each one). Each model file lists
 * all of its SQL constants in its own array; model_stmt_sets collects the
 * arrays. A statement meant to read a whole table (a publisher's "all
 * rows" list, a list ordered over the rowid with a LIMIT) says so, and is
 * then allowed to scan.
 */
#ifndef KLIKD_MODEL_STMTS_H
#define KLIKD_MODEL_STMTS_H

#include <stdbool.h>
#include <stddef.h>

/* One statement of the model. */
struct model_stmt {
    const char *name; /* "appt.list_own" */
    const char *sql;  /* the constant the model runs (its address is the cache key) */
    bool whole_table; /* by design reads every row of its table */
};

/* One model file's statements. */
struct model_stmt_set {
    const char *file;                /* "src/model/appt.c" */
    const struct model_stmt *items; /* its statements */
    const size_t *nitems;           /* their number */
};

extern const struct model_stmt appt_stmts[], audit_stmts[], document_stmts[],
    master_task_stmts[], org_stmts[], reset_stmts[], role_stmts[], session_stmts[],
    user_stmts[];
extern const size_t nappt_stmts, naudit_stmts, ndocument_stmts, nmaster_task_stmts,
    norg_stmts, nreset_stmts, nrole_stmts, nsession_stmts, nuser_stmts;

/* Every model file's statements. */
extern const struct model_stmt_set model_stmt_sets[];
extern const size_t nmodel_stmt_sets;

#endif
