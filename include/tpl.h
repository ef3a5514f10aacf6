/*
 * tpl: a Mustache subset over json_t views, parsed once at start-up with
 * names resolved to paths, escaping by default.
 *
 *   {{name}} {{a.b}} {{.}}     the value, HTML-escaped
 *   {{name?}}                  the same, but the name may be absent (a form
 *                              field shown again only after a failed post)
 *   {{name|date}}              a formatter: date ("2. okt. 2020"), datetime
 *                              ("2. okt. 2020 kl. 16:09", Copenhagen time),
 *                              mark ("X" → ✓, "(X)" → (✓)), url (percent-
 *                              encoded path segment), href (a whole URL:
 *                              only http:, https:, mailto: and site-relative
 *                              URLs pass, anything else becomes "#")
 *   {{{name}}}                 raw: only a value the Markdown renderer marked
 *                              as trusted (md.h); any other value is escaped
 *                              (or, in strict mode, fails the render)
 *   {{#name}}..{{/name}}       section: each item of an array, an object, or
 *                              once for any other truthy value
 *   {{#name==text}}..{{/name==text}}  once when the value equals text
 *   {{#name?}}..{{/name?}}     once when the value is truthy (no iteration)
 *   {{^name}}..{{/name}}       inverted section (also with ==text)
 *   {{>other}}                 another template, resolved at load time
 *   {{! comment }}
 * A variable inside an href, src, action or formaction attribute must use
 * |href or |url, or the template fails to load. Templates never query and
 * never build URLs from raw input.
 *
 * Strict mode (tests, `klikd serve --strict-templates`) makes rendering fail
 * with "template NAME line N: ..." when a variable does not resolve (a JSON
 * null resolves and renders empty), when a dotted name's head is not an
 * object, and when {{{x}}} holds untrusted text. A section over a missing
 * plain name is simply false, in both modes.
 */
#ifndef KLIKD_TPL_H
#define KLIKD_TPL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct tpl_set;

/* Loads and parses every *.html in dir (named by file name without
 * ".html"). NULL on failure with a message naming file and line in *err
 * (caller frees). Free with tpl_free(). Not strict until tpl_set_strict(). */
struct tpl_set *tpl_load(const char *dir, char **err);
/* Parses one template from text (len bytes; parsing stops at a NUL) into a
 * set of its own, named name; partials may name only name itself. NULL on
 * failure with the message in *err (caller frees). For tests and fuzzing. */
struct tpl_set *tpl_parse_string(const char *name, const char *text, size_t len, char **err);
void tpl_free(struct tpl_set *set);
/* Turns strict rendering on or off (see above). Call before serving:
 * the set is read without locks by every thread. */
void tpl_set_strict(struct tpl_set *set, bool strict);
/* True when a template of that name exists. */
bool tpl_exists(const struct tpl_set *set, const char *name);
/* Renders template name with the context stack ctx[0..n-1] (ctx[n-1] is
 * the innermost) into out. 0, or -1 for an unknown template or (strict
 * mode only) a template that does not fit its view; then *err, when err is
 * not NULL, says "template NAME line N: ..." (caller frees) and out holds
 * a partial page the caller must not send. */
int tpl_render(const struct tpl_set *set, const char *name, json_t *const *ctx, size_t n,
               struct buf *out, char **err);
/* Appends s HTML-escaped (& < > " '). */
void html_escape(struct buf *out, const char *s, size_t n);
/* Appends s percent-encoded for use as one URL path segment or query
 * value (unreserved characters kept). */
void url_encode(struct buf *out, const char *s);
/* Appends the URL s[0..n-1] HTML-escaped when it is safe to put in an
 * href (see |href above; surrounding blanks and control characters dropped,
 * tabs and newlines inside removed, as browsers do), otherwise "#". */
void href_escape(struct buf *out, const char *s, size_t n);

#endif
