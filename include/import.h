/*
 * import: reads KOMBIT's documents exactly as they come and loads them into
 * the database. The parsers (rollegalleri, KLIK task exports in key/tab/value
 * and PDF-text form, Markdown documents, the municipality list) turn bytes
 * into the plain structs below and touch no database; import_files() detects
 * each file's kind by its content and writes everything through the model in
 * one transaction, or nothing.
 */
#ifndef KLIKD_IMPORT_H
#define KLIKD_IMPORT_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "util.h"

struct db;

/* Where a parse failed: file and 1-based line (0 when not tied to a line). */
struct import_err {
    char file[256]; /* the file name as given */
    int line;       /* 1-based line, 0 if none */
    char msg[512];  /* what is wrong, in English, naming the field */
};
void import_fail(struct import_err *err, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

enum import_kind {
    IMPORT_UNKNOWN,
    IMPORT_ROLLEGALLERI, /* KOMBIT's role gallery export */
    IMPORT_KLIK_TAB,     /* KLIK task, key<TAB>value export */
    IMPORT_KLIK_PDF,     /* KLIK task, text extracted from a PDF */
    IMPORT_DOCUMENT,     /* a Markdown-ish document shown as a vejledning */
    IMPORT_KOMMUNER,     /* kommunekode,navn,regionskode,region CSV */
};
/* Detects a file's kind from its content alone. */
enum import_kind import_detect(const char *text, size_t len);
const char *import_kind_name(enum import_kind k);

/* ---- rollegalleri ---- */

/* A phase mark: "" (MARK_NONE), "X" or the conditional "(X)". */
enum mark { MARK_NONE, MARK_X, MARK_COND };
const char *mark_str(enum mark m); /* "", "X", "(X)" */

struct rg_item {
    char *text;          /* clean prose: no tags, bullets or doubled spaces */
    enum mark impl;      /* Implementering */
    enum mark oper;      /* Drift og forvaltning */
};

struct rg_role {
    char *name;               /* as the role's own "Rolle" header spells it */
    char *slug;               /* slugify(name) */
    char *category;           /* "system-specific", "cross-cutting",
                                 "infrastructure", "infrastructure-administrator" */
    char *effect;             /* "Effekten" */
    struct rg_item *tasks;    /* "Opgaver", in document order */
    size_t ntasks;
    struct rg_item *resps;    /* "Ansvar", in document order */
    size_t nresps;
    char **competences;       /* "Kompetencer", one string per item */
    size_t ncompetences;
    char *characteristics;    /* "Kendetegn" */
    int phase;                /* implementation phase it is appointed in, 1..4; 0 unknown */
    char *successor;          /* name of the role it turns into, or NULL */
    int line;                 /* line of the first "Rolle" header */
};

struct rollegalleri {
    char *version;            /* "1.5", or NULL (a single role card) */
    struct rg_role *roles;
    size_t nroles;
    struct strv warnings;     /* non-fatal findings, e.g. a category cross-check */
};

/* Parses a rollegalleri export (or a single role card in the same format).
 * Returns 0, or -1 with err filled (err->file is set by the caller). */
int rg_parse(const char *text, size_t len, struct rollegalleri *out, struct import_err *err);
void rg_free(struct rollegalleri *rg);

/* ---- KLIK task exports ---- */

struct klik_comment {
    char *author; /* "Pernille Schultz" */
    char *at;     /* UTC "2020-10-02T14:09:00Z" (the export shows Copenhagen time) */
    char *body;   /* Markdown */
};

struct klik_task {
    long external_id;           /* "Master-opgave ID"; 0 when the document has none */
    char *title;
    char *project;              /* project code, e.g. "KY" */
    char *phase;                /* without the "(Fase)" suffix */
    char *theme;                /* without the "(Tema)" suffix */
    char *priority;
    int sts;                    /* 1 "Ja", 0 "Nej", -1 not given */
    int has_duration, duration_days;
    int has_end_offset, end_offset_days;     /* "Slutdato (fra Go-Live)" */
    int has_start_offset, start_offset_days; /* "Startdato (fra Slutdato)" */
    struct strv waves;          /* "KY - Bølge 5", ... */
    char *goal;                 /* Markdown */
    char *description;          /* Markdown */
    struct strv method_steps;   /* Markdown, one per top-level step */
    char *result;               /* Markdown */
    char *recommended_performer;
    char *involved_parties;
    char *publication_status;
    struct strv links;          /* link targets, in order of first appearance */
    struct klik_comment *comments;
    size_t ncomments;
};

/* Parses either KLIK export form. project_override (may be NULL) is the
 * --project given on the command line; known_projects (NULL-terminated) are
 * the project codes a title may name when the document names no project.
 * Returns 0, or -1 with err filled. */
int klik_parse(const char *text, size_t len, enum import_kind kind, const char *project_override,
               const char *const *known_projects, struct klik_task *out, struct import_err *err);
void klik_free(struct klik_task *t);

/* ---- documents (vejledninger) ---- */

struct document {
    char *title;    /* from the first heading */
    char *slug;     /* slugify(title) */
    char *markdown; /* clean CommonMark: page breaks joined, footnotes at the end */
};
int doc_parse(const char *text, size_t len, struct document *out, struct import_err *err);
void doc_free(struct document *d);

/* ---- municipalities ---- */

struct kommune {
    char code[4];      /* "101" */
    char *name;        /* "København" */
    char *region_code; /* "1084" */
    char *region;      /* "Region Hovedstaden" */
};
int kommuner_parse(const char *text, size_t len, struct kommune **out, size_t *nout,
                   struct import_err *err);
void kommuner_free(struct kommune *k, size_t n);

/* ---- text helpers shared by the parsers (src/import/text.c) ---- */

/* Checks a document's bytes before it is parsed: skips a UTF-8 byte-order
 * mark (moving *text and *len past it) and fails on an empty or blank file
 * ("empty file", line 0) or one that is not UTF-8 text ("not a text file:
 * invalid UTF-8 or NUL byte", with the line of the first bad byte). 0 or -1. */
int import_text_start(const char **text, size_t *len, struct import_err *err);

/* Removes HTML tags, bullet characters (•, ▪, ◦), footnote marks such as
 * "^v" or "^{iv}", and squeezes white space. Caller frees. */
char *text_clean(const char *s, size_t n);

/* ---- what no KOMBIT document looks like (src/import/limits.c) ---- */

#define IMPORT_MAX_BYTES (10u * 1024u * 1024u) /* the largest file read */
#define IMPORT_MAX_MD_DEPTH 16 /* lists and block quotes nested at most */

/* Reads path whole into *text (NUL-terminated, caller frees) and *len.
 * Reads at most IMPORT_MAX_BYTES + 1 bytes: a larger file (or a device
 * such as /dev/zero) fails with "larger than 10 MB". Returns 0, or -1 with
 * err filled (line 0) and *text NULL. */
int import_read(const char *path, char **text, size_t *len, struct import_err *err);
/* The deepest nesting of lists and block quotes in markdown; *line gets
 * the Markdown line where the deepest one starts (0 when none). */
int import_md_depth(const char *markdown, int *line);
/* Fails (-1, err filled, naming field) when markdown (may be NULL) nests
 * deeper than IMPORT_MAX_MD_DEPTH; else 0. */
int import_md_check(const char *markdown, const char *field, struct import_err *err);
/* import_md_check() over every Markdown field of a parsed task: goal,
 * description, method steps, result and comment bodies. 0 or -1. */
int import_task_check(const struct klik_task *t, struct import_err *err);

/* ---- stored HTML (src/import/html.c) ---- */

/* Adds to a task in the mt_get shape the HTML of its Markdown, rendered by
 * md_render(): goal_html, description_html, result_html (JSON null when
 * the field is absent), method_html (the steps as one numbered list) and
 * each comment's body_html. Renders; writes nothing. */
void import_task_html(json_t *task);
/* Renders and stores the HTML of every master task, comment and document
 * saved without it (rows from before migration 0003): everything is
 * rendered first, then written in one short transaction. Prints a line to
 * log (may be NULL) when it filled any. 0, or -1 with err filled. */
int import_fill_html(struct db *db, FILE *log, struct import_err *err);

/* ---- the importer ---- */

struct import_opts {
    const char *project;  /* --project CODE, or NULL: must name a known project */
    FILE *out;            /* where the summary goes */
};

/* Imports files in one transaction: every file is detected, parsed and
 * written, or the database is left unchanged and err names the file and
 * line. A --project that is not a project code, or names no project the
 * database knows, is refused (err->file "--project") before any file is
 * read. Returns 0 or -1. */
int import_files(struct db *db, const char *const *paths, size_t npaths,
                 const struct import_opts *opts, struct import_err *err);

#endif
