/*
 * rollegalleri: parses KOMBIT's role gallery as exported to text — tables
 * flattened to TAB-separated lines with stray HTML, bullets and footnote
 * marks — into struct rollegalleri (import.h). It reads the document in
 * two passes: the first walks the lines and keeps every role as a draft of
 * raw cells (rollegalleri_lines.c); the second learns from the whole
 * document which words start its items, splits the one-cell tables
 * (rollegalleri_items.c) and run-on competences (rollegalleri_split.c),
 * cleans the prose, reads phase and successor from Kendetegn, and gives
 * each role its category (rollegalleri_figur.c). It knows no role by
 * name, touches no database, and on any error leaves nothing allocated
 * behind.
 */
#include <stdlib.h>
#include <string.h>

#include "rollegalleri_int.h"

/* ---- the line walk ---- */

/* A numbered chapter heading such as "3 BILAG": digits, a space, and no
 * small letters or TABs. */
static bool is_heading(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        i++;
    }
    if (i == 0 || i + 1 >= n || s[i] != ' ') {
        return false;
    }
    for (; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\t' || (ch >= 'a' && ch <= 'z')) {
            return false;
        }
    }
    return true;
}

/* Walks every line: the introduction until the first "Rolle" header, then
 * the roles until the next chapter heading. Returns 0 or -1. */
static int walk(const char *text, size_t len, struct rg_parser *p, struct rg_intro *in)
{
    const char *s = text, *end = text + len;
    bool roles = false;
    for (int line = 1; s < end; line++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        size_t full = n;
        while (n > 0 && s[n - 1] == '\r') {
            n--;
        }
        struct rg_cells c;
        if (rg_cut_cells(s, n, &c) < 0) {
            import_fail(p->err, line, "more than %d TAB-separated cells", RG_MAXCELLS);
            return -1;
        }
        if (!roles && c.count > 1 && rg_cell_is(&c, 0, "Rolle")) {
            roles = true;
        }
        if (!roles) {
            rg_intro_line(in, s, n, &c, line);
        } else if (is_heading(s, n)) {
            break;
        } else if (!(c.count == 1 && rg_blank(s, n)) && rg_role_line(p, &c, line) < 0) {
            return -1;
        }
        s += full + 1;
    }
    if (!roles) {
        import_fail(p->err, 0, "no role found: no line starts with \"Rolle\" and a TAB");
        return -1;
    }
    return rg_draft_check(&p->drafts[p->ndrafts - 1], p->err);
}

/* ---- the second pass ---- */

/* Learns the item-initial words of the whole document: the first word of
 * every Opgaver/Ansvar row and of every bulleted competence. */
static void learn(const struct rg_parser *p, struct rg_words *w)
{
    for (size_t i = 0; i < p->ndrafts; i++) {
        const struct rg_draft *d = &p->drafts[i];
        for (int k = 0; k < 2; k++) {
            for (size_t j = 0; j < d->tables[k].nrows; j++) {
                const struct buf *raw = &d->tables[k].rows[j].raw;
                char *c = text_clean(buf_str(raw), raw->len);
                rg_words_learn(w, c);
                free(c);
            }
        }
        for (size_t j = 0; j < d->comps.nitems; j++) {
            const char *raw = d->comps.items[j];
            if (rg_has_bullet(raw, strlen(raw))) {
                struct strv items = {0};
                rg_split_competences(raw, strlen(raw), NULL, &items);
                for (size_t x = 0; x < items.nitems; x++) {
                    rg_words_learn(w, items.items[x]);
                }
                strv_free(&items);
            }
        }
    }
}

/* Adds one item to a growing array. */
static void push_item(struct rg_item **items, size_t *n, char *text, struct rg_marks m)
{
    *items = xrealloc(*items, (*n + 1) * sizeof **items);
    (*items)[(*n)++] = (struct rg_item){.text = text, .impl = m.impl, .oper = m.oper};
}

/* Turns a table's rows into items: a row with k mark sets is one cell of k
 * items, split at its k-1 likeliest item starts. Returns 0 or -1. */
static int build_items(const struct rg_draft *d, int k, const struct rg_words *w,
                       struct rg_item **items, size_t *n, struct rollegalleri *out,
                       struct import_err *err)
{
    const struct rg_table *t = &d->tables[k];
    for (size_t i = 0; i < t->nrows; i++) {
        const struct rg_row *r = &t->rows[i];
        char *clean = text_clean(buf_str(&r->raw), r->raw.len);
        if (r->nmarks == 1) {
            push_item(items, n, clean, r->marks[0]);
            continue;
        }
        struct strv parts = {0};
        bool ambiguous;
        size_t found = rg_split_items(clean, r->nmarks, w, &parts, &ambiguous);
        free(clean);
        if (parts.nitems != r->nmarks) {
            strv_free(&parts);
            import_fail(err, r->line,
                        "%s of role \"%s\": the cell has marks for %zu items but only %zu "
                        "possible item starts, too few to split it",
                        k ? "Ansvar" : "Opgaver", d->name, r->nmarks, found);
            return -1;
        }
        if (ambiguous) {
            strv_push(&out->warnings,
                      xasprintf("%s of role \"%s\" (line %d): the split into %zu items is a "
                                "guess between equally likely item starts",
                                k ? "Ansvar" : "Opgaver", d->name, r->line, r->nmarks));
        }
        for (size_t j = 0; j < parts.nitems; j++) {
            push_item(items, n, parts.items[j], r->marks[j]);
            parts.items[j] = NULL;
        }
        strv_free(&parts);
    }
    return 0;
}

