/*
 * contacts_int: what the contact list pages share between contacts.c (the
 * list and its exports) and contacts_import.c (reading a list back).
 * Internal to src/pages/.
 */
#ifndef KLIKD_PAGES_CONTACTS_INT_H
#define KLIKD_PAGES_CONTACTS_INT_H

#define CONTACT_NCOLUMNS 10

/* The CSV columns, in order: the export writes them, the import wants them. */
extern const char *const contacts_columns[CONTACT_NCOLUMNS];

#endif
