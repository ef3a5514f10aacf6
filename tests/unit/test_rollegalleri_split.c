/*
 * test_rollegalleri_split: the splitting of one-cell Opgaver and Ansvar
 * tables (src/import/rollegalleri_split.c), proved on the whole gallery.
 * The seed is parsed normally; then each of its 64 tables (32 roles, tasks
 * and responsibilities) is written back in the one-cell form the export
 * uses on its own one-cell cards — every item run together in one text cell
 * after a "<ul ...>" tag, the first item's marks on that line under the
 * header's columns, one mark-only line per further item — into a document
 * that is the seed's introduction followed by every role in ordinary rows;
 * that document is parsed again and must give back exactly the gallery's
 * items and marks. It also checks the two sentences from cards outside the
 * seed that an earlier split cut wrongly, and prints how many of the 64
 * tables come back whole.
 */
#include "check.h"
#include "import.h"

/* ---- writing a gallery back ---- */

/* The seed's text and its parse; aborts the binary when it does not parse. */
static char *parse_seed(struct rollegalleri *rg, size_t *len)
{
    char *text = SEED("rollegalleri-v1.5.txt", len);
    struct import_err err = {0};
    if (rg_parse(text, *len, rg, &err) != 0) {
        fprintf(stdout, "fail %s: seed does not parse: line %d: %s\n", check_file_(), err.line,
                err.msg);
        exit(1);
    }
    return text;
}

/* Appends the seed's introduction: every line before the first "Rolle"
 * header, so that the re-parsed document keeps its Figur 1 categories. */
static void put_intro(struct buf *b, const char *text)
{
    const char *at = strstr(text, "\nRolle\t");
    if (at) {
        buf_append(b, text, (size_t)(at - text) + 1);
    }
}

/* Appends one item as an ordinary row: text in column 1, marks in the
 * header's columns 2 and 3. */
static void put_row(struct buf *b, const struct rg_item *it)
{
    buf_printf(b, "\t%s\t%s\t%s\n", it->text, mark_str(it->impl), mark_str(it->oper));
}

/* Appends the mark-only line of an item after the first of a one-cell row,
 * laid out as the seed's one-cell cards lay theirs out: two marks in
 * columns 3 and 4, a lone Implementering mark in column 2, a lone Drift og
 * forvaltning mark in column 4. */
static void put_mark_line(struct buf *b, const struct rg_item *it)
{
    if (it->impl && it->oper) {
        buf_printf(b, "\t\t\t%s\t%s\n", mark_str(it->impl), mark_str(it->oper));
    } else if (it->impl) {
        buf_printf(b, "\t\t%s\t\t\n", mark_str(it->impl));
    } else {
        buf_printf(b, "\t\t\t\t%s\n", mark_str(it->oper));
    }
}

/* Appends items[0..n) as one-cell rows. A mark-only line cannot stand for
 * an item without marks (a blank line is no item), so such an item opens a
 * new one-cell row; the gallery has one such item. Returns the number of
 * one-cell rows written. */
static int put_one_cell(struct buf *b, const struct rg_item *items, size_t n)
{
    int rows = 0;
    for (size_t i = 0; i < n;) {
        size_t end = i + 1;
        while (end < n && (items[end].impl || items[end].oper)) {
            end++;
        }
        if (end - i == 1) {
            put_row(b, &items[i]); /* one item: an ordinary row */
        } else {
            buf_puts(b, "<ul style=\"list-style-type: none\"> ");
            for (size_t j = i; j < end; j++) {
                buf_printf(b, "%s ", items[j].text);
            }
            buf_printf(b, "\t\t%s\t%s\t\n", mark_str(items[i].impl), mark_str(items[i].oper));
            for (size_t j = i + 1; j < end; j++) {
                put_mark_line(b, &items[j]);
            }
        }
        rows++;
        i = end;
    }
    return rows;
}

/* Appends one role; table which (0 tasks, 1 responsibilities) is written
 * in one-cell form, the other in ordinary rows (which < 0: both ordinary;
 * 2: both one-cell). */
static void put_role(struct buf *b, const struct rg_role *r, int which)
{
    buf_printf(b, "Rolle\t%s\t\t\t\nEffekten\t%s\t\t\t\n", r->name, r->effect);
    for (int k = 0; k < 2; k++) {
        const struct rg_item *items = k ? r->resps : r->tasks;
        size_t n = k ? r->nresps : r->ntasks;
        buf_printf(b, "%s\t\tImplementering\tDrift og forvaltning\t\n", k ? "Ansvar" : "Opgaver");
        if (k == which || which == 2) {
            put_one_cell(b, items, n);
        } else {
            for (size_t i = 0; i < n; i++) {
                put_row(b, &items[i]);
            }
        }
    }
    buf_puts(b, "Kompetencer\t<ul style=\"list-style-type: none\">");
    for (size_t i = 0; i < r->ncompetences; i++) {
        buf_printf(b, "• %s", r->competences[i]);
    }
    buf_printf(b, "\nKendetegn\t%s\n\n", r->characteristics);
}

