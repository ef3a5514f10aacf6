/*
 * server: the libmicrohttpd daemon — a thread pool over epoll, a listening
 * socket of our own (so port 0 works and the real port can be printed),
 * body limits enforced as the body arrives (in one buffer that doubles, so
 * a body costs its size however it is cut up), a per-address connection
 * limit and an idle timeout, the client address (X-Forwarded-For only from
 * a --trusted-proxy peer), TLS when asked, one SQLite connection per pool
 * thread, an access-log line per request and a graceful shutdown on
 * SIGINT/SIGTERM. It turns each request into a struct req for the router
 * and the router's answer into a response; it decides nothing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http.h"
#include "md.h"
#include "tpl.h"
#include "util.h"

struct server_opts server;

/* Worker threads for password KDFs (offload.c): at most this many run at
 * once, each with scrypt's 32 MiB, whatever the pool size. */
#define KDF_WORKERS 2

static struct tpl_set *templates;
static time_t boot_time;

/* Every thread's connection, so shutdown can close them. */
static pthread_mutex_t dbs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db **dbs;
static size_t ndbs;
static _Thread_local struct db *thread_db_conn;

/* This pool thread's database connection, opened on first use. */
static struct db *thread_db(void)
{
    if (thread_db_conn) {
        return thread_db_conn;
    }
    char *err = NULL;
    struct db *db = db_open(server.db_path, &err);
    if (!db) {
        fprintf(stderr, "klikd: %s\n", err);
        free(err);
        return NULL;
    }
    pthread_mutex_lock(&dbs_lock);
    dbs = xrealloc(dbs, (ndbs + 1) * sizeof *dbs);
    dbs[ndbs++] = db;
    pthread_mutex_unlock(&dbs_lock);
    thread_db_conn = db;
    return db;
}

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int parse_method(const char *m)
{
    static const struct {
        const char *name;
        int method;
    } methods[] = {{"GET", HTTP_GET},     {"HEAD", HTTP_HEAD},     {"POST", HTTP_POST},
                   {"PUT", HTTP_PUT},     {"PATCH", HTTP_PATCH},   {"DELETE", HTTP_DELETE},
                   {"OPTIONS", HTTP_OPTIONS}};
    for (size_t i = 0; i < NELEM(methods); i++) {
        if (strcmp(m, methods[i].name) == 0) {
            return methods[i].method;
        }
    }
    return 0;
}

/* A fresh request for the first callback of a connection's request. */
static struct req *req_new(struct MHD_Connection *conn, const char *url, const char *method)
{
    struct arena *a = arena_new();
    struct req *req = arena_alloc(a, sizeof *req);
    memset(req, 0, sizeof *req);
    req->arena = a;
    req->conn = conn;
    req->started_us = mono_us();
    req->tpl_set = templates;
    req->method_name = arena_strdup(a, method);
    req->method = parse_method(method);
    req->path = arena_strdup(a, url);
    req->api = str_starts(url, "/api/");
    req->secure = server.tls_cert != NULL || server.behind_https_proxy;
    static _Atomic uint64_t seq;
    snprintf(req->id, sizeof req->id, "%08x%08x", (unsigned)boot_time,
             (unsigned)(seq++ & 0xffffffffu));
    req->client_addr = http_client_addr(req);
    return req;
}

/* Adds the headers every response carries. */
static void security_headers(struct MHD_Response *r, const struct req *req)
{
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'none'; script-src 'self'; style-src 'self'; "
                            "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                            "frame-ancestors 'none'; base-uri 'none'");
    if (req->secure) {
        MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
    }
    MHD_add_response_header(r, "X-Request-Id", req->id);
}

/* The path as the access log shows it: a {token} parameter (a reset or
 * confirmation link, a calendar feed: secrets) as "{token}", control
 * characters, spaces, backslashes and bytes that are not UTF-8
 * percent-encoded, so one request is always one line (arena). */
