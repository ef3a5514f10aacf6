/*
 * document: turns a Markdown-ish export of a Word document into clean
 * CommonMark for a vejledning. The first heading is the title; a document
 * type label before it ("NOTAT") is dropped; headings lose their **bold**
 * wrappers and numbered sections get levels from their numbers ("3." is
 * ##, "3.1" ###); paragraphs broken by a page end — with a "---" rule and
 * the page's footnotes in between — are joined again; footnotes move to a
 * closing "## Noter" list and their marks become superscript digits (¹ ²).
 * It never emits HTML and touches no database.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import.h"

enum dkind {
    D_PARA,    /* a paragraph, its lines joined by spaces */
    D_HEADING, /* an ATX heading */
    D_LIST,    /* list lines, kept one per line */
    D_RULE,    /* a "---" line */
    D_NOTE,    /* a footnote "<sup>N</sup> text" */
};

struct dblock {
    enum dkind kind; /* what it is */
    int level;       /* a heading's level */
    int number;      /* a footnote's number */
    int line;        /* where it starts */
    bool dead;       /* dropped from the output */
    struct buf text; /* raw text; list lines separated by '\n' */
};

struct dblocks {
    struct dblock *items; /* in document order */
    size_t nitems;
    size_t cap;
};

/* Appends a block and returns it. */
static struct dblock *push(struct dblocks *d, enum dkind kind, int line)
{
    if (d->nitems == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 32;
        d->items = xrealloc(d->items, d->cap * sizeof *d->items);
    }
    struct dblock *b = &d->items[d->nitems++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->line = line;
    return b;
}

/* Frees every block's text and the array. */
static void dblocks_free(struct dblocks *d)
{
    for (size_t i = 0; i < d->nitems; i++) {
        buf_free(&d->items[i].text);
    }
    free(d->items);
}

/* The heading level of an ATX heading line, or 0. */
static int heading_level(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && k < 7 && s[k] == '#') {
        k++;
    }
    return k >= 1 && k <= 6 && k < n && s[k] == ' ' ? (int)k : 0;
}

/* True for a thematic break line: three or more of one of - * _. */
static bool rule_line(const char *s, size_t n)
{
    if (n < 3 || !strchr("-*_", s[0])) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] != s[0]) {
            return false;
        }
    }
    return true;
}

/* True for a list item line: "- ", "* ", "+ " or "12. " after indentation. */
static bool list_line(const char *s, size_t n)
{
    while (n > 0 && *s == ' ') {
        s++, n--;
    }
    if (n >= 2 && strchr("-*+", s[0]) && s[1] == ' ') {
        return true;
    }
    size_t d = strspn(s, "0123456789");
    return d > 0 && d < 10 && d + 1 < n && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ';
}

/* The length of "<sup>N</sup>" at s with *number set, or 0. */
static size_t sup_mark(const char *s, size_t n, int *number)
{
    if (n < 12 || strncasecmp(s, "<sup>", 5) != 0) {
        return 0;
    }
    size_t d = 5, v = 0;
    while (d < n && d < 9 && s[d] >= '0' && s[d] <= '9') {
        v = v * 10 + (size_t)(s[d] - '0');
        d++;
    }
    if (d == 5 || n - d < 6 || strncasecmp(s + d, "</sup>", 6) != 0) {
        return 0;
    }
    *number = (int)v;
    return d + 6;
}

