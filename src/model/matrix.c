/*
 * matrix: KOMBIT's follow-up of a wave and of every municipality's
 * progress (see model/matrix.h). The matrix is built in one pass over the
 * wave's tasks in index order (db_each), cells placed by column without
 * an intermediate list of rows; the CSV export steps a cursor of its own
 * and writes one municipality's line at a time. It only reads, and never
 * decides who may see a wave.
 */
#include <stdlib.h>
#include <string.h>

#include "model/matrix.h"
#include "model/stmts.h"
#include "util.h"

static const char sql_wave[] =
    "SELECT w.id, w.name, w.go_live, p.code AS project FROM waves w"
    " JOIN projects p ON p.id = w.project_id WHERE w.id = ?1";
/* The master tasks published (and not withdrawn) to the wave, by deadline. */
static const char sql_columns[] =
    "SELECT m.id, m.external_id, m.title,"
    " date(w.go_live, coalesce(m.end_offset_days, 0) || ' days') AS deadline"
    " FROM wave_publications wp JOIN waves w ON w.id = wp.wave_id"
    " JOIN master_tasks m ON m.id = wp.master_task_id"
    " WHERE wp.wave_id = ?1 AND wp.unpublished_at IS NULL"
    " ORDER BY deadline, m.id";
static const char sql_members[] =
    "SELECT o.id, o.code, o.name FROM wave_members wm"
    " JOIN organisations o ON o.id = wm.organisation_id"
    " WHERE wm.wave_id = ?1 ORDER BY wm.organisation_id";
/* Every visible task of the wave in (municipality, master task) order. */
static const char sql_cells[] =
    "SELECT t.organisation_id, t.master_task_id,"
    " CASE WHEN t.status <> 'fuldfoert' AND t.end_date < ?2 THEN 'overdue'"
    " ELSE t.status END"
    " FROM tasks t WHERE t.wave_id = ?1 AND t.hidden_at IS NULL"
    " ORDER BY t.organisation_id";
/* The CSV: every member with its tasks' cells, one member after another. */
static const char sql_csv[] =
    "SELECT o.id, o.code, o.name, t.master_task_id,"
    " CASE WHEN t.status <> 'fuldfoert' AND t.end_date < ?2 THEN 'overdue'"
    " ELSE t.status END"
    " FROM wave_members wm JOIN organisations o ON o.id = wm.organisation_id"
    " LEFT JOIN tasks t ON t.wave_id = wm.wave_id AND t.organisation_id = wm.organisation_id"
    " AND t.hidden_at IS NULL"
    " WHERE wm.wave_id = ?1 ORDER BY wm.organisation_id";
static const char sql_progress[] =
    "SELECT p.code AS project, p.name AS project_name, o.code, o.name,"
    " sum(t.status = 'fuldfoert') AS done, count(*) AS total,"
    " sum(t.status <> 'fuldfoert' AND t.end_date < ?1) AS overdue"
    " FROM tasks t JOIN organisations o ON o.id = t.organisation_id"
    " JOIN projects p ON p.id = t.project_id WHERE t.hidden_at IS NULL"
    " GROUP BY t.project_id, t.organisation_id ORDER BY p.code, o.code";

/* A sorted index from master-task id to column, for placing cells. */
struct columns {
    int64_t *ids;  /* master-task ids, ascending */
    size_t *col;   /* the column of ids[i] */
    size_t nids;
};

/* qsort order of (id, column) pairs by id. */
static int cmp_id(const void *a, const void *b)
{
    int64_t x = ((const int64_t *)a)[0], y = ((const int64_t *)b)[0];
    return x < y ? -1 : x > y;
}

/* Builds the index over the "tasks" array of a matrix view (malloc'd;
 * free with columns_free). */
static void columns_build(struct columns *c, json_t *tasks)
{
    c->nids = json_array_size(tasks);
    int64_t(*pairs)[2] = xcalloc(c->nids ? c->nids : 1, sizeof *pairs);
    for (size_t i = 0; i < c->nids; i++) {
        pairs[i][0] = json_integer_value(json_object_get(json_array_get(tasks, i), "id"));
        pairs[i][1] = (int64_t)i;
    }
    qsort(pairs, c->nids, sizeof *pairs, cmp_id);
    c->ids = xcalloc(c->nids ? c->nids : 1, sizeof *c->ids);
    c->col = xcalloc(c->nids ? c->nids : 1, sizeof *c->col);
    for (size_t i = 0; i < c->nids; i++) {
        c->ids[i] = pairs[i][0];
        c->col[i] = (size_t)pairs[i][1];
    }
    free(pairs);
}

