/*
 * risk: unfilled mandatory roles per municipality and KOMBIT's matrix of
 * municipalities × mandatory roles, computed from the role catalogue, the
 * projects a municipality takes part in, their phase dates, and the
 * current appointments. It only reads; what is due when is documented in
 * model/risk.h.
 */
#include <string.h>

#include "model/appt.h"
#include "model/catalogue.h"
#include "model/risk.h"
#include "model/stmts.h"
#include "util.h"

/* ?1: the organisation. */
#define TAKES_PART(p)                                                                       \
    "(EXISTS (SELECT 1 FROM organisation_projects op WHERE op.organisation_id = ?1"        \
    " AND op.project_id = " p ") OR EXISTS (SELECT 1 FROM wave_members m JOIN waves w"      \
    " ON w.id = m.wave_id WHERE m.organisation_id = ?1 AND w.project_id = " p ")"           \
    " OR EXISTS (SELECT 1 FROM persons pe JOIN users u ON u.person_id = pe.id"              \
    " JOIN user_projects up ON up.user_id = u.id WHERE pe.organisation_id = ?1"             \
    " AND up.project_id = " p "))"

static const char sql_projects[] =
    "SELECT p.code, p.name, coalesce((SELECT op.stage FROM organisation_projects op"
    " WHERE op.organisation_id = ?1 AND op.project_id = p.id), 'implementation') AS stage,"
    " (SELECT w.id FROM wave_members m JOIN waves w ON w.id = m.wave_id"
    " WHERE m.organisation_id = ?1 AND w.project_id = p.id"
    " ORDER BY w.go_live IS NULL, w.go_live LIMIT 1) AS wave_id"
    " FROM projects p WHERE " TAKES_PART("p.id") " ORDER BY p.code";
static const char sql_wave[] =
    "SELECT w.name, w.go_live, (SELECT json_group_array(json_object('phase', phase,"
    " 'start', start_date)) FROM (SELECT * FROM wave_phases WHERE wave_id = w.id"
    " ORDER BY phase)) AS \"phases:json\" FROM waves w WHERE w.id = ?1";

/* Offsets from go-live of the start of each phase KOMBIT has not dated. */
static const int phase_offset[4] = {-365, -270, -90, 30};

/* See risk.h. */
bool risk_phase_derived(const char *go_live, int n, char out[11])
{
    int64_t day;
    if (n < 1 || n > 4 || !go_live || !date_parse(go_live, &day)) {
        return false;
    }
    date_format(day + phase_offset[n - 1], out);
    return true;
}

/* Fills p's wave, go_live, phases and phase (reached today). */
static void add_phases(struct db *db, json_t *p, const char *today)
{
    int64_t wave = json_integer_value(json_object_get(p, "wave_id"));
    json_t *w = wave ? db_row(db, sql_wave, "i", wave) : NULL;
    json_t *stored = w ? json_object_get(w, "phases") : NULL;
    const char *go_live = w ? json_string_value(json_object_get(w, "go_live")) : NULL;
    json_t *phases = json_array();
    for (int n = 1; n <= 4; n++) {
        const char *start = NULL;
        char d[11];
        size_t k;
        json_t *ph;
        json_array_foreach(stored, k, ph) {
            if (json_integer_value(json_object_get(ph, "phase")) == n) {
                start = json_string_value(json_object_get(ph, "start"));
            }
        }
        if (start || (start = risk_phase_derived(go_live, n, d) ? d : NULL)) {
            json_array_append_new(phases, json_pack("{s:i,s:s}", "phase", n, "start", start));
        }
    }
    json_t *reached = json_array_size(phases) ? json_integer(0) : json_null();
    size_t i;
    json_t *ph;
    json_array_foreach(phases, i, ph) {
        const char *start = json_string_value(json_object_get(ph, "start"));
        if (start && strcmp(start, today) <= 0) {
            json_integer_set(reached, json_integer_value(json_object_get(ph, "phase")));
        }
    }
    json_object_set_new(p, "wave", w ? json_incref(json_object_get(w, "name")) : json_null());
    json_object_set_new(p, "go_live", go_live ? json_string(go_live) : json_null());
    json_object_set_new(p, "phase", reached);
    json_object_set_new(p, "phases", phases);
    json_object_del(p, "wave_id");
    json_decref(w);
}

