/*
 * rollegalleri_figur: the role gallery's introduction and the categories
 * it gives. The introduction holds the version line and the Figur 1
 * overview, which lists every role under "Systemspecifikke roller" or one
 * of two "Tværgående roller" groups (the second, with its sub-list of
 * infrastructure administrators, is the infrastructure). The overview
 * spells names a little differently from the role headers, so a header
 * finds its entry by a similarity of slug tokens, each entry used once and
 * never by a table of the names. The role's Kendetegn cross-checks the
 * category and stands in for a missing entry.
 */
#include <stdlib.h>
#include <string.h>

#include "rollegalleri_int.h"

#define CAT_SYSTEM "system-specific"
#define CAT_CROSS "cross-cutting"
#define CAT_INFRA "infrastructure"
#define CAT_INFRA_ADMIN "infrastructure-administrator"

/* Lowest similarity that counts as a match (Dice coefficient of tokens). */
#define MIN_SIMILARITY 0.4

/* What a role's Kendetegn says it is. */
enum kind { KIND_NONE, KIND_SYSTEM, KIND_CROSS };

/* True when s (any case) starts with the lower-case prefix. */
static bool starts_nocase(const char *s, const char *prefix)
{
    char *low = str_lower(s);
    bool yes = str_starts(low, prefix);
    free(low);
    return yes;
}

/* True when s (any case) contains the lower-case needle. */
static bool contains_nocase(const char *s, const char *needle)
{
    char *low = str_lower(s);
    bool yes = strstr(low, needle) != NULL;
    free(low);
    return yes;
}

/* What Kendetegn says by its first word: "Systemspecifik..." or
 * "Tværgående...". */
static enum kind kendetegn_kind(const char *k)
{
    if (!k) {
        return KIND_NONE;
    }
    if (starts_nocase(k, "systemspecifik")) {
        return KIND_SYSTEM;
    }
    return starts_nocase(k, "tværgående") ? KIND_CROSS : KIND_NONE;
}

/* The category of a Figur 1 group from its label and description cells,
 * or NULL when the row heads no group of roles. */
static const char *group_category(const struct rg_cells *c)
{
    char *label = text_clean(c->p[0], c->n[0]);
    char *desc = text_clean(c->p[1], c->n[1]);
    const char *cat = NULL;
    if (starts_nocase(label, "systemspecifik")) {
        cat = CAT_SYSTEM;
    } else if (starts_nocase(label, "tværgående")) {
        bool systems = contains_nocase(desc, "it-system") || contains_nocase(desc, "fagsystem");
        cat = !systems && contains_nocase(desc, "infrastruktur") ? CAT_INFRA : CAT_CROSS;
    }
    free(label);
    free(desc);
    return cat;
}

/* The category of the sub-list a group entry ending in ':' opens. */
static const char *sub_category(const char *group)
{
    return strcmp(group, CAT_INFRA) == 0 ? CAT_INFRA_ADMIN : group;
}

/* Adds one clean entry name (a "...:" name opens the sub-list instead). */
static void add_entry(struct rg_intro *in, char *name, int line)
{
    size_t n = strlen(name);
    if (n > 0 && name[n - 1] == ':') {
        in->sub = true;
        free(name);
        return;
    }
    if (in->nitems == in->cap) {
        in->cap = in->cap ? 2 * in->cap : 16;
        in->items = xrealloc(in->items, in->cap * sizeof *in->items);
    }
    in->items[in->nitems++] = (struct rg_fig_entry){
        .name = name, .category = in->sub ? sub_category(in->group) : in->group, .line = line};
}

/* Adds the bulleted names of a Figur 1 cell, without their '*' marks. */
static void add_entries(struct rg_intro *in, const char *s, size_t n, int line)
{
    struct strv names = {0};
    rg_split_competences(s, n, NULL, &names);
    for (size_t i = 0; i < names.nitems; i++) {
        char *w = names.items[i];
        char *r = w, *o = w;
        for (; *r; r++) {
            if (*r != '*') {
                *o++ = *r;
            }
        }
        *o = '\0';
        char *name = str_squeeze(w, strlen(w));
        if (*name) {
            add_entry(in, name, line);
        } else {
            free(name);
        }
    }
    strv_free(&names);
}

/* Takes "Version 1.5" as the document's version, once. */
static void version_line(struct rg_intro *in, const char *s, size_t n)
{
    char *t = str_squeeze(s, n);
    if (!in->version && str_starts(t, "Version ") && t[8] >= '0' && t[8] <= '9' &&
        strspn(t + 8, "0123456789.") == strlen(t + 8)) {
        in->version = xstrdup(t + 8);
    }
    free(t);
}

