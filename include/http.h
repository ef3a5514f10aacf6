/*
 * http: libmicrohttpd glue, the request struct every handler receives, the
 * route table (one row per action, page and API path together) and the
 * router. The router alone answers 404, 405 (with Allow), 413,
 * authentication, the resource the path names, access (a predicate over
 * the rights it computes once), CSRF and input validation before any
 * handler runs; a handler gets a checked request, does its slow work, holds
 * the write lock only in its own short transaction, fills one view
 * (json_t) and returns an HTTP status. The same view is the API's JSON and
 * the page's data; pages add only their route's declared extras.
 */
#ifndef KLIKD_HTTP_H
#define KLIKD_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "model/common.h"

struct MHD_Connection;
struct stream;
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
    IN_JSON,     /* any JSON value, kept as sent, for the handler to check
                    (API); a form's text as IN_STR */
    IN_MAP,      /* key → short text: a JSON object, or form fields
                    "<name>.<key>" (keys: a-z 0-9 - .) */
    IN_STRLIST,  /* a list of one-line texts, each min..max characters: a JSON array,
                    or the form field repeated (empty values dropped) */
    IN_TEXTLIST, /* a list of multi-line texts (Markdown): as IN_STRLIST */
    IN_INTLIST,  /* a list of integers, each in min..max: as IN_STRLIST */
    IN_FILE,     /* an uploaded file: a multipart/form-data part with a filename;
                    typed as {filename, content_type, offset, size} into req->body */
};

#define IN_REQUIRED 1u /* must be present (and non-empty) */
#define IN_NULLABLE 2u /* given empty ("" or null): stored as null, "cleared" */

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
#define KIB(n) ((size_t)(n) * 1024)

/* What the route's path names, looked up by the router before the rights
 * are computed (a route's .resource function fills it). Arena memory. */
struct resource {
    int64_t id;              /* the resource's id ({id:int}), 0 none */
    int64_t org_id;          /* the organisation that owns it, 0 none */
    int64_t project_id;      /* its project, 0 none */
    const char *project;     /* its project's code, NULL none */
    int64_t wave_id;         /* its wave, 0 none */
    json_t *row;             /* the resource as looked up, for the handler, or NULL */
};
/* Looks up the route's resource from req's path parameters into req->res.
 * 1 found, 0 not there (the router answers 404), -1 failure (500). */
typedef int (*resource_fn)(struct req *req);

/* The caller's rights on this request, computed once by the router
 * (rights.c) and handed to templates as "can". Handlers and templates
 * read them; they never recompute them. */
struct can {
    bool login;              /* someone is logged in */
    bool publish;            /* a KOMBIT user: publisher */
    bool admin;              /* KLIK-administrator (of their own organisation) */
    bool admin_resource;     /* admin of the organisation that owns the resource */
    bool oversee;            /* reads the audit trail: an admin or a publisher */
    bool read_project;       /* may read the route's project (any access, or publisher) */
    bool edit;               /* PLUS on the route's project (municipality users) */
    bool appoint;            /* may appoint people to the route's project's roles
                                (no project: to municipality-wide roles) */
    bool all_projects;       /* reads every project (a publisher) */
    json_t *projects;        /* else the codes of the projects the caller reads */
};

/* An access predicate: who may use a route. The router evaluates it over
 * the computed rights; a refusal answers 401 (anonymous) or 403 with
 * denied as the message. */
struct access {
    const char *name;                      /* for `klikd routes` */
    bool login;                            /* needs a logged-in caller */
    bool (*allows)(const struct req *req); /* over req->can; NULL: anyone */
    const char *denied;                    /* 403 message (Danish) */
    bool early;                            /* allows() before the resource is looked up
                                              never refuses a caller the resource would
                                              let in: checked before the look-up too */
};
extern const struct access acc_static;      /* anyone, no authentication at all */
extern const struct access acc_public;      /* anyone; the caller is identified if they can be */
extern const struct access acc_login;       /* a logged-in user */
extern const struct access acc_publisher;   /* a KOMBIT user */
extern const struct access acc_admin;       /* a KLIK-administrator, of the resource's
                                               organisation when the route has one */
extern const struct access acc_overseer;    /* a KLIK-administrator or a KOMBIT user */
extern const struct access acc_project;     /* reads the route's project */
extern const struct access acc_plus;        /* PLUS on the route's project */
extern const struct access acc_contributor; /* PLUS on the route's project, or KOMBIT */

/* Page-only parts of a view (forms, pick lists, breadcrumbs): called for
 * page requests only, after the handler succeeded; adds only the keys the
 * route declares in extras_keys. 0, or a status. */
typedef int (*extras_fn)(struct req *req);

/*
 * One row of the route table (src/http/routes.c): one action, with its page
 * path and its API path. Path patterns have typed parameters: {id:int} (a
 * positive integer), {slug} (a slug), {code} (a project code), {name} (a
 * file name); a segment that does not fit its type does not match. Page
 * paths answer GET for a GET action and POST (form) otherwise; API paths
 * answer the row's method.
 */
