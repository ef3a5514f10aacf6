/*
 * check: the unit-test harness. A test file defines functions with TEST(),
 * lists them in a RUN() block in main, and uses CHECK()/CHECK_EQ_*() inside.
 * Each test prints one line, "ok <file>: <name>" or "fail <file>: <name>"
 * with the failing checks before it; main exits non-zero if any failed.
 * Tests find the seed documents through SEEDS_DIR (default "seeds").
 */
#ifndef KLIKD_CHECK_H
#define KLIKD_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failed_;   /* failures in the current test */
static int check_total_failed_;

#define TEST(name) static void name(void)

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stdout, "#   %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
            check_failed_++;                                                             \
        }                                                                                \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                                  \
    do {                                                                                    \
        long long a_ = (long long)(a), b_ = (long long)(b);                                 \
        if (a_ != b_) {                                                                     \
            fprintf(stdout, "#   %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, \
                    a_, b_);                                                                \
            check_failed_++;                                                                \
        }                                                                                   \
    } while (0)

#define CHECK_EQ_STR(a, b)                                                                  \
    do {                                                                                    \
        const char *a_ = (a), *b_ = (b);                                                    \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                            \
            fprintf(stdout, "#   %s:%d: %s\n#     got      \"%s\"\n#     expected \"%s\"\n", \
                    __FILE__, __LINE__, #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)");        \
            check_failed_++;                                                                \
        }                                                                                   \
    } while (0)

#define RUN(fn)                                                                          \
    do {                                                                                 \
        check_failed_ = 0;                                                               \
        fn();                                                                            \
        fprintf(stdout, "%s %s: %s\n", check_failed_ ? "fail" : "ok", check_file_(), #fn); \
        fflush(stdout);                                                                  \
        check_total_failed_ += check_failed_ != 0;                                       \
    } while (0)

#define CHECK_DONE() return check_total_failed_ ? 1 : 0

/* The test file's name without directories, for the result lines. */
static inline const char *check_file_(void)
{
    const char *f = __BASE_FILE__;
    const char *s = strrchr(f, '/');
    return s ? s + 1 : f;
}

/* Reads dir/name into a malloc'd NUL-terminated string, or NULL. */
static inline char *check_read_(const char *dir, const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stdout, "#   cannot read %s\n", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (!s || fread(s, 1, (size_t)n, f) != (size_t)n) {
        exit(1);
    }
    s[n] = '\0';
    fclose(f);
    if (len) {
        *len = (size_t)n;
    }
    return s;
}

/* Reads SEEDS_DIR/name (caller frees); ends the test binary if absent. */
static inline char *check_seed_(const char *name, size_t *len)
{
    const char *dir = getenv("SEEDS_DIR");
    char *s = check_read_(dir ? dir : "seeds", name, len);
    if (!s) {
        fprintf(stdout, "fail %s: seed %s missing\n", check_file_(), name);
        exit(1);
    }
    return s;
}
#define SEED(name, lenp) check_seed_(name, lenp)

/* Reads tests/data/name (or $TESTS_DATA_DIR/name), caller frees; prints
 * why and returns NULL when it cannot. */
static inline char *check_fixture_(const char *name, size_t *len)
{
    const char *dir = getenv("TESTS_DATA_DIR");
    return check_read_(dir ? dir : "tests/data", name, len);
}
#define FIXTURE(name, lenp) check_fixture_(name, lenp)

#endif
