/*
 * relation: the relations between roles — the successors the importer
 * links, and the mentions of other roles in each role's effect,
 * characteristics, tasks, responsibilities and competences, found by the
 * rule described in model/relation.h and stored in role_mentions when the
 * rollegalleri is imported (so a read costs one small query). It derives
 * only from the stored text: no relation is written by hand, and nothing
 * here knows how a picture of them looks.
 */
#include <stdlib.h>
#include <string.h>

#include "model/audit.h"
#include "model/relation.h"
#include "model/stmts.h"
#include "util.h"

#define MAX_WORDS 12 /* words in one form of a name */
#define MAX_FORMS 4  /* forms of one name */

/* The words of a text or name: lower case, doubled letters collapsed. */
struct words {
    char **w;      /* owned strings */
    size_t n, cap; /* in use, allocated */
};

/* One way of writing a role's name, as words. */
struct form {
    const char *w[MAX_WORDS]; /* borrowed from a struct words */
    size_t n;                 /* words in w */
};

/* A role as the matcher sees it. */
struct mrole {
    const char *slug;               /* borrowed from the caller's json */
    struct words name, base, alias; /* owned word lists the forms point into */
    struct form forms[MAX_FORMS];   /* the plain forms */
    size_t nforms;                  /* forms in use */
    const char *head;               /* qualified form: "systemansvarlig", or NULL */
    char *qual;                     /* and its qualifier stem "bogføring" (owned) */
    bool kombit;                    /* the name itself starts with "kombit" */
};

/* Inflections a word may carry (after doubled letters are collapsed). */
static const char *const suffixes[] = {"",   "e",   "en", "ens", "ne",   "nes", "r",
                                       "re", "rne", "er", "ere", "erne", "es",  "s"};
/* Words that may stand between a head and its qualifier. */
static const char *const connectors[] = {"for", "på", "i", "den", "det", "kommunens"};

static void words_push(struct words *ws, char *w)
{
    if (ws->n == ws->cap) {
        ws->cap = ws->cap ? ws->cap * 2 : 16;
        ws->w = xrealloc(ws->w, ws->cap * sizeof *ws->w);
    }
    ws->w[ws->n++] = w;
}

static void words_free(struct words *ws)
{
    for (size_t i = 0; i < ws->n; i++) {
        free(ws->w[i]);
    }
    free(ws->w);
    memset(ws, 0, sizeof *ws);
}

/* A letter of a word: ASCII letters and digits, Latin-1/Latin Extended-A
 * letters (æ ø å é ...). */
static bool is_letter(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

static uint32_t lower(uint32_t cp)
{
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)) {
        return cp + 32;
    }
    return cp;
}

/* Appends the words of s[0..n-1] to ws: runs of letters, lower case, a
 * letter repeated in a row kept once; "/" as a word of its own. */
static void split_words(const char *s, size_t n, struct words *ws)
{
    struct buf w = {0};
    uint32_t last = 0;
    size_t i = 0;
    while (i <= n) {
        uint32_t cp = 0;
        size_t used = i < n ? utf8_decode(s + i, n - i, &cp) : 1;
        if (!used) {
            used = 1, cp = ' ';
        }
        if (i < n && is_letter(cp)) {
            cp = lower(cp);
            if (cp != last) {
                utf8_encode(&w, cp);
            }
            last = cp;
        } else {
            if (w.len) {
                words_push(ws, buf_take(&w));
            }
            if (i < n && cp == '/') {
                words_push(ws, xstrdup("/"));
            }
            last = 0;
        }
        i += used;
    }
    buf_free(&w);
}

/* True when text word t is form word f, inflected or not. */
static bool word_is(const char *f, const char *t)
{
    size_t fl = strlen(f);
    if (fl >= 2 && !strcmp(f + fl - 2, "et") && !strncmp(f, t, fl - 1) &&
        (!strcmp(t + fl - 1, "de") || !strcmp(t + fl - 1, "des"))) {
        return true; /* supportberettiget -> supportberettigede(s) */
    }
    if (strncmp(f, t, fl) != 0) {
        return false;
    }
    const char *rest = t + fl;
    for (size_t i = 0; i < NELEM(suffixes); i++) {
        const char *s = suffixes[i];
        if (!strcmp(rest, s) || (fl && s[0] == f[fl - 1] && !strcmp(rest, s + 1))) {
            return true;
        }
    }
    return false;
}

/* The qualifier stem of a name's last word: "bogføringssystemet" ->
 * "bogføring"; NULL when the word names no system. Caller frees. */
static char *qualifier(const char *last)
{
    const char *sys = strstr(last, "system");
    if (!sys || sys == last) {
        return NULL;
    }
    size_t n = (size_t)(sys - last);
    if (n > 1 && last[n - 1] == 's') {
        n--;
    }
    return xstrndup(last, n);
}

