/*
 * pages/common: what the handlers share (common.c): the acting user for the audit
 * trail, a form's typed values, and the confirmation shown after a save.
 * A handler reads the checked request, asks the model, fills req->view (the
 * API's answer and the page's data), names a template and returns a status;
 * it never runs SQL, never checks access (the route table does) and never
 * formats output.
 */
#ifndef KLIKD_PAGES_COMMON_H
#define KLIKD_PAGES_COMMON_H

#include "http.h"

struct actor;
/* The acting user of a request, for the audit trail. */
void page_actor(const struct req *req, struct actor *a);
/* A form value: what was typed (on a 4xx) if present, else fallback. */
const char *page_form_value(const struct req *req, const char *key, const char *fallback);
/* The password KDF work of a request, done by a worker thread
 * (req_offload) so that no pool thread computes scrypt. */
struct page_kdf {
    const char *verify;  /* in: a password to check against hash, or NULL */
    const char *hash;    /* in: the stored hash; NULL with verify: a dummy
                            check that costs the same */
    const char *make;    /* in: a password to hash, or NULL */
    bool renew;          /* in: also hash verify anew when it matched and hash
                            was made with lower parameters */
    json_t *keep;        /* the handler's own look-ups, kept across (arena) */
    bool ok;             /* out: verify matched hash */
    char *made;          /* out: the new hash (make, or renew), or NULL */
};
/* Hands job to a worker: returns REQ_SUSPENDED for the handler to return;
 * the handler is called again with req->job_done and page_kdf_done(). */
int page_kdf_start(struct req *req, struct page_kdf *job);
/* The finished job of a handler called again (req->job), its new hash
 * owned by the request from here on. */
struct page_kdf *page_kdf_done(struct req *req);
/* Today's date, "YYYY-MM-DD" (arena). */
const char *page_today(struct req *req);
/* Answers a model look-up that gave NULL: 500 when the database failed,
 * else 404 with msg. */
int page_not_found(struct req *req, const char *what, const char *msg);

#endif
