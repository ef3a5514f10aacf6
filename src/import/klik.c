/*
 * klik: parses a KLIK task export — the key/tab/value form or the text of
 * its PDF — into a struct klik_task. The file is cut into lines, the lines
 * into fields by their labels (each label counts once; after "Kommentarer"
 * everything is comments), and each field's lines are turned into plain
 * text, numbers or Markdown (klik_fields.c) through the form's feeder
 * (klik_tab.c, klik_pdf.c) and klik_md.c. It reports the first problem with its line and leaves
 * nothing allocated on failure; it never touches the database.
 */
#include <stdlib.h>
#include <string.h>

#include "klik.h"

/* The labels of both forms, as they start a line. */
static const struct klabel {
    const char *label;  /* as it starts a line */
    enum kfield field;  /* what it fills */
} klabels[] = {
    {"Master-opgave ID", KF_ID},
    {"Opgavetitel", KF_TITLE},
    {"Projekt", KF_PROJECT},
    {"Fase", KF_PHASE},
    {"Tema", KF_THEME},
    {"Prioritet", KF_PRIORITY},
    {"Er det en STS/Infrastruktur opgave?", KF_STS},
    {"Opgave varighed (antal dage)", KF_DURATION},
    {"Slutdato (fra Go-Live)", KF_END},
    {"Startdato (fra Slutdato)", KF_START},
    {"Bølger", KF_WAVES},
    {"Mål", KF_GOAL},
    {"Beskrivelse", KF_DESC},
    {"Metode og fremgangsmåde", KF_METHOD},
    {"Resultat", KF_RESULT},
    {"Anbefalet udfører", KF_PERFORMER},
    {"Involverede parter", KF_PARTIES},
    {"Publiceringsstatus", KF_PUBSTATUS},
    {"Kommentarer", KF_COMMENTS},
};

/* Cuts text into lines (a final line break ends the last line); caller
 * frees the array. */
static struct kline *split_lines(const char *text, size_t len, size_t *n)
{
    size_t count = 1;
    for (size_t i = 0; i < len; i++) {
        count += text[i] == '\n';
    }
    struct kline *l = xcalloc(count, sizeof *l);
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == '\n') {
            if (i == len && start == len && k > 0) {
                break; /* nothing after the last line break */
            }
            size_t e = i;
            if (e > start && text[e - 1] == '\r') {
                e--;
            }
            l[k].s = text + start;
            l[k].n = e - start;
            l[k].no = (int)k + 1;
            k++;
            start = i + 1;
        }
    }
    *n = k;
    return l;
}

/* True when a line holds only white space. */
static bool blank(const struct kline *l)
{
    for (size_t i = 0; i < l->n; i++) {
        if (l->s[i] != ' ' && l->s[i] != '\t') {
            return false;
        }
    }
    return true;
}

/* The line without trailing white space: its length. */
static size_t trimmed_len(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
        n--;
    }
    return n;
}

/* True for a section line such as ". PUBLICERING": a dot, a space and
 * upper-case words. */
static bool section_line(const struct kline *l)
{
    size_t n = trimmed_len(l->s, l->n);
    if (n < 3 || l->s[0] != '.' || l->s[1] != ' ') {
        return false;
    }
    for (size_t i = 2; i < n; i++) {
        if (starts_lower(l->s + i, n - i)) {
            return false;
        }
    }
    return true;
}

/* Sets sg for a label at line i whose value starts at v on line j. */
static void seg_set(struct kparse *p, struct seg *sg, const struct klabel *kl, size_t i,
                    const char *v, size_t j)
{
    const struct kline *lj = &p->lines[j];
    sg->field = kl->field;
    sg->label = kl->label;
    sg->line = p->lines[i].no;
    sg->v = v;
    sg->vn = (size_t)(lj->s + lj->n - v);
    sg->first = j + 1;
}

/* Matches label kl across line i and the next non-blank line, as the PDF
 * breaks "Metode og" / "fremgangsmåde". Returns true and fills sg. */
