/*
 * tpl_render: renders a parsed template (tpl_int.h) against a stack of
 * json_t contexts — a walk over nodes and one lookup per name — and the
 * escapers it uses: HTML, URL path segments and whole URLs (|href). Output
 * is escaped except for values md_is_trusted() vouches for. In strict mode
 * the first name that does not fit the view stops the render with the
 * template's name and line. Nothing here allocates per render except the
 * output buffer and, on failure, the message; nothing here changes a view.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "md.h"
#include "tpl.h"
#include "tpl_int.h"
#include "util.h"

/* Appends s[0..n-1] with & < > " ' replaced by entities (tpl.h). */
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

/* Appends s percent-encoded, keeping only unreserved characters (tpl.h). */
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

/* True when u[0..n-1] (already without blanks, tabs and newlines) is a
 * site-relative URL, a query or fragment, or starts with an allowed
 * scheme (http, https, mailto; any case). */
static bool safe_url(const char *u, size_t n)
{
    static const char *const schemes[] = {"http", "https", "mailto"};
    if (n == 0) {
        return false;
    }
    if (u[0] == '/') {
        return n == 1 || (u[1] != '/' && u[1] != '\\');
    }
    if (u[0] == '?' || u[0] == '#') {
        return true;
    }
    size_t i = 0;
    while (i < n && (((u[i] | 0x20) >= 'a' && (u[i] | 0x20) <= 'z') ||
                     (i > 0 && ((u[i] >= '0' && u[i] <= '9') || u[i] == '+' || u[i] == '-' ||
                                u[i] == '.')))) {
        i++;
    }
    if (i == 0 || i == n || u[i] != ':') {
        return false;
    }
    for (size_t k = 0; k < NELEM(schemes); k++) {
        if (strlen(schemes[k]) == i && strncasecmp(u, schemes[k], i) == 0) {
            return true;
        }
    }
    return false;
}

/* Appends a safe URL escaped, or "#": trims blanks and controls, drops
 * tabs and newlines (copying only when there are any), rejects other
 * controls, then checks safe_url(). */
void href_escape(struct buf *out, const char *s, size_t n)
{
    while (n && (unsigned char)s[0] <= 0x20) {
        s++, n--;
    }
    while (n && (unsigned char)s[n - 1] <= 0x20) {
        n--;
    }
    struct buf clean = {0};
    bool bad = false;
    for (size_t i = 0; i < n && !bad; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t' || c == '\n' || c == '\r') {
            if (!clean.data) {
                buf_append(&clean, s, i); /* browsers drop them before parsing */
            }
            continue;
        }
        bad = c < 0x20 || c == 0x7f;
        if (clean.data) {
            buf_putc(&clean, (char)c);
        }
    }
    const char *u = clean.data ? clean.data : s;
    size_t len = clean.data ? clean.len : n;
    if (!bad && safe_url(u, len)) {
        html_escape(out, u, len);
    } else {
        buf_putc(out, '#');
    }
    buf_free(&clean);
}

struct render {
    const struct tpl_set *set;
    json_t *ctx[TPL_MAX_DEPTH];   /* the context stack, innermost last; borrowed */
    size_t n;                     /* contexts in ctx */
    struct buf *out;              /* where the page goes */
    int depth;                    /* partial nesting, against loops */
    char *err;                    /* the first strict failure, owned */
};

/* How a name resolved. */
struct look {
    json_t *v;                    /* the value when found, else NULL; borrowed */
    enum { FOUND, MISSING, NOT_OBJECT } how;
    size_t at;                    /* MISSING/NOT_OBJECT: index of the path part at fault */
    json_t *bad;                  /* NOT_OBJECT: the value that is not an object */
};

/* Looks a path up: the first name from the innermost context outwards,
 * then each further name inside the object before it. */
static struct look lookup(const struct render *r, const struct node *n)
{
    struct look l = {.how = FOUND};
    if (strcmp(n->path[0], ".") == 0) {
        l.v = r->n ? r->ctx[r->n - 1] : NULL;
        l.how = l.v ? FOUND : MISSING;
        return l;
    }
    json_t *v = NULL;
    for (size_t i = r->n; i-- > 0;) {
        if (json_is_object(r->ctx[i]) && (v = json_object_get(r->ctx[i], n->path[0]))) {
            break;
        }
    }
    for (size_t i = 1; v && i < n->npath; i++) {
        if (!json_is_object(v)) {
            l.how = NOT_OBJECT, l.at = i - 1, l.bad = v;
            return l;
        }
        v = json_object_get(v, n->path[i]);
        l.at = i;
    }
    l.v = v;
    l.how = v ? FOUND : MISSING;
    return l;
}

/* A JSON type's name for messages. */
static const char *type_name(const json_t *v)
{
    static const char *const names[] = {"an object", "an array", "a string", "an integer",
                                        "a number", "true", "false", "null"};
    return names[json_typeof(v)];
}

/* Latches the first strict failure at node n of t: "template NAME line N:
 * {{tag}} ..." with why the lookup l did not fit. */
