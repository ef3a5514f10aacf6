/*
 * smtp: hands one composed message to an SMTP relay through libcurl's
 * SMTP client (MAIL FROM, RCPT TO, DATA; curl does the dot-stuffing), and
 * composes that message: headers with a UTF-8 subject as RFC 2047 words,
 * the text as base64. A transfer is given up when the caller says so
 * (shutdown), after 10 s without a connection or 30 s in all. It knows
 * nothing of the queue: the worker decides what to send and what a
 * failure means. Only the smtp and smtps schemes are followed.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mail.h"
#include "util.h"

/* The message being uploaded. */
struct upload {
    const char *data; /* the message */
    size_t len, pos;  /* its length, and how much curl has taken */
};

/* curl's read callback: the next piece of the message. */
static size_t read_piece(char *ptr, size_t size, size_t nmemb, void *userp)
{
    struct upload *u = userp;
    size_t room = size * nmemb, left = u->len - u->pos;
    size_t n = left < room ? left : room;
    memcpy(ptr, u->data + u->pos, n);
    u->pos += n;
    return n;
}

/* curl's progress callback: non-zero aborts the transfer. */
static int progress(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                    curl_off_t ulnow)
{
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    bool (*cancelled)(void) = *(bool (**)(void))clientp;
    return cancelled && cancelled() ? 1 : 0;
}

/* See mail.h. */
int smtp_send(const char *url, const char *from, const char *to, const char *msg, size_t len,
              bool (*cancelled)(void), char err[256])
{
    char buf[CURL_ERROR_SIZE] = "";
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(err, 256, "curl_easy_init failed");
        return -1;
    }
    struct upload up = {msg, len, 0};
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    curl_easy_setopt(c, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#endif
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_piece);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, buf);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &cancelled);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
        snprintf(err, 256, "%s", buf[0] ? buf : curl_easy_strerror(rc));
    }
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    return rc == CURLE_OK ? 0 : -1;
}

/* Appends the base64 of data[0..n-1]; with wrap, a CRLF every 76
 * characters. */
static void base64(struct buf *b, const unsigned char *data, size_t n, bool wrap)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t col = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)data[i] << 16;
        v |= i + 1 < n ? (unsigned)data[i + 1] << 8 : 0;
        v |= i + 2 < n ? data[i + 2] : 0;
        char q[4] = {abc[(v >> 18) & 63], abc[(v >> 12) & 63],
                     i + 1 < n ? abc[(v >> 6) & 63] : '=', i + 2 < n ? abc[v & 63] : '='};
        buf_append(b, q, 4);
        col += 4;
        if (wrap && col >= 76) {
            buf_puts(b, "\r\n");
            col = 0;
        }
    }
    if (wrap && col) {
        buf_puts(b, "\r\n");
    }
}

/* Appends subject as RFC 2047 encoded words of at most 45 bytes each,
 * cut between characters, on folded lines. */
static void encoded_words(struct buf *b, const char *subject)
{
    size_t n = strlen(subject), i = 0;
    while (i < n) {
        size_t end = i;
        while (end < n) {
            uint32_t cp;
            size_t k = utf8_decode(subject + end, n - end, &cp);
            k = k ? k : 1;
            if (end + k - i > 45) {
                break;
            }
            end += k;
        }
        buf_puts(b, i ? "\r\n =?UTF-8?B?" : "=?UTF-8?B?");
        base64(b, (const unsigned char *)subject + i, end - i, false);
        buf_puts(b, "?=");
        i = end;
    }
}

/* A header value with CR and LF dropped (nothing can add a header). */
static void header_value(struct buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s != '\r' && *s != '\n') {
            buf_putc(b, *s);
        }
    }
}

/* See mail.h. */
char *mail_message(const char *from, const char *to, const char *subject, const char *body,
                   long long id, const char *created)
{
    struct buf b = {0};
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    buf_printf(&b, "Date: %s\r\nFrom: klikd <", date);
    header_value(&b, from);
    buf_puts(&b, ">\r\nTo: <");
    header_value(&b, to);
    buf_puts(&b, ">\r\nSubject: ");
    encoded_words(&b, subject);
    buf_printf(&b, "\r\nMessage-ID: <klikd-mail-%lld-", id);
    for (const char *c = created; c && *c; c++) {
        if (*c >= '0' && *c <= '9') {
            buf_putc(&b, *c); /* the row's time: the same id again is the same mail */
        }
    }
    buf_putc(&b, '@');
    const char *at = strchr(from, '@');
    header_value(&b, at && at[1] ? at + 1 : "klikd");
    buf_puts(&b, ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                 "Content-Transfer-Encoding: base64\r\nAuto-Submitted: auto-generated\r\n\r\n");
    base64(&b, (const unsigned char *)body, strlen(body), true);
    return buf_take(&b);
}
