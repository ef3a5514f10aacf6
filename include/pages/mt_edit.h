/*
 * pages/mt_edit: KOMBIT's forms and API for authoring master tasks.
 */
#ifndef KLIKD_PAGES_MT_EDIT_H
#define KLIKD_PAGES_MT_EDIT_H

#include "http.h"

int page_mt_new(struct req *req);
int page_mt_edit(struct req *req);
int page_mt_create(struct req *req);
int page_mt_update(struct req *req);
int page_mt_form_extras(struct req *req);

#endif
