/*
 * model/catalogue: each project's role catalogue (the rollegalleri's
 * appendix) — which roles apply in which lifecycle stage (implementation,
 * operation), whether mandatory or recommended, and in which
 * implementation phase (1..4) they must be appointed. KOMBIT replaces a
 * project's catalogue as a whole; the importer fills a default (derived
 * from the imported rollegalleri) for every project the task exports name
 * that has none yet.
 */
#ifndef KLIKD_MODEL_CATALOGUE_H
#define KLIKD_MODEL_CATALOGUE_H

#include "model/common.h"

/* A project's catalogue: [{role, role_name, category, stage, requirement,
 * phase (1..4 or null)}] in gallery order, implementation before
 * operation. New reference; NULL on failure. */
json_t *catalogue_get(struct db *db, int64_t project_id);
/* Every project's mandatory entries, as catalogue_get() plus "project"
 * (the code), by project. New reference; NULL on failure. */
json_t *catalogue_mandatory(struct db *db);
/* Replaces a project's catalogue with entries ([{role_id, stage,
 * requirement, phase (integer or null)}], checked by the caller), writing
 * one audit event (role_catalogue.replace) with before and after. 0, -1. */
int catalogue_replace(struct db *db, const struct actor *a, int64_t project_id, json_t *entries);

/* The default catalogue derived from the imported roles (the same for
 * every project): each role applies in a stage when one of its tasks or
 * responsibilities is marked (X or (X)) for it; a role with a successor
 * (projektejer, projektleder) is mandatory in implementation, due in the
 * phase its Kendetegn names (else Fase 1); its successors (systemejer,
 * systemansvarlig) are mandatory in operation, due at the change from
 * Fase 3 to Fase 4; every other entry is recommended, with the role's own
 * phase in implementation and none in operation. [{role, stage,
 * requirement, phase}] (new reference), NULL on failure. */
json_t *catalogue_derive(struct db *db);
/* catalogue_derive() with each entry's role_id, as catalogue_replace()
 * takes it: the default catalogue a new project gets. New reference, NULL
 * on failure. */
json_t *catalogue_default(struct db *db);
/* Gives every project that a master task names and that has no catalogue
 * the derived default; the caller holds the transaction. The number of
 * projects filled, or -1. */
int catalogue_fill_defaults(struct db *db, const struct actor *a);

#endif
