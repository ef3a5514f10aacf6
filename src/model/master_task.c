/*
 * master_task: KLIK master tasks as KOMBIT defines them — every field of a
 * task export, its waves, method steps, links and published comments, and
 * the roles it names. Written by the importer (matched by the export's
 * Master-opgave ID, else by project and title); saving an unchanged task
 * writes nothing. Its Markdown fields come with their HTML, rendered by
 * the caller before the write (the model renders nothing); SELECTs return
 * that stored HTML in columns whose alias ends in ":html".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "model/audit.h"
#include "model/master_task.h"
#include "model/org.h"
#include "model/stmts.h"
#include "util.h"

#define MT_COLUMNS                                                                          \
    "SELECT m.id, m.external_id, m.title, p.code AS project, m.phase, m.theme, m.priority,"  \
    " m.sts AS \"sts:bool\", m.duration_days, m.end_offset_days, m.start_offset_days,"      \
    " (SELECT json_group_array(label) FROM (SELECT label FROM master_task_waves"             \
    "   WHERE master_task_id = m.id ORDER BY position)) AS \"waves:json\","                 \
    " m.goal, m.description,"                                                               \
    " m.goal_html AS \"goal_html:html\", m.description_html AS \"description_html:html\","   \
    " m.method_html AS \"method_html:html\", m.result_html AS \"result_html:html\","         \
    " (SELECT json_group_array(body) FROM (SELECT body FROM master_task_steps"              \
    "   WHERE master_task_id = m.id ORDER BY position)) AS \"method_steps:json\","          \
    " m.result, m.recommended_performer, m.involved_parties, m.publication_status,"         \
    " (SELECT json_group_array(url) FROM (SELECT url FROM master_task_links"                \
    "   WHERE master_task_id = m.id ORDER BY position)) AS \"links:json\","                 \
    " (SELECT json_group_array(json_object('slug', r.slug, 'name', r.name,"                 \
    "   'relation', mr.relation)) FROM master_task_roles mr JOIN roles r ON r.id = mr.role_id" \
    "   WHERE mr.master_task_id = m.id) AS \"roles:json\","                                  \
    " (SELECT json_group_array(predecessor_id) FROM (SELECT predecessor_id"                 \
    "   FROM master_task_predecessors WHERE master_task_id = m.id ORDER BY predecessor_id))"  \
    "   AS \"predecessors:json\","                                                           \
    " m.state, (SELECT code FROM organisations o WHERE o.id = m.organisation_id)"           \
    "   AS organisation, m.organisation_id, m.created_at, m.updated_at"                      \
    " FROM master_tasks m JOIN projects p ON p.id = m.project_id"

static const char sql_get[] = MT_COLUMNS " WHERE m.id = ?1";
#define MT_LIST_COLUMNS                                                                    \
    "SELECT m.id, m.external_id, m.title, p.code AS project, m.phase, m.theme, m.priority," \
    " m.end_offset_days, m.publication_status, m.state FROM master_tasks m"                 \
    " JOIN projects p ON p.id = m.project_id"
/* What a municipality sees: published tasks, KOMBIT's or its own. */
#define MT_VISIBLE                                                                         \
    " AND m.state = 'published' AND (m.organisation_id IS NULL OR m.organisation_id = ?3)"

static const char sql_list[] =
    MT_LIST_COLUMNS " WHERE (?1 IS NULL OR p.code = ?1) ORDER BY p.code, m.title";

/* The comments as rows of their own, so their stored HTML comes through
 * the ":html" alias like the task's. */
static const char sql_comments[] =
    "SELECT author, at, body, body_html AS \"body_html:html\" FROM master_task_comments"
    " WHERE master_task_id = ?1 ORDER BY position";

json_t *mt_get(struct db *db, int64_t id)
{
    json_t *t = db_row(db, sql_get, "i", id);
    if (t) {
        json_t *comments = db_rows(db, sql_comments, "i", id);
        json_object_set_new(t, "comments", comments ? comments : json_array());
    }
    return t;
}

json_t *mt_list(struct db *db, const char *project)
{
    return db_rows(db, sql_list, "t", project);
}

/* See master_task.h. */
bool mt_visible(json_t *task, const struct owner_filter *scope)
{
    json_t *org = json_object_get(task, "organisation_id");
    return scope->all ||
           (!strcmp(json_string_value(json_object_get(task, "state")), "published") &&
            (json_is_null(org) || json_integer_value(org) == scope->owner_id));
}

