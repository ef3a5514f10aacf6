/*
 * test_view: the template engine and Markdown rendering — escaping by
 * default, raw output only for values the Markdown renderer marked
 * trusted, sections, formatters (|href among them), partials, load-time
 * errors (URL attributes included), strict mode's failures with template
 * and line, and cmark's safe mode.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "md.h"
#include "tpl.h"
#include "util.h"

static char dir[] = "/tmp/klikd-tpl-XXXXXX";

/* Writes dir/name.html. */
static void put(const char *name, const char *text)
{
    char *path = xasprintf("%s/%s.html", dir, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    free(path);
}

/* Removes every template from dir. */
static void clear(void)
{
    char *cmd = xasprintf("rm -f %s/*.html", dir);
    if (system(cmd) != 0) {
        fprintf(stdout, "#   cannot clear %s\n", dir);
    }
    free(cmd);
}

/* Loads dir and renders name with view (borrowed), strict or not; returns
 * the output (caller frees) or NULL, with the load or render error in *err
 * (caller frees). */
static char *render_view(const char *name, json_t *view, bool strict, char **err)
{
    struct tpl_set *set = tpl_load(dir, err);
    if (!set) {
        return NULL;
    }
    tpl_set_strict(set, strict);
    struct buf b = {0};
    int rc = tpl_render(set, name, &view, 1, &b, err);
    tpl_free(set);
    if (rc < 0) {
        buf_free(&b);
        return NULL;
    }
    return buf_take(&b);
}

/* render_view() with the view given as JSON text. */
static char *render_json(const char *name, const char *view_json, bool strict, char **err)
{
    json_t *view = json_loads(view_json, 0, NULL);
    if (!view) {
        fprintf(stdout, "#   bad JSON in the test: %s\n", view_json);
        return NULL;
    }
    char *out = render_view(name, view, strict, err);
    json_decref(view);
    return out;
}

/* Non-strict rendering, as in production. */
static char *render(const char *name, const char *view_json, char **err)
{
    return render_json(name, view_json, false, err);
}

TEST(escapes_by_default)
{
    clear();
    put("p", "<p title=\"{{t}}\">{{t}}</p>");
    char *err = NULL;
    char *out = render("p", "{\"t\": \"<a href='x'>&\\\"</a>\"}", &err);
    CHECK_EQ_STR(out, "<p title=\"&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;\">"
                      "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;</p>");
    free(out);
    free(err);
}

TEST(load_errors_name_file_and_line)
{
    static const char *const bad[] = {"{{&name}}", "{{#a}}x", "{{/a}}", "{{#a}}{{/b}}",
                                      "{{x|nosuch}}", "{{>missing}}", "{{ }}", "{{x",
                                      "{{a..b}}", "{{{a..b}}}"};
    for (size_t i = 0; i < NELEM(bad); i++) {
        clear();
        put("p", bad[i]);
        char *err = NULL;
        struct tpl_set *set = tpl_load(dir, &err);
        CHECK(set == NULL);
        CHECK(err != NULL && strstr(err, "p.html") != NULL);
        if (set || !err) {
            fprintf(stdout, "#   template %s loaded\n", bad[i]);
        }
        tpl_free(set);
        free(err);
    }
    clear();
    put("p", "a\nb\n{{#x}}\n{{y|nosuch}}{{/x}}");
    char *err = NULL;
    CHECK(tpl_load(dir, &err) == NULL);
    CHECK(err != NULL && strstr(err, "p.html:4: unknown formatter") != NULL);
    free(err);
}

TEST(url_attributes_need_href_or_url)
{
    static const char *const bad[] = {
        "<a href=\"{{u}}\">", "<a class=\"x\" HREF='{{u}}'>", "<img src={{u}}>",
        "<form method=\"post\" action=\"/a/{{id}}/slet\">", "<button formaction=\"{{u}}\">",
        "<a href=\"{{{u}}}\">", "<a href=\"{{u|date}}\">", "<a\nhref\n=\n\"{{u}}\">"};
    for (size_t i = 0; i < NELEM(bad); i++) {
        clear();
        put("p", bad[i]);
        char *err = NULL;
        struct tpl_set *set = tpl_load(dir, &err);
        CHECK(set == NULL);
        CHECK(err != NULL && strstr(err, "p.html:") != NULL && strstr(err, "|href") != NULL);
        if (set) {
            fprintf(stdout, "#   template %s loaded\n", bad[i]);
        }
        tpl_free(set);
        free(err);
    }
    clear();
    put("p", "<p>href=\"{{u}}\"</p><a title=\"{{u}}\" href=\"/r/{{u|url}}?q={{u|url}}\">{{u}}</a>"
             "<a href=\"{{u|href}}\" data-x=\"{{u}}\">{{#u}}<b>{{u}}</b>{{/u}}</a>"
             "<form action=\"{{#u}}/a{{/u}}{{^u}}/b/{{u|url}}{{/u}}\"><!-- href=\"{{u}}\" -->");
    char *err = NULL;
    char *out = render("p", "{\"u\": \"x y\"}", &err);
    CHECK(out != NULL);
    if (!out) {
        fprintf(stdout, "#   %s\n", err ? err : "?");
    }
    free(out);
    free(err);
}

TEST(sections)
{
    clear();
    put("p", "{{#items}}[{{name}}{{#on}}+{{/on}}]{{/items}}{{^items}}none{{/items}}"
             "{{#items?}}<ul>{{/items?}}{{#k==b}}B{{/k==b}}{{^k==a}}!a{{/k==a}}"
             "{{#o}}{{x}}{{y}}{{/o}}{{#a.b}}{{a.b}}{{/a.b}}{{^missing}}m{{/missing}}");
    char *err = NULL;
    char *out = render("p",
                       "{\"items\": [{\"name\": \"x\", \"on\": true}, {\"name\": \"y\"}],"
                       " \"k\": \"b\", \"o\": {\"x\": 1}, \"y\": \"outer\", \"a\": {\"b\": 2}}",
                       &err);
    CHECK_EQ_STR(out, "[x+][y]<ul>B!a1outer2m");
    free(out);
    out = render("p", "{\"items\": []}", &err);
    CHECK_EQ_STR(out, "none!am");
    free(out);
    free(err);
}

TEST(formatters_and_partials)
{
    clear();
    put("head", "<h>{{title}}</h>");
    put("p", "{{>head}}{{d|date}} {{t|datetime}} {{m1|mark}}{{m2|mark}}{{m3|mark}} {{s|url}}");
    char *err = NULL;
    char *out = render("p",
                       "{\"title\": \"T\", \"d\": \"2020-10-02\", \"t\": \"2020-10-02T14:09:00Z\","
                       " \"m1\": \"X\", \"m2\": \"(X)\", \"m3\": \"\", \"s\": \"a b/ø\"}",
                       &err);
    CHECK_EQ_STR(out, "<h>T</h>2. okt. 2020 2. okt. 2020 kl. 16:09 ✓(✓) a%20b%2F%C3%B8");
    free(out);
    free(err);
}

/* |href of s, as a template writes it (caller frees). */
static char *href_of(const char *s)
{
    struct buf b = {0};
    href_escape(&b, s, strlen(s));
    return buf_take(&b);
}

TEST(href_allows_only_safe_urls)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"javascript:alert(1)", "#"},
        {"JAVASCRIPT:alert(1)", "#"},
        {" javascript:alert(1)", "#"},
        {"\x01\x1fjavascript:alert(1)", "#"},
        {"java\tscript:alert(1)", "#"},
        {"java\nscript:alert(1)", "#"},
        {"jav&#x61;script:alert(1)", "#"},
        {"data:text/html,<script>alert(1)</script>", "#"},
        {"vbscript:msgbox(1)", "#"},
        {"file:///etc/passwd", "#"},
        {"//evil.example", "#"},
        {"/\\evil.example", "#"},
        {" //evil.example", "#"},
        {"/\t/evil.example", "#"},
        {"\\\\evil.example", "#"},
        {"roller/x", "#"},
        {"", "#"},
        {"   ", "#"},
        {"/a\x01" "c", "#"},
        {"/", "/"},
        {"/roller/projektleder", "/roller/projektleder"},
        {"/a/../b?x=1&y=\"2\"#f", "/a/../b?x=1&amp;y=&quot;2&quot;#f"},
        {"?side=2", "?side=2"},
        {"#indhold", "#indhold"},
        {"https://www.kombit.dk/a?b=c", "https://www.kombit.dk/a?b=c"},
        {"HTTP://kombit.dk", "HTTP://kombit.dk"},
        {"  http://kombit.dk/\n", "http://kombit.dk/"},
        {"mailto:klik@kombit.dk", "mailto:klik@kombit.dk"},
        {"MailTo:klik@kombit.dk", "MailTo:klik@kombit.dk"},
        {"https://x/\"><script>", "https://x/&quot;&gt;&lt;script&gt;"},
    };
    for (size_t i = 0; i < NELEM(cases); i++) {
        char *got = href_of(cases[i].in);
        CHECK_EQ_STR(got, cases[i].out);
        free(got);
    }
    clear();
    put("p", "<a href=\"{{u|href}}\">{{u}}</a>");
    char *err = NULL;
    char *out = render_json("p", "{\"u\": \"javascript:alert(1)\"}", true, &err);
    CHECK_EQ_STR(out, "<a href=\"#\">javascript:alert(1)</a>"); /* data, not a template bug */
    free(out);
    free(err);
}

