/*
 * import: `klikd import` — reads every file, detects its kind by content,
 * parses all of them first, then writes them through the model in one
 * transaction (municipalities, roles, documents, then tasks, which link to
 * roles), so any error leaves the database as it was and names the file
 * and line. Markdown is rendered to HTML while parsing, before the
 * transaction, and stored with it. Saving what is already there changes nothing; a summary says
 * what was new, updated or unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "import.h"
#include "md.h"
#include "model.h"

struct input_file {
    const char *path;
    char *text;
    size_t len;
    enum import_kind kind;
    struct rollegalleri rg;
    struct klik_task task;
    struct document doc;
    struct kommune *kommuner;
    size_t nkommuner;
    json_t *html;   /* a task's rendered HTML: {goal_html, ..., comments: [{body_html}]} */
    char *doc_html; /* a document's rendered body */
};

/* Counts per kind of thing: new, updated, unchanged. */
struct tally {
    int counts[3];
};

static void count(struct tally *t, int rc)
{
    if (rc >= 0 && rc <= 2) {
        t->counts[rc]++;
    }
}

static const struct actor import_actor = {0, 0, "import"};

/* Successors the gallery states outside a role's Kendetegn: its appendix
 * says the project leader hands over to the system owner and the person
 * responsible for the system ("Ved faseskift fra fase 3:Ibrugtagning til
 * fase 4:Forankring udpeges systemejer og systemansvarlig"). */
static const struct {
    const char *role, *successor;
} appendix_successors[] = {{"projektleder", "Systemansvarlig"}};

/* The rg_item list as [{text, implementation, operation}]. */
static json_t *items_json(const struct rg_item *items, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "text", items[i].text,
                                           "implementation", mark_str(items[i].impl),
                                           "operation", mark_str(items[i].oper)));
    }
    return a;
}

static json_t *role_json(const struct rg_role *r)
{
    json_t *comps = json_array();
    for (size_t i = 0; i < r->ncompetences; i++) {
        json_array_append_new(comps, json_string(r->competences[i]));
    }
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:s}", "slug", r->slug, "name", r->name,
                          "category", r->category, "effect", r->effect, "tasks",
                          items_json(r->tasks, r->ntasks), "responsibilities",
                          items_json(r->resps, r->nresps), "competences", comps,
                          "characteristics", r->characteristics);
    json_object_set_new(o, "phase", r->phase ? json_integer(r->phase) : json_null());
    return o;
}

/* Links every role's successor, from its Kendetegn or the appendix. */
static int link_successors(struct db *db, const struct rollegalleri *rg, struct import_err *err)
{
    for (size_t i = 0; i < rg->nroles; i++) {
        const struct rg_role *r = &rg->roles[i];
        const char *name = r->successor;
        for (size_t k = 0; !name && k < NELEM(appendix_successors); k++) {
            if (strcmp(r->slug, appendix_successors[k].role) == 0) {
                name = appendix_successors[k].successor;
            }
        }
        if (!name) {
            continue;
        }
        char *slug = role_slug_by_name(db, name, r->category);
        if (!slug) {
            continue; /* a single role card may name a role not loaded yet */
        }
        int rc = role_link_successor(db, r->slug, slug);
        free(slug);
        if (rc < 0) {
            import_fail(err, r->line, "cannot link successor: %s", db_errmsg(db));
            return -1;
        }
    }
    return 0;
}

static int save_roles(struct db *db, struct input_file *f, struct tally *t, size_t nitems[2],
                      struct import_err *err)
{
    for (size_t i = 0; i < f->rg.nroles; i++) {
        const struct rg_role *r = &f->rg.roles[i];
        /* A whole gallery sets the order; a single card keeps a known
         * role's place and puts a new one last. */
        int position = (int)i + 1;
        if (f->rg.nroles == 1) {
            json_t *old = role_get(db, r->slug);
            position = old ? (int)json_integer_value(json_object_get(old, "position")) : 1000;
            json_decref(old);
        }
        json_t *role = role_json(r);
        int rc = role_save(db, &import_actor, role, position);
        json_decref(role);
        if (rc < 0) {
            import_fail(err, r->line, "cannot save role '%s': %s", r->name, db_errmsg(db));
            return -1;
        }
        count(t, rc);
        nitems[0] += r->ntasks;
        nitems[1] += r->nresps;
    }
    if (link_successors(db, &f->rg, err) < 0) {
        return -1;
    }
    if (relation_rebuild(db, &import_actor) < 0) {
        import_fail(err, 0, "cannot derive the roles' relations: %s", db_errmsg(db));
        return -1;
    }
    return 0;
}

