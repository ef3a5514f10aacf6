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

/* Each model file's table and its length: one line per file. */
extern const struct model_stmt appt_stmts[];
extern const size_t nappt_stmts;
extern const struct model_stmt attachment_stmts[];
extern const size_t nattachment_stmts;
extern const struct model_stmt audit_stmts[];
extern const size_t naudit_stmts;
extern const struct model_stmt calendar_stmts[];
extern const size_t ncalendar_stmts;
extern const struct model_stmt catalogue_stmts[];
extern const size_t ncatalogue_stmts;
extern const struct model_stmt contact_stmts[];
extern const size_t ncontact_stmts;
extern const struct model_stmt contact_import_stmts[];
extern const size_t ncontact_import_stmts;
extern const struct model_stmt document_stmts[];
extern const size_t ndocument_stmts;
extern const struct model_stmt handover_stmts[];
extern const size_t nhandover_stmts;
extern const struct model_stmt leave_stmts[];
extern const size_t nleave_stmts;
extern const struct model_stmt mailq_stmts[];
extern const size_t nmailq_stmts;
extern const struct model_stmt master_task_stmts[];
extern const size_t nmaster_task_stmts;
extern const struct model_stmt matrix_stmts[];
extern const size_t nmatrix_stmts;
extern const struct model_stmt message_stmts[];
extern const size_t nmessage_stmts;
extern const struct model_stmt notification_stmts[];
extern const size_t nnotification_stmts;
extern const struct model_stmt org_stmts[];
extern const size_t norg_stmts;
extern const struct model_stmt person_stmts[];
extern const size_t nperson_stmts;
extern const struct model_stmt project_stmts[];
extern const size_t nproject_stmts;
extern const struct model_stmt publish_stmts[];
extern const size_t npublish_stmts;
extern const struct model_stmt relation_stmts[];
extern const size_t nrelation_stmts;
extern const struct model_stmt reset_stmts[];
extern const size_t nreset_stmts;
extern const struct model_stmt role_stmts[];
extern const size_t nrole_stmts;
extern const struct model_stmt risk_stmts[];
extern const size_t nrisk_stmts;
extern const struct model_stmt search_stmts[];
extern const size_t nsearch_stmts;
extern const struct model_stmt session_stmts[];
extern const size_t nsession_stmts;
extern const struct model_stmt task_stmts[];
extern const size_t ntask_stmts;
extern const struct model_stmt timeline_stmts[];
extern const size_t ntimeline_stmts;
extern const struct model_stmt user_stmts[];
extern const size_t nuser_stmts;
extern const struct model_stmt wave_stmts[];
extern const size_t nwave_stmts;

/* Every model file's statements. */
extern const struct model_stmt_set model_stmt_sets[];
extern const size_t nmodel_stmt_sets;

#endif
