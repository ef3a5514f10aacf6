/*
 * wave: KOMBIT's waves (bølger) of a project — a name ("Bølge 5", shown
 * with its project as "KY - Bølge 5"), a go-live date and the member
 * municipalities — and what follows from them for the tasks published to
 * a wave: moving go-live moves every task's dates, a municipality joining
 * gets the wave's published tasks, one leaving has its tasks hidden. Each
 * write records its audit events (the wave's, and one per municipality
 * whose tasks changed); the caller holds the transaction. Publishing
 * itself is publish.c's. Nothing here renders or knows HTTP.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/audit.h"
#include "model/org.h"
#include "model/publish.h"
#include "model/risk.h"
#include "scope.h"
#include "model/stmts.h"
#include "model/wave.h"
#include "util.h"

#define WAVE_COLUMNS                                                                       \
    "SELECT w.id, p.code AS project, w.name, p.code || ' - ' || w.name AS label, w.go_live," \
    " (SELECT count(*) FROM wave_members m WHERE m.wave_id = w.id) AS member_count"

static const char sql_list_all[] =
    WAVE_COLUMNS " FROM waves w JOIN projects p ON p.id = w.project_id"
    " WHERE (?1 IS NULL OR p.code = ?1) ORDER BY p.code, w.go_live IS NULL, w.go_live, w.name";
static const char sql_list_own[] =
    WAVE_COLUMNS " FROM wave_members wm JOIN waves w ON w.id = wm.wave_id"
    " JOIN projects p ON p.id = w.project_id"
    " WHERE (?1 IS NULL OR p.code = ?1) AND wm.organisation_id = ?2"
    " ORDER BY p.code, w.go_live IS NULL, w.go_live, w.name";

/* See wave.h. */
json_t *wave_list(struct db *db, const struct owner_filter *scope, const char *project)
{
    return db_rows(db, SCOPED(scope, sql_list_all, sql_list_own, "t"), project,
                   scope->owner_id);
}

static const char sql_get[] =
    WAVE_COLUMNS ", w.project_id, p.name AS project_name,"
    " (SELECT count(*) FROM tasks t WHERE t.wave_id = w.id AND t.hidden_at IS NULL)"
    " AS task_count FROM waves w JOIN projects p ON p.id = w.project_id WHERE w.id = ?1";
static const char sql_members[] =
    "SELECT o.code, o.name FROM wave_members wm JOIN organisations o ON o.id = wm.organisation_id"
    " WHERE wm.wave_id = ?1 ORDER BY o.code";
static const char sql_publications[] =
    "SELECT m.id, m.external_id, m.title, wp.published_at, wp.unpublished_at,"
    " wp.unpublished_at IS NULL AS \"published:bool\","
    " date(w.go_live, coalesce(m.end_offset_days, 0) || ' days') AS deadline"
    " FROM wave_publications wp JOIN master_tasks m ON m.id = wp.master_task_id"
    " JOIN waves w ON w.id = wp.wave_id WHERE wp.wave_id = ?1 ORDER BY m.title";
static const char sql_phases[] =
    "SELECT phase, start_date FROM wave_phases WHERE wave_id = ?1 ORDER BY phase";

/* The four phases of wave w (its wave_get row, with go_live): [{phase,
 * start (KOMBIT's date or null), derived (from go-live, or null)}]; new
 * reference, NULL on failure. */
static json_t *phase_list(struct db *db, json_t *w)
{
    json_t *rows = db_rows(db, sql_phases, "i", json_integer_value(json_object_get(w, "id")));
    if (!rows) {
        return NULL;
    }
    const char *go_live = json_string_value(json_object_get(w, "go_live"));
    json_t *out = json_array();
    for (int n = 1; n <= 4; n++) {
        json_t *start = json_null(), *r;
        size_t i;
        json_array_foreach(rows, i, r) {
            if (json_integer_value(json_object_get(r, "phase")) == n) {
                start = json_incref(json_object_get(r, "start_date"));
            }
        }
        char d[11];
        json_array_append_new(out, json_pack("{s:i,s:o,s:s?}", "phase", n, "start", start,
                                             "derived",
                                             risk_phase_derived(go_live, n, d) ? d : NULL));
    }
    json_decref(rows);
    return out;
}