/* The fields saved and compared. */
static const char *const saved_keys[] = {
    "external_id",   "title",           "project",     "phase",
    "theme",         "priority",        "sts",         "duration_days",
    "end_offset_days", "start_offset_days", "waves",   "goal",
    "description",   "method_steps",    "result",      "recommended_performer",
    "involved_parties", "publication_status", "links", "comments"};

/* The Markdown-only copy of a task's comments: their HTML follows from
 * the Markdown and is neither compared nor audited. New reference. */
static json_t *comments_part(json_t *comments)
{
    json_t *a = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(comments, i, c) {
        json_t *copy = json_copy(c);
        json_object_del(copy, "body_html");
        json_array_append_new(a, copy);
    }
    return a;
}

/* Fields saved and compared only when the task being saved has them (the
 * importer's tasks have neither: a save keeps what is there). */
static const char *const optional_keys[] = {"state", "predecessors"};

/* The saved fields of a task, to compare and audit (new reference); the
 * stored HTML is not among them. Of the optional keys, those that like
 * has (t itself when NULL). */
static json_t *saved_part(json_t *t, json_t *like)
{
    json_t *o = json_object();
    for (size_t i = 0; i < NELEM(optional_keys); i++) {
        if (json_object_get(like ? like : t, optional_keys[i])) {
            json_t *v = json_object_get(t, optional_keys[i]);
            json_object_set(o, optional_keys[i], v ? v : json_null());
        }
    }
    for (size_t i = 0; i < NELEM(saved_keys); i++) {
        json_t *v = json_object_get(t, saved_keys[i]);
        if (strcmp(saved_keys[i], "comments") == 0 && json_is_array(v)) {
            json_object_set_new(o, saved_keys[i], comments_part(v));
        } else {
            json_object_set(o, saved_keys[i], v ? v : json_null());
        }
    }
    return o;
}

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* An optional integer field, with presence. */
static int64_t opt_int(json_t *o, const char *key, bool *present)
{
    json_t *v = json_object_get(o, key);
    *present = json_is_integer(v);
    return json_integer_value(v);
}

static const char sql_by_external[] = "SELECT id FROM master_tasks WHERE external_id = ?1";
static const char sql_by_title[] =
    "SELECT id FROM master_tasks WHERE external_id IS NULL AND project_id = ?1 AND title = ?2";

/* The existing task's id, 0 if none, -1 on failure: the task's "id" when
 * it has one (0 or null: a new task), else matched by external id or
 * project and title. */
static int64_t find(struct db *db, json_t *t, int64_t project)
{
    json_t *given = json_object_get(t, "id");
    if (given) {
        return json_integer_value(given);
    }
    int64_t id = 0, ext = json_integer_value(json_object_get(t, "external_id"));
    int rc = ext ? db_int(db, &id, sql_by_external, "i", ext)
                 : db_int(db, &id, sql_by_title, "it", project, str(t, "title"));
    return rc < 0 ? -1 : rc == 0 ? 0 : id;
}

static const char sql_insert[] =
    "INSERT INTO master_tasks (external_id, title, project_id, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?4)";
static const char sql_update[] =
    "UPDATE master_tasks SET external_id = ?2, title = ?3, project_id = ?4, phase = ?5,"
    " theme = ?6, priority = ?7, sts = CASE WHEN ?8 THEN ?9 END,"
    " duration_days = CASE WHEN ?10 THEN ?11 END, end_offset_days = CASE WHEN ?12 THEN ?13 END,"
    " start_offset_days = CASE WHEN ?14 THEN ?15 END, goal = ?16, description = ?17,"
    " result = ?18, recommended_performer = ?19, involved_parties = ?20,"
    " publication_status = ?21, updated_at = ?22, goal_html = ?23, description_html = ?24,"
    " method_html = ?25, result_html = ?26, state = coalesce(?27, state) WHERE id = ?1";

/* Writes the row's scalar fields and the HTML given with its Markdown. */
static int write_row(struct db *db, int64_t id, json_t *t, int64_t project, const char *now)
{
    bool has_sts, has_dur, has_end, has_start;
    json_t *sts = json_object_get(t, "sts");
    has_sts = json_is_boolean(sts);
    int64_t dur = opt_int(t, "duration_days", &has_dur);
    int64_t end = opt_int(t, "end_offset_days", &has_end);
    int64_t start = opt_int(t, "start_offset_days", &has_start);
    return db_exec(db, sql_update, "iItitttbbbibibitttttttttttt", id,
                   (int64_t)json_integer_value(json_object_get(t, "external_id")),
                   str(t, "title"), project, str(t, "phase"), str(t, "theme"),
                   str(t, "priority"), has_sts, json_is_true(sts), has_dur, dur, has_end, end,
                   has_start, start, str(t, "goal"), str(t, "description"), str(t, "result"),
                   str(t, "recommended_performer"), str(t, "involved_parties"),
                   str(t, "publication_status"), now, str(t, "goal_html"),
                   str(t, "description_html"), str(t, "method_html"), str(t, "result_html"),
                   str(t, "state")) == 1
               ? 0
               : -1;
}

