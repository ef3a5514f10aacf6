/*
 * pages/waves: KOMBIT's waves, their members and go-live, and publishing
 * master tasks to them.
 */
#ifndef KLIKD_PAGES_WAVES_H
#define KLIKD_PAGES_WAVES_H

#include "http.h"

int page_waves_index(struct req *req);
int page_waves_index_extras(struct req *req);
int page_waves_create(struct req *req);
int page_waves_show(struct req *req);
int page_waves_show_extras(struct req *req);
int page_waves_update(struct req *req);
int page_waves_publish(struct req *req);
int page_waves_unpublish(struct req *req);
/* Resource: the wave {id}, in a project the caller reads; for a
 * municipality only a wave it is a member of (else not found). Sets
 * res.wave_id and the wave's project. */
int page_waves_resource(struct req *req);

#endif
