/*
 * rollegalleri_split: the words of the gallery's clean prose — cutting it
 * into words, telling capitalised words, sentence ends and abbreviations,
 * learning which words the document starts its items with — and the
 * splitting of run-on Kompetencer cells, whose number of items is unknown,
 * at bullets or at the sentence starts a heuristic accepts. The one-cell
 * tables, whose number of items the marks fix, are cut in
 * rollegalleri_items.c. It knows no role by name and keeps no state
 * between calls.
 */
#include <stdlib.h>
#include <string.h>

#include "rollegalleri_int.h"

/* Words after which an item never starts: the sentence goes on. */
const char *const rg_function_words[] = {
    "til", "i", "af", "på", "som", "for", "med", "og", "eller", "ved", "om", "fra", "under",
    "hvordan", "det", "den", "de", "en", "et", "at", "hos", "mellem", "via", "samt", "såsom",
    "fx", "der", "når", "hvor", "hvis", "hvilke", "hvilken", "hvad", "end", "mod", "efter",
    "før", "over", "uden", "ift.", "jf.", "bl.a.", "inkl.", "evt.", "vedr.", "dvs.", "ifm.",
    "herunder", "både", "the", "og/eller", "in", "of",
};
const size_t rg_nfunction_words = NELEM(rg_function_words);

/* Abbreviations whose full stop ends no sentence. */
static const char *const abbreviations[] = {
    "fx.", "mm.", "m.m.", "inkl.", "bl.a.", "evt.", "jf.", "ift.", "ifm.", "mfl.", "m.fl.",
    "osv.", "dvs.", "etc.", "ca.", "nr.", "pga.", "vedr.", "mv.", "f.eks.", "el.", "ex.",
};

/* True for the capital letters of ASCII and Latin-1 (Æ Ø Å É ...). */
static bool cp_upper(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

/* True for the small letters of ASCII and Latin-1 (æ ø å é ß ...). */
static bool cp_lower(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
}

/* The code point at s (n > 0 bytes); *k gets its length. Invalid bytes
 * count as one byte each. */
static uint32_t cp_at(const char *s, size_t n, size_t *k)
{
    uint32_t c;
    *k = utf8_decode(s, n, &c);
    if (*k == 0) {
        *k = 1;
        c = (unsigned char)*s;
    }
    return c;
}

/* The last code point of a non-empty word. */
static uint32_t cp_last(const struct rg_tok *t)
{
    size_t i = t->n - 1, k;
    while (i > 0 && ((unsigned char)t->s[i] & 0xC0) == 0x80) {
        i--;
    }
    return cp_at(t->s + i, t->n - i, &k);
}

/* A word that starts an item: a capital, then a small letter, and no more
 * capitals ("Har", "It-/digitalisering."; not "ØiR", "KLIK-opgaver"). */
bool rg_tok_cap_word(const struct rg_tok *t)
{
    size_t k, i;
    if (t->n < 2 || !cp_upper(cp_at(t->s, t->n, &k))) {
        return false;
    }
    i = k;
    if (!cp_lower(cp_at(t->s + i, t->n - i, &k))) {
        return false;
    }
    for (i += k; i < t->n; i += k) {
        if (cp_upper(cp_at(t->s + i, t->n - i, &k))) {
            return false;
        }
    }
    return true;
}

/* True when the word starts with a capital letter. */
bool rg_tok_upper(const struct rg_tok *t)
{
    size_t k;
    return t->n > 0 && cp_upper(cp_at(t->s, t->n, &k));
}

/* True when the word starts with a small letter. */
bool rg_tok_lower(const struct rg_tok *t)
{
    size_t k;
    return t->n > 0 && cp_lower(cp_at(t->s, t->n, &k));
}

/* True when the word ends in a small letter (no punctuation after). */
static bool ends_lower(const struct rg_tok *t)
{
    return t->n > 0 && cp_lower(cp_last(t));
}

/* True when the word's last byte is one of set. */
bool rg_tok_ends_any(const struct rg_tok *t, const char *set)
{
    return t->n > 0 && strchr(set, t->s[t->n - 1]) != NULL;
}

/* True when t is exactly one of the n words. */
bool rg_tok_in(const struct rg_tok *t, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strlen(words[i]) == t->n && memcmp(words[i], t->s, t->n) == 0) {
            return true;
        }
    }
    return false;
}

