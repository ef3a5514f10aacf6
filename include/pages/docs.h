/*
 * pages/docs: the guidance documents.
 */
#ifndef KLIKD_PAGES_DOCS_H
#define KLIKD_PAGES_DOCS_H

#include "http.h"

int page_docs_index(struct req *req);
int page_docs_show(struct req *req);

#endif
