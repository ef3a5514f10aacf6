/*
 * pages/catalogue: a project's role catalogue (/projekter/{code}/rollekatalog,
 * /api/v1/projects/{code}/role-catalogue): read by anyone logged in,
 * replaced as a whole by KOMBIT.
 */
#ifndef KLIKD_PAGES_CATALOGUE_H
#define KLIKD_PAGES_CATALOGUE_H

#include "http.h"

/* GET: the project and its catalogue. */
int page_catalogue_show(struct req *req);
/* Its page's edit form: one row per role with a choice per stage. */
int page_catalogue_extras(struct req *req);
/* PUT (page: POST): replaces the catalogue; 422 names the entry and field
 * ("role_catalogue[3].stage", or the form's "entries.<slug>.<stage>"). */
int page_catalogue_replace(struct req *req);

#endif
