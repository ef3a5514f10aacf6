/*
 * compose: the Danish text of notification mails — one notification sent
 * at once, or a user's daily digest of everything since the last one —
 * from the queue's rows (model/mailq.h). Plain text only; a message's
 * Markdown is quoted as written, never rendered. It writes nothing and
 * sends nothing.
 */
#include <string.h>

#include "mail.h"
#include "util.h"

/* The string at key of o, or "" (borrowed). */
static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* What happened, as one sentence without the task's title. */
static const char *what(json_t *n)
{
    const char *kind = str(n, "kind"), *role = str(n, "role");
    if (!strcmp(kind, "assigned")) {
        return !strcmp(role, "responsible") ? "Du er sat som ansvarlig på opgaven"
               : !strcmp(role, "performer") ? "Du er sat som udfører på opgaven"
                                            : "Du er sat som ansvarlig og udfører på opgaven";
    }
    if (!strcmp(kind, "message")) {
        bool broadcast = json_is_true(json_object_get(n, "broadcast"));
        return broadcast ? "KOMBIT har skrevet til hele bølgen om" : "Ny besked på opgaven";
    }
    return !strcmp(kind, "due") ? "Fristen nærmer sig for opgaven"
                                : "Fristen er overskredet for opgaven";
}

/* One notification's lines: what, the task, its deadline, the message
 * (quoted) and the link. */
static void item(struct buf *b, json_t *n, const char *base, bool bullet)
{
    buf_printf(b, "%s%s: %s (%s", bullet ? "- " : "", what(n), str(n, "title"),
               str(n, "project"));
    if (*str(n, "end_date")) {
        buf_puts(b, ", frist ");
        date_human(str(n, "end_date"), b);
    }
    buf_puts(b, ")\n");
    const char *indent = bullet ? "  " : "";
    if (!strcmp(str(n, "kind"), "message")) {
        buf_printf(b, "%s%s skriver:\n", indent, *str(n, "author") ? str(n, "author") : "KOMBIT");
        struct strv lines = {0};
        str_split(str(n, "body"), '\n', &lines);
        for (size_t i = 0; i < lines.nitems; i++) {
            buf_printf(b, "%s> %s\n", indent, lines.items[i]);
        }
        strv_free(&lines);
    }
    buf_printf(b, "%s%s/opgaver/%lld/beskeder\n", indent, base,
               (long long)json_integer_value(json_object_get(n, "task_id")));
}

/* See mail.h. */
void mail_text(json_t *rows, size_t first, size_t n, bool digest, const char *base_url,
               char **subject, char **body)
{
    json_t *one = json_array_get(rows, first);
    struct buf s = {0}, b = {0};
    if (digest) {
        buf_printf(&s, "klikd: %zu %s", n, n == 1 ? "ny notifikation" : "nye notifikationer");
    } else {
        buf_printf(&s, "klikd: %s %s", what(one), str(one, "title"));
    }
    buf_printf(&b, "Hej %s\n\n", str(one, "name"));
    if (digest) {
        buf_puts(&b, "Det er sket på dine opgaver siden sidste e-mail:\n\n");
    }
    for (size_t i = first; i < first + n; i++) {
        item(&b, json_array_get(rows, i), base_url, digest);
        buf_puts(&b, "\n");
    }
    buf_printf(&b, "Du ser alle dine notifikationer på %s/notifikationer\n"
                   "Vælg om og hvornår du får e-mail på %s/konto#notifikationer\n",
               base_url, base_url);
    *subject = buf_take(&s);
    *body = buf_take(&b);
}
