/* roles: a fixture page group; it reaches the database only through the model. */
#include "model.h"
#include "pages.h"

/* Deletes the role of the request (fixture: id 1); returns an HTTP status. */
int page_roles_delete(struct req *req)
{
    (void)req;
    return role_delete(0, 1) == 0 ? 303 : 500;
}
