/*
 * html: renders the Markdown of master tasks and documents to HTML once,
 * when they are saved, through view's md_render() (cmark, safe mode), so
 * that pages show stored HTML and render nothing per request. The
 * importer renders while it parses, before its transaction takes the
 * write lock; import_fill_html() gives rows saved before the HTML was
 * stored their HTML (`klikd migrate` runs it). It never writes Markdown
 * and never renders inside a transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "import.h"
#include "md.h"
#include "model.h"

/* The rendering of the string key of obj as a new JSON string, or JSON
 * null when obj has no such string. */
static json_t *rendered(json_t *obj, const char *key)
{
    const char *md = json_string_value(json_object_get(obj, key));
    if (!md) {
        return json_null();
    }
    char *html = md_render(md);
    json_t *v = json_string(html);
    free(html);
    return v ? v : json_null();
}

/* See import.h. */
void import_task_html(json_t *task)
{
    json_object_set_new(task, "goal_html", rendered(task, "goal"));
    json_object_set_new(task, "description_html", rendered(task, "description"));
    json_object_set_new(task, "result_html", rendered(task, "result"));
    char *steps = mt_steps_markdown(json_object_get(task, "method_steps"));
    char *html = md_render(steps);
    json_object_set_new(task, "method_html", json_string(html));
    free(html);
    free(steps);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(task, "comments"), i, c) {
        json_object_set_new(c, "body_html", rendered(c, "body"));
    }
}

/* Renders every task and document that lacks its HTML: *tasks gets the
 * tasks (mt_get shape with HTML), *docs the documents ({slug, body,
 * body_html}); new references. 0, or -1 with err filled. */
static int render_missing(struct db *db, json_t **tasks, json_t **docs, struct import_err *err)
{
    json_t *ids = mt_missing_html(db);
    *docs = ids ? doc_missing_html(db) : NULL;
    *tasks = json_array();
    if (!ids || !*docs) {
        import_fail(err, 0, "cannot read the rows without HTML: %s", db_errmsg(db));
        json_decref(ids);
        return -1;
    }
    size_t i;
    json_t *r;
    json_array_foreach(ids, i, r) {
        json_t *t = mt_get(db, json_integer_value(json_object_get(r, "id")));
        if (!t) {
            import_fail(err, 0, "cannot read a master task: %s", db_errmsg(db));
            json_decref(ids);
            return -1;
        }
        import_task_html(t);
        json_array_append_new(*tasks, t);
    }
    json_array_foreach(*docs, i, r) {
        json_object_set_new(r, "body_html", rendered(r, "body"));
    }
    json_decref(ids);
    return 0;
}

/* Stores the rendered HTML of tasks and docs; runs inside a transaction.
 * 0 or -1. */
static int store_html(struct db *db, json_t *tasks, json_t *docs)
{
    size_t i;
    json_t *r;
    json_array_foreach(tasks, i, r) {
        if (mt_set_html(db, json_integer_value(json_object_get(r, "id")), r) < 0) {
            return -1;
        }
    }
    json_array_foreach(docs, i, r) {
        if (doc_set_html(db, json_string_value(json_object_get(r, "slug")),
                         json_string_value(json_object_get(r, "body_html"))) < 0) {
            return -1;
        }
    }
    return 0;
}

/* See import.h. */
int import_fill_html(struct db *db, FILE *log, struct import_err *err)
{
    json_t *tasks = NULL, *docs = NULL;
    int rc = render_missing(db, &tasks, &docs, err);
    size_t nt = json_array_size(tasks), nd = json_array_size(docs);
    if (rc == 0 && nt + nd > 0) {
        if (db_begin(db) < 0 || store_html(db, tasks, docs) < 0 || db_commit(db) < 0) {
            import_fail(err, 0, "cannot store the HTML: %s", db_errmsg(db));
            db_rollback(db);
            rc = -1;
        } else if (log) {
            fprintf(log, "rendered the stored HTML of %zu master task(s) and %zu document(s)\n",
                    nt, nd);
        }
    }
    json_decref(tasks);
    json_decref(docs);
    return rc;
}
