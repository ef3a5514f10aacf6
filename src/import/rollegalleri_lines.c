/*
 * rollegalleri_lines: the first pass over the role descriptions. Each line
 * is cut at its TABs and goes into a draft of its role: the "Rolle" header
 * (repeated after a page break, when the next row may go on with the
 * sentence before the break), Effekten, the Opgaver and Ansvar tables with
 * their phase marks (rows that lost their leading TAB count one column
 * right; a mark-only line adds an item to the one-cell row above),
 * Kompetencer and Kendetegn. Text stays raw here: nothing is cleaned,
 * split or categorised, and no role is known by name.
 */
#include <stdlib.h>
#include <string.h>

#include "rollegalleri_int.h"

/* ---- cells ---- */

/* See rollegalleri_int.h. */
int rg_cut_cells(const char *s, size_t n, struct rg_cells *c)
{
    c->count = 0;
    for (;;) {
        const char *tab = memchr(s, '\t', n);
        size_t len = tab ? (size_t)(tab - s) : n;
        if (c->count == RG_MAXCELLS) {
            return -1;
        }
        c->p[c->count] = s;
        c->n[c->count++] = len;
        if (!tab) {
            return 0;
        }
        s += len + 1;
        n -= len + 1;
    }
}

/* Bytes of s[0..n) without surrounding ASCII blanks; *s moves forward. */
static size_t trim(const char **s, size_t n)
{
    while (n > 0 && (**s == ' ' || **s == '\r' || **s == '\v' || **s == '\f')) {
        (*s)++, n--;
    }
    while (n > 0 && strchr(" \r\v\f", (*s)[n - 1])) {
        n--;
    }
    return n;
}

/* See rollegalleri_int.h. */
bool rg_cell_is(const struct rg_cells *c, size_t i, const char *label)
{
    if (i >= c->count) {
        return false;
    }
    const char *s = c->p[i];
    size_t n = trim(&s, c->n[i]);
    return n == strlen(label) && memcmp(s, label, n) == 0;
}

/* The phase mark a cell holds: 1 and *m set, 0 for an empty cell, -1 for
 * anything else. */
static int cell_mark(const char *s, size_t n, enum mark *m)
{
    n = trim(&s, n);
    if (n == 0) {
        return 0;
    }
    if ((n == 1 && (*s == 'X' || *s == 'x')) || (n == 3 && memcmp(s, "(X)", 3) == 0)) {
        *m = n == 1 ? MARK_X : MARK_COND;
        return 1;
    }
    return -1;
}

/* Reads the marks in the cells after the text cell t. A row whose text is
 * in column 0 lost its leading TAB and counts one column right (unless
 * aligned: then columns are the header's, as in a one-cell table). Two marks
 * are (Implementering, Drift og forvaltning); one mark goes by its column:
 * up to 2 Implementering, else Drift og forvaltning. Returns the number of
 * marks, or -1 with err filled. */
static int row_marks(const struct rg_cells *c, size_t t, bool aligned, struct rg_marks *out,
                     int line, struct import_err *err)
{
    enum mark m[2];
    size_t col = 0;
    int count = 0;
    *out = (struct rg_marks){MARK_NONE, MARK_NONE};
    for (size_t j = t + 1; j < c->count; j++) {
        enum mark one;
        int r = cell_mark(c->p[j], c->n[j], &one);
        if (r < 0) {
            import_fail(err, line, "expected a phase mark X or (X) in column %zu, found \"%.*s\"",
                        j + 1, (int)(c->n[j] > 40 ? 40 : c->n[j]), c->p[j]);
            return -1;
        }
        if (r == 1 && count == 2) {
            import_fail(err, line, "more than two phase marks on one row");
            return -1;
        }
        if (r == 1) {
            m[count++] = one;
            col = j + (t == 0 && !aligned);
        }
    }
    if (count == 2) {
        *out = (struct rg_marks){m[0], m[1]};
    } else if (count == 1 && col <= 2) {
        out->impl = m[0];
    } else if (count == 1) {
        out->oper = m[0];
    }
    return count;
}

/* ---- drafts ---- */

/* Adds one item's mark set to a row. */
static void row_add_marks(struct rg_row *r, struct rg_marks m)
{
    if (r->nmarks == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 4;
        r->marks = xrealloc(r->marks, r->cap * sizeof *r->marks);
    }
    r->marks[r->nmarks++] = m;
}

/* Adds a row with raw text s[0..n) to a table; the row is borrowed from
 * the table. */