/* An abbreviation: listed, or with a full stop inside as well ("bl.a."). */
static bool is_abbrev(const struct rg_tok *t)
{
    if (t->n < 2 || t->s[t->n - 1] != '.') {
        return false;
    }
    return rg_tok_in(t, abbreviations, NELEM(abbreviations)) ||
           memchr(t->s, '.', t->n - 1) != NULL;
}

/* True when the word before ends a sentence: '.' (not an abbreviation's)
 * or ')'. */
bool rg_tok_ends_sentence(const struct rg_tok *t)
{
    return rg_tok_ends_any(t, ")") || (rg_tok_ends_any(t, ".") && !is_abbrev(t));
}

/* Bytes of the word's leading run of letters ("Har," → 3). */
size_t rg_core_len(const char *s, size_t n)
{
    size_t i = 0, k;
    while (i < n) {
        uint32_t c = cp_at(s + i, n - i, &k);
        if (!cp_upper(c) && !cp_lower(c)) {
            break;
        }
        i += k;
    }
    return i;
}

/* Bytes of the first m code points of s (or all of it). */
static size_t prefix_bytes(const char *s, size_t n, size_t m)
{
    size_t i = 0, k;
    while (i < n && m-- > 0) {
        cp_at(s + i, n - i, &k);
        i += k;
    }
    return i;
}

/* See rollegalleri_int.h. */
void rg_words_learn(struct rg_words *w, const char *clean)
{
    struct rg_tok t = {clean, strcspn(clean, " ")};
    if (!rg_tok_cap_word(&t)) {
        return;
    }
    size_t n = rg_core_len(t.s, t.n);
    for (size_t i = 0; i < w->words.nitems; i++) {
        if (strlen(w->words.items[i]) == n && memcmp(w->words.items[i], t.s, n) == 0) {
            return;
        }
    }
    strv_push(&w->words, xstrndup(t.s, n));
}

/* Frees the learned words. */
void rg_words_free(struct rg_words *w)
{
    strv_free(&w->words);
}

/* 2 when the word is a learned item start, 1 when it shares its first
 * five letters with one (an inflection or a typo: "Udredde"/"Udreder"). */
int rg_learned_level(const struct rg_words *w, const struct rg_tok *t)
{
    size_t n = rg_core_len(t->s, t->n), p = prefix_bytes(t->s, n, 5);
    int level = 0;
    for (size_t i = 0; w && i < w->words.nitems; i++) {
        const char *x = w->words.items[i];
        size_t xn = strlen(x);
        if (xn == n && memcmp(x, t->s, n) == 0) {
            return 2;
        }
        if (p < n && xn > p && memcmp(x, t->s, p) == 0 && prefix_bytes(x, xn, 5) == p) {
            level = 1;
        }
    }
    return level;
}

/* Cuts clean prose at its spaces; the caller frees *out. */
size_t rg_tokenize(const char *s, struct rg_tok **out)
{
    size_t n = 0, cap = 16;
    struct rg_tok *t = xmalloc(cap * sizeof *t);
    while (*s) {
        size_t len = strcspn(s, " ");
        if (len > 0) {
            if (n == cap) {
                cap *= 2;
                t = xrealloc(t, cap * sizeof *t);
            }
            t[n++] = (struct rg_tok){s, len};
        }
        s += len;
        while (*s == ' ') {
            s++;
        }
    }
    *out = t;
    return n;
}