/* Cuts the text into blocks: blank lines end paragraphs and lists. */
static void read_blocks(const char *text, size_t len, struct dblocks *d)
{
    struct dblock *cur = NULL;
    int no = 0;
    for (const char *p = text; p < text + len;) {
        const char *nl = memchr(p, '\n', (size_t)(text + len - p));
        const char *e = nl ? nl : text + len;
        const char *next = nl ? nl + 1 : text + len;
        no++;
        while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t')) {
            e--;
        }
        size_t n = (size_t)(e - p);
        size_t ind = strspn(p, " \t");
        ind = ind > n ? n : ind;
        int level = heading_level(p + ind, n - ind), number;
        size_t sup;
        if (ind == n) {
            cur = NULL;
        } else if (level > 0 && ind < 4) {
            push(d, D_HEADING, no)->level = level;
            buf_append(&d->items[d->nitems - 1].text, p + ind + level + 1, n - ind - level - 1);
            cur = NULL;
        } else if (rule_line(p + ind, n - ind)) {
            push(d, D_RULE, no);
            cur = NULL;
        } else if (list_line(p, n)) {
            if (!cur || cur->kind != D_LIST) {
                cur = push(d, D_LIST, no);
            } else {
                buf_putc(&cur->text, '\n');
            }
            buf_append(&cur->text, p, n);
        } else if (cur) {
            buf_putc(&cur->text, ' ');
            buf_append(&cur->text, p + ind, n - ind);
        } else if ((sup = sup_mark(p + ind, n - ind, &number)) > 0) {
            cur = push(d, D_NOTE, no);
            cur->number = number;
            buf_append(&cur->text, p + ind + sup, n - ind - sup);
        } else {
            cur = push(d, D_PARA, no);
            buf_append(&cur->text, p + ind, n - ind);
        }
        p = next;
    }
}

/* Appends the superscript digits of number. */
static void put_superscript(struct buf *b, int number)
{
    static const uint32_t sup[] = {0x2070, 0xB9, 0xB2, 0xB3, 0x2074,
                                   0x2075, 0x2076, 0x2077, 0x2078, 0x2079};
    char digits[16];
    int k = snprintf(digits, sizeof digits, "%d", number);
    for (int i = 0; i < k; i++) {
        utf8_encode(b, sup[digits[i] - '0']);
    }
}

/* The length of an autolink "<https://...>" (http:, mailto:) at s, or 0. */
static size_t autolink(const char *s, size_t n)
{
    static const char *const schemes[] = {"<https://", "<http://", "<mailto:"};
    bool scheme = false;
    for (size_t i = 0; i < NELEM(schemes); i++) {
        size_t k = strlen(schemes[i]);
        scheme |= n > k && strncasecmp(s, schemes[i], k) == 0;
    }
    for (size_t i = 1; scheme && i < n; i++) {
        if (s[i] == '>') {
            return i + 1;
        }
        if (s[i] == ' ' || s[i] == '<' || s[i] == '\n') {
            return 0;
        }
    }
    return 0;
}

/* Cleans inline text: footnote marks become superscript digits, other HTML
 * tags go (autolinks stay), "**" goes when strip_bold, white space is
 * squeezed. Caller frees. */
static char *doc_inline(const char *s, size_t n, bool strip_bold)
{
    struct buf b = {0};
    size_t i = 0;
    while (i < n) {
        int number;
        size_t k;
        if (s[i] == '<' && (k = sup_mark(s + i, n - i, &number)) > 0) {
            put_superscript(&b, number);
            i += k;
            continue;
        }
        size_t al = autolink(s + i, n - i);
        if (al > 0) {
            buf_append(&b, s + i, al);
            i += al;
            continue;
        }
        char c = i + 1 < n ? (char)(s[i + 1] | 0x20) : 0;
        const char *gt = s[i] == '<' ? memchr(s + i, '>', n - i) : NULL;
        if (gt && (s[i + 1] == '/' || s[i + 1] == '!' || (c >= 'a' && c <= 'z')) &&
            !memchr(s + i + 1, '<', (size_t)(gt - s - i - 1))) {
            bool space = strncasecmp(s + i, "<br", 3) == 0 || strncasecmp(s + i, "<p", 2) == 0;
            buf_puts(&b, space ? " " : ""); /* a tag: never emitted */
            i = (size_t)(gt - s) + 1;
            continue;
        }
        if (strip_bold && s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
            i += 2;
            continue;
        }
        buf_putc(&b, s[i]);
        i++;
    }
    char *out = str_squeeze(buf_str(&b), b.len);
    buf_free(&b);
    return out;
}

