/*
 * text: what the seed parsers share — error reporting, phase marks, the
 * detection of a file's kind from its content, and the cleaning of a cell
 * of exported text into plain prose. No parser state lives here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "import.h"

/* Fills err's line and message (the caller has set err->file). */
void import_fail(struct import_err *err, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err->line = line;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

const char *mark_str(enum mark m)
{
    switch (m) {
    case MARK_X: return "X";
    case MARK_COND: return "(X)";
    default: return "";
    }
}

const char *import_kind_name(enum import_kind k)
{
    switch (k) {
    case IMPORT_ROLLEGALLERI: return "rollegalleri";
    case IMPORT_KLIK_TAB: return "KLIK-opgave (eksport)";
    case IMPORT_KLIK_PDF: return "KLIK-opgave (PDF-tekst)";
    case IMPORT_DOCUMENT: return "vejledning";
    case IMPORT_KOMMUNER: return "kommuneliste";
    default: return "ukendt";
    }
}

/* True when some line of text starts with prefix. */
static bool has_line(const char *text, size_t len, const char *prefix)
{
    size_t plen = strlen(prefix);
    const char *p = text, *end = text + len;
    while (p < end) {
        if ((size_t)(end - p) >= plen && memcmp(p, prefix, plen) == 0) {
            return true;
        }
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) {
            break;
        }
        p = nl + 1;
    }
    return false;
}

/* See import.h. Invalid UTF-8 or NUL bytes make a file unknown. */
enum import_kind import_detect(const char *text, size_t len)
{
    if (len == 0 || !utf8_valid(text, len)) {
        return IMPORT_UNKNOWN;
    }
    if (has_line(text, len, "kommunekode,navn,regionskode,region")) {
        return IMPORT_KOMMUNER;
    }
    if (has_line(text, len, "Rolle\t") &&
        (has_line(text, len, "Effekten\t") || has_line(text, len, "Opgaver\t"))) {
        return IMPORT_ROLLEGALLERI;
    }
    if (has_line(text, len, "Master-opgave ID\t") || has_line(text, len, "Opgavetitel\t")) {
        return IMPORT_KLIK_TAB;
    }
    static const char *const labels[] = {"Fase ", "Tema ", "Prioritet ", "Mål ", "Beskrivelse ",
                                         "Resultat ", "Anbefalet udfører ",
                                         "Involverede parter "};
    int found = 0;
    for (size_t i = 0; i < NELEM(labels); i++) {
        found += has_line(text, len, labels[i]);
    }
    if (found >= 4) {
        return IMPORT_KLIK_PDF;
    }
    if (has_line(text, len, "# ") || has_line(text, len, "## ") || has_line(text, len, "### ")) {
        return IMPORT_DOCUMENT;
    }
    return IMPORT_UNKNOWN;
}

int import_text_start(const char **text, size_t *len, struct import_err *err)
{
    const char *t = *text;
    size_t n = *len;
    if (n >= 3 && memcmp(t, "\xef\xbb\xbf", 3) == 0) {
        t += 3, n -= 3;
    }
    *text = t, *len = n;
    size_t i = 0;
    while (i < n && strchr(" \t\r\n\f\v", t[i]) && t[i]) {
        i++;
    }
    if (i == n) {
        import_fail(err, 0, "empty file");
        return -1;
    }
    int line = 1;
    for (i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_decode(t + i, n - i, &cp);
        if (k == 0 || cp == 0) {
            import_fail(err, line, "not a text file: invalid UTF-8 or NUL byte at offset %zu", i);
            return -1;
        }
        line += cp == '\n';
        i += k;
    }
    return 0;
}

/* True for code points dropped from prose: bullets and superscripts. */
static bool is_dropped(uint32_t cp)
{
    return cp == 0x2022 || cp == 0x25AA || cp == 0x25E6 || cp == 0x2023 || cp == 0x2043 ||
           cp == 0xF0B7 || (cp >= 0x2070 && cp <= 0x209F) || cp == 0xB9 || cp == 0xB2 ||
           cp == 0xB3;
}

/* See import.h. */
char *text_clean(const char *s, size_t n)
{
    struct buf b = {0};
    size_t i = 0;
    buf_grow(&b, n);
    while (i < n) {
        char c = s[i];
        if (c == '<' && i + 1 < n &&
            ((s[i + 1] >= 'a' && s[i + 1] <= 'z') || (s[i + 1] >= 'A' && s[i + 1] <= 'Z') ||
             s[i + 1] == '/' || s[i + 1] == '!')) {
            const char *gt = memchr(s + i, '>', n - i);
            if (gt) {
                buf_putc(&b, ' ');
                i = (size_t)(gt - s) + 1;
                continue;
            }
        }
        if (c == '^' && i + 1 < n) {
            size_t j = i + 1;
            if (s[j] == '{') {
                const char *close = memchr(s + j, '}', n - j);
                if (close) {
                    i = (size_t)(close - s) + 1;
                    continue;
                }
            }
            while (j < n && s[j] >= 'a' && s[j] <= 'z') {
                j++;
            }
            if (j > i + 1) {
                i = j;
                continue;
            }
        }
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            k = 1, cp = (unsigned char)c;
        }
        if (is_dropped(cp)) {
            buf_putc(&b, ' ');
        } else {
            buf_append(&b, s + i, k);
        }
        i += k;
    }
    char *out = str_squeeze(b.data, b.len);
    buf_free(&b);
    /* A removed mark may leave "word ." behind: no space before punctuation. */
    char *w = out;
    for (char *r = out; *r; r++) {
        if (*r == ' ' && r[1] && strchr(".,;:!?)", r[1])) {
            continue;
        }
        *w++ = *r;
    }
    *w = '\0';
    return out;
}
