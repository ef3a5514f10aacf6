/*
 * rollegalleri_items: cuts the text cell of a one-cell Opgaver or Ansvar
 * table into its items. The export sometimes runs a whole table into one
 * cell, with nothing between the items but a space, and puts one mark line
 * per item under it: the number of items n is known, the cuts are not.
 * Every capitalised word is a candidate cut, scored on its own evidence —
 * is it a word the gallery opens items with, does a preposition or a name
 * stand before it, does a sentence end before it — and the n-1 cuts with
 * the best total, items of a few words at least, are chosen by dynamic
 * programming over the candidates. Words that continue a sentence
 * ("Det", "Herunder", "Fx") are never cuts. It knows no role by name,
 * touches no database and keeps no state between calls.
 */
#include <stdlib.h>
#include <string.h>

#include "rollegalleri_int.h"

/* The first words of the items of KOMBIT's Rollegalleri version 1.5
 * (seeds/rollegalleri-v1.5.txt): every word that opens an Opgaver or
 * Ansvar item there, as its own rows and bullets spell them, without the
 * comma some of them carry. Nearly all are verbs in the present tense
 * ("Sikrer", "Deltager"); the rest open an item with what the role is
 * ("Ansvarlig for", "Sparringspart for", "Er", "Har", "Kan", "Skal").
 * Words a document learns besides these (rg_words) count the same. */
static const char *const openings[] = {
    "Afklarer", "Agerer", "Aktiverer", "Allokeres", "Analyserer", "Ansvar", "Ansvarlig",
    "Arbejder", "Bidrager", "Bistår", "Definerer", "Deltage", "Deltager", "Er", "Eskalerer",
    "Etablerer", "Fastholder", "Fungerer", "Følger", "Gennemfører", "Godkender", "Har",
    "Henter", "Hjælper", "Holder", "Håndhæver", "Håndterer", "Identificerer", "Initierer",
    "Kan", "Konfigurerer", "Kontakter", "Koordinerer", "Kvalificerer", "Kvalitetstjekker",
    "Lukker", "Løser", "Mapper", "Modtager", "Motiverer", "Opretter", "Opsamler", "Opsætter",
    "Overleverer", "Overvåger", "Personalemæssigt", "Planlægger", "Påfører", "Rapporterer",
    "Rådgiver", "Samarbejder", "Sikre", "Sikrer", "Skaber", "Skal", "Sparrer", "Sparringspart",
    "Stiller", "Står", "Sætter", "Sørger", "Tager", "Tildeler", "Tilpasser", "Tilrettelægger",
    "Tilslutter", "Træffer", "Udarbejder", "Udredde", "Udreder", "Underskriver", "Understøtter",
    "Validerer", "Varetager", "Verificerer", "Videresender", "Vurderer", "Yder",
};

/* Pronouns, adverbs and conjunctions that open a sentence going on with
 * the item before it ("... Bogførings-/opkrævningsområdet. Det kunne fx
 * være ..."): never an item's first word. */
static const char *const continuations[] = {
    "Det", "Dette", "Der", "Den", "De", "Denne", "Disse", "Dermed", "Derfor", "Derudover",
    "Desuden", "Endvidere", "Endeligt", "Endelig", "Herunder", "Her", "Heraf", "Herved",
    "Hermed", "Herefter", "Fx", "F.eks.", "Eksempelvis", "Bl.a.", "Dvs.", "Jf.", "Også",
    "Hvis", "Når", "Hvor", "Hvilket", "Men", "Og", "Eller", "Samt", "Som", "Så", "Typisk",
    "Fordi", "Da", "Idet", "Ligesom", "Særligt", "Specielt",
};

/* Words after an opening that make it an example of the sentence before
 * ("... håndtering af fejl. Hjælper fx ved eskalation ..."). */
static const char *const examples[] = {"fx", "fx.", "f.eks.", "eksempelvis", "bl.a.", "typisk"};

/* The evidence weights. An opening outweighs everything else but a
 * preposition before it; a sentence end alone says little, since items
 * have second sentences. */
enum {
    W_OPENING = 10,     /* a listed or learned opening word */
    W_NEAR_OPENING = 6, /* shares five letters with one ("Udredder") */
    W_VERB_FORM = 4,    /* ends in -r like the present tense ("Opnår") */
    W_SENTENCE = 2,     /* a sentence ends before it */
    W_LOWER_NEXT = 1,   /* a small word follows, as after a verb */
    W_PREPOSITION = -8, /* "i Fælleskommunalt ...", "for Kommunens ..." */
    W_NAME_BEFORE = -4, /* a capitalised word before: a name goes on */
    W_NAME_AFTER = -3,  /* a capitalised word after: a name starts */
    W_EXAMPLE = -8,     /* "Hjælper fx ..." */
    W_SHORT_ITEM = -6,  /* an item of fewer than MIN_WORDS words */
    MIN_WORDS = 3,
    NO_CUT = -1000000,  /* impossible */
};

/* Above this many (cuts x candidates x candidates) steps the cuts are the
 * n-1 best single scores instead of the dynamic programme's. */
#define DP_BUDGET 20000000u

/* A candidate cut before word i. */
struct cand {
    size_t i;  /* index of the word that would open the item */
    int score; /* higher is a likelier cut */
};

/* The evidence that word t is an item's opening, from its own letters. */
static int opening_weight(const struct rg_tok *t, const struct rg_words *lw)
{
    size_t n = rg_core_len(t->s, t->n);
    for (size_t i = 0; i < NELEM(openings); i++) {
        if (strlen(openings[i]) == n && memcmp(openings[i], t->s, n) == 0) {
            return W_OPENING;
        }
    }
    int level = rg_learned_level(lw, t);
    if (level == 2) {
        return W_OPENING;
    }
    if (level == 1) {
        return W_NEAR_OPENING;
    }
    return n > 2 && t->s[n - 1] == 'r' ? W_VERB_FORM : 0;
}

