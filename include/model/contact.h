/*
 * model/contact: contact lists (kontaktlister) — who holds which role in
 * which municipality now, with the holder's contact data where the reader
 * may see it — and the people of a municipality as its KLIK-administrator
 * keeps them: their consent (samtykke), when they last confirmed their
 * data, and the one-time links that ask them to (person_verifications).
 * The caller holds the transaction of every write.
 */
#ifndef KLIKD_MODEL_CONTACT_H
#define KLIKD_MODEL_CONTACT_H

#include "model/common.h"

/* What a contact list is narrowed to; NULL fields do not narrow. */
struct contact_filter {
    const char *today;      /* "YYYY-MM-DD": appointments current on this day */
    const char *role;       /* a role's slug */
    const char *project;    /* a project's code */
    int64_t org_id;         /* one municipality (organisations.id), 0 any */
    const char *region;     /* a region's name or code ("Region Midtjylland", "1082") */
};

/* Who reads: their own organisation's contacts they always see whole; a
 * reader who sees_all (KOMBIT) sees every contact whole; anyone else sees
 * a contact's personal fields only when the holder consented. */
struct contact_reader {
    int64_t org_id;  /* the reader's organisation */
    bool sees_all;   /* KOMBIT */
};

/* The current appointments that match f as contacts: [{municipality,
 * role, project, name, title, email, phone, primary, verified_at}], where
 * name, title, email, phone and verified_at are absent (not null) when the
 * reader may not see them. New reference, NULL on failure. */
json_t *contact_list(struct db *db, const struct contact_filter *f,
                     const struct contact_reader *r);
/* Whether a region of that name or code has municipalities: 1, 0, -1. */
int contact_region_known(struct db *db, const char *region);
/* The names a list shows beside its codes: {"roles": {slug: name},
 * "municipalities": {code: name}}. New reference, NULL on failure. */
json_t *contact_names(struct db *db);

/* The people of org_id: [{id, name, title, email, phone, consent,
 * verified_at, left_at, login, active, appointments}], those who left
 * last; appointments counts their current ones on today. */
json_t *contact_persons(struct db *db, int64_t org_id, const char *today);
/* One person of org_id, as contact_persons() gives them, or NULL. */
json_t *contact_person(struct db *db, int64_t org_id, int64_t id, const char *today);

/* Stores a one-time link asking person_id to confirm their data (the
 * SHA-256 of its secret as 64 hex digits), valid until expires (Unix
 * seconds); the person's earlier unused links are spent. Audited as
 * person.verification_request. The id, or -1. */
int64_t contact_verify_create(struct db *db, const struct actor *a, int64_t org_id,
                              int64_t person_id, const char *hash_hex, int64_t expires);
/* The live link with that hash: {id, person_id, org_id, municipality,
 * name, title, email, phone, consent}, or NULL (unknown, used, expired or
 * the person has left; db_failed() tells a failure). */
json_t *contact_verify_find(struct db *db, const char *hash_hex, int64_t now);
/* Spends link id and saves the person's confirmed data (d: name, title,
 * email, phone as strings, consent as a boolean), setting verified_at.
 * Audited as person.verify with before and after. 1, 0 when the link was
 * spent meanwhile, -1 failure. */
int contact_verify_use(struct db *db, const struct actor *a, json_t *link, json_t *d);

#endif
