/*
 * input_int: what input.c shares with input_typed.c, the parsers of the
 * list and file inputs. Internal to src/http/; handlers never see it.
 */
#ifndef KLIKD_HTTP_INPUT_INT_H
#define KLIKD_HTTP_INPUT_INT_H

#include "http.h"

/* Records a validation error for field (the first one wins the slot). */
void input_invalid(struct req *req, const char *field, const char *msg);
/* The declared input of route r that field name belongs to (borrowed), or
 * NULL: the field itself, or "<name>.<key>" of an IN_ACCESS or IN_IDS input. */
const struct input *input_find(const struct route *r, const char *name);
/* Gives req fresh, empty raw, typed and error objects and an empty slot. */
void input_start(struct req *req);
/* Validates req->raw against the route's inputs into req->in. 0 or 422. */
int input_validate_all(struct req *req);
/* Validates an IN_IDS input into req->in (input_typed.c). */
void input_check_ids(struct req *req, const struct input *in);
/* Whether route r declares an IN_FILE input (input_typed.c). */
bool input_takes_file(const struct route *r);
/* Parses and validates a multipart/form-data body (input_typed.c): text
 * parts as form fields, file parts into their IN_FILE inputs. 0, or
 * 400/422 with the slot set. */
int input_parse_multipart(struct req *req);

#endif
