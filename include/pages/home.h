/*
 * pages/home: the front page, the health check and the small reference lists
 * (projects, organisations).
 */
#ifndef KLIKD_PAGES_HOME_H
#define KLIKD_PAGES_HOME_H

#include "http.h"

int page_home_index(struct req *req);
int page_home_health(struct req *req);
int page_home_projects(struct req *req);
int page_home_organisations(struct req *req);

#endif
