/* model: a clean fixture header of the model layer. */
#ifndef FIXTURE_MODEL_H
#define FIXTURE_MODEL_H
#include "db.h"
/* Deletes one role; 0 or -1. */
int role_delete(struct db *db, long long id);
#endif