/* See risk.h. */
json_t *risk_projects(struct db *db, int64_t org_id, const char *today)
{
    json_t *list = db_rows(db, sql_projects, "i", org_id);
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p) {
        add_phases(db, p, today);
    }
    return list;
}

/* The start date of phase n in a project of risk_projects() (borrowed),
 * or NULL. */
static const char *phase_start(json_t *project, int64_t n)
{
    size_t i;
    json_t *ph;
    json_array_foreach(json_object_get(project, "phases"), i, ph) {
        if (json_integer_value(json_object_get(ph, "phase")) == n) {
            return json_string_value(json_object_get(ph, "start"));
        }
    }
    return NULL;
}

/* Whether a current appointment of list holds role for project (NULL: a
 * municipality-wide appointment); the number of holders. */
static int holders(json_t *current, const char *role, const char *project)
{
    int n = 0;
    size_t i;
    json_t *a;
    json_array_foreach(current, i, a) {
        const char *slug = json_string_value(json_object_get(json_object_get(a, "role"), "slug"));
        const char *code = json_string_value(json_object_get(a, "project"));
        if (slug && strcmp(slug, role) == 0 &&
            (project ? code && strcmp(code, project) == 0 : code == NULL)) {
            n++;
        }
    }
    return n;
}

/* The risk entry of mandatory catalogue entry e for project p, or NULL
 * when it is not due by p's next phase (or p's stage makes it moot). A
 * project without phase dates counts as being in Fase 1. */
static json_t *entry_due(json_t *e, json_t *p, const char *today)
{
    bool operating = strcmp(json_string_value(json_object_get(p, "stage")), "operation") == 0;
    const char *stage = json_string_value(json_object_get(e, "stage"));
    int64_t phase = json_integer_value(json_object_get(e, "phase"));
    bool op_entry = strcmp(stage, "operation") == 0;
    if (operating != op_entry && !(op_entry && phase)) {
        return NULL;
    }
    const char *due = !operating && phase ? phase_start(p, phase) : NULL;
    json_t *r = json_object_get(p, "phase");
    int64_t reached = json_is_integer(r) ? json_integer_value(r) : 1; /* no dates: Fase 1 */
    if (!operating && phase > reached + 1) {
        return NULL;
    }
    bool now = operating || !phase || (due ? strcmp(due, today) <= 0 : phase <= reached);
    bool ss = strcmp(json_string_value(json_object_get(e, "category")), "system-specific") == 0;
    return json_pack("{s:O,s:O,s:O,s:o,s:s,s:o,s:o,s:b}", "role", json_object_get(e, "role"),
                     "role_name", json_object_get(e, "role_name"), "category",
                     json_object_get(e, "category"), "project",
                     ss ? json_incref(json_object_get(p, "code")) : json_null(), "stage", stage,
                     "phase", phase ? json_integer(phase) : json_null(), "due",
                     due ? json_string(due) : json_null(), "now", now);
}

/* Adds entry to out unless a municipality-wide entry of the same role is
 * there already; then keeps the earlier due of the two. Steals entry. */
static void add_unique(json_t *out, json_t *entry)
{
    if (json_is_null(json_object_get(entry, "project"))) {
        size_t i;
        json_t *o;
        json_array_foreach(out, i, o) {
            if (json_is_null(json_object_get(o, "project")) &&
                json_equal(json_object_get(o, "role"), json_object_get(entry, "role"))) {
                const char *a = json_string_value(json_object_get(o, "due"));
                const char *b = json_string_value(json_object_get(entry, "due"));
                if (a && (!b || strcmp(b, a) < 0)) {
                    json_array_set(out, i, entry);
                }
                json_decref(entry);
                return;
            }
        }
    }
    json_array_append_new(out, entry);
}

