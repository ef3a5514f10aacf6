/*
 * tpl: the template parser and loader (see tpl.h; rendering is in
 * tpl_render.c). A template is parsed once into a flat array of nodes; a
 * section node knows where its body ends, names are split into paths and
 * partials resolved to template indexes at load time. While parsing, a
 * small HTML scanner follows the text between tags so that a variable
 * written into a URL attribute without |href or |url fails the load with
 * file and line. The parser never renders and never looks at views.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tpl.h"
#include "tpl_int.h"
#include "util.h"

/* Where the HTML scanner is, in the text between template tags. */
enum html_state {
    H_TEXT,         /* character data */
    H_TAG_OPEN,     /* just after '<' */
    H_TAG_NAME,     /* in a tag's name */
    H_ATTRS,        /* in a tag, between attributes */
    H_ATTR_NAME,    /* in an attribute's name */
    H_AFTER_NAME,   /* after an attribute's name, '=' may follow */
    H_BEFORE_VALUE, /* after '=' */
    H_VALUE,        /* in a quoted value (quote holds the quote) */
    H_VALUE_UNQ,    /* in an unquoted value */
    H_BOGUS         /* <!...> or <?...>, up to '>' */
};

/* Parser state for one template. */
struct parser {
    struct tpl *t;
    const char *file;             /* for messages */
    size_t cap;                   /* nodes allocated */
    size_t stack[TPL_MAX_DEPTH];  /* open sections */
    size_t depth;                 /* sections open */
    char **err;                   /* where a failure is reported */
    int line;                     /* line of line_pos */
    const char *line_pos;         /* how far lines are counted */
    enum html_state hs;           /* HTML scanner state */
    char quote;                   /* H_VALUE: the closing quote */
    char attr[16];                /* current attribute name, lower case, cut */
    size_t attr_len;              /* bytes in attr */
};

/* Appends a zeroed node of the given kind at the current line; the
 * pointer is valid until the next push. */
static struct node *push_node(struct parser *p, enum node_kind kind)
{
    if (p->t->nnodes == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 32;
        p->t->nodes = xrealloc(p->t->nodes, p->cap * sizeof *p->t->nodes);
    }
    struct node *n = &p->t->nodes[p->t->nnodes++];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->line = p->line;
    return n;
}

/* Advances the line count to position pos (which never moves back). */
static void count_lines(struct parser *p, const char *pos)
{
    for (; p->line_pos < pos; p->line_pos++) {
        p->line += *p->line_pos == '\n';
    }
}

/* Reports msg at position at as "file:line: msg" in *p->err; returns -1. */
static int fail(struct parser *p, const char *at, const char *msg)
{
    count_lines(p, at);
    *p->err = xasprintf("%s:%d: %s", p->file, p->line, msg);
    return -1;
}