static const char sql_waves_clear[] = "DELETE FROM master_task_waves WHERE master_task_id = ?1";
static const char sql_wave_ensure[] =
    "INSERT OR IGNORE INTO waves (project_id, name) VALUES (?1, ?2)";
static const char sql_wave_id[] = "SELECT id FROM waves WHERE project_id = ?1 AND name = ?2";
static const char sql_wave_insert[] =
    "INSERT INTO master_task_waves (master_task_id, position, label, wave_id)"
    " VALUES (?1, ?2, ?3, ?4)";

/* Writes the wave labels; "KY - Bølge 5" also makes sure wave "Bølge 5" of
 * KY exists. */
static int write_waves(struct db *db, const struct actor *a, int64_t id, json_t *waves)
{
    if (db_exec(db, sql_waves_clear, "i", id) < 0) {
        return -1;
    }
    size_t i;
    json_t *w;
    json_array_foreach(waves, i, w) {
        const char *label = json_string_value(w);
        const char *dash = strstr(label, " - ");
        int64_t wave = 0;
        if (dash) {
            char *code = xstrndup(label, (size_t)(dash - label));
            int64_t project = project_ensure(db, a, code);
            free(code);
            if (project < 0 || db_exec(db, sql_wave_ensure, "it", project, dash + 3) < 0 ||
                db_int(db, &wave, sql_wave_id, "it", project, dash + 3) != 1) {
                return -1;
            }
        }
        if (db_exec(db, sql_wave_insert, "iitI", id, (int64_t)i + 1, label, wave) != 1) {
            return -1;
        }
    }
    return 0;
}

static const char sql_steps_clear[] = "DELETE FROM master_task_steps WHERE master_task_id = ?1";
static const char sql_step_insert[] =
    "INSERT INTO master_task_steps (master_task_id, position, body) VALUES (?1, ?2, ?3)";
static const char sql_links_clear[] = "DELETE FROM master_task_links WHERE master_task_id = ?1";
static const char sql_link_insert[] =
    "INSERT INTO master_task_links (master_task_id, position, url) VALUES (?1, ?2, ?3)";
static const char sql_comments_clear[] =
    "DELETE FROM master_task_comments WHERE master_task_id = ?1";
static const char sql_comment_insert[] =
    "INSERT INTO master_task_comments (master_task_id, position, author, at, body, body_html)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_roles_clear[] = "DELETE FROM master_task_roles WHERE master_task_id = ?1";
static const char sql_role_insert[] =
    "INSERT OR IGNORE INTO master_task_roles (master_task_id, role_id, relation)"
    " SELECT ?1, id, ?3 FROM roles WHERE slug = ?2";

/* Replaces rows of (master_task_id, position, text) from an array of strings. */
static int write_strings(struct db *db, int64_t id, const char *clear, const char *insert,
                         json_t *arr)
{
    if (db_exec(db, clear, "i", id) < 0) {
        return -1;
    }
    size_t i;
    json_t *s;
    json_array_foreach(arr, i, s) {
        if (db_exec(db, insert, "iit", id, (int64_t)i + 1, json_string_value(s)) != 1) {
            return -1;
        }
    }
    return 0;
}

/* Replaces the comments, each with its Markdown and HTML. */
static int write_comments(struct db *db, int64_t id, json_t *t)
{
    if (db_exec(db, sql_comments_clear, "i", id) < 0) {
        return -1;
    }
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(t, "comments"), i, c) {
        if (db_exec(db, sql_comment_insert, "iitttt", id, (int64_t)i + 1, str(c, "author"),
                    str(c, "at"), str(c, "body"), str(c, "body_html")) != 1) {
            return -1;
        }
    }
    return 0;
}

static const char sql_preds_clear[] =
    "DELETE FROM master_task_predecessors WHERE master_task_id = ?1";
static const char sql_pred_insert[] =
    "INSERT OR IGNORE INTO master_task_predecessors (master_task_id, predecessor_id)"
    " VALUES (?1, ?2)";

