/*
 * contacts: contact lists. Everyone logged in reads them; what a contact
 * shows of its holder is the model's decision (contact.c: own
 * municipality and KOMBIT see everything, others only what the holder
 * consented to), and this file only formats it: the view (API and page),
 * CSV as Danish spreadsheets open it, vCard 4.0. A municipality's
 * KLIK-administrator imports a list in the export's columns, all rows or
 * none (contacts_import.c). No SQL here and no access decisions.
 */
#include <string.h>

#include "model/contact.h"
#include "model/org.h"
#include "pages/common.h"
#include "pages/contacts.h"
#include "tpl.h"
#include "util.h"
#include "util/csv.h"

#include "contacts_int.h"

/* The columns of the CSV export, which the import reads back. */
const char *const contacts_columns[CONTACT_NCOLUMNS] = {
    "Kommunekode", "Kommune", "Rolle", "Projekt", "Navn", "Titel", "E-mail", "Telefon",
    "Primær", "Bekræftet"};

bool contacts_stale(const char *verified_at, const char *today)
{
    int64_t day;
    if (!verified_at || !date_parse(today, &day)) {
        return true;
    }
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    char cutoff[11];
    date_format(days_from_civil(y - 1, m, d == 29 && m == 2 ? 28 : d), cutoff);
    return strncmp(verified_at, cutoff, 10) < 0;
}

/* A string input, NULL when absent or empty. */
static const char *filter_of(const struct req *req, const char *name)
{
    const char *s = req_str(req, name);
    return s && *s ? s : NULL;
}

/* A string field of a row (borrowed), or NULL. */
static const char *field(json_t *row, const char *key)
{
    return json_string_value(json_object_get(row, key));
}

/* The name names gives a code in its table ("roles", "municipalities"),
 * or the code itself. */
static const char *name_of(json_t *names, const char *table, const char *code)
{
    const char *n = code ? field(json_object_get(names, table), code) : NULL;
    return n ? n : code;
}

/* The contacts as CSV: byte order mark, header, one row each (arena). */
static const char *as_csv(struct req *req, json_t *rows, json_t *names, size_t *len)
{
    struct buf b = {0};
    buf_puts(&b, CSV_BOM);
    for (size_t i = 0; i < CONTACT_NCOLUMNS; i++) {
        csv_field(&b, contacts_columns[i], i == 0);
    }
    csv_row_end(&b);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *verified = field(row, "verified_at");
        const char *m = field(row, "municipality");
        csv_field(&b, m, true);
        csv_field(&b, name_of(names, "municipalities", m), false);
        csv_field(&b, name_of(names, "roles", field(row, "role")), false);
        csv_field(&b, field(row, "project"), false);
        csv_field(&b, field(row, "name"), false);
        csv_field(&b, field(row, "title"), false);
        csv_field(&b, field(row, "email"), false);
        csv_field(&b, field(row, "phone"), false);
        csv_field(&b, json_is_true(json_object_get(row, "primary")) ? "ja" : "nej", false);
        csv_field(&b, verified ? arena_strndup(req->arena, verified, 10) : NULL, false);
        csv_row_end(&b);
    }
    *len = b.len;
    const char *out = arena_strndup(req->arena, buf_str(&b), b.len);
    buf_free(&b);
    return out;
}

/* Appends "NAME:value" (value escaped as vCard text) as a folded line;
 * nothing when value is NULL. */
static void vcard_prop(struct buf *b, const char *name, const char *value)
{
    if (!value) {
        return;
    }
    struct buf line = {0};
    buf_puts(&line, name);
    buf_putc(&line, ':');
    vcard_escape(&line, value);
    vcard_line(b, buf_str(&line));
    buf_free(&line);
}

/* One contact as a vCard 4.0; a holder the reader may not see is a card
 * for the role alone. */
