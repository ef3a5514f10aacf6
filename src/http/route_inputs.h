/*
 * route_inputs: the input declarations of the route table, defined in
 * route_inputs.c and used by routes.c only. Private to src/http/.
 */
#ifndef KLIKD_HTTP_ROUTE_INPUTS_H
#define KLIKD_HTTP_ROUTE_INPUTS_H

#include "http.h"

extern const struct input in_login[];
extern const struct input in_login_form[];
extern const struct input in_user_create[];
extern const struct input in_user_patch[];
extern const struct input in_password[];
extern const struct input in_token[];
extern const struct input in_audit[];
extern const struct input in_appt[];
extern const struct input in_mt_list[];
extern const struct input in_reset[];
extern const struct input in_catalogue[];
extern const struct input in_register[];
extern const struct input in_appoint_form[];
extern const struct input in_appoint[];
extern const struct input in_appt_patch[];
extern const struct input in_contacts[];
extern const struct input in_contacts_import[];
extern const struct input in_leave[];
extern const struct input in_confirm[];
extern const struct input in_handover[];
extern const struct input in_project_create[];
extern const struct input in_mt_create[];
extern const struct input in_mt_patch[];
extern const struct input in_wave_list[];
extern const struct input in_wave_create[];
extern const struct input in_wave_patch[];
extern const struct input in_wave_publish[];
extern const struct input in_task_list[];
extern const struct input in_task_filters[];
extern const struct input in_task_patch[];
extern const struct input in_task_bulk[];
extern const struct input in_task_local[];
extern const struct input in_attach[];
extern const struct input in_message[];
extern const struct input in_notify[];
extern const struct input in_matrix[];
extern const struct input in_search[];
extern const struct input in_timeline[];

#endif
