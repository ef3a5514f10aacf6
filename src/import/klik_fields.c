/*
 * klik_fields: turns each labelled field of a KLIK export into the task's
 * members — plain text with the "(Fase)"/"(Tema)" type suffixes gone,
 * whole numbers, Ja/Nej, the list of waves, Markdown and method steps —
 * and settles the task's project. Errors name the field and its line.
 */
#include <stdlib.h>
#include <string.h>

#include "klik.h"

/* See klik.h. */
void klik_feed(struct kparse *p, const char *v, size_t vn, size_t first, size_t end,
               struct strv *links, struct blocks *bl)
{
    blk_init(bl, links);
    const struct kline *ls = &p->lines[first];
    if (p->kind == IMPORT_KLIK_PDF) {
        pdf_feed(bl, v, vn, ls, end - first);
    } else {
        tab_feed(bl, v, vn, ls, end - first);
    }
    blk_finish(bl);
}

/* Removes a trailing " (suffix)" such as "(Fase)" from s in place. */
static void strip_suffix(char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    if (n > k && memcmp(s + n - k, suffix, k) == 0 && s[n - k - 1] == ' ') {
        s[n - k - 1] = '\0';
    }
}

/* Parses a whole decimal number of at most 9 digits, optionally signed
 * when sign_ok: "5", "-171", "+3"; nothing else, not even spaces. */
static bool parse_int(const char *s, bool sign_ok, long *out)
{
    const char *p = s;
    if (sign_ok && (*p == '-' || *p == '+')) {
        p++;
    }
    size_t n = strlen(p);
    if (n == 0 || n > 9 || strspn(p, "0123456789") != n) {
        return false;
    }
    *out = strtol(s, NULL, 10);
    return true;
}

/* Fills a number field from its plain value. Returns 0, or -1 with err. */
static int number_field(struct kparse *p, const struct seg *sg, const char *v,
                        struct klik_task *t)
{
    long n;
    if (sg->field == KF_ID) {
        if (!parse_int(v, false, &n) || n <= 0) {
            import_fail(p->err, sg->line, "\"%s\" must be a positive whole number, not \"%s\"",
                        sg->label, v);
            return -1;
        }
        t->external_id = n;
        return 0;
    }
    if (!parse_int(v, true, &n) || (sg->field == KF_DURATION && n < 0)) {
        import_fail(p->err, sg->line, "\"%s\" must be a whole number of days, not \"%s\"",
                    sg->label, v);
        return -1;
    }
    if (sg->field == KF_DURATION) {
        t->has_duration = 1, t->duration_days = (int)n;
    } else if (sg->field == KF_END) {
        t->has_end_offset = 1, t->end_offset_days = (int)n;
    } else {
        t->has_start_offset = 1, t->start_offset_days = (int)n;
    }
    return 0;
}

/* The string slot of a plain text field, or NULL for other fields. */
static char **plain_slot(enum kfield f, struct klik_task *t)
{
    switch (f) {
    case KF_TITLE: return &t->title;
    case KF_PROJECT: return &t->project;
    case KF_PHASE: return &t->phase;
    case KF_THEME: return &t->theme;
    case KF_PRIORITY: return &t->priority;
    case KF_PERFORMER: return &t->recommended_performer;
    case KF_PARTIES: return &t->involved_parties;
    case KF_PUBSTATUS: return &t->publication_status;
    default: return NULL;
    }
}

/* Fills a field that is plain text, a number, Ja/Nej or a list of waves.
 * Takes v (freed here). Returns 0, or -1 with err set. */
