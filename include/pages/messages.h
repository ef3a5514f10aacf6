/*
 * pages/messages: the messages on a task (read by its municipality and
 * KOMBIT, written by PLUS users of the task's project and by KOMBIT) and
 * KOMBIT's broadcasts to a wave.
 */
#ifndef KLIKD_PAGES_MESSAGES_H
#define KLIKD_PAGES_MESSAGES_H

#include "http.h"

int page_messages_resource(struct req *req);
int page_messages_index(struct req *req);
int page_messages_create(struct req *req);
int page_messages_wave_resource(struct req *req);
int page_messages_wave(struct req *req);
int page_messages_broadcast(struct req *req);

#endif
