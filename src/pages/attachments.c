/*
 * attachments: files on a municipality's tasks — listed with the task,
 * uploaded by PLUS users of its project (a multipart/form-data form or
 * API call with a "file" part, at most ATTACH_MAX bytes), downloaded by
 * whoever reads the task, and removed by PLUS users. Only an allow-list
 * of types is stored, decided from the file's own first bytes (and, for
 * the zip-based Office formats and text, its name's extension), never
 * from the type the client claims; a download is always an attachment
 * (Content-Disposition) of the stored type, and the server's nosniff
 * header keeps browsers from guessing another. Another municipality's
 * file is not found.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "model/attachment.h"
#include "model/common.h"
#include "pages/attachments.h"
#include "pages/common.h"
#include "tpl.h"
#include "util.h"

/* One allowed type: its magic bytes (NULL: text), and the extension it
 * needs (NULL: any). */
struct file_type {
    const char *magic;
    size_t magic_len;
    const char *ext;
    const char *type;
};

static const struct file_type allowed[] = {
    {"%PDF-", 5, NULL, "application/pdf"},
    {"\x89PNG\r\n\x1a\n", 8, NULL, "image/png"},
    {"\xFF\xD8\xFF", 3, NULL, "image/jpeg"},
    {"PK\x03\x04", 4, ".docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"PK\x03\x04", 4, ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {NULL, 0, ".txt", "text/plain; charset=utf-8"},
    {NULL, 0, ".csv", "text/csv; charset=utf-8"},
};

/* Whether name ends in ext, ignoring ASCII case. */
static bool has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && str_eq_nocase(name + n - e, ext);
}

/* Whether the n bytes at p are text: UTF-8 without NUL or control
 * characters other than tab, CR and LF. */
static bool is_text(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) {
            return false;
        }
    }
    return utf8_valid(p, n);
}

const char *page_attach_type(const char *name, const char *data, size_t n)
{
    for (size_t i = 0; i < NELEM(allowed); i++) {
        const struct file_type *t = &allowed[i];
        bool magic = t->magic ? n >= t->magic_len && memcmp(data, t->magic, t->magic_len) == 0
                              : is_text(data, n);
        if (magic && (!t->ext || has_ext(name, t->ext))) {
            return t->type;
        }
    }
    return NULL;
}

/* The file name to keep (arena): the part after any path, without
 * control characters or quotes, at most 200 bytes cut at a character;
 * NULL when nothing is left. */
static const char *clean_name(struct req *req, const char *sent)
{
    const char *base = sent;
    for (const char *p = sent; *p; p++) {
        if (*p == '/' || *p == '\\') {
            base = p + 1;
        }
    }
    struct buf b = {0};
    for (const char *p = base; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != 0x7f && c != '"') {
            buf_putc(&b, (char)c);
        }
    }
    size_t n = b.len;
    while (n > 200 || (n > 0 && ((unsigned char)buf_str(&b)[n] & 0xC0) == 0x80)) {
        n--;
    }
    const char *out = n ? arena_strndup(req->arena, buf_str(&b), n) : NULL;
    buf_free(&b);
    return out;
}

/* GET /api/v1/tasks/{id}/attachments: the task's files. */
int page_attachments_index(struct req *req)
{
    json_t *list = attach_list(req->db, req->res.id);
    if (!list) {
        return req_internal(req, "attachments");
    }
    json_object_set_new(req_view(req), "attachments", list);
    return 200;
}

/* POST /opgaver/{id}/bilag, /api/v1/tasks/{id}/attachments: stores the
 * file part "file" on the task the router looked up. 413 for a file over
 * ATTACH_MAX, 415 for a type not allowed, 422 for an empty one. */