TEST(strict_mode_fails_with_template_and_line)
{
    clear();
    put("p", "<h1>{{project.code}}</h1>\n{{#rows}}<form action=\"/projekter/"
             "{{project.code|url}}/udpegninger/{{id|url}}/slet\">{{/rows}}");
    const char *view = "{\"project\": {\"code\": \"KY\"}, \"rows\": [{\"id\": 1, "
                       "\"project\": \"KY\"}]}";
    char *err = NULL;
    char *out = render_json("p", view, false, &err);
    CHECK_EQ_STR(out, "<h1>KY</h1>\n<form action=\"/projekter//udpegninger/1/slet\">");
    free(out);
    out = render_json("p", view, true, &err);
    CHECK(out == NULL);
    CHECK_EQ_STR(err, "template p line 2: {{project.code}} 'project' is a string, "
                      "not an object");
    free(out);
    free(err);

    static const struct {
        const char *tpl, *view, *err;
    } fails[] = {
        {"a\n{{name}}", "{}", "template p line 2: {{name}} does not resolve"},
        {"{{a.b}}", "{\"a\": {}}", "template p line 1: {{a.b}} does not resolve: 'a' has no"},
        {"{{#a.b}}x{{/a.b}}", "{\"a\": 3}", "template p line 1: {{#a.b}} 'a' is an integer"},
        {"{{^a.b}}x{{/a.b}}", "{\"a\": [1]}", "template p line 1: {{^a.b}} 'a' is an array"},
        {"{{a.b}}", "{\"a\": null}", "'a' is null, not an object"},
        {"{{a.b?}}", "{\"a\": \"s\"}", "'a' is a string, not an object"},
        {"\n\n{{{body_html}}}", "{\"body_html\": \"<b>x</b>\"}",
         "template p line 3: {{{body_html}}} is not trusted HTML"},
        {"{{{body}}}", "{}", "template p line 1: {{{body}}} does not resolve"},
        {"x{{>part}}", "{}", "template part line 2: {{missing}} does not resolve"},
    };
    put("part", "\n{{missing}}");
    for (size_t i = 0; i < NELEM(fails); i++) {
        put("p", fails[i].tpl);
        err = NULL;
        out = render_json("p", fails[i].view, true, &err);
        CHECK(out == NULL);
        CHECK(err != NULL && strstr(err, fails[i].err) != NULL);
        if (!err || !strstr(err, fails[i].err)) {
            fprintf(stdout, "#   %s: got \"%s\"\n", fails[i].tpl, err ? err : "(none)");
        }
        free(out);
        free(err);
        /* Production renders the same templates without failing. */
        err = NULL;
        out = render_json("p", fails[i].view, false, &err);
        CHECK(out != NULL);
        free(out);
        free(err);
    }
}

