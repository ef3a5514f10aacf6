/*
 * arena: bump allocation in chunks for one request's life (see arena.h).
 * Jansson's hooks put a 16-byte tag before every block so that free() can
 * tell arena memory (ignored) from heap memory (freed), whichever thread's
 * arena was current when the value was made.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "util.h"

#define CHUNK_SIZE (16 * 1024)
#define ALIGN 16

struct chunk {
    struct chunk *next; /* older chunk */
    size_t size;        /* usable bytes in data */
    size_t used;        /* bytes handed out */
    _Alignas(ALIGN) unsigned char data[];
};

struct cleanup {
    struct cleanup *next;   /* registered earlier */
    void (*fn)(void *);     /* what to run */
    void *p;                /* its argument */
};

struct arena {
    struct chunk *chunks;     /* newest first */
    struct cleanup *cleanups; /* newest first */
};

static _Thread_local struct arena *current;

struct arena *arena_new(void)
{
    struct arena *a = xcalloc(1, sizeof *a);
    return a;
}

void arena_free(struct arena *a)
{
    if (!a) {
        return;
    }
    struct arena *prev = arena_set_current(NULL);
    for (struct cleanup *c = a->cleanups; c; c = c->next) {
        c->fn(c->p);
    }
    struct chunk *ch = a->chunks;
    while (ch) {
        struct chunk *next = ch->next;
        free(ch);
        ch = next;
    }
    free(a);
    arena_set_current(prev == a ? NULL : prev);
}

void *arena_alloc(struct arena *a, size_t size)
{
    size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    struct chunk *ch = a->chunks;
    if (!ch || ch->size - ch->used < size) {
        size_t want = size > CHUNK_SIZE / 4 ? size : CHUNK_SIZE;
        ch = xmalloc(sizeof *ch + want);
        ch->size = want;
        ch->used = 0;
        if (size > CHUNK_SIZE / 4 && a->chunks) {
            /* A big block gets its own chunk behind the current one, so
             * the current chunk's free space is not wasted. */
            ch->next = a->chunks->next;
            a->chunks->next = ch;
        } else {
            ch->next = a->chunks;
            a->chunks = ch;
        }
    }
    void *p = ch->data + ch->used;
    ch->used += size;
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = arena_alloc(a, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(a, n > 0 ? (size_t)n + 1 : 1);
    if (n > 0) {
        vsnprintf(p, (size_t)n + 1, fmt, ap2);
    } else {
        p[0] = '\0';
    }
    va_end(ap2);
    return p;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *p)
{
    struct cleanup *c = arena_alloc(a, sizeof *c);
    c->fn = fn;
    c->p = p;
    c->next = a->cleanups;
    a->cleanups = c;
}

struct arena *arena_set_current(struct arena *a)
{
    struct arena *prev = current;
    current = a;
    return prev;
}

/* The tag in front of every block Jansson gets. */
#define TAG_HEAP 0x48454150u  /* "HEAP" */
#define TAG_ARENA 0x4152454Eu /* "AREN" */

/* Jansson's malloc: from the current arena, else the heap. */
static void *json_alloc(size_t n)
{
    unsigned char *p;
    uint32_t tag;
    if (current) {
        p = arena_alloc(current, n + ALIGN);
        tag = TAG_ARENA;
    } else {
        p = malloc(n + ALIGN);
        if (!p) {
            return NULL;
        }
        tag = TAG_HEAP;
    }
    memcpy(p, &tag, sizeof tag);
    return p + ALIGN;
}

/* Jansson's free: heap blocks are freed, arena blocks left to the arena. */
static void json_release(void *ptr)
{
    if (!ptr) {
        return;
    }
    unsigned char *p = (unsigned char *)ptr - ALIGN;
    uint32_t tag;
    memcpy(&tag, p, sizeof tag);
    if (tag == TAG_HEAP) {
        free(p);
    } else if (tag != TAG_ARENA) {
        fprintf(stderr, "klikd: json_release: bad block tag\n");
        abort();
    }
}

void arena_json_install(void)
{
    json_set_alloc_funcs(json_alloc, json_release);
}

/* Appends a piece of serialised JSON to a struct buf. */
static int dump_piece(const char *s, size_t n, void *data)
{
    buf_append(data, s, n);
    return 0;
}

char *json_text(const json_t *v, size_t flags)
{
    struct buf b = {0};
    buf_grow(&b, 8192);
    if (json_dump_callback(v, dump_piece, &b, flags) < 0) {
        buf_free(&b);
        return NULL;
    }
    return buf_take(&b);
}