static int plain_field(struct kparse *p, const struct seg *sg, char *v, struct klik_task *t)
{
    int rc = 0;
    char **slot = plain_slot(sg->field, t);
    if (v[0] == '\0') {
        free(v); /* an empty value counts as not given */
    } else if (sg->field == KF_PROJECT && !str_project_code(v)) {
        import_fail(p->err, sg->line,
                    "\"%s\" must be a project code (1-10 capital letters and digits, "
                    "starting with a letter), not \"%.40s\"",
                    sg->label, v);
        free(v);
        rc = -1;
    } else if (slot) {
        if (sg->field == KF_PHASE) {
            strip_suffix(v, "(Fase)");
        } else if (sg->field == KF_THEME) {
            strip_suffix(v, "(Tema)");
        }
        *slot = v;
    } else if (sg->field == KF_STS) {
        if (str_eq_nocase(v, "Ja") || str_eq_nocase(v, "Nej")) {
            t->sts = str_eq_nocase(v, "Ja");
        } else {
            import_fail(p->err, sg->line, "\"%s\" must be Ja or Nej, not \"%s\"", sg->label, v);
            rc = -1;
        }
        free(v);
    } else if (sg->field == KF_WAVES) {
        struct strv parts = {0};
        str_split(v, ',', &parts);
        for (size_t i = 0; i < parts.nitems; i++) {
            char *w = str_squeeze(parts.items[i], strlen(parts.items[i]));
            if (w[0]) {
                strv_push(&t->waves, w);
            } else {
                free(w);
            }
        }
        strv_free(&parts);
        free(v);
    } else {
        rc = number_field(p, sg, v, t);
        free(v);
    }
    return rc;
}

/* See klik.h. */
int klik_fill_field(struct kparse *p, const struct seg *sg, struct klik_task *t)
{
    if (sg->field == KF_COMMENTS) {
        return klik_comments(sg->v, sg->vn, sg->line, &p->lines[sg->first], sg->end - sg->first,
                             t, p->err);
    }
    struct blocks bl;
    klik_feed(p, sg->v, sg->vn, sg->first, sg->end, &t->links, &bl);
    int rc = 0;
    if (sg->field == KF_TITLE) {
        p->title_line = sg->line;
    }
    switch (sg->field) {
    case KF_GOAL: t->goal = blk_markdown(&bl); break;
    case KF_DESC: t->description = blk_markdown(&bl); break;
    case KF_RESULT: t->result = blk_markdown(&bl); break;
    case KF_METHOD: blk_steps(&bl, &t->method_steps); break;
    default: rc = plain_field(p, sg, blk_plain(&bl), t); break;
    }
    blk_free(&bl);
    return rc;
}

/* True for a byte that is part of a word: a letter, a digit, or UTF-8. */
static bool word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* True when word occurs in s with no letter or digit either side. */
static bool has_word(const char *s, const char *word)
{
    size_t k = strlen(word);
    for (const char *q = strstr(s, word); q && k > 0; q = strstr(q + 1, word)) {
        if ((q == s || !word_byte((unsigned char)q[-1])) && !word_byte((unsigned char)q[k])) {
            return true;
        }
    }
    return false;
}

/* The file's name for a message, or "the task" when the caller gave none. */
static const char *file_name(const struct import_err *err)
{
    return err->file[0] ? err->file : "the task";
}

/* The one known project code the title names as a word: *found gets it
 * (borrowed from known), or NULL; *second a second one, or NULL. */
static void title_projects(const char *title, const char *const *known, const char **found,
                           const char **second)
{
    *found = *second = NULL;
    for (size_t i = 0; known && known[i] && !*second; i++) {
        if (has_word(title, known[i])) {
            *(*found ? second : found) = known[i];
        }
    }
}

/* See klik.h. The error stands on the title's line. An override settles a
 * title naming no project or several, and must agree with a title naming
 * one: a task is never filed under another project than its title says. */
int klik_settle_project(struct kparse *p, const char *override, const char *const *known,
                        struct klik_task *t)
{
    if (t->project) {
        return 0;
    }
    const char *found, *second;
    title_projects(t->title, known, &found, &second);
    if (override && override[0]) {
        if (found && !second && strcmp(found, override) != 0) {
            import_fail(p->err, p->title_line,
                        "%s: the title names project %s but --project says %s",
                        file_name(p->err), found, override);
            return -1;
        }
        t->project = xstrdup(override);
        return 0;
    }
    if (second) {
        import_fail(p->err, p->title_line,
                    "%s: the title names projects %s and %s: give --project CODE",
                    file_name(p->err), found, second);
        return -1;
    }
    if (!found) {
        import_fail(p->err, p->title_line, "%s names no project: give --project CODE",
                    file_name(p->err));
        return -1;
    }
    t->project = xstrdup(found);
    return 0;
}