static void vcard_one(struct req *req, struct buf *b, json_t *row, json_t *names)
{
    const char *muni = name_of(names, "municipalities", field(row, "municipality"));
    const char *role = name_of(names, "roles", field(row, "role"));
    const char *project = field(row, "project");
    const char *name = field(row, "name");
    vcard_line(b, "BEGIN:VCARD");
    vcard_line(b, "VERSION:4.0");
    vcard_prop(b, "FN", name ? name : arena_printf(req->arena, "%s, %s", role, muni));
    vcard_prop(b, "ORG", muni);
    vcard_prop(b, "TITLE", field(row, "title"));
    vcard_prop(b, "ROLE", project ? arena_printf(req->arena, "%s (%s)", role, project) : role);
    vcard_prop(b, "EMAIL;TYPE=work", field(row, "email"));
    vcard_prop(b, "TEL;TYPE=work;VALUE=text", field(row, "phone"));
    if (!name) {
        vcard_prop(b, "NOTE", "Rollen er besat. Kontaktoplysningerne vises kun med "
                              "personens samtykke.");
    }
    vcard_line(b, "END:VCARD");
}

/* The contacts as vCards (arena). */
static const char *as_vcard(struct req *req, json_t *rows, json_t *names, size_t *len)
{
    struct buf b = {0};
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        vcard_one(req, &b, row, names);
    }
    *len = b.len;
    const char *out = arena_strndup(req->arena, buf_str(&b), b.len);
    buf_free(&b);
    return out;
}

/* Answers the list as a file to download. */
static int download(struct req *req, const char *format, json_t *rows, json_t *names)
{
    bool csv = strcmp(format, "csv") == 0;
    req->raw_body = csv ? as_csv(req, rows, names, &req->raw_len)
                        : as_vcard(req, rows, names, &req->raw_len);
    req->content_type = csv ? "text/csv; charset=utf-8" : "text/vcard; charset=utf-8";
    req_header(req, "Content-Disposition", csv ? "attachment; filename=\"kontakter.csv\""
                                               : "attachment; filename=\"kontakter.vcf\"");
    req->no_store = true;
    return 200;
}

/* Fills f from the request's filters: 0, or 422 naming an unknown
 * municipality, region or role. */
static int read_filter(struct req *req, struct contact_filter *f, json_t *names)
{
    memset(f, 0, sizeof *f);
    f->today = page_today(req);
    f->role = filter_of(req, "role");
    f->project = filter_of(req, "project");
    f->region = filter_of(req, "region");
    const char *muni = filter_of(req, "municipality");
    if (f->role && !json_object_get(json_object_get(names, "roles"), f->role)) {
        return req_fail(req, 422, "role", "Rollen findes ikke");
    }
    if (muni) {
        json_t *org = org_get(req->db, muni);
        if (!org) {
            return db_failed(req->db) ? req_internal(req, "organisation")
                                      : req_fail(req, 422, "municipality", "Kommunen findes ikke");
        }
        f->org_id = json_integer_value(json_object_get(org, "id"));
        json_decref(org);
    }
    int known = f->region ? contact_region_known(req->db, f->region) : 1;
    if (known <= 0) {
        return known < 0 ? req_internal(req, "region")
                         : req_fail(req, 422, "region", "Regionen findes ikke");
    }
    return 0;
}

/* req_defer's way to drop a JSON value. */
static void drop_json(void *p)
{
    json_decref(p);
}

int page_contacts_index(struct req *req)
{
    json_t *names = contact_names(req->db);
    if (!names) {
        return req_internal(req, "contact names");
    }
    req_defer(req, drop_json, names);
    struct contact_filter f;
    int rc = read_filter(req, &f, names);
    if (rc) {
        return rc;
    }
    struct contact_reader r = {req->user->org_id, req->user->central};
    json_t *rows = contact_list(req->db, &f, &r);
    if (!rows) {
        return req_internal(req, "contacts");
    }
    json_object_set_new(req_view(req), "contacts", rows);
    const char *format = filter_of(req, "format");
    if (format) {
        return download(req, format, rows, names);
    }
    req->tpl = "contacts";
    req->title = "Kontaktlister";
    return 200;
}