static struct rg_row *table_add(struct rg_table *t, const char *s, size_t n, int line)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 8;
        t->rows = xrealloc(t->rows, t->cap * sizeof *t->rows);
    }
    struct rg_row *r = &t->rows[t->nrows++];
    *r = (struct rg_row){.line = line};
    buf_append(&r->raw, s, n);
    return r;
}

/* Frees everything a draft owns. */
static void draft_free(struct rg_draft *d)
{
    free(d->name);
    buf_free(&d->effect);
    buf_free(&d->charac);
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < d->tables[k].nrows; i++) {
            buf_free(&d->tables[k].rows[i].raw);
            free(d->tables[k].rows[i].marks);
        }
        free(d->tables[k].rows);
    }
    strv_free(&d->comps);
}

/* See rollegalleri_int.h. */
void rg_parser_free(struct rg_parser *p)
{
    for (size_t i = 0; i < p->ndrafts; i++) {
        draft_free(&p->drafts[i]);
    }
    free(p->drafts);
}

/* See rollegalleri_int.h. */
bool rg_blank(const char *s, size_t n)
{
    char *c = text_clean(s, n);
    bool blank = *c == '\0';
    free(c);
    return blank;
}

/* Checks that the role just read has every part. Returns 0 or -1. */
int rg_draft_check(const struct rg_draft *d, struct import_err *err)
{
    const char *missing = NULL;
    if (rg_blank(buf_str(&d->effect), d->effect.len)) {
        missing = "Effekten";
    } else if (d->tables[0].nrows == 0) {
        missing = "Opgaver with at least one item";
    } else if (d->tables[1].nrows == 0) {
        missing = "Ansvar with at least one item";
    } else if (rg_blank(buf_str(&d->charac), d->charac.len)) {
        missing = "Kendetegn";
    }
    if (missing) {
        import_fail(err, d->line, "role \"%s\" has no %s (incomplete or truncated role)",
                    d->name, missing);
        return -1;
    }
    return 0;
}

/* A "Rolle" header: a new role, or the current one again after a page
 * break. Returns 0 or -1. */
static int header_line(struct rg_parser *p, const struct rg_cells *c, int line)
{
    char *name = c->count > 1 ? text_clean(c->p[1], c->n[1]) : xstrdup("");
    struct rg_draft *cur = p->ndrafts ? &p->drafts[p->ndrafts - 1] : NULL;
    if (!*name) {
        free(name);
        import_fail(p->err, line, "\"Rolle\" header without a role name");
        return -1;
    }
    if (cur && strcmp(cur->name, name) == 0) {
        free(name);
        p->after_break = true;
        return 0;
    }
    for (size_t i = 0; i < p->ndrafts; i++) {
        if (strcmp(p->drafts[i].name, name) == 0) {
            import_fail(p->err, line, "role \"%s\" appears twice (first at line %d)", name,
                        p->drafts[i].line);
            free(name);
            return -1;
        }
    }
    if (cur && rg_draft_check(cur, p->err) < 0) {
        free(name);
        return -1;
    }
    if (p->ndrafts == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 32;
        p->drafts = xrealloc(p->drafts, p->cap * sizeof *p->drafts);
    }
    p->drafts[p->ndrafts++] = (struct rg_draft){.name = name, .line = line};
    p->sect = RG_NONE;
    p->after_break = false;
    return 0;
}

/* The document's name of a table section. */
static const char *sect_name(enum rg_sect s)
{
    return s == RG_TASKS ? "Opgaver" : "Ansvar";
}

/* A line of phase marks without text: one more item of the cell above.
 * Returns the number of marks (0: a blank line), or -1. */
static int marks_line(struct rg_parser *p, struct rg_draft *d, const struct rg_cells *c,
                      int line)
{
    struct rg_marks m;
    int n = row_marks(c, 1, false, &m, line, p->err);
    if (n <= 0) {
        return n;
    }
    if (p->sect != RG_TASKS && p->sect != RG_RESPS) {
        import_fail(p->err, line, "phase marks outside Opgaver and Ansvar in role \"%s\"",
                    d->name);
        return -1;
    }
    struct rg_table *t = &d->tables[p->sect == RG_RESPS];
    if (t->nrows == 0) {
        import_fail(p->err, line, "marks without text in %s of role \"%s\"", sect_name(p->sect),
                    d->name);
        return -1;
    }
    struct rg_row *row = &t->rows[t->nrows - 1];
    if (row->nmarks == 1) {
        /* The row above is a one-cell table: its own marks stand under the
         * header's columns, not shifted like a row that lost its TAB. */
        row->marks[0] = row->aligned;
    }
    row_add_marks(row, m);
    return n;
}

/* True when a row after a page break goes on with the sentence before it:
 * no list marker, a small first letter. */
