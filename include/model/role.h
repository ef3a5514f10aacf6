/*
 * model/role: KOMBIT's rollegalleri — roles with effect, tasks and
 * responsibilities per phase, competences, characteristics and successor
 * roles. Public reference data, written only by the importer.
 */
#ifndef KLIKD_MODEL_ROLE_H
#define KLIKD_MODEL_ROLE_H

#include "model/common.h"

/* [{slug, name, category, effect, phase}] in gallery order. */
json_t *role_list(struct db *db);
/* The whole role: + tasks, responsibilities ({text, implementation,
 * operation}), competences, characteristics, successors, predecessors;
 * NULL if unknown. */
json_t *role_get(struct db *db, const char *slug);
/* Saves a role given in the role_get shape (successors ignored); a
 * save_result or -1. */
int role_save(struct db *db, const struct actor *a, json_t *role, int position);
/* Links role → successor by slugs; 0, 1 (a slug unknown) or -1. */
int role_link_successor(struct db *db, const char *slug, const char *successor_slug);
/* The slug of the role whose name matches name (case-insensitive), else of
 * the single role of category (may be NULL) whose name starts with it, else
 * of the single role of any category; caller frees; NULL if none. */
char *role_slug_by_name(struct db *db, const char *name, const char *category);

#endif
