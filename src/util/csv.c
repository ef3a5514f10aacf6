/*
 * csv: CSV rows written and read as Danish spreadsheets expect them
 * (';'-separated, CRLF, quoted where needed, UTF-8 with a byte order mark),
 * and the escaping and line folding of vCard 4.0 text (see util/csv.h).
 * Pure text work: no contact columns, no I/O, no global state.
 */
#include <string.h>

#include "util/csv.h"

void csv_field(struct buf *b, const char *s, bool first)
{
    if (!first) {
        buf_putc(b, ';');
    }
    if (!s) {
        return;
    }
    const char *formula = *s && strchr("=+-@\t", *s) ? "'" : "";
    if (!strpbrk(s, ";\"\r\n")) {
        buf_puts(b, formula);
        buf_puts(b, s);
        return;
    }
    buf_putc(b, '"');
    buf_puts(b, formula);
    for (const char *p = s; *p; p++) {
        if (*p == '"') {
            buf_putc(b, '"');
        }
        buf_putc(b, *p);
    }
    buf_putc(b, '"');
}

const char *csv_unformula(const char *s)
{
    return s[0] == '\'' && s[1] && strchr("=+-@\t", s[1]) ? s + 1 : s;
}

void csv_row_end(struct buf *b)
{
    buf_puts(b, "\r\n");
}

void csv_reader_init(struct csv_reader *r, const char *text, size_t n)
{
    r->p = text;
    r->end = text + n;
    r->line = 1;
    if (n >= 3 && memcmp(text, CSV_BOM, 3) == 0) {
        r->p += 3;
    }
}

/* Consumes a line break at r->p (CRLF, LF or a lone CR) if there is one;
 * true when it did. */
static bool take_newline(struct csv_reader *r)
{
    if (r->p < r->end && *r->p == '\r') {
        r->p++;
        if (r->p < r->end && *r->p == '\n') {
            r->p++;
        }
        r->line++;
        return true;
    }
    if (r->p < r->end && *r->p == '\n') {
        r->p++;
        r->line++;
        return true;
    }
    return false;
}

/* Reads one quoted field (r->p just past its opening quote) into f: a
 * doubled quote is one quote, line breaks are kept. 0, or -1 when the
 * text ends before the closing quote. */
static int read_quoted(struct csv_reader *r, struct buf *f)
{
    while (r->p < r->end) {
        char c = *r->p;
        if (c == '"') {
            if (r->p + 1 < r->end && r->p[1] == '"') {
                buf_putc(f, '"');
                r->p += 2;
                continue;
            }
            r->p++;
            return 0;
        }
        if (c == '\n' || (c == '\r' && !(r->p + 1 < r->end && r->p[1] == '\n'))) {
            r->line++;
        }
        buf_putc(f, c);
        r->p++;
    }
    return -1;
}

int csv_next(struct csv_reader *r, struct strv *fields, size_t *line)
{
    strv_free(fields);
    while (take_newline(r)) {
        /* empty lines are no rows */
    }
    if (r->p >= r->end) {
        return 0;
    }
    *line = r->line;
    struct buf f = {0};
    for (;;) {
        buf_reset(&f);
        if (r->p < r->end && *r->p == '"') {
            r->p++;
            if (read_quoted(r, &f) < 0) {
                buf_free(&f);
                return -1;
            }
        }
        while (r->p < r->end && *r->p != ';' && *r->p != '\r' && *r->p != '\n') {
            buf_putc(&f, *r->p++);
        }
        strv_push(fields, xstrdup(buf_str(&f)));
        if (r->p < r->end && *r->p == ';') {
            r->p++;
            continue;
        }
        take_newline(r);
        break;
    }
    buf_free(&f);
    return 1;
}

void vcard_escape(struct buf *b, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '\\': buf_puts(b, "\\\\"); break;
        case ',': buf_puts(b, "\\,"); break;
        case ';': buf_puts(b, "\\;"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': break;
        default: buf_putc(b, *p); break;
        }
    }
}

/* Bytes of the UTF-8 sequence that starts with lead (1 for a stray
 * continuation byte, so the writer always moves on). */
static size_t seq_len(unsigned char lead)
{
    return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

void vcard_line(struct buf *b, const char *s)
{
    size_t room = 75, used = 0, n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t k = seq_len((unsigned char)s[i]);
        if (i + k > n) {
            k = n - i;
        }
        if (used + k > room) {
            buf_puts(b, "\r\n ");
            used = 1; /* the continuation's space counts */
        }
        buf_append(b, s + i, k);
        used += k;
        i += k;
    }
    buf_puts(b, "\r\n");
}
