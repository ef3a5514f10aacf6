/*
 * test_task_roles: finding the gallery's roles in a task's free text
 * (src/pages/task_roles.c) on the forms KLIK's exports write — a project
 * prefix, inflections, other spacing and hyphens, a name without the
 * gallery's parenthesis — and what must stay plain text: words that only
 * contain a role's name, unknown roles, and the joining words. The roles
 * are a small list of the gallery's own names; nothing else is read.
 */
#include <string.h>

#include "check.h"
#include "pages/tasks.h"

static json_t *roles(void)
{
    return json_pack("[{s:s,s:s},{s:s,s:s},{s:s,s:s},{s:s,s:s},{s:s,s:s}]",
                     "slug", "projektleder", "name", "Projektleder",
                     "slug", "kombit-programleder", "name", "KOMBIT-programleder",
                     "slug", "systemadministrator-it-systemet", "name",
                     "Systemadministrator (it-systemet)",
                     "slug", "klassifikations-sortimentsadministrator", "name",
                     "Klassifikations-/sortimentsadministrator",
                     "slug", "oeir-finans-administrator", "name", "ØiR finans administrator");
}

/* The slug of the segment whose text is text, "" for plain text, NULL
 * when no segment has that text. */
static const char *slug_of(json_t *segs, const char *text)
{
    size_t i;
    json_t *s;
    json_array_foreach(segs, i, s) {
        if (!strcmp(json_string_value(json_object_get(s, "text")), text)) {
            const char *slug = json_string_value(json_object_get(s, "slug"));
            return slug ? slug : "";
        }
    }
    return NULL;
}

TEST(forms_of_role_names)
{
    json_t *r = roles();
    json_t *segs = task_role_segments(
        "KY-projektleder sammen med KOMBIT-programlederen, klassifikations-/sortiments "
        "administrator og ØIR FINANS ADMINISTRATOR", r);
    CHECK_EQ_STR(slug_of(segs, "KY-projektleder"), "projektleder");
    CHECK_EQ_STR(slug_of(segs, " sammen med "), "");
    CHECK_EQ_STR(slug_of(segs, "KOMBIT-programlederen"), "kombit-programleder");
    CHECK_EQ_STR(slug_of(segs, "klassifikations-/sortiments administrator"),
                 "klassifikations-sortimentsadministrator");
    CHECK_EQ_STR(slug_of(segs, "ØIR FINANS ADMINISTRATOR"), "oeir-finans-administrator");
    json_decref(segs);
    segs = task_role_segments("Systemadministrator i samarbejde med bibliotekschef", r);
    CHECK_EQ_STR(slug_of(segs, "Systemadministrator"), "systemadministrator-it-systemet");
    CHECK_EQ_STR(slug_of(segs, "bibliotekschef"), "");
    json_decref(segs);
    json_decref(r);
}

TEST(what_stays_text)
{
    json_t *r = roles();
    json_t *segs = task_role_segments("Delprojektledergruppen, Ydelseschef og andre", r);
    CHECK_EQ_STR(slug_of(segs, "Delprojektledergruppen"), "");
    CHECK_EQ_STR(slug_of(segs, "Ydelseschef"), "");
    CHECK_EQ_STR(slug_of(segs, "andre"), "");
    json_decref(segs);
    segs = task_role_segments("bogførings- og opkrævningssystemet", r);
    CHECK_EQ_INT(json_array_size(segs), 1); /* no cut after a hyphen */
    json_decref(segs);
    segs = task_role_segments(NULL, r);
    CHECK_EQ_INT(json_array_size(segs), 0);
    json_decref(segs);
    json_decref(r);
}

TEST(the_text_is_kept_whole)
{
    json_t *r = roles();
    const char *text = "KY-projektleder, Ydelseschef og KOMBIT-programleder.";
    json_t *segs = task_role_segments(text, r);
    char joined[200] = "";
    size_t i;
    json_t *s;
    json_array_foreach(segs, i, s) {
        strcat(joined, json_string_value(json_object_get(s, "text")));
    }
    CHECK_EQ_STR(joined, text);
    CHECK_EQ_STR(slug_of(segs, "KOMBIT-programleder."), "kombit-programleder");
    json_decref(segs);
    json_decref(r);
}

int main(void)
{
    RUN(forms_of_role_names);
    RUN(what_stays_text);
    RUN(the_text_is_kept_whole);
    CHECK_DONE();
}
