/*
 * calendar: the calendar feed of a user's deadlines — made (the secret
 * URL shown once), revoked, and served to calendar programs as an
 * iCalendar file (RFC 5545: CRLF line ends, lines folded at 75 octets,
 * TEXT values escaped, DTSTAMP in UTC, one all-day VEVENT per deadline
 * with a UID that stays the same for the same task). The feed is
 * streamed event by event from a cursor of its own. Only the holder of
 * the URL reads a feed; it lists only their own tasks.
 */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "model/calendar.h"
#include "model/common.h"
#include "pages/calendar.h"
#include "pages/common.h"
#include "util.h"

/* The feed as it is being sent (malloc'd; no request memory). */
struct ics {
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

/* Appends s escaped as an iCalendar TEXT value (\\ \; \, \n). */
static void ics_text(struct buf *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '\\': buf_puts(out, "\\\\"); break;
        case ';': buf_puts(out, "\\;"); break;
        case ',': buf_puts(out, "\\,"); break;
        case '\n': buf_puts(out, "\\n"); break;
        case '\r': break;
        default: buf_putc(out, *s);
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
static void ics_event(struct ics *f, struct buf *out)
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

/* stream_fill_fn: the head, then one event per call, then the end. */
static int ics_fill(void *ctx, struct buf *out)
{
    struct ics *f = ctx;
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

/* Frees a feed's state. */
static void ics_free(void *ctx)
{
    struct ics *f = ctx;
    db_cursor_close(f->cur);
    free(f->origin);
    free(f);
}

/* GET /kalender/{token}: the feed, or 404 for an unknown or revoked URL. */
int page_calendar_feed(struct req *req)
{
    unsigned char hash[AUTH_HASH_LEN];
    auth_token_hash(req_param(req, "token"), hash);
    json_t *feed = calendar_find(req->db, hash);
    if (!feed) {
        return page_not_found(req, "calendar", "Kalenderen findes ikke");
    }
    int64_t person = json_integer_value(json_object_get(feed, "person_id"));
    struct db_cursor *cur = calendar_tasks(req->db, person);
    if (!cur) {
        return req_internal(req, "calendar tasks");
    }
    struct ics *f = xcalloc(1, sizeof *f);
    f->cur = cur;
    f->origin = xstrdup(req_origin(req));
    char now[21];
    now_iso(now); /* "2026-12-01T17:16:13Z" */
    memcpy(f->stamp, now, 4), memcpy(f->stamp + 4, now + 5, 2), memcpy(f->stamp + 6, now + 8, 2);
    f->stamp[8] = 'T';
    memcpy(f->stamp + 9, now + 11, 2), memcpy(f->stamp + 11, now + 14, 2);
    memcpy(f->stamp + 13, now + 17, 2);
    f->stamp[15] = 'Z';
    f->stamp[16] = '\0';
    req_stream(req, "text/calendar; charset=utf-8", ics_fill, ics_free, f);
    req_header(req, "Cache-Control", "private, no-store");
    return 200;
}

/* The caller's live feed for the account page: {calendar: {id,
 * created_at} | null}. */
int page_calendar_show(struct req *req)
{
    json_t *live = calendar_live(req->db, req->user->id);
    if (!live && db_failed(req->db)) {
        return req_internal(req, "calendar");
    }
    json_object_set_new(req_view(req), "calendar", live ? live : json_null());
    return 200;
}

/* POST /konto/kalender, /api/v1/me/calendar: a new secret URL, shown this
 * once (the old one stops working). */
int page_calendar_create(struct req *req)
{
    char token[AUTH_TOKEN_LEN + 1];
    unsigned char hash[AUTH_HASH_LEN];
    auth_random_token(token);
    auth_token_hash(token, hash);
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    if (calendar_create(req->db, &a, req->user->id, req->user->org_id, hash) < 0) {
        return req_internal(req, "calendar create");
    }
    int status = req_commit(req, 201);
    if (status != 201) {
        return status;
    }
    const char *url = arena_printf(req->arena, "%s/kalender/%s", req_origin(req), token);
    req->view = json_pack("{s:s}", "url", url);
    req->tpl = "calendar_created";
    req->title = "Din kalender";
    req->no_store = true;
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/konto", "Min konto");
    req_crumb(req, NULL, "Din kalender");
    return 201;
}

/* POST /konto/kalender/slet, DELETE /api/v1/me/calendar */
int page_calendar_revoke(struct req *req)
{
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int n = calendar_revoke(req->db, &a, req->user->id, req->user->org_id);
    if (n < 0) {
        return req_internal(req, "calendar revoke");
    }
    if (n == 0) {
        return req_fail(req, 404, NULL, "Du har ingen kalender");
    }
    req->location = "/konto";
    return req_commit(req, 204);
}