TEST(strict_mode_allows_what_the_page_means)
{
    clear();
    put("p", "[{{n}}]{{#missing}}x{{/missing}}{{^missing}}-{{/missing}}{{#missing?}}y{{/missing?}}"
             "{{#gone.b}}z{{/gone.b}}{{#a.b}}w{{/a.b}}[{{form.email?}}][{{opt?}}]{{{nothing}}}"
             "{{#rows}}{{.}}{{/rows}}");
    char *err = NULL;
    char *out = render_json("p", "{\"n\": null, \"a\": {}, \"form\": {}, \"nothing\": null,"
                                 " \"rows\": [1, \"two\"]}",
                            true, &err);
    CHECK_EQ_STR(out, "[]-[][]1two");
    if (!out) {
        fprintf(stdout, "#   %s\n", err ? err : "?");
    }
    free(out);
    free(err);
}

TEST(raw_output_only_for_trusted_values)
{
    clear();
    put("p", "{{{body_html}}}|{{{md}}}|{{{stored}}}|{{{n}}}");
    json_t *view = json_object();
    json_object_set_new(view, "body_html", json_string("<script>alert(1)</script>"));
    json_object_set_new(view, "md", md_html("*hi* <script>x</script>"));
    json_object_set_new(view, "stored", md_trusted_stored("<p>ok</p>xx", 9));
    json_object_set_new(view, "n", json_integer(7));
    CHECK(md_is_trusted(json_object_get(view, "md")));
    CHECK(!md_is_trusted(json_object_get(view, "body_html")));
    CHECK(!md_is_trusted(NULL));
    char *err = NULL;
    char *out = render_view("p", view, false, &err);
    CHECK_EQ_STR(out, "&lt;script&gt;alert(1)&lt;/script&gt;|<p><em>hi</em> <!-- raw HTML "
                      "omitted -->x<!-- raw HTML omitted --></p>\n|<p>ok</p>|7");
    free(out);
    /* A copy of trusted text is not trusted: identity, not content. */
    json_object_set_new(view, "stored", json_string("<p>ok</p>"));
    out = render_view("p", view, false, &err);
    CHECK(out != NULL && strstr(out, "|&lt;p&gt;ok&lt;/p&gt;|") != NULL);
    free(out);
    md_trust_reset();
    CHECK(!md_is_trusted(json_object_get(view, "md")));
    out = render_view("p", view, false, &err);
    CHECK(out != NULL && strstr(out, "|&lt;p&gt;&lt;em&gt;hi") != NULL);
    free(out);
    json_decref(view);
    free(err);
}