static void report(struct render *r, const struct tpl *t, const struct node *n,
                   const struct look *l, const char *what)
{
    if (r->err) {
        return;
    }
    struct buf name = {0};
    for (size_t i = 0; i < n->npath; i++) {
        buf_printf(&name, "%s%s", i ? "." : "", n->path[i]);
    }
    const char *open = n->kind == N_RAW ? "{{{" : n->kind == N_SECTION ? "{{#"
                       : n->kind == N_INVERTED ? "{{^" : "{{";
    const char *close = n->kind == N_RAW ? "}}}" : "}}";
    struct buf why = {0};
    if (what) {
        buf_puts(&why, what);
    } else if (l->how == NOT_OBJECT) {
        buf_printf(&why, "'%s' is %s, not an object", n->path[l->at], type_name(l->bad));
    } else if (l->at == 0) {
        buf_printf(&why, "does not resolve: no '%s' in the view", n->path[0]);
    } else {
        buf_printf(&why, "does not resolve: '%s' has no '%s'", n->path[l->at - 1],
                   n->path[l->at]);
    }
    r->err = xasprintf("template %s line %d: %s%s%s %s", t->name, n->line, open, buf_str(&name),
                       close, buf_str(&why));
    buf_free(&name);
    buf_free(&why);
}

/* True for values a section shows: non-empty arrays and strings, objects,
 * non-zero numbers and true. */
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

/* The value as text, in tmp for numbers (borrowed result); "" for NULL,
 * null, arrays and objects. */
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

/* True when v as text is exactly text. */
static bool equals(json_t *v, const char *text)
{
    char tmp[32];
    size_t len;
    const char *s = scalar(v, tmp, &len);
    return strlen(text) == len && memcmp(s, text, len) == 0;
}

/* Writes v through the node's formatter, escaped. */
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
    case F_HREF:
        href_escape(r->out, s, len);
        return;
    default:
        break;
    }
    html_escape(r->out, s, len);
    buf_free(&f);
}

static void render_range(struct render *r, const struct tpl *t, size_t from, size_t to);

/* Renders section node i of t: its body for value v (once, per item, or
 * not at all; inverted sections the other way round). */
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
    if (!show || r->n + 1 >= TPL_MAX_DEPTH) {
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
            if (r->err) {
                return;
            }
        }
        return;
    }
    r->ctx[r->n++] = v;
    render_range(r, t, i + 1, n->end);
    r->n--;
}

/* {{name}}: the value, or in strict mode a failure when it does not
 * resolve (unless written {{name?}}) or its path crosses a non-object. */
static void render_var(struct render *r, const struct tpl *t, const struct node *n)
{
    struct look l = lookup(r, n);
    if (r->set->strict && (l.how == NOT_OBJECT || (l.how == MISSING && !n->optional))) {
        report(r, t, n, &l, NULL);
        return;
    }
    emit_var(r, n, l.v);
}

/* {{{name}}}: the value unescaped when the Markdown renderer vouches for
 * it; otherwise escaped, or in strict mode a failure (null renders empty). */
static void render_raw(struct render *r, const struct tpl *t, const struct node *n)
{
    struct look l = lookup(r, n);
    if (l.how != FOUND) {
        if (r->set->strict) {
            report(r, t, n, &l, NULL);
        }
        return;
    }
    if (md_is_trusted(l.v)) {
        buf_append(r->out, json_string_value(l.v), json_string_length(l.v));
    } else if (!json_is_null(l.v)) {
        if (r->set->strict) {
            report(r, t, n, &l, "is not trusted HTML (only md_html() makes that)");
            return;
        }
        struct node plain = {.kind = N_VAR};
        emit_var(r, &plain, l.v);
    }
}

/* Renders nodes [from, to) of t; stops at the first strict failure. */
static void render_range(struct render *r, const struct tpl *t, size_t from, size_t to)
{
    for (size_t i = from; i < to && !r->err; i++) {
        const struct node *n = &t->nodes[i];
        switch (n->kind) {
        case N_TEXT: buf_append(r->out, n->text, n->len); break;
        case N_VAR: render_var(r, t, n); break;
        case N_RAW: render_raw(r, t, n); break;
        case N_SECTION:
        case N_INVERTED: {
            struct look l = lookup(r, n);
            if (l.how == NOT_OBJECT && r->set->strict) {
                report(r, t, n, &l, NULL);
                return;
            }
            section(r, t, i, l.v);
            i = n->end - 1;
            break;
        }
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

/* Renders template name (tpl.h): the stack ctx is copied, the render
 * walks the nodes; a strict failure's message moves to *err or is freed. */
int tpl_render(const struct tpl_set *set, const char *name, json_t *const *ctx, size_t n,
               struct buf *out, char **err)
{
    long k = tpl_find(set, name);
    if (k < 0 || n > TPL_MAX_DEPTH / 2) {
        if (err) {
            *err = xasprintf("template %s: %s", name, k < 0 ? "no such template"
                                                             : "too many contexts");
        }
        return -1;
    }
    struct render r = {.set = set, .out = out};
    for (size_t i = 0; i < n; i++) {
        r.ctx[r.n++] = ctx[i];
    }
    const struct tpl *t = &set->tpls[k];
    render_range(&r, t, 0, t->nnodes);
    if (r.err) {
        if (err) {
            *err = r.err;
        } else {
            free(r.err);
        }
        return -1;
    }
    return 0;
}
