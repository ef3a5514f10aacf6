/*
 * fuzz_tpl: libFuzzer target for the template engine. Every input is
 * parsed as a template (tpl_parse_string, so it may include itself as a
 * partial) and, when it parses, rendered against a small fixed view, once
 * in production mode and once in strict mode. Parsing must return a set
 * or a message, rendering 0 or -1 with a message, never crash, leak or
 * read out of bounds. The input is also given to the |href filter, whose
 * output must be "#" or start with an allowed form. Built and run by
 * `make fuzz` (scripts/fuzz.sh) with templates/ as the corpus.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "md.h"
#include "tpl.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The view every input is rendered against (built once, never freed). */
static json_t *fixed_view(void)
{
    static json_t *view;
    if (!view) {
        view = json_loads("{\"title\": \"<T>\", \"n\": 3, \"z\": 0, \"f\": 1.5, \"t\": true,"
                          " \"nul\": null, \"d\": \"2020-10-02\", \"ts\": \"2020-10-02T14:09:00Z\","
                          " \"m\": \"(X)\", \"u\": \"javascript:alert(1)\", \"s\": \"/roller/x\","
                          " \"project\": {\"code\": \"KY\", \"name\": \"Ydelse\"},"
                          " \"rows\": [{\"id\": 1, \"project\": \"KY\", \"a\": [1, 2]},"
                          "          {\"id\": 2, \"project\": null, \"o\": {\"k\": \"v\"}}],"
                          " \"empty\": [], \"form\": {}}",
                          0, NULL);
        json_object_set_new(view, "body_html", md_html("*x* <b>y</b>"));
        json_object_set_new(view, "plain_html", json_string("<b>untrusted</b>"));
    }
    return view;
}

/* Aborts unless out is "#" or a URL |href lets through. */
static void check_href(const char *out)
{
    if (strcmp(out, "#") == 0 || out[0] == '?' || out[0] == '#' ||
        (out[0] == '/' && out[1] != '/' && out[1] != '\\') || strncasecmp(out, "http:", 5) == 0 ||
        strncasecmp(out, "https:", 6) == 0 || strncasecmp(out, "mailto:", 7) == 0) {
        return;
    }
    fprintf(stderr, "href let through: %s\n", out);
    abort();
}

/* One input: the |href check, then parse and render it both ways. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *view = fixed_view();
    struct buf href = {0};
    href_escape(&href, (const char *)data, size);
    check_href(buf_str(&href));
    buf_free(&href);

    char *err = NULL;
    struct tpl_set *set = tpl_parse_string("fuzz", (const char *)data, size, &err);
    if (!set) {
        if (!err) {
            abort(); /* a failure always says why */
        }
        free(err);
        return 0;
    }
    for (int strict = 0; strict < 2; strict++) {
        tpl_set_strict(set, strict);
        struct buf out = {0};
        err = NULL;
        int rc = tpl_render(set, "fuzz", &view, 1, &out, &err);
        if ((rc < 0) != (err != NULL) || (rc < 0 && !strict)) {
            abort(); /* production never fails for data reasons; a failure says why */
        }
        free(err);
        buf_free(&out);
    }
    tpl_free(set);
    return 0;
}
