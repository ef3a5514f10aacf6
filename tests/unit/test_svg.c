/*
 * test_svg: the escaping SVG builder — text and attribute values escaped
 * (<, &, quotes), control characters dropped, numbers formatted, href
 * values checked, names checked (no event handlers, no script), elements
 * always closed, the result trusted by the template engine, misuse
 * latched, and the cache of finished pictures. Well-formedness under a real XML parser is checked by
 * tests/http/test_pictures.py.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "md.h"
#include "svg.h"
#include "tpl.h"
#include "util.h"

/* The finished document's text (borrowed from v). */
static const char *text_of(json_t *v)
{
    return v ? json_string_value(v) : NULL;
}

TEST(escapes_text_and_attributes)
{
    struct svg s;
    svg_begin(&s, "t", 100, 50, false, "A <b> & \"c\"", "d'e");
    svg_label(&s, "text", "x < y & \"z\" 'w'", SVG_S("class", "a\" onload=\"b"), SVG_N("x", 1));
    json_t *v = svg_finish(&s, NULL);
    const char *t = text_of(v);
    CHECK(t != NULL);
    CHECK(t && strstr(t, "<title id=\"t-title\">A &lt;b&gt; &amp; &quot;c&quot;</title>"));
    CHECK(t && strstr(t, "<desc id=\"t-desc\">d&#39;e</desc>"));
    CHECK(t && strstr(t, ">x &lt; y &amp; &quot;z&quot; &#39;w&#39;</text>"));
    CHECK(t && strstr(t, "class=\"a&quot; onload=&quot;b\""));
    CHECK(t && !strstr(t, "<b>"));
    json_decref(v);
    md_trust_reset();
}

TEST(outer_element_is_accessible)
{
    struct svg s;
    svg_begin(&s, "roles", 1280.5, 600, false, "T", "D");
    json_t *v = svg_finish(&s, NULL);
    const char *t = text_of(v);
    CHECK(t && str_starts(t, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"roles\""));
    CHECK(t && strstr(t, "viewBox=\"0 0 1280.5 600\""));
    CHECK(t && strstr(t, "role=\"img\""));
    json_decref(v);
    md_trust_reset();
    svg_begin(&s, "roles", 10, 10, true, "T", "D");
    v = svg_finish(&s, NULL);
    t = text_of(v);
    CHECK(t && strstr(t, "role=\"group\""));
    CHECK(t && strstr(t, "aria-labelledby=\"roles-title roles-desc\""));
    CHECK(t && str_ends(t, "</svg>"));
    json_decref(v);
    md_trust_reset();
}

TEST(numbers_are_formatted)
{
    struct buf b = {0};
    CHECK(svg_number(&b, 12));
    buf_putc(&b, ' ');
    CHECK(svg_number(&b, 2.5));
    buf_putc(&b, ' ');
    CHECK(svg_number(&b, 1.0 / 3));
    buf_putc(&b, ' ');
    CHECK(svg_number(&b, -0.001));
    buf_putc(&b, ' ');
    CHECK(!svg_number(&b, NAN));
    CHECK(!svg_number(&b, INFINITY));
    CHECK_EQ_STR(buf_str(&b), "12 2.5 0.33 0 ");
    buf_free(&b);

    struct svg s;
    svg_begin(&s, "n", 10, 10, false, "T", "D");
    svg_leaf(&s, "rect", SVG_N("x", NAN));
    const char *err = NULL;
    CHECK(svg_finish(&s, &err) == NULL);
    CHECK(err && strstr(err, "finite"));
}

TEST(closes_what_is_open_and_nests)
{
    struct svg s;
    svg_begin(&s, "c", 10, 10, false, "T", "D");
    svg_open(&s, "g", SVG_S("class", "a"));
    svg_open(&s, "a", SVG_S("href", "/roller/projektejer"));
    svg_leaf(&s, "rect", SVG_N("width", 3));
    json_t *v = svg_finish(&s, NULL);
    const char *t = text_of(v);
    CHECK(t && str_ends(t, "<g class=\"a\"><a href=\"/roller/projektejer\"><rect width=\"3\"/>"
                           "</a></g></svg>"));
    json_decref(v);
    md_trust_reset();
}

TEST(curves_from_numbers)
{
    struct svg s;
    svg_begin(&s, "q", 10, 10, false, "T", "D");
    svg_curve(&s, ((double[]){1, 2.5, 3, 4, 5, 6}), SVG_S("class", "edge"));
    json_t *v = svg_finish(&s, NULL);
    const char *t = text_of(v);
    CHECK(t && strstr(t, "<path d=\"M 1 2.5 Q 3 4 5 6\" class=\"edge\"/>"));
    json_decref(v);
    md_trust_reset();
}

