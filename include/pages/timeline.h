/*
 * pages/timeline: a municipality's tasks of a project against time (a
 * Gantt chart with go-live, today and the critical path).
 */
#ifndef KLIKD_PAGES_TIMELINE_H
#define KLIKD_PAGES_TIMELINE_H

#include "http.h"

/* GET /projekter/{code}/tidslinje, /api/v1/projects/{code}/timeline:
 * {project, municipality {code, name} or null (KOMBIT has not picked),
 * today, go_live, waves, tasks [{id, master_task_id, title, wave_id,
 * start, deadline, status, status_label, overdue, critical,
 * predecessors}], critical_path}. 404 for another municipality's. */
int page_timeline_show(struct req *req);
/* The page's chart ("chart": trusted SVG or null) and KOMBIT's pick list
 * ("municipalities": [{code, name, selected}] or null). 0 or 500. */
int page_timeline_extras(struct req *req);

#endif