/* See wave.h. */
json_t *wave_get(struct db *db, int64_t id)
{
    json_t *w = db_row(db, sql_get, "i", id);
    if (!w) {
        return NULL;
    }
    json_t *members = db_rows(db, sql_members, "i", id);
    json_t *pubs = db_rows(db, sql_publications, "i", id);
    json_t *phases = phase_list(db, w);
    if (!members || !pubs || !phases) {
        json_decref(members);
        json_decref(pubs);
        json_decref(phases);
        json_decref(w);
        return NULL;
    }
    json_t *codes = json_array();
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m) {
        json_array_append(codes, json_object_get(m, "code"));
    }
    json_object_set_new(w, "municipalities", codes);
    json_object_set_new(w, "members", members);
    json_object_set_new(w, "master_tasks", pubs);
    json_object_set_new(w, "phases", phases);
    return w;
}

static const char sql_is_member[] =
    "SELECT 1 FROM wave_members WHERE wave_id = ?1 AND organisation_id = ?2";

/* See wave.h. */
int wave_is_member(struct db *db, int64_t wave, int64_t org)
{
    int64_t one;
    return db_int(db, &one, sql_is_member, "ii", wave, org);
}

static const char sql_find[] =
    "SELECT w.id FROM waves w WHERE w.project_id = ?1 AND w.name = ?2";
static const char sql_in_use[] =
    "SELECT w.go_live IS NOT NULL OR EXISTS (SELECT 1 FROM wave_members m WHERE m.wave_id = w.id)"
    " OR EXISTS (SELECT 1 FROM wave_publications p WHERE p.wave_id = w.id)"
    " FROM waves w WHERE w.id = ?1";
static const char sql_insert[] = "INSERT INTO waves (project_id, name, go_live) VALUES (?1, ?2, ?3)";
static const char sql_set_go_live[] = "UPDATE waves SET go_live = ?2 WHERE id = ?1";
static const char sql_member_add[] =
    "INSERT OR IGNORE INTO wave_members (wave_id, organisation_id) VALUES (?1, ?2)";
static const char sql_member_del[] =
    "DELETE FROM wave_members WHERE wave_id = ?1 AND organisation_id = ?2";

/* See wave.h. */
int64_t wave_create(struct db *db, const struct actor *a, int64_t project, const char *name,
                    const char *go_live, json_t *orgs)
{
    int64_t id = 0, used = 0;
    int rc = db_int(db, &id, sql_find, "it", project, name);
    if (rc < 0) {
        return -1;
    }
    if (rc == 1) {
        /* The importer makes the waves a task export names, with nothing
         * set: creating one of those sets it up. */
        if (db_int(db, &used, sql_in_use, "i", id) != 1) {
            return -1;
        }
        if (used) {
            return -2;
        }
        if (db_exec(db, sql_set_go_live, "it", id, go_live) != 1) {
            return -1;
        }
    } else if (db_exec(db, sql_insert, "itt", project, name, go_live) == 1) {
        id = db_last_id(db);
    } else {
        return -1;
    }
    size_t i;
    json_t *o;
    json_array_foreach(orgs, i, o) {
        if (db_exec(db, sql_member_add, "ii", id, (int64_t)json_integer_value(o)) < 0) {
            return -1;
        }
    }
    json_t *after = json_pack("{s:s,s:s?,s:O}", "name", name, "go_live", go_live,
                              "organisations", orgs);
    rc = audit_write(db, a, 0, "wave.create", "wave", id, NULL, after);
    json_decref(after);
    return rc < 0 ? -1 : id;
}