/* See rollegalleri_int.h. */
void rg_push_pieces(const struct rg_tok *t, size_t nt, const size_t *cut, size_t ncut,
                    struct strv *out)
{
    size_t from = 0;
    for (size_t c = 0; c <= ncut; c++) {
        size_t to = c < ncut ? cut[c] : nt;
        if (to > from) {
            const char *b = t[from].s, *e = t[to - 1].s + t[to - 1].n;
            strv_push(out, xstrndup(b, (size_t)(e - b)));
        }
        from = to;
    }
}

/* The word before an item start of a list of unknown length: it ends in a
 * small letter, is no function word and no capitalised name. */
static bool plain_before(const struct rg_tok *prev)
{
    return ends_lower(prev) && !rg_tok_upper(prev) &&
           !rg_tok_in(prev, rg_function_words, rg_nfunction_words);
}

/* True when word i starts a competence by itself: a learned item start,
 * a word after a sentence's end, or a capitalised word after a plain word
 * and before a small one ("... konflikthåndtering Indsigt i ..."). */
static bool comp_boundary(const struct rg_tok *t, size_t i, size_t nt, const struct rg_words *lw)
{
    if (i == 0 || !rg_tok_cap_word(&t[i]) || rg_tok_ends_any(&t[i - 1], ",:;")) {
        return false;
    }
    if (rg_learned_level(lw, &t[i]) == 2 || rg_tok_ends_sentence(&t[i - 1])) {
        return true;
    }
    return plain_before(&t[i - 1]) && i + 1 < nt && rg_tok_lower(&t[i + 1]);
}

/* Splits clean run-on prose into competences. A one-word item
 * ("... som det skal Konflikthåndtering Kender ...") is a capitalised word
 * after a plain word and right before another boundary. */
static void split_runon(const char *clean, const struct rg_words *lw, struct strv *out)
{
    struct rg_tok *t;
    size_t nt = rg_tokenize(clean, &t), ncut = 0;
    bool *at = xcalloc(nt + 1, sizeof *at);
    size_t *cut = xmalloc((nt + 1) * sizeof *cut);
    for (size_t i = 1; i < nt; i++) {
        at[i] = comp_boundary(t, i, nt, lw);
    }
    for (size_t i = 1; i + 1 < nt; i++) {
        if (!at[i] && at[i + 1] && rg_tok_cap_word(&t[i]) && plain_before(&t[i - 1])) {
            at[i] = true;
        }
    }
    for (size_t i = 1; i < nt; i++) {
        if (at[i]) {
            cut[ncut++] = i;
        }
    }
    rg_push_pieces(t, nt, cut, ncut, out);
    free(cut);
    free(at);
    free(t);
}

/* Bytes of the bullet at s, or 0 when s does not start with one. */
static size_t bullet_at(const char *s, size_t n)
{
    uint32_t c;
    size_t k = utf8_decode(s, n, &c);
    if (k == 0) {
        return 0;
    }
    bool bullet = c == 0x2022 || c == 0x25AA || c == 0x25E6 || c == 0x2023 || c == 0x2043 ||
                  c == 0xF0B7;
    return bullet ? k : 0;
}

/* See rollegalleri_int.h. */
bool rg_has_bullet(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (bullet_at(s + i, n - i)) {
            return true;
        }
    }
    return false;
}

/* Pushes the clean text of s[0..n) when it is not empty. */
static void push_clean(const char *s, size_t n, struct strv *out)
{
    char *c = text_clean(s, n);
    if (*c) {
        strv_push(out, c);
    } else {
        free(c);
    }
}

/* See rollegalleri_int.h. */
void rg_split_competences(const char *raw, size_t n, const struct rg_words *learned,
                          struct strv *out)
{
    if (rg_has_bullet(raw, n)) {
        size_t from = 0, i = 0;
        while (i < n) {
            size_t k = bullet_at(raw + i, n - i);
            if (k) {
                push_clean(raw + from, i - from, out);
                from = i + k;
                i += k;
            } else {
                i++;
            }
        }
        push_clean(raw + from, n - from, out);
        return;
    }
    char *c = text_clean(raw, n);
    if (*c) {
        split_runon(c, learned, out);
    }
    free(c);
}
