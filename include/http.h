/*
 * http: libmicrohttpd glue, the request struct every handler receives, the
 * route table and the router. The router alone answers 404, 405 (with
 * Allow), 413, authentication, access level, CSRF and input validation
 * before any handler runs; a handler gets a checked request, fills a view
 * (json_t) and returns an HTTP status, and the same view is rendered as
 * JSON for /api/ and through a template for pages.
 */
#ifndef KLIKD_HTTP_H
#define KLIKD_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"

struct MHD_Connection;
struct tpl_set;

enum http_method {
    HTTP_GET = 1,
    HTTP_HEAD = 2,
    HTTP_POST = 4,
    HTTP_PUT = 8,
    HTTP_PATCH = 16,
    HTTP_DELETE = 32,
    HTTP_OPTIONS = 64,
};

/* What a route needs from the caller; checked by the router. */
enum access {
    ACCESS_PUBLIC,      /* anyone */
    ACCESS_LOGIN,       /* a logged-in user (session cookie or API token) */
    ACCESS_ORG_ADMIN,   /* the KLIK-administrator of their organisation */
    ACCESS_PLUS,        /* 'plus' on the project named by the route */
    ACCESS_PUBLISHER,   /* a KOMBIT user */
    ACCESS_OVERSEER,    /* a KLIK-administrator, or a KOMBIT user (audit trail) */
    ACCESS__MAX
};

enum input_type {
    IN_STR,      /* one line of text, trimmed, min..max characters */
    IN_TEXT,     /* multi-line text (Markdown), min..max characters */
    IN_INT,      /* a decimal integer in min..max */
    IN_DATE,     /* "YYYY-MM-DD" */
    IN_EMAIL,    /* an e-mail address, lower-cased */
    IN_ENUM,     /* one of values */
    IN_BOOL,     /* true/false; forms: "1"/"on"/"true" or absent */
    IN_PASSWORD, /* text kept as typed, min..max bytes, never echoed */
    IN_ACCESS,   /* project code → one of values: JSON object, or form fields
                    "<name>.<CODE>" */
};

#define IN_REQUIRED 1u /* must be present (and non-empty) */

/* One declared input of a route. */
struct input {
    const char *name;            /* field name in query, form or JSON */
    enum input_type type;        /* how to validate */
    unsigned flags;              /* IN_REQUIRED */
    long min, max;               /* length or range; 0,0 = defaults */
    const char *const *values;   /* IN_ENUM/IN_ACCESS: NULL-terminated */
    const char *label;           /* Danish label, for messages */
};

struct req;
typedef int (*handler_fn)(struct req *req);

#define ROUTE_MAX_PARAMS 4
#define ROUTE_NO_CSRF 1u   /* a browser POST without session (log-in form) */

/* One row of the route table (src/http/routes.c). */
struct route {
    int method;                 /* one enum http_method */
    const char *pattern;        /* "/api/v1/users/{id}": {name} matches one segment */
    handler_fn handler;         /* fills req->view, returns a status */
    enum access access;         /* checked before the handler runs */
    const struct input *inputs; /* terminated by {0}; NULL = none accepted */
    handler_fn form;            /* pages: rebuilds the form view on 422 */
    const char *project_param;  /* ACCESS_PLUS: the path parameter naming the project
                                   (access is checked before inputs are read) */
    unsigned flags;             /* ROUTE_* */
};

extern const struct route routes[];
extern const size_t nroutes;

/* The caller, as authentication found it. Arena memory. */
struct user_ctx {
    int64_t id;          /* users.id */
    int64_t person_id;   /* persons.id */
    int64_t org_id;      /* organisations.id */
    const char *org_code;  /* "kombit" or "101" */
    const char *org_name;
    bool central;        /* a KOMBIT user: a publisher */
    bool admin;          /* type = 'admin' */
    const char *name;
    const char *email;
    json_t *projects;    /* {"KY": "plus", ...} */
};

/* An extra response header. */
struct hdr {
    struct hdr *next;
    const char *name;
    const char *value;
};

/* Everything a handler receives and returns. One per request, in its arena. */
struct req {
    struct arena *arena;          /* all request memory */
    struct MHD_Connection *conn;  /* libmicrohttpd's connection */
    struct db *db;                /* this thread's connection */
    const struct tpl_set *tpl_set;/* parsed templates */
    char id[17];                  /* request id for logs */
    int64_t started_us;           /* monotonic start, for the access log */

    /* what came in */
    int method;                   /* enum http_method */
    const char *method_name;      /* as sent */
    const char *path;             /* URL path, percent-decoded */
    const char *client_addr;      /* peer address */
    bool api;                     /* path starts with /api/ */
    bool secure;                  /* TLS or --behind-https-proxy */
    char *body;                   /* request body (arena), NUL-terminated */
    size_t body_len;
    bool body_too_large;          /* more than the limit arrived */
    const struct route *route;    /* the matched route */
    const char *param_names[ROUTE_MAX_PARAMS];
    const char *params[ROUTE_MAX_PARAMS]; /* decoded path segments */
    size_t nparams;
    json_t *in;                   /* validated inputs, typed */
    json_t *raw;                  /* submitted form values as typed (for re-display) */
    json_t *errors;               /* {"field": "message"} from validation */

