/*
 * model/document: imported guidance documents (vejledninger) in Markdown,
 * shown under /vejledning/{slug}. Written by the importer.
 */
#ifndef KLIKD_MODEL_DOCUMENT_H
#define KLIKD_MODEL_DOCUMENT_H

#include "model/common.h"

/* [{slug, title, updated_at}] by title. */
json_t *doc_list(struct db *db);
/* {id, slug, title, body, body_html, updated_at}, body_html aliased
 * "body_html:html"; NULL when absent. */
json_t *doc_get(struct db *db, const char *slug);
/* Creates or updates a document with its Markdown body and that body's
 * HTML, rendered by the caller before the write (stored, not compared or
 * audited); a save_result or -1. */
int doc_save(struct db *db, const struct actor *a, const char *slug, const char *title,
             const char *body, const char *body_html);
/* [{slug, body}] of the documents saved before HTML was stored. */
json_t *doc_missing_html(struct db *db);
/* Stores a document's body HTML and nothing else; no audit event. 0 or -1. */
int doc_set_html(struct db *db, const char *slug, const char *body_html);

#endif
