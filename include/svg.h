/*
 * svg: an escaping SVG writer for the diagrams and charts pages show. A
 * caller opens and closes elements with attributes given as name/value
 * pairs (text or numbers), adds escaped text content, and finishes with a
 * json string the template engine prints raw ({{{x}}}): the builder is the
 * only code besides the Markdown renderer that may mark a value trusted
 * (md_trusted_svg). No markup is ever passed in as a string: element and
 * attribute names must be plain names (event handler attributes "on..."
 * are refused), attribute values and text are escaped, numbers formatted
 * here, and href values checked like the templates' |href. The first
 * misuse latches an error and svg_finish() then returns NULL.
 *
 *   struct svg s;
 *   svg_begin(&s, "roles", 1200, 800, true, "Rollernes relationer", "Pile: ...");
 *   svg_open(&s, "g", SVG_S("class", "col"));
 *   svg_leaf(&s, "rect", SVG_N("x", 10), SVG_N("y", 20.5), SVG_S("fill", "#fff"));
 *   svg_close(&s);
 *   json_t *v = svg_finish(&s);   // or NULL
 */
#ifndef KLIKD_SVG_H
#define KLIKD_SVG_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define SVG_MAX_DEPTH 16

/* One attribute: a name and either a text or a number value. */
struct svg_attr {
    const char *name; /* NULL ends a list */
    const char *text; /* the value, or NULL for num */
    double num;       /* the value when text is NULL */
};

/* An attribute with a text value (escaped when written; NULL as ""). */
static inline struct svg_attr svg_attr_text(const char *name, const char *v)
{
    return (struct svg_attr){name, v ? v : "", 0};
}
#define SVG_S(n, v) svg_attr_text((n), (v))
/* An attribute with a number value (at most two decimals written). */
#define SVG_N(n, v) ((struct svg_attr){(n), NULL, (double)(v)})

/* A document being written. */
struct svg {
    struct buf out;                  /* the markup so far; owned */
    const char *open[SVG_MAX_DEPTH]; /* names of the open elements (borrowed) */
    size_t depth;                    /* elements open */
    const char *err;                 /* first misuse (static text), or NULL */
};

/* Starts s with the outer <svg> element: a viewBox of width x height
 * (the picture scales to its container), aria-labelledby naming a <title>
 * and a <desc> with ids "<id>-title" and "<id>-desc", and role="img" — or
 * role="group" when links is set: the children of an img are
 * presentational, so links inside one would be hidden from assistive
 * technology (axe: nested-interactive). id must be a plain name; title
 * and desc are escaped. */
void svg_begin(struct svg *s, const char *id, double width, double height, bool links,
               const char *title, const char *desc);
/* Opens element tag with the attributes attrs (ended by a NULL name). */
void svg_open_a(struct svg *s, const char *tag, const struct svg_attr *attrs);
/* Writes an empty element tag with attrs (<tag .../>). */
void svg_leaf_a(struct svg *s, const char *tag, const struct svg_attr *attrs);
/* Closes the innermost open element. */
void svg_close(struct svg *s);
/* Writes text content, escaped. */
void svg_text(struct svg *s, const char *text);
/* Writes <tag attrs>text</tag>: a label. */
void svg_label_a(struct svg *s, const char *tag, const struct svg_attr *attrs, const char *text);
/* Writes <path d="M x1 y1 Q cx cy x2 y2" attrs/>: a quadratic curve from
 * (x1,y1) to (x2,y2) bent towards (cx,cy), with the path data written
 * from the numbers here. */
void svg_curve_a(struct svg *s, const double p[6], const struct svg_attr *attrs);
/* Closes every open element and returns the document as a new json
 * string marked trusted for {{{x}}} (caller owns the reference), or NULL
 * when an error was latched (then *err, if err is not NULL, says which;
 * static text). s is freed either way. */
json_t *svg_finish(struct svg *s, const char **err);
/* Frees s without a result. */
void svg_discard(struct svg *s);

/* A finished picture kept across requests for pictures of reference data
 * that seldom change (the role diagram): one entry, keyed by a hash of
 * everything the picture shows, so that changed data is simply a miss.
 * Thread-safe; define one with SVG_CACHE_INIT. */
struct svg_cache {
    pthread_mutex_t lock; /* guards the rest */
    uint64_t key;         /* the hash of what text shows (0: empty) */
    char *text;           /* the markup (malloc'd, kept until replaced) */
    size_t len;           /* bytes of text */
};
#define SVG_CACHE_INIT {PTHREAD_MUTEX_INITIALIZER, 0, NULL, 0}

/* The cached picture for key as a new trusted json string (caller owns
 * the reference), or NULL on a miss. */
json_t *svg_cache_get(struct svg_cache *c, uint64_t key);
/* Keeps v (a picture svg_finish made) as the entry for key. */
void svg_cache_put(struct svg_cache *c, uint64_t key, const json_t *v);
/* FNV-1a: h extended by the bytes of s and a separator (for cache keys). */
uint64_t svg_hash(uint64_t h, const char *s);
#define SVG_HASH_SEED 14695981039346656037ull

#define svg_open(s, tag, ...) svg_open_a((s), (tag), (const struct svg_attr[]){__VA_ARGS__, {0}})
#define svg_leaf(s, tag, ...) svg_leaf_a((s), (tag), (const struct svg_attr[]){__VA_ARGS__, {0}})
#define svg_label(s, tag, text, ...)                                                               \
    svg_label_a((s), (tag), (const struct svg_attr[]){__VA_ARGS__, {0}}, (text))

#define svg_curve(s, p, ...) svg_curve_a((s), (p), (const struct svg_attr[]){__VA_ARGS__, {0}})

/* Appends v formatted for SVG (at most two decimals, no trailing zeros);
 * false for NaN or infinity (nothing appended). */
bool svg_number(struct buf *out, double v);

#endif