/* The unfilled entries of org_id for each of projects (risk_projects())
 * given the catalogue's mandatory entries and the current appointments. */
static json_t *unfilled_of(json_t *projects, json_t *mandatory, json_t *current,
                           const char *today)
{
    json_t *out = json_array();
    size_t i, j;
    json_t *p, *e;
    json_array_foreach(projects, i, p) {
        const char *code = json_string_value(json_object_get(p, "code"));
        json_array_foreach(mandatory, j, e) {
            if (strcmp(json_string_value(json_object_get(e, "project")), code) != 0) {
                continue;
            }
            json_t *entry = entry_due(e, p, today);
            if (entry && holders(current, json_string_value(json_object_get(entry, "role")),
                                 json_string_value(json_object_get(entry, "project"))) == 0) {
                add_unique(out, entry);
            } else {
                json_decref(entry);
            }
        }
    }
    return out;
}

/* Orders risk entries: those due now first, then by due date. */
static int by_due(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    bool nx = json_is_true(json_object_get(x, "now")), ny = json_is_true(json_object_get(y, "now"));
    if (nx != ny) {
        return nx ? -1 : 1;
    }
    const char *dx = json_string_value(json_object_get(x, "due"));
    const char *dy = json_string_value(json_object_get(y, "due"));
    return strcmp(dx ? dx : "", dy ? dy : "");
}

/* Sorts a JSON array with cmp (stable enough for a handful of entries). */
static void sort_array(json_t *arr, int (*cmp)(const void *, const void *))
{
    size_t n = json_array_size(arr);
    for (size_t i = 1; i < n; i++) {
        for (size_t j = i; j > 0; j--) {
            json_t *a = json_array_get(arr, j - 1), *b = json_array_get(arr, j);
            if (cmp(&a, &b) <= 0) {
                break;
            }
            json_incref(a);
            json_array_set(arr, j - 1, b);
            json_array_set_new(arr, j, a);
        }
    }
}

/* See risk.h. */
json_t *risk_unfilled(struct db *db, int64_t org_id, const char *today)
{
    json_t *projects = risk_projects(db, org_id, today);
    json_t *mandatory = catalogue_mandatory(db);
    json_t *current = appt_current(db, org_id, NULL, today);
    json_t *out = projects && mandatory && current
                      ? unfilled_of(projects, mandatory, current, today)
                      : NULL;
    if (out) {
        sort_array(out, by_due);
    }
    json_decref(projects);
    json_decref(mandatory);
    json_decref(current);
    return out;
}

/* The matrix block of project code in matrix, created (with the
 * project's mandatory roles as columns) when missing (borrowed). */
static json_t *block_of(json_t *matrix, json_t *mandatory, const char *code)
{
    size_t i;
    json_t *b, *e;
    json_array_foreach(matrix, i, b) {
        if (strcmp(json_string_value(json_object_get(b, "project")), code) == 0) {
            return b;
        }
    }
    json_t *roles = json_array();
    json_array_foreach(mandatory, i, e) {
        if (strcmp(json_string_value(json_object_get(e, "project")), code) != 0) {
            continue;
        }
        json_t *slug = json_object_get(e, "role");
        size_t k;
        json_t *r;
        bool seen = false;
        json_array_foreach(roles, k, r) {
            seen = seen || json_equal(json_object_get(r, "slug"), slug);
        }
        if (!seen) {
            json_array_append_new(roles, json_pack("{s:O,s:O,s:O}", "slug", slug, "name",
                                                   json_object_get(e, "role_name"), "category",
                                                   json_object_get(e, "category")));
        }
    }
    b = json_pack("{s:s,s:o,s:[]}", "project", code, "roles", roles, "rows");
    json_array_append_new(matrix, b);
    return b;
}

