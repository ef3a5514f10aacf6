/*
 * diagram: the picture of how the roles relate, on /roller — the roles in
 * one column per category, an arrow from a role to its successor and a
 * line from a role to each role its text names — written through the
 * escaping SVG builder, with the same relations as a table beside it for
 * screen readers and readers without pictures. A page extra of role.list:
 * the API's /api/v1/roles answers without it. It reads the relations the
 * model derived at import; it never decides what relates to what.
 */
#include <string.h>

#include "model/relation.h"
#include "pages/common.h"
#include "pages/diagram.h"
#include "svg.h"

#define COL_W 320.0   /* one category's column */
#define BOX_W 272.0   /* a role's box */
#define BOX_H 46.0    /* room for two lines of name */
#define ROW_H 58.0    /* box and gap */
#define TOP 64.0      /* below the column headings */
#define LEFT 84.0     /* room for successor arrows left of a column */
#define LINE_CHARS 34 /* characters of a name on one line of a box */

static const struct {
    const char *key, *label;
} columns[] = {
    {"system-specific", "Systemspecifikke roller"},
    {"cross-cutting", "Tværgående roller"},
    {"infrastructure", "Infrastrukturen"},
    {"infrastructure-administrator", "Infrastrukturadministratorer"},
};

/* Where one role sits. */
struct place {
    const char *slug, *name; /* borrowed from the view */
    double x, y;             /* top left of its box */
};

/* The column of a category, or the last one for an unknown category. */
static size_t column_of(const char *category)
{
    for (size_t c = 0; c < NELEM(columns); c++) {
        if (category && !strcmp(category, columns[c].key)) {
            return c;
        }
    }
    return NELEM(columns) - 1;
}

/* Places every role of roles (the view's list) in its column; the number
 * of rows of the tallest column in *rows. Arena. */
static struct place *lay_out(struct req *req, json_t *roles, size_t *rows)
{
    size_t n = json_array_size(roles), used[NELEM(columns)] = {0};
    struct place *p = arena_alloc(req->arena, (n ? n : 1) * sizeof *p);
    *rows = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(roles, i);
        size_t c = column_of(json_string_value(json_object_get(r, "category")));
        p[i].slug = json_string_value(json_object_get(r, "slug"));
        p[i].name = json_string_value(json_object_get(r, "name"));
        p[i].x = LEFT + (double)c * COL_W;
        p[i].y = TOP + (double)used[c]++ * ROW_H;
        *rows = used[c] > *rows ? used[c] : *rows;
    }
    return p;
}

/* The place of slug, or NULL. */
static const struct place *find(const struct place *p, size_t n, const char *slug)
{
    for (size_t i = 0; slug && i < n; i++) {
        if (p[i].slug && !strcmp(p[i].slug, slug)) {
            return &p[i];
        }
    }
    return NULL;
}

/* Splits name for a box: the first line at most LINE_CHARS characters,
 * broken at a space or after a "/"; the rest (or "") in *rest. Arena. */
static const char *first_line(struct req *req, const char *name, const char **rest)
{
    size_t len = strlen(name), chars = 0, cut = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)name[i] & 0xC0) != 0x80) {
            chars++;
        }
        if ((name[i] == ' ' || name[i] == '/') && chars <= LINE_CHARS) {
            cut = i + 1;
        }
    }
    if (chars <= LINE_CHARS || !cut) {
        *rest = "";
        return name;
    }
    *rest = name + cut;
    return arena_strndup(req->arena, name, name[cut - 1] == ' ' ? cut - 1 : cut);
}

/* The edges: lines for mentions (under the boxes), then arrows for
 * successors; a relation within one column bends out to its side. */
