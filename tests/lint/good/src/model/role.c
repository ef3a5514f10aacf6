/* role: the model of a fixture noun; SQL is a constant beside its function. */
#include <stdio.h>

#include "model.h"
#include "util.h"

static const char sql_delete[] =
    "DELETE FROM roles"
    " WHERE id = ?1";

/* Deletes one role; 0 or -1 (the db latches the error). */
int role_delete(struct db *db, long long id)
{
    char label[32];
    snprintf(label, sizeof label, "role %lld", id); /* no SQL words: fine */
    return db_exec(db, sql_delete, "i", id);
}