/* The implementation phase in the first "fase N" of Kendetegn, or 0. */
static int find_phase(const char *k)
{
    for (const char *p = k; (p = strpbrk(p, "fF")) != NULL; p++) {
        bool word_start = p == k || p[-1] == ' ' || p[-1] == '(';
        if (!word_start || strncmp(p + 1, "ase", 3) != 0) {
            continue;
        }
        const char *q = p + 4;
        while (*q == ' ') {
            q++;
        }
        if (q > p + 4 && *q >= '1' && *q <= '9' && !(q[1] >= '0' && q[1] <= '9')) {
            return *q - '0';
        }
    }
    return 0;
}

/* The role named in "veksles til rollen som X", or NULL (caller frees). */
static char *find_successor(const char *k)
{
    static const char key[] = "veksles til rollen som ";
    char *low = str_lower(k);
    const char *at = strstr(low, key);
    char *name = NULL;
    if (at) {
        const char *s = k + (at - low) + strlen(key);
        char *t = str_squeeze(s, strcspn(s, ",.;:"));
        if (*t) {
            name = t;
        } else {
            free(t);
        }
    }
    free(low);
    return name;
}

/* Builds the final role from its draft. Returns 0 or -1. */
static int build_role(const struct rg_draft *d, const struct rg_words *w, struct rg_role *r,
                      struct rollegalleri *out, struct import_err *err)
{
    r->name = xstrdup(d->name);
    r->slug = slugify(d->name);
    r->line = d->line;
    r->effect = text_clean(buf_str(&d->effect), d->effect.len);
    r->characteristics = text_clean(buf_str(&d->charac), d->charac.len);
    r->phase = find_phase(r->characteristics);
    r->successor = find_successor(r->characteristics);
    struct strv comps = {0};
    for (size_t i = 0; i < d->comps.nitems; i++) {
        rg_split_competences(d->comps.items[i], strlen(d->comps.items[i]), w, &comps);
    }
    r->competences = comps.items;
    r->ncompetences = comps.nitems;
    if (build_items(d, 0, w, &r->tasks, &r->ntasks, out, err) < 0 ||
        build_items(d, 1, w, &r->resps, &r->nresps, out, err) < 0) {
        return -1;
    }
    return 0;
}

/* The second pass: every draft becomes a role. Returns 0 or -1. */
static int build(const struct rg_parser *p, struct rollegalleri *out, struct import_err *err)
{
    struct rg_words w = {0};
    int rc = 0;
    learn(p, &w);
    out->roles = xcalloc(p->ndrafts, sizeof *out->roles);
    for (size_t i = 0; i < p->ndrafts && rc == 0; i++) {
        out->nroles = i + 1;
        rc = build_role(&p->drafts[i], &w, &out->roles[i], out, err);
    }
    rg_words_free(&w);
    return rc;
}

/* See import.h. On failure *out is freed and left zeroed. */
int rg_parse(const char *text, size_t len, struct rollegalleri *out, struct import_err *err)
{
    struct rg_parser p = {.err = err};
    struct rg_intro in = {0};
    memset(out, 0, sizeof *out);
    int rc = import_text_start(&text, &len, err);
    if (rc == 0) {
        rc = walk(text, len, &p, &in);
    }
    if (rc == 0) {
        rc = build(&p, out, err);
    }
    if (rc == 0) {
        rc = rg_categorize(out, &in, err);
    }
    if (rc == 0) {
        out->version = in.version;
        in.version = NULL;
    } else {
        rg_free(out);
    }
    rg_intro_free(&in);
    rg_parser_free(&p);
    return rc;
}

/* Frees n items and their array. */
static void item_free(struct rg_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].text);
    }
    free(items);
}

/* See import.h. Safe on a zeroed or half-built struct. */
void rg_free(struct rollegalleri *rg)
{
    for (size_t i = 0; i < rg->nroles; i++) {
        struct rg_role *r = &rg->roles[i];
        free(r->name);
        free(r->slug);
        free(r->category);
        free(r->effect);
        item_free(r->tasks, r->ntasks);
        item_free(r->resps, r->nresps);
        for (size_t j = 0; j < r->ncompetences; j++) {
            free(r->competences[j]);
        }
        free(r->competences);
        free(r->characteristics);
        free(r->successor);
    }
    free(rg->roles);
    free(rg->version);
    strv_free(&rg->warnings);
    memset(rg, 0, sizeof *rg);
}