/* Whether unfilled holds role for project code (or municipality-wide). */
static bool is_missing(json_t *unfilled, const char *role, const char *code)
{
    size_t i;
    json_t *u;
    json_array_foreach(unfilled, i, u) {
        const char *p = json_string_value(json_object_get(u, "project"));
        if (strcmp(json_string_value(json_object_get(u, "role")), role) == 0 &&
            (!p || strcmp(p, code) == 0)) {
            return true;
        }
    }
    return false;
}

/* Adds org's row to the block of each project it takes part in. */
static void add_rows(json_t *matrix, json_t *mandatory, json_t *org, json_t *projects,
                     json_t *current, json_t *unfilled)
{
    size_t i, k;
    json_t *p, *r;
    json_array_foreach(projects, i, p) {
        const char *code = json_string_value(json_object_get(p, "code"));
        json_t *b = block_of(matrix, mandatory, code);
        json_t *cells = json_array();
        int missing = 0;
        json_array_foreach(json_object_get(b, "roles"), k, r) {
            const char *slug = json_string_value(json_object_get(r, "slug"));
            bool ss = strcmp(json_string_value(json_object_get(r, "category")),
                             "system-specific") == 0;
            int n = holders(current, slug, ss ? code : NULL);
            bool miss = n == 0 && is_missing(unfilled, slug, code);
            missing += miss;
            json_array_append_new(cells, json_pack("{s:s,s:O,s:i,s:b}", "role", slug, "name",
                                                   json_object_get(r, "name"), "holders", n,
                                                   "missing", miss));
        }
        json_array_append_new(json_object_get(b, "rows"),
                              json_pack("{s:O,s:O,s:O,s:O,s:o,s:i}", "municipality",
                                        json_object_get(org, "code"), "name",
                                        json_object_get(org, "name"), "region",
                                        json_object_get(org, "region"), "stage",
                                        json_object_get(p, "stage"), "cells", cells, "missing",
                                        missing));
    }
}

static const char sql_municipalities[] =
    "SELECT id, code, name, region FROM organisations WHERE kind = 'municipality'"
    " ORDER BY name";

/* See risk.h. */
json_t *risk_matrix(struct db *db, const char *today, json_t *unfilled_out)
{
    json_t *orgs = db_rows(db, sql_municipalities, "");
    json_t *mandatory = catalogue_mandatory(db);
    json_t *matrix = orgs && mandatory ? json_array() : NULL;
    size_t i;
    json_t *o;
    json_array_foreach(matrix ? orgs : NULL, i, o) {
        int64_t id = json_integer_value(json_object_get(o, "id"));
        json_t *projects = risk_projects(db, id, today);
        json_t *current = projects && json_array_size(projects)
                              ? appt_current(db, id, NULL, today)
                              : NULL;
        if (current) {
            json_t *unfilled = unfilled_of(projects, mandatory, current, today);
            add_rows(matrix, mandatory, o, projects, current, unfilled);
            sort_array(unfilled, by_due);
            size_t k;
            json_t *u;
            json_array_foreach(unfilled, k, u) {
                json_object_set(u, "municipality", json_object_get(o, "code"));
                json_array_append(unfilled_out, u);
            }
            json_decref(unfilled);
        }
        json_decref(projects);
        json_decref(current);
    }
    if (db_failed(db)) {
        json_decref(matrix);
        matrix = NULL;
    }
    json_decref(orgs);
    json_decref(mandatory);
    return matrix;
}

const struct model_stmt risk_stmts[] = {
    {"risk.projects", sql_projects, true},
    {"risk.wave", sql_wave, false},
    {"risk.municipalities", sql_municipalities, true},
};
const size_t nrisk_stmts = NELEM(risk_stmts);