/* The column of master task id, or -1 when it has none. */
static long columns_find(const struct columns *c, int64_t id)
{
    size_t lo = 0, hi = c->nids;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->ids[mid] == id) {
            return (long)c->col[mid];
        }
        if (c->ids[mid] < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return -1;
}

/* Frees what columns_build allocated. */
static void columns_free(struct columns *c)
{
    free(c->ids);
    free(c->col);
}

/* What the pass over the cells fills. */
struct fill {
    struct columns cols;   /* master task → column */
    json_t *members;       /* the municipalities' rows, in id order */
    int64_t *member_ids;   /* their organisation ids */
    size_t nmembers;
    size_t at;             /* the row the last cell went to */
    json_t *totals;        /* per column {done, overdue, total} */
    json_t *words[4];      /* one shared value per status (see cell_value) */
};

/* The statuses a cell can hold, in the order of fill.words. */
static const char *const cell_words[4] = {"ikke_paabegyndt", "paabegyndt", "fuldfoert",
                                          "overdue"};

/* The shared value of status st (a new reference), so 14,700 cells cost
 * four strings; NULL for a status no cell can hold. */
static json_t *cell_value(struct fill *f, const char *st)
{
    for (size_t i = 0; i < NELEM(cell_words); i++) {
        if (!strcmp(st, cell_words[i])) {
            if (!f->words[i]) {
                f->words[i] = json_string(cell_words[i]);
            }
            return json_incref(f->words[i]);
        }
    }
    return NULL;
}

/* Adds 1 to the integer at key of o. */
static void bump(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    json_integer_set(v, json_integer_value(v) + 1);
}

/* db_each callback: one task cell into its municipality's row. */
static int put_cell(void *ctx, struct db_cursor *row)
{
    struct fill *f = ctx;
    int64_t org = db_col_int(row, 0);
    while (f->at < f->nmembers && f->member_ids[f->at] < org) {
        f->at++;
    }
    long col = columns_find(&f->cols, db_col_int(row, 1));
    const char *st = db_col_text(row, 2);
    if (f->at == f->nmembers || f->member_ids[f->at] != org || col < 0 || !st) {
        return 0; /* not a member (any more), or not published: not in the matrix */
    }
    json_t *m = json_array_get(f->members, f->at);
    json_t *v = cell_value(f, st);
    if (!v) {
        return 0;
    }
    json_array_set_new(json_object_get(m, "statuses"), (size_t)col, v);
    json_t *t = json_array_get(f->totals, (size_t)col);
    bump(m, "total"), bump(t, "total");
    if (!strcmp(st, "fuldfoert")) {
        bump(m, "done"), bump(t, "done");
    } else if (!strcmp(st, "overdue")) {
        bump(m, "overdue"), bump(t, "overdue");
    }
    return 0;
}

/* The member rows, each with a statuses array of n nulls; fills
 * f->member_ids. NULL on failure. */
static json_t *member_rows(struct db *db, int64_t wave_id, size_t n, struct fill *f)
{
    json_t *rows = db_rows(db, sql_members, "i", wave_id);
    if (!rows) {
        return NULL;
    }
    f->nmembers = json_array_size(rows);
    f->member_ids = xcalloc(f->nmembers ? f->nmembers : 1, sizeof *f->member_ids);
    size_t i;
    json_t *m;
    json_array_foreach(rows, i, m) {
        f->member_ids[i] = json_integer_value(json_object_get(m, "id"));
        json_object_del(m, "id");
        json_t *st = json_array();
        for (size_t k = 0; k < n; k++) {
            json_array_append_new(st, json_null());
        }
        json_object_set_new(m, "statuses", st);
        json_object_set_new(m, "done", json_integer(0));
        json_object_set_new(m, "overdue", json_integer(0));
        json_object_set_new(m, "total", json_integer(0));
    }
    return rows;
}

