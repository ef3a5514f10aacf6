/*
 * test_util: slugs as DESIGN.md defines them, UTF-8 checks, white-space
 * squeezing, and dates: calendar days, Copenhagen time across the summer
 * time switches, and the Danish date format.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util.h"

TEST(slugs)
{
    static const char *const cases[][2] = {
        {"ØiR-kordinator", "oeir-kordinator"},
        {"Klassifikations-/sortimentsadministrator", "klassifikations-sortimentsadministrator"},
        {"Systemejer for kommunens bogføringssystem (ØiR finans)",
         "systemejer-for-kommunens-bogfoeringssystem-oeir-finans"},
        {"  Træner/underviser  ", "traener-underviser"},
        {"Underskriftberettiget ift. databehandleraftaler",
         "underskriftberettiget-ift-databehandleraftaler"},
        {"KLIK administrator", "klik-administrator"},
        {"Åbenrå Æble", "aabenraa-aeble"},
        {"---", ""},
    };
    for (size_t i = 0; i < NELEM(cases); i++) {
        char *s = slugify(cases[i][0]);
        CHECK_EQ_STR(s, cases[i][1]);
        free(s);
    }
}

TEST(utf8_and_squeeze)
{
    CHECK(utf8_valid("æøå ØiR", strlen("æøå ØiR")));
    CHECK(!utf8_valid("\xff", 1));
    CHECK(!utf8_valid("\xc3", 1));         /* truncated */
    CHECK(!utf8_valid("\xc0\xaf", 2));     /* overlong */
    CHECK(!utf8_valid("a\0b", 3));         /* NUL */
    CHECK(!utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
    char *s = str_squeeze(" a \t\n b\xc2\xa0\xc2\xa0" "c  ", strlen(" a \t\n b\xc2\xa0\xc2\xa0" "c  "));
    CHECK_EQ_STR(s, "a b c");
    free(s);
}

TEST(dates)
{
    int64_t d;
    CHECK(date_parse("2024-02-29", &d));
    CHECK(!date_parse("2023-02-29", &d));
    CHECK(!date_parse("2023-13-01", &d));
    CHECK(!date_parse("2023-1-01", &d));
    CHECK(date_parse("1970-01-01", &d) && d == 0);
    char out[21];
    date_format(days_from_civil(2021, 3, 14) + 200, out);
    CHECK_EQ_STR(out, "2021-09-30");
    /* Copenhagen: CET +1, CEST +2 from the last Sunday of March 01:00 UTC
     * to the last Sunday of October 01:00 UTC. */
    CHECK(local_to_utc(2020, 10, 2, 16, 9, out));
    CHECK_EQ_STR(out, "2020-10-02T14:09:00Z");
    CHECK(local_to_utc(2020, 12, 2, 16, 9, out));
    CHECK_EQ_STR(out, "2020-12-02T15:09:00Z");
    CHECK(local_to_utc(2024, 3, 31, 1, 30, out)); /* before the spring switch */
    CHECK_EQ_STR(out, "2024-03-31T00:30:00Z");
    CHECK(local_to_utc(2024, 3, 31, 4, 0, out)); /* after it */
    CHECK_EQ_STR(out, "2024-03-31T02:00:00Z");
    CHECK(!local_to_utc(2024, 2, 30, 12, 0, out));
    struct buf b = {0};
    timestamp_human("2024-10-27T00:30:00Z", &b); /* 02:30 CEST */
    CHECK_EQ_STR(buf_str(&b), "27. okt. 2024 kl. 02:30");
    buf_reset(&b);
    timestamp_human("2024-10-27T01:30:00Z", &b); /* 02:30 CET */
    CHECK_EQ_STR(buf_str(&b), "27. okt. 2024 kl. 02:30");
    buf_reset(&b);
    date_human("2021-05-01", &b);
    CHECK_EQ_STR(buf_str(&b), "1. maj 2021");
    buf_free(&b);
    int64_t t;
    CHECK(iso_to_unix("2021-03-14T08:12:00Z", &t));
    unix_to_iso(t, out);
    CHECK_EQ_STR(out, "2021-03-14T08:12:00Z");
    CHECK(!iso_to_unix("2021-03-14 08:12:00", &t));
}

int main(void)
{
    RUN(slugs);
    RUN(utf8_and_squeeze);
    RUN(dates);
    CHECK_DONE();
}
