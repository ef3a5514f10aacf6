/*
 * test_view: the template engine and Markdown rendering — escaping by
 * default, raw output only for *_html names, sections, formatters,
 * partials, load-time errors, and cmark's safe mode.
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

static void clear(void)
{
    char *cmd = xasprintf("rm -f %s/*.html", dir);
    if (system(cmd) != 0) {
        fprintf(stdout, "#   cannot clear %s\n", dir);
    }
    free(cmd);
}

/* Loads dir and renders name with view; returns the output (caller frees)
 * or NULL, with the load error in *err (caller frees). */
static char *render(const char *name, const char *view_json, char **err)
{
    struct tpl_set *set = tpl_load(dir, err);
    if (!set) {
        return NULL;
    }
    json_t *view = json_loads(view_json, 0, NULL);
    struct buf b = {0};
    int rc = tpl_render(set, name, &view, 1, &b, NULL);
    json_decref(view);
    tpl_free(set);
    if (rc < 0) {
        buf_free(&b);
        return NULL;
    }
    return buf_take(&b);
}

TEST(escapes_by_default)
{
    clear();
    put("p", "<p title=\"{{t}}\">{{t}}</p>{{{body_html}}}");
    char *err = NULL;
    char *out = render("p", "{\"t\": \"<a href='x'>&\\\"</a>\", \"body_html\": \"<em>ok</em>\"}",
                       &err);
    CHECK_EQ_STR(out, "<p title=\"&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;\">"
                      "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;</p><em>ok</em>");
    free(out);
    free(err);
}

TEST(raw_output_only_for_html_names)
{
    static const char *const bad[] = {"{{{name}}}", "{{&name}}", "{{body_html}}", "{{#a}}x",
                                      "{{/a}}", "{{#a}}{{/b}}", "{{x|nosuch}}", "{{>missing}}",
                                      "{{ }}", "{{x"};
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
    RUN(raw_output_only_for_html_names);
    RUN(sections);
    RUN(formatters_and_partials);
    RUN(markdown_safe_mode);
    clear();
    rmdir(dir);
    CHECK_DONE();
}
