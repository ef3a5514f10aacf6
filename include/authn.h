/*
 * authn: who is asking. Reads the session cookie or the Bearer token of a
 * request, checks it against the stored hashes, the idle timeout and the
 * absolute lifetime, and fills req->user; starts and ends cookie sessions
 * (a fresh token at every log-in, HttpOnly, SameSite=Lax, Secure when the
 * server is reached over TLS). Part of the http module; the cryptography
 * is auth.h's, the rows are the model's.
 */
#ifndef KLIKD_AUTHN_H
#define KLIKD_AUTHN_H

#include <stdbool.h>
#include <stdint.h>

#include "http.h"

#define SESSION_COOKIE "klikd_session"
#define PRELOGIN_COOKIE "klikd_login"

/* Identifies the caller from cookie or token. 0 (anonymous is fine), or a
 * status with the slot set (a bad Bearer token is 401). */
int authn_identify(struct req *req);
/* Loads req->user for a user id; false when inactive or unknown. */
bool authn_load_user(struct req *req, int64_t user_id);
/* The CSRF token the request carries (header X-CSRF-Token or form field
 * csrf_token), or NULL. */
const char *authn_csrf_sent(const struct req *req);
/* Constant-time string equality. */
bool authn_equal(const char *a, const char *b);
/* Gives a form shown without a session (log-in, password reset) its CSRF
 * token, bound to a short-lived cookie the router checks the post
 * against; with a session, the session's token is used. */
void authn_prelogin_token(struct req *req);
/* Starts a session for user_id: a new token (no fixation), the cookie, and
 * req->csrf. 0 or -1. */
int authn_start_session(struct req *req, int64_t user_id);
/* Ends the request's session and clears the cookie. */
void authn_end_session(struct req *req);
/* The value of a request cookie (arena), or NULL. */
const char *authn_cookie(const struct req *req, const char *name);
/* Sets (max_age > 0), or clears (max_age < 0), a cookie with klikd's flags. */
void authn_set_cookie(struct req *req, const char *name, const char *value, long max_age);

#endif
