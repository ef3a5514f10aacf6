/*
 * multipart: a minimal reader of multipart/form-data bodies (RFC 7578),
 * the one format a browser uploads a file in. It finds the boundary in
 * the Content-Type, splits the body at it, and hands each part's field
 * name, file name, content type and bytes (pointers into the body, never
 * copied) to a callback. It understands only what browsers send: CRLF
 * line ends, a Content-Disposition of form-data with name and optional
 * filename in double quotes, an optional Content-Type; no nested
 * multipart, no transfer encodings, no RFC 2231 names. It allocates
 * nothing, reads no connection and validates no field: input.c does.
 */
#include <ctype.h>
#include <string.h>

#include "http.h"

/* The first occurrence of needle (nlen bytes) in the n bytes at hay, or
 * NULL. */
static const char *find(const char *hay, size_t n, const char *needle, size_t nlen)
{
    if (nlen == 0 || n < nlen) {
        return NULL;
    }
    const char *end = hay + n - nlen;
    for (const char *p = hay; p <= end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p) + 1);
        if (!p) {
            return NULL;
        }
        if (memcmp(p, needle, nlen) == 0) {
            return p;
        }
    }
    return NULL;
}

/* Whether the n bytes at s begin, case-insensitively, with the ASCII
 * word w. */
static bool starts_ci(const char *s, size_t n, const char *w)
{
    size_t wl = strlen(w);
    if (n < wl) {
        return false;
    }
    for (size_t i = 0; i < wl; i++) {
        if (tolower((unsigned char)s[i]) != tolower((unsigned char)w[i])) {
            return false;
        }
    }
    return true;
}

int multipart_boundary(const char *content_type, char *out, size_t outsz)
{
    if (!content_type || !starts_ci(content_type, strlen(content_type), "multipart/form-data")) {
        return -1;
    }
    const char *p = content_type;
    while ((p = strchr(p, ';')) != NULL) {
        p++;
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        if (!starts_ci(p, strlen(p), "boundary=")) {
            continue;
        }
        p += 9;
        bool quoted = *p == '"';
        p += quoted;
        size_t n = quoted ? strcspn(p, "\"") : strcspn(p, "; \t");
        if (n == 0 || n > 70 || n + 1 > outsz || (quoted && p[n] != '"')) {
            return -1;
        }
        memcpy(out, p, n);
        out[n] = '\0';
        return 0;
    }
    return -1;
}

/* The value of the parameter key="..." within the n header bytes at h,
 * as a pointer and length into them; false when absent. A name that
 * only ends in key (filename= for name=) does not count. */
static bool header_param(const char *h, size_t n, const char *key, const char **v, size_t *vlen)
{
    size_t kl = strlen(key);
    for (size_t i = 0; i + kl + 2 <= n; i++) {
        bool boundary = i == 0 || h[i - 1] == ' ' || h[i - 1] == ';' || h[i - 1] == '\t';
        if (!boundary || !starts_ci(h + i, n - i, key) || h[i + kl] != '=' ||
            h[i + kl + 1] != '"') {
            continue;
        }
        const char *start = h + i + kl + 2;
        const char *q = memchr(start, '"', (size_t)(h + n - start));
        if (!q) {
            return false;
        }
        *v = start;
        *vlen = (size_t)(q - start);
        return true;
    }
    return false;
}

/* Reads the headers of one part (hbytes at h, lines ending in CRLF) into
 * part. 0, or -1 when there is no form-data Content-Disposition with a
 * name. */
static int part_headers(const char *h, size_t n, struct multipart_part *part)
{
    const char *p = h, *end = h + n;
    bool disposition = false;
    while (p < end) {
        const char *eol = find(p, (size_t)(end - p), "\r\n", 2);
        size_t ln = eol ? (size_t)(eol - p) : (size_t)(end - p);
        if (starts_ci(p, ln, "content-disposition:")) {
            const char *v = p + 20;
            size_t vn = ln - 20;
            while (vn && (*v == ' ' || *v == '\t')) {
                v++, vn--;
            }
            if (!starts_ci(v, vn, "form-data") ||
                !header_param(v, vn, "name", &part->name, &part->name_len)) {
                return -1;
            }
            part->has_filename =
                header_param(v, vn, "filename", &part->filename, &part->filename_len);
            disposition = true;
        } else if (starts_ci(p, ln, "content-type:")) {
            const char *v = p + 13;
            size_t vn = ln - 13;
            while (vn && (*v == ' ' || *v == '\t')) {
                v++, vn--;
            }
            part->type = v;
            part->type_len = vn;
        }
        p += ln + 2;
    }
    return disposition ? 0 : -1;
}

int multipart_parse(const char *body, size_t len, const char *boundary, multipart_fn fn,
                    void *ctx)
{
    char delim[80];
    size_t bl = strlen(boundary);
    if (bl == 0 || bl > 70) {
        return -1;
    }
    memcpy(delim, "\r\n--", 4);
    memcpy(delim + 4, boundary, bl);
    size_t dl = bl + 4;
    /* The first delimiter has no CRLF before it. */
    if (len < dl - 2 || memcmp(body, delim + 2, dl - 2) != 0) {
        return -1;
    }
    const char *p = body + dl - 2, *end = body + len;
    for (;;) {
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
            return 0; /* the close delimiter; what follows is epilogue */
        }
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n') {
            return -1;
        }
        p += 2;
        const char *hend = find(p, (size_t)(end - p), "\r\n\r\n", 4);
        struct multipart_part part = {0};
        if (!hend || part_headers(p, (size_t)(hend - p) + 2, &part) < 0) {
            return -1;
        }
        const char *data = hend + 4;
        const char *next = find(data, (size_t)(end - data), delim, dl);
        if (!next) {
            return -1;
        }
        part.data = data;
        part.data_len = (size_t)(next - data);
        if (fn(ctx, &part) < 0) {
            return -1;
        }
        p = next + dl;
    }
}
