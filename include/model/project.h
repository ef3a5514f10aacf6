/*
 * model/project: KOMBIT's projects as KOMBIT creates them (the importer
 * makes the ones the documents name through project_ensure in org.h).
 */
#ifndef KLIKD_MODEL_PROJECT_H
#define KLIKD_MODEL_PROJECT_H

#include "model/common.h"

/* Creates project code with name; audited. Its id, -2 when the code is
 * taken, -1 on failure. */
int64_t project_create(struct db *db, const struct actor *a, const char *code,
                       const char *name);

#endif
