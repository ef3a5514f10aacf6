/*
 * calendar: the calendar feeds of users (see model/calendar.h). Secrets
 * never reach the database, only their SHA-256 as hex; who may read a
 * feed is whoever holds its URL, so a feed lists only the holder's own
 * deadlines and is revocable. The feed is written as RFC 5545 asks: CRLF
 * line ends, lines folded at 75 octets (never inside a UTF-8 character),
 * TEXT values escaped, DTSTAMP in UTC, one all-day VEVENT per deadline
 * with a UID that stays the same for the same task.
 */
#include <stdlib.h>
#include <string.h>

#include "model/audit.h"
#include "model/calendar.h"
#include "model/common.h"
#include "model/stmts.h"
#include "util.h"

/* A 32-byte hash as lower-case hex, the way the tables store hashes. */
static void hex(const unsigned char *hash, char out[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[hash[i] >> 4];
        out[2 * i + 1] = digits[hash[i] & 15];
    }
    out[64] = '\0';
}

static const char sql_revoke[] =
    "UPDATE calendar_feeds SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL";
static const char sql_insert[] =
    "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?1, ?2, ?3)";

int64_t calendar_create(struct db *db, const struct actor *a, int64_t user_id, int64_t org_id,
                        const unsigned char *hash)
{
    char h[65], now[21];
    hex(hash, h);
    now_iso(now);
    if (db_exec(db, sql_revoke, "it", user_id, now) < 0 ||
        db_exec(db, sql_insert, "itt", user_id, h, now) != 1) {
        return -1;
    }
    int64_t id = db_last_id(db);
    if (audit_write(db, a, org_id, "calendar.create", "calendar_feed", id, NULL, NULL) < 0) {
        return -1;
    }
    return id;
}

int calendar_revoke(struct db *db, const struct actor *a, int64_t user_id, int64_t org_id)
{
    char now[21];
    now_iso(now);
    int n = db_exec(db, sql_revoke, "it", user_id, now);
    if (n > 0 &&
        audit_write(db, a, org_id, "calendar.revoke", "calendar_feed", 0, NULL, NULL) < 0) {
        return -1;
    }
    return n < 0 ? -1 : n > 0;
}

static const char sql_live[] =
    "SELECT id, created_at FROM calendar_feeds WHERE user_id = ?1 AND revoked_at IS NULL";

json_t *calendar_live(struct db *db, int64_t user_id)
{
    return db_row(db, sql_live, "i", user_id);
}

static const char sql_find[] =
    "SELECT f.id, f.user_id, u.person_id, p.name FROM calendar_feeds f"
    " JOIN users u ON u.id = f.user_id JOIN persons p ON p.id = u.person_id"
    " WHERE f.token_hash = ?1 AND f.revoked_at IS NULL AND u.active = 1";

json_t *calendar_find(struct db *db, const unsigned char *hash)
{
    char h[65];
    hex(hash, h);
    return db_row(db, sql_find, "t", h);
}

static const char sql_tasks[] =
    "SELECT t.id, m.title, replace(t.end_date, '-', ''),"
    " replace(date(t.end_date, '+1 day'), '-', ''), t.status, p.code, w.name,"
    " t.responsible_id = ?1, t.performer_id = ?1"
    " FROM tasks t JOIN master_tasks m ON m.id = t.master_task_id"
    " JOIN projects p ON p.id = t.project_id LEFT JOIN waves w ON w.id = t.wave_id"
    " WHERE (t.responsible_id = ?1 OR t.performer_id = ?1) AND t.hidden_at IS NULL"
    " AND t.end_date IS NOT NULL ORDER BY t.end_date, t.id";

/* The feed as it is being sent (malloc'd; no request memory). */
struct calendar_ics {
    struct db_cursor *cur; /* the person's tasks */
    char *origin;          /* "https://host" for the tasks' URLs (owned) */
    char stamp[17];        /* DTSTAMP: now, "YYYYMMDDTHHMMSSZ" */
    bool started;          /* the calendar's head is out */
};

/* Appends one content line "name:value" (value already escaped as the
 * property needs), folded so that no line passes 75 octets: a fold is
 * CRLF and a space, never inside a UTF-8 character. */
static void ics_line(struct buf *out, const char *name, const char *value)
{
    struct buf line = {0};
    buf_printf(&line, "%s:%s", name, value);
    const char *s = buf_str(&line);
    size_t n = line.len, col = 0;
    for (size_t i = 0; i < n;) {
        size_t k = 1;
        while (i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80) {
            k++; /* the continuation bytes of this character */
        }
        if (col + k > 75) {
            buf_puts(out, "\r\n ");
            col = 1;
        }
        buf_append(out, s + i, k);
        col += k;
        i += k;
    }
    buf_puts(out, "\r\n");
    buf_free(&line);
}