static const char *log_path(struct req *req)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *p = req->path;
    const char *token = req->route ? req_param(req, "token") : NULL;
    const char *at = token && *token ? strstr(p, token) : NULL;
    if (at) {
        p = arena_printf(req->arena, "%.*s{token}%s", (int)(at - p), p, at + strlen(token));
    }
    size_t n = strlen(p);
    char *out = arena_alloc(req->arena, 3 * n + 1), *o = out;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_decode(p + i, n - i, &cp);
        if (k == 0 || cp < 0x21 || cp == 0x7f || cp == '\\' || (cp >= 0x80 && cp < 0xa0)) {
            size_t bad = k ? k : 1;
            for (size_t j = 0; j < bad; j++) {
                unsigned char c = (unsigned char)p[i + j];
                *o++ = '%', *o++ = hex[c >> 4], *o++ = hex[c & 15];
            }
            i += bad;
            continue;
        }
        memcpy(o, p + i, k);
        o += k, i += k;
    }
    *o = '\0';
    return out;
}

/* One access-log line: time, peer, method, path, status, bytes, time taken,
 * user and request id; " aborted" when the request never got an answer. */
static void access_log(struct req *req, bool aborted)
{
    char now[21];
    now_iso(now);
    double ms = (double)(mono_us() - req->started_us) / 1000.0;
    printf("%s %s %s %s %d %zu %.2fms user=%lld req=%s%s\n", now, req->client_addr,
           req->method ? req->method_name : "-", log_path(req), req->status, req->out_len, ms,
           req->user ? (long long)req->user->id : 0LL, req->id, aborted ? " aborted" : "");
    req->logged = true;
}

/* Routes, renders and queues the answer to a complete request. */
static enum MHD_Result respond(struct req *req)
{
    struct arena *prev = arena_set_current(req->arena);
    md_trust_reset(); /* trusted HTML is per request: forget any earlier request's */
    req->db = thread_db();
    if (!req->db) {
        req->status = req_fail(req, 500, NULL, "Databasen kan ikke åbnes");
    } else {
        db_clear(req->db); /* an error latched by an earlier request is not this one's */
        route_dispatch(req);
    }
    if (req->suspended) {
        req->suspended = false; /* suspend first: the worker resumes */
        MHD_suspend_connection(req->conn);
        offload_submit(req);
        arena_set_current(prev);
        return MHD_YES;
    }
    struct render_out out = {0};
    struct MHD_Response *r = NULL;
    if (req->stream && req->status == 200) { /* a streamed body (stream.c) */
        r = http_stream_response(req);
        out.content_type = req->content_type;
    } else {
        render_response(req, &out);
        r = MHD_create_response_from_buffer_with_free_callback(out.len, out.data, free);
    }
    md_trust_reset(); /* the view is rendered; its trusted values go with the arena */
    if (!r) {
        free(out.data);
        arena_set_current(prev);
        return MHD_NO;
    }
    security_headers(r, req);
    if (out.content_type) {
        MHD_add_response_header(r, "Content-Type", out.content_type);
    }
    bool own_cache = false;
    for (struct hdr *h = req->headers; h; h = h->next) {
        MHD_add_response_header(r, h->name, h->value);
        own_cache = own_cache || strcasecmp(h->name, "Cache-Control") == 0;
    }
    if (!own_cache && (req->no_store || req->user)) {
        MHD_add_response_header(r, "Cache-Control", "no-store");
    }
    enum MHD_Result ret = MHD_queue_response(req->conn, (unsigned)req->status, r);
    MHD_destroy_response(r);
    req->out_len = out.len;
    if (ret == MHD_YES) {
        access_log(req, false); /* in the order answers are given */
    }
    arena_set_current(prev);
    return ret;
}

/* Bytes of a chunked body past its limit that are read and dropped so the
 * client still gets its 413; past this the connection is closed. */
#define BODY_DRAIN_MAX (64 * 1024)
/* The most allocated for a body before its bytes arrive. */
#define BODY_FIRST_MAX (1024 * 1024)

/* What libmicrohttpd keeps for a request between callbacks (in the
 * request's arena): the request and its body as it arrives. */
struct pending {
    struct req *req;  /* the request */
    size_t limit;     /* largest body accepted: min(route's, global) */
    size_t cap;       /* bytes allocated at req->body (malloc'd, with room for a NUL) */
    size_t drained;   /* bytes dropped after the body passed the limit */
};

