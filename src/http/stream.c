/*
 * stream: responses whose body is made while it is sent — a handler hands
 * over a fill function and its context (req_stream), and libmicrohttpd
 * calls back for each block (MHD_create_response_from_callback), so a long
 * export costs one block of memory, not the whole body. The fill function
 * runs after the handler has returned, on the pool thread, outside the
 * request: it must not touch the request, its arena or its database
 * connection (a cursor with a connection of its own, db_cursor_open, is
 * the way to read rows). This module decides nothing about what is sent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "http.h"
#include "util.h"

/* Bytes libmicrohttpd asks for at most per call. */
#define STREAM_BLOCK (32 * 1024)

struct stream {
    stream_fill_fn fill;       /* makes the next piece */
    void (*release)(void *);   /* frees ctx */
    void *ctx;                 /* the handler's state (malloc'd) */
    struct buf pending;        /* made but not yet sent */
    size_t sent;               /* bytes of pending already handed out */
    bool last;                 /* fill said no more follows */
    bool failed;               /* fill failed: cut the connection */
};

/* Frees a stream and its context. */
static void stream_free(void *p)
{
    struct stream *s = p;
    if (!s) {
        return;
    }
    if (s->release) {
        s->release(s->ctx);
    }
    buf_free(&s->pending);
    free(s);
}

/* Arena cleanup: a stream the server never sent is freed with the
 * request. */
static void stream_drop(void *p)
{
    struct req *req = p;
    stream_free(req->stream);
    req->stream = NULL;
}

int req_stream(struct req *req, const char *content_type, stream_fill_fn fill,
               void (*release)(void *ctx), void *ctx)
{
    if (req->stream) {
        stream_drop(req);
    } else {
        req_defer(req, stream_drop, req);
    }
    struct stream *s = xcalloc(1, sizeof *s);
    s->fill = fill;
    s->release = release;
    s->ctx = ctx;
    req->stream = s;
    req->content_type = content_type;
    return 0;
}

/* libmicrohttpd's reader: copies up to max bytes of the body at pos into
 * out, asking fill for more as the pending piece runs out. */
static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
    (void)pos;
    struct stream *s = cls;
    while (s->sent == s->pending.len && !s->last && !s->failed) {
        buf_reset(&s->pending);
        s->sent = 0;
        int rc = s->fill(s->ctx, &s->pending);
        s->last = rc == 0;
        s->failed = rc < 0;
    }
    if (s->failed) {
        fprintf(stderr, "klikd: a streamed answer failed; the connection is cut\n");
        return MHD_CONTENT_READER_END_WITH_ERROR;
    }
    size_t left = s->pending.len - s->sent;
    if (left == 0) {
        return MHD_CONTENT_READER_END_OF_STREAM;
    }
    size_t n = left < max ? left : max;
    memcpy(out, s->pending.data + s->sent, n);
    s->sent += n;
    return (ssize_t)n;
}

struct MHD_Response *http_stream_response(struct req *req)
{
    struct stream *s = req->stream;
    if (!s) {
        return NULL;
    }
    struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK,
                                                               stream_read, s, stream_free);
    if (r) {
        req->stream = NULL; /* the response owns it now */
    }
    return r;
}