/* See rollegalleri_int.h. */
void rg_intro_line(struct rg_intro *in, const char *s, size_t n, const struct rg_cells *c,
                   int line)
{
    if (c->count == 1) {
        version_line(in, s, n);
        in->group = NULL;
        return;
    }
    if (c->count < 3 || !rg_has_bullet(c->p[2], c->n[2])) {
        in->group = NULL;
        return;
    }
    bool empty0 = rg_cell_is(c, 0, ""), empty1 = rg_cell_is(c, 1, "");
    if (!empty0) {
        in->group = group_category(c);
        in->sub = false;
    } else if (!empty1) {
        in->group = NULL;
    }
    if (in->group) {
        add_entries(in, c->p[2], c->n[2], line);
    }
}

/* See rollegalleri_int.h. */
void rg_intro_free(struct rg_intro *in)
{
    for (size_t i = 0; i < in->nitems; i++) {
        free(in->items[i].name);
    }
    free(in->items);
    free(in->version);
    memset(in, 0, sizeof *in);
}

/* The slug tokens of a name without '*', optionally without its
 * parenthesised parts ("Systemejer (it-systemet)" → systemejer). */
static void name_tokens(const char *name, bool strip_parens, struct strv *out)
{
    struct buf b = {0};
    int depth = 0;
    for (const char *p = name; *p; p++) {
        if (*p == '(' && strip_parens) {
            depth++;
        } else if (*p == ')' && strip_parens && depth > 0) {
            depth--;
            buf_putc(&b, ' ');
        } else if (depth == 0 && *p != '*') {
            buf_putc(&b, *p);
        }
    }
    char *slug = slugify(buf_str(&b));
    buf_free(&b);
    if (*slug) {
        str_split(slug, '-', out);
    }
    free(slug);
}

/* True when a and b differ by at most one inserted, deleted or changed
 * byte ("kordinator"/"koordinator", "administrator"/"administratoer"). */
static bool within_one_edit(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > lb) {
        const char *t = a;
        a = b, b = t;
        size_t tl = la;
        la = lb, lb = tl;
    }
    if (lb - la > 1) {
        return false;
    }
    size_t i = 0;
    while (i < la && a[i] == b[i]) {
        i++;
    }
    if (la == lb) {
        return strcmp(a + i + (i < la), b + i + (i < lb)) == 0;
    }
    return strcmp(a + i, b + i + 1) == 0;
}

/* Two slug tokens name the same thing: equal, one a short extension of
 * the other ("bogfoeringssystem"/"bogfoeringssystemet"), or one edit
 * apart when both are long. */
static bool tokens_match(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t lo = la < lb ? la : lb, hi = la < lb ? lb : la;
    if (strcmp(a, b) == 0) {
        return true;
    }
    if (lo >= 4 && hi - lo <= 3 && strncmp(a, b, lo) == 0) {
        return true;
    }
    return lo >= 6 && within_one_edit(a, b);
}

/* Dice coefficient of two token lists, each token matched at most once. */
static double dice(const struct strv *h, const struct strv *e)
{
    if (h->nitems == 0 || e->nitems == 0) {
        return 0;
    }
    bool *used = xcalloc(e->nitems, sizeof *used);
    size_t m = 0;
    for (size_t i = 0; i < h->nitems; i++) {
        for (size_t j = 0; j < e->nitems; j++) {
            if (!used[j] && tokens_match(h->items[i], e->items[j])) {
                used[j] = true;
                m++;
                break;
            }
        }
    }
    free(used);
    return 2.0 * (double)m / (double)(h->nitems + e->nitems);
}

/* How alike a role header and a Figur 1 name are, 0..1: the better of
 * the whole names and the names without their parenthesised parts. */
static double similarity(const char *header, const char *entry)
{
    double best = 0;
    for (int strip = 0; strip < 2; strip++) {
        struct strv h = {0}, e = {0};
        name_tokens(header, strip, &h);
        name_tokens(entry, strip, &e);
        double d = dice(&h, &e);
        best = d > best ? d : best;
        strv_free(&h);
        strv_free(&e);
    }
    return best;
}

/* True when the pair (r, e) with similarity s ties with another open
 * pair of the same role or entry. */
