/*
 * pages/projects: KOMBIT creates projects (the list is home.c's
 * page_home_projects).
 */
#ifndef KLIKD_PAGES_PROJECTS_H
#define KLIKD_PAGES_PROJECTS_H

#include "http.h"

int page_projects_create(struct req *req);

#endif