static void draw_edges(struct svg *s, const struct place *p, size_t n, json_t *list, bool successor)
{
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e) {
        const struct place *a = find(p, n, json_string_value(json_object_get(e, "from")));
        const struct place *b = find(p, n, json_string_value(json_object_get(e, "to")));
        if (!a || !b) {
            continue;
        }
        double ay = a->y + BOX_H / 2, by = b->y + BOX_H / 2;
        double pts[6];
        if (a->x == b->x) { /* same column: bend out left (successors) or right */
            double side = successor ? a->x : a->x + BOX_W;
            double bend = (successor ? -1 : 1) * (18 + (by > ay ? by - ay : ay - by) / 8);
            double v[6] = {side, ay, side + bend, (ay + by) / 2, side, by};
            memcpy(pts, v, sizeof v);
        } else {
            double ax = a->x < b->x ? a->x + BOX_W : a->x, bx = a->x < b->x ? b->x : b->x + BOX_W;
            double v[6] = {ax, ay, (ax + bx) / 2, (ay + by) / 2, bx, by};
            memcpy(pts, v, sizeof v);
        }
        if (successor) {
            svg_curve(s, pts, SVG_S("class", "successor"), SVG_S("marker-end", "url(#role-arrow)"),
                      SVG_S("data-from", a->slug), SVG_S("data-to", b->slug));
        } else {
            svg_curve(s, pts, SVG_S("class", "mention"), SVG_S("data-from", a->slug),
                      SVG_S("data-to", b->slug));
        }
    }
}

/* One role: a link to its page around a box with its name. */
static void draw_role(struct req *req, struct svg *s, const struct place *p)
{
    const char *rest, *first = first_line(req, p->name ? p->name : "", &rest);
    svg_open(s, "a", SVG_S("href", arena_printf(req->arena, "/roller/%s", p->slug)),
             SVG_S("class", "role"));
    svg_leaf(s, "rect", SVG_N("x", p->x), SVG_N("y", p->y), SVG_N("width", BOX_W),
             SVG_N("height", BOX_H), SVG_N("rx", 6));
    double y = p->y + (*rest ? 19 : 28);
    svg_open(s, "text", SVG_N("x", p->x + 10), SVG_N("y", y));
    svg_label(s, "tspan", first, SVG_N("x", p->x + 10), SVG_N("y", y));
    if (*rest) {
        svg_label(s, "tspan", rest, SVG_N("x", p->x + 10), SVG_N("y", y + 17));
    }
    svg_close(s);
    svg_close(s);
}

/* The whole picture as a trusted json string, or NULL with the
 * builder's complaint in *err. */
static json_t *picture(struct req *req, json_t *roles, json_t *rel, const char **err)
{
    size_t n = json_array_size(roles), rows;
    struct place *p = lay_out(req, roles, &rows);
    struct svg s;
    svg_begin(&s, "role-diagram", LEFT + NELEM(columns) * COL_W, TOP + (double)rows * ROW_H + 10,
              true, "Rollernes relationer",
              "Rollerne i en kolonne pr. kategori. En pil går fra en rolle til den rolle, den "
              "veksles til (efterfølgeren); en tynd linje forbinder en rolle med de roller, "
              "dens beskrivelse nævner. Tabellen under tegningen har de samme relationer.");
    svg_open(&s, "defs", SVG_S("class", "arrows"));
    svg_open(&s, "marker", SVG_S("id", "role-arrow"), SVG_S("viewBox", "0 0 10 10"),
             SVG_N("refX", 9), SVG_N("refY", 5), SVG_N("markerWidth", 7), SVG_N("markerHeight", 7),
             SVG_S("orient", "auto"));
    svg_leaf(&s, "polygon", SVG_S("points", "0,0 10,5 0,10"));
    svg_close(&s);
    svg_close(&s);
    for (size_t c = 0; c < NELEM(columns); c++) {
        svg_label(&s, "text", columns[c].label, SVG_N("x", LEFT + (double)c * COL_W),
                  SVG_N("y", TOP - 24), SVG_S("class", "heading"));
    }
    svg_open(&s, "g", SVG_S("class", "mentions"));
    draw_edges(&s, p, n, json_object_get(rel, "mentions"), false);
    svg_close(&s);
    svg_open(&s, "g", SVG_S("class", "roles"));
    for (size_t i = 0; i < n; i++) {
        draw_role(req, &s, &p[i]);
    }
    svg_close(&s);
    svg_open(&s, "g", SVG_S("class", "successors"));
    draw_edges(&s, p, n, json_object_get(rel, "successors"), true);
    svg_close(&s);
    return svg_finish(&s, err);
}