/* Arena cleanup: frees the malloc'd body of the request behind p. */
static void body_free(void *p)
{
    struct pending *pd = p;
    free(pd->req->body);
    pd->req->body = NULL;
}

/* Appends n bytes to the body, doubling its buffer as needed (so a body
 * costs O(size) however it is cut up). Returns false, keeping nothing,
 * when the body would pass the limit. */
static bool body_append(struct pending *pd, const char *data, size_t n)
{
    struct req *req = pd->req;
    if (n > pd->limit - req->body_len) {
        free(req->body);
        req->body = NULL;
        req->body_len = pd->cap = 0;
        return false;
    }
    size_t need = req->body_len + n + 1;
    if (need > pd->cap) {
        size_t cap = pd->cap ? pd->cap : 16384;
        while (cap < need) {
            cap *= 2;
        }
        pd->cap = cap < pd->limit + 1 ? cap : pd->limit + 1;
        req->body = xrealloc(req->body, pd->cap);
    }
    memcpy(req->body + req->body_len, data, n);
    req->body_len += n;
    req->body[req->body_len] = '\0';
    return true;
}

/* The first callback: a new request with its headers. Finds the body
 * limit and answers 413 at once when Content-Length passes it —
 * libmicrohttpd then discards the body and closes the connection. */
static enum MHD_Result on_headers(struct MHD_Connection *conn, const char *url,
                                  const char *method, void **con_cls)
{
    struct req *req = req_new(conn, url, method);
    struct pending *pd = arena_alloc(req->arena, sizeof *pd);
    *pd = (struct pending){.req = req};
    *con_cls = pd;
    arena_defer(req->arena, body_free, pd);
    route_find(req);
    if (!req->route) {
        return respond(req); /* 404 or 405 at once: the body is never read */
    }
    size_t route_max = route_body_max(req);
    pd->limit = route_max < server.body_limit ? route_max : server.body_limit;
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    unsigned long long len = cl ? strtoull(cl, NULL, 10) : 0;
    if (len > pd->limit) {
        req->body_too_large = true;
        return respond(req); /* answer 413 before reading the body */
    }
    if (len) {
        /* One allocation for a declared length up to 1 MiB; a longer one
         * grows as it arrives, so a promise alone reserves little. */
        pd->cap = len < BODY_FIRST_MAX ? (size_t)len + 1 : BODY_FIRST_MAX;
        req->body = xmalloc(pd->cap);
    }
    return MHD_YES;
}

/* libmicrohttpd's access handler: called first with the headers, then with
 * each piece of the body, then once more with nothing to say "complete".
 * A body without Content-Length (chunked) that passes the limit is dropped;
 * if it ends within BODY_DRAIN_MAX more bytes it gets its 413, otherwise the
 * connection is closed: libmicrohttpd 0.9.75 refuses a response queued
 * while the body is being read, and reading on only to say 413 would let
 * any client make the server read without end. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)cls;
    (void)version;
    struct pending *pd = *con_cls;
    if (!pd) {
        return on_headers(conn, url, method, con_cls);
    }
    struct req *req = pd->req;
    if (*upload_data_size) {
        if (req->body_too_large || !body_append(pd, upload_data, *upload_data_size)) {
            req->body_too_large = true;
            pd->drained += *upload_data_size;
            if (pd->drained > BODY_DRAIN_MAX) {
                req->status = 413; /* logged as "413 ... aborted" */
                return MHD_NO;
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (req->status) {
        return MHD_YES; /* already answered (early 413) */
    }
    return respond(req);
}

/* Completion: the request's memory goes, the body with it (and a request
 * that never got an answer is logged as aborted). */
static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    struct pending *pd = *con_cls;
    if (!pd) {
        return;
    }
    if (!pd->req->logged) {
        access_log(pd->req, true);
    }
    arena_free(pd->req->arena);
    *con_cls = NULL;
}

/* Binds and listens on HOST:PORT; returns the socket or -1. Prints the
 * URL with the real port. */
