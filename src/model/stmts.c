/*
 * stmts: gathers each model file's table of SQL statements into one list
 * (see model/stmts.h), for the query-plan test. It runs nothing.
 */
#include "model/stmts.h"
#include "util.h"

const struct model_stmt_set model_stmt_sets[] = {
    {"src/model/appt.c", appt_stmts, &nappt_stmts},
    {"src/model/attachment.c", attachment_stmts, &nattachment_stmts},
    {"src/model/audit.c", audit_stmts, &naudit_stmts},
    {"src/model/calendar.c", calendar_stmts, &ncalendar_stmts},
    {"src/model/catalogue.c", catalogue_stmts, &ncatalogue_stmts},
    {"src/model/contact.c", contact_stmts, &ncontact_stmts},
    {"src/model/contact_import.c", contact_import_stmts, &ncontact_import_stmts},
    {"src/model/document.c", document_stmts, &ndocument_stmts},
    {"src/model/handover.c", handover_stmts, &nhandover_stmts},
    {"src/model/leave.c", leave_stmts, &nleave_stmts},
    {"src/model/mailq.c", mailq_stmts, &nmailq_stmts},
    {"src/model/master_task.c", master_task_stmts, &nmaster_task_stmts},
    {"src/model/matrix.c", matrix_stmts, &nmatrix_stmts},
    {"src/model/message.c", message_stmts, &nmessage_stmts},
    {"src/model/notification.c", notification_stmts, &nnotification_stmts},
    {"src/model/org.c", org_stmts, &norg_stmts},
    {"src/model/person.c", person_stmts, &nperson_stmts},
    {"src/model/project.c", project_stmts, &nproject_stmts},
    {"src/model/publish.c", publish_stmts, &npublish_stmts},
    {"src/model/relation.c", relation_stmts, &nrelation_stmts},
    {"src/model/reset.c", reset_stmts, &nreset_stmts},
    {"src/model/role.c", role_stmts, &nrole_stmts},
    {"src/model/risk.c", risk_stmts, &nrisk_stmts},
    {"src/model/search.c", search_stmts, &nsearch_stmts},
    {"src/model/session.c", session_stmts, &nsession_stmts},
    {"src/model/task.c", task_stmts, &ntask_stmts},
    {"src/model/timeline.c", timeline_stmts, &ntimeline_stmts},
    {"src/model/user.c", user_stmts, &nuser_stmts},
    {"src/model/wave.c", wave_stmts, &nwave_stmts},
};
const size_t nmodel_stmt_sets = NELEM(model_stmt_sets);
