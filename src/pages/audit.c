/*
 * audit: the audit trail — a KLIK-administrator sees their own
 * municipality's events (failed log-ins against its users included),
 * KOMBIT sees everyone's; filterable by entity, action and date. Each
 * event carries Danish names for its action and type and the list of
 * fields it changed, so the page and the API show the same thing.
 */
#include <string.h>

#include "model/audit.h"
#include "model/common.h"
#include "pages/audit.h"
#include "pages/common.h"
#include "util.h"

struct label {
    const char *key;   /* as stored */
    const char *label; /* as people read it */
};

static const struct label entities[] = {
    {"user", "Bruger"},           {"session", "Session"},
    {"api_token", "API-nøgle"},   {"appointment", "Udpegning"},
    {"role", "Rolle"},            {"master_task", "Master-opgave"},
    {"document", "Vejledning"},   {"organisation", "Organisation"},
    {"project", "Projekt"},       {"person", "Person"},
    {"wave", "Bølge"},            {"task", "Opgave"},
    {"message", "Besked"},        {"attachment", "Bilag"},
    {"calendar_feed", "Kalenderabonnement"},
    {NULL, NULL}};

static const struct label actions[] = {
    {"login", "Logget ind"},
    {"login.fail", "Mislykket log ind"},
    {"login.throttled", "Log ind midlertidigt spærret"},
    {"logout", "Logget ud"},
    {"session.end", "Session afsluttet"},
    {"token.create", "API-nøgle oprettet"},
    {"token.revoke", "API-nøgle tilbagekaldt"},
    {"user.create", "Bruger oprettet"},
    {"user.update", "Bruger ændret"},
    {"user.password", "Adgangskode ændret"},
    {"user.password_reset", "Link til ny adgangskode udstedt"},
    {"user.rehash", "Adgangskode genberegnet"},
    {"account.notify", "Valg af notifikationer på e-mail ændret"},
    {"calendar.create", "Kalenderabonnement oprettet"},
    {"calendar.revoke", "Kalenderabonnement slået fra"},
    {"appointment.create", "Udpegning oprettet"},
    {"appointment.delete", "Udpegning fjernet"},
    {"appointment.update", "Udpegning ændret"},
    {"appointment.end", "Udpegning afsluttet"},
    {"person.create", "Kontaktperson oprettet"},
    {"person.leave", "Fratrædelse registreret"},
    {"person.verify", "Kontaktoplysninger og samtykke bekræftet"},
    {"person.verification_request", "Bekræftelse af kontaktoplysninger anmodet"},
    {"contact.import", "Kontaktliste importeret"},
    {"project.handover", "Overdraget fra implementering til drift"},
    {"role_catalogue.replace", "Rollekatalog ændret"},
    {"organisation.create", "Organisation oprettet"},
    {"organisation.update", "Organisation ændret"},
    {"project.create", "Projekt oprettet"},
    {"role.create", "Rolle oprettet"},
    {"role.update", "Rolle ændret"},
    {"role.mentions", "Rollernes henvisninger til hinanden opdateret"},
    {"master_task.create", "Master-opgave oprettet"},
    {"master_task.update", "Master-opgave ændret"},
    {"document.create", "Vejledning oprettet"},
    {"document.update", "Vejledning ændret"},
    {"wave.create", "Bølge oprettet"},
    {"wave.go_live", "Go-live ændret"},
    {"wave.phases", "Fasedatoer ændret"},
    {"wave.members", "Bølgens kommuner ændret"},
    {"wave.join", "Kommune kommet med i bølgen"},
    {"wave.leave", "Kommune taget ud af bølgen"},
    {"wave.publish", "Master-opgaver publiceret til bølgen"},
    {"wave.unpublish", "Master-opgaver afpubliceret fra bølgen"},
    {"task.publish", "Opgaver publiceret til kommunen"},
    {"task.hide", "Opgaver skjult for kommunen"},
    {"task.dates", "Opgavernes datoer flyttet"},
    {"task.create", "Opgave oprettet"},
    {"task.update", "Opgave ændret"},
    {"attachment.create", "Bilag tilføjet"},
    {"attachment.delete", "Bilag fjernet"},
    {"message.create", "Besked skrevet"},
    {"message.broadcast", "Besked sendt til bølgen"},
    {NULL, NULL}};

static const struct label fields[] = {
    {"name", "Navn"},          {"email", "E-mail"},        {"title", "Titel"},
    {"phone", "Telefon"},      {"type", "Brugertype"},     {"active", "Aktiv"},
    {"projects", "Projektadgang"}, {"role", "Rolle"},      {"person", "Person"},
    {"from", "Fra"},           {"to", "Til"},              {"project", "Projekt"},
    {"organisation", "Organisation"}, {"created_at", "Oprettet"}, {"id", "Id"},
    {"user_id", "Bruger"},     {"primary", "Primær"},      {"ended_at", "Afsluttet"},
    {"consent", "Samtykke"},   {NULL, NULL}};

