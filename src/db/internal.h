/*
 * db internal: what the files of src/db/ share beyond db.h — the raw
 * connection and the error latch. Nothing outside src/db/ includes this;
 * the rest of klikd sees only the opaque struct db.
 */
#ifndef KLIKD_DB_INTERNAL_H
#define KLIKD_DB_INTERNAL_H

#include <sqlite3.h>

#include "db.h"

/* The connection's SQLite handle (borrowed; lives as long as db). */
sqlite3 *db_handle(struct db *db);
/* Latches "what: <SQLite's message for h>" unless an error is latched
 * already; h is the connection or another handle (a backup target). */
void db_latch_sqlite(struct db *db, const char *what, sqlite3 *h);
/* Latches a message of our own (copied) unless an error is latched. */
void db_latch_msg(struct db *db, const char *msg);
/* Runs every statement of a script (migrations, pragmas) with
 * sqlite3_exec. 0, or -1 with the error latched. */
int db_script(struct db *db, const char *sql);

#endif
