/*
 * db: the one way to SQLite. Opens a connection with the pragmas klikd
 * relies on, prepares each statement once per connection (keyed by the
 * address of its constant SQL text), binds typed arguments checked against
 * the statement's parameter count, turns rows into Jansson values, runs
 * transactions, migrations and online backups. It knows no nouns of the
 * domain; models hand it SQL constants and values, never formatted SQL.
 * The connection is opaque: no SQLite type or handle leaves this layer.
 *
 * Errors are latched, as SQLite's own sticky errors: the first failure on
 * a connection (its message and whether it was a constraint violation)
 * stays until db_check() or db_clear() forgets it. Statements after a
 * latched error still run; their own failures do not replace the first
 * message. A request begins with db_clear().
 *
 * Binding formats, one letter per parameter, in order:
 *   i  int64_t            I  int64_t, bound as NULL when 0
 *   b  int (bool, 0/1)    d  double
 *   t  const char * (NULL binds NULL)
 *   B  const void *, size_t: a blob of that many bytes (two arguments,
 *      one parameter; the bytes must stay put until the call returns)
 * Column aliases may end in a suffix that is dropped from the key:
 *   ":json"  the text is parsed as JSON (null if it does not parse)
 *   ":bool"  an integer becomes true/false
 *   ":html"  the text is stored HTML, made a value by the hook set with
 *            db_set_html_hook() (a plain string when none is set)
 */
#ifndef KLIKD_DB_H
#define KLIKD_DB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct db;

/* Opens (creating if needed) the database at path with WAL, foreign keys
 * and a busy timeout. NULL on failure, with a message in *err (caller
 * frees). Close with db_close(). */
struct db *db_open(const char *path, char **err);
/* Finalises the cached statements and closes the connection; NULL is a
 * no-op. */
void db_close(struct db *db);

/* True while an error is latched on this connection. */
bool db_failed(struct db *db);
/* 0 when no error is latched; else -1, and the latch is cleared (the
 * caller has now seen the error; read db_errmsg() before calling). */
int db_check(struct db *db);
/* Forgets a latched error without looking at it. */
void db_clear(struct db *db);
/* The latched error's message, or "no error" (borrowed; valid until the
 * latch is cleared). */
const char *db_errmsg(struct db *db);
/* True when the latched error is a constraint violation (e.g. UNIQUE). */
bool db_constraint(struct db *db);

/* Runs a statement to completion. Returns the number of rows changed, or
 * -1 on failure (latched). */
int db_exec(struct db *db, const char *sql, const char *fmt, ...);
/* The rowid of the connection's last successful INSERT. */
int64_t db_last_id(struct db *db);

/* Runs a query expected to give at most one integer. Returns 1 with *out
 * set, 0 when there is no row, -1 on failure (latched). */
int db_int(struct db *db, int64_t *out, const char *sql, const char *fmt, ...);
/* Runs a query expected to give at most one text. Returns 1 with *out set
 * to a malloc'd copy (caller frees; NULL for SQL NULL), 0 when there is no
 * row, -1 on failure (latched). */
int db_text(struct db *db, char **out, const char *sql, const char *fmt, ...);
/* Runs a query expected to give at most one blob. Returns 1 with *out
 * set to a malloc'd copy of its bytes (caller frees; one spare byte at
 * the end) and *len to their number, 0 when there is no row, -1 on
 * failure (latched). */
int db_blob(struct db *db, void **out, size_t *len, const char *sql, const char *fmt, ...);
/* All rows as an array of objects (new reference), or NULL on failure
 * (latched). */
json_t *db_rows(struct db *db, const char *sql, const char *fmt, ...);
/* The first row as an object (new reference); NULL when there is no row or
 * on failure — db_failed() tells which. */
json_t *db_row(struct db *db, const char *sql, const char *fmt, ...);

/* The query plan SQLite chooses for a constant SQL text, unbound
 * parameters taken as unknown: an array of the plan's detail lines
 * ("SEARCH a USING INDEX ..."), each prefixed by two spaces per level of
 * nesting (new reference). The statement is not run. NULL on failure
 * (latched). For tests and tools; not cached. */
json_t *db_plan(struct db *db, const char *sql);

/* Sets, once at start-up and for the whole process, the function that
 * makes a value of a ":html" column (see the formats above); it gets the
 * column's bytes and returns a new reference. NULL restores plain strings.
 * Not thread-safe: call before any connection is used. */
void db_set_html_hook(json_t *(*fn)(const char *html, size_t len));

/* Transactions: BEGIN IMMEDIATE / COMMIT, 0 or -1 (latched). */
int db_begin(struct db *db);
int db_commit(struct db *db);
/* Rolls back the open transaction, if any. A latched error stays latched
 * (the reason for the rollback is the message worth keeping). */
void db_rollback(struct db *db);

/* Applies every migrations/NNNN_*.sql in dir not yet applied, in order,
 * each in its own transaction with foreign keys off, checked with
 * foreign_key_check before it commits, recording it in schema_migrations.
 * Prints one line per applied file to log (may be NULL). 0 or -1. */
int db_migrate(struct db *db, const char *dir, FILE *log);
/* Number of migrations in dir not applied yet, or -1 on failure. */
int db_pending(struct db *db, const char *dir);
/* A consistent copy of the live database to path (online backup API).
 * 0 or -1 (latched). */
int db_backup(struct db *db, const char *path);

/* ---- Row iteration: rows one at a time, for long lists and exports ----
 * A row seen through struct db_cursor is valid until the next step; its
 * columns are read by position, in the order the SQL selects them. */
struct db_cursor;

/* Runs sql on db (the cached statement) and calls fn(ctx, row) for each
 * row, in order; fn returns 0 to go on, anything else to stop early.
 * Returns the number of rows fn saw, or -1 on failure (latched). The
 * arguments for fmt follow ctx. Nothing of the row outlives the call. */
int db_each(struct db *db, const char *sql, const char *fmt,
            int (*fn)(void *ctx, struct db_cursor *row), void *ctx, ...);
/* Opens a cursor over sql on a connection of its own to db's file, so
 * that it can be stepped later (a streamed response) while db serves
 * other requests. The statement is prepared for this cursor alone and
 * holds one read snapshot until closed. NULL on failure (latched on db).
 * Close with db_cursor_close(); the caller owns it. */
struct db_cursor *db_cursor_open(struct db *db, const char *sql, const char *fmt, ...);
/* The next row: 1 with a row, 0 at the end, -1 on failure (see
 * db_cursor_errmsg). */
int db_cursor_step(struct db_cursor *c);
/* The current row's column i: as an integer (0 for NULL), as text (NULL
 * for NULL; borrowed until the next step), or the whole row as an object
 * keyed as db_rows() keys it (new reference). */
int64_t db_col_int(struct db_cursor *c, int i);
const char *db_col_text(struct db_cursor *c, int i);
json_t *db_col_row(struct db_cursor *c);
/* The message of a cursor's failure (borrowed), or "no error". */
const char *db_cursor_errmsg(struct db_cursor *c);
/* Finalises the statement and closes the cursor's own connection; NULL
 * is a no-op. A row iterated by db_each is not closed by this. */
void db_cursor_close(struct db_cursor *c);

#endif
