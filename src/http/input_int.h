/*
 * input_int: what input.c shares with input_list.c, its list types, and
 * input_typed.c, its uploaded files. Private to src/http/input*.c.
 */
#ifndef KLIKD_HTTP_INPUT_INT_H
#define KLIKD_HTTP_INPUT_INT_H

#include "http.h"

/* The declared input of route r that field name belongs to (borrowed), or
 * NULL: the field itself, or "<name>.<CODE>" of an IN_ACCESS input. */
const struct input *input_find(const struct route *r, const char *name);
/* Stores a decoded form or query value under key in req->raw: the last of
 * duplicate keys wins, except for a list input, whose values are collected
 * in order into an array. */
void input_raw_put(struct req *req, const char *key, const char *val);
/* Whether v is JSON null or a blank string (an IN_NULLABLE input given
 * empty). */
bool input_blank(json_t *v);
/* Records a validation error for field (the first one wins the slot). */
void input_invalid(struct req *req, const char *field, const char *msg);
/* Validates a scalar value v for in (any type but the lists and
 * IN_ACCESS); stores the typed value under name in req->in, or records
 * why not. */
void input_check_scalar(struct req *req, const struct input *in, const char *name, json_t *v);
/* Whether in takes a list (IN_STRLIST, IN_TEXTLIST, IN_INTLIST); in may
 * be NULL. */
bool input_is_list(const struct input *in);
/* Validates a list input: a JSON array (API), or the values of a repeated
 * form field, empty ones dropped (pages). Each item is checked as an
 * IN_STR, IN_TEXT or IN_INT of the same limits; the typed array goes to req->in
 * under in->name, or the error is recorded. */
void input_check_list(struct req *req, const struct input *in, json_t *v);

/* Whether s has a control character (newlines and tabs allowed when
 * newlines is set). */
bool input_has_control(const char *s, bool newlines);
/* Whether v is one of in->values. */
bool input_in_values(const struct input *in, const char *v);
/* Validates a map input (IN_ACCESS, IN_MAP) into req->in (input_map.c). */
void input_check_map(struct req *req, const struct input *in);

/* Gives req fresh, empty raw, typed and error objects and an empty slot. */
void input_start(struct req *req);
/* Validates req->raw against the route's inputs into req->in. 0 or 422. */
int input_validate_all(struct req *req);
/* Whether route r declares an IN_FILE input (input_typed.c). */
bool input_takes_file(const struct route *r);
/* Parses and validates a multipart/form-data body (input_typed.c): text
 * parts as form fields, file parts into their IN_FILE inputs. 0, or
 * 400/422 with the slot set. */
int input_parse_multipart(struct req *req);

#endif
