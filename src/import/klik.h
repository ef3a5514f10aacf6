/*
 * klik.h: private to src/import/klik*.c. The KLIK parser cuts a file into
 * lines, the lines into labelled fields (klik.c), and turns each field's
 * lines into the task's members (klik_fields.c, comments in klik_comment.c)
 * via a list of blocks — paragraphs and list items — that it renders as
 * Markdown (klik_md.c). The two export forms differ only in how lines
 * become blocks: klik_tab.c reads the key/tab/value export (HTML on the
 * label line, Markdown-ish lines after it), klik_pdf.c reads text extracted
 * from a PDF (broken lines, "•" bullets, URL lines gathered at page ends).
 * Nothing here touches the database or keeps global state.
 */
#ifndef KLIKD_IMPORT_KLIK_H
#define KLIKD_IMPORT_KLIK_H

#include <stdbool.h>
#include <stddef.h>

#include "import.h"

/* One line of the file, without its line break (and without a final CR). */
struct kline {
    const char *s; /* borrowed from the parsed text */
    size_t n;      /* bytes */
    int no;        /* 1-based line number */
};

enum blk_kind {
    BLK_PARA,      /* a top-level paragraph */
    BLK_ITEM,      /* a list item's first paragraph */
    BLK_ITEM_PARA, /* a further paragraph of the list item before it */
};

struct blk {
    enum blk_kind kind; /* what the block is */
    int level;          /* list depth of an item, 0 = top-level list */
    int number;         /* an ordered item's number; 0 for a bullet */
    struct buf text;    /* cleaned inline Markdown on one line */
};

/* The blocks of one field, and the state of the feeder building them. */
struct blocks {
    struct blk *items;  /* in document order */
    size_t nitems;      /* blocks used */
    size_t cap;         /* blocks allocated */
    bool open;          /* the last block takes continuation text */
    bool numbered;      /* the current list's top level is numbered */
    int bullet_level;   /* level of the last plain bullet item, -1 if none */
    int ol_next;        /* next number of an HTML <ol>, 0 outside one */
    int ul_depth;       /* open HTML <ul>/<ol> elements */
    struct strv *links; /* where link targets are collected; borrowed */
};

/* ---- klik_md.c: blocks, inline text and Markdown ---- */

void blk_init(struct blocks *bl, struct strv *links);
void blk_free(struct blocks *bl);
/* Starts a block; an item's level is clamped to one below the item before. */
void blk_new(struct blocks *bl, enum blk_kind kind, int level, int number);
/* Appends raw text to the open block (opening a paragraph if none is open),
 * joined with a space, or without one after a hyphenated word when
 * hyphen_join is set. The text is cleaned first (md_inline). */
void blk_text(struct blocks *bl, const char *s, size_t n, bool hyphen_join);
/* Closes the open block: the next text starts a new paragraph. */
void blk_break(struct blocks *bl);
/* Joins a paragraph that starts lower-case to the block before it when that
 * block ends mid-sentence; drops empty blocks. Run once after feeding. */
void blk_finish(struct blocks *bl);
/* Markdown of all blocks; caller frees. */
char *blk_markdown(const struct blocks *bl);
/* All block texts joined by single spaces, for plain fields; caller frees. */
char *blk_plain(const struct blocks *bl);
/* One Markdown string per top-level item (without its marker or number),
 * sub-items nested under it; paragraphs before the first item are steps of
 * their own, paragraphs after an item belong to it. */
void blk_steps(const struct blocks *bl, struct strv *steps);

/* Cleans inline text: removes HTML tags (keeping <scheme:...> autolinks),
 * bullets and doubled spaces; collects autolink and Markdown link targets
 * into links (de-duplicated; links may be NULL). Caller frees. */
