/*
 * rollegalleri_int: what the rollegalleri parser's source files share and
 * no other module may use — a line cut into TAB cells, the words of clean
 * prose and those the document itself uses to start an item, the
 * splitting of one-cell tables and run-on competences into items, and
 * the Figur 1 overview that gives each role its category. Nothing here
 * touches the database or keeps global state.
 */
#ifndef KLIKD_ROLLEGALLERI_INT_H
#define KLIKD_ROLLEGALLERI_INT_H

#include "import.h"

#define RG_MAXCELLS 32

/* One line of the export cut at its TABs; every cell is borrowed from the
 * text and not NUL-terminated. */
struct rg_cells {
    const char *p[RG_MAXCELLS]; /* start of each cell */
    size_t n[RG_MAXCELLS];      /* its length in bytes */
    size_t count;               /* cells on the line (1 for a line without TAB) */
};

/* True when cell i exists and is label, ignoring surrounding blanks. */
bool rg_cell_is(const struct rg_cells *c, size_t i, const char *label);
/* True when s contains a list bullet (•, ▪, ◦, ...). */
bool rg_has_bullet(const char *s, size_t n);

/* ---- the first pass (rollegalleri_lines.c) ---- */

/* The part of a role block the lines are in. */
enum rg_sect { RG_NONE, RG_EFFECT, RG_TASKS, RG_RESPS, RG_COMP, RG_CHAR };

/* The phase marks of one item. */
struct rg_marks {
    enum mark impl; /* Implementering */
    enum mark oper; /* Drift og forvaltning */
};

/* One text row of an Opgaver or Ansvar table: usually one item; a cell
 * holding several items gets one more mark set per mark-only line below. */
struct rg_row {
    struct buf raw;         /* raw cell text, page-break continuations appended */
    struct rg_marks *marks; /* one set per item */
    struct rg_marks aligned; /* the row's own marks read against the header's
                                columns, used when mark-only lines follow */
    size_t nmarks;          /* items in the row */
    size_t cap;             /* mark sets allocated */
    int line;               /* where the row is */
};

/* The rows of one Opgaver or Ansvar table. */
struct rg_table {
    struct rg_row *rows; /* in document order (owned) */
    size_t nrows;
    size_t cap;          /* rows allocated */
};

/* A role as read in the first pass. */
struct rg_draft {
    char *name;                /* clean header name (owned) */
    int line;                  /* first "Rolle" header */
    struct buf effect;         /* raw Effekten */
    struct buf charac;         /* raw Kendetegn */
    struct rg_table tables[2]; /* Opgaver, Ansvar */
    struct strv comps;         /* raw Kompetencer cells, one per row */
};

/* The first pass's state. */
struct rg_parser {
    struct rg_draft *drafts; /* roles in document order (owned) */
    size_t ndrafts;
    size_t cap;              /* drafts allocated */
    enum rg_sect sect;       /* where the current role's lines go */
    bool after_break;        /* the previous line repeated the role's header */
    struct import_err *err;  /* borrowed */
};

/* Cuts a line at its TABs. Returns -1 when it has too many cells. */
int rg_cut_cells(const char *s, size_t n, struct rg_cells *c);
/* True when raw cell text is empty once cleaned. */
bool rg_blank(const char *s, size_t n);
/* Reads one line of the role descriptions into the drafts. Returns 0, or
 * -1 with p->err filled. */
int rg_role_line(struct rg_parser *p, const struct rg_cells *c, int line);
/* Checks that a role read has every part. Returns 0, or -1 with err filled. */
int rg_draft_check(const struct rg_draft *d, struct import_err *err);
/* Frees every draft. */
void rg_parser_free(struct rg_parser *p);

/* ---- words of clean prose (rollegalleri_split.c) ---- */

/* A word of clean prose: clean text has single spaces between words. */
struct rg_tok {
    const char *s; /* borrowed */
    size_t n;      /* bytes */
};

/* Cuts clean prose at its spaces into *out (caller frees); returns the
 * number of words. */
size_t rg_tokenize(const char *clean, struct rg_tok **out);
/* A word that may start an item: a capital, then a small letter, and no
 * more capitals ("Har", "It-/digitalisering."; not "ØiR", "KLIK-opgaver"). */