/* The level a heading gets: from its section number ("3." is 2, "3.1" is
 * 3), else its own level but never 1 — the title is the page's only h1. */
static int heading_target(const char *text, int level)
{
    size_t i = 0;
    int parts = 0;
    while (text[i] >= '0' && text[i] <= '9') {
        i += strspn(text + i, "0123456789");
        parts++;
        if (text[i] != '.') {
            break;
        }
        i++;
    }
    if (parts > 0 && text[i] == ' ') {
        level = parts + 1;
    }
    return level < 2 ? 2 : level > 6 ? 6 : level;
}

/* True when a block's text ends a sentence or a lead-in (. ! ? :). */
static bool ends_complete(const struct buf *t)
{
    size_t n = t->len;
    while (n > 0 && strchr(")\"'", t->data[n - 1]) && t->data[n - 1]) {
        n--;
    }
    return n > 0 && t->data[n - 1] && strchr(".!?:", t->data[n - 1]);
}

/* True when s starts, after quotes and brackets, with a lower-case letter. */
static bool lower_start(const char *s)
{
    s += strspn(s, "\"'([");
    uint32_t cp;
    if (utf8_decode(s, strlen(s), &cp) == 0) {
        return false;
    }
    return (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7);
}

/* Joins paragraphs a page end broke: a paragraph or list that ends
 * mid-sentence, followed — past rules and footnotes — by a paragraph that
 * starts lower-case, takes it in; the rules between go. */
static void join_pages(struct dblocks *d, size_t from)
{
    for (size_t i = from; i < d->nitems; i++) {
        struct dblock *b = &d->items[i];
        if (b->dead || (b->kind != D_PARA && b->kind != D_LIST)) {
            continue;
        }
        size_t j = i + 1;
        while (j < d->nitems && ((d->items[j].dead && d->items[j].kind == D_PARA) ||
                                 d->items[j].kind == D_RULE || d->items[j].kind == D_NOTE)) {
            j++;
        }
        if (j >= d->nitems || ends_complete(&b->text) || d->items[j].kind != D_PARA ||
            !lower_start(buf_str(&d->items[j].text))) {
            continue;
        }
        buf_putc(&b->text, ' ');
        buf_append(&b->text, d->items[j].text.data, d->items[j].text.len);
        d->items[j].dead = true;
        for (size_t k = i + 1; k < j; k++) {
            d->items[k].dead |= d->items[k].kind == D_RULE;
        }
        i--; /* the joined paragraph may run over another page end */
    }
}

/* True for a document type label such as "NOTAT": one upper-case word. */
static bool type_label(const struct dblock *b)
{
    const char *s = buf_str(&b->text);
    if (b->kind != D_PARA || b->text.len == 0 || b->text.len > 40 || strchr(s, ' ')) {
        return false;
    }
    for (size_t i = 0; s[i]; i++) {
        if (lower_start(s + i) || (s[i] >= '0' && s[i] <= '9')) {
            return false;
        }
    }
    return true;
}

/* Appends one block as Markdown. */
static void render_block(const struct dblock *b, struct buf *out)
{
    if (out->len > 0) {
        buf_puts(out, "\n\n");
    }
    if (b->kind == D_RULE) {
        buf_puts(out, "---");
        return;
    }
    if (b->kind == D_HEADING) {
        char *t = doc_inline(b->text.data, b->text.len, true);
        int level = heading_target(t, b->level);
        for (int i = 0; i < level; i++) {
            buf_putc(out, '#');
        }
        buf_printf(out, " %s", t);
        free(t);
        return;
    }
    const char *s = buf_str(&b->text);
    for (;;) { /* list lines keep their indentation; a paragraph is one line */
        size_t n = strcspn(s, "\n"), ind = strspn(s, " ");
        ind = ind > n ? n : ind;
        char *t = doc_inline(s + ind, n - ind, false);
        buf_printf(out, "%.*s%s", (int)ind, s, t);
        free(t);
        if (s[n] == '\0') {
            break;
        }
        buf_putc(out, '\n');
        s += n + 1;
    }
}

