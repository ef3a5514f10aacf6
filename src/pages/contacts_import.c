/*
 * contacts_import: a municipality's KLIK-administrator reads a contact list
 * back in, in the CSV export's columns (a textarea on the page, a JSON
 * string "csv" on the API: no multipart upload). Every row is checked
 * first — the columns, the caller's own kommunekode, a name, a valid
 * e-mail, ja/nej for Primær, a date for Bekræftet, then the role and
 * project in the model — and nothing is written unless every row passed;
 * a failed import answers 422 naming the line and column of each error.
 * Bekræftet is read but not stored: only the holder confirms their data.
 */
#include <ctype.h>
#include <string.h>

#include "model/contact_import.h"
#include "pages/common.h"
#include "pages/contacts.h"
#include "util.h"
#include "util/csv.h"

#include "contacts_int.h"

#define IMPORT_MAX_ERRORS 50

/* Records an error of line, column field. */
static void line_error(json_t *errors, size_t line, const char *column, const char *msg)
{
    if (json_array_size(errors) < IMPORT_MAX_ERRORS) {
        json_array_append_new(errors, json_pack("{s:I,s:s,s:s}", "line", (json_int_t)line,
                                                "field", column, "message", msg));
    }
}

/* Whether s looks like an e-mail address: one '@', a dot after it, no
 * spaces or separators. */
static bool email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    const char *dot = at ? strrchr(at, '.') : NULL;
    return at && at != s && !strchr(at + 1, '@') && dot && dot > at + 1 && dot[1] &&
           !strpbrk(s, " \t<>\",;") && strlen(s) <= 254;
}

/* Whether s has a control character. */
static bool has_control(const char *s)
{
    for (; *s; s++) {
        if ((unsigned char)*s < 0x20 || *s == 0x7f) {
            return true;
        }
    }
    return false;
}

/* Checks a text column: required or not, at most max characters. */
static void check_text(json_t *errors, size_t line, int col, const char *s, bool required,
                       size_t max)
{
    const char *c = contacts_columns[col];
    if (required && !*s) {
        line_error(errors, line, c, "skal udfyldes");
    } else if (has_control(s)) {
        line_error(errors, line, c, "indeholder ugyldige tegn");
    } else if (strlen(s) > max * 4 || !utf8_valid(s, strlen(s))) {
        line_error(errors, line, c, "er for lang eller ikke UTF-8");
    }
}

/* Lower-cases ASCII in place and returns s. */
static char *lower(char *s)
{
    for (char *p = s; *p; p++) {
        *p = (char)tolower((unsigned char)*p);
    }
    return s;
}

/* One data row as the model takes it, or NULL after recording why not. */
static json_t *read_row(struct req *req, struct strv *f, size_t line, json_t *errors)
{
    if (f->nitems != CONTACT_NCOLUMNS) {
        line_error(errors, line, "Kolonner",
                   arena_printf(req->arena, "har %zu felter, skal have %d", f->nitems,
                                CONTACT_NCOLUMNS));
        return NULL;
    }
    size_t before = json_array_size(errors);
    char *v[CONTACT_NCOLUMNS]; /* into the vector's strings, which keep their own starts */
    for (size_t i = 0; i < CONTACT_NCOLUMNS; i++) {
        v[i] = (char *)csv_unformula(str_trim(f->items[i]));
    }
    if (strcmp(v[0], req->user->org_code) != 0) {
        line_error(errors, line, contacts_columns[0],
                   arena_printf(req->arena, "skal være din kommunes kode (%s)",
                                req->user->org_code));
    }
    check_text(errors, line, 2, v[2], true, 200);
    check_text(errors, line, 4, v[4], true, 200);
    check_text(errors, line, 5, v[5], false, 200);
    check_text(errors, line, 7, v[7], false, 40);
    lower(v[6]);
    if (*v[6] && !email_ok(v[6])) {
        line_error(errors, line, contacts_columns[6], "er ikke en gyldig e-mailadresse");
    }
    const char *primary = lower(v[8]);
    if (*primary && strcmp(primary, "ja") && strcmp(primary, "nej")) {
        line_error(errors, line, contacts_columns[8], "skal være ja eller nej");
    }
    int64_t day;
    if (*v[9] && !date_parse(strlen(v[9]) > 10 ? arena_strndup(req->arena, v[9], 10) : v[9],
                             &day)) {
        line_error(errors, line, contacts_columns[9], "skal være en dato (ÅÅÅÅ-MM-DD)");
    }
    if (json_array_size(errors) != before) {
        return NULL;
    }
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "line", (json_int_t)line, "role", v[2],
                     "project", v[3], "name", v[4], "title", v[5], "email", v[6], "phone", v[7],
                     "primary", !strcmp(primary, "ja"));
}