static bool match_split(struct kparse *p, size_t i, const struct klabel *kl, struct seg *sg)
{
    const struct kline *l = &p->lines[i];
    size_t n = trimmed_len(l->s, l->n), k = strlen(kl->label);
    if (n == 0 || n >= k || kl->label[n] != ' ' || memcmp(l->s, kl->label, n) != 0) {
        return false;
    }
    size_t j = i + 1;
    while (j < p->nlines && j <= i + 3 && blank(&p->lines[j])) {
        j++;
    }
    if (j >= p->nlines || j > i + 3) {
        return false;
    }
    const char *rest = kl->label + n + 1;
    size_t rk = strlen(rest);
    const struct kline *m = &p->lines[j];
    if (m->n < rk || memcmp(m->s, rest, rk) != 0 ||
        (m->n > rk && m->s[rk] != ' ' && m->s[rk] != '\t')) {
        return false;
    }
    seg_set(p, sg, kl, i, m->s + rk + (m->n > rk), j);
    return true;
}

/* True when v (after a label and a space) can be that field's value: a
 * sentence that merely starts with a label word ("Mål for ...", "Resultat
 * af ...") is text. Values start upper-case (or, for numbers, with a digit
 * or sign); a project is one code. */
static bool space_value_ok(enum kfield f, const char *v, size_t n)
{
    while (n > 0 && (*v == ' ' || *v == '\t')) {
        v++, n--;
    }
    n = trimmed_len(v, n);
    if (n == 0) {
        return true;
    }
    if (f == KF_ID || f == KF_DURATION || f == KF_END || f == KF_START) {
        return strchr("+-0123456789", v[0]) != NULL;
    }
    if (f == KF_COMMENTS) {
        return true; /* klik_comments checks the header */
    }
    if (f == KF_PROJECT && memchr(v, ' ', n)) {
        return false;
    }
    return starts_upper(v, n);
}

/* Matches a label at the start of line i: followed by a tab, a space or
 * the end of the line. Returns 1 and fills sg, 0 for no label, -1 (err
 * set) for a tab label given twice. A space label met before is text. */
static int match_label(struct kparse *p, size_t i, struct seg *sg)
{
    const struct kline *l = &p->lines[i];
    for (size_t x = 0; x < NELEM(klabels); x++) {
        const struct klabel *kl = &klabels[x];
        size_t k = strlen(kl->label);
        if (l->n < k || memcmp(l->s, kl->label, k) != 0) {
            continue;
        }
        char c = l->n > k ? l->s[k] : '\0';
        if ((c != '\0' && c != '\t' && c != ' ') ||
            (c == ' ' && !space_value_ok(kl->field, l->s + k, l->n - k))) {
            continue;
        }
        if (p->seen[kl->field]) {
            if (c == '\t') {
                import_fail(p->err, l->no, "\"%s\" is given twice", kl->label);
                return -1;
            }
            continue;
        }
        seg_set(p, sg, kl, i, l->s + k + (c != '\0'), i);
        return 1;
    }
    for (size_t x = 0; x < NELEM(klabels); x++) {
        if (!p->seen[klabels[x].field] && match_split(p, i, &klabels[x], sg)) {
            return 1;
        }
    }
    return 0;
}

/* Cuts the lines into fields. Returns 0, or -1 with err set. */
static int segment(struct kparse *p)
{
    struct seg *cur = NULL;
    bool any = false;
    for (size_t i = 0; i < p->nlines; i++) {
        const struct kline *l = &p->lines[i];
        if (cur && cur->field == KF_COMMENTS) {
            continue; /* the comments run to the end */
        }
        struct seg sg;
        int m = match_label(p, i, &sg);
        if (m < 0) {
            return -1;
        }
        if (m > 0 || section_line(l)) {
            if (cur) {
                cur->end = i;
            } else if (!any) {
                p->pre_end = i;
            }
            any = true;
            cur = NULL;
            if (m > 0) {
                cur = &p->segs[p->nsegs++];
                *cur = sg;
                p->seen[sg.field] = true;
                i = sg.first - 1;
            }
            continue;
        }
        size_t us;
        if (any && !cur && !blank(l) && url_line(l->s, l->n, &us) == 0) {
            size_t n = l->n < 60 ? l->n : 60;
            while (n < l->n && n > 0 && ((unsigned char)l->s[n] & 0xC0) == 0x80) {
                n--; /* do not cut a character in two */
            }
            import_fail(p->err, l->no, "text outside any field: \"%.*s\"", (int)n, l->s);
            return -1;
        }
    }
    if (cur) {
        cur->end = p->nlines;
    } else if (!any) {
        p->pre_end = p->nlines;
    }
    return 0;
}

