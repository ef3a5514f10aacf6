/*
 * load: a small HTTP/1.1 load generator for `make bench`. N threads each
 * keep one connection alive and send the same GET for a number of seconds;
 * it prints requests per second and the mean latency. Only measures —
 * nothing here is part of klikd.
 *
 *   load HOST PORT PATH SECONDS THREADS [HEADER...]
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static char request[8192];
static struct sockaddr_in addr;
static double seconds;

struct worker {
    pthread_t thread;
    long done;      /* responses read */
    long errors;    /* non-2xx or broken connections */
    double busy;    /* seconds spent waiting for responses */
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int connect_once(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Reads one response; returns its status or -1. */
static int read_response(int fd, char *buf, size_t cap)
{
    size_t have = 0;
    char *end = NULL;
    while (!end) {
        ssize_t n = read(fd, buf + have, cap - have - 1);
        if (n <= 0) {
            return -1;
        }
        have += (size_t)n;
        buf[have] = '\0';
        end = strstr(buf, "\r\n\r\n");
    }
    int status = atoi(buf + 9);
    char *cl = strcasestr(buf, "\r\nContent-Length:");
    size_t body = cl ? (size_t)atol(cl + 17) : 0;
    size_t got = have - (size_t)(end + 4 - buf);
    while (got < body) {
        ssize_t n = read(fd, buf, cap - 1 < body - got ? cap - 1 : body - got);
        if (n <= 0) {
            return -1;
        }
        got += (size_t)n;
    }
    return status;
}

static void *run(void *arg)
{
    struct worker *w = arg;
    char *buf = malloc(1 << 20);
    size_t len = strlen(request);
    int fd = connect_once();
    double stop = now() + seconds;
    while (fd >= 0 && now() < stop) {
        double t0 = now();
        if (write(fd, request, len) != (ssize_t)len) {
            w->errors++;
            close(fd);
            fd = connect_once();
            continue;
        }
        int status = read_response(fd, buf, 1 << 20);
        w->busy += now() - t0;
        if (status < 200 || status > 299) {
            w->errors++;
            close(fd);
            fd = connect_once();
            continue;
        }
        w->done++;
    }
    if (fd >= 0) {
        close(fd);
    }
    free(buf);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: load HOST PORT PATH SECONDS THREADS [HEADER...]\n");
        return 2;
    }
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(argv[2]));
    inet_pton(AF_INET, argv[1], &addr.sin_addr);
    seconds = atof(argv[4]);
    int threads = atoi(argv[5]);
    int n = snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: %s\r\n", argv[3], argv[1]);
    for (int i = 6; i < argc; i++) {
        n += snprintf(request + n, sizeof request - (size_t)n, "%s\r\n", argv[i]);
    }
    snprintf(request + n, sizeof request - (size_t)n, "\r\n");
    struct worker *w = calloc((size_t)threads, sizeof *w);
    double t0 = now();
    for (int i = 0; i < threads; i++) {
        pthread_create(&w[i].thread, NULL, run, &w[i]);
    }
    long done = 0, errors = 0;
    double busy = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(w[i].thread, NULL);
        done += w[i].done;
        errors += w[i].errors;
        busy += w[i].busy;
    }
    double elapsed = now() - t0;
    printf("%.0f %.3f %ld\n", (double)done / elapsed, done ? busy / (double)done * 1000 : 0,
           errors);
    free(w);
    return 0;
}