/* Sums key over the objects of arr. */
static json_int_t sum_of(json_t *arr, const char *key)
{
    json_int_t s = 0;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        s += json_integer_value(json_object_get(v, key));
    }
    return s;
}

json_t *matrix_wave(struct db *db, int64_t wave_id, const char *today, bool cells)
{
    json_t *wave = db_row(db, sql_wave, "i", wave_id);
    json_t *tasks = wave ? db_rows(db, sql_columns, "i", wave_id) : NULL;
    if (!tasks) {
        json_decref(wave);
        return NULL;
    }
    size_t n = json_array_size(tasks);
    struct fill f = {0};
    columns_build(&f.cols, tasks);
    f.totals = json_array();
    for (size_t k = 0; k < n; k++) {
        json_array_append_new(f.totals, json_pack("{s:i,s:i,s:i}", "done", 0, "overdue", 0,
                                                  "total", 0));
    }
    f.members = cells ? member_rows(db, wave_id, n, &f) : json_array();
    if (f.members && cells) {
        db_each(db, sql_cells, "it", put_cell, &f, wave_id, today);
    }
    columns_free(&f.cols);
    free(f.member_ids);
    for (size_t i = 0; i < NELEM(f.words); i++) {
        json_decref(f.words[i]);
    }
    json_t *out = json_pack("{s:o,s:o,s:o*,s:o}", "wave", wave, "tasks", tasks,
                            "municipalities", f.members, "totals", f.totals);
    if (!f.members || db_failed(db)) {
        json_decref(out);
        return NULL;
    }
    json_object_set_new(out, "done", json_integer(sum_of(f.totals, "done")));
    json_object_set_new(out, "overdue", json_integer(sum_of(f.totals, "overdue")));
    json_object_set_new(out, "total", json_integer(sum_of(f.totals, "total")));
    return out;
}

/* The Danish word of a cell for people reading the CSV. */
static const char *cell_word(const char *st)
{
    if (!st) {
        return "";
    }
    return !strcmp(st, "fuldfoert")  ? "Fuldført"
           : !strcmp(st, "paabegyndt") ? "Påbegyndt"
           : !strcmp(st, "overdue")    ? "Forsinket"
                                       : "Ikke påbegyndt";
}

/* Appends one CSV field: quoted when it holds ';', '"' or a line break,
 * and led by an apostrophe when a spreadsheet would take it for a
 * formula (=, +, -, @). */
static void csv_field(struct buf *out, const char *s, bool first)
{
    if (!first) {
        buf_putc(out, ';');
    }
    s = s ? s : "";
    bool quote = strpbrk(s, ";\"\r\n") != NULL;
    if (quote) {
        buf_putc(out, '"');
    }
    if (strchr("=+-@", s[0]) && s[0]) {
        buf_putc(out, '\'');
    }
    for (; *s; s++) {
        if (*s == '"') {
            buf_putc(out, '"');
        }
        buf_putc(out, *s);
    }
    if (quote) {
        buf_putc(out, '"');
    }
}

struct matrix_csv {
    struct db_cursor *cur; /* the cells, member after member */
    struct columns cols;   /* master task → column */
    char **heads;          /* the task columns' headings (owned) */
    size_t ncols;
    const char **cells;    /* the current member's cells (static words) */
    int64_t org;           /* the current member, 0 before the first */
    char *code, *name;     /* its kommunekode and name (owned) */
    bool header_done;      /* the heading line is out */
    bool have_row;         /* the cursor stands on a row not yet used */
};

struct matrix_csv *matrix_csv_open(struct db *db, int64_t wave_id, json_t *matrix,
                                   const char *today)
{
    struct db_cursor *cur = db_cursor_open(db, sql_csv, "it", wave_id, today);
    if (!cur) {
        return NULL;
    }
    struct matrix_csv *c = xcalloc(1, sizeof *c);
    json_t *tasks = json_object_get(matrix, "tasks");
    c->cur = cur;
    columns_build(&c->cols, tasks);
    c->ncols = json_array_size(tasks);
    c->heads = xcalloc(c->ncols + 1, sizeof *c->heads);
    c->cells = xcalloc(c->ncols + 1, sizeof *c->cells);
    for (size_t i = 0; i < c->ncols; i++) {
        json_t *t = json_array_get(tasks, i);
        const char *deadline = json_string_value(json_object_get(t, "deadline"));
        c->heads[i] = xasprintf("%s (%s)", json_string_value(json_object_get(t, "title")),
                                deadline ? deadline : "ingen frist");
    }
    return c;
}