/* The label of key in table, or key itself. */
static const char *label_of(const struct label *table, const char *key)
{
    for (size_t i = 0; key && table[i].key; i++) {
        if (!strcmp(table[i].key, key)) {
            return table[i].label;
        }
    }
    return key ? key : "";
}

/* Appends v as people read it: text as is, numbers, ja/nej, and objects
 * as "key: value, …" (project access {"KY": "plus"} → "KY: plus"). */
static void value_text(struct buf *b, json_t *v)
{
    const char *key;
    json_t *x;
    size_t i = 0;
    switch (json_typeof(v)) {
    case JSON_STRING: buf_puts(b, json_string_value(v)); break;
    case JSON_INTEGER: buf_printf(b, "%lld", (long long)json_integer_value(v)); break;
    case JSON_REAL: buf_printf(b, "%g", json_real_value(v)); break;
    case JSON_TRUE: buf_puts(b, "ja"); break;
    case JSON_FALSE: buf_puts(b, "nej"); break;
    case JSON_OBJECT:
        json_object_foreach(v, key, x) {
            buf_printf(b, "%s%s: ", i++ ? ", " : "", key);
            value_text(b, x);
        }
        break;
    case JSON_ARRAY:
        json_array_foreach(v, i, x) {
            buf_puts(b, i ? ", " : "");
            value_text(b, x);
        }
        break;
    default: break;
    }
}

/* A value as one line of text for the change list (new reference). */
static json_t *as_text(json_t *v)
{
    struct buf b = {0};
    if (v) {
        value_text(&b, v);
    }
    json_t *out = json_string(buf_str(&b));
    buf_free(&b);
    return out;
}

/* [{field, before, after}] for every field whose value differs. */
static json_t *changes(json_t *before, json_t *after)
{
    json_t *list = json_array();
    json_t *keys = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(before, k, v) {
        json_object_set(keys, k, json_true());
    }
    json_object_foreach(after, k, v) {
        json_object_set(keys, k, json_true());
    }
    json_object_foreach(keys, k, v) {
        json_t *b = json_object_get(before, k), *a = json_object_get(after, k);
        if (b && a && json_equal(b, a)) {
            continue;
        }
        json_array_append_new(list, json_pack("{s:s,s:s,s:o,s:o}", "field", k, "label",
                                              label_of(fields, k), "before", as_text(b),
                                              "after", as_text(a)));
    }
    json_decref(keys);
    return list;
}

/* GET /admin/historik, /api/v1/audit */
int page_audit_index(struct req *req)
{
    const char *entity = req_str(req, "entity");
    const char *action = req_str(req, "action");
    const char *since = req_str(req, "since");
    int64_t limit = 200, day, t;
    req_int(req, "limit", &limit);
    entity = entity && *entity ? entity : NULL;
    action = action && *action ? action : NULL;
    since = since && *since ? since : NULL;
    if (since && !date_parse(since, &day) && !iso_to_unix(since, &t)) {
        return req_fail(req, 422, "since", "Fra skal være en dato (ÅÅÅÅ-MM-DD) eller et tidspunkt");
    }
    struct owner_filter scope = req_read_scope(req);
    json_t *events = audit_list(req->db, &scope, entity, since, action, limit);
    if (!events) {
        return req_internal(req, "audit");
    }
    size_t i;
    json_t *e;
    json_array_foreach(events, i, e) {
        json_t *b = json_object_get(e, "before"), *a = json_object_get(e, "after");
        json_object_set_new(e, "action_label",
                            json_string(label_of(actions, json_string_value(
                                                              json_object_get(e, "action")))));
        json_object_set_new(e, "entity_label",
                            json_string(label_of(entities, json_string_value(
                                                               json_object_get(e, "entity")))));
        json_object_set_new(e, "changes", changes(json_is_object(b) ? b : NULL,
                                                  json_is_object(a) ? a : NULL));
    }
    json_object_set_new(req_view(req), "audit_events", events);
    req->tpl = "audit";
    req->title = "Historik";
    return 200;
}

/* The filter form: every entity type, and what was asked. */
int page_audit_extras(struct req *req)
{
    const char *entity = req_str(req, "entity");
    json_t *opts = json_array();
    for (size_t i = 0; entities[i].key; i++) {
        json_array_append_new(opts, json_pack("{s:s,s:s,s:b}", "value", entities[i].key,
                                              "label", entities[i].label, "selected",
                                              entity && !strcmp(entity, entities[i].key)));
    }
    const char *action = req_str(req, "action"), *since = req_str(req, "since");
    json_t *view = req_view(req);
    json_object_set_new(view, "entities", opts);
    json_object_set_new(view, "filter", json_pack("{s:s,s:s,s:s}", "entity", entity ? entity : "",
                                                  "action", action ? action : "", "since",
                                                  since ? since : ""));
    req_crumb(req, "/", "Forside");
    req_crumb(req, NULL, "Historik");
    return 0;
}
