/*
 * appt_sql: what "current" means for an appointment, as SQL, in one place
 * for every model file that reads appointments (internal to src/model/).
 * p is the table's alias with its dot ("a.") or "", day the parameter
 * holding today's date ("?1"); both are string literals.
 */
#ifndef KLIKD_MODEL_APPT_SQL_H
#define KLIKD_MODEL_APPT_SQL_H

/* Held on day: started, not past its to-date, not ended. */
#define APPT_CURRENT_AT(p, day)                                                             \
    " AND " p "ended_at IS NULL AND " p "from_date <= " day " AND (" p "to_date IS NULL OR " \
    p "to_date >= " day ")"
/* Not over on day: current, or yet to start. */
#define APPT_OPEN_AT(p, day)                                                                \
    " AND " p "ended_at IS NULL AND (" p "to_date IS NULL OR " p "to_date >= " day ")"

#endif
