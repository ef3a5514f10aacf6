/*
 * audit: the trail of every change — who (user and organisation), whose
 * data, what action on which entity, before and after as JSON, when and
 * from where. Written in the same transaction as the change it records;
 * read scoped to the caller's organisation (KOMBIT reads all).
 */
#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "model.h"
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

static const char sql_list[] =
    "SELECT e.id, e.at, e.action, e.entity, e.entity_id, e.before AS \"before:json\","
    " e.after AS \"after:json\", e.client_addr, u.email AS user_email, p.name AS user_name,"
    " o.code AS organisation, ao.code AS actor_organisation"
    " FROM audit_events e"
    " LEFT JOIN users u ON u.id = e.user_id LEFT JOIN persons p ON p.id = u.person_id"
    " LEFT JOIN organisations o ON o.id = e.organisation_id"
    " LEFT JOIN organisations ao ON ao.id = e.actor_org_id"
    " WHERE (?1 OR e.organisation_id = ?2 OR e.actor_org_id = ?2)"
    "   AND (?3 IS NULL OR e.entity = ?3) AND (?4 IS NULL OR e.at >= ?4)"
    "   AND (?5 IS NULL OR e.action = ?5)"
    " ORDER BY e.id DESC LIMIT ?6";

json_t *audit_list(struct db *db, const struct owner_filter *scope, const char *entity,
                   const char *since, const char *action, int64_t limit)
{
    return db_rows(db, sql_list, "ottti", scope, entity, since, action, limit);
}
