/*
 * pages/followup: KOMBIT's follow-up of waves (followup.c): a wave's
 * matrix of municipalities × tasks (page, API, CSV) and every
 * municipality's progress per project.
 */
#ifndef KLIKD_PAGES_FOLLOWUP_H
#define KLIKD_PAGES_FOLLOWUP_H

#include "http.h"

int page_followup_matrix(struct req *req);
int page_followup_progress(struct req *req);

#endif
