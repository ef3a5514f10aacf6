/*
 * timeline: a municipality's tasks of one project against time, on
 * /projekter/{code}/tidslinje and /api/v1/projects/{code}/timeline. A
 * municipality sees its own tasks (naming another municipality answers
 * 404, as if it did not exist); KOMBIT picks one with ?for=KODE.
 * The view holds the data (tasks with start, deadline, status, overdue,
 * critical, predecessors; the waves' go-live; today); the page adds a
 * Gantt chart drawn through the SVG builder and, for KOMBIT, the pick
 * list of municipalities. The model computes the critical path; this file
 * only lays it out.
 */
#include <string.h>

#include "model/org.h"
#include "model/timeline.h"
#include "pages/common.h"
#include "pages/timeline.h"
#include "svg.h"

#define LABEL_W 330.0  /* the task titles left of the chart */
#define CHART_W 820.0  /* the time axis */
#define ROW_H 42.0     /* one task: its title and status on two lines */
#define HEAD_H 70.0    /* month labels and the lines' labels */
#define TITLE_CHARS 44 /* characters of a title shown beside its bar */

static const struct {
    const char *key, *label;
} statuses[] = {
    {"ikke_paabegyndt", "Ikke påbegyndt"},
    {"paabegyndt", "Påbegyndt"},
    {"fuldfoert", "Fuldført"},
};

static const char *status_label(const char *key)
{
    for (size_t i = 0; i < NELEM(statuses); i++) {
        if (key && !strcmp(key, statuses[i].key)) {
            return statuses[i].label;
        }
    }
    return key ? key : "";
}

/* The organisation whose timeline this is, into *org (borrowed from the
 * arena): the caller's own, or for KOMBIT the ?for= one (NULL
 * when none is picked). 0, or a status: 404 for an unknown code or
 * another municipality's. */
static int which_org(struct req *req, json_t **org)
{
    const char *code = req_str(req, "for");
    *org = NULL;
    if (code && !*code) {
        code = NULL; /* the pick list's "choose" */
    }
    if (!req->user->central && code && strcmp(code, req->user->org_code) != 0) {
        return page_not_found(req, "municipality", "Kommunen findes ikke");
    }
    if (!req->user->central) {
        code = req->user->org_code;
    }
    if (!code) {
        return 0;
    }
    *org = org_get(req->db, code);
    const char *kind = json_string_value(json_object_get(*org, "kind"));
    if (!*org || !kind || strcmp(kind, "municipality") != 0) {
        return page_not_found(req, "municipality", "Kommunen findes ikke");
    }
    return 0;
}

/* The title of task id among tasks, or NULL. */
static json_t *title_of(json_t *tasks, json_int_t id)
{
    size_t i;
    json_t *t;
    json_array_foreach(tasks, i, t) {
        if (json_integer_value(json_object_get(t, "id")) == id) {
            return json_object_get(t, "title");
        }
    }
    return NULL;
}

/* Adds status labels and, beside the predecessors' ids, "waits_for":
 * [{id, title}] to the tasks. */
static void label_tasks(json_t *tasks)
{
    size_t i, k;
    json_t *t, *p;
    json_array_foreach(tasks, i, t) {
        json_object_set_new(
            t, "status_label",
            json_string(status_label(json_string_value(json_object_get(t, "status")))));
        json_t *waits = json_array();
        json_array_foreach(json_object_get(t, "predecessors"), k, p) {
            json_t *title = title_of(tasks, json_integer_value(p));
            json_array_append_new(
                waits, json_pack("{s:O,s:O}", "id", p, "title", title ? title : json_null()));
        }
        json_object_set_new(t, "waits_for", waits);
    }
}

