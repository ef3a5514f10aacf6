/*
 * md: Markdown to HTML through libcmark in safe mode — raw HTML and
 * dangerous link schemes are dropped. The one source of raw HTML in a view.
 */
#ifndef KLIKD_MD_H
#define KLIKD_MD_H

#include <jansson.h>

/* Renders Markdown to HTML (caller frees). */
char *md_render(const char *markdown);
/* For every key in keys (NULL-terminated) that obj holds as a string, adds
 * "<key>_html" with its rendering. */
void md_view(json_t *obj, const char *const *keys);

#endif