/* Adds a form over the words ws[from..to-1] (when it has room). */
static void add_form(struct mrole *r, const struct words *ws, size_t from, size_t to)
{
    if (r->nforms == MAX_FORMS || to <= from || to - from > MAX_WORDS) {
        return;
    }
    struct form *f = &r->forms[r->nforms++];
    f->n = 0;
    for (size_t i = from; i < to; i++) {
        f->w[f->n++] = ws->w[i];
    }
}

/* Builds the forms of a role's name (see model/relation.h). */
static void role_forms(struct mrole *r, const char *name)
{
    split_words(name, strlen(name), &r->name);
    const char *open = strchr(name, '('), *close = open ? strchr(open, ')') : NULL;
    struct buf base = {0};
    buf_append(&base, name, open ? (size_t)(open - name) : strlen(name));
    if (close) {
        buf_puts(&base, close + 1);
    }
    split_words(buf_str(&base), base.len, &r->base);
    buf_free(&base);
    add_form(r, &r->name, 0, r->name.n);
    if (r->base.n != r->name.n) {
        add_form(r, &r->base, 0, r->base.n);
    }
    for (size_t i = 1; i + 1 < r->base.n && r->base.n <= MAX_WORDS && !strstr(name, "-/") &&
                       r->nforms < MAX_FORMS;
         i++) {
        if (!strcmp(r->base.w[i], "/")) { /* "A/B" also as "B/A" */
            struct form *f = &r->forms[r->nforms++];
            f->n = 0;
            for (size_t k = i + 1; k < r->base.n; k++) {
                f->w[f->n++] = r->base.w[k];
            }
            f->w[f->n++] = "/";
            for (size_t k = 0; k < i; k++) {
                f->w[f->n++] = r->base.w[k];
            }
            break;
        }
    }
    r->kombit = r->name.n && !strcmp(r->name.w[0], "kombit");
    if (r->base.n >= 2 && str_starts(r->base.w[0], "system")) {
        r->qual = qualifier(r->base.w[r->base.n - 1]);
        r->head = r->qual ? r->base.w[0] : NULL;
    }
    if (r->qual && open && close) { /* "(ØiR debitor)" + "ansvarlig" */
        split_words(open + 1, (size_t)(close - open - 1), &r->alias);
        words_push(&r->alias, xstrdup(r->base.w[0] + strlen("system")));
        add_form(r, &r->alias, 0, r->alias.n);
    }
}

/* How many words of t from i on name r's qualified form, or 0. */
static size_t qualified_at(const struct mrole *r, const struct words *t, size_t i)
{
    if (!r->head || !word_is(r->head, t->w[i])) {
        return 0;
    }
    size_t j = i + 1;
    for (size_t k = 0; k < 2 && j < t->n; k++) {
        bool conn = false;
        for (size_t c = 0; c < NELEM(connectors); c++) {
            conn = conn || !strcmp(t->w[j], connectors[c]);
        }
        if (!conn) {
            break;
        }
        j++;
    }
    if (j + 2 < t->n && !strcmp(t->w[j + 1], "/") &&
        (str_starts(t->w[j], r->qual) || str_starts(t->w[j + 2], r->qual))) {
        return j + 3 - i; /* "bogførings-/opkrævningssystemet" */
    }
    return j < t->n && str_starts(t->w[j], r->qual) ? j + 1 - i : 0;
}

/* How many words of t from i on name role r (its longest form), or 0. */
static size_t match_at(const struct mrole *r, const struct words *t, size_t i)
{
    if (i > 0 && !r->kombit && !strcmp(t->w[i - 1], "kombit")) {
        return 0;
    }
    size_t best = qualified_at(r, t, i);
    for (size_t k = 0; k < r->nforms; k++) {
        const struct form *f = &r->forms[k];
        if (f->n <= best || i + f->n > t->n) {
            continue;
        }
        size_t j = 0;
        while (j < f->n && word_is(f->w[j], t->w[i + j])) {
            j++;
        }
        best = j == f->n ? f->n : best;
    }
    return best;
}

/* Marks in named[] the roles text (of role self) names. */
static void scan_text(const struct mrole *rs, size_t n, size_t self, const char *text, bool *named)
{
    struct words t = {0};
    split_words(text, strlen(text), &t);
    size_t *len = xcalloc(n, sizeof *len);
    for (size_t i = 0; i < t.n; i++) {
        size_t best = 0;
        for (size_t k = 0; k < n; k++) {
            len[k] = match_at(&rs[k], &t, i);
            best = len[k] > best ? len[k] : best;
        }
        for (size_t k = 0; best && k < n; k++) {
            named[k] = named[k] || (len[k] == best && k != self);
        }
    }
    free(len);
    words_free(&t);
}

