/*
 * offload: a few worker threads for the slow, CPU-bound steps of a
 * request (the password KDF), so that a libmicrohttpd pool thread never
 * computes one: the handler hands the step over with req_offload(), the
 * server suspends the connection and goes on serving the thread's other
 * connections, a worker runs the step and resumes the connection, and the
 * handler is called again to finish. A step runs without a database, a
 * request arena or Jansson: it reads and writes only the job it is given.
 */
#include <microhttpd.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "http.h"
#include "util.h"

#define OFFLOAD_MAX_WORKERS 8

/* The queue of suspended requests waiting for a worker. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct req **items;     /* ring buffer */
    size_t cap, head, n;    /* its size, first item, items queued */
    bool stopping;          /* workers finish the queue and stop */
    pthread_t workers[OFFLOAD_MAX_WORKERS];
    unsigned nworkers;
} q = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};

/* A worker: runs queued steps until stopped and the queue is empty. */
static void *worker(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&q.lock);
    for (;;) {
        while (!q.n && !q.stopping) {
            pthread_cond_wait(&q.wake, &q.lock);
        }
        if (!q.n) {
            break;
        }
        struct req *req = q.items[q.head];
        q.head = (q.head + 1) % q.cap;
        q.n--;
        pthread_mutex_unlock(&q.lock);
        req->job_fn(req->job);
        req->job_done = true;
        MHD_resume_connection(req->conn);
        pthread_mutex_lock(&q.lock);
    }
    pthread_mutex_unlock(&q.lock);
    return NULL;
}

int offload_start(unsigned nworkers)
{
    q.stopping = false;
    q.nworkers = 0;
    for (unsigned i = 0; i < nworkers && i < OFFLOAD_MAX_WORKERS; i++) {
        if (pthread_create(&q.workers[i], NULL, worker, NULL) != 0) {
            offload_stop();
            return -1;
        }
        q.nworkers++;
    }
    return 0;
}

void offload_stop(void)
{
    pthread_mutex_lock(&q.lock);
    q.stopping = true;
    pthread_cond_broadcast(&q.wake);
    pthread_mutex_unlock(&q.lock);
    for (unsigned i = 0; i < q.nworkers; i++) {
        pthread_join(q.workers[i], NULL);
    }
    q.nworkers = 0;
    free(q.items);
    q.items = NULL;
    q.cap = q.head = q.n = 0;
}

void offload_submit(struct req *req)
{
    pthread_mutex_lock(&q.lock);
    if (q.n == q.cap) {
        size_t cap = q.cap ? q.cap * 2 : 64;
        struct req **items = xmalloc(cap * sizeof *items);
        for (size_t i = 0; i < q.n; i++) {
            items[i] = q.items[(q.head + i) % q.cap];
        }
        free(q.items);
        q.items = items;
        q.cap = cap;
        q.head = 0;
    }
    q.items[(q.head + q.n) % q.cap] = req;
    q.n++;
    pthread_cond_signal(&q.wake);
    pthread_mutex_unlock(&q.lock);
}

int req_offload(struct req *req, void (*fn)(void *job), void *job)
{
    req->job_fn = fn;
    req->job = job;
    req->job_done = false;
    return REQ_SUSPENDED;
}
