/*
 * md: Markdown rendering with cmark (see md.h). Safe mode is cmark's
 * default since 0.29; CMARK_OPT_SAFE is passed anyway to say so, and
 * the option that would allow raw HTML is never passed.
 */
#include <cmark.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "md.h"
#include "util.h"

char *md_render(const char *markdown)
{
    char *html = cmark_markdown_to_html(markdown, strlen(markdown),
                                        CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8);
    if (!html) {
        return xstrdup("");
    }
    return html;
}

void md_view(json_t *obj, const char *const *keys)
{
    for (size_t i = 0; keys[i]; i++) {
        const char *md = json_string_value(json_object_get(obj, keys[i]));
        if (!md) {
            continue;
        }
        char *html = md_render(md);
        char key[128];
        snprintf(key, sizeof key, "%s_html", keys[i]);
        json_object_set_new(obj, key, json_string(html));
        free(html);
    }
}