/* Appends the "## Noter" section: footnotes in number order. Returns 0, or
 * -1 with err set when a number is defined twice. */
static int render_notes(const struct dblocks *d, struct buf *out, struct import_err *err)
{
    const struct dblock **notes = xcalloc(d->nitems + 1, sizeof *notes);
    size_t nn = 0;
    for (size_t i = 0; i < d->nitems; i++) {
        const struct dblock *b = &d->items[i];
        if (b->kind != D_NOTE) {
            continue;
        }
        for (size_t k = 0; k < nn; k++) {
            if (notes[k]->number == b->number) {
                import_fail(err, b->line, "footnote %d is defined twice (first on line %d)",
                            b->number, notes[k]->line);
                free(notes);
                return -1;
            }
        }
        size_t at = nn++;
        while (at > 0 && notes[at - 1]->number > b->number) { /* insertion sort */
            notes[at] = notes[at - 1];
            at--;
        }
        notes[at] = b;
    }
    if (nn > 0) {
        buf_puts(out, out->len ? "\n\n## Noter\n\n" : "## Noter\n\n");
    }
    for (size_t k = 0; k < nn; k++) {
        char *t = doc_inline(notes[k]->text.data, notes[k]->text.len, false);
        buf_printf(out, "%s%d. %s", k ? "\n" : "", notes[k]->number, t);
        free(t);
    }
    free(notes);
    return 0;
}

/* Builds the title and Markdown from the blocks. Returns 0 or -1. */
static int build(struct dblocks *d, struct document *out, struct import_err *err)
{
    size_t h = 0;
    while (h < d->nitems && d->items[h].kind != D_HEADING) {
        h++;
    }
    if (h == d->nitems) {
        import_fail(err, 0, "no heading: the first \"#\" heading gives the document its title");
        return -1;
    }
    out->title = doc_inline(d->items[h].text.data, d->items[h].text.len, true);
    if (out->title[0] == '\0') {
        import_fail(err, d->items[h].line, "the title heading is empty");
        return -1;
    }
    out->slug = slugify(out->title);
    d->items[h].dead = true;
    join_pages(d, 0);
    struct buf md = {0};
    for (size_t i = 0; i < d->nitems; i++) {
        struct dblock *b = &d->items[i];
        bool page_foot = b->kind == D_RULE && i + 1 < d->nitems && d->items[i + 1].kind == D_NOTE;
        if (b->dead || b->kind == D_NOTE || page_foot || (i < h && type_label(b))) {
            continue;
        }
        render_block(b, &md);
    }
    if (render_notes(d, &md, err) < 0) {
        buf_free(&md);
        return -1;
    }
    out->markdown = buf_take(&md);
    return 0;
}

/* See import.h. On failure *out is zeroed and nothing stays allocated. */
int doc_parse(const char *text, size_t len, struct document *out, struct import_err *err)
{
    memset(out, 0, sizeof *out);
    if (import_text_start(&text, &len, err) < 0) {
        return -1;
    }
    char *copy = xstrndup(text, len); /* NUL-terminated: lines may be scanned with strspn */
    struct dblocks d = {0};
    read_blocks(copy, len, &d);
    int rc = build(&d, out, err);
    dblocks_free(&d);
    free(copy);
    if (rc < 0) {
        doc_free(out);
    }
    return rc;
}

/* See import.h. Leaves *d zeroed. */
void doc_free(struct document *d)
{
    if (!d) {
        return;
    }
    free(d->title);
    free(d->slug);
    free(d->markdown);
    memset(d, 0, sizeof *d);
}