struct route {
    const char *action;         /* "appointment.create": names the row */
    int method;                 /* one enum http_method (API; pages: GET or POST) */
    const char *page;           /* page path pattern, or NULL */
    const char *api;            /* API path pattern, or NULL */
    handler_fn handler;         /* fills req->view, returns a status */
    const struct access *access;/* checked before the handler runs */
    resource_fn resource;       /* looks up what the path names, or NULL */
    const struct input *inputs; /* terminated by {0}; NULL = none accepted */
    size_t body_max;            /* bytes of body a POST/PUT/PATCH (the page's form
                                   post included) may send; 0: none */
    extras_fn extras;           /* pages: adds page-only parts, or NULL */
    const char *extras_keys;    /* the keys extras adds, space-separated */
    handler_fn form;            /* pages: rebuilds the form view on 4xx */
    const char *notice;         /* pages: the confirmation shown after it succeeds */
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
    const struct route *route;    /* the matched route (found at the headers) */
    int allowed;                  /* no route: the methods the path accepts (0: unknown) */
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
    struct resource res;          /* what the route's path names (router) */
    struct can can;               /* the caller's rights (router, rights.c) */
    bool in_tx;                   /* inside req_begin .. req_commit */
    void (*job_fn)(void *job);    /* a slow step for a worker (req_offload) */
    void *job;                    /* its state, kept across the suspension */
    bool job_done;                /* the worker has run it: finish the handler */
    bool suspended;               /* waiting for the worker: no answer yet */