static bool tied(const double *sim, size_t nr, size_t ne, const long *role_to,
                 const bool *entry_used, size_t r, size_t e, double s)
{
    for (size_t j = 0; j < ne; j++) {
        if (j != e && !entry_used[j] && sim[r * ne + j] > s - 1e-9) {
            return true;
        }
    }
    for (size_t i = 0; i < nr; i++) {
        if (i != r && role_to[i] == -1 && sim[i * ne + e] > s - 1e-9) {
            return true;
        }
    }
    return false;
}

/* Fills role_to[r] with the matched entry index, -1 for none (-2 while
 * it is blocked as ambiguous): best pairs first, ties refused. */
static void assign(const struct rollegalleri *out, const struct rg_intro *in, long *role_to,
                   bool *entry_used)
{
    size_t nr = out->nroles, ne = in->nitems;
    double *sim = xmalloc(nr * ne * sizeof *sim);
    for (size_t r = 0; r < nr; r++) {
        for (size_t e = 0; e < ne; e++) {
            sim[r * ne + e] = similarity(out->roles[r].name, in->items[e].name);
        }
    }
    for (;;) {
        size_t br = 0, be = 0;
        double best = -1;
        for (size_t r = 0; r < nr; r++) {
            for (size_t e = 0; role_to[r] == -1 && e < ne; e++) {
                if (!entry_used[e] && sim[r * ne + e] > best) {
                    best = sim[r * ne + e], br = r, be = e;
                }
            }
        }
        if (best < MIN_SIMILARITY) {
            break;
        }
        if (tied(sim, nr, ne, role_to, entry_used, br, be, best)) {
            role_to[br] = -2;
            continue;
        }
        role_to[br] = (long)be;
        entry_used[be] = true;
    }
    free(sim);
}

/* Sets one role's category from its entry (or NULL) and its Kendetegn,
 * noting conflicts. Returns 0, or -1 when neither tells. */
static int categorize_role(struct rollegalleri *out, struct rg_role *r,
                           const struct rg_fig_entry *e, bool have_figur, bool ambiguous,
                           struct import_err *err)
{
    enum kind k = kendetegn_kind(r->characteristics);
    if (e) {
        bool sys = strcmp(e->category, CAT_SYSTEM) == 0;
        if ((k == KIND_SYSTEM && !sys) || (k == KIND_CROSS && sys)) {
            strv_push(&out->warnings,
                      xasprintf("role \"%s\" (line %d): Kendetegn says %s but Figur 1 (line %d) "
                                "lists it as %s; keeping %s",
                                r->name, r->line, k == KIND_SYSTEM ? CAT_SYSTEM : CAT_CROSS,
                                e->line, e->category, e->category));
        }
        r->category = xstrdup(e->category);
        return 0;
    }
    if (k == KIND_NONE) {
        import_fail(err, r->line,
                    "role \"%s\": no category: it is not in Figur 1 and its Kendetegn starts "
                    "with neither \"Systemspecifik\" nor \"Tværgående\"",
                    r->name);
        return -1;
    }
    r->category = xstrdup(k == KIND_SYSTEM ? CAT_SYSTEM : CAT_CROSS);
    if (have_figur) {
        strv_push(&out->warnings,
                  xasprintf("role \"%s\" (line %d) has %s entry in Figur 1; category %s taken "
                            "from Kendetegn",
                            r->name, r->line, ambiguous ? "an ambiguous" : "no", r->category));
    }
    return 0;
}

/* See rollegalleri_int.h. */
int rg_categorize(struct rollegalleri *out, const struct rg_intro *in, struct import_err *err)
{
    size_t nr = out->nroles, ne = in->nitems;
    long *role_to = xmalloc((nr + 1) * sizeof *role_to);
    bool *entry_used = xcalloc(ne + 1, sizeof *entry_used);
    int rc = 0;
    for (size_t r = 0; r < nr; r++) {
        role_to[r] = -1;
    }
    if (ne > 0) {
        assign(out, in, role_to, entry_used);
    }
    for (size_t r = 0; r < nr && rc == 0; r++) {
        const struct rg_fig_entry *e = role_to[r] >= 0 ? &in->items[role_to[r]] : NULL;
        rc = categorize_role(out, &out->roles[r], e, ne > 0, role_to[r] == -2, err);
    }
    for (size_t e = 0; e < ne && rc == 0; e++) {
        if (!entry_used[e]) {
            strv_push(&out->warnings, xasprintf("Figur 1 entry \"%s\" (line %d) matches no role",
                                                in->items[e].name, in->items[e].line));
        }
    }
    free(role_to);
    free(entry_used);
    return rc;
}
