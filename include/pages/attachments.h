/*
 * pages/attachments: files on a municipality's tasks — list, upload,
 * download, removal — and the allow-list of their types.
 */
#ifndef KLIKD_PAGES_ATTACHMENTS_H
#define KLIKD_PAGES_ATTACHMENTS_H

#include "http.h"

/* The largest file a task takes. */
#define ATTACH_MAX ((size_t)5 * 1024 * 1024)
/* The route's body limit: the file and its multipart wrapping. */
#define ATTACH_BODY_MAX (ATTACH_MAX + KIB(64))

int page_attachments_index(struct req *req);
int page_attachments_create(struct req *req);
/* Resource: the attachment {id} in the caller's read scope, with its
 * task's project and organisation. */
int page_attachment_resource(struct req *req);
int page_attachment_download(struct req *req);
int page_attachment_delete(struct req *req);
/* The type a file of that name and content is stored as, decided from
 * its first bytes (and for zip and text, the name's extension): one of
 * PDF, PNG, JPEG, DOCX, XLSX, plain text or CSV (static), or NULL when
 * it is none of them. */
const char *page_attach_type(const char *name, const char *data, size_t n);

#endif