/* [{slug, relation}] for the roles the performer and involved-parties
 * texts name (see mt_roles_named). */
static json_t *task_roles(json_t *roles, const struct klik_task *t)
{
    return mt_roles_named(roles, t->recommended_performer, t->involved_parties);
}

static json_t *strv_json(const struct strv *v)
{
    json_t *a = json_array();
    for (size_t i = 0; i < v->nitems; i++) {
        json_array_append_new(a, json_string(v->items[i]));
    }
    return a;
}

/* The Markdown of a parsed task rendered to HTML, in the mt_get shape's
 * keys (new reference): done while parsing, before the transaction. */
static json_t *task_html(const struct klik_task *t)
{
    json_t *comments = json_array();
    for (size_t i = 0; i < t->ncomments; i++) {
        json_array_append_new(comments, json_pack("{s:s}", "body", t->comments[i].body));
    }
    json_t *o = json_pack("{s:s?,s:s?,s:s?,s:o,s:o}", "goal", t->goal, "description",
                          t->description, "result", t->result, "method_steps",
                          strv_json(&t->method_steps), "comments", comments);
    import_task_html(o);
    return o;
}

/* Copies the rendered HTML of a task into its saved shape. */
static void merge_html(json_t *task, json_t *html)
{
    static const char *const keys[] = {"goal_html", "description_html", "method_html",
                                       "result_html"};
    for (size_t i = 0; i < NELEM(keys); i++) {
        json_object_set(task, keys[i], json_object_get(html, keys[i]));
    }
    json_t *to = json_object_get(task, "comments"), *from = json_object_get(html, "comments");
    for (size_t i = 0; i < json_array_size(to); i++) {
        json_object_set(json_array_get(to, i), "body_html",
                        json_object_get(json_array_get(from, i), "body_html"));
    }
}

/* A parsed task in the shape of the API's master task. */
static json_t *task_json(const struct klik_task *t, json_t *roles)
{
    json_t *comments = json_array();
    for (size_t i = 0; i < t->ncomments; i++) {
        json_array_append_new(comments,
                              json_pack("{s:s,s:s,s:s}", "author", t->comments[i].author, "at",
                                        t->comments[i].at, "body", t->comments[i].body));
    }
    json_t *o = json_pack(
        "{s:s,s:s,s:s?,s:s?,s:s?,s:o,s:s?,s:s?,s:o,s:s?,s:s?,s:s?,s:s?,s:o,s:o,s:o}", "title",
        t->title, "project", t->project, "phase", t->phase, "theme", t->theme, "priority",
        t->priority, "waves", strv_json(&t->waves), "goal", t->goal, "description",
        t->description, "method_steps", strv_json(&t->method_steps), "result", t->result,
        "recommended_performer", t->recommended_performer, "involved_parties",
        t->involved_parties, "publication_status", t->publication_status, "links",
        strv_json(&t->links), "comments", comments, "roles", task_roles(roles, t));
    json_object_set_new(o, "external_id",
                        t->external_id ? json_integer(t->external_id) : json_null());
    json_object_set_new(o, "sts", t->sts < 0 ? json_null() : json_boolean(t->sts));
    json_object_set_new(o, "duration_days",
                        t->has_duration ? json_integer(t->duration_days) : json_null());
    json_object_set_new(o, "end_offset_days",
                        t->has_end_offset ? json_integer(t->end_offset_days) : json_null());
    json_object_set_new(o, "start_offset_days",
                        t->has_start_offset ? json_integer(t->start_offset_days) : json_null());
    return o;
}

static int save_task(struct db *db, struct input_file *f, struct tally *t, struct import_err *err)
{
    json_t *roles = role_list(db);
    if (!roles) {
        import_fail(err, 0, "cannot read roles: %s", db_errmsg(db));
        return -1;
    }
    json_t *task = task_json(&f->task, roles);
    merge_html(task, f->html);
    int64_t id = 0;
    int rc = mt_save(db, &import_actor, task, &id);
    json_decref(task);
    json_decref(roles);
    if (rc < 0) {
        import_fail(err, 0, "cannot save task '%s': %s", f->task.title, db_errmsg(db));
        return -1;
    }
    count(t, rc);
    return 0;
}