/* GET /projekter/{code}/tidslinje, /api/v1/projects/{code}/timeline */
int page_timeline_show(struct req *req)
{
    json_t *org;
    int rc = which_org(req, &org);
    if (rc) {
        return rc;
    }
    const char *today = page_today(req);
    json_t *view = req_view(req);
    json_t *tasks = json_array(), *waves = json_array(), *path = json_array();
    if (org) {
        int64_t id = json_integer_value(json_object_get(org, "id"));
        tasks = timeline_tasks(req->db, id, req->res.project_id);
        json_t *links = tasks ? timeline_links(req->db, id, req->res.project_id) : NULL;
        waves = links ? timeline_waves(req->db, id, req->res.project_id) : NULL;
        if (!waves) {
            return req_internal(req, "timeline");
        }
        path = timeline_plan(tasks, links, today);
        label_tasks(tasks);
    }
    json_t *last = json_array_get(waves, json_array_size(waves) - 1);
    json_t *go_live = json_object_get(last, "go_live");
    json_object_set_new(view, "project", json_string(req->res.project));
    json_object_set_new(view, "municipality",
                        org ? json_pack("{s:O,s:O}", "code", json_object_get(org, "code"), "name",
                                        json_object_get(org, "name"))
                            : json_null());
    json_object_set_new(view, "today", json_string(today));
    json_object_set_new(view, "go_live", go_live ? json_incref(go_live) : json_null());
    json_object_set_new(view, "waves", waves);
    json_object_set_new(view, "tasks", tasks);
    json_object_set_new(view, "critical_path", path);
    req->tpl = "timeline";
    req->title = arena_printf(req->arena, "Tidslinje for %s", req->res.project);
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/projekter", "Projekter");
    req_crumb(req, NULL, req->title);
    return 200;
}

/* The day number of o's date field key into *day; false when the field
 * is null or not a date. */
static bool day_of(json_t *o, const char *key, int64_t *day)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s && date_parse(s, day);
}

/* The chart's time axis: day numbers from..to mapped onto the chart. */
struct axis {
    int64_t from, to; /* first and last day shown */
};

static double x_of(const struct axis *a, int64_t day)
{
    return LABEL_W + CHART_W * (double)(day - a->from) / (double)(a->to - a->from + 1);
}

/* The days the chart spans: every task, today and each go-live, with a
 * week's margin on both sides. */
static struct axis span(json_t *view)
{
    int64_t lo = INT64_MAX, hi = INT64_MIN, d;
    const char *dates[] = {"start", "deadline"};
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(view, "tasks"), i, t) {
        for (size_t k = 0; k < 2; k++) {
            const char *s = json_string_value(json_object_get(t, dates[k]));
            if (s && date_parse(s, &d)) {
                lo = d < lo ? d : lo, hi = d > hi ? d : hi;
            }
        }
    }
    json_array_foreach(json_object_get(view, "waves"), i, t) {
        const char *s = json_string_value(json_object_get(t, "go_live"));
        if (s && date_parse(s, &d)) {
            lo = d < lo ? d : lo, hi = d > hi ? d : hi;
        }
    }
    if (day_of(view, "today", &d)) {
        lo = d < lo ? d : lo, hi = d > hi ? d : hi;
    }
    return (struct axis){lo - 7, hi + 7};
}

/* A human date ("2. okt. 2020") of a day number (arena). */
static const char *human(struct req *req, int64_t day)
{
    char iso[11];
    date_format(day, iso);
    struct buf b = {0};
    date_human(iso, &b);
    const char *s = arena_strdup(req->arena, buf_str(&b));
    buf_free(&b);
    return s;
}

/* Month ticks along the top: at most about ten labels. */
static void draw_months(struct req *req, struct svg *s, const struct axis *a, double bottom)
{
    int y, m, d;
    civil_from_days(a->from, &y, &m, &d);
    int step = (int)((a->to - a->from) / 300) + 1;
    for (int64_t day = days_from_civil(y, m, 1); day <= a->to;) {
        if (day >= a->from) {
            double x = x_of(a, day);
            svg_leaf(s, "line", SVG_N("x1", x), SVG_N("y1", 22), SVG_N("x2", x),
                     SVG_N("y2", bottom), SVG_S("class", "tick"));
            const char *label = human(req, day);
            if (x < LABEL_W + CHART_W - 56) {
                svg_label(s, "text", strchr(label, ' ') ? strchr(label, ' ') + 1 : label,
                          SVG_N("x", x + 3), SVG_N("y", 18), SVG_S("class", "month"));
            }
        }
        m += step;
        while (m > 12) {
            m -= 12, y++;
        }
        day = days_from_civil(y, m, 1);
    }
}

/* A vertical line with its label (go-live, today): the label right of
 * the line, or left of it near the chart's right end. */
