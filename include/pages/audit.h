/*
 * pages/audit: the audit trail.
 */
#ifndef KLIKD_PAGES_AUDIT_H
#define KLIKD_PAGES_AUDIT_H

#include "http.h"

int page_audit_index(struct req *req);
int page_audit_extras(struct req *req);

#endif
