/*
 * klik_md: the blocks a KLIK field's text is made of — paragraphs and list
 * items — and their rendering as CommonMark. Inline text is cleaned here
 * (tags, bullets and doubled spaces go; autolinks stay and their targets are
 * collected). It never emits HTML and knows nothing of labels or of which
 * export form the lines came from.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "klik.h"

#define MAX_LEVEL 8 /* deepest list nesting rendered */

/* Empties bl and points it at the links collector (may be NULL). */
void blk_init(struct blocks *bl, struct strv *links)
{
    memset(bl, 0, sizeof *bl);
    bl->bullet_level = -1;
    bl->links = links;
}

/* Frees every block's text and the array. */
void blk_free(struct blocks *bl)
{
    for (size_t i = 0; i < bl->nitems; i++) {
        buf_free(&bl->items[i].text);
    }
    free(bl->items);
    bl->items = NULL;
    bl->nitems = bl->cap = 0;
}

/* The level of the last list item or item paragraph, -1 when the last block
 * is a paragraph or there is none. */
static int last_item_level(const struct blocks *bl)
{
    if (bl->nitems == 0 || bl->items[bl->nitems - 1].kind == BLK_PARA) {
        return -1;
    }
    return bl->items[bl->nitems - 1].level;
}

/* See klik.h. A paragraph ends any list state. */
void blk_new(struct blocks *bl, enum blk_kind kind, int level, int number)
{
    int last = last_item_level(bl);
    if (kind == BLK_ITEM_PARA && last < 0) {
        kind = BLK_PARA;
    }
    if (kind == BLK_PARA) {
        level = 0, number = 0;
        bl->numbered = false;
        bl->bullet_level = -1;
    } else if (kind == BLK_ITEM_PARA) {
        level = last;
    } else {
        if (level > last + 1) {
            level = last + 1;
        }
        if (level > MAX_LEVEL) {
            level = MAX_LEVEL;
        }
    }
    if (bl->nitems == bl->cap) {
        bl->cap = bl->cap ? bl->cap * 2 : 16;
        bl->items = xrealloc(bl->items, bl->cap * sizeof *bl->items);
    }
    struct blk *b = &bl->items[bl->nitems++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->level = level;
    b->number = number;
    bl->open = true;
}

/* True when the text ends in a letter followed by a hyphen ("ØiR-"). */
static bool ends_hyphenated(const struct buf *t)
{
    if (t->len < 2 || t->data[t->len - 1] != '-') {
        return false;
    }
    unsigned char c = (unsigned char)t->data[t->len - 2];
    return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* See klik.h. */
void blk_text(struct blocks *bl, const char *s, size_t n, bool hyphen_join)
{
    char *clean = md_inline(s, n, bl->links);
    if (clean[0] == '\0') {
        free(clean);
        return;
    }
    if (!bl->open || bl->nitems == 0) {
        blk_new(bl, BLK_PARA, 0, 0);
    }
    struct buf *t = &bl->items[bl->nitems - 1].text;
    if (t->len > 0 && !(hyphen_join && ends_hyphenated(t))) {
        buf_putc(t, ' ');
    }
    buf_puts(t, clean);
    free(clean);
}

/* See klik.h. */
void blk_break(struct blocks *bl)
{
    bl->open = false;
}

/* True when a block ends a sentence or a clause that introduces something:
 * then a following lower-case paragraph is not its continuation. */
static bool ends_clause(const struct buf *t)
{
    if (ends_sentence(t->data, t->len)) {
        return true;
    }
    return t->len > 0 && strchr(":;", t->data[t->len - 1]) != NULL;
}

/* See klik.h. */
void blk_finish(struct blocks *bl)
{
    size_t w = 0;
    for (size_t r = 0; r < bl->nitems; r++) {
        struct blk *b = &bl->items[r];
        if (b->text.len == 0) {
            buf_free(&b->text);
            continue;
        }
        struct blk *prev = w > 0 ? &bl->items[w - 1] : NULL;
        if (b->kind == BLK_ITEM_PARA && (!prev || prev->kind == BLK_PARA)) {
            b->kind = BLK_PARA;
        }
        if (prev && b->kind == BLK_PARA && starts_lower(b->text.data, b->text.len) &&
            !ends_clause(&prev->text)) {
            buf_putc(&prev->text, ' ');
            buf_append(&prev->text, b->text.data, b->text.len);
            buf_free(&b->text);
            continue;
        }
        bl->items[w++] = *b;
    }
    bl->nitems = w;
    bl->open = false;
}

/* Appends text so that it cannot start a block other than a paragraph:
 * a leading "#", ">", "- ", "1. " and the like are backslash-escaped. */
static void put_escaped(struct buf *out, const char *s)
{
    size_t d = strspn(s, "0123456789");
    if (s[0] && strchr("#>", s[0])) {
        buf_putc(out, '\\');
    } else if (s[0] && strchr("-+*", s[0]) && (s[1] == ' ' || s[1] == '\0')) {
        buf_putc(out, '\\');
    } else if (s[0] && strchr("`~=", s[0]) && s[1] == s[0]) {
        buf_putc(out, '\\');
    } else if (d > 0 && d < 10 && (s[d] == '.' || s[d] == ')') &&
               (s[d + 1] == ' ' || s[d + 1] == '\0')) {
        buf_append(out, s, d);
        buf_putc(out, '\\');
        s += d;
    }
    buf_puts(out, s);
}

/* Appends n spaces (list indentation). */
static void put_spaces(struct buf *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        buf_putc(out, ' ');
    }
}

/* Renders blocks [from, to) into out, levels counted from base: a block
 * whose level is below base is a plain paragraph. prev is the kind of what
 * out already ends with (BLK_PARA when out is empty). */
static void render(const struct blocks *bl, size_t from, size_t to, int base,
                   enum blk_kind prev, struct buf *out)
{
    size_t indent[MAX_LEVEL + 2] = {0}; /* content column of the item at each level */
    for (size_t i = from; i < to; i++) {
        const struct blk *b = &bl->items[i];
        int lvl = b->level - base;
        enum blk_kind kind = b->kind;
        if (kind != BLK_PARA && lvl < 0) {
            kind = BLK_PARA;
        }
        if (out->len > 0) {
            buf_puts(out, kind == BLK_ITEM && prev != BLK_PARA ? "\n" : "\n\n");
        }
        if (kind == BLK_ITEM) {
            size_t col = lvl > 0 ? indent[lvl - 1] : 0;
            put_spaces(out, col);
            size_t before = out->len;
            if (b->number > 0) {
                buf_printf(out, "%d. ", b->number);
            } else {
                buf_puts(out, "- ");
            }
            indent[lvl] = col + (out->len - before);
        } else if (kind == BLK_ITEM_PARA) {
            put_spaces(out, indent[lvl]);
        }
        put_escaped(out, buf_str(&b->text));
        prev = kind;
    }
}

/* See klik.h. */
char *blk_markdown(const struct blocks *bl)
{
    struct buf out = {0};
    render(bl, 0, bl->nitems, 0, BLK_PARA, &out);
    return buf_take(&out);
}

/* See klik.h. */
char *blk_plain(const struct blocks *bl)
{
    struct buf out = {0};
    for (size_t i = 0; i < bl->nitems; i++) {
        if (out.len > 0) {
            buf_putc(&out, ' ');
        }
        buf_puts(&out, buf_str(&bl->items[i].text));
    }
    return buf_take(&out);
}

/* See klik.h. */
void blk_steps(const struct blocks *bl, struct strv *steps)
{
    size_t i = 0;
    while (i < bl->nitems) {
        const struct blk *b = &bl->items[i];
        size_t j = i + 1;
        if (b->kind == BLK_ITEM && b->level == 0) {
            while (j < bl->nitems && !(bl->items[j].kind == BLK_ITEM && bl->items[j].level == 0)) {
                j++;
            }
        }
        struct buf out = {0};
        put_escaped(&out, buf_str(&b->text));
        render(bl, i + 1, j, 1, BLK_PARA, &out);
        strv_push(steps, buf_take(&out));
        i = j;
    }
}

/* See klik.h. */
void links_add(struct strv *links, const char *s, size_t n)
{
    if (!links || n == 0) {
        return;
    }
    for (size_t i = 0; i < links->nitems; i++) {
        if (strlen(links->items[i]) == n && memcmp(links->items[i], s, n) == 0) {
            return;
        }
    }
    strv_push(links, xstrndup(s, n));
}

/* The length of a URL scheme prefix Markdown autolinks klikd keeps, or 0. */
static size_t scheme_len(const char *s, size_t n)
{
    static const char *const schemes[] = {"https://", "http://", "mailto:"};
    for (size_t i = 0; i < NELEM(schemes); i++) {
        size_t k = strlen(schemes[i]);
        if (n > k && strncasecmp(s, schemes[i], k) == 0) {
            return k;
        }
    }
    return 0;
}

/* See klik.h. */
size_t autolink_len(const char *s, size_t n)
{
    if (n < 3 || s[0] != '<' || scheme_len(s + 1, n - 1) == 0) {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if (s[i] == '>') {
            return i + 1;
        }
        if (s[i] == ' ' || s[i] == '<' || s[i] == '\t' || s[i] == '\n') {
            return 0;
        }
    }
    return 0;
}

/* See klik.h. */
size_t url_line(const char *s, size_t n, size_t *start)
{
    size_t a = 0;
    while (a < n && (s[a] == ' ' || s[a] == '\t')) {
        a++;
    }
    while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) {
        n--;
    }
    if (scheme_len(s + a, n - a) == 0) {
        return 0;
    }
    for (size_t i = a; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '<' || s[i] == '>') {
            return 0;
        }
    }
    *start = a;
    return n - a;
}

