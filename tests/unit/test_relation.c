/*
 * test_relation: the roles each role's text names, on the real
 * rollegalleri imported into a migrated temporary database: the mentions
 * the gallery's text makes must be found (projektejer -> projektleder,
 * the ØiR roles by their qualifiers, ØiR-koordinator spelt both ways,
 * inflected two-word names), the near misses must not (KOMBIT's staff, a
 * role's own name, the generic role where the text names the ØiR one),
 * re-importing changes nothing, and the matcher's rule holds on small
 * made-up texts.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "db.h"
#include "import.h"
#include "model/relation.h"
#include "util.h"

static char dir[] = "/tmp/klikd-test-relation-XXXXXX";
static struct db *db;
static json_t *rel;

/* True when the stored relations hold kind from -> to. */
static bool has(const char *kind, const char *from, const char *to)
{
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(rel, kind), i, m) {
        if (!strcmp(json_string_value(json_object_get(m, "from")), from) &&
            !strcmp(json_string_value(json_object_get(m, "to")), to)) {
            return true;
        }
    }
    return false;
}

#define MUST(from, to)                                                                             \
    do {                                                                                           \
        if (!has("mentions", from, to)) {                                                          \
            fprintf(stdout, "#   %s:%d: missing mention %s -> %s\n", __FILE__, __LINE__, from,     \
                    to);                                                                           \
            check_failed_++;                                                                       \
        }                                                                                          \
    } while (0)
#define MUSTNOT(from, to)                                                                          \
    do {                                                                                           \
        if (has("mentions", from, to)) {                                                           \
            fprintf(stdout, "#   %s:%d: false mention %s -> %s\n", __FILE__, __LINE__, from, to);  \
            check_failed_++;                                                                       \
        }                                                                                          \
    } while (0)

/* Migrates a temporary database and imports the gallery into it. */
static int setup(void)
{
    if (!mkdtemp(dir)) {
        return -1;
    }
    char *path = xasprintf("%s/r.db", dir), *err = NULL;
    db = db_open(path, &err);
    free(path);
    if (!db || db_migrate(db, "migrations", NULL) < 0) {
        fprintf(stdout, "#   cannot migrate: %s\n", err ? err : db_errmsg(db));
        return -1;
    }
    const char *seeds = getenv("SEEDS_DIR") ? getenv("SEEDS_DIR") : "seeds";
    char *file = xasprintf("%s/rollegalleri-v1.5.txt", seeds);
    const char *files[] = {file};
    struct import_err ie = {0};
    struct import_opts opts = {NULL, NULL};
    int rc = import_files(db, files, 1, &opts, &ie);
    free(file);
    if (rc < 0) {
        fprintf(stdout, "#   cannot import: %s:%d: %s\n", ie.file, ie.line, ie.msg);
        return -1;
    }
    rel = relation_list(db);
    return rel ? 0 : -1;
}

TEST(successors_are_the_gallery_s)
{
    CHECK(has("successors", "projektejer", "systemejer-it-systemet"));
    CHECK(has("successors", "projektleder", "systemansvarlig-it-systemet"));
    CHECK_EQ_INT(json_array_size(json_object_get(rel, "successors")), 2);
}

TEST(mentions_the_text_makes_are_found)
{
    MUST("projektejer", "projektleder");           /* "Sparrer med kommunens projektleder" */
    MUST("projektejer", "systemejer-it-systemet"); /* "veksles til rollen som Systemejer" */
    MUST("projektleder", "projektejer");           /* "ledelse/projektejer" */
    MUST("projektleder", "oeir-kordinator");       /* "ØiR-koordinator", spelt with oo */
    MUST("projektleder", "kombit-programleder");
    MUST("it-digitaliseringschef", "projektleder");            /* "STS-projektleder" */
    MUST("it-digitaliseringschef", "tekniker-it-medarbejder"); /* "teknikere/it-medarbejdere" */
    MUST("kombit-programleder", "tekniker-it-medarbejder");    /* "it-medarbejder/tekniker" */
    MUST("systemansvarlig-it-systemet", "supportberettiget-bruger"); /* "-ede brugere" */
    MUST("systemansvarlig-it-systemet", "sikkerhedsansvarlig");      /* "it-sikkerhedsansvarlig" */
    MUST("systemansvarlig-it-systemet", "faglig-leder");
    MUST("sikkerhedsansvarlig", "it-digitaliseringschef"); /* "It-/digitaliseringschef" */
    MUST("superbruger", "faglig-leder");                   /* "den faglige leder" */
    MUST("systemejer-for-kommunens-bogfoeringssystem-oeir-finans",
         "systemansvarlig-bogfoeringssystemet-oeir-finans"); /* "... på bogføringssystemet" */
    MUST("systemejer-for-kommunens-opkraevningssystem-oeir-debitor",
         "systemansvarlig-opkraevningssystemet-oeir-debitor"); /* "ØiR debitor ansvarlig" */
    MUST("klassifikations-sortimentsadministrator",
         "systemansvarlig-bogfoeringssystemet-oeir-finans"); /* "bogførings-/opkrævnings..." */
    MUST("klassifikations-sortimentsadministrator",
         "systemansvarlig-opkraevningssystemet-oeir-debitor");
    MUST("infrastrukturejer", "infrastrukturansvarlig");
    MUST("underskriftberettiget-ift-databehandleraftaler", "sikkerhedsansvarlig");
}

