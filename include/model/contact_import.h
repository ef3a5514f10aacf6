/*
 * model/contact_import: a municipality's contact list read back in — each
 * row a role (by name or slug), a project (for a system-specific role)
 * and a person, found by e-mail (or by name when the row has none) or
 * created as a contact without log-in, appointed from today unless they
 * already hold the role. All rows or none: the caller checks every row
 * first and writes only when none failed, in its one transaction.
 */
#ifndef KLIKD_MODEL_CONTACT_IMPORT_H
#define KLIKD_MODEL_CONTACT_IMPORT_H

#include "model/common.h"

/* Resolves the role and project of each row of rows ([{line, role,
 * project, ...}], as the page layer parsed them), adding role_id and
 * project_id to it; every problem is appended to errors as {line, field,
 * message} (field the CSV column's Danish name). 0, or -1 on failure. */
int contact_import_check(struct db *db, json_t *rows, json_t *errors);
/* Writes the checked rows ({line, role_id, project_id, name, title,
 * email, phone, primary}) for org_id, appointing from today, with one
 * audit event contact.import. Returns {rows, persons_created,
 * appointments_created, unchanged} (new reference), or NULL on failure. */
json_t *contact_import_apply(struct db *db, const struct actor *a, int64_t org_id,
                             json_t *rows, const char *today);

#endif