/* True when got's items are exactly want's, texts and marks; prints the
 * first difference. */
static bool same_items(const char *what, const struct rg_item *got, size_t ngot,
                       const struct rg_item *want, size_t nwant)
{
    if (ngot != nwant) {
        fprintf(stdout, "#   %s: %zu items, expected %zu\n", what, ngot, nwant);
        return false;
    }
    for (size_t i = 0; i < ngot; i++) {
        if (strcmp(got[i].text, want[i].text) != 0 || got[i].impl != want[i].impl ||
            got[i].oper != want[i].oper) {
            fprintf(stdout, "#   %s item %zu:\n#     got      \"%s\" [%s|%s]\n"
                            "#     expected \"%s\" [%s|%s]\n",
                    what, i + 1, got[i].text, mark_str(got[i].impl), mark_str(got[i].oper),
                    want[i].text, mark_str(want[i].impl), mark_str(want[i].oper));
            return false;
        }
    }
    return true;
}

/* Re-parses the gallery with table which of role ri in one-cell form and
 * compares that table with the seed's. True when it comes back whole. */
static bool round_trip(const char *seed, const struct rollegalleri *rg, size_t ri, int which)
{
    struct buf b = {0};
    put_intro(&b, seed);
    for (size_t i = 0; i < rg->nroles; i++) {
        put_role(&b, &rg->roles[i], i == ri ? which : -1);
    }
    struct rollegalleri again;
    struct import_err err = {0};
    const struct rg_role *r = &rg->roles[ri];
    char what[200];
    snprintf(what, sizeof what, "%s of %s", which ? "Ansvar" : "Opgaver", r->slug);
    bool ok = false;
    if (rg_parse(buf_str(&b), b.len, &again, &err) != 0) {
        fprintf(stdout, "#   %s: does not parse: line %d: %s\n", what, err.line, err.msg);
    } else if (again.nroles != rg->nroles) {
        fprintf(stdout, "#   %s: %zu roles\n", what, again.nroles);
    } else {
        const struct rg_role *a = &again.roles[ri];
        ok = which ? same_items(what, a->resps, a->nresps, r->resps, r->nresps)
                   : same_items(what, a->tasks, a->ntasks, r->tasks, r->ntasks);
    }
    if (again.nroles || again.roles) {
        rg_free(&again);
    }
    buf_free(&b);
    return ok;
}

/* ---- the tests ---- */

/* Written back with every table in ordinary rows, the gallery parses to
 * itself: the writer above is faithful, so a failure below is the split's. */
TEST(writer_is_faithful)
{
    size_t len;
    struct rollegalleri rg;
    char *seed = parse_seed(&rg, &len);
    struct buf b = {0};
    put_intro(&b, seed);
    for (size_t i = 0; i < rg.nroles; i++) {
        put_role(&b, &rg.roles[i], -1);
    }
    struct rollegalleri again;
    struct import_err err = {0};
    CHECK_EQ_INT(rg_parse(buf_str(&b), b.len, &again, &err), 0);
    CHECK_EQ_INT(again.nroles, 32);
    for (size_t i = 0; i < rg.nroles && i < again.nroles; i++) {
        const struct rg_role *x = &again.roles[i], *y = &rg.roles[i];
        CHECK(same_items(y->slug, x->tasks, x->ntasks, y->tasks, y->ntasks));
        CHECK(same_items(y->slug, x->resps, x->nresps, y->resps, y->nresps));
        CHECK_EQ_STR(x->category, y->category);
    }
    rg_free(&again);
    buf_free(&b);
    rg_free(&rg);
    free(seed);
}

/* Every one of the gallery's 64 tables, written as one cell, splits back
 * into exactly its items and marks. */
TEST(all_64_tables_as_one_cell)
{
    size_t len, tables = 0, whole = 0;
    struct rollegalleri rg;
    char *seed = parse_seed(&rg, &len);
    CHECK_EQ_INT(rg.nroles, 32);
    for (size_t i = 0; i < rg.nroles; i++) {
        for (int k = 0; k < 2; k++) {
            tables++;
            whole += round_trip(seed, &rg, i, k);
        }
    }
    fprintf(stdout, "#   %zu of %zu one-cell tables split back whole\n", whole, tables);
    CHECK_EQ_INT(tables, 64);
    CHECK_EQ_INT(whole, 64);
    rg_free(&rg);
    free(seed);
}

