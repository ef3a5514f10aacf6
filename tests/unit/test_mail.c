/*
 * test_mail: the parts of the mail layer that need no relay — the daily
 * run's day in Copenhagen time (winter and summer), the --digest-at
 * parser, the composed message (headers that nothing can add to, a UTF-8
 * subject as encoded words, a base64 body, a Message-ID that a resend
 * repeats) and the Danish text of a digest and of one notification.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mail.h"
#include "util.h"

/* Unix time of an ISO UTC timestamp. */
static int64_t at(const char *iso)
{
    int64_t t = 0;
    iso_to_unix(iso, &t);
    return t;
}

TEST(the_daily_run_follows_copenhagen_time)
{
    char day[11];
    mail_run_day(at("2026-12-01T05:59:00Z"), 7 * 60, day); /* 06:59 in winter */
    CHECK_EQ_STR(day, "2026-11-30");
    mail_run_day(at("2026-12-01T06:00:00Z"), 7 * 60, day); /* 07:00 */
    CHECK_EQ_STR(day, "2026-12-01");
    mail_run_day(at("2026-07-01T04:59:00Z"), 7 * 60, day); /* 06:59 in summer */
    CHECK_EQ_STR(day, "2026-06-30");
    mail_run_day(at("2026-07-01T05:00:00Z"), 7 * 60, day);
    CHECK_EQ_STR(day, "2026-07-01");
    mail_run_day(at("2026-12-31T23:30:00Z"), 0, day); /* 00:30 on new year's day */
    CHECK_EQ_STR(day, "2027-01-01");
    int m = -1;
    CHECK(mail_parse_time("07:30", &m) && m == 450);
    CHECK(mail_parse_time("00:00", &m) && m == 0);
    CHECK(!mail_parse_time("7:30", &m));
    CHECK(!mail_parse_time("24:00", &m));
    CHECK(!mail_parse_time("07:60", &m));
    CHECK(!mail_parse_time("07-30", &m));
}

TEST(a_message_has_safe_headers)
{
    char *msg = mail_message("noreply@klikd.dk", "per@kbh.dk\r\nBcc: x@evil.dk",
                             "Fristen nærmer sig\r\nBcc: y@evil.dk", "Hej Per\n\nFrist: i dag\n",
                             42, "2026-12-01T07:00:00Z");
    CHECK(strstr(msg, "To: <per@kbh.dkBcc: x@evil.dk>\r\n") != NULL);
    CHECK(strstr(msg, "\r\nBcc:") == NULL);
    CHECK(strstr(msg, "Subject: =?UTF-8?B?") != NULL);
    CHECK(strstr(msg, "nærmer") == NULL); /* encoded, not raw */
    CHECK(strstr(msg, "Message-ID: <klikd-mail-42-20261201070000@klikd.dk>\r\n") != NULL);
    CHECK(strstr(msg, "Auto-Submitted: auto-generated\r\n\r\nSGVqIFBlcgoKRnJpc3Q6IGkgZGFnCg==\r\n")
          != NULL);
    for (const char *p = msg; *p; p++) {
        if (*p == '\n' && (p == msg || p[-1] != '\r')) {
            CHECK(!"a bare LF");
            break;
        }
    }
    free(msg);
}

TEST(the_text_of_a_digest_and_of_one_notification)
{
    json_t *rows = json_pack(
        "[{s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:b},{s:s,s:s,s:s,s:s,s:s,s:I,s:n,s:n,s:b}]",
        "name", "Per Plus", "kind", "message", "title", "Planlæg ØiR", "project", "KY",
        "end_date", "2031-03-14", "task_id", (json_int_t)7, "author", "Karen KOMBIT", "body",
        "Husk *fristen*\nHilsen", "broadcast", 0, "name", "Per Plus", "kind", "due", "title",
        "Udpeg roller", "project", "KY", "end_date", "2031-03-20", "task_id", (json_int_t)8,
        "author", "body", "broadcast", 0);
    char *subject, *body;
    mail_text(rows, 0, 2, true, "https://klikd.dk", &subject, &body);
    CHECK_EQ_STR(subject, "klikd: 2 nye notifikationer");
    CHECK(strstr(body, "Hej Per Plus\n") != NULL);
    CHECK(strstr(body, "- Ny besked på opgaven: Planlæg ØiR (KY, frist 14. mar. 2031)\n") != NULL);
    CHECK(strstr(body, "  > Husk *fristen*\n  > Hilsen\n") != NULL);
    CHECK(strstr(body, "  https://klikd.dk/opgaver/7/beskeder\n") != NULL);
    CHECK(strstr(body, "- Fristen nærmer sig for opgaven: Udpeg roller") != NULL);
    free(subject);
    free(body);
    mail_text(rows, 1, 1, false, "https://klikd.dk", &subject, &body);
    CHECK_EQ_STR(subject, "klikd: Fristen nærmer sig for opgaven Udpeg roller");
    CHECK(strstr(body, "https://klikd.dk/opgaver/8/beskeder\n") != NULL);
    free(subject);
    free(body);
    json_decref(rows);
}

int main(void)
{
    RUN(the_daily_run_follows_copenhagen_time);
    RUN(a_message_has_safe_headers);
    RUN(the_text_of_a_digest_and_of_one_notification);
    CHECK_DONE();
}