    /* who asked */
    struct user_ctx *user;        /* NULL when anonymous */
    int64_t session_id;           /* 0 unless a cookie session */
    const char *csrf;             /* the session's CSRF token */
    bool via_token;               /* authenticated by an API token */
    bool authorized;              /* access and CSRF checks passed */

    /* what goes out */
    int status;                   /* HTTP status */
    const char *err_field;        /* error slot: which input */
    const char *err_msg;          /* error slot: what is wrong (Danish) */
    json_t *view;                 /* the view model = the API answer */
    const char *tpl;              /* template name for pages */
    const char *title;            /* page title */
    json_t *crumbs;               /* breadcrumbs [{"href","label"}] */
    const char *location;         /* where a created/changed thing lives */
    const char *notice;           /* a message for the next page (flash) */
    struct hdr *headers;          /* extra headers */
    const char *content_type;     /* raw body response: its type */
    const char *raw_body;         /* raw body response (static files, text) */
    size_t raw_len;
    bool no_store;                /* Cache-Control: no-store */
    bool commit_always;           /* keep the writes of a failing handler
                                     (failed log-ins are counted) */
    size_t out_len;               /* bytes sent, for the access log */
    bool logged;                  /* its access-log line is written */
};

/* Sets the error slot and returns status, for `return req_fail(...)`. */
int req_fail(struct req *req, int status, const char *field, const char *msg);
/* The route parameter called name (borrowed), or NULL. */
const char *req_param(const struct req *req, const char *name);
/* A route parameter as a positive integer id; 0 if absent or malformed. */
int64_t req_param_id(const struct req *req, const char *name);
/* Typed inputs (borrowed; NULL / false when absent). */
const char *req_str(const struct req *req, const char *name);
bool req_int(const struct req *req, const char *name, int64_t *out);
bool req_bool(const struct req *req, const char *name);
bool req_has(const struct req *req, const char *name);
json_t *req_json(const struct req *req, const char *name);
/* Adds a response header (copied into the arena). */
void req_header(struct req *req, const char *name, const char *value);
/* Registers fn(p) to run when the request is done. */
void req_defer(struct req *req, void (*fn)(void *), void *p);
/* A view object owned by the request (new, empty). */
json_t *req_view(struct req *req);
/* Adds a breadcrumb. */
void req_crumb(struct req *req, const char *href, const char *label);
/* The caller's read and write scope over organisation-owned rows: a
 * publisher reads all, everyone else only their own organisation. */
struct owner_filter req_read_scope(const struct req *req);
struct owner_filter req_write_scope(const struct req *req);
/* Logs an internal fault with the request id and returns 500. */
int req_internal(struct req *req, const char *what);

/* Routing: finds the route for method and path, filling params. Returns
 * the route, or NULL with *allowed set to the methods the path accepts
 * (0: unknown path). */
const struct route *route_match(struct req *req, int method, const char *path, int *allowed);
/* Runs access, CSRF and input checks, then the handler; sets req->status. */
void route_dispatch(struct req *req);
/* "GET, POST" for an Allow header (arena). */
const char *route_allow(struct req *req, int methods);
const char *http_method_name(int method);
const char *access_name(enum access a);

/* Input validation (src/http/input.c): parses the query or body and
 * validates it against the route's inputs, filling req->in / req->raw /
 * req->errors. Returns 0, or a status (400/413/415/422) with the slot set. */
int input_parse(struct req *req);

/* Rendering (src/http/render.c): the final response body for a request. */
struct render_out {
    char *data;                 /* malloc'd, handed to libmicrohttpd */
    size_t len;
    const char *content_type;
};
void render_response(struct req *req, struct render_out *out);

/* Static files (src/http/static.c): loaded into memory at start-up. */
int http_static_load(const char *datadir);
void http_static_free(void);
int http_static(struct req *req);

/* Server settings from the command line. */
struct server_opts {
    const char *db_path;
    const char *listen;        /* HOST:PORT */
    const char *tls_cert;      /* PEM file, or NULL */
    const char *tls_key;
    bool behind_https_proxy;
    unsigned threads;          /* pool size */
    int64_t session_idle;      /* seconds */
    int64_t session_max;       /* seconds */
    size_t body_limit;         /* bytes */
    const char *datadir;       /* templates/, static/, migrations/ */
    bool strict_templates;     /* a template that does not fit its view is a 500 */
};

/* Global, read-only after start-up. */
extern struct server_opts server;

/* Runs the server until SIGINT/SIGTERM; 0 on a clean shutdown. */
int http_serve(const struct server_opts *opts);

#endif
