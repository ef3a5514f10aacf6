/*
 * waves: KOMBIT's waves (bølger) — the list, a new wave, one wave with its
 * members, go-live and the master tasks of its project — and publishing
 * master tasks to a wave, which gives each member municipality its task
 * and posts a message to the wave listing them. KOMBIT reads and changes
 * every wave; a municipality reads the waves it is a member of (another
 * wave is "not found"). A wave's name is stored without its project
 * ("Bølge 5") and shown with it ("KY - Bølge 5", the task export's label);
 * either is accepted. Handlers validate against the database before their
 * short transaction; they never run SQL or decide access.
 */
#include <string.h>

#include "md.h"
#include "model/common.h"
#include "model/org.h"
#include "model/publish.h"
#include "model/wave.h"
#include "pages/common.h"
#include "pages/waves.h"
#include "util.h"

/* The stored name of a wave of project code given as "Bølge 5" or
 * "KY - Bølge 5" (arena), or NULL when it is blank or another project's
 * label ("FBS - Bølge 5": an upper-case code before " - "). */
static const char *wave_name(struct req *req, const char *code, const char *name)
{
    const char *dash = strstr(name, " - ");
    if (dash) {
        size_t n = (size_t)(dash - name);
        if (strlen(code) == n && strncmp(name, code, n) == 0) {
            name = dash + 3;
        } else if (strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == n) {
            return NULL;
        }
    }
    char *s = str_trim(arena_strdup(req->arena, name));
    return *s ? s : NULL;
}

/* The organisation ids of the kommunekoder in codes (array of strings),
 * sorted, without duplicates (new reference); NULL after a 422 naming the
 * first unknown code, or a 500. */
static json_t *org_ids(struct req *req, json_t *codes)
{
    json_t *ids = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(codes, i, c) {
        json_t *o = org_get(req->db, json_string_value(c));
        const char *kind = json_string_value(json_object_get(o, "kind"));
        if (!o || strcmp(kind, "municipality") != 0) {
            json_decref(ids);
            if (db_failed(req->db)) {
                req_internal(req, "organisation");
                return NULL;
            }
            req_fail(req, 422, "municipalities",
                     arena_printf(req->arena, "Kommunekoden %s findes ikke",
                                  json_string_value(c)));
            return NULL;
        }
        int64_t id = json_integer_value(json_object_get(o, "id"));
        size_t at = 0;
        while (at < json_array_size(ids) && json_integer_value(json_array_get(ids, at)) < id) {
            at++;
        }
        if (at == json_array_size(ids) || json_integer_value(json_array_get(ids, at)) != id) {
            json_array_insert_new(ids, at, json_integer(id));
        }
    }
    return ids;
}

/* GET /boelger, /api/v1/waves: every wave for KOMBIT; for a municipality
 * the waves it is a member of, in projects the caller reads. */
int page_waves_index(struct req *req)
{
    struct owner_filter scope = req_read_scope(req);
    const char *project = req_str(req, "project");
    json_t *list = wave_list(req->db, &scope, project && *project ? project : NULL);
    if (!list) {
        return req_internal(req, "waves");
    }
    json_t *shown = json_array();
    size_t i;
    json_t *w;
    json_array_foreach(list, i, w) {
        if (rights_reads(req, json_string_value(json_object_get(w, "project")))) {
            json_array_append(shown, w);
        }
    }
    json_decref(list);
    json_object_set_new(req_view(req), "waves", shown);
    req->tpl = "waves";
    req->title = "Bølger";
    return 200;
}

/* Whether the array of strings a holds s. */
static bool holds_str(json_t *a, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        if (json_is_string(v) && !strcmp(json_string_value(v), s)) {
            return true;
        }
    }
    return false;
}

/* The new-wave form of /boelger (KOMBIT): projects and municipalities,
 * chosen as a failed post chose them. */
int page_waves_index_extras(struct req *req)
{
    json_t *view = req_view(req);
    json_t *projects = project_list(req->db);
    json_t *orgs = org_list(req->db);
    if (!projects || !orgs) {
        return req_internal(req, "wave form");
    }
    bool post = req->method != HTTP_GET;
    json_t *ticked = post ? json_object_get(req->raw, "municipalities") : NULL;
    const char *project = post ? json_string_value(json_object_get(req->raw, "project")) : NULL;
    json_t *munis = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(orgs, i, o) {
        const char *code = json_string_value(json_object_get(o, "code"));
        if (!strcmp(json_string_value(json_object_get(o, "kind")), "municipality")) {
            json_object_set_new(o, "member", json_boolean(holds_str(ticked, code)));
            json_array_append(munis, o);
        }
    }
    json_array_foreach(projects, i, o) {
        const char *code = json_string_value(json_object_get(o, "code"));
        json_object_set_new(o, "selected", json_boolean(project && !strcmp(project, code)));
    }
    json_decref(orgs);
    json_object_set_new(view, "projects", projects);
    json_object_set_new(view, "choices", munis);
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, "Bølger");
    return 0;
}

