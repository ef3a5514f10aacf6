/* report: a bad fixture model that formats a value into SQL over several lines. */
#include "model.h"
#include "util.h"

char *arena_printf(void *arena, const char *fmt, ...);

/* Builds the statement for one municipality's roles (arena). */
char *report_sql(void *arena, const char *code)
{
    return arena_printf(arena,
                        "SELECT r.name"
                        "  FROM roles r"
                        " WHERE r.code = '%s'",
                        code);
}
