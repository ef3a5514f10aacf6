/*
 * test_html: the HTML the importer stores beside a master task's Markdown
 * (src/import/html.c), on the real KLIK export 519 (seeds/): each field
 * rendered by cmark in safe mode, the method steps as one numbered list,
 * each comment's body, absent fields as JSON null, and hostile Markdown
 * rendered without raw HTML or javascript: links.
 */
#include "check.h"
#include "import.h"

/* A parsed task in the keys import_task_html() reads (new reference). */
static json_t *task_object(const struct klik_task *t)
{
    json_t *steps = json_array(), *comments = json_array();
    for (size_t i = 0; i < t->method_steps.nitems; i++) {
        json_array_append_new(steps, json_string(t->method_steps.items[i]));
    }
    for (size_t i = 0; i < t->ncomments; i++) {
        json_array_append_new(comments, json_pack("{s:s}", "body", t->comments[i].body));
    }
    return json_pack("{s:s?,s:s?,s:s?,s:o,s:o}", "goal", t->goal, "description",
                     t->description, "result", t->result, "method_steps", steps, "comments",
                     comments);
}

/* Occurrences of needle in s. */
static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = s; p && (p = strstr(p, needle)) != NULL; p++) {
        n++;
    }
    return n;
}

/* Every Markdown field of task 519 gets its cmark rendering. */
TEST(task_519)
{
    size_t len;
    char *text = SEED("klik-opgave-519-pl12-oeir.txt", &len);
    struct klik_task t;
    struct import_err err = {0};
    CHECK_EQ_INT(klik_parse(text, len, IMPORT_KLIK_TAB, NULL, NULL, &t, &err), 0);
    json_t *o = task_object(&t);
    import_task_html(o);
    const char *goal = json_string_value(json_object_get(o, "goal_html"));
    const char *desc = json_string_value(json_object_get(o, "description_html"));
    const char *method = json_string_value(json_object_get(o, "method_html"));
    CHECK(goal && strncmp(goal, "<p>Målet er, at kommunen planlægger", 37) == 0);
    CHECK(desc && strstr(desc, "<ul>\n<li>Løsningen involverer") != NULL);
    CHECK(method && strncmp(method, "<ol>\n<li>", 9) == 0);
    /* One numbered item per step, however many lists the steps hold. */
    CHECK(t.method_steps.nitems > 1);
    CHECK(count(method, "<ol>") >= 1 && count(method, "<li>") >= t.method_steps.nitems);
    CHECK(json_string_value(json_object_get(o, "result_html")) != NULL);
    json_t *c = json_array_get(json_object_get(o, "comments"), 0);
    CHECK(strncmp(json_string_value(json_object_get(c, "body_html")), "<p>#besked</p>", 14) == 0);
    json_decref(o);
    klik_free(&t);
    free(text);
}

/* Absent fields stay null; raw HTML and javascript: links do not survive. */
TEST(absent_and_hostile)
{
    json_t *o = json_pack("{s:s,s:[],s:[{s:s}]}", "description",
                          "<script>x</script>\n\n[a](javascript:alert(1))\n\n- punkt\n",
                          "method_steps", "comments", "body", "**fed**");
    import_task_html(o);
    CHECK(json_is_null(json_object_get(o, "goal_html")));
    CHECK(json_is_null(json_object_get(o, "result_html")));
    CHECK_EQ_STR(json_string_value(json_object_get(o, "method_html")), "");
    const char *desc = json_string_value(json_object_get(o, "description_html"));
    CHECK(desc && !strstr(desc, "<script") && !strstr(desc, "javascript:"));
    CHECK(desc && strstr(desc, "<li>punkt</li>") != NULL);
    json_t *c = json_array_get(json_object_get(o, "comments"), 0);
    CHECK_EQ_STR(json_string_value(json_object_get(c, "body_html")),
                 "<p><strong>fed</strong></p>\n");
    json_decref(o);
}

int main(void)
{
    RUN(task_519);
    RUN(absent_and_hostile);
    CHECK_DONE();
}
