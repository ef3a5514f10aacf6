/*
 * pages/master_tasks: KLIK master tasks, in the projects the caller may read.
 */
#ifndef KLIKD_PAGES_MASTER_TASKS_H
#define KLIKD_PAGES_MASTER_TASKS_H

#include "http.h"

int page_mt_index(struct req *req);
int page_mt_index_extras(struct req *req);
int page_mt_show(struct req *req);
/* Resource: the master task {id} and its project. */
int page_mt_resource(struct req *req);

#endif
