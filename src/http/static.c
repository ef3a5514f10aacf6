/*
 * static: the stylesheet, script and icons under static/, read into memory
 * once at start-up and served with an ETag and a cache lifetime. Only
 * files that were there at start-up exist; a name is looked up, never
 * joined into a path, so no request can reach outside the directory. The
 * answer is the same for everyone: it reads nothing of the caller (no
 * cookie, no user), ignores the query string (cache busters such as
 * ?v=2), and carries its own Cache-Control, the only one it gets.
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

/* The Content-Type of a file name by its extension (static), or NULL for
 * a file that is not served. */
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

/* Reads every servable file of <datadir>/static into the table; -1 (after
 * a message) when the directory or a file cannot be read. */
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

/* Frees the table. */
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

/* Whether an If-None-Match header value names etag: "*", or one entry of
 * its comma-separated list, weak ("W/...") or strong. */
static bool etag_matches(const char *inm, const char *etag)
{
    size_t n = strlen(etag);
    for (const char *p = inm; *p;) {
        p += strspn(p, " \t,");
        if (*p == '*') {
            return true;
        }
        if (p[0] == 'W' && p[1] == '/') {
            p += 2;
        }
        if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' ')) {
            return true;
        }
        p += strcspn(p, ",");
    }
    return false;
}

/* GET /static/{name}: the file with its ETag and a public cache lifetime,
 * 304 when If-None-Match names its ETag, 404 for an unknown name. The
 * data is borrowed from the table loaded at start-up. */
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
        if (inm && etag_matches(inm, f->etag)) {
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
