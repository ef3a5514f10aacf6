/*
 * document: imported guidance documents (vejledninger) in Markdown, shown
 * under /vejledning/{slug}. Written by the importer; saving an unchanged
 * document writes nothing. The body comes with its HTML, rendered by the
 * caller before the write (the model renders nothing), and doc_get returns
 * that stored HTML aliased "body_html:html".
 */
#include <string.h>

#include "model/audit.h"
#include "model/document.h"
#include "model/stmts.h"
#include "util.h"

static const char sql_list[] = "SELECT slug, title, updated_at FROM documents ORDER BY title";
static const char sql_get[] =
    "SELECT id, slug, title, body, body_html AS \"body_html:html\", updated_at FROM documents"
    " WHERE slug = ?1";

/* See model.h. */
json_t *doc_list(struct db *db)
{
    return db_rows(db, sql_list, "");
}

/* See model.h. */
json_t *doc_get(struct db *db, const char *slug)
{
    return db_row(db, sql_get, "t", slug);
}

static const char sql_upsert[] =
    "INSERT INTO documents (slug, title, body, body_html, updated_at) VALUES (?1, ?2, ?3, ?5, ?4)"
    " ON CONFLICT (slug) DO UPDATE SET title = ?2, body = ?3, body_html = ?5, updated_at = ?4";

/* See model.h. Returns a save_result or -1. */
int doc_save(struct db *db, const struct actor *a, const char *slug, const char *title,
             const char *body, const char *body_html)
{
    json_t *old = doc_get(db, slug);
    if (!old && db_failed(db)) {
        return -1;
    }
    const char *ot = old ? json_string_value(json_object_get(old, "title")) : NULL;
    const char *ob = old ? json_string_value(json_object_get(old, "body")) : NULL;
    if (ot && ob && strcmp(ot, title) == 0 && strcmp(ob, body) == 0) {
        json_decref(old);
        return SAVE_UNCHANGED;
    }
    char now[21];
    now_iso(now);
    int64_t id = 0;
    int rc = -1;
    if (db_exec(db, sql_upsert, "ttttt", slug, title, body, now, body_html) == 1) {
        json_t *row = doc_get(db, slug);
        id = json_integer_value(json_object_get(row, "id"));
        json_decref(row);
        json_t *before = old ? json_pack("{s:s,s:s}", "title", ot, "body", ob) : NULL;
        json_t *after = json_pack("{s:s,s:s}", "title", title, "body", body);
        if (audit_write(db, a, 0, old ? "document.update" : "document.create", "document", id,
                        before, after) == 0) {
            rc = old ? SAVE_UPDATED : SAVE_CREATED;
        }
        json_decref(before);
        json_decref(after);
    }
    json_decref(old);
    return rc;
}

static const char sql_missing_html[] =
    "SELECT slug, body FROM documents WHERE body_html IS NULL ORDER BY slug";
static const char sql_set_html[] = "UPDATE documents SET body_html = ?2 WHERE slug = ?1";

/* See model.h. */
json_t *doc_missing_html(struct db *db)
{
    return db_rows(db, sql_missing_html, "");
}

/* See model.h. */
int doc_set_html(struct db *db, const char *slug, const char *body_html)
{
    return db_exec(db, sql_set_html, "tt", slug, body_html) == 1 ? 0 : -1;
}

const struct model_stmt document_stmts[] = {
    {"doc.list", sql_list, true},
    {"doc.get", sql_get, false},
    {"doc.upsert", sql_upsert, false},
    {"doc.missing_html", sql_missing_html, false},
    {"doc.set_html", sql_set_html, false},
};
const size_t ndocument_stmts = NELEM(document_stmts);
