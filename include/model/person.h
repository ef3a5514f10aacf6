/*
 * model/person: the people of a municipality as the role register sees
 * them — users (a person with a log-in) and contacts without a log-in —
 * listed for pick lists, checked for membership, and created as contacts
 * when someone is appointed who has no log-in. Reads are scoped to one
 * organisation (KOMBIT reads all). Contact lists, consent changes,
 * verification and leavers belong to the contacts module, not here.
 */
#ifndef KLIKD_MODEL_PERSON_H
#define KLIKD_MODEL_PERSON_H

#include "model/common.h"

/* People in scope: [{id, name, title, email, phone, organisation, user}]
 * (user: the person has a log-in), by organisation and name. */
json_t *person_list(struct db *db, const struct owner_filter *scope);
/* Whether person_id belongs to org_id: 1 yes, 0 no (or unknown), -1. */
int person_in_org(struct db *db, int64_t person_id, int64_t org_id);

/* A contact without a log-in, as person_create_contact() takes it. */
struct person_contact {
    const char *name;  /* 1..200 characters */
    const char *title; /* or NULL */
    const char *email; /* or NULL */
    const char *phone; /* or NULL */
    bool consent;      /* may be shown to other municipalities */
};
/* Creates a contact without a log-in in org_id, with its audit event
 * (person.create); the caller holds the transaction. The id, or -1. */
int64_t person_create_contact(struct db *db, const struct actor *a, int64_t org_id,
                              const struct person_contact *c);

#endif