static const char sql_move[] =
    "UPDATE tasks SET end_date = (SELECT date(?2, coalesce(m.end_offset_days, 0) || ' days')"
    "   FROM master_tasks m WHERE m.id = tasks.master_task_id),"
    " start_date = (SELECT date(?2, (coalesce(m.end_offset_days, 0)"
    "   + coalesce(m.start_offset_days, 0)) || ' days')"
    "   FROM master_tasks m WHERE m.id = tasks.master_task_id),"
    " updated_at = ?3 WHERE wave_id = ?1";
static const char sql_count_shown[] =
    "SELECT count(*) FROM tasks WHERE wave_id = ?1 AND hidden_at IS NULL";
static const char sql_member_orgs[] =
    "SELECT organisation_id FROM wave_members WHERE wave_id = ?1";

/* See wave.h. */
int wave_audit_members(struct db *db, const struct actor *a, int64_t wave, const char *action,
                       json_t *after)
{
    json_t *orgs = db_rows(db, sql_member_orgs, "i", wave);
    if (!orgs) {
        return -1;
    }
    size_t i;
    json_t *o;
    int rc = 0;
    json_array_foreach(orgs, i, o) {
        int64_t org = json_integer_value(json_object_get(o, "organisation_id"));
        if (audit_write(db, a, org, action, "wave", wave, NULL, after) < 0) {
            rc = -1;
            break;
        }
    }
    json_decref(orgs);
    return rc;
}

/* See wave.h. */
int wave_set_go_live(struct db *db, const struct actor *a, json_t *wave, const char *go_live)
{
    int64_t id = json_integer_value(json_object_get(wave, "id")), shown = 0;
    const char *old = json_string_value(json_object_get(wave, "go_live"));
    if (old && go_live && strcmp(old, go_live) == 0) {
        return 0;
    }
    char now[21];
    now_iso(now);
    if (db_exec(db, sql_set_go_live, "it", id, go_live) != 1 ||
        (go_live && db_exec(db, sql_move, "itt", id, go_live, now) < 0) ||
        db_int(db, &shown, sql_count_shown, "i", id) != 1) {
        return -1;
    }
    json_t *before = json_pack("{s:s?}", "go_live", old);
    json_t *after = json_pack("{s:s?,s:I}", "go_live", go_live, "tasks_moved", (json_int_t)shown);
    int rc = audit_write(db, a, 0, "wave.go_live", "wave", id, before, after);
    if (rc == 0 && go_live && shown) {
        rc = wave_audit_members(db, a, id, "task.dates", after);
    }
    json_decref(before);
    json_decref(after);
    return rc < 0 ? -1 : go_live ? (int)shown : 0;
}

/* Whether the JSON array of integers holds v. */
static bool holds(json_t *arr, int64_t v)
{
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x) {
        if (json_integer_value(x) == v) {
            return true;
        }
    }
    return false;
}

/* See wave.h. */
int wave_set_members(struct db *db, const struct actor *a, json_t *wave, json_t *old_orgs,
                     json_t *orgs, struct pub_counts *out)
{
    int64_t id = json_integer_value(json_object_get(wave, "id"));
    memset(out, 0, sizeof *out);
    size_t i;
    json_t *o;
    json_array_foreach(old_orgs, i, o) {
        int64_t org = json_integer_value(o);
        if (!holds(orgs, org) && (db_exec(db, sql_member_del, "ii", id, org) < 0 ||
                                  audit_write(db, a, org, "wave.leave", "wave", id, NULL,
                                              NULL) < 0)) {
            return -1;
        }
    }
    json_array_foreach(orgs, i, o) {
        int64_t org = json_integer_value(o);
        if (!holds(old_orgs, org) && (db_exec(db, sql_member_add, "ii", id, org) < 0 ||
                                      audit_write(db, a, org, "wave.join", "wave", id, NULL,
                                                  NULL) < 0)) {
            return -1;
        }
    }
    json_t *before = json_pack("{s:O}", "organisations", old_orgs);
    json_t *after = json_pack("{s:O}", "organisations", orgs);
    int rc = json_equal(before, after) ? 0
                                       : audit_write(db, a, 0, "wave.members", "wave", id,
                                                     before, after);
    json_decref(before);
    json_decref(after);
    return rc < 0 ? -1 : pub_sync(db, id, out);
}