int page_attachments_create(struct req *req)
{
    json_t *f = req_json(req, "file");
    size_t size = (size_t)json_integer_value(json_object_get(f, "size"));
    const char *data = req->body + json_integer_value(json_object_get(f, "offset"));
    const char *name = clean_name(req, json_string_value(json_object_get(f, "filename")));
    if (size > ATTACH_MAX) {
        return req_fail(req, 413, "file", "Filen er for stor (højst 5 MiB)");
    }
    if (!name || size == 0) {
        return req_fail(req, 422, "file", "Vælg en fil med indhold og navn");
    }
    const char *type = page_attach_type(name, data, size);
    if (!type) {
        return req_fail(req, 415, "file",
                        "Filtypen er ikke tilladt: PDF, PNG, JPEG, DOCX, XLSX, TXT eller CSV");
    }
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int64_t id = attach_create(req->db, &a, req->res.org_id, req->res.id, name, type, data, size);
    if (id < 0) {
        return req_internal(req, "attachment");
    }
    int status = req_commit(req, 201);
    if (status != 201) {
        return status;
    }
    struct owner_filter own = req_write_scope(req);
    req->view = attach_get(req->db, &own, id);
    req->location = arena_printf(req->arena, "/opgaver/%lld", (long long)req->res.id);
    req->api_location = arena_printf(req->arena, "/api/v1/attachments/%lld", (long long)id);
    return req->view ? 201 : req_internal(req, "attachment");
}

int page_attachment_resource(struct req *req)
{
    struct owner_filter read = req_read_scope(req);
    json_t *row = attach_get(req->db, &read, req_param_id(req, "id"));
    if (!row) {
        return db_failed(req->db) ? -1 : 0;
    }
    req->res.id = json_integer_value(json_object_get(row, "id"));
    req->res.org_id = json_integer_value(json_object_get(row, "organisation_id"));
    req->res.project = arena_strdup(req->arena, json_string_value(json_object_get(row, "project")));
    req->res.row = row;
    return 1;
}

/* GET /bilag/{id}, /api/v1/attachments/{id}: the file itself, as an
 * attachment of its stored type. */
int page_attachment_download(struct req *req)
{
    void *data = NULL;
    size_t len = 0;
    int rc = attach_data(req->db, req->res.id, &data, &len);
    if (rc != 1) {
        return rc < 0 ? req_internal(req, "attachment data")
                      : req_fail(req, 404, NULL, "Filen findes ikke");
    }
    req_defer(req, free, data);
    json_t *row = req->res.row;
    const char *name = json_string_value(json_object_get(row, "filename"));
    struct buf ascii = {0}, enc = {0};
    for (const char *p = name; *p; p++) {
        unsigned char c = (unsigned char)*p;
        buf_putc(&ascii, c < 0x80 && c != '\\' && c != ';' ? (char)c : '_');
    }
    url_encode(&enc, name);
    req_header(req, "Content-Disposition",
               arena_printf(req->arena, "attachment; filename=\"%s\"; filename*=UTF-8''%s",
                            buf_str(&ascii), buf_str(&enc)));
    buf_free(&ascii);
    buf_free(&enc);
    req->raw_body = data;
    req->raw_len = len;
    req->content_type =
        arena_strdup(req->arena, json_string_value(json_object_get(row, "content_type")));
    req->no_store = true;
    return 200;
}

/* POST /bilag/{id}/slet, DELETE /api/v1/attachments/{id} */
int page_attachment_delete(struct req *req)
{
    int64_t task = json_integer_value(json_object_get(req->res.row, "task_id"));
    struct actor a;
    page_actor(req, &a);
    if (req_begin(req) < 0) {
        return req->status;
    }
    int rc = attach_delete(req->db, &a, req->res.org_id, req->res.id);
    if (rc <= 0) {
        return rc == 0 ? req_fail(req, 404, NULL, "Filen findes ikke")
                       : req_internal(req, "attachment delete");
    }
    req->location = arena_printf(req->arena, "/opgaver/%lld", (long long)task);
    return req_commit(req, 204);
}
