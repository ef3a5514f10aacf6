/*
 * arena: per-request memory. Everything a request allocates — strings,
 * Jansson values of the view model, parsed inputs — comes from one arena
 * created when libmicrohttpd first sees the request and freed, with the
 * cleanups registered on it, when the request completes. Handlers never
 * call free(). Jansson is pointed at the arena of the current thread, and
 * falls back to malloc outside a request.
 */
#ifndef KLIKD_ARENA_H
#define KLIKD_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* A new, empty arena (aborts on out-of-memory). Free with arena_free(). */
struct arena *arena_new(void);
/* Runs the registered cleanups in reverse order, then frees all memory. */
void arena_free(struct arena *a);
/* size bytes, 16-byte aligned, owned by the arena. */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Registers fn(p) to run when the arena is freed. */
void arena_defer(struct arena *a, void (*fn)(void *), void *p);

/* Points Jansson's allocator at this module (call once, before threads). */
void arena_json_install(void);
/* Makes a the current thread's arena for Jansson values (NULL: malloc);
 * returns the previous one. */
struct arena *arena_set_current(struct arena *a);

/* Serialises v to a malloc'd string (caller frees with free()), whichever
 * allocator Jansson is using. NULL on failure. */
struct json_t;
char *json_text(const struct json_t *v, size_t flags);

#endif
