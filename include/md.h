/*
 * md: Markdown to HTML through libcmark in safe mode — raw HTML and
 * dangerous link schemes are dropped — and the one source of trusted HTML
 * in a view (besides the SVG builder's output, svg.h). Every json_t string
 * md_html(), md_trusted_stored() or md_trusted_svg() makes is
 * remembered in a per-thread registry (by address); the template engine
 * writes {{{x}}} unescaped only when md_is_trusted(x). No other code can
 * mark a value trusted, whatever its key is called.
 *
 * Lifetime: md_trust_reset() forgets everything and is called at the
 * start and end of every request. Inside a request Jansson allocates from
 * the request's arena, which is never freed (nor its memory reused) before
 * the request ends, so a registered address cannot come to belong to
 * another value while it is registered. Outside a request (tests, tools)
 * the caller keeps the values alive until it calls md_trust_reset().
 */
#ifndef KLIKD_MD_H
#define KLIKD_MD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Renders Markdown to HTML (caller frees). Not trusted by anything. */
char *md_render(const char *markdown);
/* Renders Markdown in safe mode into a new json string (caller owns the
 * reference) registered as trusted HTML; NULL only if cmark's output were
 * not UTF-8. */
json_t *md_html(const char *markdown);
/* A new trusted json string (caller owns the reference) for html[0..len-1],
 * HTML that md_html() made earlier and klikd stored. Only the db layer's
 * row conversion calls it, for columns whose SQL alias ends in ":html".
 * NULL if html is not UTF-8. */
json_t *md_trusted_stored(const char *html, size_t len);
/* A new trusted json string (caller owns the reference) for svg[0..len-1],
 * markup the escaping SVG builder wrote; only svg_finish() (svg.c) calls
 * it. NULL if svg is not UTF-8. */
json_t *md_trusted_svg(const char *svg, size_t len);
/* True when v is a value md_html() or md_trusted_stored() made on this
 * thread since the last md_trust_reset(). */
bool md_is_trusted(const json_t *v);
/* Forgets every trusted value of this thread (and frees the registry). */
void md_trust_reset(void);
/* For every key in keys (NULL-terminated) that obj holds as a string, adds
 * "<key>_html" with its rendering by md_html(). */
void md_view(json_t *obj, const char *const *keys);

#endif