/* The mentions of roles (model/relation.h). */
json_t *relation_match(json_t *roles)
{
    size_t n = json_array_size(roles);
    struct mrole *rs = xcalloc(n ? n : 1, sizeof *rs);
    for (size_t k = 0; k < n; k++) {
        json_t *r = json_array_get(roles, k);
        rs[k].slug = json_string_value(json_object_get(r, "slug"));
        const char *name = json_string_value(json_object_get(r, "name"));
        role_forms(&rs[k], name ? name : "");
    }
    json_t *out = json_array();
    bool *named = xcalloc(n ? n : 1, sizeof *named);
    for (size_t k = 0; k < n; k++) {
        memset(named, 0, n * sizeof *named);
        size_t i;
        json_t *text;
        json_array_foreach(json_object_get(json_array_get(roles, k), "texts"), i, text) {
            if (json_is_string(text)) {
                scan_text(rs, n, k, json_string_value(text), named);
            }
        }
        for (size_t m = 0; m < n; m++) {
            if (named[m] && rs[k].slug && rs[m].slug) {
                json_array_append_new(out,
                                      json_pack("{s:s,s:s}", "from", rs[k].slug, "to", rs[m].slug));
            }
        }
    }
    for (size_t k = 0; k < n; k++) {
        words_free(&rs[k].name), words_free(&rs[k].base), words_free(&rs[k].alias);
        free(rs[k].qual);
    }
    free(named);
    free(rs);
    return out;
}

static const char sql_texts[] =
    "SELECT r.slug, r.name, json_array(r.effect, r.characteristics)"
    "  AS \"own:json\","
    " (SELECT json_group_array(text) FROM role_items WHERE role_id = r.id) AS \"items:json\","
    " (SELECT json_group_array(text) FROM role_competences WHERE role_id = r.id)"
    "  AS \"competences:json\""
    " FROM roles r ORDER BY r.position";
static const char sql_mentions[] =
    "SELECT a.slug AS \"from\", b.slug AS \"to\" FROM role_mentions m"
    " JOIN roles a ON a.id = m.role_id JOIN roles b ON b.id = m.mentioned_id"
    " ORDER BY a.position, b.position";
static const char sql_successors[] =
    "SELECT a.slug AS \"from\", b.slug AS \"to\" FROM role_successors s"
    " JOIN roles a ON a.id = s.role_id JOIN roles b ON b.id = s.successor_id"
    " ORDER BY a.position, b.position";
static const char sql_clear[] = "DELETE FROM role_mentions";
static const char sql_insert[] =
    "INSERT INTO role_mentions (role_id, mentioned_id)"
    " SELECT a.id, b.id FROM roles a, roles b WHERE a.slug = ?1 AND b.slug = ?2";

/* Every role with its texts in one array, as relation_match() takes them. */
static json_t *stored_texts(struct db *db)
{
    json_t *rows = db_rows(db, sql_texts, "");
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        json_t *texts = json_object_get(r, "own");
        json_array_extend(texts, json_object_get(r, "items"));
        json_array_extend(texts, json_object_get(r, "competences"));
        json_object_set(r, "texts", texts);
    }
    return rows;
}

/* Derives and stores the mentions when they changed (model/relation.h). */
int relation_rebuild(struct db *db, const struct actor *a)
{
    json_t *roles = stored_texts(db);
    json_t *before = roles ? db_rows(db, sql_mentions, "") : NULL;
    if (!before) {
        json_decref(roles);
        return -1;
    }
    json_t *after = relation_match(roles);
    json_decref(roles);
    int rc = SAVE_UNCHANGED;
    if (!json_equal(before, after)) {
        rc = db_exec(db, sql_clear, "") < 0 ? -1 : SAVE_UPDATED;
        size_t i;
        json_t *m;
        json_array_foreach(after, i, m) {
            if (rc >= 0 &&
                db_exec(db, sql_insert, "tt", json_string_value(json_object_get(m, "from")),
                        json_string_value(json_object_get(m, "to"))) != 1) {
                rc = -1;
            }
        }
        json_t *old = json_pack("{s:O}", "mentions", before);
        json_t *new = json_pack("{s:O}", "mentions", after);
        if (rc >= 0 && audit_write(db, a, 0, "role.mentions", "role", 0, old, new) < 0) {
            rc = -1;
        }
        json_decref(old);
        json_decref(new);
    }
    json_decref(before);
    json_decref(after);
    return rc;
}

/* Successors and mentions by slug (model/relation.h). */
json_t *relation_list(struct db *db)
{
    json_t *succ = db_rows(db, sql_successors, "");
    json_t *ment = succ ? db_rows(db, sql_mentions, "") : NULL;
    if (!ment) {
        json_decref(succ);
        return NULL;
    }
    return json_pack("{s:o,s:o}", "successors", succ, "mentions", ment);
}

const struct model_stmt relation_stmts[] = {
    {"relation.texts", sql_texts, true},           {"relation.mentions", sql_mentions, true},
    {"relation.successors", sql_successors, true}, {"relation.clear", sql_clear, true},
    {"relation.insert", sql_insert, false},
};
const size_t nrelation_stmts = NELEM(relation_stmts);
