/*
 * klik_pdf: turns the lines of one field of a KLIK task's PDF text into
 * blocks. The extraction follows every line with an empty one (ignored),
 * marks a real paragraph break with a line holding only white space, breaks
 * sentences and words across lines, and gathers link targets as lines of
 * their own wherever a page ends. Here broken lines are joined ("ØiR-" +
 * "debitor" without a space), a line ending a sentence before one starting
 * upper-case starts a paragraph, "•" starts a list item, and URL lines are
 * taken out of the text into the links. Cleaning and rendering are
 * klik_md.c's.
 */
#include <string.h>

#include "klik.h"

/* The length of a bullet and its space at s, or 0; *level gets 0 for "•"
 * and 1 for the second-level bullets "◦", "▪" and Word's "o". */
static size_t pdf_bullet(const struct blocks *bl, const char *s, size_t n, int *level)
{
    static const char *const first[] = {"\xe2\x80\xa2", "\xef\x82\xb7"}; /* • and Symbol's */
    static const char *const second[] = {"\xe2\x97\xa6", "\xe2\x96\xaa"}; /* ◦ ▪ */
    for (size_t i = 0; i < NELEM(first); i++) {
        size_t k = strlen(first[i]);
        if (n >= k && memcmp(s, first[i], k) == 0) {
            *level = 0;
            return k;
        }
    }
    for (size_t i = 0; i < NELEM(second); i++) {
        size_t k = strlen(second[i]);
        if (n >= k && memcmp(s, second[i], k) == 0) {
            *level = 1;
            return k;
        }
    }
    bool in_list = bl->nitems > 0 && bl->items[bl->nitems - 1].kind != BLK_PARA;
    if (in_list && n >= 2 && s[0] == 'o' && s[1] == ' ') {
        *level = 1;
        return 1;
    }
    return 0;
}

/* Feeds one line of PDF text. */
static void pdf_line(struct blocks *bl, const char *s, size_t n)
{
    if (n == 0) {
        return; /* the empty line the extraction puts after every line */
    }
    size_t a = 0;
    while (a < n && (s[a] == ' ' || s[a] == '\t')) {
        a++;
    }
    while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) {
        n--;
    }
    if (a == n) {
        blk_break(bl); /* a line of white space: a real paragraph break */
        return;
    }
    s += a, n -= a;
    size_t ustart, ulen = url_line(s, n, &ustart);
    if (ulen > 0) {
        links_add(bl->links, s + ustart, ulen);
        return;
    }
    int level;
    size_t blen = pdf_bullet(bl, s, n, &level);
    if (blen > 0) {
        blk_new(bl, BLK_ITEM, level, 0);
        blk_text(bl, s + blen, n - blen, true);
        return;
    }
    if (bl->open && bl->nitems > 0) {
        const struct blk *last = &bl->items[bl->nitems - 1];
        if (ends_sentence(last->text.data, last->text.len) && starts_upper(s, n)) {
            blk_new(bl, last->kind == BLK_PARA ? BLK_PARA : BLK_ITEM_PARA, 0, 0);
        }
    }
    blk_text(bl, s, n, true);
}

/* See klik.h. */
void pdf_feed(struct blocks *bl, const char *value, size_t vn, const struct kline *lines,
              size_t nlines)
{
    pdf_line(bl, value, vn);
    for (size_t i = 0; i < nlines; i++) {
        pdf_line(bl, lines[i].s, lines[i].n);
    }
}
