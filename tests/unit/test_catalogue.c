/*
 * test_catalogue: the default role catalogue derived from the real
 * rollegalleri (seeds/rollegalleri-v1.5.txt) and the KLIK task exports,
 * imported into a migrated temporary database: which roles are mandatory
 * in which stage and phase (projektejer and projektleder in
 * implementation from Fase 1, their successors systemejer and
 * systemansvarlig in operation from Fase 4), that every role applies in a
 * stage its items are marked for and in no other, that the importer fills
 * the projects the task exports name (KY, FBS) and no other, and that a
 * second import leaves a changed catalogue alone.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "db.h"
#include "import.h"
#include "model/catalogue.h"
#include "model/role.h"
#include "util.h"

static char dir[] = "/tmp/klikd-test-catalogue-XXXXXX";
static struct db *db;

/* The seed files, as import_files() takes them. */
static const char *const seeds[] = {"kommuner.csv", "rollegalleri-v1.5.txt",
                                    "klik-opgave-519-pl12-oeir.txt",
                                    "klik-opgave-fbs-debitorprojektleder.txt"};

/* Imports the seeds into db; 0 or -1. */
static int import_seeds(void)
{
    const char *sd = getenv("SEEDS_DIR");
    char paths[NELEM(seeds)][512];
    const char *argv[NELEM(seeds)];
    for (size_t i = 0; i < NELEM(seeds); i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%s", sd ? sd : "seeds", seeds[i]);
        argv[i] = paths[i];
    }
    struct import_opts opts = {NULL, NULL};
    struct import_err err = {0};
    int rc = import_files(db, argv, NELEM(seeds), &opts, &err);
    if (rc < 0) {
        fprintf(stdout, "#   import: %s:%d: %s\n", err.file, err.line, err.msg);
    }
    return rc;
}

/* The derived entry of role in stage (borrowed), or NULL. */
static json_t *entry(json_t *cat, const char *role, const char *stage)
{
    size_t i;
    json_t *e;
    json_array_foreach(cat, i, e) {
        if (!strcmp(json_string_value(json_object_get(e, "role")), role) &&
            !strcmp(json_string_value(json_object_get(e, "stage")), stage)) {
            return e;
        }
    }
    return NULL;
}

/* "mandatory:1", "recommended:0", or "-" for no entry (static buffer). */
static const char *shape(json_t *cat, const char *role, const char *stage)
{
    static char buf[40];
    json_t *e = entry(cat, role, stage);
    if (!e) {
        return "-";
    }
    snprintf(buf, sizeof buf, "%s:%lld", json_string_value(json_object_get(e, "requirement")),
             (long long)json_integer_value(json_object_get(e, "phase")));
    return buf;
}

TEST(mandatory_roles_from_the_gallery_text)
{
    json_t *cat = catalogue_derive(db);
    CHECK(cat != NULL);
    CHECK_EQ_STR(shape(cat, "projektejer", "implementation"), "mandatory:1");
    CHECK_EQ_STR(shape(cat, "projektleder", "implementation"), "mandatory:1");
    CHECK_EQ_STR(shape(cat, "projektleder", "operation"), "-");
    CHECK_EQ_STR(shape(cat, "systemejer-it-systemet", "operation"), "mandatory:4");
    CHECK_EQ_STR(shape(cat, "systemansvarlig-it-systemet", "operation"), "mandatory:4");
    CHECK_EQ_STR(shape(cat, "systemansvarlig-it-systemet", "implementation"), "-");
    /* the Kendetegn's phase for a recommended role; none in operation */
    CHECK_EQ_STR(shape(cat, "superbruger", "implementation"), "recommended:2");
    CHECK_EQ_STR(shape(cat, "superbruger", "operation"), "recommended:0");
    CHECK_EQ_STR(shape(cat, "kombit-programleder", "implementation"), "recommended:0");
    CHECK_EQ_STR(shape(cat, "klik-administrator", "operation"), "recommended:0");
    size_t mandatory = 0, i;
    json_t *e;
    json_array_foreach(cat, i, e) {
        mandatory += !strcmp(json_string_value(json_object_get(e, "requirement")), "mandatory");
    }
    CHECK_EQ_INT(mandatory, 4);
    json_decref(cat);
}

