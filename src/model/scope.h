/*
 * model scope: the one helper that scopes reads to an organisation. A
 * scoped read has two statements, one for every owner's rows (a
 * publisher) and one for one owner's, so that each can use an index; a
 * single statement with "(? OR col = ?)" would make SQLite scan the table.
 * Internal to src/model/.
 */
#ifndef KLIKD_MODEL_SCOPE_H
#define KLIKD_MODEL_SCOPE_H

#include "model/common.h"

/* The statement for scope: all_sql for every owner's rows, else own_sql. */
static inline const char *scope_sql(const struct owner_filter *scope, const char *all_sql,
                                    const char *own_sql)
{
    return scope->all ? all_sql : own_sql;
}

/* The SQL and binding format of a scoped read, as two arguments of a db_
 * call. own_sql takes the same parameters as all_sql plus the owner id as
 * its last one ('i' appended to fmt); pass scope->owner_id after the
 * other arguments: with all_sql the format stops before it and it is not
 * read. */
#define SCOPED(scope, all_sql, own_sql, fmt)                                                  \
    scope_sql((scope), (all_sql), (own_sql)), ((scope)->all ? fmt : fmt "i")

#endif
