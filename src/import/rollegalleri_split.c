/*
 * rollegalleri_split: cuts a run-on cell of the role gallery into its
 * items. The export sometimes puts a whole table, or a list of competences,
 * into one cell with nothing between the items but a space; an item starts
 * with a capitalised word, so this scores every such word as a boundary —
 * not after a function word or a comma, better after '.' or ')', better
 * when the document starts other items with the same word. It knows no
 * role by name and keeps no state between calls.
 */
#include <stdlib.h>
#include <string.h>

#include "rollegalleri_int.h"

/* A word of clean prose: clean text has single spaces between words. */
struct tok {
    const char *s; /* borrowed */
    size_t n;      /* bytes */
};

/* A possible item boundary before word i. */
struct cand {
    size_t i;  /* index of the word that would start the item */
    int score; /* higher is a likelier boundary */
};

/* Words after which an item never starts: the sentence goes on. */
static const char *const function_words[] = {
    "til", "i", "af", "på", "som", "for", "med", "og", "eller", "ved", "om", "fra", "under",
    "hvordan", "det", "den", "de", "en", "et", "at", "hos", "mellem", "via", "samt", "såsom",
    "fx", "der", "når", "hvor", "hvis", "hvilke", "hvilken", "hvad", "end", "mod", "efter",
    "før", "over", "uden", "ift.", "jf.", "bl.a.", "inkl.", "evt.", "vedr.", "dvs.", "ifm.",
    "herunder", "både", "the", "og/eller", "in", "of",
};

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
static uint32_t cp_last(const struct tok *t)
{
    size_t i = t->n - 1, k;
    while (i > 0 && ((unsigned char)t->s[i] & 0xC0) == 0x80) {
        i--;
    }
    return cp_at(t->s + i, t->n - i, &k);
}

/* A word that starts an item: a capital, then a small letter, and no more
 * capitals ("Har", "It-/digitalisering."; not "ØiR", "KLIK-opgaver"). */
static bool is_cap_word(const struct tok *t)
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
static bool starts_upper(const struct tok *t)
{
    size_t k;
    return t->n > 0 && cp_upper(cp_at(t->s, t->n, &k));
}

/* True when the word starts with a small letter. */
static bool starts_lower(const struct tok *t)
{
    size_t k;
    return t->n > 0 && cp_lower(cp_at(t->s, t->n, &k));
}

/* True when the word ends in a small letter (no punctuation after). */
static bool ends_lower(const struct tok *t)
{
    return t->n > 0 && cp_lower(cp_last(t));
}

/* True when the word's last byte is one of set. */
static bool ends_with_any(const struct tok *t, const char *set)
{
    return t->n > 0 && strchr(set, t->s[t->n - 1]) != NULL;
}

/* True when t is exactly one of the n words. */
static bool tok_in(const struct tok *t, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strlen(words[i]) == t->n && memcmp(words[i], t->s, t->n) == 0) {
            return true;
        }
    }
    return false;
}

/* An abbreviation: listed, or with a full stop inside as well ("bl.a."). */
static bool is_abbrev(const struct tok *t)
{
    if (t->n < 2 || t->s[t->n - 1] != '.') {
        return false;
    }
    return tok_in(t, abbreviations, NELEM(abbreviations)) ||
           memchr(t->s, '.', t->n - 1) != NULL;
}

/* True when the word before ends a sentence: '.' (not an abbreviation's)
 * or ')'. */
static bool ends_sentence(const struct tok *t)
{
    return ends_with_any(t, ")") || (ends_with_any(t, ".") && !is_abbrev(t));
}