/* Appends a cleaned piece of text, after a space when the raw piece starts
 * with white space and out is not empty. */
static void put_piece(struct buf *out, const char *s, size_t n)
{
    char *c = text_clean(s, n);
    if (c[0]) {
        bool lead = n > 0 && (s[0] == ' ' || s[0] == '\t');
        if (out->len > 0 && lead) {
            buf_putc(out, ' ');
        }
        buf_puts(out, c);
    }
    free(c);
}

/* Collects the targets of Markdown links "[text](target)" in s. */
static void collect_md_links(const char *s, struct strv *links)
{
    for (const char *p = strstr(s, "]("); p; p = strstr(p + 2, "](")) {
        const char *t = p + 2;
        size_t k = strcspn(t, ") \t");
        if (t[k] == ')') {
            links_add(links, t, k);
        }
    }
}

/* See klik.h. */
char *md_inline(const char *s, size_t n, struct strv *links)
{
    struct buf out = {0};
    size_t i = 0, start = 0;
    while (i < n) {
        size_t alen = s[i] == '<' ? autolink_len(s + i, n - i) : 0;
        if (alen == 0) {
            i++;
            continue;
        }
        put_piece(&out, s + start, i - start);
        bool space = i > start && (s[i - 1] == ' ' || s[i - 1] == '\t');
        if (out.len > 0 && space) {
            buf_putc(&out, ' ');
        }
        buf_append(&out, s + i, alen);
        links_add(links, s + i + 1, alen - 2);
        i += alen;
        start = i;
    }
    put_piece(&out, s + start, n - start);
    if (links) {
        collect_md_links(buf_str(&out), links);
    }
    return buf_take(&out);
}

/* The first code point of s after opening quotes and brackets, or 0. */
static uint32_t first_letter(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] && strchr("\"'([ ", s[i])) {
        i++;
    }
    uint32_t cp = 0;
    if (i >= n || utf8_decode(s + i, n - i, &cp) == 0) {
        return 0;
    }
    return cp;
}

/* See klik.h: A-Z and the Latin-1 capitals (Æ Ø Å É ...). */
bool starts_upper(const char *s, size_t n)
{
    uint32_t cp = first_letter(s, n);
    return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
}

/* See klik.h: a-z and the Latin-1 small letters (æ ø å é ...). */
bool starts_lower(const char *s, size_t n)
{
    uint32_t cp = first_letter(s, n);
    return (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7);
}

/* See klik.h. */
bool ends_sentence(const char *s, size_t n)
{
    while (n > 0 && s[n - 1] && strchr(" \t\r\"')", s[n - 1])) {
        n--;
    }
    return n > 0 && s[n - 1] && strchr(".!?", s[n - 1]);
}