static int save_kommuner(struct db *db, struct input_file *f, struct tally *t,
                         struct import_err *err)
{
    for (size_t i = 0; i < f->nkommuner; i++) {
        const struct kommune *k = &f->kommuner[i];
        int rc = org_save_municipality(db, &import_actor, k->code, k->name, k->region_code,
                                       k->region);
        if (rc < 0) {
            import_fail(err, (int)i + 2, "cannot save municipality %s: %s", k->code,
                        db_errmsg(db));
            return -1;
        }
        count(t, rc);
    }
    return 0;
}

/* Frees what a file's parse produced. */
static void file_free(struct input_file *f)
{
    free(f->text);
    rg_free(&f->rg);
    klik_free(&f->task);
    doc_free(&f->doc);
    kommuner_free(f->kommuner, f->nkommuner);
    json_decref(f->html);
    free(f->doc_html);
}

/* The project codes a task title may name (NULL-terminated; caller frees
 * the array and strings with free_codes). */
static char **known_codes(struct db *db)
{
    json_t *projects = project_list(db);
    size_t n = json_array_size(projects);
    char **codes = xcalloc(n + 1, sizeof *codes);
    for (size_t i = 0; i < n; i++) {
        codes[i] = xstrdup(json_string_value(json_object_get(json_array_get(projects, i), "code")));
    }
    json_decref(projects);
    return codes;
}

static void free_codes(char **codes)
{
    for (char **c = codes; c && *c; c++) {
        free(*c);
    }
    free(codes);
}

/* Reads (at most IMPORT_MAX_BYTES), detects and parses one file, and
 * checks the Markdown it produced. 0, or -1 with err filled. */
static int parse_file(struct input_file *f, const struct import_opts *opts,
                      const char *const *codes, struct import_err *err)
{
    if (import_read(f->path, &f->text, &f->len, err) < 0) {
        return -1;
    }
    f->kind = import_detect(f->text, f->len);
    switch (f->kind) {
    case IMPORT_ROLLEGALLERI:
        return rg_parse(f->text, f->len, &f->rg, err);
    case IMPORT_KLIK_TAB:
    case IMPORT_KLIK_PDF:
        if (klik_parse(f->text, f->len, f->kind, opts->project, codes, &f->task, err) < 0 ||
            import_task_check(&f->task, err) < 0) {
            return -1;
        }
        f->html = task_html(&f->task);
        return 0;
    case IMPORT_DOCUMENT:
        if (doc_parse(f->text, f->len, &f->doc, err) < 0 ||
            import_md_check(f->doc.markdown, "the document", err) < 0) {
            return -1;
        }
        f->doc_html = md_render(f->doc.markdown);
        return 0;
    case IMPORT_KOMMUNER:
        return kommuner_parse(f->text, f->len, &f->kommuner, &f->nkommuner, err);
    default:
        if (f->len == 0) {
            import_fail(err, 0, "the file is empty");
        } else if (!utf8_valid(f->text, f->len)) {
            import_fail(err, 0, "not UTF-8 text (a binary file?)");
        } else {
            import_fail(err, 0, "not a document klikd knows: expected a rollegalleri export, "
                                "a KLIK task export, a Markdown document or kommuner.csv");
        }
        return -1;
    }
}

struct summary {
    struct tally roles, tasks, docs, kommuner;
    size_t items[2];
};