/* Bytes of the word's leading run of letters ("Har," → 3). */
static size_t core_len(const char *s, size_t n)
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
    struct tok t = {clean, strcspn(clean, " ")};
    if (!is_cap_word(&t)) {
        return;
    }
    size_t n = core_len(t.s, t.n);
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
static int learned_level(const struct rg_words *w, const struct tok *t)
{
    size_t n = core_len(t->s, t->n), p = prefix_bytes(t->s, n, 5);
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
static size_t tokenize(const char *s, struct tok **out)
{
    size_t n = 0, cap = 16;
    struct tok *t = xmalloc(cap * sizeof *t);
    while (*s) {
        size_t len = strcspn(s, " ");
        if (len > 0) {
            if (n == cap) {
                cap *= 2;
                t = xrealloc(t, cap * sizeof *t);
            }
            t[n++] = (struct tok){s, len};
        }
        s += len;
        while (*s == ' ') {
            s++;
        }
    }
    *out = t;
    return n;
}

/* The score of word i as the start of an item in a cell whose number of
 * items is known, or -1000 when it cannot start one. */
static int item_score(const struct tok *t, size_t i, size_t nt, const struct rg_words *lw)
{
    if (i == 0 || !is_cap_word(&t[i]) || tok_in(&t[i - 1], function_words,
                                                 NELEM(function_words)) ||
        ends_with_any(&t[i - 1], ",:;")) {
        return -1000;
    }
    int score = 2 * learned_level(lw, &t[i]);
    if (ends_sentence(&t[i - 1])) {
        score += 2;
    }
    if (i + 1 < nt && starts_lower(&t[i + 1])) {
        score += 1;
    }
    if (starts_upper(&t[i - 1])) {
        score -= 1; /* a capitalised word before: a name goes on */
    }
    if (i + 1 < nt && is_cap_word(&t[i + 1])) {
        score -= 1; /* "Fælleskommunalt Klassifikationssystem" */
    }
    return score;
}

/* Orders candidates by falling score, then by position. */
static int cand_by_score(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->score != y->score) {
        return x->score > y->score ? -1 : 1;
    }
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Orders candidates by position. */
static int cand_by_pos(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Pushes the items that start at words cut[0..ncut-1] (ascending; the
 * first item starts at word 0). */
static void push_pieces(const struct tok *t, size_t nt, const size_t *cut, size_t ncut,
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

/* See rollegalleri_int.h. */
size_t rg_split_items(const char *clean, size_t n, const struct rg_words *learned,
                      struct strv *out, bool *ambiguous)
{
    struct tok *t;
    size_t nt = tokenize(clean, &t), nc = 0;
    struct cand *c = xmalloc((nt + 1) * sizeof *c);
    *ambiguous = false;
    for (size_t i = 1; i < nt; i++) {
        int s = item_score(t, i, nt, learned);
        if (s > -1000) {
            c[nc++] = (struct cand){i, s};
        }
    }
    if (n == 0 || nc < n - 1) {
        free(c);
        free(t);
        return nc;
    }
    qsort(c, nc, sizeof *c, cand_by_score);
    if (nc > n - 1 && n > 1 && c[n - 2].score == c[n - 1].score) {
        *ambiguous = true;
    }
    qsort(c, n - 1, sizeof *c, cand_by_pos);
    size_t *cut = xmalloc(n * sizeof *cut);
    for (size_t k = 0; k + 1 < n; k++) {
        cut[k] = c[k].i;
    }
    push_pieces(t, nt, cut, n - 1, out);
    free(cut);
    free(c);
    free(t);
    return nc;
}

/* The word before an item start of a list of unknown length: it ends in a
 * small letter, is no function word and no capitalised name. */
static bool plain_before(const struct tok *prev)
{
    return ends_lower(prev) && !starts_upper(prev) &&
           !tok_in(prev, function_words, NELEM(function_words));
}

/* True when word i starts a competence by itself: a learned item start,
 * a word after a sentence's end, or a capitalised word after a plain word
 * and before a small one ("... konflikthåndtering Indsigt i ..."). */
static bool comp_boundary(const struct tok *t, size_t i, size_t nt, const struct rg_words *lw)
{
    if (i == 0 || !is_cap_word(&t[i]) || ends_with_any(&t[i - 1], ",:;")) {
        return false;
    }
    if (learned_level(lw, &t[i]) == 2 || ends_sentence(&t[i - 1])) {
        return true;
    }
    return plain_before(&t[i - 1]) && i + 1 < nt && starts_lower(&t[i + 1]);
}

/* Splits clean run-on prose into competences. A one-word item
 * ("... som det skal Konflikthåndtering Kender ...") is a capitalised word
 * after a plain word and right before another boundary. */
static void split_runon(const char *clean, const struct rg_words *lw, struct strv *out)
{
    struct tok *t;
    size_t nt = tokenize(clean, &t), ncut = 0;
    bool *at = xcalloc(nt + 1, sizeof *at);
    size_t *cut = xmalloc((nt + 1) * sizeof *cut);
    for (size_t i = 1; i < nt; i++) {
        at[i] = comp_boundary(t, i, nt, lw);
    }
    for (size_t i = 1; i + 1 < nt; i++) {
        if (!at[i] && at[i + 1] && is_cap_word(&t[i]) && plain_before(&t[i - 1])) {
            at[i] = true;
        }
    }
    for (size_t i = 1; i < nt; i++) {
        if (at[i]) {
            cut[ncut++] = i;
        }
    }
    push_pieces(t, nt, cut, ncut, out);
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