/* Checks what every task needs once all fields are read. */
static int check_task(struct kparse *p, const char *override, const char *const *known,
                      struct klik_task *t)
{
    int last = p->nlines > 0 ? p->lines[p->nlines - 1].no : 0;
    if (!t->title && p->pre_title[0]) {
        t->title = p->pre_title;
        p->pre_title = NULL;
    }
    if (!t->title) {
        import_fail(p->err, p->segs[0].line,
                    "no title: neither \"Opgavetitel\" nor a title before the first label");
        return -1;
    }
    if (klik_settle_project(p, override, known, t) < 0) {
        return -1;
    }
    if (!t->goal && !t->description) {
        import_fail(p->err, last, "the file ends without \"Mål\" or \"Beskrivelse\"");
        return -1;
    }
    return 0;
}

/* Parses into t (zeroed by the caller). Returns 0, or -1 with err set. */
static int parse(struct kparse *p, const char *text, size_t len, const char *override,
                 const char *const *known, struct klik_task *t)
{
    if (import_text_start(&text, &len, p->err) < 0) {
        return -1;
    }
    p->lines = split_lines(text, len, &p->nlines);
    if (segment(p) < 0) {
        return -1;
    }
    if (p->nsegs == 0) {
        import_fail(p->err, 0, "no KLIK field labels (\"Fase\", \"Mål\", ...) found");
        return -1;
    }
    struct blocks bl; /* the text before the first label: the PDF's title */
    klik_feed(p, "", 0, 0, p->pre_end, &t->links, &bl);
    p->pre_title = blk_plain(&bl);
    blk_free(&bl);
    for (size_t i = 0; i < p->pre_end && !p->title_line; i++) {
        p->title_line = blank(&p->lines[i]) ? 0 : p->lines[i].no;
    }
    for (size_t i = 0; i < p->nsegs; i++) {
        if (klik_fill_field(p, &p->segs[i], t) < 0) {
            return -1;
        }
    }
    return check_task(p, override, known, t);
}

/* See import.h. On failure *out is zeroed and nothing stays allocated. */
int klik_parse(const char *text, size_t len, enum import_kind kind, const char *project_override,
               const char *const *known_projects, struct klik_task *out, struct import_err *err)
{
    memset(out, 0, sizeof *out);
    out->sts = -1;
    if (kind != IMPORT_KLIK_TAB && kind != IMPORT_KLIK_PDF) {
        import_fail(err, 0, "not a KLIK task export (%s)", import_kind_name(kind));
        memset(out, 0, sizeof *out);
        return -1;
    }
    char *copy = xmalloc(len + 1); /* NUL-terminated, so lines may be scanned safely */
    memcpy(copy, text, len);
    copy[len] = '\0';
    struct kparse p = {.kind = kind, .err = err};
    int rc = parse(&p, copy, len, project_override, known_projects, out);
    free(p.lines);
    free(p.pre_title);
    free(copy);
    if (rc < 0) {
        klik_free(out);
    }
    return rc;
}

/* See import.h. Leaves *t zeroed. */
void klik_free(struct klik_task *t)
{
    if (!t) {
        return;
    }
    free(t->title);
    free(t->project);
    free(t->phase);
    free(t->theme);
    free(t->priority);
    strv_free(&t->waves);
    free(t->goal);
    free(t->description);
    strv_free(&t->method_steps);
    free(t->result);
    free(t->recommended_performer);
    free(t->involved_parties);
    free(t->publication_status);
    strv_free(&t->links);
    for (size_t i = 0; i < t->ncomments; i++) {
        free(t->comments[i].author);
        free(t->comments[i].at);
        free(t->comments[i].body);
    }
    free(t->comments);
    memset(t, 0, sizeof *t);
}
