/*
 * buf: a growable NUL-terminated byte buffer and a growable string vector.
 * Both own their memory; they never share it and never shrink.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Ensures room for extra more bytes plus the terminating NUL. */
void buf_grow(struct buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap) {
        return;
    }
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        cap *= 2;
    }
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
    b->data[b->len] = '\0';
}

/* Appends n bytes of s. */
void buf_append(struct buf *b, const char *s, size_t n)
{
    buf_grow(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* Appends a NUL-terminated string. */
void buf_puts(struct buf *b, const char *s)
{
    buf_append(b, s, strlen(s));
}

/* Appends one byte. */
void buf_putc(struct buf *b, char c)
{
    buf_append(b, &c, 1);
}

/* Appends formatted text. */
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n <= 0) {
        buf_grow(b, 0);
        return;
    }
    buf_grow(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

/* Appends formatted text. */
void buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

/* Empties the buffer, keeping its memory. */
void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data) {
        b->data[0] = '\0';
    }
}

/* Hands the contents to the caller (who frees) and empties the buffer. */
char *buf_take(struct buf *b)
{
    if (!b->data) {
        buf_grow(b, 0);
    }
    char *s = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

/* Frees the contents. */
void buf_free(struct buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* The contents, or "" when nothing was appended; borrowed. */
const char *buf_str(const struct buf *b)
{
    return b->data ? b->data : "";
}

/* Appends an owned string. */
void strv_push(struct strv *v, char *owned)
{
    if (v->nitems == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 8;
        v->items = xrealloc(v->items, v->cap * sizeof *v->items);
    }
    v->items[v->nitems++] = owned;
}

/* Frees every string and the array. */
void strv_free(struct strv *v)
{
    for (size_t i = 0; i < v->nitems; i++) {
        free(v->items[i]);
    }
    free(v->items);
    v->items = NULL;
    v->nitems = v->cap = 0;
}
