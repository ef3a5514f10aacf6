/*
 * str: string helpers that know UTF-8 — validation, decoding, white-space
 * squeezing, Danish-aware lower-casing and slugs. Pure functions; every
 * returned string is a fresh allocation the caller frees.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Decodes one code point; see util.h. Rejects overlong forms, surrogates
 * and values past U+10FFFF. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0) {
        return 0;
    }
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if ((u[0] & 0xE0) == 0xC0) {
        len = 2, c = u[0] & 0x1F, min = 0x80;
    } else if ((u[0] & 0xF0) == 0xE0) {
        len = 3, c = u[0] & 0x0F, min = 0x800;
    } else if ((u[0] & 0xF8) == 0xF0) {
        len = 4, c = u[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len) {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            return 0;
        }
        c = (c << 6) | (u[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        return 0;
    }
    *cp = c;
    return len;
}

/* True when all n bytes are well-formed UTF-8 without NUL bytes. */
bool utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (k == 0 || cp == 0) {
            return false;
        }
        i += k;
    }
    return true;
}

/* Appends the UTF-8 encoding of cp. */
void utf8_encode(struct buf *b, uint32_t cp)
{
    char t[4];
    if (cp < 0x80) {
        t[0] = (char)cp;
        buf_append(b, t, 1);
    } else if (cp < 0x800) {
        t[0] = (char)(0xC0 | (cp >> 6));
        t[1] = (char)(0x80 | (cp & 0x3F));
        buf_append(b, t, 2);
    } else if (cp < 0x10000) {
        t[0] = (char)(0xE0 | (cp >> 12));
        t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F));
        buf_append(b, t, 3);
    } else {
        t[0] = (char)(0xF0 | (cp >> 18));
        t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[3] = (char)(0x80 | (cp & 0x3F));
        buf_append(b, t, 4);
    }
}

bool str_starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* See util.h. */
bool str_project_code(const char *s)
{
    if (!s || !(*s >= 'A' && *s <= 'Z')) {
        return false;
    }
    size_t n = 0;
    for (; s[n]; n++) {
        if (n == 10 || !((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9'))) {
            return false;
        }
    }
    return true;
}

bool str_eq_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) {
            return false;
        }
    }
    return *a == *b;
}

/* True for the code points squeezed as white space. */
static bool is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0xA0 || cp == 0x202F || cp == 0x2009;
}

/* See util.h. Invalid UTF-8 bytes are copied as they are. */
char *str_squeeze(const char *s, size_t n)
{
    struct buf b = {0};
    bool pending = false;
    size_t i = 0;
    buf_grow(&b, n);
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            k = 1, cp = (unsigned char)s[i];
        }
        if (is_space_cp(cp)) {
            pending = b.len > 0;
        } else {
            if (pending) {
                buf_putc(&b, ' ');
                pending = false;
            }
            buf_append(&b, s + i, k);
        }
        i += k;
    }
    return buf_take(&b);
}

/* See util.h. */
char *str_trim(char *s)
{
    while (*s && isspace((unsigned char)*s)) {
        s++;
    }
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) {
        s[--n] = '\0';
    }
    return s;
}

/* Lower-case of one code point for the letters klikd meets. */
static uint32_t lower_cp(uint32_t cp)
{
    if (cp < 0x80) {
        return (uint32_t)tolower((int)cp);
    }
    if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)) {
        return cp + 0x20; /* Latin-1 capitals, Æ Ø Å É Ü Ö Ä among them */
    }
    return cp;
}

/* See util.h. */
char *str_lower(const char *s)
{
    struct buf b = {0};
    size_t n = strlen(s), i = 0;
    buf_grow(&b, n);
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            buf_putc(&b, s[i]);
            i++;
            continue;
        }
        utf8_encode(&b, lower_cp(cp));
        i += k;
    }
    return buf_take(&b);
}

/* See util.h. */
void str_split(const char *s, char sep, struct strv *out)
{
    const char *p = s;
    for (;;) {
        const char *q = strchr(p, sep);
        if (!q) {
            strv_push(out, xstrdup(p));
            return;
        }
        strv_push(out, xstrndup(p, (size_t)(q - p)));
        p = q + 1;
    }
}

/* The ASCII spelling of a lower-case code point in a slug, or NULL when it
 * is not a letter or digit. */
static const char *slug_spelling(uint32_t cp, char ascii[2])
{
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
        ascii[0] = (char)cp;
        ascii[1] = '\0';
        return ascii;
    }
    switch (cp) {
    case 0xE6: return "ae"; /* æ */
    case 0xF8: return "oe"; /* ø */
    case 0xE5: return "aa"; /* å */
    case 0xE4: return "ae"; /* ä */
    case 0xF6: return "oe"; /* ö */
    case 0xFC: return "u";  /* ü */
    case 0xE9: case 0xE8: case 0xEA: return "e";
    case 0xE1: case 0xE0: return "a";
    case 0xF3: case 0xF2: return "o";
    case 0xED: return "i";
    default: return NULL;
    }
}

/* See util.h. */
char *slugify(const char *s)
{
    char *low = str_lower(s);
    struct buf b = {0};
    size_t n = strlen(low), i = 0;
    bool dash = false;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(low + i, n - i, &cp);
        if (k == 0) {
            k = 1, cp = '?';
        }
        char ascii[2];
        const char *sp = slug_spelling(cp, ascii);
        if (sp) {
            if (dash && b.len > 0) {
                buf_putc(&b, '-');
            }
            dash = false;
            buf_puts(&b, sp);
        } else {
            dash = true;
        }
        i += k;
    }
    free(low);
    return buf_take(&b);
}
