/*
 * date: calendar days, ISO 8601 timestamps and the Danish way of showing
 * them. Copenhagen time is computed from the EU summer-time rule (last
 * Sunday of March to last Sunday of October, switching at 01:00 UTC), so
 * klikd needs no time-zone database.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util.h"

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The civil date of a day number. */
void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Days in a month of a year. */
static int month_days(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
        return 29;
    }
    return dm[m - 1];
}

/* Parses n digits at s; false when any is not a digit. */
static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* Strict "YYYY-MM-DD" with a real calendar day. */
bool date_parse(const char *s, int64_t *day)
{
    int y, m, d;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
        !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d)) {
        return false;
    }
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > month_days(y, m)) {
        return false;
    }
    *day = days_from_civil(y, m, d);
    return true;
}

/* Writes v as exactly n decimal digits (the low n digits). */
static void put_digits(char *out, unsigned v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void date_format(int64_t day, char out[11])
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    put_digits(out, (unsigned)y, 4);
    out[4] = '-';
    put_digits(out + 5, (unsigned)m, 2);
    out[7] = '-';
    put_digits(out + 8, (unsigned)d, 2);
    out[10] = '\0';
}

static const char *const month_abbr[] = {"jan.", "feb.", "mar.", "apr.", "maj",  "jun.",
                                         "jul.", "aug.", "sep.", "okt.", "nov.", "dec."};

/* "2. okt. 2020"; an unparsable input is copied as it is. */
void date_human(const char *iso, struct buf *out)
{
    int y, m, d;
    if (!iso || strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-' || !digits(iso, 4, &y) ||
        !digits(iso + 5, 2, &m) || !digits(iso + 8, 2, &d) || m < 1 || m > 12) {
        buf_puts(out, iso ? iso : "");
        return;
    }
    buf_printf(out, "%d. %s %d", d, month_abbr[m - 1], y);
}

/* Unix time of the last Sunday of a month at 01:00 UTC. */
static int64_t last_sunday_0100(int y, int m)
{
    int64_t day = days_from_civil(y, m, month_days(y, m));
    int64_t wd = (day + 4) % 7; /* 0 = Sunday; 1970-01-01 was a Thursday */
    if (wd < 0) {
        wd += 7;
    }
    return (day - wd) * 86400 + 3600;
}

/* Copenhagen's offset from UTC in seconds at Unix time t. */
static int cph_offset(int64_t t)
{
    int y, m, d;
    civil_from_days(t / 86400, &y, &m, &d);
    if (t >= last_sunday_0100(y, 3) && t < last_sunday_0100(y, 10)) {
        return 7200;
    }
    return 3600;
}

/* See util.h. */
bool local_to_utc(int y, int mo, int d, int h, int mi, char out[21])
{
    if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) || h < 0 ||
        h > 23 || mi < 0 || mi > 59) {
        return false;
    }
    int64_t local = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60;
    int64_t t = local - 3600;
    t = local - cph_offset(t);
    unix_to_iso(t, out);
    return true;
}

void unix_to_iso(int64_t t, char out[21])
{
    int64_t day = t / 86400, sec = t % 86400;
    if (sec < 0) {
        sec += 86400, day--;
    }
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    date_format(days_from_civil(y, m, d), out);
    out[10] = 'T';
    put_digits(out + 11, (unsigned)(sec / 3600), 2);
    out[13] = ':';
    put_digits(out + 14, (unsigned)(sec / 60 % 60), 2);
    out[16] = ':';
    put_digits(out + 17, (unsigned)(sec % 60), 2);
    out[19] = 'Z';
    out[20] = '\0';
}

bool iso_to_unix(const char *s, int64_t *t)
{
    int y, m, d, h, mi, se;
    if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
        s[16] != ':' || s[19] != 'Z' || !digits(s, 4, &y) || !digits(s + 5, 2, &m) ||
        !digits(s + 8, 2, &d) || !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) ||
        !digits(s + 17, 2, &se)) {
        return false;
    }
    if (m < 1 || m > 12 || d < 1 || d > month_days(y, m) || h > 23 || mi > 59 || se > 60) {
        return false;
    }
    *t = days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60 + se;
    return true;
}

/* See util.h; an unparsable input is copied as it is. */
void timestamp_human(const char *iso, struct buf *out)
{
    int64_t t;
    if (!iso || !iso_to_unix(iso, &t)) {
        buf_puts(out, iso ? iso : "");
        return;
    }
    t += cph_offset(t);
    char local[21];
    unix_to_iso(t, local);
    date_human(local, out);
    buf_printf(out, " kl. %.5s", local + 11);
}

int64_t now_unix(void)
{
    return (int64_t)time(NULL);
}

void now_iso(char out[21])
{
    unix_to_iso(now_unix(), out);
}
