/*
 * tpl: a Mustache subset over json_t views, parsed once at start-up with
 * names resolved to paths, escaping by default.
 *
 *   {{name}} {{a.b}} {{.}}     the value, HTML-escaped
 *   {{name|date}}              a formatter: date ("2. okt. 2020"), datetime
 *                              ("2. okt. 2020 kl. 16:09", Copenhagen time),
 *                              mark ("X" → ✓, "(X)" → (✓)), url (percent-
 *                              encoded path segment)
 *   {{{name_html}}}            raw: only names ending in _html, which views
 *                              reserve for Markdown rendered by cmark in
 *                              safe mode (md.h); anything else fails to load
 *   {{#name}}..{{/name}}       section: each item of an array, an object, or
 *                              once for any other truthy value
 *   {{#name==text}}..{{/name==text}}  once when the value equals text
 *   {{#name?}}..{{/name?}}     once when the value is truthy (no iteration)
 *   {{^name}}..{{/name}}       inverted section (also with ==text)
 *   {{>other}}                 another template, resolved at load time
 *   {{! comment }}
 * Templates never query and never build URLs from raw input.
 */
#ifndef KLIKD_TPL_H
#define KLIKD_TPL_H

#include <jansson.h>
#include <stddef.h>

#include "util.h"

struct tpl_set;

/* Loads and parses every *.html in dir (named by file name without
 * ".html"). NULL on failure with a message naming file and line in *err
 * (caller frees). Free with tpl_free(). */
struct tpl_set *tpl_load(const char *dir, char **err);
void tpl_free(struct tpl_set *set);
/* True when a template of that name exists. */
bool tpl_exists(const struct tpl_set *set, const char *name);
/* Renders template name with the context stack ctx[0..n-1] (ctx[n-1] is
 * the innermost) into out. 0, or -1 for an unknown template. */
int tpl_render(const struct tpl_set *set, const char *name, json_t *const *ctx, size_t n,
               struct buf *out);
/* Appends s HTML-escaped (& < > " '). */
void html_escape(struct buf *out, const char *s, size_t n);
/* Appends s percent-encoded for use as one URL path segment or query
 * value (unreserved characters kept). */
void url_encode(struct buf *out, const char *s);

#endif