static bool continues(const char *raw, size_t n)
{
    char *c = text_clean(raw, n);
    uint32_t cp = 0;
    bool lower = *c && utf8_decode(c, strlen(c), &cp) > 0 &&
                 ((cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7));
    free(c);
    return lower && !memmem(raw, n, "<ul", 3) && !memmem(raw, n, "<li", 3) &&
           !rg_has_bullet(raw, n);
}

/* Appends a continuation to raw text. */
static void append_raw(struct buf *b, const char *s, size_t n)
{
    buf_putc(b, ' ');
    buf_append(b, s, n);
}

/* A row of text (in column 1, or column 0 when it lost its TAB). */
static int text_row(struct rg_parser *p, struct rg_draft *d, const struct rg_cells *c, int line,
                    bool after_break)
{
    size_t t = rg_cell_is(c, 0, "") ? 1 : 0;
    const char *s = c->p[t];
    size_t n = c->n[t];
    struct rg_marks m = {MARK_NONE, MARK_NONE}, aligned = m;
    int nm = 0;
    if (p->sect == RG_TASKS || p->sect == RG_RESPS) {
        nm = row_marks(c, t, false, &m, line, p->err);
        if (nm < 0 || row_marks(c, t, true, &aligned, line, p->err) < 0) {
            return -1;
        }
    }
    bool cont = after_break && nm == 0 && continues(s, n);
    struct rg_table *tab = &d->tables[p->sect == RG_RESPS];
    switch (p->sect) {
    case RG_TASKS:
    case RG_RESPS:
        if (cont && tab->nrows > 0) {
            append_raw(&tab->rows[tab->nrows - 1].raw, s, n);
        } else {
            struct rg_row *row = table_add(tab, s, n, line);
            row->aligned = aligned;
            row_add_marks(row, m);
        }
        return 0;
    case RG_COMP:
        if (cont && d->comps.nitems > 0) {
            char **last = &d->comps.items[d->comps.nitems - 1];
            char *joined = xasprintf("%s %.*s", *last, (int)n, s);
            free(*last);
            *last = joined;
        } else {
            strv_push(&d->comps, xstrndup(s, n));
        }
        return 0;
    case RG_EFFECT:
    case RG_CHAR:
        if (cont) {
            append_raw(p->sect == RG_EFFECT ? &d->effect : &d->charac, s, n);
            return 0;
        }
        break;
    default:
        break;
    }
    import_fail(p->err, line, "unexpected row outside Opgaver, Ansvar and Kompetencer in role "
                              "\"%s\"", d->name);
    return -1;
}

/* Sets a one-cell part (Effekten, Kendetegn) once. */
static int set_once(struct rg_parser *p, struct buf *b, const struct rg_cells *c, const char *label,
                    const struct rg_draft *d, int line)
{
    if (b->len > 0) {
        import_fail(p->err, line, "role \"%s\" has a second %s", d->name, label);
        return -1;
    }
    if (c->count > 1) {
        buf_append(b, c->p[1], c->n[1]);
    }
    return 0;
}

/* See rollegalleri_int.h. */
int rg_role_line(struct rg_parser *p, const struct rg_cells *c, int line)
{
    if (rg_cell_is(c, 0, "Rolle")) {
        return header_line(p, c, line);
    }
    struct rg_draft *d = &p->drafts[p->ndrafts - 1];
    bool after_break = p->after_break;
    p->after_break = false;
    if (rg_cell_is(c, 0, "Effekten")) {
        p->sect = RG_EFFECT;
        return set_once(p, &d->effect, c, "Effekten", d, line);
    }
    if (rg_cell_is(c, 0, "Kendetegn")) {
        p->sect = RG_CHAR;
        return set_once(p, &d->charac, c, "Kendetegn", d, line);
    }
    if (rg_cell_is(c, 0, "Opgaver") || rg_cell_is(c, 0, "Ansvar")) {
        p->sect = rg_cell_is(c, 0, "Opgaver") ? RG_TASKS : RG_RESPS;
        return 0;
    }
    if (rg_cell_is(c, 0, "Kompetencer")) {
        p->sect = RG_COMP;
        if (c->count > 1) {
            strv_push(&d->comps, xstrndup(c->p[1], c->n[1]));
        }
        return 0;
    }
    if (rg_cell_is(c, 0, "") && (c->count < 2 || rg_blank(c->p[1], c->n[1]))) {
        int n = marks_line(p, d, c, line);
        if (n == 0) {
            p->after_break = after_break; /* a blank row continues nothing */
        }
        return n < 0 ? -1 : 0;
    }
    return text_row(p, d, c, line, after_break);
}