/* Appends s escaped as an iCalendar TEXT value (\\ \; \, \n), dropping the
 * control characters TEXT may not hold. */
static void ics_text(struct buf *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '\\': buf_puts(out, "\\\\"); break;
        case ';': buf_puts(out, "\\;"); break;
        case ',': buf_puts(out, "\\,"); break;
        case '\n': buf_puts(out, "\\n"); break;
        case '\r': break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\t') { /* other controls are not TEXT */
                buf_putc(out, *s);
            }
        }
    }
}

/* The Danish word of a task status. */
static const char *status_word(const char *st)
{
    return !st                           ? ""
           : !strcmp(st, "fuldfoert")  ? "fuldført"
           : !strcmp(st, "paabegyndt") ? "påbegyndt"
                                       : "ikke påbegyndt";
}

/* Appends the VEVENT of the cursor's current task. */
static void ics_event(struct calendar_ics *f, struct buf *out)
{
    struct db_cursor *c = f->cur;
    struct buf v = {0};
    ics_line(out, "BEGIN", "VEVENT");
    buf_printf(&v, "task-%lld@klikd", (long long)db_col_int(c, 0));
    ics_line(out, "UID", buf_str(&v));
    ics_line(out, "DTSTAMP", f->stamp);
    ics_line(out, "DTSTART;VALUE=DATE", db_col_text(c, 2));
    ics_line(out, "DTEND;VALUE=DATE", db_col_text(c, 3));
    buf_reset(&v);
    buf_puts(&v, "Frist: ");
    ics_text(&v, db_col_text(c, 1));
    ics_line(out, "SUMMARY", buf_str(&v));
    buf_reset(&v);
    struct buf d = {0};
    const char *wave = db_col_text(c, 6);
    buf_printf(&d, "Projekt %s%s%s. Status: %s. Du er %s.", db_col_text(c, 5),
               wave ? ", " : "", wave ? wave : "", status_word(db_col_text(c, 4)),
               db_col_int(c, 7) && db_col_int(c, 8) ? "ansvarlig og udfører"
               : db_col_int(c, 7)                   ? "ansvarlig"
                                                    : "udfører");
    ics_text(&v, buf_str(&d));
    ics_line(out, "DESCRIPTION", buf_str(&v));
    buf_reset(&v);
    buf_printf(&v, "%s/opgaver/%lld", f->origin, (long long)db_col_int(c, 0));
    ics_line(out, "URL", buf_str(&v));
    ics_line(out, "TRANSP", "TRANSPARENT");
    ics_line(out, "END", "VEVENT");
    buf_free(&v);
    buf_free(&d);
}

int calendar_ics_fill(void *ctx, struct buf *out)
{
    struct calendar_ics *f = ctx;
    if (!f->started) {
        ics_line(out, "BEGIN", "VCALENDAR");
        ics_line(out, "VERSION", "2.0");
        ics_line(out, "PRODID", "-//klikd//Opgavefrister//DA");
        ics_line(out, "CALSCALE", "GREGORIAN");
        ics_line(out, "METHOD", "PUBLISH");
        ics_line(out, "X-WR-CALNAME", "Mine opgavefrister (klikd)");
        f->started = true;
        return 1;
    }
    int rc = db_cursor_step(f->cur);
    if (rc == 1) {
        ics_event(f, out);
        return 1;
    }
    if (rc == 0) {
        ics_line(out, "END", "VCALENDAR");
    }
    return rc;
}

void calendar_ics_free(void *ctx)
{
    struct calendar_ics *f = ctx;
    db_cursor_close(f->cur);
    free(f->origin);
    free(f);
}

struct calendar_ics *calendar_ics_open(struct db *db, int64_t person_id, const char *origin)
{
    struct db_cursor *cur = db_cursor_open(db, sql_tasks, "i", person_id);
    if (!cur) {
        return NULL;
    }
    struct calendar_ics *f = xcalloc(1, sizeof *f);
    f->cur = cur;
    f->origin = xstrdup(origin);
    char now[21];
    now_iso(now); /* "2026-12-01T17:16:13Z" → "20261201T171613Z" */
    size_t n = 0;
    for (const char *p = now; *p; p++) {
        if (*p != '-' && *p != ':') {
            f->stamp[n++] = *p;
        }
    }
    f->stamp[n] = '\0';
    return f;
}

const struct model_stmt calendar_stmts[] = {
    {"calendar.revoke", sql_revoke, false},
    {"calendar.insert", sql_insert, false},
    {"calendar.live", sql_live, false},
    {"calendar.find", sql_find, false},
    {"calendar.tasks", sql_tasks, false},
};
const size_t ncalendar_stmts = NELEM(calendar_stmts);
