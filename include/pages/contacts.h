/*
 * pages/contacts: contact lists (kontaktlister) — the list with its
 * filters (per municipality, role, project, region: the search across
 * municipalities), its CSV and vCard exports, and the import of a CSV
 * list by a municipality's KLIK-administrator.
 */
#ifndef KLIKD_PAGES_CONTACTS_H
#define KLIKD_PAGES_CONTACTS_H

#include "http.h"

/* GET /kontakter, /api/v1/contacts[?format=csv|vcf] */
int page_contacts_index(struct req *req);
/* The list's filter form, pick lists, rows with names, download links. */
int page_contacts_extras(struct req *req);
/* GET /kontakter/import: the import form. */
int page_contacts_import_form(struct req *req);
/* POST /kontakter/import, /api/v1/contacts/import */
int page_contacts_import(struct req *req);

#endif
