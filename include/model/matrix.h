/*
 * model/matrix: KOMBIT's follow-up of a wave (matrix.c) — every member
 * municipality × every master task published to the wave, each cell the
 * task's status, with totals per municipality and per task; and each
 * municipality's progress per project. Reads only; the caller decides who
 * may ask (KOMBIT).
 *
 * A cell is one of "ikke_paabegyndt", "paabegyndt", "fuldfoert",
 * "overdue" (not done and the deadline has passed) or null (the
 * municipality has no visible task for it).
 */
#ifndef KLIKD_MODEL_MATRIX_H
#define KLIKD_MODEL_MATRIX_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"

/* The wave's matrix as of today ("YYYY-MM-DD"): {"wave": {id, name,
 * go_live, project}, "tasks": [{id, external_id, title, deadline}],
 * "municipalities": [{code, name, statuses: [cell per task], done,
 * overdue, total}], "totals": [{done, overdue, total} per task], "done",
 * "overdue", "total"}, municipalities in kommunekode order, tasks by
 * deadline. Without cells, only the wave and its tasks (municipalities
 * empty, totals zero): the columns, for the CSV. NULL when the wave does
 * not exist (or on failure: db_failed()). New reference. */
json_t *matrix_wave(struct db *db, int64_t wave_id, const char *today, bool cells);

/* The matrix as CSV for a spreadsheet (UTF-8 with BOM, ';' separated, CRLF),
 * made row by row while it is sent: open takes the task columns from the
 * matrix view made by matrix_wave() (copied) and opens a cursor of its own
 * over the cells; fill appends the next municipality's line (the header
 * first) and returns 1, or 0 after the last, -1 on failure. The caller
 * owns the state and frees it with matrix_csv_free. NULL on failure. */
struct matrix_csv;
struct matrix_csv *matrix_csv_open(struct db *db, int64_t wave_id, json_t *matrix,
                                   const char *today);
struct buf;
int matrix_csv_fill(void *state, struct buf *out);
void matrix_csv_free(void *state);

/* Every municipality's progress per project, over the tasks not hidden:
 * {"projects": [{code, name, municipalities: [{code, name, done, total,
 * overdue, percent}]}]}, only the pairs with tasks. New reference, NULL on
 * failure. */
json_t *matrix_progress(struct db *db, const char *today);

#endif