static void draw_marker(struct req *req, struct svg *s, double x, double bottom, const char *cls,
                        const char *text, double label_y)
{
    bool left = x > LABEL_W + CHART_W * 0.7;
    svg_leaf(s, "line", SVG_N("x1", x), SVG_N("y1", label_y - 12), SVG_N("x2", x),
             SVG_N("y2", bottom), SVG_S("class", cls));
    svg_label(s, "text", text, SVG_N("x", left ? x - 4 : x + 4), SVG_N("y", label_y),
              SVG_S("class", left ? arena_printf(req->arena, "%s end", cls) : cls));
}

/* A title cut to TITLE_CHARS characters with "…" (arena). */
static const char *short_title(struct req *req, const char *title)
{
    size_t chars = 0;
    for (size_t i = 0; title[i]; i++) {
        if (((unsigned char)title[i] & 0xC0) != 0x80 && ++chars > TITLE_CHARS) {
            return arena_printf(req->arena, "%.*s…", (int)i, title);
        }
    }
    return title;
}

/* One task: its title (a link to the master task), its bar from start to
 * deadline coloured by status, and the status in words. */
static void draw_task(struct req *req, struct svg *s, const struct axis *a, json_t *t, double y)
{
    const char *title = json_string_value(json_object_get(t, "title"));
    const char *status = json_string_value(json_object_get(t, "status"));
    bool overdue = json_is_true(json_object_get(t, "overdue"));
    bool critical = json_is_true(json_object_get(t, "critical"));
    int64_t start, end;
    svg_open(s, "a",
             SVG_S("href", arena_printf(req->arena, "/master-opgaver/%lld",
                                        (long long)json_integer_value(
                                            json_object_get(t, "master_task_id")))));
    svg_label(s, "text", short_title(req, title ? title : ""), SVG_N("x", 8), SVG_N("y", y + 17),
              SVG_S("class", critical ? "task critical" : "task"));
    svg_close(s);
    bool dated = day_of(t, "start", &start) &&
                 day_of(t, "deadline", &end);
    const char *words = arena_printf(req->arena, "%s%s%s%s", status_label(status),
                                     overdue ? ", frist overskredet" : "",
                                     critical ? ", kritisk vej" : "", dated ? "" : ", uden datoer");
    svg_label(s, "text", words, SVG_N("x", 8), SVG_N("y", y + 34),
              SVG_S("class", overdue ? "status overdue" : "status"));
    if (!dated) {
        return;
    }
    double x1 = x_of(a, start), x2 = x_of(a, end + 1);
    const char *cls = arena_printf(req->arena, "bar %s%s%s", status ? status : "",
                                   overdue ? " overdue" : "", critical ? " critical" : "");
    svg_leaf(
        s, "rect", SVG_N("x", x1), SVG_N("y", y + 10), SVG_N("width", x2 - x1 < 3 ? 3 : x2 - x1),
        SVG_N("height", ROW_H - 20), SVG_N("rx", 3), SVG_S("class", cls),
        SVG_S("data-task", arena_printf(req->arena, "%lld",
                                        (long long)json_integer_value(json_object_get(t, "id")))));
}

/* The index of task id in tasks, or -1. */
static long task_index(json_t *tasks, json_int_t id)
{
    size_t i;
    json_t *t;
    json_array_foreach(tasks, i, t) {
        if (json_integer_value(json_object_get(t, "id")) == id) {
            return (long)i;
        }
    }
    return -1;
}

/* Arrows from each predecessor's deadline to its task's start; a link
 * between two tasks of the critical path is drawn as part of it. */
static void draw_links(struct svg *s, const struct axis *a, json_t *tasks)
{
    size_t i, k;
    json_t *t, *p;
    json_array_foreach(tasks, i, t) {
        int64_t start, end;
        if (!day_of(t, "start", &start)) {
            continue;
        }
        json_array_foreach(json_object_get(t, "predecessors"), k, p) {
            long j = task_index(tasks, json_integer_value(p));
            json_t *pt = json_array_get(tasks, j < 0 ? 0 : (size_t)j);
            if (j < 0 || !day_of(pt, "deadline", &end)) {
                continue;
            }
            bool crit = json_is_true(json_object_get(t, "critical")) &&
                        json_is_true(json_object_get(pt, "critical"));
            double y1 = HEAD_H + (double)j * ROW_H + ROW_H / 2;
            double y2 = HEAD_H + (double)i * ROW_H + ROW_H / 2;
            double x1 = x_of(a, end + 1), x2 = x_of(a, start);
            double pts[6] = {x1, y1, x1 + 14, y2, x2, y2};
            svg_curve(s, pts, SVG_S("class", crit ? "dep critical" : "dep"),
                      SVG_S("marker-end", "url(#dep-arrow)"));
        }
    }
}