TEST(near_misses_are_not_mentions)
{
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(rel, "mentions"), i, m) {
        CHECK(strcmp(json_string_value(json_object_get(m, "from")),
                     json_string_value(json_object_get(m, "to"))) != 0);
    }
    /* the ØiR system owner names its own systemansvarlig, not the generic one */
    MUSTNOT("systemejer-for-kommunens-bogfoeringssystem-oeir-finans",
            "systemansvarlig-it-systemet");
    /* "KOMBIT-programleder" is not "projektleder"; "ledere" alone no role */
    MUSTNOT("klik-administrator", "faglig-leder");
    MUSTNOT("superbruger", "supportberettiget-bruger"); /* "superbrugeruddannelse" */
    size_t n = json_array_size(json_object_get(rel, "mentions"));
    CHECK(n >= 50 && n <= 90);
}

TEST(reimport_changes_nothing)
{
    CHECK_EQ_INT(relation_rebuild(db, &(struct actor){0, 0, "test"}), 2); /* SAVE_UNCHANGED */
}

/* The mentions relation_match finds in text for the roles below. */
static json_t *match_one(const char *text)
{
    json_t *roles =
        json_pack("[{s:s,s:s,s:[s]},{s:s,s:s,s:[]},{s:s,s:s,s:[]},{s:s,s:s,s:[]},{s:s,s:s,s:[]}]",
                  "slug", "a", "name", "Projektejer", "texts", text, "slug", "pl", "name",
                  "Projektleder", "texts", "slug", "kp", "name", "KOMBIT-programleder", "texts",
                  "slug", "sa", "name", "Systemansvarlig (it-systemet)", "texts", "slug", "sf",
                  "name", "Systemansvarlig bogføringssystemet (ØiR finans)", "texts");
    json_t *out = relation_match(roles);
    json_decref(roles);
    return out;
}

/* The slugs a text names, joined by spaces (caller frees). */
static char *named(const char *text)
{
    json_t *out = match_one(text);
    struct buf b = {0};
    size_t i;
    json_t *m;
    json_array_foreach(out, i, m) {
        buf_printf(&b, "%s%s", b.len ? " " : "", json_string_value(json_object_get(m, "to")));
    }
    json_decref(out);
    return buf_take(&b);
}

#define NAMES(text, want)                                                                          \
    do {                                                                                           \
        char *got_ = named(text);                                                                  \
        CHECK_EQ_STR(got_ ? got_ : "", want);                                                      \
        free(got_);                                                                                \
    } while (0)

TEST(the_rule_on_small_texts)
{
    NAMES("Sparrer med projektlederen", "pl");
    NAMES("KY-projektleder og projektledere", "pl");
    NAMES("KOMBIT-projektleder", "");
    NAMES("KOMBIT-programlederen", "kp");
    NAMES("projektlederuddannelse", "");
    NAMES("systemansvarlig på bogføringssystemet", "sf");
    NAMES("systemansvarlige og bogføring", "sa");
    NAMES("ØiR finans ansvarlig", "sf");
    NAMES("projektejer er udfører", "");
    NAMES("<b>Projektleder</b> & \"projektleder\"", "pl");
}

int main(void)
{
    if (setup() < 0) {
        fprintf(stdout, "fail test_relation.c: setup\n");
        return 1;
    }
    RUN(successors_are_the_gallery_s);
    RUN(mentions_the_text_makes_are_found);
    RUN(near_misses_are_not_mentions);
    RUN(reimport_changes_nothing);
    RUN(the_rule_on_small_texts);
    json_decref(rel);
    db_close(db);
    char *cmd = xasprintf("rm -rf %s", dir);
    if (system(cmd) != 0) {
        fprintf(stdout, "#   cannot remove %s\n", dir);
    }
    free(cmd);
    CHECK_DONE();
}
