/*
 * klik_comment: reads the comments at the end of a KLIK export. Each
 * starts with a header "**Name** dd/mm/yyyy HH:MM" in Copenhagen time,
 * stored as UTC; its body is the Markdown that follows, up to the next
 * header, with its paragraphs kept and its lines cleaned. A header whose
 * date does not exist is an error, never a guess.
 */
#include <stdlib.h>
#include <string.h>

#include "klik.h"

/* Reads min..max digits at s[*i]; false when there are fewer. */
static bool digits_at(const char *s, size_t n, size_t *i, size_t min, size_t max, int *v)
{
    size_t k = 0;
    *v = 0;
    while (*i + k < n && k < max && s[*i + k] >= '0' && s[*i + k] <= '9') {
        *v = *v * 10 + (s[*i + k] - '0');
        k++;
    }
    *i += k;
    return k >= min;
}

/* Reads "dd/mm/yyyy HH:MM" filling all of s[0..n). Returns false when s
 * does not have that shape; vals gets day, month, year, hour, minute. */
static bool date_shape(const char *s, size_t n, int vals[5])
{
    size_t i = 0;
    if (!digits_at(s, n, &i, 1, 2, &vals[0]) || i >= n || s[i++] != '/' ||
        !digits_at(s, n, &i, 1, 2, &vals[1]) || i >= n || s[i++] != '/' ||
        !digits_at(s, n, &i, 4, 4, &vals[2]) || i >= n || s[i] != ' ') {
        return false;
    }
    while (i < n && s[i] == ' ') {
        i++;
    }
    if (!digits_at(s, n, &i, 1, 2, &vals[3]) || i >= n || s[i++] != ':' ||
        !digits_at(s, n, &i, 2, 2, &vals[4])) {
        return false;
    }
    return i == n;
}

/* Parses a comment header in s. Returns 1 with *author (caller frees) and
 * at filled; 0 when s is not a header; -1 when it is one whose date or
 * time does not exist, with *date and *dn pointing at the date text. */
static int comment_header(const char *s, size_t n, char **author, char at[21], const char **date,
                          size_t *dn)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
        n--;
    }
    if (n < 5 || s[0] != '*' || s[1] != '*') {
        return 0;
    }
    const char *e = NULL;
    for (size_t i = 2; i + 1 < n; i++) {
        if (s[i] == '*' && s[i + 1] == '*') {
            e = s + i;
            break;
        }
    }
    if (!e || e == s + 2) {
        return 0;
    }
    const char *d = e + 2;
    while (d < s + n && *d == ' ') {
        d++;
    }
    int v[5];
    *date = d;
    *dn = (size_t)(s + n - d);
    if (!date_shape(d, *dn, v)) {
        return 0;
    }
    if (!local_to_utc(v[2], v[1], v[0], v[3], v[4], at)) {
        return -1;
    }
    *author = str_squeeze(s + 2, (size_t)(e - s - 2));
    if ((*author)[0] == '\0') {
        free(*author);
        return 0;
    }
    return 1;
}

/* Appends one line of a comment body to b: blank lines part paragraphs,
 * indentation is kept for nested lists, a "•" bullet becomes "- ". */
static void body_line(struct buf *b, bool *gap, const char *s, size_t n, struct strv *links)
{
    size_t indent = 0;
    while (indent < n && (s[indent] == ' ' || s[indent] == '\t')) {
        indent++;
    }
    if (indent == n) {
        *gap = b->len > 0;
        return;
    }
    bool bullet = n - indent >= 3 && memcmp(s + indent, "\xe2\x80\xa2", 3) == 0;
    char *clean = md_inline(s + indent, n - indent, links);
    if (clean[0]) {
        if (b->len > 0) {
            buf_puts(b, *gap ? "\n\n" : "\n");
        }
        *gap = false;
        for (size_t i = 0; i < indent; i++) {
            buf_putc(b, ' ');
        }
        buf_puts(b, bullet ? "- " : "");
        buf_puts(b, clean);
    }
    free(clean);
}

/* Starts a comment: takes author, copies at. */
static void comment_start(struct klik_task *t, char *author, const char *at)
{
    t->comments = xrealloc(t->comments, (t->ncomments + 1) * sizeof *t->comments);
    struct klik_comment *c = &t->comments[t->ncomments++];
    c->author = author;
    c->at = xstrdup(at);
    c->body = NULL;
}

/* Reads one possible header line: 1 starts a comment, 0 is not a header,
 * -1 is an error (err set). */
static int header_line(const char *s, size_t n, int line, struct klik_task *t,
                       struct import_err *err)
{
    char *author, at[21];
    const char *date;
    size_t dn;
    int r = comment_header(s, n, &author, at, &date, &dn);
    if (r < 0) {
        import_fail(err, line, "comment date \"%.*s\" does not exist (expected dd/mm/yyyy HH:MM)",
                    (int)dn, date);
    } else if (r > 0) {
        comment_start(t, author, at);
    }
    return r;
}

/* See klik.h. */
int klik_comments(const char *value, size_t vn, int line, const struct kline *lines,
                  size_t nlines, struct klik_task *t, struct import_err *err)
{
    struct buf body = {0};
    bool gap = false, have = false;
    size_t k = 0;
    while (k < vn && (value[k] == ' ' || value[k] == '\t')) {
        k++;
    }
    if (k < vn) {
        int r = header_line(value, vn, line, t, err);
        if (r == 0) {
            import_fail(err, line, "a comment must start \"**Name** dd/mm/yyyy HH:MM\"");
        }
        if (r <= 0) {
            return -1;
        }
        have = true;
    }
    for (size_t i = 0; i < nlines; i++) {
        const struct kline *l = &lines[i];
        size_t before = t->ncomments;
        int r = header_line(l->s, l->n, l->no, t, err);
        if (r < 0) {
            buf_free(&body);
            return -1;
        }
        if (r > 0) {
            if (have) {
                t->comments[before - 1].body = buf_take(&body);
            }
            have = true, gap = false;
            continue;
        }
        if (have) {
            body_line(&body, &gap, l->s, l->n, &t->links);
        } else if (strspn(l->s, " \t") < l->n) {
            import_fail(err, l->no, "comment text before any \"**Name** dd/mm/yyyy HH:MM\"");
            return -1;
        }
    }
    if (have) {
        t->comments[t->ncomments - 1].body = buf_take(&body);
    }
    buf_free(&body);
    return 0;
}
