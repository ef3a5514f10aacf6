/*
 * timeline: the data behind a municipality's project timeline — its
 * visible tasks of the project with their dates and status, the links
 * between them its master tasks' predecessors make, the go-live dates of
 * its waves — and the critical path (defined in model/timeline.h). Every
 * read is scoped to one organisation by the caller's choice of org; it
 * writes nothing and knows nothing of how the timeline is drawn.
 */
#include <stdlib.h>
#include <string.h>

#include "model/stmts.h"
#include "model/timeline.h"
#include "util.h"

static const char sql_tasks[] =
    "SELECT t.id, t.master_task_id, m.title, t.wave_id, t.start_date AS start,"
    " t.end_date AS deadline, t.status FROM tasks t"
    " JOIN master_tasks m ON m.id = t.master_task_id"
    " WHERE t.organisation_id = ?1 AND t.project_id = ?2 AND t.hidden_at IS NULL"
    " ORDER BY t.start_date IS NULL, t.start_date, t.end_date, t.id";

json_t *timeline_tasks(struct db *db, int64_t org, int64_t project)
{
    return db_rows(db, sql_tasks, "ii", org, project);
}

static const char sql_links[] =
    "SELECT t.id AS task, p.id AS predecessor FROM tasks t"
    " JOIN master_task_predecessors mp ON mp.master_task_id = t.master_task_id"
    " JOIN tasks p ON p.master_task_id = mp.predecessor_id"
    "  AND p.organisation_id = t.organisation_id AND p.wave_id = t.wave_id"
    " WHERE t.organisation_id = ?1 AND t.project_id = ?2 AND t.hidden_at IS NULL"
    "  AND p.hidden_at IS NULL"
    " ORDER BY t.id, p.id";

json_t *timeline_links(struct db *db, int64_t org, int64_t project)
{
    return db_rows(db, sql_links, "ii", org, project);
}

static const char sql_waves[] =
    "SELECT w.id, w.name, w.go_live FROM wave_members m JOIN waves w ON w.id = m.wave_id"
    " WHERE m.organisation_id = ?1 AND w.project_id = ?2"
    " ORDER BY w.go_live IS NULL, w.go_live, w.id";

json_t *timeline_waves(struct db *db, int64_t org, int64_t project)
{
    return db_rows(db, sql_waves, "ii", org, project);
}

static const char sql_municipalities[] =
    "SELECT DISTINCT o.code, o.name FROM waves w"
    " JOIN wave_members m ON m.wave_id = w.id"
    " JOIN organisations o ON o.id = m.organisation_id"
    " WHERE w.project_id = ?1 AND o.kind = 'municipality' ORDER BY o.name";

json_t *timeline_municipalities(struct db *db, int64_t project)
{
    return db_rows(db, sql_municipalities, "i", project);
}

/* What the planner knows of one task. */
struct node {
    int64_t id;    /* tasks.id */
    int64_t start; /* day number of the start, or -1 */
    int64_t end;   /* of the deadline, or -1 */
    int state;     /* 0 unvisited, 1 on the stack, 2 done */
    int64_t best;  /* task-days of the heaviest chain ending here */
    long prev;     /* index of that chain's previous task, or -1 */
    size_t *preds; /* indexes of its predecessors (owned) */
    size_t npreds; /* in preds */
};

/* The index of task id, or -1. */
static long index_of(const struct node *n, size_t count, int64_t id)
{
    for (size_t i = 0; i < count; i++) {
        if (n[i].id == id) {
            return (long)i;
        }
    }
    return -1;
}

/* A day number from an ISO date field of o, or -1. */
static int64_t day_of(json_t *o, const char *key)
{
    int64_t d;
    const char *s = json_string_value(json_object_get(o, key));
    return s && date_parse(s, &d) ? d : -1;
}

/* Fills best/prev of node i (and its predecessors) depth first; a link
 * back to a node on the stack closes a cycle and is ignored. The depth is
 * bounded by the number of tasks of one municipality and project. */
