/*
 * model/common: what every noun of the model shares — who acts (for the
 * audit trail), the results of a save, and the owner filter that scopes a
 * read to one organisation's rows. Only types; no function lives here.
 *
 * Returned json_t values of the model are new references (in a request
 * they live in its arena); NULL means "not found" unless db_failed() says
 * an error is latched. Every write also writes its audit event; the caller
 * holds the transaction (the router does for requests, import_files() for
 * imports). The model never includes http, pages or view.
 */
#ifndef KLIKD_MODEL_COMMON_H
#define KLIKD_MODEL_COMMON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db.h"

/* Who acts, for the audit trail. */
struct actor {
    int64_t user_id;  /* 0: the system (command line) */
    int64_t org_id;   /* the actor's organisation, 0 for the system */
    const char *addr; /* client address, or "cli" */
};

/* Write results beside -1 (failure). */
enum save_result { SAVE_CREATED = 0, SAVE_UPDATED = 1, SAVE_UNCHANGED = 2 };

/* Limits rows to one owner unless all is set. The model picks one of two
 * statements from it (every owner's rows, or one owner's), so both can use
 * an index. */
struct owner_filter {
    bool all;         /* every owner's rows (a publisher) */
    int64_t owner_id; /* else only this organisation's */
};

#endif
