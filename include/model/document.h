/*
 * model/document: imported guidance documents (vejledninger) in Markdown,
 * shown under /vejledning/{slug}. Written by the importer.
 */
#ifndef KLIKD_MODEL_DOCUMENT_H
#define KLIKD_MODEL_DOCUMENT_H

#include "model/common.h"

/* [{slug, title, updated_at}] by title. */
json_t *doc_list(struct db *db);
/* {id, slug, title, body, updated_at}, or NULL. */
json_t *doc_get(struct db *db, const char *slug);
/* Creates or updates a document; a save_result or -1. */
int doc_save(struct db *db, const struct actor *a, const char *slug, const char *title,
             const char *body);

#endif
