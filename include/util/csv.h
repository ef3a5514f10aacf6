/*
 * util/csv: the text formats of contact lists — CSV as Danish spreadsheet
 * users expect it (UTF-8 with a byte order mark, ';' between fields, CRLF
 * after each row, a field quoted when it holds ';', '"', CR or LF), a
 * reader for the same (and for what a spreadsheet saves: with or without
 * the mark, CRLF or LF; values that would start a formula kept as
 * text), and the two things vCard 4.0 (RFC 6350) needs of a
 * writer: escaping of text values and folding of content lines at 75
 * octets. It knows no columns, no contacts and no HTTP; it never allocates
 * except in the caller's buffer or string vector.
 */
#ifndef KLIKD_UTIL_CSV_H
#define KLIKD_UTIL_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* The UTF-8 byte order mark a CSV file opens with. */
#define CSV_BOM "\xEF\xBB\xBF"

/* Appends one field to b: a ';' first unless it opens the row, then s
 * (NULL is empty), quoted with '"' doubled when it holds ';', '"', CR or
 * LF. A value a spreadsheet would take for a formula (it starts with '=',
 * '+', '-', '@' or a tab) gets a leading "'" so it stays text. */
void csv_field(struct buf *b, const char *s, bool first);
/* A field as the writer had it before that "'" (borrowed from s). */
const char *csv_unformula(const char *s);
/* Ends a row: CRLF. */
void csv_row_end(struct buf *b);

/* Reads rows out of a CSV text in memory (borrowed; it must outlive the
 * reader). Zero-initialise nothing: use csv_reader_init. */
struct csv_reader {
    const char *p;    /* next byte to read */
    const char *end;  /* one past the last byte */
    size_t line;      /* line number of p, from 1 */
};
/* Starts reading the n bytes at text, skipping a leading byte order mark. */
void csv_reader_init(struct csv_reader *r, const char *text, size_t n);
/* Reads the next row that is not empty into fields (emptied first; each
 * field a new string the vector owns) and its first line into *line.
 * Returns 1 for a row, 0 at the end, -1 when a quoted field is not closed
 * (*line then names the line it opened on). */
int csv_next(struct csv_reader *r, struct strv *fields, size_t *line);

/* Appends s (NULL is empty) escaped as a vCard text value: '\\' ',' ';'
 * as "\\\\" "\\," "\\;", a newline as "\\n" (a CR dropped). */
void vcard_escape(struct buf *b, const char *s);
/* Appends the content line s (no line break in it) folded as RFC 6350
 * 3.2 says: at most 75 octets a line, continuation lines starting with a
 * space, never inside a UTF-8 sequence; each line ends in CRLF. */
void vcard_line(struct buf *b, const char *s);

#endif
