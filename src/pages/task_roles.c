/*
 * task_roles: finds the roles of the rollegalleri that a task's free text
 * names — "Anbefalet udfører" and "Involverede parter" — in the forms
 * KLIK's exports write them: with a project in front ("KY-projektleder"),
 * inflected ("KOMBIT-programlederen", "systemansvarlige på ..."), spaced
 * or hyphenated differently ("klassifikations-/sortiments
 * administrator"), or without the gallery's parenthesis ("Systemadministrator"
 * for "Systemadministrator (it-systemet)"). The text is cut into parts at
 * commas and the joining words (og, sammen med, i samarbejde med, samt,
 * eller); each part names at most one role, matched by its first words.
 * It returns the text as segments, so a template links the names without
 * building HTML; it reads nothing but the role list it is given.
 */
#include <string.h>

#include "pages/tasks.h"
#include "util.h"

/* Where the text is cut; " og " not after a hyphen ("bogførings- og"). */
static const char *const separators[] = {", ", " sammen med ", " i samarbejde med ", " og ",
                                         " samt ", " eller ", "; "};

/* Endings an inflected role name may carry (definite, plural). */
static const char *const endings[] = {"", "e", "en", "n", "er", "ne", "erne"};

/* Appends the comparison key of the n bytes at s: letters and digits
 * only, lower-cased (ASCII and Æ Ø Å). */
static void key_append(struct buf *k, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xC3 && i + 1 < n) {
            unsigned char d = (unsigned char)s[i + 1];
            if (d == 0x86 || d == 0x98 || d == 0x85) {
                d = (unsigned char)(d + 0x20); /* Æ Ø Å → æ ø å */
            }
            buf_putc(k, (char)c);
            buf_putc(k, (char)d);
            i++;
        } else if (c >= 0x80) {
            buf_putc(k, (char)c);
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            buf_putc(k, (char)c);
        } else if (c >= 'A' && c <= 'Z') {
            buf_putc(k, (char)(c + 32));
        }
    }
}

/* The role (borrowed) whose name, or name without its parenthesis, has
 * the key k with one of the endings; NULL if none. */
static json_t *role_of_key(json_t *roles, const char *k)
{
    size_t kl = strlen(k);
    size_t i;
    json_t *r;
    json_array_foreach(roles, i, r) {
        const char *name = json_string_value(json_object_get(r, "name"));
        const char *paren = strchr(name, '(');
        for (int form = 0; form < (paren ? 2 : 1); form++) {
            struct buf rk = {0};
            key_append(&rk, name, form ? (size_t)(paren - name) : strlen(name));
            bool hit = false;
            for (size_t e = 0; rk.len && !hit && e < NELEM(endings); e++) {
                size_t el = strlen(endings[e]);
                hit = kl == rk.len + el && memcmp(k, buf_str(&rk), rk.len) == 0 &&
                      memcmp(k + rk.len, endings[e], el) == 0;
            }
            buf_free(&rk);
            if (hit) {
                return r;
            }
        }
    }
    return NULL;
}

/* The role the part of n bytes at s names by its first words (the most
 * words that match win), trying it also without a project prefix
 * ("KY-"); NULL if none. */
static json_t *role_of_part(json_t *roles, const char *s, size_t n)
{
    const char *dash = memchr(s, '-', n);
    bool prefix = dash && dash - s >= 2 && dash - s <= 6;
    for (const char *p = s; prefix && p < dash; p++) {
        prefix = *p >= 'A' && *p <= 'Z';
    }
    for (int strip = 0; strip < (prefix ? 2 : 1); strip++) {
        const char *b = strip ? dash + 1 : s;
        size_t len = (size_t)(s + n - b);
        for (size_t end = len; end > 0; end--) {
            if (end < len && b[end] != ' ') {
                continue; /* only whole words */
            }
            struct buf k = {0};
            key_append(&k, b, end);
            json_t *r = k.len ? role_of_key(roles, buf_str(&k)) : NULL;
            buf_free(&k);
            if (r) {
                return r;
            }
        }
    }
    return NULL;
}

/* The earliest separator at or after s (up to end): its start and length
 * in *sep_len; NULL when there is none. */
static const char *next_separator(const char *s, const char *end, size_t *sep_len)
{
    const char *best = NULL;
    for (size_t i = 0; i < NELEM(separators); i++) {
        size_t sl = strlen(separators[i]);
        for (const char *p = s; p + sl <= end; p++) {
            p = memchr(p, separators[i][0], (size_t)(end - p));
            if (!p || p + sl > end) {
                break;
            }
            if (memcmp(p, separators[i], sl) == 0 && !(p > s && p[-1] == '-')) {
                if (!best || p < best) {
                    best = p;
                    *sep_len = sl;
                }
                break;
            }
        }
    }
    return best;
}

/* Appends one segment {text[, slug, name]} to out. */
static void segment(json_t *out, const char *s, size_t n, json_t *role)
{
    json_t *seg = json_object();
    json_object_set_new(seg, "text", json_stringn(s, n));
    if (role) {
        json_object_set(seg, "slug", json_object_get(role, "slug"));
        json_object_set(seg, "name", json_object_get(role, "name"));
    }
    json_array_append_new(out, seg);
}

json_t *task_role_segments(const char *text, json_t *roles)
{
    json_t *out = json_array();
    if (!text) {
        return out;
    }
    const char *s = text, *end = text + strlen(text);
    while (s < end) {
        size_t sl = 0;
        const char *sep = next_separator(s, end, &sl);
        const char *stop = sep ? sep : end;
        if (stop > s) {
            segment(out, s, (size_t)(stop - s), role_of_part(roles, s, (size_t)(stop - s)));
        }
        if (!sep) {
            break;
        }
        segment(out, sep, sl, NULL);
        s = sep + sl;
    }
    return out;
}
