/*
 * test_multipart: the multipart/form-data reader of src/http/multipart.c
 * on bodies built here as browsers send them — the boundary from the
 * Content-Type (plain and quoted), text and file parts with their names,
 * file names and types, bytes with NUL and CRLF inside a file kept exact,
 * and malformed bodies refused: no first boundary, no close, a part
 * without a name, a missing header end. It starts no server.
 */
#include <string.h>

#include "check.h"
#include "http.h"

#define B "----b0undary"

/* What the callback saw. */
struct seen {
    int n;
    char names[4][32];
    char filenames[4][32];
    bool file[4];
    size_t lens[4];
    const char *data[4];
    char types[4][40];
};

static int collect(void *ctx, const struct multipart_part *p)
{
    struct seen *s = ctx;
    if (s->n >= 4) {
        return -1;
    }
    int i = s->n++;
    memcpy(s->names[i], p->name, p->name_len < 31 ? p->name_len : 31);
    if (p->has_filename) {
        memcpy(s->filenames[i], p->filename, p->filename_len < 31 ? p->filename_len : 31);
    }
    if (p->type) {
        memcpy(s->types[i], p->type, p->type_len < 39 ? p->type_len : 39);
    }
    s->file[i] = p->has_filename;
    s->lens[i] = p->data_len;
    s->data[i] = p->data;
    return 0;
}

TEST(boundary_from_content_type)
{
    char b[80];
    CHECK_EQ_INT(multipart_boundary("multipart/form-data; boundary=" B, b, sizeof b), 0);
    CHECK_EQ_STR(b, B);
    CHECK_EQ_INT(multipart_boundary("Multipart/Form-Data;boundary=\"a b\"", b, sizeof b), 0);
    CHECK_EQ_STR(b, "a b");
    CHECK_EQ_INT(multipart_boundary("multipart/form-data", b, sizeof b), -1);
    CHECK_EQ_INT(multipart_boundary("application/json; boundary=x", b, sizeof b), -1);
    CHECK_EQ_INT(multipart_boundary("multipart/form-data; boundary=", b, sizeof b), -1);
    CHECK_EQ_INT(multipart_boundary(NULL, b, sizeof b), -1);
}

TEST(text_and_file_parts)
{
    static const char body[] =
        "--" B "\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n"
        "--" B "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
        "Content-Type: application/pdf\r\n\r\n%PDF\0\r\n--x\r\n"
        "--" B "--\r\n";
    struct seen s = {0};
    CHECK_EQ_INT(multipart_parse(body, sizeof body - 1, B, collect, &s), 0);
    CHECK_EQ_INT(s.n, 2);
    CHECK_EQ_STR(s.names[0], "csrf_token");
    CHECK(!s.file[0]);
    CHECK_EQ_INT(s.lens[0], 3);
    CHECK(memcmp(s.data[0], "abc", 3) == 0);
    CHECK_EQ_STR(s.names[1], "file");
    CHECK(s.file[1]);
    CHECK_EQ_STR(s.filenames[1], "a.pdf");
    CHECK_EQ_STR(s.types[1], "application/pdf");
    CHECK_EQ_INT(s.lens[1], 10); /* "%PDF\0\r\n--x": NUL and CRLF kept */
    CHECK(memcmp(s.data[1], "%PDF\0\r\n--x", 10) == 0);
}

TEST(malformed_bodies_are_refused)
{
    static const char *const bad[] = {
        "no boundary here",
        "--" B "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nnever closed",
        "--" B "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" B "--\r\n",
        "--" B "\r\nContent-Disposition: form-data; filename=\"f\"\r\n\r\nx\r\n--" B "--\r\n",
        "--" B "\r\nContent-Disposition: form-data; name=\"a\"\r\nx\r\n--" B "--\r\n",
        "--" B "garbage",
        "",
        NULL};
    for (const char *const *b = bad; *b; b++) {
        struct seen s = {0};
        CHECK_EQ_INT(multipart_parse(*b, strlen(*b), B, collect, &s), -1);
    }
}

TEST(an_empty_file_and_an_epilogue)
{
    static const char body[] =
        "--" B "\r\ncontent-disposition: form-data; name=\"file\"; filename=\"\"\r\n\r\n\r\n"
        "--" B "--\r\nepilogue ignored";
    struct seen s = {0};
    CHECK_EQ_INT(multipart_parse(body, sizeof body - 1, B, collect, &s), 0);
    CHECK_EQ_INT(s.n, 1);
    CHECK(s.file[0]);
    CHECK_EQ_STR(s.filenames[0], "");
    CHECK_EQ_INT(s.lens[0], 0);
}

int main(void)
{
    RUN(boundary_from_content_type);
    RUN(text_and_file_parts);
    RUN(malformed_bodies_are_refused);
    RUN(an_empty_file_and_an_epilogue);
    CHECK_DONE();
}