static void weigh(struct node *n, size_t i)
{
    struct node *t = &n[i];
    if (t->state) {
        return;
    }
    t->state = 1;
    t->best = t->end - t->start + 1;
    t->prev = -1;
    int64_t add = 0;
    for (size_t k = 0; k < t->npreds; k++) {
        struct node *p = &n[t->preds[k]];
        weigh(n, t->preds[k]);
        if (p->state != 2) {
            continue; /* on the stack: a cycle */
        }
        if (t->prev < 0 || p->best > add || (p->best == add && p->end > n[t->prev].end) ||
            (p->best == add && p->end == n[t->prev].end && t->preds[k] < (size_t)t->prev)) {
            add = p->best;
            t->prev = (long)t->preds[k];
        }
    }
    t->best += add;
    t->state = 2;
}

/* Builds the nodes from tasks and links; predecessors lists on each task
 * as ids; returns the nodes (caller frees with free_nodes). */
static struct node *build(json_t *tasks, json_t *links, size_t count)
{
    struct node *n = xcalloc(count ? count : 1, sizeof *n);
    for (size_t i = 0; i < count; i++) {
        json_t *t = json_array_get(tasks, i);
        n[i].id = json_integer_value(json_object_get(t, "id"));
        n[i].start = day_of(t, "start");
        n[i].end = day_of(t, "deadline");
        n[i].preds = xcalloc(json_array_size(links) + 1, sizeof *n[i].preds);
        json_object_set_new(t, "predecessors", json_array());
    }
    size_t k;
    json_t *l;
    json_array_foreach(links, k, l) {
        long a = index_of(n, count, json_integer_value(json_object_get(l, "task")));
        long b = index_of(n, count, json_integer_value(json_object_get(l, "predecessor")));
        if (a < 0 || b < 0 || a == b) {
            continue;
        }
        json_array_append_new(json_object_get(json_array_get(tasks, (size_t)a), "predecessors"),
                              json_integer(n[b].id));
        if (n[a].start >= 0 && n[a].end >= 0 && n[b].start >= 0 && n[b].end >= 0) {
            n[a].preds[n[a].npreds++] = (size_t)b;
        }
    }
    return n;
}

static void free_nodes(struct node *n, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(n[i].preds);
    }
    free(n);
}

/* Marks overdue and critical tasks (model/timeline.h). */
json_t *timeline_plan(json_t *tasks, json_t *links, const char *today)
{
    size_t count = json_array_size(tasks);
    struct node *n = build(tasks, links, count);
    int64_t now = -1, latest = -1;
    date_parse(today, &now);
    long last = -1;
    for (size_t i = 0; i < count; i++) {
        json_t *t = json_array_get(tasks, i);
        const char *status = json_string_value(json_object_get(t, "status"));
        bool done = status && !strcmp(status, "fuldfoert");
        json_object_set_new(t, "overdue", json_boolean(!done && n[i].end >= 0 && n[i].end < now));
        json_object_set_new(t, "critical", json_false());
        if (n[i].start < 0 || n[i].end < 0) {
            continue;
        }
        weigh(n, i);
        latest = n[i].end > latest ? n[i].end : latest;
    }
    for (size_t i = 0; i < count; i++) {
        if (n[i].end == latest && n[i].start >= 0 && (last < 0 || n[i].best > n[last].best)) {
            last = (long)i;
        }
    }
    json_t *path = json_array();
    for (long i = last; i >= 0; i = n[i].prev) {
        json_object_set_new(json_array_get(tasks, (size_t)i), "critical", json_true());
        json_array_insert_new(path, 0, json_integer(n[i].id));
    }
    free_nodes(n, count);
    return path;
}

const struct model_stmt timeline_stmts[] = {
    {"timeline.tasks", sql_tasks, false},
    {"timeline.links", sql_links, false},
    {"timeline.waves", sql_waves, false},
    {"timeline.municipalities", sql_municipalities, false},
};
const size_t ntimeline_stmts = NELEM(timeline_stmts);