/* The score of a cut before word i, or NO_CUT when word i cannot open an
 * item: not a capitalised word, a continuation word, or after ',', ':' or
 * ';'. */
static int cut_score(const struct rg_tok *t, size_t i, size_t nt, const struct rg_words *lw)
{
    const struct rg_tok *prev = &t[i - 1], *next = i + 1 < nt ? &t[i + 1] : NULL;
    if (!rg_tok_cap_word(&t[i]) || rg_tok_in(&t[i], continuations, NELEM(continuations)) ||
        rg_tok_ends_any(prev, ",:;")) {
        return NO_CUT;
    }
    int score = opening_weight(&t[i], lw);
    bool sentence = rg_tok_ends_sentence(prev);
    if (sentence) {
        score += W_SENTENCE;
    } else if (rg_tok_cap_word(prev)) {
        score += W_NAME_BEFORE; /* not after an acronym: "... til KOMBIT Modtager" */
    }
    if (rg_tok_in(prev, rg_function_words, rg_nfunction_words)) {
        score += W_PREPOSITION;
    }
    if (next && rg_tok_lower(next)) {
        score += W_LOWER_NEXT;
    }
    if (next && rg_tok_cap_word(next)) {
        score += W_NAME_AFTER;
    }
    if (next && rg_tok_in(next, examples, NELEM(examples))) {
        score += W_EXAMPLE;
    }
    return score;
}

/* The penalty of an item of len words. */
static int length_weight(size_t len)
{
    return len < MIN_WORDS ? W_SHORT_ITEM : 0;
}

/* Chooses m cuts among c[0..nc) maximising the cuts' scores plus the
 * items' length weights (nt words in all); writes the chosen word indexes
 * ascending to cut. Needs m <= nc. */
static void choose_dp(const struct cand *c, size_t nc, size_t m, size_t nt, size_t *cut)
{
    int *best = xmalloc(m * nc * sizeof *best);
    size_t *from = xmalloc(m * nc * sizeof *from);
    for (size_t k = 0; k < m; k++) {
        for (size_t j = 0; j < nc; j++) {
            int b = NO_CUT;
            size_t f = 0;
            if (k == 0) {
                b = c[j].score + length_weight(c[j].i);
            }
            for (size_t p = k > 0 ? k - 1 : nc; p < j; p++) {
                int v = best[(k - 1) * nc + p];
                if (v > NO_CUT) {
                    v += c[j].score + length_weight(c[j].i - c[p].i);
                    if (v > b) {
                        b = v, f = p;
                    }
                }
            }
            best[k * nc + j] = b;
            from[k * nc + j] = f;
        }
    }
    size_t last = m - 1;
    int top = NO_CUT;
    for (size_t j = m - 1; j < nc; j++) {
        int v = best[(m - 1) * nc + j];
        if (v > NO_CUT && v + length_weight(nt - c[j].i) > top) {
            top = v + length_weight(nt - c[j].i), last = j;
        }
    }
    for (size_t k = m; k-- > 0;) {
        cut[k] = c[last].i;
        last = from[k * nc + last];
    }
    free(from);
    free(best);
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

/* Orders word indexes ascending. */
static int by_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Chooses the m best-scoring cuts of c[0..nc) (reordered) into cut,
 * ascending: the fallback for cells too big for choose_dp. */
static void choose_greedy(struct cand *c, size_t nc, size_t m, size_t *cut)
{
    qsort(c, nc, sizeof *c, cand_by_score);
    for (size_t k = 0; k < m; k++) {
        cut[k] = c[k].i;
    }
    qsort(cut, m, sizeof *cut, by_index);
}

/* True when a chosen cut scores the same as an unchosen one: the split is
 * then a guess between equals. */
static bool tie(const struct cand *c, size_t nc, const size_t *cut, size_t m)
{
    int low = NO_CUT, high = NO_CUT;
    for (size_t j = 0, k = 0; j < nc; j++) {
        bool chosen = k < m && cut[k] == c[j].i;
        k += chosen;
        if (chosen && (low == NO_CUT || c[j].score < low)) {
            low = c[j].score;
        } else if (!chosen && c[j].score > high) {
            high = c[j].score;
        }
    }
    return m > 0 && high == low;
}

/* See rollegalleri_int.h. */
size_t rg_split_items(const char *clean, size_t n, const struct rg_words *learned,
                      struct strv *out, bool *ambiguous)
{
    struct rg_tok *t;
    size_t nt = rg_tokenize(clean, &t), nc = 0;
    struct cand *c = xmalloc((nt + 1) * sizeof *c);
    *ambiguous = false;
    for (size_t i = 1; i < nt; i++) {
        int s = cut_score(t, i, nt, learned);
        if (s > NO_CUT) {
            c[nc++] = (struct cand){i, s};
        }
    }
    if (n == 0 || nc < n - 1) {
        free(c);
        free(t);
        return nc;
    }
    size_t m = n - 1, *cut = xmalloc(n * sizeof *cut);
    if (m > 0 && (double)m * nc * nc <= DP_BUDGET) {
        choose_dp(c, nc, m, nt, cut);
        *ambiguous = tie(c, nc, cut, m);
    } else if (m > 0) {
        choose_greedy(c, nc, m, cut);
        *ambiguous = m < nc && c[m - 1].score == c[m].score;
    }
    rg_push_pieces(t, nt, cut, m, out);
    free(cut);
    free(c);
    free(t);
    return nc;
}
