/*
 * md: Markdown rendering with cmark and the registry of trusted HTML (see
 * md.h). Safe mode is cmark's default since 0.29; CMARK_OPT_SAFE is passed
 * anyway to say so, and the option that would allow raw HTML is never
 * passed. The registry is a per-thread open-addressing set of addresses;
 * it holds no references and never looks inside the values. Nothing else
 * may add to it.
 */
#include <cmark.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md.h"
#include "util.h"

/* This thread's trusted values: a power-of-two table of addresses. */
static _Thread_local struct {
    const json_t **slots;         /* NULL = empty slot; owned */
    size_t cap;                   /* slots allocated (0 or a power of two) */
    size_t n;                     /* slots in use */
} trusted;

/* The first slot to probe for v in a table of cap slots. */
static size_t slot_of(const json_t *v, size_t cap)
{
    uint64_t h = (uint64_t)(uintptr_t)v * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & (cap - 1);
}

/* Puts v into slots (which has room), unless it is there already. */
static void insert(const json_t **slots, size_t cap, const json_t *v, size_t *n)
{
    size_t i = slot_of(v, cap);
    while (slots[i] && slots[i] != v) {
        i = (i + 1) & (cap - 1);
    }
    if (!slots[i]) {
        slots[i] = v;
        (*n)++;
    }
}

/* Registers v as trusted; returns v (NULL stays NULL). */
static json_t *trust(json_t *v)
{
    if (!v) {
        return NULL;
    }
    if ((trusted.n + 1) * 2 > trusted.cap) {
        size_t cap = trusted.cap ? trusted.cap * 2 : 64, n = 0;
        const json_t **slots = xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < trusted.cap; i++) {
            if (trusted.slots[i]) {
                insert(slots, cap, trusted.slots[i], &n);
            }
        }
        free(trusted.slots);
        trusted.slots = slots, trusted.cap = cap, trusted.n = n;
    }
    insert(trusted.slots, trusted.cap, v, &trusted.n);
    return v;
}

/* Probes this thread's table for v's address (md.h). */
bool md_is_trusted(const json_t *v)
{
    if (!v || !trusted.n || !json_is_string(v)) {
        return false;
    }
    for (size_t i = slot_of(v, trusted.cap); trusted.slots[i]; i = (i + 1) & (trusted.cap - 1)) {
        if (trusted.slots[i] == v) {
            return true;
        }
    }
    return false;
}

/* Frees this thread's table; nothing is trusted afterwards (md.h). */
void md_trust_reset(void)
{
    free(trusted.slots);
    trusted.slots = NULL, trusted.cap = 0, trusted.n = 0;
}

/* cmark in safe mode, input checked as UTF-8; "" if cmark fails. */
char *md_render(const char *markdown)
{
    char *html = cmark_markdown_to_html(markdown, strlen(markdown),
                                        CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8);
    if (!html) {
        return xstrdup("");
    }
    return html;
}

/* md_render() into a json string, registered as trusted (md.h). */
json_t *md_html(const char *markdown)
{
    char *html = md_render(markdown);
    json_t *v = json_string(html);
    free(html);
    return trust(v);
}

/* Stored renderer output as a trusted json string (md.h). */
json_t *md_trusted_stored(const char *html, size_t len)
{
    return trust(json_stringn(html, len));
}

/* The SVG builder's finished markup as a trusted json string (md.h). */
json_t *md_trusted_svg(const char *svg, size_t len)
{
    return trust(json_stringn(svg, len));
}

/* Adds key_html = md_html(key) for each string key present (md.h). */
void md_view(json_t *obj, const char *const *keys)
{
    for (size_t i = 0; keys[i]; i++) {
        const char *md = json_string_value(json_object_get(obj, keys[i]));
        if (!md) {
            continue;
        }
        char key[128];
        snprintf(key, sizeof key, "%s_html", keys[i]);
        json_object_set_new(obj, key, md_html(md));
    }
}