/* Writes every parsed file, in dependency order. */
static int write_all(struct db *db, struct input_file *files, size_t n, struct summary *s,
                     struct import_err *err)
{
    static const enum import_kind order[] = {IMPORT_KOMMUNER, IMPORT_ROLLEGALLERI,
                                             IMPORT_DOCUMENT, IMPORT_KLIK_TAB, IMPORT_KLIK_PDF};
    for (size_t o = 0; o < NELEM(order); o++) {
        for (size_t i = 0; i < n; i++) {
            struct input_file *f = &files[i];
            if (f->kind != order[o]) {
                continue;
            }
            snprintf(err->file, sizeof err->file, "%s", f->path);
            int rc;
            switch (f->kind) {
            case IMPORT_KOMMUNER: rc = save_kommuner(db, f, &s->kommuner, err); break;
            case IMPORT_ROLLEGALLERI: rc = save_roles(db, f, &s->roles, s->items, err); break;
            case IMPORT_DOCUMENT: {
                int r = doc_save(db, &import_actor, f->doc.slug, f->doc.title, f->doc.markdown,
                                 f->doc_html);
                if (r < 0) {
                    import_fail(err, 0, "cannot save document: %s", db_errmsg(db));
                }
                count(&s->docs, r);
                rc = r < 0 ? -1 : 0;
                break;
            }
            default: rc = save_task(db, f, &s->tasks, err); break;
            }
            if (rc < 0) {
                return -1;
            }
        }
    }
    return 0;
}

static void print_tally(FILE *out, const char *what, const struct tally *t)
{
    int total = t->counts[0] + t->counts[1] + t->counts[2];
    if (total) {
        fprintf(out, "  %-16s %4d  (%d new, %d updated, %d unchanged)\n", what, total,
                t->counts[SAVE_CREATED], t->counts[SAVE_UPDATED], t->counts[SAVE_UNCHANGED]);
    }
}

/* Checks --project: a project code the database knows. A code that is
 * well formed but unknown is refused too: the projects are KOMBIT's
 * fixed list (seeded by the migrations), and a mistyped code would create
 * a project and a second copy of the task under it. 0 or -1. */
static int check_project_option(const char *project, char *const *codes,
                                struct import_err *err)
{
    snprintf(err->file, sizeof err->file, "--project");
    if (!str_project_code(project)) {
        import_fail(err, 0, "\"%.40s\" is not a project code (1-10 capital letters and digits, "
                            "starting with a letter, such as KY)", project);
        return -1;
    }
    for (char *const *c = codes; *c; c++) {
        if (strcmp(*c, project) == 0) {
            return 0;
        }
    }
    import_fail(err, 0, "no project %s: give one of the known project codes", project);
    return -1;
}

/* See import.h. */
int import_files(struct db *db, const char *const *paths, size_t npaths,
                 const struct import_opts *opts, struct import_err *err)
{
    struct input_file *files = xcalloc(npaths, sizeof *files);
    char **codes = known_codes(db);
    int rc = 0;
    if (opts->project && check_project_option(opts->project, codes, err) < 0) {
        rc = -1;
    }
    for (size_t i = 0; i < npaths && rc == 0; i++) {
        files[i].path = paths[i];
        snprintf(err->file, sizeof err->file, "%s", paths[i]);
        rc = parse_file(&files[i], opts, (const char *const *)codes, err);
    }
    struct summary s = {0};
    if (rc == 0 && db_begin(db) < 0) {
        import_fail(err, 0, "%s", db_errmsg(db));
        rc = -1;
    } else if (rc == 0) {
        rc = write_all(db, files, npaths, &s, err);
        if (rc == 0 && db_commit(db) < 0) {
            import_fail(err, 0, "commit failed: %s", db_errmsg(db));
            rc = -1;
        }
        if (rc < 0) {
            db_rollback(db);
        }
    }
    if (rc == 0 && opts->out) {
        for (size_t i = 0; i < npaths; i++) {
            fprintf(opts->out, "%s: %s\n", files[i].path, import_kind_name(files[i].kind));
            for (size_t w = 0; w < files[i].rg.warnings.nitems; w++) {
                fprintf(opts->out, "  warning: %s\n", files[i].rg.warnings.items[w]);
            }
        }
        fprintf(opts->out, "imported %zu file(s):\n", npaths);
        print_tally(opts->out, "roles", &s.roles);
        if (s.items[0] || s.items[1]) {
            fprintf(opts->out, "  %-16s %4zu\n  %-16s %4zu\n", "role tasks", s.items[0],
                    "responsibilities", s.items[1]);
        }
        print_tally(opts->out, "master tasks", &s.tasks);
        print_tally(opts->out, "documents", &s.docs);
        print_tally(opts->out, "municipalities", &s.kommuner);
    }
    for (size_t i = 0; i < npaths; i++) {
        file_free(&files[i]);
    }
    free(files);
    free_codes(codes);
    return rc;
}