/* Whether the header row names the export's columns. */
static bool header_ok(struct strv *f)
{
    if (f->nitems != CONTACT_NCOLUMNS) {
        return false;
    }
    for (size_t i = 0; i < CONTACT_NCOLUMNS; i++) {
        char *name = f->items[i];
        if (strcmp(str_trim(name), contacts_columns[i]) != 0) {
            return false;
        }
    }
    return true;
}

/* Parses the CSV text into rows; problems go to errors. New reference. */
static json_t *parse(struct req *req, const char *text, json_t *errors)
{
    json_t *rows = json_array();
    struct csv_reader r;
    struct strv f = {0};
    size_t line = 0;
    csv_reader_init(&r, text, strlen(text));
    int rc = csv_next(&r, &f, &line);
    if (rc == 1 && !header_ok(&f)) {
        line_error(errors, line, "Kolonner",
                   "første linje skal være kolonnerne Kommunekode;Kommune;Rolle;Projekt;Navn;"
                   "Titel;E-mail;Telefon;Primær;Bekræftet");
    }
    while (rc == 1 && (rc = csv_next(&r, &f, &line)) == 1) {
        json_t *row = read_row(req, &f, line, errors);
        if (row) {
            json_array_append_new(rows, row);
        }
    }
    if (rc < 0) {
        line_error(errors, line, "Kolonner", "et felt i anførselstegn slutter aldrig");
    }
    strv_free(&f);
    return rows;
}

int page_contacts_import_form(struct req *req)
{
    json_t *view = req_view(req);
    json_object_set_new(view, "columns", json_string("Kommunekode;Kommune;Rolle;Projekt;Navn;"
                                                     "Titel;E-mail;Telefon;Primær;Bekræftet"));
    json_object_set_new(view, "municipality", json_string(req->user->org_code));
    req->tpl = "contacts_import";
    req->title = "Importér kontaktliste";
    req_crumb(req, "/", "Forside");
    req_crumb(req, "/kontakter", "Kontaktlister");
    req_crumb(req, NULL, req->title);
    return 200;
}

/* Answers a rejected import: 422, every error keyed "linje N: Kolonne" in
 * req->errors beside a summary under "csv". */
static int reject(struct req *req, json_t *errors)
{
    json_t *all = json_object();
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e) {
        const char *col = json_string_value(json_object_get(e, "field"));
        json_object_set_new(
            all, arena_printf(req->arena, "linje %lld: %s",
                              (long long)json_integer_value(json_object_get(e, "line")), col),
            json_sprintf("%s %s", col, json_string_value(json_object_get(e, "message"))));
    }
    const char *msg = arena_printf(req->arena, "Importen er afvist: %zu fejl%s. Intet er ændret.",
                                   json_array_size(errors),
                                   json_array_size(errors) >= IMPORT_MAX_ERRORS ? " eller flere"
                                                                                : "");
    json_object_set_new(all, "csv", json_string(msg));
    json_decref(req->errors);
    req->errors = all;
    return req_fail(req, 422, "csv", msg);
}

int page_contacts_import(struct req *req)
{
    json_t *errors = json_array();
    json_t *rows = parse(req, req_str(req, "csv"), errors);
    if (!json_array_size(errors) && !json_array_size(rows)) {
        line_error(errors, 2, "Kolonner", "filen har ingen rækker under kolonnerne");
    }
    if (!json_array_size(errors) && contact_import_check(req->db, rows, errors) < 0) {
        return req_internal(req, "import check");
    }
    if (json_array_size(errors)) {
        json_decref(rows);
        int status = reject(req, errors);
        json_decref(errors);
        return status;
    }
    json_decref(errors);
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    json_t *result = contact_import_apply(req->db, &a, req->user->org_id, rows, page_today(req));
    json_decref(rows);
    if (!result) {
        return req_internal(req, "import");
    }
    json_object_set_new(req_view(req), "import", result);
    req->location = arena_printf(req->arena, "/kontakter?municipality=%s", req->user->org_code);
    return req_commit(req, 200);
}
