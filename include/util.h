/*
 * util: the small things every module needs and none owns — memory that
 * aborts on exhaustion, a growable byte buffer, string helpers that know
 * UTF-8, slugs, and calendar dates. Nothing here knows HTTP, SQL or a noun
 * of the domain, and nothing here keeps global state.
 */
#ifndef KLIKD_UTIL_H
#define KLIKD_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation for long-lived memory: aborts with a message on exhaustion,
 * so callers never check. Free with free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable, always NUL-terminated byte buffer. Zero-initialise
 * (struct buf b = {0};) and free with buf_free(); buf_take() hands the
 * string to the caller, who frees it. */
struct buf {
    char *data; /* NUL-terminated contents, NULL until first append */
    size_t len; /* bytes used, excluding the NUL */
    size_t cap; /* bytes allocated */
};
void buf_grow(struct buf *b, size_t extra);
void buf_append(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_reset(struct buf *b);
char *buf_take(struct buf *b);
void buf_free(struct buf *b);
const char *buf_str(const struct buf *b); /* "" when empty; borrowed */

/* A growable array of owned strings (items/nitems). */
struct strv {
    char **items; /* each owned, freed by strv_free */
    size_t nitems;
    size_t cap;
};
void strv_push(struct strv *v, char *owned);
void strv_free(struct strv *v);

/* Reads a whole file into a NUL-terminated malloc'd buffer (caller frees).
 * Returns NULL and sets errno on failure. */
char *file_read(const char *path, size_t *len);

/* UTF-8 */
bool utf8_valid(const char *s, size_t n);
/* Decodes one code point at s (n bytes available); returns bytes used
 * (1..4) and stores the code point, or 0 on an invalid sequence. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
void utf8_encode(struct buf *b, uint32_t cp);

/* Strings */
bool str_starts(const char *s, const char *prefix);
bool str_ends(const char *s, const char *suffix);
bool str_eq_nocase(const char *a, const char *b); /* ASCII case only */
/* True when s is a well-formed project code: 1 to 10 characters of A-Z and
 * 0-9, the first a letter ("KY", "SAPA", "AULA"); NULL is not one. */
bool str_project_code(const char *s);
/* Collapses runs of white space (ASCII and U+00A0) into one space and trims
 * both ends; returns a new string (caller frees). */
char *str_squeeze(const char *s, size_t n);
/* Trims ASCII white space in place at both ends; returns s moved forward. */
char *str_trim(char *s);
/* Lower-cases ASCII and the Danish/Latin-1 capitals Æ Ø Å É Ü Ö Ä in a new
 * string (caller frees). */
char *str_lower(const char *s);
/* Splits s at every occurrence of sep; pieces are new strings. */
void str_split(const char *s, char sep, struct strv *out);

/* Slug of a name as DESIGN.md defines it: lower case, æ→ae, ø→oe, å→aa
 * (and é→e, ü→u, ö→oe, ä→ae), every other run of non-alphanumerics → one
 * '-', trimmed. Caller frees. */
char *slugify(const char *s);

/* Dates. A day is counted from 1970-01-01 (day 0), proleptic Gregorian. */
bool date_parse(const char *s, int64_t *day);    /* "YYYY-MM-DD" strictly */
void date_format(int64_t day, char out[11]);     /* "YYYY-MM-DD" */
int64_t days_from_civil(int y, int m, int d);
void civil_from_days(int64_t day, int *y, int *m, int *d);
/* "2. okt. 2020" from "YYYY-MM-DD" (or the date part of a timestamp). */
void date_human(const char *iso, struct buf *out);
/* Converts a Europe/Copenhagen local date and time to a UTC timestamp
 * "YYYY-MM-DDTHH:MM:SSZ"; false when out of range. */
bool local_to_utc(int y, int mo, int d, int h, int mi, char out[21]);
/* "2. okt. 2020 kl. 16:09" in Copenhagen time from a UTC timestamp. */
void timestamp_human(const char *iso, struct buf *out);
/* The current time as "YYYY-MM-DDTHH:MM:SSZ". */
void now_iso(char out[21]);
int64_t now_unix(void);
/* Parses "YYYY-MM-DDTHH:MM:SSZ" to Unix seconds; false if malformed. */
bool iso_to_unix(const char *s, int64_t *t);
void unix_to_iso(int64_t t, char out[21]);

#endif
