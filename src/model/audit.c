/*
 * audit: the trail of every change — who (user and organisation), whose
 * data, what action on which entity, before and after as JSON, when and
 * from where. Written in the same transaction as the change it records;
 * read scoped to the caller's organisation (KOMBIT reads all).
 */
#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "model/audit.h"
#include "model/stmts.h"
#include "scope.h"
#include "util.h"

static const char sql_insert[] =
    "INSERT INTO audit_events (at, user_id, organisation_id, actor_org_id, action, entity,"
    " entity_id, before, after, client_addr) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

int audit_write(struct db *db, const struct actor *a, int64_t org_id, const char *action,
                const char *entity, int64_t entity_id, json_t *before, json_t *after)
{
    char now[21];
    now_iso(now);
    char *b = before ? json_text(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *af = after ? json_text(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)entity_id);
    int rc = db_exec(db, sql_insert, "tIIItttttt", now, a->user_id, org_id, a->org_id, action,
                     entity, entity_id ? id : NULL, b, af, a->addr);
    free(b);
    free(af);
    return rc < 0 ? -1 : 0;
}

#define AUDIT_COLUMNS                                                                       \
    "SELECT e.id, e.at, e.action, e.entity, e.entity_id, e.before AS \"before:json\","       \
    " e.after AS \"after:json\", e.client_addr, u.email AS user_email, p.name AS user_name,"  \
    " o.code AS organisation, ao.code AS actor_organisation"                                 \
    " FROM audit_events e"                                                                   \
    " LEFT JOIN users u ON u.id = e.user_id LEFT JOIN persons p ON p.id = u.person_id"      \
    " LEFT JOIN organisations o ON o.id = e.organisation_id"                                \
    " LEFT JOIN organisations ao ON ao.id = e.actor_org_id"

/* The optional filters on columns of events named x. */
#define AUDIT_FILTERS(x)                                                                    \
    " (?1 IS NULL OR " x ".entity = ?1) AND (?2 IS NULL OR " x ".at >= ?2)"                \
    " AND (?3 IS NULL OR " x ".action = ?3)"

/* Every event: the newest ones, read backwards over the rowid. */
static const char sql_list_all[] =
    AUDIT_COLUMNS " WHERE" AUDIT_FILTERS("e") " ORDER BY e.id DESC LIMIT ?4";
/* One organisation's events, about its data or by its people: the newest
 * of each kind through its own index (each in id order), merged. */
static const char sql_list_own[] =
    AUDIT_COLUMNS " WHERE e.id IN ("
    "SELECT id FROM (SELECT x.id FROM audit_events x WHERE x.organisation_id = ?5 AND"
    AUDIT_FILTERS("x") " ORDER BY x.id DESC LIMIT ?4)"
    " UNION SELECT id FROM (SELECT x.id FROM audit_events x WHERE x.actor_org_id = ?5 AND"
    AUDIT_FILTERS("x") " ORDER BY x.id DESC LIMIT ?4))"
    " ORDER BY e.id DESC LIMIT ?4";

json_t *audit_list(struct db *db, const struct owner_filter *scope, const char *entity,
                   const char *since, const char *action, int64_t limit)
{
    return db_rows(db, SCOPED(scope, sql_list_all, sql_list_own, "ttti"), entity, since, action,
                   limit, scope->owner_id);
}

const struct model_stmt audit_stmts[] = {
    {"audit.insert", sql_insert, false},
    {"audit.list_all", sql_list_all, true},
    {"audit.list_own", sql_list_own, false},
};
const size_t naudit_stmts = NELEM(audit_stmts);