/* The list's rows as the page shows them: every key present (visible
 * false where the holder's fields are withheld), names beside codes. */
static json_t *page_rows(json_t *rows, json_t *names, const char *today)
{
    json_t *out = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *m = field(row, "municipality"), *role = field(row, "role");
        json_t *r = json_pack("{s:s,s:s,s:s,s:s,s:O,s:b,s:b}", "municipality", m,
                              "municipality_name", name_of(names, "municipalities", m), "role",
                              role, "role_name", name_of(names, "roles", role), "project",
                              json_object_get(row, "project"), "primary",
                              json_is_true(json_object_get(row, "primary")), "visible",
                              json_object_get(row, "name") != NULL);
        const char *keys[] = {"name", "title", "email", "phone", "verified_at"};
        for (size_t k = 0; k < NELEM(keys); k++) {
            json_t *v = json_object_get(row, keys[k]);
            json_object_set(r, keys[k], v ? v : json_null());
        }
        json_object_set_new(r, "stale", json_boolean(json_object_get(row, "name") &&
                                                     contacts_stale(field(row, "verified_at"),
                                                                    today)));
        json_array_append_new(out, r);
    }
    return out;
}

/* A pick list [{value, label, selected}] from an object {value: label}. */
static json_t *pick_list(json_t *map, const char *chosen)
{
    json_t *out = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(map, k, v) {
        json_array_append_new(out, json_pack("{s:s,s:O,s:b}", "value", k, "label", v,
                                             "selected", chosen && !strcmp(chosen, k)));
    }
    return out;
}

/* The list's address with its filters and format (arena). */
static const char *list_href(struct req *req, const char *format)
{
    static const char *const keys[] = {"role", "project", "municipality", "region"};
    struct buf b = {0};
    buf_puts(&b, "/kontakter");
    char sep = '?';
    for (size_t i = 0; i <= NELEM(keys); i++) {
        const char *k = i < NELEM(keys) ? keys[i] : "format";
        const char *v = i < NELEM(keys) ? filter_of(req, k) : format;
        if (v) {
            buf_printf(&b, "%c%s=", sep, k);
            url_encode(&b, v);
            sep = '&';
        }
    }
    const char *s = arena_strdup(req->arena, buf_str(&b));
    buf_free(&b);
    return s;
}

int page_contacts_extras(struct req *req)
{
    json_t *names = contact_names(req->db);
    json_t *orgs = org_list(req->db);
    if (!names || !orgs) {
        return req_internal(req, "contact names");
    }
    json_t *view = req_view(req);
    json_t *roles = json_object_get(names, "roles");
    json_t *munis = json_object();
    json_t *regions = json_object();
    size_t i;
    json_t *o;
    json_array_foreach(orgs, i, o) {
        if (!strcmp(field(o, "kind"), "municipality")) {
            json_object_set(munis, field(o, "code"), json_object_get(o, "name"));
            json_object_set(regions, field(o, "region"), json_object_get(o, "region"));
        }
    }
    json_object_set_new(view, "rows", page_rows(json_object_get(view, "contacts"), names,
                                                 page_today(req)));
    json_object_set_new(view, "roles", pick_list(roles, filter_of(req, "role")));
    json_object_set_new(view, "municipalities", pick_list(munis, filter_of(req, "municipality")));
    json_object_set_new(view, "regions", pick_list(regions, filter_of(req, "region")));
    json_object_set_new(view, "filter",
                        json_pack("{s:s}", "project", page_form_value(req, "project", "")));
    json_object_set_new(view, "downloads", json_pack("{s:s,s:s}", "csv", list_href(req, "csv"),
                                                     "vcf", list_href(req, "vcf")));
    json_decref(names);
    json_decref(orgs);
    json_decref(munis);
    json_decref(regions);
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, "Kontaktlister");
    return 0;
}