char *md_inline(const char *s, size_t n, struct strv *links);
/* The length of an autolink "<https://...>" (or http:, mailto:) at s, or 0. */
size_t autolink_len(const char *s, size_t n);
/* Adds a link target to links unless it is already there. */
void links_add(struct strv *links, const char *s, size_t n);
/* The length of a whole-line URL (http://, https://, mailto:) after trimming,
 * or 0 when the line is anything else; *start gets its offset. */
size_t url_line(const char *s, size_t n, size_t *start);
/* Character classes of the first code point of s (n bytes). */
bool starts_upper(const char *s, size_t n);
bool starts_lower(const char *s, size_t n);
/* True when the trimmed s ends a sentence: . ! ? (before a closing quote). */
bool ends_sentence(const char *s, size_t n);

/* ---- klik_tab.c and klik_pdf.c: lines into blocks ---- */

/* Feeds a field of the key/tab/value export: value is the text after the
 * label on the label line, lines[0..nlines) the lines that follow. */
void tab_feed(struct blocks *bl, const char *value, size_t vn, const struct kline *lines,
              size_t nlines);
/* Feeds a field of the PDF-text form, likewise. */
void pdf_feed(struct blocks *bl, const char *value, size_t vn, const struct kline *lines,
              size_t nlines);

/* ---- klik.c and klik_fields.c: labelled fields ---- */

/* The fields a label fills. */
enum kfield {
    KF_ID,
    KF_TITLE,
    KF_PROJECT,
    KF_PHASE,
    KF_THEME,
    KF_PRIORITY,
    KF_STS,
    KF_DURATION,
    KF_END,
    KF_START,
    KF_WAVES,
    KF_GOAL,
    KF_DESC,
    KF_METHOD,
    KF_RESULT,
    KF_PERFORMER,
    KF_PARTIES,
    KF_PUBSTATUS,
    KF_COMMENTS,
    KF__MAX
};

/* One labelled field: where its label stands and which lines follow it. */
struct seg {
    enum kfield field; /* which field */
    const char *label; /* the label as matched */
    int line;          /* line number of the label */
    const char *v;     /* the value after the label on its line; borrowed */
    size_t vn;         /* its length */
    size_t first, end; /* continuation lines [first, end) */
};

/* The state of one parse. */
struct kparse {
    enum import_kind kind;    /* IMPORT_KLIK_TAB or IMPORT_KLIK_PDF */
    struct kline *lines;      /* every line of the file */
    size_t nlines;            /* how many */
    struct seg segs[KF__MAX]; /* in document order */
    size_t nsegs;             /* how many; each label counts once */
    bool seen[KF__MAX];       /* labels met so far */
    size_t pre_end;           /* lines before the first label: [0, pre_end) */
    char *pre_title;          /* the text before the first label, owned */
    int title_line;           /* where the title stands, 0 unknown */
    struct import_err *err;   /* where the first problem goes; borrowed */
};

/* Turns lines [first, end) after a label's value v into finished blocks with
 * the form's feeder; link targets go to links. Free with blk_free(). */
void klik_feed(struct kparse *p, const char *v, size_t vn, size_t first, size_t end,
               struct strv *links, struct blocks *bl);
/* Fills the task from one field. Returns 0, or -1 with err set. */
int klik_fill_field(struct kparse *p, const struct seg *sg, struct klik_task *t);
/* Settles the project: the document's own, else the override (which must
 * agree with a title naming one known project), else the one known project
 * code the title names as a word. Returns 0, or -1 with err set ("...
 * names no project: give --project CODE", "the title names project X but
 * --project says Y"). */
int klik_settle_project(struct kparse *p, const char *override, const char *const *known,
                        struct klik_task *t);

/* ---- klik_comment.c ---- */

/* Reads the "Kommentarer" field: value is the text after the label (the
 * first comment's header "**Name** dd/mm/yyyy HH:MM"), lines the rest of
 * the file; line is the label's line number. Appends to t->comments.
 * Returns 0, or -1 with err set. */
int klik_comments(const char *value, size_t vn, int line, const struct kline *lines,
                  size_t nlines, struct klik_task *t, struct import_err *err);

#endif