TEST(hrefs_are_checked)
{
    struct svg s;
    svg_begin(&s, "h", 10, 10, false, "T", "D");
    svg_label(&s, "a", "x", SVG_S("href", "javascript:alert(1)"));
    svg_label(&s, "a", "y", SVG_S("xlink:href", "/roller/a\"b"));
    json_t *v = svg_finish(&s, NULL);
    const char *t = text_of(v);
    CHECK(t && strstr(t, "<a href=\"#\">x</a>"));
    CHECK(t && strstr(t, "xlink:href=\"/roller/a&quot;b\""));
    CHECK(t && !strstr(t, "javascript"));
    json_decref(v);
    md_trust_reset();
}

/* A builder misused in one way; svg_finish must return NULL. */
static void refused(void (*misuse)(struct svg *), const char *what)
{
    struct svg s;
    svg_begin(&s, "m", 10, 10, false, "T", "D");
    misuse(&s);
    const char *err = NULL;
    json_t *v = svg_finish(&s, &err);
    if (v || !err) {
        fprintf(stdout, "#   accepted: %s\n", what);
        check_failed_++;
    }
    json_decref(v);
}

static void bad_handler(struct svg *s)
{
    svg_leaf(s, "rect", SVG_S("onclick", "x()"));
}
static void bad_handler_case(struct svg *s)
{
    svg_leaf(s, "rect", SVG_S("OnLoad", "x()"));
}
static void bad_attr(struct svg *s)
{
    svg_leaf(s, "rect", SVG_S("x=\"1\" y", "2"));
}
static void bad_tag(struct svg *s)
{
    svg_leaf(s, "rect x=\"1\"", SVG_N("y", 1));
}
static void script_tag(struct svg *s)
{
    svg_label(s, "script", "alert(1)", SVG_S("a", "b"));
}
static void extra_close(struct svg *s)
{
    svg_close(s);
    svg_close(s);
}

TEST(misuse_is_latched)
{
    refused(bad_handler, "onclick attribute");
    refused(bad_handler_case, "OnLoad attribute");
    refused(bad_attr, "attribute name with markup");
    refused(bad_tag, "element name with markup");
    refused(script_tag, "script element");
    refused(extra_close, "closing more than is open");
    struct svg s;
    svg_begin(&s, "bad id", 10, 10, false, "T", "D");
    CHECK(svg_finish(&s, NULL) == NULL);
}

TEST(controls_are_dropped_and_result_is_trusted)
{
    struct svg s;
    svg_begin(&s, "u", 10, 10, false, "T", "D");
    svg_label(&s, "text", "a\001b\tc", SVG_S("x", "\002"));
    json_t *v = svg_finish(&s, NULL);
    const char *t = text_of(v);
    CHECK(t && strstr(t, "<text x=\"\">ab\tc</text>"));
    CHECK(md_is_trusted(v));
    json_t *plain = json_string(t);
    CHECK(!md_is_trusted(plain));
    json_decref(plain);
    json_decref(v);
    md_trust_reset();
}

TEST(cache_keeps_only_the_builder_s_output)
{
    static struct svg_cache c = SVG_CACHE_INIT;
    CHECK(svg_cache_get(&c, 7) == NULL);
    struct svg s;
    svg_begin(&s, "k", 10, 10, false, "T", "D");
    json_t *v = svg_finish(&s, NULL);
    uint64_t key = svg_hash(svg_hash(SVG_HASH_SEED, "a"), "b");
    CHECK(key != svg_hash(svg_hash(SVG_HASH_SEED, "ab"), ""));
    svg_cache_put(&c, key, v);
    json_t *again = svg_cache_get(&c, key);
    CHECK(again && md_is_trusted(again) && json_equal(again, v));
    CHECK(svg_cache_get(&c, key + 1) == NULL);
    json_t *plain = json_string("<script>alert(1)</script>");
    svg_cache_put(&c, key + 1, plain);
    CHECK(svg_cache_get(&c, key + 1) == NULL);
    json_decref(plain);
    json_decref(again);
    json_decref(v);
    md_trust_reset();
    free(c.text);
}

int main(void)
{
    RUN(escapes_text_and_attributes);
    RUN(outer_element_is_accessible);
    RUN(numbers_are_formatted);
    RUN(closes_what_is_open_and_nests);
    RUN(curves_from_numbers);
    RUN(hrefs_are_checked);
    RUN(misuse_is_latched);
    RUN(controls_are_dropped_and_result_is_trusted);
    RUN(cache_keeps_only_the_builder_s_output);
    CHECK_DONE();
}
