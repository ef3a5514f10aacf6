/*
 * db: the one way to SQLite. Opens a connection with the pragmas klikd
 * relies on, prepares each statement once per connection (keyed by the
 * address of its constant SQL text), binds typed arguments checked against
 * the statement's parameter count, turns rows into Jansson values, runs
 * transactions, migrations and online backups. It knows no nouns of the
 * domain; models hand it SQL constants and values, never formatted SQL.
 *
 * Binding formats, one letter per parameter, in order:
 *   i  int64_t            I  int64_t, bound as NULL when 0
 *   b  int (bool, 0/1)    d  double
 *   t  const char * (NULL binds NULL)
 *   o  struct owner_filter *: binds TWO parameters, "all rows" (0/1) and
 *      the owner id, for SQL written as (?N OR owner_col = ?N+1)
 * Column aliases may end in ":json" (the text is parsed as JSON) or
 * ":bool" (an integer becomes true/false); the suffix is dropped from the
 * key.
 */
#ifndef KLIKD_DB_H
#define KLIKD_DB_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct db;

/* Limits rows to one owner unless all is set (see 'o' above). */
struct owner_filter {
    bool all;         /* every owner's rows */
    int64_t owner_id; /* else only this owner's */
};

/* Opens (creating if needed) the database at path with WAL, foreign keys
 * and a busy timeout. NULL on failure, with a message in *err (caller
 * frees). Close with db_close(). */
struct db *db_open(const char *path, char **err);
void db_close(struct db *db);
/* The message of the last failure on this connection (borrowed). */
const char *db_errmsg(struct db *db);
sqlite3 *db_sqlite(struct db *db);

/* Runs a statement to completion. Returns the number of rows changed, or
 * -1 on failure (a constraint failure sets db_constraint()). */
int db_exec(struct db *db, const char *sql, const char *fmt, ...);
/* True when the last failure was a constraint violation (e.g. UNIQUE). */
bool db_constraint(struct db *db);
int64_t db_last_id(struct db *db);

/* Runs a query expected to give at most one integer. Returns 1 with *out
 * set, 0 when there is no row, -1 on failure. */
int db_int(struct db *db, int64_t *out, const char *sql, const char *fmt, ...);
/* Runs a query expected to give at most one text. Returns 1 with *out set
 * to a malloc'd copy (caller frees; NULL for SQL NULL), 0 when there is no
 * row, -1 on failure. */
int db_text(struct db *db, char **out, const char *sql, const char *fmt, ...);
/* All rows as an array of objects (new reference), or NULL on failure. */
json_t *db_rows(struct db *db, const char *sql, const char *fmt, ...);
/* The first row as an object (new reference); NULL when there is no row or
 * on failure — db_failed() tells which. */
json_t *db_row(struct db *db, const char *sql, const char *fmt, ...);
/* True when the last db_row/db_rows/db_int call failed (not "no row"). */
bool db_failed(struct db *db);
/* 0, or -1 when an error is latched (which it then clears). */
int db_check(struct db *db);
/* Forgets a latched error. */
void db_clear(struct db *db);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. 0 or -1. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);

/* Applies every migrations/NNNN_*.sql in dir not yet applied, in order,
 * each in its own transaction, recording it in schema_migrations. Prints
 * one line per applied file to log (may be NULL). 0 or -1. */
int db_migrate(struct db *db, const char *dir, FILE *log);
/* Number of migrations in dir not applied yet, or -1 on failure. */
int db_pending(struct db *db, const char *dir);
/* A consistent copy of the live database to path (online backup API). */
int db_backup(struct db *db, const char *path);

#endif