TEST(md_view_marks_its_fields_trusted)
{
    json_t *obj = json_pack("{s:s,s:s,s:i}", "goal", "**mål**", "body", "x", "n", 1);
    static const char *const keys[] = {"goal", "n", "missing", NULL};
    md_view(obj, keys);
    json_t *html = json_object_get(obj, "goal_html");
    CHECK(md_is_trusted(html));
    CHECK_EQ_STR(json_string_value(html), "<p><strong>mål</strong></p>\n");
    CHECK(json_object_get(obj, "n_html") == NULL);
    CHECK(json_object_get(obj, "body_html") == NULL);
    /* Many values: the registry grows and still finds each. */
    json_t *many = json_array();
    for (int i = 0; i < 500; i++) {
        json_array_append_new(many, md_html("x"));
    }
    size_t i;
    json_t *v;
    int trusted = 0;
    json_array_foreach(many, i, v) {
        trusted += md_is_trusted(v);
    }
    CHECK_EQ_INT(trusted, 500);
    CHECK(md_is_trusted(html));
    md_trust_reset();
    json_decref(many);
    json_decref(obj);
}

TEST(parse_string)
{
    char *err = NULL;
    const char *text = "a{{x}}{{#y}}{{>f}}{{/y}}";
    struct tpl_set *set = tpl_parse_string("f", text, strlen(text), &err);
    CHECK(set != NULL);
    if (set) {
        json_t *view = json_pack("{s:s,s:b}", "x", "<", "y", 0);
        struct buf b = {0};
        CHECK_EQ_INT(tpl_render(set, "f", &view, 1, &b, NULL), 0);
        CHECK_EQ_STR(buf_str(&b), "a&lt;");
        CHECK_EQ_INT(tpl_render(set, "g", &view, 1, &b, &err), -1);
        CHECK(err != NULL && strstr(err, "template g") != NULL);
        buf_free(&b);
        json_decref(view);
        tpl_free(set);
    }
    free(err);
    err = NULL;
    CHECK(tpl_parse_string("f", "{{>g}}", 6, &err) == NULL);
    CHECK(err != NULL && strstr(err, "f.html:1: unknown partial") != NULL);
    free(err);
}

TEST(markdown_safe_mode)
{
    char *html = md_render("# T\n\n<script>alert(1)</script>\n\n[a](javascript:alert(1)) "
                           "<b onclick=\"x\">b</b> [ok](https://kombit.dk)");
    CHECK(strstr(html, "<h1>T</h1>") != NULL);
    CHECK(strstr(html, "<script") == NULL);
    CHECK(strstr(html, "javascript:") == NULL);
    CHECK(strstr(html, "onclick") == NULL);
    CHECK(strstr(html, "<a href=\"https://kombit.dk\">ok</a>") != NULL);
    free(html);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        fprintf(stdout, "fail test_view.c: mkdtemp\n");
        return 1;
    }
    RUN(escapes_by_default);
    RUN(load_errors_name_file_and_line);
    RUN(url_attributes_need_href_or_url);
    RUN(sections);
    RUN(formatters_and_partials);
    RUN(href_allows_only_safe_urls);
    RUN(strict_mode_fails_with_template_and_line);
    RUN(strict_mode_allows_what_the_page_means);
    RUN(raw_output_only_for_trusted_values);
    RUN(md_view_marks_its_fields_trusted);
    RUN(parse_string);
    RUN(markdown_safe_mode);
    clear();
    rmdir(dir);
    CHECK_DONE();
}
