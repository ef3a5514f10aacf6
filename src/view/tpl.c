/*
 * tpl: the template engine (see tpl.h). A template is parsed once into a
 * flat array of nodes; a section node knows where its body ends, names are
 * split into paths and partials resolved to template indexes at load time,
 * so rendering is a walk over nodes and a lookup per name. Output is
 * escaped unless the name ends in _html. Nothing here allocates per render
 * except the output buffer.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tpl.h"
#include "util.h"

enum node_kind { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL };
enum fmt { F_NONE, F_DATE, F_DATETIME, F_MARK, F_URL };

#define MAX_PATH 6
#define MAX_DEPTH 48

struct node {
    enum node_kind kind;
    const char *text;        /* N_TEXT: into the template source */
    size_t len;
    const char *path[MAX_PATH]; /* names: owned copies; path[0]=="." for the item */
    size_t npath;
    enum fmt fmt;            /* N_VAR */
    const char *eq;          /* sections: compare with this text, or NULL */
    bool test;               /* sections written {{#name?}}: test only, no iteration */
    size_t end;              /* sections: index of the node after the body */
    size_t partial;          /* N_PARTIAL: template index */
    char *partial_name;
};

struct tpl {
    char *name;
    char *src;               /* the file, owned; text nodes point into it */
    struct node *nodes;
    size_t nnodes;
};

struct tpl_set {
    struct tpl *tpls;
    size_t ntpls;
};

/* Parser state for one template. */
struct parser {
    struct tpl *t;
    const char *file;
    size_t cap;
    size_t stack[MAX_DEPTH];   /* open sections */
    size_t depth;
    char **err;
};

static struct node *push_node(struct parser *p, enum node_kind kind)
{
    if (p->t->nnodes == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 32;
        p->t->nodes = xrealloc(p->t->nodes, p->cap * sizeof *p->t->nodes);
    }
    struct node *n = &p->t->nodes[p->t->nnodes++];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    return n;
}

/* The 1-based line of position pos in src. */
static int line_of(const char *src, const char *pos)
{
    int line = 1;
    for (const char *s = src; s < pos; s++) {
        line += *s == '\n';
    }
    return line;
}

static int fail(struct parser *p, const char *at, const char *msg)
{
    *p->err = xasprintf("%s:%d: %s", p->file, line_of(p->t->src, at), msg);
    return -1;
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
    if (parts.nitems > MAX_PATH) {
        strv_free(&parts);
        return -1;
    }
    for (size_t i = 0; i < parts.nitems; i++) {
        if (!parts.items[i][0]) {
            strv_free(&parts);
            for (size_t j = 0; j < i; j++) {
                free((char *)n->path[j]);
            }
            return -1;
        }
        n->path[i] = parts.items[i];
    }
    n->npath = parts.nitems;
    free(parts.items);
    return 0;
}

static enum fmt parse_fmt(const char *f)
{
    static const struct {
        const char *name;
        enum fmt fmt;
    } fmts[] = {{"date", F_DATE}, {"datetime", F_DATETIME}, {"mark", F_MARK}, {"url", F_URL}};
    for (size_t i = 0; i < NELEM(fmts); i++) {
        if (strcmp(f, fmts[i].name) == 0) {
            return fmts[i].fmt;
        }
    }
    return F_NONE;
}

