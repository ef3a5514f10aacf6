/*
 * model/attachment: files attached to a municipality's tasks, kept in
 * the database with their name, type and size. Reads are scoped to the
 * caller's organisation (KOMBIT reads all).
 */
#ifndef KLIKD_MODEL_ATTACHMENT_H
#define KLIKD_MODEL_ATTACHMENT_H

#include "model/common.h"

/* A task's attachments, oldest first: [{id, filename, content_type, size,
 * created_at, created_by ({name} or null)}]. NULL on failure. */
json_t *attach_list(struct db *db, int64_t task_id);
/* One attachment in scope, without its bytes: the attach_list fields and
 * task_id, organisation_id, project (code); NULL when absent. */
json_t *attach_get(struct db *db, const struct owner_filter *scope, int64_t id);
/* The bytes of attachment id into *data (caller frees) and *len: 1, 0
 * none, -1. */
int attach_data(struct db *db, int64_t id, void **data, size_t *len);
/* Stores a file on task_id of org_id, with an audit event
 * "attachment.create" (the bytes not in it). The id, or -1. */
int64_t attach_create(struct db *db, const struct actor *a, int64_t org_id, int64_t task_id,
                      const char *filename, const char *type, const void *data, size_t len);
/* Deletes attachment id of org_id, with an audit event: 1, 0 none, -1. */
int attach_delete(struct db *db, const struct actor *a, int64_t org_id, int64_t id);

#endif
