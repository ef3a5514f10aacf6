/*
 * contacts_int: what the contact list pages share between contacts.c (the
 * list and its exports) and contacts_import.c (reading a list back).
 * Internal to src/pages/.
 */
#ifndef KLIKD_PAGES_CONTACTS_INT_H
#define KLIKD_PAGES_CONTACTS_INT_H

#include <stdbool.h>

struct req;

#define CONTACT_NCOLUMNS 10

/* The CSV columns, in order: the export writes them, the import wants them. */
extern const char *const contacts_columns[CONTACT_NCOLUMNS];

/* Whether a contact confirmed at verified_at (an ISO timestamp, or NULL:
 * never) is stale on today ("YYYY-MM-DD"): never confirmed, or more than
 * 12 months ago. */
bool contacts_stale(const char *verified_at, const char *today);

#endif
