/*
 * klik_tab: turns the lines of one field of a KLIK key/tab/value export into
 * blocks. The value on the label line is HTML (<p>, <ul>, <li>, "•"
 * bullets); the lines after it are Markdown-ish: blank lines part
 * paragraphs, "- " and "1. " start list items, and Word's second-level
 * bullet "o" nests one level under the bullet before it. It only builds
 * blocks: cleaning and rendering are klik_md.c's.
 */
#include <string.h>
#include <strings.h>

#include "klik.h"

/* Tag names that end a block of text when they open or close. */
static bool is_block_tag(const char *name, size_t n)
{
    static const char *const tags[] = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6",
                                       "tr", "table", "blockquote"};
    for (size_t i = 0; i < NELEM(tags); i++) {
        if (strlen(tags[i]) == n && strncasecmp(name, tags[i], n) == 0) {
            return true;
        }
    }
    return false;
}

/* Handles one HTML tag at s (up to and including '>'): a block-level tag
 * first flushes the pending text before it and returns true; an inline tag,
 * which md_inline removes, returns false. */
static bool html_tag(struct blocks *bl, const char *s, size_t n, const char *text, size_t tn)
{
    size_t i = 1;
    bool closing = i < n && s[i] == '/';
    i += closing;
    size_t a = i;
    while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                     (s[i] >= '0' && s[i] <= '9'))) {
        i++;
    }
    const char *name = s + a;
    size_t nn = i - a;
    bool list = nn == 2 && (strncasecmp(name, "ul", 2) == 0 || strncasecmp(name, "ol", 2) == 0);
    bool li = nn == 2 && strncasecmp(name, "li", 2) == 0;
    if (!list && !li && !is_block_tag(name, nn)) {
        return false;
    }
    blk_text(bl, text, tn, false);
    if (is_block_tag(name, nn)) {
        blk_break(bl);
    } else if (list) {
        blk_break(bl);
        bool ol = name[0] == 'o' || name[0] == 'O';
        if (closing) {
            bl->ul_depth -= bl->ul_depth > 0;
            bl->ol_next = 0;
        } else {
            bl->ul_depth++;
            bl->ol_next = ol ? 1 : 0;
        }
    } else if (closing) {
        blk_break(bl);
    } else {
        int level = bl->ul_depth > 0 ? bl->ul_depth - 1 : 0;
        blk_new(bl, BLK_ITEM, level, bl->ol_next > 0 ? bl->ol_next++ : 0);
    }
    return true;
}

/* Feeds a run of HTML text: block tags and "•" start new blocks, the text
 * between them continues the open block. */
static void html_feed(struct blocks *bl, const char *s, size_t n)
{
    size_t i = 0, start = 0;
    while (i < n) {
        size_t alen = s[i] == '<' ? autolink_len(s + i, n - i) : 0;
        if (alen > 0) { /* text, kept by md_inline */
            i += alen;
            continue;
        }
        char c = i + 1 < n ? (char)(s[i + 1] | 0x20) : 0;
        if (s[i] == '<' && i + 1 < n && (s[i + 1] == '/' || (c >= 'a' && c <= 'z'))) {
            const char *gt = memchr(s + i, '>', n - i);
            size_t len = gt ? (size_t)(gt - (s + i)) + 1 : 0;
            if (len > 0 && memchr(s + i + 1, '<', len - 1) == NULL) {
                if (html_tag(bl, s + i, len, s + start, i - start)) {
                    start = i + len;
                }
                i += len; /* an inline tag stays for md_inline to drop */
                continue;
            }
        }
        if (n - i >= 3 && memcmp(s + i, "\xe2\x80\xa2", 3) == 0) { /* • */
            blk_text(bl, s + start, i - start, false);
            int level = bl->ul_depth > 0 ? bl->ul_depth - 1 : 0;
            blk_new(bl, BLK_ITEM, level, 0);
            i += 3;
            start = i;
            continue;
        }
        i++;
    }
    blk_text(bl, s + start, n - start, false);
}

