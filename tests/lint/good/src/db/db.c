/* db: the one file of the fixture that may include sqlite3.h and call it. */
#include <sqlite3.h>

#include "db.h"

/* Runs sql on a connection; 0 or -1. */
int db_exec_raw(sqlite3 *c, const char *sql)
{
    return sqlite3_exec(c, sql, 0, 0, 0) == SQLITE_OK ? 0 : -1;
}
