/* db: a clean fixture header; it does not expose sqlite3.h. */
#ifndef FIXTURE_DB_H
#define FIXTURE_DB_H
struct db;
/* Runs a constant statement with bound arguments; 0 or -1. */
int db_exec(struct db *db, const char *sql, const char *fmt, ...);
#endif
