/*
 * svg: the escaping SVG writer (svg.h). It writes only what its callers
 * describe as elements, attributes, numbers and text, escaping every value
 * and checking every name, keeps a stack of open elements so the output is
 * always well formed, and hands the finished markup to the template engine
 * as trusted HTML through md_trusted_svg(); a finished picture may be
 * kept across requests (svg_cache), only as the builder made it. It must
 * never accept a piece of markup from its caller, nor know what the
 * pictures mean.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md.h"
#include "svg.h"
#include "tpl.h"

/* Latches the first error. */
static void fail(struct svg *s, const char *why)
{
    if (!s->err) {
        s->err = why;
    }
}

/* A plain XML name: a letter, then letters, digits, '-' or one "xlink:". */
static bool plain_name(const char *n)
{
    if (!n || !((*n >= 'a' && *n <= 'z') || (*n >= 'A' && *n <= 'Z'))) {
        return false;
    }
    if (!strncmp(n, "xlink:", 6)) {
        n += 6;
    }
    for (const char *p = n; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-')) {
            return false;
        }
    }
    return *n != '\0';
}

/* Appends text escaped for XML: & < > " ' as entities, and the control
 * characters XML 1.0 forbids (all below U+0020 but tab, newline and
 * carriage return) dropped. */
static void escape(struct buf *out, const char *text)
{
    const char *start = text, *p = text;
    for (; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            html_escape(out, start, (size_t)(p - start));
            start = p + 1;
        }
    }
    html_escape(out, start, (size_t)(p - start));
}

/* Appends v with at most two decimals and no trailing zeros (svg.h):
 * rounded to hundredths and written digit by digit (a picture has
 * hundreds of numbers; printf's floating point is the slow part). */
bool svg_number(struct buf *out, double v)
{
    if (!isfinite(v) || fabs(v) > 1e15) {
        return false;
    }
    long long c = llround(v * 100);
    char tmp[32], *p = tmp + sizeof tmp;
    unsigned long long u = c < 0 ? (unsigned long long)(-c) : (unsigned long long)c;
    unsigned frac = (unsigned)(u % 100);
    u /= 100;
    if (frac) {
        if (frac % 10) {
            *--p = (char)('0' + frac % 10);
        }
        *--p = (char)('0' + frac / 10);
        *--p = '.';
    }
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (c < 0) {
        *--p = '-';
    }
    buf_append(out, p, (size_t)(tmp + sizeof tmp - p));
    return true;
}

/* Writes one attribute: name="value" with the value escaped, a number
 * formatted, an href checked like |href. */
static void write_attr(struct svg *s, const struct svg_attr *a)
{
    if (!plain_name(a->name) || ((a->name[0] | 32) == 'o' && (a->name[1] | 32) == 'n')) {
        fail(s, "an attribute name is not allowed");
        return;
    }
    buf_putc(&s->out, ' ');
    buf_puts(&s->out, a->name);
    buf_puts(&s->out, "=\"");
    if (!a->text) {
        if (!svg_number(&s->out, a->num)) {
            fail(s, "an attribute number is not finite");
        }
    } else if (!strcmp(a->name, "href") || !strcmp(a->name, "xlink:href")) {
        href_escape(&s->out, a->text, strlen(a->text));
    } else {
        escape(&s->out, a->text);
    }
    buf_putc(&s->out, '"');
}

/* Writes "<tag attrs" (the caller ends the tag). */
static bool start_tag(struct svg *s, const char *tag, const struct svg_attr *attrs)
{
    if (!plain_name(tag) || !strncmp(tag, "xlink:", 6)) {
        fail(s, "an element name is not allowed");
        return false;
    }
    if (!strcmp(tag, "script") || !strcmp(tag, "foreignObject") || !strcmp(tag, "style")) {
        fail(s, "script, style and foreignObject are not written");
        return false;
    }
    buf_putc(&s->out, '<');
    buf_puts(&s->out, tag);
    for (const struct svg_attr *a = attrs; a && a->name; a++) {
        write_attr(s, a);
    }
    return true;
}

/* Opens tag (svg.h). */
void svg_open_a(struct svg *s, const char *tag, const struct svg_attr *attrs)
{
    if (s->depth == SVG_MAX_DEPTH) {
        fail(s, "elements nested too deeply");
        return;
    }
    if (start_tag(s, tag, attrs)) {
        buf_putc(&s->out, '>');
        s->open[s->depth++] = tag;
    }
}

/* Writes <tag attrs/> (svg.h). */
void svg_leaf_a(struct svg *s, const char *tag, const struct svg_attr *attrs)
{
    if (start_tag(s, tag, attrs)) {
        buf_puts(&s->out, "/>");
    }
}

