/*
 * mem: allocation that never returns NULL, for long-lived memory. Running
 * out of memory is not an input error, so it aborts with a message instead
 * of leaving every caller a check to forget. Request memory comes from the
 * arena (arena.c), not from here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Prints why and aborts; never returns. */
static void oom(size_t n)
{
    fprintf(stderr, "klikd: out of memory allocating %zu bytes\n", n);
    abort();
}

/* malloc that aborts on failure; a zero size still returns a pointer. */
void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        oom(n);
    }
    return p;
}

/* calloc that aborts on failure or overflow. */
void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        oom(n * size);
    }
    return p;
}

/* realloc that aborts on failure. */
void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        oom(n);
    }
    return q;
}

/* strdup that aborts on failure; NULL in gives NULL out. */
char *xstrdup(const char *s)
{
    if (!s) {
        return NULL;
    }
    return xstrndup(s, strlen(s));
}

/* Copies at most n bytes of s and terminates the copy. */
char *xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* sprintf into a fresh allocation (caller frees). */
char *xasprintf(const char *fmt, ...)
{
    struct buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (!b.data) {
        return xstrdup("");
    }
    return buf_take(&b);
}

/* Reads a whole file; see util.h. */
char *file_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    struct buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        buf_append(&b, chunk, n);
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        buf_free(&b);
        errno = EIO;
        return NULL;
    }
    if (!b.data) {
        buf_grow(&b, 1);
    }
    if (len) {
        *len = b.len;
    }
    return buf_take(&b);
}