bool rg_tok_cap_word(const struct rg_tok *t);
/* True when the word starts with a capital (small) letter. */
bool rg_tok_upper(const struct rg_tok *t);
bool rg_tok_lower(const struct rg_tok *t);
/* True when the word's last byte is one of set. */
bool rg_tok_ends_any(const struct rg_tok *t, const char *set);
/* True when the word is exactly one of words[0..n). */
bool rg_tok_in(const struct rg_tok *t, const char *const *words, size_t n);
/* True when the word ends a sentence: '.' (not an abbreviation's) or ')'. */
bool rg_tok_ends_sentence(const struct rg_tok *t);
/* Bytes of the leading run of letters of s[0..n) ("Har," gives 3). */
size_t rg_core_len(const char *s, size_t n);
/* Pushes the items of t[0..nt) that start at words cut[0..ncut) (ascending;
 * the first item starts at word 0) onto out, which owns them. */
void rg_push_pieces(const struct rg_tok *t, size_t nt, const size_t *cut, size_t ncut,
                    struct strv *out);
/* Words after which an item never starts in a run-on list ("til", "i",
 * "og", ...), and their number. */
extern const char *const rg_function_words[];
extern const size_t rg_nfunction_words;

/* The words that start an item somewhere in the document ("Har",
 * "Løser"), learned from its ordinary one-item rows and bullets. */
struct rg_words {
    struct strv words; /* owned, distinct */
};
/* Adds the first word of clean prose when it is a capitalised word. */
void rg_words_learn(struct rg_words *w, const char *clean);
/* Frees the learned words. */
void rg_words_free(struct rg_words *w);
/* 2 when the word is a learned item start, 1 when it shares its first five
 * letters with one ("Udredde"/"Udreder"), else 0; w may be NULL. */
int rg_learned_level(const struct rg_words *w, const struct rg_tok *t);

/* ---- one-cell tables (rollegalleri_items.c) ---- */

/* Splits clean prose into exactly n items at the n-1 cuts with the best
 * evidence over the whole cell (an item's opening word, what stands before
 * and after it, items of at least a few words). Returns the number of
 * candidate cuts found; when that is below n-1, out is left empty.
 * *ambiguous is set when a chosen and an unchosen cut score the same.
 * Items are pushed onto out (owned by it). */
size_t rg_split_items(const char *clean, size_t n, const struct rg_words *learned,
                      struct strv *out, bool *ambiguous);

/* ---- Kompetencer (rollegalleri_split.c) ---- */

/* Splits one raw Kompetencer cell into clean items: at bullets when it has
 * any, else at the sentence starts the heuristic accepts. Items are pushed
 * onto out (owned by it); an empty cell adds nothing. */
void rg_split_competences(const char *raw, size_t n, const struct rg_words *learned,
                          struct strv *out);

/* ---- the introduction and categories (rollegalleri_figur.c) ---- */

/* One role named in the Figur 1 overview. */
struct rg_fig_entry {
    char *name;           /* clean, without '*' (owned) */
    const char *category; /* static string, one of import.h's four */
    int line;             /* where it is listed */
};

/* The introduction: its version line and the Figur 1 overview. */
struct rg_intro {
    char *version;              /* "1.5", or NULL (owned) */
    struct rg_fig_entry *items; /* Figur 1 entries in document order (owned) */
    size_t nitems;
    size_t cap;                 /* entries allocated */
    const char *group;          /* category of the group being read, or NULL */
    bool sub;                   /* inside a group's "...:" sub-list */
};
/* Reads one line of the introduction (before the first "Rolle" block). */
void rg_intro_line(struct rg_intro *in, const char *s, size_t n, const struct rg_cells *c,
                   int line);
/* Frees what the introduction owns and zeroes it. */
void rg_intro_free(struct rg_intro *in);

/* Gives every role of out a category: its Figur 1 entry's, cross-checked
 * with its Kendetegn, or from Kendetegn alone when it has none. Findings go
 * to out->warnings. Returns 0, or -1 with err filled when a role's category
 * cannot be told. */
int rg_categorize(struct rollegalleri *out, const struct rg_intro *in, struct import_err *err);

#endif