/* Whether any task or responsibility of role is marked for stage. */
static bool marked(json_t *role, const char *stage)
{
    const char *lists[] = {"tasks", "responsibilities"};
    for (size_t l = 0; l < 2; l++) {
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(role, lists[l]), i, it) {
            if (*json_string_value(json_object_get(it, stage))) {
                return true;
            }
        }
    }
    return false;
}

TEST(every_role_in_the_stages_its_items_mark)
{
    json_t *cat = catalogue_derive(db), *roles = role_list(db);
    CHECK_EQ_INT(json_array_size(roles), 32);
    size_t i, named = 0;
    json_t *r;
    json_array_foreach(roles, i, r) {
        const char *slug = json_string_value(json_object_get(r, "slug"));
        json_t *role = role_get(db, slug);
        bool any = false;
        for (int s = 0; s < 2; s++) {
            const char *stage = s ? "operation" : "implementation";
            bool want = marked(role, stage);
            any = any || want;
            if (want != (entry(cat, slug, stage) != NULL)) {
                fprintf(stdout, "#   %s in %s: marked %d, entry %d\n", slug, stage, want, !want);
                check_failed_++;
            }
        }
        named += any;
        json_decref(role);
    }
    CHECK_EQ_INT(named, 32);
    json_decref(cat);
    json_decref(roles);
}

static const char sql_counts[] =
    "SELECT json_group_object(code, n) FROM (SELECT p.code, count(c.role_id) AS n"
    " FROM projects p LEFT JOIN role_catalogue c ON c.project_id = p.id GROUP BY p.code"
    " HAVING n > 0)";

TEST(import_fills_the_projects_the_tasks_name)
{
    char *counts = NULL;
    CHECK_EQ_INT(db_text(db, &counts, sql_counts, ""), 1);
    json_t *cat = catalogue_derive(db);
    char want[80];
    snprintf(want, sizeof want, "{\"FBS\":%zu,\"KY\":%zu}", json_array_size(cat),
             json_array_size(cat));
    CHECK_EQ_STR(counts, want);
    free(counts);
    json_decref(cat);
    /* KOMBIT's change survives a second import */
    CHECK_EQ_INT(db_exec(db, "DELETE FROM role_catalogue WHERE project_id ="
                             " (SELECT id FROM projects WHERE code = 'FBS') AND role_id <>"
                             " (SELECT id FROM roles WHERE slug = 'projektleder')", ""),
                 55);
    CHECK_EQ_INT(import_seeds(), 0);
    int64_t n = 0;
    CHECK_EQ_INT(db_int(db, &n, "SELECT count(*) FROM role_catalogue WHERE project_id ="
                                " (SELECT id FROM projects WHERE code = 'FBS')", ""), 1);
    CHECK_EQ_INT(n, 1);
}

int main(void)
{
    char path[300], *err = NULL;
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(path, sizeof path, "%s/catalogue.db", dir);
    db = db_open(path, &err);
    if (!db || db_migrate(db, "migrations", NULL) < 0 || import_seeds() < 0) {
        fprintf(stdout, "fail test_catalogue.c: cannot make %s: %s\n", path,
                err ? err : db_errmsg(db));
        return 1;
    }
    RUN(mandatory_roles_from_the_gallery_text);
    RUN(every_role_in_the_stages_its_items_mark);
    RUN(import_fills_the_projects_the_tasks_name);
    db_close(db);
    char cmd[340];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
        fprintf(stdout, "#   cannot remove %s\n", dir);
    }
    CHECK_DONE();
}