/* Adds "chart", the Gantt chart of the view's tasks, to the view. */
static int chart(struct req *req, json_t *view)
{
    json_t *tasks = json_object_get(view, "tasks");
    size_t n = json_array_size(tasks);
    struct axis a = span(view);
    double bottom = HEAD_H + (double)n * ROW_H;
    const char *muni =
        json_string_value(json_object_get(json_object_get(view, "municipality"), "name"));
    struct svg s;
    svg_begin(&s, "timeline", LABEL_W + CHART_W + 10, bottom + 10, true,
              arena_printf(req->arena, "Tidslinje for %s, %s", req->res.project, muni ? muni : ""),
              arena_printf(req->arena,
                           "%zu %s som bjælker fra start til frist, farvet efter status "
                           "og med status i ord. Lodrette linjer viser go-live og i dag. Den "
                           "kritiske vej er fremhævet. Tabellen under har de samme oplysninger.",
                           n, n == 1 ? "opgave" : "opgaver"));
    svg_open(&s, "defs", SVG_S("class", "arrows"));
    svg_open(&s, "marker", SVG_S("id", "dep-arrow"), SVG_S("viewBox", "0 0 10 10"),
             SVG_N("refX", 9), SVG_N("refY", 5), SVG_N("markerWidth", 6), SVG_N("markerHeight", 6),
             SVG_S("orient", "auto"));
    svg_leaf(&s, "polygon", SVG_S("points", "0,0 10,5 0,10"));
    svg_close(&s);
    svg_close(&s);
    for (size_t i = 0; i < n; i += 2) {
        svg_leaf(&s, "rect", SVG_N("x", 0), SVG_N("y", HEAD_H + (double)i * ROW_H),
                 SVG_N("width", LABEL_W + CHART_W), SVG_N("height", ROW_H), SVG_S("class", "row"));
    }
    draw_months(req, &s, &a, bottom);
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(view, "waves"), i, w) {
        int64_t d;
        if (day_of(w, "go_live", &d)) {
            draw_marker(req, &s, x_of(&a, d), bottom, "go-live",
                        arena_printf(req->arena, "Go-live %s", human(req, d)), HEAD_H - 30);
        }
    }
    int64_t today;
    if (day_of(view, "today", &today)) {
        draw_marker(req, &s, x_of(&a, today), bottom, "today",
                    arena_printf(req->arena, "I dag %s", human(req, today)), HEAD_H - 12);
    }
    json_array_foreach(tasks, i, w) {
        draw_task(req, &s, &a, w, HEAD_H + (double)i * ROW_H);
    }
    draw_links(&s, &a, tasks);
    const char *err = NULL;
    json_t *svg = svg_finish(&s, &err);
    if (!svg) {
        return req_internal(req, err ? err : "timeline chart");
    }
    json_object_set_new(view, "chart", svg);
    return 0;
}

/* Page extra: the chart, and KOMBIT's pick list (pages/timeline.h). */
int page_timeline_extras(struct req *req)
{
    json_t *view = req_view(req);
    if (req->user->central) {
        json_t *munis = timeline_municipalities(req->db, req->res.project_id);
        if (!munis) {
            return req_internal(req, "municipalities");
        }
        const char *picked =
            json_string_value(json_object_get(json_object_get(view, "municipality"), "code"));
        size_t i;
        json_t *m;
        json_array_foreach(munis, i, m) {
            const char *code = json_string_value(json_object_get(m, "code"));
            json_object_set_new(m, "selected", json_boolean(picked && !strcmp(picked, code)));
        }
        json_object_set_new(view, "municipalities", munis);
    } else {
        json_object_set_new(view, "municipalities", json_null());
    }
    json_t *tasks = json_object_get(view, "tasks");
    if (!json_array_size(tasks)) {
        json_object_set_new(view, "chart", json_null());
        return 0;
    }
    return chart(req, view);
}