/* Closes the innermost element (svg.h); closing nothing is an error. */
void svg_close(struct svg *s)
{
    if (!s->depth) {
        fail(s, "an element closed that is not open");
        return;
    }
    const char *tag = s->open[--s->depth];
    buf_puts(&s->out, "</");
    buf_puts(&s->out, tag);
    buf_putc(&s->out, '>');
}

/* Text content, escaped (svg.h); only inside an element. */
void svg_text(struct svg *s, const char *text)
{
    if (!s->depth) {
        fail(s, "text outside the document");
        return;
    }
    if (text) {
        escape(&s->out, text);
    }
}

/* <tag attrs>text</tag> (svg.h). */
void svg_label_a(struct svg *s, const char *tag, const struct svg_attr *attrs, const char *text)
{
    svg_open_a(s, tag, attrs);
    svg_text(s, text);
    svg_close(s);
}

/* A quadratic curve (svg.h): the d attribute from six numbers. */
void svg_curve_a(struct svg *s, const double p[6], const struct svg_attr *attrs)
{
    struct buf d = {0};
    static const char *const cmd[] = {"M ", " ", " Q ", " ", " ", " "};
    for (size_t i = 0; i < 6; i++) {
        buf_puts(&d, cmd[i]);
        if (!svg_number(&d, p[i])) {
            fail(s, "a curve's point is not finite");
        }
    }
    size_t n = 0;
    while (attrs && attrs[n].name) {
        n++;
    }
    struct svg_attr *all = xcalloc(n + 2, sizeof *all);
    all[0] = SVG_S("d", buf_str(&d));
    memcpy(all + 1, attrs, n * sizeof *all);
    svg_leaf_a(s, "path", all);
    free(all);
    buf_free(&d);
}

/* The outer element with its title and description (svg.h). */
void svg_begin(struct svg *s, const char *id, double width, double height, bool links,
               const char *title, const char *desc)
{
    memset(s, 0, sizeof *s);
    if (!plain_name(id) || strlen(id) > 40) {
        fail(s, "the picture's id is not a plain name");
        return;
    }
    char tid[48], did[48], both[100];
    snprintf(tid, sizeof tid, "%s-title", id);
    snprintf(did, sizeof did, "%s-desc", id);
    snprintf(both, sizeof both, "%s %s", tid, did);
    struct buf box = {0};
    buf_puts(&box, "0 0 ");
    bool finite = svg_number(&box, width);
    buf_putc(&box, ' ');
    if (!finite || !svg_number(&box, height)) {
        fail(s, "the picture's size is not finite");
    }
    svg_open(s, "svg", SVG_S("xmlns", "http://www.w3.org/2000/svg"), SVG_S("id", id),
             SVG_S("viewBox", buf_str(&box)), SVG_S("role", links ? "group" : "img"),
             SVG_S("aria-labelledby", both), SVG_S("preserveAspectRatio", "xMinYMin meet"));
    buf_free(&box);
    svg_label(s, "title", title, SVG_S("id", tid));
    svg_label(s, "desc", desc, SVG_S("id", did));
}

/* Frees s's buffer (svg.h). */
void svg_discard(struct svg *s)
{
    buf_free(&s->out);
    s->depth = 0;
}

/* Closes what is open and marks the result trusted (svg.h). */
json_t *svg_finish(struct svg *s, const char **err)
{
    while (s->depth && !s->err) {
        svg_close(s);
    }
    json_t *v = NULL;
    if (!s->err) {
        v = md_trusted_svg(buf_str(&s->out), s->out.len);
        if (!v) {
            fail(s, "the picture is not UTF-8");
        }
    }
    if (err) {
        *err = s->err;
    }
    svg_discard(s);
    return v;
}

/* The cached entry, if it is key's (svg.h). */
json_t *svg_cache_get(struct svg_cache *c, uint64_t key)
{
    json_t *v = NULL;
    pthread_mutex_lock(&c->lock);
    if (key && c->key == key && c->text) {
        v = md_trusted_svg(c->text, c->len);
    }
    pthread_mutex_unlock(&c->lock);
    return v;
}

/* Replaces the cached entry (svg.h). */
void svg_cache_put(struct svg_cache *c, uint64_t key, const json_t *v)
{
    if (!key || !md_is_trusted(v)) {
        return; /* only the builder's own output is kept */
    }
    char *copy = xstrndup(json_string_value(v), json_string_length(v));
    pthread_mutex_lock(&c->lock);
    free(c->text);
    c->text = copy, c->len = json_string_length(v), c->key = key;
    pthread_mutex_unlock(&c->lock);
}

/* FNV-1a over s and a 0 byte (svg.h). */
uint64_t svg_hash(uint64_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); ; p++) {
        h = (h ^ *p) * 1099511628211ull;
        if (!*p) {
            return h;
        }
    }
}