/* [{slug, name}] of the roles list names as kind "from"/"to" of slug. */
static json_t *ends(json_t *list, const char *slug, const char *mine, const char *other,
                    const struct place *p, size_t n)
{
    json_t *out = json_array();
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e) {
        const char *at = json_string_value(json_object_get(e, mine));
        const struct place *o =
            at && !strcmp(at, slug) ? find(p, n, json_string_value(json_object_get(e, other)))
                                    : NULL;
        if (o) {
            json_array_append_new(out, json_pack("{s:s,s:s}", "slug", o->slug, "name", o->name));
        }
    }
    return out;
}

/* The text alternative: per role its successors and the roles it names. */
static json_t *table(struct req *req, json_t *roles, json_t *rel)
{
    size_t n = json_array_size(roles), rows;
    struct place *p = lay_out(req, roles, &rows);
    json_t *out = json_array();
    json_t *succ = json_object_get(rel, "successors"), *ment = json_object_get(rel, "mentions");
    for (size_t i = 0; i < n; i++) {
        if (!p[i].slug || !p[i].name) {
            continue;
        }
        json_array_append_new(
            out, json_pack("{s:s,s:s,s:o,s:o}", "slug", p[i].slug, "name", p[i].name,
                           "successors", ends(succ, p[i].slug, "from", "to", p, n), "mentions",
                           ends(ment, p[i].slug, "from", "to", p, n)));
    }
    return out;
}

/* The picture changes only when the gallery is imported again: it is
 * kept, keyed by a hash of everything it shows (reference data, the same
 * for every caller; no request data). */
static struct svg_cache cache = SVG_CACHE_INIT;

/* The hash of what the picture shows: each role's slug, name and
 * category, and each relation. */
static uint64_t picture_key(json_t *roles, json_t *rel)
{
    uint64_t h = SVG_HASH_SEED;
    static const char *const fields[] = {"slug", "name", "category"};
    static const char *const lists[] = {"successors", "mentions"};
    size_t i;
    json_t *r;
    json_array_foreach(roles, i, r) {
        for (size_t k = 0; k < NELEM(fields); k++) {
            h = svg_hash(h, json_string_value(json_object_get(r, fields[k])));
        }
    }
    for (size_t k = 0; k < NELEM(lists); k++) {
        h = svg_hash(h, lists[k]);
        json_array_foreach(json_object_get(rel, lists[k]), i, r) {
            h = svg_hash(h, json_string_value(json_object_get(r, "from")));
            h = svg_hash(h, json_string_value(json_object_get(r, "to")));
        }
    }
    return h ? h : 1;
}

/* role.list's page extra (pages/diagram.h). */
int page_diagram_extras(struct req *req)
{
    json_t *view = req_view(req);
    json_t *roles = json_object_get(view, "roles");
    json_t *rel = relation_list(req->db);
    if (!rel) {
        return req_internal(req, "role relations");
    }
    uint64_t key = picture_key(roles, rel);
    json_t *svg = svg_cache_get(&cache, key);
    if (!svg) {
        const char *err = NULL;
        svg = picture(req, roles, rel, &err);
        if (!svg) {
            return req_internal(req, err ? err : "role diagram");
        }
        svg_cache_put(&cache, key, svg);
    }
    json_object_set_new(view, "diagram",
                        json_pack("{s:o,s:o,s:i}", "svg", svg, "rows", table(req, roles, rel),
                                  "mentions",
                                  (json_int_t)json_array_size(json_object_get(rel, "mentions"))));
    json_decref(rel);
    return 0;
}