static int listen_on(const char *listen_spec)
{
    char *spec = xstrdup(listen_spec);
    char *colon = strrchr(spec, ':');
    if (!colon) {
        fprintf(stderr, "klikd: --listen wants HOST:PORT, got %s\n", listen_spec);
        free(spec);
        return -1;
    }
    *colon = '\0';
    char *host = spec;
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {
        host[strlen(host) - 1] = '\0';
        host++;
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *ai = NULL;
    int rc = getaddrinfo(*host ? host : NULL, colon + 1, &hints, &ai);
    if (rc != 0) {
        fprintf(stderr, "klikd: cannot resolve %s: %s\n", listen_spec, gai_strerror(rc));
        free(spec);
        return -1;
    }
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    }
    if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 512) < 0) {
        fprintf(stderr, "klikd: cannot listen on %s: %s\n", listen_spec, strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        freeaddrinfo(ai);
        free(spec);
        return -1;
    }
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &sl);
    int port = ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
                                             : ((struct sockaddr_in6 *)&ss)->sin6_port);
    const char *fmt = ai->ai_family == AF_INET6 ? "%s://[%s]:%d/\n" : "%s://%s:%d/\n";
    printf("klikd: listening on ");
    printf(fmt, server.tls_cert ? "https" : "http", *host ? host : "0.0.0.0", port);
    fflush(stdout);
    freeaddrinfo(ai);
    free(spec);
    return fd;
}

/* Reads a PEM file for TLS (caller frees). */
static char *read_pem(const char *path)
{
    char *pem = file_read(path, NULL);
    if (!pem) {
        fprintf(stderr, "klikd: cannot read %s: %s\n", path, strerror(errno));
    }
    return pem;
}

/* Runs the server (see http.h); 1 on a start-up failure. */
/* Loads the templates and static files the server answers with. */
static int load_files(void)
{
    char *err = NULL;
    char *tdir = xasprintf("%s/templates", server.datadir);
    db_set_html_hook(md_trusted_stored); /* stored Markdown HTML is trusted */
    templates = tpl_load(tdir, &err);
    free(tdir);
    if (!templates) {
        fprintf(stderr, "klikd: templates: %s\n", err);
        free(err);
        return -1;
    }
    tpl_set_strict(templates, server.strict_templates);
    return http_static_load(server.datadir);
}

/* Closes every thread's database connection. */
static void close_dbs(void)
{
    pthread_mutex_lock(&dbs_lock);
    for (size_t i = 0; i < ndbs; i++) {
        db_close(dbs[i]);
    }
    free(dbs);
    dbs = NULL;
    ndbs = 0;
    pthread_mutex_unlock(&dbs_lock);
}

int http_serve(const struct server_opts *opts)
{
    server = *opts;
    if (load_files() < 0) {
        return 1;
    }
    boot_time = time(NULL);
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    int fd = listen_on(server.listen);
    if (fd < 0) {
        return 1;
    }
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC |
                     MHD_ALLOW_SUSPEND_RESUME;
    char *cert = NULL, *key = NULL;
    if (server.tls_cert) {
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            fprintf(stderr, "klikd: this libmicrohttpd has no TLS support\n");
            return 1;
        }
        cert = read_pem(server.tls_cert);
        key = read_pem(server.tls_key);
        if (!cert || !key) {
            return 1;
        }
        flags |= MHD_USE_TLS;
    }
    if (offload_start(KDF_WORKERS) < 0) {
        fprintf(stderr, "klikd: cannot start the worker threads\n");
        return 1;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_THREAD_POOL_SIZE, server.threads, MHD_OPTION_CONNECTION_TIMEOUT,
        server.conn_timeout, MHD_OPTION_PER_IP_CONNECTION_LIMIT, server.max_conns_per_ip,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)1024,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, NULL, cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
        MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_END);
    int rc = 1;
    if (!d) {
        fprintf(stderr, "klikd: cannot start the HTTP server\n");
        offload_stop();
    } else {
        int sig = 0;
        sigwait(&sigs, &sig);
        printf("klikd: %s received, shutting down\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
        fflush(stdout);
        MHD_quiesce_daemon(d);
        offload_stop(); /* finishes queued steps, resuming their connections */
        MHD_stop_daemon(d);
        close_dbs();
        http_static_free();
        tpl_free(templates);
        rc = 0;
    }
    close(fd);
    free(cert);
    free(key);
    return rc;
}
