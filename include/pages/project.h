/*
 * pages/project: a project's page for a municipality — its tasks with
 * filters, counts and progress, bulk changes, and local tasks.
 */
#ifndef KLIKD_PAGES_PROJECT_H
#define KLIKD_PAGES_PROJECT_H

#include "http.h"

int page_project_show(struct req *req);
int page_project_extras(struct req *req);
int page_project_bulk(struct req *req);
int page_project_task_new(struct req *req);
int page_project_task_create(struct req *req);

#endif