/* With every table of the gallery in one-cell form at once, the document
 * teaches no item openings through its rows (only each cell's first word
 * and the bulleted competences); every table still splits back whole. */
TEST(all_tables_at_once)
{
    size_t len;
    struct rollegalleri rg;
    char *seed = parse_seed(&rg, &len);
    struct buf b = {0};
    put_intro(&b, seed);
    for (size_t i = 0; i < rg.nroles; i++) {
        put_role(&b, &rg.roles[i], 2);
    }
    struct rollegalleri again;
    struct import_err err = {0};
    CHECK_EQ_INT(rg_parse(buf_str(&b), b.len, &again, &err), 0);
    CHECK_EQ_INT(again.nroles, rg.nroles);
    for (size_t i = 0; i < rg.nroles && i < again.nroles; i++) {
        const struct rg_role *x = &again.roles[i], *y = &rg.roles[i];
        CHECK(same_items(y->slug, x->tasks, x->ntasks, y->tasks, y->ntasks));
        CHECK(same_items(y->slug, x->resps, x->nresps, y->resps, y->nresps));
    }
    rg_free(&again);
    buf_free(&b);
    rg_free(&rg);
    free(seed);
}

/* A one-role card whose Opgaver is one cell holding items[0..n) with two
 * marks for each of nwant items, parsed alone: its tasks must be exactly
 * want[0..nwant). */
static void split_card(const char *const *items, size_t n, const char *const *want, size_t nwant)
{
    struct buf b = {0};
    buf_puts(&b, "Rolle\tØiR-testrolle\t\t\t\nEffekten\tAt teste.\t\t\t\n"
                 "Opgaver\t\tImplementering\tDrift og forvaltning\t\n"
                 "<ul style=\"list-style-type: none\"> ");
    for (size_t i = 0; i < n; i++) {
        buf_printf(&b, "%s ", items[i]);
    }
    buf_puts(&b, "\t\tX\tX\t\n");
    for (size_t i = 1; i < nwant; i++) {
        buf_puts(&b, "\t\t\tX\tX\n");
    }
    buf_puts(&b, "Ansvar\t\tImplementering\tDrift og forvaltning\t\n"
                 "\tAnsvarlig for at teste\tX\tX\n"
                 "Kendetegn\tTværgående rolle, udpegning initieret af KOMBIT.\n");
    struct rollegalleri rg;
    struct import_err err = {0};
    CHECK_EQ_INT(rg_parse(buf_str(&b), b.len, &rg, &err), 0);
    if (rg.nroles == 1) {
        CHECK_EQ_INT(rg.roles[0].ntasks, nwant);
        for (size_t i = 0; i < rg.roles[0].ntasks && i < nwant; i++) {
            CHECK_EQ_STR(rg.roles[0].tasks[i].text, want[i]);
        }
        rg_free(&rg);
    } else {
        fprintf(stdout, "#   line %d: %s\n", err.line, err.msg);
        check_failed_++;
    }
    buf_free(&b);
}

/* An item's second sentence after a full stop, opening with a pronoun
 * ("Det kunne fx ..."), stays in its item. */
TEST(second_sentence_stays)
{
    static const char *const items[] = {
        "Sikrer at kommunen har viden om ØiR på tværs af fagområderne og "
        "Bogførings-/opkrævningsområdet. Det kunne fx være viden om integrationerne og "
        "fejlhåndtering",
        "Deltager i netværksmøder for ØiR-koordinatorer",
        "Har overblik over kommunens ibrugtagninger af ØiR",
    };
    split_card(items, NELEM(items), items, NELEM(items));
}

/* A proper name inside an item ("i Fælleskommunalt Administrationsmodul")
 * starts no item. */
TEST(proper_name_stays)
{
    static const char *const items[] = {
        "Er KOMBITs kontaktperson i relation til aftaler",
        "Opretter og vedligeholder serviceaftaler i Fælleskommunalt Administrationsmodul for "
        "det pågældende it-system",
        "Ansvarlig for at aftalerne er korrekte. Herunder at de er opdaterede",
        "Udreder fejl relateret til aftaler",
    };
    split_card(items, NELEM(items), items, NELEM(items));
}

int main(void)
{
    RUN(writer_is_faithful);
    RUN(all_64_tables_as_one_cell);
    RUN(all_tables_at_once);
    RUN(second_sentence_stays);
    RUN(proper_name_stays);
    CHECK_DONE();
}
