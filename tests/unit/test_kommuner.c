/*
 * test_kommuner: the municipality list parser on the real kommuner.csv
 * (98 municipalities, Christiansø not among them), RFC 4180 quoting, line
 * endings, and the must-fail fixtures tests/data/kommuner-*.csv plus
 * smaller broken inputs, each failing with its line and field.
 */
#include "import.h"
#include "check.h"

/* The entry with code, or NULL. */
static const struct kommune *find(const struct kommune *k, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(k[i].code, code) == 0) {
            return &k[i];
        }
    }
    return NULL;
}

TEST(seed_rows)
{
    size_t len, n = 0;
    char *text = SEED("kommuner.csv", &len);
    CHECK_EQ_INT(import_detect(text, len), IMPORT_KOMMUNER);
    struct kommune *k = NULL;
    struct import_err err = {0};
    CHECK_EQ_INT(kommuner_parse(text, len, &k, &n, &err), 0);
    CHECK_EQ_INT(n, 98);
    if (n == 98) {
        CHECK_EQ_STR(k[0].code, "101");
        CHECK_EQ_STR(k[0].name, "København");
        CHECK_EQ_STR(k[0].region_code, "1084");
        CHECK_EQ_STR(k[0].region, "Region Hovedstaden");
        CHECK_EQ_STR(k[97].code, "860");
        CHECK_EQ_STR(k[97].name, "Hjørring");
    }
    const struct kommune *a = find(k, n, "851");
    CHECK(a != NULL);
    CHECK_EQ_STR(a ? a->name : NULL, "Aalborg");
    CHECK_EQ_STR(a ? a->region_code : NULL, "1081");
    CHECK_EQ_STR(a ? a->region : NULL, "Region Nordjylland");
    CHECK(find(k, n, "411") == NULL); /* Christiansø is no municipality */
    int regions[5] = {0};
    for (size_t i = 0; i < n; i++) {
        CHECK(strlen(k[i].code) == 3 && strlen(k[i].region_code) == 4);
        CHECK(strstr(k[i].name, "Christians") == NULL);
        int r = atoi(k[i].region_code) - 1081;
        CHECK(r >= 0 && r < 5);
        regions[r >= 0 && r < 5 ? r : 0]++;
    }
    CHECK_EQ_INT(regions[0], 11); /* 1081 Region Nordjylland */
    CHECK_EQ_INT(regions[1], 19); /* 1082 Region Midtjylland */
    CHECK_EQ_INT(regions[2], 22); /* 1083 Region Syddanmark */
    CHECK_EQ_INT(regions[3], 29); /* 1084 Region Hovedstaden */
    CHECK_EQ_INT(regions[4], 17); /* 1085 Region Sjælland */
    kommuner_free(k, n);
    free(text);
}

TEST(quoting_and_line_endings)
{
    const char *text = "kommunekode,navn,regionskode,region\r\n"
                       "169,\"Høje-Taastrup\",1084,\"Region \"\"Hovedstaden\"\"\"\r\n"
                       "101,København,1084,\"Region, Hovedstaden\"\r\n"
                       "\r\n\n";
    struct kommune *k = NULL;
    size_t n = 0;
    struct import_err err = {0};
    CHECK_EQ_INT(kommuner_parse(text, strlen(text), &k, &n, &err), 0);
    CHECK_EQ_INT(n, 2);
    if (n == 2) {
        CHECK_EQ_STR(k[0].name, "Høje-Taastrup");
        CHECK_EQ_STR(k[0].region, "Region \"Hovedstaden\"");
        CHECK_EQ_STR(k[1].region, "Region, Hovedstaden");
    }
    kommuner_free(k, n);
    /* No line break at the end. */
    const char *bare = "kommunekode,navn,regionskode,region\n851,Aalborg,1081,Region Nordjylland";
    CHECK_EQ_INT(kommuner_parse(bare, strlen(bare), &k, &n, &err), 0);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_STR(n == 1 ? k[0].name : NULL, "Aalborg");
    kommuner_free(k, n);
}

/* A fixture (or, with file NULL, text) that must fail. */
struct must_fail {
    const char *file;
    const char *text;
    int line;
    const char *words;
};

TEST(must_fail)
{
    static const struct must_fail cases[] = {
        {"kommuner-duplicate-code.csv", NULL, 50,
         "kommunekode 101 is given twice (also on line 2)"},
        {"kommuner-two-digit-code.csv", NULL, 21, "kommunekode \"17\" must be exactly 3 digits"},
        {"kommuner-missing-field.csv", NULL, 31, "expected 4 fields"},
        {NULL, "", 0, "empty file"},
        {NULL, "kode,navn\n101,København\n", 1, "header"},
        {NULL, "kommunekode,navn,regionskode,region\n", 1, "no municipalities"},
        {NULL, "kommunekode,navn,regionskode,region\n101,A,1084,R\n\n147,B,1084,R\n", 3,
         "blank line"},
        {NULL, "kommunekode,navn,regionskode,region\n101,A,1084,R,X\n", 2, "found 5"},
        {NULL, "kommunekode,navn,regionskode,region\n101,\"A,1084,R\n", 2, "quoted field"},
        {NULL, "kommunekode,navn,regionskode,region\n101,\"A\"x,1084,R\n", 2, "quoted field"},
        {NULL, "kommunekode,navn,regionskode,region\n101,,1084,R\n", 2, "navn is empty"},
        {NULL, "kommunekode,navn,regionskode,region\n101,A,108,R\n", 2,
         "regionskode must be exactly 4 digits"},
        {NULL, "kommunekode,navn,regionskode,region\n101,A,1084, \n", 2, "region is empty"},
        {NULL, "kommunekode,navn,regionskode,region\n10a,A,1084,R\n", 2, "kommunekode \"10a\""},
        {NULL, "kommunekode,navn,regionskode,region\n1011,A,1084,R\n", 2, "exactly 3 digits"},
    };
    for (size_t i = 0; i < NELEM(cases); i++) {
        const struct must_fail *c = &cases[i];
        size_t len;
        char *text = c->file ? FIXTURE(c->file, &len) : xstrdup(c->text);
        CHECK(text != NULL);
        if (!text) {
            continue;
        }
        len = c->file ? len : strlen(text);
        struct kommune *k = (struct kommune *)1;
        size_t n = 99;
        struct import_err err = {0};
        int rc = kommuner_parse(text, len, &k, &n, &err);
        if (rc != -1 || err.line != c->line || !strstr(err.msg, c->words)) {
            fprintf(stdout, "#   case %zu: rc %d, line %d: %s\n", i, rc, err.line, err.msg);
            check_failed_++;
        }
        CHECK(k == NULL && n == 0);
        free(text);
    }
}

int main(void)
{
    RUN(seed_rows);
    RUN(quoting_and_line_endings);
    RUN(must_fail);
    CHECK_DONE();
}