/* Replaces the predecessors with preds (ids), when given (NULL: kept). */
static int write_predecessors(struct db *db, int64_t id, json_t *preds)
{
    if (!preds) {
        return 0;
    }
    if (db_exec(db, sql_preds_clear, "i", id) < 0) {
        return -1;
    }
    size_t i;
    json_t *p;
    json_array_foreach(preds, i, p) {
        if (db_exec(db, sql_pred_insert, "ii", id, (int64_t)json_integer_value(p)) < 0) {
            return -1;
        }
    }
    return 0;
}

/* Replaces the links to the roles the task names ([{slug, relation}]).
 * They follow from the text and the gallery, so they are rewritten on
 * every save and are not part of the change a save records. */
static int write_roles(struct db *db, int64_t id, json_t *roles)
{
    if (db_exec(db, sql_roles_clear, "i", id) < 0) {
        return -1;
    }
    size_t i;
    json_t *c;
    json_array_foreach(roles, i, c) {
        if (db_exec(db, sql_role_insert, "itt", id, str(c, "slug"), str(c, "relation")) < 0) {
            return -1;
        }
    }
    return 0;
}

int mt_save(struct db *db, const struct actor *a, json_t *task, int64_t *id)
{
    int64_t project = project_ensure(db, a, str(task, "project"));
    if (project < 0) {
        return -1;
    }
    *id = find(db, task, project);
    if (*id < 0) {
        return -1;
    }
    json_t *old = *id ? mt_get(db, *id) : NULL;
    json_t *before = old ? saved_part(old, task) : NULL;
    json_t *after = saved_part(task, NULL);
    json_decref(old);
    int rc = SAVE_UNCHANGED;
    if (!before || !json_equal(before, after)) {
        char now[21];
        now_iso(now);
        bool created = *id == 0;
        if (created && db_exec(db, sql_insert, "Itit",
                               (int64_t)json_integer_value(json_object_get(task, "external_id")),
                               str(task, "title"), project, now) == 1) {
            *id = db_last_id(db);
        }
        rc = *id && write_row(db, *id, task, project, now) == 0 &&
                     write_waves(db, a, *id, json_object_get(task, "waves")) == 0 &&
                     write_strings(db, *id, sql_steps_clear, sql_step_insert,
                                   json_object_get(task, "method_steps")) == 0 &&
                     write_strings(db, *id, sql_links_clear, sql_link_insert,
                                   json_object_get(task, "links")) == 0 &&
                     write_comments(db, *id, task) == 0 &&
                     write_predecessors(db, *id, json_object_get(task, "predecessors")) == 0 &&
                     audit_write(db, a, 0, created ? "master_task.create" : "master_task.update",
                                 "master_task", *id, before, after) == 0
                 ? (created ? SAVE_CREATED : SAVE_UPDATED)
                 : -1;
    }
    json_decref(before);
    json_decref(after);
    if (rc >= 0 && write_roles(db, *id, json_object_get(task, "roles")) < 0) {
        rc = -1;
    }
    return rc;
}

/* True for a letter (ASCII or a UTF-8 lead/continuation byte). */
static bool is_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* True when name occurs in text as a word: after the start, a space, '-'
 * or '('; followed by an end of word, possibly with a Danish inflection
 * (e, en, ne, s, ens, nes). Both lower-cased. */
static bool names_role(const char *text, const char *name)
{
    static const char *const endings[] = {"", "e", "en", "ne", "s", "ens", "nes", "es"};
    size_t n = strlen(name);
    for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
        if (p > text && p[-1] != ' ' && p[-1] != '-' && p[-1] != '(') {
            continue;
        }
        for (size_t i = 0; i < NELEM(endings); i++) {
            size_t e = strlen(endings[i]);
            if (strncmp(p + n, endings[i], e) == 0 && !is_letter((unsigned char)p[n + e])) {
                return true;
            }
        }
    }
    return false;
}

/* The role's name as tasks say it: lower case, without "(it-systemet)"
 * and the like, and with hyphen and space treated alike. */
static char *spoken_name(const char *name)
{
    char *low = str_lower(name);
    char *paren = strstr(low, " (");
    if (paren && str_ends(low, ")") && strstr(low, "(it-systemet)")) {
        *paren = '\0';
    }
    return low;
}

/* See master_task.h. */
json_t *mt_roles_named(json_t *roles, const char *performer, const char *involved)
{
    json_t *out = json_array();
    const char *texts[2] = {performer, involved};
    const char *rel[2] = {"performer", "involved"};
    for (int k = 0; k < 2; k++) {
        if (!texts[k]) {
            continue;
        }
        char *low = str_lower(texts[k]);
        size_t i;
        json_t *r;
        json_array_foreach(roles, i, r) {
            char *name = spoken_name(json_string_value(json_object_get(r, "name")));
            if (names_role(low, name)) {
                json_array_append_new(out, json_pack("{s:O,s:s}", "slug",
                                                     json_object_get(r, "slug"), "relation",
                                                     rel[k]));
            }
            free(name);
        }
        free(low);
    }
    return out;
}

