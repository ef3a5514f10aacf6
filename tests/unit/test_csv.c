/*
 * test_csv: the contact lists' text formats (src/util/csv.c): CSV fields
 * quoted exactly when needed, rows read back with quotes, line breaks,
 * a byte order mark and LF or CRLF endings, an unclosed quote refused with
 * its line, a value that would start a formula kept as text; vCard text escaped and content lines folded at 75 octets
 * without splitting a UTF-8 character.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util/csv.h"

TEST(csv_quotes_only_when_needed)
{
    struct buf b = {0};
    csv_field(&b, "Søren Ærø", true);
    csv_field(&b, "a;b", false);
    csv_field(&b, "sagde \"hej\"", false);
    csv_field(&b, "to\r\nlinjer", false);
    csv_field(&b, NULL, false);
    csv_row_end(&b);
    CHECK_EQ_STR(buf_str(&b),
                 "Søren Ærø;\"a;b\";\"sagde \"\"hej\"\"\";\"to\r\nlinjer\";\r\n");
    buf_free(&b);
}

TEST(csv_reads_back_what_it_writes)
{
    const char *text = CSV_BOM "Navn;Titel\r\n\"a;b\";\"sagde \"\"hej\"\"\"\r\n"
                               "\r\n\"to\nlinjer\";x\nsidst;\n";
    struct csv_reader r;
    struct strv f = {0};
    size_t line = 0;
    csv_reader_init(&r, text, strlen(text));
    CHECK_EQ_INT(csv_next(&r, &f, &line), 1);
    CHECK_EQ_INT(line, 1);
    CHECK_EQ_INT(f.nitems, 2);
    CHECK_EQ_STR(f.items[0], "Navn");
    CHECK_EQ_INT(csv_next(&r, &f, &line), 1);
    CHECK_EQ_INT(line, 2);
    CHECK_EQ_STR(f.items[0], "a;b");
    CHECK_EQ_STR(f.items[1], "sagde \"hej\"");
    CHECK_EQ_INT(csv_next(&r, &f, &line), 1);
    CHECK_EQ_INT(line, 4);
    CHECK_EQ_STR(f.items[0], "to\nlinjer");
    CHECK_EQ_INT(csv_next(&r, &f, &line), 1);
    CHECK_EQ_INT(line, 6);
    CHECK_EQ_INT(f.nitems, 2);
    CHECK_EQ_STR(f.items[0], "sidst");
    CHECK_EQ_STR(f.items[1], "");
    CHECK_EQ_INT(csv_next(&r, &f, &line), 0);
    strv_free(&f);
}

TEST(csv_unclosed_quote_names_its_line)
{
    const char *text = "a;b\n\"åben;c\nd\n";
    struct csv_reader r;
    struct strv f = {0};
    size_t line = 0;
    csv_reader_init(&r, text, strlen(text));
    CHECK_EQ_INT(csv_next(&r, &f, &line), 1);
    CHECK_EQ_INT(csv_next(&r, &f, &line), -1);
    CHECK_EQ_INT(line, 2);
    strv_free(&f);
}

TEST(vcard_escapes_text)
{
    struct buf b = {0};
    vcard_escape(&b, "a\\b,c;d\r\ne");
    CHECK_EQ_STR(buf_str(&b), "a\\\\b\\,c\\;d\\ne");
    buf_free(&b);
}

/* Every line of b's folded text is at most 75 octets, continuation lines
 * start with a space, and unfolding gives back want. */
static void check_folded(const char *text, const char *want)
{
    struct buf u = {0};
    const char *p = text;
    bool first = true;
    while (*p) {
        const char *crlf = strstr(p, "\r\n");
        CHECK(crlf != NULL);
        if (!crlf) {
            break;
        }
        CHECK((size_t)(crlf - p) <= 75);
        CHECK(first || *p == ' ');
        buf_append(&u, first ? p : p + 1, (size_t)(crlf - p) - (first ? 0 : 1));
        first = false;
        p = crlf + 2;
    }
    CHECK_EQ_STR(buf_str(&u), want);
    CHECK(utf8_valid(text, strlen(text)));
    buf_free(&u);
}

TEST(vcard_folds_at_75_octets)
{
    struct buf line = {0}, b = {0};
    buf_puts(&line, "NOTE:");
    for (int i = 0; i < 60; i++) {
        buf_puts(&line, "æø"); /* two-byte characters: a fold may fall mid-character */
    }
    vcard_line(&b, buf_str(&line));
    check_folded(buf_str(&b), buf_str(&line));
    CHECK(strstr(buf_str(&b), "\r\n ") != NULL);
    buf_reset(&b);
    vcard_line(&b, "FN:Kort");
    CHECK_EQ_STR(buf_str(&b), "FN:Kort\r\n");
    buf_free(&b);
    buf_free(&line);
}

TEST(csv_keeps_formulas_as_text)
{
    struct buf b = {0};
    csv_field(&b, "=HYPERLINK(\"x\")", true);
    csv_field(&b, "+45 11 22 33 44", false);
    csv_field(&b, "-1", false);
    csv_field(&b, "@SUM(A1)", false);
    csv_field(&b, "a=b", false);
    csv_row_end(&b);
    CHECK_EQ_STR(buf_str(&b), "\"'=HYPERLINK(\"\"x\"\")\";'+45 11 22 33 44;'-1;'@SUM(A1);a=b\r\n");
    struct csv_reader r;
    struct strv f = {0};
    size_t line;
    csv_reader_init(&r, buf_str(&b), b.len);
    CHECK_EQ_INT(csv_next(&r, &f, &line), 1);
    CHECK_EQ_STR(csv_unformula(f.items[0]), "=HYPERLINK(\"x\")");
    CHECK_EQ_STR(csv_unformula(f.items[1]), "+45 11 22 33 44");
    CHECK_EQ_STR(csv_unformula(f.items[4]), "a=b");
    CHECK_EQ_STR(csv_unformula("'quoted"), "'quoted");
    strv_free(&f);
    buf_free(&b);
}

int main(void)
{
    RUN(csv_quotes_only_when_needed);
    RUN(csv_reads_back_what_it_writes);
    RUN(csv_unclosed_quote_names_its_line);
    RUN(csv_keeps_formulas_as_text);
    RUN(vcard_escapes_text);
    RUN(vcard_folds_at_75_octets);
    CHECK_DONE();
}
