/*
 * kommuner: parses the municipality list, a UTF-8 CSV with the header
 * "kommunekode,navn,regionskode,region". Strict: four fields a row (RFC 4180
 * double quotes accepted), a three-digit code given once, a four-digit region
 * code, a name and a region. Blank lines may only end the file. The first
 * problem is reported with its line and field; nothing touches a database.
 */
#include <stdlib.h>
#include <string.h>

#include "import.h"

#define KOMMUNER_HEADER "kommunekode,navn,regionskode,region"
#define NFIELDS 4

/* Splits one line into fields, undoing RFC 4180 quoting. Returns the number
 * of fields (stored up to NFIELDS, each owned by the caller), or -1 for a
 * quote left open or text after a closing quote. */
static int split_csv(const char *s, size_t n, char *fields[NFIELDS])
{
    int nf = 0;
    size_t i = 0;
    for (;;) {
        struct buf f = {0};
        if (i < n && s[i] == '"') {
            for (i++;; i++) {
                if (i >= n) {
                    buf_free(&f);
                    return -1;
                }
                if (s[i] == '"' && i + 1 < n && s[i + 1] == '"') {
                    buf_putc(&f, '"');
                    i++;
                } else if (s[i] == '"') {
                    i++;
                    break;
                } else {
                    buf_putc(&f, s[i]);
                }
            }
            if (i < n && s[i] != ',') {
                buf_free(&f);
                return -1;
            }
        } else {
            size_t e = i;
            while (e < n && s[e] != ',') {
                e++;
            }
            buf_append(&f, s + i, e - i);
            i = e;
        }
        if (nf < NFIELDS) {
            fields[nf] = buf_take(&f);
        } else {
            buf_free(&f);
        }
        nf++;
        if (i >= n) {
            return nf;
        }
        i++; /* the comma */
    }
}

/* True when s is exactly n ASCII digits. */
static bool all_digits(const char *s, size_t n)
{
    return strlen(s) == n && strspn(s, "0123456789") == n;
}

/* Checks one row's fields and fills k (taking name, region_code, region).
 * Returns 0, or -1 with err set naming the field. */
static int check_row(char *f[NFIELDS], int line, struct kommune *k, struct import_err *err)
{
    char *code = str_trim(f[0]);
    if (!all_digits(code, 3)) {
        import_fail(err, line, "kommunekode \"%s\" must be exactly 3 digits", code);
        return -1;
    }
    char *name = str_squeeze(f[1], strlen(f[1]));
    char *rcode = str_squeeze(f[2], strlen(f[2]));
    char *region = str_squeeze(f[3], strlen(f[3]));
    const char *bad = !name[0] ? "navn is empty"
                      : !all_digits(rcode, 4) ? "regionskode must be exactly 4 digits"
                      : !region[0] ? "region is empty" : NULL;
    if (bad) {
        import_fail(err, line, "%s (kommunekode %s)", bad, code);
        free(name), free(rcode), free(region);
        return -1;
    }
    memcpy(k->code, code, 4);
    k->name = name;
    k->region_code = rcode;
    k->region = region;
    return 0;
}

/* Parses one data line into k. Returns 0, or -1 with err set. */
static int parse_row(const char *s, size_t n, int line, struct kommune *k, struct import_err *err)
{
    char *f[NFIELDS] = {0};
    int nf = split_csv(s, n, f);
    int rc = -1;
    if (nf < 0) {
        import_fail(err, line, "a quoted field is not closed properly");
    } else if (nf != NFIELDS) {
        import_fail(err, line, "expected 4 fields (kommunekode,navn,regionskode,region), found %d",
                    nf);
    } else {
        rc = check_row(f, line, k, err);
    }
    for (int i = 0; i < NFIELDS; i++) {
        free(f[i]);
    }
    return rc;
}

/* Parses every line; grows *out. Returns 0, or -1 with err set. */
static int parse_lines(const char *text, size_t len, struct kommune **out, size_t *nout,
                       struct import_err *err)
{
    size_t cap = 0;
    int *lines = NULL; /* the line of each row, for duplicate messages */
    int no = 0, blank_at = 0, rc = 0;
    for (const char *p = text; p < text + len && rc == 0;) {
        const char *nl = memchr(p, '\n', (size_t)(text + len - p));
        const char *e = nl ? nl : text + len;
        const char *next = nl ? nl + 1 : text + len;
        no++;
        size_t n = (size_t)(e - p) - (e > p && e[-1] == '\r');
        if (no == 1) {
            if (n != strlen(KOMMUNER_HEADER) || memcmp(p, KOMMUNER_HEADER, n) != 0) {
                import_fail(err, 1, "the header must be \"" KOMMUNER_HEADER "\"");
                rc = -1;
            }
        } else if (strspn(p, " \t\r") >= n) {
            blank_at = blank_at ? blank_at : no;
        } else if (blank_at) {
            import_fail(err, blank_at, "blank line inside the list");
            rc = -1;
        } else {
            if (*nout == cap) {
                cap = cap ? cap * 2 : 128;
                *out = xrealloc(*out, cap * sizeof **out);
                lines = xrealloc(lines, cap * sizeof *lines);
            }
            struct kommune *k = &(*out)[*nout];
            memset(k, 0, sizeof *k);
            rc = parse_row(p, n, no, k, err);
            for (size_t i = 0; rc == 0 && i < *nout; i++) {
                if (strcmp((*out)[i].code, k->code) == 0) {
                    import_fail(err, no, "kommunekode %s is given twice (also on line %d)", k->code,
                                lines[i]);
                    free(k->name), free(k->region_code), free(k->region);
                    rc = -1;
                }
            }
            if (rc == 0) {
                lines[(*nout)++] = no;
            }
        }
        p = next;
    }
    free(lines);
    return rc;
}

/* See import.h. On failure *out is NULL, *nout 0 and nothing is left
 * allocated; on success the caller frees with kommuner_free(). */
int kommuner_parse(const char *text, size_t len, struct kommune **out, size_t *nout,
                   struct import_err *err)
{
    *out = NULL;
    *nout = 0;
    if (import_text_start(&text, &len, err) < 0) {
        return -1;
    }
    char *copy = xstrndup(text, len); /* NUL-terminated for strspn */
    int rc = parse_lines(copy, len, out, nout, err);
    free(copy);
    if (rc == 0 && *nout == 0) {
        import_fail(err, 1, "no municipalities after the header");
        rc = -1;
    }
    if (rc < 0) {
        kommuner_free(*out, *nout);
        *out = NULL;
        *nout = 0;
    }
    return rc;
}

/* See import.h. Frees the strings of n entries and the array. */
void kommuner_free(struct kommune *k, size_t n)
{
    if (!k) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        free(k[i].name);
        free(k[i].region_code);
        free(k[i].region);
    }
    free(k);
}
