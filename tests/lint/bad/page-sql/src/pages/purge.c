/* purge: a bad fixture page that includes sqlite3.h and runs DELETE itself. */
#include <sqlite3.h>

#include "pages.h"

static const char sql_purge[] = "DELETE FROM sessions"
                                " WHERE user_id = ?1";

/* Deletes the caller's sessions straight through SQLite. */
int page_purge_all(struct req *req, sqlite3 *c)
{
    (void)req;
    return sqlite3_exec(c, sql_purge, 0, 0, 0) == SQLITE_OK ? 303 : 500;
}