/* The length of a list marker "- ", "* ", "• " or "12. " at s, 0 if none;
 * *number gets an ordered item's number (0 for a bullet). */
static size_t list_marker(const char *s, size_t n, int *number)
{
    *number = 0;
    if (n >= 2 && strchr("-*+", s[0]) && s[0] && s[1] == ' ') {
        return 2;
    }
    if (n >= 4 && memcmp(s, "\xe2\x80\xa2 ", 4) == 0) {
        return 4;
    }
    size_t d = 0;
    while (d < n && d < 3 && s[d] >= '0' && s[d] <= '9') {
        d++;
    }
    if (d > 0 && d + 1 < n && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ') {
        for (size_t k = 0; k < d; k++) {
            *number = *number * 10 + (s[k] - '0');
        }
        return d + 2;
    }
    return 0;
}

/* The length of Word's second-level bullet ("o ", "▪ ", "◦ ") at s, or 0. */
static size_t sub_marker(const char *s, size_t n)
{
    if (n >= 2 && s[0] == 'o' && s[1] == ' ') {
        return 2;
    }
    if (n >= 4 && (memcmp(s, "\xe2\x96\xaa ", 4) == 0 || memcmp(s, "\xe2\x97\xa6 ", 4) == 0)) {
        return 4;
    }
    return 0;
}

/* Starts a list item for a line whose marker was found; returns the length
 * of everything before the item's text. Bullets under a numbered list, or
 * indented, are one level down; a second-level bullet nests under the
 * bullet before it. */
static size_t start_item(struct blocks *bl, const char *s, size_t n, size_t indent, size_t mlen,
                         int number)
{
    if (number > 0) {
        int level = indent > 0 ? 1 : 0;
        blk_new(bl, BLK_ITEM, level, number);
        if (level == 0) {
            bl->numbered = true;
            bl->bullet_level = -1;
        }
        return indent + mlen;
    }
    int base = indent > 0 || bl->numbered ? 1 : 0;
    size_t at = indent + mlen;
    size_t sub = sub_marker(s + at, n - at);
    if (sub > 0) {
        int level = (bl->bullet_level >= 0 ? bl->bullet_level : base) + 1;
        int keep = bl->bullet_level;
        blk_new(bl, BLK_ITEM, level, 0);
        bl->bullet_level = keep;
        at += sub;
    } else {
        blk_new(bl, BLK_ITEM, base, 0);
        bl->bullet_level = bl->items[bl->nitems - 1].level;
    }
    return at;
}

/* Feeds one line of the export. */
static void tab_line(struct blocks *bl, const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) {
        n--;
    }
    size_t indent = 0;
    while (indent < n && (s[indent] == ' ' || s[indent] == '\t')) {
        indent++;
    }
    if (indent == n) {
        blk_break(bl);
        return;
    }
    size_t ustart, ulen = url_line(s, n, &ustart);
    if (ulen > 0) { /* a bare URL on its own line becomes an autolink */
        struct buf t = {0};
        buf_printf(&t, "<%.*s>", (int)ulen, s + ustart);
        blk_break(bl);
        blk_text(bl, t.data, t.len, false);
        blk_break(bl);
        buf_free(&t);
        return;
    }
    int number;
    size_t mlen = list_marker(s + indent, n - indent, &number);
    if (mlen > 0) {
        size_t at = start_item(bl, s, n, indent, mlen, number);
        html_feed(bl, s + at, n - at);
        return;
    }
    html_feed(bl, s + indent, n - indent);
}

/* See klik.h. */
void tab_feed(struct blocks *bl, const char *value, size_t vn, const struct kline *lines,
              size_t nlines)
{
    tab_line(bl, value, vn);
    for (size_t i = 0; i < nlines; i++) {
        tab_line(bl, lines[i].s, lines[i].n);
    }
}