    /* what goes out */
    int status;                   /* HTTP status */
    const char *err_field;        /* error slot: which input */
    const char *err_msg;          /* error slot: what is wrong (Danish) */
    json_t *view;                 /* the view model = the API answer */
    const char *tpl;              /* template name for pages */
    const char *title;            /* page title */
    json_t *crumbs;               /* breadcrumbs [{"href","label"}] */
    const char *location;         /* where a created/changed thing lives (page) */
    const char *api_location;     /* its API address, when not the page's */
    const char *notice;           /* a message for the next page (flash) */
    struct hdr *headers;          /* extra headers */
    const char *content_type;     /* raw body response: its type */
    const char *raw_body;         /* raw body response (static files, text) */
    size_t raw_len;
    bool no_store;                /* Cache-Control: no-store */
    size_t out_len;               /* bytes sent, for the access log */
    bool logged;                  /* its access-log line is written */
    struct stream *stream;        /* a streamed body (stream.c), or NULL */
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
/* The client's address (peer.c, arena): the peer's, unless the peer is a
 * --trusted-proxy; then the right-most X-Forwarded-For entry that is not
 * itself a trusted proxy. */
const char *http_client_addr(struct req *req);
/* "https://host:port" as the caller reached klikd (arena). */
const char *req_origin(const struct req *req);
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

/* Starts the request's one short write transaction (BEGIN IMMEDIATE): a
 * handler does its slow and read-only work first, then begins, writes with
 * their audit events, and commits. 0, or -1 with a 500 answered. */
int req_begin(struct req *req);
/* Commits the transaction begun by req_begin and returns status, or 500
 * when the commit (or an unchecked database error) fails; nothing is kept
 * then. The router rolls back a transaction a handler left open. */
int req_commit(struct req *req, int status);

/* What a handler returns after req_offload(): no answer yet. */
#define REQ_SUSPENDED 1
/* Hands the slow step fn(job) — the password KDF — to a worker thread
 * (offload.c) and returns REQ_SUSPENDED, which the handler returns: the
 * connection is suspended, the pool thread serves others, and once fn has
 * run the handler is called again with req->job_done set and req->job as
 * fn left it. fn runs without a database, arena or Jansson; the handler
 * must not hold a transaction across it. */
int req_offload(struct req *req, void (*fn)(void *job), void *job);
/* The worker threads (offload.c): started and stopped by the server;
 * offload_submit queues a suspended request. */
int offload_start(unsigned nworkers);
void offload_stop(void);
void offload_submit(struct req *req);

/* Routing (router.c). Finds the route for req->method and req->path,
 * filling req->route and the typed path parameters; on no match,
 * req->route is NULL and req->allowed holds the methods the path accepts
 * (0: unknown path). Called by the server as soon as the headers are in,
 * so the body limit is the route's. */
void route_find(struct req *req);
/* Matches path against one pattern with typed parameters; stores them in
 * req when store is set. */
bool route_match_pattern(struct req *req, const char *pattern, const char *path, bool store);
/* The body limit of the request's route: 0 when none matched, and for
 * GET, HEAD and DELETE, which take no body. */
size_t route_body_max(const struct req *req);
/* Runs authentication, the resource look-up, rights, access, CSRF and
 * input checks, then the handler; sets req->status. */
void route_dispatch(struct req *req);
/* Builds the page a failed form post shows again: runs form (the page's
 * GET handler) and the extras of the page route it belongs to. 0, or a
 * status. */
int route_page_view(struct req *req, handler_fn form);
/* "GET, POST" for an Allow header (arena). */
const char *route_allow(struct req *req, int methods);
const char *http_method_name(int method);

/* Rights (rights.c): fills req->can for the identified caller and
 * req->res. */
void rights_compute(struct req *req);
/* Whether the caller may read the project with that code (a publisher
 * reads all): the one test behind can.read_project and can.projects. */
bool rights_reads(const struct req *req, const char *code);
/* Whether the caller may appoint people to a role of the project with
 * that code (NULL: a municipality-wide role); can.appoint is this for the
 * route's project. */
bool rights_appoints(const struct req *req, const char *code);
/* req->can as a view object (new reference), for templates as "can". */
json_t *rights_view(const struct req *req);

/* Input validation (src/http/input.c): parses the query or body and
 * validates it against the route's inputs, filling req->in / req->raw /
 * req->errors. Returns 0, or a status (400/413/415/422) with the slot set. */
int input_parse(struct req *req);
/* The three parsers input_parse() hands the request to, each taking the
 * text itself (no libmicrohttpd connection), for tests and fuzzers: a
 * query string without the '?' (GET, HEAD, DELETE; a page's undeclared
 * parameters are dropped), an urlencoded form body (pages), a JSON object
 * body (API; empty: no fields). Each starts req->raw/in/errors and the
 * error slot afresh, then validates against req->route's inputs as
 * input_parse() does; req needs an arena, a route, and api and method
 * set. 0, or a status (400/413/422) with the slot set; what they fill
 * belongs to req. */
int input_parse_query_string(struct req *req, const char *data, size_t len);
int input_parse_form(struct req *req, const char *data, size_t len);
int input_parse_json(struct req *req, const char *data, size_t len);

/* multipart/form-data (src/http/multipart.c), for file uploads. One part
 * as multipart_parse() hands it on: pointers into the body, not
 * NUL-terminated, valid while the body is. */
struct multipart_part {
    const char *name;       /* the field name */
    size_t name_len;
    const char *filename;   /* the file name as sent, when has_filename */
    size_t filename_len;
    bool has_filename;      /* a file part (filename="..." given, maybe empty) */
    const char *type;       /* its Content-Type, or NULL */
    size_t type_len;
    const char *data;       /* its bytes */
    size_t data_len;
};
/* Called for each part in order; 0 goes on, -1 stops the parse (which
 * then fails). */
typedef int (*multipart_fn)(void *ctx, const struct multipart_part *part);
/* The boundary parameter of a multipart/form-data Content-Type into out
 * (at most 70 characters, NUL-terminated). 0, or -1 when the type is not
 * multipart/form-data or has no usable boundary. */
int multipart_boundary(const char *content_type, char *out, size_t outsz);
/* Splits the len bytes of body at boundary and calls fn for every part.
 * 0, or -1 for a body that is not well-formed multipart (or that fn
 * refused). Allocates nothing. */
int multipart_parse(const char *body, size_t len, const char *boundary, multipart_fn fn,
                    void *ctx);

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
    size_t body_limit;         /* bytes: no route accepts more */
    bool strict_templates;     /* tests: template and view mistakes are errors */
    const char *datadir;       /* templates/, static/, migrations/ */
    unsigned max_conns_per_ip; /* connections from one address (0: no limit) */
    unsigned conn_timeout;     /* seconds a connection may sit idle */
    const char **trusted_proxies; /* exact addresses whose X-Forwarded-For counts */
    size_t ntrusted_proxies;   /* how many */
};

/* Global, read-only after start-up. */
extern struct server_opts server;

/* Runs the server until SIGINT/SIGTERM; 0 on a clean shutdown. */
int http_serve(const struct server_opts *opts);

/* ---- Streamed responses (stream.c): a body made piece by piece while it
 * is sent (chunked, no Content-Length), for long lists and exports. ---- */
struct buf;
struct MHD_Response;
/* Appends the next piece of a streamed body to out: 1 when more follows,
 * 0 when this was the last piece, -1 on failure (the connection is cut,
 * so the client sees an incomplete body). Called on the pool thread, with
 * no request, arena or database of the request: ctx has all it needs. */
typedef int (*stream_fill_fn)(void *ctx, struct buf *out);
/* Makes the answer to req a stream of content_type filled by fill(ctx):
 * ctx (malloc'd, with what it needs copied, no arena memory) is taken
 * over and freed with release(ctx) when the response is done or never
 * sent. The handler then returns 200; a status >= 400 sends the usual
 * error instead. 0. */
int req_stream(struct req *req, const char *content_type, stream_fill_fn fill,
               void (*release)(void *ctx), void *ctx);
/* The server's side: the libmicrohttpd response for req's stream (which
 * it takes over), or NULL when req has none or it cannot be made. */
struct MHD_Response *http_stream_response(struct req *req);

#endif