/* POST /boelger, /api/v1/waves {project, name, go_live, municipalities}:
 * 201 {id}. A wave of that name already in use is 409. */
int page_waves_create(struct req *req)
{
    const char *code = req->res.project;
    const char *name = wave_name(req, code, req_str(req, "name"));
    if (!name) {
        return req_fail(req, 422, "name", "Navnet skal være fx \"Bølge 5\" eller \"KY - Bølge 5\"");
    }
    const char *go_live = req_str(req, "go_live");
    json_t *codes = req_json(req, "municipalities");
    json_t *ids = org_ids(req, codes ? codes : json_array());
    if (!ids) {
        return req->status ? req->status : 422;
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int64_t id = wave_create(req->db, &a, req->res.project_id, name,
                             go_live && *go_live ? go_live : NULL, ids);
    if (id == -2) {
        return req_fail(req, 409, "name", "Bølgen findes allerede i projektet");
    }
    if (id < 0) {
        return req_internal(req, "wave create");
    }
    json_object_set_new(req_view(req), "id", json_integer(id));
    req->location = arena_printf(req->arena, "/boelger/%lld", (long long)id);
    req->api_location = arena_printf(req->arena, "/api/v1/waves/%lld", (long long)id);
    return req_commit(req, 201);
}

/* See pages/waves.h. A wave of a project the caller does not read is not
 * found either. */
int page_waves_resource(struct req *req)
{
    int64_t id = req_param_id(req, "id");
    json_t *w = wave_get(req->db, id);
    if (!w) {
        return db_failed(req->db) ? -1 : 0;
    }
    if (!rights_reads(req, json_string_value(json_object_get(w, "project")))) {
        return 0;
    }
    if (!req->user->central) {
        int m = wave_is_member(req->db, id, req->user->org_id);
        if (m <= 0) {
            return m;
        }
    }
    req->res.id = id;
    req->res.wave_id = id;
    req->res.project = json_string_value(json_object_get(w, "project"));
    req->res.project_id = json_integer_value(json_object_get(w, "project_id"));
    req->res.row = w;
    return 1;
}

/* The wave as the API and the page show it (the looked-up row, without
 * the internal project id; borrowed by the view). */
static json_t *wave_view(struct req *req, json_t *w)
{
    json_object_del(w, "project_id");
    req->view = w;
    req->tpl = "wave";
    req->title = json_string_value(json_object_get(w, "label"));
    return w;
}

/* GET /boelger/{id}, /api/v1/waves/{id} */
int page_waves_show(struct req *req)
{
    wave_view(req, req->res.row);
    return 200;
}

/* The wave page's forms (KOMBIT): every municipality with its membership,
 * and the master tasks of the project with their publication (drafts
 * too, so a municipality's page gets empty lists). */
int page_waves_show_extras(struct req *req)
{
    json_t *view = req_view(req);
    if (!req->can.publish) {
        json_object_set_new(view, "choices", json_array());
        json_object_set_new(view, "candidates", json_array());
        return 0;
    }
    json_t *orgs = org_list(req->db);
    json_t *cands = pub_candidates(req->db, req->res.project_id, req->res.wave_id);
    json_t *members = json_object_get(view, "municipalities");
    if (!orgs || !cands) {
        return req_internal(req, "wave forms");
    }
    json_t *munis = json_array();
    size_t i, j;
    json_t *o, *m;
    json_array_foreach(orgs, i, o) {
        const char *code = json_string_value(json_object_get(o, "code"));
        if (strcmp(json_string_value(json_object_get(o, "kind")), "municipality") != 0) {
            continue;
        }
        bool member = false;
        json_array_foreach(members, j, m) {
            member = member || !strcmp(json_string_value(m), code);
        }
        json_object_set_new(o, "member", json_boolean(member));
        json_array_append(munis, o);
    }
    json_decref(orgs);
    json_object_set_new(view, "choices", munis);
    json_object_set_new(view, "candidates", cands);
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/boelger", "Bølger");
    req_crumb(req, NULL, req->title);
    return 0;
}

/* Applies a new go-live (validated) to the wave w: 0 with *moved set, or
 * a status. A wave with published tasks keeps a go-live. */
static int apply_go_live(struct req *req, const struct actor *a, json_t *w, int *moved)
{
    const char *go_live = req_str(req, "go_live");
    *moved = 0;
    if (!go_live) {
        return 0;
    }
    if (!*go_live) {
        if (json_integer_value(json_object_get(w, "task_count")) > 0) {
            return req_fail(req, 422, "go_live", "Bølgen har publicerede opgaver og skal have en go-live-dato");
        }
        go_live = NULL;
    }
    *moved = wave_set_go_live(req->db, a, w, go_live);
    return *moved < 0 ? req_internal(req, "go-live") : 0;
}

/* Whether the request names input name: a JSON member, or form fields
 * "<name>.<key>" (a map input's form gives an empty map without them). */
static bool names_input(struct req *req, const char *name)
{
    const char *key;
    json_t *v;
    size_t n = strlen(name);
    json_object_foreach(req->raw, key, v) {
        if (!strncmp(key, name, n) && (key[n] == '\0' || key[n] == '.')) {
            return true;
        }
    }
    return false;
}

/* The phase dates asked for ({"1".."4": "YYYY-MM-DD"}, ascending in
 * phase order; borrowed), NULL when not asked, or NULL after a 422
 * naming "phases". */
static json_t *asked_phases(struct req *req)
{
    json_t *map = req_json(req, "phases");
    if (!map || !names_input(req, "phases")) {
        return NULL;
    }
    const char *prev = NULL;
    for (int n = 1; n <= 4; n++) {
        char key[2] = {(char)('0' + n), '\0'};
        const char *d = json_string_value(json_object_get(map, key));
        int64_t day;
        if (d && !date_parse(d, &day)) {
            req_fail(req, 422, "phases",
                     arena_printf(req->arena, "Fase %d skal være en dato (ÅÅÅÅ-MM-DD)", n));
            return NULL;
        }
        if (d && prev && strcmp(d, prev) < 0) {
            req_fail(req, 422, "phases",
                     arena_printf(req->arena, "Fase %d kan ikke starte før fasen før den", n));
            return NULL;
        }
        prev = d ? d : prev;
    }
    const char *key;
    json_t *v;
    json_object_foreach(map, key, v) {
        if (strlen(key) != 1 || key[0] < '1' || key[0] > '4') {
            req_fail(req, 422, "phases", "Faserne hedder 1, 2, 3 og 4");
            return NULL;
        }
    }
    return map;
}

/* PATCH /api/v1/waves/{id} {go_live, municipalities, phases}, POST /boelger/{id}:
 * the wave with what changed: tasks_moved (shown tasks whose dates moved
 * with go-live), tasks_created (for joining members), tasks_hidden (of
 * leaving members), phases_changed (true when the phase dates changed).
 * phases replaces all four dates; a phase it does not name is derived
 * from go-live. The page shows the wave again with that notice. */
int page_waves_update(struct req *req)
{
    json_t *w = req->res.row;
    int64_t id = req->res.wave_id;
    json_t *phases = asked_phases(req);
    if (!phases && req->status) {
        return req->status;
    }
    json_t *codes = req_json(req, "municipalities");
    json_t *ids = codes ? org_ids(req, codes) : NULL;
    json_t *old = codes ? wave_member_ids(req->db, id) : NULL;
    if (codes && (!ids || !old)) {
        return ids ? req_internal(req, "members") : req->status ? req->status : 422;
    }
    struct actor a;
    page_actor(req, &a);
    struct pub_counts counts = {0};
    int moved = 0, rc;
    if (req_begin(req) < 0) {
        return req->status;
    }
    if ((rc = apply_go_live(req, &a, w, &moved)) != 0) {
        return rc;
    }
    if (codes && wave_set_members(req->db, &a, w, old, ids, &counts) < 0) {
        return req_internal(req, "members");
    }
    int phased = phases ? wave_set_phases(req->db, &a, w, phases) : 0;
    if (phased < 0) {
        return req_internal(req, "phases");
    }
    int status = req_commit(req, 200);
    json_t *now = status == 200 ? wave_get(req->db, id) : NULL;
    if (!now) {
        return status == 200 ? req_internal(req, "wave") : status;
    }
    wave_view(req, now);
    json_object_set_new(now, "tasks_moved", json_integer(moved));
    json_object_set_new(now, "tasks_created", json_integer(counts.created + counts.shown));
    json_object_set_new(now, "tasks_hidden", json_integer(counts.hidden));
    json_object_set_new(now, "phases_changed", json_boolean(phased > 0));
    return 200;
}

/* Markdown-escapes s onto b: ASCII punctuation gets a backslash. */
static void md_escape(struct buf *b, const char *s)
{
    for (; *s; s++) {
        if (strchr("\\`*_{}[]()<>#+-.!|~&", *s)) {
            buf_putc(b, '\\');
        }
        buf_putc(b, *s);
    }
}

/* The message announcing that the master tasks news (candidate rows) are
 * published to wave w, in Markdown (arena): each with its deadline. */
static const char *announcement(struct req *req, json_t *w, json_t *news)
{
    struct buf b = {0};
    buf_printf(&b, "**Nye opgaver i %s**\n\nKOMBIT har publiceret %zu %s til bølgen:\n\n",
               json_string_value(json_object_get(w, "label")), json_array_size(news),
               json_array_size(news) == 1 ? "opgave" : "opgaver");
    int64_t live = 0;
    date_parse(json_string_value(json_object_get(w, "go_live")), &live);
    size_t i;
    json_t *t;
    json_array_foreach(news, i, t) {
        char end[11];
        date_format(live + json_integer_value(json_object_get(t, "end_offset_days")), end);
        buf_puts(&b, "- [");
        md_escape(&b, json_string_value(json_object_get(t, "title")));
        buf_printf(&b, "](/master-opgaver/%lld) – frist ",
                   (long long)json_integer_value(json_object_get(t, "id")));
        date_human(end, &b);
        buf_putc(&b, '\n');
    }
    const char *md = arena_strdup(req->arena, buf_str(&b));
    buf_free(&b);
    return md;
}

/* The candidate rows (pub_candidates) of the master tasks ids, which
 * must all be KOMBIT tasks of the wave's project, and published ones to
 * be published (new reference); NULL after a 422 or 500. */
static json_t *chosen(struct req *req, json_t *ids, bool publish)
{
    json_t *cands = pub_candidates(req->db, req->res.project_id, req->res.wave_id);
    if (!cands) {
        req_internal(req, "candidates");
        return NULL;
    }
    json_t *out = json_array();
    size_t i, j;
    json_t *id, *c;
    json_array_foreach(ids, i, id) {
        json_t *found = NULL;
        json_array_foreach(cands, j, c) {
            if (json_integer_value(json_object_get(c, "id")) == json_integer_value(id)) {
                found = c;
            }
        }
        const char *state = json_string_value(json_object_get(found, "state"));
        if (!found || (publish && strcmp(state, "published") != 0)) {
            req_fail(req, 422, "master_tasks",
                     arena_printf(req->arena, "Master-opgave %lld findes ikke som publiceret "
                                              "opgave i projektet", (long long)json_integer_value(id)));
            json_decref(out);
            return NULL;
        }
        json_array_append(out, found);
    }
    return out;
}

/* Publishes (publish) or unpublishes the inputs' master tasks to the
 * route's wave; the answer is the wave with what happened. */
static int change(struct req *req, bool publish)
{
    json_t *w = req->res.row;
    if (publish && !json_string_value(json_object_get(w, "go_live"))) {
        return req_fail(req, 422, "go_live", "Bølgen skal have en go-live-dato, før der kan publiceres");
    }
    json_t *rows = chosen(req, req_json(req, "master_tasks"), publish);
    if (!rows) {
        return req->status;
    }
    json_t *news = json_array(), *ids = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        json_array_append(ids, json_object_get(r, "id"));
        if (!json_is_true(json_object_get(r, "published"))) {
            json_array_append(news, r);
        }
    }
    const char *md = publish && json_array_size(news) ? announcement(req, w, news) : NULL;
    json_t *html = md ? md_html(md) : NULL;
    struct actor a;
    page_actor(req, &a);
    struct pub_counts n = {0};
    if (req_begin(req) < 0) {
        return req->status;
    }
    int rc = publish ? pub_publish(req->db, &a, req->res.wave_id, ids, &n)
                     : pub_unpublish(req->db, &a, req->res.wave_id, ids, &n);
    if (rc < 0 || (md && n.changed &&
                   pub_message(req->db, &a, req->res.wave_id, md, json_string_value(html)) < 0)) {
        return req_internal(req, "publish");
    }
    int status = req_commit(req, 200);
    json_t *now = status == 200 ? wave_get(req->db, req->res.wave_id) : NULL;
    if (!now) {
        return status == 200 ? req_internal(req, "wave") : status;
    }
    wave_view(req, now);
    json_object_set_new(now, "changed", json_integer(n.changed));
    json_object_set_new(now, "tasks_created", json_integer(n.created));
    json_object_set_new(now, "tasks_shown", json_integer(n.shown));
    json_object_set_new(now, "tasks_hidden", json_integer(n.hidden));
    return 200;
}

/* POST /boelger/{id}/publicer, /api/v1/waves/{id}/publish {master_tasks} */
int page_waves_publish(struct req *req)
{
    return change(req, true);
}

/* POST /boelger/{id}/afpublicer, /api/v1/waves/{id}/unpublish {master_tasks} */
int page_waves_unpublish(struct req *req)
{
    return change(req, false);
}
