/*
 * tpl_int: the parsed form of a template, shared by the parser (tpl.c) and
 * the renderer (tpl_render.c) and by nothing else. A template is a flat
 * array of nodes; a section node knows where its body ends. Callers outside
 * src/view/ see only struct tpl_set through tpl.h.
 */
#ifndef KLIKD_TPL_INT_H
#define KLIKD_TPL_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "tpl.h"

enum node_kind { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL };
enum fmt { F_NONE, F_DATE, F_DATETIME, F_MARK, F_URL, F_HREF };

#define TPL_MAX_PATH 6
#define TPL_MAX_DEPTH 48

struct node {
    enum node_kind kind;
    int line;                     /* 1-based line of the tag in its file */
    const char *text;             /* N_TEXT: into the template source */
    size_t len;                   /* N_TEXT: bytes of text */
    const char *path[TPL_MAX_PATH]; /* names: owned copies; path[0]=="." for the item */
    size_t npath;                 /* names in path */
    enum fmt fmt;                 /* N_VAR: formatter */
    bool optional;                /* N_VAR written {{name?}}: may be absent */
    const char *eq;               /* sections: compare with this text, or NULL */
    bool test;                    /* sections written {{#name?}}: test only, no iteration */
    size_t end;                   /* sections: index of the node after the body */
    size_t partial;               /* N_PARTIAL: template index */
    char *partial_name;           /* N_PARTIAL: the name as written, owned */
};

struct tpl {
    char *name;                   /* file name without ".html", owned */
    char *src;                    /* the file, owned; text nodes point into it */
    struct node *nodes;           /* owned */
    size_t nnodes;                /* nodes in use */
};

struct tpl_set {
    struct tpl *tpls;             /* owned */
    size_t ntpls;                 /* templates in tpls */
    bool strict;                  /* rendering fails on unresolved names */
};

/* The index of the template called name in set, or -1 (tpl.c). */
long tpl_find(const struct tpl_set *set, const char *name);

#endif
