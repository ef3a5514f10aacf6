/*
 * model/audit: the audit trail — who changed what, when, before and after.
 * Written in the transaction of the change it records; read scoped to the
 * caller's organisation (events about its data or by its people).
 */
#ifndef KLIKD_MODEL_AUDIT_H
#define KLIKD_MODEL_AUDIT_H

#include "model/common.h"

/* Records an event; before/after may be NULL (borrowed). org_id is the
 * organisation whose data changed (0: none). 0 or -1. */
int audit_write(struct db *db, const struct actor *a, int64_t org_id, const char *action,
                const char *entity, int64_t entity_id, json_t *before, json_t *after);
/* At most limit events visible in scope, newest first; entity/since/action
 * may be NULL (no filter). New reference, NULL on failure. */
json_t *audit_list(struct db *db, const struct owner_filter *scope, const char *entity,
                   const char *since, const char *action, int64_t limit);

#endif
