/*
 * model/org: organisations (KOMBIT and the municipalities) and KOMBIT's
 * projects. Reference data, readable by everyone, written by the importer.
 */
#ifndef KLIKD_MODEL_ORG_H
#define KLIKD_MODEL_ORG_H

#include "model/common.h"

/* {id, code, kind, name, region_code, region} of a code, or NULL. */
json_t *org_get(struct db *db, const char *code);
/* KOMBIT first, then the municipalities by name. */
json_t *org_list(struct db *db);
/* Inserts or updates a municipality from the reference list; a
 * save_result or -1. */
int org_save_municipality(struct db *db, const struct actor *a, const char *code,
                          const char *name, const char *region_code, const char *region);
/* [{code, name}] by code. */
json_t *project_list(struct db *db);
/* {id, code, name} of a project code, or NULL. */
json_t *project_get(struct db *db, const char *code);
/* The id of a project code: >0, 0 unknown, -1 failure. */
int64_t project_id(struct db *db, const char *code);
/* The id of a project code, creating the project (named by its code);
 * -1 on failure. */
int64_t project_ensure(struct db *db, const struct actor *a, const char *code);

#endif
