/* drop: a bad fixture page that frees memory itself and branches on the API. */
#include <stdlib.h>

#include "pages.h"

/* Frees a buffer, which a handler never does. */
int page_drop_it(struct req *req, char *buf)
{
    free(buf);
    return req->api ? 204 : 303;
}