/* See master_task.h. */
char *mt_steps_markdown(json_t *steps)
{
    struct buf b = {0};
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s) {
        char num[24];
        int w = snprintf(num, sizeof num, "%zu. ", i + 1);
        buf_puts(&b, num);
        for (const char *p = json_string_value(s); p && *p; p++) {
            buf_putc(&b, *p);
            if (*p == '\n' && p[1] && p[1] != '\n') {
                buf_printf(&b, "%*s", w, "");
            }
        }
        buf_puts(&b, "\n\n");
    }
    return buf_take(&b);
}

static const char sql_list_in[] =
    MT_LIST_COLUMNS " WHERE p.code IN (SELECT value FROM json_each(?2))"
    " AND (?1 IS NULL OR p.code = ?1)" MT_VISIBLE " ORDER BY p.code, m.title";

json_t *mt_list_in(struct db *db, const struct owner_filter *scope, const char *project,
                   json_t *codes)
{
    if (scope->all) {
        return mt_list(db, project);
    }
    char *list = codes ? json_text(codes, JSON_COMPACT) : NULL;
    json_t *rows = db_rows(db, sql_list_in, "tti", project, list ? list : "[]", scope->owner_id);
    free(list);
    return rows;
}

static const char sql_missing_html[] =
    "SELECT m.id FROM master_tasks m WHERE m.goal_html IS NULL AND m.goal IS NOT NULL"
    " OR m.description_html IS NULL AND m.description IS NOT NULL"
    " OR m.result_html IS NULL AND m.result IS NOT NULL OR m.method_html IS NULL"
    " OR EXISTS (SELECT 1 FROM master_task_comments c WHERE c.master_task_id = m.id"
    "   AND c.body_html IS NULL) ORDER BY m.id";

/* See model.h. */
json_t *mt_missing_html(struct db *db)
{
    return db_rows(db, sql_missing_html, "");
}

static const char sql_set_html[] =
    "UPDATE master_tasks SET goal_html = ?2, description_html = ?3, method_html = ?4,"
    " result_html = ?5 WHERE id = ?1";
static const char sql_set_comment_html[] =
    "UPDATE master_task_comments SET body_html = ?3 WHERE master_task_id = ?1 AND position = ?2";

/* See model.h. */
int mt_set_html(struct db *db, int64_t id, json_t *task)
{
    if (db_exec(db, sql_set_html, "itttt", id, str(task, "goal_html"),
                str(task, "description_html"), str(task, "method_html"),
                str(task, "result_html")) != 1) {
        return -1;
    }
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(task, "comments"), i, c) {
        if (db_exec(db, sql_set_comment_html, "iit", id, (int64_t)i + 1, str(c, "body_html")) !=
            1) {
            return -1;
        }
    }
    return 0;
}

const struct model_stmt master_task_stmts[] = {
    {"mt.get", sql_get, false},
    {"mt.comments", sql_comments, false},
    {"mt.list", sql_list, true},
    {"mt.list_in", sql_list_in, false},
    {"mt.by_external", sql_by_external, false},
    {"mt.by_title", sql_by_title, false},
    {"mt.insert", sql_insert, false},
    {"mt.update", sql_update, false},
    {"mt.waves_clear", sql_waves_clear, false},
    {"mt.wave_ensure", sql_wave_ensure, false},
    {"mt.wave_id", sql_wave_id, false},
    {"mt.wave_insert", sql_wave_insert, false},
    {"mt.steps_clear", sql_steps_clear, false},
    {"mt.step_insert", sql_step_insert, false},
    {"mt.links_clear", sql_links_clear, false},
    {"mt.link_insert", sql_link_insert, false},
    {"mt.comments_clear", sql_comments_clear, false},
    {"mt.comment_insert", sql_comment_insert, false},
    {"mt.preds_clear", sql_preds_clear, false},
    {"mt.pred_insert", sql_pred_insert, false},
    {"mt.roles_clear", sql_roles_clear, false},
    {"mt.role_insert", sql_role_insert, false},
    {"mt.missing_html", sql_missing_html, false},
    {"mt.set_html", sql_set_html, false},
    {"mt.set_comment_html", sql_set_comment_html, false},
};
const size_t nmaster_task_stmts = NELEM(master_task_stmts);
