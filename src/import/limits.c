/*
 * limits: what no KOMBIT document looks like, refused before anything is
 * written. A file is read with a bound (IMPORT_MAX_BYTES: the largest seed
 * is about 200 KB, so 10 MB leaves room and stops `/dev/zero` at once);
 * the Markdown a parser produces from a document or task may nest lists
 * and block quotes at most IMPORT_MAX_MD_DEPTH deep (the seeds nest three
 * deep at most; deeper nesting is a broken or hostile export, and costly
 * to render). It parses Markdown with libcmark only to measure it and
 * renders nothing; it touches no database.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "import.h"

/* See import.h. */
int import_read(const char *path, char **text, size_t *len, struct import_err *err)
{
    *text = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        import_fail(err, 0, "cannot read: %s", strerror(errno));
        return -1;
    }
    struct buf b = {0};
    char chunk[65536];
    size_t n;
    while (b.len <= IMPORT_MAX_BYTES && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        buf_append(&b, chunk, n);
    }
    int bad = ferror(f);
    fclose(f);
    if (bad || b.len > IMPORT_MAX_BYTES) {
        buf_free(&b);
        if (bad) {
            import_fail(err, 0, "cannot read: %s", strerror(EIO));
        } else {
            import_fail(err, 0, "larger than %u MB: no KOMBIT document is that large",
                        IMPORT_MAX_BYTES / (1024 * 1024));
        }
        return -1;
    }
    buf_grow(&b, 1);
    *len = b.len;
    *text = buf_take(&b);
    return 0;
}

/* True for the nodes that nest: lists and block quotes. */
static bool nests(cmark_node *node)
{
    cmark_node_type t = cmark_node_get_type(node);
    return t == CMARK_NODE_LIST || t == CMARK_NODE_BLOCK_QUOTE;
}

/* See import.h. */
int import_md_depth(const char *markdown, int *line)
{
    cmark_node *doc = cmark_parse_document(markdown, strlen(markdown), CMARK_OPT_DEFAULT);
    cmark_iter *it = cmark_iter_new(doc);
    int depth = 0, deepest = 0;
    cmark_event_type ev;
    *line = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (!nests(node)) {
            continue;
        }
        if (ev == CMARK_EVENT_ENTER && ++depth > deepest) {
            deepest = depth;
            *line = cmark_node_get_start_line(node);
        } else if (ev == CMARK_EVENT_EXIT) {
            depth--;
        }
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
    return deepest;
}

/* See import.h. */
int import_md_check(const char *markdown, const char *field, struct import_err *err)
{
    int line;
    if (!markdown) {
        return 0;
    }
    int depth = import_md_depth(markdown, &line);
    if (depth > IMPORT_MAX_MD_DEPTH) {
        import_fail(err, 0,
                    "%s nests lists or quotes %d deep (at most %d), from line %d of its "
                    "Markdown: no KOMBIT document does",
                    field, depth, IMPORT_MAX_MD_DEPTH, line);
        return -1;
    }
    return 0;
}

/* See import.h. */
int import_task_check(const struct klik_task *t, struct import_err *err)
{
    if (import_md_check(t->goal, "Mål", err) < 0 ||
        import_md_check(t->description, "Beskrivelse", err) < 0 ||
        import_md_check(t->result, "Resultat", err) < 0) {
        return -1;
    }
    for (size_t i = 0; i < t->method_steps.nitems; i++) {
        if (import_md_check(t->method_steps.items[i], "Metode", err) < 0) {
            return -1;
        }
    }
    for (size_t i = 0; i < t->ncomments; i++) {
        if (import_md_check(t->comments[i].body, "Kommentarer", err) < 0) {
            return -1;
        }
    }
    return 0;
}
