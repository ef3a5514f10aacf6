/*
 * pages/risk: unfilled mandatory roles (/risiko, /api/v1/risk) — a
 * municipality's list, KOMBIT's matrix of municipalities × mandatory roles.
 */
#ifndef KLIKD_PAGES_RISK_H
#define KLIKD_PAGES_RISK_H

#include "http.h"

/* GET /risiko, /api/v1/risk */
int page_risk_index(struct req *req);
/* Its page's rows: the unfilled entries, each with whether the caller may
 * appoint to it (none for KOMBIT, whose page shows the matrix). */
int page_risk_extras(struct req *req);

#endif
