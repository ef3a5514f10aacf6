/*
 * test_limits: what the importer refuses as no KOMBIT document
 * (src/import/limits.c): files over 10 MB, read with a bound (/dev/zero
 * included); Markdown nested deeper than 16 lists or quotes, in a document
 * and in a task; a Projekt value that is not a project code; and
 * str_project_code() itself. Scratch files go to $TMPDIR (default /tmp).
 */
#include <unistd.h>

#include "check.h"
#include "import.h"

/* A scratch file of n bytes of c; returns its path (static, one at a time). */
static const char *scratch(size_t n, char c)
{
    static char path[256];
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/klikd-limits-%d.txt", dir ? dir : "/tmp", (int)getpid());
    FILE *f = fopen(path, "wb");
    char chunk[65536];
    memset(chunk, c, sizeof chunk);
    for (size_t done = 0; f && done < n;) {
        size_t k = n - done < sizeof chunk ? n - done : sizeof chunk;
        done += fwrite(chunk, 1, k, f);
    }
    if (f) {
        fclose(f);
    }
    return path;
}

/* Codes as the seeded projects spell them pass; anything else fails. */
TEST(project_codes)
{
    static const char *const good[] = {"KY", "FBS", "SAPA", "AULA", "K", "A123456789", "YR2"};
    static const char *const bad[] = {"", "ky", "Ky", "1KY", "KY-2", "K Y", "ABCDEFGHIJK",
                                      "KY\n", "ØIR", "FBS;DROP"};
    for (size_t i = 0; i < NELEM(good); i++) {
        CHECK(str_project_code(good[i]));
    }
    for (size_t i = 0; i < NELEM(bad); i++) {
        if (str_project_code(bad[i])) {
            fprintf(stdout, "#   \"%s\" taken for a project code\n", bad[i]);
            check_failed_++;
        }
    }
    CHECK(!str_project_code(NULL));
}

/* A file of exactly 10 MB is read; one byte more is refused. */
TEST(read_bound)
{
    struct import_err err = {0};
    char *text;
    size_t len;
    const char *p = scratch(IMPORT_MAX_BYTES, 'a');
    CHECK_EQ_INT(import_read(p, &text, &len, &err), 0);
    CHECK_EQ_INT(len, IMPORT_MAX_BYTES);
    CHECK(text && text[len] == '\0');
    free(text);
    p = scratch(IMPORT_MAX_BYTES + 1, 'a');
    CHECK_EQ_INT(import_read(p, &text, &len, &err), -1);
    CHECK(text == NULL);
    CHECK(strstr(err.msg, "larger than 10 MB") != NULL);
    unlink(p);
    CHECK_EQ_INT(import_read("/nonexistent/klikd", &text, &len, &err), -1);
    CHECK(strstr(err.msg, "cannot read") != NULL);
}

/* /dev/zero never ends: it is refused after 10 MB, not read on and on. */
TEST(read_dev_zero)
{
    struct import_err err = {0};
    char *text;
    size_t len;
    CHECK_EQ_INT(import_read("/dev/zero", &text, &len, &err), -1);
    CHECK(strstr(err.msg, "larger than 10 MB") != NULL);
}

/* Markdown of n nested block quotes around a list item. */
static char *quotes(int n)
{
    struct buf b = {0};
    for (int i = 0; i < n; i++) {
        buf_puts(&b, "> ");
    }
    buf_puts(&b, "tekst\n");
    return buf_take(&b);
}

/* Depth counts nested lists and block quotes; 16 pass, 17 fail. */
TEST(markdown_depth)
{
    int line;
    CHECK_EQ_INT(import_md_depth("Tekst uden lister.\n", &line), 0);
    CHECK_EQ_INT(import_md_depth("- a\n  - b\n    - c\n", &line), 3);
    CHECK_EQ_INT(line, 3);
    CHECK_EQ_INT(import_md_depth("> - a\n", &line), 2);
    struct import_err err = {0};
    char *ok = quotes(IMPORT_MAX_MD_DEPTH), *deep = quotes(IMPORT_MAX_MD_DEPTH + 1);
    CHECK_EQ_INT(import_md_check(ok, "Mål", &err), 0);
    CHECK_EQ_INT(import_md_check(deep, "Mål", &err), -1);
    CHECK(strstr(err.msg, "Mål nests lists or quotes 17 deep (at most 16)") != NULL);
    CHECK_EQ_INT(import_md_check(NULL, "Mål", &err), 0);
    free(ok);
    free(deep);
}

/* The seeds are far from the limit: the parsers' own Markdown passes. */
TEST(seeds_pass)
{
    size_t len;
    char *text = SEED("oeir-implementeringsstrategi.txt", &len);
    struct document d;
    struct import_err err = {0};
    CHECK_EQ_INT(doc_parse(text, len, &d, &err), 0);
    int line;
    CHECK(import_md_depth(d.markdown, &line) <= 3);
    CHECK_EQ_INT(import_md_check(d.markdown, "the document", &err), 0);
    doc_free(&d);
    free(text);
    text = SEED("klik-opgave-519-pl12-oeir.txt", &len);
    struct klik_task t;
    CHECK_EQ_INT(klik_parse(text, len, IMPORT_KLIK_TAB, NULL, NULL, &t, &err), 0);
    CHECK_EQ_INT(import_task_check(&t, &err), 0);
    klik_free(&t);
    free(text);
}

/* A task whose comment nests 20 lists deep is refused, naming the field. */
TEST(task_too_deep)
{
    size_t len;
    char *text = SEED("klik-opgave-519-pl12-oeir.txt", &len);
    struct klik_task t;
    struct import_err err = {0};
    CHECK_EQ_INT(klik_parse(text, len, IMPORT_KLIK_TAB, NULL, NULL, &t, &err), 0);
    CHECK(t.ncomments > 0);
    if (t.ncomments > 0) {
        free(t.comments[0].body);
        t.comments[0].body = quotes(20);
        CHECK_EQ_INT(import_task_check(&t, &err), -1);
        CHECK(strstr(err.msg, "Kommentarer nests lists or quotes 20 deep") != NULL);
    }
    klik_free(&t);
    free(text);
}

/* A Projekt value that is no project code fails on its line. */
TEST(projekt_field_not_a_code)
{
    size_t len;
    char *text = SEED("klik-opgave-519-pl12-oeir.txt", &len);
    char *at = strstr(text, "Projekt\tKY\n");
    CHECK(at != NULL);
    if (at) {
        struct buf b = {0};
        buf_append(&b, text, (size_t)(at - text));
        buf_puts(&b, "Projekt\tky ; slet\n");
        buf_puts(&b, at + strlen("Projekt\tKY\n"));
        struct klik_task t;
        struct import_err err = {0};
        CHECK_EQ_INT(klik_parse(buf_str(&b), b.len, IMPORT_KLIK_TAB, NULL, NULL, &t, &err), -1);
        CHECK_EQ_INT(err.line, 9);
        CHECK(strstr(err.msg, "must be a project code") != NULL);
        buf_free(&b);
    }
    free(text);
}

int main(void)
{
    RUN(project_codes);
    RUN(read_bound);
    RUN(read_dev_zero);
    RUN(markdown_depth);
    RUN(seeds_pass);
    RUN(task_too_deep);
    RUN(projekt_field_not_a_code);
    CHECK_DONE();
}