/* Opens a section {{#name}} / {{^name}} (also name==text and name?). */
static int open_section(struct parser *p, const char *at, char sigil, char *name)
{
    if (p->depth == MAX_DEPTH) {
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

/* Closes the innermost section, which must carry the same name. */
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

/* Handles one {{tag}} whose inside is tag (trimmed, sigil included). */
static int parse_tag(struct parser *p, const char *at, char *tag, bool triple)
{
    char sigil = tag[0];
    if (sigil == '!') {
        return 0;
    }
    if (triple) {
        char *name = str_trim(tag);
        if (!str_ends(name, "_html")) {
            return fail(p, at, "{{{...}}} is only for names ending in _html");
        }
        struct node *n = push_node(p, N_RAW);
        return set_path(n, name) < 0 ? fail(p, at, "bad name") : 0;
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
        return fail(p, at, "raw output is only {{{name_html}}}");
    }
    char *name = str_trim(tag);
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
    if (str_ends(name, "_html")) {
        return fail(p, at, "names ending in _html are written {{{name}}}");
    }
    return set_path(n, name) < 0 ? fail(p, at, "bad name") : 0;
}

/* Parses t->src into nodes. */
static int parse(struct tpl *t, const char *file, char **err)
{
    struct parser p = {.t = t, .file = file, .err = err};
    const char *s = t->src;
    for (;;) {
        const char *open = strstr(s, "{{");
        if (!open) {
            if (*s) {
                struct node *n = push_node(&p, N_TEXT);
                n->text = s, n->len = strlen(s);
            }
            break;
        }
        if (open > s) {
            struct node *n = push_node(&p, N_TEXT);
            n->text = s, n->len = (size_t)(open - s);
        }
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

static long find(const struct tpl_set *set, const char *name)
{
    for (size_t i = 0; i < set->ntpls; i++) {
        if (strcmp(set->tpls[i].name, name) == 0) {
            return (long)i;
        }
    }
    return -1;
}

bool tpl_exists(const struct tpl_set *set, const char *name)
{
    return find(set, name) >= 0;
}

/* Resolves every partial to its template index. */
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
                *err = xasprintf("%s.html: unknown partial '%s'", t->name, n->partial_name);
                return -1;
            }
            n->partial = (size_t)k;
        }
    }
    return 0;
}

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
        set->tpls = xrealloc(set->tpls, (set->ntpls + 1) * sizeof *set->tpls);
        struct tpl *t = &set->tpls[set->ntpls++];
        memset(t, 0, sizeof *t);
        t->name = xstrndup(e->d_name, strlen(e->d_name) - 5);
        t->src = src;
        rc = parse(t, path, err);
        free(path);
    }
    closedir(d);
    if (rc == 0) {
        rc = link_partials(set, err);
    }
    if (rc < 0) {
        tpl_free(set);
        return NULL;
    }
    return set;
}

/* ---- rendering ---- */

void html_escape(struct buf *out, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_append(out, s + start, i - start);
        buf_puts(out, rep);
        start = i + 1;
    }
    buf_append(out, s + start, n - start);
}

void url_encode(struct buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            buf_putc(out, (char)*p);
        } else {
            buf_putc(out, '%');
            buf_putc(out, hex[*p >> 4]);
            buf_putc(out, hex[*p & 15]);
        }
    }
}

struct render {
    const struct tpl_set *set;
    json_t *ctx[MAX_DEPTH];
    size_t n;
    struct buf *out;
    int depth;               /* partial nesting, against loops */
};

/* Looks a path up: the first name from the innermost context outwards. */
static json_t *lookup(const struct render *r, const struct node *n)
{
    if (strcmp(n->path[0], ".") == 0) {
        return r->n ? r->ctx[r->n - 1] : NULL;
    }
    json_t *v = NULL;
    for (size_t i = r->n; i-- > 0;) {
        if (json_is_object(r->ctx[i]) && (v = json_object_get(r->ctx[i], n->path[0]))) {
            break;
        }
    }
    for (size_t i = 1; v && i < n->npath; i++) {
        v = json_is_object(v) ? json_object_get(v, n->path[i]) : NULL;
    }
    return v;
}

static bool truthy(json_t *v)
{
    if (!v) {
        return false;
    }
    switch (json_typeof(v)) {
    case JSON_ARRAY: return json_array_size(v) > 0;
    case JSON_OBJECT: return true;
    case JSON_STRING: return json_string_length(v) > 0;
    case JSON_INTEGER: return json_integer_value(v) != 0;
    case JSON_REAL: return json_real_value(v) != 0.0;
    case JSON_TRUE: return true;
    default: return false;
    }
}