/* Appends the current member's line and forgets the member. */
static void csv_member_line(struct matrix_csv *c, struct buf *out)
{
    int done = 0, overdue = 0, total = 0;
    csv_field(out, c->code, true);
    csv_field(out, c->name, false);
    for (size_t i = 0; i < c->ncols; i++) {
        const char *w = c->cells[i];
        csv_field(out, w, false);
        total += w != NULL && *w;
        done += w && !strcmp(w, "Fuldført");
        overdue += w && !strcmp(w, "Forsinket");
        c->cells[i] = NULL;
    }
    buf_printf(out, ";%d;%d;%d\r\n", done, overdue, total);
    c->org = 0;
    free(c->code);
    free(c->name);
    c->code = c->name = NULL;
}

int matrix_csv_fill(void *state, struct buf *out)
{
    struct matrix_csv *c = state;
    if (!c->header_done) {
        buf_puts(out, "\xEF\xBB\xBF"); /* a BOM: spreadsheets then read UTF-8 */
        csv_field(out, "Kommunekode", true);
        csv_field(out, "Kommune", false);
        for (size_t i = 0; i < c->ncols; i++) {
            csv_field(out, c->heads[i], false);
        }
        buf_puts(out, ";Fuldført;Forsinket;I alt\r\n");
        c->header_done = true;
        return 1;
    }
    for (;;) {
        if (!c->have_row) {
            int rc = db_cursor_step(c->cur);
            if (rc <= 0) {
                if (rc == 0 && c->org) {
                    csv_member_line(c, out);
                    return 1;
                }
                return rc;
            }
            c->have_row = true;
        }
        int64_t org = db_col_int(c->cur, 0);
        if (c->org && org != c->org) {
            csv_member_line(c, out);
            return 1;
        }
        if (!c->org) {
            c->org = org;
            c->code = xstrdup(db_col_text(c->cur, 1));
            c->name = xstrdup(db_col_text(c->cur, 2));
        }
        long col = columns_find(&c->cols, db_col_int(c->cur, 3));
        const char *st = db_col_text(c->cur, 4);
        if (col >= 0 && st) {
            c->cells[col] = cell_word(st);
        }
        c->have_row = false;
    }
}

void matrix_csv_free(void *state)
{
    struct matrix_csv *c = state;
    if (!c) {
        return;
    }
    db_cursor_close(c->cur);
    columns_free(&c->cols);
    for (size_t i = 0; i < c->ncols; i++) {
        free(c->heads[i]);
    }
    free(c->heads);
    free(c->cells);
    free(c->code);
    free(c->name);
    free(c);
}

json_t *matrix_progress(struct db *db, const char *today)
{
    json_t *rows = db_rows(db, sql_progress, "t", today);
    if (!rows) {
        return NULL;
    }
    json_t *projects = json_array(), *cur = NULL;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        const char *code = json_string_value(json_object_get(r, "project"));
        if (!cur || strcmp(json_string_value(json_object_get(cur, "code")), code)) {
            cur = json_pack("{s:s,s:O,s:[]}", "code", code, "name",
                            json_object_get(r, "project_name"), "municipalities");
            json_array_append_new(projects, cur);
        }
        json_int_t done = json_integer_value(json_object_get(r, "done"));
        json_int_t total = json_integer_value(json_object_get(r, "total"));
        json_object_set_new(r, "percent", json_integer(total ? done * 100 / total : 0));
        json_object_del(r, "project");
        json_object_del(r, "project_name");
        json_array_append(json_object_get(cur, "municipalities"), r);
    }
    json_decref(rows);
    return json_pack("{s:o}", "projects", projects);
}

const struct model_stmt matrix_stmts[] = {
    {"matrix.wave", sql_wave, false},
    {"matrix.columns", sql_columns, false},
    {"matrix.members", sql_members, false},
    {"matrix.cells", sql_cells, false},
    {"matrix.csv", sql_csv, false},
    {"matrix.progress", sql_progress, true},
};
const size_t nmatrix_stmts = NELEM(matrix_stmts);