static const char sql_phase_clear[] = "DELETE FROM wave_phases WHERE wave_id = ?1";
static const char sql_phase_insert[] =
    "INSERT INTO wave_phases (wave_id, phase, start_date) VALUES (?1, ?2, ?3)";

/* {"1": date, ...} of the phases KOMBIT dated in a phase_list() (new
 * reference). */
static json_t *dated(json_t *phases)
{
    json_t *out = json_object();
    size_t i;
    json_t *ph;
    json_array_foreach(phases, i, ph) {
        const char *start = json_string_value(json_object_get(ph, "start"));
        if (start) {
            char key[4];
            snprintf(key, sizeof key, "%d", (int)json_integer_value(json_object_get(ph, "phase")));
            json_object_set_new(out, key, json_string(start));
        }
    }
    return out;
}

/* See wave.h. */
int wave_set_phases(struct db *db, const struct actor *a, json_t *wave, json_t *phases)
{
    int64_t id = json_integer_value(json_object_get(wave, "id"));
    json_t *before = dated(json_object_get(wave, "phases"));
    if (json_equal(before, phases)) {
        json_decref(before);
        return 0;
    }
    int rc = db_exec(db, sql_phase_clear, "i", id) < 0 ? -1 : 1;
    const char *key;
    json_t *v;
    json_object_foreach(phases, key, v) {
        if (rc > 0 && db_exec(db, sql_phase_insert, "iit", id, (int64_t)atoi(key),
                              json_string_value(v)) != 1) {
            rc = -1;
        }
    }
    json_t *b = json_pack("{s:O}", "phases", before), *af = json_pack("{s:O}", "phases", phases);
    if (rc > 0 && audit_write(db, a, 0, "wave.phases", "wave", id, b, af) < 0) {
        rc = -1;
    }
    json_decref(b);
    json_decref(af);
    json_decref(before);
    return rc;
}

static const char sql_member_ids[] =
    "SELECT json_group_array(organisation_id) AS \"ids:json\" FROM"
    " (SELECT organisation_id FROM wave_members WHERE wave_id = ?1 ORDER BY organisation_id)";

/* See wave.h. */
json_t *wave_member_ids(struct db *db, int64_t wave)
{
    json_t *row = db_row(db, sql_member_ids, "i", wave);
    json_t *ids = row ? json_incref(json_object_get(row, "ids")) : NULL;
    json_decref(row);
    return ids;
}

const struct model_stmt wave_stmts[] = {
    {"wave.list_all", sql_list_all, true},
    {"wave.list_own", sql_list_own, false},
    {"wave.get", sql_get, false},
    {"wave.members", sql_members, false},
    {"wave.publications", sql_publications, false},
    {"wave.is_member", sql_is_member, false},
    {"wave.find", sql_find, false},
    {"wave.in_use", sql_in_use, false},
    {"wave.insert", sql_insert, false},
    {"wave.set_go_live", sql_set_go_live, false},
    {"wave.member_add", sql_member_add, false},
    {"wave.member_del", sql_member_del, false},
    {"wave.move", sql_move, false},
    {"wave.count_shown", sql_count_shown, false},
    {"wave.member_orgs", sql_member_orgs, false},
    {"wave.member_ids", sql_member_ids, false},
    {"wave.phases", sql_phases, false},
    {"wave.phase_clear", sql_phase_clear, false},
    {"wave.phase_insert", sql_phase_insert, false},
};
const size_t nwave_stmts = NELEM(wave_stmts);
