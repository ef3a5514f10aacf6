/*
 * static: the stylesheet, script and icons under static/, read into memory
 * once at start-up and served with an ETag and a cache lifetime. Only
 * files that were there at start-up exist; a name is looked up, never
 * joined into a path, so no request can reach outside the directory.
 */
#include <dirent.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "util.h"

struct static_file {
    char *name;          /* "klikd.css" */
    char *data;          /* contents */
    size_t len;
    const char *type;    /* Content-Type */
    char etag[20];       /* "\"<hash>\"" */
};

static struct static_file *files;
static size_t nfiles;

static const char *type_of(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {{".css", "text/css; charset=utf-8"},
                 {".js", "text/javascript; charset=utf-8"},
                 {".svg", "image/svg+xml"},
                 {".png", "image/png"},
                 {".ico", "image/x-icon"},
                 {".txt", "text/plain; charset=utf-8"}};
    for (size_t i = 0; i < NELEM(types); i++) {
        if (str_ends(name, types[i].ext)) {
            return types[i].type;
        }
    }
    return NULL;
}

/* FNV-1a, enough to tell versions of a file apart. */
static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    }
    return h;
}

int http_static_load(const char *datadir)
{
    char *dir = xasprintf("%s/static", datadir);
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "klikd: cannot open %s\n", dir);
        free(dir);
        return -1;
    }
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d))) {
        const char *type = type_of(e->d_name);
        if (e->d_name[0] == '.' || !type) {
            continue;
        }
        char *path = xasprintf("%s/%s", dir, e->d_name);
        size_t len;
        char *data = file_read(path, &len);
        free(path);
        if (!data) {
            rc = -1;
            break;
        }
        files = xrealloc(files, (nfiles + 1) * sizeof *files);
        struct static_file *f = &files[nfiles++];
        f->name = xstrdup(e->d_name);
        f->data = data;
        f->len = len;
        f->type = type;
        snprintf(f->etag, sizeof f->etag, "\"%016llx\"",
                 (unsigned long long)fnv(data, len) & 0xffffffffffffffull);
    }
    closedir(d);
    free(dir);
    return rc;
}

void http_static_free(void)
{
    for (size_t i = 0; i < nfiles; i++) {
        free(files[i].name);
        free(files[i].data);
    }
    free(files);
    files = NULL;
    nfiles = 0;
}

/* GET /static/{name} */
int http_static(struct req *req)
{
    const char *name = req_param(req, "name");
    for (size_t i = 0; name && i < nfiles; i++) {
        struct static_file *f = &files[i];
        if (strcmp(f->name, name) != 0) {
            continue;
        }
        req_header(req, "ETag", f->etag);
        req_header(req, "Cache-Control", "public, max-age=3600");
        const char *inm =
            MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "If-None-Match");
        if (inm && strcmp(inm, f->etag) == 0) {
            req->raw_body = "";
            req->raw_len = 0;
            return 304;
        }
        req->raw_body = f->data;
        req->raw_len = f->len;
        req->content_type = f->type;
        return 200;
    }
    return req_fail(req, 404, NULL, "Filen findes ikke");
}