/* Starts or extends the current attribute name with c. */
static void attr_putc(struct parser *p, char c, bool start)
{
    if (start) {
        p->attr_len = 0;
    }
    if (p->attr_len + 1 < sizeof p->attr) {
        p->attr[p->attr_len++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    } else {
        p->attr_len = sizeof p->attr; /* too long to be one we check */
    }
    p->attr[p->attr_len < sizeof p->attr ? p->attr_len : 0] = '\0';
}

/* Feeds one character of template text to the HTML scanner. */
static void html_step(struct parser *p, char c)
{
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    switch (p->hs) {
    case H_TEXT: p->hs = c == '<' ? H_TAG_OPEN : H_TEXT; break;
    case H_TAG_OPEN:
        p->hs = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '/' ? H_TAG_NAME
                : c == '!' || c == '?'                              ? H_BOGUS
                                                                    : H_TEXT;
        break;
    case H_TAG_NAME: p->hs = c == '>' ? H_TEXT : space || c == '/' ? H_ATTRS : H_TAG_NAME; break;
    case H_ATTRS:
    case H_AFTER_NAME:
        if (c == '>') {
            p->hs = H_TEXT;
        } else if (c == '=' && p->hs == H_AFTER_NAME) {
            p->hs = H_BEFORE_VALUE;
        } else if (!space && c != '/') {
            attr_putc(p, c, true);
            p->hs = H_ATTR_NAME;
        }
        break;
    case H_ATTR_NAME:
        if (c == '=' || c == '>' || c == '/' || space) {
            p->hs = c == '=' ? H_BEFORE_VALUE : c == '>' ? H_TEXT : c == '/' ? H_ATTRS
                                                                             : H_AFTER_NAME;
        } else {
            attr_putc(p, c, false);
        }
        break;
    case H_BEFORE_VALUE:
        if (c == '"' || c == '\'') {
            p->quote = c;
            p->hs = H_VALUE;
        } else if (!space) {
            p->hs = c == '>' ? H_TEXT : H_VALUE_UNQ;
        }
        break;
    case H_VALUE: p->hs = c == p->quote ? H_ATTRS : H_VALUE; break;
    case H_VALUE_UNQ: p->hs = c == '>' ? H_TEXT : space ? H_ATTRS : H_VALUE_UNQ; break;
    case H_BOGUS: p->hs = c == '>' ? H_TEXT : H_BOGUS; break;
    }
}

/* Adds a text node for s[0..n-1] and scans it as HTML. */
static void push_text(struct parser *p, const char *s, size_t n)
{
    struct node *t = push_node(p, N_TEXT);
    t->text = s, t->len = n;
    for (size_t i = 0; i < n; i++) {
        html_step(p, s[i]);
    }
}

/* -1 (reported at at) when a variable node n sits in the value of a URL
 * attribute without a URL formatter; 0 otherwise. An unquoted value that
 * starts with the variable counts as inside. */
static int check_url_attr(struct parser *p, const char *at, const struct node *n)
{
    static const char *const url_attrs[] = {"href", "src", "action", "formaction"};
    if (p->hs != H_VALUE && p->hs != H_VALUE_UNQ && p->hs != H_BEFORE_VALUE) {
        return 0;
    }
    if (p->hs == H_BEFORE_VALUE) {
        p->hs = H_VALUE_UNQ;
    }
    for (size_t i = 0; i < NELEM(url_attrs); i++) {
        if (p->attr_len < sizeof p->attr && strcmp(p->attr, url_attrs[i]) == 0 &&
            (n->kind == N_RAW || (n->fmt != F_HREF && n->fmt != F_URL))) {
            char *msg = xasprintf("a variable in %s=\"...\" needs |href (a whole URL) or |url "
                                  "(a path segment)", url_attrs[i]);
            int rc = fail(p, at, msg);
            free(msg);
            return rc;
        }
    }
    return 0;
}
/* Splits "a.b.c" (or ".") into n->path; -1 if too deep or empty. */
static int set_path(struct node *n, const char *name)
{
    if (strcmp(name, ".") == 0) {
        n->path[0] = xstrdup(".");
        n->npath = 1;
        return 0;
    }
    struct strv parts = {0};
    str_split(name, '.', &parts);
    if (parts.nitems > TPL_MAX_PATH) {
        strv_free(&parts);
        return -1;
    }
    for (size_t i = 0; i < parts.nitems; i++) {
        if (!parts.items[i][0]) {
            strv_free(&parts); /* frees the names already put in n->path too */
            memset(n->path, 0, sizeof n->path);
            return -1;
        }
        n->path[i] = parts.items[i];
    }
    n->npath = parts.nitems;
    free(parts.items);
    return 0;
}

/* The formatter named f, or F_NONE for an unknown name. */
static enum fmt parse_fmt(const char *f)
{
    static const struct {
        const char *name;
        enum fmt fmt;
    } fmts[] = {{"date", F_DATE}, {"datetime", F_DATETIME}, {"mark", F_MARK}, {"url", F_URL},
                 {"href", F_HREF}};
    for (size_t i = 0; i < NELEM(fmts); i++) {
        if (strcmp(f, fmts[i].name) == 0) {
            return fmts[i].fmt;
        }
    }
    return F_NONE;
}

/* Opens a section {{#name}} / {{^name}} (also name==text and name?);
 * name is modified. -1 with the message reported on a bad name. */
static int open_section(struct parser *p, const char *at, char sigil, char *name)
{
    if (p->depth == TPL_MAX_DEPTH) {
        return fail(p, at, "sections nested too deep");
    }
    struct node *n = push_node(p, sigil == '#' ? N_SECTION : N_INVERTED);
    char *eq = strstr(name, "==");
    if (eq) {
        *eq = '\0';
        n->eq = xstrdup(eq + 2);
        name = str_trim(name);
    } else if (str_ends(name, "?")) {
        name[strlen(name) - 1] = '\0';
        n->test = true;
    }
    if (set_path(n, name) < 0) {
        return fail(p, at, "bad section name");
    }
    p->stack[p->depth++] = p->t->nnodes - 1;
    return 0;
}

/* Closes the innermost section, which must carry the same name; -1 with
 * the message reported otherwise. */
static int close_section(struct parser *p, const char *at, const char *name)
{
    if (p->depth == 0) {
        return fail(p, at, "closing a section that is not open");
    }
    struct node *open = &p->t->nodes[p->stack[--p->depth]];
    struct buf full = {0};
    for (size_t i = 0; i < open->npath; i++) {
        buf_printf(&full, "%s%s", i ? "." : "", open->path[i]);
    }
    if (open->eq) {
        buf_printf(&full, "==%s", open->eq);
    } else if (open->test) {
        buf_putc(&full, '?');
    }
    bool same = strcmp(buf_str(&full), name) == 0;
    buf_free(&full);
    if (!same) {
        return fail(p, at, "section closed with another name");
    }
    open->end = p->t->nnodes;
    return 0;
}


/* Parses a variable {{name}}, {{name|fmt}} or {{name?}} (tag is modified);
 * -1 with the message reported on a bad name, formatter or URL use. */
static int parse_var(struct parser *p, const char *at, char *tag)
{
    char *name = tag;
    struct node *n = push_node(p, N_VAR);
    char *bar = strchr(name, '|');
    if (bar) {
        *bar = '\0';
        n->fmt = parse_fmt(str_trim(bar + 1));
        if (n->fmt == F_NONE) {
            return fail(p, at, "unknown formatter");
        }
        name = str_trim(name);
    }
    if (str_ends(name, "?") && strlen(name) > 1) {
        name[strlen(name) - 1] = '\0';
        n->optional = true;
    }
    if (set_path(n, name) < 0) {
        return fail(p, at, "bad name");
    }
    return check_url_attr(p, at, n);
}

/* Handles one {{tag}} whose inside is tag (trimmed, sigil included);
 * -1 with the message reported on an error. */
static int parse_tag(struct parser *p, const char *at, char *tag, bool triple)
{
    char sigil = tag[0];
    if (sigil == '!') {
        return 0;
    }
    if (triple) {
        struct node *n = push_node(p, N_RAW);
        if (set_path(n, str_trim(tag)) < 0) {
            return fail(p, at, "bad name");
        }
        return check_url_attr(p, at, n);
    }
    if (sigil == '#' || sigil == '^') {
        return open_section(p, at, sigil, str_trim(tag + 1));
    }
    if (sigil == '/') {
        return close_section(p, at, str_trim(tag + 1));
    }
    if (sigil == '>') {
        struct node *n = push_node(p, N_PARTIAL);
        n->partial_name = xstrdup(str_trim(tag + 1));
        return 0;
    }
    if (sigil == '{' || sigil == '&') {
        return fail(p, at, "raw output is written {{{name}}}");
    }
    return parse_var(p, at, tag);
}

/* Parses t->src into nodes; -1 with "file:line: message" in *err. */
static int parse(struct tpl *t, const char *file, char **err)
{
    struct parser p = {.t = t, .file = file, .err = err, .line = 1, .line_pos = t->src};
    const char *s = t->src;
    for (;;) {
        const char *open = strstr(s, "{{");
        if (!open) {
            if (*s) {
                push_text(&p, s, strlen(s));
            }
            break;
        }
        if (open > s) {
            push_text(&p, s, (size_t)(open - s));
        }
        count_lines(&p, open);
        bool triple = open[2] == '{';
        const char *inner = open + (triple ? 3 : 2);
        const char *close = strstr(inner, triple ? "}}}" : "}}");
        if (!close) {
            return fail(&p, open, "unclosed {{");
        }
        char *tag = xstrndup(inner, (size_t)(close - inner));
        char *trimmed = str_trim(tag);
        int rc = *trimmed ? parse_tag(&p, open, trimmed, triple) : fail(&p, open, "empty tag");
        free(tag);
        if (rc < 0) {
            return -1;
        }
        s = close + (triple ? 3 : 2);
    }
    if (p.depth) {
        return fail(&p, t->src + strlen(t->src), "section left open");
    }
    return 0;
}

/* Frees what one template owns (not t itself). */
static void free_tpl(struct tpl *t)
{
    for (size_t i = 0; i < t->nnodes; i++) {
        struct node *n = &t->nodes[i];
        for (size_t j = 0; j < n->npath; j++) {
            free((char *)n->path[j]);
        }
        free((char *)n->eq);
        free(n->partial_name);
    }
    free(t->nodes);
    free(t->src);
    free(t->name);
}

/* Frees the set and every template in it; NULL is fine. */
void tpl_free(struct tpl_set *set)
{
    if (!set) {
        return;
    }
    for (size_t i = 0; i < set->ntpls; i++) {
        free_tpl(&set->tpls[i]);
    }
    free(set->tpls);
    free(set);
}

/* Sets strict rendering for every later tpl_render() on set. */
void tpl_set_strict(struct tpl_set *set, bool strict)
{
    set->strict = strict;
}

/* The index of the template called name, or -1. */
static long find(const struct tpl_set *set, const char *name)
{
    for (size_t i = 0; i < set->ntpls; i++) {
        if (strcmp(set->tpls[i].name, name) == 0) {
            return (long)i;
        }
    }
    return -1;
}

/* True when set has a template called name. */
bool tpl_exists(const struct tpl_set *set, const char *name)
{
    return find(set, name) >= 0;
}

/* The template index of name (tpl_render.c's way in); -1 if unknown. */
long tpl_find(const struct tpl_set *set, const char *name)
{
    return find(set, name);
}

/* Resolves every partial to its template index; -1 with a message naming
 * the template in *err (caller frees) for an unknown partial. */
static int link_partials(struct tpl_set *set, char **err)
{
    for (size_t i = 0; i < set->ntpls; i++) {
        struct tpl *t = &set->tpls[i];
        for (size_t j = 0; j < t->nnodes; j++) {
            struct node *n = &t->nodes[j];
            if (n->kind != N_PARTIAL) {
                continue;
            }
            long k = find(set, n->partial_name);
            if (k < 0) {
                *err = xasprintf("%s.html:%d: unknown partial '%s'", t->name, n->line,
                                 n->partial_name);
                return -1;
            }
            n->partial = (size_t)k;
        }
    }
    return 0;
}

/* Adds a template called name with source src (owned by the set from now
 * on) and parses it; -1 with the message in *err. */
static int add_tpl(struct tpl_set *set, const char *name, size_t name_len, char *src,
                   const char *file, char **err)
{
    set->tpls = xrealloc(set->tpls, (set->ntpls + 1) * sizeof *set->tpls);
    struct tpl *t = &set->tpls[set->ntpls++];
    memset(t, 0, sizeof *t);
    t->name = xstrndup(name, name_len);
    t->src = src;
    return parse(t, file, err);
}

/* The end of a load: partials linked when all went well (rc 0); the set,
 * or NULL after freeing it. */
static struct tpl_set *finish_load(struct tpl_set *set, int rc, char **err)
{
    if (rc == 0) {
        rc = link_partials(set, err);
    }
    if (rc < 0) {
        tpl_free(set);
        return NULL;
    }
    return set;
}

/* One template from a string (tpl.h); the text is copied. */
struct tpl_set *tpl_parse_string(const char *name, const char *text, size_t len, char **err)
{
    struct tpl_set *set = xcalloc(1, sizeof *set);
    char *file = xasprintf("%s.html", name);
    int rc = add_tpl(set, name, strlen(name), xstrndup(text, len), file, err);
    free(file);
    return finish_load(set, rc, err);
}

/* Every *.html of dir (tpl.h); the first failure stops the load. */
struct tpl_set *tpl_load(const char *dir, char **err)
{
    DIR *d = opendir(dir);
    if (!d) {
        *err = xasprintf("cannot open template directory %s", dir);
        return NULL;
    }
    struct tpl_set *set = xcalloc(1, sizeof *set);
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d))) {
        if (!str_ends(e->d_name, ".html") || e->d_name[0] == '.') {
            continue;
        }
        char *path = xasprintf("%s/%s", dir, e->d_name);
        char *src = file_read(path, NULL);
        if (!src) {
            *err = xasprintf("cannot read %s", path);
            free(path);
            rc = -1;
            break;
        }
        rc = add_tpl(set, e->d_name, strlen(e->d_name) - 5, src, path, err);
        free(path);
    }
    closedir(d);
    return finish_load(set, rc, err);
}