/* The value as text into tmp (borrowed result). */
static const char *scalar(json_t *v, char tmp[32], size_t *len)
{
    switch (v ? json_typeof(v) : JSON_NULL) {
    case JSON_STRING:
        *len = json_string_length(v);
        return json_string_value(v);
    case JSON_INTEGER:
        *len = (size_t)snprintf(tmp, 32, "%lld", (long long)json_integer_value(v));
        return tmp;
    case JSON_REAL:
        *len = (size_t)snprintf(tmp, 32, "%g", json_real_value(v));
        return tmp;
    case JSON_TRUE:
        *len = 4;
        return "true";
    case JSON_FALSE:
        *len = 5;
        return "false";
    default:
        *len = 0;
        return "";
    }
}

static bool equals(json_t *v, const char *text)
{
    char tmp[32];
    size_t len;
    const char *s = scalar(v, tmp, &len);
    return strlen(text) == len && memcmp(s, text, len) == 0;
}

static void emit_var(struct render *r, const struct node *n, json_t *v)
{
    char tmp[32];
    size_t len;
    const char *s = scalar(v, tmp, &len);
    struct buf f = {0};
    switch (n->fmt) {
    case F_DATE:
        date_human(s, &f);
        s = buf_str(&f), len = f.len;
        break;
    case F_DATETIME:
        timestamp_human(s, &f);
        s = buf_str(&f), len = f.len;
        break;
    case F_MARK:
        s = strcmp(s, "X") == 0 ? "✓" : strcmp(s, "(X)") == 0 ? "(✓)" : "";
        len = strlen(s);
        break;
    case F_URL:
        url_encode(&f, s);
        s = buf_str(&f), len = f.len;
        break;
    default:
        break;
    }
    html_escape(r->out, s, len);
    buf_free(&f);
}

static void render_range(struct render *r, const struct tpl *t, size_t from, size_t to);

/* Renders a section's body for value v. */
static void section(struct render *r, const struct tpl *t, size_t i, json_t *v)
{
    const struct node *n = &t->nodes[i];
    bool show = n->eq ? equals(v, n->eq) : truthy(v);
    if (n->kind == N_INVERTED) {
        if (!show) {
            render_range(r, t, i + 1, n->end);
        }
        return;
    }
    if (!show || r->n + 1 >= MAX_DEPTH) {
        return;
    }
    if (n->test) {
        render_range(r, t, i + 1, n->end);
        return;
    }
    if (json_is_array(v) && !n->eq) {
        size_t k;
        json_t *item;
        json_array_foreach(v, k, item) {
            r->ctx[r->n++] = item;
            render_range(r, t, i + 1, n->end);
            r->n--;
        }
        return;
    }
    r->ctx[r->n++] = v;
    render_range(r, t, i + 1, n->end);
    r->n--;
}

static void render_range(struct render *r, const struct tpl *t, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        const struct node *n = &t->nodes[i];
        switch (n->kind) {
        case N_TEXT:
            buf_append(r->out, n->text, n->len);
            break;
        case N_VAR:
            emit_var(r, n, lookup(r, n));
            break;
        case N_RAW: {
            json_t *v = lookup(r, n);
            if (json_is_string(v)) {
                buf_append(r->out, json_string_value(v), json_string_length(v));
            }
            break;
        }
        case N_SECTION:
        case N_INVERTED:
            section(r, t, i, lookup(r, n));
            i = n->end - 1;
            break;
        case N_PARTIAL:
            if (r->depth < 16) {
                const struct tpl *p = &r->set->tpls[n->partial];
                r->depth++;
                render_range(r, p, 0, p->nnodes);
                r->depth--;
            }
            break;
        }
    }
}

int tpl_render(const struct tpl_set *set, const char *name, json_t *const *ctx, size_t n,
               struct buf *out)
{
    long k = find(set, name);
    if (k < 0 || n > MAX_DEPTH / 2) {
        return -1;
    }
    struct render r = {.set = set, .out = out};
    for (size_t i = 0; i < n; i++) {
        r.ctx[r.n++] = ctx[i];
    }
    const struct tpl *t = &set->tpls[k];
    render_range(&r, t, 0, t->nnodes);
    return 0;
}
